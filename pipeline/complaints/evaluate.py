"""``taza eval complaints``: quality on the held-out test split of the complaints gold corpus.

Function area and sector: macro-F1 and per-class precision/recall of the classifier as it
answers (an abstention, null, is a miss for the gold class), beside the same without the
abstain threshold, a majority-class baseline (the most frequent class of dev) and a keyword
baseline (the class whose words — normal forms of its title, description and examples in
``rules/taxonomy.yaml`` — occur most in the text; the majority class when none does). Signals:
F1 per signal and micro-F1 of the system, of its rules alone and of a keyword baseline (any
word of the signal's title or description). Macro-F1 is over the classes present in the gold
split or predicted. Beside each headline figure of the system: its 95 % bootstrap interval
(the appeals of the split resampled with replacement, ``BOOTSTRAP_DRAWS`` draws, fixed seed),
so a reader sees how far one or two complaints of a rare class move it.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy

from pipeline.complaints.classify import ComplaintClassifier, Item
from pipeline.complaints.corpus import DEFAULT_LABELS, GoldComplaint, load_gold
from pipeline.complaints.features import prepare
from pipeline.complaints.model import ComplaintModel, macro_f1
from pipeline.complaints.signals import SignalRules
from pipeline.complaints.taxonomy import Entry, load_taxonomy
from pipeline.nlp import get_nlp
from pipeline.nlp.lemma import DOC_EXT
from pipeline.scores import Scores, micro_f1_of_resamples, percentile_interval, resamples

_STOP = {"и", "в", "во", "на", "с", "со", "по", "о", "об", "от", "до", "за", "из", "к", "у",
         "не", "или", "а", "что", "как", "это", "для", "их", "его", "её", "при", "без", "под",
         "над", "все", "всё", "то", "же", "ни", "так", "уже", "но", "бы", "есть", "нет", "год"}


def _lemmas(texts: Sequence[str]) -> list[set[str]]:
    return [{f for forms in doc._.get(DOC_EXT) for f in forms[:1]
             if len(f) > 2 and f.isalpha() and f not in _STOP}
            for doc in get_nlp().pipe(list(texts))]


class KeywordBaseline:
    """Words of each taxonomy entry; no tuning on any data."""

    def __init__(self, entries: dict[str, Entry], fallback: str | None) -> None:
        ids = [i for i in entries if i != "other"]
        words = _lemmas([" ".join((entries[i].title_ru, entries[i].description, *entries[i].examples))
                         for i in ids])
        self.words = dict(zip(ids, words))
        self.fallback = fallback

    def predict_one(self, lemmas: set[str]) -> str | None:
        scores = {i: len(w & lemmas) for i, w in self.words.items()}
        best = max(scores.values(), default=0)
        return max(scores, key=scores.get) if best else self.fallback

    def flags(self, lemmas: set[str]) -> set[str]:
        return {i for i, w in self.words.items() if w & lemmas}


def class_scores(gold: Sequence[str], predicted: Sequence[str | None]) -> dict[str, dict]:
    out = {}
    for c in sorted(set(gold) | {p for p in predicted if p is not None}):
        tp = sum(g == c and p == c for g, p in zip(gold, predicted))
        fp = sum(g != c and p == c for g, p in zip(gold, predicted))
        fn = sum(g == c and p != c for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        out[c] = {"support": tp + fn, "precision": round(precision, 4), "recall": round(recall, 4),
                  "f1": round(2 * tp / (2 * tp + fp + fn) if tp else 0.0, 4)}
    return out


def signal_scores(gold: Sequence[set[str]], predicted: Sequence[set[str]],
                  signals: Sequence[str]) -> dict:
    per, tp_all, fp_all, fn_all = {}, 0, 0, 0
    for s in signals:
        tp = sum(s in g and s in p for g, p in zip(gold, predicted))
        fp = sum(s not in g and s in p for g, p in zip(gold, predicted))
        fn = sum(s in g and s not in p for g, p in zip(gold, predicted))
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        per[s] = {"support": tp + fn, "tp": tp, "fp": fp, "fn": fn,
                  "f1": round(2 * tp / (2 * tp + fp + fn) if tp else 0.0, 4)}
    micro = 2 * tp_all / (2 * tp_all + fp_all + fn_all) if tp_all else 0.0
    return {"micro_f1": round(micro, 4), "per_signal": per}


BOOTSTRAP_DRAWS = 1000
BOOTSTRAP_SEED = 0


def _encode(gold: Sequence[str], predicted: Sequence[str | None]) -> tuple[numpy.ndarray, numpy.ndarray, int]:
    """Gold and predictions as class numbers; an abstention (None) is -1."""
    classes = sorted(set(gold) | {p for p in predicted if p is not None})
    index = {c: i for i, c in enumerate(classes)}
    return (numpy.array([index[g] for g in gold]),
            numpy.array([index[p] if p is not None else -1 for p in predicted]), len(classes))


def _macro_f1_of_samples(gold: numpy.ndarray, predicted: numpy.ndarray, n_classes: int,
                         samples: numpy.ndarray) -> numpy.ndarray:
    """Macro-F1 of each resample (rows of ``samples`` are appeal indices), over the classes
    present in that resample's gold or predictions, as ``model.macro_f1`` counts it."""
    scores = numpy.empty(len(samples))
    for k, idx in enumerate(samples):
        g, p = gold[idx], predicted[idx]
        tp = numpy.bincount(g[g == p], minlength=n_classes)
        in_gold = numpy.bincount(g, minlength=n_classes)
        in_pred = numpy.bincount(p[p >= 0], minlength=n_classes)
        present = (in_gold + in_pred) > 0
        f1 = numpy.divide(2 * tp, in_gold + in_pred, out=numpy.zeros(n_classes),
                          where=(in_gold + in_pred) > 0)
        scores[k] = f1[present].mean() if present.any() else 0.0
    return scores


