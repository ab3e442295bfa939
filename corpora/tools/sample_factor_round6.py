"""Round 6 of the factor gold: fresh DEV-region clauses on which the detectors fire.

Round 5 showed where precision is lost on text the rules were not written on, but most of its
marker-drawn clauses drew no finding at all. This round samples by the detectors' own output
(never labels by it: the annotator sees only the clauses, the guidelines and the acts): among
the dev-region clauses of every act that no earlier round drew (``drawn_before``), up to
``PER_FACTOR`` clauses with a finding of each factor (the analyzer users get: calibrated, with
its thresholds), round-robin over the acts, then ``N_RANDOM`` clauses at random. The test split
is not touched. The draw depends on the analyzer of the day (the rules and confidence model of
commit a42ccd0's parent); the 136 drawn ids are the last lines of gold.jsonl. Needs the
project's venv (it runs the analyzer)::

    .venv/bin/python corpora/tools/sample_factor_round6.py [--out .state/labelling6/sample.round6.unlabelled.jsonl]
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
REPO = TOOLS.parents[1]
sys.path[:0] = [str(TOOLS), str(REPO)]

import sample_clauses as base  # noqa: E402
import sample_factor_clauses as rounds  # noqa: E402

SEED = 2032
PER_FACTOR = 60
N_RANDOM = 30
OUT = REPO / ".state" / "labelling6" / "sample.round6.unlabelled.jsonl"


def fired(records: list[dict]) -> list[set[str]]:
    """The factors the default analyzer finds in each clause, judged inside its act."""
    from pipeline.detect import Analyzer
    from pipeline.evaluate import predict_in_context

    return [{f.factor for f in found} for found in predict_in_context(records, Analyzer())]


def draw(clauses: list[dict], found: list[set[str]], seed: int) -> list[dict]:
    rng = random.Random(seed)
    chosen: dict[str, dict] = {}
    for factor in sorted({f for fs in found for f in fs}):
        rounds.round_robin([c for c, fs in zip(clauses, found) if factor in fs], PER_FACTOR, chosen, rng)
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
    pool = [c for c in clauses if split[c["id"]] == "dev" and c["id"] not in taken
            and len(c["text"]) <= rounds.MAX_CHARS]
    found = fired(pool)
    sample = draw(pool, found, SEED)
    rounds._write_round(sample, split, SEED, args.out, 6)
    by_factor = Counter(f for c, fs in zip(pool, found) if c in sample for f in fs)
    print(f"pool {len(pool)} dev clauses, {sum(bool(f) for f in found)} with a finding", file=sys.stderr)
    print("  findings in the draw: " + ", ".join(f"{k} {v}" for k, v in sorted(by_factor.items())),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
