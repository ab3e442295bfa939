from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server (SQLite, loopback) for every flow test of the session."""
    import flows  # noqa: F401  (offline settings first)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def harness_env(prefect_harness) -> dict[str, str]:
    """Environment for a subprocess that reports to the session's Prefect server."""
    from prefect.settings import PREFECT_API_URL

    return dict(os.environ, PREFECT_API_URL=str(PREFECT_API_URL.value()))


@pytest.fixture
def small_acts(tmp_path: Path, acts_dir: Path) -> Path:
    """Two short real acts (KG, RU): a folder the parallel runs can share."""
    folder = tmp_path / "acts"
    folder.mkdir()
    shutil.copy(acts_dir / "kg-laws-txt" / "zakon_o_dorozhnom_dvizhenii_kg.txt",
                folder / "1_dorozhnoe_dvizhenie.txt")
    shutil.copy(acts_dir / "ru-gov-texts-plainrussian" / "adm_reg_minpri.txt",
                folder / "2_adm_reg.txt")
    return folder


APPEALS = REPO.parent / "shared" / "data" / "complaints" / "spb-appeals-nash-spb" / \
    "appeals_dev.jsonl"


@pytest.fixture
def appeals(tmp_path: Path) -> Path:
    """An inbox of complaints: 30 real appeals (JSONL, their own columns) and a broken XLSX."""
    folder = tmp_path / "complaints" / "RU"
    folder.mkdir(parents=True)
    with APPEALS.open(encoding="utf-8") as source, \
            (folder / "spb.jsonl").open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice(source, 30))
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    return folder.parent
