"""``taza``: the command line of the pipeline (Russian first, English second)."""
from __future__ import annotations

import json
import sys
import warnings
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from tqdm import tqdm

from pipeline.cli_calendar import calendar_command
from pipeline.cli_common import fail, show_report
from pipeline.cli_register import register_app
from pipeline.complaints.cli import register as register_complaints
from pipeline.errors import IngestError, TazaError
from pipeline.media.cli import register as register_media
from pipeline.references.cli import register_references

# natasha's MorphVocab imports pymorphy2, which imports the deprecated pkg_resources: the
# English warning says nothing to a user of the command line.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

app = typer.Typer(
    name="taza",
    help=(
        "Taza — антикоррупционная экспертиза правовых актов (Казахстан, Кыргызстан, Россия).\n\n"
        "Taza — anti-corruption expertise of legal acts (Kazakhstan, Kyrgyzstan, Russia)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
eval_app = typer.Typer(help="Оценка качества на эталонных корпусах / Quality on gold corpora.",
                       short_help="Оценка качества / Quality evaluation",
                       no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(register_app, name="register")
register_complaints(app, eval_app)      # `taza complaints …`, `taza eval complaints`
register_media(app, eval_app)           # `taza media …`, `taza eval media`
register_references(app, eval_app)      # `taza refs …`, `taza eval refs`
app.command("calendar", short_help="Сроки в рабочих днях / Working-day deadlines")(
    calendar_command)

DEFAULT_EXPORT_DIR = Path("outputs")
# The register as data and the reviewed acts (one DOCX per act, in a folder).
TABLE_EXPORTS = (("json", "register.json"), ("csv", "csv"), ("docx_act", "acts"))


@app.command(short_help="Проверить нормы / Check clauses (JSONL)")
def check(
    input_path: Annotated[Path, typer.Argument(
        metavar="INPUT.jsonl",
        help="Нормы по строке: {\"id\": str, \"text\": str} / One clause per line.")],
    out: Annotated[Path, typer.Option(
        "--out", help="Результат: строка на каждую норму, в том же порядке / "
                      "Output: one line per input line, same order.")],
    min_confidence: Annotated[float | None, typer.Option(
        help="Порог уверенности находки (по умолчанию — подобранный на dev) / "
             "Confidence threshold (default: the one chosen on dev).")] = None,
) -> None:
    """Проверить отдельные нормы на коррупциогенные факторы / Check single clauses for factors."""
    from pipeline.analyze import check_texts, read_check_input
    from pipeline.detect import Analyzer

    if not input_path.is_file():
        fail(f"{input_path}: файл не найден / file not found")
    try:
        items = list(read_check_input(input_path))
    except TazaError as err:
        fail(str(err))
    analyzer = Analyzer(min_confidence=min_confidence)
    out.parent.mkdir(parents=True, exist_ok=True)
    flagged = 0
    with out.open("w", encoding="utf-8") as handle:
        for record in tqdm(check_texts(items, analyzer), total=len(items), unit="норм",
                           desc="Проверка", disable=None, file=sys.stderr):
            flagged += bool(record["factors"])
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    typer.echo(f"Проверено норм / clauses checked: {len(items)}; "
               f"с факторами / with factors: {flagged}; результат / output: {out}")


@app.command(short_help="Анализ актов в реестр / Analyse acts into the register")
def analyze(
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH...", help="Файлы или папки (PDF, DOCX, TXT, HTML, JSONL) / Files or folders.")],
    out: Annotated[Path | None, typer.Option(
        "--out", help="Записать все находки в JSONL / Also write every finding as JSON lines.")] = None,
    db: Annotated[str | None, typer.Option(
        "--db", help="Адрес базы реестра (SQLite по умолчанию, PostgreSQL по URL) / "
                     "Register database URL.")] = None,
    export_dir: Annotated[Path, typer.Option(
        "--export-dir", help="Папка для XLSX и HTML / Folder for the XLSX and HTML exports.")]
        = DEFAULT_EXPORT_DIR,
    min_confidence: Annotated[float | None, typer.Option(
        help="Порог уверенности находки (по умолчанию — подобранный на dev) / "
             "Confidence threshold (default: the one chosen on dev).")] = None,
) -> None:
    """Проанализировать акты, сохранить в реестр и выгрузить / Analyse acts, store, export."""
    from pipeline.analyze import analyze_document, finding_record
    from pipeline.detect import Analyzer
    from pipeline.export import export
    from pipeline.ingest import iter_paths, read_document
    from pipeline.register import Register

    files = list(iter_paths(paths))
    if not files:
        fail("нет файлов для анализа / no files to analyse: " + ", ".join(map(str, paths)))
    register = Register(db)
    analyzer = Analyzer(min_confidence=min_confidence)
    outcomes: Counter[str] = Counter()
    errors: list[str] = []
    by_factor: Counter[str] = Counter()
    handle = None
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle = out.open("w", encoding="utf-8")
    try:
        for path in tqdm(files, unit="док", desc="Анализ актов", disable=None, file=sys.stderr):
            try:
                document = read_document(path)
            except IngestError as err:
                errors.append(str(err))
                tqdm.write(f"Пропущен / skipped: {err}", file=sys.stderr)
                continue
            analysis = analyze_document(document, analyzer)
            outcome = register.store_analysis(document, analysis.clauses, analysis.findings,
                                              analyzer.fingerprint)
            outcomes[str(outcome)] += 1
            by_factor.update(f.factor for f in analysis.findings)
            if handle is not None:
                for finding in analysis.findings:
                    handle.write(json.dumps(finding_record(document, finding),
                                            ensure_ascii=False) + "\n")
    finally:
        if handle is not None:
            handle.close()
    # Citations and collisions of the acts new or changed in this run, against the register
    # (pipeline.references.index: incremental; collisions become risk evidence).
    from pipeline.references.index import index_register

    refs = index_register(register)
    export_dir.mkdir(parents=True, exist_ok=True)
    written = [export(register, "xlsx", export_dir / "findings.xlsx"),
               export(register, "html", export_dir / "report.html")]
    written += [export(register, fmt, export_dir / name) for fmt, name in TABLE_EXPORTS]
    from pipeline.export.register_docs import write_register_exports
    written += write_register_exports(register, export_dir)
    _summary(files, outcomes, errors, by_factor, register, written, out)
    typer.echo(f"  ссылки и коллизии / references and collisions: проиндексировано актов "
               f"{refs.documents}, ссылок {sum(refs.citations.values())}, коллизий "
               f"{sum(refs.collisions.values())}" + "".join(
                   f"; {k}: {v}" for k, v in sorted(refs.collisions.items())))


def _summary(files, outcomes, errors, by_factor, register, written, out) -> None:
    counts = register.counts()
    typer.echo("Итоги анализа / Summary")
    typer.echo(f"  файлов / files: {len(files)}; новых / new: {outcomes['new']}, "
               f"без изменений / unchanged: {outcomes['unchanged']}, "
               f"обновлено / replaced: {outcomes['replaced']}, ошибок / errors: {len(errors)}")
    typer.echo(f"  находок в этом запуске / findings this run: {sum(by_factor.values())}")
    for factor, count in by_factor.most_common():
        typer.echo(f"    {factor}: {count}")
    typer.echo(f"  в реестре / in the register: документов {counts.get('documents', 0)}, "
               f"находок {counts.get('findings', 0)}, рисков {counts.get('risks', 0)}")
    for err in errors:
        typer.echo(f"  ! {err}")
    for path in written + ([out] if out else []):
        typer.echo(f"  файл / file: {path}")


@app.command(short_help="Скорость и память / Speed and memory")
def bench(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Акты / Acts.")],
    repeat: Annotated[int, typer.Option(help="Повторов / Repetitions.")] = 1,
) -> None:
    """Скорость и память анализа / Throughput and peak memory of the analysis."""
    from pipeline.bench import run_bench

    typer.echo(run_bench(paths, repeat).render())


@eval_app.command("factors")
def eval_factors(
    gold: Annotated[Path, typer.Option(help="Эталон JSONL / Gold JSONL.")]
        = Path("corpora/factors/gold.jsonl"),
    split: Annotated[str, typer.Option(help="Часть эталона: test, dev, all / Gold split.")]
        = "test",
    min_confidence: Annotated[float | None, typer.Option(
        help="Порог уверенности (по умолчанию — подобранный на dev) / Confidence threshold "
             "(default: the one chosen on dev).")] = None,
    out: Annotated[Path | None, typer.Option(help="Записать метрики в JSON / Write metrics.")]
        = Path("outputs/eval_factors.json"),
    cv: Annotated[int | None, typer.Option(
        help="Кросс-валидация на dev по K группам (акт и статья) / Grouped K-fold CV on dev "
             "(by act and article): out-of-fold scores.")] = None,
) -> None:
    """Точность, полнота и F1 по факторам / Precision, recall and F1 per factor."""
    from pipeline.evaluate import cross_validate_factors, evaluate_factors

    if split not in ("test", "dev", "all"):
        raise typer.BadParameter("test, dev или all / test, dev or all", param_hint="--split")
    if cv is not None:
        if split != "dev" or cv < 2:
            raise typer.BadParameter("только с --split dev, K >= 2 / only with --split dev, "
                                     "K >= 2", param_hint="--cv")
        show_report(cross_validate_factors(gold, cv), out)
        return
    report = evaluate_factors(gold, split=split, min_confidence=min_confidence)
    show_report(report, out)


@app.command(short_help="Калибровать уверенность / Calibrate confidence")
def calibrate(
    gold: Annotated[Path, typer.Option(help="Эталон JSONL (используется только dev) / "
                                            "Gold JSONL (only its dev split is used).")]
        = Path("corpora/factors/gold.jsonl"),
) -> None:
    """Обучить модель уверенности на dev / Fit the confidence model on the dev split."""
    from pipeline.calibrate import MODELS_DIR, VERSION, train

    meta = train(gold)
    cv = meta["cross_validated"]
    typer.echo(f"Модель / model: {MODELS_DIR / VERSION}\n"
               f"  находок / findings: {meta['findings']} (верных / correct: "
               f"{meta['positive_findings']})\n"
               f"  Брайер (кросс-валидация) / Brier (cross-validated): "
               f"{cv['brier_calibrated']} (уверенность правил / rule confidence: "
               f"{cv['brier_rule_confidence']})\n"
               f"  порог / threshold: {meta['threshold']}; micro-F1 dev: "
               f"{cv['dev_micro_f1_at_threshold']} (правила / rules: "
               f"{cv['dev_micro_f1_rule_confidence_best_threshold']})")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
