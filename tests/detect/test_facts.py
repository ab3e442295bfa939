"""Facts of a finding's clause and article that the confidence model reads."""
from __future__ import annotations

import pytest

from pipeline.detect import Analyzer
from pipeline.model import Address, Clause


class _Keep:
    """A stand-in calibrator that keeps the facts it is given."""

    meta: dict = {}
    threshold = 0.0
    thresholds: dict = {}

    def __init__(self) -> None:
        self.seen: list[dict] = []

    def apply_many(self, items):
        for _, found, facts in items:
            self.seen.extend(facts)
        return [item[1] for item in items]


@pytest.fixture(scope="module")
def keep():
    keeper = _Keep()
    return keeper, Analyzer(calibrator=keeper, min_confidence=0.0)


@pytest.mark.parametrize("clauses, fact, value", [
    # ЗК РФ, ст. 98 ч. 2: the list is set by the Government
    (["2. На землях рекреационного назначения допускается создание объектов, предназначенных "
      "для осуществления рекреационной деятельности. Перечень таких объектов устанавливается "
      "Правительством Российской Федерации."], "government", True),
    # Закон КР о дорожном движении, ст. 2: «и т.д.» inside the parenthesis of examples (the
    # Civil Code's private-law clauses once used here are no longer flagged at all)
    (["Регулирование деятельности юридических и физических лиц, связанной с эксплуатацией "
      "(услуги по предоставлению в прокат, аренду и т.д.) средств индивидуальной мобильности, "
      "осуществляется органами местного самоуправления в соответствии с порядком, "
      "определяемым Кабинетом Министров Кыргызской Республики."],
     "in_parentheses", True),
    # the article sets the route of appeal in another clause
    (["1. Уполномоченный орган вправе отказать в предоставлении земельного участка.",
      "2. Отказ может быть обжалован в судебном порядке."], "article_appeal", True),
    (["1. Уполномоченный орган вправе отказать в предоставлении земельного участка."],
     "article_appeal", False),
])
def test_facts_of_real_clauses(keep, clauses, fact, value):
    keeper, analyzer = keep
    keeper.seen.clear()
    offset, built = 0, []
    for text in clauses:
        built.append(Clause(Address(article="7", part=str(len(built) + 1)), offset,
                            offset + len(text), text))
        offset += len(text) + 1
    found = analyzer.analyze_clauses(built)
    assert found[0], "the first clause must give a finding"
    first = keeper.seen[0]
    assert bool(first[fact]) is value

