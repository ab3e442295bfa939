"""Organisations and persons of a publication: natasha NER, natasha normalisation, alias links.

Spans come from ``pipeline.complaints.entities.tag_entities`` (natasha NER with its cleaning
of false persons). Each distinct span is put in the nominative by natasha's own normaliser
(``natasha.norm``: ``syntax_normalize`` for organisations — the head and its adjectives —,
``normalize`` for persons), fed by natasha's morphology and syntax models run on the span
with the word before it (the preposition that governs the case). Normal forms are cached by
span, so a body named in many publications costs once. Abbreviations and short names that the
NER misses («Антикор», «ГКНБ») are added from the alias list (``rules/media_aliases.yaml``).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from threadpoolctl import threadpool_limits

from pipeline.media.aliases import AliasIndex, LinkedOrg, load_alias_index

MAX_NER_CHARS = 12_000      # investigative articles run to 60k; the bodies are named early
MAX_ORGS = 12               # GUIDELINES.md §3
MAX_PERSONS = 12
_NORMAL_CACHE: dict[tuple[str, str, str], str] = {}
_GLUED = re.compile(r"([а-яё])([А-ЯЁ][а-яё])")     # «делИгорь» in scraped texts


@dataclass(frozen=True, slots=True)
class Mention:
    text: str           # as in the publication
    normal: str         # nominative
    type: str           # ORG, PER
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entities:
    organizations: tuple[LinkedOrg, ...]   # most prominent first
    persons: tuple[str, ...]


@lru_cache(maxsize=1)
def _models():
    from natasha import MorphVocab, NewsMorphTagger, NewsSyntaxParser

    from pipeline.nlp import news_embedding

    emb = news_embedding()      # the process's one navec instance (dense block, syntax, NER)
    return NewsMorphTagger(emb), NewsSyntaxParser(emb), MorphVocab()


def _words(text: str) -> list[tuple[str, int, int]]:
    from razdel import tokenize

    return [(t.text, t.start, t.stop) for t in tokenize(text)]


def normalise(spans: Sequence[tuple[str, str, str]]) -> list[str]:
    """Nominative of each (span text, type, the word before it) with natasha's normaliser."""
    from natasha.doc import DocToken
    from natasha.norm import normalize, syntax_normalize

    todo = [s for s in dict.fromkeys(spans) if s not in _NORMAL_CACHE]
    if todo:
        tagger, parser, vocab = _models()
        chunks = []
        for text, _, before in todo:
            words = ([before] if before else []) + [w for w, _, _ in _words(text)]
            chunks.append(words)
        with threadpool_limits(1):
            morphs = list(tagger.map(chunks))
            syntax = list(parser.map(chunks))
        for (text, kind, before), morph, synt in zip(todo, morphs, syntax):
            skip = 1 if before else 0
            tokens = []
            for k, ((word, start, stop), m) in enumerate(zip(_words(text), morph.tokens[skip:])):
                s = synt.tokens[k + skip]
                # ids are 1-based positions in the chunk; a head outside the span (the word
                # before, the root "0") makes the token a root for natasha's normaliser
                tokens.append(DocToken(start=start, stop=stop, text=word, id=str(k + 1 + skip),
                                       head_id=s.head_id, rel=s.rel, pos=m.pos, feats=m.feats))
            try:
                normal = (syntax_normalize if kind == "ORG" else normalize)(vocab, tokens)
            except Exception:  # noqa: BLE001 - a form pymorphy cannot inflect keeps its text
                normal = text
            if len(_NORMAL_CACHE) > 200_000:
                _NORMAL_CACHE.clear()
            _NORMAL_CACHE[(text, kind, before)] = normal or text
    return [_NORMAL_CACHE[s] for s in spans]


def _word_before(text: str, start: int) -> str:
    found = re.search(r"(\w+)\W*$", text[max(0, start - 30):start])
    return found.group(1) if found and found.group(1).islower() else ""


def mentions_of(texts: Sequence[str]) -> list[list[Mention]]:
    """ORG and PER mentions of each text with their nominative forms."""
    from pipeline.complaints.entities import tag_entities

    clipped = [t[:MAX_NER_CHARS] for t in texts]
    tagged = tag_entities(clipped)
    keys = []
    for text, ents in zip(clipped, tagged):
        for e in ents:
            if e.type in ("ORG", "PER"):
                keys.append((e.text, e.type, _word_before(text, e.start)))
    normals = iter(normalise(keys))
    out = []
    for text, ents in zip(clipped, tagged):
        found = []
        for e in ents:
            if e.type in ("ORG", "PER"):
                found.append(Mention(e.text, next(normals), e.type, e.start, e.end))
        out.append(found)
    return out


