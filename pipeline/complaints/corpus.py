"""The complaints gold corpus: ``corpora/complaints/labels.jsonl`` (ids, split, labels with
offsets) joined with the texts of ../shared/data (the appeals state no licence, so the repo
holds no text) and the portal's own labels of each appeal (object, category, reason)."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ErrorCode, IngestError

PORTAL_FIELDS = ("city_object", "category", "reason")
REPO = Path(__file__).resolve().parents[2]
DEFAULT_LABELS = REPO / "corpora" / "complaints" / "labels.jsonl"
DEFAULT_TEXTS = (REPO.parent / "shared" / "data" / "complaints" / "spb-appeals-nash-spb"
                 / "appeals_dev.jsonl")


def texts_path() -> Path:
    return Path(os.environ.get("TAZA_COMPLAINT_TEXTS", DEFAULT_TEXTS))


@dataclass(frozen=True, slots=True)
class SignalLabel:
    signal: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GoldComplaint:
    id: str
    split: str                  # "dev" or "test" (fixed by a hash of the id)
    text: str
    function_area: str
    sector: str
    signals: tuple[SignalLabel, ...]
    city_object: str = ""       # the portal's labels, picked by the citizen
    category: str = ""
    reason: str = ""

    @property
    def signal_ids(self) -> frozenset[str]:
        return frozenset(s.signal for s in self.signals)

    @property
    def portal(self) -> dict[str, str]:
        return {"city_object": self.city_object, "category": self.category, "reason": self.reason}


def read_jsonl(path: Path) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise IngestError(ErrorCode.E009_MALFORMED, f"{path}:{line_no}", exc.msg) from exc
    return records


def load_appeals(path: Path | None = None) -> dict[str, dict]:
    """Appeal id (as a string) → its record (``text``, ``category``, ``reason`` …)."""
    path = path or texts_path()
    if not path.is_file():
        raise IngestError(ErrorCode.E001_NOT_FOUND, str(path))
    return {str(r["id"]): r for r in read_jsonl(path)}


def load_texts(path: Path | None = None) -> dict[str, str]:
    """Appeal id (as a string) → the complainant's text."""
    return {key: r["text"] for key, r in load_appeals(path).items()}


def load_gold(labels: Path = DEFAULT_LABELS, texts: Path | None = None,
              split: str | None = None) -> list[GoldComplaint]:
    """Gold complaints in file order, optionally one split; an id without a text is an error."""
    if not labels.is_file():
        raise IngestError(ErrorCode.E001_NOT_FOUND, str(labels))
    by_id = load_appeals(texts)
    gold = []
    for line_no, r in enumerate(read_jsonl(labels), 1):
        if split and r["split"] != split:
            continue
        key = str(r["id"])
        if key not in by_id:
            raise IngestError(ErrorCode.E009_MALFORMED, f"{labels}:{line_no}",
                              f"нет текста для id {key} / no text for id {key}")
        appeal = by_id[key]
        gold.append(GoldComplaint(key, r["split"], appeal["text"], r["function_area"], r["sector"],
                                  tuple(SignalLabel(s["signal"], s["start"], s["end"])
                                        for s in r.get("signals", ())),
                                  *(str(appeal.get(f) or "") for f in PORTAL_FIELDS)))
    return gold
