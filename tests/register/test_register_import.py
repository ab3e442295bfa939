"""Round trip: the register exported to XLSX, edited by an officer, imported back."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from pipeline.export import export
from pipeline.export.register_forms import (
    SHEET_LISTS,
    SHEET_ORIGINAL,
    SHEET_REGISTER,
    SHEET_SIGNALS,
)
from pipeline.export.register_import import Change, import_workbook
from pipeline.model import RiskStatus
from pipeline.register import RegisterError


@pytest.fixture
def exported(register, analysis, tmp_path):
    register.store_analysis(*analysis)
    return export(register, "register_xlsx", tmp_path / "risk_register.xlsx")


def _edit(path, edits: dict[tuple[int, str], object], drop_original: bool = False):
    """Change cells as an officer would: by the entry's ID and the column header."""
    workbook = load_workbook(path)
    sheet = workbook[SHEET_REGISTER]
    headers = [c.value for c in sheet[1]]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    for (entry_id, header), value in edits.items():
        sheet.cell(rows[entry_id], headers.index(header) + 1, value)
    if drop_original:
        del workbook[SHEET_ORIGINAL]
    workbook.save(path)


def _fields(entry) -> dict:
    return {name: getattr(entry, name) for name in entry.__slots__
            if name not in ("edited", "updated_at")}


def test_the_workbook_lays_out_every_entry(register, exported):
    workbook = load_workbook(exported)
    assert workbook.sheetnames == [SHEET_REGISTER, SHEET_LISTS, SHEET_SIGNALS, SHEET_ORIGINAL]
    assert workbook[SHEET_ORIGINAL].sheet_state == "hidden"
    sheet = workbook[SHEET_REGISTER]
    assert sheet.max_row - 1 == len(register.entries()) == 2
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["ID", "Функция / полномочие", "Подразделение / должность",
                           "Коррупционный риск"]
    row = dict(zip(headers, next(sheet.iter_rows(min_row=2, values_only=True))))
    entry = register.entries()[0]
    assert row["ID"] == entry.id and row["Уровень"] == "высокий"
    assert row["Статус"] == "выявлен" and row["Срок завершения"].date() == entry.deadline
    assert row["Вероятность (1–3)"] == 2
    lists = {str(v.sqref).split(":")[0].rstrip("0123456789"): v.formula1
             for v in sheet.data_validations.dataValidation}
    level_column = sheet.cell(1, headers.index("Уровень") + 1).column_letter
    assert lists[level_column] == f"'{SHEET_LISTS}'!$B$2:$B$4"


def test_round_trip_changes_exactly_the_edited_cells(register, exported):
    first, second = register.entries()
    _edit(exported, {(first.id, "Ответственные исполнители"): "Отдел земельных отношений",
                     (second.id, "Срок завершения"): dt.datetime(2027, 2, 1)})
    log_before = register.audit_log()

    changes = import_workbook(register, exported, author="Жумабаева А.")

    assert changes == [
        Change(first.id, "responsible", first.responsible, "Отдел земельных отношений"),
        Change(second.id, "deadline", second.deadline, dt.date(2027, 2, 1))]
    after_first, after_second = register.entries()
    assert _fields(after_first) == _fields(first) | {
        "responsible": "Отдел земельных отношений"}
    assert _fields(after_second) == _fields(second) | {"deadline": dt.date(2027, 2, 1)}
    assert after_first.edited == ("responsible",) and after_second.edited == ("deadline",)
    new_log = register.audit_log()[len(log_before):]
    assert [(r.actor, r.entity_id, r.detail) for r in new_log] == [
        ("Жумабаева А.", str(first.id), {"field": "responsible", "old": first.responsible,
                                         "new": "Отдел земельных отношений"}),
        ("Жумабаева А.", str(second.id), {"field": "deadline",
                                          "old": second.deadline.isoformat(),
                                          "new": "2027-02-01"})]
    # The same file again changes nothing more.
    assert import_workbook(register, exported, author="Жумабаева А.") == []


def test_without_the_hidden_sheet_cells_are_compared_with_the_register(register, exported):
    first = register.entries()[0]
    _edit(exported, {(first.id, "Статус"): "оценен"}, drop_original=True)
    [change] = import_workbook(register, exported, author="А.")
    assert (change.field, change.old, change.new) == ("status", "identified", "assessed")
    assert register.entry(first.id).status is RiskStatus.ASSESSED


def test_a_refused_cell_leaves_the_whole_file_unapplied(register, exported):
    first, second = register.entries()
    _edit(exported, {(first.id, "Примечание"): "проверено",
                     (second.id, "Статус"): "исполнено"})
    before, log = register.entries(), register.audit_log()
    with pytest.raises(RegisterError, match="переход из статуса «выявлен» в «исполнено» "
                                            "недопустим"):
        import_workbook(register, exported, author="А.")
    assert register.entries() == before and register.audit_log() == log


def test_an_unknown_id_is_reported(register, exported):
    workbook = load_workbook(exported)
    workbook[SHEET_REGISTER].cell(2, 1, 999)
    workbook.save(exported)
    with pytest.raises(RegisterError, match="риск № 999 отсутствует"):
        import_workbook(register, exported)


def test_a_file_that_is_not_the_register_is_refused(register, tmp_path):
    other = tmp_path / "other.xlsx"
    other.write_bytes(b"not a workbook")
    with pytest.raises(RegisterError, match="не удалось открыть книгу XLSX"):
        import_workbook(register, other)
