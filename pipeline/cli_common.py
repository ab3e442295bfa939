"""What every ``taza`` command group shares: the error exit and the evaluation report output."""
from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn, Protocol

import typer


class Report(Protocol):
    def render(self) -> str: ...

    def as_dict(self) -> dict: ...


def fail(message: str) -> NoReturn:
    """Print the error in Russian and English and exit with code 2."""
    typer.echo(f"Ошибка / Error: {message}", err=True)
    raise typer.Exit(code=2)


def show_report(report: Report, out: Path | None) -> None:
    """An evaluation table on the terminal, and its JSON into ``out`` when given."""
    typer.echo(report.render())
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2),
                       encoding="utf-8")
        typer.echo(f"JSON: {out}")
