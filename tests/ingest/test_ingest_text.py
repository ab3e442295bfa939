"""Plain-text reader on the real acts and on re-encoded copies of their clauses."""
from __future__ import annotations

import datetime as dt

import pytest
from ingest_samples import LAND_CODE_KG, LAND_CODE_RF, ROAD_LAW_KG, land_code_clause

from pipeline.errors import ErrorCode, IngestError
from pipeline.ingest import read_document, sha256_of
from pipeline.ingest.text import decode_bytes, looks_like_text
from pipeline.model import DocumentKind, Jurisdiction


def test_land_code_is_read_as_is_with_its_metadata():
    doc = read_document(LAND_CODE_KG)
    raw = LAND_CODE_KG.read_bytes()
    assert doc.sha256 == sha256_of(raw)
    assert doc.source == str(LAND_CODE_KG)
    assert doc.title == "ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ"
    assert doc.number == "№ 45"
    assert doc.date == dt.date(1999, 6, 2)
    assert doc.jurisdiction is Jurisdiction.KG
    assert doc.kind is DocumentKind.ACT
    assert doc.language == "ru"
    assert doc.pages == ()
    # plain text keeps the amendment list: only the PDF reader strips it
    assert "(В редакции Законов КР от 28 декабря 2000 года № 93" in doc.text
    # no-break spaces and trailing spaces are gone, nothing else moved
    assert "\u00a0" not in doc.text and " \n" not in doc.text
    assert "\nСтатья 1. Понятия, применяемые в настоящем Кодексе\n" in doc.text


def test_offsets_are_stable_line_by_line():
    doc = read_document(ROAD_LAW_KG)
    source = ROAD_LAW_KG.read_text(encoding="utf-8").split("\n")
    lines = doc.text.split("\n")
    assert len(lines) == len(source)
    assert all(line == raw.replace("\u00a0", " ").rstrip(" \t")
               for line, raw in zip(lines, source))


def test_header_block_file_takes_its_title_from_the_file_name():
    doc = read_document(LAND_CODE_RF)
    assert doc.text.startswith("[chapter_number] I\n[chapter_name] Общие положения\n")
    assert doc.title == "Земельный кодекс Российской Федерации"
    assert doc.jurisdiction is Jurisdiction.RU


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""),
    ("utf-8", b"\xef\xbb\xbf"),
    ("cp1251", b""),
    ("utf-16-le", b"\xff\xfe"),
])
def test_encodings(tmp_path, encoding, bom):
    clause = land_code_clause(6)
    path = tmp_path / f"clause_{encoding}.txt"
    path.write_bytes(bom + clause.replace("\n", "\r\n").encode(encoding))
    doc = read_document(path)
    assert doc.text == clause.replace("\u00a0", " ").replace(" \n", "\n")
    assert doc.text.startswith("Статья 6. Право на земельный участок как объект")
    assert doc.jurisdiction is Jurisdiction.KG


def test_short_cp1251_clause(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("2. Право на земельный участок может быть приобретаемым возмездно "
                     "или безвозмездно.".encode("cp1251"))
    assert read_document(path).text.startswith("2. Право на земельный участок")


def test_koi8_is_not_mistaken_for_cp1251():
    clause = land_code_clause(7).replace("№", "N")  # KOI8-R has no «№»
    data = clause.encode("koi8-r")
    assert not looks_like_text(data.decode("cp1251"))
    assert decode_bytes(data, "clause.txt") == clause


def test_binary_garbage_is_an_encoding_error(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.code is ErrorCode.E006_ENCODING
    assert err.value.path == str(path)
    assert "garbage.txt" in str(err.value)


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b" \r\n\t\r\n", "\u00a0\n".encode()])
def test_empty_or_blank_text_is_empty(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.code is ErrorCode.E003_EMPTY
    assert str(path) in str(err.value)
