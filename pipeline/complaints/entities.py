"""Bodies, officials and places named in a complaint: natasha NER (ORG, PER, LOC).

The NER model ships inside natasha (navec embeddings + slovnet), nothing is downloaded. Texts
of a batch are tagged together on one BLAS thread, shortest first. The raw tagger calls many capitalised
words at the start of a sentence persons («Роллет», «Фотофиксация»), so a PER span is kept
only when one of its words is a name to pymorphy (Name, Surn, Patr) or an initial («А.Н.»),
and a «person» right after «ул.», «проспект» … is a street (LOC).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from threadpoolctl import threadpool_limits

ENTITY_TYPES = ("ORG", "PER", "LOC")
_INITIALS = re.compile(r"^(?:[А-ЯЁ]\.\s?){1,2}$|[А-ЯЁ]\.\s?[А-ЯЁ]\.")
_STREET_BEFORE = re.compile(r"(?:\b(?:ул|улиц\w*|пр|просп|проспект\w*|пер|переул\w*|наб|"
                            r"набережн\w*|пл|площад\w*|ш|шоссе|бульвар\w*|б-р|алле\w*|лини\w*|"
                            r"дом\w*|д|адресу|метро|м|ст|станци\w*|район\w*|мост\w*)\.?\s*,?\s*)$",
                            re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    type: str          # ORG, PER, LOC
    start: int
    end: int


@lru_cache(maxsize=1)
def _tagger():
    from natasha import NewsNERTagger

    from pipeline.nlp import news_embedding

    tagger = NewsNERTagger(news_embedding())
    tagger.infer.encoder.batch_size = 64
    return tagger


@lru_cache(maxsize=65536)
def _is_name_word(word: str) -> bool:
    from pipeline.nlp.lemma import morph_analyzer

    if _INITIALS.search(word):
        return True
    if not word[:1].isupper() or len(word) < 2:
        return False
    return any({"Name", "Surn", "Patr"} & set(str(p.tag).replace(" ", ",").split(","))
               for p in morph_analyzer().parse(word)[:3] if p.score >= 0.05)


def _person_like(text: str) -> bool:
    return bool(_INITIALS.search(text)) or any(_is_name_word(w) for w in re.findall(r"[\w.]+", text))


def _clean(text: str, spans) -> list[Entity]:
    found = []
    for span in spans:
        value = text[span.start:span.stop].strip(" ,.;:!?«»\"'()-")
        if len(value) < 2:
            continue
        start = text.find(value, span.start)
        end = start + len(value)
        # keep the dot of a final initial («А.Н.») and the closing quote of a name («ООО "Петара"»)
        if end < len(text) and text[end] == "." and re.search(r"(?:^|[\s.])[А-ЯЁ]$", value):
            end += 1
        elif end < len(text) and text[end] in "\"»" and (value.count('"') % 2 or value.count("«") > value.count("»")):
            end += 1
        value = text[start:end]
        kind = span.type
        if kind == "PER":
            if _STREET_BEFORE.search(text[max(0, span.start - 15):span.start]):
                kind = "LOC"
            elif not _person_like(value):
                continue
        found.append(Entity(value, kind, start, end))
    return found


def tag_entities(texts: Sequence[str]) -> list[list[Entity]]:
    """Entities of each text, in text order (duplicates kept: offsets differ)."""
    if not texts:
        return []
    tagger = _tagger()
    # slovnet pads each batch to its longest text: tagged shortest first, a batch holds texts
    # of about one length, and the 913 real appeals are tagged in 60 % of the time with the
    # very same spans.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with threadpool_limits(1):
        markups = list(tagger.map([texts[i] for i in order]))
    found: list[list[Entity]] = [[] for _ in texts]
    for i, markup in zip(order, markups):
        found[i] = _clean(texts[i], markup.spans)
    return found


def unique(entities: Sequence[Entity]) -> list[Entity]:
    seen, out = set(), []
    for e in entities:
        if (e.text, e.type) not in seen:
            seen.add((e.text, e.type))
            out.append(e)
    return out
