"""optional_power on real clauses of the acts in ../shared/data/acts: the holder decides."""
from __future__ import annotations

import pytest

from pipeline.detect.optional_power import parse_clause
from pipeline.model import Address, Clause

# (clause, expected evidence spans, where it comes from)
CASES = [
    ("6. Орган местного самоуправления или орган исполнительной власти, принявшие решение об "
     "изъятии, в том числе по результатам выявления правообладателей изымаемой недвижимости и "
     "(или) переговоров с ними об изъятии земельных участков, по согласованию с лицом, подавшим "
     "ходатайство об изъятии земельных участков (при его наличии), вправе утвердить иной вариант "
     "схемы расположения земельного участка.",
     ["вправе утвердить"], "ЗК РФ, ст. 56.6 — body named far before the marker"),
    ("15. В случаях, предусмотренных пунктами 2 и 3 части 13 настоящей статьи, орган местного "
     "самоуправления, осуществивший снос самовольной постройки или ее приведение в соответствие с "
     "установленными требованиями, вправе требовать возмещения расходов на выполнение работ по "
     "сносу самовольной постройки или ее приведению в соответствие с установленными требованиями "
     "от лиц, указанных в части 6 настоящей статьи.",
     ["вправе требовать"], "ГрК РФ, ст. 55.32 — a demand towards persons"),
    ("5.1. Лицо, осуществляющее строительство, вправе не представлять документы, предусмотренные "
     "пунктами 1 и 5 части 5 настоящей статьи. В этом случае органы государственного строительного "
     "надзора самостоятельно запрашивают указанные документы (сведения, содержащиеся в них) в "
     "органе, выдавшем разрешение на строительство.",
     [], "ГрК РФ, ст. 54 — a private builder's right"),
    ("1. Земельный участок является особым объектом гражданских правоотношений и может быть "
     "предметом купли-продажи, дарения, мены, ипотеки и других сделок, а также переходить в "
     "порядке универсального правопреемства с ограничениями, установленными настоящим Кодексом.",
     [], "ЗК КР — «может» of a possibility, not a power"),
    ("2. Кабинет Министров Кыргызской Республики по соглашению с местными государственными "
     "администрациями и местными самоуправлениями может передавать им осуществление части своих "
     "полномочий в области обеспечения безопасности дорожного движения.",
     [], "Закон КР о дорожном движении — between levels of government"),
]


@pytest.mark.parametrize(("text", "spans", "source"), CASES, ids=[c[2][:40] for c in CASES])
def test_holder_decides(analyzer, text, spans, source):
    found = analyzer.analyze_clauses([Clause(Address(article="1"), 100, 100 + len(text), text)])[0]
    got = [f.evidence for f in found if f.factor == "optional_power"]
    assert got == spans, source
    for finding in found:
        # Offsets are document offsets: the clause starts at 100 here.
        assert text[finding.start - 100:finding.end - 100] == finding.evidence
        assert finding.address == Address(article="1")


def test_lead_in_names_the_holder_of_a_point(analyzer):
    lead_in = ("2. Должностные лица органов, осуществляющих контроль за соблюдением "
               "законодательства о градостроительной деятельности, имеют право:")
    point = "3) вправе запрашивать документы, необходимые для проверки;"
    text = lead_in + "\n" + point
    clauses = [Clause(Address(article="8.1", part="2"), 0, len(lead_in), lead_in),
               Clause(Address(article="8.1", part="2", point="3"), len(lead_in) + 1, len(text),
                      point)]
    found = analyzer.analyze_clauses(clauses)
    assert [f.evidence for f in found[1]] == ["вправе запрашивать"]
    assert "Должностные лица" in found[1][0].explanation
    # The same point alone has no holder, so nothing is claimed.
    alone = analyzer.analyze_clauses([Clause(Address(article="x", point="3"), 0, len(point), point)])
    assert alone == [[]]


def test_enumerator_is_not_taken_for_the_subject():
    sentence = parse_clause("3. Уполномоченный орган вправе отказать в предоставлении.")[0]
    subjects = [t.text for t in sentence.tokens if t.rel == "nsubj"]
    assert subjects == ["орган"]
