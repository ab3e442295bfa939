"""NLP base: a blank Russian spaCy pipeline with the cached lemma component, loaded once."""
from __future__ import annotations

import gc
from functools import lru_cache

import spacy
from spacy.language import Language

from pipeline.nlp import lemma as _lemma  # noqa: F401  (registers the component factory)
from pipeline.nlp.lemma import EXT as LEMMAS_EXT

__all__ = ["LEMMAS_EXT", "freeze_loaded", "get_nlp", "news_embedding"]


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """``spacy.blank("ru")`` + ``taza_lemmas``; no trained model is needed or downloaded."""
    nlp = spacy.blank("ru")
    nlp.add_pipe("taza_lemmas")
    # Acts have long clauses; the limit guards memory, not correctness.
    nlp.max_length = 5_000_000
    return nlp


@lru_cache(maxsize=1)
def news_embedding():
    """natasha's navec news embedding (shipped inside the package, nothing is downloaded),
    loaded once per process for every user: the syntax parser, the NER of complaints and
    media, and the media's dense vectors."""
    from natasha import NewsEmbedding

    return NewsEmbedding()


def freeze_loaded() -> None:
    """Hide every object alive now from the cyclic garbage collector (``gc.freeze``).

    Called once the libraries, models and rules are loaded: they live as long as the process,
    and the collector's full passes walked their 170,000 objects again and again, which cost
    about a tenth of the analysis. Garbage is collected first, so none of it is kept.
    """
    gc.collect()
    gc.freeze()
