"""CSV and JSON of everything in the register: documents, findings, risks, the risk
register and its audit trail.

* ``json`` — one UTF-8 file, English keys, ISO dates, numbers as numbers; documents carry
  their full text, which every ``start``/``end`` offset refers to.
* ``csv`` — a folder of tables (documents, findings, risks, risk_register, audit), made to
  open cleanly in Excel with Russian regional settings: UTF-8 with BOM (Excel otherwise
  reads Cyrillic as cp1251), «;» as the separator (the list separator of the Russian locale,
  where «,» is the decimal mark), decimal comma, dates as ДД.ММ.ГГГГ, Russian headers. A
  text cell that Excel would take for a formula (= + - @, tab, CR first) is written with a
  leading apostrophe, so it is shown and never evaluated (CSV injection); characters that
  no spreadsheet can hold are dropped and a cell is cut to Excel's 32 767 characters.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from pipeline.catalogue import Catalogue
from pipeline.export import exporter, labels, write_atomically
from pipeline.export.xlsx import clean_text, looks_like_formula
from pipeline.model import Evidence, RegisterEntry
from pipeline.register import AuditRecord, Register, StoredDocument, StoredFinding, StoredRisk

FORMAT_VERSION = 1
CSV_FILES = ("documents", "findings", "risks", "risk_register", "audit")


@dataclass(frozen=True, slots=True)
class Field:
    key: str                          # JSON key, English
    header: str                       # CSV header, Russian
    value: Callable[[Any], Any]


def _evidence(item: Evidence) -> dict[str, Any]:
    return {"kind": item.kind.value, "source_id": item.source_id, "link": item.link,
            "summary": item.summary, "date": item.date, "current": item.current}


def document_fields() -> tuple[Field, ...]:
    return (
        Field("version_id", "Id версии", lambda d: d.version_id),
        Field("title", "Наименование акта", lambda d: d.name),
        Field("number", "Номер", lambda d: d.number),
        Field("date", "Дата принятия", lambda d: d.date),
        Field("issuing_body", "Орган, принявший акт", lambda d: d.issuing_body),
        Field("kind", "Вид документа", lambda d: d.kind),
        Field("jurisdiction", "Страна", lambda d: d.jurisdiction),
        Field("language", "Язык", lambda d: d.language),
        Field("source", "Файл", lambda d: d.source),
        Field("sha256", "SHA-256", lambda d: d.sha256),
        Field("chars", "Знаков текста", lambda d: len(d.text)),
        Field("ingested_at", "Загружен", lambda d: d.ingested_at),
    )


def finding_fields(catalogue: Catalogue | None) -> tuple[Field, ...]:
    return (
        Field("id", "Id находки", lambda f: f.id),
        Field("key", "Ключ", lambda f: f.key),
        Field("document", "Акт", lambda f: labels.document_name(f.document_title,
                                                                  f.document_source)),
        Field("document_sha256", "SHA-256 акта", lambda f: f.document_sha256),
        Field("address", "Норма", lambda f: f.address),
        Field("page", "Страница", lambda f: f.page),
        Field("factor", "Код фактора", lambda f: f.finding.factor),
        Field("factor_title", "Коррупциогенный фактор",
              lambda f: labels.factor_title(catalogue, f.finding.factor)),
        Field("rule_id", "Правило", lambda f: f.finding.rule_id),
        Field("start", "Начало (знак)", lambda f: f.finding.start),
        Field("end", "Конец (знак)", lambda f: f.finding.end),
        Field("evidence", "Фрагмент", lambda f: f.finding.evidence),
        Field("confidence", "Уверенность", lambda f: f.finding.confidence),
        Field("explanation", "Пояснение", lambda f: f.finding.explanation),
        Field("recommendation", "Рекомендация", lambda f: f.finding.recommendation),
        Field("related", "Связанные нормы", lambda f: list(f.finding.related)),
        Field("clause_text", "Текст нормы", lambda f: f.clause_text),
    )


def risk_fields(catalogue: Catalogue | None) -> tuple[Field, ...]:
    return (
        Field("id", "Id риска", lambda r: r.id),
        Field("document", "Акт", lambda r: labels.document_name(r.document_title,
                                                                  r.document_source)),
        Field("document_sha256", "SHA-256 акта", lambda r: r.document_sha256),
        Field("function", "Функция / полномочие", lambda r: r.entry.function),
        Field("unit", "Подразделение / должность", lambda r: r.entry.unit),
        Field("risk", "Коррупционный риск", lambda r: r.entry.risk),
        Field("category", "Категория", lambda r: r.entry.category),
        Field("level", "Уровень", lambda r: r.entry.level),
        Field("multi_agency", "Межведомственный", lambda r: r.entry.multi_agency),
        Field("factor", "Код фактора", lambda r: r.entry.factor),
        Field("factor_title", "Коррупциогенный фактор",
              lambda r: labels.factor_title(catalogue, r.entry.factor)),
        Field("function_area", "Направление", lambda r: r.entry.function_area),
        Field("measure", "Мера", lambda r: r.entry.measure),
        Field("completion_form", "Форма завершения", lambda r: r.entry.completion_form),
        Field("responsible", "Ответственный", lambda r: r.entry.responsible),
        Field("deadline", "Срок", lambda r: r.entry.deadline),
        Field("deadline_working_days", "Срок, раб. дн.",
              lambda r: r.entry.deadline_working_days),
        Field("status", "Статус", lambda r: r.entry.status),
        Field("note", "Примечание", lambda r: r.entry.note),
        Field("evidence", "Находки", lambda r: list(r.entry.evidence)),
        Field("created_at", "Создан", lambda r: r.created_at),
    )


def register_fields(catalogue: Catalogue | None) -> tuple[Field, ...]:
    def get(name: str) -> Callable[[RegisterEntry], Any]:
        return lambda e: getattr(e, name)

    simple = [
        ("id", "Id записи"), ("merge_key", "Ключ объединения"), ("body", "Объект анализа"),
        ("jurisdiction", "Страна"), ("function", "Функция / полномочие"),
        ("unit", "Подразделение / должность"), ("risk", "Коррупционный риск"),
        ("mechanism", "Механизм действия риска"), ("category", "Категория"),
        ("level", "Уровень"), ("multi_agency", "Межведомственный"), ("note", "Примечание"),
        ("factor", "Код фактора"),
    ]
    rest = [
        ("function_area", "Направление"), ("indicator", "Индикатор риска"),
        ("measure", "Мероприятие"), ("completion_form", "Форма завершения"),
        ("responsible", "Ответственные исполнители"), ("deadline", "Срок завершения"),
        ("probability", "Вероятность (1–3)"), ("impact", "Последствия (1–3)"),
        ("scoring_rule", "Правило оценки"), ("status", "Статус"),
        ("rejection_reason", "Причина отклонения"),
        ("proposed_measures", "Предлагаемые меры"), ("edited", "Изменено вручную"),
        ("created_at", "Создана"), ("updated_at", "Изменена"),
    ]
    return (
        *(Field(k, h, get(k)) for k, h in simple),
        Field("factor_title", "Коррупциогенный фактор",
              lambda e: labels.factor_title(catalogue, e.factor)),
        *(Field(k, h, get(k)) for k, h in rest),
        Field("evidence", "Основания (источники)",
              lambda e: [_evidence(item) for item in e.evidence]),
    )


def audit_fields() -> tuple[Field, ...]:
    return (
        Field("id", "Id", lambda a: a.id),
        Field("at", "Когда", lambda a: a.at),
        Field("actor", "Кто", lambda a: a.actor),
        Field("entity", "Объект", lambda a: a.entity),
        Field("entity_id", "Id объекта", lambda a: a.entity_id),
        Field("action", "Действие", lambda a: a.action),
        Field("detail", "Подробности", lambda a: a.detail),
    )


@dataclass(frozen=True, slots=True)
class RegisterTables:
    documents: list[StoredDocument]
    findings: list[StoredFinding]
    risks: list[StoredRisk]
    risk_register: list[RegisterEntry]
    audit: list[AuditRecord]


def read_tables(register: Register) -> RegisterTables:
    """The current versions of documents, findings and risks; the whole risk register and
    its audit trail."""
    return RegisterTables(register.documents(), register.findings(), register.risks(),
                          register.entries(), register.audit_log())


def _fields(name: str, catalogue: Catalogue | None) -> tuple[Field, ...]:
    return {"documents": document_fields(), "findings": finding_fields(catalogue),
            "risks": risk_fields(catalogue), "risk_register": register_fields(catalogue),
            "audit": audit_fields()}[name]


# --- JSON -------------------------------------------------------------------------------

def _json_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def register_json(register: Register, now: dt.datetime | None = None) -> dict[str, Any]:
    catalogue = labels.catalogue_or_none(register)
    tables = read_tables(register)
    data: dict[str, Any] = {
        "format": "taza-register",
        "version": FORMAT_VERSION,
        "generated_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
    }
    for name in CSV_FILES:
        fields = _fields(name, catalogue)
        rows = getattr(tables, name)
        data[name] = [{f.key: _json_value(f.value(row)) for f in fields} for row in rows]
    for record, document in zip(data["documents"], tables.documents):
        record["text"] = document.text
    return data


@exporter("json")
def export_json(register: Register, path: Path) -> Path:
    """The whole register as one JSON file."""
    text = json.dumps(register_json(register), ensure_ascii=False, indent=1)
    return write_atomically(path, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"))


# --- CSV --------------------------------------------------------------------------------

CSV_DIALECT = {"delimiter": ";", "quotechar": '"', "quoting": csv.QUOTE_MINIMAL,
               "lineterminator": "\r\n"}


def _csv_text(value: str) -> str:
    value = clean_text(value)
    return "'" + value if looks_like_formula(value) else value


def csv_cell(value: Any) -> str:
    """A value as Excel with Russian settings reads it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, Enum):
        return _enum_label(value)
    if isinstance(value, dt.datetime):
        return labels.moment(value)
    if isinstance(value, dt.date):
        return labels.date(value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return _csv_text("\n".join(_list_item(v) for v in value))
    if isinstance(value, dict):
        return _csv_text(json.dumps(_json_value(value), ensure_ascii=False))
    return _csv_text(str(value))


def _list_item(value: Any) -> str:
    if isinstance(value, dict) and "link" in value:   # evidence of a register entry
        return f"{value['link']}: {value['summary']}"
    return str(value)


def _enum_label(value: Enum) -> str:
    for table in (labels.CATEGORY, labels.LEVEL, labels.STATUS, labels.KIND,
                  labels.JURISDICTION):
        if value in table:
            return table[value]
    return str(value.value)


def write_csv(path: Path, fields: Sequence[Field], rows: Sequence[Any]) -> Path:
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, **CSV_DIALECT)
            writer.writerow([f.header for f in fields])
            for row in rows:
                writer.writerow([csv_cell(f.value(row)) for f in fields])

    return write_atomically(path, write)


@exporter("csv")
def export_csv(register: Register, path: Path) -> Path:
    """A folder ``path`` of CSV tables: documents, findings, risks, risk_register, audit."""
    path.mkdir(parents=True, exist_ok=True)
    catalogue = labels.catalogue_or_none(register)
    tables = read_tables(register)
    for name in CSV_FILES:
        write_csv(path / f"{name}.csv", _fields(name, catalogue), getattr(tables, name))
    return path
