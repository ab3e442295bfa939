"""``taza eval media``: the scanner against the gold corpus, beside a keyword baseline.

Reported: precision, recall and F1 of ``is_signal`` (overall and per set); per event type
(micro and macro over the six case types, and ``anticorruption_policy`` apart); precision on
the Telegram fraud-only posts (hard negatives: a flagged one is a false alarm); organisations
precision and recall with fuzzy matching of names (rapidfuzz ratio on name keys, or the same
canonical body); and the baseline that flags any text with «взятк», «коррупц», «хищен» or
«откат». The 95% bootstrap interval of is-signal F1 and event-type micro-F1 (items resampled
with replacement, ``BOOTSTRAP_DRAWS`` draws, fixed seed) shows how much of a difference a
split of a few hundred publications can resolve.
"""
from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.media.corpus import DEFAULT_LABELS, GoldItem, load_gold
from pipeline.media.cues import CASE_TYPES
from pipeline.scores import Scores, bootstrap_f1

BASELINE = re.compile(r"взятк|коррупц|хищен|откат", re.IGNORECASE)
ORG_MATCH = 85
BOOTSTRAP_DRAWS = 1000
BOOTSTRAP_SEED = 2024


def prf(gold: Sequence[bool], predicted: Sequence[bool]) -> Scores:
    return Scores(sum(g and p for g, p in zip(gold, predicted)),
               sum(p and not g for g, p in zip(gold, predicted)),
               sum(g and not p for g, p in zip(gold, predicted)))


def _add(a: Scores, b: Scores) -> Scores:
    return Scores(a.tp + b.tp, a.fp + b.fp, a.fn + b.fn)


def bootstrap_intervals(per_item: dict[str, Sequence[Scores]], draws: int = BOOTSTRAP_DRAWS,
                        seed: int = BOOTSTRAP_SEED,
                        level: float = 0.95) -> dict[str, tuple[float, float]]:
    """``pipeline.scores.bootstrap_f1`` with the media evaluation's draws and seed."""
    return bootstrap_f1(per_item, draws, seed, level)


def match_orgs(gold: Sequence[str], predicted: Sequence[str], jurisdiction: str | None = None) -> Scores:
    """Greedy one-to-one matching: same canonical body, or name keys at least ``ORG_MATCH``
    similar (rapidfuzz ratio)."""
    from rapidfuzz import fuzz

    from pipeline.media.aliases import load_alias_index, name_key

    index = load_alias_index()
    g_keys = [(name_key(g), index.link(g, jurisdiction).body_id) for g in gold]
    used: set[int] = set()
    tp = 0
    for p in predicted:
        p_key, p_body = name_key(p), index.link(p, jurisdiction).body_id
        for k, (g_key, g_body) in enumerate(g_keys):
            if k in used:
                continue
            same_body = p_body is not None and p_body == g_body and not index.bodies[p_body].generic
            if same_body or fuzz.ratio(p_key, g_key) >= ORG_MATCH:
                used.add(k)
                tp += 1
                break
    return Scores(tp, len(predicted) - tp, len(gold) - tp)


@dataclass
class MediaReport:
    split: str
    n: int
    signal: Scores
    by_set: dict[str, Scores]
    types: dict[str, Scores]
    types_micro: Scores
    types_macro_f1: float
    fraud_only: dict
    organizations: Scores
    baseline: Scores
    baseline_by_set: dict[str, Scores]
    baseline_fraud_only: dict
    seconds: float
    decider: str
    errors: list[dict] = field(default_factory=list)
    note: str = ""
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"split": self.split, "publications": self.n, "decider": self.decider,
                "is_signal": self.signal.as_dict(),
                "is_signal_by_set": {k: v.as_dict() for k, v in self.by_set.items()},
                "event_types": {k: v.as_dict() for k, v in self.types.items()},
                "event_types_micro": self.types_micro.as_dict(),
                "event_types_macro_f1": round(self.types_macro_f1, 4),
                "fraud_only": self.fraud_only, "organizations": self.organizations.as_dict(),
                "baseline": {"is_signal": self.baseline.as_dict(),
                             "by_set": {k: v.as_dict() for k, v in self.baseline_by_set.items()},
                             "fraud_only": self.baseline_fraud_only},
                "bootstrap_95": {k: list(v) for k, v in self.intervals.items()},
                "seconds": round(self.seconds, 1), "note": self.note, "errors": self.errors}

    def render(self) -> str:
        lines = [f"Оценка сигналов СМИ / Media signals — часть / split: {self.split}, публикаций / "
                 f"publications: {self.n}, решение / decider: {self.decider}",
                 "Сигнал / is_signal:", self.signal.line("Taza"),
                 self.baseline.line("ключевые слова / keywords")]
        for name, value in self.by_set.items():
            lines.append(value.line(f"  {name}"))
            lines.append(self.baseline_by_set[name].line(f"  {name} (keywords)"))
        lines.append("Типы событий / event types (среди всех публикаций / over all publications):")
        for name, value in self.types.items():
            lines.append(value.line(name))
        lines.append(self.types_micro.line("micro (6 case types)"))
        lines.append(f"  macro-F1 (6 case types)      {self.types_macro_f1:.3f}")
        if self.intervals:
            names = {"is_signal_f1": "F1 сигнала / is_signal",
                     "event_types_micro_f1": "micro-F1 типов / event types"}
            spans = ", ".join(f"{names.get(k, k)} [{low:.3f}, {high:.3f}]"
                              for k, (low, high) in self.intervals.items())
            lines.append(f"95% бутстреп-интервал / bootstrap interval ({BOOTSTRAP_DRAWS} выборок "
                         f"публикаций / item resamples, seed {BOOTSTRAP_SEED}): {spans}")
        fo, bfo = self.fraud_only, self.baseline_fraud_only
        lines.append(f"Только мошенничество (Telegram fraud_only_keyword): {fo['posts']} постов, "
                     f"сигналов в эталоне {fo['gold_signals']}; Taza отметила {fo['flagged']}, "
                     f"верно {fo['correct']} → precision {fo['precision']:.3f}, ложных тревог "
                     f"{fo['false_alarms']}; ключевые слова: отмечено {bfo['flagged']}, precision "
                     f"{bfo['precision']:.3f}")
        lines.append("Организации / organizations (нечёткое сравнение / fuzzy):")
        lines.append(self.organizations.line("Taza"))
        lines.append(f"Время / time: {self.seconds:.1f} s")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


