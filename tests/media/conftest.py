"""Media fixtures: the real publications of ../shared/data/media (read, never copied), the
gold labels, and the scanner (rules, and the trained model) built once per session."""
from __future__ import annotations

import pytest

from pipeline.media.corpus import DEFAULT_LABELS, data_dir


@pytest.fixture(scope="session")
def items():
    """Every publication of the three media sets by id."""
    from pipeline.media.corpus import load_items

    assert data_dir().is_dir(), f"../shared/data/media is missing beside the repo: {data_dir()}"
    return load_items()


@pytest.fixture(scope="session")
def gold():
    from pipeline.media.corpus import load_gold

    if not DEFAULT_LABELS.is_file():
        pytest.skip(f"media gold not merged yet: {DEFAULT_LABELS}")
    return {g.id: g for g in load_gold()}


@pytest.fixture(scope="session")
def media_model():
    from pipeline.media.model import MediaModel, ModelRefused

    try:
        return MediaModel.load()
    except ModelRefused as err:
        pytest.skip(str(err))


@pytest.fixture(scope="session")
def scanner(media_model):
    """The scanner as ``taza media scan`` runs it: the model decides, NER on."""
    from pipeline.media.scan import MediaScanner

    return MediaScanner(model=media_model)


@pytest.fixture(scope="session")
def rule_scanner():
    from pipeline.media.scan import MediaScanner

    return MediaScanner(model=None, entities=False)
