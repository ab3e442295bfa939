"""Quality on gold corpora: precision, recall and F1 per factor, beside a naive baseline.

A gold line is ``{"id", "source", "article", "split", "text", "labels": [{"factor", "start",
"end", ...}]}``; the unit is the clause: a clause is positive for a factor when it has at least
one label of it. Each gold clause is judged inside its act, as annotators judged it: the act
(``source``, relative to the acts folder) is read and analysed whole, and the findings that
fall inside the clause are its prediction; a clause not found in the parsed act is analysed
alone. The baseline flags a clause when any marker pattern of the factor occurs, with no
holder, syntax or context check, so the gain of the real detectors is visible.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.analyze import analyze_document, check_texts
from pipeline.detect import Analyzer
from pipeline.ingest import read_document
from pipeline.matcher import LemmaMatcher
from pipeline.model import Finding
from pipeline.nlp import get_nlp
from pipeline.scores import Scores

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ACTS = REPO.parent / "shared" / "data" / "acts"


def acts_dir() -> Path:
    return Path(os.environ.get("TAZA_ACTS", DEFAULT_ACTS))


def score(gold: Iterable[set[str]], predicted: Iterable[set[str]], factor: str) -> Scores:
    tp = fp = fn = 0
    for g, p in zip(gold, predicted):
        tp += factor in g and factor in p
        fp += factor not in g and factor in p
        fn += factor in g and factor not in p
    return Scores(tp, fp, fn)


@dataclass(frozen=True)
class FactorReport:
    gold_path: str
    clauses: int
    split: str
    system: Mapping[str, Scores]
    baseline: Mapping[str, Scores]
    errors: list[dict] = field(default_factory=list)   # disagreements, for error analysis

    @staticmethod
    def _micro(scores: Mapping[str, Scores]) -> Scores:
        return Scores(sum(s.tp for s in scores.values()), sum(s.fp for s in scores.values()),
                      sum(s.fn for s in scores.values()))

    @staticmethod
    def _macro_f1(scores: Mapping[str, Scores]) -> float:
        return sum(s.f1 for s in scores.values()) / len(scores) if scores else 0.0

    def as_dict(self) -> dict:
        return {
            "gold": self.gold_path,
            "split": self.split,
            "clauses": self.clauses,
            "system": {k: v.as_dict() for k, v in self.system.items()},
            "baseline": {k: v.as_dict() for k, v in self.baseline.items()},
            "micro": {"system": self._micro(self.system).as_dict(),
                      "baseline": self._micro(self.baseline).as_dict()},
            "macro_f1": {"system": round(self._macro_f1(self.system), 4),
                         "baseline": round(self._macro_f1(self.baseline), 4)},
            "errors": self.errors,
        }

    def render(self) -> str:
        head = (f"Эталон / gold: {self.gold_path} [{self.split}] — норм / clauses: {self.clauses}\n"
                f"{'фактор / factor':<26}{'P':>7}{'R':>7}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}"
                f"   | базовый / baseline{'P':>6}{'R':>7}{'F1':>7}")
        lines = [head]
        rows = list(self.system) + ["micro"]
        for name in rows:
            s = self._micro(self.system) if name == "micro" else self.system[name]
            b = self._micro(self.baseline) if name == "micro" else self.baseline[name]
            lines.append(f"{name:<26}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                         f"{s.tp:>5}{s.fp:>5}{s.fn:>5}   | {'':<18}{b.precision:>6.3f}"
                         f"{b.recall:>7.3f}{b.f1:>7.3f}")
        lines.append(f"{'macro F1':<26}{self._macro_f1(self.system):>21.3f}   | "
                     f"{'':<18}{self._macro_f1(self.baseline):>20.3f}")
        return "\n".join(lines)


def load_gold(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def baseline_factors(texts: list[str], analyzer: Analyzer) -> list[set[str]]:
    """Any marker pattern of a factor, with no check at all."""
    matcher = LemmaMatcher(analyzer.rules)
    return [{m.rule.factor for m in matcher(doc)} for doc in get_nlp().pipe(texts)]


def predict_in_context(records: list[dict], analyzer: Analyzer,
                       acts: Path | None = None) -> list[list[Finding]]:
    """Findings of each gold clause, judged inside its act (see the module docstring)."""
    acts = acts or acts_dir()
    by_source: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        by_source[record.get("source", "")].append(i)
    result: list[list[Finding] | None] = [None] * len(records)
    for source, indices in by_source.items():
        path = acts / source if source else None
        if path is None or not path.is_file():
            continue
        analysis = analyze_document(read_document(path), analyzer)
        text = analysis.document.text
        clause_of = {}
        for clause in analysis.clauses:
            clause_of.setdefault((clause.address.article, clause.text.strip()), clause)
        for i in indices:
            record = records[i]
            clause = clause_of.get((record.get("article"), record["text"].strip()))
            if clause is not None:
                lo, hi = clause.start, clause.end
            else:
                at = _locate(text, record, analysis.clauses)
                if at is None:
                    continue
                lo, hi = at, at + len(record["text"])
            result[i] = [f for f in analysis.findings if lo <= f.start < hi]
    alone = [i for i, found in enumerate(result) if found is None]
    if alone:
        outputs = analyzer.analyze_clauses(
            [_single(records[i]["text"], n) for n, i in enumerate(alone)])
        for i, found in zip(alone, outputs):
            result[i] = found
    return [found or [] for found in result]


def _single(text: str, n: int):
    from pipeline.model import Address, Clause

    return Clause(Address(article=f"#{n}"), 0, len(text), text)


def _locate(text: str, record: dict, clauses) -> int | None:
    """Offset of a gold clause text in the document, preferring its article."""
    needle = record["text"].strip()
    hits = []
    at = text.find(needle)
    while at >= 0:
        hits.append(at)
        at = text.find(needle, at + 1)
    if not hits:
        return None
    for hit in hits:
        for clause in clauses:
            if clause.start <= hit < clause.end and clause.address.article == record.get("article"):
                return hit
    return hits[0]


def evaluate_factors(gold_path: Path, analyzer: Analyzer | None = None, split: str = "test",
                     min_confidence: float | None = None, acts: Path | None = None) -> FactorReport:
    """Clause-level scores on one split ("dev", "test" or "all") of a gold corpus; the
    default analyzer is the one users get (calibrated, with its threshold)."""
    analyzer = analyzer or Analyzer(min_confidence=min_confidence)
    records = [r for r in load_gold(gold_path) if split == "all" or r.get("split", split) == split]
    gold = [{label["factor"] for label in r["labels"]} for r in records]
    factors = sorted(set().union(*gold) | set(_checked(records)))
    found = predict_in_context(records, analyzer, acts)
    predicted = [{f.factor for f in fs if f.confidence >= (min_confidence or 0.0)} for fs in found]
    return _report(gold_path, split, records, gold, predicted, analyzer, factors,
                   [sorted({f.rule_id for f in fs}) for fs in found])


def _report(gold_path: Path, split: str, records: list[dict], gold: list[set[str]],
            predicted: list[set[str]], analyzer: Analyzer, factors: list[str],
            rules: list[list[str]] | None = None) -> FactorReport:
    """Scores per factor beside the naive baseline, and every clause where gold and system differ."""
    baseline = baseline_factors([r["text"] for r in records], analyzer)
    errors = []
    for i, (r, g, p) in enumerate(zip(records, gold, predicted)):
        if (g ^ p) & set(factors):
            error = {"id": r["id"], "gold": sorted(g & set(factors)), "predicted": sorted(p & set(factors))}
            if rules is not None:
                error["rules"] = rules[i]
            errors.append(error | {"text": r["text"][:300]})
    return FactorReport(
        str(gold_path), len(records), split,
        {f: score(gold, predicted, f) for f in factors},
        {f: score(gold, baseline, f) for f in factors},
        errors,
    )


def _checked(records: list[dict]) -> set[str]:
    """Factors a corpus declares as annotated even where no clause is positive."""
    return {f for r in records for f in r.get("checked", ())}


def cross_validate_factors(gold_path: Path, k: int = 5, seed: int = 0,
                           acts: Path | None = None) -> FactorReport:
    """Out-of-fold scores on the dev split, folds grouped by region (act and article): each
    fold is scored by a confidence model and thresholds chosen and fitted on the other folds
    only (``pipeline.calibrate.cross_validate``). Rules were written while reading dev, so this
    still flatters the detectors; it does not flatter the calibrator."""
    from pipeline.calibrate import collect, cross_validate

    if k < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    records = [r for r in load_gold(gold_path) if r.get("split") == "dev"]
    data = collect(records, acts)
    predicted, _ = cross_validate(data, k, seed)
    gold = [{label["factor"] for label in r["labels"]} for r in records]
    factors = sorted(set().union(*gold) | set(_checked(records)))
    return _report(gold_path, f"dev, {k}-fold grouped CV (out of fold)", records, gold, predicted,
                   Analyzer(calibrator=None), factors)