def bootstrap_intervals(tasks: dict[str, tuple[Sequence[str], Sequence[str | None]]],
                        signals: tuple[Sequence[set[str]], Sequence[set[str]]],
                        draws: int = BOOTSTRAP_DRAWS, seed: int = BOOTSTRAP_SEED) -> dict:
    """95 % percentile intervals of each task's macro-F1 and the signals' micro-F1, the same
    resampled appeals for every figure. ``tasks``: task -> (gold, predicted)."""
    samples = resamples(len(signals[0]), draws, seed)
    out = {}
    for task, (gold, predicted) in tasks.items():
        g, p, k = _encode(gold, predicted)
        out[task] = _interval(_macro_f1_of_samples(g, p, k, samples))
    per_appeal = [Scores(len(g & p), len(p - g), len(g - p)) for g, p in zip(*signals)]
    out["signals"] = _interval(micro_f1_of_resamples(per_appeal, samples))
    out.update({"draws": draws, "seed": seed})
    return out


def _interval(scores: numpy.ndarray) -> list[float]:
    return list(percentile_interval(scores) or (0.0, 0.0))


@dataclass(frozen=True)
class ComplaintsReport:
    data: dict

    def as_dict(self) -> dict:
        return self.data

    def render(self) -> str:
        d = self.data
        lines = [f"Обращения / complaints: {d['gold']} [{d['split']}], {d['complaints']} шт.; "
                 f"модель / model: {d['model']}"]
        for task in ("function_area", "sector"):
            t = d[task]
            lines.append("")
            low, high = d["bootstrap_95"][task]
            lines.append(f"{task}: macro-F1 система / system {t['system']['macro_f1']:.3f} "
                         f"[95% {low:.3f}–{high:.3f}] "
                         f"(без порога / no abstain {t['system_no_abstain']['macro_f1']:.3f}; "
                         f"ответов / answered {t['system']['coverage']:.0%}), "
                         f"большинство / majority {t['majority']['macro_f1']:.3f}, "
                         f"ключевые слова / keywords {t['keywords']['macro_f1']:.3f}")
            lines.append(f"  {'класс / class':<24}{'n':>5}{'P':>8}{'R':>8}{'F1':>8}"
                         f"{'F1 maj':>8}{'F1 kw':>8}")
            for c, s in t["system"]["per_class"].items():
                maj = t["majority"]["per_class"].get(c, {}).get("f1", 0.0)
                kw = t["keywords"]["per_class"].get(c, {}).get("f1", 0.0)
                lines.append(f"  {c:<24}{s['support']:>5}{s['precision']:>8.3f}{s['recall']:>8.3f}"
                             f"{s['f1']:>8.3f}{maj:>8.3f}{kw:>8.3f}")
        sig = d["signals"]
        lines.append("")
        low, high = d["bootstrap_95"]["signals"]
        lines.append(f"signals: micro-F1 система / system {sig['system']['micro_f1']:.3f} "
                     f"[95% {low:.3f}–{high:.3f}], "
                     f"правила / rules only {sig['rules_only']['micro_f1']:.3f}, "
                     f"ключевые слова / keywords {sig['keywords']['micro_f1']:.3f}")
        lines.append(f"  {'сигнал / signal':<26}{'n':>5}{'TP':>5}{'FP':>5}{'FN':>5}{'F1':>8}"
                     f"{'F1 rules':>10}{'F1 kw':>8}")
        for s, v in sig["system"]["per_signal"].items():
            lines.append(f"  {s:<26}{v['support']:>5}{v['tp']:>5}{v['fp']:>5}{v['fn']:>5}"
                         f"{v['f1']:>8.3f}{sig['rules_only']['per_signal'][s]['f1']:>10.3f}"
                         f"{sig['keywords']['per_signal'][s]['f1']:>8.3f}")
        return "\n".join(lines)


