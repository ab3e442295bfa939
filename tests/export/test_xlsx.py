from __future__ import annotations

import pytest
from openpyxl import load_workbook

from pipeline.export import EXPORTERS, export
from pipeline.export.xlsx import MAX_CELL_CHARS, clean_text, looks_like_formula
from pipeline.register import Register

FINDING_HEADERS = ["№", "Документ", "Адрес нормы", "Страница", "Текст нормы", "Фактор",
                   "Код фактора", "Правило", "Фрагмент", "Пояснение", "Уверенность",
                   "Рекомендация"]
RISK_HEADERS = ["№", "Функция", "Подразделение/должность", "Описание риска", "Категория",
                "Уровень", "Ведомственный/межведомственный", "Мера", "Форма завершения",
                "Ответственный", "Срок", "Статус"]


@pytest.fixture
def workbook(filled, tmp_path):
    path = export(filled, "xlsx", tmp_path / "out" / "findings.xlsx")
    assert path.is_file() and not list(path.parent.glob(".*partial"))
    return load_workbook(path)


def _rows(sheet) -> list[dict]:
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row)) for row in rows]


def test_sheets_headers_and_row_counts(workbook, filled):
    assert workbook.sheetnames == ["Выявленные факторы", "Реестр рисков", "Документы"]
    findings, risks, documents = (workbook[name] for name in workbook.sheetnames)
    assert [c.value for c in findings[1]] == FINDING_HEADERS
    assert [c.value for c in risks[1]][:len(RISK_HEADERS)] == RISK_HEADERS
    assert findings.max_row - 1 == len(filled.findings()) == 6
    assert risks.max_row - 1 == len(filled.risks()) == 6
    assert documents.max_row - 1 == len(filled.documents()) == 2


def test_layout(workbook):
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" \
                                        f"{sheet.max_row}"
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.column_dimensions["B"].width >= 20
    assert workbook["Выявленные факторы"]["E2"].alignment.wrap_text


def test_finding_rows_in_russian(workbook):
    rows = _rows(workbook["Выявленные факторы"])
    zk = next(r for r in rows if r["Код фактора"] == "no_competition")
    assert zk["Документ"] == "Земельный кодекс РФ"
    assert zk["Адрес нормы"] == "ст. 39.16 ч. 1"
    assert zk["Фактор"] == "Отсутствие конкурсных процедур"
    assert "без проведения торгов" in zk["Текст нормы"]
    assert zk["Уверенность"] == pytest.approx(0.8)
    assert [r["№"] for r in rows] == list(range(1, len(rows) + 1))


def test_risk_rows_in_russian(workbook):
    rows = _rows(workbook["Реестр рисков"])
    power = next(r for r in rows if r["Код фактора"] == "optional_power")
    assert power["Категория"] == "потенциальный"
    assert power["Уровень"] == "высокий"
    assert power["Ведомственный/межведомственный"] == "ведомственный"
    assert power["Статус"] == "выявлен"
    assert power["Подразделение/должность"] == "Министерство & Ко"
    assert power["Описание риска"].startswith(
        "Коррупциогенный фактор «Установление права вместо обязанности» в 1 норме")


def test_documents_sheet(workbook):
    rows = _rows(workbook["Документы"])
    assert {r["Документ"] for r in rows} == {"Земельный кодекс РФ", "Приказ <b>№ 1</b>"}
    assert {r["Юрисдикция"] for r in rows} == {"Российская Федерация"}
    assert sorted(r["Выявлено факторов"] for r in rows) == [2, 4]


def test_formulas_are_written_as_text(workbook):
    sheet = workbook["Выявленные факторы"]
    header = [c.value for c in sheet[1]]
    cells = [row[header.index(name)] for row in sheet.iter_rows(min_row=2)
             for name in ("Фрагмент", "Пояснение", "Рекомендация")]
    risky = {c.value: c for c in cells if isinstance(c.value, str) and looks_like_formula(c.value)}
    assert set(risky) >= {'=HYPERLINK("http://evil.example","жми")', "@SUM(A1:A9)",
                          "-2+3", "+7 (727) 000-00-00"}
    for cell in risky.values():
        assert cell.data_type == "s"
        assert cell.quotePrefix


def test_control_characters_are_dropped(workbook):
    texts = [c.value for row in workbook["Выявленные факторы"].iter_rows(min_row=2)
             for c in row if isinstance(c.value, str)]
    assert any("звонок." in t for t in texts)
    assert not any(ch in t for t in texts for ch in "\x00\x07\x1b")


@pytest.mark.parametrize(("raw", "clean"), [
    ("обычный текст", "обычный текст"),
    ("звонок\x07\x00", "звонок"),
    ("строка\tс\nпереносом\r", "строка\tс\nпереносом\r"),
    ("\ud800битый", "битый"),
])
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_clean_text_respects_the_cell_limit():
    assert len(clean_text("а" * (MAX_CELL_CHARS + 10))) == MAX_CELL_CHARS


@pytest.mark.parametrize(("value", "formula"), [
    ("=1+1", True), ("+7", True), ("-5", True), ("@A1", True), ("\t=1", True),
    ("1. Орган вправе", False), ("«=»", False), ("", False),
])
def test_looks_like_formula(value, formula):
    assert looks_like_formula(value) is formula


def test_an_empty_register_exports_headers_only(tmp_path, catalogue):
    with Register(f"sqlite:///{tmp_path}/empty.sqlite", catalogue=catalogue) as register:
        workbook = load_workbook(export(register, "xlsx", tmp_path / "empty.xlsx"))
    assert [sheet.max_row for sheet in workbook.worksheets] == [1, 1, 1]


def test_registry(filled, tmp_path):
    assert {"xlsx", "html"} <= set(EXPORTERS)
    assert export(filled, "XLSX", tmp_path / "upper.xlsx").is_file()
    with pytest.raises(ValueError, match="неизвестный формат"):
        export(filled, "pdf", tmp_path / "x.pdf")
