"""Mechanical collisions (factor ``collision``, FACTORS.md; RF Methodology No. 96, p. 3 «и»;
KZ: «коллизия положений правовых актов»): two norms that cannot both be applied as written.

Each check is a small function that returns ``Collision`` records naming both norms, their
addresses and the conflicting values; ``Collision.finding()`` gives the ``Finding`` of the
first norm with the second in ``related``. Precision comes first: a pair is reported only
when the values are read unambiguously and the two norms plainly set the same procedure.

* ``reference_collisions`` — a citation of a repealed («утратил силу», «исключен») or
  non-existent unit;
* ``quantity_collisions`` — the same procedure (verb and object, ``subjects.py``) with a
  different deadline or amount in two norms of the corpus; when a by-law sets a longer
  deadline than the law it cites, the rule says so;
* ``definition_collisions`` — a term defined differently in two acts.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.model import Address, Finding
from pipeline.references.lexicon import Lexicon, load_lexicon
from pipeline.references.model import Citation, Quantity, Status
from pipeline.references.quantities import extract_quantities, render, to_days
from pipeline.references.resolve import Act, Corpus, normal_title
from pipeline.references.subjects import Subject, lemmas_of, similarity, subjects

FACTOR = "collision"
SAME_ACT_SIMILARITY = 0.8
CROSS_ACT_SIMILARITY = 0.7
DEADLINE_RATIO = 1.25
DEFINITION_SIMILARITY = 0.3
_RECOMMEND_REFERENCE = ("Заменить ссылку ссылкой на действующую норму или исключить её; "
                        "проверить, какое правило должно применяться вместо отменённого.")
_RECOMMEND_VALUES = ("Устранить расхождение: установить одно значение для одной процедуры "
                     "или прямо указать, какая норма применяется (специальная, более поздняя "
                     "или большей юридической силы).")
_RECOMMEND_BYLAW = ("Привести подзаконный акт в соответствие с законом: срок (требование) "
                    "подзаконного акта не может быть больше (шире) установленного законом.")
_RECOMMEND_TERM = ("Согласовать определения термина в актах или указать в каждом акте, в "
                   "каком значении термин применяется.")


@dataclass(frozen=True, slots=True)
class Norm:
    """One side of a collision: a clause of an act and the value it gives."""

    source: str
    name: str                         # title of the act
    address: Address
    start: int                        # clause offsets in the act's text
    end: int
    text: str                         # the clause
    value: str                        # «20 дн.», «утратил силу», the definition
    value_start: int = 0              # the value's span inside ``text``
    value_end: int = 0

    def cite(self) -> str:
        return f"{self.name}, {self.address.render() or 'преамбула'}"


@dataclass(frozen=True, slots=True)
class Collision:
    rule_id: str
    first: Norm
    second: Norm
    explanation: str                  # in Russian, with both values
    confidence: float
    recommendation: str

    def finding(self) -> Finding:
        first = self.first
        return Finding(self.rule_id, FACTOR, first.address, first.start + first.value_start,
                       first.start + first.value_end,
                       first.text[first.value_start:first.value_end], self.explanation,
                       self.confidence, self.recommendation, (self.second.cite(),))


def _norm(act: Act, index: int, value: str, start: int = 0, end: int = 0) -> Norm:
    clause = act.clauses[index]
    return Norm(act.source, act.name, clause.address, clause.start, clause.end, clause.text,
                value, start, end)


# --- references to repealed or missing units ------------------------------------------------

def reference_collisions(citations: Iterable[Citation], corpus: Corpus) -> list[Collision]:
    by_source = {act.source: act for act in corpus.acts}
    out: list[Collision] = []
    for citation in citations:
        citing = by_source.get(citation.source)
        if citing is None:
            continue
        clause_index = next((i for i, c in enumerate(citing.clauses)
                             if c.start <= citation.start < c.end
                             and c.address == citation.address), None)
        if clause_index is None:
            continue
        clause = citing.clauses[clause_index]
        for target in citation.targets:
            if target.implied or target.status not in (Status.REPEALED, Status.MISSING):
                continue
            act = by_source.get(target.act_key or "")
            if act is None:
                continue
            first = Norm(citing.source, citing.name, clause.address, clause.start, clause.end,
                         clause.text, citation.reference.mention,
                         citation.start - clause.start, citation.end - clause.start)
            cited = target.target.render()
            if target.status is Status.REPEALED and target.clause is not None:
                note = act.clauses[target.clause].text
                second = _norm(act, target.clause, note.strip()[:300], 0, len(note))
                explanation = (f"Норма ссылается на {cited} ({act.name}), которая утратила силу "
                               f"или исключена: «{' '.join(note.split())[:200]}». Ссылка "
                               f"«{citation.reference.mention}» указывает на недействующую "
                               f"норму.")
                rule, confidence = "collision.reference.repealed", 0.9
            else:
                second = Norm(act.source, act.name, target.address or Address(), 0, 0, "",
                              f"{cited}: нет в акте")
                explanation = (f"Норма ссылается на {cited} ({act.name}), но такой единицы "
                               f"в акте нет ({target.note}). Ссылка "
                               f"«{citation.reference.mention}» никуда не ведёт.")
                rule, confidence = "collision.reference.missing", 0.7
            out.append(Collision(rule, first, second, explanation, confidence,
                                 _RECOMMEND_REFERENCE))
    return out


# --- the same procedure, different deadlines or amounts ------------------------------------

@dataclass(frozen=True, slots=True)
class _Item:
    act: Act
    clause: int
    subject: Subject
    quantity: Quantity


def _family(q: Quantity) -> str | None:
    if q.is_deadline:
        return "deadline" if q.kind == "limit" else None
    if q.unit == "money":
        return f"money:{q.currency}"
    return q.unit


def procedure_items(act: Act, lexicon: Lexicon | None = None) -> list[_Item]:
    """Sentences that set one quantity of a kind for one procedure."""
    lexicon = lexicon or load_lexicon()
    out = []
    for index, clause in enumerate(act.clauses):
        found = extract_quantities(clause.text, lexicon)
        if not found:
            continue
        for subject in subjects(clause.text, lexicon):
            families = defaultdict(list)
            for q in subject.quantities:
                if (fam := _family(q)) is not None:
                    families[fam].append(q)
            for fam, items in families.items():
                if len(items) == 1 and len(subject.lemmas) >= 3:
                    out.append(_Item(act, index, subject, items[0]))
    return out


def _differ(a: Quantity, b: Quantity) -> bool:
    if a.is_deadline:
        da, db = to_days(a), to_days(b)
        if a.unit == b.unit:
            return a.value != b.value
        return max(da, db) / max(min(da, db), 1e-9) > DEADLINE_RATIO
    return a.value != b.value


def _is_bylaw(act: Act, lexicon: Lexicon) -> bool:
    if act.document.kind.value == "internal_act":
        return True
    title = normal_title(act.document.title)
    return any(title.startswith(normal_title(word)) for word in lexicon.raw.bylaw_markers)


def _cites(act: Act, other: Act, citations: Sequence[Citation]) -> bool:
    return any(c.source == act.source and any(t.act_key == other.source for t in c.targets)
               for c in citations)


def quantity_collisions(acts: Sequence[Act], citations: Sequence[Citation] = (),
                        lexicon: Lexicon | None = None,
                        focus: set[str] | None = None) -> list[Collision]:
    """Pairs of norms with the same procedure and different values. With ``focus`` (sources
    of new drafts), only pairs that involve a focused act are compared."""
    lexicon = lexicon or load_lexicon()
    items = [item for act in acts for item in procedure_items(act, lexicon)]
    by_key: dict[tuple[str, str], list[_Item]] = defaultdict(list)
    for item in items:
        by_key[(item.subject.verb, _family(item.quantity) or "")].append(item)
    out: list[Collision] = []
    seen: set[tuple] = set()
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                pair = _compare(a, b, citations, lexicon, focus)
                if pair is None:
                    continue
                key = (pair.first.source, pair.first.start, pair.second.source,
                       pair.second.start)
                if key not in seen:
                    seen.add(key)
                    out.append(pair)
    return out


def _compare(a: _Item, b: _Item, citations: Sequence[Citation], lexicon: Lexicon,
             focus: set[str] | None) -> Collision | None:
    same_act = a.act is b.act
    if focus is not None and a.act.source not in focus and b.act.source not in focus:
        return None
    if a.act.document.jurisdiction != b.act.document.jurisdiction:
        return None                  # different countries: different law, no collision
    ca, cb = a.act.clauses[a.clause], b.act.clauses[b.clause]
    if same_act and ca.address.article == cb.address.article:
        return None                  # one article: a general rule and its exception
    threshold = SAME_ACT_SIMILARITY if same_act else CROSS_ACT_SIMILARITY
    score = similarity(a.subject.lemmas, b.subject.lemmas)
    if score < threshold or not _differ(a.quantity, b.quantity):
        return None
    if focus is not None and a.act.source not in focus:
        a, b = b, a                  # the draft's norm comes first
    elif focus is None and _is_bylaw(b.act, lexicon) and not _is_bylaw(a.act, lexicon):
        a, b = b, a                  # the by-law's norm comes first
    qa, qb = a.quantity, b.quantity
    first = _norm(a.act, a.clause, render(qa), qa.start, qa.end)
    second = _norm(b.act, b.clause, render(qb), qb.start, qb.end)
    bylaw = (not same_act and _is_bylaw(a.act, lexicon) and not _is_bylaw(b.act, lexicon)
             and _cites(a.act, b.act, citations))
    if bylaw and qa.is_deadline and to_days(qa) > to_days(qb):
        rule, recommendation = "collision.bylaw.longer_deadline", _RECOMMEND_BYLAW
        explanation = (f"Подзаконный акт устанавливает для процедуры «{a.subject.verb}» срок "
                       f"{render(qa)} («{qa.mention}»), больше срока закона, на который он "
                       f"ссылается: {render(qb)} («{qb.mention}», {second.cite()}).")
    else:
        what = "срок" if qa.is_deadline else "размер"
        rule = "collision.quantity.deadline" if qa.is_deadline else "collision.quantity.amount"
        recommendation = _RECOMMEND_VALUES
        explanation = (f"Для одной процедуры («{a.subject.verb}»: "
                       f"{', '.join(sorted(a.subject.lemmas & b.subject.lemmas)[:6])}) нормы "
                       f"устанавливают разный {what}: {render(qa)} («{qa.mention}», "
                       f"{first.cite()}) и {render(qb)} («{qb.mention}», {second.cite()}).")
    confidence = round(0.5 + 0.4 * score, 2)
    return Collision(rule, first, second, explanation, confidence, recommendation)


# --- terms defined differently --------------------------------------------------------------

_DEFINITION_ITEM = re.compile(
    r"^\s*(?:\d+(?:[.\-]\d+)*\s*[.)]\s*)?(?P<term>[а-яёА-ЯЁ][^–—:;()]{2,120}?)\s+[–—-]\s+"
    r"(?:это\s+)?(?P<body>\S.{10,})$", re.DOTALL)
_UNDERSTOOD = re.compile(
    r"[Пп]од\s+(?P<term>[^,.;:]{3,100}?)\s+(?:в\s+настоящ\w+\s+\w+\s+)?понима(?:е|ю)тся\s+"
    r"(?P<body>[^;]{10,})")
_THIS_IS = re.compile(r"(?P<term>[А-ЯЁ][а-яё]+(?:\s+[а-яё]+){0,4})\s+[–—-]\s+это\s+"
                      r"(?P<body>[^;]{10,})")


@dataclass(frozen=True, slots=True)
class Definition:
    act: Act
    clause: int
    term: str
    key: str                          # lemmas of the term
    body: str
    start: int                        # of the body, in the clause text
    end: int


def definitions(act: Act, lexicon: Lexicon | None = None) -> list[Definition]:
    """Terms an act defines: items of «Основные понятия», «под X понимается», «X — это»."""
    lexicon = lexicon or load_lexicon()
    out = []
    for index, clause in enumerate(act.clauses):
        matches = []
        if clause.heading and lexicon.definition_headings.search(clause.heading):
            match = _DEFINITION_ITEM.match(clause.text)
            if match:
                matches.append(match)
        matches += list(_UNDERSTOOD.finditer(clause.text)) + list(_THIS_IS.finditer(clause.text))
        for match in matches:
            term = " ".join(match.group("term").split())
            key = normal_title(term)
            if not key or len(key.split()) > 8:
                continue
            out.append(Definition(act, index, term, key, match.group("body").strip(),
                                  match.start("body"), match.end("body")))
    return out


def definition_collisions(acts: Sequence[Act], lexicon: Lexicon | None = None,
                          focus: set[str] | None = None) -> list[Collision]:
    lexicon = lexicon or load_lexicon()
    by_term: dict[str, list[Definition]] = defaultdict(list)
    for act in acts:
        for definition in definitions(act, lexicon):
            by_term[definition.key].append(definition)
    out = []
    for group in by_term.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.act is b.act or a.act.document.jurisdiction != b.act.document.jurisdiction:
                    continue
                if focus is not None and a.act.source not in focus and b.act.source not in focus:
                    continue
                score = similarity(lemmas_of(a.body, lexicon), lemmas_of(b.body, lexicon))
                if score >= DEFINITION_SIMILARITY:
                    continue
                first = _norm(a.act, a.clause, a.body[:300], a.start, a.end)
                second = _norm(b.act, b.clause, b.body[:300], b.start, b.end)
                explanation = (f"Термин «{a.term}» определён в актах по-разному: «{a.body[:200]}» "
                               f"({first.cite()}) и «{b.body[:200]}» ({second.cite()}).")
                out.append(Collision("collision.definition", first, second, explanation,
                                     round(0.6 + 0.3 * (1 - score), 2), _RECOMMEND_TERM))
    return out


def all_collisions(acts: Sequence[Act], citations: Sequence[Citation], corpus: Corpus,
                   focus: set[str] | None = None,
                   lexicon: Lexicon | None = None) -> list[Collision]:
    lexicon = lexicon or load_lexicon()
    cited = [c for c in citations if focus is None or c.source in focus]
    return (reference_collisions(cited, corpus)
            + quantity_collisions(acts, citations, lexicon, focus)
            + definition_collisions(acts, lexicon, focus))
