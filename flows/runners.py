"""Task runners by name: where the per-document tasks of a flow run.

* ``sequential`` — in the flow's own process, one after another (``None``: tasks are called
  directly);
* ``threads`` — a thread pool in the flow's process (I/O-bound work; the analysis holds the
  GIL, so it gains little there);
* ``dask`` — prefect-dask: a ``LocalCluster`` of ``workers`` processes, or the cluster at
  ``dask_address`` (``tcp://scheduler:8786``). Workers read the files themselves, so on a
  real cluster the inbox must be on storage every worker sees.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

DEFAULT_WORKERS = 2


def _sequential(dask_address: str | None, workers: int) -> TaskRunner | None:
    return None


def _threads(dask_address: str | None, workers: int) -> TaskRunner:
    return ThreadPoolTaskRunner(max_workers=workers)


def _dask(dask_address: str | None, workers: int) -> TaskRunner:
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    # One thread per worker process: the analysis is CPU-bound Python. The workers report
    # their task runs to the API the flow uses, also when that is an ephemeral server only
    # this process knows of: without it each worker would start a server of its own.
    return DaskTaskRunner(cluster_class="distributed.LocalCluster",
                          cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None,
                                          "silence_logs": logging.WARNING,
                                          "env": {"PREFECT_API_URL": _api_url()}})


def _api_url() -> str:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return str(client.api_url)


RUNNERS: dict[str, Callable[[str | None, int], TaskRunner | None]] = {
    "sequential": _sequential,
    "threads": _threads,
    "dask": _dask,
}


def build_task_runner(kind: str, dask_address: str | None = None,
                      workers: int = DEFAULT_WORKERS) -> TaskRunner | None:
    """The runner named ``kind``; a ``dask_address`` implies ``dask``."""
    if dask_address and kind == "sequential":
        kind = "dask"
    build = RUNNERS.get(kind)
    if build is None:
        raise ValueError(f"неизвестный исполнитель задач «{kind}» / unknown task runner; "
                         f"доступны: {', '.join(RUNNERS)}")
    return build(dask_address, workers)
