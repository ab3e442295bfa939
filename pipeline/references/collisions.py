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
* ``body_collisions`` — the same procedure given to different responsible bodies in two
  acts («утверждается Правительством …» against «утверждается министерством …»);
* ``requirement_collisions`` — a by-law whose list of documents (particulars) for a
  procedure has an item the list of the law it cites does not have;
* ``definition_collisions`` — a term defined differently in two acts.

``links`` (pairs *citing source → cited source*) may stand in for the citations of acts
that were indexed before (``pipeline.references.index`` reads them from the register).
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
from pipeline.references.resolve import _JURIS_WORDS, Act, Corpus, normal_title
from pipeline.references.resolve import clause_index as find_clause
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
_RECOMMEND_BODY = ("Устранить расхождение в полномочиях: одну процедуру должен осуществлять один "
                   "орган; привести акт меньшей юридической силы в соответствие с актом "
                   "большей силы или прямо разграничить случаи.")
_RECOMMEND_EXTRA = ("Исключить из перечня подзаконного акта требование, которого нет в законе, "
                    "на который он ссылается, либо дополнить закон (перечень документов, "
                    "установленный законом, не может расширяться подзаконным актом).")
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
        clause_index = find_clause(citing, citation)
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
            out += items_of(act, index, subject)
    return out


def items_of(act: Act, index: int, subject: Subject) -> list[_Item]:
    """The items of one subject: one per family of quantities it sets exactly once."""
    families = defaultdict(list)
    for q in subject.quantities:
        if (fam := _family(q)) is not None:
            families[fam].append(q)
    return [_Item(act, index, subject, found[0]) for found in families.values()
            if len(found) == 1 and len(subject.lemmas) >= 3]


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


def _first_is(b: Act, a: Act, lexicon: Lexicon, focus: set[str] | None) -> bool:
    """Whether ``b``'s norm goes first: the by-law's against a law, else the new act's
    (the draft's) against one of the register."""
    bylaw_a, bylaw_b = _is_bylaw(a, lexicon), _is_bylaw(b, lexicon)
    if bylaw_a != bylaw_b:
        return bylaw_b
    return focus is not None and a.source not in focus and b.source in focus


Links = set[tuple[str, str]]


def citation_links(citations: Iterable[Citation]) -> Links:
    """Pairs *citing source → cited source* of resolved-in-corpus citations."""
    return {(c.source, t.act_key) for c in citations for t in c.targets if t.act_key}


def _cites(act: Act, other: Act, links: Links) -> bool:
    return (act.source, other.source) in links


def quantity_collisions(acts: Sequence[Act], citations: Sequence[Citation] = (),
                        lexicon: Lexicon | None = None,
                        focus: set[str] | None = None, links: Links | None = None,
                        items: Sequence[_Item] | None = None) -> list[Collision]:
    """Pairs of norms with the same procedure and different values. With ``focus`` (sources
    of new drafts), only pairs that involve a focused act are compared. ``items`` may come
    from the register (``index.stored_items``) instead of being read off the acts again."""
    lexicon = lexicon or load_lexicon()
    links = citation_links(citations) | (links or set())
    if items is None:
        items = [item for act in acts for item in procedure_items(act, lexicon)]
    by_key: dict[tuple[str, str], list[_Item]] = defaultdict(list)
    for item in items:
        by_key[(item.subject.verb, _family(item.quantity) or "")].append(item)
    out: list[Collision] = []
    seen: set[tuple] = set()
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                pair = _compare(a, b, links, lexicon, focus)
                if pair is None:
                    continue
                key = (pair.first.source, pair.first.start, pair.second.source,
                       pair.second.start)
                if key not in seen:
                    seen.add(key)
                    out.append(pair)
    return out


def _compare(a: _Item, b: _Item, links: Links, lexicon: Lexicon,
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
    if _first_is(b.act, a.act, lexicon, focus):
        a, b = b, a
    qa, qb = a.quantity, b.quantity
    first = _norm(a.act, a.clause, render(qa), qa.start, qa.end)
    second = _norm(b.act, b.clause, render(qb), qb.start, qb.end)
    bylaw = (not same_act and _is_bylaw(a.act, lexicon) and not _is_bylaw(b.act, lexicon)
             and _cites(a.act, b.act, links))
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
                   lexicon: Lexicon | None = None, links: Links | None = None,
                   items: Sequence[_Item] | None = None) -> list[Collision]:
    lexicon = lexicon or load_lexicon()
    cited = [c for c in citations if focus is None or c.source in focus]
    links = citation_links(citations) | (links or set())
    return (reference_collisions(cited, corpus)
            + quantity_collisions(acts, citations, lexicon, focus, links, items)
            + body_collisions(acts, lexicon, focus)
            + requirement_collisions(acts, links, lexicon, focus)
            + definition_collisions(acts, lexicon, focus))


# --- the same procedure, different responsible bodies ---------------------------------------

