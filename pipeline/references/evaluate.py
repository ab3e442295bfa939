"""``taza eval refs``: references, quantities and repealed citations against the gold.

The gold (``corpora/references/``, format in ``.state/refs_labels/FORMAT.md``):

* ``gold.jsonl`` — clauses with every reference; a predicted reference is correct when its
  span overlaps a gold mention and its targets equal the gold targets (internal), or its
  act matches by type and number or by title (external). Precision counts predictions,
  recall gold mentions; matching is one to one, greedy in text order. Citations of a
  chapter or a section compare the gold's extra keys «glava» and «razdel».
* ``quantities.jsonl`` — deadlines and amounts; a prediction is correct when it overlaps a
  gold quantity of the same value and unit.
* the repealed check — every citation of a repealed unit in the two RF codes (a count),
  and the recall of the repealed units themselves against the markers of
  ``repealed_ru.jsonl`` (a citation can only be flagged if its unit is read as repealed).

Each clause is judged inside its act: the act is read from ``../shared/data/acts/<doc>``
and parsed, so resolution sees the same outline as in production.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.ingest import read_document
from pipeline.model import Address, Clause
from pipeline.references.extract import extract_references
from pipeline.references.lexicon import load_lexicon
from pipeline.references.model import GOLD_LEVELS, Citation, Kind, Status
from pipeline.references.quantities import extract_quantities
from pipeline.references.resolve import (
    Act,
    Corpus,
    cite,
    normal_number,
    names_itself,
    resolve_reference,
    title_match,
)

ROOT = Path(__file__).resolve().parents[2]
ACTS_DIR = ROOT.parent / "shared" / "data" / "acts"
GOLD_DIR = ROOT / "corpora" / "references"
RU_CODES = ("ru-codes-legalacts-ru/ZK-RF.txt",
            "ru-codes-legalacts-ru/Gradostroitelnyi-Kodeks-RF.txt")
_ADDRESS_PART = re.compile(r"(ст\.|ч\.|п\.|пп\.|гл\.|разд\.)\s+(\S+)")
_ABBR_LEVEL = {"ст.": "article", "ч.": "part", "п.": "point", "пп.": "subpoint",
               "гл.": "chapter", "разд.": "section"}


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    correct_predicted: int = 0
    found_gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"predicted": self.predicted, "gold": self.gold,
                "correct_predicted": self.correct_predicted, "found_gold": self.found_gold,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class RefsReport:
    resolution: Score | None = None
    internal: Score | None = None
    external: Score | None = None
    deadlines: Score | None = None
    amounts: Score | None = None
    repealed_found: int = 0
    repealed_by_code: dict[str, int] = field(default_factory=dict)
    repealed_recall: Score | None = None
    errors: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        def d(score: Score | None):
            return score.as_dict() if score else None
        return {"resolution": d(self.resolution), "internal": d(self.internal),
                "external": d(self.external), "deadlines": d(self.deadlines),
                "amounts": d(self.amounts),
                "repealed": {"found": self.repealed_found, "by_code": self.repealed_by_code,
                             "against_gold": d(self.repealed_recall)},
                "notes": self.notes, "errors": self.errors[:200]}

    def render(self) -> str:
        lines = ["Ссылки и величины / References and quantities"]

        def row(name: str, score: Score | None, target: str) -> None:
            if score is None:
                lines.append(f"  {name:<28} нет эталона / no gold")
                return
            lines.append(f"  {name:<28} P={score.precision:.3f} R={score.recall:.3f} "
                         f"F1={score.f1:.3f}  (pred {score.predicted}, gold {score.gold})"
                         f"  цель / target {target}")
        row("разрешение ссылок", self.resolution, "P≥0.95 R≥0.90")
        row("  внутренние", self.internal, "")
        row("  внешние", self.external, "")
        row("сроки (значение+единица)", self.deadlines, "F1≥0.90")
        row("суммы (значение+единица)", self.amounts, "F1≥0.90")
        codes = ", ".join(f"{k}: {v}" for k, v in self.repealed_by_code.items())
        lines.append(f"  ссылок на утратившие силу нормы (РФ) / repealed: {self.repealed_found}"
                     f" ({codes})")
        if self.repealed_recall is not None:
            lines.append(f"    утративших силу единиц распознано / repealed units recognised "
                         f"(repealed_ru.jsonl): R={self.repealed_recall.recall:.3f}"
                         f" ({self.repealed_recall.found_gold}/{self.repealed_recall.gold})")
        lines += [f"  ! {note}" for note in self.notes]
        return "\n".join(lines)


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@lru_cache(maxsize=16)
def _act(doc: str) -> Act:
    return Act.of(read_document(ACTS_DIR / doc))


def parse_address(rendered: str) -> Address:
    """«ст. 39.16 ч. 3 п. 2» → Address(article="39.16", part="3", point="2")."""
    return Address(**{_ABBR_LEVEL[abbr]: value
                      for abbr, value in _ADDRESS_PART.findall(rendered or "")})


def _clause(act: Act, record: dict) -> Clause:
    """The act's clause of a gold record (by address and text), else a stand-in."""
    address = parse_address(record.get("clause", ""))
    text = record["text"]
    for clause in act.clauses:
        if clause.text == text and (clause.address.render() == record.get("clause")
                                    or not record.get("clause")):
            return clause
    for clause in act.clauses:
        if clause.text == text:
            return clause
    return Clause(address, 0, len(text), text)


