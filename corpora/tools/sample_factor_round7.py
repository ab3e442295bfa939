"""Round 7 of the factor gold: fresh DEV-region clauses where the detectors fire, and where only
the markers do.

Round 6 drew where the analyzer fires and found its false alarms; it could not show what the
analyzer misses, because a clause it does not flag was drawn only at random. This round draws,
among the dev-region clauses that are not yet in ``gold.jsonl`` and no earlier round drew:

1. up to ``PER_FACTOR`` clauses with a finding of each factor (the analyzer users get:
   calibrated, with its thresholds), round-robin over the acts, as in round 6;
2. up to ``PER_FACTOR_MISSED`` clauses per factor where the naive baseline's markers occur but
   the analyzer finds nothing of that factor (where recall is lost);
3. ``N_RANDOM`` clauses at random.

The analyzer only chooses what is read; the annotator sees only the clauses, the guidelines and
the acts. The test split is not touched. The draw depends on the analyzer of the day (rules and
confidence model v4 of commit de1889f). Needs the project's venv::

    .venv/bin/python corpora/tools/sample_factor_round7.py [--out .state/labelling7/sample.round7.unlabelled.jsonl]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
REPO = TOOLS.parents[1]
sys.path[:0] = [str(TOOLS), str(REPO)]

import sample_clauses as base  # noqa: E402
import sample_factor_clauses as rounds  # noqa: E402
from sample_factor_round6 import fired  # noqa: E402

SEED = 2033
PER_FACTOR = 14
PER_FACTOR_MISSED = 10
N_RANDOM = 20
OUT = REPO / ".state" / "labelling7" / "sample.round7.unlabelled.jsonl"


def marked(records: list[dict]) -> list[set[str]]:
    """The factors whose naive-baseline markers occur in each clause."""
    from pipeline.detect import Analyzer
    from pipeline.evaluate import baseline_factors

    return baseline_factors([r["text"] for r in records], Analyzer())


def draw(clauses: list[dict], found: list[set[str]], markers: list[set[str]], seed: int) -> list[dict]:
    rng = random.Random(seed)
    chosen: dict[str, dict] = {}
    factors = sorted({f for fs in found for f in fs} | {f for ms in markers for f in ms})
    for factor in factors:
        rounds.round_robin([c for c, fs in zip(clauses, found) if factor in fs], PER_FACTOR, chosen, rng)
    for factor in factors:
        rounds.round_robin([c for c, fs, ms in zip(clauses, found, markers)
                            if factor in ms and factor not in fs], PER_FACTOR_MISSED, chosen, rng)
    rest = [c for c in clauses if c["id"] not in chosen]
    for c in rng.sample(rest, min(N_RANDOM, len(rest))):
        chosen[c["id"]] = c
    position = {c["id"]: i for i, c in enumerate(clauses)}
    return sorted(chosen.values(), key=lambda c: position[c["id"]])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--acts", default=str(REPO.parent / "shared" / "data" / "acts"))
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    acts = Path(args.acts)
    clauses = base.load_clauses(acts, extra=True)
    split = rounds.regions(clauses)
    taken = rounds.drawn_before(acts)
    taken |= {c["id"] for c in rounds.round5(clauses, split, taken, rounds.ROUND5_SEED)}
    gold = rounds.CORPUS / "gold.jsonl"
    taken |= {json.loads(line)["id"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    pool = [c for c in clauses if split[c["id"]] == "dev" and c["id"] not in taken
            and len(c["text"]) <= rounds.MAX_CHARS]
    found = fired(pool)
    markers = marked(pool)
    sample = draw(pool, found, markers, SEED)
    rounds._write_round(sample, split, SEED, args.out, 7)
    in_draw = {c["id"] for c in sample}
    by_factor = Counter(f for c, fs in zip(pool, found) if c["id"] in in_draw for f in fs)
    print(f"pool {len(pool)} dev clauses, {sum(bool(f) for f in found)} with a finding", file=sys.stderr)
    print("  findings in the draw: " + ", ".join(f"{k} {v}" for k, v in sorted(by_factor.items())),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
