"""no_competition on real clauses of ../shared/data/acts: «без торгов» needs a body's choice."""
from __future__ import annotations

from pipeline.model import Address, Clause

FACTOR = "no_competition"


def _found(analyzer, clauses: list[tuple[Address, str]]) -> list[list[str]]:
    items, at = [], 0
    for address, text in clauses:
        items.append(Clause(address, at, at + len(text), text))
        at += len(text) + 1
    return [[f.evidence for f in found if f.factor == FACTOR]
            for found in analyzer.analyze_clauses(items)]


LEAD_IN = ("2. Договор аренды земельного участка, находящегося в государственной или муниципальной "
           "собственности, заключается без проведения торгов в случае предоставления:")


def test_point_chosen_by_a_decree_is_found_and_the_lead_in_is_not(analyzer):
    # ЗК РФ, ст. 39.6 ч. 2: the lead-in of a list of cases is not flagged by itself
    point = ("1) земельного участка юридическим лицам в соответствии с указом или распоряжением "
             "Президента Российской Федерации;")
    found = _found(analyzer, [(Address(article="39.6", part="2"), LEAD_IN),
                              (Address(article="39.6", part="2", point="1"), point)])
    assert found == [[], ["указом или распоряжением Президента"]]


def test_closed_point_of_the_same_list_is_not_flagged(analyzer):
    # ЗК РФ, ст. 39.6 ч. 2 п. 9: a named category of person and plot
    point = ("9) земельного участка, на котором расположены здания, сооружения, собственникам "
             "зданий, сооружений, помещений в них и (или) лицам, которым здания, сооружения, "
             "находящиеся в государственной или муниципальной собственности, предоставлены в "
             "аренду, на праве хозяйственного ведения или в случаях, предусмотренных статьей 39.20 "
             "настоящего Кодекса, на праве оперативного управления;")
    found = _found(analyzer, [(Address(article="39.6", part="2"), LEAD_IN),
                              (Address(article="39.6", part="2", point="9"), point)])
    assert found == [[], []]


def test_procedure_defined_by_the_executive(analyzer):
    text = ("6. Допускается предоставление земельного участка в пользование частным партнерам в "
            "рамках реализации соглашения о государственно-частном партнерстве без проведения "
            "торгов в порядке, определяемом Правительством Кыргызской Республики.")
    found = _found(analyzer, [(Address(article="29", part="6"), text)])
    assert found == [["без проведения торгов", "определяемом Правительством"]]   # ЗК КР, ст. 29 ч. 6
