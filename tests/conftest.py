"""Session-wide fixtures: real data beside the repo, and heavy objects built once."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ACTS = SHARED / "data" / "acts"


@pytest.fixture(scope="session")
def acts_dir() -> Path:
    assert ACTS.is_dir(), f"../shared/data/acts is missing beside the repo: {ACTS}"
    return ACTS


@pytest.fixture(scope="session")
def analyzer():
    from pipeline.detect import Analyzer

    return Analyzer()
