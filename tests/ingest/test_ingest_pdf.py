"""PDF reader on the Minjust export of the Kyrgyz Civil Code and on hand-made broken PDFs."""
from __future__ import annotations

import datetime as dt
import re

import pdfplumber
import pytest
from ingest_samples import (
    CIVIL_CODE_PDF,
    encrypted_pdf,
    no_text_pdf,
    text_pdf,
    zero_page_pdf,
)

from pipeline.errors import ErrorCode, IngestError
from pipeline.ingest import read_document, sha256_of
from pipeline.ingest.pdf import assemble, clean_pages, superscripts_as_suffix
from pipeline.model import DocumentKind, Jurisdiction

# The structure parser splits articles on lines like these.
ARTICLE_HEADING = re.compile(r"^Статья\s+\d+(-\d+)?\.", re.MULTILINE)
pytestmark = pytest.mark.slow


def _raw_page(number: int) -> str:
    with pdfplumber.open(CIVIL_CODE_PDF) as pdf:
        return pdf.pages[number - 1].extract_text()


def test_metadata(civil_code):
    assert civil_code.title == "ГРАЖДАНСКИЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ"
    assert civil_code.number == "№ 15"
    assert civil_code.date == dt.date(1996, 5, 8)
    assert civil_code.jurisdiction is Jurisdiction.KG
    assert civil_code.kind is DocumentKind.ACT
    assert civil_code.language == "ru"
    assert civil_code.sha256 == sha256_of(CIVIL_CODE_PDF.read_bytes())


def test_amendment_preamble_is_stripped(civil_code):
    assert civil_code.text.startswith(
        "ГРАЖДАНСКИЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nот 8 мая 1996 года № 15\nЧАСТЬ I\n")
    head = civil_code.text[:civil_code.text.index("Статья 1.")]
    for noise in ("В редакции Законов", "Изменения, внесенные", "Введен в действие",
                  "См. также", "2 августа 2017 года № 170"):
        assert noise not in head


def test_every_article_heading_is_on_its_own_line(civil_code):
    headings = ARTICLE_HEADING.findall(civil_code.text)
    assert len(headings) == 439
    assert "\nСтатья 1. Отношения, регулируемые гражданским законодательством\n" \
        in civil_code.text
    assert "\nСтатья 233-4. Застройка земельного участка\n" in civil_code.text
    numbers = {m.group(1) for m in re.finditer(r"^Статья\s+(\d+(?:-\d+)?)\.", civil_code.text,
                                                re.MULTILINE)}
    assert numbers == ({str(n) for n in range(1, 415)}
                       | {"82-1", "82-2", "82-3", "131-1", "193-1", "254-1"}
                       | {f"233-{n}" for n in range(1, 20)})
    # wrapped titles are joined, the first sentence is not
    assert "\nСтатья 62. Объявление несовершеннолетнего полностью дееспособным " \
           "(эмансипация)\n1. Несовершеннолетний" in civil_code.text
    assert not re.search(r"[^\n]Статья \d+\. [А-ЯЁ]", civil_code.text)


def test_numbered_parts_and_points_start_lines(civil_code):
    assert "\n1. Гражданское законодательство определяет правовое положение участников " \
           "гражданского оборота, основания" in civil_code.text
    assert "\n13) иными способами, предусмотренными законом.\n" in civil_code.text
    # «(статья\n345)» is a wrapped reference, not point 345)
    assert "поручителем (статья 345) или залогодателем" in civil_code.text
    assert "\n49)" not in civil_code.text


def test_pages_are_mapped(civil_code):
    spans = civil_code.pages
    assert [span.page for span in spans] == list(range(1, 174))
    assert spans[0].start == 0 and spans[-1].end == len(civil_code.text)
    assert all(a.end == b.start for a, b in zip(spans, spans[1:]))
    assert all(span.start < span.end for span in spans)


@pytest.mark.parametrize("page", [2, 60, 87, 141, 173])
def test_clause_maps_to_its_page(civil_code, page):
    lines = sorted(_raw_page(page).split("\n"), key=len, reverse=True)
    line = next(line for line in lines if civil_code.text.count(line) == 1)
    offset = civil_code.text.index(line)
    assert civil_code.page_at(offset) == page
    assert civil_code.page_at(offset + len(line) - 1) == page


def test_article_heading_maps_to_its_page(civil_code):
    assert "Статья 111. Ведение дел полного товарищества" in _raw_page(51)
    offset = civil_code.text.index("\nСтатья 111. Ведение дел полного товарищества") + 1
    assert civil_code.page_at(offset) == 51


