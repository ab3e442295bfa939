"""Clean-up rules on real snippets of the Kyrgyz Civil Code (Minjust PDF) and Land Code."""
from __future__ import annotations

import pytest
from ingest_samples import LAND_CODE_KG

from pipeline.ingest.cleanup import (
    Line,
    amendment_note_spans,
    drop_running_lines,
    is_caps_title,
    is_structural,
    join_hyphenated,
    merge_lines,
    normalise_text,
    page_number_offset,
    separator,
    leading_amendment_list,
    strip_preamble,
    vocabulary,
)

# Page 1 of civil_code_part1.pdf as pdfplumber extracts it (shortened list of laws).
CIVIL_CODE_PAGE_1 = """\
Изменения, внесенные Законом КР от 16 декабря 2016 года № 207,
вступают в силу
по истечении шести месяцев со дня официального опубликования
Закона КР "О Национальном банке Кыргызской Республики,
банках и банковской деятельности"
ГРАЖДАНСКИЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ
от 8 мая 1996 года № 15
(В редакции Законов КР от 29 апреля 1997 года № 29, 15 октября 1997 года
№ 76, 2 декабря 1998 года № 148,
17 февраля 2003 года № 39, 27 марта 2003 года № 65, 15 ноября 2003 года №
222,
8 июня 2017 года № 100, 2 августа 2017 года № 170)
(Введен в действие Законом КР от 8 мая 1996 года № 16)
См. также Гражданский кодекс КР. ЧАСТЬ II"""
CIVIL_CODE_PAGE_2_HEAD = """\
ЧАСТЬ I
РАЗДЕЛ I
ОБЩИЕ ПОЛОЖЕНИЯ
Глава 1
Регулирование гражданско-правовых отношений
Статья 1. Отношения, регулируемые гражданским законодательством"""


def _lines(text: str, page: int = 1) -> list[Line]:
    return [Line(page, line) for line in text.split("\n")]


def test_normalise_keeps_everything_but_layout_characters():
    raw = "\ufeffСтатья 1. Понятия\r\n1)\u00a0земля -\tучасток;  \r\n\r\nконец"
    assert normalise_text(raw) == "Статья 1. Понятия\n1) земля -\tучасток;\n\nконец"


@pytest.mark.parametrize("line, expected", [
    ("Статья 1. Отношения, регулируемые гражданским законодательством", True),
    ("Статья 233-4. Застройка земельного участка", True),
    ("Глава 4-1", True),
    ("Глава первая", True),
    ("РАЗДЕЛ I", True),
    ("Параграф 3", True),
    ("1. Гражданское законодательство определяет правовое положение участников", True),
    ("1-1) лицо, занимающее ответственную государственную должность", True),
    ("13) иными способами, предусмотренными законом.", True),
    ("а) гражданин признан недееспособным", True),
    ("гражданского оборота, основания возникновения и порядок", False),
    ("1.5 процента от суммы сделки", False),
    ("49)", True),  # a point by its shape; brackets left open by the paragraph decide
    ("(В редакции Закона КР от 14 марта 2014 года № 49)", False),
])
def test_structural_lines(line, expected):
    assert is_structural(line) is expected


@pytest.mark.parametrize("line, expected", [
    ("ГРАЖДАНСКИЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ", True),
    ("ОБЩИЕ ПОЛОЖЕНИЯ", True),
    ("ЧАСТЬ I", False),
    ("Глава 1", False),
    ("от 8 мая 1996 года № 15", False),
])
def test_caps_titles(line, expected):
    assert is_caps_title(line) is expected


def test_amendment_note_spans_cover_the_whole_multiline_list():
    spans = amendment_note_spans(CIVIL_CODE_PAGE_1)
    notes = [CIVIL_CODE_PAGE_1[start:end] for start, end in spans]
    assert len(notes) == 2
    assert notes[0].startswith("(В редакции Законов КР от 29 апреля 1997 года")
    assert notes[0].endswith("2 августа 2017 года № 170)")
    assert notes[1] == "(Введен в действие Законом КР от 8 мая 1996 года № 16)"


