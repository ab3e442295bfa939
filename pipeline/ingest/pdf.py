"""PDF reader (pdfplumber): text with page spans, cleaned of layout noise.

The text is built line by line with the page of every line kept, then cleaned (running
headers, preamble, hyphenation, wrapped lines) and assembled once, so ``Document.pages``
maps offsets of the final text to 1-based pages.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pdfplumber
from pdfplumber.utils import extract_text

from pipeline.errors import ErrorCode, IngestError
from pipeline.ingest import reader
from pipeline.ingest.cleanup import (
    Line,
    Piece,
    drop_running_lines,
    merge_lines,
    normalise_text,
    strip_preamble,
    vocabulary,
)
from pipeline.ingest.metadata import build_document
from pipeline.model import Document, PageSpan

# pdfminer names its password and encryption failures thus (PDFPasswordIncorrect,
# PDFEncryptionError, PDFEncryptionWarning …); pdfplumber wraps them in PdfminerException.
_ENCRYPTION_MARKERS = ("password", "encrypt")


def _is_encryption_error(exc: BaseException) -> bool:
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        error = stack.pop()
        if id(error) in seen:
            continue
        seen.add(id(error))
        name = type(error).__name__.lower()
        if any(marker in name for marker in _ENCRYPTION_MARKERS):
            return True
        stack.extend(arg for arg in error.args if isinstance(arg, BaseException))
        stack.extend(e for e in (error.__cause__, error.__context__) if e is not None)
    return False


def _check_envelope(path: Path, data: bytes) -> None:
    """A PDF starts with ``%PDF-`` and ends with ``%%EOF``; a cut download does not."""
    if b"%PDF-" not in data[:1024]:
        raise IngestError(ErrorCode.E004_CORRUPT, str(path),
                          "нет заголовка %PDF- / no %PDF- header")
    if b"%%EOF" not in data[-2048:]:
        raise IngestError(ErrorCode.E004_CORRUPT, str(path),
                          "нет маркера %%EOF: файл обрезан / no %%EOF marker: truncated file")


# An inserted article is printed «Статья 193¹.»: a digit in a smaller font raised after a digit.
_SUPERSCRIPT_SIZE = 0.8


def _is_superscript(char: dict, base: dict | None) -> bool:
    return (base is not None and char["text"].isdigit() and base["text"].isdigit()
            and char["size"] <= _SUPERSCRIPT_SIZE * base["size"]
            and char["bottom"] < base["bottom"] - 1)


def superscripts_as_suffix(chars: list[dict]) -> list[dict] | None:
    """Chars with «193¹» written «193-1» as the Kyrgyz codes number inserted articles;
    None when the page has no such superscript (the usual case)."""
    out, changed = [], False
    base, in_superscript = None, False
    for char in chars:
        if _is_superscript(char, base):
            if not in_superscript:
                char = {**char, "text": "-" + char["text"]}
                changed = True
            in_superscript = True
        else:
            base, in_superscript = char, False
        out.append(char)
    return out if changed else None


def _page_text(page) -> str:
    chars = superscripts_as_suffix(page.chars)
    return extract_text(chars) if chars is not None else (page.extract_text() or "")


def extract_pages(path: Path, data: bytes) -> list[str]:
    """Raw text of every page, in order; raises IngestError E003/E004/E005/E008."""
    _check_envelope(path, data)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            texts = []
            for page in pdf.pages:
                texts.append(_page_text(page))
                page.close()  # frees the parsed layout of the page: long codes stay small
    except IngestError:
        raise
    except Exception as exc:
        if _is_encryption_error(exc):
            raise IngestError(ErrorCode.E005_ENCRYPTED, str(path), type(exc).__name__) from exc
        raise IngestError(ErrorCode.E004_CORRUPT, str(path),
                          f"{type(exc).__name__}: {exc}") from exc
    if not texts:
        raise IngestError(ErrorCode.E003_EMPTY, str(path), "0 страниц / 0 pages")
    if not any(text.strip() for text in texts):
        raise IngestError(ErrorCode.E008_NO_TEXT, str(path), f"{len(texts)} стр. без текста")
    return texts


def clean_pages(raw_pages: Sequence[str]) -> list[Piece]:
    """Lines of the cleaned text with their pages, ready to be assembled."""
    pages = [[line for line in normalise_text(text).split("\n") if line.strip()]
             for text in raw_pages]
    pages = drop_running_lines(pages)
    lines = [Line(number, text) for number, page in enumerate(pages, start=1) for text in page]
    lines = strip_preamble(lines)
    return merge_lines(lines, vocabulary(raw_pages))


def assemble(pieces: Sequence[Piece], page_count: int) -> tuple[str, tuple[PageSpan, ...]]:
    """The final text and the span of every page, contiguous and covering all the text.

    A page whose lines were all removed gets an empty span, so there is one span per page.
    """
    parts: list[str] = []
    first_offset: dict[int, int] = {}
    pos = 0
    for piece in pieces:
        parts.append(piece.sep)
        pos += len(piece.sep)
        first_offset.setdefault(piece.page, pos)
        parts.append(piece.text)
        pos += len(piece.text)
    text = "".join(parts)
    starts = [0] * (page_count + 2)
    starts[page_count + 1] = len(text)
    for page in range(page_count, 0, -1):  # an empty page starts where the next one does
        starts[page] = first_offset.get(page, starts[page + 1])
    starts[1] = 0
    spans = tuple(PageSpan(page, starts[page], starts[page + 1])
                  for page in range(1, page_count + 1))
    return text, spans


@reader(".pdf")
def read_pdf(path: Path, data: bytes) -> Document:
    raw_pages = extract_pages(path, data)
    text, spans = assemble(clean_pages(raw_pages), len(raw_pages))
    if not text.strip():
        raise IngestError(ErrorCode.E003_EMPTY, str(path), "после очистки текста не осталось")
    return build_document(path, data, text, pages=spans)
