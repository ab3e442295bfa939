"""``scan_acts``: analyse the new and changed acts of an inbox and store them in the register.

The flow only wires ``pipeline`` functions:

1. ``list_inbox`` — the supported files of the folders (I/O, retried);
2. ``plan_scan`` — the sha256 of each file against the version the register holds and the
   analyzer's fingerprint: unchanged files are skipped before they are read or analysed;
3. ``analyze_file`` — read and analyse one file. Per document, so a bad file fails its own
   task (reported, skipped) and never the run; on ``task_runner="dask"`` these run in
   parallel on the workers;
4. ``store_analysis`` — store it (one transaction per document, idempotent by content hash).
   Always in the flow's process and in file order: SQLite takes one writer, and the register
   comes out the same whichever runner analysed. A run killed midway loses only the
   document in flight; the next run skips what was stored and finishes the rest;
5. ``index_references`` — citations, norm subjects and collisions of the acts new in the
   register (``pipeline.references.index``, incremental, as ``taza analyze`` does); a failure
   there is reported and the stored acts are indexed by the next run;
6. ``export_register`` — findings XLSX and HTML report, when something changed.

Reading and storing are I/O and retried on I/O errors only; analysis is deterministic.
"""
from __future__ import annotations

import argparse
import hashlib
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flows import settings  # noqa: F401  (offline defaults before Prefect is imported)
from flows.registry import entry_ids, open_register
from flows.report import RunReport, counted, failure_text, publish
from flows.retry import IO_TASK
from flows.runners import DEFAULT_WORKERS, build_task_runner
from prefect import flow, task

from pipeline.analyze import Analysis, analyze_document
from pipeline.detect import Analyzer
from pipeline.export import export
from pipeline.ingest import iter_paths, read_document
from pipeline.register import normalise_source

ARTIFACT_KEY = "scan-acts"
OUTCOME_LABELS = {"new": "Новых документов", "replaced": "Новых редакций",
                  "unchanged": "Без изменений (после анализа)"}


@dataclass(frozen=True)
class ScanPlan:
    pending: tuple[Path, ...]        # new or changed: to analyse
    skipped: tuple[Path, ...]        # same content, same analyzer: nothing to do


@dataclass(frozen=True)
class Analysed:
    """One analysed file, as a worker sends it back."""

    path: Path
    analysis: Analysis
    fingerprint: str                 # of the analyzer that produced the findings


@dataclass(frozen=True)
class ScanSummary:
    files: int
    stored: dict[str, int]           # store outcome → documents
    findings: int
    errors: tuple[str, ...]
    exports: tuple[str, ...]
    skipped: int = 0
    new_risks: int = 0
    task_runner: str = "sequential"
    references: tuple[tuple[str, str], ...] = ()

    def report(self) -> RunReport:
        return RunReport(
            title="Сканирование актов", documents=self.files, findings=self.findings,
            new_risks=self.new_risks, skipped=self.skipped, errors=self.errors,
            details=(*counted(self.stored, OUTCOME_LABELS), *self.references,
                     ("Исполнитель задач", self.task_runner)),
            outputs=self.exports)


# --- the analyzer, once per process ---------------------------------------------------------

_ANALYZER: Analyzer | None = None
_ANALYZER_LOCK = threading.Lock()


def _analyzer() -> Analyzer:
    """One analyzer per process (a Dask worker, or the flow's own with its threads): the
    lexicons, rules and caches load once."""
    global _ANALYZER
    with _ANALYZER_LOCK:
        if _ANALYZER is None:
            _ANALYZER = Analyzer()
        return _ANALYZER


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- tasks ----------------------------------------------------------------------------------

@task(**IO_TASK)
def list_inbox(folders: Sequence[Path]) -> list[Path]:
    return list(iter_paths(folders))


@task(**IO_TASK)
def plan_scan(paths: Sequence[Path], db_url: str | None, fingerprint: str) -> ScanPlan:
    """Skip a file whose content and analyzer match the register's current version
    (``Register.current_versions``: the document_versions table)."""
    stored = open_register(db_url).current_versions()
    pending, skipped = [], []
    for path in paths:
        try:
            key = (file_sha256(path), fingerprint)
        except OSError:
            pending.append(path)     # unreadable now: its read reports why
            continue
        (skipped if stored.get(normalise_source(str(path))) == key else pending).append(path)
    return ScanPlan(tuple(pending), tuple(skipped))


@task(**IO_TASK)
def analyze_file(path: Path) -> Analysed:
    """Read and analyse one file where the task runs (a Dask worker reads it itself).

    Only the read can fail on I/O, before any analysis, so the I/O retry redoes no work.
    """
    analyzer = _analyzer()
    return Analysed(path, analyze_document(read_document(path), analyzer),
                    analyzer.fingerprint)


