"""Complaints fixtures: the gold corpus with its real texts and one model trained per session.

The gold labels are ``corpora/complaints/labels.jsonl`` (``TAZA_COMPLAINT_LABELS`` points
elsewhere, e.g. a partial merge while annotators work); the texts are the real appeals in
../shared/data.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.complaints.corpus import DEFAULT_LABELS, DEFAULT_TEXTS


@pytest.fixture(scope="session")
def labels_path() -> Path:
    path = Path(os.environ.get("TAZA_COMPLAINT_LABELS", DEFAULT_LABELS))
    assert DEFAULT_TEXTS.is_file(), f"appeals missing beside the repo: {DEFAULT_TEXTS}"
    if not path.is_file():
        pytest.skip(f"complaints gold not written yet: {path}")
    return path


@pytest.fixture(scope="session")
def gold(labels_path):
    from pipeline.complaints.corpus import load_gold

    return load_gold(labels_path)


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory, labels_path):
    """``taza complaints train`` on the dev split, into a temporary folder."""
    from pipeline.complaints.model import ComplaintModel
    from pipeline.complaints.train import train

    directory = tmp_path_factory.mktemp("complaints_model") / "v1"
    empty_store = directory.parent / "no_feedback.jsonl"
    train(labels_path, out_dir=directory, feedback=empty_store)
    return ComplaintModel.load(directory), directory
