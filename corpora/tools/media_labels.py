#!/usr/bin/env python3
"""Media gold corpus: validate the annotators' label files and merge them.

    python3 corpora/tools/media_labels.py validate .state/media_labels/labels_A.jsonl
    python3 corpora/tools/media_labels.py merge .state/media_labels/labels_*.jsonl

Annotator line (corpora/media/GUIDELINES.md): {"id", "set", "is_signal", "event_types",
"organizations", "hard" (optional)}. The merged `corpora/media/labels.jsonl` holds ids, the
split and the labels only, sorted by id: the Tengrinews articles state no licence, so no text
is committed; texts are read from ../shared/data/media at evaluation time.

Split: within each stratum (set × is_signal × Telegram keyword group) ids are ordered by
sha256("media:" + id) and the first 30 % go to test — deterministic, and every stratum (fraud-
only negatives, the signals of each set) is in both splits.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("TAZA_MEDIA_DATA", ROOT.parent / "shared" / "data" / "media"))
OUT = ROOT / "corpora" / "media" / "labels.jsonl"
EVENT_TYPES = ("bribery", "embezzlement", "abuse_of_office", "procurement_fraud",
               "conflict_of_interest", "illegal_enrichment", "anticorruption_policy")
CASE_TYPES = set(EVENT_TYPES) - {"anticorruption_policy"}
SETS = ("telegram", "tengrinews", "golunov")
TEST_SHARE = 0.30
MAX_ORGS = 12


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def data_index() -> dict[str, dict]:
    """id → {"set", "subset"} of every publication of the three media sets."""
    index = {}
    for r in _read(DATA / "telegram-news-ru" / "posts_dev.jsonl"):
        index[f"tg:{r['channel']}:{r['message_id']}"] = {"set": "telegram",
                                                         "subset": r["keyword_subset"]}
    for r in _read(DATA / "kz-tengrinews-2024-04" / "news_dev.jsonl"):
        index[f"tengri:{r['page_id']}"] = {"set": "tengrinews", "subset": None}
    for r in _read(DATA / "meduza-golunov-articles" / "golunov_articles.jsonl"):
        stem = Path(r["file"]).stem
        index[f"golunov:{stem}"] = {"set": "golunov", "subset": None}
    return index


def check_record(r: dict, known: dict[str, dict]) -> list[str]:
    rid = r.get("id")
    errors = []
    if rid not in known:
        return [f"{rid}: неизвестный id / unknown id"]
    if r.get("set") != known[rid]["set"]:
        errors.append(f"{rid}: set {r.get('set')!r} ≠ {known[rid]['set']}")
    if not isinstance(r.get("is_signal"), bool):
        errors.append(f"{rid}: is_signal не bool")
    types = r.get("event_types")
    if not isinstance(types, list) or any(t not in EVENT_TYPES for t in types):
        errors.append(f"{rid}: event_types {types!r}")
        types = []
    if len(set(types)) != len(types):
        errors.append(f"{rid}: повтор типа / repeated type")
    cases = CASE_TYPES & set(types)
    if r.get("is_signal") is True and not cases:
        errors.append(f"{rid}: сигнал без типа случая / signal without a case type")
    if r.get("is_signal") is False and cases:
        errors.append(f"{rid}: не сигнал, но типы {sorted(cases)} / non-signal with case types")
    if "anticorruption_policy" in types and cases:
        errors.append(f"{rid}: anticorruption_policy вместе с типами случая")
    orgs = r.get("organizations")
    if not isinstance(orgs, list) or not all(isinstance(o, str) and o.strip() for o in orgs):
        errors.append(f"{rid}: organizations {orgs!r}")
    elif len(orgs) > MAX_ORGS:
        errors.append(f"{rid}: больше {MAX_ORGS} организаций")
    return errors


def validate(paths: list[Path]) -> list[str]:
    known = data_index()
    errors, seen = [], Counter()
    for path in paths:
        for r in _read(path):
            seen[r.get("id")] += 1
            errors += check_record(r, known)
        inputs = path.with_name(path.name.replace("labels_", "input_"))
        if inputs.exists():
            wanted = {r["id"] for r in _read(inputs)}
            got = {r["id"] for r in _read(path)}
            errors += [f"{path.name}: нет метки для {i}" for i in sorted(wanted - got)]
    errors += [f"{i}: меток {n} / {n} labels" for i, n in seen.items() if n > 1]
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return errors


def assign_splits(records: list[dict], known: dict[str, dict]) -> dict[str, str]:
    strata: dict[tuple, list[str]] = defaultdict(list)
    for r in records:
        strata[(r["set"], r["is_signal"], known[r["id"]]["subset"])].append(r["id"])
    split = {}
    for ids in strata.values():
        ids.sort(key=lambda i: hashlib.sha256(f"media:{i}".encode()).hexdigest())
        n_test = round(len(ids) * TEST_SHARE)
        for k, rid in enumerate(ids):
            split[rid] = "test" if k < n_test else "dev"
    return split


def merge(paths: list[Path], out: Path = OUT) -> int:
    if validate(paths):
        print("исправьте ошибки перед слиянием / fix the errors first")
        return 1
    known = data_index()
    records = {r["id"]: r for p in paths for r in _read(p)}
    split = assign_splits(list(records.values()), known)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for rid in sorted(records):
            r = records[rid]
            rec = {"id": rid, "set": r["set"], "split": split[rid], "is_signal": r["is_signal"],
                   "event_types": [t for t in EVENT_TYPES if t in r["event_types"]],
                   "organizations": r["organizations"]}
            if r.get("hard"):
                rec["hard"] = r["hard"]
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    counts = Counter((r["set"], split[r["id"]], r["is_signal"]) for r in records.values())
    for key in sorted(counts):
        print(key, counts[key])
    print(f"{len(records)} publications -> {out}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("validate").add_argument("files", nargs="+")
    m = sub.add_parser("merge")
    m.add_argument("files", nargs="+")
    m.add_argument("--out", default=str(OUT), help="where to write (default: the corpus)")
    args = ap.parse_args(argv)
    if args.cmd == "validate":
        return 1 if validate([Path(f) for f in args.files]) else 0
    return merge([Path(f) for f in args.files], Path(args.out))


if __name__ == "__main__":
    sys.exit(main())