def test_amendment_list_of_the_land_code_is_detected():
    text = LAND_CODE_KG.read_text(encoding="utf-8")
    start, end = leading_amendment_list(text)
    assert (start, end) == amendment_note_spans(text)[0]
    assert leading_amendment_list(text[end:]) is not None  # «(Введен в действие …)»
    assert leading_amendment_list(text[text.index("Статья 1."):]) is None
    assert text[start:end].startswith("(В редакции Законов КР от 28 декабря 2000 года № 93")
    assert text[end:].lstrip().startswith("(Введен в действие Законом КР от 2 июня 1999 года")


def test_unclosed_note_is_left_alone():
    assert amendment_note_spans("(В редакции Закона КР от 14 марта 2014 года № 49") == []


def test_strip_preamble_starts_at_the_title():
    lines = _lines(CIVIL_CODE_PAGE_1) + _lines(CIVIL_CODE_PAGE_2_HEAD, page=2)
    kept = [line.text for line in strip_preamble(lines)]
    assert kept[:4] == ["ГРАЖДАНСКИЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ",
                        "от 8 мая 1996 года № 15", "ЧАСТЬ I", "РАЗДЕЛ I"]
    assert not any("редакции" in line or "См. также" in line for line in kept)


def test_strip_preamble_leaves_notes_inside_the_act():
    body = ("Статья 2. Гражданское законодательство\n"
            "6. В случае противоречия норм гражданского права применяются положения Кодекса.\n"
            "(В редакции Закона КР от 14 марта 2014 года № 49)")
    assert strip_preamble(_lines(body)) == _lines(body)


def test_running_headers_footers_and_page_numbers_are_dropped():
    body = ["1. Первая часть статьи.", "2. Вторая часть статьи.", "3. Третья часть статьи."]
    pages = [["Гражданский кодекс Кыргызской Республики", f"Статья {n}. Текст статьи {n}",
              *body, f"Страница {n} из 5"] for n in range(1, 6)]
    cleaned = drop_running_lines(pages)
    assert cleaned[0] == ["Статья 1. Текст статьи 1", *body]
    assert cleaned[4] == ["Статья 5. Текст статьи 5", *body]


def test_bare_page_numbers_follow_the_page_order():
    pages = [[f"- {n + 1} -", f"Статья {n}.", "1. Текст.", "2. Текст.", "3. Текст."]
             for n in range(4)]
    assert page_number_offset(pages) == 1
    assert drop_running_lines(pages)[3] == ["Статья 3.", "1. Текст.", "2. Текст.", "3. Текст."]


def test_wrapped_law_number_is_not_a_page_number():
    # page 97 of the Civil Code: «… от 8 июля 1999 года №» / «66» / «Статья 227. …»
    pages = [["Статья 226. Право государственной собственности",
              "О собственности на лесной фонд см. Лесной кодекс КР от 8 июля 1999 года №",
              "66", "Статья 227. Право муниципальной собственности"]] + [["текст"]] * 3
    assert drop_running_lines(pages)[0] == pages[0]


@pytest.mark.parametrize("left, right, known, expected", [
    ("осуществ", "ление", frozenset(), "осуществление"),
    ("зако", "нодательства", frozenset(), "законодательства"),
    ("гражданско", "правовому", frozenset(), "гражданско-правовому"),
    ("финансово", "кредитного", frozenset(), "финансово-кредитного"),
    ("индивидуально", "определенную", frozenset(), "индивидуально-определенную"),
    ("кое", "что", frozenset(), "кое-что"),
    ("из", "за", frozenset(), "из-за"),
    ("что", "либо", frozenset(), "что-либо"),
    ("Северо", "Западный", frozenset(), "Северо-Западный"),
    # the document's own spelling wins over the rules
    ("ино", "странных", frozenset({"иностранных"}), "иностранных"),
    ("электронно", "цифровой", frozenset({"электронно-цифровой"}), "электронно-цифровой"),
])
def test_join_hyphenated(left, right, known, expected):
    assert join_hyphenated(left, right, known) == expected


