"""scan_acts under a real (temporary) Prefect server, and its tasks through ``.fn``."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from flows.scan_acts import analyze_and_store, read_act, scan_acts
from pipeline.errors import IngestError
from pipeline.register import Register


@pytest.fixture
def inbox(tmp_path: Path, acts_dir: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(acts_dir / "ru-gov-texts-plainrussian" / "adm_reg_minpri.txt", folder)
    shutil.copy(acts_dir / "kz-adilet-anticorruption-law" / "ocorrupt_articles_1-8.jsonl", folder)
    pdf = (acts_dir / "kg-civil-code-minjust" / "civil_code_part1.pdf").read_bytes()
    (folder / "broken.pdf").write_bytes(pdf[:4000])   # a truncated, corrupt PDF
    return folder


def test_offline_settings_are_applied():
    import flows  # noqa: F401

    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert Path(os.environ["PREFECT_HOME"]).parts[-2:] == (".state", "prefect")


def test_scan_acts_flow_stores_good_files_and_reports_the_bad_one(prefect_harness, inbox,
                                                                  tmp_path):
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    summary = scan_acts(inbox, db_url=db, export_dir=tmp_path / "out")
    assert summary.files == 3
    assert summary.stored == {"new": 2}
    assert len(summary.errors) == 1 and "broken.pdf" in summary.errors[0]
    assert "E004" in summary.errors[0]
    assert all(Path(p).is_file() for p in summary.exports)
    counts = Register(db).counts()
    assert counts["documents"] == 2

    again = scan_acts(inbox, db_url=db, export_dir=tmp_path / "out")
    assert again.stored == {"unchanged": 2}
    assert Register(db).counts() == counts


def test_tasks_through_fn(acts_dir, tmp_path):
    document = read_act.fn(acts_dir / "ru-gov-texts-plainrussian" / "adm_reg_minpri.txt")
    assert document.text and document.sha256
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    outcome, findings = analyze_and_store.fn(document, db)
    assert outcome == "new"
    assert Register(db).counts()["findings"] == findings
    assert analyze_and_store.fn(document, db)[0] == "unchanged"
    with pytest.raises(IngestError):
        read_act.fn(tmp_path / "missing.txt")
