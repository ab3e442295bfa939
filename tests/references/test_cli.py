"""``taza refs index | search | collisions`` and ``taza eval refs`` end to end."""
from __future__ import annotations

import json

from refs_data import BYLAW, zk_excerpt
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def test_refs_commands(tmp_path):
    db = f"sqlite:///{tmp_path}/r.sqlite"
    zk = tmp_path / "ZK-RF.txt"
    zk.write_text(zk_excerpt("39.15", "39.18"), encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(zk), "--db", db, "--export-dir",
                                 str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "ссылки и коллизии / references and collisions: проиндексировано актов 1" \
        in result.output                                   # analyze indexed the act
    result = runner.invoke(app, ["refs", "index", "--db", db])
    assert result.exit_code == 0 and "acts indexed: 0 из / of 1" in result.output
    result = runner.invoke(app, ["refs", "index", "--db", db, "--no-subjects", "--full"])
    assert result.exit_code == 0, result.output
    assert "resolved" in result.output and "федеральный закон" in result.output
    result = runner.invoke(app, ["refs", "search", "пункт 2 статьи 39.15 ЗК РФ", "--db", db])
    assert result.exit_code == 0 and "ст. 39.15 ч. 2" in result.output
    draft = tmp_path / "reglament.txt"
    draft.write_text("АДМИНИСТРАТИВНЫЙ РЕГЛАМЕНТ\n" + BYLAW, encoding="utf-8")
    out = tmp_path / "collisions.jsonl"
    result = runner.invoke(app, ["refs", "collisions", str(draft), "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "collision.bylaw.longer_deadline" in result.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["factor"] == "collision" and record["related"]


def test_eval_refs_on_a_small_gold(tmp_path):
    text = "1. Соглашение заключается органом, предусмотренным статьей 56.2 настоящего Кодекса."
    gold = {"id": "t-1", "doc": "ru-codes-legalacts-ru/ZK-RF.txt", "article": "56.10",
            "clause": "ст. 56.10 ч. 1", "text": text,
            "references": [{"mention": "статьей 56.2 настоящего Кодекса",
                            "start": text.index("статьей"), "end": len(text) - 1,
                            "kind": "internal", "targets": [{"article": "56.2"}]}]}
    quantity = {"id": "q-1", "doc": "x", "clause": "", "text": "в течение десяти дней",
                "deadlines": [{"mention": "в течение десяти дней", "start": 0, "end": 21,
                               "value": 10, "unit": "day"}], "amounts": []}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    (tmp_path / "quantities.jsonl").write_text(json.dumps(quantity, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
    out = tmp_path / "eval.json"
    result = runner.invoke(app, ["eval", "refs", "--gold", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(out.read_text(encoding="utf-8"))
    assert metrics["resolution"]["precision"] == 1.0 and metrics["resolution"]["recall"] == 1.0
    assert metrics["deadlines"]["f1"] == 1.0
    assert metrics["repealed"]["found"] >= 5


def test_analyze_shows_collisions_and_adds_nothing_again(tmp_path):
    from docx import Document as read_docx

    from pipeline.register import Register

    db = f"sqlite:///{tmp_path}/r.sqlite"
    folder = tmp_path / "acts"
    folder.mkdir()
    (folder / "ZK-RF.txt").write_text(zk_excerpt("39.15", "39.18"), encoding="utf-8")
    (folder / "reglament.txt").write_text("АДМИНИСТРАТИВНЫЙ РЕГЛАМЕНТ\n" + BYLAW,
                                          encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(folder), "--db", db, "--export-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert "collision.bylaw.longer_deadline: 1" in result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="collisions"' in html
    assert '<mark class="conflict">не более чем тридцать дней</mark>' in html
    texts = [cell.text for path in (out / "acts").glob("*.docx")
             for table in read_docx(str(path)).tables for row in table.rows for cell in row.cells]
    assert any("не более чем двадцать дней" in t for t in texts)
    with Register(db) as register:
        entries = [e for e in register.entries() if e.factor == "collision"]
        assert any("тридцать" in x.summary for e in entries for x in e.evidence)
        before = (len(register.audit_log()), sum(len(e.evidence) for e in register.entries()))
    result = runner.invoke(app, ["analyze", str(folder), "--db", db, "--export-dir", str(out)])
    assert result.exit_code == 0 and "проиндексировано актов 0" in result.output
    with Register(db) as register:
        assert (len(register.audit_log()),
                sum(len(e.evidence) for e in register.entries())) == before
