"""The complaints gold corpus: ``corpora/complaints/labels.jsonl`` (ids, split, labels with
offsets) joined with the texts of ../shared/data (the appeals state no licence, so the repo
holds no text)."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ErrorCode, IngestError

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

    @property
    def signal_ids(self) -> frozenset[str]:
        return frozenset(s.signal for s in self.signals)


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


def load_texts(path: Path | None = None) -> dict[str, str]:
    """Appeal id (as a string) → the complainant's text."""
    path = path or texts_path()
    if not path.is_file():
        raise IngestError(ErrorCode.E001_NOT_FOUND, str(path))
    return {str(r["id"]): r["text"] for r in read_jsonl(path)}


def load_gold(labels: Path = DEFAULT_LABELS, texts: Path | None = None,
              split: str | None = None) -> list[GoldComplaint]:
    """Gold complaints in file order, optionally one split; an id without a text is an error."""
    if not labels.is_file():
        raise IngestError(ErrorCode.E001_NOT_FOUND, str(labels))
    by_id = load_texts(texts)
    gold = []
    for line_no, r in enumerate(read_jsonl(labels), 1):
        if split and r["split"] != split:
            continue
        key = str(r["id"])
        if key not in by_id:
            raise IngestError(ErrorCode.E009_MALFORMED, f"{labels}:{line_no}",
                              f"нет текста для id {key} / no text for id {key}")
        gold.append(GoldComplaint(key, r["split"], by_id[key], r["function_area"], r["sector"],
                                  tuple(SignalLabel(s["signal"], s["start"], s["end"])
                                        for s in r.get("signals", ()))))
    return gold
