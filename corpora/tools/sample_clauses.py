#!/usr/bin/env python3
"""Draw a deterministic sample of clauses from real acts for gold labelling.

Plain Python 3.11, standard library only. Reads the acts in the shared data folder
(default /work/shared/data/acts, or $TAZA_ACTS / --acts), splits them into paragraphs
(clauses), and draws a sample of about 160 clauses that contain a marker word of
`optional_power` («вправе», «может», «могут», «имеет/имеют право»; «не вправе» and
«не может» stay in as hard negatives) plus about 60 clauses without any marker.

Output: one JSON line per clause
    {"id", "source", "article", "number", "text", "labels": []}
where `id` is "<source-short>-<article>-<n>", n being the ordinal of the paragraph inside
its article (1-based, so ids are unique), `number` is the paragraph's leading number
(«1.», «2)», «а)», «3-1)» -> "1", "2", "а", "3-1") or null, and `text` is the paragraph
exactly as in the file (for the KZ jsonl: as in the `text` field, one line of it).

Usage:
    python3 corpora/tools/sample_clauses.py [--acts DIR] [--out FILE] [--seed N]
    python3 corpora/tools/sample_clauses.py --check [FILE]   # validate an annotated sample

The annotated file is corpora/optional_power/sample.jsonl: the script refuses to overwrite an
output that already holds labels unless --force is given; write elsewhere (--out) to compare.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

SEED = 20250901
N_MARKER = 160
N_PLAIN = 60
MIN_LARGE = 15          # at least this many marker clauses from each large source
MIN_PLAIN = 2           # at least this many marker-free clauses from each source
MAX_CHARS = 1500

# (short id, relative path, kind); order is fixed for determinism
SOURCES = [
    ("zkrf", "ru-codes-legalacts-ru/ZK-RF.txt", "ru_code"),
    ("grkrf", "ru-codes-legalacts-ru/Gradostroitelnyi-Kodeks-RF.txt", "ru_code"),
    ("zkkg", "kg-laws-txt/zemelnyi_kodeks_kg.txt", "kg_law"),
    ("ddkg", "kg-laws-txt/zakon_o_dorozhnom_dvizhenii_kg.txt", "kg_law"),
    ("admreg", "ru-gov-texts-plainrussian/adm_reg_minpri.txt", "plain"),
    ("kzac", "kz-adilet-anticorruption-law/ocorrupt_articles_1-8.jsonl", "kz_jsonl"),
]
# Round 4 of the factor gold corpus (corpora/factors/README.md): acts added later. They are
# kept apart from SOURCES so that the draws of the optional_power sample and of factor rounds
# 1-3 stay what they were; load_clauses(acts, extra=True) reads them too (ids as above).
# gov_sudeb.txt (an explanatory note on a draft law) and text_arctic.txt (a news item on a
# government resolution) of the same folder are not normative texts and are left out.
EXTRA_SOURCES = [
    ("minec", "ru-gov-texts-plainrussian/minec_polozh.txt", "plain"),
    ("fks", "ru-gov-texts-plainrussian/fks.txt", "plain"),
    ("gkkg", "kg-civil-code-minjust/civil_code_part1.pdf", "kg_pdf"),
]
# sources with a guaranteed minimum of marker clauses; the others are small:
# all of their marker clauses are taken
LARGE = {"zkrf", "grkrf", "zkkg", "ddkg"}
SMALL = {"admreg", "kzac"}

MARKER_RE = re.compile(r"(?<!\w)(вправе|может|могут|имеет\s+право|имеют\s+право)(?!\w)",
                       re.IGNORECASE)
HEADER_RE = re.compile(r"^\[(chapter_number|chapter_name|article_number|article_name|updated_at)\]\s?(.*)$")
ARTICLE_HEADING_RE = re.compile(r"^\s*Стать[яи]\s+(\d+(?:[.\-]\d+)*)", re.IGNORECASE)
SKIP_LINE_RES = [
    re.compile(r"^\s*Глава\b", re.IGNORECASE),
    re.compile(r"^\s*РАЗДЕЛ\b"),
    re.compile(r"^\s*\((В|в) редакции\b"),
    re.compile(r"^\s*\(Введен в действие\b"),
    re.compile(r"^\s*См\.(\s*также)?:?\s*$"),
    re.compile(r"^\s*\(Название\b"),                             # «(Название статьи в редакции …)»
    re.compile(r"^\s*\(\""),                                      # publication source «("Эркин Тоо" …)»
    re.compile(r"^\s*Решение Конституционной палаты\b"),
    re.compile(r"^\s*\[(intro|ocorrupt\b[^\]]*)\]\s*$"),
    re.compile(r"^\s*§\s*\d"),
    re.compile(r"^\s*\.\s*-\s*Федеральный закон"),            # remnant of a repealed article
    re.compile(r"^\s*в соответствии с Законом КР от .{0,60}\)\s*$"),  # tail of «(… утратила силу»
]
TERMINAL_RE = re.compile(r"[.;:,)»\"!?]\s*$")
# a repealed paragraph («2. Утратил силу. - Федеральный закон …», «8) (утратил силу …)»)
REPEALED_RE = re.compile(r"^\s*(?:Абзац\s+)?(?:[\dа-я.\-\s]+[.)]\s*)?\(?\s*утратил[аио]?\s+силу", re.IGNORECASE)
LEADNUM_RE = re.compile(r"^\s*(\d+(?:[.\-]\d+)*|[а-я])[.)]\s")


def clean(line: str) -> str:
    return line.rstrip("\r\n")


def is_blank(line: str) -> bool:
    return not line.replace("\u00a0", " ").strip()


def skip_line(line: str) -> bool:
    if any(r.search(line) for r in SKIP_LINE_RES):
        return True
    if REPEALED_RE.search(line) and len(line) < 300:
        return True
    # headings, chapter titles, signatures, dates, editorial notes and broken line
    # fragments do not end like a clause; keep only long numbered ones that do not
    if not TERMINAL_RE.search(line) and not (lead_number(line) and len(line) >= 100):
        return True
    return False


def lead_number(text: str) -> str | None:
    m = LEADNUM_RE.match(text)
    return m.group(1) if m else None


def paragraphs_ru_code(path: Path):
    article = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = clean(line)
        if is_blank(line):
            continue
        h = HEADER_RE.match(line)
        if h:
            if h.group(1) == "article_number":
                article = h.group(2).strip().rstrip(",").strip()
            continue
        if ARTICLE_HEADING_RE.match(line) or skip_line(line):
            continue
        yield article, line


KG_TITLE_START_RE = re.compile(r"^\s*(Глава|РАЗДЕЛ|Раздел|§)\b", re.IGNORECASE)


def paragraphs_kg_law(path: Path):
    yield from _kg_law_lines(path.read_text(encoding="utf-8").splitlines())


def _pdf_text(path: Path) -> str:
    """Text of a PDF as the project's reader gives it (pipeline.ingest.read_document, with its
    header-noise cleanup); outside the project's venv it is run in the venv's Python."""
    root = Path(__file__).resolve().parents[2]
    try:
        sys.path.insert(0, str(root))
        from pipeline.ingest import read_document
    except ImportError:
        import subprocess
        code = ("import sys; from pipeline.ingest import read_document; "
                "sys.stdout.buffer.write(read_document(sys.argv[1]).text.encode('utf-8'))")
        out = subprocess.run([str(root / ".venv" / "bin" / "python"), "-c", code, str(path)],
                             cwd=root, check=True, capture_output=True)
        return out.stdout.decode("utf-8")
    finally:
        if sys.path and sys.path[0] == str(root):
            sys.path.pop(0)
    return read_document(path).text


def paragraphs_kg_pdf(path: Path):
    yield from _kg_law_lines(_pdf_text(path).splitlines())


def _kg_law_lines(lines):
    article = None
    in_title = False  # the lines between «Глава …»/«РАЗДЕЛ …»/«§ …» and the next «Статья N.» are titles
    for line in lines:
        line = clean(line)
        if is_blank(line):
            continue
        a = ARTICLE_HEADING_RE.match(line)
        if a:
            article = a.group(1)
            in_title = False
            continue
        if KG_TITLE_START_RE.match(line):
            in_title = True
            continue
        if in_title or skip_line(line):
            continue
        yield article, line


def paragraphs_plain(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        line = clean(line)
        if is_blank(line) or skip_line(line):
            continue
        yield None, line


def paragraphs_kz_jsonl(path: Path):
    seen = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        rec = json.loads(raw)
        article = str(rec.get("article")) if rec.get("article") is not None else None
        for line in rec["text"].split("\n"):
            if is_blank(line) or skip_line(line):
                continue
            # chunks repeat the lead-in of a list («Содержащиеся в настоящем Законе понятия …»)
            key = (article, line)
            if key in seen:
                continue
            seen.add(key)
            yield article, line


READERS = {
    "ru_code": paragraphs_ru_code,
    "kg_law": paragraphs_kg_law,
    "plain": paragraphs_plain,
    "kz_jsonl": paragraphs_kz_jsonl,
    "kg_pdf": paragraphs_kg_pdf,
}


def load_clauses(acts: Path, extra: bool = False):
    """Clauses of SOURCES; with ``extra`` also those of EXTRA_SOURCES (appended after them)."""
    clauses = []
    for short, rel, kind in SOURCES + (EXTRA_SOURCES if extra else []):
        ordinal = Counter()
        for article, text in READERS[kind](acts / rel):
            art_key = article if article else "0"
            ordinal[art_key] += 1
            clauses.append({
                "id": f"{short}-{art_key}-{ordinal[art_key]}",
                "source": rel,
                "article": article,
                "number": lead_number(text),
                "text": text,
                "labels": [],
                "_short": short,
                "_marker": bool(MARKER_RE.search(text)),
            })
    ids = [c["id"] for c in clauses]
    assert len(ids) == len(set(ids)), "duplicate clause ids"
    return clauses


def allocate(pool_sizes: dict[str, int], total: int, minimum: dict[str, int]) -> dict[str, int]:
    """Proportional allocation (largest remainder) with per-source minimums, capped by size."""
    alloc = {s: min(minimum.get(s, 0), n) for s, n in pool_sizes.items()}
    rest = total - sum(alloc.values())
    free = {s: pool_sizes[s] - alloc[s] for s in pool_sizes}
    while rest > 0 and any(free.values()):
        weight = sum(pool_sizes[s] for s in free if free[s] > 0)
        quotas = {s: rest * pool_sizes[s] / weight for s in free if free[s] > 0}
        give = {s: min(int(q), free[s]) for s, q in quotas.items()}
        if sum(give.values()) == 0:  # hand out the remainders one by one
            for s in sorted(quotas, key=lambda s: (-(quotas[s] - int(quotas[s])), s)):
                if rest == 0:
                    break
                if free[s] > 0:
                    give[s] += 1
                    rest -= 1
                    alloc[s] += 1
                    free[s] -= 1
            continue
        for s, g in give.items():
            alloc[s] += g
            free[s] -= g
            rest -= g
    return alloc


def draw(clauses, seed: int):
    rng = random.Random(seed)
    eligible = [c for c in clauses if len(c["text"]) <= MAX_CHARS]
    by_src_marker = defaultdict(list)
    by_src_plain = defaultdict(list)
    for c in eligible:
        (by_src_marker if c["_marker"] else by_src_plain)[c["_short"]].append(c)

    shorts = [s for s, _, _ in SOURCES]
    # marker clauses: all of the small sources, then proportional over the large ones
    small_take = {s: len(by_src_marker[s]) for s in shorts if s in SMALL}
    large_pool = {s: len(by_src_marker[s]) for s in shorts if s in LARGE}
    large_alloc = allocate(large_pool, N_MARKER - sum(small_take.values()),
                           {s: MIN_LARGE for s in LARGE})
    marker_alloc = {**small_take, **large_alloc}
    plain_pool = {s: len(by_src_plain[s]) for s in shorts}
    plain_alloc = allocate(plain_pool, N_PLAIN, {s: MIN_PLAIN for s in shorts})

    sample = []
    for s in shorts:
        sample += rng.sample(by_src_marker[s], marker_alloc.get(s, 0))
        sample += rng.sample(by_src_plain[s], plain_alloc.get(s, 0))
    order = {c["id"]: i for i, c in enumerate(clauses)}
    sample.sort(key=lambda c: order[c["id"]])  # document order, grouped by source
    return sample, marker_alloc, plain_alloc, by_src_marker, by_src_plain


def check(path: Path, acts: Path) -> int:
    """Validate an annotated sample: spans inside the text, evidence == text[start:end],
    unique ids, texts identical to the clauses re-read from the acts; print counts."""
    source_text = {c["id"]: c["text"] for c in load_clauses(acts)}
    errors = []
    recs = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    seen = set()
    per_src = defaultdict(lambda: [0, 0, 0, 0])  # clauses, with marker, with labels, labels
    for r in recs:
        rid, text = r["id"], r["text"]
        if rid in seen:
            errors.append(f"{rid}: duplicate id")
        seen.add(rid)
        if source_text.get(rid) != text:
            errors.append(f"{rid}: text differs from the act")
        for lab in r["labels"]:
            st, en = lab["start"], lab["end"]
            if not (isinstance(st, int) and isinstance(en, int) and 0 <= st < en <= len(text)):
                errors.append(f"{rid}: span {st}-{en} outside the text")
            elif text[st:en] != lab["evidence"]:
                errors.append(f"{rid}: evidence {lab['evidence']!r} != text[{st}:{en}] {text[st:en]!r}")
            if lab.get("factor") != "optional_power":
                errors.append(f"{rid}: unexpected factor {lab.get('factor')!r}")
        row = per_src[r["source"]]
        row[0] += 1
        row[1] += bool(MARKER_RE.search(text))
        row[2] += bool(r["labels"])
        row[3] += len(r["labels"])
    print(f"{'source':60} {'clauses':>7} {'marker':>6} {'positive':>8} {'labels':>6}")
    for src, _ in sorted(per_src.items(), key=lambda kv: [s for _, s, _ in SOURCES].index(kv[0])):
        c, m, p, n = per_src[src]
        print(f"{src:60} {c:7} {m:6} {p:8} {n:6}")
    tot = [sum(v[i] for v in per_src.values()) for i in range(4)]
    print(f"{'total':60} {tot[0]:7} {tot[1]:6} {tot[2]:8} {tot[3]:6}")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--acts", default=os.environ.get("TAZA_ACTS", "/work/shared/data/acts"))
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "optional_power" / "sample.jsonl"))
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--force", action="store_true", help="overwrite an output that holds labels")
    ap.add_argument("--check", nargs="?", const=str(Path(__file__).resolve().parents[1] / "optional_power" / "sample.jsonl"),
                    metavar="FILE", help="validate an annotated sample instead of drawing one")
    args = ap.parse_args(argv)
    if args.check:
        return check(Path(args.check), Path(args.acts))

    clauses = load_clauses(Path(args.acts))
    sample, m_alloc, p_alloc, pool_m, pool_p = draw(clauses, args.seed)

    out = Path(args.out)
    if out.exists() and not args.force and any(
            json.loads(l).get("labels") for l in out.read_text(encoding="utf-8").splitlines() if l.strip()):
        print(f"{out} holds labels; use --out elsewhere or --force", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for c in sample:
            rec = {k: v for k, v in c.items() if not k.startswith("_")}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")

    print(f"{'source':8} {'paragraphs':>10} {'marker<=1500':>12} {'plain<=1500':>11} {'drawn_m':>7} {'drawn_p':>7}",
          file=sys.stderr)
    for s, _, _ in SOURCES:
        n = sum(1 for c in clauses if c["_short"] == s)
        print(f"{s:8} {n:10} {len(pool_m[s]):12} {len(pool_p[s]):11} {m_alloc.get(s, 0):7} {p_alloc.get(s, 0):7}",
              file=sys.stderr)
    print(f"total drawn: {len(sample)} -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
