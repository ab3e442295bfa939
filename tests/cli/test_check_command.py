"""``taza check``: the stable evaluation interface, exercised through the real CLI."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli import app

RUNNER = CliRunner()

CLAUSES = [
    ("zk-39.11-6", "6. Уполномоченный орган при наличии в письменной форме согласия лица, "
     "обратившегося с заявлением об утверждении схемы расположения земельного участка, вправе "
     "утвердить иной вариант схемы расположения земельного участка."),
    ("zk-39.14-3", "3. Заявитель вправе представить документы, которые должны быть получены "
     "уполномоченным органом посредством межведомственного информационного взаимодействия."),
    ("empty", ""),
]
KEYS = {"factor", "rule_id", "start", "end", "evidence", "confidence", "explanation",
        "recommendation"}


def test_one_output_line_per_input_in_order(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                              for i, t in CLAUSES), encoding="utf-8")
    out = tmp_path / "out" / "res.jsonl"
    result = RUNNER.invoke(app, ["check", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [i for i, _ in CLAUSES]
    first = lines[0]["factors"]
    assert [f["factor"] for f in first] == ["optional_power"]
    assert set(first[0]) == KEYS
    text = CLAUSES[0][1]
    assert text[first[0]["start"]:first[0]["end"]] == first[0]["evidence"] == "вправе утвердить"
    assert lines[1]["factors"] == [] and lines[2]["factors"] == []
    assert "с факторами / with factors: 1" in result.output


def test_malformed_line_names_the_file_and_line(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": "a", "text": "орган вправе"}\n{"id": 5}\n', encoding="utf-8")
    result = RUNNER.invoke(app, ["check", str(source), "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2
    assert f"{source}:2" in result.output and "E009" in result.output


def test_help_reads_in_both_languages():
    result = RUNNER.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "антикоррупционная экспертиза" in result.output and "anti-corruption" in result.output
    for command in ("check", "analyze", "bench", "eval"):
        assert command in result.output
