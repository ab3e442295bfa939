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

import numpy


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


_CACHE_LIMIT = 20000   # parsed texts kept; the cache is dropped whole when it fills
_cache: dict[str, tuple[ParsedSentence, ...]] = {}


class _Parser:
    """natasha's syntax model (``NewsSyntaxParser``) run on ready tokens.

    It feeds the model the same arrays in the same batches as natasha's ``map`` and decodes
    them with the model's own functions, so the trees are the same; what it leaves out is the
    per-token work around the model (records, string ids, the shape of each word computed
    anew), which cost half as much as the model itself, and the encoder runs as
    ``cnn_encoder`` (the same floats, faster). The batches must stay natasha's:
    padding changes float rounding, and legal text is full of exactly tied heads (repeated
    words and commas), so another grouping of the same sentences gives other trees for a few
    of them.
    """

    def __init__(self, natasha_parser) -> None:
        from threadpoolctl import ThreadpoolController

        infer = natasha_parser.infer
        self.model = infer.model
        self.words = infer.encoder.words_vocab
        self.shapes = infer.encoder.shapes_vocab
        self.rels = tuple(infer.decoder.rels_vocab.items)
        # ``map`` cuts its input into chunks of ``batch_size`` and the encoder each chunk into
        # arrays of at most its own ``batch_size`` sentences.
        self.batch = min(natasha_parser.batch_size, infer.encoder.batch_size)
        self._codes: dict[str, tuple[int, int]] = {}
        self._threads = ThreadpoolController()

    def _word_codes(self, word: str) -> tuple[int, int]:
        """Word and shape ids, as natasha's encoder computes them; the same word often."""
        found = self._codes.get(word)
        if found is None:
            from slovnet.shape import word_shape

            found = (self.words.encode(word.lower()), self.shapes.encode(word_shape(word)))
            if len(self._codes) < 500_000:
                self._codes[word] = found
        return found

    def __call__(self, sentences: list[list[str]]) -> list[list[tuple[int | None, str]]]:
        """(head index or None for the root, relation) of each word of each sentence."""
        # The parser multiplies small matrices: BLAS threads only add overhead, and on a busy
        # 2-core machine they made parsing six times slower.
        with self._threads.limit(limits=1, user_api="blas"):
            found: list[list[tuple[int | None, str]]] = []
            for k in range(0, len(sentences), self.batch):
                found.extend(self._parse_batch(sentences[k:k + self.batch]))
        return found

    def _parse_batch(self, sentences: list[list[str]]) -> list[list[tuple[int | None, str]]]:
        # As slovnet's WordShapeEncoder.input and SyntaxInfer.process, step by step.
        from slovnet.exec.pad import pad_sequence

        codes = [[self._word_codes(word) for word in words] for words in sentences]
        word_id = pad_sequence([numpy.array([w for w, _ in c]) for c in codes], self.words.pad_id)
        shape_id = pad_sequence([numpy.array([s for _, s in c]) for c in codes],
                                self.shapes.pad_id)
        pad_mask = word_id == self.words.pad_id
        model = self.model
        # As slovnet's Syntax.__call__ and SyntaxInfer.process, with ``cnn_encoder``.
        x = cnn_encoder(model, word_id, shape_id, pad_mask)
        mask = ~pad_mask
        heads = model.head.decode(model.head(x), mask)
        rels = model.rel.decode(model.rel(x, heads), mask)
        names = self.rels
        # slovnet numbers heads from 1, 0 being the root.
        return [[(None if head == 0 else head - 1, names[rel])
                 for head, rel in zip(heads[row, :size].tolist(), rels[row, :size].tolist())]
                for row, size in enumerate(mask.sum(-1).tolist())]


def cnn_encoder(model, word_id: numpy.ndarray, shape_id: numpy.ndarray,
                pad_mask: numpy.ndarray) -> numpy.ndarray:
    """slovnet's CNN encoder (``CNNEncoder`` over ``WordShapeEmbedding``), computed with
    channels last: the same products and sums in the same order, so the same floats to the
    last bit, but the windows of each convolution are gathered by whole rows of channels,
    where slovnet's strided view copies three numbers at a time (a fifth of the parse)."""
    x = model.emb(word_id, shape_id)                    # batch x words x channels
    batch, size, _ = x.shape
    for layer in model.encoder.layers:
        conv, norm = layer.conv, layer.norm
        filters, channels, kernel = conv.weight.shape
        pad = conv.padding
        width = size + 2 * pad - kernel + 1
        padded = numpy.zeros((batch, size + 2 * pad, channels), dtype=x.dtype)
        padded[:, pad:pad + size] = x
        # The rows of the product are (channel, kernel offset) pairs, channel first, as in
        # slovnet's Conv1d; the weight matrix is the very same.
        windows = numpy.empty((batch, width, channels, kernel), dtype=x.dtype)
        for k in range(kernel):
            windows[:, :, :, k] = padded[:, k:k + width]
        x = numpy.matmul(windows.reshape(batch * width, channels * kernel),
                         conv.weight.array.reshape(filters, channels * kernel).T)
        x += conv.bias.array
        x = x.reshape(batch, width, filters)
        x.clip(0, out=x)                                            # ReLU
        x -= norm.mean.array                                        # BatchNorm1d
        x /= norm.std.array
        x *= norm.weight.array
        x += norm.bias.array
        x[pad_mask] = 0
        size = width
    return x


@lru_cache(maxsize=1)
def _models() -> _Parser:
    from natasha import NewsSyntaxParser

    from pipeline.nlp import freeze_loaded, news_embedding

    parser = _Parser(NewsSyntaxParser(news_embedding()))
    freeze_loaded()
    return parser


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
        trees = _models()([[w for w, _, _ in segmented[i][j]] for i, j in flat])
        parsed: dict[tuple[int, int], ParsedSentence] = {}
        for (i, j), tree in zip(flat, trees):
            parsed[(i, j)] = ParsedSentence(tuple(
                SyntaxToken(k, word, start, end, head, rel)
                for k, ((word, start, end), (head, rel)) in enumerate(zip(segmented[i][j], tree))))
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
    sentences = parse(text[lo:hi])
    return tuple(_shift(s, lo) for s in sentences) if lo else sentences


def prime_at(items: list[tuple[str, int]]) -> None:
    """Parse the windows of many (text, offset) pairs in one batch."""
    spans = [(text, window(text, offset)) for text, offset in items]
    parse_many([text[lo:hi] for text, (lo, hi) in spans])
