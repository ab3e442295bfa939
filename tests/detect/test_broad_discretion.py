"""broad_discretion on real clauses of ../shared/data/acts: the need, the holder and the
article's grounds of refusal decide."""
from __future__ import annotations

import pytest

from pipeline.model import Address, Clause

FACTOR = "broad_discretion"


def _found(analyzer, *texts: str, article: str = "1") -> list[list[str]]:
    clauses, at = [], 0
    for text in texts:
        clauses.append(Clause(Address(article=article, part=str(len(clauses) + 1)), at,
                              at + len(text), text))
        at += len(text) + 1
    return [[f.evidence for f in found if f.factor == FACTOR]
            for found in analyzer.analyze_clauses(clauses)]


# (clause, expected evidence, where it comes from)
CASES = [
    ("б) сноса объектов капитального строительства (в случае необходимости сноса объектов "
     "капитального строительства, их частей для строительства, реконструкции других объектов "
     "капитального строительства).",
     [], "ГрК РФ, ст. 42 — the need is named (genitive), nothing left to the body"),
    ("2. Автошкола обязана вести журнал регистрации, в котором отражаются оценки знаний "
     "обучающихся Правил дорожного движения. Порядок ведения журнала регистрации устанавливается "
     "Кабинетом Министров Кыргызской Республики. Выписки из данного журнала и, при необходимости, "
     "записи видеонаблюдения из мест, где проводились теоретические и практические занятия, "
     "представляются в уполномоченный государственный орган, осуществляющий прием "
     "квалификационных экзаменов на право управления транспортным средством.",
     ["при необходимости"], "Закон КР о дорожном движении, ст. 26-1 — the body judges the need"),
    ("3) обязательство сторон при необходимости обеспечить подготовку документации по планировке "
     "территории или внесение в нее изменений, архитектурно-строительное проектирование в целях "
     "реконструкции, капитального ремонта существующих линейных объектов в соответствии с "
     "техническими требованиями и условиями;",
     [], "ГрК РФ, ст. 52.2 — a term of a contract between the parties"),
]


@pytest.mark.parametrize(("text", "spans", "source"), CASES, ids=[c[2][:40] for c in CASES])
def test_need_is_judged_by_a_body(analyzer, text, spans, source):
    assert _found(analyzer, text)[0] == spans, source


def test_grounds_of_refusal_in_the_article_bind_the_choice(analyzer):
    decision = ("6. Глава местной администрации в течение семи дней со дня поступления указанных в "
                "части 5 настоящей статьи рекомендаций принимает решение о предоставлении "
                "разрешения на отклонение от предельных параметров разрешенного строительства, "
                "реконструкции объектов капитального строительства или об отказе в предоставлении "
                "такого разрешения с указанием причин принятого решения.")
    assert _found(analyzer, decision) == [["или об отказе"]]
    # The same decision in an article that names grounds of refusal: bound, no finding.
    grounds = ("3) имеются основания для отказа в утверждении схемы расположения земельного "
               "участка, предусмотренные пунктом 16 статьи 11.10 настоящего Кодекса;")  # ЗК РФ 39.31
    assert _found(analyzer, decision, grounds) == [[], []]
