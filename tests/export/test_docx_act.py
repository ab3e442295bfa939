"""The reviewed act as DOCX: highlighted clauses and words, a Word comment per finding."""
from __future__ import annotations

from pathlib import Path

from docx import Document as open_docx
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from sample_acts import document as make_document
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.export import EXPORTERS, export
from pipeline.export.docx_act import AUTHOR


def _anchored(doc) -> dict[int, str]:
    """Comment id → the text between its commentRangeStart and commentRangeEnd."""
    open_ids: set[int] = set()
    anchored: dict[int, str] = {}
    for element in doc.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ids.add(int(element.get(qn("w:id"))))
            anchored.setdefault(int(element.get(qn("w:id"))), "")
        elif element.tag == qn("w:commentRangeEnd"):
            open_ids.discard(int(element.get(qn("w:id"))))
        elif element.tag == qn("w:t"):
            for comment_id in open_ids:
                anchored[comment_id] += element.text or ""
    return anchored


def _runs(doc, color):
    return [run.text for paragraph in doc.paragraphs for run in paragraph.runs
            if run.font.highlight_color == color]


def test_one_docx_per_document(filled, tmp_path):
    assert "docx_act" in EXPORTERS
    folder = export(filled, "docx_act", tmp_path / "acts")
    assert sorted(p.name for p in folder.iterdir()) == ["order.docx", "zk.docx"]


def test_hostile_order_comments_highlights_and_metadata(filled, tmp_path):
    doc = open_docx(str(export(filled, "docx_act", tmp_path / "acts") / "order.docx"))
    assert doc.paragraphs[0].text == "Антикоррупционная экспертиза: Приказ <b>№ 1</b>"
    meta = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert meta["Орган, принявший акт"] == "Министерство & Ко"
    assert meta["Находок"] == "4"
    assert meta["Страна"] == "Российская Федерация"
    findings_table = doc.tables[1]
    assert [c.text for c in findings_table.rows[0].cells] == ["№", "Норма", "Фактор",
                                                              "Фрагмент"]
    assert len(findings_table.rows) == 5

    comments = {c.comment_id: c for c in doc.comments}
    assert len(comments) == 4
    assert {c.author for c in comments.values()} == {AUTHOR}
    anchored = _anchored(doc)
    by_words = {anchored[cid]: comments[cid].text for cid in comments}
    # Overlapping findings keep their own ranges.
    assert set(by_words) == {"вправе отказать", "отказать в иных случаях",
                             "по своему усмотрению", "=HYPERLINK"}
    optional = by_words["вправе отказать"].split("\n")
    assert optional[0] == "Фактор: Установление права вместо обязанности"
    assert optional[1].startswith("Норма: ст. 1 ч. 2; правило optional_power.test; "
                                  "уверенность 80 %")
    assert optional[2] == "Пояснение: Маркер «вправе отказать»"
    assert optional[3] == "Рекомендация: Заменить «вправе» на обязанность с критериями."
    assert "=HYPERLINK(\"http://evil.example\"" in by_words["по своему усмотрению"]
    assert "Рекомендация: +7 (727) 000-00-00" in by_words["=HYPERLINK"]

    # Words of the findings in yellow, the rest of their clauses in grey.
    assert "".join(_runs(doc, WD_COLOR_INDEX.YELLOW)) == (
        "вправе отказать в иных случаяхпо своему усмотрению=HYPERLINK")
    grey = _runs(doc, WD_COLOR_INDEX.GRAY_25)
    assert "1. Орган " in grey and " и звонок." in "".join(grey)

    # The text of the act survives, minus the control characters XML cannot hold.
    body = [p.text for p in doc.paragraphs]
    assert "Приказ <script>alert(1)</script> о порядке" in body
    assert "2. =HYPERLINK(\"http://evil.example\",\"жми\") и звонок." in body


def test_zk_article_has_its_two_comments(filled, tmp_path):
    doc = open_docx(str(export(filled, "docx_act", tmp_path / "acts") / "zk.docx"))
    anchored = _anchored(doc)
    texts = {anchored[c.comment_id]: c.text for c in doc.comments}
    assert set(texts) == {"без проведения торгов", "не допускается"}
    assert texts["без проведения торгов"].startswith("Фактор: Отсутствие конкурсных процедур")
    assert "уверенность 40 %" in texts["не допускается"]
    meta = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert meta["Номер"] == "N 136-ФЗ"


def test_act_without_findings_and_same_file_names(filled, tmp_path):
    text = "Статья 1\n1. Орган обязан рассмотреть заявление в течение 10 рабочих дней.\n"
    other = tmp_path / "other"
    filled.store_analysis(make_document(text, str(other / "zk.txt"), title="Чистый акт"),
                          [], [])
    folder = export(filled, "docx_act", tmp_path / "acts")
    names = sorted(p.name for p in folder.iterdir())
    # The second «zk» gets its hash in the name: «zk_<8 hex>.docx».
    assert len(names) == 3 and "zk.docx" in names and names[2].startswith("zk_")
    docs = [open_docx(str(folder / name)) for name in names[1:]]
    doc = next(d for d in docs
               if d.paragraphs[0].text == "Антикоррупционная экспертиза: Чистый акт")
    assert len(doc.comments) == 0
    assert any("не выявлены" in p.text for p in doc.paragraphs)
    assert "1. Орган обязан рассмотреть заявление в течение 10 рабочих дней." in [
        p.text for p in doc.paragraphs]


def test_analyze_writes_acts_csv_and_json(tmp_path):
    act = tmp_path / "prikaz.txt"
    act.write_text("Приказ о порядке выдачи разрешений\n\nСтатья 1. Выдача разрешений\n"
                   "1. Уполномоченный орган вправе отказать в выдаче разрешения "
                   "по своему усмотрению.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(act), "--db",
                                      f"sqlite:///{tmp_path}/r.sqlite",
                                      "--export-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "register.json").is_file()
    assert (out / "csv" / "findings.csv").is_file()
    doc = open_docx(str(out / "acts" / "prikaz.docx"))
    findings = (out / "csv" / "findings.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(doc.comments) == len(findings) - 1 > 0
    assert f"файл / file: {Path(out / 'acts')}" in result.output
