"""Shared fixtures of the ingestion tests."""
from __future__ import annotations

import pytest
from ingest_samples import CIVIL_CODE_PDF

from pipeline.ingest import read_document
from pipeline.model import Document


@pytest.fixture(scope="session")
def civil_code() -> Document:
    """The 173-page Kyrgyz Civil Code, read once per test session (about 15 s)."""
    return read_document(CIVIL_CODE_PDF)
