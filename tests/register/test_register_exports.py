"""The official forms, the action plan, the note and the report, opened as Excel and Word
would open them."""
from __future__ import annotations

import datetime as dt

import pytest
from docx import Document as open_docx
from openpyxl import load_workbook

from pipeline.export import EXPORTERS, export
from pipeline.export.html_report import render_report
from pipeline.export.register_docs import (
    REGISTER_EXPORTS,
    risks_phrase,
    write_register_exports,
)
from pipeline.export.register_forms import FORM1_HEADERS, FORM2_HEADERS, PLAN_HEADERS
from pipeline.register.areas import load_areas


@pytest.fixture
def filled(register, analysis):
    register.store_analysis(*analysis)
    competition = next(e for e in register.entries() if e.factor == "no_competition")
    register.update_entry(competition.id, {"unit": "Отдел земельных отношений"}, author="А.")
    return register


def _row_of(sheet, first: str) -> int:
    return next(c.row for c in sheet["A"] if c.value == first)


def _table_rows(sheet, header_row: int) -> list[tuple]:
    return [r for r in sheet.iter_rows(min_row=header_row + 1, values_only=True)]


def test_every_register_export_is_registered_and_written(filled, tmp_path):
    assert set(REGISTER_EXPORTS) <= set(EXPORTERS)
    paths = write_register_exports(filled, tmp_path / "out")
    assert [p.name for p in paths] == list(REGISTER_EXPORTS.values())
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)
    assert not list((tmp_path / "out").glob(".*partial"))


def test_form_1_list_of_corruption_risks(filled, tmp_path):
    workbook = load_workbook(export(filled, "kg_risks", tmp_path / "f1.xlsx"))
    [sheet] = workbook.worksheets
    assert sheet.title == "Государственная Дума"
    assert [sheet.cell(r, 8).value for r in (1, 4)] == ["УТВЕРЖДАЮ",
                                                         "«___» ____________ 20__ г."]
    title = next(c for c in sheet["A"] if c.value and str(c.value).startswith("ПЕРЕЧЕНЬ"))
    assert title.value == ("ПЕРЕЧЕНЬ коррупционных рисков в системе государственных органов "
                           "Кыргызской Республики")
    header = _row_of(sheet, "№")
    assert tuple(c.value for c in sheet[header]) == FORM1_HEADERS
    group, first, second, blank, note1, note2 = _table_rows(sheet, header)[:6]
    area = load_areas()["property_land"]
    assert group[0] == area.function_group
    assert f"A{header + 1}:H{header + 1}" in {str(r) for r in sheet.merged_cells.ranges}
    assert first[:3] == (1, "Нормотворческая: Земельный кодекс Российской Федерации",
                         "Отдел земельных отношений")
    assert first[3].startswith("Коррупциогенный фактор «Отсутствие или неполнота")
    assert "\nМеханизм: Определение: Отсутствие" in first[3]
    assert first[4:7] == ("Потенциальный", "Высокий",
                          "Относится к деятельности только данного органа")
    assert first[7].startswith("Подтверждений: 2; статус: выявлен")
    assert second[0] == 2 and second[5] == "Средний"
    assert blank == (None,) * 8
    assert note1[0].startswith("(*) — в соответствии с утвержденным положением")
    assert note2[0].startswith("(**) — необходимо четко описать механизм")


def test_form_2_list_of_corruption_prone_positions(filled, tmp_path):
    workbook = load_workbook(export(filled, "kg_positions", tmp_path / "f2.xlsx"))
    sheet = workbook.active
    header = _row_of(sheet, "№")
    assert tuple(c.value for c in sheet[header]) == FORM2_HEADERS
    rows = [r for r in _table_rows(sheet, header) if isinstance(r[0], int)]
    assert [r[1] for r in rows] == ["Отдел земельных отношений", "Государственная Дума"]
    assert rows[0][4] == "Высокий" and rows[1][4] == "Средний"
    assert rows[0][2] == "Нормотворческая: Земельный кодекс Российской Федерации"
    notes = [r[0] for r in _table_rows(sheet, header) if isinstance(r[0], str)]
    assert notes[-1] == "(****) — уровень коррупционного риска: высокий; средний; низкий."


