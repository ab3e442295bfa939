#!/usr/bin/env python3
"""Labelling batches for the complaints gold corpus: prepare, validate, merge.

    python3 corpora/tools/complaint_labels.py prepare --batches 3
    python3 corpora/tools/complaint_labels.py validate .state/complaints/out_K.jsonl
    python3 corpora/tools/complaint_labels.py merge .state/complaints/out_*.jsonl

Annotator output line: {"id": int, "function_area": str, "sector": str,
"signals": [{"signal": str, "evidence": str, "start": int (optional)}]}.
The merged corpus `corpora/complaints/labels.jsonl` holds ids, split and labels with offsets
only: the appeals state no licence, so their texts stay in ../shared/data.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "complaints" / "spb-appeals-nash-spb" / "appeals_dev.jsonl"
OUT = ROOT / "corpora" / "complaints" / "labels.jsonl"
WORK = ROOT / ".state" / "complaints"
AREAS = ("personnel", "conflict_of_interest", "public_services", "permits", "control_supervision",
         "budget_finance", "taxes_payments", "procurement_contracts", "property_land",
         "jurisdiction", "information_systems", "transparency", "other")
SECTORS = ("housing_utilities", "roads_transport", "construction", "land_use",
           "natural_resources_environment", "energy", "agriculture", "health", "education",
           "social_protection", "law_enforcement_courts", "tax_customs", "public_administration",
           "other")
SIGNALS = ("bribe_extortion", "inaction", "formal_reply", "conflict_of_interest",
           "procurement_irregularity", "abuse_of_office")


def split_of(appeal_id) -> str:
    return "test" if hashlib.sha256(f"complaint:{appeal_id}".encode()).digest()[0] < 102 else "dev"


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def prepare(n: int) -> None:
    appeals = _read(DATA)
    WORK.mkdir(parents=True, exist_ok=True)
    size = -(-len(appeals) // n)
    for k in range(n):
        with (WORK / f"batch_{k + 1}.jsonl").open("w", encoding="utf-8") as fh:
            for a in appeals[k * size:(k + 1) * size]:
                rec = {key: a[key] for key in ("id", "city_object", "category", "reason", "text")}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"batch_{k + 1}.jsonl: {len(appeals[k * size:(k + 1) * size])}")


def _resolve(text: str, item: dict) -> tuple[int, int]:
    evidence, start = item["evidence"], item.get("start")
    if isinstance(start, int) and text[start:start + len(evidence)] == evidence:
        return start, start + len(evidence)
    at = text.find(evidence)
    if at < 0 or not evidence:
        raise ValueError(f"evidence {evidence!r} not in the text")
    return at, at + len(evidence)


def validate(path: Path) -> list[str]:
    texts = {a["id"]: a["text"] for a in _read(DATA)}
    errors = []
    for r in _read(path):
        if r["id"] not in texts:
            errors.append(f"{r['id']}: unknown id")
            continue
        if r.get("function_area") not in AREAS:
            errors.append(f"{r['id']}: function_area {r.get('function_area')!r}")
        if r.get("sector") not in SECTORS:
            errors.append(f"{r['id']}: sector {r.get('sector')!r}")
        for item in r.get("signals", []):
            if item.get("signal") not in SIGNALS:
                errors.append(f"{r['id']}: signal {item.get('signal')!r}")
                continue
            try:
                _resolve(texts[r["id"]], item)
            except (KeyError, ValueError) as exc:
                errors.append(f"{r['id']}: {exc}")
    batch = path.with_name(path.name.replace("out_", "batch_"))
    if batch.exists() and [r["id"] for r in _read(batch)] != [r["id"] for r in _read(path)]:
        errors.append(f"ids or order differ from {batch.name}")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return errors


def merge(paths: list[Path], out: Path = OUT) -> None:
    texts = {a["id"]: a["text"] for a in _read(DATA)}
    labelled = {r["id"]: r for p in paths for r in _read(p)}
    with out.open("w", encoding="utf-8") as fh:
        for appeal_id, text in texts.items():
            if appeal_id not in labelled:
                continue
            r = labelled[appeal_id]
            signals = []
            for item in r.get("signals", []):
                start, end = _resolve(text, item)
                signals.append({"signal": item["signal"], "start": start, "end": end})
            rec = {"id": appeal_id, "split": split_of(appeal_id),
                   "function_area": r["function_area"], "sector": r["sector"],
                   "signals": sorted(signals, key=lambda s: (s["start"], s["signal"]))}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{sum(1 for i in texts if i in labelled)} appeals -> {out}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("prepare").add_argument("--batches", type=int, default=3)
    sub.add_parser("validate").add_argument("file")
    m = sub.add_parser("merge")
    m.add_argument("files", nargs="+")
    m.add_argument("--out", default=str(OUT), help="where to write (default: the corpus)")
    args = ap.parse_args(argv)
    if args.cmd == "prepare":
        prepare(args.batches)
    elif args.cmd == "validate":
        return 1 if validate(Path(args.file)) else 0
    else:
        merge([Path(f) for f in args.files], Path(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
