"""Find references in the text of a clause: chains of level groups and the acts they cite.

A reference is read in three steps, each a small function:

1. ``find_acts`` — every act named in the text («Федеральным законом от 13 декабря 1996
   года N 150-ФЗ "Об оружии"», «Гражданского кодекса Российской Федерации»,
   «постановлением Правительства КР»), with its date, number and title;
2. ``find_chains`` — every chain of level groups that climbs from narrow to wide
   («подпунктом 2) пункта 1 статьи 5», «пунктами 1 - 3», «статьями 39.3 и 39.5») and the
   qualifier that closes it: a self-reference («настоящего Кодекса», «настоящей статьи»),
   an act found in step 1, or an anaphora («указанного Федерального закона»);
3. ``extract_references`` — chains become references; acts not closing a chain are
   references to a whole act; a lone «настоящей статьи» is a reference to the article.

Each reference carries the id of the rule that made it (``refs.internal.chain``,
``refs.external.<act type>`` …). Nothing here knows the corpus: resolution is in
``resolve.py``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.references.lexicon import ActType, Lexicon, load_lexicon
from pipeline.references.model import (
    LEVEL_RANK,
    ActRef,
    Kind,
    LevelGroup,
    NumberItem,
    Reference,
)

_NUM = (r"(?:\d+(?:[.\-]\d+)*(?:\s*\))?"                      # 5, 39.16, 19-1, 2)
        r"|[IVXLC]+(?:\.\d+)?(?![\w])"                        # V.1 (chapters, sections)
        r"|[«\"„][а-я][»\"“](?:\s*\))?"                        # «а»
        r"|[а-я](?:\.\d+)?\s*\)"                               # а)
        r"|(?:перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят)[а-яё]*)")
_SEP = r"(?:\s*,\s*(?:а\s+также\s+)?|\s+(?:и|или|либо)\s+|\s*[-–—]\s*)"
_DATE = (r"(?:(?P<day>\d{1,2})\s+(?P<month>[а-я]+)\s+(?P<year>\d{4})\s*(?:года|г\.)?"
         r"|(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>\d{4})(?:\s*(?:года|г\.))?)")
_NUMBER = r"(?:N|№)\s*(?P<number>[0-9A-Za-zА-Яа-яЁё]+(?:\s*[-–/]\s*[0-9A-Za-zА-ЯЁ]+)*)"
_TITLE = r"(?:«(?P<t1>[А-ЯЁ](?:[^«»]|«[^«»]*»){1,400}?)»|\"(?P<t2>[А-ЯЁ][^\"]{1,400}?)\"|“(?P<t3>[А-ЯЁ][^”]{1,400}?)”)"
_PLURAL_ENDINGS = ("ами", "ями", "ах", "ях", "ов", "ев", "ам", "ям")
_PLURAL_WORDS = frozenset({"статей", "частей", "пункты", "подпункты", "абзацы", "главы",
                           "разделы"})
_ALIAS = re.compile(r"\(\s*далее\s*(?:также\s*)?[-–—]\s*$", re.IGNORECASE)
# «Собрание законодательства …, 2007, № 35, ст. 4310»: where an act was published.
_PUBLICATION = re.compile(r"(?:№|N)\s*\d+\s*,\s*$")
_CLAUSE_LABEL = re.compile(r"^\s*(?:\d+(?:[.\-]\d+)*|[а-я])\s*[.)]\s*")


@dataclass(frozen=True, slots=True)
class ActMention:
    start: int
    end: int
    act: ActRef
    rule_id: str


@dataclass(frozen=True, slots=True)
class Chain:
    start: int
    end: int
    groups: tuple[LevelGroup, ...]


@dataclass(frozen=True, eq=False)
class _Patterns:
    group: re.Pattern[str]
    tail: re.Pattern[str]
    number_item: re.Pattern[str]


@lru_cache(maxsize=2)
def _patterns(lexicon: Lexicon) -> _Patterns:
    group = re.compile(
        rf"(?<![\w.])(?P<word>{lexicon.level_words})(?![\w])\s*"
        rf"(?P<nums>{_NUM}(?:{_SEP}{_NUM})*)", re.IGNORECASE)
    tail = re.compile(rf"\s*(?:от\s+{_DATE})?\s*(?:{_NUMBER})?\s*(?:{_TITLE})?")
    number_item = re.compile(_NUM, re.IGNORECASE)
    return _Patterns(group, tail, number_item)


# --- acts ----------------------------------------------------------------------------------

def _date(match: re.Match[str], lexicon: Lexicon) -> dt.date | None:
    try:
        if match.group("year"):
            month = lexicon.raw.months.get(match.group("month").lower())
            if month is None:
                return None
            return dt.date(int(match.group("year")), month, int(match.group("day")))
        if match.group("y2"):
            return dt.date(int(match.group("y2")), int(match.group("m2")), int(match.group("d2")))
    except ValueError:
        return None
    return None


def _jurisdiction(words: str | None, lexicon: Lexicon) -> str | None:
    if not words:
        return None
    for code, pattern in lexicon.juris_of:
        if pattern.fullmatch(words.strip()):
            return code
    return None


def _normal_name(words: str) -> str:
    """«Гражданского кодекса» → «Гражданский кодекс» (nominative, as titles are written)."""
    from pipeline.nlp.lemma import morph_analyzer

    morph = morph_analyzer()
    out = []
    for word in words.split():
        parts = []
        for piece in word.split("-"):
            parsed = morph.parse(piece)[0]
            if parsed.tag.POS in ("ADJF", "NOUN"):
                form = parsed.inflect({"nomn", "sing"}) if parsed.tag.POS == "NOUN" else \
                    parsed.inflect({"nomn", "sing", "masc"})
                lemma = form.word if form else parsed.normal_form
            else:
                lemma = piece.lower()
            parts.append(lemma)
        joined = "-".join(parts)
        out.append(joined[:1].upper() + joined[1:] if word[:1].isupper() else joined)
    return " ".join(out)


_JURIS_TITLE = {"RU": "Российской Федерации", "KZ": "Республики Казахстан",
                "KG": "Кыргызской Республики"}


def _act_from(spec: ActType, match: re.Match[str], tail: re.Match[str],
              lexicon: Lexicon) -> ActRef | None:
    groups = match.groupdict()
    juris = _jurisdiction(groups.get("juris"), lexicon) or spec.jurisdiction
    title = next((tail.group(g) for g in ("t1", "t2", "t3") if tail.group(g)), None)
    number = tail.group("number")
    date = _date(tail, lexicon)
    if spec.named:
        name = _normal_name(groups["name"])
        if name.lower().startswith("настоящ"):
            return None
        about = groups.get("about")
        title = " ".join(p for p in (name, _JURIS_TITLE.get(juris or "") if groups.get("juris")
                                     else None, about) if p)
    elif not (title or number or date or spec.bare):
        return None                  # «федеральными законами»: no act in particular
    if number:
        number = re.sub(r"\s+", "", number).replace("–", "-")
    return ActRef(spec.type, date, number, " ".join(title.split()) if title else None, juris)


def find_acts(text: str, lexicon: Lexicon | None = None) -> list[ActMention]:
    """Acts named in ``text``; overlapping candidates keep the earliest, then the longest."""
    lexicon = lexicon or load_lexicon()
    tail_re = _patterns(lexicon).tail
    candidates: list[ActMention] = []
    for spec in lexicon.act_types:
        for match in spec.regex.finditer(text):
            if match.start() > 0 and (text[match.start() - 1].isalpha()):
                continue
            tail = tail_re.match(text, match.end())
            act = _act_from(spec, match, tail, lexicon)
            if act is None:
                continue
            end = tail.end() if tail.group(0).strip() else match.end()
            candidates.append(ActMention(match.start(), end, act, spec.id))
    candidates.sort(key=lambda m: (m.start, -m.end))
    kept: list[ActMention] = []
    for mention in candidates:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


# --- chains --------------------------------------------------------------------------------

def _is_plural(word: str) -> bool:
    word = word.lower()
    return word in _PLURAL_WORDS or word.endswith(_PLURAL_ENDINGS)


def _clean_number(raw: str, level: str, lexicon: Lexicon) -> str | None:
    value = raw.strip().strip("«»\"„“").rstrip(")").strip().strip("«»\"„“")
    if not value:
        return None
    if value[0].isalpha() and value[0].islower() and len(value) > 2:
        number = lexicon.ordinal(value)       # «вторым» (абзац)
        return str(number) if number is not None and level == "abzac" else None
    if value[0] in "IVXLC":
        return value if level in ("chapter", "section") else None
    if value[0].isalpha() and level not in ("subpunkt", "punkt"):
        return None
    return value


def _items(nums: str, word: str, level: str, patterns: _Patterns,
           lexicon: Lexicon) -> tuple[NumberItem, ...]:
    """«1 - 3, 5 и 7» → 1–3, 5, 7; in the singular «19-1» is one label, not a range."""
    tokens = [(m.group(0), m.start(), m.end()) for m in patterns.number_item.finditer(nums)]
    plural = _is_plural(word)
    items: list[NumberItem] = []
    previous_end = None
    for raw, start, end in tokens:
        between = nums[previous_end:start] if previous_end is not None else ""
        value = _clean_number(raw, level, lexicon)
        previous_end = end
        if value is None:
            continue
        if plural and "-" in value and not value.endswith(")") and level != "chapter" \
                and re.fullmatch(r"\d+-\d+", value) and _range_like(value):
            low, high = value.split("-")
            items.append(NumberItem(low, high))
            continue
        if items and re.fullmatch(r"\s*[-–—]\s*", between) and items[-1].to is None:
            items[-1] = NumberItem(items[-1].value, value)
            continue
        items.append(NumberItem(value))
    return tuple(items)


def _range_like(value: str) -> bool:
    """«5-9» in a plural list is a range (5 < 9); «19-1» stays a label."""
    low, high = (int(x) for x in value.split("-"))
    return low < high


def _group_at(text: str, pos: int, patterns: _Patterns, lexicon: Lexicon,
              anchored: bool) -> tuple[LevelGroup, int, int] | None:
    match = (patterns.group.match(text, pos) if anchored
             else patterns.group.search(text, pos))
    if match is None:
        return None
    word = match.group("word")
    level = lexicon.level_of_form[word.lower()]
    items = _items(match.group("nums"), word, level, patterns, lexicon)
    if not items:
        return None
    nums = match.group("nums")
    end = match.start("nums") + len(nums.rstrip())
    return LevelGroup(level, items), match.start(), end


def find_chains(text: str, lexicon: Lexicon | None = None) -> list[Chain]:
    """Chains of level groups climbing from narrow to wide, in text order."""
    lexicon = lexicon or load_lexicon()
    patterns = _patterns(lexicon)
    chains: list[Chain] = []
    pos = 0
    while True:
        found = _group_at(text, pos, patterns, lexicon, anchored=False)
        if found is None:
            return chains
        group, start, end = found
        groups = [group]
        while True:
            gap = re.match(r"\s+", text[end:])
            nxt = _group_at(text, end + (gap.end() if gap else 0), patterns, lexicon,
                            anchored=True) if gap else None
            if nxt is None or LEVEL_RANK[nxt[0].level] <= LEVEL_RANK[groups[-1].level]:
                break
            groups.append(nxt[0])
            end = nxt[2]
        chains.append(Chain(start, end, tuple(groups)))
        pos = end


# --- references ----------------------------------------------------------------------------

def _self_scope_at(text: str, pos: int, lexicon: Lexicon) -> tuple[str, int] | None:
    gap = re.match(r"\s*", text[pos:]).end()
    for scope, pattern in lexicon.self_refs:
        match = pattern.match(text, pos + gap)
        if match:
            return scope, match.end()
    return None


def _is_own_label(text: str, chain: Chain, repeal: re.Pattern[str]) -> bool:
    """«Статьи 20 - 21. Утратили силу»: the unit's own number, not a reference."""
    if text[:chain.start].strip():
        return False
    return bool(repeal.match(text)) or bool(re.match(r"\s*\.", text[chain.end:]))


