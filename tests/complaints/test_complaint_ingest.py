"""Complaints from CSV, XLSX, JSON and JSONL with a column mapping; bad rows and files are
reported with file and line, and the batch goes on."""
from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from pipeline.complaints.ingest import parse_mapping, read_complaints, read_many
from pipeline.errors import IngestError

# Real appeals (nash-spb 2948077, 3151131) with invented metadata.
TEXT_1 = ("Вентиляционные шахты в цоколе прикрыты картонкой на проволоке. Необходима установка "
          "решеток по всем периметру дома")
TEXT_2 = "Проблема не решена. Торговля продолжается. Не прерывается ни на день."


def test_csv_with_russian_headers_and_semicolons(tmp_path):
    path = tmp_path / "обращения.csv"
    path.write_text("Номер;Дата;ФИО;Текст обращения;Адресат;Район\n"
                    f"1;2021-02-01;Петров И.И.;{TEXT_1};ГКУ ЖА Невского района;Невский\n"
                    "2;2021-02-02;Сидоров;;;\n"
                    f"3;2021-02-03;Иванова;{TEXT_2};Администрация;Калининский\n",
                    encoding="cp1251")
    result = read_complaints(path)
    assert [c.id for c in result.complaints] == ["1", "3"]
    first = result.complaints[0]
    assert (first.text, first.author, first.addressee, first.region, first.date) == (
        TEXT_1, "Петров И.И.", "ГКУ ЖА Невского района", "Невский", "2021-02-01")
    assert len(result.errors) == 1 and f"{path}:3" in result.errors[0] and "E003" in result.errors[0]


def test_xlsx_with_a_column_mapping(tmp_path):
    path = tmp_path / "complaints.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["N", "Суть жалобы", "Заявитель"])
    sheet.append([101, TEXT_1, "Петров"])
    sheet.append([102, TEXT_2, None])
    book.save(path)
    result = read_complaints(path, parse_mapping("id=N,text=Суть жалобы,author=Заявитель"))
    assert [(c.id, c.text, c.author) for c in result.complaints] == [
        ("101", TEXT_1, "Петров"), ("102", TEXT_2, None)]
    assert result.complaints[1].source == f"{path}:3"


def test_jsonl_bad_line_is_reported_and_reading_goes_on(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": TEXT_1}, ensure_ascii=False) + "\n"
                    "{not json\n"
                    + json.dumps({"id": "b", "text": TEXT_2}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    result = read_complaints(path)
    assert [c.id for c in result.complaints] == ["a", "b"]
    assert len(result.errors) == 1 and f"{path}:2" in result.errors[0] and "E009" in result.errors[0]


def test_json_list_under_a_key(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"appeals": [{"message": TEXT_1, "district": "Невский"}]},
                               ensure_ascii=False), encoding="utf-8")
    result = read_complaints(path)
    assert [(c.id, c.text, c.region) for c in result.complaints] == [("in:1", TEXT_1, "Невский")]


def test_bad_file_does_not_stop_the_batch(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "a", "text": TEXT_1}, ensure_ascii=False) + "\n", "utf-8")
    corrupt = tmp_path / "broken.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not really a workbook")
    no_text = tmp_path / "notext.csv"
    no_text.write_text("id,author\n1,Петров\n", encoding="utf-8")
    unsupported = tmp_path / "scan.pdf"
    unsupported.write_bytes(b"%PDF-1.4")
    result = read_many([corrupt, good, no_text, unsupported, tmp_path / "missing.csv"])
    assert [c.id for c in result.complaints] == ["a"]
    codes = [e.split("]")[0] + "]" for e in result.errors]
    assert codes == ["[E004]", "[E009]", "[E002]", "[E001]"]
    assert str(corrupt) in result.errors[0]


def test_mapping_option_is_validated():
    assert parse_mapping("text=Текст, region=Область") == {"text": "Текст", "region": "Область"}
    with pytest.raises(ValueError):
        parse_mapping("body=Текст")


def test_empty_file_is_an_error(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(IngestError, match="E003"):
        read_complaints(path)


def test_jsonl_keeps_the_portal_labels(tmp_path):
    """The St Petersburg portal's own fields travel with the complaint to the classifier."""
    path = tmp_path / "appeals.jsonl"
    path.write_text(json.dumps({"id": 2948077, "text": TEXT_1, "city_object": "Дом",
                                "category": "Фасад", "reason": "Повреждение участков цоколя"},
                               ensure_ascii=False) + "\n"
                    + json.dumps({"id": 2, "text": TEXT_2}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    first, second = read_complaints(path).complaints
    assert first.portal == {"city_object": "Дом", "category": "Фасад",
                            "reason": "Повреждение участков цоколя"}
    assert second.portal == {"city_object": "", "category": "", "reason": ""}