def _task_block(gold: Sequence[str], predicted: Sequence[str | None]) -> dict:
    return {"macro_f1": round(macro_f1(gold, predicted, ()), 4),
            "accuracy": round(sum(g == p for g, p in zip(gold, predicted)) / len(gold), 4),
            "coverage": round(sum(p is not None for p in predicted) / len(gold), 4),
            "per_class": class_scores(gold, predicted)}


def evaluate_complaints(labels: Path = DEFAULT_LABELS, split: str = "test",
                        model_dir: Path | None = None, texts: Path | None = None) -> ComplaintsReport:
    taxonomy = load_taxonomy()
    all_gold = load_gold(labels, texts)
    dev = [g for g in all_gold if g.split == "dev"]
    gold: list[GoldComplaint] = [g for g in all_gold if split == "all" or g.split == split]
    model = ComplaintModel.load(model_dir)
    classifier = ComplaintClassifier(model, entities=False)
    items = [Item(g.id, g.text, **g.portal) for g in gold]
    records = list(classifier.classify_iter(items))
    from pipeline.complaints.features import matrix

    prepared = prepare([g.text for g in gold], classifier.rules, portal=[g.portal for g in gold])
    X = matrix(prepared)
    lemmas = _lemmas([g.text for g in gold])
    data = {"gold": labels.as_posix(), "split": split, "complaints": len(gold),
            "model": str(model.meta.get("version")), "model_trained_on": model.meta.get("trained_on")}
    for task, entries in (("function_area", taxonomy.function_areas), ("sector", taxonomy.sectors)):
        y = [getattr(g, task) for g in gold]
        majority = Counter(getattr(g, task) for g in dev).most_common(1)[0][0] if dev else y[0]
        keywords = KeywordBaseline(entries, majority)
        step = model.tasks[task][-1]
        no_abstain = list(step.classes_[step.predict_proba(model.features(X)).argmax(axis=1)])
        data[task] = {"system": _task_block(y, [r[task] for r in records]),
                      "system_no_abstain": _task_block(y, [str(p) for p in no_abstain]),
                      "majority": _task_block(y, [majority] * len(y)),
                      "keywords": _task_block(y, [keywords.predict_one(lem) for lem in lemmas]),
                      "abstain_threshold": model.threshold(task)}
    signals = taxonomy.signal_ids
    gold_signals = [set(g.signal_ids) for g in gold]
    signal_kw = KeywordBaseline(taxonomy.signals, None)
    data["signals"] = {
        "system": signal_scores(gold_signals, [set(r["signals"]) for r in records], signals),
        "rules_only": signal_scores(gold_signals, [{h.signal for h in p.hits} for p in prepared],
                                    signals),
        "keywords": signal_scores(gold_signals, [signal_kw.flags(lem) for lem in lemmas], signals),
    }
    data["bootstrap_95"] = bootstrap_intervals(
        {task: ([getattr(g, task) for g in gold], [r[task] for r in records])
         for task in ("function_area", "sector")},
        (gold_signals, [set(r["signals"]) for r in records]))
    return ComplaintsReport(data)


