"""Build corpora/sample/zakon_o_dorozhnom_dvizhenii_kg.docx from the official plain text.

The bundled corpus needs a real Word document; the Kyrgyz Law on Road Traffic is an official
text (not an object of copyright), so it is laid out as DOCX once, with its article headings
as Word headings and the list of terms of article 2 as a two-column table, and committed.
Run: .venv/bin/python corpora/tools/build_sample_docx.py
"""
from __future__ import annotations

import re
from pathlib import Path

from docx import Document

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO.parent / "shared" / "data" / "acts" / "kg-laws-txt" / "zakon_o_dorozhnom_dvizhenii_kg.txt"
TARGET = REPO / "corpora" / "sample" / "zakon_o_dorozhnom_dvizhenii_kg.docx"
HEADING = re.compile(r"^(Статья \d+(-\d+)?\.|Глава \d+)")
TERM = re.compile(r"^(?P<term>[а-яёА-ЯЁ][^–—-]{2,60}?) [–—-] (?P<definition>.+)$")


def build(source: Path = SOURCE, target: Path = TARGET) -> Path:
    doc = Document()
    doc.core_properties.title = "Закон КР «О дорожном движении в Кыргызской Республике»"
    rows: list[tuple[str, str]] = []
    article = ""
    for raw in source.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if HEADING.match(line):
            _flush_table(doc, rows)
            article = line
            doc.add_heading(line, level=2)
            continue
        term = TERM.match(line)
        if article.startswith("Статья 2.") and term:
            rows.append((term["term"], term["definition"]))
            continue
        _flush_table(doc, rows)
        doc.add_paragraph(line)
    _flush_table(doc, rows)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(target)
    return target


def _flush_table(doc, rows: list[tuple[str, str]]) -> None:
    if not rows:
        return
    table = doc.add_table(rows=0, cols=2)
    for term, definition in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = term, definition
    rows.clear()


if __name__ == "__main__":
    print(build())
