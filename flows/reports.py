"""``quarterly_report`` and ``annual_report``: the register's official documents for a period.

Both write ``pipeline.export.register_docs.write_register_exports`` (risk register XLSX, KG
forms 1 and 2, action plan, analytical note, monitoring report) into
``<outputs>/reports/<period>/<date of the run>/``, so a report run again on another day never
overwrites the one handed in. The period defaults to the one that contains the run date:
the deployments run on the Kyrgyz reporting dates (``rules/schedules.yaml``), which fall in
the last month of the quarter and at the end of the year. The artifact gives the reporting
deadline of the period and what happened in the register during it.

The exports are written for the period (days in ``TAZA_TIMEZONE``): the analytical note and
the monitoring report state it and count what happened during it (documents analysed,
findings, new risks, evidence added, measures due and overdue at its end, status changes:
``pipeline.register.period``); the register workbook and the KG forms show the register on
the run date, and their titles say so beside the period.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from flows import settings
from flows.registry import open_register
from flows.report import RunReport, publish
from flows.retry import IO_TASK
from flows.serve import timezone
from prefect import flow, task

from pipeline.export.register_docs import period_indicators, write_register_exports
from pipeline.register.period import ReportPeriod, period_activity
from pipeline.schedules import kg_reporting_schedule


@dataclass(frozen=True)
class Period:
    label: str                       # «2026-Q2», «2026»
    title: str                       # «2 квартал 2026 г.»
    start: dt.date
    end: dt.date
    step: str                        # the deadline of rules/schedules.yaml (KG)

    def deadline(self) -> dt.date | None:
        rows = kg_reporting_schedule(self.start, self.end).deadlines
        return next((r.date for r in rows if r.step == self.step), None)

    def for_exports(self) -> ReportPeriod:
        return ReportPeriod(self.start, self.end, self.title, timezone())


def quarter(year: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise ValueError(f"квартал {number}: от 1 до 4 / quarter 1..4")
    start = dt.date(year, 3 * number - 2, 1)
    end = (dt.date(year + (number == 4), (3 * number) % 12 + 1, 1) - dt.timedelta(days=1))
    return Period(f"{year}-Q{number}", f"{number} квартал {year} г.", start, end,
                  "quarterly_report")


def year_period(year: int) -> Period:
    return Period(str(year), f"{year} год", dt.date(year, 1, 1), dt.date(year, 12, 31),
                  "annual_report")


@task(**IO_TASK)
def write_reports(db_url: str | None, folder: Path, period: Period) -> tuple[str, ...]:
    return tuple(str(p) for p in write_register_exports(open_register(db_url), folder,
                                                        period.for_exports()))


@task(**IO_TASK)
def period_counts(db_url: str | None,
                  period: Period) -> tuple[int, int, int, tuple[tuple[str, str], ...]]:
    """Documents and findings now current, risks registered during the period, and the
    indicators of the period (rows of the artifact)."""
    register = open_register(db_url)
    activity = period_activity(register, period.for_exports())
    rows = tuple((f"За период: {label}", str(value))
                 for label, value in period_indicators(activity))
    return (len(register.documents()), len(register.findings()), len(activity.new_entries),
            rows)


def _report(title: str, key: str, period: Period, db_url: str | None,
            out_dir: Path | None, today: dt.date) -> RunReport:
    base = Path(out_dir) if out_dir else settings.outputs_dir() / "reports"
    folder = base / period.label / today.isoformat()
    documents, findings, new_risks, indicators = period_counts(db_url, period)
    written = write_reports(db_url, folder, period, return_state=True)
    files = written.result() if written.is_completed() else ()
    errors = () if written.is_completed() else (str(written.result(raise_on_failure=False)),)
    deadline = period.deadline()
    report = RunReport(
        title=f"{title}: {period.title}", documents=documents, findings=findings,
        new_risks=new_risks, errors=errors,
        details=(("Период", f"{period.start:%d.%m.%Y} – {period.end:%d.%m.%Y}"),
                 ("Срок представления (KG)", f"{deadline:%d.%m.%Y}" if deadline else "—"),
                 *indicators, ("Папка", str(folder))),
        outputs=files)
    print(f"{report.title}: {len(files)} файлов в {folder}")
    publish(report, key)
    if not written.is_completed():
        written.result()      # the report is out; now the run fails
    return report


@flow(name="quarterly-report", log_prints=True)
def quarterly_report(year: int | None = None, quarter_number: int | None = None,
                     db_url: str | None = None, out_dir: Path | None = None) -> RunReport:
    """Квартальный отчёт по реестру рисков / Quarterly report of the risk register."""
    today = dt.date.today()
    year = year or today.year
    number = quarter_number or (today.month - 1) // 3 + 1
    return _report("Квартальный отчёт", "quarterly-report", quarter(year, number), db_url,
                   out_dir, today)


@flow(name="annual-report", log_prints=True)
def annual_report(year: int | None = None, db_url: str | None = None,
                  out_dir: Path | None = None) -> RunReport:
    """Ежегодный отчёт по реестру рисков / Annual report of the risk register."""
    today = dt.date.today()
    return _report("Ежегодный отчёт", "annual-report", year_period(year or today.year),
                   db_url, out_dir, today)
