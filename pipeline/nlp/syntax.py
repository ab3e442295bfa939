"""natasha syntax, loaded lazily: only detectors that need the holder of a verb call it.

The models ship inside the natasha package (navec embeddings, slovnet syntax), so nothing is
downloaded. Parsing costs about 2 ms per sentence, so detectors parse only the sentences that
already contain one of their markers.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


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


@lru_cache(maxsize=1)
def _models():
    from natasha import NewsEmbedding, NewsSyntaxParser, Segmenter

    embedding = NewsEmbedding()
    return Segmenter(), NewsSyntaxParser(embedding)


def _index(token_id: str) -> int:
    # natasha ids look like "1_3" (sentence_token, 1-based token); "1_0" is the root.
    return int(token_id.split("_")[1]) - 1


@lru_cache(maxsize=4096)
def parse(text: str) -> tuple[ParsedSentence, ...]:
    """Sentences of ``text`` with dependency relations (Universal Dependencies labels)."""
    from natasha import Doc

    segmenter, parser = _models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.parse_syntax(parser)
    sentences = []
    for sent in doc.sents:
        tokens = []
        for tok in sent.tokens:
            head = _index(tok.head_id)
            tokens.append(SyntaxToken(_index(tok.id), tok.text, tok.start, tok.stop,
                                      None if head < 0 else head, tok.rel))
        sentences.append(ParsedSentence(tuple(tokens)))
    return tuple(sentences)
