"""``taza register …``: list, show, edit, import and export the risk register."""
from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli_common import fail
from pipeline.model import RegisterEntry, RiskLevel, RiskStatus

register_app = typer.Typer(
    help="Реестр коррупционных рисков / The corruption-risk register.",
    short_help="Реестр рисков / Risk register", no_args_is_help=True)

SHOWN_EVIDENCE = 10

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Адрес базы реестра (SQLite по умолчанию, PostgreSQL по URL) / "
                 "Register database URL.")]
AuthorOption = Annotated[str | None, typer.Option(
    "--author", help="Кто вносит изменения (по умолчанию — пользователь ОС) / "
                     "Who makes the change (default: the OS user).")]


def _open(db: str | None):
    from pipeline.register import Register

    return Register(db)


def _choice(value: str | None, kind: type, labels: dict, option: str):
    if value is None:
        return None
    for member in kind:
        if value.casefold() in (member.value, labels[member].casefold()):
            return member
    allowed = ", ".join(f"{m.value} ({labels[m]})" for m in kind)
    raise typer.BadParameter(f"допустимо / allowed: {allowed}", param_hint=option)


def _table(headers: list[str], rows: list[list[str]], widths: list[int]) -> str:
    """A plain text table; long cells wrap inside their column."""
    def line(cells: list[str]) -> list[str]:
        wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(cells, widths)]
        return ["  ".join((part[i] if i < len(part) else "").ljust(w)
                          for part, w in zip(wrapped, widths)).rstrip()
                for i in range(max(map(len, wrapped)))]

    out = line(headers) + ["  ".join("─" * w for w in widths)]
    for row in rows:
        out += line(row)
    return "\n".join(out)


@register_app.command("list")
def list_entries(
    body: Annotated[str | None, typer.Option(help="Часть названия органа / Part of the "
                                                  "body's name.")] = None,
    area: Annotated[str | None, typer.Option(help="Направление (id: permits, personnel…) / "
                                                  "Function area id.")] = None,
    level: Annotated[str | None, typer.Option(help="Уровень: high, medium, low (или "
                                                   "высокий…) / Level.")] = None,
    status: Annotated[str | None, typer.Option(help="Статус: identified, assessed, … / "
                                                    "Status.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Только просроченные меры / "
                                                            "Only overdue measures.")] = False,
    db: DbOption = None,
) -> None:
    """Риски реестра с фильтрами / Risks of the register, filtered."""
    from pipeline.export import labels
    from pipeline.register import EntryFilter

    register = _open(db)
    if area is not None and area not in register.areas.areas:
        raise typer.BadParameter(", ".join(register.areas.areas), param_hint="--area")
    where = EntryFilter(body=body, area=area,
                        level=_choice(level, RiskLevel, labels.LEVEL, "--level"),
                        status=_choice(status, RiskStatus, labels.STATUS, "--status"),
                        overdue_on=dt.date.today() if overdue else None)
    entries = register.entries(where)
    if not entries:
        typer.echo("Рисков не найдено / no risks found.")
        return
    risk_width = max(30, shutil.get_terminal_size((160, 20)).columns - 100)
    rows = [[str(e.id), labels.LEVEL[e.level], labels.STATUS[e.status],
             register.areas[e.function_area].title_ru, e.body, e.risk,
             labels.date(e.deadline) + (" !" if e.overdue(dt.date.today()) else "")]
            for e in entries]
    typer.echo(_table(["№", "Уровень", "Статус", "Направление", "Орган", "Риск", "Срок"],
                      rows, [4, 8, 12, 22, 18, risk_width, 12]))
    typer.echo(f"Всего / total: {len(entries)}  («!» — срок истек / overdue)")


def render_entry(entry: RegisterEntry, area_title: str) -> str:
    from pipeline.export import labels

    fields = [
        ("Функция / полномочие", entry.function),
        ("Подразделение / должность", entry.unit),
        ("Объект анализа", entry.body),
        ("Коррупционный риск", entry.risk),
        ("Механизм", entry.mechanism),
        ("Категория", labels.CATEGORY[entry.category]),
        ("Уровень", f"{labels.LEVEL[entry.level]} (вероятность {entry.probability}, "
                    f"последствия {entry.impact})"),
        ("Обоснование оценки", entry.scoring_rule),
        ("Ведомственный / межведомственный", labels.agency(entry.multi_agency)),
        ("Направление", area_title),
        ("Индикатор риска", entry.indicator),
        ("Мероприятие", entry.measure),
        ("Форма завершения", entry.completion_form),
        ("Ответственные исполнители", entry.responsible),
        ("Срок завершения", labels.date(entry.deadline)),
        ("Статус", labels.STATUS[entry.status]
         + (f" — {entry.rejection_reason}" if entry.rejection_reason else "")),
        ("Примечание", entry.note),
        ("Изменено вручную", ", ".join(entry.edited)),
    ]
    out = [f"Риск № {entry.id}  [{entry.merge_key}]"]
    for label, value in fields:
        if value:
            lines = value.split("\n")
            out.append(f"  {label}: {lines[0]}")
            out += [f"      {line}" for line in lines[1:]]
    out.append("  Предлагаемые меры:")
    out += [f"    - {m}" for m in entry.proposed_measures]
    current = [e for e in entry.evidence if e.current]
    out.append(f"  Подтверждения ({len(current)} актуальных из {len(entry.evidence)}):")
    out += [f"    - {e.summary}  ←  {e.link}" for e in current[:SHOWN_EVIDENCE]]
    if len(current) > SHOWN_EVIDENCE:
        out.append(f"    … и еще {len(current) - SHOWN_EVIDENCE} (полный список — "
                   "в выгрузке реестра)")
    return "\n".join(out)


