"""missing_deadline and missing_procedure judged with their article, on real wording."""
from __future__ import annotations

from pipeline.model import Address, Clause


def _article(*texts: str, article: str = "39.17") -> list[Clause]:
    clauses, at = [], 0
    for n, text in enumerate(texts, 1):
        clauses.append(Clause(Address(article=article, part=str(n)), at, at + len(text), text))
        at += len(text) + 1
    return clauses


def _factors(analyzer, clauses, factor):
    return [[f for f in found if f.factor == factor] for found in analyzer.analyze_clauses(clauses)]


# ЗК КР, ст. 33 ч. 2 (no time limit) and ч. 3 (a limit for the same action).
CONSIDER = ("2. Заявление гражданина Кыргызской Республики о безвозмездном предоставлении "
            "земельного участка рассматривается уполномоченным органом и предоставление "
            "производится в порядке очередности.")
LIMIT_SAME_ACTION = ("3. Ходатайства о безвозмездном предоставлении земельных участков в "
                     "пользование рассматриваются и решаются по существу уполномоченным органом "
                     "в срок до трех месяцев с момента их поступления.")
LIMIT_OTHER_ACTION = ("3. Плата за пользование земельным участком вносится не позднее десяти "
                      "дней после заключения договора.")


def test_action_without_a_limit_in_its_article_is_flagged(analyzer):
    (found,) = _factors(analyzer, _article(CONSIDER), "missing_deadline")
    assert [f.rule_id for f in found] == ["missing_deadline.considered"]
    assert "рассматривается" in found[0].evidence


def test_limit_for_the_same_action_elsewhere_in_the_article_counts(analyzer):
    found = _factors(analyzer, _article(CONSIDER, LIMIT_SAME_ACTION), "missing_deadline")
    assert found == [[], []]


def test_limit_for_another_action_in_the_article_does_not_count(analyzer):
    found = _factors(analyzer, _article(CONSIDER, LIMIT_OTHER_ACTION), "missing_deadline")
    assert [f.rule_id for f in found[0]] == ["missing_deadline.considered"]


def test_a_vague_limit_is_no_limit_and_says_so(analyzer):
    text = ("1. Уполномоченный орган рассматривает заявление в разумный срок и принимает "
            "решение о предоставлении земельного участка.")
    (found,) = _factors(analyzer, _article(text), "missing_deadline")
    assert found and "оценочно" in found[0].explanation


def test_an_action_of_a_person_is_not_a_procedure_of_a_body(analyzer):
    # ГрК РФ, ст. 53 ч. 3: the builder notifies the body.
    text = ("3. Лицо, осуществляющее строительство, обязано извещать органы государственного "
            "строительного надзора о каждом случае возникновения аварийных ситуаций на объекте "
            "капитального строительства.")
    assert _factors(analyzer, _article(text), "missing_deadline") == [[]]


def test_decision_against_a_person_without_form_or_notice_is_missing_procedure(analyzer):
    text = ("4. Уполномоченный орган принимает решение об отказе в установлении сервитута в "
            "следующих случаях:")
    (found,) = _factors(analyzer, _article(text, article="39.26"), "missing_procedure")
    assert [f.rule_id for f in found] == ["missing_procedure.decision"]


def test_notice_of_the_decision_in_the_article_settles_the_procedure(analyzer):
    decision = ("4. Уполномоченный орган принимает решение об отказе в установлении сервитута в "
                "следующих случаях:")
    notice = ("5. Решение об отказе направляется заявителю с указанием всех оснований отказа.")
    found = _factors(analyzer, _article(decision, notice, article="39.26"), "missing_procedure")
    assert found == [[], []]
