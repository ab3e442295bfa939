"""The summary of the risk register for the HTML report: tables and an inline SVG chart.

No script and no network: the chart is SVG written here, bars of risks by function area
stacked by level, and bars of measures by status.
"""
from __future__ import annotations

import datetime as dt
from html import escape

from pipeline.export import labels
from pipeline.model import RiskLevel
from pipeline.register import Register
from pipeline.register.areas import Areas
from pipeline.register.summary import LEVELS, RegisterSummary, summarise

COLOURS = {RiskLevel.HIGH: "#d9534f", RiskLevel.MEDIUM: "#f0ad4e", RiskLevel.LOW: "#5cb85c"}
STATUS_COLOUR = "#4a78b5"
_BAR, _GAP, _LABEL, _PLOT = 18, 6, 300, 360


def _esc(value: object) -> str:
    return escape(str(value), quote=True)


def _bars(title: str, rows: list[tuple[str, list[tuple[int, str, str]]]]) -> str:
    """A horizontal stacked bar chart: rows of (label, [(count, colour, legend)])."""
    top = max((sum(c for c, _, _ in parts) for _, parts in rows), default=0) or 1
    height = len(rows) * (_BAR + _GAP) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="register-chart" '
           f'width="{_LABEL + _PLOT + 60}" height="{height}" '
           f'viewBox="0 0 {_LABEL + _PLOT + 60} {height}" aria-label="{_esc(title)}">'
           f"<title>{_esc(title)}</title>"]
    for index, (label, parts) in enumerate(rows):
        y = 20 + index * (_BAR + _GAP)
        out.append(f'<text x="{_LABEL - 6}" y="{y + _BAR - 5}" text-anchor="end" '
                   f'font-size="12">{_esc(label)}</text>')
        x = float(_LABEL)
        for count, colour, legend in parts:
            if not count:
                continue
            width = count / top * _PLOT
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{_BAR}" '
                       f'fill="{colour}"><title>{_esc(legend)}: {count}</title></rect>')
            x += width
        total = sum(c for c, _, _ in parts)
        out.append(f'<text x="{x + 4:.1f}" y="{y + _BAR - 5}" font-size="12">{total}</text>')
    out.append("</svg>")
    return "".join(out)


def area_chart(summary: RegisterSummary, areas: Areas) -> str:
    return _bars("Риски по направлениям и уровням", [
        (areas[a].title_ru, [(counts[level], COLOURS[level], labels.LEVEL[level])
                             for level in LEVELS])
        for a, counts in summary.by_area.items()])


def status_chart(summary: RegisterSummary) -> str:
    return _bars("Меры по статусам", [
        (labels.STATUS[status], [(count, STATUS_COLOUR, labels.STATUS[status])])
        for status, count in summary.by_status.items()])


def register_section(register: Register, today: dt.date | None = None) -> str:
    """``<section id="register">``: risks by level and area, measures by status."""
    summary = summarise(register.entries(), today or dt.date.today())
    areas = register.areas
    out = ['<section id="register">\n<h2>Реестр коррупционных рисков</h2>\n']
    if not summary.total:
        out.append("<p>Рисков в реестре нет.</p>\n</section>\n")
        return "".join(out)
    legend = " ".join(f'<span class="swatch" style="background:{COLOURS[level]}"></span> '
                      f"{_esc(labels.LEVEL[level])}" for level in LEVELS)
    out.append(f"<p>Всего рисков: {summary.total}; мер с истекшим сроком: "
               f"{summary.overdue}. {legend}</p>\n")
    out.append('<table class="register-areas">\n<thead><tr><th>Направление</th>'
               + "".join(f"<th>{_esc(labels.LEVEL[level])}</th>" for level in LEVELS)
               + "<th>Всего</th></tr></thead>\n<tbody>\n")
    for area, counts in summary.by_area.items():
        out.append(f"<tr><td>{_esc(areas[area].title_ru)}</td>"
                   + "".join(f'<td class="num">{counts[level]}</td>' for level in LEVELS)
                   + f'<td class="num">{sum(counts.values())}</td></tr>\n')
    out.append("<tr><th>Всего</th>"
               + "".join(f'<th class="num">{summary.by_level[level]}</th>' for level in LEVELS)
               + f'<th class="num">{summary.total}</th></tr>\n</tbody>\n</table>\n')
    out.append(area_chart(summary, areas) + "\n")
    out.append('<table class="register-statuses">\n<thead><tr><th>Статус меры</th>'
               "<th>Рисков</th></tr></thead>\n<tbody>\n")
    for status, count in summary.by_status.items():
        out.append(f'<tr><td>{_esc(labels.STATUS[status])}</td><td class="num">{count}</td>'
                   "</tr>\n")
    out.append("</tbody>\n</table>\n" + status_chart(summary) + "\n</section>\n")
    return "".join(out)
