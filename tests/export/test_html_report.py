from __future__ import annotations

import hashlib
import time
from html.parser import HTMLParser

import pytest
from sample_acts import HOSTILE_TEXT, ZK_RF, document

from pipeline.export import export
from pipeline.calibrate import heldout_precision
from pipeline.export.html_report import Piece, _confirmed, render_report, split_spans
from pipeline.model import Address, Finding
from pipeline.register import Register

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr"}


class Tree(HTMLParser):
    """Checks that every tag closes in order and collects the marks with their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.marks: list[dict] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.scripts = 0
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "mark":
            if "mark" in self.stack:
                self.errors.append("nested mark")
            self.marks.append({**attrs, "text": ""})
        if tag == "aside" and "mark" in self.stack:
            self.errors.append("note inside a mark")
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("script", "link", "img", "iframe"):
            self.scripts += 1
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.errors.append(f"duplicate id {attrs['id']}")
            self.ids.add(attrs["id"])
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "mark":
            self.marks[-1]["text"] += data


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.errors == [] and tree.stack == []
    return tree


@pytest.fixture
def report(filled) -> str:
    return render_report(filled)


@pytest.fixture
def hostile(filled) -> str:
    """Id prefix of the hostile order in the report (documents go in order of source)."""
    sources = [d.source for d in filled.documents()]
    return f"d{next(i for i, s in enumerate(sources, 1) if s.endswith('order.txt'))}"


def test_self_contained_russian_page(report):
    tree = parse(report)
    assert report.startswith("<!DOCTYPE html>")
    assert tree.lang == "ru" and '<meta charset="utf-8">' in report
    assert tree.scripts == 0
    assert all(href.startswith("#") for href in tree.hrefs)
    assert {href[1:] for href in tree.hrefs} <= tree.ids  # every internal link lands
    assert "Сводка" in report and "Для проверки экспертом" in report


def test_act_text_is_escaped(report):
    assert "<script>" not in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "Приказ &lt;b&gt;№ 1&lt;/b&gt;" in report
    assert "Министерство &amp; Ко" in report
    assert "\x07" not in report and "\x00" not in report


def test_every_finding_is_marked_with_its_whole_span(filled, report):
    tree = parse(report)
    stored = filled.findings()
    texts = {d.version_id: d.text for d in filled.documents()}
    marked: dict[str, str] = {}
    for mark in tree.marks:
        for fid in mark["data-findings"].split():
            marked[fid] = marked.get(fid, "") + mark["text"]
    assert len(marked) == len(stored)
    spans = sorted(texts[s.version_id][s.finding.start:s.finding.end] for s in stored)
    assert sorted(marked.values()) == spans


def test_overlapping_findings_are_split_into_flat_marks(report, hostile):
    tree = parse(report)
    order = [m for m in tree.marks if m["data-findings"].startswith(f"{hostile}-")]
    # «вправе отказать» and «отказать в иных случаях» overlap on «отказать».
    assert [(m["text"], m["data-findings"]) for m in order[:3]] == [
        ("вправе ", f"{hostile}-f1"), ("отказать", f"{hostile}-f1 {hostile}-f2"),
        (" в иных случаях", f"{hostile}-f2")]
    assert "overlap" in order[1]["class"].split()
    assert {"f-optional_power", "f-open_grounds"} <= set(order[1]["class"].split())
    # 2 marks on ZK RF, 3 pieces for the overlapping pair, then one each for the other two.
    assert len(tree.marks) == 2 + 3 + 2


def test_notes_explain_each_finding(report, hostile):
    tree = parse(report)
    assert {f"{hostile}-n{i}" for i in range(1, 5)} <= tree.ids
    assert {f"{hostile}-f{i}" for i in range(1, 5)} <= tree.ids
    assert "Установление права вместо обязанности" in report
    assert "optional_power.test" in report
    assert "уверенность: 80 %" in report
    assert "Рекомендация: Заменить «вправе» на обязанность с критериями." in report
    assert "=HYPERLINK(&quot;http://evil.example&quot;,&quot;жми&quot;)" in report


def test_summary_and_expert_checks(report, catalogue):
    assert "Отсутствие конкурсных процедур" in report
    for factor in catalogue.substantive():
        assert report.count(factor.question) == 2  # one table per document


def test_summary_says_how_often_findings_were_confirmed_on_fresh_text(report, tmp_path):
    measured = heldout_precision()
    assert measured is not None, "the default confidence model was measured on the held-out sample"
    micro = measured["micro"]
    assert "Подтверждено на новых текстах*" in report
    assert f"({round(micro['tp'])} из {round(micro['tp'] + micro['fp'])})" in report
    assert f"проверке {measured['clauses']} норм" in report
    recall = round(micro["recall_estimated"] * 100)
    assert f"анализатор находит около {recall} %" in report
    assert "отсутствие находок не означает отсутствия факторов" in report
    assert heldout_precision(tmp_path) is None      # a model without the measurement


@pytest.mark.parametrize(("figures", "text"), [
    ({"tp": 13, "fp": 21}, "38 % (13 из 34)"),
    ({"tp": 0, "fp": 6}, "0 % (0 из 6)"),
    ({"tp": 0, "fp": 0}, "—"),
    (None, "—"),
])
def test_confirmed_share(figures, text):
    assert _confirmed(figures) == text


@pytest.mark.parametrize(("spans", "expected"), [
    ([], [Piece(0, 10, ())]),
    ([(2, 5)], [Piece(0, 2, ()), Piece(2, 5, (0,)), Piece(5, 10, ())]),
    ([(2, 6), (4, 8)], [Piece(0, 2, ()), Piece(2, 4, (0,)), Piece(4, 6, (0, 1)),
                        Piece(6, 8, (1,)), Piece(8, 10, ())]),
    ([(2, 8), (4, 6)], [Piece(0, 2, ()), Piece(2, 4, (0,)), Piece(4, 6, (0, 1)),
                        Piece(6, 8, (0,)), Piece(8, 10, ())]),
    ([(0, 10), (0, 10)], [Piece(0, 10, (0, 1))]),
    ([(3, 3), (-5, 2), (9, 99)], [Piece(0, 2, (1,)), Piece(2, 3, ()), Piece(3, 9, ()),
                                  Piece(9, 10, (2,))]),
])
def test_split_spans(spans, expected):
    assert split_spans(10, spans) == expected


def test_html_export_writes_the_file(filled, tmp_path):
    path = export(filled, "html", tmp_path / "report.html")
    parse(path.read_text(encoding="utf-8"))


def test_an_empty_register_gives_a_valid_page(tmp_path, catalogue):
    with Register(f"sqlite:///{tmp_path}/empty.sqlite", catalogue=catalogue) as register:
        parse(render_report(register))


def test_a_finding_beyond_the_text_is_clipped(tmp_path, catalogue):
    text = "Орган вправе.\n"
    doc = document(text, str(tmp_path / "short.txt"))
    stray = Finding("r.x", "optional_power", Address(article="1"), 6, 500, "вправе.", "", 0.5,
                    "")
    with Register(f"sqlite:///{tmp_path}/r.sqlite", catalogue=catalogue) as register:
        register.store_analysis(doc, [], [stray])
        tree = parse(render_report(register))
    assert [m["text"] for m in tree.marks] == ["вправе.\n"]


@pytest.mark.slow
def test_the_whole_land_code_renders_fast(tmp_path, catalogue):
    text = ZK_RF.read_text(encoding="utf-8")
    doc = document(text, str(ZK_RF))
    findings = []
    for n, phrase_at in enumerate(_all(text, "вправе")):
        findings.append(Finding("optional_power.vprave", "optional_power", Address(), phrase_at,
                                phrase_at + 6, "вправе", "", 0.6, ""))
        if n % 3 == 0:  # an overlapping second factor on every third hit
            findings.append(Finding("open_grounds.x", "open_grounds", Address(), phrase_at + 2,
                                    phrase_at + 40, "", "", 0.5, ""))
    with Register(f"sqlite:///{tmp_path}/r.sqlite", catalogue=catalogue) as register:
        register.store_analysis(doc, [], findings)
        started = time.perf_counter()
        html = render_report(register)
        elapsed = time.perf_counter() - started
    assert elapsed < 10, f"{elapsed:.1f} s"
    tree = parse(html)
    assert len({fid for m in tree.marks for fid in m["data-findings"].split()}) == len(findings)
    assert hashlib.sha256(text.encode()).hexdigest() in html


def _all(text: str, phrase: str) -> list[int]:
    found, at = [], text.find(phrase)
    while at != -1:
        found.append(at)
        at = text.find(phrase, at + 1)
    return found


def test_hostile_text_fixture_is_what_the_checks_assume():
    assert "<script>" in HOSTILE_TEXT and "\x07" in HOSTILE_TEXT
