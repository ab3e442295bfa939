"""Ingestion: a registry of readers by file type, each turning raw bytes into a Document.

A reader is ``(path, data) -> Document``. ``read_document`` does the checks common to all
types (missing, empty, too large) and turns any unexpected failure of a reader into an
``IngestError`` that names the file, so one bad file never stops a batch.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pipeline.errors import ErrorCode, IngestError
from pipeline.model import Document

Reader = Callable[[Path, bytes], Document]

# 200 MB: the largest code we know is under 5 MB; anything far above is a wrong file.
MAX_BYTES = 200 * 1024 * 1024

_READERS: dict[str, Reader] = {}


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register a reader for file suffixes such as ``".txt"`` (lower case, with the dot)."""

    def register(func: Reader) -> Reader:
        for suffix in suffixes:
            _READERS[suffix.lower()] = func
        return func

    return register


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(_READERS))


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: str | Path, max_bytes: int = MAX_BYTES) -> Document:
    """Read one file into a Document or raise ``IngestError`` naming the file and the reason."""
    path = Path(path)
    if not path.is_file():
        raise IngestError(ErrorCode.E001_NOT_FOUND, str(path))
    func = _READERS.get(path.suffix.lower())
    if func is None:
        raise IngestError(ErrorCode.E002_UNSUPPORTED_TYPE, str(path),
                          f"{path.suffix or 'без расширения'}; поддерживаются: "
                          + ", ".join(supported_suffixes()))
    size = path.stat().st_size
    if size == 0:
        raise IngestError(ErrorCode.E003_EMPTY, str(path))
    if size > max_bytes:
        raise IngestError(ErrorCode.E007_TOO_LARGE, str(path),
                          f"{size} байт > {max_bytes} байт")
    data = path.read_bytes()
    try:
        return func(path, data)
    except IngestError:
        raise
    except Exception as exc:  # a reader library failed on a broken file
        raise IngestError(ErrorCode.E004_CORRUPT, str(path),
                          f"{type(exc).__name__}: {exc}") from exc


def iter_paths(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and supported files found recursively in folders (sorted)."""
    for item in inputs:
        item = Path(item)
        if item.is_dir():
            for child in sorted(item.rglob("*")):
                if child.is_file() and child.suffix.lower() in _READERS \
                        and not child.name.startswith("."):
                    yield child
        else:
            yield item


def read_many(inputs: Iterable[str | Path]) -> Iterator[Document | IngestError]:
    """Documents of a batch in order; a bad file yields its error instead of stopping."""
    for path in iter_paths(inputs):
        try:
            yield read_document(path)
        except IngestError as err:
            yield err


# Importing the reader modules registers them.
from pipeline.ingest import adilet, docx_reader, html, pdf, text  # noqa: E402,F401
