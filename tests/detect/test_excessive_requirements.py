"""excessive_requirements on real clauses of ../shared/data/acts: who submits, and is it closed."""
from __future__ import annotations

import pytest

from pipeline.model import Address, Clause

FACTOR = "excessive_requirements"


def _found(analyzer, clauses: list[tuple[Address, str]]) -> list[list[str]]:
    items, at = [], 0
    for address, text in clauses:
        items.append(Clause(address, at, at + len(text), text))
        at += len(text) + 1
    return [[f.evidence for f in found if f.factor == FACTOR]
            for found in analyzer.analyze_clauses(items)]


def test_point_of_a_list_the_person_submits_is_found_through_its_lead_in(analyzer):
    # ГрК РФ, ст. 55.6 ч. 2: the point alone does not say who submits the documents
    lead_in = ("2. Для приема в члены саморегулируемой организации индивидуальный предприниматель "
               "или юридическое лицо представляет в саморегулируемую организацию следующие "
               "документы:")
    point = ("4) документы, подтверждающие наличие у индивидуального предпринимателя или "
             "юридического лица специалистов, указанных в статье 55.5-1 настоящего Кодекса;")
    alone = _found(analyzer, [(Address(article="55.6", part="2", point="4"), point)])
    assert alone == [[]]
    found = _found(analyzer, [(Address(article="55.6", part="2"), lead_in),
                              (Address(article="55.6", part="2", point="4"), point)])
    assert found == [[], ["документы, подтверждающие"]]


def test_contents_of_a_file_kept_by_an_organisation_are_not_a_demand(analyzer):
    # ГрК РФ, ст. 55.6 ч. 15: what the organisation's file holds, not what a person must bring
    lead_in = ("15. Саморегулируемая организация в отношении каждого лица, принятого в члены "
               "саморегулируемой организации, ведет дело члена саморегулируемой организации. В "
               "состав такого дела входят:")
    point = "6) иные документы в соответствии с решением саморегулируемой организации."
    found = _found(analyzer, [(Address(article="55.6", part="15"), lead_in),
                              (Address(article="55.6", part="15", point="6"), point)])
    assert found == [[], []]


@pytest.mark.parametrize(("text", "spans", "source"), [
    ("10. Не допускается требовать иные документы для получения разрешения на строительство, за "
     "исключением указанных в части 7 настоящей статьи документов.", [],
     "ГрК РФ, ст. 51 ч. 10 — a ban on other documents"),
    ("2) документ, подтверждающий полномочия представителя застройщика, в случае, если "
     "уведомление о планируемом строительстве направлено представителем застройщика;", [],
     "ГрК РФ, ст. 51.1 ч. 3 п. 2 — one named document"),
], ids=lambda v: v[:30] if isinstance(v, str) else None)
def test_single_clauses(analyzer, text, spans, source):
    assert _found(analyzer, [(Address(article="1"), text)]) == [spans], source
