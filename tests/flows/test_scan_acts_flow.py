"""scan_acts under a real (temporary) Prefect server, and its tasks through ``.fn``."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import delete

from flows.retry import is_io_failure
from flows.scan_acts import analyze_file, plan_scan, scan_acts, store_analysis
from pipeline.errors import ErrorCode, IngestError
from pipeline.register import Register
from pipeline.register.tables import AuditRow


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
    assert summary.skipped == 0
    assert len(summary.errors) == 1 and "broken.pdf" in summary.errors[0]
    assert "E004" in summary.errors[0]
    assert all(Path(p).is_file() for p in summary.exports)
    assert summary.new_risks == len(Register(db).entries()) > 0
    counts = Register(db).counts()
    assert counts["documents"] == 2

    # Unchanged files are skipped before analysis; the bad one is tried (and reported) again.
    again = scan_acts(inbox, db_url=db, export_dir=tmp_path / "out")
    assert again.stored == {} and again.skipped == 2 and again.new_risks == 0
    assert len(again.errors) == 1
    assert Register(db).counts() == counts

    # A changed file is analysed again and becomes a new version.
    act = inbox / "adm_reg_minpri.txt"
    act.write_text(act.read_text(encoding="utf-8") + "\nДополнение.\n", encoding="utf-8")
    third = scan_acts(inbox, db_url=db, export_dir=None)
    assert third.stored == {"replaced": 1} and third.skipped == 1 and third.exports == ()
    assert Register(db).counts()["document_versions"] == 3


def test_tasks_through_fn(acts_dir, tmp_path):
    path = acts_dir / "ru-gov-texts-plainrussian" / "adm_reg_minpri.txt"
    analysed = analyze_file.fn(path)
    assert analysed.analysis.document.sha256 and analysed.fingerprint
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert plan_scan.fn([path], db, analysed.fingerprint).pending == (path,)
    outcome, findings = store_analysis.fn(analysed, db)
    assert outcome == "new"
    assert Register(db).counts()["findings"] == findings
    assert store_analysis.fn(analysed, db)[0] == "unchanged"
    plan = plan_scan.fn([path], db, analysed.fingerprint)
    assert plan.pending == () and plan.skipped == (path,)
    # Another analyzer (changed rules) makes the same file pending again.
    assert plan_scan.fn([path], db, "other-rules").pending == (path,)
    # The skip reads the versions table, not the audit trail.
    with Register(db).engine.begin() as connection:
        connection.execute(delete(AuditRow))
    assert plan_scan.fn([path], db, analysed.fingerprint).skipped == (path,)
    with pytest.raises(IngestError):
        analyze_file.fn(tmp_path / "missing.txt")


@pytest.mark.parametrize("exc, retried", [
    (OSError("NFS timeout"), True),
    (IngestError(ErrorCode.E004_CORRUPT, "x.pdf"), False),
    (ValueError("analysis bug"), False),
])
def test_only_io_failures_are_retried(exc, retried):
    assert is_io_failure(exc) is retried


def test_a_failed_export_fails_the_run_after_its_report(prefect_harness, inbox, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    not_a_folder = tmp_path / "out"
    not_a_folder.write_text("a file where the export folder should be", encoding="utf-8")
    (inbox / "broken.pdf").unlink()
    with pytest.raises(OSError):
        scan_acts(inbox, db_url=f"sqlite:///{tmp_path / 'r.sqlite'}", export_dir=not_a_folder)
    with get_client(sync_client=True) as client:
        artifact = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["scan-acts"])),
            sort=ArtifactSort.CREATED_DESC, limit=1)[0]
        run = client.read_flow_run(artifact.flow_run_id)
    assert run.state.is_failed()
    assert "| Ошибок | 1 |" in artifact.data and str(not_a_folder) in artifact.data
