"""``taza calendar``: the schedule of a ВАКР (KZ) or of the reports (KG) in working days."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from pipeline.schedules import Schedule, schedule
from pipeline.workdays import calendar, weekday_ru


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        typer.echo(f"Ошибка / Error: {option} {value}: нужна дата ГГГГ-ММ-ДД / "
                   "expected YYYY-MM-DD", err=True)
        raise typer.Exit(code=2) from None


def _fmt(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def render(plan: Schedule) -> str:
    """The schedule as a plain-text table: №, срок, день недели, этап, правило."""
    header = ("№", "Срок", "День недели", "Этап", "Правило")
    rows = []
    for number, row in enumerate(plan.deadlines, start=1):
        rule = row.rule
        if row.moved:
            rule += f"; {_fmt(row.due)} — нерабочий день, срок — предыдущий рабочий день"
        rows.append((str(number), _fmt(row.date), weekday_ru(row.date), row.title, rule))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    lines = [plan.title, f"Основание: {plan.basis}"]
    period = f"Начало: {_fmt(plan.start)}"
    if plan.end is not None:
        period += f"; {'завершение' if plan.country == 'KZ' else 'по'}: {_fmt(plan.end)}"
    lines += [period, ""]
    for row in [header, *rows]:
        lines.append("  ".join(cell.ljust(widths[i]) if i < 3 else cell
                               for i, cell in enumerate(row[:4])))
        lines.append(" " * (sum(widths) + 6) + "  " + row[4])
    return "\n".join(lines)


def _days_off(country: str, start: dt.date, end: dt.date) -> list[str]:
    cal = calendar(country)
    lines = []
    day = start
    while day <= end:
        off = cal.day_off(day)
        if off is not None and day.weekday() < 5:
            lines.append(f"  {_fmt(day)} ({weekday_ru(day, short=True)}) — {off.name}")
        elif off is None and day.weekday() >= 5:
            lines.append(f"  {_fmt(day)} ({weekday_ru(day, short=True)}) — рабочий день "
                         "(перенос выходного)")
        day += dt.timedelta(days=1)
    return lines


def calendar_command(
    country: Annotated[str, typer.Option(
        "--country", help="KZ — график ВАКР; KG — календарь отчётности / "
                          "KZ: internal risk analysis; KG: reporting calendar.")],
    start: Annotated[str, typer.Option(
        "--start", help="Дата начала ВАКР (KZ) или периода (KG), ГГГГ-ММ-ДД / "
                        "Start date, YYYY-MM-DD.")],
    end: Annotated[str | None, typer.Option(
        "--end", help="Дата завершения ВАКР (KZ) или конец периода (KG; по умолчанию год) / "
                      "End date (KG: a year by default).")] = None,
    notice: Annotated[str | None, typer.Option(
        "--notice", help="KG: дата уведомления или выявления замечания — сроки исправлений "
                         "и реакции / KG: date of a notice, for the corrections deadlines.")]
    = None,
) -> None:
    """Сроки в рабочих днях с учётом праздников и переносов / Deadlines in working days."""
    country = country.upper()
    if country not in ("KZ", "KG"):
        typer.echo("Ошибка / Error: --country KZ или KG / --country must be KZ or KG", err=True)
        raise typer.Exit(code=2)
    begin, finish = _date(start, "--start"), _date(end, "--end")
    try:
        plan = schedule(country, begin, finish, _date(notice, "--notice"))
    except ValueError as err:
        typer.echo(f"Ошибка / Error: {err}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(render(plan))
    if country == "KZ" and finish is None:
        typer.echo("\nДля сроков публичного обсуждения, аналитической справки и плана укажите "
                   "--end (дату завершения ВАКР) / give --end for the steps after the analysis.")
    if plan.deadlines:
        first = min(plan.start, plan.deadlines[0].date)
        last = max(plan.end or plan.start, plan.deadlines[-1].date)
        days_off = _days_off(country, first, last)
        if days_off:
            typer.echo("\nНерабочие праздничные дни и переносы в этом периоде:")
            typer.echo("\n".join(days_off))
