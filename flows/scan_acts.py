"""``scan_acts(folder)``: read every act of a folder, analyse it and store it in the register.

The flow only wires ``pipeline`` functions: one task per document, so a bad file fails its
own task (reported in the summary) and never the run. Reading a file is I/O and is retried;
analysis is deterministic and is not.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flows import settings  # noqa: F401  (offline defaults before Prefect is imported)
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from pipeline.analyze import analyze_document
from pipeline.detect import Analyzer
from pipeline.errors import IngestError
from pipeline.export import export
from pipeline.ingest import iter_paths, read_document
from pipeline.model import Document
from pipeline.register import Register


@dataclass(frozen=True)
class ScanSummary:
    files: int
    stored: dict[str, int]
    findings: int
    errors: tuple[str, ...]
    exports: tuple[str, ...]


def _retry_io_only(task, task_run, state) -> bool:
    """Retry a read that hit the file system, never a file that is simply bad."""
    try:
        state.result()
    except IngestError:
        return False
    except OSError:
        return True
    except Exception:
        return False
    return False


@task(retries=2, retry_delay_seconds=1, retry_condition_fn=_retry_io_only)
def read_act(path: Path) -> Document:
    return read_document(path)


@task
def analyze_and_store(document: Document, db_url: str | None) -> tuple[str, int]:
    analyzer = _analyzer()
    analysis = analyze_document(document, analyzer)
    outcome = Register(db_url).store_analysis(document, analysis.clauses, analysis.findings,
                                              analyzer.fingerprint)
    return str(outcome), len(analysis.findings)


@task
def export_register(db_url: str | None, export_dir: Path) -> tuple[str, ...]:
    register = Register(db_url)
    export_dir.mkdir(parents=True, exist_ok=True)
    return (str(export(register, "xlsx", export_dir / "findings.xlsx")),
            str(export(register, "html", export_dir / "report.html")))


_ANALYZER: Analyzer | None = None


def _analyzer() -> Analyzer:
    """One analyzer per worker process: the lexicons, rules and caches load once."""
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = Analyzer()
    return _ANALYZER


@flow(name="scan-acts", log_prints=True)
def scan_acts(folder: Path, db_url: str | None = None,
              export_dir: Path = Path("outputs")) -> ScanSummary:
    stored: dict[str, int] = {}
    errors: list[str] = []
    findings = 0
    files = list(iter_paths([folder]))
    for path in files:
        try:
            document = read_act(path)
        except IngestError as err:
            errors.append(str(err))
            continue
        outcome, count = analyze_and_store(document, db_url)
        stored[outcome] = stored.get(outcome, 0) + 1
        findings += count
    exports = export_register(db_url, export_dir)
    summary = ScanSummary(len(files), stored, findings, tuple(errors), exports)
    create_markdown_artifact(key="scan-acts-summary", markdown=_markdown(summary),
                             description="Итоги сканирования актов")
    return summary


def _markdown(summary: ScanSummary) -> str:
    lines = ["# Сканирование актов", "", f"- файлов: {summary.files}",
             f"- сохранено: {summary.stored}", f"- находок: {summary.findings}",
             f"- ошибок: {len(summary.errors)}"]
    lines += [f"  - {e}" for e in summary.errors]
    return "\n".join(lines)
