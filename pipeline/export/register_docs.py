"""The Kazakh analytical note of the internal analysis (seed 004) and the analytical report
of anti-corruption monitoring (seed 002), as DOCX filled from the risk register.

Blanks the register cannot know (the order, the members of the working group, who ran the
monitoring) are left as lines «______» for the officer to fill in Word.

For a reporting period (``write_register_exports(..., period=...)``, the quarterly and annual
flows) both documents state the period and add what happened during it
(``pipeline.register.period``): documents analysed, findings, new risks, evidence added
(complaints and media by quarter), measures due and overdue at its end, status changes. The
rest of each document shows the register as it stands on the day of the export, and says so.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from pipeline.export import exporter, labels, register_forms, write_atomically
from pipeline.export.xlsx import clean_text
from pipeline.model import EvidenceKind, RegisterEntry, RiskLevel, RiskStatus
from pipeline.register import Register
from pipeline.register.areas import DIRECTIONS, Areas
from pipeline.register.period import PeriodActivity, ReportPeriod, period_activity
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


def risks_phrase(count: int, new: bool = False) -> str:
    """«1 коррупционный риск», «2 коррупционных риска», «5 коррупционных рисков»; with
    ``new``: «1 новый коррупционный риск», «2 новых коррупционных риска»."""
    if count % 10 == 1 and count % 100 != 11:
        return f"{count} {'новый ' if new else ''}коррупционный риск"
    adjective = "новых " if new else ""
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return f"{count} {adjective}коррупционных риска"
    return f"{count} {adjective}коррупционных рисков"


# --- the reporting period (both documents) --------------------------------------------------

PERIOD_ROWS = 30  # rows of each list of the period; the register XLSX and the audit trail
                  # hold them all
PERIOD_HEADING = "Итоги отчетного периода"


def _short(entry: RegisterEntry) -> str:
    return f"{entry.body}: {entry.indicator}"


def _capped(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    if len(rows) <= PERIOD_ROWS:
        return rows
    return [*rows[:PERIOD_ROWS], ("…", f"и еще {len(rows) - PERIOD_ROWS}")]


def period_indicators(activity: PeriodActivity) -> list[tuple[str, int]]:
    """Rows «indicator — value» of the period, for both documents and the flow's artifact."""
    levels = Counter(e.level for e in activity.new_entries)
    evidence = activity.evidence
    return [
        ("Проанализировано документов (новые акты и редакции)", len(activity.documents)),
        ("Выявлено коррупциогенных факторов в нормах", activity.findings),
        ("Новых коррупционных рисков", len(activity.new_entries)),
        *((f"в т.ч. {labels.LEVEL[level]} уровня", levels[level]) for level in LEVELS),
        ("Добавлено подтверждений рисков: нормы актов", evidence[EvidenceKind.ACT_FINDING]),
        ("Добавлено подтверждений рисков: обращения граждан", evidence[EvidenceKind.COMPLAINT]),
        ("Добавлено подтверждений рисков: публикации СМИ", evidence[EvidenceKind.MEDIA]),
        ("Мер со сроком исполнения в периоде", len(activity.due)),
        ("Мер с истекшим сроком на конец периода", len(activity.overdue)),
        ("Изменений статуса рисков", len(activity.status_changes)),
    ]


def _period_section(document: Docx, activity: PeriodActivity, level: int) -> None:
    period = activity.period
    document.add_heading(PERIOD_HEADING, level=level)
    document.add_paragraph(_text(
        f"Отчетный период: {period.name}. Показатели по журналу изменений реестра."))
    _table(document, ["Показатель", "Значение"], period_indicators(activity))
    quarters = activity.signals_by_quarter
    if any(sum(c.values()) for c in quarters.values()):
        document.add_paragraph("Обращения граждан и публикации СМИ, поступившие в реестр, "
                               "по кварталам:")
        _table(document, ["Квартал", "Обращений", "Публикаций СМИ"],
               [(q, c[EvidenceKind.COMPLAINT], c[EvidenceKind.MEDIA])
                for q, c in quarters.items()])
    if activity.new_entries:
        document.add_paragraph("Новые коррупционные риски:")
        _table(document, ["№ риска", "Риск", "Уровень", "Выявлен"], _capped(
            [(e.id, _short(e), labels.LEVEL[e.level], labels.date(e.created_at.date()))
             for e in activity.new_entries]))
    if activity.due:
        overdue = {e.id for e in activity.overdue}
        document.add_paragraph("Меры со сроком исполнения в периоде (статус на конец "
                               "периода):")
        _table(document, ["№ риска", "Риск", "Срок", "Статус"], _capped(
            [(e.id, _short(e), labels.date(e.deadline),
              labels.STATUS[e.status] + (" — просрочено" if e.id in overdue else ""))
             for e in activity.due]))
    if activity.status_changes:
        document.add_paragraph("Изменения статуса рисков:")
        entries = activity.entries
        _table(document, ["№ риска", "Риск", "Было", "Стало", "Дата", "Кто"], _capped(
            [(c.entry_id, _short(entries[c.entry_id]) if c.entry_id in entries else "",
              labels.STATUS[c.old], labels.STATUS[c.new], labels.date(c.at.date()), c.actor)
             for c in activity.status_changes]))


def _period_conclusion(activity: PeriodActivity) -> str:
    return (f"За отчетный период ({activity.period.dates}) проанализировано документов: "
            f"{len(activity.documents)}, выявлено {risks_phrase(len(activity.new_entries), True)}"
            f"; мер со сроком в периоде: {len(activity.due)}, просрочено на конец периода: "
            f"{len(activity.overdue)}; изменений статуса: {len(activity.status_changes)}.")


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