_GAP = re.compile(r"^\s*(?:[А-Яа-яЁё-]+\s+)?$")   # at most one word between body and verb
_AGENT_POS = frozenset({"VERB", "INFN", "NOUN"})   # not participles: «утвержденном Правительством»


@dataclass(frozen=True, slots=True)
class Responsible:
    act: Act
    clause: int
    verb: str
    body: str                         # id of rules/references.yaml ``bodies``
    title: str
    lemmas: frozenset[str]            # of the sentence, the bodies' own words out
    start: int                        # the body's mention, in the clause text
    end: int


def _bodies_in(text: str, lexicon: Lexicon) -> list[tuple[str, str, int, int]]:
    """Body mentions of a sentence, longest first, overlaps dropped: (id, title, start, end)."""
    found = []
    for spec, pattern in lexicon.bodies:
        found += [(spec.id, spec.title, m.start(), m.end()) for m in pattern.finditer(text)]
    found.sort(key=lambda b: (b[2], -(b[3] - b[2])))
    out: list[tuple[str, str, int, int]] = []
    for body in found:
        if not out or body[2] >= out[-1][3]:
            out.append(body)
    return out


def responsibles(act: Act, lexicon: Lexicon | None = None) -> list[Responsible]:
    """Sentences that give one procedure to one named body: the body stands next to the
    procedure verb (at most one word between) and is the only body the sentence names."""
    from pipeline.references.subjects import _SENTENCE, _WORD, lemma_pos

    lexicon = lexicon or load_lexicon()
    out = []
    for index, clause in enumerate(act.clauses):
        text = clause.text
        if not any(p.search(text) for _, p in lexicon.bodies):
            continue
        for sentence in _SENTENCE.finditer(text):
            body_text = sentence.group(0)
            bodies = _bodies_in(body_text, lexicon)
            if len({b[0] for b in bodies}) != 1 or re.search(r"\b(?:или|либо)\b", body_text):
                continue
            verbs = []
            for match in _WORD.finditer(body_text):
                lemma, pos = lemma_pos(match.group(0))
                verb = lexicon.verb_of.get(lemma)
                if verb and pos in _AGENT_POS:
                    verbs.append((verb, match.start(), match.end()))
            for body_id, title, b_start, b_end in bodies:
                agent_of = {verb for verb, v_start, v_end in verbs
                            if v_end <= b_start and _GAP.match(body_text[v_end:b_start])
                            or b_end <= v_start and _GAP.match(body_text[b_end:v_start])}
                if len(agent_of) != 1:
                    continue
                names = set()
                for other in bodies:
                    names |= lemmas_of(body_text[other[2]:other[3]], lexicon)
                lemmas = lemmas_of(body_text, lexicon) - names - set(agent_of) - _JURIS_WORDS
                out.append(Responsible(act, index, agent_of.pop(), body_id, title,
                                       frozenset(lemmas), sentence.start() + b_start,
                                       sentence.start() + b_end))
    return out


def body_collisions(acts: Sequence[Act], lexicon: Lexicon | None = None,
                    focus: set[str] | None = None) -> list[Collision]:
    """Two acts of one country give the same procedure (verb and object) to different
    bodies. Inside one act, different bodies for like procedures are deliberate (federal and
    municipal land, say): only pairs of two acts are compared."""
    lexicon = lexicon or load_lexicon()
    by_verb: dict[str, list[Responsible]] = defaultdict(list)
    for act in acts:
        for item in responsibles(act, lexicon):
            if len(item.lemmas) >= 2:
                by_verb[item.verb].append(item)
    out: list[Collision] = []
    for group in by_verb.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.act is b.act or a.body == b.body:
                    continue
                if a.act.document.jurisdiction != b.act.document.jurisdiction:
                    continue
                if focus is not None and a.act.source not in focus and b.act.source not in focus:
                    continue
                score = similarity(a.lemmas, b.lemmas)
                if score < CROSS_ACT_SIMILARITY:
                    continue
                if _first_is(b.act, a.act, lexicon, focus):
                    a, b = b, a
                ta, tb = a.act.clauses[a.clause].text, b.act.clauses[b.clause].text
                first = _norm(a.act, a.clause, ta[a.start:a.end], a.start, a.end)
                second = _norm(b.act, b.clause, tb[b.start:b.end], b.start, b.end)
                shared = ", ".join(sorted(a.lemmas & b.lemmas)[:6])
                explanation = (f"Одна процедура («{a.verb}»: {shared}) поручена разным органам: "
                               f"«{first.value}» ({a.title}; {first.cite()}) и «{second.value}» "
                               f"({b.title}; {second.cite()}).")
                out.append(Collision("collision.body", first, second, explanation,
                                     round(0.5 + 0.4 * score, 2), _RECOMMEND_BODY))
    return out


# --- a by-law that adds a requirement to the law's list -----------------------------------

@dataclass(frozen=True, slots=True)
class RequirementList:
    act: Act
    intro: int                        # index of the clause that opens the list
    items: tuple[int, ...]            # indexes of its item clauses
    lemmas: frozenset[str]            # of the intro
    open: bool                        # an item «иные документы» leaves the list open


