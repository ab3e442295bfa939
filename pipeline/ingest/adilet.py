"""Adilet chunk JSONL: one act rebuilt from its retrieval chunks.

Each line is a unit of an article (``article``, ``article_title``, ``unit_type``,
``unit_number``, ``text``); the text opens with a ``[slug | Статья N … | пункт M]`` prefix
and repeats the lead-in sentence of its article. The act is rebuilt as «Статья N. Title»
headings followed by the units, each lead-in once, so the usual structure parser reads it.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ErrorCode, IngestError
from pipeline.ingest import reader
from pipeline.ingest.cleanup import normalise_text
from pipeline.ingest.metadata import build_document
from pipeline.ingest.text import decode_bytes
from pipeline.model import Document, DocumentKind, Jurisdiction

REQUIRED_FIELDS = ("article", "text")
# A line made only of a chunk marker: «[ocorrupt | Статья 4. … | пункт 1]», «[intro]».
_MARKER_LINE = re.compile(r"^\s*\[[^\[\]\n]*\]\s*$")


@dataclass(frozen=True, slots=True)
class ActInfo:
    title: str
    number: str
    date: dt.date


# Acts whose chunks we read: the id of adilet.zan.kz → what the chunks do not say.
KNOWN_ACTS = {
    "Z1500000410": ActInfo("О противодействии коррупции", "410-V", dt.date(2015, 11, 18)),
}


@dataclass(frozen=True, slots=True)
class Chunk:
    line: int          # 1-based line of the JSONL file
    doc_id: str | None
    article: str
    article_title: str
    text: str


def parse_chunks(lines: Iterable[str], path: Path) -> Iterator[Chunk]:
    """Chunks of a JSONL file; E009 names the line of the first malformed record."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise IngestError(ErrorCode.E009_MALFORMED, str(path),
                              f"строка {number}: неверный JSON / line {number}: "
                              f"invalid JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise IngestError(ErrorCode.E009_MALFORMED, str(path),
                              f"строка {number}: не объект / line {number}: not an object")
        missing = [name for name in REQUIRED_FIELDS
                   if not isinstance(record.get(name), str | int) or record.get(name) == ""]
        if missing:
            raise IngestError(ErrorCode.E009_MALFORMED, str(path),
                              f"строка {number}: нет полей / line {number}: missing fields "
                              + ", ".join(missing))
        yield Chunk(number, record.get("doc_id"), str(record["article"]).strip(),
                    str(record.get("article_title") or "").strip(), str(record["text"]))


def unit_lines(text: str) -> list[str]:
    """Lines of a chunk without its markers and blank lines."""
    text = normalise_text(text)
    return [line.strip() for line in text.split("\n")
            if line.strip() and not _MARKER_LINE.match(line)]


def article_lines(chunks: Sequence[Chunk]) -> list[str]:
    """Heading and units of one article; a lead-in repeated by later chunks is kept once."""
    first = chunks[0]
    heading = f"Статья {first.article}."
    lines = [f"{heading} {first.article_title}" if first.article_title else heading]
    emitted: set[str] = set()
    for chunk in chunks:
        body = unit_lines(chunk.text)
        skip = 0
        while skip < len(body) and body[skip] in emitted:  # the repeated lead-in
            skip += 1
        for line in body[skip:]:
            lines.append(line)
            emitted.add(line)
    return lines


def rebuild_act(chunks: Sequence[Chunk]) -> str:
    """The act text: articles in the order of their first chunk."""
    by_article: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        by_article.setdefault(chunk.article, []).append(chunk)
    return "\n".join(line for group in by_article.values() for line in article_lines(group))


@reader(".jsonl")
def read_adilet(path: Path, data: bytes) -> Document:
    # split on newlines only: JSON strings may hold U+2028, which splitlines() would cut
    lines = decode_bytes(data, path).replace("\r\n", "\n").split("\n")
    chunks = list(parse_chunks(lines, path))
    if not chunks:
        raise IngestError(ErrorCode.E003_EMPTY, str(path), "нет записей / no records")
    text = rebuild_act(chunks)
    info = KNOWN_ACTS.get(chunks[0].doc_id or "")
    return build_document(
        path, data, text,
        kind=DocumentKind.ACT,
        jurisdiction=Jurisdiction.KZ,
        title=info.title if info else None,
        number=info.number if info else None,
        date=info.date if info else None,
    )
