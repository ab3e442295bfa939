"""Structure parser: line rules on real snippets, then whole real acts with exact counts."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from pipeline.model import Address, Document, DocumentKind, Jurisdiction, PageSpan
from pipeline.structure import (
    classify_line,
    explain,
    ordinal_to_number,
    parse_clauses,
    parse_text,
    restore_superscripts,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ACTS = SHARED / "data" / "acts"
ZK_RF = ACTS / "ru-codes-legalacts-ru" / "ZK-RF.txt"
GRK_RF = ACTS / "ru-codes-legalacts-ru" / "Gradostroitelnyi-Kodeks-RF.txt"
ZK_KG = ACTS / "kg-laws-txt" / "zemelnyi_kodeks_kg.txt"
ROADS_KG = ACTS / "kg-laws-txt" / "zakon_o_dorozhnom_dvizhenii_kg.txt"
ADILET_KZ = ACTS / "kz-adilet-anticorruption-law" / "ocorrupt_articles_1-8.jsonl"
GOV_TEXTS = ACTS / "ru-gov-texts-plainrussian"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def article_labels(clauses) -> list[str]:
    """Articles in order of appearance, each once."""
    seen: dict[str, None] = {}
    for clause in clauses:
        if clause.address.article is not None:
            seen.setdefault(clause.address.article)
    return list(seen)


def check_offsets(text: str, clauses) -> None:
    previous_end = 0
    for clause in clauses:
        assert clause.text == text[clause.start:clause.end]
        assert clause.text and clause.text == clause.text.strip()
        assert clause.start >= previous_end, "clauses overlap or go backwards"
        previous_end = clause.end


# --- line rules: which classifier fires ----------------------------------------------------

@pytest.mark.parametrize("line, rule, level, label", [
    # legalacts.ru header block (ZK RF)
    ("[chapter_number] V", "header_field", None, "chapter_number"),
    ("[article_number] 39.16", "header_field", None, "article_number"),
    # article headings
    ("Статья 5. Право на земельный участок иностранных лиц", "article_heading", "article", "5"),
    ("Статья 39.16. Основания для отказа", "article_heading", "article", "39.16"),
    ("Статья 19-1. Компетенция уполномоченного государственного органа", "article_heading",
     "article", "19-1"),
    ("Статья 233-10. Переход права на земельный участок при отчуждении", "article_heading",
     "article", "233-10"),
    ("Статья 5 . Цели", "article_heading", "article", "5"),
    ("Статья\u00a05. Цели", "article_heading", "article", "5"),
    ("Статья 5", "article_heading", "article", "5"),
    ("Статья 20, статья 21. Утратили силу", "article_heading", "article", "20"),
    # a reference wrapped to a line start is not a heading
    ("Статья 5 настоящего Кодекса применяется к отношениям", "plain", None, None),
    ("Статья 5 Гражданского кодекса", "plain", None, None),
    ("Статьи 20 - 21. Утратили силу с 1 марта 2015 года. - Федеральный закон от 23.06.2014 "
     "N 171-ФЗ.", "plain", None, None),
    # chapters and sections
    ("Глава 1", "chapter_heading", "chapter", "1"),
    ("ГЛАВА V.1. ПРЕДОСТАВЛЕНИЕ ЗЕМЕЛЬНЫХ УЧАСТКОВ", "chapter_heading", "chapter", "V.1"),
    ("ГЛАВА 1. ОБЩИЕ ПОЛОЖЕНИЯ", "chapter_heading", "chapter", "1"),
    ("Глава 4-1", "chapter_heading", "chapter", "4-1"),
    ("Глава первая", "chapter_heading", "chapter", "1"),
    ("Глава двадцать вторая", "chapter_heading", "chapter", "22"),
    ("Глава четырнадцатая-1", "chapter_heading", "chapter", "14-1"),
    ("Глава восемнадцатая Земли запаса", "chapter_heading", "chapter", "18"),
    ("Глава местной администрации утверждает план", "plain", None, None),
    ("Глава 5 настоящего Кодекса", "plain", None, None),
    ("РАЗДЕЛ I", "section_heading", "section", "I"),
    ("РАЗДЕЛ II.", "section_heading", "section", "II"),
    ("Раздел III", "section_heading", "section", "III"),
    ("РАЗДЕЛ I. ОБЩИЕ ПОЛОЖЕНИЯ", "section_heading", "section", "I"),
    ("I. Общие положения", "roman_section", "section", "I"),
    ("ЧАСТЬ I", "book_heading", None, "I"),
    ("§ 1. Общие положения", "paragraph_sign", None, "1"),
    ("Параграф 2", "paragraph_sign", None, "2"),
    # Kazakh and Kyrgyz: the number comes first
    ("1-бөлім. ЖАЛПЫ ЕРЕЖЕЛЕР", "turkic_heading", "section", "1"),
    ("2-тарау. Сыбайлас жемқорлыққа қарсы іс-қимыл", "turkic_heading", "chapter", "2"),
    ("5-бап. Сыбайлас жемқорлыққа қарсы іс-қимылдың мақсаты", "turkic_heading", "article", "5"),
    ("5-1-бап.", "turkic_heading", "article", "5-1"),
    ("1-бөлүм. Жалпы жоболор", "turkic_heading", "section", "1"),
    ("3-глава. Жалпы жоболор", "turkic_heading", "chapter", "3"),
    ("1-берене. Мыйзамдын максаты", "turkic_heading", "article", "1"),
    # numbered units
    ("1. Настоящий Кодекс и изданные в соответствии с ним иные акты", "part", "part", "1"),
    ("1.1. Земельные участки образуются при создании искусственных", "part", "part", "1.1"),
    ("3-1. Иностранным гражданам, лицам без гражданства", "part", "part", "3-1"),
    ("11.1-1. В случае принятия решения о выдаче разрешения", "part", "part", "11.1-1"),
    ("2 - 3. Утратили силу с 1 сентября 2021 года.", "part", "part", "2–3"),
    ("1) учет значения земли как основы жизни и деятельности человека", "point", "point", "1"),
    ("2-1) градостроительная документация - документы проектов", "point", "point", "2-1"),
    ("12.1) линейные объекты - линии электропередачи", "point", "point", "12.1"),
    ("13.1) - 13.3) утратили силу.", "point", "point", "13.1–13.3"),
    ("а) создано и зарегистрировано в соответствии с законодательством", "subpoint",
     "subpoint", "а"),
    ("е.1) объекты, используемые для утилизации", "subpoint", "subpoint", "е.1"),
    # the rest
    ("(В редакции Законов КР от 28 декабря 2000 года № 93, 4 января 2001 года № 2)",
     "editorial_note", None, None),
    ("(Введен в действие Законом КР от 2 июня 1999 года № 46)", "editorial_note", None, None),
    ("(Название статьи в редакции Закона КР от 17 октября 2008 года № 231)",
     "editorial_note", None, None),
    ("См. также:", "editorial_note", None, None),
    ("(Утратила силу в соответствии с Законом КР от 24 июня 2003 года № 113)", "plain",
     None, None),
    ("- приоритет жизни и здоровья граждан, участвующих в дорожном движении", "bullet",
     None, None),
    ("Президент", "signature", None, None),
    ("Президент Кыргызской Республики А. Акаев", "signature", None, None),
    ("Президент Российской Федерации вправе отменить акт.", "plain", None, None),
    ("1.5 га земель сельскохозяйственного назначения", "plain", None, None),
    ("29 декабря 2004 года", "plain", None, None),
    ("В целях настоящего Кодекса используются следующие основные понятия:", "plain",
     None, None),
])
def test_classify_line(line, rule, level, label):
    kind = classify_line(line)
    assert (kind.rule, kind.level, kind.label) == (rule, level, label)


def test_heading_title_is_read():
    kind = classify_line("Статья 39.16. Основания для отказа в предоставлении")
    assert kind.title == "Основания для отказа в предоставлении"
    assert classify_line("Статья 5 Цели").weak and not classify_line("Статья 5. Цели").weak


@pytest.mark.parametrize("words, number", [
    ("первая", 1), ("вторая", 2), ("четвертая", 4), ("десятая", 10), ("одиннадцатая", 11),
    ("пятнадцатая", 15), ("девятнадцатая", 19), ("двадцатая", 20), ("двадцать первая", 21),
    ("двадцать вторая", 22), ("первый", 1), ("муниципального", None), ("местной", None),
    ("двадцать двадцатая", None),
])
def test_ordinal_to_number(words, number):
    assert ordinal_to_number(words) == number


@pytest.mark.parametrize("labels, restored", [
    (["28", "281", "282", "283", "29"], ["28", "28-1", "28-2", "28-3", "29"]),
    (["193", "1931", "194"], ["193", "193-1", "194"]),
    (["23", "231", "24", "241", "25"], ["23", "23-1", "24", "24-1", "25"]),
    (["1", "10", "11"], ["1", "10", "11"]),     # «10» is not «1⁰»
    (["1", "12"], ["1", "12"]),                 # nothing confirms it: kept
    (["9", "10", "11"], ["9", "10", "11"]),
    (["19", "19-1", "20"], ["19", "19-1", "20"]),
])
def test_restore_superscripts(labels, restored):
    assert restore_superscripts(labels) == restored


# --- small texts: layout variants ---------------------------------------------------------

def addresses(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(c.address.render(), c.text) for c in parse_text(text, **kwargs)]


def test_lead_in_and_points_are_separate_clauses():
    text = ("Статья 39.16. Основания для отказа\n"
            "1. Решение об отказе принимается в случае, если:\n"
            "1) заявление подано лицом, не имеющим права;\n"
            "1-1) участок изъят из оборота;\n"
            "а) полностью;\n"
            "б) частично.\n"
            "2. Решение направляется заявителю.\n")
    assert addresses(text) == [
        ("ст. 39.16 ч. 1", "1. Решение об отказе принимается в случае, если:"),
        ("ст. 39.16 ч. 1 п. 1", "1) заявление подано лицом, не имеющим права;"),
        ("ст. 39.16 ч. 1 п. 1-1", "1-1) участок изъят из оборота;"),
        ("ст. 39.16 ч. 1 п. 1-1 пп. а", "а) полностью;"),
        ("ст. 39.16 ч. 1 п. 1-1 пп. б", "б) частично."),
        ("ст. 39.16 ч. 2", "2. Решение направляется заявителю."),
    ]
    assert {c.heading for c in parse_text(text)} == {"Основания для отказа"}


def test_unnumbered_paragraphs_keep_the_address_of_their_unit():
    text = ("Статья 3. Отношения\n"
            "1. Первая часть.\n"
            "Второй абзац первой части.\n"
            "2. Заявителями являются:\n"
            "1) граждане;\n"
            "которые проживают на территории;\n"
            "2) юридические лица.\n"
            "Абзац после перечня относится к части.\n")
    assert [a for a, _ in addresses(text)] == [
        "ст. 3 ч. 1", "ст. 3 ч. 1", "ст. 3 ч. 2", "ст. 3 ч. 2 п. 1", "ст. 3 ч. 2 п. 1",
        "ст. 3 ч. 2 п. 2", "ст. 3 ч. 2"]


def test_windows_newlines_nbsp_and_spaced_dot():
    text = "Статья\u00a05 . Цели\r\n\r\n1.\u00a0Текст первой части.\r\n2. Вторая часть.\r\n"
    clauses = parse_text(text)
    assert [(c.address.render(), c.text) for c in clauses] == [
        ("ст. 5 ч. 1", "1.\u00a0Текст первой части."), ("ст. 5 ч. 2", "2. Вторая часть.")]
    check_offsets(text, clauses)
    assert clauses[0].heading == "Цели"


def test_capital_headings_paragraph_sign_and_reference_lines():
    text = ("ГЛАВА 1. ОБЩИЕ ПОЛОЖЕНИЯ\n"
            "§ 1. Основы\n"
            "Статья 5. Цели\n"
            "Статья 5 настоящего Кодекса применяется ко всем.\n"
            "Статья 6 Предмет\n"
            "Текст.\n"
            "Статья 9 Закона о земле не применяется.\n")
    assert addresses(text) == [
        ("ст. 5", "Статья 5 настоящего Кодекса применяется ко всем."),
        ("ст. 6", "Текст."),
        ("ст. 6", "Статья 9 Закона о земле не применяется."),
    ]
    assert {c.address.chapter for c in parse_text(text)} == {"1"}


def test_heading_without_dot_out_of_sequence_is_text():
    text = "Статья 1. Начало\nТекст.\nСтатья 40 Кодекс применяется.\nСтатья 2. Далее\nТекст."
    assert [a for a, _ in addresses(text)] == ["ст. 1", "ст. 1", "ст. 2"]


def test_article_without_body_is_still_an_article():
    text = "Статья 7. Утратила силу\nСтатья 8. Сфера\n1. Текст.\nСтатья 9. Утратила силу"
    clauses = parse_text(text)
    assert [(c.address.render(), c.text) for c in clauses] == [
        ("ст. 7", "Утратила силу"), ("ст. 8 ч. 1", "1. Текст."), ("ст. 9", "Утратила силу")]
    check_offsets(text, clauses)


def test_header_block_article_without_body():
    text = ("[chapter_number] II\n[chapter_name] Охрана земель\n[article_number] 12\n"
            "[article_name] Утратила силу\n[updated_at] 01.03.2015\n\n"
            "[chapter_number] II\n[chapter_name] Охрана земель\n[article_number] 13\n"
            "[article_name] Рекультивация\n[updated_at] 01.03.2015\n\n1. Текст.\n")
    clauses = parse_text(text)
    assert [(c.address.chapter, c.address.article, c.text, c.heading) for c in clauses] == [
        ("II", "12", "Утратила силу", "Утратила силу"),
        ("II", "13", "1. Текст.", "Рекультивация")]


def test_regulation_with_roman_sections_and_dotted_parts():
    text = ("АДМИНИСТРАТИВНЫЙ РЕГЛАМЕНТ\n\n"
            "I. Общие положения\n"
            "1.1. Настоящий регламент определяет порядок.\n"
            "1.2. Заявителями являются:\n"
            "а) юридические лица;\n"
            "б) индивидуальные предприниматели.\n"
            "II. Стандарт предоставления услуги\n"
            "2.1. Срок предоставления услуги 30 дней.\n")
    assert addresses(text) == [
        ("", "АДМИНИСТРАТИВНЫЙ РЕГЛАМЕНТ"),
        ("разд. I ч. 1.1", "1.1. Настоящий регламент определяет порядок."),
        ("разд. I ч. 1.2", "1.2. Заявителями являются:"),
        ("разд. I ч. 1.2 пп. а", "а) юридические лица;"),
        ("разд. I ч. 1.2 пп. б", "б) индивидуальные предприниматели."),
        ("разд. II ч. 2.1", "2.1. Срок предоставления услуги 30 дней."),
    ]


def test_kyrgyz_bap_is_a_chapter_kazakh_bap_an_article():
    kyrgyz = "1-бап. Жалпы жоболор\n1-берене. Мыйзамдын максаты\n1. Текст."
    kazakh = "1-тарау. Жалпы ережелер\n1-бап. Негізгі ұғымдар\n1) бір;\n1-1) екі;"
    ky = parse_text(kyrgyz, language="ky")
    assert [(c.address.chapter, c.address.article, c.address.part) for c in ky] == [
        ("1", "1", "1")]
    kk = parse_text(kazakh, language="kk")
    assert [(c.address.chapter, c.address.article, c.address.point) for c in kk] == [
        ("1", "1", "1"), ("1", "1", "1-1")]


# Lines of the Kyrgyz Civil Code exactly as pdfplumber gives them: hard-wrapped.
WRAPPED_PDF_LINES = """\
Глава 4
Граждане (физические лица)
Статья 57. Недопустимость лишения и ограничения правоспособности и
дееспособности
1. Никто не может быть ограничен в правоспособности и дееспособности
иначе, как в случаях и порядке, установленных законом.
2. Несоблюдение установленных законом условий и порядка ограничения
дееспособности граждан или их права заниматься предпринимательской либо
иной деятельностью влечет недействительность акта государственного или иного
органа, устанавливающего соответствующее ограничение.
5. (Утратил силу в соответствии с Законом КР от 14 марта 2014 года №
49)
Статья 61. Объявление несовершеннолетнего полностью дееспособным
(эмансипация)
1. Несовершеннолетний, достигший шестнадцати лет, может быть
объявлен полностью дееспособным.
(В редакции Законов КР от 31 июля 2007 года № 121, 16 июля 2012 года №
114)
"""


def test_hard_wrapped_lines_are_joined_into_paragraphs():
    clauses = parse_text(WRAPPED_PDF_LINES, wrapped=True)
    assert [c.address.render() for c in clauses] == [
        "ст. 57 ч. 1", "ст. 57 ч. 2", "ст. 57 ч. 5", "ст. 61 ч. 1"]
    assert clauses[0].heading == ("Недопустимость лишения и ограничения правоспособности "
                                  "и дееспособности")
    assert clauses[2].text.endswith("года №\n49)")
    assert clauses[3].heading.endswith("дееспособным (эмансипация)")
    assert {c.address.chapter for c in clauses} == {"4"}
    check_offsets(WRAPPED_PDF_LINES, clauses)


def test_pages_come_from_document_spans():
    text = "Статья 1. Первая\n1. Текст.\nСтатья 2. Вторая\n1. Текст."
    cut = text.index("Статья 2")
    document = Document(source="x.pdf", sha256="0", kind=DocumentKind.ACT,
                        jurisdiction=Jurisdiction.KG, language="ru", text=text,
                        pages=(PageSpan(1, 0, cut), PageSpan(2, cut, len(text))))
    clauses = parse_clauses(document)
    assert [c.page for c in clauses] == [1, 2]
    assert all(c.page == document.page_at(c.start) for c in clauses)


def test_explain_names_the_rule_and_the_action():
    steps = explain("РАЗДЕЛ I\nОБЩИЕ ПОЛОЖЕНИЯ\nСтатья 1. Цели\n(В редакции Закона КР)\n1. Текст.")
    assert [(s.rule, s.action) for s in steps] == [
        ("section_heading", "heading"), ("plain", "title"), ("article_heading", "heading"),
        ("editorial_note", "note"), ("part", "clause")]
    assert steps[-1].address == Address(section="I", article="1", part="1")


# --- whole acts ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def zk_rf() -> tuple[str, list]:
    text = read(ZK_RF)
    return text, parse_text(text)


@pytest.fixture(scope="module")
def grk_rf() -> tuple[str, list]:
    text = read(GRK_RF)
    return text, parse_text(text)


def header_numbers(text: str) -> list[str]:
    return re.findall(r"(?m)^\[article_number\] (.+)$", text)


def body_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.startswith("[")]


def test_zk_rf_articles_match_the_header_blocks(zk_rf):
    text, clauses = zk_rf
    headers = header_numbers(text)
    assert len(headers) == 179
    labels = article_labels(clauses)
    assert len(labels) == 179
    # The crawler writes «Статьи 71.1, статья 71.2» as number «71» (a duplicate) and
    # «Статья 20, статья 21» as «20,»; repaired, the 179 blocks give 179 distinct articles.
    assert set(labels) == {h.rstrip(",") for h in headers} | {"71.1"}
    check_offsets(text, clauses)


def test_zk_rf_clause_count_is_every_body_line(zk_rf):
    text, clauses = zk_rf
    lines = body_lines(text)
    leaked = [line for line in lines if re.match(r"Статья \d|Глава \d", line)]
    signature = lines[lines.index("Президент"):]
    assert len(leaked) == 8 and len(signature) == 6
    assert len(clauses) == len(lines) - len(leaked) - len(signature) == 2193
    points = [line for line in lines if re.match(r"\d+(?:\.\d+)*\)", line)]
    assert sum(1 for c in clauses if c.address.point and re.match(r"\d+(?:\.\d+)*\)", c.text)) \
        == len(points)


def test_zk_rf_article_39_16(zk_rf):
    _, clauses = zk_rf
    article = [c for c in clauses if c.address.article == "39.16"]
    assert article[0].address == Address(chapter="V.1", article="39.16")
    assert article[0].text.startswith("Уполномоченный орган принимает решение об отказе")
    points = [c.address.point for c in article[1:]]
    assert points[:5] == ["1", "2", "3", "3.1", "4"]
    assert points[-1] == "26" and "14.1" in points and len(points) == 28
    assert all(c.address.part is None for c in article)
    assert {c.heading for c in article} == {
        "Основания для отказа в предоставлении земельного участка, находящегося в "
        "государственной или муниципальной собственности, без проведения торгов"}


def test_zk_rf_repairs_and_repealed_articles(zk_rf):
    _, clauses = zk_rf
    by_article = {}
    for c in clauses:
        by_article.setdefault(c.address.article, []).append(c)
    assert by_article["71.1"][0].text.startswith("Статьи 71.1 - 71.2. Утратили силу")
    assert by_article["20"][0].heading == "Утратили силу"
    assert by_article["11.2"][0].address.chapter == "I.1"
    assert not any(c.text.startswith("Статья 20, статья 21") for c in clauses)
    assert [c.address.part for c in by_article["22"] if "Утратили силу" in c.text][:2] == [
        "3–3.2", "7–8"]


def test_zk_rf_parses_fast(zk_rf):
    text, _ = zk_rf
    started = time.perf_counter()
    parse_text(text)
    assert time.perf_counter() - started < 1.0


def test_urban_planning_code_articles_match_the_header_blocks(grk_rf):
    text, clauses = grk_rf
    headers = header_numbers(text)
    labels = article_labels(clauses)
    assert len(headers) == len(labels) == 141
    assert set(labels) == set(headers) | {"55.11"}       # «55» + «11, статья 55.12 …»
    assert {"55.5-1", "55.16-1", "55.21-1", "55.26-1"} <= set(labels)
    check_offsets(text, clauses)
    lines = body_lines(text)
    leaked = [line for line in lines if re.match(r"Статья \d|Глава \d", line)]
    assert len(leaked) == 2
    assert len(clauses) == len(lines) - len(leaked) - 6 == 3107
    assert not any("В.ПУТИН" in c.text for c in clauses)
    assert {c.address.chapter for c in clauses if c.address.article == "55.11"} == {"6.1"}


# Read by eye: «Статья N.» headings of the Kyrgyz Land Code are articles 1–120, the inserted
# 19-1, and 28¹–28³ printed as «Статья 281.» … «Статья 283.» (the superscript was lost).
KG_LAND_ARTICLES = {str(n) for n in range(1, 121)} | {"19-1", "28-1", "28-2", "28-3"}
# Law on Road Traffic: 1–33 and 23¹, 24¹, 26¹ printed as «Статья 231.», «241.», «261.».
KG_ROADS_ARTICLES = {str(n) for n in range(1, 34)} | {"23-1", "24-1", "26-1"}


@pytest.mark.parametrize("path, expected", [
    (ZK_KG, KG_LAND_ARTICLES),
    (ROADS_KG, KG_ROADS_ARTICLES),
])
def test_kyrgyz_laws_articles(path, expected):
    text = read(path)
    strict = re.findall(r"(?m)^Статья (\d+(?:-\d+)?)\. \S", text)
    assert len(strict) == len(expected)
    clauses = parse_text(text)
    labels = article_labels(clauses)
    assert len(labels) == len(expected) and set(labels) == expected
    check_offsets(text, clauses)
    assert not any(c.text.startswith("(В редакции") for c in clauses)
    assert not any(c.text.startswith(("Президент", "А. Акаев", "А.Акаев")) for c in clauses)


def test_kyrgyz_land_code_layout():
    text = read(ZK_KG)
    clauses = parse_text(text)
    assert clauses[0].address == Address() and clauses[0].text.startswith("ЗЕМЕЛЬНЫЙ КОДЕКС")
    preamble = [c for c in clauses if c.address == Address()]
    assert preamble[-1].text.startswith("Настоящий Кодекс регулирует земельные отношения")
    assert len(preamble) == 3
    first = next(c for c in clauses if c.address.article == "1")
    assert first.address == Address(section="I", chapter="1", article="1")
    assert first.heading == "Понятия, применяемые в настоящем Кодексе"
    chapters = {c.address.chapter for c in clauses if c.address.chapter}
    assert chapters == {str(n) for n in range(1, 23)}   # 14-1 is repealed: no clause
    assert {c.address.section for c in clauses} == {None, "I", "II", "III", "IV"}
    titles = {"Общие положения", "ОСНОВНЫЕ ПОЛОЖЕНИЯ", "Земли запаса"}
    assert not any(c.text in titles for c in clauses)
    points = [c.address.point for c in clauses if c.address.article == "1" and c.address.point]
    assert points[:5] == ["1", "2", "2-1", "2-2", "2-3"]
    assert [c.address.part for c in clauses if c.text.startswith("21. Если наследником")] \
        == ["2-1"]


def test_kyrgyz_road_law_sections():
    clauses = parse_text(read(ROADS_KG))
    assert [c.address.section for c in clauses if c.address.article == "1"] == ["I"]
    assert {c.address.section for c in clauses} == {"I", "II", "III", "IV", "V", "VI", "VII"}
    assert not any(c.text.startswith("ОБЕСПЕЧЕНИЯ БЕЗОПАСНОСТИ") for c in clauses)


def adilet_text() -> str:
    """The Kazakh law as the adilet reader lays it out, built here from the JSONL chunks."""
    lines: list[str] = []
    seen: dict[str, set[str]] = {}
    for raw in ADILET_KZ.read_text(encoding="utf-8").splitlines():
        record = json.loads(raw)
        article = record["article"]
        if article not in seen:
            seen[article] = set()
            lines.append(f"Статья {article}. {record['article_title']}")
        for line in record["text"].split("\n"):
            if line.strip() and not line.startswith("[") and line not in seen[article]:
                seen[article].add(line)            # the lead-in repeats in every chunk
                lines.append(line)
    return "\n".join(lines)


def test_kazakh_anticorruption_law():
    text = adilet_text()
    clauses = parse_text(text)
    check_offsets(text, clauses)
    assert article_labels(clauses) == [str(n) for n in range(1, 9)]
    records = [json.loads(line) for line in ADILET_KZ.read_text(encoding="utf-8").splitlines()]
    definitions = [r["unit_number"] for r in records if r["article"] == "1"]
    points = [c.address.point for c in clauses if c.address.article == "1" and c.address.point]
    assert points == definitions and "1-1" in points and "2-1" in points
    lead_in = next(c for c in clauses if c.address.article == "1")
    assert lead_in.address == Address(article="1")
    assert lead_in.text.startswith("Содержащиеся в настоящем Законе понятия")
    risk = next(c for c in clauses if c.address.article == "1" and c.address.point == "12")
    assert risk.text.startswith("12) коррупционный риск")
    assert [c.address.point for c in clauses
            if c.address.article == "8" and c.address.part == "3" and c.address.point] == \
        [str(n) for n in range(1, 8)]
    assert [c.address.point for c in clauses if c.address.article == "6" and c.address.point][3] \
        == "3-1"


@pytest.mark.parametrize("name, paragraphs", [
    ("adm_reg_minpri.txt", 4), ("fks.txt", 14), ("gov_sudeb.txt", 17),
    ("minec_polozh.txt", 10), ("text_arctic.txt", 10),
])
def test_plain_government_texts(name, paragraphs):
    # These texts carry no numbering at all: every paragraph is a clause without address.
    text = read(GOV_TEXTS / name)
    clauses = parse_text(text)
    assert len(clauses) == paragraphs == sum(1 for line in text.splitlines() if line.strip())
    assert {c.address for c in clauses} == {Address()}
    check_offsets(text, clauses)


# --- the Kyrgyz Civil Code through the PDF reader ---------------------------------------------

# pdfplumber's text layer of part I, read by eye: «Статья 1.» … «Статья 414.», plus the
# inserted 82-1…82-3, 131-1, 193-1 (printed «Статья 1931.»), 233-1…233-19 and 254-1.
KG_CIVIL_ARTICLES = ({str(n) for n in range(1, 415)}
                     | {"82-1", "82-2", "82-3", "131-1", "193-1", "254-1"}
                     | {f"233-{n}" for n in range(1, 20)})


@pytest.fixture(scope="module")
def civil_code(civil_code_document):
    return civil_code_document, parse_clauses(civil_code_document)


@pytest.mark.slow
def test_civil_code_pdf_articles_and_pages(civil_code):
    document, clauses = civil_code
    assert len(KG_CIVIL_ARTICLES) == 439
    labels = article_labels(clauses)
    assert len(labels) == 439 and set(labels) == KG_CIVIL_ARTICLES
    check_offsets(document.text, clauses)
    first = next(c for c in clauses if c.address.article == "1")
    assert first.address == Address(section="I", chapter="1", article="1", part="1")
    assert first.page is not None and first.page <= 3
    pages = [c.page for c in clauses]
    assert None not in pages and pages == sorted(pages)
    assert all(c.page == document.page_at(c.start) for c in clauses)
    assert clauses[-1].address.article == "414" and clauses[-1].page == len(document.pages)
