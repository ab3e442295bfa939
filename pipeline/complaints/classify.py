"""``taza complaints classify``: the stable interface.

Input lines ``{"id": str, "text": str}``, optionally with the portal's own labels
``"city_object"``, ``"category"``, ``"reason"`` (strings; they help on terse texts); output lines ``{"id", "function_area" (id or null),
"function_area_confidence", "sector" (id or null), "signals": [ids], "entities": [{"text",
"type"}]}``, one per input, same order. Null means «needs review»: the model's confidence is
below the abstain threshold chosen on dev. A signal is reported when one of its rules fires and
its model does not veto the hit (probability below the signal's gate, chosen on dev), or when
its model is confident. Entities are the bodies (ORG), places (LOC) and officials (PER) named
in the complaint; persons who are not officials (the complainant, neighbours) are personal
data and are never exported.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy

from pipeline.complaints.corpus import PORTAL_FIELDS
from pipeline.complaints.entities import tag_entities, unique
from pipeline.complaints.features import matrix, prepare
from pipeline.complaints.model import ComplaintModel
from pipeline.complaints.privacy import apply_mask, is_official, load_privacy_rules, personal_spans
from pipeline.complaints.signals import SignalHit, SignalRules
from pipeline.errors import ErrorCode, IngestError
from pipeline.nlp import get_nlp

BATCH = 256


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    text: str
    city_object: str = ""       # the portal's labels, when the source has them
    category: str = ""
    reason: str = ""

    @property
    def portal(self) -> dict[str, str]:
        return {"city_object": self.city_object, "category": self.category, "reason": self.reason}


def read_input(path: Path) -> list[Item]:
    """The JSONL input; a line without a string ``id`` and ``text`` stops with its line."""
    items = []
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise IngestError(ErrorCode.E009_MALFORMED, f"{path}:{line_no}", exc.msg) from exc
            if not isinstance(record, dict) or not isinstance(record.get("text"), str) \
                    or not isinstance(record.get("id"), (str, int)):
                raise IngestError(ErrorCode.E009_MALFORMED, f"{path}:{line_no}",
                                  'ожидается {"id": str, "text": str} / expected id and text')
            portal = {f: record[f] for f in PORTAL_FIELDS if isinstance(record.get(f), str)}
            items.append(Item(str(record["id"]), record["text"], **portal))
    return items


def _model_evidence(text: str, doc, pipeline) -> tuple[int, int]:
    """For a signal only the model saw: the sentence it finds most telling."""
    from razdel import sentenize

    from pipeline.complaints.features import rule_string

    sentences = [(s.start, s.stop) for s in sentenize(text)] or [(0, len(text))]
    if len(sentences) == 1:
        return sentences[0]
    parts = list(get_nlp().pipe([text[a:b] for a, b in sentences]))
    rows = numpy.empty((len(parts), 4), dtype=object)
    for i, (part, (a, b)) in enumerate(zip(parts, sentences)):
        from pipeline.complaints.features import lemma_string, portal_string

        rows[i] = (lemma_string(part), text[a:b].lower(), rule_string(()), portal_string(None))
    rows = rows[:, :getattr(pipeline[0], "n_features_in_", rows.shape[1])]   # v1, v2: 3 columns
    best = int(pipeline.predict_proba(rows)[:, 1].argmax())
    return sentences[best]


class ComplaintClassifier:
    def __init__(self, model: ComplaintModel | None = None, rules: SignalRules | None = None,
                 entities: bool = True) -> None:
        self.model = model or ComplaintModel.load()
        self.rules = rules or SignalRules()
        self.entities = entities
        self._privacy = load_privacy_rules()

    def _task(self, task: str, Xf) -> tuple[list[str | None], numpy.ndarray]:
        classifier = self.model.tasks[task][-1]
        proba = classifier.predict_proba(Xf)
        best = classifier.classes_[proba.argmax(axis=1)]
        confidence = proba.max(axis=1)
        threshold = self.model.threshold(task)
        return [str(b) if c >= threshold else None for b, c in zip(best, confidence)], confidence

    def classify(self, items: Sequence[Item], evidence: bool = False) -> list[dict]:
        """One output record per item, same order."""
        if not items:
            return []
        texts = [i.text for i in items]
        prepared = prepare(texts, self.rules, portal=[i.portal for i in items])
        Xf = self.model.features(matrix(prepared))
        areas, area_conf = self._task("function_area", Xf)
        sectors, sector_conf = self._task("sector", Xf)
        signal_proba = {s: m[-1].predict_proba(Xf)[:, list(m.classes_).index(1)]
                        for s, m in self.model.signal_models.items()}
        found = tag_entities(texts) if self.entities else [[] for _ in texts]
        records = []
        for n, (item, p) in enumerate(zip(items, prepared)):
            by_signal: dict[str, SignalHit] = {}
            for hit in p.hits:      # a rule hit stands unless the signal's model vetoes it
                if hit.signal not in signal_proba or \
                        signal_proba[hit.signal][n] >= self.model.signal_gate(hit.signal):
                    by_signal.setdefault(hit.signal, hit)
            for signal, proba in signal_proba.items():
                if signal not in by_signal and proba[n] >= self.model.signal_threshold(signal):
                    by_signal[signal] = SignalHit(signal, "model", 0, 0, "")
            entities = [e for e in unique(found[n])
                        if e.type != "PER" or is_official(item.text, e, self._privacy)]
            record = {"id": item.id, "function_area": areas[n],
                      "function_area_confidence": round(float(area_conf[n]), 4),
                      "sector": sectors[n],
                      "signals": sorted(by_signal),
                      "entities": [{"text": e.text, "type": e.type} for e in entities]}
            if evidence:
                record["sector_confidence"] = round(float(sector_conf[n]), 4)
                record["evidence"] = self._evidence(item.text, p.doc, found[n], by_signal,
                                                    {s: float(v[n]) for s, v in signal_proba.items()})
            records.append(record)
        return records

    def _evidence(self, text, doc, entities, by_signal, proba) -> list[dict]:
        """Where each signal shows, with the complainant's personal data masked."""
        private = personal_spans(text, entities)
        out = []
        for signal in sorted(by_signal):
            hit = by_signal[signal]
            start, end = hit.start, hit.end
            if hit.rule_id == "model":
                start, end = _model_evidence(text, doc, self.model.signal_models[signal])
            inside = [(k, max(s, start) - start, min(e, end) - start) for k, s, e in private
                      if s < end and start < e]
            out.append({"signal": signal, "rule_id": hit.rule_id, "start": start, "end": end,
                        "evidence": apply_mask(text[start:end], inside),
                        "model_probability": round(proba[signal], 4) if signal in proba else None})
        return out

    def classify_iter(self, items: Sequence[Item], evidence: bool = False,
                      batch: int = BATCH) -> Iterator[dict]:
        for start in range(0, len(items), batch):
            yield from self.classify(items[start:start + batch], evidence)