@pytest.mark.parametrize("page, left, right", [
    (14, "гражданско", "правовому"),
    (41, "финансово", "кредитного"),
    (77, "электронно", "цифровой"),
    (155, "индивидуально", "определенную"),
])
def test_words_split_at_line_ends_are_whole(civil_code, page, left, right):
    assert re.search(rf"{left}-\n{right}", _raw_page(page))
    assert f"{left}-{right}" in civil_code.text
    assert not re.search(r"[^\W\d_]-\n[^\W\d_]", civil_code.text)


def test_wrapped_lines_are_joined_into_paragraphs(civil_code):
    assert "средств индивидуализации (интеллектуальная собственность), регулирует" \
        in civil_code.text
    assert "пунктами 1 и 2 статьи 1 настоящего Кодекса отношения прямо не урегулированы" \
        in civil_code.text
    assert civil_code.text.count("\n") < 2500  # 6429 lines on the pages


def test_no_page_furniture_is_left(civil_code):
    lines = civil_code.text.split("\n")
    assert not [line for line in lines if re.fullmatch(r"[\s\d\-–—]+", line)]
    assert civil_code.text.endswith("Президент Кыргызской Республики А. Акаев")


def test_superscript_article_number_becomes_a_suffix(civil_code):
    # page 83 prints «Статья 193¹.»; pdfplumber alone reads it «Статья 1931.»
    assert "Статья 1931. Недействительность сделки" in _raw_page(83)
    offset = civil_code.text.index("\nСтатья 193-1. Недействительность сделки") + 1
    assert civil_code.page_at(offset) == 83


def test_superscripts_as_suffix():
    def char(text, size=12.0, bottom=710.5):
        return {"text": text, "size": size, "bottom": bottom}

    chars = [char("1"), char("9"), char("3"), char("1", 8.04, 704.1), char("2", 8.04, 704.1),
             char("."), char("1", 8.04, 704.1)]
    marked = superscripts_as_suffix(chars)
    assert "".join(c["text"] for c in marked) == "193-12.1"  # after a dot: not a suffix
    assert superscripts_as_suffix([char("1"), char(".")]) is None


def test_running_headers_are_stripped_page_by_page():
    pages = [f"Гражданский кодекс КР (редакция 2017)\nСтатья {n}. Название\n"
             f"1. Текст статьи {n}, осуществ-\nление прав.\n2. Ещё текст.\n- {n} -"
             for n in range(1, 6)]
    text, spans = assemble(clean_pages(pages), len(pages))
    assert "Гражданский кодекс КР" not in text
    assert "- 3 -" not in text
    assert text.startswith("Статья 1. Название\n1. Текст статьи 1, осуществление прав.\n")
    third = text.index("Статья 3.")
    assert [span.page for span in spans if span.start <= third < span.end] == [3]


def test_simple_pdf(tmp_path):
    path = tmp_path / "simple.pdf"
    path.write_bytes(text_pdf("Article 1. Scope"))
    doc = read_document(path)
    assert doc.text == "Article 1. Scope"
    assert len(doc.pages) == 1 and doc.page_at(0) == 1


def test_encrypted_pdf_is_e005(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf(user_password="taza-secret"))
    with pdfplumber.open(path, password="taza-secret") as pdf:  # a real, readable PDF
        assert pdf.pages[0].extract_text() == "Secret clause"
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.code is ErrorCode.E005_ENCRYPTED
    assert "locked.pdf" in str(err.value)


def test_pdf_encrypted_without_user_password_is_read(tmp_path):
    path = tmp_path / "owner_only.pdf"
    path.write_bytes(encrypted_pdf(user_password=""))
    assert read_document(path).text == "Secret clause"


@pytest.mark.parametrize("share", [0.3, 0.9])
def test_truncated_pdf_is_corrupt(tmp_path, share):
    data = CIVIL_CODE_PDF.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * share)])
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.code is ErrorCode.E004_CORRUPT
    assert "truncated.pdf" in str(err.value) and "%%EOF" in err.value.detail


def test_pdf_with_broken_body_is_corrupt(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.code is ErrorCode.E004_CORRUPT


def test_not_a_pdf_is_corrupt(tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes("Статья 1. Это не PDF".encode())
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.code is ErrorCode.E004_CORRUPT


def test_pdf_without_text_layer_is_e008(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(no_text_pdf())
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages[0].rects) == 1
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.code is ErrorCode.E008_NO_TEXT
    assert "scan.pdf" in str(err.value)


def test_pdf_without_pages_is_empty(tmp_path):
    path = tmp_path / "nopages.pdf"
    path.write_bytes(zero_page_pdf())
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.code is ErrorCode.E003_EMPTY
