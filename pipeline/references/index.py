"""The corpus index in the register: citations, clause subjects and collisions (migrations
0004, 0005).

``index_register`` is incremental by document version: it indexes the current versions not
yet indexed under the current rules (``reference_index``, fingerprint of
``rules/references.yaml``), re-resolves the citations of older acts only when they may now
resolve differently (they cite a version that was replaced, or an act that was not in the
register and now is), and compares the new acts with every act of the register; the
procedure subjects of acts indexed before are read from ``clause_subjects``, not parsed
again. It then links the collisions to the risk register as evidence of factor
``collision`` (``pipeline.register.entries.sync_collisions``). ``taza analyze`` calls it
after storing; ``full=True`` rebuilds everything. ``check_drafts`` compares new texts with the acts of
the register without storing the drafts. ``search`` finds acts by citation («статья 39.16
ЗК РФ») or by subject («рассмотрение заявления о предоставлении земельного участка»).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from pipeline.model import Address, Clause, Document, Finding
from pipeline.references import collisions as checks
from pipeline.references.collisions import Collision, all_collisions
from pipeline.references.extract import extract_references
from pipeline.references.lexicon import LEXICON_PATH, Lexicon, load_lexicon
from pipeline.references.model import ActRef, Citation, Kind, Quantity, Status
from pipeline.references.quantities import render
from pipeline.references.resolve import (
    Act,
    Corpus,
    cite,
    clause_index,
    normal_number,
    resolve_reference,
    title_match,
)
from pipeline.references.subjects import Subject, lemmas_of, similarity, subjects
from pipeline.register import Register
from pipeline.register import entries as register_entries
from pipeline.register.entries import COLLISION_PREFIX, Located
from pipeline.register.tables import (
    CitationRow,
    ClauseRow,
    ClauseSubjectRow,
    CollisionRow,
    DocumentRow,
    ReferenceIndexRow,
    VersionRow,
)

# Bump when what is stored changes shape (quantity offsets in subjects: 2).
INDEX_SCHEME = "2"


def index_fingerprint(path=LEXICON_PATH) -> str:
    """The rules the index was built with: a changed lexicon re-indexes every act."""
    digest = hashlib.sha256(INDEX_SCHEME.encode())
    digest.update(path.read_bytes())
    return digest.hexdigest()[:16]

_LEVELS = ("section", "chapter", "article", "part", "point", "subpoint")


@dataclass
class IndexedAct:
    act: Act
    version_id: int
    clause_ids: list[int]


@dataclass
class IndexReport:
    documents: int = 0                                       # versions indexed in this run
    current: int = 0                                         # current versions in the register
    recited: int = 0                                         # older acts re-resolved
    evidence_added: int = 0                                  # collision evidence in the risks
    evidence_removed: int = 0
    citations: Counter = field(default_factory=Counter)      # status → count
    unresolved: Counter = field(default_factory=Counter)     # cited act → count
    collisions: Counter = field(default_factory=Counter)     # rule id → count
    subjects: int = 0
    repealed: list[Citation] = field(default_factory=list)
    missing: list[Citation] = field(default_factory=list)


def _address(row: ClauseRow) -> Address:
    return Address(**{name: getattr(row, name) for name in _LEVELS})


def load_acts(register: Register, lexicon: Lexicon | None = None,
              version_ids: set[int] | None = None) -> list[IndexedAct]:
    """Current versions of the register (or those of ``version_ids``) as acts, with their
    stored clauses."""
    lexicon = lexicon or load_lexicon()
    stored = {d.version_id: d for d in register.documents()
              if version_ids is None or d.version_id in version_ids}
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


_clause_index = clause_index


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
                             "currency": q.currency, "kind": q.kind, "start": q.start,
                             "end": q.end, "rule_id": q.rule_id}
                            for q in subject.quantities]))
    return rows


def _quantity(q: dict) -> Quantity:
    return Quantity(q.get("start", 0), q.get("end", 0), q.get("mention", ""), q["value"],
                    q["unit"], q.get("currency"), q.get("kind", "other"), q.get("rule_id", ""))


def stored_items(register: Register, items: Sequence[IndexedAct]) -> list:
    """The procedure items of acts indexed before, from ``clause_subjects`` (no parsing):
    the same records ``collisions.procedure_items`` reads off the text."""
    if not items:
        return []
    by_version = {item.version_id: item for item in items}
    position = {vid: {cid: i for i, cid in enumerate(item.clause_ids)}
                for vid, item in by_version.items()}
    query = (select(ClauseSubjectRow).where(ClauseSubjectRow.version_id.in_(list(by_version)))
             .order_by(ClauseSubjectRow.id))
    out = []
    with register._sessions() as session:
        for row in session.scalars(query):
            index = position[row.version_id].get(row.clause_id)
            if index is None or not row.quantities:
                continue
            subject = Subject(row.verb, frozenset(row.lemmas.split()), 0, 0,
                              tuple(_quantity(q) for q in row.quantities))
            out += checks.items_of(by_version[row.version_id].act, index, subject)
    return out


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
                   lexicon: Lexicon | None = None, full: bool = False) -> IndexReport:
    """Index the current versions not indexed yet (all of them with ``full``): citations,
    subjects, collisions with every act of the register, and collision evidence in the risk
    register. Running it again with nothing new does nothing. ``with_subjects=False`` skips
    the stored subjects (search by subject, and incremental quantity checks, then parse)."""
    lexicon = lexicon or load_lexicon()
    fingerprint = index_fingerprint()
    report = IndexReport()
    with register._sessions() as session:
        current = dict(session.execute(
            select(VersionRow.id, DocumentRow.source)
            .join(DocumentRow, VersionRow.document_id == DocumentRow.id)
            .where(VersionRow.superseded_at.is_(None))).tuples().all())
        marked = select(ReferenceIndexRow.version_id).where(
            ReferenceIndexRow.fingerprint == fingerprint)
        if with_subjects:
            marked = marked.where(ReferenceIndexRow.subjects >= 0)
        done = set(session.scalars(marked))
    report.current = len(current)
    stale = set(current) if full else set(current) - done
    if not stale:
        return report
    items = load_acts(register, lexicon)
    by_version = {item.version_id: item for item in items}
    corpus = Corpus([item.act for item in items])
    fresh = [by_version[v] for v in sorted(stale)]
    recite = stale | _dependents(register, set(current) - stale, fresh)
    report.documents, report.recited = len(stale), len(recite - stale)
    per_item = {vid: cite(by_version[vid].act, corpus, lexicon) for vid in sorted(recite)}
    new_citations = [c for found in per_item.values() for c in found]
    links = checks.citation_links(new_citations) | _stored_links(register, set(current) - recite)
    focus = None if stale == set(current) else {by_version[v].act.source for v in stale}
    older = [item for item in items if item.version_id not in stale]
    procedure = ([i for item in fresh for i in checks.procedure_items(item.act, lexicon)]
                 + (stored_items(register, older) if with_subjects else
                    [i for item in older for i in checks.procedure_items(item.act, lexicon)]))
    acts = corpus.acts
    found = (checks.reference_collisions(new_citations, corpus)
             + [c for c in all_collisions(acts, [], corpus, focus=focus, lexicon=lexicon,
                                          links=links, items=procedure)
                if not c.rule_id.startswith("collision.reference.")])
    version_of = {item.act.source: item.version_id for item in items}
    now = dt.datetime.now(dt.UTC)
    with register._sessions() as session, session.begin():
        session.execute(delete(CitationRow).where(CitationRow.version_id.in_(recite)))
        session.execute(delete(ReferenceIndexRow).where(ReferenceIndexRow.version_id.in_(stale)))
        session.execute(delete(CollisionRow).where(
            CollisionRow.version_id.in_(recite), CollisionRow.rule_id.startswith(
                "collision.reference.")))
        gone = CollisionRow.other_version_id.is_not(None) & CollisionRow.other_version_id.not_in(
            list(current))
        session.execute(delete(CollisionRow).where(
            ~CollisionRow.rule_id.startswith("collision.reference."),
            CollisionRow.version_id.in_(stale) | CollisionRow.other_version_id.in_(stale)
            | gone))
        if with_subjects:
            session.execute(delete(ClauseSubjectRow).where(
                ClauseSubjectRow.version_id.in_(stale)))
        for vid in sorted(recite):
            item = by_version[vid]
            rows = _citation_rows(item, per_item[vid], by_version_source(items))
            session.add_all(rows)
            subjects_count = -1
            if vid in stale and with_subjects:
                subject_rows = _subject_rows(item, lexicon)
                report.subjects += len(subject_rows)
                subjects_count = len(subject_rows)
                session.add_all(subject_rows)
            if vid in stale:
                session.add(ReferenceIndexRow(version_id=vid, fingerprint=fingerprint,
                                              citations=len(rows), subjects=subjects_count,
                                              indexed_at=now))
        session.add_all(_collision_row(c, version_of, now) for c in found)
        session.flush()
        report.evidence_added, report.evidence_removed = _link_risks(
            register, session, found, by_version, version_of, set(current), now)
    _tally(report, new_citations)
    report.collisions.update(c.rule_id for c in found)
    return report


def by_version_source(items: Sequence[IndexedAct]) -> dict[str, IndexedAct]:
    return {item.act.source: item for item in items}


def _act_ref(key: str) -> ActRef | None:
    """The cited act of an unresolved citation, back from its stored key (``ActRef.key``)."""
    parts = key.split("|")
    if len(parts) == 2:
        return ActRef(parts[0], number=parts[1])
    if len(parts) == 3:
        return ActRef(parts[0], title=parts[1], jurisdiction=parts[2] or None)
    return None


def _dependents(register: Register, older: set[int], fresh: Sequence[IndexedAct]) -> set[int]:
    """Older versions whose citations may resolve differently now: they cite a version that
    is no longer current, or an act that was not in the register and is one of ``fresh``."""
    if not older:
        return set()
    query = select(CitationRow.version_id, CitationRow.status, CitationRow.target_act,
                   CitationRow.target_version_id).where(CitationRow.version_id.in_(older))
    fresh_corpus = Corpus([item.act for item in fresh])
    fresh_ids = {item.version_id for item in fresh}
    out: set[int] = set()
    matched: dict[str, bool] = {}
    with register._sessions() as session:
        current = set(session.scalars(select(VersionRow.id)
                                      .where(VersionRow.superseded_at.is_(None))))
        for version_id, status, target_act, target_version in session.execute(query):
            if version_id in out:
                continue
            if target_version is not None and (target_version not in current
                                               or target_version in fresh_ids):
                out.add(version_id)
            elif status == Status.UNRESOLVED.value and target_act:
                if target_act not in matched:
                    ref = _act_ref(target_act)
                    matched[target_act] = ref is not None and _matches(fresh_corpus, ref)
                if matched[target_act]:
                    out.add(version_id)
    return out


def _matches(corpus: Corpus, ref: ActRef) -> bool:
    number = normal_number(ref.number)
    if number and any(act.number == number for act in corpus.acts):
        return True
    return bool(ref.title) and any(title_match(ref.title, act.document.title)
                                   for act in corpus.acts)


def _stored_links(register: Register, version_ids: set[int]) -> set[tuple[str, str]]:
    """Which act cites which, for versions whose citations stay as stored."""
    if not version_ids:
        return set()
    query = (select(DocumentRow.source, CitationRow.target_act).distinct()
             .join(VersionRow, CitationRow.version_id == VersionRow.id)
             .join(DocumentRow, VersionRow.document_id == DocumentRow.id)
             .where(CitationRow.version_id.in_(version_ids),
                    CitationRow.target_version_id.is_not(None)))
    with register._sessions() as session:
        return {(source, target) for source, target in session.execute(query) if target}


def collision_key(rule_id: str, version_id: int, start: int, value: str, other_source: str,
                  other_address: str, other_value: str) -> str:
    """Identity of a collision as evidence in the risk register (stable across runs)."""
    raw = "\x1f".join((rule_id, str(version_id), str(start), value, other_source,
                        other_address, other_value))
    return COLLISION_PREFIX + hashlib.sha256(raw.encode()).hexdigest()[:20]


def _link_risks(register: Register, session, found: Sequence[Collision],
                by_version: dict[int, IndexedAct], version_of: dict[str, int],
                current: set[int], now: dt.datetime) -> tuple[int, int]:
    """Collisions as evidence of factor ``collision`` of the first norm's act."""
    located: dict[int, list[Located]] = defaultdict(list)
    for collision in found:
        vid = version_of[collision.first.source]
        first = collision.first
        key = collision_key(collision.rule_id, vid, first.start, _shown(first),
                            collision.second.source, collision.second.address.render(),
                            _shown(collision.second))
        finding = collision.finding()
        clause = next((c for c in by_version[vid].act.clauses
                       if c.start == first.start and c.address == first.address), None)
        located[vid].append(Located(finding, key, first.text,
                                    clause.heading if clause else None))
    acts = []
    for vid, items in located.items():
        version = session.get(VersionRow, vid)
        acts.append((version, by_version[vid].act.document, items))
    keep: dict[int, set[str]] = {vid: set() for vid in current}
    for row in session.scalars(select(CollisionRow).where(CollisionRow.version_id.in_(current))):
        keep[row.version_id].add(collision_key(row.rule_id, row.version_id, row.char_start,
                                               row.value, row.other_source, row.other_address,
                                               row.other_value))
    return register_entries.sync_collisions(session, acts, keep, register.catalogue,
                                            register.areas, register.scoring, now)


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
    """Only the cited act is loaded: found by number or title among the stored versions
    (or, for a bare «статья 5», the acts that have such an article); the norms citing it
    come from the ``citations`` table."""
    hits = []
    for item in load_acts(register, lexicon, _cited_versions(register, reference)):
        act = item.act
        corpus = Corpus([act])
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


def _cited_versions(register: Register, reference) -> set[int]:
    query = (select(VersionRow.id, VersionRow.title, VersionRow.number)
             .where(VersionRow.superseded_at.is_(None)))
    with register._sessions() as session:
        versions = session.execute(query).all()
        if reference.act is None:
            article = next((g.items[0].value for g in reference.groups
                            if g.level == "article" and g.items), None)
            if article is None:
                return {v for v, _, _ in versions}
            return set(session.scalars(select(ClauseRow.version_id).distinct().where(
                ClauseRow.article == article, ClauseRow.version_id.in_(
                    [v for v, _, _ in versions]))))
    number = normal_number(reference.act.number)
    if number:
        found = {v for v, _, n in versions if normal_number(n) == number}
        if found:
            return found
    if reference.act.title:
        return next(({v} for v, title, _ in versions
                     if title_match(reference.act.title, title)), set())
    return set()


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
