"""Session-wide fixtures: real data beside the repo, and heavy objects built once."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ACTS = SHARED / "data" / "acts"


@pytest.fixture(scope="session")
def acts_dir() -> Path:
    assert ACTS.is_dir(), f"../shared/data/acts is missing beside the repo: {ACTS}"
    return ACTS


def corpus_tool(name: str):
    """``corpora/tools/<name>.py`` as a module (the tools are scripts, not a package), imported
    once; the tools' folder is put on the path, as running a script would."""
    tools = str(REPO / "corpora" / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "corpora" / "tools" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module          # dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def corpus_tools():
    """The loader of ``corpora/tools`` scripts (``corpus_tool``)."""
    return corpus_tool


@pytest.fixture(scope="session")
def check_rule_examples():
    return corpus_tool("check_rule_examples")


@pytest.fixture(scope="session")
def analyzer():
    """The detectors with the rules' own confidences and no threshold: what rule and detector
    tests check. The calibrated default is tested in tests/test_calibrate.py."""
    from pipeline.detect import Analyzer

    return Analyzer(calibrator=None)


@pytest.fixture(scope="session")
def civil_code_document():
    """The 173-page Kyrgyz Civil Code PDF, read once per session (pdfplumber: about 15 s)."""
    from pipeline.ingest import read_document

    return read_document(ACTS / "kg-civil-code-minjust" / "civil_code_part1.pdf")
