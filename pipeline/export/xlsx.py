"""XLSX workbook: found factors, the list of corruption risks, the documents.

The text of an act is untrusted: control characters that XML forbids are dropped, and a
value that Excel would take for a formula (= + - @, tab, CR first) is stored as text with
the quote prefix, so it is shown and kept as written and never evaluated.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.catalogue import Catalogue
from pipeline.export import exporter, labels, write_atomically
from pipeline.register import Register, StoredDocument, StoredFinding, StoredRisk

Row = TypeVar("Row")

# XML 1.0 forbids these characters; lone surrogates cannot even be encoded.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def clean_text(value: str) -> str:
    """Drop characters XLSX cannot hold and cut to Excel's cell limit."""
    value = _ILLEGAL.sub("", value)
    if len(value) > MAX_CELL_CHARS:
        value = value[:MAX_CELL_CHARS - 1] + "…"
    return value


def looks_like_formula(value: str) -> bool:
    return value.startswith(_FORMULA_START)


@dataclass(frozen=True, slots=True)
class Column(Generic[Row]):
    header: str
    width: float
    value: Callable[[Row], Any]
    wrap: bool = False
    number_format: str | None = None


def _write_cell(sheet: Worksheet, row: int, column: int, value: Any, spec: Column) -> None:
    if isinstance(value, str):
        value = clean_text(value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and looks_like_formula(value):
        cell.data_type = "s"       # openpyxl took it for a formula
        cell.quotePrefix = True    # and Excel keeps it text when the cell is edited
    cell.alignment = _WRAP if spec.wrap else _TOP
    if spec.number_format:
        cell.number_format = spec.number_format


_NUMBER = Column("№", 6, lambda number: number)


def write_sheet(sheet: Worksheet, columns: Sequence[Column[Row]], rows: Sequence[Row]) -> None:
    """A «№» column, then ``columns``; header in bold, frozen, with a filter over all rows."""
    columns = [_NUMBER, *columns]
    for number, spec in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=number, value=spec.header)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGNMENT
        sheet.column_dimensions[get_column_letter(number)].width = spec.width
    for index, item in enumerate(rows, start=1):
        _write_cell(sheet, index + 1, 1, index, _NUMBER)
        for number, spec in enumerate(columns[1:], start=2):
            _write_cell(sheet, index + 1, number, spec.value(item), spec)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def finding_columns(catalogue: Catalogue | None) -> list[Column[StoredFinding]]:
    return [
        Column("Документ", 30,
               lambda s: labels.document_name(s.document_title, s.document_source), True),
        Column("Адрес нормы", 18, lambda s: s.address, True),
        Column("Страница", 10, lambda s: s.page),
        Column("Текст нормы", 70, lambda s: s.clause_text, True),
        Column("Фактор", 30, lambda s: labels.factor_title(catalogue, s.finding.factor), True),
        Column("Код фактора", 20, lambda s: s.finding.factor),
        Column("Правило", 26, lambda s: s.finding.rule_id),
        Column("Фрагмент", 30, lambda s: s.finding.evidence, True),
        Column("Пояснение", 45, lambda s: s.finding.explanation, True),
        Column("Уверенность", 12, lambda s: s.finding.confidence, number_format="0%"),
        Column("Рекомендация", 50, lambda s: s.finding.recommendation, True),
    ]


def risk_columns(catalogue: Catalogue | None) -> list[Column[StoredRisk]]:
    return [
        Column("Функция", 30, lambda s: s.entry.function, True),
        Column("Подразделение/должность", 25, lambda s: s.entry.unit, True),
        Column("Описание риска", 60, lambda s: s.entry.risk, True),
        Column("Категория", 16, lambda s: labels.CATEGORY[s.entry.category]),
        Column("Уровень", 12, lambda s: labels.LEVEL[s.entry.level]),
        Column("Ведомственный/межведомственный", 20,
               lambda s: labels.agency(s.entry.multi_agency), True),
        Column("Мера", 50, lambda s: s.entry.measure, True),
        Column("Форма завершения", 30, lambda s: s.entry.completion_form, True),
        Column("Ответственный", 25, lambda s: s.entry.responsible, True),
        Column("Срок", 14,
               lambda s: labels.deadline(s.entry.deadline, s.entry.deadline_working_days)),
        Column("Статус", 16, lambda s: labels.STATUS[s.entry.status]),
        Column("Фактор", 30, lambda s: labels.factor_title(catalogue, s.entry.factor), True),
        Column("Код фактора", 20, lambda s: s.entry.factor or ""),
        Column("Документ", 30,
               lambda s: labels.document_name(s.document_title, s.document_source), True),
        Column("Примечание", 30, lambda s: s.entry.note, True),
        Column("Основание (ключи выявленных факторов)", 40,
               lambda s: "\n".join(s.entry.evidence), True),
    ]


def document_columns(findings_per_version: Counter[int]) -> list[Column[StoredDocument]]:
    return [
        Column("Документ", 40, lambda s: s.name, True),
        Column("Вид", 22, lambda s: labels.KIND[s.kind], True),
        Column("Юрисдикция", 22, lambda s: labels.JURISDICTION[s.jurisdiction]),
        Column("Язык", 12, lambda s: labels.language(s.language)),
        Column("Номер", 16, lambda s: s.number or ""),
        Column("Дата принятия", 14, lambda s: labels.date(s.date)),
        Column("Орган, принявший акт", 30, lambda s: s.issuing_body or "", True),
        Column("Выявлено факторов", 12, lambda s: findings_per_version[s.version_id]),
        Column("Источник", 40, lambda s: s.source, True),
        Column("SHA-256", 20, lambda s: s.sha256),
        Column("Загружен", 20, lambda s: labels.moment(s.ingested_at)),
    ]


SHEET_FINDINGS = "Выявленные факторы"
SHEET_RISKS = "Реестр рисков"
SHEET_DOCUMENTS = "Документы"


def build_workbook(register: Register) -> Workbook:
    catalogue = labels.catalogue_or_none(register)
    findings = register.findings()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_FINDINGS
    write_sheet(sheet, finding_columns(catalogue), findings)
    write_sheet(workbook.create_sheet(SHEET_RISKS), risk_columns(catalogue), register.risks())
    per_version = Counter(s.version_id for s in findings)
    write_sheet(workbook.create_sheet(SHEET_DOCUMENTS), document_columns(per_version),
                register.documents())
    return workbook


@exporter("xlsx")
def export_xlsx(register: Register, path: Path) -> Path:
    workbook = build_workbook(register)
    return write_atomically(path, workbook.save)