def predict(record: dict, corpus: Corpus | None = None) -> list[Citation]:
    """Citations of one gold clause, offsets relative to its text."""
    act = _act(record["doc"])
    corpus = corpus or Corpus([act])
    clause = _clause(act, record)
    local = Clause(clause.address, 0, len(record["text"]), record["text"], None, clause.heading)
    out = []
    for reference in extract_references(record["text"], load_lexicon()):
        if names_itself(reference, act):
            continue
        out.append(resolve_reference(reference, act, local, corpus))
    return out


def _targets(citation: Citation) -> set[tuple]:
    return {tuple(t.target.as_gold()[k] for k in GOLD_LEVELS)
            + (t.target.chapter, t.target.section) for t in citation.targets}


def _gold_targets(ref: dict) -> set[tuple]:
    # The gold adds «glava» and «razdel» for citations of a chapter or a section.
    return {tuple((t or {}).get(k) for k in GOLD_LEVELS)
            + ((t or {}).get("glava"), (t or {}).get("razdel"))
            for t in ref.get("targets") or ()}


def _act_match(citation: Citation, gold_act: dict | None) -> bool:
    act = citation.reference.act
    if act is None or not gold_act:
        return False
    number = normal_number(gold_act.get("number"))
    if number and normal_number(act.number) == number:
        return True
    return title_match(act.title, gold_act.get("title"))


def _correct(citation: Citation, ref: dict) -> bool:
    if ref.get("kind") == "external":
        return citation.reference.kind is Kind.EXTERNAL and _act_match(citation, ref.get("act"))
    return citation.reference.kind is Kind.INTERNAL and _targets(citation) == _gold_targets(ref)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_references(records: Iterable[dict], report: RefsReport) -> None:
    total, internal, external = Score(), Score(), Score()
    for record in records:
        try:
            predicted = predict(record)
        except Exception as exc:         # a gold line that names an unreadable act
            report.notes.append(f"{record.get('id')}: {exc}")
            continue
        gold = record.get("references") or []
        used: set[int] = set()
        matched_pred: set[int] = set()
        for ref in gold:
            bucket = external if ref.get("kind") == "external" else internal
            bucket.gold += 1
            total.gold += 1
            span = (ref["start"], ref["end"])
            hit = None
            for i, citation in enumerate(predicted):
                if i in used:
                    continue
                c_span = (citation.start, citation.end)
                if _overlap(span, c_span) and _correct(citation, ref):
                    hit = i
                    break
            if hit is not None:
                used.add(hit)
                matched_pred.add(hit)
                bucket.found_gold += 1
                total.found_gold += 1
            else:
                report.errors.append({"id": record.get("id"), "type": "missed",
                                      "mention": ref.get("mention"),
                                      "gold": ref.get("targets") or ref.get("act"),
                                      "predicted": [_show(c) for c in predicted
                                                    if _overlap(span, (c.start, c.end))]})
        for i, citation in enumerate(predicted):
            bucket = external if citation.reference.kind is Kind.EXTERNAL else internal
            bucket.predicted += 1
            total.predicted += 1
            if i in matched_pred:
                bucket.correct_predicted += 1
                total.correct_predicted += 1
            elif not any(_overlap((r["start"], r["end"]), (citation.start, citation.end))
                         for r in gold):
                report.errors.append({"id": record.get("id"), "type": "spurious",
                                      "predicted": _show(citation)})
    report.resolution, report.internal, report.external = total, internal, external


