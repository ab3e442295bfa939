"""Facts about a finding's clause and article that the confidence model reads.

The detectors already look at the article around a match (a deadline set elsewhere, the form
of a decision, the route of appeal, the lead-in of a list); the calibrator is given the same
facts, so it can learn, for instance, that a «может быть установлено» inside a list item is
rarely a power over a person. Everything here is cheap and memoised per article
(``ClauseContext.shared``): facts are computed only when a calibrator is in use.
"""
from __future__ import annotations

import re

from pipeline.detect import ClauseContext
from pipeline.model import Finding

_COURT = re.compile(r"\bсуд(?:а|ом|у|е|ы|ов|ебн\w*)?\b", re.IGNORECASE)
_GOVERNMENT = re.compile(r"правительств|кабинет\w*\s+министров", re.IGNORECASE)
_LAW = re.compile(r"(?:федеральн\w+|конституционн\w+)\s+закон|\bзакон(?:ом|ами)\b", re.IGNORECASE)
# «термин - это …», «под … понимается»: a definition names, it does not empower.
_DEFINITION = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]\s*)?[^.;:]{2,120}?\s[-–—]\s|понима\w+",
                         re.IGNORECASE)


def _article_fact(ctx: ClauseContext, name: str) -> bool:
    key = "fact_" + name
    found = ctx.shared.get(key)
    if found is None:
        from pipeline.detect.procedure import _DEADLINE, _article_sets

        if name == "deadline":
            found = any(_DEADLINE.search(c.text) for c in ctx.article or (ctx.clause,))
        else:
            found = _article_sets(ctx, name)
        ctx.shared[key] = found
    return found


def finding_facts(ctx: ClauseContext, finding: Finding) -> dict[str, object]:
    """Facts of one finding of the clause of ``ctx``: booleans, numbers and short labels."""
    text = ctx.clause.text
    at = finding.start - ctx.clause.start
    before = text[:at]
    facts: dict[str, object] = {
        "in_list": ctx.parent() is not None,
        "article_size": min(len(ctx.article), 40) / 10.0,
        "position": round(at / max(len(text), 1), 2),
        "in_parentheses": before.count("(") > before.count(")"),
        "article_deadline": _article_fact(ctx, "deadline"),
        "article_form": _article_fact(ctx, "form"),
        "article_notice": _article_fact(ctx, "notice"),
        "article_appeal": _article_fact(ctx, "appeal"),
        "government": bool(_GOVERNMENT.search(finding.evidence)),
        "court": bool(_COURT.search(text)),
        "law": bool(_LAW.search(text)),
        "definition": bool(_DEFINITION.search(text[:200])),
    }
    return facts
