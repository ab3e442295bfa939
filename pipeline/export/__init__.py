"""Exports of the register: a registry of writers by format name.

An exporter is ``(register, path) -> path``; ``export(register, "xlsx", path)`` picks it by
name. Every format shows the current versions only; history stays in the register.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.register import Register

Exporter = Callable[[Register, Path], Path]

EXPORTERS: dict[str, Exporter] = {}


def exporter(fmt: str) -> Callable[[Exporter], Exporter]:
    """Register an exporter under the format name ``fmt`` (lower case)."""

    def register(func: Exporter) -> Exporter:
        EXPORTERS[fmt.lower()] = func
        return func

    return register


def export(register: Register, fmt: str, path: str | Path) -> Path:
    """Write the register in format ``fmt`` to ``path``; returns the path written."""
    func = EXPORTERS.get(fmt.lower())
    if func is None:
        raise ValueError(f"неизвестный формат экспорта «{fmt}» / unknown export format; "
                         f"доступны: {', '.join(sorted(EXPORTERS))}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return func(register, path)


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Write through a temporary file beside ``path``: a reader never sees half a report."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        write(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


# The formats register themselves on import.
from pipeline.export import html_report, xlsx  # noqa: E402,F401
from pipeline.export import register_docs, register_forms  # noqa: E402,F401
from pipeline.export import docx_act, tables  # noqa: E402,F401