@register_app.command("show")
def show(entry_id: Annotated[int, typer.Argument(metavar="ID")], db: DbOption = None) -> None:
    """Карточка риска с подтверждениями и историей / One risk with evidence and history."""
    from pipeline.register import RegisterError

    register = _open(db)
    try:
        entry = register.entry(entry_id)
    except RegisterError as err:
        fail(str(err))
    typer.echo(render_entry(entry, register.areas[entry.function_area].title_ru))
    typer.echo("  История изменений:")
    for record in register.entry_history(entry_id):
        detail = record.detail
        what = (f"{detail['field']}: «{detail['old']}» → «{detail['new']}»"
                if "field" in detail else record.action)
        typer.echo(f"    {record.at:%d.%m.%Y %H:%M} UTC  {record.actor}  {what}")


@register_app.command("set")
def set_field(
    entry_id: Annotated[int, typer.Argument(metavar="ID")],
    assignments: Annotated[list[str], typer.Argument(
        metavar="ПОЛЕ=ЗНАЧЕНИЕ...", help="Напр. / e.g. status=assessed deadline=31.12.2026 "
                                         "responsible='Отдел кадров'")],
    author: AuthorOption = None,
    db: DbOption = None,
) -> None:
    """Изменить поля риска (статус — по жизненному циклу) / Edit fields of a risk."""
    from pipeline.register import RegisterError

    changes = {}
    for item in assignments:
        field, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"«{item}»: нужно ПОЛЕ=ЗНАЧЕНИЕ / FIELD=VALUE")
        changes[field.strip()] = value
    try:
        done = _open(db).update_entry(entry_id, changes, author)
    except RegisterError as err:
        fail(str(err))
    for field, old, new in done:
        typer.echo(f"  {field}: «{old}» → «{new}»")
    typer.echo(f"Изменено полей / fields changed: {len(done)}")


@register_app.command("summary")
def summary(db: DbOption = None) -> None:
    """Сводка: риски по уровням и направлениям, меры по статусам / Summary tables."""
    from pipeline.export import labels
    from pipeline.register.summary import LEVELS, summarise

    register = _open(db)
    result = summarise(register.entries(), dt.date.today())
    rows = [[register.areas[a].title_ru, *(str(c[level]) for level in LEVELS),
             str(sum(c.values()))] for a, c in result.by_area.items()]
    rows.append(["Всего", *(str(result.by_level[level]) for level in LEVELS),
                 str(result.total)])
    typer.echo(_table(["Направление", *(labels.LEVEL[level] for level in LEVELS), "всего"],
                      rows, [50, 9, 9, 9, 6]))
    typer.echo("")
    typer.echo(_table(["Статус меры", "рисков"],
                      [[labels.STATUS[s], str(n)] for s, n in result.by_status.items()],
                      [24, 7]))
    typer.echo(f"Просрочено мер / overdue: {result.overdue}")


@register_app.command("export")
def export_command(
    folder: Annotated[Path, typer.Argument(help="Папка / Folder.")] = Path("outputs"),
    db: DbOption = None,
) -> None:
    """Реестр, формы 1 и 2 (КР), план мероприятий, справка и отчет / Register exports."""
    from pipeline.export.register_docs import write_register_exports

    for path in write_register_exports(_open(db), folder):
        typer.echo(f"  файл / file: {path}")


@register_app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(metavar="FILE.xlsx",
                                         help="Реестр, выгруженный и отредактированный / "
                                              "The exported register, edited.")],
    author: AuthorOption = None,
    db: DbOption = None,
) -> None:
    """Загрузить правки из XLSX в реестр с журналом / Import an edited register XLSX."""
    from pipeline.export.register_import import import_workbook
    from pipeline.register import RegisterError

    if not path.is_file():
        fail(f"{path}: файл не найден / file not found")
    try:
        changes = import_workbook(_open(db), path, author)
    except RegisterError as err:
        fail(str(err))
    for change in changes:
        typer.echo(f"  риск № {change.entry_id}, {change.field}: «{change.old}» → "
                   f"«{change.new}»")
    typer.echo(f"Изменено полей / fields changed: {len(changes)}")
