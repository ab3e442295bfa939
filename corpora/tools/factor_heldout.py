"""A fresh held-out sample of TEST-region clauses for the factor detectors, labelled blind.

The test split of ``gold.jsonl`` has been scored many times, nine rules were first written on
test wording, and the guidelines name nearly every labelled test clause (corpora/factors/README.md,
«Rule examples and the test split»). This sample measures the analyzer on test-region text that
no rule, example or guideline has seen. Among the test-region clauses of at most ``MAX_CHARS``
that are not in ``gold.jsonl`` and no round drew, the analyzer of the day sorts each clause into
a stratum:

* ``fired``: the analyzer (calibrated, with its thresholds) finds a factor in it: **all** of
  them are drawn, so precision over the whole pool is measured, not estimated;
* ``marked``: no finding, but a marker of the naive baseline occurs: some at random;
* ``plain``: no finding and no marker: some at random (``BATCHES`` says how many).

The annotator sees the clauses in document order without their strata. Recall is estimated
by weighting each stratum's missed positives by its size in the pool (``score``). The strata
are those of the analyzer at the draw (rules and confidence v5, commit 67a67ac), so the
figures hold for that analyzer; a later one is measured on a new draw. Needs the venv::

    .venv/bin/python corpora/tools/factor_heldout.py draw [--batch N]   # -> .state/heldout[N]/
    .venv/bin/python corpora/tools/factor_heldout.py merge [--batch N] OUT.jsonl...   # -> heldout.jsonl
    .venv/bin/python corpora/tools/factor_heldout.py score [--write]   # --write: models/confidence/<v>/heldout.json

**Later batches** (``BATCHES``: seed, ``marked`` and ``plain`` clauses to add; None = all that
are left; they take no ``fired`` clause, batch 1 took them all) narrow the recall estimate: batch 1 found no factor in any of its 100 clauses without
a finding, which bounds recall only loosely (as low as 0.11). Each draws more clauses from the
same strata of the same pool, leaving out the earlier batches; the analyzer must still sort the
pool exactly as at batch 1 (the draw refuses otherwise), so the union of the batches is one
stratified random sample. Their clauses carry ``"batch": N`` and are appended to
``heldout.jsonl``.

**A second annotation** of all clauses by other annotators (``heldout.second.jsonl``, the same
closed room, blind to the first) gives the agreement (``agree``); the lead decided the clauses
where the two differ, by the guidelines, and marked them ``"adjudicated": true``.

``heldout.jsonl`` has the fields of ``gold.jsonl`` (no ``split``) plus ``stratum`` and
``predicted`` (the analyzer's factors at the draw); ``heldout.meta.json`` the seed, the
analyzer and the size of each stratum in the pool.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from datetime import date
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
REPO = TOOLS.parents[1]
sys.path[:0] = [str(TOOLS), str(REPO)]

import sample_factor_clauses as rounds  # noqa: E402
from factor_labels import LABELLED, _read, _resolve  # noqa: E402
from sample_factor_fired import analysed, fresh  # noqa: E402

HELDOUT = rounds.CORPUS / "heldout.jsonl"
SECOND = rounds.CORPUS / "heldout.second.jsonl"     # the independent second annotation of batches 1-2
META = rounds.CORPUS / "heldout.meta.json"
ANALYZER = "rules and confidence v5 of commit 67a67ac"
MODEL_VERSION = "v5"            # the confidence model of that analyzer
# batch -> (seed, marked, plain); None takes every clause of the stratum that is left
BATCHES = {1: (2034, 60, 40), 2: (2035, 150, 120), 3: (2037, None, 400)}


def draw_path(batch: int) -> Path:
    folder = "heldout" if batch == 1 else f"heldout{batch}"
    return REPO / ".state" / folder / "sample.heldout.unlabelled.jsonl"


def strata_of(found: list[set[str]], markers: list[set[str]]) -> list[str]:
    return ["fired" if fs else "marked" if ms else "plain" for fs, ms in zip(found, markers)]


def draw(clauses: list[dict], found: list[set[str]], markers: list[set[str]], batch: int = 1,
         earlier: list[dict] = (), pool: dict[str, int] | None = None) -> tuple[list[dict], Counter]:
    """The clauses of one batch (each with its ``stratum`` and ``predicted`` factors; a later
    batch's with ``batch``), in document order, and the size of each stratum in the pool.

    Batch 1 takes every ``fired`` clause. A later batch takes none of the ``earlier`` ones, and
    refuses when the analyzer no longer sorts the pool as it did for batch 1 (``pool``)."""
    seed, n_marked, n_plain = BATCHES[batch]
    rng = random.Random(seed)
    strata = strata_of(found, markers)
    sizes = Counter(strata)
    if batch == 1:
        chosen = [i for i, s in enumerate(strata) if s == "fired"]
    else:
        fired_then = {r["id"] for r in earlier if r["stratum"] == "fired"}
        fired_now = {c["id"] for c, s in zip(clauses, strata) if s == "fired"}
        if dict(sizes) != pool or fired_now != fired_then:
            sys.exit(f"the analyzer sorts the pool differently from batch 1 ({dict(sizes)} "
                     f"against {pool}); batch {batch} would not belong to the same sample")
        chosen = []
    taken = {r["id"] for r in earlier}
    for name, n in (("marked", n_marked), ("plain", n_plain)):
        members = [i for i, s in enumerate(strata) if s == name and clauses[i]["id"] not in taken]
        chosen += members if n is None else rng.sample(members, min(n, len(members)))
    tag = {} if batch == 1 else {"batch": batch}
    return [dict(clauses[i], stratum=strata[i], predicted=sorted(found[i]), **tag)
            for i in sorted(chosen)], sizes


def _count(x: float) -> float | int:
    return int(round(x)) if abs(x - round(x)) < 1e-9 else round(x, 1)


def _factors(record: dict) -> set[str]:
    return {label["factor"] for label in record["labels"]}


def current(records: list[dict]) -> list[dict]:
    """The records with ``predicted`` replaced by what today's default analyzer finds (each
    clause judged inside its act), to measure a later analyzer on the same sample."""
    from pipeline.detect import Analyzer
    from pipeline.evaluate import predict_in_context

    found = predict_in_context(records, Analyzer())
    return [dict(r, predicted=sorted({f.factor for f in fs})) for r, fs in zip(records, found)]


def score(records: list[dict], sizes: dict[str, int]) -> dict:
    """Precision on the ``fired`` stratum (all of the pool's findings), and recall with each
    stratum's misses weighted by (pool size / drawn); micro and per factor."""
    drawn = Counter(r["stratum"] for r in records)
    tp, fp, fn = Counter(), Counter(), Counter()
    fn_drawn = Counter()
    for r in records:
        gold, predicted = _factors(r), set(r["predicted"])
        weight = sizes[r["stratum"]] / drawn[r["stratum"]]
        for factor in gold | predicted:
            # Findings of the draw's analyzer are all in ``fired`` (weight 1, counted exactly);
            # a later analyzer's findings in the sampled strata weigh as their misses do.
            tp[factor] += weight * (factor in gold and factor in predicted)
            fp[factor] += weight * (factor in predicted and factor not in gold)
            if factor in gold and factor not in predicted:
                fn[factor] += weight
                fn_drawn[r["stratum"]] += 1

    def figures(t: float, f: float, n: float) -> dict:
        precision = t / (t + f) if t + f else 0.0
        recall = t / (t + n) if t + n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"tp": _count(t), "fp": _count(f), "fn_estimated": round(n, 1), "precision": round(precision, 4),
                "recall_estimated": round(recall, 4), "f1_estimated": round(f1, 4)}

    factors = sorted(set(tp) | set(fp) | set(fn))
    return {"micro": figures(sum(tp.values()), sum(fp.values()), sum(fn.values())),
            "factors": {f: figures(tp[f], fp[f], fn[f]) for f in factors},
            "missed_in_sample": dict(fn_drawn), "pool": dict(sizes), "drawn": dict(drawn)}


