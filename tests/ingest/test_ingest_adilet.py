"""Adilet chunks of the Kazakh law «О противодействии коррупции» rebuilt into one act."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from ingest_samples import ADILET_JSONL

from pipeline.errors import ErrorCode, IngestError
from pipeline.ingest import read_document
from pipeline.ingest.adilet import unit_lines
from pipeline.model import DocumentKind, Jurisdiction

LEAD_IN_1 = "Содержащиеся в настоящем Законе понятия применяются в следующем значении:"


@pytest.fixture(scope="module")
def law():
    return read_document(ADILET_JSONL)


def test_metadata(law):
    assert law.title == "О противодействии коррупции"
    assert law.number == "410-V"
    assert law.date == dt.date(2015, 11, 18)
    assert law.jurisdiction is Jurisdiction.KZ
    assert law.kind is DocumentKind.ACT
    assert law.language == "ru"


def test_articles_in_order_with_headings(law):
    headings = re.findall(r"^Статья (\d+)\. (.+)$", law.text, re.MULTILINE)
    assert [number for number, _ in headings] == [str(n) for n in range(1, 9)]
    assert headings[0][1] == "Разъяснение некоторых понятий, содержащихся в настоящем Законе"
    assert headings[6][1] == "Антикоррупционный мониторинг"
    assert law.text.startswith(
        "Статья 1. Разъяснение некоторых понятий, содержащихся в настоящем Законе\n"
        f"{LEAD_IN_1}\n1) административно-хозяйственные функции – ")


def test_prefixes_are_gone_and_lead_ins_kept_once(law):
    assert "[ocorrupt" not in law.text and "[intro]" not in law.text
    assert law.text.count(LEAD_IN_1) == 1
    assert law.text.count("Противодействие коррупции осуществляется на основе принципов:") == 1
    assert "\n\n" not in law.text


def test_units_are_addressable_by_the_structure_parser(law):
    article_1 = law.text[:law.text.index("\nСтатья 2.")]
    points = re.findall(r"^(\d+(?:-\d+)?)\)", article_1, re.MULTILINE)
    assert points == ["1", "1-1", "2", "2-1", "3", "4", "5", "6", "7", "8", "9", "10", "11",
                      "12", "13", "14"]
    article_8 = law.text[law.text.index("\nСтатья 8."):]
    assert re.findall(r"^(\d+)\.", article_8, re.MULTILINE) == ["1", "2", "3", "4"]
    assert "\n12) коррупционный риск – возможность возникновения причин и условий" in law.text


def test_every_unit_text_is_kept(law):
    for raw in ADILET_JSONL.read_text(encoding="utf-8").splitlines():
        for line in unit_lines(json.loads(raw)["text"]):
            assert line in law.text


@pytest.mark.parametrize("content, line", [
    ('{"id": "a", "article": "1", "text": "1. Текст."}\n{"id": "b", "article": \n', 2),
    ('{"id": "a", "article": "1", "text": "1. Текст."}\n[1, 2]\n', 2),
    ('{"category": "ЖКХ", "text": "Прошу убрать двор."}\n', 1),
    ('\n{"id": "a", "article": "1", "text": "x"}\n{"id": "b", "article": "2"}\n', 3),
])
def test_malformed_jsonl_names_the_line(tmp_path, content, line):
    path = tmp_path / "chunks.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.code is ErrorCode.E009_MALFORMED
    assert "chunks.jsonl" in str(err.value)
    assert f"line {line}:" in err.value.detail
