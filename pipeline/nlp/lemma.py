"""A spaCy component that gives every token all its pymorphy3 normal forms, with a cache.

spaCy's own pymorphy3 lemmatizer picks one form by part of speech and needs a tagger, which
no offline Russian pipeline provides here; without it about a tenth of the words stay
unlemmatised. Patterns in ``rules/`` match any of the normal forms instead, so an ambiguous
word («право»: noun or short adjective) matches whichever reading the rule asks for.
"""
from __future__ import annotations

from functools import lru_cache

import numpy
import pymorphy3
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Token

EXT = "taza_lemmas"          # Token._.taza_lemmas: tuple of normal forms, most probable first
DOC_EXT = "taza_lemma_seq"   # Doc._.taza_lemma_seq: the same, one tuple per token, in order
LOWER_EXT = "taza_lowers"    # Doc._.taza_lowers: the lower-cased text of each token, in order


def _token_lemmas(token: Token) -> tuple[str, ...]:
    seq = token.doc._.get(DOC_EXT)
    return seq[token.i] if seq is not None else ()


# One list per Doc instead of a value per Token: setting a Token extension costs more than
# the lemmatisation itself once the cache is warm.
if not Doc.has_extension(DOC_EXT):
    Doc.set_extension(DOC_EXT, default=None)
if not Doc.has_extension(LOWER_EXT):
    Doc.set_extension(LOWER_EXT, default=None)
if not Token.has_extension(EXT):
    Token.set_extension(EXT, getter=_token_lemmas)


def lemma_text(doc) -> str:
    """The most probable normal form of each word of a lemmatised doc, space-separated
    (punctuation left out): what a bag-of-lemmas model reads."""
    return " ".join(forms[0] for forms in doc._.get(DOC_EXT) if any(c.isalnum() for c in forms[0]))


@lru_cache(maxsize=1)
def morph_analyzer() -> pymorphy3.MorphAnalyzer:
    """One analyzer per process: loading the dictionaries takes a fraction of a second."""
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=65536)
def readings(word: str) -> tuple[tuple[str | None, str | None, str | None], ...]:
    """(part of speech, case, tense) of every pymorphy3 parse of ``word``, likeliest first;
    cached, since the detectors ask about the same words again and again."""
    return tuple((p.tag.POS, p.tag.case, p.tag.tense) for p in morph_analyzer().parse(word))


@lru_cache(maxsize=131072)
def can_be(word: str, pos: str | frozenset[str] | None = None, case: str | None = None,
           tense: str | None = None, likeliest: bool = False) -> bool:
    """Whether some parse of ``word`` (only the likeliest with ``likeliest``) has the part of
    speech ``pos`` (one tag or a set), the case and the tense asked for. Cached as a whole:
    the detectors ask it on their hot path."""
    wanted = frozenset((pos,)) if isinstance(pos, str) else pos
    return any((wanted is None or p in wanted) and (case is None or c == case)
               and (tense is None or t == tense)
               for p, c, t in readings(word)[:1 if likeliest else None])


def parts_of_speech(word: str) -> frozenset[str]:
    return frozenset(p for p, _, _ in readings(word) if p)


class LemmaCache:
    """Maps a lower-cased word to its normal forms; grows with the vocabulary of the corpus."""

    def __init__(self, analyzer: pymorphy3.MorphAnalyzer) -> None:
        self._analyzer = analyzer
        self._forms: dict[str, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self._forms)

    def forms(self, word: str) -> tuple[str, ...]:
        key = word.lower().replace("ё", "е")
        found = self._forms.get(key)
        if found is None:
            found = self._analyse(key)
            self._forms[key] = found
        return found

    def _analyse(self, key: str) -> tuple[str, ...]:
        if not any(ch.isalpha() for ch in key):
            return (key,)
        seen: dict[str, None] = {}
        for parse in self._analyzer.parse(key):
            seen.setdefault(parse.normal_form.replace("ё", "е"), None)
        return tuple(seen) or (key,)


@Language.factory("taza_lemmas")
def make_lemma_component(nlp: Language, name: str) -> "LemmaComponent":
    return LemmaComponent(LemmaCache(morph_analyzer()))


class LemmaComponent:
    """Sets ``Token._.taza_lemmas`` (all forms) and ``Token.lemma_`` (the most probable)."""

    def __init__(self, cache: LemmaCache) -> None:
        self.cache = cache
        # By the ORTH id of a token's text: (normal forms, lower case, id of the first form).
        self._by_orth: dict[int, tuple[tuple[str, ...], str, int]] = {}

    def __call__(self, doc: Doc) -> Doc:
        # Token objects are never created: iterating a Doc builds one Python object per token,
        # which cost more than the lemmatisation itself. Texts come from the ORTH ids and the
        # lemmas go back as an array.
        known = self._by_orth
        entries = [known.get(orth) or self._entry(orth, doc.vocab.strings)
                   for orth in doc.to_array(ORTH).tolist()]
        if entries:
            doc.from_array([LEMMA], numpy.array([e[2] for e in entries],
                                                dtype="uint64").reshape(-1, 1))
        doc._.set(DOC_EXT, [e[0] for e in entries])
        doc._.set(LOWER_EXT, [e[1] for e in entries])
        return doc

    def _entry(self, orth: int, strings) -> tuple[tuple[str, ...], str, int]:
        text = strings[orth]
        forms = self.cache.forms(text)
        entry = (forms, text.lower(), strings.add(forms[0]))
        if len(self._by_orth) < 500_000:
            self._by_orth[orth] = entry
        return entry