def intervals(records: list[dict], sizes: dict[str, int], n: int = 2000, seed: int = 0) -> dict:
    """95 % bootstrap intervals of micro precision and estimated recall: each stratum's drawn
    clauses resampled with replacement, ``score`` recomputed ``n`` times."""
    rng = random.Random(seed)
    by_stratum: dict[str, list[dict]] = {}
    for r in records:
        by_stratum.setdefault(r["stratum"], []).append(r)
    values: dict[str, list[float]] = {"precision": [], "recall_estimated": [], "f1_estimated": []}
    for _ in range(n):
        sample = [rng.choice(members) for members in by_stratum.values() for _ in members]
        micro = score(sample, sizes)["micro"]
        for key in values:
            values[key].append(micro[key])

    def bounds(xs: list[float]) -> list[float]:
        xs = sorted(xs)
        return [round(xs[int(0.025 * (len(xs) - 1))], 4), round(xs[int(0.975 * (len(xs) - 1))], 4)]

    return {key: bounds(xs) for key, xs in values.items()}


def agreement(first: list[dict], second: list[dict]) -> dict:
    """How far a second, independent annotation of the same clauses agrees with the first:
    micro-F1 of the (clause, factor) pairs with either as reference, Cohen's kappa of every
    clause-and-factor decision, per-factor counts, and the clauses where they differ."""
    by_id = {r["id"]: _factors(r) for r in second}
    missing = [r["id"] for r in first if r["id"] not in by_id]
    if missing:
        sys.exit(f"the second annotation lacks {len(missing)} clauses, e.g. {missing[:5]}")
    one = {(r["id"], f) for r in first for f in _factors(r)}
    two = {(r["id"], f) for r in first for f in by_id[r["id"]]}
    both = len(one & two)
    decisions = len(first) * len(LABELLED)
    observed = (decisions - len(one ^ two)) / decisions
    p_one, p_two = len(one) / decisions, len(two) / decisions
    expected = p_one * p_two + (1 - p_one) * (1 - p_two)
    factors = {}
    for factor in LABELLED:
        a = {pair for pair in one if pair[1] == factor}
        b = {pair for pair in two if pair[1] == factor}
        if a or b:
            factors[factor] = {"both": len(a & b), "first_only": len(a - b), "second_only": len(b - a)}
    differ = [{"id": r["id"], "first": sorted(_factors(r)), "second": sorted(by_id[r["id"]])}
              for r in first if _factors(r) != by_id[r["id"]]]
    return {"clauses": len(first), "pairs_first": len(one), "pairs_second": len(two), "both": both,
            "micro_f1": round(2 * both / (len(one) + len(two)), 4) if one or two else 1.0,
            "kappa": round((observed - expected) / (1 - expected), 4) if expected < 1 else 1.0,
            "factors": factors, "differ": differ}


