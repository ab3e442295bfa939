"""``python -m flows.bench_scale``: wall time of ``scan_acts`` sequential vs on Dask.

Each runner scans the same files into its own fresh SQLite register; the registers are then
compared through ``flows.registry.canonical`` (no ids, no timestamps) and must be equal.
What is timed is reading, analysing and storing; the references index (a sequential step
after the stores, the same for every runner) is switched off. The Prefect API and the analyzer of the flow's process are started before timing, so both
runs pay only for their own work. ``dask`` includes starting a ``LocalCluster`` and the analyzers of its workers,
which is what a scheduled run with ``task_runner="dask"`` pays each time; ``dask-warm`` runs
on a cluster started (and its analyzers loaded) before timing, as a long-running cluster
given by ``dask_address`` serves every run after its first.

Default corpus: the two Russian codes and the Kyrgyz acts of ``../shared/data/acts``.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from flows import settings
from flows.registry import canonical, open_register

ACTS = settings.PROJECT_ROOT.parent / "shared" / "data" / "acts"
WARM = "dask-warm"      # the same Dask run on a cluster already up, analyzers loaded
DEFAULT_CORPUS = (ACTS / "ru-codes-legalacts-ru", ACTS / "kg-laws-txt",
                  ACTS / "kg-civil-code-minjust")


def _warm_up() -> None:
    """Start the Prefect API (an ephemeral server unless PREFECT_API_URL is set) untimed."""
    from prefect import flow

    @flow(name="bench-warm-up")
    def warm_up() -> None:
        return None

    warm_up()


def _load_analyzer() -> str:
    from flows.scan_acts import _analyzer

    return _analyzer().fingerprint


@contextmanager
def warm_cluster(workers: int) -> Iterator[str]:
    """A ``LocalCluster`` started, with the analyzer loaded on every worker, before timing:
    what a long-running cluster (``dask_address``) gives from its second run on."""
    from distributed import Client, LocalCluster

    from flows.runners import _api_url

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.WARNING,
                      env={"PREFECT_API_URL": _api_url()}) as cluster, \
            Client(cluster) as client:
        client.run(_load_analyzer)
        yield cluster.scheduler_address


def run(paths: Sequence[Path], runners: Sequence[str], workers: int,
        dask_address: str | None = None) -> dict:
    from flows.scan_acts import _analyzer, scan_acts
    from pipeline.ingest import iter_paths

    files = list(iter_paths(paths))
    _warm_up()
    _analyzer()  # load the rules and NLP of the flow's process before any timing
    results: dict[str, dict] = {}
    dumps = {}
    with tempfile.TemporaryDirectory(prefix="taza-bench-") as tmp, ExitStack() as stack:
        for name in runners:
            db = f"sqlite:///{Path(tmp) / f'{name}.sqlite'}"
            address = dask_address
            if name == WARM:
                address = stack.enter_context(warm_cluster(workers))
            started = time.perf_counter()
            summary = scan_acts(list(paths), db_url=db, export_dir=None,
                                task_runner="dask" if name == WARM else name,
                                dask_address=address, workers=workers, references=False)
            seconds = time.perf_counter() - started
            dumps[name] = canonical(open_register(db), fingerprints=False)
            results[name] = {"seconds": round(seconds, 1), "stored": summary.stored,
                             "findings": summary.findings, "errors": list(summary.errors),
                             "new_risks": summary.new_risks}
    first = runners[0]
    same = {name: dumps[name] == dumps[first] for name in runners[1:]}
    return {"files": [str(f) for f in files],
            "bytes": sum(Path(f).stat().st_size for f in files),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPU, "
                       f"Python {platform.python_version()}",
            "workers": workers, "runs": results, "same_register_as_" + first: same}


def render(report: dict) -> str:
    lines = [f"Файлов: {len(report['files'])}; машина: {report['machine']}; "
             f"рабочих Dask: {report['workers']}"]
    base = None
    for name, result in report["runs"].items():
        base = base or result["seconds"]
        lines.append(f"  {name:<10} {result['seconds']:>7.1f} с  (×{base / result['seconds']:.2f})"
                     f"  находок {result['findings']}, рисков {result['new_risks']}, "
                     f"ошибок {len(result['errors'])}")
    for key, value in report.items():
        if key.startswith("same_register_as_"):
            for name, same in value.items():
                lines.append(f"  реестр {name} совпадает с {key.removeprefix('same_register_as_')}:"
                             f" {'да' if same else 'НЕТ'}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m flows.bench_scale", description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, default=list(DEFAULT_CORPUS))
    parser.add_argument("--runners", default=f"sequential,dask,{WARM}",
                        help=f"через запятую: sequential, threads, dask, {WARM}")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dask-address", default=None)
    parser.add_argument("--out", type=Path, default=settings.outputs_dir() / "bench_scale.json")
    args = parser.parse_args(argv)
    report = run(args.paths, args.runners.split(","), args.workers, args.dask_address)
    print(render(report))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"JSON: {args.out}")


if __name__ == "__main__":
    main()
