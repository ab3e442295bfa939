"""Fixtures of the references tests: the two RF codes read once, and small real excerpts."""
from __future__ import annotations

import pytest

from refs_data import GRK_RF, ZK_RF

from pipeline.ingest import read_document
from pipeline.references.resolve import Act, Corpus


@pytest.fixture(scope="session")
def zk_act() -> Act:
    return Act.of(read_document(ZK_RF))


@pytest.fixture(scope="session")
def grk_act() -> Act:
    return Act.of(read_document(GRK_RF))


@pytest.fixture(scope="session")
def codes(zk_act, grk_act) -> Corpus:
    return Corpus([zk_act, grk_act])
