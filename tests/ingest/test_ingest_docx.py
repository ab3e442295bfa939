"""DOCX reader on documents built with python-docx from the Kyrgyz Land Code."""
from __future__ import annotations

import datetime as dt

import docx
import pytest
from ingest_samples import LAND_CODE_KG

from pipeline.errors import ErrorCode, IngestError
from pipeline.ingest import read_document
from pipeline.model import Jurisdiction

# Article 10 of the Land Code: its list of land categories goes into a table.
LEAD_IN = ("Земельный фонд Кыргызской Республики включает в себя сельскохозяйственные и "
           "несельскохозяйственные земельные угодья и в соответствии с целевым назначением "
           "подразделяется на следующие категории:")
CATEGORIES = [
    ("1)", "земли сельскохозяйственного назначения;"),
    ("2)", "земли населенных пунктов;"),
    ("3)", "земли промышленности, транспорта, связи, энергетики, обороны и иного назначения;"),
    ("4)", "земли особо охраняемых природных территорий;"),
]
AFTER = "Статья 11. Отнесение земель к категориям и перевод их из одной категории в другую"


def _land_code_docx(path, merged_row: bool = False):
    assert LEAD_IN in LAND_CODE_KG.read_text(encoding="utf-8")
    document = docx.Document()
    document.add_paragraph("ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ")
    document.add_paragraph("от 2 июня 1999 года № 45")
    document.add_paragraph("Статья 10. Земельный фонд")
    document.add_paragraph(LEAD_IN)
    table = document.add_table(rows=len(CATEGORIES) + merged_row, cols=2)
    for row, (number, category) in zip(table.rows, CATEGORIES):
        row.cells[0].text = number
        row.cells[1].text = category
    if merged_row:
        last = table.rows[-1]
        merged = last.cells[0].merge(last.cells[1])
        merged.text = "(В редакции Законов КР от 9 августа 2012 года № 159)"
    document.add_paragraph(AFTER)
    document.save(path)
    return path


def test_paragraphs_and_tables_in_body_order(tmp_path):
    doc = read_document(_land_code_docx(tmp_path / "land.docx"))
    lines = doc.text.split("\n")
    assert lines[:4] == ["ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ", "от 2 июня 1999 года № 45",
                         "Статья 10. Земельный фонд", LEAD_IN]
    assert lines[4:8] == [f"{number} | {category}" for number, category in CATEGORIES]
    assert lines[8] == AFTER
    assert doc.title == "ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ"
    assert doc.number == "№ 45" and doc.date == dt.date(1999, 6, 2)
    assert doc.jurisdiction is Jurisdiction.KG


def test_merged_cell_is_written_once(tmp_path):
    doc = read_document(_land_code_docx(tmp_path / "merged.docx", merged_row=True))
    assert doc.text.count("(В редакции Законов КР от 9 августа 2012 года № 159)") == 1


def test_core_title_is_a_fallback(tmp_path):
    document = docx.Document()
    document.core_properties.title = "Земельный кодекс"
    document.add_paragraph(LEAD_IN)
    document.save(tmp_path / "untitled.docx")
    assert read_document(tmp_path / "untitled.docx").title == "Земельный кодекс"


def test_empty_docx_is_empty(tmp_path):
    docx.Document().save(tmp_path / "empty.docx")
    with pytest.raises(IngestError) as err:
        read_document(tmp_path / "empty.docx")
    assert err.value.code is ErrorCode.E003_EMPTY
    assert "empty.docx" in str(err.value)


@pytest.mark.parametrize("mangle", [
    lambda data: data[: len(data) // 2],          # cut download
    lambda data: b"PK\x03\x04" + b"\x00" * 200,   # zip header, no archive
    lambda data: "Статья 1. Не архив".encode(),   # text renamed to .docx
])
def test_corrupt_docx_is_e004(tmp_path, mangle):
    good = _land_code_docx(tmp_path / "good.docx").read_bytes()
    path = tmp_path / "corrupt.docx"
    path.write_bytes(mangle(good))
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.code is ErrorCode.E004_CORRUPT
    assert "corrupt.docx" in str(err.value) and err.value.detail
