"""``taza refs …`` and ``taza eval refs``: the citation graph, collisions and search."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli_common import fail, show_report

refs_app = typer.Typer(
    help="Ссылки и коллизии норм / Cross-references and collisions of norms.",
    short_help="Ссылки и коллизии / References and collisions",
    no_args_is_help=True)

_DB = typer.Option("--db", help="Адрес базы реестра / Register database URL.")


@refs_app.command("index", short_help="Построить граф ссылок / Build the citation graph")
def index_command(
    db: Annotated[str | None, _DB] = None,
    no_subjects: Annotated[bool, typer.Option(
        "--no-subjects", help="Без индекса предметов (быстрее) / Skip the subject index.")] = False,
    show: Annotated[int, typer.Option(help="Показать неразрешённых актов / Unresolved acts "
                                           "to list.")] = 15,
    full: Annotated[bool, typer.Option(
        "--full", help="Переиндексировать все акты / Rebuild the whole index.")] = False,
) -> None:
    """Разрешить ссылки новых и изменённых актов реестра, найти коллизии / Resolve the
    references of the register's new or changed acts, store citations, subjects and
    collisions (``taza analyze`` does it too; ``--full`` rebuilds everything)."""
    from pipeline.references.index import index_register
    from pipeline.register import Register

    register = Register(db)
    report = index_register(register, with_subjects=not no_subjects, full=full)
    typer.echo(f"Проиндексировано актов / acts indexed: {report.documents} из / of "
               f"{report.current} (ссылки пересчитаны ещё в {report.recited} / re-resolved "
               f"in {report.recited} more); в рисках / risk evidence: +{report.evidence_added} "
               f"-{report.evidence_removed}")
    typer.echo(f"Актов / acts: {report.documents}; ссылок / citations: "
               f"{sum(report.citations.values())} "
               + ", ".join(f"{k}: {v}" for k, v in sorted(report.citations.items())))
    typer.echo(f"Предметов норм / clause subjects: {report.subjects}")
    typer.echo("Коллизий / collisions: " + (", ".join(
        f"{k}: {v}" for k, v in sorted(report.collisions.items())) or "0"))
    for citation in report.repealed + report.missing:
        notes = "; ".join(t.note for t in citation.targets
                          if t.status.value in ("repealed", "missing") and not t.implied)
        typer.echo(f"  ! {Path(citation.source).name} {citation.address.render()}: "
                   f"«{citation.reference.mention}» — {notes}")
    if report.unresolved:
        typer.echo("Неразрешённые ссылки (акта нет в реестре) / unresolved (act not in the "
                   "register):")
        for act, count in report.unresolved.most_common(show):
            typer.echo(f"  {count:>4}  {act}")


@refs_app.command("search", short_help="Поиск по ссылке или предмету / Search")
def search_command(
    query: Annotated[str, typer.Argument(help="«статья 39.16 ЗК РФ» или предмет нормы / a "
                                              "citation or a subject.")],
    db: Annotated[str | None, _DB] = None,
    limit: Annotated[int, typer.Option(help="Сколько результатов / How many hits.")] = 20,
) -> None:
    """Найти норму по ссылке (и ссылающиеся на неё) или по предмету / Find a norm by citation
    (and the norms citing it) or by its subject."""
    from pipeline.references.index import search
    from pipeline.register import Register

    hits = search(Register(db), query, limit)
    if not hits:
        typer.echo("Ничего не найдено / nothing found (выполните `taza refs index`?)")
    for hit in hits:
        text = " ".join(hit.text.split())
        typer.echo(f"{hit.name} — {hit.address} [{hit.why}]\n    {text[:300]}")


@refs_app.command("collisions", short_help="Коллизии проекта с реестром / Draft vs register")
def collisions_command(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Проекты актов / "
                                                                       "Drafts.")],
    db: Annotated[str | None, _DB] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Находки в JSONL (формат taza analyze --out) / Findings as JSONL.")] = None,
) -> None:
    """Сравнить проекты с актами реестра: ссылки и коллизии / Compare drafts with the
    register's acts: references and collisions."""
    from pipeline.errors import IngestError
    from pipeline.ingest import iter_paths, read_document
    from pipeline.references.index import check_drafts
    from pipeline.register import Register

    documents = []
    for path in iter_paths(paths):
        try:
            documents.append(read_document(path))
        except IngestError as err:
            typer.echo(f"Пропущен / skipped: {err}", err=True)
    if not documents:
        fail("нет файлов / no files: " + ", ".join(map(str, paths)))
    result = check_drafts(documents, Register(db))
    unresolved = [c for c in result.citations if c.status.value == "unresolved"]
    typer.echo(f"Ссылок / citations: {len(result.citations)}; неразрешённых / unresolved: "
               f"{len(unresolved)}; коллизий / collisions: {len(result.collisions)}")
    for collision in result.collisions:
        typer.echo(f"* [{collision.rule_id}] {collision.first.cite()} ↔ {collision.second.cite()}"
                   f"\n    {collision.explanation}")
    for citation in unresolved:
        typer.echo(f"  ? {Path(citation.source).name} {citation.address.render()}: "
                   f"«{citation.reference.mention}» — {citation.targets[0].note if citation.targets else ''}")
    if out is not None:
        from pipeline.analyze import finding_record

        by_source = {d.source: d for d in documents}
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as handle:
            for collision in result.collisions:
                record = finding_record(by_source[collision.first.source], collision.finding())
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        typer.echo(f"JSONL: {out}")


def eval_refs(
    gold_dir: Annotated[Path, typer.Option("--gold", help="Папка эталона / Gold folder.")]
        = Path("corpora/references"),
    out: Annotated[Path | None, typer.Option(help="Метрики в JSON / Metrics as JSON.")]
        = Path("outputs/eval_refs.json"),
) -> None:
    """Разрешение ссылок, сроки и суммы, утратившие силу / Reference resolution, deadlines
    and amounts, repealed citations."""
    from pipeline.references.evaluate import evaluate_refs

    report = evaluate_refs(gold_dir)
    show_report(report, out)


def register_references(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Wire the references commands into ``taza`` (one call in pipeline/cli.py)."""
    app.add_typer(refs_app, name="refs")
    eval_app.command("refs")(eval_refs)
