"""Shared fixtures of the ingestion tests."""
from __future__ import annotations

import pytest
from ingest_samples import CIVIL_CODE_PDF

from pipeline.model import Document


@pytest.fixture(scope="session")
def civil_code(civil_code_document) -> Document:
    """The 173-page Kyrgyz Civil Code, shared with the structure tests (read once)."""
    assert civil_code_document.source == str(CIVIL_CODE_PDF)
    return civil_code_document
