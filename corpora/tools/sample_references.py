#!/usr/bin/env python3
"""Gold corpora of issue 8: cross-references, deadlines and amounts in real acts.

Three jobs, one file:

    python corpora/tools/sample_references.py            # (re)draw the candidates
    python corpora/tools/sample_references.py --build    # annotations -> corpora/references/*.jsonl
    python corpora/tools/sample_references.py --check    # validate the committed gold files

Drawing. Reads the six acts with `pipeline.ingest.read_document` and splits them with
`pipeline.structure.parse_clauses`, then makes a seeded draw (seed 2026):
  (a) reference candidates: clauses that pass a loose pre-filter (the words «статья»,
      «пункт», «часть», «закон», «кодекс», «постановление» in any form; repealed-marker
      clauses left out). The filter only picks candidates; it labels nothing. Quotas are in
      proportion to each act's candidate pool, with at least 25 from each KG/KZ act (all of
      them where the act has fewer). Every candidate of an act is shuffled, so that the first
      `quota` ones form the sample and the rest stay, in order, as a reserve to extend it.
  (b) quantity candidates: 110 clauses with a figure or a number word near a unit of time or
      money («день», «месяц», «год», «час», «сом», «тенге», «рубл», «МРП», «процент»), and
      40 clauses drawn at random among all the others (negatives); none of them is in (a).
The candidates (unlabelled) go to .state/refs_labels/{ref,qty}_candidates.jsonl.

Labels are written BY HAND in corpora/references/annotations/ann_refs.txt and ann_qty.txt (format at
`parse_ann`): the annotator types each mention as read; this script only finds its offsets
(str.find, with «@n» for the n-th occurrence) and looks up, for internal targets, whether the
cited unit exists in the act (an index of the act's own numbering read from the raw text,
independent of pipeline.structure), which the annotator then reviews.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

ACTS = ROOT.parent / "shared" / "data" / "acts"
STATE = ROOT / ".state" / "refs_labels"
ANNOTATIONS = ROOT / "corpora" / "references" / "annotations"  # the hand labels
OUT = ROOT / "corpora" / "references"
SEED = 2026

SOURCES = [  # (prefix, path under acts/, family)
    ("zkrf", "ru-codes-legalacts-ru/ZK-RF.txt", "ru"),
    ("grkrf", "ru-codes-legalacts-ru/Gradostroitelnyi-Kodeks-RF.txt", "ru"),
    ("zkkg", "kg-laws-txt/zemelnyi_kodeks_kg.txt", "kg"),
    ("ddkg", "kg-laws-txt/zakon_o_dorozhnom_dvizhenii_kg.txt", "kg"),
    ("gkkg", "kg-civil-code-minjust/civil_code_part1.pdf", "kg"),
    ("kzac", "kz-adilet-anticorruption-law/ocorrupt_articles_1-8.jsonl", "kz"),
]
PREFIX = {p: k for k, p, _ in SOURCES}
FAMILY = {p: f for _, p, f in SOURCES}

N_REF = 230            # reference clauses in the sample (the reserve extends it)
MIN_SMALL = 25         # at least this many from each KG/KZ act
N_QTY_POS = 110
N_QTY_NEG = 40

REF_FILTER = re.compile(
    r"(?<!\w)(стать|пункт|подпункт|част(?:ь|и|ью|ей|ям|ями|ях)(?!\w)|закон(?!одат)|кодекс|постановлени)",
    re.IGNORECASE)
REPEALED_CLAUSE = re.compile(r"^\W{0,3}[\w.\-\s]{0,12}?\(?\s*(утратил|утратила|утратили|исключен)",
                             re.IGNORECASE)
NUMWORD = (r"(?:\d[\d\s,.]*|одн\w*|дв\w*|тр[её]\w*|четыр\w*|пят\w*|шест\w*|сем\w*|восьм\w*|"
           r"восем\w*|девят\w*|десят\w*|двенадцат\w*|пятнадцат\w*|двадцат\w*|тридцат\w*|сорок\w*|"
           r"шестидесят\w*|девянос\w*|ста|сто|двухсот\w*|тысяч\w*|полу\w*|нескольк\w*)")
QTY_UNIT = (r"(?:дн|день|дня|суток|сутки|недел|месяц|год|лет|час|сом|тенге|рубл|МРП|МРС|"
            r"расчетн|процент|%)")
QTY_FILTER = re.compile(rf"(?<![\w.]){NUMWORD}\s*(?:\S+\s+){{0,2}}?{QTY_UNIT}", re.IGNORECASE)
YEAR_ONLY = re.compile(r"^\d{4}\s*год")
N_RES_DEADLINE = 50
N_RES_AMOUNT = 40
N_RES_AMOUNT2 = 50
# the first amount filter also matched «Кодексом»; the second asks for a number before the unit
AMOUNT_LIKE2 = re.compile(rf"(?<![\w.]){NUMWORD}\s*(?:\S+\s+){{0,2}}?(рубл\w*|сом(?:а|ов)?(?!\w)|тенге|процент\w*|%|"
                          r"расчетн\w+ показател\w*|МРП)", re.IGNORECASE)
DEADLINE_LIKE = re.compile(r"(в течение|не позднее|не ранее|в срок|сроком|на срок|по истечении|до истечения)"
                           r"\s+(?:\S+\s+){0,3}?(дн|день|дня|месяц|год|лет|час|недел|рабоч)", re.IGNORECASE)
AMOUNT_LIKE = re.compile(r"(рубл|сом(?:а|ов)?\b|тенге|процент|%|расчетн\w+ показател|МРП)", re.IGNORECASE)


# ----------------------------------------------------------------------------- reading
def load_all() -> dict[str, list[dict]]:
    from pipeline.ingest import read_document
    from pipeline.structure import parse_clauses
    acts = {}
    for _, rel, _ in SOURCES:
        clauses = parse_clauses(read_document(ACTS / rel))
        acts[rel] = [{"article": c.address.article, "clause": c.address.render(), "text": c.text,
                      "chapter": c.address.chapter, "section": c.address.section}
                     for c in clauses]
    return acts


def clause_key(rec: dict) -> tuple:
    return (rec["doc"], rec["clause"], rec["text"])


# ----------------------------------------------------------------------------- drawing
def allocate(pools: dict[str, int], total: int, floor: int = MIN_SMALL) -> dict[str, int]:
    quota = {}
    small = [d for d in pools if FAMILY[d] != "ru"]
    for d in small:
        quota[d] = min(pools[d], max(floor, round(total * pools[d] / sum(pools.values()))))
    rest = total - sum(quota.values())
    big = [d for d in pools if d not in quota]
    big_total = sum(pools[d] for d in big)
    for d in big:
        quota[d] = min(pools[d], round(rest * pools[d] / big_total))
    return quota


def qty_match(text: str) -> bool:
    for m in QTY_FILTER.finditer(text):
        if not YEAR_ONLY.match(m.group(0)):
            return True
    return False


def draw(acts: dict[str, list[dict]]) -> None:
    rng = random.Random(SEED)
    STATE.mkdir(parents=True, exist_ok=True)
    pools = {}
    for rel, clauses in acts.items():
        pools[rel] = [c for c in clauses if c["article"] and REF_FILTER.search(c["text"])
                      and not REPEALED_CLAUSE.search(c["text"])]
    quota = allocate({d: len(v) for d, v in pools.items()}, N_REF)
    taken = set()
    rows = []
    for rel, pool in pools.items():
        order = pool[:]
        rng.shuffle(order)
        for i, c in enumerate(order):
            rows.append({"id": f"{PREFIX[rel]}-{i + 1:04d}", "doc": rel, "article": c["article"],
                         "clause": c["clause"], "text": c["text"],
                         "reserve": i >= quota[rel]})
            if i < quota[rel]:
                taken.add((rel, c["clause"], c["text"]))
    with open(STATE / "ref_candidates.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("reference quotas:", {PREFIX[d]: q for d, q in quota.items()},
          "pools:", {PREFIX[d]: len(v) for d, v in pools.items()})

    # quantities
    pos, neg = {}, {}
    for rel, clauses in acts.items():
        ok = [c for c in clauses if c["article"] and (rel, c["clause"], c["text"]) not in taken
              and not REPEALED_CLAUSE.search(c["text"])]
        pos[rel] = [c for c in ok if qty_match(c["text"])]
        neg[rel] = [c for c in ok if not qty_match(c["text"])]
    # a floor of 12 per KG/KZ act, the rest in proportion
    qpos = allocate({d: len(v) for d, v in pos.items()}, N_QTY_POS, floor=12)
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
    # reserve, drawn after the first 150 with its own generator (so those stay as they are):
    # clauses with a deadline-like phrase (dates left out) and clauses with a money/percent amount
    rng2 = random.Random(SEED + 1)
    chosen = {(c["doc"], c["clause"], c["text"]) for c in out}
    for pool, test, n in (("reserve-deadline", DEADLINE_LIKE, N_RES_DEADLINE),
                          ("reserve-amount", AMOUNT_LIKE, N_RES_AMOUNT),
                          ("reserve-amount2", AMOUNT_LIKE2, N_RES_AMOUNT2),
                          ("reserve-deadline2", DEADLINE_LIKE, 12)):
        cand = [dict(c, doc=rel, pool=pool) for rel, clauses in acts.items() for c in clauses
                if c["article"] and (rel, c["clause"], c["text"]) not in taken | chosen
                and not REPEALED_CLAUSE.search(c["text"]) and test.search(c["text"])]
        rng2.shuffle(cand)
        out += cand[:n]
        chosen |= {(c["doc"], c["clause"], c["text"]) for c in cand[:n]}
    with open(STATE / "qty_candidates.jsonl", "w", encoding="utf-8") as f:
        for i, c in enumerate(out):
            r = {"id": f"q-{i + 1:04d}", "doc": c["doc"], "article": c["article"],
                 "clause": c["clause"], "text": c["text"], "pool": c["pool"]}
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("quantity quotas:", {PREFIX[d]: q for d, q in qpos.items()},
          "pools:", {PREFIX[d]: len(v) for d, v in pos.items()},
          "negatives:", Counter(PREFIX[c["doc"]] for c in all_neg[:N_QTY_NEG]))


# ----------------------------------------------------------------------------- act index
ART_HDR = re.compile(r"^\[article_number\]\s*(.+?)\s*$")
ART_NAME = re.compile(r"^\[article_name\]\s*(.*)$")
KG_ART = re.compile(r"^\s*Статья\s+(\d+(?:-\d+)?)\s*\.?\s*(.*)$")
NUM_PAR = re.compile(r"^\s*(\d+(?:[.\-]\d+)*)\.\s+(.*)$")
NUM_PT = re.compile(r"^\s*(\d+(?:[.\-]\d+)*)\)\s*(.*)$")
RANGE_ART = re.compile(r"^\s*Статьи\s+([\d.\-]*\d)\s*-\s*([\d.\-]*\d)\.\s*(?:Утратил|Исключ)", re.IGNORECASE)
RANGE_PAR = re.compile(r"^\s*([\d.\-]*\d)\s*-\s*([\d.\-]*\d)\.\s*(?:Утратил|Исключ)", re.IGNORECASE)


def num_key(label: str) -> tuple:
    return tuple(int(x) for x in re.findall(r"\d+", label))


REPEAL_TXT = re.compile(r"утратил|утратила|утратили|исключен", re.IGNORECASE)


class ActIndex:
    """The numbering of an act read from its raw text: article -> top-level numbered
    paragraphs («1.») -> numbered items («1)»), each with its text (to see repeal marks)."""

    def __init__(self, rel: str, acts: dict[str, list[dict]]):
        self.rel = rel
        self.units: dict[tuple, str] = {}   # (article,) / (article, n) / (article, n, m) -> text
        self.order: list[tuple] = []        # raw-text keys in the act's order
        self.article_names: dict[str, str] = {}
        self.chapters: set[str] = set()
        self.sections: set[str] = set()
        for c in acts[rel]:  # the parsed clauses, as a fallback for formats read by ingest
            a = c["article"]
            if not a:
                continue
            self.units.setdefault((a,), "")
            m = NUM_PAR.match(c["text"]) or None
            parts = re.match(r"ст\. (\S+)(?: ч\. (\S+))?(?: п\. (\S+))?(?: пп\. (\S+))?", c["clause"])
            if parts:
                key = tuple(x for x in parts.groups() if x)
                if key not in self.units:
                    self.units[key] = c["text"]
                    if not rel.endswith(".txt"):
                        self.order.append(key)
            for k in ("chapter", "section"):
                if c.get(k):
                    (self.chapters if k == "chapter" else self.sections).add(c[k])
        if rel.endswith(".txt"):
            self._raw(ACTS / rel)

    def _raw(self, path: Path) -> None:
        art = part = None
        self.repealed_articles: set[str] = set()
        self.repealed_ranges: list[tuple] = []   # (article or None, lo, hi)
        for line in path.read_text(encoding="utf-8").splitlines():
            m = RANGE_ART.match(line)
            if m:
                self.repealed_ranges.append((None, m.group(1), m.group(2)))
            m = RANGE_PAR.match(line)
            if m and art:
                self.repealed_ranges.append((art, m.group(1), m.group(2)))
            if line.startswith("[chapter_number]"):
                self.chapters.add(line.split("]", 1)[1].strip())
            m = ART_HDR.match(line)
            if m:
                art, part = m.group(1).rstrip(",").strip(), None
                self.units[(art,)] = ""
                continue
            m = ART_NAME.match(line)
            if m and art:
                split = re.match(r"^(\d+),\s*стать", m.group(1))
                if split:  # the crawl cut «55.11» into «[article_number] 55» + «11, статья 55.12 …»
                    art = f"{art}.{split.group(1)}"
                self.article_names[art] = m.group(1)
                self.units[(art,)] = m.group(1)
                if REPEAL_TXT.search(m.group(1)):
                    self.repealed_articles.add(art)
                    for extra in re.findall(r"статья\s+([\d.\-]+\d)", m.group(1), re.IGNORECASE):
                        self.repealed_articles.add(extra)
                continue
            m = KG_ART.match(line)
            if m and "[" not in line[:2]:
                art, part = m.group(1), None
                self.article_names[art] = m.group(2)
                self.units[(art,)] = m.group(2)
                continue
            if not art:
                continue
            m = NUM_PAR.match(line)
            if m:
                part = m.group(1)
                self.units[(art, part)] = line
                self.order.append((art, part))
                continue
            m = NUM_PT.match(line)
            if m:
                key = (art, part, m.group(1)) if part else (art, m.group(1))
                self.units[key] = line
                self.order.append(key)

    def lookup(self, art, levels) -> tuple[bool | None, bool]:
        key = (art,) + tuple(levels)
        if art in getattr(self, "repealed_articles", ()):
            return False, True
        for scope, lo, hi in getattr(self, "repealed_ranges", ()):
            if scope is None and num_key(lo) <= num_key(art) <= num_key(hi):
                return False, True
            if scope == art and levels and num_key(lo) <= num_key(levels[0]) <= num_key(hi):
                return False, True
        if key not in self.units:
            # ranges of repealed points («3 - 3.2. Утратили силу», «Статьи 20 - 21»)
            return False, False
        text = self.units[key]
        repealed = bool(REPEAL_TXT.search(text[:80])) and (
            len(key) == 1 or re.match(r"^\W{0,3}[\w.\-]{0,8}[.)]?\s*\(?\s*(У|у)тратил|^\W{0,3}[\w.\-]{0,8}[.)]?\s*\(?\s*[Ии]сключ", text) is not None)
        if len(key) == 1:
            repealed = bool(re.match(r"^\s*(Утратил|Исключ)", text or ""))
        return (not repealed), repealed


def target_levels(doc: str, t: dict) -> list[str]:
    """The numbered levels of a target from the top: часть > пункт > подпункт (ZK RF and the
    KZ law have no «часть»: their «1.» is a пункт; GrK RF and the KG codes: «1.» is a часть
    or, in the KG codes' own words, often a пункт)."""
    lv = [t.get("chast"), t.get("punkt"), t.get("subpunkt")]
    return [x for x in lv if x]


def expand_ranges(spec: str, current: str, index: "ActIndex") -> list[str]:
    """«./p3..8» -> every unit of that level the act has between 3 and 8 (in the act's order)."""
    out = []
    for s in spec.split(";"):
        m = re.match(r"^(.*?)(ch|sp|p)([\w.\-]+)\.\.([\w.\-]+)$", s.strip())
        if not m:
            out.append(s.strip())
            continue
        head, lvl, lo, hi = m.groups()
        base = parse_target(head.rstrip("/") or ".", current)
        prefix = [base["article"]] + target_levels(index.rel, base)
        keys = [k for k in index.order if len(k) == len(prefix) + 1 and list(k[:-1]) == prefix]
        labels = [k[-1] for k in keys]
        if lo not in labels or hi not in labels:
            raise ValueError(f"range ends {lo}..{hi} not both in {prefix}: {labels}")
        for lab in labels[labels.index(lo):labels.index(hi) + 1]:
            out.append(f"{head.rstrip('/')}/{lvl}{lab}")
    return out


# ----------------------------------------------------------------------------- annotations
def find_span(text: str, mention: str, occ: int = 1) -> int:
    pos = -1
    for _ in range(occ):
        pos = text.find(mention, pos + 1)
        if pos < 0:
            raise ValueError(f"mention not found: {mention!r}")
    return pos


def parse_target(s: str, current: str) -> dict:
    """«39.16/p3/sp1/ch2/a3»; «./p3» = the current article."""
    t = {"article": None, "punkt": None, "subpunkt": None, "chast": None, "abzac": None}
    bits = s.strip().split("/")
    if bits[0][:1] in ("g", "r") and len(bits) == 1:  # a chapter («главы V.3») / a section
        t["glava" if bits[0][0] == "g" else "razdel"] = bits[0][1:]
        return t
    t["article"] = current if bits[0] in (".", "") else bits[0]
    for b in bits[1:]:
        for pre, key in (("sp", "subpunkt"), ("ch", "chast"), ("p", "punkt"), ("a", "abzac")):
            if b.startswith(pre):
                t[key] = b[len(pre):]
                break
        else:
            raise ValueError(f"bad target level {b!r} in {s!r}")
    return t


ACT_TYPES = {"фз": "федеральный закон", "фкз": "федеральный конституционный закон",
             "з": "закон", "к": "кодекс", "п": "постановление", "у": "указ",
             "кон": "конституция", "д": "договор", "пр": "приказ", "р": "распоряжение"}


def parse_ann(path: Path) -> dict[str, list[dict]]:
    """Blocks: a line «## id», then one line per mention:
         I | mention[@n] | target; target...            (internal)
         E | mention[@n] | type;date;number;title | targets in the cited act (optional)
       a block with no mention lines = a clause without references. «#» lines are notes."""
    out: dict[str, list[dict]] = {}
    cur = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("## "):
            cur = line[3:].strip()
            if cur in out:
                raise ValueError(f"duplicate block {cur}")
            out[cur] = []
            continue
        if line.lstrip().startswith("#"):
            continue
        out[cur].append(line)
    return out


def split_mention(m: str) -> tuple[str, int]:
    mm = re.match(r"^(.*?)@(\d+)$", m)
    if mm:
        return mm.group(1), int(mm.group(2))
    return m, 1


def build_refs(acts) -> list[dict]:
    cands = {r["id"]: r for r in map(json.loads, open(STATE / "ref_candidates.jsonl", encoding="utf-8"))}
    ann = parse_ann(ANNOTATIONS / "ann_refs.txt")
    overrides = {}
    ov_path = STATE / "exists_overrides.txt"
    if ov_path.exists():  # «id|mention|k: exists repealed» set by reading the act
        for line in ov_path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                cid, men, k, ex, rp = [x.strip() for x in line.split("|")]
                overrides[(cid, men, int(k))] = (json.loads(ex), json.loads(rp))
    idx = {}
    out = []
    for cid, lines in ann.items():
        c = cands[cid]
        text = c["text"]
        refs = []
        for line in lines:
            parts = [p.strip() for p in line.split(" | ")]
            kind = parts[0]
            mention, occ = split_mention(parts[1])
            start = find_span(text, mention, occ)
            ref = {"mention": mention, "start": start, "end": start + len(mention)}
            if kind == "I":
                ref["kind"] = "internal"
                ix = idx.setdefault(c["doc"], ActIndex(c["doc"], acts))
                ref["targets"] = [parse_target(t, c["article"])
                                  for t in expand_ranges(parts[2], c["article"], ix)]
                exist, rep = [], []
                for k, t in enumerate(ref["targets"]):
                    if t["article"] is None:
                        e = (t.get("glava") in ix.chapters) if t.get("glava") else (t.get("razdel") in ix.sections)
                        r = False
                    else:
                        e, r = ix.lookup(t["article"], target_levels(c["doc"], t))
                    if (cid, mention, k) in overrides:
                        e, r = overrides[(cid, mention, k)]
                    t["exists"], t["repealed"] = e, r
                    exist.append(e)
                    rep.append(r)
                ref["act"] = None
                ref["exists"] = all(exist)
                ref["repealed"] = any(rep)
            elif kind == "E":
                ref["kind"] = "external"
                typ, date, num, title = (parts[2].split(";", 3) + [""] * 4)[:4]
                ref["act"] = {"type": ACT_TYPES.get(typ.strip(), typ.strip()) or None,
                              "date": date.strip() or None, "number": num.strip() or None,
                              "title": title.strip() or None}
                ref["targets"] = ([parse_target(t, "?") for t in parts[3].split(";")]
                                  if len(parts) > 3 and parts[3] else [])
                ref["exists"] = None
                ref["repealed"] = None
            else:
                raise ValueError(f"{cid}: bad kind in {line!r}")
            refs.append(ref)
        refs.sort(key=lambda r: r["start"])
        out.append({"id": cid, "doc": c["doc"], "article": c["article"], "clause": c["clause"],
                    "text": text, "references": refs})
    return out


UNITS = {"d": "day", "wd": "working_day", "cd": "calendar_day", "m": "month", "y": "year",
         "h": "hour", "w": "week"}
KINDS = {"l": "limit", "v": "validity", "o": "other"}


def build_qty() -> list[dict]:
    """Blocks «## q-0001»; lines
         D | mention[@n] | value | unit | kind          (deadline; unit d/wd/cd/m/y/h/w)
         A | mention[@n] | value | currency | unit      (amount; unit money/percent/area)"""
    cands = {r["id"]: r for r in map(json.loads, open(STATE / "qty_candidates.jsonl", encoding="utf-8"))}
    ann = parse_ann(ANNOTATIONS / "ann_qty.txt")
    out = []
    for cid, lines in ann.items():
        c = cands[cid]
        text = c["text"]
        dl, am = [], []
        for line in lines:
            parts = [p.strip() for p in line.split(" | ")]
            mention, occ = split_mention(parts[1])
            start = find_span(text, mention, occ)
            rec = {"mention": mention, "start": start, "end": start + len(mention)}
            val = float(parts[2]) if "." in parts[2] else int(parts[2])
            if parts[0] == "D":
                rec.update(value=val, unit=UNITS[parts[3]], kind=KINDS[parts[4]])
                dl.append(rec)
            elif parts[0] == "A":
                rec.update(value=float(val), currency=None if parts[3] == "-" else parts[3],
                           unit=parts[4])
                am.append(rec)
            else:
                raise ValueError(f"{cid}: bad line {line!r}")
        out.append({"id": cid, "doc": c["doc"], "article": c["article"], "clause": c["clause"],
                    "text": text, "deadlines": sorted(dl, key=lambda r: r["start"]),
                    "amounts": sorted(am, key=lambda r: r["start"])})
    return out


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


# ----------------------------------------------------------------------------- checking
def check(acts, out=None, also=None) -> int:
    """Every record's clause is what parse_clauses gives today, every span is its mention,
    ids are unique; ``also(record, err)`` adds checks of a derived set (the held-out one)."""
    out = out or OUT
    bad = 0
    live = defaultdict(set)
    for rel, clauses in acts.items():
        for c in clauses:
            live[rel].add((c["clause"], c["text"]))
    seen = set()

    def err(msg):
        nonlocal bad
        bad += 1
        print("ERROR", msg)

    for name, spans in (("gold.jsonl", ("references",)), ("quantities.jsonl", ("deadlines", "amounts"))):
        path = out / name
        if not path.exists():
            err(f"{path} missing")
            continue
        for r in map(json.loads, open(path, encoding="utf-8")):
            if r["id"] in seen:
                err(f"duplicate id {r['id']}")
            seen.add(r["id"])
            if also is not None:
                also(r, err)
            if (r["clause"], r["text"]) not in live[r["doc"]]:
                err(f"{r['id']}: clause text differs from parse_clauses today")
            for key in spans:
                for m in r[key]:
                    if r["text"][m["start"]:m["end"]] != m["mention"]:
                        err(f"{r['id']}: span {m['start']}:{m['end']} != {m['mention']!r}")
    if out == OUT:
        rp = OUT / "repealed_ru.jsonl"
        if rp.exists():
            raw = {rel: (ACTS / rel).read_text(encoding="utf-8") for rel in
                   ("ru-codes-legalacts-ru/ZK-RF.txt", "ru-codes-legalacts-ru/Gradostroitelnyi-Kodeks-RF.txt")}
            for r in map(json.loads, open(rp, encoding="utf-8")):
                if r["text"] not in raw[r["doc"]]:
                    err(f"repealed marker not in {r['doc']}: {r['text']!r}")
        else:
            err("repealed_ru.jsonl missing")
    print("check:", "OK" if not bad else f"{bad} errors")
    return 1 if bad else 0


def stats(out=None) -> None:
    out = out or OUT
    g = [json.loads(l) for l in open(out / "gold.jsonl", encoding="utf-8")]
    refs = [m for r in g for m in r["references"]]
    print("gold clauses", len(g), "with refs", sum(1 for r in g if r["references"]),
          "mentions", len(refs), Counter(m["kind"] for m in refs))
    print(" per act clauses", Counter(r["doc"].split("/")[-1] for r in g))
    print(" per act mentions", Counter(r["doc"].split("/")[-1] for r in g for _ in r["references"]))
    inte = [m for m in refs if m["kind"] == "internal"]
    print(" internal exists", Counter(m["exists"] for m in inte), "repealed",
          Counter(m["repealed"] for m in inte), "targets", sum(len(m["targets"]) for m in inte))
    qp = out / "quantities.jsonl"
    if qp.exists():
        q = [json.loads(l) for l in open(qp, encoding="utf-8")]
        print("qty clauses", len(q), "none", sum(1 for r in q if not r["deadlines"] and not r["amounts"]),
              "deadlines", sum(len(r["deadlines"]) for r in q),
              "amounts", sum(len(r["amounts"]) for r in q),
              Counter(a["unit"] for r in q for a in r["amounts"]),
              Counter(d["unit"] for r in q for d in r["deadlines"]),
              Counter(d["kind"] for r in q for d in r["deadlines"]))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--build", action="store_true")
    ap.add_argument("--stats", action="store_true")
    a = ap.parse_args()
    if a.stats:
        stats()
        return 0
    acts = load_all()
    if a.check:
        return check(acts)
    if a.build:
        write_jsonl(OUT / "gold.jsonl", build_refs(acts))
        if (ANNOTATIONS / "ann_qty.txt").exists():
            write_jsonl(OUT / "quantities.jsonl", build_qty())
        stats()
        return 0
    draw(acts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