@task(**IO_TASK)
def store_analysis(analysed: Analysed, db_url: str | None) -> tuple[str, int]:
    analysis = analysed.analysis
    outcome = open_register(db_url).store_analysis(analysis.document, analysis.clauses,
                                                   analysis.findings, analysed.fingerprint)
    return str(outcome), len(analysis.findings)


@task(**IO_TASK)
def index_references(db_url: str | None) -> tuple[tuple[str, str], ...]:
    """Index what is new; rows of the report."""
    from pipeline.references.index import index_register

    report = index_register(open_register(db_url))
    return (("Проиндексировано актов (ссылки)", str(report.documents)),
            ("Ссылок", str(sum(report.citations.values()))),
            ("Коллизий норм", str(sum(report.collisions.values()))))


@task(**IO_TASK)
def export_register(db_url: str | None, export_dir: Path) -> tuple[str, ...]:
    register = open_register(db_url)
    export_dir.mkdir(parents=True, exist_ok=True)
    return (str(export(register, "xlsx", export_dir / "findings.xlsx")),
            str(export(register, "html", export_dir / "report.html")))


# --- the flow -------------------------------------------------------------------------------

def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _analysed_states(pending: Sequence[Path], task_runner: str, dask_address: str | None,
                     workers: int):
    """``(path, final state of analyze_file)`` in file order, on the chosen runner."""
    runner = build_task_runner(task_runner, dask_address, workers)
    if runner is None:
        for path in pending:
            yield path, analyze_file(path, return_state=True)
        return
    with runner:
        # The largest files first: the longest document bounds the parallel run, so it must
        # not start last. Results are still taken (and stored) in file order.
        futures = {path: runner.submit(analyze_file, {"path": path})
                   for path in sorted(pending, key=_size, reverse=True)}
        for path in pending:
            futures[path].wait()
            yield path, futures[path].state


@flow(name="scan-acts", log_prints=True)
def scan_acts(folder: Path | list[Path], db_url: str | None = None,
              export_dir: Path | None = Path("outputs"), task_runner: str = "sequential",
              dask_address: str | None = None, workers: int = DEFAULT_WORKERS,
              references: bool = True) -> ScanSummary:
    """Новые и изменённые акты папки — в реестр / New and changed acts of a folder into the
    register. ``task_runner``: sequential | threads | dask (``dask_address`` for a cluster);
    ``references``: index citations and collisions of what is new."""
    folders = folder if isinstance(folder, list) else [folder]
    register = open_register(db_url)
    before = entry_ids(register)
    files = list_inbox(folders)
    plan = plan_scan(files, db_url, _analyzer().fingerprint)
    stored: Counter[str] = Counter()
    errors: list[str] = []
    findings = 0
    for path, state in _analysed_states(plan.pending, task_runner, dask_address, workers):
        if not state.is_completed():
            errors.append(failure_text(path, state))
            continue
        saved = store_analysis(state.result(), db_url, return_state=True)
        if not saved.is_completed():
            errors.append(failure_text(path, saved))
            continue
        outcome, count = saved.result()
        stored[outcome] += 1
        findings += count
    indexed: tuple[tuple[str, str], ...] = ()
    if references:
        state = index_references(db_url, return_state=True)
        if state.is_completed():
            indexed = state.result()
        else:
            errors.append(failure_text(Path("ссылки и коллизии"), state))
    exports: tuple[str, ...] = ()
    exported = None
    if export_dir is not None and (stored.keys() - {"unchanged"}
                                   or not (Path(export_dir) / "report.html").exists()):
        exported = export_register(db_url, Path(export_dir), return_state=True)
        if exported.is_completed():
            exports = exported.result()
        else:
            errors.append(failure_text(Path(export_dir), exported))
    summary = ScanSummary(len(files), dict(stored), findings, tuple(errors), exports,
                          skipped=len(plan.skipped),
                          new_risks=len(entry_ids(register) - before), task_runner=task_runner,
                          references=indexed)
    publish(summary.report(), ARTIFACT_KEY)
    if exported is not None and not exported.is_completed():
        exported.result()      # the report is out; now the run fails on the export
    print(f"Сканирование актов: файлов {summary.files}, сохранено {summary.stored}, "
          f"пропущено {summary.skipped}, ошибок {len(summary.errors)}")
    return summary


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m flows.scan_acts",
                                     description="Сканирование актов / Scan acts (one run)")
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--db", default=None, help="URL реестра / register URL")
    parser.add_argument("--export-dir", type=Path, default=None)
    parser.add_argument("--task-runner", default="sequential",
                        choices=["sequential", "threads", "dask"])
    parser.add_argument("--dask-address", default=None)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--no-references", dest="references", action="store_false",
                        help="без индекса ссылок и коллизий / skip the references index")
    args = parser.parse_args(argv)
    scan_acts(list(args.folders), db_url=args.db, export_dir=args.export_dir,
              task_runner=args.task_runner, dask_address=args.dask_address,
              workers=args.workers, references=args.references)


if __name__ == "__main__":
    main()
