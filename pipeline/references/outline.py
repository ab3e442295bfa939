"""What units an act has, which of them are repealed, and what it calls a «1.» paragraph.

``Outline.of(clauses, text)`` reads the clauses of ``pipeline.structure``:

* every address prefix (article; article + part; … ) is a unit, with the index of its first
  clause; a unit is *repealed* when its own text is a repeal note («3.1) утратил силу. -
  Федеральный закон …», «Исключена»), or its article's heading is («Утратила силу»);
* range labels of the parser («3–3.2. Утратили силу») and joint repeals of articles
  («Статьи 28 - 34. Утратили силу») cover every number between their ends;
* the *convention*: an act that cites its own «1.» paragraphs as «частью N» (ГрК РФ, codes of
  KG) names them ``chast``, and its «1)» ``punkt``; an act that says «пунктом N» (ЗК РФ, laws
  of KZ) names them ``punkt`` and «1)» ``subpunkt``. It is counted from the act's own
  citations («частью 3 настоящей статьи» against «пунктом 3 настоящей статьи»).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.model import Address, Clause
from pipeline.references.lexicon import Lexicon, load_lexicon
from pipeline.references.model import Target

Key = tuple[str | None, str | None, str | None, str | None]   # article, part, point, subpoint

_CHAST_SELF = re.compile(r"\bчаст(?:и|ью|ях|ями)\s+\d[\d.\-]*\s+(?:и\s+\d+\s+)?настоящей\s+статьи")
_PUNKT_SELF = re.compile(r"\bпункт(?:а|ом|е|ах|ами)\s+\d[\d.\-]*\s+(?:и\s+\d+\s+)?настоящей\s+статьи")
_JOINT_ARTICLES = re.compile(
    r"^\s*Стать(?:и|я)\s+(?P<first>\d+(?:[.\-]\d+)*)(?P<rest>(?:\s*(?:,|-|–|—|и)\s*(?:статья\s+)?"
    r"\d+(?:[.\-]\d+)*)*)", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.\-]\d+)*")
_REPEALED_HEADING = re.compile(r"^\s*\(?\s*(?:Утратил[аио]?\s+силу|Исключен[аоы]?)",
                               re.IGNORECASE)


def label_key(label: str) -> tuple[int, ...] | None:
    """«39.16» → (39, 16), «19-1» → (19, 1), «а» → (1,); None for anything else."""
    label = label.strip().rstrip(").").strip()
    if re.fullmatch(r"\d+(?:[.\-]\d+)*", label):
        return tuple(int(x) for x in re.split(r"[.\-]", label))
    if re.fullmatch(r"[а-я]", label):
        return (ord(label) - ord("а") + 1,)
    return None


def in_range(label: str, low: str, high: str) -> bool:
    key, lo, hi = label_key(label), label_key(low), label_key(high)
    return None not in (key, lo, hi) and lo <= key <= hi


@dataclass(frozen=True, slots=True)
class Unit:
    clause: int                       # index of its first clause
    repealed: bool


@dataclass(frozen=True, slots=True)
class RangeUnit:
    """A unit whose label is a range: «3–3.2. Утратили силу» (``depth`` = 1 for a part)."""

    parent: Key
    depth: int
    low: str
    high: str
    clause: int
    repealed: bool


@dataclass
class Outline:
    units: dict[Key, Unit] = field(default_factory=dict)
    ranges: list[RangeUnit] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)      # in order of the act
    chapters: set[str] = field(default_factory=set)
    convention: str = "punkt"        # «1.» is a «punkt» (or a «chast»)

    @classmethod
    def of(cls, clauses: Sequence[Clause], text: str = "",
           lexicon: Lexicon | None = None) -> Outline:
        lexicon = lexicon or load_lexicon()
        outline = cls()
        heading_repealed: dict[str, bool] = {}
        for index, clause in enumerate(clauses):
            a = clause.address
            if a.chapter:
                outline.chapters.add(a.chapter)
            if a.article is None:
                continue
            if a.article not in heading_repealed:
                outline.articles.append(a.article)
                heading_repealed[a.article] = bool(
                    clause.heading and _REPEALED_HEADING.match(clause.heading))
                outline._joint_repeal(a, clause, index, lexicon)
            own = (a.article, a.part, a.point, a.subpoint)
            for depth in range(1, 5):
                key = _prefix(own, depth)
                if depth > 1 and key[depth - 1] is None:
                    continue             # points right under an article: no part level
                if key in outline.units:
                    continue
                exact = key == own
                repealed = exact and bool(lexicon.repeal.match(clause.text))
                if depth == 1:
                    repealed = heading_repealed[a.article] or repealed
                outline.units[key] = Unit(index, repealed)
                label = key[depth - 1] or ""
                if "–" in label:
                    low, high = label.split("–", 1)
                    outline.ranges.append(RangeUnit(_prefix(own, depth - 1), depth, low,
                                                    high, index, repealed))
        outline.convention = _convention(text)
        return outline

    def _joint_repeal(self, address: Address, clause: Clause, index: int,
                      lexicon: Lexicon) -> None:
        """«Статьи 28 - 34. Утратили силу»: every article from 28 to 34 is repealed."""
        match = _JOINT_ARTICLES.match(clause.text)
        if not match or not lexicon.repeal.match(clause.text):
            return
        numbers = [match.group("first")] + _NUMBER.findall(match.group("rest"))
        if len(numbers) < 2:
            return
        low, high = numbers[0], numbers[-1]
        self.ranges.append(RangeUnit((None, None, None, None), 1, low, high, index, True))

    # -- lookups --

    def address_of(self, target: Target) -> Address | None:
        """Layout address of a cited unit under this act's convention (None: no article)."""
        if target.article is None:
            return None
        if self.convention == "chast":
            part, point, subpoint = target.chast, target.punkt, target.subpunkt
        else:
            part, point, subpoint = target.punkt or target.chast, target.subpunkt, None
            if target.punkt and target.chast:
                part, point, subpoint = target.chast, target.punkt, target.subpunkt
        return Address(article=target.article, part=part, point=point, subpoint=subpoint)

    def alternatives(self, target: Target) -> list[Address]:
        """The address under the act's convention, then the other readings: a «пункт» of
        an article made only of «1)» items is such an item; a «подпункт» without its
        «пункт» sits right under the article."""
        first = self.address_of(target)
        if first is None:
            return []
        out = [first]
        if first.part is not None and first.point is None:
            out.append(Address(article=first.article, point=first.part))
        if first.part is not None and first.point is not None and first.subpoint is None:
            out.append(Address(article=first.article, part=first.part, subpoint=first.point))
        return out

    def unique_point(self, target: Target) -> list[Address]:
        """«пункте 5.1 статьи 6» in a «часть» act: the one item 5.1 of the article, whatever
        its part, when there is exactly one."""
        if self.convention != "chast" or target.chast or not target.punkt or not target.article:
            return []
        found = [k for k in self.units if k[0] == target.article and k[1] is not None
                 and k[2] == target.punkt and k[3] is None]
        if len(found) != 1:
            return []
        return [Address(article=found[0][0], part=found[0][1], point=found[0][2])]

    def find(self, address: Address) -> tuple[str, int | None, str]:
        """(status, clause, note) of a layout address: resolved, repealed or missing."""
        key: Key = (address.article, address.part, address.point, address.subpoint)
        depth = max(i + 1 for i, value in enumerate(key) if value is not None)
        for d in range(1, depth + 1):
            prefix = _prefix(key, d)
            unit = self.units.get(prefix)
            if unit is None:
                ranged = self._in_ranges(prefix, d)
                if ranged is not None:
                    if ranged.repealed:
                        return "repealed", ranged.clause, _repeal_note(prefix, d)
                    unit = Unit(ranged.clause, False)
                elif d == 1:
                    return "missing", None, f"в акте нет статьи {key[0]}"
                else:
                    return "missing", None, f"в акте нет единицы {_render(prefix, d)}"
            if unit.repealed:
                return "repealed", unit.clause, _repeal_note(prefix, d)
        final = self.units.get(_prefix(key, depth))
        return "resolved", final.clause if final else None, ""

    def _in_ranges(self, key: Key, depth: int) -> RangeUnit | None:
        label = key[depth - 1] or ""
        parent = _prefix(key, depth - 1)
        for ranged in self.ranges:
            if ranged.depth == depth and ranged.parent == parent \
                    and in_range(label, ranged.low, ranged.high):
                return ranged
        return None

    def between(self, parent: Target, level: str, low: str, high: str) -> list[str]:
        """Labels of existing units at ``level`` under ``parent`` from ``low`` to ``high``."""
        if level == "article":
            return [a for a in self.articles if in_range(a, low, high)]
        probe = self.address_of(_with(parent, level, "0"))
        if probe is None:
            return []
        key = (probe.article, probe.part, probe.point, probe.subpoint)
        depth = max(i + 1 for i, v in enumerate(key) if v is not None)
        parent_key = _prefix(key, depth - 1)
        labels = [k[depth - 1] for k in self.units
                  if len([v for v in k if v is not None]) == depth
                  and _prefix(k, depth - 1) == parent_key and k[depth - 1]]
        return [lab for lab in labels if "–" not in lab and in_range(lab, low, high)]


