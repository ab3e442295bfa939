"""The corpus index in the register: citations, clause subjects and collisions (migration 0004).

``index_register`` reads the current versions of the register, resolves every reference of
every act against all of them, and rewrites, per version, its ``citations``, the
``clause_subjects`` of its clauses (procedure verb + object lemmas + quantities) and the
``collisions`` found among the acts. ``check_drafts`` compares new texts with the acts of
the register without storing the drafts. ``search`` finds acts by citation («статья 39.16
ЗК РФ») or by subject («рассмотрение заявления о предоставлении земельного участка»).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from pipeline.model import Address, Clause, Document
from pipeline.references.collisions import Collision, all_collisions
from pipeline.references.extract import extract_references
from pipeline.references.lexicon import Lexicon, load_lexicon
from pipeline.references.model import Citation, Kind, Status
from pipeline.references.quantities import render
from pipeline.references.resolve import Act, Corpus, cite, resolve_reference
from pipeline.references.subjects import lemmas_of, similarity, subjects
from pipeline.register import Register
from pipeline.register.tables import (
    CitationRow,
    ClauseRow,
    ClauseSubjectRow,
    CollisionRow,
    DocumentRow,
    VersionRow,
)

_LEVELS = ("section", "chapter", "article", "part", "point", "subpoint")


@dataclass
class IndexedAct:
    act: Act
    version_id: int
    clause_ids: list[int]


@dataclass
class IndexReport:
    documents: int = 0
    citations: Counter = field(default_factory=Counter)      # status → count
    unresolved: Counter = field(default_factory=Counter)     # cited act → count
    collisions: Counter = field(default_factory=Counter)     # rule id → count
    subjects: int = 0
    repealed: list[Citation] = field(default_factory=list)
    missing: list[Citation] = field(default_factory=list)


def _address(row: ClauseRow) -> Address:
    return Address(**{name: getattr(row, name) for name in _LEVELS})


def load_acts(register: Register, lexicon: Lexicon | None = None) -> list[IndexedAct]:
    """Current versions of the register as acts, with their stored clauses."""
    lexicon = lexicon or load_lexicon()
    stored = {d.version_id: d for d in register.documents()}
    out = []
    with register._sessions() as session:
        for version_id, document in stored.items():
            rows = session.scalars(select(ClauseRow).where(ClauseRow.version_id == version_id)
                                   .order_by(ClauseRow.ordinal)).all()
            text = document.text
            clauses = [Clause(_address(r), r.char_start, r.char_end,
                              text[r.char_start:r.char_end], r.page, r.heading) for r in rows]
            act = Act.of(document.to_document(), clauses, lexicon)
            out.append(IndexedAct(act, version_id, [r.id for r in rows]))
    return out


def _clause_index(act: Act, citation: Citation) -> int | None:
    for i, clause in enumerate(act.clauses):
        if clause.start <= citation.start < clause.end and clause.address == citation.address:
            return i
    return None


def _citation_rows(item: IndexedAct, citations: Sequence[Citation],
                   by_source: dict[str, IndexedAct]) -> list[CitationRow]:
    rows = []
    for citation in citations:
        held = _clause_index(item.act, citation)
        fields = {name: getattr(citation.address, name) for name in _LEVELS}
        for target in citation.targets:
            cited = by_source.get(target.act_key or "")
            target_clause = (cited.clause_ids[target.clause]
                             if cited is not None and target.clause is not None else None)
            rows.append(CitationRow(
                version_id=item.version_id,
                clause_id=item.clause_ids[held] if held is not None else None,
                address=citation.address.render(), **fields,
                char_start=citation.start, char_end=citation.end,
                mention=citation.reference.mention, kind=citation.reference.kind.value,
                rule_id=citation.reference.rule_id, target_act=target.act_key,
                target_version_id=cited.version_id if cited else None,
                target_address=target.target.render(),
                target={k: v for k, v in vars_of(target.target).items() if v is not None},
                target_clause_id=target_clause, status=target.status.value,
                implied=target.implied, note=target.note))
    return rows


def vars_of(target) -> dict:
    return {name: getattr(target, name) for name in
            ("article", "chast", "punkt", "subpunkt", "abzac", "chapter", "section")}


def _subject_rows(item: IndexedAct, lexicon: Lexicon) -> list[ClauseSubjectRow]:
    rows = []
    for index, clause in enumerate(item.act.clauses):
        for subject in subjects(clause.text, lexicon):
            rows.append(ClauseSubjectRow(
                version_id=item.version_id, clause_id=item.clause_ids[index],
                address=clause.address.render(), verb=subject.verb,
                lemmas=" ".join(sorted(subject.lemmas)),
                quantities=[{"mention": q.mention, "value": q.value, "unit": q.unit,
                             "currency": q.currency, "kind": q.kind}
                            for q in subject.quantities]))
    return rows


def _shown(norm) -> str:
    """The words of the conflicting value as they stand in the clause (for highlighting)."""
    if norm.value_end > norm.value_start:
        return norm.text[norm.value_start:norm.value_end]
    return norm.value


def _collision_row(collision: Collision, version_of: dict[str, int],
                   now: dt.datetime) -> CollisionRow:
    a, b = collision.first, collision.second
    return CollisionRow(
        version_id=version_of[a.source], rule_id=collision.rule_id,
        address=a.address.render(), char_start=a.start, char_end=a.end, text=a.text,
        value=_shown(a), other_version_id=version_of.get(b.source), other_source=b.source,
        other_address=b.address.render(), other_start=b.start, other_end=b.end,
        other_text=b.text, other_value=_shown(b), explanation=collision.explanation,
        confidence=collision.confidence, created_at=now)


def index_register(register: Register, *, with_subjects: bool = True,
                   lexicon: Lexicon | None = None) -> IndexReport:
    """Rebuild citations, subjects and collisions of every current version."""
    lexicon = lexicon or load_lexicon()
    items = load_acts(register, lexicon)
    corpus = Corpus([item.act for item in items])
    by_source = {item.act.source: item for item in items}
    report = IndexReport(documents=len(items))
    all_citations: list[Citation] = []
    per_item: dict[int, list[Citation]] = {}
    for item in items:
        found = cite(item.act, corpus, lexicon)
        per_item[item.version_id] = found
        all_citations += found
    collisions = all_collisions(corpus.acts, all_citations, corpus, lexicon=lexicon)
    version_of = {item.act.source: item.version_id for item in items}
    now = dt.datetime.now(dt.UTC)
    with register._sessions() as session, session.begin():
        ids = list(version_of.values())
        for table in (CitationRow, ClauseSubjectRow, CollisionRow):
            session.execute(delete(table).where(table.version_id.in_(ids)))
        for item in items:
            session.add_all(_citation_rows(item, per_item[item.version_id], by_source))
            if with_subjects:
                rows = _subject_rows(item, lexicon)
                report.subjects += len(rows)
                session.add_all(rows)
        session.add_all(_collision_row(c, version_of, now) for c in collisions)
    _tally(report, all_citations)
    report.collisions.update(c.rule_id for c in collisions)
    return report


def _tally(report: IndexReport, citations: Sequence[Citation]) -> None:
    for citation in citations:
        status = citation.status
        report.citations[status.value] += 1
        if status is Status.UNRESOLVED:
            act = citation.reference.act
            report.unresolved[act.render() if act else "без акта"] += 1
        elif status is Status.REPEALED:
            report.repealed.append(citation)
        elif status is Status.MISSING:
            report.missing.append(citation)


# --- drafts against the register -------------------------------------------------------------

@dataclass
class DraftCheck:
    citations: list[Citation]
    collisions: list[Collision]


def check_drafts(documents: Sequence[Document], register: Register | None = None,
                 lexicon: Lexicon | None = None) -> DraftCheck:
    """Citations and collisions of new texts, compared with the register's acts."""
    lexicon = lexicon or load_lexicon()
    known = [item.act for item in load_acts(register, lexicon)] if register else []
    drafts = [Act.of(d, lexicon=lexicon) for d in documents]
    draft_sources = {d.source for d in drafts}
    corpus = Corpus([a for a in known if a.source not in draft_sources] + drafts)
    citations = [c for act in drafts for c in cite(act, corpus, lexicon)]
    collisions = all_collisions(corpus.acts, citations, corpus, focus=draft_sources,
                                lexicon=lexicon)
    return DraftCheck(citations, collisions)


