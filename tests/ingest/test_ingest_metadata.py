"""Metadata guesses on real snippets of the shared acts."""
from __future__ import annotations

import datetime as dt

import pytest
from ingest_samples import ADILET_JSONL, LAND_CODE_KG, RU_GOV, URBAN_CODE_RF

from pipeline.ingest import read_document
from pipeline.ingest.metadata import (
    build_document,
    guess_date,
    guess_issuing_body,
    guess_jurisdiction,
    guess_kind,
    guess_language,
    guess_number,
    guess_title,
    parse_date,
    path_jurisdiction,
    title_from_filename,
)
from pipeline.model import DocumentKind, Jurisdiction

LAND_CODE_HEAD = "ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nот 2 июня 1999 года № 45\n"
CIVIL_CODE_HEAD = "ГРАЖДАНСКИЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nот 8 мая 1996 года № 15\nЧАСТЬ I\n"


@pytest.mark.parametrize("text, path, expected", [
    ("Настоящий Закон действует на территории Республики Казахстан в отношении физических "
     "и юридических лиц.", "", Jurisdiction.KZ),
    ("Земельный фонд Кыргызской Республики включает в себя сельскохозяйственные угодья.",
     "", Jurisdiction.KG),
    ("(В редакции Законов КР от 28 декабря 2000 года № 93)", "", Jurisdiction.KG),
    ("Настоящий Кодекс и изданные в соответствии с ним иные акты земельного законодательства "
     "… на территории Российской Федерации", "", Jurisdiction.RU),
    ("Министерство экономического развития Российской Федерации (Минэкономразвития России)",
     "", Jurisdiction.RU),
    # a Kazakh law citing a Russian one once is still Kazakh
    ("Законодательство Республики Казахстан о противодействии коррупции основывается на "
     "Конституции Республики Казахстан; договор с Российской Федерацией", "", Jurisdiction.KZ),
    # ties and silence: the path decides
    ("Республики Казахстан и Кыргызской Республики", "acts/kg-laws-txt/x.txt", Jurisdiction.KG),
    ("Статья 1. Понятия", "data/acts/ru-codes-legalacts-ru/ZK-RF.txt", Jurisdiction.RU),
    ("Статья 1. Понятия", "/tmp/act.txt", Jurisdiction.UNKNOWN),
])
def test_jurisdiction(text, path, expected):
    assert guess_jurisdiction(text, path) is expected


@pytest.mark.parametrize("path, expected", [
    ("/data/acts/kg-civil-code-minjust/civil_code_part1.pdf", Jurisdiction.KG),
    ("/data/acts/kz-adilet-anticorruption-law/ocorrupt.jsonl", Jurisdiction.KZ),
    ("ZK-RF.txt", Jurisdiction.RU),
    ("/home/user/act.txt", None),
])
def test_path_jurisdiction(path, expected):
    assert path_jurisdiction(path) == expected


@pytest.mark.parametrize("text, expected", [
    ("Настоящий Закон действует на территории Республики Казахстан.", "ru"),
    # Tengrinews, 2024-04 (kz-tengrinews-2024-04/news_dev.jsonl), a Kazakh article
    ("Мәжіліс 2024 жылғы 28 ақпанда заңды екінші оқылымда қабылдап, Сенатқа жолдады.", "kk"),
    # Tengrinews, a Russian article with Kazakh names
    ("Жители района, активная молодежь и волонтеры провели работы по очистке и уборке "
     "территорий на площади \"Ордабасы\" и в парке \"Тәуелсіздік\", а также на набережной "
     "реки Қошқарата, у надземного моста на площади", "ru"),
    # a Kyrgyz sample sentence: the shared data holds no Kyrgyz-language text
    ("Өкмөттүн чечими менен бекитилген тизмеге ылайык, жер үлүшү жарандарга өткөрүлүп "
     "берилет.", "ky"),
    ("Земельный фонд Кыргызской Республики включает в себя сельскохозяйственные угодья.",
     "ru"),
])
def test_language(text, expected):
    assert guess_language(text) == expected


def test_russian_text_with_a_kazakh_name_stays_russian():
    law = read_document(ADILET_JSONL).text
    assert guess_language(law[:3000] + "\nг. Астана, проспект Мәңгілік Ел, 8") == "ru"


@pytest.mark.parametrize("title, text, expected", [
    ("ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ", "", DocumentKind.ACT),
    ("О противодействии коррупции", "", DocumentKind.ACT),
    ("Положение о Министерстве экономического развития Российской Федерации", "",
     DocumentKind.INTERNAL_ACT),
    ("ПРИКАЗ Министерства юстиции Кыргызской Республики", "", DocumentKind.INTERNAL_ACT),
    ("Инструкция по делопроизводству", "", DocumentKind.INTERNAL_ACT),
    (None, "Административный регламент (далее – Регламент) Федеральной службы по надзору "
           "в сфере природопользования", DocumentKind.INTERNAL_ACT),
    (None, "Министерство экономического развития Российской Федерации является федеральным "
           "органом исполнительной власти", DocumentKind.ACT),
])
def test_kind(title, text, expected):
    assert guess_kind(title, text) is expected