def extract_references(text: str, lexicon: Lexicon | None = None) -> list[Reference]:
    """Every reference of ``text`` (one clause), in text order, with its rule id."""
    lexicon = lexicon or load_lexicon()
    acts = find_acts(text, lexicon)
    act_at = {a.start: a for a in acts}
    used_acts: set[int] = set()
    references: list[Reference] = []
    covered: list[tuple[int, int]] = []
    for chain in find_chains(text, lexicon):
        if _is_own_label(text, chain, lexicon.repeal) or _PUBLICATION.search(text[:chain.start]):
            continue
        gap = len(text[chain.end:]) - len(text[chain.end:].lstrip())
        after = chain.end + gap
        scope_hit = _self_scope_at(text, chain.end, lexicon)
        act = act_at.get(after)
        anaphora = lexicon.anaphora.match(text, after)
        if act is not None and gap <= 3:
            used_acts.add(act.start)
            ref = Reference(chain.start, act.end, text[chain.start:act.end], Kind.EXTERNAL,
                            chain.groups, None, act.act, "refs.external.chain")
        elif scope_hit is not None:
            scope, end = scope_hit
            ref = Reference(chain.start, end, text[chain.start:end], Kind.INTERNAL,
                            chain.groups, scope, None, f"refs.internal.{scope}")
        elif anaphora is not None and gap <= 3:
            previous = [a for a in acts if a.end <= chain.start]
            cited = previous[-1].act if previous else None
            ref = Reference(chain.start, anaphora.end(), text[chain.start:anaphora.end()],
                            Kind.EXTERNAL, chain.groups, None, cited, "refs.external.anaphora")
        else:
            ref = Reference(chain.start, chain.end, text[chain.start:chain.end],
                            Kind.INTERNAL, chain.groups, None, None, "refs.internal.bare")
        references.append(ref)
        covered.append((ref.start, ref.end))
    for act in acts:
        if act.start in used_acts or any(s <= act.start < e for s, e in covered):
            continue
        if _ALIAS.search(text[max(0, act.start - 20):act.start]):
            continue                 # «(далее - Федеральный закон "О …")» names, not cites
        references.append(Reference(act.start, act.end, text[act.start:act.end],
                                    Kind.EXTERNAL, (), None, act.act, act.rule_id))
        covered.append((act.start, act.end))
    for scope, pattern in lexicon.self_refs:
        if scope in ("act", "chapter"):
            continue                 # «настоящего Кодекса» alone cites no unit
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in covered):
                continue
            references.append(Reference(match.start(), match.end(), match.group(0),
                                        Kind.INTERNAL, (), scope, None, f"refs.self.{scope}"))
    references.sort(key=lambda r: (r.start, r.end))
    return _share_tails(references, text)