def build_note(register: Register, today: dt.date | None = None,
               period: ReportPeriod | None = None) -> Docx:
    today = today or dt.date.today()
    areas = register.areas
    entries = [e for e in register.entries() if e.status is not RiskStatus.REJECTED]
    summary = summarise(entries, today)
    activity = period_activity(register, period) if period else None
    document = _document()
    _centered(document, "АНАЛИТИЧЕСКАЯ СПРАВКА")
    _centered(document, "по результатам внутреннего анализа коррупционных рисков "
                        f"в деятельности: {_bodies(entries)}", bold=False)
    if period:
        _centered(document, f"за {period.name}", bold=False)

    document.add_heading("Вводная часть", level=1)
    _labelled(document, "Реквизиты приказа о проведении внутреннего анализа коррупционных "
                        "рисков", f"от {BLANK} № {BLANK}")
    if period:
        _labelled(document, "Срок проведения",
                  f"с {labels.date(period.start)} по {labels.date(period.end)}")
    else:
        _labelled(document, "Срок проведения", f"с {BLANK} по {BLANK}")
    _labelled(document, "Уполномоченное лицо (Ф.И.О.)", BLANK)
    _labelled(document, "Члены рабочей группы", BLANK)
    if activity:
        documents = list({d.source: d for d in activity.documents}.values())
        document.add_paragraph(_text(
            f"В отчетном периоде проанализированы нормативные правовые акты (новые акты и "
            f"редакции), затрагивающие деятельность объекта анализа ({len(documents)})"
            + (":" if documents else ".")))
    else:
        documents = register.documents()
        document.add_paragraph(_text(
            f"Проанализированы нормативные правовые акты, затрагивающие деятельность объекта "
            f"анализа ({len(documents)}):"))
    for stored in documents:
        document.add_paragraph(_text(stored.name), style="List Bullet")
    if activity:
        _period_section(document, activity, level=2)

    document.add_heading("Описательная часть", level=1)
    if period:
        document.add_paragraph(f"Коррупционные риски реестра по состоянию на "
                               f"{labels.date(today)}.")
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
    if activity:
        document.add_paragraph(_text(_period_conclusion(activity)))
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
def export_analytical_note(register: Register, path: Path,
                           period: ReportPeriod | None = None) -> Path:
    return write_atomically(path, build_note(register, period=period).save)


# --- analytical report of anti-corruption monitoring (seed 002) ------------------------------

SIGNAL_ROWS = 30  # bodies shown in the monitoring report; the register XLSX has them all


def build_monitoring_report(register: Register, today: dt.date | None = None,
                            period: ReportPeriod | None = None) -> Docx:
    today = today or dt.date.today()
    activity = period_activity(register, period) if period else None
    areas = register.areas
    entries = register.entries()
    summary = summarise(entries, today)
    findings = register.findings()
    signals = register.body_signals()
    document = _document()
    _centered(document, "Аналитический отчет по итогам антикоррупционного мониторинга")
    _centered(document, "тематический", bold=False)
    _centered(document, "(вид антикоррупционного мониторинга)", bold=False)
    if period:
        _centered(document, f"за {period.name}", bold=False)

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
    ended = today
    if period:
        started, ended = period.start, period.end
    document.add_paragraph(f"3. Период проведения антикоррупционного мониторинга: начат "
                           f"{labels.date(started)} закончен {labels.date(ended)}.")

    document.add_heading("II. Информационно-аналитическая часть", level=1)
    if activity:
        _period_section(document, activity, level=2)
        document.add_paragraph(f"Количественные показатели (состояние реестра на "
                               f"{labels.date(today)}):")
    else:
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
    if activity:
        document.add_paragraph(_text(_period_conclusion(activity)))
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
def export_monitoring_report(register: Register, path: Path,
                             period: ReportPeriod | None = None) -> Path:
    return write_atomically(path, build_monitoring_report(register, period=period).save)


# The exporters of ``REGISTER_EXPORTS`` with their period: registered as ``(register, path)``,
# each also takes the period of a report.
PeriodWriter = Callable[[Register, Path, ReportPeriod | None], Path]
PERIOD_WRITERS: dict[str, PeriodWriter] = {
    "register_xlsx": register_forms.export_register_xlsx,
    "kg_risks": register_forms.export_kg_risks,
    "kg_positions": register_forms.export_kg_positions,
    "action_plan": register_forms.export_action_plan,
    "analytical_note": export_analytical_note,
    "monitoring_report": export_monitoring_report,
}


# Files of the register exports written by ``write_register_exports`` (make run).
REGISTER_EXPORTS = {
    "register_xlsx": "risk_register.xlsx",
    "kg_risks": "kg_form1_risks.xlsx",
    "kg_positions": "kg_form2_positions.xlsx",
    "action_plan": "action_plan.xlsx",
    "analytical_note": "analytical_note.docx",
    "monitoring_report": "monitoring_report.docx",
}


def write_register_exports(register: Register, folder: Path,
                           period: ReportPeriod | None = None) -> list[Path]:
    """Every export of the risk register into ``folder``; for a reporting ``period`` (first
    and last day, inclusive) the note and the monitoring report add what happened during it,
    and every title names it (see the module docstring)."""
    from pipeline.export import export

    if period is None:
        return [export(register, fmt, Path(folder) / name)
                for fmt, name in REGISTER_EXPORTS.items()]
    Path(folder).mkdir(parents=True, exist_ok=True)
    return [PERIOD_WRITERS[fmt](register, Path(folder) / name, period)
            for fmt, name in REGISTER_EXPORTS.items()]
