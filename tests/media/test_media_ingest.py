"""Publications from feeds, pages and the three media dumps; ids as in the guidelines; bad
input is an error naming the file (and line) and the batch goes on."""
from __future__ import annotations

import json

from pipeline.errors import ErrorCode
from pipeline.media.ingest import golunov_id, read_many, read_path

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Новости</title><link>https://news.example.kz/</link>
<item><title>{title}</title><link>https://news.example.kz/a/1</link>
<guid>https://news.example.kz/a/1</guid><pubDate>Tue, 16 Apr 2024 10:30:00 +0500</pubDate>
<description><![CDATA[<p>{text}</p>]]></description></item>
<item><title>Курс доллара</title><link>https://news.example.kz/a/2</link>
<description>Курс доллара снова вырос.</description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Лента</title><id>urn:x</id><updated>2024-05-21T12:00:00Z</updated>
<entry><title>Пост</title><id>urn:post:1</id><link href="https://t.example/1"/>
<updated>2024-05-21T12:34:57Z</updated><content type="html">{text}</content></entry></feed>"""
HTML = """<html><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="https://news.example.kz/kazakhstan_news/{slug}/">
<meta property="article:published_time" content="2024-04-16T10:30:00+05:00"></head>
<body><nav>Главная | Новости</nav><article><h1>{title}</h1><p>{text}</p><p>{text}</p></article>
<footer>© 2024</footer></body></html>"""


def _real(items, item_id):
    return items[item_id]


def test_three_media_sets_with_guideline_ids(items):
    sets = {i.set for i in items.values()}
    assert sets == {"telegram", "tengrinews", "golunov"}
    assert "tg:112:17782" in items and "tengri:532063" in items
    assert "golunov:2016-11-07-Липы за\xa0200 тысяч" in items  # the file name has a no-break space
    tengri = items["tengri:532063"]
    assert tengri.url.startswith("https://tengrinews.kz/") and tengri.published.startswith("2024-04-12")
    tg = items["tg:112:17782"]
    assert (tg.source, tg.subset, tg.published[:10]) == ("112", "corruption_keyword", "2024-05-21")


def test_line_separator_inside_a_json_string_is_not_a_record_break(items):
    # a Tengrinews article holds U+2028; str.splitlines() would cut its record in two
    assert sum(i.set == "tengrinews" for i in items.values()) == 236


def test_golunov_id_is_the_file_stem():
    assert golunov_id("corpus/2016-11-07-Липы за 200 тысяч.txt") == "golunov:2016-11-07-Липы за 200 тысяч"


def test_rss_feed(tmp_path, items):
    real = _real(items, "tg:112:17782")
    path = tmp_path / "lenta.rss"
    path.write_text(RSS.format(title="Экс-командующий арестован", text=real.text[:300]), encoding="utf-8")
    (first, second), = [read_many([path]).items]
    assert first.id == "feed:https://news.example.kz/a/1" and first.set == "feed"
    assert first.text.split() == real.text[:300].split() and first.title == "Экс-командующий арестован"
    assert first.published == "2024-04-16T05:30:00" and first.url == "https://news.example.kz/a/1"
    assert first.source == "Новости" and second.text == "Курс доллара снова вырос."


def test_atom_feed(tmp_path, items):
    real = _real(items, "tg:112:17818")
    path = tmp_path / "lenta.atom"
    path.write_text(ATOM.format(text=real.text[:200].replace("<", "")), encoding="utf-8")
    (entry,) = read_many([path]).items
    assert entry.id == "feed:urn:post:1" and entry.published == "2024-05-21T12:34:57"


def test_html_page_main_text_and_metadata(tmp_path, items):
    real = _real(items, "tg:Mash:59503")
    path = tmp_path / "page.html"
    path.write_text(HTML.format(title="Министр транспорта задержан", slug="minister-532000",
                                text=real.text.split("\n")[0]), encoding="utf-8")
    (page,) = read_many([path]).items
    assert page.title == "Министр транспорта задержан"
    assert real.text.split("\n")[0] in page.text and "Главная" not in page.text
    assert page.url == "https://news.example.kz/kazakhstan_news/minister-532000/"
    assert page.published == "2024-04-16" and page.id == f"html:{page.url}"


def test_jsonl_bad_line_is_reported_and_reading_goes_on(tmp_path, items):
    real = _real(items, "tg:112:17782")
    path = tmp_path / "dump.jsonl"
    good = {"message_id": 17782, "channel": "112", "text": real.text, "date": "2024-05-21"}
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n{\"message_id\": 1, \"chan\n"
                    + json.dumps({"foo": 1}) + "\n", encoding="utf-8")
    result = read_many([path])
    assert [i.id for i in result.items] == ["tg:112:17782"]
    assert [e.path for e in result.errors] == [f"{path}:2", f"{path}:3"]
    assert all(e.code is ErrorCode.E009_MALFORMED for e in result.errors)
    assert "неизвестный формат" in str(result.errors[1])


def test_field_mapping(tmp_path):
    path = tmp_path / "custom.json"
    path.write_text(json.dumps({"items": [{"uid": "a1", "body": "Аким задержан.", "ts": "2024-01-01"}]},
                               ensure_ascii=False), encoding="utf-8")
    (item,) = read_many([path], {"id": "uid", "text": "body", "published": "ts"}).items
    assert (item.id, item.text, item.published) == ("a1", "Аким задержан.", "2024-01-01")


def test_bad_files_do_not_stop_the_batch(tmp_path, items):
    broken_feed = tmp_path / "broken.rss"
    broken_feed.write_text("<rss><channel><item><title>обрыв", encoding="utf-8")
    empty_page = tmp_path / "empty.html"
    empty_page.write_text("<html><body><nav>меню</nav></body></html>", encoding="utf-8")
    wrong_encoding = tmp_path / "cp1251.jsonl"
    wrong_encoding.write_bytes(json.dumps({"id": "x", "text": "Взятка"}, ensure_ascii=False).encode("cp1251"))
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "ok", "text": items["tg:112:17782"].text}, ensure_ascii=False),
                    encoding="utf-8")
    result = read_many([broken_feed, empty_page, wrong_encoding, empty, tmp_path / "missing.rss", good])
    assert [i.id for i in result.items] == ["ok"]
    codes = {e.path.rsplit("/", 1)[-1]: e.code for e in result.errors}
    assert codes == {"broken.rss": ErrorCode.E004_CORRUPT, "empty.html": ErrorCode.E008_NO_TEXT,
                     "cp1251.jsonl": ErrorCode.E006_ENCODING, "empty.jsonl": ErrorCode.E003_EMPTY,
                     "missing.rss": ErrorCode.E001_NOT_FOUND}
    assert all(str(e).startswith(f"[{e.code.value}] ") for e in result.errors)


def test_unsupported_type(tmp_path):
    path = tmp_path / "a.docx"
    path.write_bytes(b"PK")
    (err,) = list(read_path(path))
    assert err.code is ErrorCode.E002_UNSUPPORTED_TYPE
