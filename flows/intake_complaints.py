"""``intake_complaints``: complaints files (CSV, XLSX, JSON, JSONL) → classified, masked
results and register evidence.

Per file: read with ``pipeline.complaints.ingest`` (a bad file or row is reported, the batch
goes on), mask and classify with ``pipeline.complaints.register.classify_complaints``, write

* ``<intake>/complaints/<name>-<sha12>.jsonl`` — one line per complaint (classifier output,
  masked text, addressee, date);
* ``<intake>/pending/complaints-<name>-<sha12>.jsonl`` — the signals for the register,

then attach the pending signals (``update_register``'s task). The results file is written
last and marks the file as done: a file with the same content is skipped next time, a run
killed midway redoes only the file in flight. The jurisdiction of a file is that of the
nearest folder named KZ, KG or RU on its path, else the ``jurisdiction`` parameter.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flows.report import RunReport, failure_text, publish
from flows.retry import IO_TASK
from flows.scan_acts import file_sha256
from flows.signals import to_record, write_jsonl
from flows.update_register import attach_pending, default_intake_dir
from prefect import flow, task

from pipeline.complaints.ingest import READERS, parse_mapping, read_complaints
from pipeline.complaints.register import JURISDICTIONS, batches, classify_complaints

ARTIFACT_KEY = "intake-complaints"
RESULTS = "complaints"


@dataclass(frozen=True)
class IntakeFile:
    path: Path
    results: Path                    # written last: its presence means «done»
    pending: Path
    jurisdiction: str


@dataclass(frozen=True)
class FileIntake:
    complaints: int
    with_signals: int
    signals: int
    row_errors: tuple[str, ...]


_CLASSIFIER = None


def _classifier():
    """The complaints model, loaded once per process."""
    global _CLASSIFIER
    if _CLASSIFIER is None:
        from pipeline.complaints.classify import ComplaintClassifier

        _CLASSIFIER = ComplaintClassifier()
    return _CLASSIFIER


def jurisdiction_of(path: Path, default: str) -> str:
    for part in reversed(path.parent.parts):
        if part.upper() in JURISDICTIONS:
            return part.upper()
    return default


def _files(folders: Sequence[Path]) -> list[Path]:
    found = []
    for item in folders:
        item = Path(item)
        if item.is_dir():
            found += [p for p in sorted(item.rglob("*")) if p.is_file()
                      and p.suffix.lower() in READERS and not p.name.startswith(".")]
        elif item.exists():
            found.append(item)
    return found


@task(**IO_TASK)
def plan_intake(folders: Sequence[Path], intake_dir: Path,
                jurisdiction: str) -> tuple[list[IntakeFile], int]:
    """Files not yet taken in (by content), and how many were."""
    todo, done = [], 0
    for path in _files(folders):
        name = f"{path.stem}-{file_sha256(path)[:12]}.jsonl"
        item = IntakeFile(path, intake_dir / RESULTS / name,
                          intake_dir / "pending" / f"complaints-{name}",
                          jurisdiction_of(path, jurisdiction))
        if item.results.exists():
            done += 1
        else:
            todo.append(item)
    return todo, done


@task(**IO_TASK)
def take_in(item: IntakeFile, columns: str | None, every: bool) -> FileIntake:
    """Read, mask and classify one file; write its signals, then its results."""
    result = read_complaints(item.path, parse_mapping(columns))
    records, signals, quiet = [], [], 0
    for chunk in batches(result.complaints):
        got = classify_complaints(chunk, _classifier(), item.jurisdiction, every=every)
        records += got.records
        signals += got.signals
        quiet += got.without_signal
    write_jsonl((to_record(s) for s in signals), item.pending)
    write_jsonl(records, item.results)
    return FileIntake(len(result.complaints), len(result.complaints) - quiet, len(signals),
                      tuple(result.errors))


@flow(name="intake-complaints", log_prints=True)
def intake_complaints(folder: Path | list[Path], db_url: str | None = None,
                      intake_dir: Path | None = None, jurisdiction: str = "KZ",
                      columns: str | None = None, every: bool = False) -> RunReport:
    """Обращения граждан — в реестр рисков / Citizen complaints into the risk register."""
    if jurisdiction.upper() not in JURISDICTIONS:
        raise ValueError(f"юрисдикция {jurisdiction!r}: одна из {', '.join(JURISDICTIONS)}")
    folders = folder if isinstance(folder, list) else [folder]
    intake_dir = Path(intake_dir) if intake_dir else default_intake_dir()
    todo, done = plan_intake(folders, intake_dir, jurisdiction.upper())
    complaints = with_signals = 0
    errors: list[str] = []
    outputs: list[str] = []
    for item in todo:
        state = take_in(item, columns, every, return_state=True)
        if not state.is_completed():
            errors.append(failure_text(item.path, state))
            continue
        got = state.result()
        complaints += got.complaints
        with_signals += got.with_signals
        errors += got.row_errors
        outputs.append(str(item.results))
    totals = attach_pending(intake_dir, db_url)
    errors += totals.errors
    report = RunReport(
        title="Приём обращений граждан", documents=complaints, findings=with_signals,
        new_risks=len(totals.new_entries), skipped=done, errors=tuple(errors),
        details=(("Файлов принято", str(len(outputs))),
                 ("Подтверждений добавлено в реестр", str(totals.attached)),
                 ("Уже были в реестре", str(totals.already))),
        outputs=tuple(outputs))
    print(f"Обращения: {complaints}, с признаками коррупции {with_signals}, "
          f"файлов пропущено {done}, ошибок {len(errors)}")
    return publish(report, ARTIFACT_KEY)
