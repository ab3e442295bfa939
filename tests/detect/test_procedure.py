"""missing_deadline and missing_procedure judged with their article, on real wording."""
from __future__ import annotations

from pathlib import Path

import pytest

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


# One wording for each alternative of the procedure patterns (ЗК РФ, ГрК РФ, ЗК КР), in the
# case the acts write them: the words that let a clause skip the scan must be in each.
CUE_WORDING = [
    ("_DEADLINE", "рассматривает заявление в течение десяти рабочих дней"),
    ("_DEADLINE", "направляет не позднее чем через пять дней"),
    ("_DEADLINE", "выдается не позже пяти дней"),
    ("_DEADLINE", "В СРОК ДО 1 ЯНВАРЯ 2025 ГОДА"),
    ("_DEADLINE", "в пятидневный срок со дня"),
    ("_DEADLINE", "Срок рассмотрения заявления не может превышать тридцать дней"),
    ("_DEADLINE", "не более чем тридцать календарных дней"),
    ("_DEADLINE", "в течение 30 календарных дней"),
    ("_DEADLINE", "в десять рабочих дней"),
    ("_DEADLINE", "десяти дней со дня поступления заявления"),
    ("_DEADLINE", "Незамедлительно информирует"),
    ("_DEADLINE", "немедленно сообщает"),
    ("_DEADLINE", "в день поступления заявления"),
    ("_DEADLINE", "в сроки, установленные статьей 39.17"),
    ("_DEADLINE", "в срок, установленный пунктом 4 настоящей статьи"),
    ("_DEADLINE", "в срок, указанный в подпункте 2"),
    ("_DEADLINE", "сроки, предусмотренные статьей 51"),
    ("_DEADLINE", "в ᲃрок до 1 января"),        # a rounded «с» (U+1C83) matches «с» without case
    ("_VAGUE", "в разумный срок"),
    ("_VAGUE", "своевременно уведомляет"),
    ("_VAGUE", "в установленный срок"),
    ("_VAGUE", "в кратчайшие сроки"),
    ("_FORM", "в письменной форме"),
    ("_FORM", "Письменного уведомления"),
    ("_FORM", "мотивированное решение"),
    ("_FORM", "в форме электронного документа"),
    ("_FORM", "оформляется распоряжением"),
    ("_FORM", "в виде постановления"),
    ("_NOTICE", "уведомляет заявителя"),
    ("_NOTICE", "извещение"),
    ("_NOTICE", "направляет заявителю копию решения"),
    ("_NOTICE", "направит заявителю"),
    ("_NOTICE", "выдает заявителю копию"),
    ("_NOTICE", "информирует"),
    ("_NOTICE", "сообщает"),
    ("_NOTICE", "доводится до сведения"),
    ("_NOTICE", "вручается"),
    ("_NOTICE", "опубликовывается"),
    ("_APPEAL", "может быть обжаловано"),
    ("_APPEAL", "оспорено в суде"),
]


@pytest.mark.parametrize(("cue", "text"), CUE_WORDING)
def test_a_cue_scans_every_clause_its_pattern_matches(cue, text):
    from pipeline.detect import procedure

    pattern = getattr(procedure, cue)
    assert pattern.regex.search(text) and pattern.may_match(text)


