"""Collisions side by side, for the HTML report and the reviewed-act DOCX.

Each collision is a two-column table: the first norm (the act under review) on the left,
the conflicting norm on the right, each with its act and address, its clause text and the
conflicting value highlighted. The explanation (in Russian, with both values) sits below.
The export modules call these functions (additive hooks); they read the ``collisions``
table written by ``taza analyze`` and ``taza refs index``.
"""
from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from pipeline.references.index import StoredCollision, stored_collisions

CSS = (".collision{width:100%;table-layout:fixed}.collision td{width:50%}"
       "mark.conflict{background:#f5b7b1;font-weight:bold}"
       ".collision .norm{white-space:pre-wrap;font-family:\"PT Sans\",Arial,sans-serif;"
       "font-size:.9rem}")
_RULE_TITLES = {
    "collision.reference.repealed": "Ссылка на утратившую силу норму",
    "collision.reference.missing": "Ссылка на несуществующую норму",
    "collision.quantity.deadline": "Разные сроки одной процедуры",
    "collision.quantity.amount": "Разные размеры для одной процедуры",
    "collision.bylaw.longer_deadline": "Подзаконный акт увеличивает срок закона",
    "collision.definition": "Термин определён по-разному",
    "collision.body": "Одна процедура поручена разным органам",
    "collision.bylaw.extra_requirement": "Подзаконный акт добавляет требование к перечню закона",
}
_CLIP = 1500


def rule_title(rule_id: str) -> str:
    return _RULE_TITLES.get(rule_id, rule_id)


def _marked(text: str, value: str) -> str:
    """The clause with the first occurrence of ``value`` in a red mark (all escaped)."""
    text = text[:_CLIP] + ("…" if len(text) > _CLIP else "")
    at = text.find(value) if value else -1
    if at < 0:
        return escape(text)
    return (escape(text[:at]) + f'<mark class="conflict">{escape(value)}</mark>'
            + escape(text[at + len(value):]))


def collisions_html(collisions: Sequence[StoredCollision]) -> str:
    if not collisions:
        return ""
    out = [f"<style>{CSS}</style>\n<section id=\"collisions\">\n<h2>Коллизии норм</h2>\n"
           "<p>Нормы, которые нельзя применить одновременно так, как они написаны "
           "(фактор <code>collision</code>). Слева — проверяемая норма, справа — "
           "конфликтующая; расходящиеся значения выделены.</p>\n"]
    for number, c in enumerate(collisions, start=1):
        left = f"{c.title or Path(c.source).name}, {c.address}"
        right = f"{Path(c.other_source).name if not c.other_text else c.other_source}, " \
                f"{c.other_address}"
        out.append(
            f'<h3 id="collision-{number}">{number}. {escape(rule_title(c.rule_id))} '
            f"<code>{escape(c.rule_id)}</code></h3>\n"
            '<table class="collision"><thead><tr>'
            f"<th>{escape(left)}</th><th>{escape(right)}</th></tr></thead>\n<tbody><tr>"
            f'<td class="norm">{_marked(c.text, c.value)}</td>'
            f'<td class="norm">{_marked(c.other_text or c.other_value, c.other_value)}</td>'
            "</tr>\n"
            f"<tr><td><b>Значение:</b> {escape(c.value[:300])}</td>"
            f"<td><b>Значение:</b> {escape(c.other_value[:300])}</td></tr>\n</tbody></table>\n"
            f"<p>{escape(c.explanation)} (уверенность {c.confidence:.2f})</p>\n")
    out.append("</section>\n")
    return "".join(out)


def register_collisions_html(register) -> str:
    """The section for ``pipeline.export.html_report`` (empty without collisions)."""
    return collisions_html(stored_collisions(register))


def add_collisions_docx(document, collisions: Sequence[StoredCollision]) -> None:
    """Append «Коллизии норм» to a reviewed-act DOCX: a two-column table per collision, the
    conflicting values in bold on a red highlight."""
    if not collisions:
        return
    from docx.enum.text import WD_COLOR_INDEX

    document.add_heading("Коллизии норм", level=2)
    for number, c in enumerate(collisions, start=1):
        document.add_paragraph(f"{number}. {rule_title(c.rule_id)} ({c.rule_id})")
        table = document.add_table(rows=2, cols=2)
        table.style = "Table Grid"
        heads = (f"{c.title or Path(c.source).name}, {c.address}",
                 f"{c.other_source}, {c.other_address}")
        for cell, head in zip(table.rows[0].cells, heads):
            cell.paragraphs[0].add_run(_clean(head)).bold = True
        for cell, (text, value) in zip(table.rows[1].cells, ((c.text, c.value),
                                                            (c.other_text or c.other_value,
                                                             c.other_value))):
            paragraph = cell.paragraphs[0]
            text = text[:_CLIP]
            at = text.find(value) if value else -1
            if at < 0:
                paragraph.add_run(_clean(text))
                continue
            paragraph.add_run(_clean(text[:at]))
            run = paragraph.add_run(_clean(value))
            run.bold = True
            run.font.highlight_color = WD_COLOR_INDEX.PINK
            paragraph.add_run(_clean(text[at + len(value):]))
        document.add_paragraph(_clean(c.explanation))


def _clean(value: str) -> str:
    import re

    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", value)
