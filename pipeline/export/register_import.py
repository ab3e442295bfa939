"""``taza register import``: the register workbook edited by an officer comes back.

Each cell of an editable column is compared with the value the export wrote (the hidden
sheet «Исходные значения»; without it, with the register as it is now). Only cells that
differ become changes, each one an audit row with its author. The whole file is one
transaction: a refused value or status transition leaves the register as it was.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from pipeline.export.register_forms import (
    ID_HEADER,
    SHEET_ORIGINAL,
    SHEET_REGISTER,
    register_fields,
)
from pipeline.register import Register, RegisterCode, RegisterError


@dataclass(frozen=True, slots=True)
class Change:
    entry_id: int
    field: str
    old: Any
    new: Any


def _normal(value: Any) -> Any:
    """Cell values as compared: empty is "", a datetime is its date, text is stripped."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip().replace("\r\n", "\n")
    return value


def _rows(sheet, path: Path) -> dict[int, dict[str, Any]]:
    header, *rows = sheet.iter_rows(values_only=True)
    if not header or header[0] != ID_HEADER:
        raise RegisterError(RegisterCode.R006_IMPORT,
                            f"{path}: первая колонка листа «{sheet.title}» должна быть «ID»")
    result = {}
    for number, row in enumerate(rows, start=2):
        if row[0] is None or all(v is None for v in row):
            continue
        try:
            entry_id = int(row[0])
        except (TypeError, ValueError):
            raise RegisterError(RegisterCode.R006_IMPORT,
                                f"{path}: строка {number}: ID «{row[0]}» не число") from None
        result[entry_id] = dict(zip(header, row))
    return result


def read_changes(register: Register, path: Path) -> dict[int, dict[str, Any]]:
    """``{entry id: {field: new cell value}}`` for every edited cell of ``path``."""
    try:
        workbook = load_workbook(path, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        raise RegisterError(RegisterCode.R006_IMPORT,
                            f"{path}: не удалось открыть книгу XLSX ({exc})") from exc
    if SHEET_REGISTER not in workbook.sheetnames:
        raise RegisterError(RegisterCode.R006_IMPORT,
                            f"{path}: нет листа «{SHEET_REGISTER}» — выгрузите реестр "
                            "командой taza register export")
    edited = _rows(workbook[SHEET_REGISTER], path)
    fields = [f for f in register_fields(register.areas) if f.field is not None]
    if SHEET_ORIGINAL in workbook.sheetnames:
        original = _rows(workbook[SHEET_ORIGINAL], path)
    else:
        current = {e.id: e for e in register.entries()}
        original = {i: {f.header: f.render(current[i]) for f in fields}
                    for i in edited if i in current}
    changes: dict[int, dict[str, Any]] = {}
    for entry_id, row in edited.items():
        before = original.get(entry_id)
        if before is None:
            raise RegisterError(RegisterCode.R006_IMPORT,
                                f"{path}: риск № {entry_id} отсутствует в реестре")
        for spec in fields:
            if spec.header not in row:
                continue
            if _normal(row[spec.header]) != _normal(before.get(spec.header)):
                changes.setdefault(entry_id, {})[spec.field] = row[spec.header]
    return changes


def import_workbook(register: Register, path: Path, author: str | None = None) -> list[Change]:
    """Apply the officer's edits of ``path``; returns the changes made, in file order."""
    applied = register.update_entries(read_changes(register, path), author)
    return [Change(entry_id, field, old, new)
            for entry_id, changes in applied.items() for field, old, new in changes]
