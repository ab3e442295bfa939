"""Rounds 6 and 7 of the factor gold: fresh DEV-region clauses chosen by the detectors' output.

Round 5 showed where precision is lost on text the rules were not written on, but most of its
marker-drawn clauses drew no finding at all. These rounds sample by what the analyzer users get
(calibrated, with its thresholds) finds, never label by it: the annotator sees only the clauses,
the guidelines and the acts. The test split is not touched. Among the dev-region clauses of at
most ``MAX_CHARS`` that are not in ``gold.jsonl`` and no earlier round drew (``drawn_before``,
round 5), a round takes, round-robin over the acts:

1. up to ``per_factor`` clauses with a finding of each factor (where false alarms are);
2. up to ``missed`` clauses per factor where the naive baseline's markers occur but the
   analyzer finds nothing of that factor (where recall is lost);
3. ``random`` clauses at random.

Round 6 (seed 2032: 60 per factor, no step 2, 30 at random) was drawn with the rules and
confidence model of commit a42ccd0's parent; its 136 clauses are lines 1855-1990 of
gold.jsonl. Only 19 dev clauses still drew a finding after it, so round 7 (seed 2033: 14, 10,
20) looks mostly where recall is lost; it was drawn with those of commit 500c0c0, and its 127
clauses are the lines after. The draw depends on the analyzer of the day, so a later run draws
other clauses.

Round 8 (seed 2036, fifth session) looks where the held-out sample says recall is lost: on
fresh test-region text the analyzer finds about a third of the factors, and most misses sit in
clauses it is silent on. Among the 3,016 dev clauses left it takes **every** clause with a
finding (7) or with a baseline marker but no finding (700) and ``plain`` (300) of the 2,309
with neither, at random; drawn with the rules and confidence v5 of commit d2df355 (the rules of cba8143). Needs the project's venv (it runs the analyzer)::

    .venv/bin/python corpora/tools/sample_factor_fired.py --round 7 [--out FILE]
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

ROUNDS = {6: {"seed": 2032, "per_factor": 60, "missed": 0, "random": 30},
          7: {"seed": 2033, "per_factor": 14, "missed": 10, "random": 20},
          8: {"seed": 2036, "plain": 300}}


def fresh(acts: Path, part: str) -> tuple[list[dict], dict[str, str]]:
    """The clauses of ``part`` (dev or test regions) of at most ``MAX_CHARS`` that are not in
    ``gold.jsonl`` and no round drew, and the split of every clause."""
    clauses = base.load_clauses(acts, extra=True)
    split = rounds.regions(clauses)
    taken = rounds.drawn_before(acts)
    taken |= {c["id"] for c in rounds.round5(clauses, split, taken, rounds.ROUND5_SEED)}
    gold = rounds.CORPUS / "gold.jsonl"
    taken |= {json.loads(line)["id"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    return [c for c in clauses if split[c["id"]] == part and c["id"] not in taken
            and len(c["text"]) <= rounds.MAX_CHARS], split


def analysed(records: list[dict]) -> tuple[list[set[str]], list[set[str]]]:
    """Per clause, judged inside its act: the factors the default analyzer finds, and those
    whose naive-baseline markers occur."""
    from pipeline.detect import Analyzer
    from pipeline.evaluate import baseline_factors, predict_in_context

    analyzer = Analyzer()
    found = [{f.factor for f in fs} for fs in predict_in_context(records, analyzer)]
    return found, baseline_factors([r["text"] for r in records], analyzer)


def draw(clauses: list[dict], found: list[set[str]], markers: list[set[str]], seed: int,
         per_factor: int, missed: int, random_n: int) -> list[dict]:
    rng = random.Random(seed)
    chosen: dict[str, dict] = {}
    factors = sorted({f for fs in found for f in fs} | ({f for ms in markers for f in ms} if missed else set()))
    for factor in factors:
        rounds.round_robin([c for c, fs in zip(clauses, found) if factor in fs], per_factor, chosen, rng)
    for factor in factors if missed else ():
        rounds.round_robin([c for c, fs, ms in zip(clauses, found, markers)
                            if factor in ms and factor not in fs], missed, chosen, rng)
    rest = [c for c in clauses if c["id"] not in chosen]
    for c in rng.sample(rest, min(random_n, len(rest))):
        chosen[c["id"]] = c
    position = {c["id"]: i for i, c in enumerate(clauses)}
    return sorted(chosen.values(), key=lambda c: position[c["id"]])


def draw_strata(clauses: list[dict], found: list[set[str]], markers: list[set[str]], seed: int,
                plain: int) -> list[dict]:
    """Every clause with a finding or a marker, and ``plain`` of those with neither at random,
    in document order."""
    rng = random.Random(seed)
    marked = [i for i, (fs, ms) in enumerate(zip(found, markers)) if fs or ms]
    rest = [i for i, (fs, ms) in enumerate(zip(found, markers)) if not fs and not ms]
    chosen = sorted(marked + rng.sample(rest, min(plain, len(rest))))
    return [clauses[i] for i in chosen]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--round", type=int, choices=sorted(ROUNDS), required=True)
    ap.add_argument("--acts", default=str(REPO.parent / "shared" / "data" / "acts"))
    ap.add_argument("--out", help="default: .state/labelling<N>/sample.round<N>.unlabelled.jsonl")
    args = ap.parse_args(argv)
    params = ROUNDS[args.round]
    out = args.out or str(REPO / ".state" / f"labelling{args.round}" /
                          f"sample.round{args.round}.unlabelled.jsonl")
    pool, split = fresh(Path(args.acts), "dev")
    found, markers = analysed(pool)
    if "plain" in params:
        sample = draw_strata(pool, found, markers, params["seed"], params["plain"])
    else:
        sample = draw(pool, found, markers, params["seed"], params["per_factor"], params["missed"],
                      params["random"])
    rounds._write_round(sample, split, params["seed"], out, args.round)
    in_draw = {c["id"] for c in sample}
    by_factor = Counter(f for c, fs in zip(pool, found) if c["id"] in in_draw for f in fs)
    print(f"pool {len(pool)} dev clauses, {sum(bool(f) for f in found)} with a finding", file=sys.stderr)
    print("  findings in the draw: " + ", ".join(f"{k} {v}" for k, v in sorted(by_factor.items())),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
