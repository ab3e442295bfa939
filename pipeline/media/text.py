"""Text out of markup: trafilatura's main-text extraction for whole pages, a plain tag strip
for the HTML snippets inside feed entries."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

_TAG = re.compile(r"<(?:br|/p|/div|/li|/h\d)\s*/?>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_CANONICAL = re.compile(r"""<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)""", re.IGNORECASE)
MIN_MAIN_TEXT = 40          # shorter «main text» is page furniture (a menu, a cookie line)
_OG_URL = re.compile(r"""<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    title: str
    date: str | None
    url: str | None
    sitename: str | None


def html_to_text(markup: str) -> str:
    """A feed summary or content block as plain text, one block per line."""
    if "<" not in markup:
        return html.unescape(markup).strip()
    text = _ANY_TAG.sub(" ", _TAG.sub("\n", markup))
    lines = (_SPACES.sub(" ", line).strip() for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)


def extract_page(markup: str) -> Page | None:
    """Main text and metadata of a news page (``None`` when trafilatura finds no text)."""
    import trafilatura

    doc = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None or len((doc.text or "").strip()) < MIN_MAIN_TEXT:
        return None
    title = (doc.title or "").strip()
    text = doc.text.strip()
    if title and text.startswith(title):
        text = text[len(title):].lstrip()
    url = doc.url
    if not url:
        found = _CANONICAL.search(markup) or _OG_URL.search(markup)
        url = found.group(1) if found else None
    return Page(text or title, title, doc.date, url, doc.sitename)
