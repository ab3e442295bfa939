"""``optional_power``: a power of a body given as a right («вправе», «может», «имеет право»).

FACTORS.md: flag when a state body or official holds the right and the power affects a
person; a citizen's or a private organisation's «вправе» is not this factor, nor is «вправе»
between levels of government. The holder is read from natasha's dependency parse:

* active: the ``nsubj`` of the marker (or of the verb the marker is conjoined to);
* passive «может быть приостановлено органом»: the ``obl:agent``; with no agent named, the
  body is implied when the governed verb is an action of a body towards a person
  (``rules/lexicons/body_actions.txt``);
* a point with no subject of its own («2) вправе запрашивать …»): the holder of its lead-in;
* a participle («лицам, имеющим право»): the noun it qualifies; a holder noun right before the
  modal when the parse hangs it elsewhere.

A body's option that only chooses the form of a normative or planning act («вправе утвердить
положения», «могут быть установлены порядок взаимодействия»; ``rules/lexicons/rule_making.txt``
with ``normative_objects.txt``) is not a power over a person (GUIDELINES hard cases 4 and 19).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.detect import ClauseContext, detector, make_finding
from pipeline.matcher import Match
from pipeline.model import Finding
from pipeline.nlp import get_nlp
from pipeline.nlp.lemma import can_be
from pipeline.nlp.syntax import ParsedSentence, SyntaxToken, parse, parse_at, prime_at
from pipeline.rulebook import load_lexicon

# «3.», «1-1)», «а)» at the start of a clause: natasha takes the number for a subject.
_ENUMERATOR = re.compile(r"^\s*(?:\d+(?:[.-]\d+)*[.)]|[а-я]\))\s")
_INFINITIVE = re.compile(r"(ть|ться|чь|чься|ти|тись)$")
_MODIFIER_RELS = ("amod", "nmod", "compound", "flat", "flat:name", "appos", "acl")
# Confidence multipliers by how the holder was established.
_HOW = {"subject": 1.0, "agent": 0.95, "lead_in": 0.85, "implied": 0.8}


@dataclass(frozen=True, slots=True)
class Holder:
    kind: str            # "state", "private" or "unknown"
    text: str            # words naming the holder, for the explanation
    how: str             # key of _HOW


@lru_cache(maxsize=1)
def _lexicons() -> dict[str, frozenset[str]]:
    names = ("state_holders", "state_modifiers", "ambiguous_heads", "private_holders",
             "body_actions", "person_rights", "transferred_powers", "inert_verbs",
             "rule_making", "normative_objects")
    return {name: load_lexicon(name) for name in names}


def _forms(word: str) -> tuple[str, ...]:
    return get_nlp().get_pipe("taza_lemmas").cache.forms(word)


@lru_cache(maxsize=65536)
def _has(word: str, lexicon: str) -> bool:
    return bool(_lexicons()[lexicon].intersection(_forms(word)))


def classify_holder(sent: ParsedSentence, head: SyntaxToken) -> str:
    """"state", "private" or "unknown" for a holder noun phrase headed by ``head``."""
    modifiers = [t.text for t in sent.children(head.index, *_MODIFIER_RELS)]
    for mod in sent.children(head.index, "nmod"):
        modifiers.extend(t.text for t in sent.children(mod.index, "amod"))
    if _has(head.text, "ambiguous_heads"):
        if any(_has(m, "state_modifiers") or _has(m, "state_holders") for m in modifiers):
            return "state"
        return "private" if _has(head.text, "private_holders") else "unknown"
    if _has(head.text, "state_holders"):
        return "state"
    if _has(head.text, "private_holders"):
        return "private"
    # «Исполнительный орган … или орган местного самоуправления»: look at conjoined heads.
    for conj in sent.children(head.index, "conj"):
        if _has(conj.text, "state_holders"):
            return "state"
    return "unknown"


def _is_holder_word(word: str) -> bool:
    return any(_has(word, lexicon) for lexicon in
               ("state_holders", "private_holders", "ambiguous_heads"))


def _phrase(sent: ParsedSentence, head: SyntaxToken, limit: int = 6) -> str:
    words = [t.text for t in sent.subtree(head.index) if t.rel != "punct"]
    return " ".join(words[:limit])


def _words(tokens: Iterable[SyntaxToken]) -> list[SyntaxToken]:
    return [t for t in tokens if any(ch.isalpha() for ch in t.text)]


def _subject(sent: ParsedSentence, marker: SyntaxToken) -> SyntaxToken | None:
    for rels in (("nsubj",), ("nsubj:pass",)):
        found = _words(sent.children(marker.index, *rels))
        # «участник вправе заключить договор, а орган … обязан заключить»: the parser may hang
        # the subject of a later coordinate clause on the modal too; the holder of «вправе»
        # is the nearest subject before it.
        before = [t for t in found if t.start < marker.start]
        if before:
            return before[-1]
        if found and rels == ("nsubj",):
            # «Этот заявитель … вправе заключить договор, а … орган … обязаны заключить»: the
            # parser may hang the first subject on the later verb and the later one on the
            # modal; a subject before the modal, attached past it, is then its holder.
            stray = [t for t in _words(sent.tokens) if t.rel == "nsubj"
                     and t.start < marker.start and t.head is not None and t.head > marker.index]
            if stray:
                return stray[-1]
        if found:
            return found[-1]
    # «Орган рассматривает заявление и вправе отказать»: the subject sits on the first verb.
    if marker.rel in ("conj", "xcomp", "advcl", "parataxis") and marker.head is not None:
        found = _words(sent.children(marker.head, "nsubj"))
        # «Организатор аукциона в установленном … порядке запрашивает …, а также вправе
        # проверить»: the parser may give the first verb a second, stray subject («порядке»);
        # a word that names a holder is the one meant
        named = [t for t in found if _is_holder_word(t.text)]
        if named or found:
            return (named or found)[-1]
    return None


# Instrumentals that name an act, not an actor: «в установленном настоящим Кодексом порядке»
# is parsed with «Кодексом» as the agent of «предоставляться».
# «Законодательством или договором могут быть предусмотрены случаи» (ГК КР ст. 359): a law or
# a contract, not a body, is what sets them (GUIDELINES hard case 5).
_ACTS = frozenset({"кодекс", "закон", "постановление", "указ", "акт", "статья", "пункт", "часть",
                   "правило", "положение", "регламент", "законодательство", "договор",
                   "соглашение"})


def _is_act(word: str) -> bool:
    return not _ACTS.isdisjoint(_forms(word.lower()))


def _agent(sent: ParsedSentence, verb: SyntaxToken) -> SyntaxToken | None:
    """``obl:agent``, or a bare instrumental ``obl`` («продлен руководителем»)."""
    agents = sent.children(verb.index, "obl:agent")
    if agents:
        return agents[0]
    for obl in sent.children(verb.index, "obl"):
        if not sent.children(obl.index, "case") and can_be(obl.text, case="ablt") \
                and not _is_act(obl.text):
            return obl
    return None


_VERB_FORMS = frozenset({"PRTS", "INFN"})     # «может быть продлен», «вправе отказать»
_MODIFIERS = frozenset({"ADJF", "ADVB"})


def governed_verb(sent: ParsedSentence, marker: SyntaxToken, match_end: int) -> SyntaxToken | None:
    """The infinitive or participle the modal governs («вправе отказать», «может быть продлен»)."""
    # Right after the modal the surface settles it: «Законодательством или договором могут
    # быть предусмотрены случаи: … убытки могут быть взысканы» is parsed with «взысканы» under
    # the first «могут».
    for token in sent.tokens[marker.index + 1:marker.index + 4]:
        word = token.text.lower()
        if word in ("быть", "бы", "только", "также", "не"):
            continue
        if token.start >= match_end and (can_be(word, pos=_VERB_FORMS)):
            return token
        break
    for child in sent.children(marker.index, "xcomp", "obj", "nmod", "acl"):
        if child.start >= match_end and (_INFINITIVE.search(child.text.lower())
                                         or sent.children(child.index, "aux:pass")):
            return child
    # «имеет право приобрести»: natasha hangs the verb on «право»; «могут быть предоставлены
    # в собственность»: it may hang the participle elsewhere. A noun that merely ends like an
    # infinitive («собственность», «часть») is not the verb.
    for token in sent.tokens:
        if not match_end <= token.start <= match_end + 40:
            continue
        word = token.text.lower()
        if word in ("быть", "быти"):
            continue
        if sent.children(token.index, "aux:pass") or \
                (_INFINITIVE.search(word) and can_be(word, pos="INFN")):
            return token
    return None


def _is_true_passive(sent: ParsedSentence, verb: SyntaxToken | None) -> bool:
    """«может быть допущен», «могут быть установлены»: a passive participle, whose grammatical
    subject is the one acted upon («Граждане … могут … быть допущены к экзаменам», hard case
    10), never the holder; a reflexive («вправе обратиться») is left to the subject."""
    if verb is None:
        return False
    return bool(sent.children(verb.index, "aux:pass")) or can_be(verb.text.lower(), pos="PRTS")


def _surface_holder(sent: ParsedSentence, marker: SyntaxToken) -> Holder | None:
    """A holder noun standing right before the modal in its own stretch of the sentence
    («…, исполнительный орган … или орган местного самоуправления вправе отказаться»), for
    when the parse hangs it elsewhere (as an object, or on another verb)."""
    for token in reversed(sent.tokens[:marker.index]):
        if token.text in (",", ";", ":", "(", ")") or token.rel == "mark":
            break
        if not any(ch.isalpha() for ch in token.text) or not can_be(token.text, case="nomn"):
            continue
        if _is_holder_word(token.text):
            kind = classify_holder(sent, token)
            if kind != "unknown":
                return Holder(kind, _phrase(sent, token), "subject")
    return None


def _is_passive(sent: ParsedSentence, marker: SyntaxToken, verb: SyntaxToken | None) -> bool:
    if sent.children(marker.index, "nsubj:pass"):
        return True
    if verb is None:
        return False
    return bool(sent.children(verb.index, "aux:pass")) or verb.text.lower().endswith(("ся", "сь"))


def find_holder(ctx: ClauseContext, sent: ParsedSentence, marker: SyntaxToken,
                verb: SyntaxToken | None) -> Holder:
    # «лицам, имеющим право на заключение договора»: a participle's holder is the noun it
    # qualifies.
    if marker.rel == "acl" and marker.head is not None and can_be(marker.text.lower(), pos="PRTF"):
        head = sent.tokens[marker.head]
        return Holder(classify_holder(sent, head), _phrase(sent, head), "subject")
    subject = _subject(sent, marker)
    passive = _is_true_passive(sent, verb)
    if subject is not None and subject.rel == "nsubj" and not passive:
        kind = classify_holder(sent, subject)
        # A named body or person settles it even with a reflexive verb («вправе обратиться»).
        if kind != "unknown":
            return Holder(kind, _phrase(sent, subject), "subject")
    if subject is None and not passive:
        found = _surface_holder(sent, marker)
        if found is not None:
            return found
    if _is_passive(sent, marker, verb):
        agent = _agent(sent, verb) if verb is not None else None
        if agent is None:
            # «Правительством … могут быть установлены»: the parser may hang the agent on the modal.
            agent = next((t for t in sent.children(marker.index)
                          if t.start < marker.start and t != verb and can_be(t.text, case="ablt")
                          and not sent.children(t.index, "case") and not _is_act(t.text)),
                         None)
        if agent is not None:
            return Holder(classify_holder(sent, agent), _phrase(sent, agent), "agent")
        if verb is not None and _has(verb.text, "person_rights"):
            return Holder("private", "заинтересованное лицо", "implied")
        if verb is not None and _has(verb.text, "body_actions"):
            return Holder("state", "уполномоченный орган (подразумевается)", "implied")
        return Holder("unknown", "", "implied")
    if subject is not None:
        return Holder(classify_holder(sent, subject), _phrase(sent, subject), "subject")
    return _lead_in_holder(ctx)


def _lead_in_holder(ctx: ClauseContext) -> Holder:
    """The holder named by the lead-in of a list («Уполномоченный орган: … 2) вправе …»)."""
    parent = ctx.parent()
    if parent is None:
        return Holder("unknown", "", "lead_in")
    for sent in parse_clause(parent.text):
        for token in sent.tokens:
            if token.rel == "nsubj" or (token.head is None and token.index == 0):
                kind = classify_holder(sent, token)
                if kind != "unknown":
                    return Holder(kind, _phrase(sent, token), "lead_in")
    return Holder("unknown", "", "lead_in")


def _between_bodies(sent: ParsedSentence, verb: SyntaxToken | None) -> bool:
    """The power reaches only bodies: «вправе давать органам власти субъектов указания»,
    «может передавать им осуществление части своих полномочий» (FACTORS.md ruling)."""
    if verb is None:
        return False
    agent = _agent(sent, verb)
    targets = [t for t in sent.children(verb.index, "obj", "iobj", "obl")
               if t != agent and not _INFINITIVE.search(t.text.lower())]
    if not targets or any(_has(t.text, "private_holders") for t in targets):
        return False
    if all(_has(t.text, "state_holders") for t in targets):
        return True
    return any(_has(w.text, "transferred_powers")
               for t in sent.children(verb.index, "obj") for w in sent.subtree(t.index))


def _sets_normative_act(sent: ParsedSentence, verb: SyntaxToken | None,
                        marker: SyntaxToken | None = None) -> bool:
    """«Правительство … вправе утвердить отдельно положения о зонах», «Правительством … могут
    быть установлены порядок взаимодействия …», «может быть утверждена комплексная схема»: the
    option is which normative or planning act to make and in what form (GUIDELINES hard cases
    4 and 19), not what a person may or must do. «могут быть установлены случаи / иные
    документы / требования» stays a power (precedent 2)."""
    if verb is None or not _has(verb.text, "rule_making"):
        return False
    objects = sent.children(verb.index, "obj", "nsubj:pass")
    if marker is not None:
        objects += sent.children(marker.index, "nsubj:pass")
    # the parse may hang the object of a passive on the modal, or miss it: the first noun
    # after the verb, past its adjectives and adverbs, is read as well
    following = [t for t in sent.tokens[verb.index + 1:verb.index + 4]
                 if any(ch.isalpha() for ch in t.text)]
    for token in following:
        word = token.text.lower()
        if can_be(word, pos="PRTF") or can_be(word, pos=_MODIFIERS, likeliest=True):
            continue
        objects.append(token)
        break
    return any(_has(t.text, "normative_objects") for t in objects)


def _regional_lawmaker(holder: Holder, verb: SyntaxToken | None) -> bool:
    """«Органами государственной власти субъектов Российской Федерации может быть установлен
    перечень …»: these bodies include the regional legislature, so the norm may be set by a
    regional law, which is not a power of a body (hard case 5; round 6, zkrf-39.5-6 and
    zkrf-39.36-1-6)."""
    return verb is not None and _has(verb.text, "rule_making") \
        and "государственной власти субъект" in holder.text.lower()


def _blank_enumerator(text: str) -> str:
    found = _ENUMERATOR.match(text)
    return " " * found.end() + text[found.end():] if found else text


def parse_clause(text: str) -> tuple[ParsedSentence, ...]:
    """Parse with the leading enumerator blanked out; offsets stay those of ``text``."""
    return parse(_blank_enumerator(text))


def parse_near(text: str, offset: int) -> tuple[ParsedSentence, ...]:
    """Parse of the window around ``offset`` (see ``pipeline.nlp.syntax.window``)."""
    return parse_at(_blank_enumerator(text), offset)


def is_inert(doc, match: Match) -> bool:
    """The word the modal governs, read without a parse («может быть включен», «вправе
    представить»), is one that never makes a power of a body over a person."""
    for token in doc[match.end:match.end + 3]:
        word = token.lower_
        if word in ("быть", "бы", "только", "также", "не"):
            continue
        return _has(word, "inert_verbs")
    return False


def prime_syntax(items: list[tuple[str, int]]) -> None:
    """Parse the windows of many (clause text, marker offset) pairs in one batch."""
    prime_at([(_blank_enumerator(text), offset) for text, offset in items])


def _sentence_of(sentences: Sequence[ParsedSentence], offset: int):
    for sent in sentences:
        token = sent.token_at(offset)
        if token is not None:
            return sent, token
    return None, None


@detector("optional_power")
def detect(ctx: ClauseContext, matches: Sequence[Match]) -> Iterable[Finding]:
    for match in matches:
        if is_inert(ctx.doc, match) or not ctx.accepts(match):
            continue
        start = ctx.doc[match.start].idx
        last = ctx.doc[match.end - 1]
        end = last.idx + len(last.text)
        sent, marker = _sentence_of(parse_near(ctx.clause.text, start), start)
        if sent is None:
            continue
        verb = governed_verb(sent, marker, end)
        holder = find_holder(ctx, sent, marker, verb)
        if match.rule.holder == "state" and holder.kind != "state":
            continue
        if _between_bodies(sent, verb) or _sets_normative_act(sent, verb, marker):
            continue
        if _regional_lawmaker(holder, verb):
            continue
        if verb is not None and verb.end > end and verb.start - end <= 40:
            end = verb.end
        explanation = match.rule.explanation.format(holder=holder.text or "орган",
                                                    evidence=ctx.clause.text[start:end])
        yield make_finding(ctx, match.rule, start, end,
                           match.rule.confidence * _HOW[holder.how], explanation)
