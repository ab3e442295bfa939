"""What every ``taza`` command group shares: the error exit, the evaluation report output and
the JSONL output of the stable interfaces."""
from __future__ import annotations

import json
from pathlib import Path
from collections.abc import Iterable
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


def write_jsonl(records: Iterable[dict], out: Path) -> int:
    """One JSON object per line (UTF-8, Cyrillic kept readable); returns the number written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n
