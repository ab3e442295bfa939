from __future__ import annotations

from pipeline.matcher import LemmaMatcher
from pipeline.nlp import get_nlp
from pipeline.rulebook import Examples, Example, Rule, TokenSpec


def _rule(rule_id: str, *specs: TokenSpec, negated=()) -> Rule:
    examples = Examples(positive=(Example(text="орган вправе", source="src", evidence="вправе"),),
                        negative=(Example(text="гражданин", source="src"),))
    return Rule(rule_id, "optional_power", "t", specs, frozenset(negated), "any", 0.5, "e",
                examples)


def test_matches_any_inflection_through_lemmas():
    rule = _rule("optional_power.t", TokenSpec(lemma=("иметь",)), TokenSpec(lemma=("право",)))
    doc = get_nlp()("Граждане имели право, орган имеет право, лица имеющие правом.")
    spans = [doc[m.start:m.end].text for m in LemmaMatcher([rule])(doc)]
    assert spans == ["имели право", "имеет право", "имеющие правом"]


def test_optional_token_and_negation():
    rule = _rule("optional_power.t", TokenSpec(lemma=("мочь",)),
                 TokenSpec(lemma=("быть",), optional=True), TokenSpec(lemma=("продлить",)),
                 negated=("не",))
    doc = get_nlp()("Срок может быть продлен. Срок может продлить. Срок не может быть продлен.")
    spans = [doc[m.start:m.end].text for m in LemmaMatcher([rule])(doc)]
    assert spans == ["может быть продлен", "может продлить"]
