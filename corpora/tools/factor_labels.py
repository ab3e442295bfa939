#!/usr/bin/env python3
"""Labelling batches for the multi-factor gold corpus: prepare, validate, merge.

    python3 corpora/tools/factor_labels.py prepare --batches 6 --dir .state/labelling
        writes batch_K.jsonl: the clauses of corpora/factors/sample.unlabelled.jsonl with the
        text of their whole article (``article_context``) and, for clauses of the
        optional_power sample, the labels already decided there (``prior_labels``).
    python3 corpora/tools/factor_labels.py validate .state/labelling/out_K.jsonl
        checks an annotator's output: one line per clause of the batch, known factors,
        evidence found in the text; prints label counts.
    python3 corpora/tools/factor_labels.py merge .state/labelling/out_*.jsonl
        writes corpora/factors/gold.jsonl (every sampled clause, its split and its labels).
    python3 corpora/tools/factor_labels.py merge --append .state/labelling3/out_*.jsonl
        round 3: appends the labelled clauses not yet in gold.jsonl to it, leaving every
        existing line unchanged (only clauses present in the outputs go in, as --partial).

Annotator output line: {"id": str, "labels": [{"factor": str, "evidence": str,
"start": int (optional: offset of the evidence when it occurs more than once)}]}.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_clauses as base  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = (ROOT / "corpora" / "factors" / "sample.unlabelled.jsonl",
           ROOT / "corpora" / "factors" / "sample.round2.unlabelled.jsonl",
           ROOT / ".state" / "labelling3" / "sample.round3.unlabelled.jsonl",
           ROOT / ".state" / "labelling4" / "sample.round4.unlabelled.jsonl",
           ROOT / ".state" / "labelling5" / "sample.round5.unlabelled.jsonl",
           ROOT / ".state" / "labelling6" / "sample.round6.unlabelled.jsonl",
           ROOT / ".state" / "labelling7" / "sample.round7.unlabelled.jsonl",
           ROOT / ".state" / "labelling8" / "sample.round8.unlabelled.jsonl")
GOLD = ROOT / "corpora" / "factors" / "gold.jsonl"
OLD = ROOT / "corpora" / "optional_power" / "sample.jsonl"
ACTS = Path("/work/shared/data/acts")
LABELLED = ("optional_power", "broad_discretion", "open_grounds", "missing_deadline",
            "missing_procedure", "excessive_delegation", "selective_rights", "no_competition",
            "excessive_requirements", "admin_barriers", "linguistic_uncertainty")


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _sample() -> list[dict]:
    """Every drawn clause, round 1 then round 2, in document order within each round."""
    return [r for path in SAMPLES if path.exists() for r in _read(path)]


def prepare(n: int, out_dir: Path, source: Path, first: int) -> None:
    sample = _read(source)
    articles: dict[tuple, list[str]] = defaultdict(list)
    for c in base.load_clauses(ACTS, extra=True):
        if c["article"]:
            articles[(c["source"], c["article"])].append(f"[{c['id']}] {c['text']}")
    prior = {r["id"]: r["labels"] for r in _read(OLD)} if OLD.exists() else {}
    out_dir.mkdir(parents=True, exist_ok=True)
    size = -(-len(sample) // n)
    for k in range(n):
        with (out_dir / f"batch_{first + k}.jsonl").open("w", encoding="utf-8") as fh:
            for r in sample[k * size:(k + 1) * size]:
                rec = dict(r)
                context = "\n".join(articles.get((r["source"], r["article"]), []))
                rec["article_context"] = context[:8000]
                if r["id"] in prior:
                    rec["prior_labels"] = [{"factor": lab["factor"], "evidence": lab["evidence"],
                                            "start": lab["start"]} for lab in prior[r["id"]]]
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"batch_{first + k}.jsonl: {len(sample[k * size:(k + 1) * size])} clauses")


def _resolve(text: str, label: dict) -> tuple[int, int]:
    evidence = label["evidence"]
    start = label.get("start")
    if isinstance(start, int) and text[start:start + len(evidence)] == evidence:
        return start, start + len(evidence)
    at = text.find(evidence)
    if at < 0:
        raise ValueError(f"evidence {evidence!r} not in the text")
    return at, at + len(evidence)


def validate(path: Path) -> list[str]:
    texts = {r["id"]: r["text"] for r in _sample()}
    errors, counts = [], Counter()
    for r in _read(path):
        if r["id"] not in texts:
            errors.append(f"{r['id']}: not in the sample")
            continue
        for label in r.get("labels", []):
            if label.get("factor") not in LABELLED:
                errors.append(f"{r['id']}: unknown factor {label.get('factor')!r}")
                continue
            try:
                _resolve(texts[r["id"]], label)
            except (ValueError, KeyError) as exc:
                errors.append(f"{r['id']}: {exc}")
            counts[label["factor"]] += 1
    batch = path.with_name(path.name.replace("out_", "batch_"))
    if batch.exists():
        expected = [r["id"] for r in _read(batch)]
        got = [r["id"] for r in _read(path)]
        if expected != got:
            missing = sorted(set(expected) - set(got))
            errors.append(f"ids differ from {batch.name}: missing {missing[:10]} "
                          f"(+{max(0, len(missing) - 10)}), extra {sorted(set(got) - set(expected))[:10]}")
    for factor in LABELLED:
        print(f"{factor:26} {counts[factor]:4}")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return errors


def merge(paths: list[Path], partial: Path | None = None, append: bool = False) -> None:
    labels: dict[str, list[dict]] = {}
    for path in paths:
        for r in _read(path):
            labels[r["id"]] = r.get("labels", [])
    sample = _sample()
    if append:
        old = GOLD.read_text(encoding="utf-8")
        have = {json.loads(line)["id"] for line in old.splitlines() if line.strip()}
        new = [r for r in sample if r["id"] in labels and r["id"] not in have]
        with GOLD.open("a", encoding="utf-8") as fh:
            if old and not old.endswith("\n"):
                fh.write("\n")
            for r in new:
                fh.write(json.dumps(_record(r, labels[r["id"]]), ensure_ascii=False) + "\n")
        print(f"{len(new)} clauses appended -> {GOLD} ({len(have)} kept unchanged)")
        return
    missing = [r["id"] for r in sample if r["id"] not in labels]
    if partial is not None:
        sample = [r for r in sample if r["id"] in labels]
    elif missing:
        sys.exit(f"not labelled: {len(missing)} clauses, e.g. {missing[:5]}")
    target = partial or GOLD
    with target.open("w", encoding="utf-8") as fh:
        for r in sample:
            fh.write(json.dumps(_record(r, labels[r["id"]]), ensure_ascii=False) + "\n")
    print(f"{len(sample)} clauses -> {target}")


def _record(r: dict, labels: list[dict]) -> dict:
    out = []
    for label in labels:
        start, end = _resolve(r["text"], label)
        out.append({"factor": label["factor"], "start": start, "end": end,
                    "evidence": r["text"][start:end]})
    out.sort(key=lambda x: (x["start"], x["factor"]))
    return {"id": r["id"], "source": r["source"], "article": r["article"],
            "number": r["number"], "split": r["split"], "text": r["text"],
            "checked": list(LABELLED), "labels": out}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--batches", type=int, default=6)
    p.add_argument("--dir", default=str(ROOT / ".state" / "labelling"))
    p.add_argument("--sample", default=str(SAMPLES[0]), help="the drawn clauses to batch")
    p.add_argument("--first", type=int, default=1, help="number of the first batch")
    v = sub.add_parser("validate")
    v.add_argument("file")
    m = sub.add_parser("merge")
    m.add_argument("files", nargs="+")
    m.add_argument("--partial", help="write only the clauses labelled so far to this file")
    m.add_argument("--append", action="store_true",
                   help="append the labelled clauses not yet in gold.jsonl to it (round 3)")
    args = ap.parse_args(argv)
    if args.cmd == "prepare":
        prepare(args.batches, Path(args.dir), Path(args.sample), args.first)
    elif args.cmd == "validate":
        return 1 if validate(Path(args.file)) else 0
    else:
        merge([Path(f) for f in args.files], Path(args.partial) if args.partial else None,
              append=args.append)
    return 0


if __name__ == "__main__":
    sys.exit(main())
