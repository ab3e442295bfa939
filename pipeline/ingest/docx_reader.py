"""DOCX reader (python-docx): paragraphs and tables in the order of the document body.

Acts often put schedules, fines and deadlines in tables; ``Document.paragraphs`` alone
would drop them, so the body XML is walked child by child.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline.errors import ErrorCode, IngestError
from pipeline.ingest import reader
from pipeline.ingest.cleanup import normalise_text
from pipeline.ingest.metadata import build_document, guess_title
from pipeline.model import Document

CELL_SEPARATOR = " | "
_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")


def _cell_text(cell) -> str:
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def table_lines(table: Table) -> Iterator[str]:
    """One line per row, cells joined by « | »; a merged cell is written once."""
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell comes back once per grid column
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell))
        if any(cells):
            yield CELL_SEPARATOR.join(cells)


def body_lines(element, parent) -> Iterator[str]:
    """Lines of the block children of ``element`` (the body or a content control)."""
    for child in element.iterchildren():
        if child.tag == _P:
            yield Paragraph(child, parent).text
        elif child.tag == _TBL:
            yield from table_lines(Table(child, parent))
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from body_lines(content, parent)


def _open(path: Path, data: bytes):
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError) as exc:
        raise IngestError(ErrorCode.E004_CORRUPT, str(path),
                          f"не архив DOCX / not a DOCX package: {type(exc).__name__}: {exc}"
                          ) from exc


@reader(".docx")
def read_docx(path: Path, data: bytes) -> Document:
    document = _open(path, data)
    body = document.element.body
    text = normalise_text("\n".join(body_lines(body, document._body)))
    if not text.strip():
        raise IngestError(ErrorCode.E003_EMPTY, str(path), "в документе нет текста")
    # the title typed in the file properties is often a template's; the text comes first
    title = guess_title(text, path) or (document.core_properties.title or "").strip() or None
    return build_document(path, data, text, title=title)