def merge(draw_path: Path, annotations: list[Path], out: Path, meta: Path, batch: int = 1) -> None:
    """The drawn clauses with their annotators' labels (evidence resolved to spans); a later
    batch is appended to the sample of the earlier ones."""
    labels = {r["id"]: r["labels"] for path in annotations for r in _read(path)}
    drawn = _read(draw_path)
    missing = [r["id"] for r in drawn if r["id"] not in labels]
    if missing:
        sys.exit(f"not labelled: {len(missing)} clauses, e.g. {missing[:5]}")
    with out.open("w" if batch == 1 else "a", encoding="utf-8") as fh:
        for r in drawn:
            spans = []
            for label in labels[r["id"]]:
                if label["factor"] not in LABELLED:
                    sys.exit(f"{r['id']}: unknown factor {label['factor']!r}")
                start, end = _resolve(r["text"], label)
                spans.append({"factor": label["factor"], "start": start, "end": end,
                              "evidence": r["text"][start:end]})
            spans.sort(key=lambda x: (x["start"], x["factor"]))
            record = {k: r[k] for k in ("id", "source", "article", "number", "text", "stratum", "predicted")}
            if batch != 1:
                record["batch"] = batch
            fh.write(json.dumps(record | {"checked": list(LABELLED), "labels": spans}, ensure_ascii=False) + "\n")
    if batch == 1:
        pool_sizes = json.loads((draw_path.parent / "pool.json").read_text(encoding="utf-8"))
        meta.write_text(json.dumps({"seed": BATCHES[1][0], "analyzer": ANALYZER, "pool": pool_sizes,
                                    "drawn": dict(Counter(r["stratum"] for r in drawn))},
                                   ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    else:
        info = json.loads(meta.read_text(encoding="utf-8"))
        info["drawn"] = dict(Counter(info["drawn"]) + Counter(r["stratum"] for r in drawn))
        info.setdefault("batches", {"1": {"seed": BATCHES[1][0]}})[str(batch)] = {
            "seed": BATCHES[batch][0], "drawn": dict(Counter(r["stratum"] for r in drawn))}
        meta.write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(drawn)} clauses -> {out}", file=sys.stderr)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--acts", default=str(REPO.parent / "shared" / "data" / "acts"))
    d.add_argument("--out")
    d.add_argument("--batch", type=int, choices=(1, *BATCHES), default=1)
    m = sub.add_parser("merge")
    m.add_argument("annotations", nargs="+")
    m.add_argument("--draw")
    m.add_argument("--batch", type=int, choices=(1, *BATCHES), default=1)
    a = sub.add_parser("agree", help="agreement of a second annotation (annotators' files) with heldout.jsonl")
    a.add_argument("annotations", nargs="+")
    sc = sub.add_parser("score")
    sc.add_argument("--current", action="store_true",
                    help="score today's analyzer instead of the draw's (findings outside `fired` are "
                         "weighted by their stratum); a measurement, never a target to tune on")
    sc.add_argument("--write", action="store_true",
                    help="store the figures beside the confidence model the sample was drawn with "
                         "(with --current: beside today's), for the report "
                         "(models/confidence/<version>/heldout.json)")
    args = ap.parse_args(argv)
    if args.cmd == "draw":
        clauses, _ = fresh(Path(args.acts), "test")
        found, markers = analysed(clauses)
        if args.batch == 1:
            sample, sizes = draw(clauses, found, markers)
        else:
            pool = json.loads(META.read_text(encoding="utf-8"))["pool"]
            sample, sizes = draw(clauses, found, markers, args.batch, _read(HELDOUT), pool)
        out = Path(args.out or draw_path(args.batch))
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for c in sample:
                rec = {k: v for k, v in c.items() if not k.startswith("_")}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        (out.parent / "pool.json").write_text(json.dumps(dict(sizes)), encoding="utf-8")
        print(f"pool {len(clauses)} test-region clauses: {dict(sizes)}; drawn {len(sample)} -> {out}",
              file=sys.stderr)
        return 0
    if args.cmd == "merge":
        merge(Path(args.draw or draw_path(args.batch)), [Path(a) for a in args.annotations],
              HELDOUT, META, args.batch)
        return 0
    records = _read(HELDOUT)
    if args.cmd == "agree":
        second = [r for path in args.annotations for r in _read(Path(path))]
        # the second annotation covers batches 1-2; agreement is over the clauses it covers
        covered = {r["id"] for r in second}
        print(json.dumps(agreement([r for r in records if r["id"] in covered], second),
                         ensure_ascii=False, indent=1))
        return 0
    pool_sizes = json.loads(META.read_text(encoding="utf-8"))["pool"]
    if args.current:
        records = current(records)
    result = score(records, pool_sizes)
    result["micro_95"] = intervals(records, pool_sizes)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.write:
        from pipeline.calibrate import HELDOUT_FILE, MODELS_DIR, VERSION

        version = VERSION if args.current else MODEL_VERSION
        target = MODELS_DIR / version / HELDOUT_FILE
        target.write_text(json.dumps({
            "measured": date.today().isoformat(),
            "analyzer": f"rules and confidence {version} (findings outside `fired` weighted by their stratum)"
                        if args.current else ANALYZER,
            "sample": "corpora/factors/heldout.jsonl",
            "clauses": len(records),
            "micro": {k: result["micro"][k] for k in ("tp", "fp", "precision", "recall_estimated")}
            | {"precision_95": result["micro_95"]["precision"],
               "recall_estimated_95": result["micro_95"]["recall_estimated"]},
            "factors": {f: {k: v[k] for k in ("tp", "fp", "precision")} for f, v in result["factors"].items()
                        if v["tp"] + v["fp"]},
        }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"-> {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
