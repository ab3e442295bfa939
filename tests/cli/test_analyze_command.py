"""``taza analyze`` on the real Land Code of the RF: addressed findings, idempotent register."""
from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.register import Register

RUNNER = CliRunner()
ADDRESS = re.compile(r"^ст\. \d+(\.\d+)*(-\d+)?( ч\. [\d.]+)?( п\. [\d.-]+)?( пп\. [а-я])?$")
FIELDS = {"document", "address", "factor", "rule_id", "start", "end", "evidence", "confidence",
          "explanation", "recommendation", "related"}


@pytest.fixture(scope="module")
def zk_run(tmp_path_factory, acts_dir):
    work = tmp_path_factory.mktemp("analyze")
    act = acts_dir / "ru-codes-legalacts-ru" / "ZK-RF.txt"
    db = f"sqlite:///{work / 'register.sqlite'}"
    args = ["analyze", str(act), "--db", db, "--export-dir", str(work / "out"),
            "--out", str(work / "findings.jsonl")]
    first = RUNNER.invoke(app, args)
    assert first.exit_code == 0, first.output
    return work, act, db, args, first


def test_findings_carry_full_addresses_and_real_offsets(zk_run):
    work, act, _, _, _ = zk_run
    text = None
    records = [json.loads(line) for line in (work / "findings.jsonl").read_text().splitlines()]
    assert len(records) > 20
    from pipeline.ingest import read_document

    text = read_document(act).text
    for record in records:
        assert set(record) == FIELDS
        assert ADDRESS.match(record["address"]), record["address"]
        assert text[record["start"]:record["end"]] == record["evidence"]
        assert record["related"] == []
    addresses = {r["address"] for r in records}
    assert "ст. 39.11 ч. 6" in addresses     # «Уполномоченный орган … вправе утвердить»


def test_second_run_leaves_the_register_unchanged(zk_run):
    work, _, db, args, first = zk_run
    before = Register(db).counts()
    rows_before = [(f.finding.rule_id, f.finding.start) for f in Register(db).findings()]
    second = RUNNER.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "без изменений / unchanged: 1" in second.output
    assert Register(db).counts() == before
    assert [(f.finding.rule_id, f.finding.start) for f in Register(db).findings()] == rows_before


def test_exports_are_written(zk_run):
    work = zk_run[0]
    assert (work / "out" / "findings.xlsx").stat().st_size > 5000
    html = (work / "out" / "report.html").read_text(encoding="utf-8")
    assert "<mark" in html and "вправе утвердить" in html


def test_bad_file_in_a_batch_is_reported_and_the_rest_goes_on(tmp_path, acts_dir):
    good = acts_dir / "ru-gov-texts-plainrussian" / "adm_reg_minpri.txt"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    result = RUNNER.invoke(app, ["analyze", str(empty), str(good), "--db", db,
                                 "--export-dir", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "E003" in result.output and "empty.txt" in result.output
    assert Register(db).counts()["documents"] == 1
