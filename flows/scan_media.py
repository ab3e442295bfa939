"""``scan_media``: publications from feeds and folders → signals and register evidence.

Per source (a file of a folder, or a feed URL): ``pipeline.media.ingest`` reads the
publications (a bad file or record is reported, the batch goes on), ``pipeline.media.scan``
decides which are corruption signals and links the bodies they name, and the flow writes

* ``<intake>/media/<name>-<sha12>.jsonl`` — one line per publication (``ScanResult.details``);
* ``<intake>/pending/media-<name>-<sha12>.jsonl`` — the register evidence of the signals
  (``pipeline.media.register.to_external``),

then attaches the pending evidence (``update_register``'s task). A file is done once its
results file exists: the same content is skipped next time. A feed URL is read on every run;
attaching is idempotent by publication id, so a publication seen again changes nothing.
The country of a publication that names none is that of the nearest folder named KZ, KG or
RU on the file's path, else the ``jurisdiction`` parameter (None: such publications stay
out of the register).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flows.intake_complaints import jurisdiction_of
from flows.report import RunReport, failure_text, publish
from flows.retry import IO_TASK
from flows.scan_acts import file_sha256
from flows.signals import to_record, write_jsonl
from flows.update_register import attach_pending, default_intake_dir
from prefect import flow, task

from pipeline.media.dedup import cluster_items
from pipeline.media.ingest import iter_paths, read_many
from pipeline.media.register import JURISDICTIONS, to_external

ARTIFACT_KEY = "scan-media"
RESULTS = "media"


@dataclass(frozen=True)
class MediaSource:
    source: str                      # a file path or a feed URL
    results: Path
    pending: Path
    jurisdiction: str | None         # for publications that name no country


@dataclass(frozen=True)
class SourceScan:
    publications: int
    signals: int
    evidence: int
    errors: tuple[str, ...]


_SCANNER = None


def _scanner():
    """The scanner (NLP, cues, aliases, the trained model when there is one), once per
    process."""
    global _SCANNER
    if _SCANNER is None:
        from pipeline.media.model import MediaModel, ModelRefused
        from pipeline.media.scan import MediaScanner

        try:
            model = MediaModel.load()
        except ModelRefused:          # a library mismatch: the rules decide, as in the CLI
            model = None
        _SCANNER = MediaScanner(model=model)
    return _SCANNER


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


@task(**IO_TASK)
def plan_media(sources: Sequence[str], intake_dir: Path,
               jurisdiction: str | None) -> tuple[list[MediaSource], int]:
    todo, done = [], 0
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")

    def item(source: str, name: str, country: str | None) -> MediaSource:
        return MediaSource(source, intake_dir / RESULTS / name,
                           intake_dir / "pending" / f"media-{name}", country)

    for source in sources:
        if _is_url(source):
            todo.append(item(source, f"feed-{hashlib.sha256(source.encode()).hexdigest()[:12]}"
                                     f"-{stamp}.jsonl", jurisdiction))
            continue
        for path in iter_paths([Path(source)]):
            if not path.is_file():      # read_many reports it (E001)
                todo.append(item(str(path), f"missing-{stamp}.jsonl", jurisdiction))
                continue
            found = item(str(path), f"{path.stem}-{file_sha256(path)[:12]}.jsonl",
                         jurisdiction_of(path, jurisdiction))
            if found.results.exists():
                done += 1
            else:
                todo.append(found)
    return todo, done


@task(**IO_TASK)
def scan_source(item: MediaSource) -> SourceScan:
    """Read and scan one source; write its evidence, then its results."""
    read = read_many([item.source])
    results = list(_scanner().scan(read.items, cluster_items(read.items)))
    evidence = to_external(results, default_jurisdiction=item.jurisdiction)
    write_jsonl((to_record(s) for s in evidence), item.pending)
    write_jsonl((r.details() for r in results), item.results)
    return SourceScan(len(results), sum(r.decision.is_signal for r in results), len(evidence),
                      tuple(str(e) for e in read.errors))


@flow(name="scan-media", log_prints=True)
def scan_media(folder: Path | list[Path] | str | list[str], db_url: str | None = None,
               intake_dir: Path | None = None, jurisdiction: str | None = None) -> RunReport:
    """Публикации СМИ и лент — в сигналы и реестр / Media publications into signals and
    register evidence. ``folder``: folders, files or feed URLs."""
    if jurisdiction is not None and jurisdiction.upper() not in JURISDICTIONS:
        raise ValueError(f"юрисдикция {jurisdiction!r}: одна из {', '.join(JURISDICTIONS)}")
    sources = [str(s) for s in (folder if isinstance(folder, list) else [folder])]
    intake_dir = Path(intake_dir) if intake_dir else default_intake_dir()
    todo, done = plan_media(sources, intake_dir, jurisdiction and jurisdiction.upper())
    publications = signals = evidence = 0
    errors: list[str] = []
    outputs: list[str] = []
    for item in todo:
        state = scan_source(item, return_state=True)
        if not state.is_completed():
            errors.append(failure_text(item.source, state))
            continue
        got = state.result()
        publications += got.publications
        signals += got.signals
        evidence += got.evidence
        errors += got.errors
        outputs.append(str(item.results))
    totals = attach_pending(intake_dir, db_url)
    errors += totals.errors
    report = RunReport(
        title="Сканирование СМИ", documents=publications, findings=signals,
        new_risks=len(totals.new_entries), skipped=done, errors=tuple(errors),
        details=(("Источников прочитано", str(len(outputs))),
                 ("Подтверждений для реестра", str(evidence)),
                 ("Добавлено в реестр", str(totals.attached))),
        outputs=tuple(outputs))
    print(f"СМИ: публикаций {publications}, сигналов {signals}, ошибок {len(errors)}")
    return publish(report, ARTIFACT_KEY)