def _is_child(parent, child) -> bool:
    levels = ("section", "chapter", "article", "part", "point", "subpoint")
    named_p = [getattr(parent, n) for n in levels]
    named_c = [getattr(child, n) for n in levels]
    depth_p = max((i for i, v in enumerate(named_p) if v is not None), default=-1)
    depth_c = max((i for i, v in enumerate(named_c) if v is not None), default=-1)
    return depth_c > depth_p and named_c[:depth_p + 1] == named_p[:depth_p + 1]


def requirement_lists(act: Act, lexicon: Lexicon | None = None) -> list[RequirementList]:
    lexicon = lexicon or load_lexicon()
    out = []
    clauses = act.clauses
    for index, clause in enumerate(clauses):
        if not lexicon.requirement_intro.search(clause.text.rstrip()):
            continue
        items = []
        for j in range(index + 1, len(clauses)):
            if not _is_child(clause.address, clauses[j].address):
                break
            items.append(j)
        if len(items) < 2:
            continue
        open_list = any(lexicon.requirement_open.search(clauses[j].text) for j in items)
        out.append(RequirementList(act, index, tuple(items),
                                   lemmas_of(clause.text, lexicon), open_list))
    return out


_CONDITION = re.compile(r",?\s+(?:в\s+случае|если|при\s+условии)\b.*", re.DOTALL)
ITEM_SIMILARITY = 0.5
LIST_SIMILARITY = 0.6


def _item_lemmas(text: str, lexicon: Lexicon) -> frozenset[str]:
    """What the item requires, without its condition («в случае, если …»)."""
    text = re.sub(r"^\s*\d+[.)]\s*", "", text)
    return lemmas_of(_CONDITION.sub("", text), lexicon)


def _matches(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return similarity(a, b) >= ITEM_SIMILARITY or len(a & b) / min(len(a), len(b)) >= 0.8


def requirement_collisions(acts: Sequence[Act], links: Links, lexicon: Lexicon | None = None,
                           focus: set[str] | None = None) -> list[Collision]:
    """A by-law's list for a procedure with an item that the list of the cited law for the
    same procedure lacks. The lists must be the same list: the intros alike, the law's list
    closed, and most of the law's items found in the by-law's."""
    lexicon = lexicon or load_lexicon()
    lists = {act.source: requirement_lists(act, lexicon) for act in acts}
    by_source = {act.source: act for act in acts}
    out: list[Collision] = []
    for bylaw in acts:
        if not _is_bylaw(bylaw, lexicon) or not lists[bylaw.source]:
            continue
        for law_source in sorted({t for s, t in links if s == bylaw.source}):
            law = by_source.get(law_source)
            if law is None or law is bylaw or _is_bylaw(law, lexicon):
                continue
            if focus is not None and bylaw.source not in focus and law.source not in focus:
                continue
            for mine in lists[bylaw.source]:
                for theirs in lists[law.source]:
                    if theirs.open or similarity(mine.lemmas, theirs.lemmas) < LIST_SIMILARITY:
                        continue
                    out += _extra_items(mine, theirs, lexicon)
    return out


def _extra_items(mine: RequirementList, theirs: RequirementList,
                 lexicon: Lexicon) -> list[Collision]:
    bylaw, law = mine.act, theirs.act
    their_items = [_item_lemmas(law.clauses[j].text, lexicon) for j in theirs.items]
    matched_theirs, extra = set(), []
    for j in mine.items:
        lemmas = _item_lemmas(bylaw.clauses[j].text, lexicon)
        hits = [k for k, other in enumerate(their_items) if _matches(lemmas, other)]
        if hits:
            matched_theirs.update(hits)
        elif lemmas:
            extra.append(j)
    if not extra or len(matched_theirs) < max(2, (len(their_items) + 1) // 2):
        return []
    intro = law.clauses[theirs.intro]
    listed = "\n".join([intro.text.strip()] + [law.clauses[j].text.strip()
                                                for j in theirs.items])
    second = Norm(law.source, law.name, intro.address, intro.start,
                  law.clauses[theirs.items[-1]].end, listed, intro.text.strip(), 0,
                  len(intro.text.strip()))
    out = []
    for j in extra:
        clause = bylaw.clauses[j]
        text = clause.text.strip()
        lead = len(clause.text) - len(clause.text.lstrip())
        first = _norm(bylaw, j, text, lead, lead + len(text))
        explanation = (f"Подзаконный акт требует «{' '.join(text.split())[:200]}» "
                       f"({first.cite()}), а перечень закона, на который он ссылается "
                       f"({second.cite()}: «{' '.join(intro.text.split())[:120]}», "
                       f"{len(theirs.items)} поз.), такого требования не содержит.")
        out.append(Collision("collision.bylaw.extra_requirement", first, second, explanation,
                             0.75, _RECOMMEND_EXTRA))
    return out