def test_action_plan(filled, tmp_path):
    workbook = load_workbook(export(filled, "action_plan", tmp_path / "plan.xlsx"))
    sheet = workbook.active
    assert any(c.value == "П Л А Н" for c in sheet["A"])
    header = _row_of(sheet, "№ п/п")
    assert tuple(c.value for c in sheet[header]) == PLAN_HEADERS
    rows = _table_rows(sheet, header)
    area = load_areas()["property_land"]
    assert rows[0][:2] == ("1.", area.title_ru)
    numbered = rows[1:3]
    assert [r[0] for r in numbered] == ["1.1.", "1.2."]
    entry = filled.entries()[0]
    assert numbered[0][1] == f"{entry.indicator}\n{entry.risk}"
    assert numbered[0][2:5] == (entry.measure, entry.completion_form, entry.responsible)
    assert numbered[0][5].date() == entry.deadline
    assert sheet.cell(header + 2, 6).number_format == "DD.MM.YYYY"
    assert any(r[0] == "СОГЛАСОВАНО:" for r in rows)


def test_rejected_risks_leave_the_forms(filled, tmp_path):
    competition = filled.entries()[0]
    filled.update_entry(competition.id, {"status": "rejected",
                                         "rejection_reason": "Не подтвердился"}, author="А.")
    sheet = load_workbook(export(filled, "kg_risks", tmp_path / "f1.xlsx")).active
    rows = [r for r in _table_rows(sheet, _row_of(sheet, "№")) if isinstance(r[0], int)]
    assert len(rows) == 1 and "Широта" in rows[0][3]


def test_analytical_note(filled, tmp_path):
    note = open_docx(export(filled, "analytical_note", tmp_path / "note.docx"))
    headings = [p.text for p in note.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Вводная часть" and headings[-1] == "Заключение"
    directions = [h for h in headings if h[:1].isdigit()]
    assert len(directions) == 9
    assert directions[0] == ("1. Управление персоналом, в том числе определение должностей, "
                             "подверженных коррупционным рискам")
    assert directions[8] == "9. Иные вопросы организационно-управленческой деятельности"
    text = "\n".join(p.text for p in note.paragraphs)
    assert "в деятельности: Государственная Дума" in text
    assert "Коррупционные риски по данному направлению не выявлены." in text
    assert "9.1. Отсутствие или неполнота конкурсных процедур" in text
    assert "Рекомендации по устранению: 1) Внести изменения в акт" in text
    assert "выявлено 2 коррупционных риска: высокого уровня — 1, среднего уровня — 1, " \
           "низкого уровня — 0." in text
    [table] = note.tables
    assert [c.text for c in table.rows[0].cells] == ["№", "Направление", "Высокий", "Средний",
                                                     "Низкий", "Всего"]
    assert len(table.rows) == 10 and [c.text for c in table.rows[9].cells][2:] == \
        ["1", "1", "0", "2"]


def test_monitoring_report(filled, tmp_path):
    report = open_docx(export(filled, "monitoring_report", tmp_path / "report.docx"))
    headings = [p.text for p in report.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["I. Вводная часть", "II. Информационно-аналитическая часть",
                        "III. Заключительная часть"]
    text = "\n".join(p.text for p in report.paragraphs)
    today = dt.date.today().strftime("%d.%m.%Y")
    assert f"закончен {today}" in text
    assert "2) рекомендовать проведение анализа коррупционных рисков в деятельности: " \
           "Государственная Дума." in text
    indicators = {r.cells[0].text: r.cells[1].text for r in report.tables[0].rows[1:]}
    assert indicators["Коррупционных рисков в реестре"] == "2"
    assert indicators["Выявлено коррупциогенных факторов в нормах"] == "3"
    assert indicators["Мер в статусе «выявлен»"] == "2"
    factors = [[c.text for c in r.cells] for r in report.tables[1].rows[1:]]
    assert factors == [["Отсутствие или неполнота конкурсных процедур", "2"],
                       ["Широта дискреционных полномочий", "1"]]


@pytest.mark.parametrize(("count", "phrase"), [
    (1, "1 коррупционный риск"), (2, "2 коррупционных риска"), (5, "5 коррупционных рисков"),
    (11, "11 коррупционных рисков"), (21, "21 коррупционный риск"),
    (72, "72 коррупционных риска"), (112, "112 коррупционных рисков"),
])
def test_number_agreement_of_risks(count, phrase):
    assert risks_phrase(count) == phrase


def test_register_summary_in_the_html_report(filled):
    html = render_report(filled)
    section = html[html.index('<section id="register">'):]
    section = section[:section.index("</section>")]
    assert "<h2>Реестр коррупционных рисков</h2>" in section
    assert section.count("<svg") == 2 and "http://www.w3.org/2000/svg" in section
    assert "<script" not in html and "https://" not in section
    area = load_areas()["property_land"].title_ru
    assert (f'<tr><td>{area}</td><td class="num">1</td><td class="num">1</td>'
            f'<td class="num">0</td><td class="num">2</td></tr>') in section
    assert '<tr><td>выявлен</td><td class="num">2</td></tr>' in section
    assert "<title>высокий: 1</title>" in section