def _with(target: Target, level: str, value: str) -> Target:
    fields = {name: getattr(target, name) for name in
              ("article", "chast", "punkt", "subpunkt", "abzac", "chapter", "section")}
    fields[level] = value
    return Target(**fields)


def _prefix(key: Key, depth: int) -> Key:
    return tuple(key[i] if i < depth else None for i in range(4))  # type: ignore[return-value]


_DEPTH_WORD = {1: "ст.", 2: "ч.", 3: "п.", 4: "пп."}


def _render(key: Key, depth: int) -> str:
    return " ".join(f"{_DEPTH_WORD[i + 1]} {key[i]}" for i in range(depth) if key[i])


def _repeal_note(key: Key, depth: int) -> str:
    return f"{_render(key, depth)} утратил(а) силу"


def _convention(text: str) -> str:
    """«chast» when the act cites its own paragraphs as «частью N настоящей статьи»."""
    chast = len(_CHAST_SELF.findall(text))
    punkt = len(_PUNKT_SELF.findall(text))
    return "chast" if chast > punkt else "punkt"


def address_terms(address: Address, convention: str) -> Target:
    """The citing clause's address in the act's own words (for «настоящего пункта»)."""
    if convention == "chast":
        return Target(article=address.article, chast=address.part, punkt=address.point,
                      subpunkt=address.subpoint, chapter=address.chapter)
    return Target(article=address.article, punkt=address.part, subpunkt=address.point,
                  chapter=address.chapter)
