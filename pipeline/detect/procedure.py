"""Procedure checks: ``missing_deadline`` and ``missing_procedure``.

Both start from an action of a body towards a person found by the rules of
``rules/missing_deadline.yaml`` and ``rules/missing_procedure.yaml`` (рассматривает заявление,
принимает решение, выдаёт, регистрирует, отказывает, возвращает, направляет ответ …) and then
look at the structure around it, not at words alone:

* who acts: natasha's parse gives the subject (or the agent of a passive); an action of a
  citizen, applicant or private organisation is not a procedure of a body;
* ``missing_deadline``: is a time limit set for the action in the clause, in the lead-in of its
  list, or in another clause of the same article (FACTORS.md: a deadline set elsewhere in the
  article counts), or delegated to a named act? A vague limit («в разумный срок»,
  «своевременно», «в установленный срок» with no source) is no limit;
* ``missing_procedure``: for a decision against a person (refusal, suspension, seizure,
  termination), does the article set the form of the decision or how the person learns of
  it (notification, a copy sent), or the route of appeal?
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from pipeline.detect import ClauseContext, detector, make_finding
from pipeline.detect.optional_power import _has, _lead_in_holder
from pipeline.matcher import Match
from pipeline.model import Finding
from pipeline.nlp.lemma import can_be, parts_of_speech

_ROUNDED = re.compile("[\u1c80-\u1c88]")


class _Cue:
    """A case-insensitive pattern and the words that every match of it contains.

    Python's case-insensitive scan of Cyrillic text is slow (about five megabytes a second
    here), and most clauses hold none of the words: those are not scanned. The words are in
    lower case and looked for in the lower-cased text; the rounded Cyrillic letters
    (U+1C80–U+1C88) match «в», «д», «о», «с», «т» case-insensitively without lower-casing to
    them, so a text with one of them is always scanned.
    """

    def __init__(self, pattern: str, words: tuple[str, ...]) -> None:
        self.regex = re.compile(pattern, re.IGNORECASE)
        self.words = words

    def may_match(self, text: str) -> bool:
        lowered = text.lower()
        return any(word in lowered for word in self.words) or _ROUNDED.search(text) is not None

    def search(self, text: str) -> re.Match | None:
        return self.regex.search(text) if self.may_match(text) else None

    def finditer(self, text: str) -> Iterator[re.Match]:
        return self.regex.finditer(text) if self.may_match(text) else iter(())


# A time limit: «в течение десяти рабочих дней», «не позднее чем через», «в срок до»,
# «в пятидневный срок», «срок … не может превышать», «незамедлительно», «в день поступления».
_DEADLINE = _Cue(
    r"в\s+течени[еи]|не\s+позднее|не\s+позже|в\s+срок\s+(?:до|не\s+более|не\s+позднее)"
    r"|\b\w+дневн\w+\s+срок|срок\w*\s+(?:\w+\s+){0,6}(?:не\s+может\s+превышать|составляет|"
    r"не\s+должен\s+превышать)|не\s+более\s+(?:чем\s+)?(?:\w+\s+){0,2}(?:рабоч|календарн|дн|день|месяц)"
    r"|(?:рабоч|календарн)\w*\s+(?:дн|день|дня)|\bдн(?:я|ей)\s+(?:со\s+дня|с\s+даты|с\s+момента|после)"
    r"|незамедлительно|немедленно|в\s+день\s+(?:\w+\s+)?(?:поступлени|получени|подачи|обращени|регистрац)"
    r"|в\s+сроки?,?\s+(?:установленн|предусмотренн|определенн)\w*\s+(?:стать|пункт|част|правил|"
    r"настоящ|постановлени|порядк|регламент|законом|федеральным)"
    r"|в\s+срок,?\s+(?:установленн|предусмотренн|указанн)\w*\s+(?:в\s+)?(?:стать|пункт|част|подпункт)"
    r"|срок\w*,?\s+(?:предусмотренн|установленн|указанн)\w*\s+(?:стать|пункт|част|подпункт)",
    ("течени", "позднее", "позже", "срок", "более", "рабоч", "календарн", "дня", "дней",
     "незамедлительно", "немедленно", "день"))
# A limit in name only.
_VAGUE = _Cue(r"в\s+разумн\w+\s+срок|своевременн\w*|в\s+установленн\w+\s+сроки?(?![\s,]*"
              r"(?:стать|пункт|част|настоящ|законом|правил))|в\s+кратчайш\w+\s+срок",
              ("разумн", "своевременн", "установленн", "кратчайш"))
# A decision's form, the person's notification, a copy sent, an appeal route.
# «с указанием причин принятого решения» (ГрК РФ, ст. 49.1 ч. 2): a reasoned decision.
_FORM = _Cue(r"в\s+письменной\s+форме|письменн\w+|мотивированн\w+|в\s+форме\s+(?:электронного\s+)?"
             r"документ|оформля\w+\s+(?:приказ|распоряжени|постановлени|решени|акт)"
             r"|в\s+виде\s+(?:приказ|распоряжени|постановлени|акт)"
             r"|с\s+указанием\s+(?:\w+\s+)?(?:причин|оснований|мотивов)",
             ("письменн", "мотивированн", "документ", "оформля", "виде", "указанием"))
_NOTICE = _Cue(r"уведом\w+|извещ\w+|направля\w+\s+(?:\w+\s+){0,4}(?:копи|решени|заявител|лиц)"
               r"|направ\w+\s+(?:\w+\s+){0,4}(?:копи|заявител)|выда\w+\s+(?:\w+\s+){0,3}копи"
               r"|информир\w+|сообща\w+|довод\w+\s+до\s+сведения|вруча\w+|опублико\w+",
               ("уведом", "извещ", "направ", "копи", "информир", "сообща", "сведения", "вруча",
                "опублико"))
_APPEAL = _Cue(r"обжалова\w+|оспор\w+", ("обжалова", "оспор"))


def _holder_kind(ctx: ClauseContext, match: Match) -> str:
    """Who performs the action: "state", "private" or "unknown", read from the words around
    it without a parse (procedure verbs are many; the parse is kept for «вправе»):

    * the nearest holder noun before the verb in its sentence («Уполномоченный орган …
      рассматривает», «Лицо, осуществляющее строительство, обязано известить»);
    * else an instrumental agent right after a passive verb («выдается уполномоченным
      органом»);
    * else the holder named by the lead-in of the list.
    """
    doc = ctx.doc
    # «лицензию, выдаваемую уполномоченным государственным органом», «выдается органом»: a
    # passive names its agent after it, whoever else stands before it
    word = doc[match.start].lower_
    if word.endswith(("ся", "сь")) or set(parts_of_speech(word)) & _PARTICIPLE:
        for i in range(match.end, min(len(doc), match.end + 4)):
            if can_be(doc[i].text, case="ablt") and _noun_kind(doc[i].text) == "state":
                return "state"
    for i in range(match.start - 1, max(-1, match.start - 40), -1):
        token = doc[i]
        if token.text in ".;:" and i < match.start - 1:
            break
        if can_be(token.text, case="nomn"):
            kind = _noun_kind(token.text)
            if kind is not None:
                return kind
    for i in range(match.end, min(len(doc), match.end + 4)):
        if can_be(doc[i].text, case="ablt"):
            kind = _noun_kind(doc[i].text)
            if kind is not None:
                return kind
    return _lead_in_holder(ctx).kind if ctx.parent() is not None else "unknown"


def _noun_kind(word: str) -> str | None:
    if _has(word, "state_holders"):
        return "state"
    if _has(word, "private_holders") or _has(word, "ambiguous_heads"):
        return "private"
    return None


def _has_deadline(ctx: ClauseContext, text: str) -> bool:
    """Whether ``text`` sets a time limit; a lead-in is asked once for each of its points,
    hence the memo (one per article and analysis)."""
    memo = ctx.shared.setdefault("has_deadline", {})
    found = memo.get(text)
    if found is None:
        found = memo[text] = _DEADLINE.search(text) is not None
    return found


def _article_deadlines(ctx: ClauseContext) -> list[tuple[int, str]]:
    """The deadlines set in the article: for each, the start of its clause and the
    lower-cased text around it. Computed once per article, and only when a clause's own
    wording settles nothing."""
    deadlines = ctx.shared.get("deadlines")
    if deadlines is None:
        deadlines = []
        for clause in ctx.article:
            # «По межведомственным запросам органов … предоставляются не позднее пяти рабочих
            # дней»: a limit for requests of bodies does not bound the same action towards a
            # person (GUIDELINES, grkrf-57-17)
            lowered = clause.text.lower()
            if "межведомствен" in lowered:
                continue
            found = list(_DEADLINE.finditer(clause.text))
            # «В срок не более чем тридцать дней … совершает одно из следующих действий: …
            # 3) принимает решение об отказе …»: the lead-in's limit governs its points.
            lead_in = ctx.parent(clause)
            governed = lead_in is not None and _has_deadline(ctx, lead_in.text)
            if found or governed:
                deadlines.extend((clause.start, lowered[max(0, m.start() - 200):m.end() + 200])
                                 for m in found)
                if governed:
                    deadlines.append((clause.start, lowered))
        ctx.shared["deadlines"] = deadlines
    return deadlines


def _article_sets(ctx: ClauseContext, what: str) -> bool:
    """Whether the article sets the decision's ``form``, the person's ``notice`` or an
    ``appeal`` route; computed once per article and question."""
    key = "sets_" + what
    found = ctx.shared.get(key)
    if found is None:
        pattern = {"form": _FORM, "notice": _NOTICE, "appeal": _APPEAL}[what]
        texts = [c.text for c in ctx.article] or [ctx.clause.text]
        found = ctx.shared[key] = any(pattern.search(t) for t in texts)
    return found


def _action_keys(ctx: ClauseContext, match: Match) -> tuple[str, ...]:
    """Stems that name the action in other clauses: «выдаётся» ~ «выдачи», «решение»; only
    the words the pattern names (its first and last), not the words in its gaps."""
    keys = []
    for i in {match.start, match.end - 1}:
        word = ctx.doc[i].lower_
        if len(word) >= 4:
            keys.append(word[:4] if i == match.start else word[:6])
    return tuple(keys)


def deadline_status(ctx: ClauseContext, match: Match) -> str:
    """"vague", "set" or "missing" for the action of ``match``, judged with its article.

    A limit in the clause itself (or in the lead-in of its list) governs its action; a limit in
    another clause of the article counts when that clause names the same action near it
    («Разрешение выдается …» / «… в течение пяти дней со дня выдачи разрешения»)."""
    text = ctx.clause.text
    if _VAGUE.search(text):
        return "vague"
    parent = ctx.parent()
    if _has_deadline(ctx, text) or (parent is not None and _has_deadline(ctx, parent.text)):
        return "set"
    keys = _action_keys(ctx, match)
    for start, around in _article_deadlines(ctx):
        if start != ctx.clause.start and any(key in around for key in keys):
            return "set"
    return "missing"


_PARTICIPLE = {"PRTF", "PRTS", "GRND"}
_FINITE = {"VERB", "INFN"}


def _is_attribute(ctx: ClauseContext, match: Match, short: bool = True) -> bool:
    """«принятое решение», «выданные разрешения»: a participle names a past act, not a duty.
    With ``short=False`` a short participle («может быть приостановлено») is an action. A
    present participle with a body as its agent names the body's standing duty:
    «лицензию, выдаваемую уполномоченным государственным органом» (GUIDELINES, ddkg-261-1)."""
    word = ctx.doc[match.start].lower_
    pos = set(parts_of_speech(word))
    if not short:
        pos.discard("PRTS")
    if not (pos & _PARTICIPLE) or pos & _FINITE:
        return False
    return not (can_be(word, pos="PRTF", tense="pres") and _body_agent_follows(ctx, match))


def _body_agent_follows(ctx: ClauseContext, match: Match) -> bool:
    """An instrumental state body within three words after the match («… уполномоченным
    государственным органом»)."""
    for token in ctx.doc[match.end:match.end + 3]:
        if can_be(token.text, case="ablt") and _noun_kind(token.text) == "state":
            return True
    return False


def _first_per_clause(ctx: ClauseContext, matches: Sequence[Match]) -> list[tuple[int, int, Match]]:
    kept: list[tuple[int, int, Match]] = []
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if not ctx.accepts(match):
            continue
        start, end = ctx.span(match)
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, match))
    return kept


@detector("missing_deadline")
def detect_missing_deadline(ctx: ClauseContext, matches: Sequence[Match]) -> Iterable[Finding]:
    for start, end, match in _first_per_clause(ctx, matches):
        if _is_attribute(ctx, match):
            continue
        status = deadline_status(ctx, match)
        if status == "set":
            continue
        kind = _holder_kind(ctx, match)
        # a rule with ``holder: state`` («уведомляет», «разрешается») needs the body named:
        # guarantors, attorneys and courts notify and settle too (round 7, ГК КР)
        if kind == "private" or (match.rule.holder == "state" and kind != "state"):
            continue
        confidence = match.rule.confidence * (1.0 if kind == "state" else 0.8)
        evidence = ctx.clause.text[start:end]
        explanation = match.rule.explanation.format(evidence=evidence, holder="орган")
        if status == "vague":
            explanation += " Срок указан оценочно («разумный», «своевременно», «установленный»)."
        yield make_finding(ctx, match.rule, start, end, confidence, explanation)
        return   # one finding per clause: the first unbounded action


@detector("missing_procedure")
def detect_missing_procedure(ctx: ClauseContext, matches: Sequence[Match]) -> Iterable[Finding]:
    if _article_sets(ctx, "form") or _article_sets(ctx, "notice"):
        return
    for start, end, match in _first_per_clause(ctx, matches):
        if _is_attribute(ctx, match, short=False) or _holder_kind(ctx, match) == "private":
            continue
        appeal = _article_sets(ctx, "appeal")
        confidence = match.rule.confidence * (0.85 if appeal else 1.0)
        evidence = ctx.clause.text[start:end]
        yield make_finding(ctx, match.rule, start, end, confidence,
                           match.rule.explanation.format(evidence=evidence, holder="орган"))
        return
