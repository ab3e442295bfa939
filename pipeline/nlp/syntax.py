"""natasha syntax, loaded lazily: only detectors that need the holder of a verb call it.

The models ship inside the natasha package (navec embeddings, slovnet syntax), so nothing is
downloaded. Parsing costs about 1–2 ms per sentence, so detectors parse only clauses that
already contain one of their markers, and the analyzer parses those of a batch together
(``parse_many``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from threadpoolctl import threadpool_limits


@dataclass(frozen=True, slots=True)
class SyntaxToken:
    index: int          # position in the sentence, 0-based
    text: str
    start: int          # offsets into the text given to ``parse``
    end: int
    head: int | None    # index of the head token; None for the root
    rel: str


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    tokens: tuple[SyntaxToken, ...]

    def children(self, index: int, *rels: str) -> list[SyntaxToken]:
        return [t for t in self.tokens if t.head == index and (not rels or t.rel in rels)]

    def token_at(self, offset: int) -> SyntaxToken | None:
        for token in self.tokens:
            if token.start <= offset < token.end:
                return token
        return None

    def subtree(self, index: int) -> list[SyntaxToken]:
        """The token and all its dependents, in text order."""
        keep = {index}
        changed = True
        while changed:
            changed = False
            for token in self.tokens:
                if token.head in keep and token.index not in keep:
                    keep.add(token.index)
                    changed = True
        return [t for t in self.tokens if t.index in keep]


_BATCH = 48            # sentences per slovnet call; inputs are sorted by length first
_CACHE_LIMIT = 20000   # parsed texts kept; the cache is dropped whole when it fills
_cache: dict[str, tuple[ParsedSentence, ...]] = {}


@lru_cache(maxsize=1)
def _models():
    from natasha import NewsEmbedding, NewsSyntaxParser

    parser = NewsSyntaxParser(NewsEmbedding())
    parser.infer.encoder.batch_size = _BATCH
    return parser


def _index(token_id: str) -> int:
    # slovnet ids are 1-based token numbers ("3"; natasha's Doc prefixes the sentence: "1_3");
    # "0" is the root.
    return int(token_id.rsplit("_", 1)[-1]) - 1


@lru_cache(maxsize=8192)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    from razdel import sentenize

    return tuple((sent.start, sent.stop) for sent in sentenize(text))


# Words, numbers («39.16», «1-1») and single punctuation marks, as razdel cuts them in legal
# text; a regular expression is several times faster than razdel's tokenizer here.
_TOKEN = re.compile(r"\d+(?:[.,-]\d+)*|\w+(?:-\w+)*|[^\w\s]")


def _segment(text: str) -> list[list[tuple[str, int, int]]]:
    """Sentences of ``text`` as lists of (token, start, end), offsets into ``text``."""
    sentences = []
    for start, stop in _sentence_spans(text):
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, stop)]
        if tokens:
            sentences.append(tokens)
    return sentences


def parse_many(texts: list[str]) -> list[tuple[ParsedSentence, ...]]:
    """Parse many texts in one pass: the sentences of all of them are sorted by length and
    sent to the parser in batches, which costs about half of parsing them text by text."""
    todo = [t for t in dict.fromkeys(texts) if t not in _cache]
    if todo:
        if len(_cache) + len(todo) > _CACHE_LIMIT:
            _cache.clear()
        segmented = [_segment(t) for t in todo]
        flat = [(i, j) for i, sents in enumerate(segmented) for j in range(len(sents))]
        flat.sort(key=lambda ij: len(segmented[ij[0]][ij[1]]))
        # The parser multiplies small matrices: BLAS threads only add overhead, and on a busy
        # 2-core machine they made parsing six times slower.
        with threadpool_limits(limits=1, user_api="blas"):
            markups = list(_models().map([[w for w, _, _ in segmented[i][j]] for i, j in flat]))
        parsed: dict[tuple[int, int], ParsedSentence] = {}
        for (i, j), markup in zip(flat, markups):
            spans = segmented[i][j]
            tokens = []
            for k, tok in enumerate(markup.tokens):
                head = _index(tok.head_id)
                _, start, end = spans[k]
                tokens.append(SyntaxToken(_index(tok.id), tok.text, start, end,
                                          None if head < 0 else head, tok.rel))
            parsed[(i, j)] = ParsedSentence(tuple(tokens))
        for i, text in enumerate(todo):
            _cache[text] = tuple(parsed[(i, j)] for j in range(len(segmented[i])))
    return [_cache[t] for t in texts]


def parse(text: str) -> tuple[ParsedSentence, ...]:
    """Sentences of ``text`` with dependency relations (Universal Dependencies labels)."""
    cached = _cache.get(text)
    return cached if cached is not None else parse_many([text])[0]


def clear_cache() -> None:
    """Forget parsed texts (benchmarks measure parsing, not the cache)."""
    _cache.clear()


# A window around a marker: the parser's cost grows faster than the sentence, and legal
# sentences run to hundreds of words; the holder and the governed verb sit near the marker.
_BEFORE = 900   # characters kept before the marker (the subject opens the sentence)
_AFTER = 100000  # no cut after the marker: a cut sentence changes the parse of its start


def window(text: str, offset: int) -> tuple[int, int]:
    """Character span of the sentence of ``text`` that holds ``offset``, clipped to a window
    around it at word boundaries."""
    lo, hi = 0, len(text)
    for start, stop in _sentence_spans(text):
        if start <= offset < stop:
            lo, hi = start, stop
            break
    if offset - lo > _BEFORE:
        cut = text.rfind(" ", lo, offset - _BEFORE)
        lo = cut + 1 if cut >= 0 else offset - _BEFORE
    if hi - offset > _AFTER:
        cut = text.find(" ", offset + _AFTER, hi)
        hi = cut if cut >= 0 else hi
    return lo, hi


def _shift(sentence: ParsedSentence, by: int) -> ParsedSentence:
    return ParsedSentence(tuple(SyntaxToken(t.index, t.text, t.start + by, t.end + by, t.head, t.rel)
                                for t in sentence.tokens))


def parse_at(text: str, offset: int) -> tuple[ParsedSentence, ...]:
    """The parse of the window of ``text`` around ``offset``; offsets are those of ``text``."""
    lo, hi = window(text, offset)
    return tuple(_shift(s, lo) for s in parse(text[lo:hi]))


def prime_at(items: list[tuple[str, int]]) -> None:
    """Parse the windows of many (text, offset) pairs in one batch."""
    spans = [(text, window(text, offset)) for text, offset in items]
    parse_many([text[lo:hi] for text, (lo, hi) in spans])