# --- search --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Hit:
    source: str
    name: str
    address: str
    text: str
    why: str                          # «цитируемая норма», «ссылается», «предмет: …»
    score: float = 1.0


def _expand_abbreviations(query: str, lexicon: Lexicon) -> str:
    for short, title in sorted(lexicon.raw.abbreviations.items(), key=lambda kv: -len(kv[0])):
        query = query.replace(short, title)
    return query


def search(register: Register, query: str, limit: int = 20,
           lexicon: Lexicon | None = None) -> list[Hit]:
    """By citation when the query is one («статья 39.16 ЗК РФ»): the cited clause and the
    norms that cite it; else by subject: clauses whose procedure lemmas match the query."""
    lexicon = lexicon or load_lexicon()
    text = _expand_abbreviations(query, lexicon)
    references = extract_references(text, lexicon)
    if references and references[0].groups:
        return _search_citation(register, references[0], lexicon)[:limit]
    return _search_subject(register, text, limit, lexicon)


def _search_citation(register: Register, reference, lexicon: Lexicon) -> list[Hit]:
    items = load_acts(register, lexicon)
    corpus = Corpus([item.act for item in items])
    if reference.act is not None:
        targets = [corpus.match(reference.act)]
    else:
        targets = [item.act for item in items]
    hits = []
    for act in [a for a in targets if a is not None]:
        probe = Clause(Address(), 0, len(reference.mention), reference.mention)
        local = dataclasses.replace(reference, start=0, end=len(reference.mention),
                                    kind=Kind.INTERNAL, scope="act", act=None)
        citation = resolve_reference(local, act, probe, corpus)
        for target in citation.targets:
            if target.clause is None:
                continue
            clause = act.clauses[target.clause]
            hits.append(Hit(act.source, act.name, clause.address.render(), clause.text,
                            f"цитируемая норма ({target.status.value})"))
            hits += _citing(register, act.source, clause.address)
    return hits


