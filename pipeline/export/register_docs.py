"""The Kazakh analytical note of the internal analysis (seed 004) and the analytical report
of anti-corruption monitoring (seed 002), as DOCX filled from the risk register.

Blanks the register cannot know (the order, the members of the working group, who ran the
monitoring) are left as lines «______» for the officer to fill in Word.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from pipeline.export import exporter, labels, write_atomically
from pipeline.export.xlsx import clean_text
from pipeline.model import RegisterEntry, RiskLevel, RiskStatus
from pipeline.register import Register
from pipeline.register.areas import DIRECTIONS, Areas
from pipeline.register.summary import LEVELS, RegisterSummary, summarise

BLANK = "________________"


def _text(value: str) -> str:
    return clean_text(value)


def _document() -> Docx:
    document = new_docx()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    return document


def _centered(document: Docx, text: str, bold: bool = True) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(_text(text)).bold = bold


def _labelled(document: Docx, label: str, value: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(_text(label) + ": ").bold = True
    paragraph.add_run(_text(value))


def _table(document: Docx, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = _text(str(value))


def _bodies(entries: Sequence[RegisterEntry]) -> str:
    return "; ".join(dict.fromkeys(e.body for e in entries)) or BLANK


_OF_LEVEL = {RiskLevel.HIGH: "высокого", RiskLevel.MEDIUM: "среднего", RiskLevel.LOW: "низкого"}


def _level_phrase(summary: RegisterSummary) -> str:
    return ", ".join(f"{_OF_LEVEL[level]} уровня — {summary.by_level[level]}"
                     for level in LEVELS)


def risks_phrase(count: int) -> str:
    """«1 коррупционный риск», «2 коррупционных риска», «5 коррупционных рисков»."""
    if count % 10 == 1 and count % 100 != 11:
        return f"{count} коррупционный риск"
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return f"{count} коррупционных риска"
    return f"{count} коррупционных рисков"


# --- analytical note (seed 004) --------------------------------------------------------------

DIRECTION_ONE = "Управление персоналом, в том числе определение должностей, подверженных " \
                "коррупционным рискам"


def _direction_titles(areas: Areas) -> list[str]:
    titles = [areas.direction_title(number) for number in range(1, DIRECTIONS + 1)]
    titles[0] = DIRECTION_ONE
    return titles


def _risk_block(document: Docx, number: str, entry: RegisterEntry, areas: Areas) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{number} {_text(entry.indicator)}").bold = True
    _labelled(document, "Наименование коррупционного риска в НПА",
              f"{entry.function} ({areas[entry.function_area].title_ru.lower()})")
    _labelled(document, "Описание коррупционного риска",
              f"{entry.risk}. {entry.mechanism}".strip())
    _labelled(document, "Оценка",
              f"уровень — {labels.LEVEL[entry.level]}, вероятность — {entry.probability}, "
              f"последствия — {entry.impact} ({entry.scoring_rule})")
    sources = [f"{e.link} — {e.summary}" for e in entry.evidence if e.current][:5]
    if sources:
        _labelled(document, "Источники", "; ".join(sources)
                  + (" и др." if sum(e.current for e in entry.evidence) > 5 else ""))
    _labelled(document, "Рекомендации по устранению", entry.measure)


def build_note(register: Register, today: dt.date | None = None) -> Docx:
    today = today or dt.date.today()
    areas = register.areas
    entries = [e for e in register.entries() if e.status is not RiskStatus.REJECTED]
    summary = summarise(entries, today)
    document = _document()
    _centered(document, "АНАЛИТИЧЕСКАЯ СПРАВКА")
    _centered(document, "по результатам внутреннего анализа коррупционных рисков "
                        f"в деятельности: {_bodies(entries)}", bold=False)

    document.add_heading("Вводная часть", level=1)
    _labelled(document, "Реквизиты приказа о проведении внутреннего анализа коррупционных "
                        "рисков", f"от {BLANK} № {BLANK}")
    _labelled(document, "Срок проведения", f"с {BLANK} по {BLANK}")
    _labelled(document, "Уполномоченное лицо (Ф.И.О.)", BLANK)
    _labelled(document, "Члены рабочей группы", BLANK)
    documents = register.documents()
    document.add_paragraph(_text(
        f"Проанализированы нормативные правовые акты, затрагивающие деятельность объекта "
        f"анализа ({len(documents)}):"))
    for stored in documents:
        document.add_paragraph(_text(stored.name), style="List Bullet")

    document.add_heading("Описательная часть", level=1)
    groups: dict[int, list[RegisterEntry]] = {}
    for entry in entries:
        groups.setdefault(areas[entry.function_area].direction, []).append(entry)
    for number, title in enumerate(_direction_titles(areas), start=1):
        document.add_heading(f"{number}. {title}", level=2)
        members = groups.get(number, [])
        if not members:
            document.add_paragraph("Коррупционные риски по данному направлению не выявлены.")
            continue
        for index, entry in enumerate(members, start=1):
            _risk_block(document, f"{number}.{index}.", entry, areas)
        if number == 1:
            _labelled(document, "Перечень должностей, подверженных коррупционным рискам",
                      "; ".join(dict.fromkeys(e.unit for e in members)))

    document.add_heading("Заключение", level=1)
    document.add_paragraph(_text(
        f"В ходе внутреннего анализа коррупционных рисков выявлено "
        f"{risks_phrase(summary.total)}: {_level_phrase(summary)}."))
    _table(document, ["№", "Направление", "Высокий", "Средний", "Низкий", "Всего"],
           [(i, title, *(sum(1 for e in groups.get(i, []) if e.level is level)
                         for level in LEVELS), len(groups.get(i, [])))
            for i, title in enumerate(_direction_titles(areas), start=1)])
    document.add_paragraph(
        "План мероприятий по устранению причин и условий, способствующих совершению "
        "коррупционных правонарушений, разрабатывается не позднее 10 рабочих дней со дня "
        "подписания аналитической справки и размещается вместе с ней на интернет-ресурсе "
        "в течение 3 рабочих дней со дня утверждения плана; мониторинг устранения причин "
        "и условий ведется в течение одного года со дня подписания справки.")
    document.add_paragraph(f"Уполномоченное лицо {BLANK} (подпись)   «___» ________ 20__ г.")
    return document


@exporter("analytical_note")
def export_analytical_note(register: Register, path: Path) -> Path:
    return write_atomically(path, build_note(register).save)


# --- analytical report of anti-corruption monitoring (seed 002) ------------------------------

SIGNAL_ROWS = 30  # bodies shown in the monitoring report; the register XLSX has them all


def build_monitoring_report(register: Register, today: dt.date | None = None) -> Docx:
    today = today or dt.date.today()
    areas = register.areas
    entries = register.entries()
    summary = summarise(entries, today)
    findings = register.findings()
    signals = register.body_signals()
    document = _document()
    _centered(document, "Аналитический отчет по итогам антикоррупционного мониторинга")
    _centered(document, "тематический", bold=False)
    _centered(document, "(вид антикоррупционного мониторинга)", bold=False)

    document.add_heading("I. Вводная часть", level=1)
    spheres = ", ".join(areas[a].title_ru.lower() for a in summary.by_area) or BLANK
    document.add_paragraph(_text(
        "1. Наименование сфер(ы) деятельности, в которых(ой) проводился антикоррупционный "
        f"мониторинг / наименование государственного(ых) органа(ов): {spheres}; "
        f"{_bodies(entries)}."))
    document.add_paragraph(f"2. Антикоррупционный мониторинг проведен: {BLANK} "
                           "(физическое/юридическое лицо, адрес электронной почты, "
                           "номер телефона).")
    started = min((e.created_at.date() for e in entries), default=today)
    document.add_paragraph(f"3. Период проведения антикоррупционного мониторинга: начат "
                           f"{labels.date(started)} закончен {labels.date(today)}.")

    document.add_heading("II. Информационно-аналитическая часть", level=1)
    document.add_paragraph("Количественные показатели:")
    _table(document, ["Показатель", "Значение"], [
        ("Проанализировано нормативных правовых актов", len(register.documents())),
        ("Выявлено коррупциогенных факторов в нормах", len(findings)),
        ("Коррупционных рисков в реестре", summary.total),
        *((f"в т.ч. {labels.LEVEL[level]} уровня", summary.by_level[level])
          for level in LEVELS),
        *((f"Мер в статусе «{labels.STATUS[s]}»", n) for s, n in summary.by_status.items()),
        ("Мер с истекшим сроком исполнения", summary.overdue),
        ("Обращений граждан с признаками коррупции", sum(g.counts.get("complaint", 0)
                                                          for g in signals)),
        ("Публикаций СМИ о коррупционных проявлениях", sum(g.counts.get("media", 0)
                                                           for g in signals)),
    ])
    if signals:
        document.add_paragraph("Обращения граждан и публикации СМИ по органам и направлениям "
                               "(органы с повторными сигналами вынесены на рассмотрение):")
        _table(document, ["Орган", "Направление", "Обращений", "Публикаций СМИ", "По кварталам",
                          "Признаки"],
               [(g.body, areas[g.function_area].title_ru, g.counts.get("complaint", 0),
                 g.counts.get("media", 0),
                 "; ".join(f"{q}: {sum(c.values())}" for q, c in g.by_quarter.items()),
                 ", ".join(labels.signal_title(k) for k in g.signals)
                 + (" — на рассмотрение" if g.under_review else ""))
                for g in signals[:SIGNAL_ROWS]])
    document.add_paragraph("Качественные показатели: распространенность коррупциогенных "
                           "факторов и направления деятельности, в которых они проявляются.")
    catalogue = labels.catalogue_or_none(register)
    factors = Counter(f.finding.factor for f in findings)
    _table(document, ["Коррупциогенный фактор", "Норм с фактором"],
           [(labels.factor_title(catalogue, f), n) for f, n in factors.most_common()])
    _table(document, ["Направление", *(labels.LEVEL[level] for level in LEVELS)],
           [(areas[a].title_ru, *counts.values()) for a, counts in summary.by_area.items()])

    document.add_heading("III. Заключительная часть", level=1)
    document.add_paragraph(_text(
        f"Выводы. Выявлено {risks_phrase(summary.total)} ({_level_phrase(summary)}); "
        f"исполнено или на мониторинге {round(summary.done_share * 100)} % мер; "
        f"просрочено мер: {summary.overdue}."))
    document.add_paragraph("Решение (пункт 16 Правил):")
    document.add_paragraph(
        "1) оценка эффективности антикоррупционных мер и предложения: исполнить меры плана "
        "в установленные сроки, устранить коррупциогенные факторы в нормах, указанных "
        "в реестре;", style="List Number")
    high = sorted({e.body for e in entries if e.level is RiskLevel.HIGH
                   and e.status is not RiskStatus.REJECTED})
    target = "; ".join(high) if high else BLANK
    document.add_paragraph(_text(
        "2) рекомендовать проведение анализа коррупционных рисков в деятельности: "
        f"{target}."), style="List Number")
    return document


@exporter("monitoring_report")
def export_monitoring_report(register: Register, path: Path) -> Path:
    return write_atomically(path, build_monitoring_report(register).save)


# Files of the register exports written by ``write_register_exports`` (make run).
REGISTER_EXPORTS = {
    "register_xlsx": "risk_register.xlsx",
    "kg_risks": "kg_form1_risks.xlsx",
    "kg_positions": "kg_form2_positions.xlsx",
    "action_plan": "action_plan.xlsx",
    "analytical_note": "analytical_note.docx",
    "monitoring_report": "monitoring_report.docx",
}


def write_register_exports(register: Register, folder: Path) -> list[Path]:
    """Every export of the risk register into ``folder``."""
    from pipeline.export import export

    return [export(register, fmt, Path(folder) / name) for fmt, name in REGISTER_EXPORTS.items()]
