"""Classified complaints into the risk register (``taza complaints intake``).

Each complaint is read (``ingest.read_many``), its complainant's personal data masked, then
classified. A complaint that carries at least one corruption signal becomes evidence of the
risk of the body it is addressed to (the ``addressee`` column; else the first organisation
named in it) in its function area — ``pipeline.register.external``. With ``every=True`` the
complaints without signals are attached as well, so the register counts all the appeals
about a body's function (the trend by quarter in the exports).

A complaint that the classifier could not place (``function_area`` null) goes to the area
``other``: it stays visible in the register instead of being dropped.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.complaints.classify import ComplaintClassifier, Item
from pipeline.complaints.entities import tag_entities
from pipeline.complaints.ingest import Complaint
from pipeline.complaints.privacy import mask
from pipeline.model import EvidenceKind
from pipeline.register.external import ExternalSignal

SUMMARY_CHARS = 300
JURISDICTIONS = ("KZ", "KG", "RU")


def parse_day(value: str | None) -> dt.date | None:
    """«2021-03-14 10:22:05», «14.03.2021» → a date; anything else → None."""
    text = (value or "").strip()
    for fmt, width in (("%Y-%m-%d", 10), ("%d.%m.%Y", 10)):
        try:
            return dt.datetime.strptime(text[:width], fmt).date()
        except ValueError:
            continue
    return None


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SUMMARY_CHARS else flat[:SUMMARY_CHARS - 1].rstrip() + "…"


@dataclass(slots=True)
class Intake:
    signals: list[ExternalSignal] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)   # classify output + masked text
    without_signal: int = 0


def classify_complaints(complaints: Sequence[Complaint], classifier: ComplaintClassifier,
                        jurisdiction: str, every: bool = False) -> Intake:
    """Masked, classified complaints and the register evidence they give."""
    if jurisdiction not in JURISDICTIONS:
        raise ValueError(f"юрисдикция {jurisdiction!r}: ожидается одна из {JURISDICTIONS}")
    intake = Intake()
    if not complaints:
        return intake
    entities = tag_entities([c.text for c in complaints])
    masked = [mask(c.text, c.author, c.addressee, e).text for c, e in zip(complaints, entities)]
    records = classifier.classify([Item(c.id, m, **c.portal) for c, m in zip(complaints, masked)])
    for complaint, text, record in zip(complaints, masked, records):
        intake.records.append(record | {"text": text, "addressee": complaint.addressee,
                                        "date": complaint.date})
        if not record["signals"]:
            intake.without_signal += 1
            if not every:
                continue
        orgs = [e["text"] for e in record["entities"] if e["type"] == "ORG"]
        body = (complaint.addressee or "").strip() or (orgs[0] if orgs else None)
        intake.signals.append(ExternalSignal(
            kind=EvidenceKind.COMPLAINT, source_id=f"complaint:{complaint.id}", body=body,
            jurisdiction=jurisdiction, function_area=record["function_area"] or "other",
            signals=tuple(record["signals"]), summary=_excerpt(text), link=complaint.source,
            date=parse_day(complaint.date)))
    return intake


def batches(items: Sequence[Complaint], size: int = 256) -> Iterable[Sequence[Complaint]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
