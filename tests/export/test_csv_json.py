"""CSV (Excel, Russian settings) and JSON of everything in the register."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from pipeline.export import EXPORTERS, export
from pipeline.export.tables import CSV_FILES, csv_cell
from pipeline.register import Register


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no UTF-8 BOM for Excel"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def _by_header(rows: list[list[str]]) -> list[dict[str, str]]:
    header, *body = rows
    assert all(len(row) == len(header) for row in body)
    return [dict(zip(header, row)) for row in body]


def test_formats_are_registered():
    assert {"csv", "json"} <= set(EXPORTERS)


def test_csv_folder_holds_every_table_with_russian_headers(filled, tmp_path):
    folder = export(filled, "csv", tmp_path / "csv")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.csv" for n in CSV_FILES)
    tables = {name: _read_csv(folder / f"{name}.csv") for name in CSV_FILES}
    assert tables["documents"][0][:3] == ["Id версии", "Наименование акта", "Номер"]
    assert tables["findings"][0][4:8] == ["Норма", "Страница", "Код фактора",
                                          "Коррупциогенный фактор"]
    assert len(tables["documents"]) - 1 == len(filled.documents()) == 2
    assert len(tables["findings"]) - 1 == len(filled.findings()) == 6
    assert len(tables["risks"]) - 1 == len(filled.risks())
    assert len(tables["risk_register"]) - 1 == len(filled.entries()) > 0
    assert len(tables["audit"]) - 1 == len(filled.audit_log()) > 0


def test_csv_findings_values_as_excel_reads_them(filled, tmp_path):
    folder = export(filled, "csv", tmp_path / "csv")
    findings = _by_header(_read_csv(folder / "findings.csv"))
    by_factor = {row["Код фактора"]: row for row in findings}
    zk = by_factor["no_competition"]
    assert zk["Акт"] == "Земельный кодекс РФ"
    assert zk["Фрагмент"] == "без проведения торгов"
    assert zk["Коррупциогенный фактор"] == "Отсутствие конкурсных процедур"
    assert zk["Норма"].startswith("ст. 39.16")
    assert zk["Уверенность"] == "0,8"                     # decimal comma
    assert by_factor["broad_discretion"]["Уверенность"] in {"0,4", "0,8"}
    # Text that Excel would evaluate is kept as text behind an apostrophe; NUL is dropped.
    hostile = [row for row in findings if row["Акт"] == "Приказ <b>№ 1</b>"]
    evidence = {row["Код фактора"]: row["Фрагмент"] for row in hostile}
    assert evidence["broad_discretion"] == "'@SUM(A1:A9)"
    assert evidence["legal_gap"] == "'-2+3"
    gap = next(row for row in hostile if row["Код фактора"] == "legal_gap")
    assert gap["Рекомендация"] == "'+7 (727) 000-00-00"
    discretion = next(row for row in hostile if row["Код фактора"] == "broad_discretion")
    assert discretion["Пояснение"].startswith("'=HYPERLINK(")
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in findings
                   for cell in row.values())


def test_csv_documents_and_register_rows(filled, tmp_path):
    folder = export(filled, "csv", tmp_path / "csv")
    documents = _by_header(_read_csv(folder / "documents.csv"))
    order = next(d for d in documents if d["Наименование акта"] == "Приказ <b>№ 1</b>")
    assert order["Орган, принявший акт"] == "Министерство & Ко"
    assert order["Страна"] == "Российская Федерация"
    assert order["Вид документа"] == "нормативный правовой акт"
    register = _by_header(_read_csv(folder / "risk_register.csv"))
    entry = filled.entries()[0]
    row = next(r for r in register if r["Id записи"] == str(entry.id))
    assert row["Уровень"] in {"низкий", "средний", "высокий"}
    assert row["Срок завершения"] == (entry.deadline.strftime("%d.%m.%Y")
                                      if entry.deadline else "")
    assert entry.evidence[0].summary in row["Основания (источники)"]


def test_csv_cell_conventions():
    assert csv_cell(0.8) == "0,8"
    assert csv_cell(0.125) == "0,125"
    assert csv_cell(True) == "да" and csv_cell(None) == ""
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("a\x07b") == "ab"
    assert csv_cell(["a", "b"]) == "a\nb"


def test_json_holds_everything_with_texts_and_offsets(filled, tmp_path):
    path = export(filled, "json", tmp_path / "register.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "taza-register" and data["version"] == 1
    assert len(data["documents"]) == 2 and len(data["findings"]) == 6
    assert len(data["risks"]) == len(filled.risks())
    assert len(data["risk_register"]) == len(filled.entries())
    assert len(data["audit"]) == len(filled.audit_log())
    texts = {d["sha256"]: d["text"] for d in data["documents"]}
    for finding in data["findings"]:
        if finding["factor"] in {"no_competition", "optional_power", "open_grounds"}:
            text = texts[finding["document_sha256"]]
            assert text[finding["start"]:finding["end"]] == finding["evidence"]
        assert isinstance(finding["confidence"], float)
    gap = next(f for f in data["findings"] if f["factor"] == "legal_gap")
    assert gap["recommendation"] == "+7 (727) 000-00-00"     # JSON keeps values as they are
    entry = data["risk_register"][0]
    assert entry["level"] in {"low", "medium", "high"}
    assert entry["evidence"][0]["kind"] == "act_finding"
    assert entry["created_at"][:4].isdigit()


def test_empty_register_gives_headers_only(tmp_path):
    with Register(f"sqlite:///{tmp_path}/empty.sqlite") as register:
        folder = export(register, "csv", tmp_path / "csv")
        data = json.loads(export(register, "json", tmp_path / "r.json").read_text("utf-8"))
    for name in CSV_FILES:
        assert len(_read_csv(folder / f"{name}.csv")) == 1
    assert data["documents"] == [] and data["findings"] == []