@pytest.mark.parametrize("prev, nxt, depth, in_heading, expected", [
    # wrapped sentence
    ("1. Гражданское законодательство определяет правовое положение участников",
     "гражданского оборота, основания возникновения", 0, False, " "),
    ("пунктами 1 и 2 статьи 1 настоящего", "Кодекса отношения прямо не урегулированы", 0,
     False, " "),
    ("К семейным, жилищным, трудовым отношениям и отношениям по", "использованию", 0,
     False, " "),
    # paragraph ends
    ("отношения.", "К семейным, жилищным, трудовым отношениям", 0, False, "\n"),
    ("самоуправления, не соответствующего законодательству;", "4) признания", 0, False, "\n"),
    # structural starts always open a line
    ("заключении договора, условия заключенного договора сохраняют силу, кроме",
     "Статья 4. Обычаи делового оборота", 0, False, "\n"),
    ("в случаях, установленных законом", "2. Граждане и юридические лица", 0, False, "\n"),
    # brackets: «(статья\n345)» and «№\n49)» are wrapped references, not points
    ("исполнения обязательства должника его поручителем (статья",
     "345) или залогодателем", 1, False, " "),
    ("5. (Утратил силу в соответствии с Законом КР от 14 марта 2014 года №", "49)", 1,
     False, " "),
    # headings: the title may wrap, the first sentence never joins it
    ("Статья 23. Объекты гражданских прав в гражданском", "обороте", 0, True, " "),
    ("Статья 62. Объявление несовершеннолетнего полностью дееспособным", "(эмансипация)", 0,
     True, " "),
    ("Статья 11. Способы защиты гражданских прав",
     "Защита гражданских прав осуществляется путем:", 0, True, "\n"),
    ("Статья 6. Гражданское законодательство и международные договоры",
     "(Утратила силу в соответствии с Законом КР от 14 марта 2014 года №", 0, True, "\n"),
    ("Глава 2", "Возникновение гражданских прав и обязанностей", 0, True, "\n"),
    ("ГРАЖДАНСКИЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ", "от 8 мая 1996 года № 15", 0, True, "\n"),
])
def test_separator(prev, nxt, depth, in_heading, expected):
    assert separator(prev, nxt, depth, in_heading) == expected


def test_merge_lines_rebuilds_paragraphs_and_keeps_pages():
    lines = [
        Line(3, "Статья 3. Действие гражданского законодательства во времени"),
        Line(3, "1. Акты гражданского законодательства не имеют обратной силы и"),
        Line(3, "применяются к отношениям, возникшим после введения их в действие. Осуществ-"),
        Line(4, "ление прав не зависит от служащих - вопреки гражданско-"),
        Line(4, "правовому договору."),
    ]
    pieces = merge_lines(lines, vocabulary(["осуществление"]))
    text = "".join(piece.sep + piece.text for piece in pieces)
    assert text == (
        "Статья 3. Действие гражданского законодательства во времени\n"
        "1. Акты гражданского законодательства не имеют обратной силы и применяются к "
        "отношениям, возникшим после введения их в действие. Осуществление прав не зависит "
        "от служащих - вопреки гражданско-правовому договору.")
    assert [piece.page for piece in pieces] == [3, 3, 3, 4, 4]
    assert pieces[3].sep == "" and pieces[3].text.startswith("ление")


@pytest.mark.parametrize("raw, expected", [
    # page 133: the «)» of point «3)» does not close «(статья»
    (["3) вследствие исполнения обязательства должника его поручителем (статья",
      "345) или залогодателем, не являющимся должником по этому обязательству;",
      "4) в других случаях, предусмотренных законом."],
     ["3) вследствие исполнения обязательства должника его поручителем (статья 345) или "
      "залогодателем, не являющимся должником по этому обязательству;",
      "4) в других случаях, предусмотренных законом."]),
    # page 3: «№\n49)» closes the note, and part 6 starts its own line
    (["5. (Утратил силу в соответствии с Законом КР от 14 марта 2014 года №", "49)",
      "6. В случае противоречия норм гражданского права, содержащихся в актах,"],
     ["5. (Утратил силу в соответствии с Законом КР от 14 марта 2014 года № 49)",
      "6. В случае противоречия норм гражданского права, содержащихся в актах,"]),
])
def test_merge_lines_tracks_brackets(raw, expected):
    pieces = merge_lines([Line(1, line) for line in raw])
    assert "".join(piece.sep + piece.text for piece in pieces).split("\n") == expected
