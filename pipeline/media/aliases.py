"""Canonical bodies of ``rules/media_aliases.yaml`` and the linking of organisation names.

A name is compared by its *key*: the first normal form of each word (pymorphy3), lower case,
«ё» as «е», quotes dropped, abbreviations kept as written — so «Генеральной прокуратуры» and
«Генеральная прокуратура» share a key. Linking tries, in order: the exact key; the key without
a country tail («… РК», «… России»); a generic body by its head word («акимат Алматы» →
``kz.akimat``, named as in the text); a fuzzy key (rapidfuzz ratio). A name that links to
nothing is kept as an unknown body. Names shared by several jurisdictions («Генпрокуратура»,
«МВД») are resolved by the jurisdiction of the publication.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.catalogue import RULES_DIR
from pipeline.errors import ErrorCode, RuleError

ALIASES_PATH = RULES_DIR / "media_aliases.yaml"
Jurisdiction = Literal["KZ", "KG", "RU", "INT"]
FUZZY_CUTOFF = 90
_WORD = re.compile(r"[\w]+(?:[-.][\w]+)*")
# Country tails dropped before a second lookup; the tail also tells the jurisdiction.
COUNTRY_TAILS: dict[str, str] = {
    "рк": "KZ", "казахстан": "KZ", "республика казахстан": "KZ",
    "кр": "KG", "кыргызстан": "KG", "киргизия": "KG", "кыргызский республика": "KG",
    "рф": "RU", "россия": "RU", "российский федерация": "RU",
}


class _BodySchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^(kz|kg|ru|int)\.[a-z_]+$")
    jurisdiction: Jurisdiction
    kind: str
    name: str = Field(min_length=3)
    short: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    local: tuple[str, ...] = ()
    generic: bool = False
    abbr_case: bool = False


class _AliasFileSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    bodies: tuple[_BodySchema, ...] = Field(min_length=1)
    jurisdiction_cues: dict[Jurisdiction, tuple[str, ...]] = {}
    outlets: tuple[str, ...] = ()
    not_organizations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Body:
    id: str
    jurisdiction: str
    kind: str
    name: str
    short: tuple[str, ...]
    aliases: tuple[str, ...]
    local: tuple[str, ...]
    generic: bool
    abbr_case: bool

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.short, *self.aliases, *self.local)


@dataclass(frozen=True, slots=True)
class LinkedOrg:
    text: str                   # the name as found (normalised to the nominative)
    body_id: str | None         # None: an unknown body
    body_name: str | None       # canonical name; for a generic body, the name as found
    jurisdiction: str | None
    kind: str | None
    method: str                 # exact, tail, generic, fuzzy, unknown
    score: float = 100.0


def _lemma(word: str) -> str:
    from pipeline.nlp.lemma import morph_analyzer

    return _lemma_cached(word, morph_analyzer())


@lru_cache(maxsize=65536)
def _lemma_cached(word: str, analyzer) -> str:
    low = word.lower().replace("ё", "е")
    if not re.fullmatch(r"[а-яе-]+", low) or (word.isupper() and len(word) <= 6):
        return low
    return analyzer.parse(low)[0].normal_form.replace("ё", "е")


def name_key(name: str) -> str:
    """«Генеральной прокуратуры РК» → «генеральный прокуратура рк»."""
    cleaned = re.sub(r"[«»\"'“”„()]", " ", name)
    return " ".join(_lemma(w) for w in _WORD.findall(cleaned))


def _without_tail(key: str) -> tuple[str, str | None]:
    for tail, jurisdiction in sorted(COUNTRY_TAILS.items(), key=lambda kv: -len(kv[0])):
        if key.endswith(" " + tail):
            return key[: -len(tail) - 1], jurisdiction
    return key, None


class AliasIndex:
    """Lookup of canonical bodies by name key; built once from the YAML."""

    def __init__(self, bodies: tuple[Body, ...],
                 jurisdiction_cues: dict[str, tuple[str, ...]] | None = None,
                 outlets: tuple[str, ...] = (), not_organizations: tuple[str, ...] = ()) -> None:
        self.bodies = {b.id: b for b in bodies}
        self.jurisdiction_cues = dict(jurisdiction_cues or {})
        self.outlets = frozenset(name_key(o) for o in (*outlets, *not_organizations))
        self._by_key: dict[str, list[Body]] = defaultdict(list)
        self._generic_heads: dict[str, list[Body]] = defaultdict(list)
        for body in bodies:
            for name in body.names:
                key = name_key(name)
                if key and body not in self._by_key[key]:
                    self._by_key[key].append(body)
            if body.generic:
                self._generic_heads[name_key(body.name).split()[-1]].append(body)
        self._keys = list(self._by_key)

    def __len__(self) -> int:
        return len(self.bodies)

    def is_outlet(self, name: str) -> bool:
        """A media outlet, a platform or a word the NER takes for an organisation."""
        return name_key(name) in self.outlets

    def guess_jurisdiction(self, text: str, default: str | None = None) -> str | None:
        """The country a publication is about: the most frequent stems of
        ``jurisdiction_cues`` (word starts), ``default`` on a tie or none."""
        words = re.findall(r"\w+", text.lower().replace("ё", "е"))
        counts = {j: sum(1 for w in words if w.startswith(stems))
                  for j, stems in self.jurisdiction_cues.items()}
        if not counts or max(counts.values()) == 0:
            return default
        best = max(counts.values())
        leaders = [j for j, c in counts.items() if c == best]
        return default if len(leaders) > 1 and default in leaders else leaders[0]

    @staticmethod
    def _pick(candidates: list[Body], jurisdiction: str | None) -> Body:
        for body in candidates:
            if body.jurisdiction == jurisdiction:
                return body
        return candidates[0]

    def link(self, name: str, jurisdiction: str | None = None) -> LinkedOrg:
        """The canonical body of ``name`` (``jurisdiction``: that of the publication)."""
        key = name_key(name)
        if not key:
            return LinkedOrg(name, None, None, None, None, "unknown", 0.0)
        found = self._by_key.get(key)
        method = "exact"
        if not found:
            bare, tail = _without_tail(key)
            jurisdiction = tail or jurisdiction
            found, method = self._by_key.get(bare), "tail"
            key = bare
        if found and jurisdiction and all(b.jurisdiction != jurisdiction for b in found):
            for tail, j in COUNTRY_TAILS.items():
                if j == jurisdiction and self._by_key.get(f"{key} {tail}"):
                    found = self._by_key[f"{key} {tail}"]
                    break
        if found:
            return self._linked(name, self._pick(found, jurisdiction), method)
        words = key.split()
        for word in words[:3]:
            heads = self._generic_heads.get(word)
            if heads:
                body = self._pick(heads, jurisdiction)
                return LinkedOrg(name, body.id, name, body.jurisdiction, body.kind, "generic")
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is not None:
            return self._linked(name, self._pick(self._by_key[best[0]], jurisdiction), "fuzzy",
                                float(best[1]))
        return LinkedOrg(name, None, None, None, None, "unknown", 0.0)

    @staticmethod
    def _linked(name: str, body: Body, method: str, score: float = 100.0) -> LinkedOrg:
        body_name = name if body.generic else body.name
        return LinkedOrg(name, body.id, body_name, body.jurisdiction, body.kind, method, score)

    def display_name(self, linked: LinkedOrg) -> str:
        """The name to show: as found, unless natasha left it in an oblique case that only
        fuzzy matching linked («Антикоре») — then the body's closest listed name («Антикор»)."""
        if linked.method != "fuzzy" or linked.body_id is None:
            return linked.text
        from rapidfuzz import fuzz

        key = name_key(linked.text)
        body = self.bodies[linked.body_id]
        return max(body.names, key=lambda n: fuzz.ratio(name_key(n), key))

    def mention_patterns(self) -> list[tuple[tuple[str, ...], Body, bool, str]]:
        """(key words, body, case-sensitive, the name) of every name, for gazetteer search in a text.
        Abbreviations (all capitals) are matched as written; generic names are not searched
        (a bare «суд» names no body)."""
        patterns = []
        for body in self.bodies.values():
            if body.generic:
                continue
            for name in body.names:
                words = tuple(name_key(name).split())
                if not words:
                    continue
                exact = len(words) == 1 and name.replace("-", "").isupper()
                patterns.append((tuple(name.split()) if exact else words, body, exact, name))
        return patterns


def parse_aliases(path: Path) -> AliasIndex:
    try:
        schema = _AliasFileSchema.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RuleError(ErrorCode.E010_RULES, str(path), str(exc)) from exc
    ids = [b.id for b in schema.bodies]
    if len(set(ids)) != len(ids):
        raise RuleError(ErrorCode.E010_RULES, str(path), "повторяющийся id органа")
    bodies = tuple(Body(b.id, b.jurisdiction, b.kind, b.name, b.short, b.aliases, b.local,
                        b.generic, b.abbr_case) for b in schema.bodies)
    cues = {j: tuple(s.lower() for s in stems) for j, stems in schema.jurisdiction_cues.items()}
    return AliasIndex(bodies, cues, schema.outlets, schema.not_organizations)


@lru_cache(maxsize=4)
def load_alias_index(path: Path = ALIASES_PATH) -> AliasIndex:
    return parse_aliases(path)
