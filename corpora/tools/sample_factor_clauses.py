#!/usr/bin/env python3
"""Draw the multi-factor gold sample and split it into dev and test by document region.

Plain Python 3.11, standard library only; clause splitting and ids are those of
``sample_clauses.py`` (the optional_power sample), so the 220 clauses labelled there keep
their ids and are part of this sample.

Sampling (deterministic, seed below):
  * every clause of ``corpora/optional_power/sample.jsonl``;
  * for each factor, up to ``PER_FACTOR`` clauses that contain one of its broad candidate
    markers (``CANDIDATES``), spread over the sources — rare markers are taken whole, so that
    every factor can reach 25 positive clauses where the texts allow;
  * ``N_RANDOM`` clauses drawn at random from all clauses (the natural distribution).

Split: each source is cut into regions of ``REGION`` consecutive articles (or paragraphs,
for texts without articles); a region goes to ``test`` or ``dev`` by a hash of its source and
number. The split is fixed by this script and recorded in every record (``split``); nothing
is tuned on ``test``.

Usage:
    python3 corpora/tools/sample_factor_clauses.py [--acts DIR] [--out FILE]
    python3 corpora/tools/sample_factor_clauses.py --check [FILE]
    python3 corpora/tools/sample_factor_clauses.py --round3 | --round4 | --round5   # later rounds
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_clauses as base  # noqa: E402

SEED = 20261123
PER_FACTOR = 70
N_RANDOM = 200
REGION = 10
MAX_CHARS = 1500
CORPUS = Path(__file__).resolve().parents[1] / "factors"
OLD_SAMPLE = Path(__file__).resolve().parents[1] / "optional_power" / "sample.jsonl"

# Broad candidate markers, used only to enrich the sample (never as labels).
CANDIDATES = {
    "broad_discretion": r"усмотрени|при необходимости|в случае необходимости|при наличии оснований"
                        r"|одно из следующих решений|одно из решений|целесообразн",
    "open_grounds": r"(иных|других) случаях|по иным основаниям|иные основания|другим основаниям"
                    r"|в том числе",
    "excessive_requirements": r"(иные|другие|необходимые) документ|документы?,? подтверждающ"
                              r"|следующие документы|прилага",
    "admin_barriers": r"согласовани|лично|нотариальн|нарочн|на бумажном|госпошлин|плат[аы]\b",
    "no_competition": r"без (проведения )?(торгов|конкурса|аукциона)|единственн\w* поставщик"
                      r"|без проведения",
    "selective_rights": r"в порядке исключения|в отдельных случаях|в исключительных случаях"
                        r"|отсрочк|рассрочк|льгот",
    "excessive_delegation": r"в порядке, (установленном|определяемом|определенном|утвержденном)"
                            r"|устанавливается|определяется|утверждается|утверждаем|определяем",
    "linguistic_uncertainty": r"надлежащ|существенн|значительн|как правило|и т\.\s?п\.|и др\."
                              r"|уважительн|своевременн|разумн|необоснованн|достаточн",
    "missing_deadline": r"рассматрива|принимает решение|принимают решение|выда[её]т|регистрир"
                        r"|отказыва|возвраща|направляет|уведомля|принимается решение",
    "missing_procedure": r"решение принимается|решение о |принимает решение|отказ в ",
}
CANDIDATE_RES = {f: re.compile(p, re.IGNORECASE) for f, p in CANDIDATES.items()}

# Round 2 (``--enrich``): the first round gave fewer than 25 positive clauses for most factors,
# so narrower candidate markers draw more clauses for the rare ones (still markers, never the
# detectors' output; the detectors' conditions play no part in the choice).
ENRICH_PER_FACTOR = 55
ENRICH = {
    "open_grounds": r"(?:иных|других)\s+случаях,?\s+(?:предусмотренн|установленн)|по\s+иным\s+основаниям"
                    r"|иные\s+основания|других\s+основаниях",
    "excessive_requirements": r"(?:иные|другие)\s+документы|документы?,?\s+подтверждающ"
                              r"|документы?,?\s+предусмотренн\w+\s+(?:законодательством|нормативн)"
                              r"|иные\s+сведения",
    "admin_barriers": r"по\s+согласованию\s+с|согласовани\w+\s+с\s|лично\b|нотариальн"
                      r"|на\s+бумажном\s+носителе|личного\s+обращения|плат[аы]\s+за|за\s+плату",
    "no_competition": r"без\s+проведения\s+(?:торгов|аукциона|конкурса)|без\s+торгов|без\s+конкурса"
                      r"|единственн\w+\s+(?:поставщик|участник)",
    "selective_rights": r"в\s+порядке\s+исключения|в\s+отдельных\s+случаях|в\s+исключительных\s+случаях"
                        r"|отсрочк|рассрочк|льгот|преимуществ\w+\s+прав|первоочередн|внеочередн",
    "broad_discretion": r"по\s+своему\s+усмотрению|при\s+необходимости|в\s+случае\s+необходимости"
                        r"|при\s+наличии\s+оснований|одно\s+из\s+следующих|целесообразн",
    "linguistic_uncertainty": r"надлежащ|существенн|значительн|как\s+правило|и\s+т\.\s?[пд]\.|и\s+др\."
                              r"|уважительн|своевременн|разумн|необоснованн|достаточн"
                              r"|в\s+установленном\s+порядке",
    "missing_deadline": r"(?:рассматрива|рассмотр)\w*\s+(?:\w+\s+)?(?:заявлени|обращени|ходатайств|жалоб)"
                        r"|принимает\s+решение|выда[её]тся|регистриру|отказывает\s+в|возвращает",
    "missing_procedure": r"решени\w+\s+об?\s+(?:отказ|изъят|приостанов|прекращ|аннулир|исключени)"
                         r"|приостанавлива|аннулир|изыма",
}
ENRICH_RES = {f: re.compile(p, re.IGNORECASE) for f, p in ENRICH.items()}


def regions(clauses: list[dict]) -> dict[str, str]:
    """Clause id -> "dev" | "test", by blocks of REGION consecutive articles per source."""
    split = {}
    order: dict[str, dict[str, int]] = defaultdict(dict)
    paragraph_no: Counter = Counter()
    for c in clauses:
        src = c["_short"]
        if c["article"]:
            articles = order[src]
            articles.setdefault(c["article"], len(articles))
            block = articles[c["article"]] // REGION
        else:
            block = paragraph_no[src] // (REGION * 3)
            paragraph_no[src] += 1
        digest = hashlib.sha256(f"{src}:{block}".encode()).digest()
        split[c["id"]] = "test" if digest[0] % 2 == 0 else "dev"
    return split


def draw(clauses: list[dict], seed: int) -> list[dict]:
    rng = random.Random(seed)
    eligible = [c for c in clauses if len(c["text"]) <= MAX_CHARS]
    chosen: dict[str, dict] = {}
    if OLD_SAMPLE.exists():
        old_ids = {json.loads(line)["id"] for line in OLD_SAMPLE.read_text(encoding="utf-8").splitlines()
                   if line.strip()}
        for c in eligible:
            if c["id"] in old_ids:
                chosen[c["id"]] = c
    for factor, pattern in CANDIDATE_RES.items():
        # round-robin over sources so the small acts are represented
        round_robin([c for c in eligible if pattern.search(c["text"])], PER_FACTOR, chosen, rng,
                    shuffle_in_order_seen=True)
    rest = [c for c in eligible if c["id"] not in chosen]
    for c in rng.sample(rest, min(N_RANDOM, len(rest))):
        chosen[c["id"]] = c
    position = {c["id"]: i for i, c in enumerate(clauses)}
    return sorted(chosen.values(), key=lambda c: position[c["id"]])


def enrich(clauses: list[dict], taken: set[str], seed: int) -> list[dict]:
    """Round 2: up to ENRICH_PER_FACTOR more clauses per rare factor, none already taken."""
    rng = random.Random(seed + 2)
    eligible = [c for c in clauses if len(c["text"]) <= MAX_CHARS and c["id"] not in taken]
    chosen: dict[str, dict] = {}
    for factor, pattern in ENRICH_RES.items():
        pool = [c for c in eligible if pattern.search(c["text"]) and c["id"] not in chosen]
        rng.shuffle(pool)
        for c in pool[:ENRICH_PER_FACTOR]:
            chosen[c["id"]] = c
    position = {c["id"]: i for i, c in enumerate(clauses)}
    return sorted(chosen.values(), key=lambda c: position[c["id"]])


# Round 3 (``--round3``): a new seed, clauses not yet in gold.jsonl; up to ROUND3_PER_FACTOR
# clauses per rare factor (round-2 markers, round-robin over the sources) plus ROUND3_RANDOM
# clauses at random. Markers only choose what is read. Rounds 1-2 took nearly every clause
# with the round-2 markers, so round 3 adds wider synonyms (still markers, never detector
# output) to the round-2 and round-1 markers of each factor.
ROUND3_EXTRA = {
    "broad_discretion": r"вправе\s+принять\s+решение|по\s+решению|(?:или|либо)\s+об\s+отказе"
                        r"|усмотрени|исходя\s+из|может\s+быть\s+(?:отказано|приостановлен)",
    "missing_deadline": r"рассматрива|выда[её]т|регистрац|направля|уведомл",
    "missing_procedure": r"прекращ|приостанов|отзыв|лишени|изъят|запрет",
    "open_grounds": r"иных\s+случаях|в\s+случаях,\s+(?:предусмотренных|установленных)\s+законодательств"
                    r"|если\s+иное\s+не\s+(?:предусмотрено|установлено)|основани\w+\s+для\s+отказа"
                    r"|отказ\w*\s+в\s",
    "no_competition": r"безвозмездн|бесплатн|в\s+аренду|без\s+проведения|непосредственно"
                      r"|в\s+собственность",
    "selective_rights": r"исключени|освобожд|бесплатн|особенност|приоритет|вне\s+очереди",
    "excessive_requirements": r"документ|сведени|прилага|представля|заявлени",
    "admin_barriers": r"согласов|лично|нотариальн|бумажн|плат[аыуе]\b|пошлин",
}
ROUND3_SEED = 2029
ROUND3_PER_FACTOR = 25
ROUND3_RANDOM = 60
ROUND3_FACTORS = ("broad_discretion", "missing_deadline", "missing_procedure", "open_grounds",
                  "no_competition", "selective_rights", "excessive_requirements", "admin_barriers")


def round3(clauses: list[dict], taken: set[str], seed: int) -> list[dict]:
    """Round 3: rare-factor candidates and random clauses, none already in the gold corpus."""
    eligible = [c for c in clauses if len(c["text"]) <= MAX_CHARS and c["id"] not in taken]
    return _markers_then_random(clauses, eligible, ROUND3_FACTORS, ROUND3_PER_FACTOR,
                                ROUND3_RANDOM, random.Random(seed))


def round_robin(pool: list[dict], limit: int, chosen: dict[str, dict], rng: random.Random,
                shuffle_in_order_seen: bool = False) -> None:
    """Add up to ``limit`` clauses of ``pool`` not yet ``chosen``, taking one act at a time in
    turn (acts in name order, each act's clauses shuffled). Round 1 shuffled the acts' clauses
    in the order the acts first occur in the pool (``shuffle_in_order_seen``); later rounds in
    name order. Either keeps its committed draw reproducible."""
    by_src: dict[str, list[dict]] = defaultdict(list)
    for c in pool:
        if c["id"] not in chosen:
            by_src[c["_short"]].append(c)
    for src in (list(by_src) if shuffle_in_order_seen else sorted(by_src)):
        rng.shuffle(by_src[src])
    n = 0
    while n < limit and any(by_src.values()):
        for src in sorted(by_src):
            if by_src[src] and n < limit:
                c = by_src[src].pop()
                chosen[c["id"]] = c
                n += 1


def _markers_then_random(clauses: list[dict], eligible: list[dict], factors: tuple[str, ...],
                         per_factor: int, n_random: int, rng: random.Random,
                         markers: dict[str, str] | None = None) -> list[dict]:
    """Up to ``per_factor`` eligible clauses holding a candidate marker of each factor (in
    factor order, round-robin over the acts, no clause twice), then ``n_random`` at random;
    in document order."""
    chosen: dict[str, dict] = {}
    for factor in factors:
        pattern = re.compile("|".join(
            p for p in ((markers or {}).get(factor), ENRICH.get(factor), CANDIDATES.get(factor),
                        ROUND3_EXTRA.get(factor)) if p), re.IGNORECASE)
        round_robin([c for c in eligible if pattern.search(c["text"])], per_factor, chosen, rng)
    rest = [c for c in eligible if c["id"] not in chosen]
    for c in rng.sample(rest, min(n_random, len(rest))):
        chosen[c["id"]] = c
    position = {c["id"]: i for i, c in enumerate(clauses)}
    return sorted(chosen.values(), key=lambda c: position[c["id"]])


# Round 4 (``--round4``): acts not used before (``base.EXTRA_SOURCES``): every clause of the two
# small plainrussian texts (the Regulation on the Ministry of Economic Development, a
# procurement excerpt) whatever its length, plus up to ROUND4_KG clauses of the KG Civil Code
# part I (at most MAX_CHARS): ROUND4_PER_FACTOR per factor in ROUND4_FACTORS from the pool of
# its round-1/2/3 markers (drawn in factor order, no clause twice), the rest at random.
ROUND4_SEED = 2030
ROUND4_SMALL = ("minec", "fks")
ROUND4_BIG = "gkkg"
ROUND4_KG = 120
ROUND4_PER_FACTOR = 12
ROUND4_FACTORS = ROUND3_FACTORS + ("linguistic_uncertainty",)


def round4(clauses: list[dict], seed: int) -> list[dict]:
    rng = random.Random(seed)
    chosen: dict[str, dict] = {c["id"]: c for c in clauses if c["_short"] in ROUND4_SMALL}
    eligible = [c for c in clauses if c["_short"] == ROUND4_BIG and len(c["text"]) <= MAX_CHARS]
    picked: dict[str, dict] = {}
    for factor in ROUND4_FACTORS:
        pattern = re.compile("|".join(
            p for p in (ENRICH.get(factor), CANDIDATES.get(factor), ROUND3_EXTRA.get(factor)) if p),
            re.IGNORECASE)
        pool = [c for c in eligible if pattern.search(c["text"]) and c["id"] not in picked]
        rng.shuffle(pool)
        for c in pool[:ROUND4_PER_FACTOR]:
            picked[c["id"]] = c
    rest = [c for c in eligible if c["id"] not in picked]
    for c in rng.sample(rest, min(ROUND4_KG - len(picked), len(rest))):
        picked[c["id"]] = c
    chosen.update(picked)
    position = {c["id"]: i for i, c in enumerate(clauses)}
    return sorted(chosen.values(), key=lambda c: position[c["id"]])


# Round 5 (``--round5``): the detectors were written while reading dev and lose most of their
# precision on unseen text, so a fresh batch of DEV-region clauses (never test: the test split
# stays as it was) that the rules have not been tuned on, drawn where the false alarms come
# from: ROUND5_PER_FACTOR clauses holding a candidate marker of each factor in ROUND5_FACTORS
# (round-robin over the acts, none drawn in rounds 1-4), then ROUND5_RANDOM at random.
ROUND5_SEED = 2031
ROUND5_PER_FACTOR = 30
ROUND5_RANDOM = 40
ROUND5_FACTORS = ("optional_power", "missing_deadline", "linguistic_uncertainty",
                  "excessive_delegation", "missing_procedure", "broad_discretion")
ROUND5_MARKERS = {"optional_power": r"\bвправе\b|\bмо(?:жет|гут)\b|име(?:ет|ют)\s+право"}


def drawn_before(acts: Path) -> set[str]:
    """Ids of every clause drawn in rounds 1-4 and the optional_power sample, recomputed from
    their committed draws and seeds (so a later round stays reproducible after merging)."""
    taken = {json.loads(line)["id"]
             for path in (CORPUS / "sample.unlabelled.jsonl", CORPUS / "sample.round2.unlabelled.jsonl",
                          OLD_SAMPLE)
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    taken |= {c["id"] for c in round3(base.load_clauses(acts), set(taken), ROUND3_SEED)}
    taken |= {c["id"] for c in round4(base.load_clauses(acts, extra=True), ROUND4_SEED)}
    return taken


def round5(clauses: list[dict], split: dict[str, str], taken: set[str], seed: int) -> list[dict]:
    eligible = [c for c in clauses if len(c["text"]) <= MAX_CHARS and c["id"] not in taken
                and split[c["id"]] == "dev"]
    return _markers_then_random(clauses, eligible, ROUND5_FACTORS, ROUND5_PER_FACTOR,
                                ROUND5_RANDOM, random.Random(seed), ROUND5_MARKERS)


def check(path: Path, acts: Path) -> int:
    clauses = {c["id"]: c for c in base.load_clauses(acts, extra=True)}
    split = regions(list(clauses.values()))
    errors = []
    counts: dict[str, Counter] = defaultdict(Counter)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    seen = set()
    for r in records:
        rid, text = r["id"], r["text"]
        if rid in seen:
            errors.append(f"{rid}: duplicate id")
        seen.add(rid)
        if rid not in clauses or clauses[rid]["text"] != text:
            errors.append(f"{rid}: text differs from the act")
        if split.get(rid) != r.get("split"):
            errors.append(f"{rid}: split {r.get('split')!r} != {split.get(rid)!r}")
        for lab in r["labels"]:
            st, en = lab["start"], lab["end"]
            if not (0 <= st < en <= len(text)) or text[st:en] != lab["evidence"]:
                errors.append(f"{rid}: bad span {st}-{en} {lab['evidence']!r}")
        for factor in {lab["factor"] for lab in r["labels"]}:
            counts[factor][r["split"]] += 1
    print(f"clauses: {len(records)} (dev {sum(r['split'] == 'dev' for r in records)}, "
          f"test {sum(r['split'] == 'test' for r in records)})")
    print(f"{'factor':26} {'dev':>5} {'test':>5}")
    for factor in sorted(counts):
        print(f"{factor:26} {counts[factor]['dev']:5} {counts[factor]['test']:5}")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


def _write_round(sample: list[dict], split: dict[str, str], seed: int, out_arg: str,
                 number: int) -> int:
    """A later round's draw, by default into .state/labelling<N>/, with its counts."""
    out = Path(out_arg)
    if out_arg == str(CORPUS / "sample.unlabelled.jsonl"):
        out = CORPUS.parents[1] / ".state" / f"labelling{number}" / \
            f"sample.round{number}.unlabelled.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for c in sample:
            rec = {k: v for k, v in c.items() if not k.startswith("_")}
            rec["split"] = split[c["id"]]
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"drawn {len(sample)} (seed {seed}) -> {out}", file=sys.stderr)
    for key, n in sorted(Counter((c["_short"], split[c["id"]]) for c in sample).items()):
        print(f"  {key[0]:8} {key[1]:5} {n}", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--acts", default=os.environ.get("TAZA_ACTS", "/work/shared/data/acts"))
    ap.add_argument("--out", default=str(CORPUS / "sample.unlabelled.jsonl"))
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--check", nargs="?", const=str(CORPUS / "gold.jsonl"), metavar="FILE")
    ap.add_argument("--enrich", action="store_true",
                    help="round 2: draw more clauses for the rare factors (not in round 1)")
    ap.add_argument("--round3", action="store_true",
                    help="round 3: new seed (default 2029), clauses not in gold.jsonl")
    ap.add_argument("--round4", action="store_true",
                    help="round 4: new acts (base.EXTRA_SOURCES), seed 2030")
    ap.add_argument("--round5", action="store_true",
                    help="round 5: fresh dev-region clauses where false alarms come from, seed 2031")
    args = ap.parse_args(argv)
    acts = Path(args.acts)
    if args.check:
        return check(Path(args.check), acts)
    if args.round5:
        clauses = base.load_clauses(acts, extra=True)
        split = regions(clauses)
        seed = ROUND5_SEED if args.seed == SEED else args.seed
        sample = round5(clauses, split, drawn_before(acts), seed)
        return _write_round(sample, split, seed, args.out, 5)
    if args.round4:
        clauses = base.load_clauses(acts, extra=True)
        split = regions(clauses)
        seed = ROUND4_SEED if args.seed == SEED else args.seed
        sample = round4(clauses, seed)
        return _write_round(sample, split, seed, args.out, 4)
    clauses = base.load_clauses(acts)
    split = regions(clauses)
    if args.round3:
        # exclude the clauses of rounds 1-2 (= the gold corpus before round 3), read from their
        # draws so that the round-3 draw stays reproducible after it is merged into gold.jsonl
        taken = {json.loads(line)["id"]
                 for path in (CORPUS / "sample.unlabelled.jsonl", CORPUS / "sample.round2.unlabelled.jsonl")
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
        seed = ROUND3_SEED if args.seed == SEED else args.seed
        sample = round3(clauses, taken, seed)
        return _write_round(sample, split, seed, args.out, 3)
    sample = draw(clauses, args.seed)
    out = Path(args.out)
    if args.enrich:
        sample = enrich(clauses, {c["id"] for c in sample}, args.seed)
        out = CORPUS / "sample.round2.unlabelled.jsonl" if args.out == str(
            CORPUS / "sample.unlabelled.jsonl") else out
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for c in sample:
            rec = {k: v for k, v in c.items() if not k.startswith("_")}
            rec["split"] = split[c["id"]]
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    per = Counter((c["_short"], split[c["id"]]) for c in sample)
    print(f"drawn {len(sample)} -> {out}", file=sys.stderr)
    for key in sorted(per):
        print(f"  {key[0]:8} {key[1]:5} {per[key]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
