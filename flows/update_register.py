"""``update_register``: merge the pending evidence of complaints and media into the risks,
then recompute every risk under the rules now in force.

1. ``attach_pending`` — every signals file still pending under the intake folder
   (``pipeline.register.external`` through ``Register.attach_external``: a signal joins the
   risk of its body and function area, or opens a signals-only entry);
2. ``recompute_entries`` — the derived fields of every entry from its current evidence
   (``Register.recompute_entries``): after an edit of ``rules/risk_scoring.yaml`` or
   ``rules/function_areas.yaml`` the levels follow; fields a person edited stay; with
   unchanged rules nothing changes.

The artifact reports both and the register by level and the overdue measures. The risks
found in acts are merged when each act is stored (``scan_acts``).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from flows import settings
from flows.registry import open_register
from flows.report import RunReport, publish
from flows.retry import IO_TASK
from flows.signals import mark_attached, pending_files, read_signals
from prefect import flow, task

from pipeline.export.labels import LEVEL
from pipeline.register.entries import RecomputeReport
from pipeline.register.summary import LEVELS, summarise

ARTIFACT_KEY = "update-register"


@dataclass
class AttachTotals:
    files: int = 0
    received: int = 0
    attached: int = 0
    already: int = 0
    new_entries: list[int] = field(default_factory=list)
    raised_for_review: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def default_intake_dir() -> Path:
    return settings.outputs_dir() / "intake"


@task(**IO_TASK)
def attach_pending(intake_dir: Path, db_url: str | None) -> AttachTotals:
    """Attach each pending file in one transaction, then move it to ``attached/``."""
    totals = AttachTotals()
    register = open_register(db_url)
    for path in pending_files(intake_dir):
        try:
            signals = read_signals(path)
        except (ValueError, KeyError, TypeError, json.JSONDecodeError) as exc:
            totals.errors.append(f"{path}: {type(exc).__name__}: {exc}")
            continue
        report = register.attach_external(signals)
        mark_attached(path)
        totals.files += 1
        totals.received += report.received
        totals.attached += report.attached
        totals.already += report.already
        totals.new_entries += report.new_entries
        totals.raised_for_review += report.raised_for_review
    return totals


@task(**IO_TASK)
def recompute_entries(db_url: str | None) -> RecomputeReport:
    """Every entry recomputed in one transaction; idempotent, so a retry is harmless."""
    return open_register(db_url).recompute_entries()


@task(**IO_TASK)
def register_state(db_url: str | None, today: dt.date) -> tuple[tuple[str, str], ...]:
    summary = summarise(open_register(db_url).entries(), today)
    return (("Рисков в реестре", str(summary.total)),
            *((f"уровень «{LEVEL[level]}»", str(summary.by_level[level])) for level in LEVELS),
            ("Мер с истекшим сроком", str(summary.overdue)))


@flow(name="update-register", log_prints=True)
def update_register(db_url: str | None = None, intake_dir: Path | None = None) -> RunReport:
    """Обращения и публикации — в риски реестра, пересчёт рисков / Pending complaint and
    media signals into the risks of the register, then every risk recomputed."""
    intake_dir = Path(intake_dir) if intake_dir else default_intake_dir()
    totals = attach_pending(intake_dir, db_url)
    recomputed = recompute_entries(db_url)
    report = RunReport(
        title="Обновление реестра рисков", documents=totals.received,
        new_risks=len(totals.new_entries), skipped=totals.already, errors=tuple(totals.errors),
        details=(("Файлов сигналов", str(totals.files)),
                 ("Добавлено подтверждений", str(totals.attached)),
                 ("На рассмотрение (повторные сигналы)", str(len(totals.raised_for_review))),
                 ("Пересчитано рисков", str(recomputed.entries)),
                 ("Изменено при пересчёте", str(len(recomputed.changed))),
                 *register_state(db_url, dt.date.today())))
    print(f"Реестр: сигналов {totals.received}, добавлено {totals.attached}, "
          f"новых рисков {len(totals.new_entries)}; {recomputed}")
    return publish(report, ARTIFACT_KEY)
