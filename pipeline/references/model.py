"""Frozen records of the reference graph: mentions, targets, citations, quantities.

Offsets are character offsets into the text that was searched (a clause or a whole
document, as the caller says), half-open ``[start, end)`` like everywhere in Taza.
Citation levels are named as the citing text names them — ``article``, ``chast``
(«часть»), ``punkt`` («пункт»), ``subpunkt`` («подпункт»), ``abzac`` («абзац») — which is
also the gold format of ``corpora/references``; ``pipeline.references.outline`` maps them
onto the layout levels of ``pipeline.model.Address`` act by act.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.model import Address

# Narrow to wide: a chain «подпункта 2 пункта 1 статьи 5» climbs this order.
LEVEL_RANK = {"abzac": 0, "subpunkt": 1, "punkt": 2, "chast": 3, "article": 4,
              "chapter": 5, "section": 6}
GOLD_LEVELS = ("article", "punkt", "subpunkt", "chast", "abzac")
_ABBR = {"article": "ст.", "chast": "ч.", "punkt": "п.", "subpunkt": "пп.", "abzac": "абз.",
         "chapter": "гл.", "section": "разд."}


class Kind(StrEnum):
    INTERNAL = "internal"
    EXTERNAL = "external"


class Status(StrEnum):
    RESOLVED = "resolved"        # the cited unit exists in an act of the corpus
    UNRESOLVED = "unresolved"    # the cited act is not in the corpus (or the act is unknown)
    REPEALED = "repealed"        # the cited unit is marked «утратил силу» / «исключен»
    MISSING = "missing"          # the cited act is known, the unit is not in it


@dataclass(frozen=True, slots=True)
class NumberItem:
    """One number of a list: «3», or a range «1 - 3» (``to`` set)."""

    value: str
    to: str | None = None


@dataclass(frozen=True, slots=True)
class LevelGroup:
    """«пунктами 1 - 3»: a level word and its numbers."""

    level: str
    items: tuple[NumberItem, ...]


@dataclass(frozen=True, slots=True)
class Target:
    """One cited unit, in the citing text's terms; levels not named are None."""

    article: str | None = None
    chast: str | None = None
    punkt: str | None = None
    subpunkt: str | None = None
    abzac: str | None = None
    chapter: str | None = None
    section: str | None = None

    def as_gold(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in GOLD_LEVELS}

    def render(self) -> str:
        """«абз. 2 пп. 1 п. 3 ст. 39.16»: narrow to wide, as Russian citations go."""
        order = sorted(_ABBR, key=LEVEL_RANK.get)
        return " ".join(f"{_ABBR[name]} {getattr(self, name)}" for name in order
                        if getattr(self, name) is not None)

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in LEVEL_RANK)


@dataclass(frozen=True, slots=True)
class ActRef:
    """An act named in a citation: what the words say, normalised."""

    type: str                         # «федеральный закон», «кодекс», «закон» …
    date: dt.date | None = None
    number: str | None = None         # «150-ФЗ», «410-V», «45»
    title: str | None = None          # «Об оружии», «Гражданский кодекс Российской Федерации»
    jurisdiction: str | None = None   # RU, KZ, KG when the words say it

    def key(self) -> str:
        """A stable key: type and number, else type and title."""
        if self.number:
            return f"{self.type}|{self.number}"
        return f"{self.type}|{(self.title or '').lower()}|{self.jurisdiction or ''}"

    def render(self) -> str:
        parts = [self.type]
        if self.date:
            parts.append(f"от {self.date:%d.%m.%Y}")
        if self.number:
            parts.append(f"№ {self.number}")
        if self.title and self.type not in ("кодекс", "конституция"):
            parts.append(f"«{self.title}»")
        elif self.title:
            parts = [self.title]
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Reference:
    """A mention of other norms: a chain of level groups and what it belongs to.

    ``scope`` is the self-qualifier («настоящей статьи» → ``article``, «настоящего Кодекса»
    → ``act``) or None when the chain stands bare; ``act`` is the cited act of an external
    reference (None for an anaphora «указанного закона» that names no act before it).
    """

    start: int
    end: int
    mention: str
    kind: Kind
    groups: tuple[LevelGroup, ...]    # narrow to wide
    scope: str | None
    act: ActRef | None
    rule_id: str
    # Coordinated chains that share this one's tail: «подпункте 1 и абзаце втором подпункта
    # 3 пункта 10» — one mention, the first chain completed by the wider levels of the last.
    chains: tuple[tuple[LevelGroup, ...], ...] = ()

    def all_chains(self) -> tuple[tuple[LevelGroup, ...], ...]:
        return self.chains + (self.groups,)


@dataclass(frozen=True, slots=True)
class ResolvedTarget:
    target: Target
    status: Status
    act_key: str | None               # key of the cited act (document source in the corpus)
    address: Address | None = None    # layout address of the cited unit in that act
    clause: int | None = None         # index of its first clause in that act
    note: str = ""                    # why: «утратил силу», «нет такого пункта» …
    implied: bool = False             # inside a cited range, not named by the text


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference resolved against the corpus, placed in its citing document."""

    reference: Reference
    source: str                       # citing document
    address: Address                  # citing clause
    start: int                        # offsets in the citing document's text
    end: int
    targets: tuple[ResolvedTarget, ...] = field(default_factory=tuple)

    @property
    def status(self) -> Status:
        """The worst status of its targets (repealed > missing > unresolved > resolved)."""
        order = (Status.REPEALED, Status.MISSING, Status.UNRESOLVED, Status.RESOLVED)
        named = [t for t in self.targets if not t.implied] or list(self.targets)
        found = {t.status for t in named} or {Status.UNRESOLVED}
        return next(s for s in order if s in found)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A deadline or an amount: «в течение двадцати дней» → 20 day."""

    start: int
    end: int
    mention: str
    value: float
    unit: str                         # day | working_day | calendar_day | month | year | hour
                                      # | money | percent | area
    currency: str | None = None       # RUB, KZT, KGS, MRP, RS, USD (money only)
    kind: str = "other"               # limit | validity | other (deadlines)
    rule_id: str = ""

    @property
    def is_deadline(self) -> bool:
        return self.unit not in ("money", "percent", "area")