@pytest.mark.parametrize("text, path, expected", [
    (LAND_CODE_HEAD, "", "ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ"),
    (" \nГРАЖДАНСКИЙ КОДЕКС\nКЫРГЫЗСКОЙ РЕСПУБЛИКИ\nот 8 мая 1996 года № 15",
     "", "ГРАЖДАНСКИЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ"),
    ("РАЗДЕЛ I. ОБЩИЕ ПОЛОЖЕНИЯ\n\nНастоящий Закон определяет правовые основы", "", None),
    ("[chapter_number] 1\n[chapter_name] Общие положения\n[article_number] 1\n",
     "acts/Gradostroitelnyi-Kodeks-RF.txt", "Градостроительный кодекс Российской Федерации"),
    ("Настоящий Кодекс регулирует", "acts/Gradostroitelnyi-Kodeks-RF.txt", None),
    ("УТВЕРЖДЕНО\nпостановлением Правительства\nПОЛОЖЕНИЕ\nо Министерстве экономического "
     "развития Российской Федерации\n1. Министерство экономического развития",
     "", "ПОЛОЖЕНИЕ о Министерстве экономического развития Российской Федерации"),
    ("ПРИКАЗ\nот 3 февраля 2020 года № 5\nОб утверждении регламента", "", "ПРИКАЗ"),
])
def test_title(text, path, expected):
    assert guess_title(text, path) == expected


@pytest.mark.parametrize("name, expected", [
    ("ZK-RF.txt", "Земельный кодекс Российской Федерации"),
    ("Gradostroitelnyi-Kodeks-RF.txt", "Градостроительный кодекс Российской Федерации"),
    ("zemelnyi_kodeks_kg.txt", "Земельный кодекс Кыргызской Республики"),
    ("some_act.txt", "Some act"),
])
def test_title_from_filename(name, expected):
    assert title_from_filename(name) == expected


@pytest.mark.parametrize("text, expected", [
    ("ПОЛОЖЕНИЕ\nо Министерстве экономического развития Российской Федерации\n",
     DocumentKind.INTERNAL_ACT),
    ("ПРИКАЗ\nот 3 февраля 2020 года № 5\n", DocumentKind.INTERNAL_ACT),
    ("ЗЕМЕЛЬНЫЙ КОДЕКС КЫРГЫЗСКОЙ РЕСПУБЛИКИ\nот 2 июня 1999 года № 45\n", DocumentKind.ACT),
])
def test_kind_of_a_whole_document(text, expected):
    assert build_document("act.txt", b"", text).kind is expected


@pytest.mark.parametrize("text, number, date", [
    (LAND_CODE_HEAD, "№ 45", dt.date(1999, 6, 2)),
    (CIVIL_CODE_HEAD, "№ 15", dt.date(1996, 5, 8)),
    ("ФЕДЕРАЛЬНЫЙ ЗАКОН\nот 25.10.2001 N 136-ФЗ\nЗЕМЕЛЬНЫЙ КОДЕКС", "N 136-ФЗ",
     dt.date(2001, 10, 25)),
    ("Закон Республики Казахстан от 18 ноября 2015 года № 410-V ЗРК.", "№ 410-V",
     dt.date(2015, 11, 18)),
    ("ПРИКАЗ\n№ 123-р от 03.02.2020", "№ 123-р", dt.date(2020, 2, 3)),
    ("ПОСТАНОВЛЕНИЕ\nот «14» марта 2014 г.", None, dt.date(2014, 3, 14)),
    # a sentence citing another act is not a header line (gov_sudeb.txt)
    ("Проект федерального закона «О судебно-экспертной деятельности в Российской Федерации» "
     "разработан Минюстом России во исполнение пункта 2 перечня поручений Президента "
     "Российской Федерации от 3 февраля 2012 года и указания Президента Российской Федерации "
     "от 6 декабря 2012 года, данного по результатам рассмотрения доклада Правительства "
     "Российской Федерации, Указа Президента Российской Федерации от 7 мая 2012 года №596",
     None, None),
    # an amendment list is not the adoption line
    ("(В редакции Закона КР от 14 марта 2014 года № 49)\nСтатья 1.", None, None),
])
def test_number_and_date(text, number, date):
    assert guess_number(text) == number
    assert guess_date(text) == date


@pytest.mark.parametrize("text, expected", [
    ("от 2 июня 1999 года", dt.date(1999, 6, 2)),
    ("от 8 МАЯ 1996 года", dt.date(1996, 5, 8)),
    ("18.11.2015", dt.date(2015, 11, 18)),
    ("30.02.2015", None),
    ("без даты", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Министерство экономического развития Российской Федерации (Минэкономразвития России) "
     "является федеральным органом исполнительной власти",
     "Министерство экономического развития Российской Федерации"),
    ("Правительство Российской Федерации постановляет:", "Правительство Российской Федерации"),
    ("Принят Жогорку Кенешем Кыргызской Республики", None),  # not in the nominative
    ("Жогорку Кенеш Кыргызской Республики\nПОСТАНОВЛЕНИЕ",
     "Жогорку Кенеш Кыргызской Республики"),
    ("Настоящий Кодекс регулирует земельные отношения", None),
])
def test_issuing_body(text, expected):
    assert guess_issuing_body(text) == expected


def test_real_texts():
    urban = read_document(URBAN_CODE_RF)
    assert urban.title == "Градостроительный кодекс Российской Федерации"
    assert urban.jurisdiction is Jurisdiction.RU
    regulation = read_document(RU_GOV / "adm_reg_minpri.txt")
    assert regulation.kind is DocumentKind.INTERNAL_ACT
    ministry = read_document(RU_GOV / "minec_polozh.txt")
    assert ministry.issuing_body == "Министерство экономического развития Российской Федерации"
    note = read_document(RU_GOV / "gov_sudeb.txt")
    assert note.number is None and note.date is None


def test_reader_knowledge_wins_over_guesses():
    text = LAND_CODE_KG.read_text(encoding="utf-8")
    doc = build_document("x.txt", b"raw", text, title="Земельный кодекс",
                         jurisdiction=Jurisdiction.KG, kind=DocumentKind.INTERNAL_ACT)
    assert doc.title == "Земельный кодекс" and doc.kind is DocumentKind.INTERNAL_ACT
    assert doc.number == "№ 45"