def _show(citation: Citation) -> dict:
    act = citation.reference.act
    return {"mention": citation.reference.mention, "kind": citation.reference.kind.value,
            "targets": [t.target.as_gold() for t in citation.targets],
            "act": act.render() if act else None}


def score_quantities(records: Iterable[dict], report: RefsReport) -> None:
    deadlines, amounts = Score(), Score()
    for record in records:
        predicted = extract_quantities(record["text"], load_lexicon())
        for key, score, is_deadline in (("deadlines", deadlines, True),
                                        ("amounts", amounts, False)):
            gold = record.get(key) or []
            preds = [q for q in predicted if q.is_deadline == is_deadline]
            score.gold += len(gold)
            score.predicted += len(preds)
            used: set[int] = set()
            for g in gold:
                for i, q in enumerate(preds):
                    if i in used or not _overlap((g["start"], g["end"]), (q.start, q.end)):
                        continue
                    if abs(float(g["value"]) - q.value) < 1e-6 and g.get("unit") == q.unit:
                        used.add(i)
                        score.found_gold += 1
                        break
                else:
                    report.errors.append({"id": record.get("id"), "type": f"missed_{key}",
                                          "gold": g, "predicted": [
                                              (q.mention, q.value, q.unit) for q in preds]})
            score.correct_predicted += len(used)
    report.deadlines, report.amounts = deadlines, amounts


def repealed_citations() -> list[Citation]:
    """Citations of repealed units (named ones, not those inside a range) in the RF codes."""
    acts = [_act(doc) for doc in RU_CODES if (ACTS_DIR / doc).is_file()]
    corpus = Corpus(list(acts))
    out = []
    for act in acts:
        for citation in cite(act, corpus):
            if any(t.status is Status.REPEALED and not t.implied for t in citation.targets):
                out.append(citation)
    return out


def _marker_detected(act: Act, item: dict) -> bool:
    """Is a repeal marker of ``repealed_ru.jsonl`` read as a repealed unit of the act?"""
    article = str(item.get("article") or "")
    low = re.split(r"\s*[-–—]\s*", article)[0]
    if item.get("abzac"):                 # «Абзац утратил силу»: no number, check the line
        marker = " ".join((item.get("text") or "").split())
        return any(c.address.article == low and " ".join(c.text.split()) == marker
                   for c in act.clauses)
    part = item.get("chast") or item.get("punkt") if act.outline.convention == "chast" \
        else item.get("punkt") or item.get("chast")
    point = item.get("punkt") if act.outline.convention == "chast" and item.get("chast") \
        else item.get("subpunkt")
    if act.outline.convention == "chast" and not item.get("chast"):
        part, point = None, item.get("punkt")
    labels = [re.split(r"\s*[-–—]\s*", str(v))[0] if v else None for v in (part, point)]
    address = Address(article=low, part=labels[0], point=labels[1])
    return act.outline.find(address)[0] == "repealed"


def score_repealed(report: RefsReport, gold_path: Path | None) -> None:
    """Citations of repealed units found in the RF codes (a count), and the recall of the
    repealed units themselves against the markers of ``repealed_ru.jsonl``."""
    found = repealed_citations()
    report.repealed_found = len(found)
    for citation in found:
        name = Path(citation.source).name
        report.repealed_by_code[name] = report.repealed_by_code.get(name, 0) + 1
    if gold_path is None or not gold_path.is_file():
        report.notes.append("repealed_ru.jsonl нет: полнота проверки утративших силу не оценена")
        return
    score = Score()
    for item in _read_jsonl(gold_path):
        score.gold += 1
        if _marker_detected(_act(item["doc"]), item):
            score.found_gold += 1
        else:
            report.errors.append({"type": "missed_repealed_marker", "gold": item})
    score.predicted = score.correct_predicted = score.found_gold
    report.repealed_recall = score


def evaluate_refs(gold_dir: Path = GOLD_DIR) -> RefsReport:
    report = RefsReport()
    gold = gold_dir / "gold.jsonl"
    if gold.is_file():
        score_references(_read_jsonl(gold), report)
    else:
        report.notes.append(f"{gold}: эталона ссылок нет / no reference gold yet")
    quantities = gold_dir / "quantities.jsonl"
    if quantities.is_file():
        score_quantities(_read_jsonl(quantities), report)
    else:
        report.notes.append(f"{quantities}: эталона величин нет / no quantity gold yet")
    score_repealed(report, gold_dir / "repealed_ru.jsonl")
    return report