_COORDINATOR = re.compile(r"\s*(?:,|и|или|либо|,\s*а\s+также|а\s+также)\s*")


def _share_tails(references: list[Reference], text: str) -> list[Reference]:
    """A shared tail. A bare chain joined by «и», «или», «,» to the next chain takes that
    chain's wider levels and its act: «пунктами 3, 4 части 3 и частью 5.1 статьи 23» (both
    in article 23), «статьей 5 и статьей 6 Федерального закона …». A single level group
    joined by «и»/«или» makes one mention with the next chain: «подпункте 1 и абзаце втором
    подпункта 3 пункта 10», «частях 5 и пункте 1 части 6 настоящей статьи»."""
    out = list(references)
    for i in range(len(out) - 2, -1, -1):
        ref, nxt = out[i], out[i + 1]
        joint = _COORDINATOR.fullmatch(text[ref.end:nxt.start])
        if ref.rule_id != "refs.internal.bare" or not ref.groups or not nxt.groups or not joint:
            continue
        widest = LEVEL_RANK[ref.groups[-1].level]
        wider = tuple(g for g in nxt.groups if LEVEL_RANK[g.level] > widest)
        if not wider and (LEVEL_RANK[nxt.groups[-1].level] != widest
                          or (nxt.scope is None and nxt.act is None)):
            continue
        rule = ("refs.external.shared_tail" if nxt.kind is Kind.EXTERNAL
                else "refs.internal.shared_tail")
        if len(ref.groups) == 1 and joint.group(0).strip() in ("и", "или", "либо"):
            out[i] = Reference(ref.start, nxt.end, text[ref.start:nxt.end], nxt.kind,
                               nxt.groups, nxt.scope, nxt.act, rule,
                               ((ref.groups + wider),) + nxt.chains)
            del out[i + 1]
        else:
            out[i] = Reference(ref.start, ref.end, ref.mention, nxt.kind, ref.groups + wider,
                               nxt.scope, nxt.act, rule)
    return out


def starts_with_label(text: str) -> int:
    """Length of the unit's own number at the start of a clause («1.», «2)», «а)»)."""
    match = _CLAUSE_LABEL.match(text)
    return match.end() if match else 0
