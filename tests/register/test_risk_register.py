"""The managed risk register: merging, scoring, recommendations, lifecycle and audit."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from zk_rf import build_act, find, make_document

from pipeline import workdays
from pipeline.model import EvidenceKind, Jurisdiction, RiskLevel, RiskStatus
from pipeline.register import EntryFilter, RegisterCode, RegisterError, merge_key
from pipeline.register.areas import load_areas
from pipeline.register.deadlines import add_working_days
from pipeline.register.risks import risk_level
from pipeline.register.scoring import load_scoring

S = RiskStatus


def _competition(register):
    return next(e for e in register.entries() if e.factor == "no_competition")


# --- rules as data ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "area"), [
    ("Уполномоченный орган принимает решение об отказе в предоставлении земельного участка",
     "property_land"),
    ("Лицензиар вправе приостановить действие лицензии", "permits"),
    ("Проверка проводится на основании распоряжения руководителя органа контроля",
     "control_supervision"),
    ("Назначение на должность государственной службы по итогам конкурсного отбора",
     "personnel"),
    ("Заказчик проводит закупку у единственного поставщика", "procurement_contracts"),
    ("Субсидии из бюджета предоставляются в порядке, установленном правительством",
     "budget_finance"),
    ("Настоящий закон вступает в силу со дня его официального опубликования", "transparency"),
    ("Статья 1. Основные понятия", "other"),
])
def test_function_area_is_read_off_the_words_of_the_norm(text, area):
    assert load_areas().infer([text]) == area


@pytest.mark.parametrize("severity", ["low", "medium", "high"])
@pytest.mark.parametrize("norms", [1, 2, 4, 5, 12])
def test_scoring_rule_reproduces_the_level_of_the_list_of_risks(severity, norms):
    score = load_scoring().score(severity, norms)
    assert score.level is risk_level(severity, norms)
    assert 1 <= score.probability <= 3 and 1 <= score.impact <= 3
    assert score.rule.startswith("scoring.v1: ")


def test_another_kind_of_source_raises_the_probability():
    scoring = load_scoring()
    assert scoring.score("medium", 1).level is RiskLevel.MEDIUM
    raised = scoring.score("medium", 1, other_sources=2)
    assert (raised.probability, raised.level) == (3, RiskLevel.HIGH)
    assert "иных видов источников: 2" in raised.rule


def test_working_days_skip_the_weekend_without_a_calendar():
    friday = dt.date(2026, 11, 20)
    assert add_working_days(friday, 1, "RU") == dt.date(2026, 11, 23)
    assert add_working_days(friday, 5, "RU") == dt.date(2026, 11, 27)


def test_kazakh_and_kyrgyz_deadlines_follow_the_official_calendars():
    # Nauryz 2026 (21-23 March) and its transfer: 5 working days from Wednesday 18 March
    assert add_working_days(dt.date(2026, 3, 18), 5, "KZ") == \
        workdays.add_working_days(dt.date(2026, 3, 18), 5, "KZ") > dt.date(2026, 3, 25)
    assert add_working_days(dt.date(2026, 3, 18), 5, "KG") == \
        workdays.add_working_days(dt.date(2026, 3, 18), 5, "KG")


def test_a_kazakh_act_gets_a_deadline_in_kazakh_working_days(register, analysis):
    document, clauses, findings = analysis
    kazakh = dataclasses.replace(document, jurisdiction=Jurisdiction.KZ)
    register.store_analysis(kazakh, clauses, findings)
    entry = _competition(register)
    assert entry.merge_key.startswith("KZ|")
    days = load_scoring().deadline_working_days[entry.level]
    assert entry.deadline == workdays.add_working_days(entry.created_at.date(), days, "KZ")


def test_merge_key_normalises_the_body_and_stands_for_an_unknown_one():
    assert merge_key("KZ", " ГУ «Аппарат  акима»", "/a.txt", "optional_power", "permits") == \
        merge_key("KZ", 'гу "аппарат акима"', "/b.txt", "optional_power", "permits")
    assert merge_key("KZ", None, "/a.txt", "f", "other") != \
        merge_key("KZ", None, "/b.txt", "f", "other")


# --- from an analysed act ----------------------------------------------------------------------

def test_an_analysed_act_fills_the_register(register, analysis, catalogue):
    document, clauses, findings = analysis
    register.store_analysis(document, clauses, findings)
    entries = register.entries()
    assert [e.factor for e in entries] == ["no_competition", "broad_discretion"]
    entry = entries[0]
    assert entry.merge_key == "RU|государственная дума|no_competition|property_land"
    assert entry.body == entry.unit == "Государственная Дума"
    assert entry.jurisdiction is Jurisdiction.RU
    assert entry.function == "Нормотворческая: Земельный кодекс Российской Федерации"
    assert entry.risk.startswith("Коррупциогенный фактор «Отсутствие или неполнота конкурсных "
                                 "процедур» в 2 нормах: ст. 39.16")
    assert entry.mechanism == catalogue["no_competition"].definition
    assert entry.indicator == catalogue["no_competition"].title_ru
    # severity high → impact 3; two norms → probability 2; the matrix gives high
    assert (entry.impact, entry.probability, entry.level) == (3, 2, RiskLevel.HIGH)
    assert "последствия 3" in entry.scoring_rule and "норм: 2" in entry.scoring_rule
    assert entry.status is S.IDENTIFIED and entry.edited == ()
    assert [(e.kind, e.current) for e in entry.evidence] == [(EvidenceKind.ACT_FINDING, True)] * 2
    first = entry.evidence[0]
    assert first.link == f"{document.source}#ст. 39.16"
    assert first.summary == "ст. 39.16: «без проведения торгов»"
    assert [r.action for r in register.audit_log("risk_entry")] == [
        "created", "evidence_added", "created", "evidence_added"]


def test_recommendations_come_from_the_factor_and_the_function_area(register, analysis):
    register.store_analysis(*analysis)
    entry = _competition(register)
    area = load_areas()["property_land"]
    assert entry.proposed_measures == ("Внести изменения в акт", *area.measures)
    assert entry.measure == f"1) Внести изменения в акт\n2) {area.measures[0]}"
    assert entry.responsible == ("Юридическая служба (разработчик акта); "
                                 + area.responsible)
    assert entry.completion_form == "Внесение изменений в нормативный правовой акт"
    days = load_scoring().deadline_working_days[RiskLevel.HIGH]
    assert entry.deadline == add_working_days(entry.created_at.date(), days, "RU")
    assert entry.deadline.weekday() < 5


def test_two_acts_of_one_body_merge_into_one_risk(register, analysis, tmp_path):
    document, clauses, findings = analysis
    register.store_analysis(document, clauses, findings)
    text, other_clauses = build_act(("39.17", "39.18"))
    other = make_document(text, str(tmp_path / "zk-39-18.txt"), title="Другой закон",
                          issuing_body="«Государственная  Дума»")
    other_findings = [find(text, other_clauses, "без проведения торгов", "no_competition",
                           "no_competition.torgi")]
    register.store_analysis(other, other_clauses, other_findings)

    merged = [e for e in register.entries() if e.factor == "no_competition"]
    assert len(merged) == 1
    entry = merged[0]
    assert len(entry.evidence) == 3
    assert {e.link.split("#")[0] for e in entry.evidence} == {document.source, other.source}
    assert entry.function == ("Нормотворческая: Земельный кодекс Российской Федерации; "
                              "Другой закон")
    assert entry.risk.endswith("в 3 нормах: ст. 39.16, ст. 39.17 ч. 1, "
                              "Другой закон: ст. 39.17 ч. 1".replace(
                                  "ст. 39.16", "Земельный кодекс Российской Федерации: "
                                               "ст. 39.16"))
    # the same risk of another body stays apart
    elsewhere = dataclasses.replace(other, source=str(tmp_path / "kz.txt"),
                                    issuing_body="Мажилис Парламента")
    register.store_analysis(elsewhere, other_clauses, other_findings)
    assert len([e for e in register.entries() if e.factor == "no_competition"]) == 2


def test_a_new_version_leaves_old_evidence_in_the_history(register, analysis):
    document, clauses, findings = analysis
    register.store_analysis(document, clauses, findings)
    text, new_clauses = build_act(("39.16", "39.17", "39.18"))
    amended = make_document(text, document.source, title=document.title,
                            issuing_body=document.issuing_body)
    register.store_analysis(amended, new_clauses, [
        find(text, new_clauses, "без проведения торгов", "no_competition",
             "no_competition.torgi")])
    entry = _competition(register)
    # A finding key names the content: the same norm of the new text is new evidence.
    assert [e.current for e in entry.evidence] == [False, False, True]
    assert "в 1 норме" in entry.risk
    broad = next(e for e in register.entries() if e.factor == "broad_discretion")
    assert not any(e.current for e in broad.evidence)


# --- editing, lifecycle, audit ------------------------------------------------------------

def test_an_edit_is_logged_and_survives_a_reanalysis(register, analysis):
    document, clauses, findings = analysis
    register.store_analysis(document, clauses, findings, "rules-a")
    entry = _competition(register)
    done = register.update_entry(entry.id, {"risk": "Передача земли без торгов",
                                            "deadline": "31.03.2027"}, author="Асанова Г.")
    assert [field for field, _, _ in done] == ["risk", "deadline"]
    log = register.entry_history(entry.id)[-2:]
    assert [(r.actor, r.action, r.detail["field"]) for r in log] == [
        ("Асанова Г.", "updated", "risk"), ("Асанова Г.", "updated", "deadline")]
    assert log[1].detail == {"field": "deadline", "old": entry.deadline.isoformat(),
                             "new": "2027-03-31"}

    register.store_analysis(document, clauses, findings[:1], "rules-b")  # one norm left
    after = _competition(register)
    assert after.risk == "Передача земли без торгов"
    assert after.deadline == dt.date(2027, 3, 31)
    assert after.edited == ("risk", "deadline")
    assert after.probability == 1  # not edited: follows the evidence


def test_probability_and_impact_set_by_hand_give_the_level(register, analysis):
    register.store_analysis(*analysis)
    entry = _competition(register)
    register.update_entry(entry.id, {"probability": "1", "impact": 1}, author="А.")
    after = register.entry(entry.id)
    assert (after.probability, after.impact, after.level) == (1, 1, RiskLevel.LOW)
    assert after.scoring_rule == "scoring.v1: вероятность 1 и последствия 1 установлены " \
                                 "вручную (А.)"


def test_the_whole_lifecycle(register, analysis):
    register.store_analysis(*analysis)
    entry = _competition(register)
    for status in ("assessed", "мера запланирована", "in_progress", "done", "monitored"):
        register.update_entry(entry.id, {"status": status}, author="Комиссия")
    assert register.entry(entry.id).status is S.MONITORED
    statuses = [r.detail["new"] for r in register.entry_history(entry.id)
                if r.detail.get("field") == "status"]
    assert statuses == ["assessed", "measure_planned", "in_progress", "done", "monitored"]


@pytest.mark.parametrize(("changes", "code", "message"), [
    ({"status": "done"}, RegisterCode.R001_TRANSITION,
     "переход из статуса «выявлен» в «исполнено» недопустим; допустимы: «оценен», «отклонен»"),
    ({"status": "rejected"}, RegisterCode.R002_REASON, "требует указать причину"),
    ({"level": "критический"}, RegisterCode.R005_VALUE, "не из списка"),
    ({"deadline": "к весне"}, RegisterCode.R005_VALUE, "дата вида 31.12.2026"),
    ({"merge_key": "x"}, RegisterCode.R004_FIELD, "не редактируется"),
])
def test_refused_changes_write_nothing(register, analysis, changes, code, message):
    register.store_analysis(*analysis)
    entry = _competition(register)
    before = register.audit_log()
    with pytest.raises(RegisterError, match=message) as caught:
        register.update_entry(entry.id, {"note": "проверить", **changes}, author="А.")
    assert caught.value.code is code
    assert register.entry(entry.id) == entry
    assert register.audit_log() == before


def test_rejected_with_a_reason_and_reopened(register, analysis):
    register.store_analysis(*analysis)
    entry = _competition(register)
    register.update_entry(entry.id, {"status": "отклонен",
                                     "rejection_reason": "Норма утратила силу"}, author="А.")
    rejected = register.entry(entry.id)
    assert (rejected.status, rejected.rejection_reason) == (S.REJECTED, "Норма утратила силу")
    register.update_entry(entry.id, {"status": "identified"}, author="А.")
    assert register.entry(entry.id).status is S.IDENTIFIED
    with pytest.raises(RegisterError, match="риск № 999 не найден"):
        register.update_entry(999, {"note": "x"})


def test_filters(register, analysis):
    register.store_analysis(*analysis)
    competition = _competition(register)
    assert [e.id for e in register.entries(EntryFilter(level=RiskLevel.HIGH))] == \
        [competition.id]
    assert register.entries(EntryFilter(body="дума")) == register.entries()
    assert register.entries(EntryFilter(body="акимат")) == []
    assert [e.factor for e in register.entries(EntryFilter(area="property_land"))] == \
        ["no_competition", "broad_discretion"]
    later = max(e.deadline for e in register.entries()) + dt.timedelta(days=1)
    assert len(register.entries(EntryFilter(overdue_on=later))) == 2
    assert register.entries(EntryFilter(overdue_on=competition.deadline)) == []
    register.update_entry(competition.id, {"status": "assessed"}, author="А.")
    assert [e.id for e in register.entries(EntryFilter(status=S.ASSESSED))] == \
        [competition.id]
    register.update_entry(competition.id, {"status": "rejected", "rejection_reason": "нет"},
                          author="А.")
    assert len(register.entries(EntryFilter(overdue_on=later))) == 1