def cross_validate(labels: Path = DEFAULT_LABELS, folds: int = 5, seed: int = 0,
                   texts: Path | None = None, text_only: bool = False) -> dict:
    """The whole classifier cross-validated on the **dev** split only: train on four folds
    exactly as ``taza complaints train`` does (thresholds chosen by its own inner CV), classify
    the fifth, and score the out-of-fold answers like ``evaluate_complaints``. This is the
    figure to tune on; ``--split dev`` of ``taza eval complaints`` scores a model on its own
    training data. ``text_only``: the held-out complaints are classified without the portal's
    labels (as complaints from other sources come), to see what the text alone gives."""
    from sklearn.model_selection import KFold

    from pipeline.complaints import model as model_mod
    from pipeline.complaints.features import NO_PORTAL, PORTAL, matrix

    taxonomy = load_taxonomy()
    dev = [g for g in load_gold(labels, texts) if g.split == "dev"]
    rules = SignalRules()
    prepared = prepare([g.text for g in dev], rules, portal=[g.portal for g in dev])
    X = matrix(prepared)
    targets = {task: numpy.array([getattr(g, task) for g in dev], dtype=object)
               for task in ("function_area", "sector")}
    signals = {s: numpy.array([s in g.signal_ids for g in dev]) for s in taxonomy.signal_ids}
    fired = {s: numpy.array([any(h.signal == s for h in p.hits) for p in prepared])
             for s in taxonomy.signal_ids}
    records: list[dict] = [{} for _ in dev]
    per_fold: list[dict] = []
    for train, held in KFold(folds, shuffle=True, random_state=seed).split(X):
        model, meta = model_mod.fit(X[train], {t: y[train] for t, y in targets.items()},
                                    {s: v[train] for s, v in signals.items()},
                                    {s: v[train] for s, v in fired.items()})
        model.meta.update(meta)
        out = ComplaintClassifier(model, rules, entities=False).classify(
            [Item(dev[i].id, dev[i].text, **({} if text_only else dev[i].portal)) for i in held])
        X_held = X[held].copy()
        if text_only:
            X_held[:, PORTAL] = NO_PORTAL
        Xf = model.features(X_held)
        per_fold.append(_fold_votes(model, Xf, [dev[i] for i in held], [prepared[i] for i in held],
                                    [set(out[k]["signals"]) for k in range(len(held))],
                                    taxonomy.signal_ids))
        per_fold[-1].update({f"{task}_macro_f1": round(macro_f1(
            [getattr(dev[i], task) for i in held], [out[k][task] for k in range(len(held))], ()), 4)
            for task in targets})
        for k, i in enumerate(held):
            records[i] = out[k]
            for task in targets:
                step = model.tasks[task][-1]
                records[i][f"{task}_no_abstain"] = str(step.classes_[step.predict_proba(Xf[k:k + 1]).argmax()])
    data: dict = {"split": "dev", "folds": folds, "complaints": len(dev), "text_only": text_only}
    for task in targets:
        y = [getattr(g, task) for g in dev]
        data[task] = {"system": _task_block(y, [r[task] for r in records]),
                      "system_no_abstain": _task_block(y, [r[f"{task}_no_abstain"] for r in records])}
    gold_signals = [set(g.signal_ids) for g in dev]
    data["signals"] = {
        "system": signal_scores(gold_signals, [set(r["signals"]) for r in records],
                                taxonomy.signal_ids),
        "rules_only": signal_scores(gold_signals, [{h.signal for h in p.hits} for p in prepared],
                                    taxonomy.signal_ids)}
    data["signals"]["per_fold"] = per_fold
    data["bootstrap_95"] = bootstrap_intervals(
        {task: ([getattr(g, task) for g in dev], [r[task] for r in records]) for task in targets},
        (gold_signals, [set(r["signals"]) for r in records]))
    data["errors"] = [{"id": g.id, "field": field, "gold": gold, "predicted": predicted}
                      for g, r in zip(dev, records)
                      for field, gold, predicted in (
                          ("function_area", g.function_area, r["function_area"]),
                          ("sector", g.sector, r["sector"]),
                          ("signals", sorted(g.signal_ids), sorted(r["signals"])))
                      if gold != predicted]     # dev out-of-fold errors, for error analysis
    return data


def _fold_votes(model, Xf, gold: Sequence[GoldComplaint], prepared, system: Sequence[set[str]],
                signals: Sequence[str]) -> dict:
    """One held-out fold's signals micro-F1 three ways: the rules alone, the models alone (each
    at the threshold its own inner CV chose; a signal without a model is never found), and the
    system (their vote). The gap between the rules' dev figure and the held-out test figure
    is how far the rules, written on dev, overfit it; a fold where the model alone comes
    close to the rules says the rules' dev hits are not all to be trusted."""
    gold_sets = [set(g.signal_ids) for g in gold]
    alone = [set() for _ in gold]
    for s, m in model.signal_models.items():
        threshold = model.meta["cross_validated"]["signals"][s].get("model_alone_threshold", 1.01)
        proba = m[-1].predict_proba(Xf)[:, list(m.classes_).index(1)]
        for k in numpy.flatnonzero(proba >= threshold):
            alone[k].add(s)
    choices = {s: (model.signal_gate(s), model.signal_threshold(s)) for s in model.signal_models}
    return {"complaints": len(gold),
            "rules_only": signal_scores(gold_sets, [{h.signal for h in p.hits} for p in prepared],
                                        signals)["micro_f1"],
            "model_only": signal_scores(gold_sets, alone, signals)["micro_f1"],
            "system": signal_scores(gold_sets, list(system), signals)["micro_f1"],
            "gate_threshold": choices}


