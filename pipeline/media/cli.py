"""``taza media …`` and ``taza eval media``: commands over the media package."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from tqdm import tqdm

from pipeline.cli_common import fail, show_report
from pipeline.errors import TazaError

media_app = typer.Typer(
    help="Публикации СМИ: сигналы коррупции, типы событий, органы / Media publications: "
         "corruption signals, event types, bodies.",
    short_help="Сигналы СМИ / Media signals",
    no_args_is_help=True)


def _decider(model_dir: Path | None, rules_only: bool):
    """The trained model (refused on a library mismatch), or None for the rules alone."""
    if rules_only:
        return None
    from pipeline.media.model import ModelRefused, MediaModel

    try:
        return MediaModel.load(model_dir)
    except ModelRefused as err:
        if model_dir is not None:
            fail(str(err))
        typer.echo(f"Внимание / Note: {err}; решают правила / rules decide", err=True)
        return None


def _progress(total: int, desc: str):
    def wrap(stream, n=total):
        return tqdm(stream, total=n, unit="публ", desc=desc, disable=None, file=sys.stderr)
    return wrap


def _read_inputs(paths: list[Path], fields: str | None):
    """The scan contract for one JSONL file; any other file (feeds, pages, the media sets,
    folders) through the ingestion readers."""
    from pipeline.media.ingest import parse_mapping, read_many
    from pipeline.media.scan import read_scan_input

    if len(paths) == 1 and paths[0].suffix.lower() == ".jsonl" and not fields \
            and paths[0].is_file() and _is_contract(paths[0]):
        return read_scan_input(paths[0])
    try:
        mapping = parse_mapping(fields)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--fields") from err
    result = read_many(paths, mapping)
    return result.items, result.errors


def _is_contract(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    return True           # reported line by line by the contract reader
                return isinstance(record, dict) and "id" in record and "text" in record
    return True


@media_app.command(short_help="Найти сигналы / Scan publications (JSONL, RSS, HTML, наборы)")
def scan(
    inputs: Annotated[list[Path], typer.Argument(
        metavar="INPUT.jsonl",
        help="Публикации по строке: {\"id\", \"text\", \"title\"?, \"published\"?}; а также "
             "ленты RSS/Atom, HTML, JSON/JSONL наборов, папки / One publication per line; "
             "also feeds, pages, dumps, folders.")],
    out: Annotated[Path, typer.Option(
        "--out", help="Результат: строка на каждую публикацию, в том же порядке / "
                      "Output: one line per publication, same order.")],
    details: Annotated[Path | None, typer.Option(
        "--details", help="Подробности (органы, правила, сюжет) в отдельный JSONL / "
                          "Details (bodies, rules, story cluster) to a separate JSONL.")] = None,
    register: Annotated[bool, typer.Option(
        "--register", help="Сохранить сигналы в реестр рисков / Store signals in the register.")]
        = False,
    db: Annotated[str | None, typer.Option("--db", help="Адрес базы реестра / Register URL.")]
        = None,
    jurisdiction: Annotated[str | None, typer.Option(
        "--jurisdiction", help="Страна по умолчанию для реестра: KZ, KG, RU (когда ни орган, ни "
                               "текст её не называют) / Default country for the register.")] = None,
    fields: Annotated[str | None, typer.Option(
        "--fields", help="Ключи JSON, напр. \"id=uid,text=body,published=ts\" / JSON keys.")]
        = None,
    model_dir: Annotated[Path | None, typer.Option(
        "--model", help="Папка модели (по умолчанию последняя в models/media) / Model folder.")] = None,
    rules_only: Annotated[bool, typer.Option(
        "--rules-only", help="Только правила, без модели / Rules alone.")] = False,
) -> None:
    """Сигнал, уверенность, типы событий, организации, лица, доказательство / Signal,
    confidence, event types, organisations, persons, evidence."""
    from pipeline.media.dedup import cluster_items
    from pipeline.cli_common import write_jsonl
    from pipeline.media.scan import MediaScanner

    for path in inputs:
        if not str(path).startswith(("http://", "https://")) and not path.exists():
            fail(f"{path}: файл не найден / file not found")
    items, errors = _read_inputs(inputs, fields)
    for err in errors:
        typer.echo(f"  ! {err}", err=True)
    decider = _decider(model_dir, rules_only)
    clusters = cluster_items(items) if (details or register) else {}
    scanner = MediaScanner(model=decider)
    results = []
    stream = tqdm(scanner.scan(items, clusters), total=len(items), unit="публ",
                  desc="Сигналы СМИ", disable=None, file=sys.stderr)

    def records():
        for result in stream:
            if details or register:
                results.append(result)
            yield result.record()

    written = write_jsonl(records(), out)
    if details:
        write_jsonl((r.details() for r in results), details)
    signals = sum(r.decision.is_signal for r in results) if results else None
    typer.echo(f"Публикаций / publications: {written}; ошибок ввода / input errors: "
               f"{len(errors)}; результат / output: {out}"
               + (f"; сигналов / signals: {signals}" if signals is not None else ""))
    if register:
        from pipeline.media.register import to_external
        from pipeline.register import Register

        if jurisdiction not in (None, "KZ", "KG", "RU"):
            raise typer.BadParameter("KZ, KG или RU", param_hint="--jurisdiction")
        report = Register(db).attach_external(to_external(results,
                                                          default_jurisdiction=jurisdiction))
        typer.echo(f"Реестр / register: {report}")
    if errors and not written:
        raise typer.Exit(code=1)


@media_app.command("ingest", short_help="Прочитать ленты, страницы, наборы / Read feeds, "
                                        "pages, dumps")
def ingest(
    sources: Annotated[list[str], typer.Argument(metavar="SOURCE...",
                                                 help="Файлы, папки, URL лент / Files, folders, "
                                                      "feed URLs.")],
    out: Annotated[Path, typer.Option("--out", help="JSONL для scan / JSONL for scan.")],
    fields: Annotated[str | None, typer.Option("--fields", help="Ключи JSON / JSON keys.")]
        = None,
) -> None:
    """Публикации в JSONL для `taza media scan` (id, title, text, published, source, url,
    story) / Publications as JSONL for scan, with story clusters."""
    from pipeline.media.dedup import cluster_items
    from pipeline.media.ingest import parse_mapping, read_many
    from pipeline.cli_common import write_jsonl

    try:
        mapping = parse_mapping(fields)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--fields") from err
    result = read_many([s if s.startswith(("http://", "https://")) else Path(s) for s in sources],
                       mapping)
    clusters = cluster_items(result.items)
    written = write_jsonl(({"id": i.id, "title": i.title, "text": i.text, "published": i.published,
                            "source": i.source, "url": i.url, "set": i.set,
                            "story": clusters.get(i.id)} for i in result.items), out)
    for err in result.errors:
        typer.echo(f"  ! {err}", err=True)
    stories = len(set(clusters.values()))
    typer.echo(f"Публикаций / publications: {written}; сюжетов / stories: {stories}; ошибок / "
               f"errors: {len(result.errors)}; результат / output: {out}")
    if not written and result.errors:
        raise typer.Exit(code=1)


@media_app.command(short_help="Обучить модель / Train the model (dev split)")
def train(
    labels: Annotated[Path, typer.Option(help="Эталон (используется только dev) / Gold labels "
                                              "(only the dev split is used).")]
        = Path("corpora/media/labels.jsonl"),
    version: Annotated[str, typer.Option(help="Версия: models/media/<версия> / Version.")] = "v5",
) -> None:
    """Обучить модель сигналов и типов на dev / Train the signal and type model on dev."""
    from pipeline.media.model import MODELS_DIR
    from pipeline.media.train import train as run_train

    try:
        meta = run_train(labels, version=version)
    except TazaError as err:
        fail(str(err))
    cv = meta["cross_validated"]
    typer.echo(f"Модель / model: {MODELS_DIR / version}; примеров / examples: {meta['examples']}, "
               f"сигналов / signals: {meta['signals']}; F1 (CV) {cv['signal_f1']}, порог / "
               f"threshold {meta['threshold']}, C {meta['C']}, вес плотной модели / dense "
               f"weight {meta.get('dense_weight', 0.0)}")
    for t, v in cv["types"].items():
        typer.echo(f"  {t}: примеров / positives {v['positives']}, F1 среди сигналов (CV) "
                   f"{v['f1_among_signals']}")


@media_app.command(short_help="Скорость и память / Speed and memory")
def bench(
    n: Annotated[int, typer.Option("--n", help="Статей (тексты повторяются) / Articles.")] = 1000,
    model_dir: Annotated[Path | None, typer.Option("--model", help="Папка модели / Model.")]
        = None,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Только правила / Rules.")]
        = False,
) -> None:
    """Статьи новостной длины на одном ядре: время и пик памяти / News-length articles on one
    core: time and peak memory."""
    from pipeline.media.bench import run_bench

    decider = _decider(model_dir, rules_only)
    typer.echo(run_bench(n, model=decider).render())


def eval_media(
    labels: Annotated[Path, typer.Option(help="Эталон JSONL / Gold labels.")]
        = Path("corpora/media/labels.jsonl"),
    split: Annotated[str, typer.Option(help="Часть эталона: test, dev, all / Gold split.")]
        = "test",
    model_dir: Annotated[Path | None, typer.Option("--model", help="Папка модели / Model.")]
        = None,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Только правила / Rules.")]
        = False,
    entities: Annotated[bool, typer.Option(help="Оценить и организации / Score organisations.")]
        = True,
    out: Annotated[Path | None, typer.Option(help="Записать метрики в JSON / Write metrics.")]
        = Path("outputs/eval_media.json"),
    cv: Annotated[int, typer.Option(help="Кросс-валидация модели на этой части (0 — нет; "
                                         "только dev) / Cross-validate the model on the split "
                                         "(k folds; dev only).")] = 0,
) -> None:
    """P/R/F1 сигнала и типов событий, точность на «только мошенничество», организации,
    рядом — базовая линия по ключевым словам / Signal and event-type P/R/F1, fraud-only
    precision, organisations, beside a keyword baseline."""
    from pipeline.media.evaluate import evaluate_media

    if split not in ("test", "dev", "all"):
        raise typer.BadParameter("test, dev или all / test, dev or all", param_hint="--split")
    if cv and (split != "dev" or rules_only or cv < 2):
        raise typer.BadParameter("только --split dev, k ≥ 2, с моделью / dev split only, k ≥ 2, "
                                 "model only", param_hint="--cv")
    decider = _decider(model_dir, rules_only) if not cv else None
    try:
        report = evaluate_media(labels, split=split, model=decider, entities=entities, cv=cv,
                                progress=lambda s, n: tqdm(s, total=n, unit="публ",
                                                           desc="Оценка", disable=None,
                                                           file=sys.stderr))
    except TazaError as err:
        fail(str(err))
    show_report(report, out)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Wire the media commands into ``taza`` (one call in pipeline/cli.py)."""
    app.add_typer(media_app, name="media")
    eval_app.command("media")(eval_media)
