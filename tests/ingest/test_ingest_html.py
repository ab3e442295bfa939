"""HTML reader on pages built around real clauses of the Russian Land Code."""
from __future__ import annotations

import pytest
from ingest_samples import LAND_CODE_RF

from pipeline.errors import ErrorCode, IngestError
from pipeline.ingest import read_document
from pipeline.ingest.html import declared_charset
from pipeline.model import Jurisdiction

HEADING = "Статья 39.16. Основания для отказа в предоставлении земельного участка"
LEAD_IN = ("Уполномоченный орган принимает решение об отказе в предоставлении земельного "
           "участка, находящегося в государственной или муниципальной собственности, "
           "без проведения торгов при наличии хотя бы одного из следующих оснований:")
POINT_1 = ("1) с заявлением о предоставлении земельного участка обратилось лицо, которое "
           "в соответствии с земельным законодательством не имеет права на приобретение "
           "земельного участка без проведения торгов;")


def _page(charset: str = "utf-8", title: str = "<title>Земельный кодекс РФ</title>") -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}">{title}
<style>p {{ color: red }}</style><script>var statja = "не текст акта";</script></head>
<body>
<header>Главная | Кодексы</header>
<nav><ul><li>Меню</li><li>Поиск</li></ul></nav>
<h1>Земельный кодекс Российской Федерации</h1>
<div class="article"><h2>{HEADING}</h2>
<p>{LEAD_IN}</p>
<p>{POINT_1.replace(" в соответствии", "<br>в&nbsp;соответствии")}</p>
<table><tr><th>Основание</th><th>Пункт</th></tr>
<tr><td>нет права на участок</td><td>1</td></tr></table>
<p style="display:none">скрытый абзац</p>
</div>
<footer>© legalacts</footer>
</body></html>"""


def test_real_clauses_are_in_the_land_code():
    text = LAND_CODE_RF.read_text(encoding="utf-8")
    assert LEAD_IN in text and POINT_1 in text


def test_visible_text_one_block_per_line(tmp_path):
    path = tmp_path / "zk.html"
    path.write_text(_page(), encoding="utf-8")
    doc = read_document(path)
    assert doc.text.split("\n") == [
        "Земельный кодекс Российской Федерации",
        HEADING,
        LEAD_IN,
        POINT_1.replace(" в соответствии", "\nв соответствии").split("\n")[0],
        "в соответствии" + POINT_1.split(" в соответствии", 1)[1],
        "Основание | Пункт",
        "нет права на участок | 1",
    ]
    assert doc.title == "Земельный кодекс РФ"
    assert doc.jurisdiction is Jurisdiction.RU
    for noise in ("statja", "Меню", "Главная", "legalacts", "color", "скрытый"):
        assert noise not in doc.text


def test_title_falls_back_to_h1(tmp_path):
    path = tmp_path / "untitled.htm"
    path.write_text(_page(title=""), encoding="utf-8")
    assert read_document(path).title == "Земельный кодекс Российской Федерации"


def test_charset_from_meta(tmp_path):
    path = tmp_path / "cp1251.html"
    path.write_bytes(_page(charset="windows-1251").encode("cp1251"))
    assert declared_charset(path.read_bytes()) == "cp1251"
    doc = read_document(path)
    assert LEAD_IN in doc.text


def test_charset_detected_without_meta(tmp_path):
    path = tmp_path / "nometa.html"
    html = _page().replace('<meta charset="utf-8">', "")
    path.write_bytes(html.encode("cp1251"))
    assert LEAD_IN in read_document(path).text


def test_page_without_visible_text_is_empty(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>Пусто</title><script>x=1</script></head>"
                    "<body><nav>Меню</nav></body></html>", encoding="utf-8")
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert err.value.code is ErrorCode.E003_EMPTY
    assert "blank.html" in str(err.value)