def render_signal_errors(data: dict, dev: Sequence[GoldComplaint]) -> str:
    """The out-of-fold signal errors of a CV run, signal by signal: each false alarm with the
    rule hits (or «model») behind it, each miss with its gold evidence."""
    by_id = {g.id: g for g in dev}
    rules = SignalRules()
    wrong = [e for e in data["errors"] if e["field"] == "signals"]
    prepared = dict(zip([e["id"] for e in wrong],
                        prepare([by_id[e["id"]].text for e in wrong], rules)))
    lines = []
    for signal in load_taxonomy().signal_ids:
        for e in wrong:
            g, p = set(e["gold"]), set(e["predicted"])
            kind = "FP" if signal in p - g else "FN" if signal in g - p else None
            if kind is None:
                continue
            complaint = by_id[e["id"]]
            if kind == "FN":
                spans = [complaint.text[s.start:s.end] for s in complaint.signals if s.signal == signal]
                why = "gold: " + " | ".join(f"«{x}»" for x in spans)
            else:
                hits = [f"{h.rule_id} «{h.evidence}»" for h in prepared[e["id"]].hits
                        if h.signal == signal]
                why = "; ".join(hits) or "model"
            lines.append(f"{signal:<26}{kind} {e['id']:>8}  {why}")
    return "\n".join(lines)


def render_cv(data: dict) -> str:
    lines = [f"CV на dev / dev cross-validation: {data['complaints']} обращений, {data['folds']} folds"
             + (" (без полей портала / text only)" if data.get("text_only") else "")]
    for task in ("function_area", "sector"):
        t = data[task]
        lines.append(f"{task}: macro-F1 {t['system']['macro_f1']:.3f} (без порога / no abstain "
                     f"{t['system_no_abstain']['macro_f1']:.3f}) [95% "
                     f"{data['bootstrap_95'][task][0]:.3f}–{data['bootstrap_95'][task][1]:.3f}], "
                     f"accuracy {t['system']['accuracy']:.3f}, "
                     f"ответов / answered {t['system']['coverage']:.0%}")
        for c, s in t["system"]["per_class"].items():
            lines.append(f"  {c:<24}{s['support']:>5}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}")
    sig = data["signals"]
    lines.append(f"signals: micro-F1 {sig['system']['micro_f1']:.3f} [95% "
                 f"{data['bootstrap_95']['signals'][0]:.3f}–{data['bootstrap_95']['signals'][1]:.3f}] "
                 f"(правила / rules only "
                 f"{sig['rules_only']['micro_f1']:.3f})")
    for s, v in sig["system"]["per_signal"].items():
        if v["support"] or v["fp"]:
            lines.append(f"  {s:<26}{v['support']:>5}{v['tp']:>5}{v['fp']:>5}{v['fn']:>5}{v['f1']:>8.3f}")
    if sig.get("per_fold"):
        lines.append("  per fold: area / sector macro-F1; signals micro-F1 rules only / model only "
                     "/ system; gate, threshold")
        for k, f in enumerate(sig["per_fold"], 1):
            choices = ", ".join(f"{s} {g:g}/{t:g}" for s, (g, t) in f["gate_threshold"].items())
            lines.append(f"  fold {k}: {f.get('function_area_macro_f1', 0):.3f} / "
                         f"{f.get('sector_macro_f1', 0):.3f}; {f['rules_only']:.3f} / "
                         f"{f['model_only']:.3f} / {f['system']:.3f}   ({choices})")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """python -m pipeline.complaints.evaluate [--text-only] [--errors] [OUT.json]: CV on dev."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m pipeline.complaints.evaluate",
                                     description="5-fold CV of the whole classifier on dev")
    parser.add_argument("out", nargs="?", type=Path, help="write the figures as JSON")
    parser.add_argument("--text-only", action="store_true",
                        help="classify the held-out folds without the portal's labels")
    parser.add_argument("--errors", action="store_true",
                        help="also print every out-of-fold signal error with its evidence")
    args = parser.parse_args(argv)
    result = cross_validate(text_only=args.text_only)
    print(render_cv(result))
    if args.errors:
        print(render_signal_errors(result, load_gold(DEFAULT_LABELS, split="dev")))
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
