"""Experts' corrections: imported from CSV/XLSX, stored as JSON lines, used by the next train.

A correction file has an ``id`` column and any of ``function_area``, ``sector``, ``signals``
(ids separated by commas or semicolons; «-» or «нет» for none) and ``text`` (needed only for
complaints outside the gold corpus). An empty cell corrects nothing. Russian headers
(«функция», «отрасль», «сигналы», «текст») are accepted too.

The store is an append-only JSONL log, ``.state/feedback/complaints.jsonl`` by default (the
git-ignored state folder of the checkout; ``TAZA_COMPLAINTS_FEEDBACK`` or ``--store`` moves
it): every import appends its rows with the file, line and time, and the latest correction of
an id wins field by field. Training reads it: a correction overrides the gold labels of its
id; corrections of complaints in the gold **test** split are not used (the test split stays
held out), and corrections never change the evaluation gold.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline.complaints.ingest import BadRow, READERS
from pipeline.complaints.taxonomy import load_taxonomy
from pipeline.errors import ErrorCode, IngestError

REPO = Path(__file__).resolve().parents[2]
DEFAULT_STORE = REPO / ".state" / "feedback" / "complaints.jsonl"
COLUMNS = {
    "id": ("id", "номер", "№"),
    "function_area": ("function_area", "функция", "функциональная область", "area"),
    "sector": ("sector", "отрасль", "сфера"),
    "signals": ("signals", "сигналы", "signal"),
    "text": ("text", "текст"),
}
_NONE = {"-", "—", "нет", "none", "[]"}


def store_path() -> Path:
    return Path(os.environ.get("TAZA_COMPLAINTS_FEEDBACK", DEFAULT_STORE))


@dataclass(frozen=True, slots=True)
class Correction:
    id: str
    function_area: str | None = None
    sector: str | None = None
    signals: tuple[str, ...] | None = None     # None: not corrected; (): no signal
    text: str | None = None


@dataclass
class FeedbackImport:
    corrections: list[Correction] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _column(row: dict, name: str):
    folded = {str(k).strip().casefold(): v for k, v in row.items()}
    for candidate in COLUMNS[name]:
        if candidate in folded and folded[candidate] is not None and str(folded[candidate]).strip():
            return str(folded[candidate]).strip()
    return None


def _parse_row(row: dict) -> Correction:
    taxonomy = load_taxonomy()
    key = _column(row, "id")
    if key is None:
        raise ValueError("нет id / no id")
    if key.endswith(".0") and key[:-2].isdigit():          # numbers read from Excel
        key = key[:-2]
    area, sector, raw_signals = (_column(row, n) for n in ("function_area", "sector", "signals"))
    if area is not None and area not in taxonomy.function_areas:
        raise ValueError(f"неизвестная функция / unknown function area {area!r}")
    if sector is not None and sector not in taxonomy.sectors:
        raise ValueError(f"неизвестная отрасль / unknown sector {sector!r}")
    signals = None
    if raw_signals is not None:
        signals = () if raw_signals.lower() in _NONE else tuple(
            s for s in (p.strip() for p in re.split(r"[,;\s]+", raw_signals)) if s)
        unknown = [s for s in signals if s not in taxonomy.signals]
        if unknown:
            raise ValueError(f"неизвестные сигналы / unknown signals {unknown}")
    if area is None and sector is None and signals is None:
        raise ValueError("нет исправленных меток / no corrected label")
    return Correction(key, area, sector, signals, _column(row, "text"))


def read_feedback(path: Path) -> FeedbackImport:
    """Corrections of one file; a bad row is reported with file and line, the others kept."""
    if not path.is_file():
        raise IngestError(ErrorCode.E001_NOT_FOUND, str(path))
    reader = READERS.get(path.suffix.lower())
    if reader is None or path.suffix.lower() == ".json":
        raise IngestError(ErrorCode.E002_UNSUPPORTED_TYPE, str(path), "CSV, XLSX или JSONL")
    result = FeedbackImport()
    for line, row in reader(path):
        try:
            if isinstance(row, BadRow) or not isinstance(row, dict):
                raise ValueError(str(row))
            result.corrections.append(_parse_row(row))
        except ValueError as exc:
            result.errors.append(f"[{ErrorCode.E009_MALFORMED.value}] {path}:{line}: {exc}")
    return result


def store(corrections: list[Correction], source: Path, path: Path | None = None) -> Path:
    """Append the corrections to the log; returns the store's path."""
    path = path or store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with path.open("a", encoding="utf-8") as handle:
        for c in corrections:
            record = {"id": c.id, "function_area": c.function_area, "sector": c.sector,
                      "signals": list(c.signals) if c.signals is not None else None,
                      "text": c.text, "source": str(source), "imported_at": stamp}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def load_corrections(path: Path | None = None) -> dict[str, Correction]:
    """The stored corrections, the latest of an id winning field by field."""
    path = path or store_path()
    merged: dict[str, Correction] = {}
    if not path.is_file():
        return merged
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        old = merged.get(r["id"], Correction(r["id"]))
        signals = tuple(r["signals"]) if r.get("signals") is not None else old.signals
        merged[r["id"]] = Correction(r["id"], r.get("function_area") or old.function_area,
                                     r.get("sector") or old.sector, signals,
                                     r.get("text") or old.text)
    return merged
