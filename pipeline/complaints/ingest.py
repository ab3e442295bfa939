"""Complaints from CSV, XLSX, JSON and JSONL with a column mapping.

Readers are registered by file suffix and yield ``(line, row)``; the mapping picks the
columns (``text`` is required; ``id``, ``date``, ``author``, ``addressee``, ``region`` and the
portal's own labels ``city_object``, ``category``, ``reason`` are optional and found under
common Russian and English names unless given). A bad file is
reported with its name and reason, a bad row with file and line, and the batch goes on.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ErrorCode, IngestError

FIELDS = ("id", "text", "date", "author", "addressee", "region", "city_object", "category",
          "reason")

# Default column names, compared case-insensitively after stripping; the first found wins.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "номер", "№", "номер обращения", "appeal_id"),
    "text": ("text", "текст", "текст обращения", "обращение", "содержание", "message", "body"),
    "date": ("date", "дата", "дата обращения", "created", "created_at"),
    "author": ("author", "автор", "заявитель", "фио", "фио заявителя", "name", "complainant"),
    "addressee": ("addressee", "адресат", "орган", "кому", "answer_org", "organization"),
    "region": ("region", "регион", "район", "district", "область", "город"),
    "city_object": ("city_object", "объект", "объект городской среды"),
    "category": ("category", "категория"),
    "reason": ("reason", "причина", "повод"),
}


@dataclass(frozen=True, slots=True)
class Complaint:
    id: str
    text: str
    source: str                     # "file:line"
    date: str | None = None
    author: str | None = None
    addressee: str | None = None
    region: str | None = None
    city_object: str | None = None  # the portal's labels, where the source has them
    category: str | None = None
    reason: str | None = None

    @property
    def portal(self) -> dict[str, str]:
        return {"city_object": self.city_object or "", "category": self.category or "",
                "reason": self.reason or ""}


@dataclass
class IngestResult:
    complaints: list[Complaint] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_mapping(spec: str | None) -> dict[str, str]:
    """``"text=Текст,author=ФИО"`` → ``{"text": "Текст", "author": "ФИО"}``."""
    mapping: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        key, sep, column = part.partition("=")
        key = key.strip()
        if not sep or key not in FIELDS or not column.strip():
            raise ValueError(f"неверное сопоставление {part!r}: ожидается поле=столбец, поля: "
                             f"{', '.join(FIELDS)} / bad mapping")
        mapping[key] = column.strip()
    return mapping


class BadRow(str):
    """A row the file format could not parse (its reason); the next rows are still read."""


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    if not raw.strip():
        raise IngestError(ErrorCode.E003_EMPTY, str(path))
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(ErrorCode.E006_ENCODING, str(path))


def _read_csv(path: Path) -> Iterator[tuple[int, dict]]:
    text = _decode(path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    for row in reader:
        if None in row:                      # more cells than header columns
            yield reader.line_num, BadRow("лишние ячейки / more cells than columns")
            continue
        yield reader.line_num, row


def _read_xlsx(path: Path) -> Iterator[tuple[int, dict]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise IngestError(ErrorCode.E004_CORRUPT, str(path), str(exc)) from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise IngestError(ErrorCode.E003_EMPTY, str(path))
        names = [str(h).strip() if h is not None else "" for h in header]
        for line, values in enumerate(rows, 2):
            if values is None or all(v is None for v in values):
                continue
            yield line, {n: v for n, v in zip(names, values) if n}
    finally:
        book.close()


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    for line, raw in enumerate(_decode(path).splitlines(), 1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            row = BadRow(f"неверный JSON / invalid JSON: {exc.msg}")
        yield line, row


def _read_json(path: Path) -> Iterator[tuple[int, dict]]:
    try:
        data = json.loads(_decode(path))
    except json.JSONDecodeError as exc:
        raise IngestError(ErrorCode.E009_MALFORMED, str(path), f"строка {exc.lineno}: {exc.msg}") from exc
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise IngestError(ErrorCode.E009_MALFORMED, str(path),
                              "ожидается список обращений / expected a list of complaints")
        data = lists[0]
    if not isinstance(data, list):
        raise IngestError(ErrorCode.E009_MALFORMED, str(path), "ожидается список / expected a list")
    for n, row in enumerate(data, 1):      # JSON has no lines per record: the item number
        yield n, row


READERS: dict[str, Callable[[Path], Iterator[tuple[int, dict]]]] = {
    ".csv": _read_csv, ".tsv": _read_csv, ".xlsx": _read_xlsx, ".jsonl": _read_jsonl,
    ".json": _read_json,
}


def _resolve_columns(columns: Iterable[str], mapping: dict[str, str]) -> dict[str, str]:
    by_folded = {str(c).strip().casefold(): c for c in columns}
    resolved = {}
    for name in FIELDS:
        wanted = (mapping[name],) if name in mapping else DEFAULT_COLUMNS[name]
        for candidate in wanted:
            if candidate.strip().casefold() in by_folded:
                resolved[name] = by_folded[candidate.strip().casefold()]
                break
    return resolved


def _cell(row: dict, column: str | None) -> str | None:
    if column is None:
        return None
    value = row.get(column)
    if value is None:
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.strip() or None


def read_complaints(path: Path, mapping: dict[str, str] | None = None) -> IngestResult:
    """One file; raises ``IngestError`` for a bad file, reports bad rows in the result."""
    mapping = mapping or {}
    result = IngestResult()
    if not path.is_file():
        raise IngestError(ErrorCode.E001_NOT_FOUND, str(path))
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise IngestError(ErrorCode.E002_UNSUPPORTED_TYPE, str(path), path.suffix or "без расширения")
    columns: dict[str, str] | None = None
    for line, row in reader(path):
        where = f"{path}:{line}"
        if isinstance(row, BadRow):
            result.errors.append(f"[{ErrorCode.E009_MALFORMED.value}] {where}: {row}")
            continue
        if not isinstance(row, dict):
            result.errors.append(f"[{ErrorCode.E009_MALFORMED.value}] {where}: ожидается объект "
                                 "/ expected an object")
            continue
        if columns is None or path.suffix.lower() in (".json", ".jsonl"):
            columns = _resolve_columns(row.keys(), mapping)
            if "text" not in columns and path.suffix.lower() not in (".json", ".jsonl"):
                raise IngestError(ErrorCode.E009_MALFORMED, str(path),
                                  f"нет столбца текста (ищем {mapping.get('text') or ', '.join(DEFAULT_COLUMNS['text'])}) "
                                  "/ no text column")
        text = _cell(row, columns.get("text"))
        if not text:
            result.errors.append(f"[{ErrorCode.E003_EMPTY.value}] {where}: нет текста "
                                 "обращения / empty complaint text")
            continue
        result.complaints.append(Complaint(
            id=_cell(row, columns.get("id")) or f"{path.stem}:{line}", text=text, source=where,
            date=_cell(row, columns.get("date")), author=_cell(row, columns.get("author")),
            addressee=_cell(row, columns.get("addressee")),
            region=_cell(row, columns.get("region")),
            **{f: _cell(row, columns.get(f)) for f in ("city_object", "category", "reason")}))
    if not result.complaints and not result.errors:
        raise IngestError(ErrorCode.E003_EMPTY, str(path))
    return result


def read_many(paths: Iterable[Path], mapping: dict[str, str] | None = None) -> IngestResult:
    """Every file; a bad file is reported and skipped, the batch goes on."""
    total = IngestResult()
    for path in paths:
        try:
            one = read_complaints(path, mapping)
        except IngestError as err:
            total.errors.append(str(err))
            continue
        total.complaints.extend(one.complaints)
        total.errors.extend(one.errors)
    return total
