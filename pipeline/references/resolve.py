"""Resolve references to clauses of the acts of a corpus: the citation graph.

A ``Corpus`` holds acts (a document, its clauses and its ``Outline``). A reference of an act
resolves inside the act itself (internal: «пунктом 3 настоящей статьи», a bare «статьей
5») or in another act of the corpus matched by type and number («N 150-ФЗ»), else by title
(«Земельного кодекса Российской Федерации» → the act titled «Земельный кодекс Российской
Федерации»). Every cited unit gets a status: ``resolved`` (with the clause), ``repealed``
(its text is «утратил силу»), ``missing`` (the act is known, the unit is not in it) or
``unresolved`` (the act is not in the corpus).

Levels a citation leaves out are filled from the citing clause, as the norm is read: a
bare «пунктом 2» is a point of the same article; «подпунктом 3 настоящего пункта» is in the
clause's own point; «частью 5 настоящей статьи» in its article.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.model import Address, Clause, Document
from pipeline.references.extract import extract_references
from pipeline.references.lexicon import Lexicon, load_lexicon
from pipeline.references.model import (
    LEVEL_RANK,
    ActRef,
    Citation,
    Kind,
    LevelGroup,
    Reference,
    ResolvedTarget,
    Status,
    Target,
)
from pipeline.references.outline import Outline, address_terms, label_key
from pipeline.structure import parse_clauses

_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:-[A-Za-zА-Яа-яЁё0-9]+)*")
_JURIS_WORDS = frozenset({"российский", "федерация", "республика", "казахстан", "кыргызский",
                          "рф", "рк", "кр"})
_FIELDS = ("article", "chast", "punkt", "subpunkt", "abzac", "chapter", "section")
_TITLE_TYPES = (("конституционный закон", "федеральный конституционный закон"),
                ("федеральный закон", "федеральный закон"), ("кодекс", "кодекс"),
                ("конституция", "конституция"), ("закон", "закон"),
                ("постановление", "постановление правительства"),
                ("указ", "указ президента"))


@lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    from pipeline.nlp.lemma import morph_analyzer

    return morph_analyzer().parse(word.lower())[0].normal_form.replace("ё", "е")


def normal_title(title: str | None) -> str:
    """Lemmas of the words of a title: «Земельного кодекса РФ» → «земельный кодекс рф»."""
    if not title:
        return ""
    return " ".join(_lemma(w) for w in _WORD.findall(title))


def without_jurisdiction(normal: str) -> str:
    return " ".join(w for w in normal.split() if w not in _JURIS_WORDS)


def normal_number(number: str | None) -> str:
    if not number:
        return ""
    return re.sub(r"[\sNn№]+", "", number).replace("–", "-").upper()


def title_match(a: str | None, b: str | None) -> bool:
    """Same title, case, inflection and a stated or omitted jurisdiction aside."""
    na, nb = normal_title(a), normal_title(b)
    if not na or not nb:
        return False
    return na == nb or without_jurisdiction(na) == without_jurisdiction(nb) and (
        na == without_jurisdiction(na) or nb == without_jurisdiction(nb))


def document_type(document: Document) -> str | None:
    title = normal_title(document.title)
    for words, kind in _TITLE_TYPES:
        if words in title:
            return kind
    return None


@dataclass
class Act:
    """An act of the corpus, ready for lookups."""

    document: Document
    clauses: list[Clause]
    outline: Outline
    title: str = ""                   # normalised
    number: str = ""                  # normalised
    type: str | None = None

    @property
    def source(self) -> str:
        return self.document.source

    @property
    def name(self) -> str:
        return self.document.title or self.document.source.rsplit("/", 1)[-1]

    @classmethod
    def of(cls, document: Document, clauses: Sequence[Clause] | None = None,
           lexicon: Lexicon | None = None) -> Act:
        clauses = list(clauses) if clauses is not None else parse_clauses(document)
        return cls(document, clauses, Outline.of(clauses, document.text, lexicon),
                   normal_title(document.title), normal_number(document.number),
                   document_type(document))


@dataclass
class Corpus:
    acts: list[Act] = field(default_factory=list)

    def add(self, act: Act) -> Act:
        self.acts = [a for a in self.acts if a.source != act.source] + [act]
        return act

    def match(self, ref: ActRef, citing: Act | None = None) -> Act | None:
        """The act of the corpus that ``ref`` names: by number, else by title."""
        number = normal_number(ref.number)
        if number:
            for act in self.acts:
                if act.number and act.number == number:
                    return act
        if ref.title:
            juris = ref.jurisdiction or (citing.document.jurisdiction.value if citing else None)
            for act in self.acts:
                if act is citing and ref.type == "кодекс" and not title_match(
                        ref.title, act.document.title):
                    continue
                if title_match(ref.title, act.document.title) and (
                        juris is None or act.document.jurisdiction.value in (juris, "UNKNOWN")):
                    return act
        return None


# --- targets -------------------------------------------------------------------------------

def _fill(reference: Reference, groups: Sequence[LevelGroup], context: Target,
          convention: str) -> Target:
    """Levels the citation leaves out, taken from the citing clause."""
    if reference.kind is Kind.EXTERNAL:
        return Target()
    scope = reference.scope
    chain = ("article", "chast", "punkt", "subpunkt")
    if scope == "act":
        return Target()
    if scope == "chapter":
        return Target(chapter=context.chapter)
    if scope == "punkt" and context.punkt is None and context.subpunkt is not None:
        # an article of «1)» items calls each of them «пункт» («в настоящем пункте»)
        context = Target(article=context.article, chast=context.chast,
                         punkt=context.subpunkt)
    if scope in chain:
        keep = chain[:chain.index(scope) + 1]
        if convention != "chast":
            keep = tuple(level for level in keep if level != "chast")
        return Target(**{level: getattr(context, level) for level in keep})
    widest = groups[-1].level if groups else "article"
    if LEVEL_RANK[widest] >= LEVEL_RANK["article"]:
        return Target()
    keep = tuple(level for level in chain if LEVEL_RANK[level] > LEVEL_RANK[widest])
    return Target(**{level: getattr(context, level) for level in keep})


def _with(target: Target, level: str, value: str) -> Target:
    values = {name: getattr(target, name) for name in _FIELDS}
    values[level] = value
    return Target(**values)


def _ordered(labels: Iterable[str]) -> list[str]:
    unique = list(dict.fromkeys(labels))
    return sorted(unique, key=lambda lab: label_key(lab) or (10**9,))


def expand(groups: Sequence[LevelGroup], base: Target,
           outline: Outline | None) -> list[tuple[Target, bool]]:
    """Targets of a chain, wide to narrow, each with ``implied``: a range gives its ends and
    the units between that exist in the act (every integer between, for an act outside the
    corpus); those between are implied, not named by the text."""
    partial: list[tuple[Target, bool]] = [(base, False)]
    for group in reversed(groups):
        nxt = []
        for target, implied in partial:
            for item in group.items:
                if item.to is None:
                    nxt.append((_with(target, group.level, item.value), implied))
                    continue
                inner = outline.between(target, group.level, item.value, item.to) \
                    if outline is not None else _integers_between(item.value, item.to)
                for label in _ordered([item.value, *inner, item.to]):
                    nxt.append((_with(target, group.level, label),
                                implied or label not in (item.value, item.to)))
        partial = nxt
    return partial


def _integers_between(low: str, high: str) -> list[str]:
    if low.isdigit() and high.isdigit() and int(high) - int(low) <= 200:
        return [str(n) for n in range(int(low) + 1, int(high))]
    return []


def _check(target: Target, act: Act, implied: bool = False) -> ResolvedTarget:
    if target.article is None:
        if target.chapter is not None:
            known = target.chapter in act.outline.chapters
            return ResolvedTarget(target, Status.RESOLVED if known else Status.MISSING,
                                  act.source, note="" if known else
                                  f"в акте нет главы {target.chapter}", implied=implied)
        if target.is_empty():
            return ResolvedTarget(target, Status.RESOLVED, act.source, implied=implied)
        return ResolvedTarget(target, Status.UNRESOLVED, act.source, implied=implied,
                              note="статья не названа и не следует из контекста")
    outcome = None
    for address in act.outline.alternatives(target) + act.outline.unique_point(target):
        status, clause, note = act.outline.find(address)
        if outcome is None or status != "missing":
            outcome = (address, status, clause, note)
        if status != "missing":
            break
    address, status, clause, note = outcome
    if status == "missing":
        for variant in _superscript_variants(address):
            found = act.outline.find(variant)
            if found[0] != "missing":
                target = _relabel(target, address, variant)
                address, (status, clause, _) = variant, found
                note = f"номер прочитан как {variant.render()} (надстрочный индекс)"
                break
    return ResolvedTarget(target, Status(status), act.source, address, clause, note, implied)


def _relabel(target: Target, old: Address, new: Address) -> Target:
    """The cited label as the act has it: «21» → «2-1» in the target too."""
    for level in ("subpoint", "point", "part", "article"):
        before, after = getattr(old, level), getattr(new, level)
        if before != after:
            for name in ("subpunkt", "punkt", "chast", "article"):
                if getattr(target, name) == before:
                    return _with(target, name, after)
    return target


def _superscript_variants(address: Address) -> list[Address]:
    """«пункте 21» of a text that lost a superscript is «2¹», stored as «2-1» by the parser."""
    out = []
    for level in ("subpoint", "point", "part", "article"):
        label = getattr(address, level)
        if label is None:
            continue
        if label.isdigit() and len(label) >= 2:
            for cut in (1, 2):
                if len(label) > cut and label[-cut] != "0":
                    values = {name: getattr(address, name) for name in
                              ("section", "chapter", "article", "part", "point", "subpoint")}
                    values[level] = f"{label[:-cut]}-{label[-cut:]}"
                    out.append(Address(**values))
        break
    return out


def resolve_reference(reference: Reference, citing: Act, clause: Clause,
                      corpus: Corpus) -> Citation:
    """A reference of ``clause`` (offsets relative to it) as a citation of the corpus."""
    context = address_terms(clause.address, citing.outline.convention)
    if reference.kind is Kind.INTERNAL and not citing.outline.articles and any(
            g.level == "article" for g in reference.groups):
        target_act: Act | None = None    # an act without articles cites another act
    elif reference.kind is Kind.INTERNAL:
        target_act = citing
    else:
        target_act = corpus.match(reference.act, citing) if reference.act else None
    outline = target_act.outline if target_act else None
    targets = [pair for groups in reference.all_chains()
               for pair in expand(groups, _fill(reference, groups, context,
                                                citing.outline.convention), outline)]
    if target_act is None:
        key = reference.act.key() if reference.act else None
        note = ("акт не найден в корпусе" if reference.act
                else "в акте нет статей: отсылка к другому акту" if reference.kind is Kind.INTERNAL
                else "акт не назван (отсылка «указанного»)")
        resolved = tuple(ResolvedTarget(t, Status.UNRESOLVED, key, note=note, implied=implied)
                         for t, implied in targets)
    else:
        resolved = tuple(_check(t, target_act, implied) for t, implied in targets)
    return Citation(reference, citing.source, clause.address, clause.start + reference.start,
                    clause.start + reference.end, resolved)


def _repeal_note_clause(clause: Clause, lexicon: Lexicon) -> bool:
    return bool(lexicon.repeal.match(clause.text)) or bool(
        clause.heading and re.match(r"\s*Утратил", clause.heading)
        and clause.text.strip() == clause.heading.strip())


def cite(act: Act, corpus: Corpus, lexicon: Lexicon | None = None) -> list[Citation]:
    """Every citation of ``act``, clause by clause. Repeal notes are not norms: the acts
    they name («- Федеральный закон от 23.06.2014 N 171-ФЗ») amend, they are not cited."""
    lexicon = lexicon or load_lexicon()
    out: list[Citation] = []
    for clause in act.clauses:
        if _repeal_note_clause(clause, lexicon):
            continue
        for reference in extract_references(clause.text, lexicon):
            if names_itself(reference, act):
                continue
            out.append(resolve_reference(reference, act, clause, corpus))
    return out


def names_itself(reference: Reference, act: Act) -> bool:
    """«положениям Земельного кодекса применяются …» inside that very code: the act's own
    name, not a citation of a unit."""
    return (reference.kind is Kind.EXTERNAL and not reference.groups
            and reference.act is not None and reference.act.type == "кодекс"
            and title_match(reference.act.title, act.document.title))


def clause_address(act: Act, index: int | None) -> Address | None:
    return act.clauses[index].address if index is not None else None


def clause_index(act: Act, citation: Citation) -> int | None:
    """Index of the clause of ``act`` that holds ``citation``."""
    for i in _by_address(act).get(citation.address, ()):
        clause = act.clauses[i]
        if clause.start <= citation.start < clause.end:
            return i
    return None


def _by_address(act: Act) -> dict[Address, list[int]]:
    """Clause indexes of an act by address (cached on the act: citations look up often)."""
    found = act.__dict__.get("_by_address")
    if found is None:
        found = defaultdict(list)
        for i, clause in enumerate(act.clauses):
            found[clause.address].append(i)
        act.__dict__["_by_address"] = found
    return found
