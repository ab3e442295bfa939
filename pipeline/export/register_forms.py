"""The risk register in the official XLSX forms, and as an editable workbook.

* ``kg_risks`` — list of corruption risks, form 1 of the Kyrgyz guide (seed 001);
* ``kg_positions`` — list of corruption-prone positions, form 2 (seed 001);
* ``action_plan`` — the plan of measures after the internal analysis (seed 004);
* ``register_xlsx`` — every field of every entry, for the officer to edit and import back
  (``taza register import``). A hidden sheet keeps the values as exported, so the import
  changes exactly the cells the officer edited.

Forms leave out rejected risks; one sheet per body (the object of analysis). Written for a
reporting period (``write_register_exports(..., period=...)``), they still show the register
as it stands on the day of the export, and their title says so beside the period.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.export import exporter, labels, write_atomically
from pipeline.export.xlsx import clean_text, looks_like_formula
from pipeline.model import RegisterEntry, RiskCategory, RiskLevel, RiskStatus
from pipeline.register import Register
from pipeline.register.areas import Areas
from pipeline.register.period import ReportPeriod

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_RIGHT = Alignment(horizontal="right")
DATE_FORMAT = "DD.MM.YYYY"

SINGLE_BODY = "Относится к деятельности только данного органа"
SEVERAL_BODIES = "Может охватывать деятельность нескольких государственных органов"


def open_entries(register: Register) -> list[RegisterEntry]:
    """Entries that belong in the forms: all but the rejected ones."""
    return [e for e in register.entries() if e.status is not RiskStatus.REJECTED]


def by_body(entries: Sequence[RegisterEntry]) -> dict[str, list[RegisterEntry]]:
    groups: dict[str, list[RegisterEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.body, []).append(entry)
    return groups


def _put(sheet: Worksheet, row: int, column: int, value: Any, *, bold: bool = False,
         box: bool = True, align: Alignment = _WRAP, fmt: str | None = None) -> None:
    if isinstance(value, str):
        value = clean_text(value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and looks_like_formula(value):
        cell.data_type, cell.quotePrefix = "s", True
    cell.alignment = align
    if bold:
        cell.font = _BOLD
    if box:
        cell.border = _BOX
    if fmt:
        cell.number_format = fmt


def _approval(sheet: Worksheet, width: int, lines: Sequence[str]) -> int:
    """«УТВЕРЖДАЮ» block at the top right; returns the next free row."""
    for row, text in enumerate(lines, start=1):
        _put(sheet, row, width, text, bold=row == 1, box=False, align=_RIGHT)
    return len(lines) + 2


def _title(sheet: Worksheet, row: int, width: int, lines: Sequence[str]) -> int:
    for offset, text in enumerate(lines):
        sheet.merge_cells(start_row=row + offset, start_column=1, end_row=row + offset,
                          end_column=width)
        cell = sheet.cell(row=row + offset, column=1, value=clean_text(text))
        cell.font, cell.alignment = (_TITLE if offset == 0 else _BOLD), _CENTER
    return row + len(lines) + 1


def _header(sheet: Worksheet, row: int, headers: Sequence[str], widths: Sequence[float]) -> int:
    for column, (text, width) in enumerate(zip(headers, widths), start=1):
        _put(sheet, row, column, text, bold=True, align=_CENTER)
        sheet.cell(row=row, column=column).fill = _HEAD_FILL
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[row].height = 90
    return row + 1


def _group(sheet: Worksheet, row: int, width: int, text: str) -> int:
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    _put(sheet, row, 1, text, bold=True)
    sheet.cell(row=row, column=1).fill = _GROUP_FILL
    return row + 1


def _notes(sheet: Worksheet, row: int, width: int, notes: Sequence[str]) -> int:
    row += 1
    for text in notes:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        _put(sheet, row, 1, text, box=False)
        row += 1
    return row


def _sheet_title(name: str, taken: set[str]) -> str:
    base = "".join(c for c in name if c not in "[]:*?/\\")[:28].strip() or "Орган"
    title, number = base, 1
    while title in taken:
        number += 1
        title = f"{base[:25]} {number}"
    taken.add(title)
    return title


def _per_body(register: Register, fill: Callable[[Worksheet, str, list[RegisterEntry]], None],
              empty_body: str) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    groups = by_body(open_entries(register)) or {empty_body: []}
    taken: set[str] = set()
    for body, entries in groups.items():
        sheet = workbook.create_sheet(_sheet_title(body, taken))
        fill(sheet, body, entries)
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToHeight = 0
    return workbook


def period_title(period: ReportPeriod | None, today: dt.date | None = None) -> tuple[str, ...]:
    """The title line of a form written for a period: the period, and the day whose register
    the form shows (the export is not a snapshot of the past)."""
    if period is None:
        return ()
    day = labels.date(today or dt.date.today())
    return (f"Отчетный период: {period.name}; сведения реестра на {day}",)


_APPROVE = ("УТВЕРЖДАЮ", "_______________________", "(руководитель государственного органа)",
            "«___» ____________ 20__ г.")


# --- form 1: list of corruption risks (seed 001) ----------------------------------------------

FORM1_HEADERS = (
    "№",
    "Функции / служебные полномочия государственного органа (*)",
    "Структурное подразделение (*) (должность, в которой присутствует коррупционный риск)",
    "Коррупционный риск (**)",
    "Категория коррупционного риска: системный (реальный), потенциальный, ситуационный",
    "Уровень коррупционного риска (низкий, средний, высокий)",
    "Относится ли коррупционный риск к деятельности только одного органа или может "
    "охватывать деятельность нескольких государственных органов?",
    "Примечание",
)
FORM1_NOTES = (
    "(*) — в соответствии с утвержденным положением о государственном органе.",
    "(**) — необходимо четко описать механизм действия коррупционного риска, с указанием "
    "примеров имевших место коррупционных проявлений, в том числе возможность реального "
    "наличия таких проявлений в будущем.",
)


def risk_with_mechanism(entry: RegisterEntry) -> str:
    if entry.mechanism:
        return f"{entry.risk}\nМеханизм: {entry.mechanism}"
    return entry.risk


def _evidence_note(entry: RegisterEntry) -> str:
    current = sum(e.current for e in entry.evidence)
    parts = [entry.note] if entry.note else []
    parts.append(f"Подтверждений: {current}; статус: {labels.STATUS[entry.status]}")
    return "\n".join(parts)


def fill_form1(areas: Areas, extra: Sequence[str] = ()
               ) -> Callable[[Worksheet, str, list[RegisterEntry]], None]:
    def fill(sheet: Worksheet, body: str, entries: list[RegisterEntry]) -> None:
        width = len(FORM1_HEADERS)
        row = _approval(sheet, width, _APPROVE)
        row = _title(sheet, row, width, [
            "ПЕРЕЧЕНЬ коррупционных рисков в системе государственных органов "
            "Кыргызской Республики", body, *extra])
        row = _header(sheet, row, FORM1_HEADERS, (6, 32, 28, 60, 18, 14, 30, 28))
        groups: dict[str, list[RegisterEntry]] = {}
        for entry in entries:
            groups.setdefault(areas[entry.function_area].function_group, []).append(entry)
        for group, members in groups.items():
            row = _group(sheet, row, width, group)
            for number, entry in enumerate(members, start=1):
                values = (number, entry.function, entry.unit, risk_with_mechanism(entry),
                          labels.CATEGORY[entry.category].capitalize(),
                          labels.LEVEL[entry.level].capitalize(),
                          SEVERAL_BODIES if entry.multi_agency else SINGLE_BODY,
                          _evidence_note(entry))
                for column, value in enumerate(values, start=1):
                    _put(sheet, row, column, value)
                row += 1
        _notes(sheet, row, width, FORM1_NOTES)
    return fill


@exporter("kg_risks")
def export_kg_risks(register: Register, path: Path,
                    period: ReportPeriod | None = None) -> Path:
    workbook = _per_body(register, fill_form1(register.areas, period_title(period)),
                         "Государственный орган")
    return write_atomically(path, workbook.save)


# --- form 2: list of corruption-prone positions (seed 001) ------------------------------------

FORM2_HEADERS = (
    "№",
    "Должность, в которой присутствует коррупционный риск (*)",
    "Служебные полномочия (**)",
    "Коррупционный риск (***)",
    "Уровень коррупционного риска (****)",
)
FORM2_NOTES = (
    "(*) — в соответствии со штатным расписанием;",
    "(**) — в соответствии с распределением полномочий, положением о структурном "
    "подразделении, должностными инструкциями;",
    "(***) — сфера деятельности государственного органа, в которой при исполнении служебных "
    "полномочий возможно возникновение коррупционных рисков;",
    "(****) — уровень коррупционного риска: высокий; средний; низкий.",
)
_RANK = {RiskLevel.HIGH: 3, RiskLevel.MEDIUM: 2, RiskLevel.LOW: 1}


@dataclass(frozen=True, slots=True)
class Position:
    """A row of form 2: one position with all its powers and risks."""

    title: str
    powers: tuple[str, ...]
    risks: tuple[str, ...]
    level: RiskLevel


def positions(entries: Sequence[RegisterEntry]) -> list[Position]:
    """Entries grouped by structural unit or position; the level is the highest of its risks."""
    groups: dict[str, list[RegisterEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.unit, []).append(entry)
    return [Position(unit, tuple(dict.fromkeys(e.function for e in members)),
                     tuple(dict.fromkeys(e.risk for e in members)),
                     max((e.level for e in members), key=_RANK.__getitem__))
            for unit, members in groups.items()]


def _fill_form2(sheet: Worksheet, body: str, entries: list[RegisterEntry],
                extra: Sequence[str] = ()) -> None:
    width = len(FORM2_HEADERS)
    row = _approval(sheet, width, _APPROVE)
    row = _title(sheet, row, width, [
        "ПЕРЕЧЕНЬ коррупционно-опасных должностей в государственном органе", body,
        "(наименование государственного органа)", *extra])
    row = _header(sheet, row, FORM2_HEADERS, (6, 34, 40, 70, 16))
    for number, position in enumerate(positions(entries), start=1):
        values = (number, position.title, ";\n".join(position.powers),
                  ";\n".join(position.risks), labels.LEVEL[position.level].capitalize())
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
        row += 1
    _notes(sheet, row, width, FORM2_NOTES)


@exporter("kg_positions")
def export_kg_positions(register: Register, path: Path,
                        period: ReportPeriod | None = None) -> Path:
    extra = period_title(period)
    workbook = _per_body(register, lambda sheet, body, entries: _fill_form2(
        sheet, body, entries, extra), "Государственный орган")
    return write_atomically(path, workbook.save)


# --- the action plan (seed 004) ---------------------------------------------------------------

PLAN_HEADERS = ("№ п/п", "Индикатор риска / описание коррупционного риска", "Мероприятие",
                "Форма завершения", "Ответственные исполнители", "Срок завершения")
PLAN_APPROVE = ("УТВЕРЖДАЮ", "Руководитель _______________________", "_______________ (Ф.И.О.)",
                "«___» ____________ 20__ г.")


def fill_plan(areas: Areas, extra: Sequence[str] = ()
              ) -> Callable[[Worksheet, str, list[RegisterEntry]], None]:
    def fill(sheet: Worksheet, body: str, entries: list[RegisterEntry]) -> None:
        width = len(PLAN_HEADERS)
        row = _approval(sheet, width, PLAN_APPROVE)
        row = _title(sheet, row, width, [
            "П Л А Н",
            "по устранению причин и условий, способствующих совершению коррупционных "
            "правонарушений, выявленных по результатам проведения внутреннего анализа "
            f"коррупционных рисков в деятельности: {body}", *extra])
        row = _header(sheet, row, PLAN_HEADERS, (9, 60, 55, 28, 32, 14))
        # Sections by function area, in the order of the directions of the note.
        order = list(areas.areas)
        groups: dict[str, list[RegisterEntry]] = {}
        for entry in entries:
            groups.setdefault(areas[entry.function_area].id, []).append(entry)
        sections = sorted(groups, key=lambda a: (areas[a].direction, order.index(a)))
        for group_number, area in enumerate(sections, start=1):
            _put(sheet, row, 1, f"{group_number}.", bold=True)
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
            _put(sheet, row, 2, areas[area].title_ru, bold=True)
            row += 1
            for number, entry in enumerate(groups[area], start=1):
                values = (f"{group_number}.{number}.",
                          f"{entry.indicator}\n{entry.risk}", entry.measure,
                          entry.completion_form, entry.responsible, entry.deadline)
                for column, value in enumerate(values, start=1):
                    _put(sheet, row, column, value, fmt=DATE_FORMAT if column == 6 else None)
                row += 1
        row = _notes(sheet, row, width, ["СОГЛАСОВАНО:"])
        for _ in range(3):
            _put(sheet, row, 2, "_______________ (Ф.И.О.)  _____", box=False)
            row += 1
    return fill


@exporter("action_plan")
def export_action_plan(register: Register, path: Path,
                       period: ReportPeriod | None = None) -> Path:
    workbook = _per_body(register, fill_plan(register.areas, period_title(period)),
                         "Объект анализа")
    return write_atomically(path, workbook.save)


# --- the editable register ----------------------------------------------------------------

SHEET_REGISTER = "Реестр рисков"
SHEET_ORIGINAL = "Исходные значения"
SHEET_LISTS = "Справочники"
SHEET_SIGNALS = "Обращения и СМИ"
ID_HEADER = "ID"


@dataclass(frozen=True, slots=True)
class Field:
    """A column of the editable register: ``field`` of the entry, or read-only when None."""

    header: str
    field: str | None
    width: float
    render: Callable[[RegisterEntry], Any]


def register_fields(areas: Areas) -> list[Field]:
    return [
        Field("Функция / полномочие", "function", 30, lambda e: e.function),
        Field("Подразделение / должность", "unit", 26, lambda e: e.unit),
        Field("Коррупционный риск", "risk", 60, lambda e: e.risk),
        Field("Механизм риска", "mechanism", 40, lambda e: e.mechanism),
        Field("Категория", "category", 18, lambda e: labels.CATEGORY[e.category]),
        Field("Вероятность (1–3)", "probability", 11, lambda e: e.probability),
        Field("Последствия (1–3)", "impact", 11, lambda e: e.impact),
        Field("Уровень", "level", 11, lambda e: labels.LEVEL[e.level]),
        Field("Ведомственный / межведомственный", "multi_agency", 18,
              lambda e: labels.agency(e.multi_agency)),
        Field("Направление", "function_area", 28, lambda e: areas[e.function_area].title_ru),
        Field("Индикатор риска", "indicator", 30, lambda e: e.indicator),
        Field("Мероприятие", "measure", 50, lambda e: e.measure),
        Field("Форма завершения", "completion_form", 26, lambda e: e.completion_form),
        Field("Ответственные исполнители", "responsible", 30, lambda e: e.responsible),
        Field("Срок завершения", "deadline", 14, lambda e: e.deadline),
        Field("Статус", "status", 18, lambda e: labels.STATUS[e.status]),
        Field("Причина отклонения", "rejection_reason", 26, lambda e: e.rejection_reason),
        Field("Примечание", "note", 26, lambda e: e.note),
        Field("Объект анализа (не редактируется)", None, 26, lambda e: e.body),
        Field("Код фактора (не редактируется)", None, 20, lambda e: e.factor or ""),
        Field("Обоснование оценки (не редактируется)", None, 40, lambda e: e.scoring_rule),
        Field("Предлагаемые меры (не редактируется)", None, 50,
              lambda e: "\n".join(e.proposed_measures)),
        Field("Подтверждения (не редактируется)", None, 50,
              lambda e: "\n".join(f"{x.link} — {x.summary}" for x in e.evidence if x.current)),
    ]


def _write_register_sheet(sheet: Worksheet, fields: Sequence[Field],
                          entries: Sequence[RegisterEntry]) -> None:
    headers = [ID_HEADER, *(f.header for f in fields)]
    for column, header in enumerate(headers, start=1):
        _put(sheet, 1, column, header, bold=True, align=_CENTER)
        sheet.cell(row=1, column=column).fill = _HEAD_FILL
    sheet.column_dimensions["A"].width = 7
    for column, spec in enumerate(fields, start=2):
        sheet.column_dimensions[get_column_letter(column)].width = spec.width
    for row, entry in enumerate(entries, start=2):
        _put(sheet, row, 1, entry.id)
        for column, spec in enumerate(fields, start=2):
            value = spec.render(entry)
            _put(sheet, row, column, value,
                 fmt=DATE_FORMAT if isinstance(value, dt.date) else None)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(entries) + 1}"


def _lists(workbook: Workbook, areas: Areas) -> dict[str, str]:
    """The sheet of allowed values; returns the range of each list by field."""
    sheet = workbook.create_sheet(SHEET_LISTS)
    columns = {
        "category": [labels.CATEGORY[c] for c in RiskCategory],
        "level": [labels.LEVEL[v] for v in RiskLevel],
        "status": [labels.STATUS[s] for s in RiskStatus],
        "multi_agency": [labels.agency(False), labels.agency(True)],
        "function_area": [a.title_ru for a in areas.areas.values()],
        "probability": ["1", "2", "3"],
    }
    ranges = {}
    for column, (field, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(column)
        sheet.cell(row=1, column=column, value=field).font = _BOLD
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=column, value=value)
        ranges[field] = f"{quote_sheetname(SHEET_LISTS)}!${letter}$2:${letter}${len(values) + 1}"
        sheet.column_dimensions[letter].width = 40
    ranges["impact"] = ranges["probability"]
    return ranges


def build_register_workbook(register: Register,
                            period: ReportPeriod | None = None) -> Workbook:
    areas = register.areas
    entries = register.entries()
    fields = register_fields(areas)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_REGISTER
    _write_register_sheet(sheet, fields, entries)
    ranges = _lists(workbook, areas)
    last = max(len(entries) + 1, 2)
    for column, spec in enumerate(fields, start=2):
        if spec.field in ranges:
            validation = DataValidation(type="list", formula1=ranges[spec.field],
                                        allow_blank=False, showErrorMessage=True,
                                        errorTitle="Недопустимое значение",
                                        error="Выберите значение из списка")
            letter = get_column_letter(column)
            validation.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(validation)
    _write_signals_sheet(workbook.create_sheet(SHEET_SIGNALS), register, areas)
    original = workbook.create_sheet(SHEET_ORIGINAL)
    _write_register_sheet(original, fields, entries)
    original.sheet_state = "hidden"
    if period is not None:
        # Row 1 of the register sheet is the header the import reads: the title goes to
        # the document's properties and the printed header of every sheet.
        title = f"Реестр коррупционных рисков. {period_title(period)[0]}"
        workbook.properties.title = title
        for each in (sheet, workbook[SHEET_SIGNALS]):
            each.oddHeader.center.text = title
    return workbook


def _write_signals_sheet(sheet: Worksheet, register: Register, areas: Areas) -> None:
    """Complaints and publications by body and function area: counts, quarters, examples."""
    groups = register.body_signals()
    quarters = sorted({q for g in groups for q in g.by_quarter})
    headers = ["№ рисков", "Орган", "Направление", "Обращений", "Публикаций СМИ",
               *(f"{q} (обр./СМИ)" for q in quarters), "Признаки", "Примеры", "На рассмотрение"]
    widths = [10, 32, 28, 11, 11, *(12 for _ in quarters), 34, 70, 14]
    row = _header(sheet, 1, headers, widths)
    sheet.row_dimensions[1].height = 45
    if not groups:
        _put(sheet, row, 1, "Обращения и публикации СМИ в реестр не поступали", box=False)
        return
    for group in groups:
        cells: list[Any] = [
            ", ".join(str(i) for i in group.entry_ids), group.body,
            areas[group.function_area].title_ru, group.counts.get("complaint", 0),
            group.counts.get("media", 0),
            *(f"{group.by_quarter.get(q, {}).get('complaint', 0)}/"
              f"{group.by_quarter.get(q, {}).get('media', 0)}" for q in quarters),
            "; ".join(f"{labels.signal_title(s)} ({n})" for s, n in group.signals.items()),
            "\n\n".join(group.examples), "да" if group.under_review else "нет"]
        for column, value in enumerate(cells, start=1):
            _put(sheet, row, column, value)
        row += 1
    sheet.freeze_panes = "C2"


@exporter("register_xlsx")
def export_register_xlsx(register: Register, path: Path,
                         period: ReportPeriod | None = None) -> Path:
    return write_atomically(path, build_register_workbook(register, period).save)
