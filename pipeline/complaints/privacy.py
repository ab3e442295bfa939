"""Masking of complainants' personal data in everything exported.

Masked: the author's name wherever it occurs (from the ``author`` field), any other person
named in the text (natasha PER) unless an official title stands within a few words of it or
the name is part of the addressee, phone numbers, e-mail addresses, and addresses of dwellings
(with an apartment, or after «проживаю по адресу»). Kept: officials and bodies (the point of
a complaint) and addresses of houses and streets (the place of the problem). The rules and
word lists are data in ``rules/complaints_privacy.yaml``.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.catalogue import RULES_DIR
from pipeline.complaints.entities import Entity, tag_entities
from pipeline.errors import ErrorCode, RuleError

PRIVACY_PATH = RULES_DIR / "complaints_privacy.yaml"

PHONE = re.compile(r"(?<![\w+])(?:\+7|\+996|\b8|\b7)?[\s(-]*\d{3}[\s)-]*\d{3}[\s-]?\d{2}[\s-]?\d{2}\b"
                   r"|(?<![\w.])\d{3}-\d{2}-\d{2}\b")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


class _PrivacySchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    title_window: int = Field(ge=1, le=10)
    private_window: int = Field(ge=1, le=5)
    private_markers: tuple[str, ...] = Field(min_length=1)
    official_titles: tuple[str, ...] = Field(min_length=1)
    apartment_markers: tuple[str, ...] = Field(min_length=1)
    residence_markers: tuple[str, ...] = Field(min_length=1)
    placeholders: dict[str, str]


@dataclass(frozen=True, slots=True)
class PrivacyRules:
    title_window: int
    private_window: int
    private_markers: frozenset[str]
    official_titles: frozenset[str]
    apartment: re.Pattern
    residence: re.Pattern
    placeholders: dict[str, str]


@lru_cache(maxsize=2)
def load_privacy_rules(path: Path = PRIVACY_PATH) -> PrivacyRules:
    try:
        schema = _PrivacySchema.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RuleError(ErrorCode.E010_RULES, str(path), str(exc)) from exc
    if set(schema.placeholders) != {"PER", "PHONE", "EMAIL", "ADDRESS"}:
        raise RuleError(ErrorCode.E010_RULES, str(path), "placeholders: PER, PHONE, EMAIL, ADDRESS")
    markers = "|".join(re.escape(m) for m in schema.apartment_markers)
    # an address with an apartment: back to the street word (at most ~60 characters) up to the
    # apartment number
    apartment = re.compile(
        r"(?:\b(?:ул|улица|пр|просп|проспект|пер|наб|пл|ш|бульвар|б-р|д|дом)\.?\s[^;\n]{0,60}?)?"
        rf"\b(?:{markers})\.?\s*№?\s*\d+[а-яА-Я]?", re.IGNORECASE)
    # after «проживаю по адресу»: up to the apartment number, else up to the house number
    lead = "(?:" + "|".join(re.escape(m) for m in schema.residence_markers) + r")\s*:?\s*"
    residence = re.compile(lead + rf"(?:[^;\n]{{0,80}}?\b(?:{markers})\.?\s*\d+[а-яА-Я]?"
                           r"|[^;\n]{0,60}?\d+[а-яА-Я]?(?:\s*(?:к|корп|корпус|лит)\.?\s*\w+)?)",
                           re.IGNORECASE)
    return PrivacyRules(schema.title_window, schema.private_window,
                        frozenset(m.lower() for m in schema.private_markers),
                        frozenset(t.lower() for t in schema.official_titles),
                        apartment, residence, dict(schema.placeholders))


@dataclass(frozen=True, slots=True)
class Masked:
    text: str
    spans: tuple[tuple[str, int, int], ...]      # (kind, start, end) in the original text


_WORD = re.compile(r"[\w-]+")


def _words_near(text: str, start: int, end: int, window: int) -> list[str]:
    before = _WORD.findall(text[max(0, start - 120):start])[-window:]
    after = _WORD.findall(text[end:end + 120])[:window]
    return before + after


def is_official(text: str, entity: Entity, rules: PrivacyRules, addressee: str | None = None) -> bool:
    """A person is an official when a title stands within ``title_window`` words (any case
    form: the title words are compared by their normal forms) or the name is in the
    addressee."""
    from pipeline.nlp.lemma import morph_analyzer

    if addressee and any(w.lower() in addressee.lower() for w in _WORD.findall(entity.text)
                         if len(w) > 2):
        return True
    morph = morph_analyzer()
    before = _WORD.findall(text[max(0, entity.start - 60):entity.start])[-rules.private_window:]
    if any(w.lower() in rules.private_markers for w in before):
        return False
    for word in _words_near(text, entity.start, entity.end, rules.title_window):
        lowered = word.lower()
        if lowered in rules.official_titles:
            return True
        if any(p.normal_form in rules.official_titles for p in morph.parse(lowered)[:2]):
            return True
    return False


_NAME_TAGS = ("Name", "Surn", "Patr")


def _forms(word: str) -> set[tuple[str, str]]:
    """(normal form, kind) of each singular name reading, or the word itself: the plural
    reading «Иванов» (of the Ivans) must not make a surname the first name «Иван»."""
    from pipeline.nlp.lemma import morph_analyzer

    forms = set()
    for parse in morph_analyzer().parse(word.lower()):
        kinds = [k for k in _NAME_TAGS if k in parse.tag]
        if kinds and "plur" not in parse.tag:
            forms.add((parse.normal_form, kinds[0]))
    return forms or {(word.lower(), "word")}


def _author_spans(text: str, author: str | None) -> list[tuple[int, int]]:
    """Every word of the text that is a word of the author's name in any case form (compared
    by normal forms: «Петрова» is «Петров», «Иванов» is not «Иван»)."""
    if not author:
        return []
    names = set().union(*[_forms(w) for w in _WORD.findall(author) if len(w) >= 3] or [set()])
    return [(m.start(), m.end()) for m in _WORD.finditer(text)
            if m.group()[:1].isupper() and _forms(m.group()) & names]


def _merge(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    merged: list[tuple[str, int, int]] = []
    for kind, start, end in sorted(spans, key=lambda s: (s[1], -s[2])):
        if merged and start < merged[-1][2]:
            last = merged[-1]
            merged[-1] = (last[0], last[1], max(last[2], end))
            continue
        merged.append((kind, start, end))
    return merged


_NAME_RUN = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s+[А-ЯЁ][а-яё]+){0,3}"
                       r"(?:\s+[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?)?")
_NAME_TOKEN = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?")


def name_candidates(text: str) -> list[Entity]:
    """Full personal names the NER may miss («Я, Кузнецова Ольга, …»): at least two adjacent
    capitalised words that pymorphy reads as first name, surname or patronymic, or one such
    word with initials. A single name-like word is left to the NER: streets and districts
    named after people («Жуковского», «Типанова») are single words and must stay."""
    from pipeline.complaints.entities import _INITIALS, _STREET_BEFORE, _is_name_word

    found = []
    for run in _NAME_RUN.finditer(text):
        tokens = [(m.start() + run.start(), m.end() + run.start(), m.group())
                  for m in _NAME_TOKEN.finditer(run.group())]
        named = [(a, b) for a, b, w in tokens if _INITIALS.search(w) or _is_name_word(w)]
        if len(named) < 2:
            continue
        start, end = named[0][0], named[-1][1]
        if _STREET_BEFORE.search(text[max(0, start - 20):start]):
            continue
        found.append(Entity(text[start:end], "PER", start, end))
    return found


def personal_spans(text: str, entities: Sequence[Entity], author: str | None = None,
                   addressee: str | None = None) -> list[tuple[str, int, int]]:
    rules = load_privacy_rules()
    spans: list[tuple[str, int, int]] = []
    spans += [("EMAIL", m.start(), m.end()) for m in EMAIL.finditer(text)]
    spans += [("PHONE", m.start(), m.end()) for m in PHONE.finditer(text)]
    spans += [("ADDRESS", m.start(), m.end()) for m in rules.apartment.finditer(text)]
    spans += [("ADDRESS", m.start(), m.end()) for m in rules.residence.finditer(text)]
    author_spans = _author_spans(text, author)
    spans += [("PER", s, e) for s, e in author_spans]
    for entity in [*entities, *name_candidates(text)]:
        if entity.type != "PER":
            continue
        by_author = any(s < entity.end and entity.start < e for s, e in author_spans)
        if by_author or not is_official(text, entity, rules, addressee):
            spans.append(("PER", entity.start, entity.end))
    return _merge(spans)


def apply_mask(text: str, spans: Sequence[tuple[str, int, int]]) -> str:
    placeholders = load_privacy_rules().placeholders
    out, pos = [], 0
    for kind, start, end in spans:
        out.append(text[pos:start])
        out.append(placeholders[kind])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def mask(text: str, author: str | None = None, addressee: str | None = None,
         entities: Sequence[Entity] | None = None) -> Masked:
    """The text with the complainant's personal data replaced by placeholders."""
    if entities is None:
        entities = tag_entities([text])[0]
    spans = personal_spans(text, entities, author, addressee)
    return Masked(apply_mask(text, spans), tuple(spans))


def mask_author(author: str | None) -> str | None:
    """The author field itself is never exported: only whether there was one."""
    return load_privacy_rules().placeholders["PER"] if author else None
