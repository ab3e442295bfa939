"""A probe, not part of the analyzer: does a model learnt from the dev clauses alone carry to
unseen text better than the hand-written rules?

For each factor with dev positives, a logistic regression over TF-IDF of the clause's lemmas
(word 1–2-grams) and characters (3–5-grams) is fitted on the dev split of ``gold.jsonl``; its
threshold is the one with the best out-of-fold F1 in 5-fold CV grouped by act and article
(``pipeline.calibrate.grouped_folds``). The model, the rules (the held-out sample's
``predicted``) and their union are then scored on the held-out sample, each stratum weighted
(``factor_heldout.score``), and the model alone on the test split. It reads no test or held-out
label while fitting. Needs the project's venv::

    .venv/bin/python corpora/tools/factor_ml_probe.py [--c 1.0]

Measured 2026-11-24 (2,401 dev clauses, 1,334 held-out): model P 0.29 R 0.18 F1 0.23, rules
0.24 / 0.29 / 0.26, union 0.23 / 0.38 / 0.29; the model alone 0.31 on test
(corpora/factors/README.md, «A learned model»).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
REPO = TOOLS.parents[1]
sys.path[:0] = [str(TOOLS), str(REPO)]

FACTORS = ("optional_power", "excessive_delegation", "linguistic_uncertainty", "missing_deadline",
           "missing_procedure", "broad_discretion", "open_grounds", "excessive_requirements")
THRESHOLDS = tuple(t / 100 for t in range(30, 99, 2))


def lemma_texts(texts: list[str]) -> list[str]:
    from pipeline.nlp import get_nlp
    from pipeline.nlp.lemma import lemma_text

    return [lemma_text(doc) for doc in get_nlp().pipe(texts, batch_size=256)]


def _model(c: float):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True,
                        max_features=60_000))
    return make_pipeline(features, LogisticRegression(C=c, class_weight="balanced", max_iter=3000))


def fit_factor(texts: list[str], y: list[int], folds: list[list[int]], c: float = 1.0):
    """The model fitted on all ``texts`` and the threshold of the best out-of-fold F1
    (None when no threshold finds a positive); the F1 is returned too."""
    import numpy

    y = numpy.asarray(y)
    oof = numpy.zeros(len(y))
    for fold in folds:
        held = set(fold)
        train = [i for i in range(len(y)) if i not in held]
        if len(set(y[train])) < 2:
            continue
        model = _model(c).fit([texts[i] for i in train], y[train])
        oof[fold] = model.predict_proba([texts[i] for i in fold])[:, 1]
    best_f1, best_t = 0.0, None
    for t in THRESHOLDS:
        p = oof >= t
        tp, fp, fn = int((p & (y == 1)).sum()), int((p & (y == 0)).sum()), int((~p & (y == 1)).sum())
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1:
            best_f1, best_t = f1, t
    return _model(c).fit(texts, y), best_t, best_f1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--c", type=float, default=1.0)
    args = ap.parse_args(argv)
    import factor_heldout as fh
    from pipeline.calibrate import grouped_folds

    gold = [json.loads(line) for line in (REPO / "corpora/factors/gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    dev = [r for r in gold if r["split"] == "dev"]
    test = [r for r in gold if r["split"] == "test"]
    held = [json.loads(line) for line in fh.HELDOUT.read_text(encoding="utf-8").splitlines() if line]
    pool = json.loads(fh.META.read_text(encoding="utf-8"))["pool"]
    x_dev, x_test, x_held = (lemma_texts([r["text"] for r in rs]) for rs in (dev, test, held))
    folds = grouped_folds(dev, 5, 0)
    on_held: list[set[str]] = [set() for _ in held]
    on_test: list[set[str]] = [set() for _ in test]
    for factor in FACTORS:
        y = [int(any(label["factor"] == factor for label in r["labels"])) for r in dev]
        model, threshold, f1 = fit_factor(x_dev, y, folds, args.c)
        print(f"{factor:24} dev positives {sum(y):3}  grouped-CV F1 {f1:.3f}  threshold {threshold}")
        if threshold is None:
            continue
        for found, x in ((on_held, x_held), (on_test, x_test)):
            for i, p in enumerate(model.predict_proba(x)[:, 1]):
                if p >= threshold:
                    found[i].add(factor)
    rules = [set(r["predicted"]) for r in held]
    for name, predicted in (("model", on_held), ("rules", rules),
                            ("union", [a | b for a, b in zip(on_held, rules)])):
        micro = fh.score([dict(r, predicted=sorted(p)) for r, p in zip(held, predicted)], pool)["micro"]
        print(f"held-out {name:6} P {micro['precision']:.3f}  R {micro['recall_estimated']:.3f}  "
              f"F1 {micro['f1_estimated']:.3f}")
    gold_pairs = {(i, label["factor"]) for i, r in enumerate(test) for label in r["labels"]}
    pairs = {(i, f) for i, fs in enumerate(on_test) for f in fs}
    tp, fp, fn = len(pairs & gold_pairs), len(pairs - gold_pairs), len(gold_pairs - pairs)
    print(f"test     model  micro-F1 {2 * tp / (2 * tp + fp + fn):.3f} (tp {tp}, fp {fp}, fn {fn})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