def _gazetteer(doc, index: AliasIndex) -> list[tuple[str, int]]:
    """Alias names found in the lemmatised text: (the alias as listed — nominative —,
    character offset)."""
    from pipeline.nlp.lemma import DOC_EXT

    seq = doc._.get(DOC_EXT) or []
    by_first = _patterns_by_first(index)
    found = []
    for i, lemmas in enumerate(seq):
        token = doc[i]
        for first in {token.text, *lemmas}:
            for words, exact, alias in by_first.get(first, ()):
                n = len(words)
                if i + n > len(seq):
                    continue
                if exact:
                    ok = doc[i:i + n].text.split() == list(words)
                else:
                    ok = all(words[k] in seq[i + k] or doc[i + k].lower_ == words[k] for k in range(n))
                if ok:
                    found.append((alias, doc[i].idx))
    return found


@lru_cache(maxsize=2)
def _patterns_by_first(index: AliasIndex) -> dict[str, tuple[tuple[tuple[str, ...], bool, str], ...]]:
    table: dict[str, list] = {}
    for words, _, exact, alias in index.mention_patterns():
        table.setdefault(words[0], []).append((words, exact, alias))
    return {k: tuple(dict.fromkeys(v)) for k, v in table.items()}


KEEP_FIRST = 3              # the most prominent names are always kept
LEAD_CHARS = 800            # a name in the lead counts as prominent (dev: P 0.47→0.49, R 0.54→0.53 vs 1500)
MIN_SHORT_LEN = 3           # «ДП», «ГУ», «ВС»: two-letter spans are mostly cut words


def prominent(name: str, count: int, offset: int, linked: LinkedOrg, rank: int) -> bool:
    """Whether a name is one the publication is about (GUIDELINES §3: «involved or acting»),
    not one named in passing: the first few, those named twice, those in the lead; and never
    a two-letter span that links to no body."""
    if len(name) < MIN_SHORT_LEN and linked.body_id is None:
        return False
    return rank < KEEP_FIRST or count >= 2 or offset < LEAD_CHARS


def _person_key(name: str) -> str:
    return name.split()[-1].lower() if name.split() else name.lower()


def assemble(mentions: Sequence[Mention], doc, jurisdiction: str | None,
             index: AliasIndex | None = None) -> Entities:
    """Organisations ranked by mentions then first position, linked to canonical bodies;
    persons deduplicated by surname (the fullest name kept)."""
    index = index or load_alias_index()
    orgs: dict[str, list] = {}          # key → [normal, count, first offset]
    for m in mentions:
        if m.type != "ORG" or index.is_outlet(m.normal) or len(m.normal) < 2:
            continue
        normal = _GLUED.sub(r"\1 \2", m.normal)
        entry = orgs.setdefault(normal.lower(), [normal, 0, m.start])
        entry[1] += 1
    if doc is not None:
        for name, offset in _gazetteer(doc, index):
            linked = index.link(name, jurisdiction)
            key = next((k for k, v in orgs.items()
                        if index.link(v[0], jurisdiction).body_id == linked.body_id), None)
            if key is None:
                entry = orgs.setdefault(name.lower(), [name, 0, offset])
                entry[1] += 1
    linked_orgs, bodies_seen = [], set()
    for normal, count, offset in sorted(orgs.values(), key=lambda v: (-v[1], v[2])):
        linked = index.link(normal, jurisdiction)
        if normal[:1].islower() and linked.body_id is None:
            continue                        # «что Казахстан»: a cut span, not a name
        if not prominent(normal, count, offset, linked, len(linked_orgs)):
            continue
        if linked.body_id and not index.bodies[linked.body_id].generic:
            if linked.body_id in bodies_seen:
                continue                    # «ФСБ» and «ФСБ России»: one body, named once
            bodies_seen.add(linked.body_id)
        shown = index.display_name(linked)
        if shown != linked.text:
            linked = LinkedOrg(shown, linked.body_id, linked.body_name, linked.jurisdiction,
                               linked.kind, linked.method, linked.score)
        linked_orgs.append(linked)
        if len(linked_orgs) == MAX_ORGS:
            break
    persons: dict[str, str] = {}
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in mentions:
        if m.type != "PER":
            continue
        normal = _GLUED.sub(r"\1 \2", m.normal)
        key = _person_key(normal)
        if len(normal) > len(persons.get(key, "")):
            persons[key] = normal
        counts[key] += 1
        first.setdefault(key, m.start)
    ranked_p = sorted(persons, key=lambda k: (-counts[k], first[k]))[:MAX_PERSONS]
    return Entities(tuple(linked_orgs), tuple(persons[k] for k in ranked_p))
