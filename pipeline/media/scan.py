"""``taza media scan``: publications in, one result per publication out, same order.

The stable output record is exactly ``{"id", "is_signal", "confidence", "event_types",
"organizations", "persons", "evidence"}`` (``ScanResult.record``); everything else (linked
bodies, rule ids, story cluster, jurisdiction) is in ``ScanResult.details`` for the optional
details file and the register.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy

from pipeline.errors import ErrorCode, IngestError
from pipeline.media.aliases import LinkedOrg, load_alias_index
from pipeline.media.cues import CueMatcher
from pipeline.media.detect import Decision, Evidence, collect, decide_by_rules
from pipeline.media.ingest import MediaItem

CONTRACT_KEYS = ("id", "is_signal", "confidence", "event_types", "organizations", "persons",
                 "evidence")
MAX_EVIDENCE = 400
BATCH = 32
DEFAULT_JURISDICTION = {"tengrinews": "KZ", "telegram": "RU", "golunov": "RU"}


@dataclass(frozen=True)
class ScanResult:
    item: MediaItem
    decision: Decision
    organizations: tuple[LinkedOrg, ...]
    persons: tuple[str, ...]
    evidence: str
    jurisdiction: str | None
    cluster: str | None = None

    @property
    def id(self) -> str:
        return self.item.id

    def record(self) -> dict:
        """The stable interface: exactly ``CONTRACT_KEYS``."""
        return {"id": self.item.id, "is_signal": self.decision.is_signal,
                "confidence": round(float(self.decision.confidence), 4),
                "event_types": list(self.decision.event_types),
                "organizations": [o.text for o in self.organizations],
                "persons": list(self.persons), "evidence": self.evidence}

    def details(self) -> dict:
        return {**self.record(), "title": self.item.title, "published": self.item.published,
                "source": self.item.source, "url": self.item.url, "set": self.item.set,
                "jurisdiction": self.jurisdiction, "cluster": self.cluster,
                "rule_ids": list(self.decision.rule_ids),
                "bodies": [{"name": o.text, "body_id": o.body_id, "body": o.body_name,
                            "jurisdiction": o.jurisdiction, "kind": o.kind, "link": o.method}
                           for o in self.organizations]}


@dataclass(frozen=True)
class Analysis:
    """One publication read by the scanner, before the decision (cross-validation decides
    the same analyses with models fitted on other folds)."""
    item: MediaItem
    evidence: Evidence
    lemmas: str
    head: str
    organizations: tuple[LinkedOrg, ...]
    persons: tuple[str, ...]
    jurisdiction: str | None
    # navec text vector (``pipeline.media.dense``); an array has no plain equality or hash
    dense: numpy.ndarray | None = field(default=None, compare=False)

    def result(self, decision: Decision, cluster: str | None = None) -> ScanResult:
        return ScanResult(self.item, decision, self.organizations, self.persons,
                          _evidence(self.item.full_text, decision.evidence_span),
                          self.jurisdiction, cluster)


def _evidence(text: str, span: tuple[int, int] | None) -> str:
    if span is None:
        return ""
    snippet = " ".join(text[span[0]:span[1]].split())
    if len(snippet) > MAX_EVIDENCE:
        cut = snippet.rfind(" ", 0, MAX_EVIDENCE)
        snippet = snippet[:cut if cut > 0 else MAX_EVIDENCE] + "…"
    return snippet


class MediaScanner:
    """Cues, decision (rules, or the model when one is given), entities, per batch."""

    def __init__(self, model=None, entities: bool = True) -> None:
        from pipeline.nlp import get_nlp

        self.nlp = get_nlp()
        self.cues = CueMatcher()
        self.model = model
        self.entities = entities
        self.aliases = load_alias_index()

    def scan(self, items: Sequence[MediaItem], clusters: dict[str, str] | None = None,
             batch: int = BATCH) -> Iterator[ScanResult]:
        for start in range(0, len(items), batch):
            yield from self._scan_batch(items[start:start + batch], clusters or {})

    def analyse(self, items: Sequence[MediaItem], batch: int = BATCH) -> Iterator[Analysis]:
        """Everything but the decision: cue evidence, the model's record, entities."""
        for start in range(0, len(items), batch):
            yield from self._analyse_batch(items[start:start + batch])

    def _analyse_batch(self, items: Sequence[MediaItem]) -> list[Analysis]:
        from pipeline.media.entities import assemble, mentions_of
        from pipeline.media.model import make_record

        texts = [item.full_text for item in items]
        docs = list(self.nlp.pipe(texts))
        mentions = mentions_of(texts) if self.entities else [[] for _ in texts]
        out = []
        for item, text, doc, found in zip(items, texts, docs, mentions):
            title_end = len(item.title) + 1 if item.title and text.startswith(item.title) else 0
            evidence = collect(text, self.cues(doc), title_end)
            record = make_record(evidence, doc, text, title_end)
            jurisdiction = self.aliases.guess_jurisdiction(text, DEFAULT_JURISDICTION.get(item.set))
            ents = assemble(found, doc, jurisdiction, self.aliases) if self.entities else None
            out.append(Analysis(item, evidence, record[1], record[2],
                                ents.organizations if ents else (), ents.persons if ents else (),
                                jurisdiction, record[3]))
        return out

    def _scan_batch(self, items: Sequence[MediaItem], clusters: dict[str, str]) -> list[ScanResult]:
        results = []
        for a in self._analyse_batch(items):
            decision = self.model.decide(a.evidence, a.lemmas, a.head, a.dense) \
                if self.model is not None else decide_by_rules(a.evidence)
            results.append(a.result(decision, clusters.get(a.item.id)))
        return results


def read_scan_input(path: Path) -> tuple[list[MediaItem], list[IngestError]]:
    """The ``taza media scan`` JSONL contract: ``{"id", "text", "title"?, "published"?}`` per
    line. A bad line is an error naming the file and line; the other lines are still read."""
    items, errors = [], []
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [IngestError(ErrorCode.E006_ENCODING, str(path), f"не UTF-8, байт {exc.start}")]
    for line_no, line in enumerate(raw.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{line_no}"
        try:
            r = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(IngestError(ErrorCode.E009_MALFORMED, where, f"JSON: {exc.msg}"))
            continue
        if not isinstance(r, dict) or not isinstance(r.get("id"), str) \
                or not isinstance(r.get("text"), str):
            errors.append(IngestError(ErrorCode.E009_MALFORMED, where,
                                      "нужны строковые поля id и text / id and text strings needed"))
            continue
        items.append(MediaItem(r["id"], r["text"], title=r.get("title") or "",
                               published=r.get("published"), set=r.get("set") or "custom"))
    return items, errors
