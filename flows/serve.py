"""Deployments and their schedules: ``python -m flows.serve`` serves them all.

| deployment | flow | when |
|---|---|---|
| ``scan-acts/nightly`` | ``scan_acts`` | every night at 02:00 |
| ``scan-media/hourly`` | ``scan_media`` | every hour at :15 |
| ``intake-complaints/daily`` | ``intake_complaints`` | every day at 06:00 |
| ``update-register/daily`` | ``update_register`` | every day at 06:30 |
| ``quarterly-report/kg`` | ``quarterly_report`` | 09:00 on each Kyrgyz quarterly reporting date |
| ``annual-report/kg`` | ``annual_report`` | 09:00 on each Kyrgyz annual reporting date |

Times are in ``TAZA_TIMEZONE`` (``Asia/Bishkek`` by default). The reporting dates are those of
``rules/schedules.yaml`` as ``pipeline.schedules`` gives them: «не позднее 25 числа
последнего месяца квартала» and «до 30 декабря», moved to the last working day before when
they fall on a day off of the Kyrgyz calendar. No cron says «the last working day on or
before the 25th», so the schedule is an RRule of those dates (RDATE) for the next
``REPORT_YEARS`` years, computed each time the deployments are served.

The inboxes are ``flows.settings.inbox``; the register is ``TAZA_DATABASE_URL`` (SQLite in
``outputs/`` by default). ``--only`` serves some deployments, ``--every N`` replaces their
schedules by an interval of N seconds (a smoke test). The Prefect API must be running:
``make serve`` (``python -m flows.server``) starts one on loopback first.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
from collections.abc import Sequence

from flows import settings
from prefect import serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron, Interval, RRule, Schedule

from pipeline.schedules import kg_reporting_schedule

TIMEZONE_ENV = "TAZA_TIMEZONE"
DEFAULT_TIMEZONE = "Asia/Bishkek"
REPORT_HOUR = 9
REPORT_YEARS = 3


def timezone() -> str:
    return os.environ.get(TIMEZONE_ENV) or DEFAULT_TIMEZONE


def reporting_dates(step: str, start: dt.date, years: int = REPORT_YEARS) -> list[dt.date]:
    """Working-day dates of a Kyrgyz reporting ``step`` from ``start`` on."""
    end = dt.date(start.year + years, start.month, 1) - dt.timedelta(days=1)
    return [row.date for row in kg_reporting_schedule(start, end).deadlines if row.step == step]


def reporting_rrule(step: str, start: dt.date, years: int = REPORT_YEARS) -> str:
    """``DTSTART`` and the ``RDATE`` list of those dates at ``REPORT_HOUR``, local time."""
    moments = [f"{day:%Y%m%d}T{REPORT_HOUR:02d}0000" for day in reporting_dates(step, start,
                                                                                years)]
    if not moments:
        raise ValueError(f"в rules/schedules.yaml нет сроков «{step}» / no dates for {step}")
    return f"DTSTART:{moments[0]}\nRDATE:{','.join(moments)}"


def schedules(today: dt.date | None = None) -> dict[str, Schedule]:
    """Schedule of each deployment, by deployment name."""
    today = today or dt.date.today()
    tz = timezone()
    return {
        "scan-acts": Cron("0 2 * * *", timezone=tz),
        "scan-media": Cron("15 * * * *", timezone=tz),
        "intake-complaints": Cron("0 6 * * *", timezone=tz),
        "update-register": Cron("30 6 * * *", timezone=tz),
        "quarterly-report": RRule(reporting_rrule("quarterly_report", today), timezone=tz),
        "annual-report": RRule(reporting_rrule("annual_report", today), timezone=tz),
    }


def _flows() -> dict[str, tuple[object, str, dict]]:
    """Deployment name → (flow, deployment name, parameters)."""
    from flows.intake_complaints import intake_complaints
    from flows.reports import annual_report, quarterly_report
    from flows.scan_acts import scan_acts
    from flows.scan_media import scan_media
    from flows.update_register import update_register

    def folders(kind: str) -> list[str]:
        return [str(p) for p in settings.inbox(kind)]

    outputs = str(settings.outputs_dir())
    return {
        "scan-acts": (scan_acts, "nightly", {"folder": folders("acts"), "export_dir": outputs}),
        "scan-media": (scan_media, "hourly", {"folder": folders("media")}),
        "intake-complaints": (intake_complaints, "daily", {"folder": folders("complaints")}),
        "update-register": (update_register, "daily", {}),
        "quarterly-report": (quarterly_report, "kg", {}),
        "annual-report": (annual_report, "kg", {}),
    }


def deployments(only: Sequence[str] = (), every: float | None = None,
                today: dt.date | None = None) -> list[RunnerDeployment]:
    flows = _flows()
    unknown = set(only) - flows.keys()
    if unknown:
        raise ValueError(f"нет развёртываний {sorted(unknown)}; есть: {', '.join(flows)}")
    chosen = [name for name in flows if not only or name in only]
    plan = schedules(today)
    result = []
    for name in chosen:
        flow_obj, deployment, parameters = flows[name]
        schedule = Interval(every) if every else plan[name]
        for folder in parameters.get("folder", ()):
            if folder.startswith(str(settings.STATE_DIR)):
                os.makedirs(folder, exist_ok=True)
        result.append(flow_obj.to_deployment(name=deployment, schedules=[schedule],
                                             parameters=parameters, tags=["taza"]))
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m flows.serve",
                                     description="Расписания Taza / Serve Taza's deployments")
    parser.add_argument("--only", action="append", default=[],
                        help="имя развёртывания (можно несколько): scan-acts, scan-media, ...")
    parser.add_argument("--every", type=float, default=None,
                        help="интервал в секундах вместо расписаний (проверка)")
    parser.add_argument("--limit", type=int, default=1,
                        help="прогонов одновременно (1: реестр пишет один процесс)")
    args = parser.parse_args(argv)
    # Ctrl-C (SIGINT from flows.server) stops serving, even when the shell that started us
    # left SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    serve(*deployments(args.only, args.every), limit=args.limit)


if __name__ == "__main__":
    main()
