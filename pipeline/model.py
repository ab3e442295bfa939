"""Typed, frozen records that cross every boundary of the pipeline.

Offsets are always character offsets into ``Document.text`` (half-open ``[start, end)``),
so a finding can be traced back to the exact words of the act that produced it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class DocumentKind(StrEnum):
    ACT = "act"                      # normative legal act (закон, кодекс, постановление)
    INTERNAL_ACT = "internal_act"    # order, regulation, instruction of a body
    MEDIA = "media"
    COMPLAINT = "complaint"


class Jurisdiction(StrEnum):
    KZ = "KZ"
    KG = "KG"
    RU = "RU"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class PageSpan:
    """Characters ``[start, end)`` of the document text came from PDF page ``page`` (1-based)."""

    page: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    source: str                      # path as given by the user (or an URL)
    sha256: str                      # of the raw bytes of the file
    kind: DocumentKind
    jurisdiction: Jurisdiction
    language: str                    # ISO 639-1: "ru", "kk", "ky"
    text: str                        # cleaned text; all offsets refer to it
    title: str | None = None
    number: str | None = None        # «№ 45», «N 136-ФЗ», «410-V»
    date: dt.date | None = None      # date of adoption
    issuing_body: str | None = None
    pages: tuple[PageSpan, ...] = ()  # only for paged sources (PDF)

    def page_at(self, offset: int) -> int | None:
        """PDF page number that holds character ``offset``, or None for unpaged sources."""
        for span in self.pages:
            if span.start <= offset < span.end:
                return span.page
        if self.pages and offset >= self.pages[-1].end:
            return self.pages[-1].page
        return None


# Order of the levels of an address, from the widest to the narrowest.
ADDRESS_LEVELS = ("section", "chapter", "article", "part", "point", "subpoint")
# Abbreviations used in Russian-language legal citations.
_LEVEL_ABBR = {
    "section": "разд.",
    "chapter": "гл.",
    "article": "ст.",
    "part": "ч.",
    "point": "п.",
    "subpoint": "пп.",
}


@dataclass(frozen=True, slots=True)
class Address:
    """Where a clause sits in an act.

    Levels follow the layout of the text, the same in all three countries:
    ``part`` is a numbered paragraph «1.», ``point`` is «1)» (also «1-1)»),
    ``subpoint`` is «а)». ``section`` and ``chapter`` are kept for context;
    the citation form starts at the article.
    """

    section: str | None = None
    chapter: str | None = None
    article: str | None = None
    part: str | None = None
    point: str | None = None
    subpoint: str | None = None

    def render(self) -> str:
        """Short citation such as «ст. 39.16 ч. 1 п. 3»; an act without articles gives «гл. 2»."""
        levels = ("article", "part", "point", "subpoint")
        if self.article is None:
            levels = ADDRESS_LEVELS
        parts = [f"{_LEVEL_ABBR[name]} {getattr(self, name)}" for name in levels
                 if getattr(self, name) is not None]
        return " ".join(parts)

    def article_key(self) -> tuple[str | None, str | None, str | None]:
        """Identity of the enclosing article (article context of the detectors)."""
        return (self.section, self.chapter, self.article)


@dataclass(frozen=True, slots=True)
class Clause:
    """The unit of analysis: a numbered part, point or subpoint, or an unnumbered paragraph."""

    address: Address
    start: int
    end: int
    text: str                         # == document.text[start:end]
    page: int | None = None           # PDF page of ``start``
    heading: str | None = None        # title of the enclosing article


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str                      # stable dotted id of the rule in rules/
    factor: str                       # id from FACTORS.md
    address: Address
    start: int                        # offsets into Document.text
    end: int
    evidence: str                     # the matched words
    explanation: str                  # why it was flagged, in Russian
    confidence: float                 # 0..1, a hint not a verdict
    recommendation: str               # ready-made remedy, in Russian
    related: tuple[str, ...] = ()     # other norms of a cross-clause finding (collision)


class RiskCategory(StrEnum):
    """Categories of the Kyrgyz guide (seed 001): systemic (real), potential, situational."""

    SYSTEMIC = "systemic"
    POTENTIAL = "potential"
    SITUATIONAL = "situational"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class RiskStatus(StrEnum):
    IDENTIFIED = "identified"
    ASSESSED = "assessed"
    MEASURE_PLANNED = "measure_planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    MONITORED = "monitored"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class RiskEntry:
    """A row of the list of corruption risks and of the action plan (seeds 001 and 004)."""

    function: str                     # функция / полномочие
    unit: str                         # структурное подразделение или должность
    risk: str                         # описание риска и механизм
    category: RiskCategory
    level: RiskLevel
    multi_agency: bool                # ведомственный (False) / межведомственный (True)
    factor: str | None = None         # factor id when the risk comes from an act
    function_area: str | None = None  # id from TAXONOMY.md
    measure: str = ""                 # мера по минимизации
    completion_form: str = ""         # форма завершения
    responsible: str = ""             # ответственный
    deadline: dt.date | None = None
    deadline_working_days: int | None = None
    status: RiskStatus = RiskStatus.IDENTIFIED
    note: str = ""
    evidence: tuple[str, ...] = field(default_factory=tuple)  # keys of the supporting findings


class EvidenceKind(StrEnum):
    """Where a piece of evidence of a risk comes from (sources of seeds 001, 002, 004)."""

    ACT_FINDING = "act_finding"      # a corruption factor found in a clause of an act
    COMPLAINT = "complaint"          # обращение физического или юридического лица
    MEDIA = "media"                  # публикация в средствах массовой информации


@dataclass(frozen=True, slots=True)
class Evidence:
    """One source that supports a register entry, with a link back to it."""

    kind: EvidenceKind
    source_id: str                    # finding key, complaint id, publication id
    link: str                         # document source and clause address, or an URL
    summary: str                      # the words that show the risk
    date: dt.date | None = None       # of the act, complaint or publication
    current: bool = True              # False once the act version it comes from is superseded


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """A risk of the register, merged from all its evidence (forms of seeds 001 and 004).

    ``merge_key`` names the risk across sources: jurisdiction | body | factor | function area
    (see ``pipeline.register.entries.merge_key``). ``edited`` lists the fields a person has
    changed; a re-analysis never overwrites them.
    """

    id: int
    merge_key: str
    body: str                         # объект анализа: орган, принявший акт
    jurisdiction: Jurisdiction
    function: str                     # функция / служебное полномочие
    unit: str                         # структурное подразделение или должность
    risk: str                         # коррупционный риск: описание
    mechanism: str                    # механизм действия риска
    category: RiskCategory
    level: RiskLevel
    multi_agency: bool
    note: str
    factor: str | None
    function_area: str
    indicator: str                    # индикатор риска (план мероприятий)
    measure: str                      # мероприятие
    completion_form: str              # форма завершения
    responsible: str                  # ответственные исполнители
    deadline: dt.date | None          # срок завершения
    probability: int                  # 1..3
    impact: int                       # 1..3
    scoring_rule: str                 # id of the rule that scored them, with its reasons
    status: RiskStatus
    rejection_reason: str
    proposed_measures: tuple[str, ...]
    edited: tuple[str, ...]
    created_at: dt.datetime
    updated_at: dt.datetime
    evidence: tuple[Evidence, ...] = ()

    def overdue(self, today: dt.date) -> bool:
        """A measure past its deadline that is neither done nor rejected."""
        open_statuses = {RiskStatus.MEASURE_PLANNED, RiskStatus.IN_PROGRESS,
                         RiskStatus.IDENTIFIED, RiskStatus.ASSESSED}
        return self.deadline is not None and self.deadline < today \
            and self.status in open_statuses
