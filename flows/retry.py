"""Which failures a task retries: only those of I/O (file system, database connection).

A bad file (``IngestError``: corrupt, empty, wrong encoding) fails the same way every time,
and analysis is deterministic, so neither is retried. No task caches its result: the inputs
are whole documents and analyses, and hashing them for a cache key would cost more than the
work it saves.
"""
from __future__ import annotations

from prefect.cache_policies import NO_CACHE
from sqlalchemy.exc import OperationalError

from pipeline.errors import TazaError


def is_io_failure(exc: BaseException) -> bool:
    if isinstance(exc, TazaError):
        return False
    # OperationalError: a locked SQLite file, a dropped PostgreSQL connection.
    return isinstance(exc, (OSError, OperationalError))


def _retry_io_only(task, task_run, state) -> bool:
    """Prefect's ``retry_condition_fn``: retry a task only when I/O failed."""
    try:
        state.result()
    except Exception as exc:  # the task's own exception, re-raised by the state
        return is_io_failure(exc)
    return False


# Options of ``@task``: I/O tasks retry twice on I/O failures; pure tasks never retry.
IO_TASK = {"retries": 2, "retry_delay_seconds": 1, "retry_condition_fn": _retry_io_only,
           "cache_policy": NO_CACHE}
PURE_TASK = {"cache_policy": NO_CACHE}