def _fraud_only(gold: Sequence[GoldItem], predicted: Sequence[bool]) -> dict:
    pairs = [(g.is_signal, p) for g, p in zip(gold, predicted) if g.fraud_only]
    flagged = sum(p for _, p in pairs)
    correct = sum(g and p for g, p in pairs)
    return {"posts": len(pairs), "gold_signals": sum(g for g, _ in pairs), "flagged": flagged,
            "correct": correct, "false_alarms": flagged - correct,
            "precision": round(correct / flagged, 4) if flagged else 1.0}


def evaluate_media(labels: Path = DEFAULT_LABELS, split: str = "test", model=None,
                   entities: bool = True, progress=None, cv: int = 0) -> MediaReport:
    """The scanner on one split; with ``cv`` folds, the model is instead fitted afresh on the
    other folds of that split for each fold (``pipeline.media.crossval``): the honest figures
    of the split the model is trained on."""
    from pipeline.media.scan import MediaScanner

    gold = load_gold(labels, split=split)
    scanner = MediaScanner(model=model, entities=entities)
    start = time.perf_counter()
    if cv:
        from pipeline.media.crossval import cross_validate

        stream = scanner.analyse([g.item for g in gold])
        analyses = list(progress(stream, len(gold)) if progress else stream)
        decisions, _ = cross_validate(analyses, gold, cv)
        results = [a.result(d) for a, d in zip(analyses, decisions)]
    else:
        stream = scanner.scan([g.item for g in gold])
        results = list(progress(stream, len(gold)) if progress else stream)
    seconds = time.perf_counter() - start
    predicted = [r.decision.is_signal for r in results]
    truth = [g.is_signal for g in gold]
    sets = sorted({g.item.set for g in gold})
    by_set = {s: prf([t for t, g in zip(truth, gold) if g.item.set == s],
                     [p for p, g in zip(predicted, gold) if g.item.set == s]) for s in sets}
    types = {}
    for t in (*CASE_TYPES, "anticorruption_policy"):
        types[t] = prf([t in g.event_types for g in gold],
                       [t in r.decision.event_types for r in results])
    micro = Scores(0, 0, 0)
    for t in CASE_TYPES:
        micro = _add(micro, types[t])
    intervals = bootstrap_intervals({
        "is_signal_f1": [prf([t], [p]) for t, p in zip(truth, predicted)],
        "event_types_micro_f1": [prf([t in g.event_types for t in CASE_TYPES],
                                     [t in r.decision.event_types for t in CASE_TYPES])
                                 for g, r in zip(gold, results)]})
    macro = sum(types[t].f1 for t in CASE_TYPES) / len(CASE_TYPES)
    orgs = Scores(0, 0, 0)
    if entities:
        for g, r in zip(gold, results):
            orgs = _add(orgs, match_orgs(g.organizations, r.record()["organizations"],
                                         r.jurisdiction))
    base = [bool(BASELINE.search(g.item.full_text)) for g in gold]
    base_by_set = {s: prf([t for t, g in zip(truth, gold) if g.item.set == s],
                          [p for p, g in zip(base, gold) if g.item.set == s]) for s in sets}
    errors = [{"id": g.id, "gold": g.is_signal, "predicted": r.decision.is_signal,
               "confidence": r.decision.confidence, "gold_types": list(g.event_types),
               "predicted_types": list(r.decision.event_types)}
              for g, r in zip(gold, results)
              if g.is_signal != r.decision.is_signal or set(g.event_types) != set(r.decision.event_types)]
    decider = f"model, {cv}-fold cross-validation" if cv else "model" if model is not None \
        else "rules"
    note = ""
    if model is not None and split in ("dev", "all") and not cv:
        cv = model.meta.get("cross_validated", {})
        note = ("! Модель обучена на dev: цифры dev — на обучающих данных. Честная оценка dev — "
                f"кросс-валидация (models/media/…/meta.json): F1 сигнала {cv.get('signal_f1')}, "
                f"micro-F1 типов среди сигналов {cv.get('type_micro_f1_among_signals')} / "
                "the model was fitted on dev; see the cross-validated figures.")
    return MediaReport(split, len(gold), prf(truth, predicted), by_set, types, micro, macro,
                       _fraud_only(gold, predicted), orgs, prf(truth, base), base_by_set,
                       _fraud_only(gold, base), seconds, decider, errors, note, intervals)
