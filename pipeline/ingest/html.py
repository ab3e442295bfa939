"""HTML reader (BeautifulSoup with lxml): the visible text of the body, one block per line."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from pipeline.errors import ErrorCode, IngestError
from pipeline.ingest import reader
from pipeline.ingest.cleanup import normalise_text
from pipeline.ingest.metadata import build_document
from pipeline.ingest.text import decode_bytes
from pipeline.model import Document

# Page furniture and code, never part of the act.
_INVISIBLE = ("script", "style", "noscript", "template", "nav", "header", "footer",
              "iframe", "svg", "head")
_BLOCKS = ("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
           "h6", "table", "tr", "section", "article", "main", "aside", "blockquote", "pre",
           "address", "figure", "figcaption", "form", "fieldset", "hr", "center")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE_RUN = re.compile(r"[ \t\f\v]+")
CELL_SEPARATOR = " | "


def declared_charset(data: bytes) -> str | None:
    """Charset named by a <meta> tag in the head, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, path: Path) -> str:
    """Markup as text: the declared charset when it decodes, otherwise detection."""
    charset = declared_charset(data)
    if charset is not None and not data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            pass
    return decode_bytes(data, path)


def _is_hidden(tag: Tag) -> bool:
    return tag.has_attr("hidden") or bool(_HIDDEN_STYLE.search(tag.get("style", "") or ""))


def _flatten_rows(root: Tag) -> None:
    """Each table row becomes one line of cells joined by « | »."""
    for row in root.find_all("tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])
                 if cell.find_parent("tr") is row]
        row.clear()
        row.append(CELL_SEPARATOR.join(cell for cell in cells if cell))


def visible_text(root: Tag) -> str:
    """Text of ``root`` with blocks on separate lines, spaces collapsed, blank lines gone."""
    for tag in root.find_all(_INVISIBLE):
        tag.decompose()
    for tag in [t for t in root.find_all(True) if _is_hidden(t)]:
        if not tag.decomposed:
            tag.decompose()
    _flatten_rows(root)
    for br in root.find_all("br"):
        br.replace_with("\n")
    for block in root.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = (_SPACE_RUN.sub(" ", line).strip() for line in root.get_text().split("\n"))
    return "\n".join(line for line in lines if line)


def html_title(soup: BeautifulSoup) -> str | None:
    """<title>, or the first <h1> when the title is missing."""
    for tag in (soup.title, soup.find("h1")):
        if tag is not None:
            title = " ".join(tag.get_text(" ").split())
            if title:
                return title
    return None


@reader(".html", ".htm")
def read_html(path: Path, data: bytes) -> Document:
    soup = BeautifulSoup(decode_html(data, path), "lxml")
    title = html_title(soup)
    text = normalise_text(visible_text(soup.body or soup))
    if not text.strip():
        raise IngestError(ErrorCode.E003_EMPTY, str(path), "на странице нет видимого текста")
    return build_document(path, data, text, title=title)
