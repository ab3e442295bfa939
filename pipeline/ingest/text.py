"""Plain-text reader: UTF-8 (with or without BOM), UTF-16 with BOM, and legacy CP1251.

The text is only normalised (newlines, no-break spaces, trailing spaces); amendment lists
and other header noise stay, so offsets match the file line by line.
"""
from __future__ import annotations

import codecs
import re
import string
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.errors import ErrorCode, IngestError
from pipeline.ingest import reader
from pipeline.ingest.cleanup import normalise_text
from pipeline.ingest.metadata import build_document
from pipeline.model import Document

# The legacy encoding of Russian-language Windows documents in all three countries.
LEGACY_ENCODING = "cp1251"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than layout ones, replacement character, private use area.
_BAD = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
# Latin and Cyrillic letters (Kazakh and Kyrgyz letters included), digits, spaces,
# punctuation and the symbols of legal texts.
_GOOD = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u052f0-9\s"
                   + re.escape(string.punctuation + "№§«»„“”‘’–—…•°±×€₽₸") + "]")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
# Shares that a decoded text of this project must reach (see ``looks_like_text``).
_MAX_BAD_SHARE = 0.01
_MIN_GOOD_SHARE = 0.9
_MIN_LOWER_CYRILLIC = 0.5


def has_binary_noise(text: str) -> bool:
    """Control characters beyond newlines and tabs: the bytes were not text."""
    return bool(text) and len(_BAD.findall(text)) / len(text) > _MAX_BAD_SHARE


def looks_like_text(text: str) -> bool:
    """Whether bytes decoded with a guessed code page read as Cyrillic/Latin prose.

    Binary garbage yields control characters and odd symbols; a wrong Cyrillic code page
    (KOI8-R read as CP1251) yields mostly capitals, while acts are mostly lower case.
    """
    if not text:
        return True
    if has_binary_noise(text) or len(_GOOD.findall(text)) / len(text) < _MIN_GOOD_SHARE:
        return False
    cyrillic = _CYRILLIC.findall(text)
    lower = sum(1 for ch in cyrillic if ch.islower())
    return len(cyrillic) < 20 or lower / len(cyrillic) >= _MIN_LOWER_CYRILLIC


def _try_decode(data: bytes, encoding: str, guessed: bool = True) -> str | None:
    """``data`` decoded, or None; a guessed code page must also give plausible text."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    plausible = looks_like_text(text) if guessed else not has_binary_noise(text)
    return text if plausible else None


def decode_bytes(data: bytes, path: Path | str) -> str:
    """Text of ``data``: strict UTF-8 first, then CP1251, then charset-normalizer's guess.

    Raises ``IngestError`` E006 naming the file when nothing decodes into plausible text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try_decode(data, encoding, guessed=False)
            if text is None:
                break
            return text
    else:
        if (text := _try_decode(data, "utf-8", guessed=False)) is not None:
            return text
        if (text := _try_decode(data, LEGACY_ENCODING)) is not None:
            return text
        best = from_bytes(data).best()
        if best is not None and (text := _try_decode(data, best.encoding)) is not None:
            return text
    raise IngestError(ErrorCode.E006_ENCODING, str(path),
                      "ни UTF-8, ни CP1251 / neither UTF-8 nor CP1251")


@reader(".txt")
def read_text(path: Path, data: bytes) -> Document:
    text = normalise_text(decode_bytes(data, path))
    if not text.strip():
        raise IngestError(ErrorCode.E003_EMPTY, str(path), "только пробелы / whitespace only")
    return build_document(path, data, text)
