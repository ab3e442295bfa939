#!/usr/bin/env python3
"""Held-out gold for issue 8 (cross-references, deadlines, amounts), drawn blind.

    python corpora/tools/sample_references_heldout.py            # (re)draw the candidates
    python corpora/tools/sample_references_heldout.py --amounts  # (re)draw only the amounts pool
    python corpora/tools/sample_references_heldout.py --build    # annotations -> heldout/*.jsonl
    python corpora/tools/sample_references_heldout.py --check    # validate the held-out files

Same acts, same pre-filters, same quota rule and same annotation format as
`sample_references.py` (imported from it), but a new seed (2028) and every clause already in the
first gold (`corpora/references/gold.jsonl`, `quantities.jsonl`: by (doc, clause, text) and by
text alone) left out of both pools. Ids are prefixed «h» (`hzkrf-0001`, `hq-0001`) so they can
never collide with the first round.
  (a) reference candidates: REF_FILTER, repealed markers left out; N_REF clauses with quotas in
      proportion to the remaining pools, at least 25 per KG/KZ act (all of them where fewer);
      the rest of each shuffled pool stays, in order, as a reserve (`reserve: true`).
  (b) quantity candidates: N_QTY_POS clauses passing the quantity pre-filter (floor 12 per KG/KZ
      act) + N_QTY_NEG random others; none of them in (a).
  (c) amounts pool (seed 2029, its own generator, drawn after (a) and (b) so they stay as they
      are): up to N_QTY_AMT clauses whose text has a money / percent / area word (AMOUNT_WORDS:
      рубл, сом, тенге, МРП, расчетн… показател…, процент, %, кв. м, гектар / га), none of them in
      the first gold, in (a) or in (b); appended to the quantity candidates as hq-0151… with
      `pool: "amounts"`. The filter only picks candidates; every deadline and amount of each
      drawn clause is labelled by hand.
Candidates go to .state/refs_heldout/; hand labels are read from
corpora/references/heldout/annotations/ann_{refs,qty}.txt.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_references as sr  # noqa: E402

ROOT = sr.ROOT
FIRST = sr.OUT                                    # first gold (excluded)
OUT = ROOT / "corpora" / "references" / "heldout"
STATE = ROOT / ".state" / "refs_heldout"
ANNOTATIONS = OUT / "annotations"
SEED = 2028
N_REF = 230
N_QTY_POS = 120
N_QTY_NEG = 30
SEED_AMT = 2029                                   # (c) the amounts pool
N_QTY_AMT = 90
AMOUNT_WORDS = re.compile(
    r"(рубл|(?<!\w)сом(?:а|ов|ы|ам|ами|ах|е|у)?(?!\w)|тенге|МРП|расч[её]тн\w*\s+показател|процент|%|"
    r"кв\.\s*м|квадратн\w*\s+метр|гектар|(?<!\w)га(?!\w))", re.IGNORECASE)


def first_gold() -> tuple[set, set, set]:
    keys, texts, ids = set(), set(), set()
    for name in ("gold.jsonl", "quantities.jsonl"):
        for r in map(json.loads, open(FIRST / name, encoding="utf-8")):
            keys.add((r["doc"], r["clause"], r["text"]))
            texts.add(r["text"])
            ids.add(r["id"])
    return keys, texts, ids


def draw(acts) -> None:
    rng = random.Random(SEED)
    STATE.mkdir(parents=True, exist_ok=True)
    keys, texts, _ = first_gold()

    def fresh(rel, c):
        return (c["article"] and (rel, c["clause"], c["text"]) not in keys and c["text"] not in texts
                and not sr.REPEALED_CLAUSE.search(c["text"]))

    pools = {rel: [c for c in clauses if fresh(rel, c) and sr.REF_FILTER.search(c["text"])]
             for rel, clauses in acts.items()}
    quota = sr.allocate({d: len(v) for d, v in pools.items()}, N_REF)
    taken, rows = set(), []
    for rel, pool in pools.items():
        order = pool[:]
        rng.shuffle(order)
        for i, c in enumerate(order):
            rows.append({"id": f"h{sr.PREFIX[rel]}-{i + 1:04d}", "doc": rel, "article": c["article"],
                         "clause": c["clause"], "text": c["text"], "reserve": i >= quota[rel]})
            if i < quota[rel]:
                taken.add((rel, c["clause"], c["text"]))
    with open(STATE / "ref_candidates.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("reference quotas:", {sr.PREFIX[d]: q for d, q in quota.items()},
          "pools:", {sr.PREFIX[d]: len(v) for d, v in pools.items()})

    pos, neg = {}, {}
    for rel, clauses in acts.items():
        ok = [c for c in clauses if fresh(rel, c) and (rel, c["clause"], c["text"]) not in taken]
        pos[rel] = [c for c in ok if sr.qty_match(c["text"])]
        neg[rel] = [c for c in ok if not sr.qty_match(c["text"])]
    qpos = sr.allocate({d: len(v) for d, v in pos.items()}, N_QTY_POS, floor=12)
    short = N_QTY_POS - sum(qpos.values())
    for d in sorted(pos, key=lambda d: -len(pos[d])):
        add = min(short, len(pos[d]) - qpos[d])
        qpos[d] += add
        short -= add
    out = []
    for rel in pos:
        order = pos[rel][:]
        rng.shuffle(order)
        out += [dict(c, doc=rel, pool="quantity") for c in order[:qpos[rel]]]
    all_neg = [dict(c, doc=rel, pool="random") for rel in neg for c in neg[rel]]
    rng.shuffle(all_neg)
    out += all_neg[:N_QTY_NEG]
    with open(STATE / "qty_candidates.jsonl", "w", encoding="utf-8") as f:
        for i, c in enumerate(out):
            f.write(json.dumps({"id": f"hq-{i + 1:04d}", "doc": c["doc"], "article": c["article"],
                                "clause": c["clause"], "text": c["text"], "pool": c["pool"]},
                               ensure_ascii=False) + "\n")
    print("quantity quotas:", {sr.PREFIX[d]: q for d, q in qpos.items()},
          "pools:", {sr.PREFIX[d]: len(v) for d, v in pos.items()},
          "negatives:", Counter(sr.PREFIX[c["doc"]] for c in all_neg[:N_QTY_NEG]))
    draw_amounts(acts)


def draw_amounts(acts) -> None:
    """(c): append the amounts pool to the first N_QTY_POS + N_QTY_NEG quantity candidates."""
    keys, texts, _ = first_gold()
    refs = [r for r in map(json.loads, open(STATE / "ref_candidates.jsonl", encoding="utf-8"))
            if not r["reserve"]]
    base = [r for r in map(json.loads, open(STATE / "qty_candidates.jsonl", encoding="utf-8"))
            if r["pool"] in ("quantity", "random")]
    assert len(base) == N_QTY_POS + N_QTY_NEG, len(base)
    for r in refs + base:
        keys.add((r["doc"], r["clause"], r["text"]))
        texts.add(r["text"])
    pool = [dict(c, doc=rel) for rel, clauses in acts.items() for c in clauses
            if c["article"] and (rel, c["clause"], c["text"]) not in keys and c["text"] not in texts
            and not sr.REPEALED_CLAUSE.search(c["text"]) and AMOUNT_WORDS.search(c["text"])]
    rng = random.Random(SEED_AMT)
    rng.shuffle(pool)
    with open(STATE / "qty_candidates.jsonl", "w", encoding="utf-8") as f:
        for r in base:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
        for i, c in enumerate(pool[:N_QTY_AMT]):
            f.write(json.dumps({"id": f"hq-{len(base) + i + 1:04d}", "doc": c["doc"], "article": c["article"],
                                "clause": c["clause"], "text": c["text"], "pool": "amounts"},
                               ensure_ascii=False) + "\n")
    print("amounts pool:", len(pool), "drawn:", min(len(pool), N_QTY_AMT),
          Counter(sr.PREFIX[c["doc"]] for c in pool[:N_QTY_AMT]))


def build(acts) -> None:
    # reuse the first round's builders, pointed at the held-out candidates and annotations
    sr.STATE, sr.ANNOTATIONS = STATE, ANNOTATIONS
    ov = ANNOTATIONS / "exists_overrides.txt"   # exists/repealed set by reading the act
    if ov.exists():
        (STATE / "exists_overrides.txt").write_text(ov.read_text(encoding="utf-8"), encoding="utf-8")
    sr.write_jsonl(OUT / "gold.jsonl", sr.build_refs(acts))
    if (ANNOTATIONS / "ann_qty.txt").exists():
        sr.write_jsonl(OUT / "quantities.jsonl", sr.build_qty())
    stats()


def check(acts) -> int:
    """The first gold's checks, and no held-out clause or id is also in the first gold."""
    keys, texts, first_ids = first_gold()

    def apart(r, err):
        if r["id"] in first_ids:
            err(f"{r['id']}: id also in the first gold")
        if (r["doc"], r["clause"], r["text"]) in keys or r["text"] in texts:
            err(f"{r['id']}: clause already in the first gold")

    return sr.check(acts, OUT, also=apart)


def stats() -> None:
    sr.stats(OUT)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--build", action="store_true")
    ap.add_argument("--stats", action="store_true")
    ap.add_argument("--amounts", action="store_true", help="(re)draw only the amounts pool (c)")
    a = ap.parse_args()
    if a.stats:
        stats()
        return 0
    acts = sr.load_all()
    if a.check:
        return check(acts)
    if a.build:
        build(acts)
        return 0
    if a.amounts:
        draw_amounts(acts)
        return 0
    draw(acts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