def _citing(register: Register, source: str, address: Address) -> list[Hit]:
    query = (select(CitationRow, ClauseRow.char_start, ClauseRow.char_end, VersionRow.text,
                    VersionRow.title, DocumentRow.source)
             .join(VersionRow, CitationRow.version_id == VersionRow.id)
             .join(DocumentRow, VersionRow.document_id == DocumentRow.id)
             .outerjoin(ClauseRow, CitationRow.target_clause_id == ClauseRow.id)
             .where(CitationRow.target_act == source, VersionRow.superseded_at.is_(None)))
    hits = []
    with register._sessions() as session:
        for row, _start, _end, text, title, citing_source in session.execute(query):
            cited = row.target or {}
            if cited.get("article") != address.article:
                continue
            hits.append(Hit(citing_source, title or citing_source, row.address,
                            text[row.char_start:row.char_end], f"ссылается: «{row.mention}»"))
    return hits


def _search_subject(register: Register, text: str, limit: int,
                    lexicon: Lexicon) -> list[Hit]:
    wanted = lemmas_of(text, lexicon)
    if not wanted:
        return []
    query = (select(ClauseSubjectRow, ClauseRow.char_start, ClauseRow.char_end, VersionRow.text,
                    VersionRow.title, DocumentRow.source)
             .join(VersionRow, ClauseSubjectRow.version_id == VersionRow.id)
             .join(DocumentRow, VersionRow.document_id == DocumentRow.id)
             .join(ClauseRow, ClauseSubjectRow.clause_id == ClauseRow.id)
             .where(VersionRow.superseded_at.is_(None)))
    scored = []
    with register._sessions() as session:
        for row, start, end, body, title, source in session.execute(query):
            lemmas = frozenset(row.lemmas.split()) | {row.verb}
            covered = len(wanted & lemmas) / len(wanted)
            if covered < 0.5:
                continue
            values = ", ".join(render_json(q) for q in row.quantities or ())
            why = f"предмет: {row.verb}" + (f"; {values}" if values else "")
            scored.append(Hit(source, title or source, row.address, body[start:end], why,
                              round(covered + 0.01 * similarity(wanted, lemmas), 3)))
    scored.sort(key=lambda h: -h.score)
    unique = list({(h.source, h.address): h for h in scored}.values())
    return unique[:limit]


def render_json(q: dict) -> str:
    from pipeline.references.model import Quantity

    return render(Quantity(0, 0, q.get("mention", ""), q["value"], q["unit"], q.get("currency"),
                           q.get("kind", "other")))


@dataclass(frozen=True, slots=True)
class StoredCollision:
    id: int
    version_id: int
    source: str
    title: str | None
    rule_id: str
    address: str
    text: str
    value: str
    value_start: int                  # inside ``text`` (-1 when not located)
    value_end: int
    other_source: str
    other_address: str
    other_text: str
    other_value: str
    explanation: str
    confidence: float


def _locate(text: str, value: str) -> tuple[int, int]:
    at = text.find(value) if value else -1
    return (at, at + len(value)) if at >= 0 else (-1, -1)


def stored_collisions(register: Register) -> list[StoredCollision]:
    """Collisions of current versions, for the reports, in document and text order."""
    query = (select(CollisionRow, DocumentRow.source, VersionRow.title)
             .join(VersionRow, CollisionRow.version_id == VersionRow.id)
             .join(DocumentRow, VersionRow.document_id == DocumentRow.id)
             .where(VersionRow.superseded_at.is_(None))
             .order_by(DocumentRow.source, CollisionRow.char_start, CollisionRow.id))
    out = []
    with register._sessions() as session:
        for row, source, title in session.execute(query):
            start, end = _locate(row.text, row.value)
            out.append(StoredCollision(
                row.id, row.version_id, source, title, row.rule_id, row.address, row.text,
                row.value, start, end, row.other_source, row.other_address, row.other_text,
                row.other_value, row.explanation, row.confidence))
    return out
