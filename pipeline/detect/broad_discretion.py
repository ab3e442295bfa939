"""``broad_discretion``: a body acts on a condition it judges itself, or chooses freely.

The rules of ``rules/broad_discretion.yaml`` do the matching and the context checks; this
module adds one check that wording alone cannot make: «при необходимости» followed by a noun
in the genitive names the need («в случае необходимости сноса объектов», «при необходимости
прекращения работ»), so nothing is left for the body to judge. Only the one word after the
match is looked up in pymorphy (no syntax parse), which keeps the detector cheap.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.detect import ClauseContext, detector, lexical_detector
from pipeline.matcher import Match
from pipeline.model import Finding
from pipeline.nlp.lemma import morph_analyzer

# Rules whose marker is the noun «необходимость» and may take a genitive complement.
NEED_RULES = frozenset({"broad_discretion.neobkhodimost"})
_NAMED_POS = frozenset({"NOUN", "ADJF", "PRTF", "NPRO"})


def names_the_need(ctx: ClauseContext, match: Match) -> bool:
    """Whether the word right after «необходимости» is a genitive noun phrase."""
    if match.end >= len(ctx.doc):
        return False
    word = ctx.doc[match.end].text
    if not any(ch.isalpha() for ch in word):
        return False            # «в случае необходимости, на основании …»: nothing named
    return any(p.tag.case == "gent" and p.tag.POS in _NAMED_POS
               for p in morph_analyzer().parse(word.lower()))


@detector("broad_discretion")
def detect(ctx: ClauseContext, matches: Sequence[Match]) -> Iterable[Finding]:
    kept = [m for m in matches if m.rule.id not in NEED_RULES or not names_the_need(ctx, m)]
    return lexical_detector(ctx, kept)
