"""A scan killed midway resumes without loss or duplicates; Dask gives the same register."""
from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.registry import canonical
from flows.scan_acts import scan_acts
from pipeline.register import Register

REPO = Path(__file__).resolve().parents[2]


def _stored_versions(db: Path) -> int:
    """Versions committed so far, read without writing (the scan holds the file)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT count(*) FROM document_versions").fetchone()[0]
    except sqlite3.OperationalError:      # schema not created yet, or locked
        return 0


def _wait_for(condition, timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


@pytest.fixture
def three_acts(tmp_path: Path, acts_dir: Path) -> Path:
    """A short act first, then a long code: the kill lands while the code is analysed."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(acts_dir / "ru-gov-texts-plainrussian" / "adm_reg_minpri.txt", folder / "1.txt")
    shutil.copy(acts_dir / "kg-laws-txt" / "zemelnyi_kodeks_kg.txt", folder / "2.txt")
    shutil.copy(acts_dir / "kg-laws-txt" / "zakon_o_dorozhnom_dvizhenii_kg.txt",
                folder / "3.txt")
    return folder


@pytest.fixture
def fresh_analyzer(monkeypatch):
    """The flow's analyzer built anew, close in time to those of the other processes: its
    fingerprint covers every file of rules/, which may be edited while the tests run."""
    import flows.scan_acts

    monkeypatch.setattr(flows.scan_acts, "_ANALYZER", None)


def test_a_scan_killed_midway_is_finished_by_the_next_run(harness_env, fresh_analyzer,
                                                          three_acts, tmp_path):
    db_file = tmp_path / "register.sqlite"
    db = f"sqlite:///{db_file}"
    scan = subprocess.Popen([sys.executable, "-m", "flows.scan_acts", str(three_acts),
                             "--db", db], cwd=REPO, env=harness_env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert _wait_for(lambda: _stored_versions(db_file) >= 1 or scan.poll() is not None,
                         timeout=240)
        scan.send_signal(signal.SIGKILL)
        scan.wait(30)
    finally:
        if scan.poll() is None:
            scan.kill()
    assert scan.returncode == -signal.SIGKILL, scan.stderr.read().decode()[-2000:]
    assert 1 <= _stored_versions(db_file) < 3           # killed midway

    resumed = scan_acts(three_acts, db_url=db, export_dir=None)
    assert resumed.errors == ()
    assert resumed.skipped + resumed.stored.get("new", 0) == 3 and resumed.skipped >= 1

    clean = f"sqlite:///{tmp_path / 'clean.sqlite'}"
    scan_acts(three_acts, db_url=clean, export_dir=None)
    assert canonical(Register(db)) == canonical(Register(clean))   # nothing lost or doubled
    stores = [r for r in Register(db).audit_log("document_version") if r.action == "new"]
    assert len(stores) == 3


def test_dask_run_gives_the_same_register_as_the_sequential_run(prefect_harness, fresh_analyzer,
                                                                 small_acts, tmp_path):
    sequential = f"sqlite:///{tmp_path / 'sequential.sqlite'}"
    parallel = f"sqlite:///{tmp_path / 'dask.sqlite'}"
    first = scan_acts(small_acts, db_url=sequential, export_dir=None)
    second = scan_acts(small_acts, db_url=parallel, export_dir=None, task_runner="dask",
                       workers=2)
    assert second.task_runner == "dask" and second.errors == ()
    assert (second.stored, second.findings, second.new_risks) == \
        (first.stored, first.findings, first.new_risks) == ({"new": 2}, first.findings,
                                                            first.new_risks)
    # Versions, findings, risks and entries alike; which analyzer stored them is compared
    # apart: the workers load the rules a little later than the flow's process does.
    assert canonical(Register(parallel), fingerprints=False) == \
        canonical(Register(sequential), fingerprints=False)
    analyzers = {fp for _, _, fp in canonical(Register(parallel))["analyzers"]}
    assert len(analyzers) == 1
