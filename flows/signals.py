"""Register evidence waiting to be attached: ``ExternalSignal`` records in JSON lines.

The intake flows (complaints, media) write the signals of each file they read into
``<intake>/pending/`` and attach them at once; ``update_register`` attaches whatever is still
pending (the register was unreachable, a run was killed) and moves each file to
``<intake>/attached/``. Attaching is idempotent by source id, so a file attached twice
changes nothing.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from pathlib import Path

from pipeline.model import EvidenceKind
from pipeline.register.external import ExternalSignal

PENDING = "pending"
ATTACHED = "attached"


def to_record(signal: ExternalSignal) -> dict:
    return {"kind": signal.kind.value, "source_id": signal.source_id, "body": signal.body,
            "jurisdiction": signal.jurisdiction, "function_area": signal.function_area,
            "signals": list(signal.signals), "summary": signal.summary, "link": signal.link,
            "date": signal.date.isoformat() if signal.date else None}


def from_record(record: dict) -> ExternalSignal:
    return ExternalSignal(
        kind=EvidenceKind(record["kind"]), source_id=record["source_id"], body=record["body"],
        jurisdiction=record["jurisdiction"], function_area=record["function_area"],
        signals=tuple(record.get("signals") or ()), summary=record.get("summary") or "",
        link=record.get("link") or "",
        date=dt.date.fromisoformat(record["date"]) if record.get("date") else None)


def write_jsonl(records: Iterable[dict], path: Path) -> Path:
    """All lines or none: written beside the target, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    os.replace(partial, path)
    return path


def read_signals(path: Path) -> list[ExternalSignal]:
    with path.open(encoding="utf-8") as handle:
        return [from_record(json.loads(line)) for line in handle if line.strip()]


def pending_files(intake_dir: Path) -> list[Path]:
    return sorted((intake_dir / PENDING).glob("*.jsonl"))


def mark_attached(path: Path) -> Path:
    target = path.parent.parent / ATTACHED / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, target)
    return target