def test_cues_on_the_gold_clauses_find_what_their_patterns_find():
    import json

    from pipeline.detect import procedure

    gold = Path(__file__).resolve().parents[2] / "corpora" / "factors" / "gold.jsonl"
    texts = [json.loads(line)["text"] for line in gold.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    for cue in (procedure._DEADLINE, procedure._VAGUE, procedure._FORM, procedure._NOTICE,
                procedure._APPEAL):
        for text in texts:
            assert [m.span() for m in cue.finditer(text)] == \
                [m.span() for m in cue.regex.finditer(text)], text[:80]


# Round 7 pass (dev): who acts, and which limits bound the action towards a person.
ROUND7_DEADLINE = [
    ("1. Организация (автошкола), обучающая навыкам вождения, обязана иметь лицензию, "
      "выдаваемую уполномоченным государственным органом в сфере обеспечения безопасности "
      "дорожного движения по согласованию с уполномоченным государственным органом в сфере "
      "образования, а также соответствовать следующим требованиям:",
     ["missing_deadline.issue"], "Закон КР о дорожном движении, ст. 26-1 — «выдаваемую органом»"),
    ("6. Регистрация (перерегистрация) тракторов, тракторных прицепов, самоходных "
      "технологических машин, стационарных технологических установок и оборудования, "
      "принадлежащих юридическим или физическим лицам, производится подразделениями "
      "уполномоченного государственного органа в сфере регистрации транспортных средств и "
      "водительского состава.",
     ["missing_deadline.performed_by_body"], "Закон КР о дорожном движении, ст. 24 ч. 6"),
    ("Выбор земельных участков, предоставляемых в собственность или пользование в "
      "населенных пунктах и подготовка соответствующих документов осуществляется органами "
      "архитектуры и строительства.",
     ["missing_deadline.performed_by_body"], "ЗК КР, ст. 77 — «осуществляется органами»"),
    ("3. По получении требования кредитора гарант должен без промедления уведомить об этом"
      " лицо, которому выдана гарантия и передать ему копии требования со всеми "
      "относящимися к нему документами.",
     [], "ГК КР, ст. 351 — a guarantor notifies, not a body"),
    ("Нотариус или суд, в депозит которого внесены деньги или ценные бумаги, извещает об "
      "этом кредитора.",
     [], "ГК КР, ст. 310 — a notary or a court"),
    ("2. Правительство Российской Федерации принимает решения, регулирующие земельные "
      "отношения, в пределах полномочий, определенных настоящим Кодексом, федеральными "
      "законами, а также указами Президента Российской Федерации, регулирующими земельные "
      "отношения.",
     [], "ЗК РФ, ст. 2 п. 2 — law-making, addressed to no person"),
    ("8) обязательство исполнительного органа государственной власти или органа местного "
      "самоуправления принять решение об изъятии для государственных или муниципальных нужд"
      " в целях комплексного развития территории земельных участков и (или) расположенных "
      "на них объектов недвижимого имущества в соответствии с земельным законодательством;",
     [], "ГрК РФ, ст. 68 — a term of a contract with the body"),
    ("3. Решение о проведении торгов принимается:", [], "ГрК РФ, ст. 69 ч. 3 — holding a tender"),
]


@pytest.mark.parametrize(("text", "rules", "source"), ROUND7_DEADLINE,
                         ids=[c[2][:40] for c in ROUND7_DEADLINE])
def test_round7_holder_and_matter_of_a_deadline(analyzer, text, rules, source):
    (found,) = _factors(analyzer, _article(text, article="7"), "missing_deadline")
    assert [f.rule_id for f in found] == rules, source


def test_a_limit_for_requests_of_bodies_does_not_bound_requests_of_persons(analyzer):
    # ГрК РФ, ст. 57 ч. 9 and ч. 9.1: five working days only for interagency requests.
    persons = ("9. Органы местного самоуправления муниципальных округов, органы местного "
               "самоуправления городских округов, органы местного самоуправления муниципальных "
               "районов бесплатно осуществляют предоставление сведений, документов и материалов, "
               "содержащихся в государственной информационной системе обеспечения градостроительной "
               "деятельности, по запросам:")
    interagency = ("9.1. По межведомственным запросам органов государственной власти Российской "
                   "Федерации, органов государственной власти субъектов Российской Федерации, органов "
                   "местного самоуправления сведения, документы и материалы, содержащиеся в "
                   "государственной информационной системе обеспечения градостроительной деятельности, "
                   "предоставляются не позднее пяти рабочих дней со дня получения уполномоченными на "
                   "ведение государственной информационной системы обеспечения градостроительной "
                   "деятельности органом местного самоуправления муниципального района, органом местного"
                   " самоуправления муниципального округа, органом местного самоуправления городского "
                   "округа соответствующего межведомственного запроса.")
    found = _factors(analyzer, _article(persons, interagency, article="57"), "missing_deadline")
    assert [f.rule_id for f in found[0]] == ["missing_deadline.provide_information"]
    assert found[1] == []
