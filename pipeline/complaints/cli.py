"""``taza complaints …`` and ``taza eval complaints``: commands over the complaints package."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from tqdm import tqdm

from pipeline.cli_common import fail, show_report
from pipeline.errors import TazaError

complaints_app = typer.Typer(
    help="Обращения граждан: функция, отрасль, сигналы коррупции / Citizen complaints: "
         "function area, sector, corruption signals.",
    short_help="Обращения граждан / Citizen complaints",
    no_args_is_help=True)


def _load_model(model_dir: Path | None):
    from pipeline.complaints.model import ComplaintModel, ModelRefused

    try:
        return ComplaintModel.load(model_dir)
    except ModelRefused as err:
        fail(str(err))


@complaints_app.command(short_help="Классифицировать обращения / Classify complaints (JSONL)")
def classify(
    input_path: Annotated[Path, typer.Argument(
        metavar="INPUT.jsonl",
        help="Обращения по строке: {\"id\": str, \"text\": str} / One complaint per line.")],
    out: Annotated[Path, typer.Option(
        "--out", help="Результат: строка на каждое обращение, в том же порядке / "
                      "Output: one line per input line, same order.")],
    model_dir: Annotated[Path | None, typer.Option(
        "--model", help="Папка модели (по умолчанию — последняя в models/complaints) / "
                        "Model folder (default: the latest under models/complaints).")] = None,
    evidence: Annotated[bool, typer.Option(
        "--evidence", help="Добавить доказательства сигналов и уверенность отрасли (поля сверх "
                           "стабильного интерфейса) / Add signal evidence and sector confidence "
                           "(fields beyond the stable interface).")] = False,
) -> None:
    """Функция, отрасль, сигналы и сущности каждого обращения / Function area, sector, signals
    and entities of each complaint. null — «на проверку эксперту» / null means needs review."""
    from pipeline.cli_common import write_jsonl
    from pipeline.complaints.classify import ComplaintClassifier, read_input

    if not input_path.is_file():
        fail(f"{input_path}: файл не найден / file not found")
    try:
        items = read_input(input_path)
    except TazaError as err:
        fail(str(err))
    classifier = ComplaintClassifier(_load_model(model_dir))
    records = tqdm(classifier.classify_iter(items, evidence=evidence), total=len(items),
                   unit="обр", desc="Классификация", disable=None, file=sys.stderr)
    review = 0

    def counted():
        nonlocal review
        for record in records:
            review += record["function_area"] is None or record["sector"] is None
            yield record

    written = write_jsonl(counted(), out)
    typer.echo(f"Обращений / complaints: {written}; на проверку / needs review: {review}; "
               f"результат / output: {out}")


@complaints_app.command(short_help="Обучить модель / Train the model")
def train(
    labels: Annotated[Path, typer.Option(help="Эталон (используется только dev) / Gold labels "
                                              "(only the dev split is used).")]
        = Path("corpora/complaints/labels.jsonl"),
    version: Annotated[str | None, typer.Option(
        help="Версия модели: models/complaints/<версия> (по умолчанию — следующая свободная, "
             "прежние модели не перезаписываются) / Model version folder (default: the next "
             "free one).")] = None,
    feedback: Annotated[Path | None, typer.Option(
        help="Хранилище исправлений экспертов (по умолчанию .state/feedback/complaints.jsonl) / "
             "Experts' corrections store.")] = None,
) -> None:
    """Обучить классификатор на dev и исправлениях экспертов / Train on dev plus corrections."""
    from pipeline.complaints.model import MODELS_DIR
    from pipeline.complaints.train import train as run_train

    if version is None:
        taken = {int(p.name[1:]) for p in MODELS_DIR.glob("v*") if p.name[1:].isdigit()}
        version = f"v{max(taken, default=0) + 1}"
    try:
        meta = run_train(labels, version=version, feedback=feedback)
    except TazaError as err:
        fail(str(err))
    cv = meta["cross_validated"]
    typer.echo(f"Модель / model: {MODELS_DIR / version}; примеров / examples: {meta['examples']} "
               f"(исправлений / corrections used: {meta['feedback']['corrections_used']})")
    for task in ("function_area", "sector"):
        t = cv[task]
        typer.echo(f"  {task}: macro-F1 (CV) {t['macro_f1']}, accuracy {t['accuracy']}; порог / "
                   f"abstain threshold {meta['abstain_threshold'][task]} → ответов / answered "
                   f"{t['coverage_at_threshold']:.0%}, верных среди них / right {t['accuracy_answered']}")
    for signal, s in cv["signals"].items():
        if s["positives"]:
            typer.echo(f"  {signal}: примеров / positives {s['positives']}, F1 правил / rules "
                       f"{s['rules_f1']}, вместе с моделью / with the model {s.get('combined_f1', '-')}")


@complaints_app.command(short_help="Импорт исправлений экспертов / Import experts' corrections")
def feedback(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="CSV или XLSX: id и исправленные "
                                                              "метки / id and corrected labels.")],
    store: Annotated[Path | None, typer.Option(
        help="Хранилище (по умолчанию .state/feedback/complaints.jsonl) / Store path.")] = None,
) -> None:
    """Сохранить исправления; их использует следующее обучение / Store corrections for the next
    training."""
    from pipeline.complaints.feedback import read_feedback, store as store_corrections

    try:
        result = read_feedback(path)
    except TazaError as err:
        fail(str(err))
    target = store_corrections(result.corrections, path, store) if result.corrections else store
    for err in result.errors:
        typer.echo(f"  ! {err}", err=True)
    typer.echo(f"Исправлений / corrections: {len(result.corrections)}; ошибок / errors: "
               f"{len(result.errors)}; хранилище / store: {target}")
    if not result.corrections:
        raise typer.Exit(code=1)


@complaints_app.command("ingest", short_help="Прочитать обращения / Read complaints (CSV, XLSX, "
                                            "JSON, JSONL)")
def ingest(
    paths: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Файлы обращений / Files.")],
    out: Annotated[Path, typer.Option("--out", help="JSONL для classify (персональные данные "
                                                    "замаскированы) / JSONL with personal data "
                                                    "masked.")],
    columns: Annotated[str | None, typer.Option(
        "--columns", help="Сопоставление столбцов, напр. \"text=Текст,author=ФИО,date=Дата\" / "
                          "Column mapping.")] = None,
) -> None:
    """Обращения из таблиц в JSONL с маскированием персональных данных / Complaints from
    tables to JSONL, complainants' personal data masked."""
    from pipeline.complaints.entities import tag_entities
    from pipeline.complaints.ingest import parse_mapping, read_many
    from pipeline.complaints.privacy import mask, mask_author

    try:
        mapping = parse_mapping(columns)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--columns") from err
    result = read_many(paths, mapping)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        batch = 256
        for start in tqdm(range(0, len(result.complaints), batch), unit="пакет", desc="Маскирование",
                          disable=None, file=sys.stderr):
            chunk = result.complaints[start:start + batch]
            for c, entities in zip(chunk, tag_entities([c.text for c in chunk])):
                record = {"id": c.id, "text": mask(c.text, c.author, c.addressee, entities).text,
                          "date": c.date, "author": mask_author(c.author),
                          "addressee": c.addressee, "region": c.region, "source": c.source,
                          **{k: v for k, v in c.portal.items() if v}}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    for err in result.errors:
        typer.echo(f"  ! {err}", err=True)
    typer.echo(f"Обращений / complaints: {len(result.complaints)}; ошибок / errors: "
               f"{len(result.errors)}; результат / output: {out}")


@complaints_app.command("intake", short_help="Обращения в реестр рисков / Complaints into the "
                                            "risk register")
def intake(
    paths: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Файлы обращений / Files.")],
    jurisdiction: Annotated[str, typer.Option(
        "--jurisdiction", help="KZ, KG или RU — чьи органы / whose bodies")] = "KZ",
    db: Annotated[str | None, typer.Option(
        "--db", help="URL реестра (по умолчанию TAZA_DATABASE_URL или outputs/register.sqlite) / "
                     "Register URL.")] = None,
    columns: Annotated[str | None, typer.Option(
        "--columns", help="Сопоставление столбцов, напр. \"text=Текст,addressee=Орган\" / "
                          "Column mapping.")] = None,
    every: Annotated[bool, typer.Option(
        "--all", help="Включить и обращения без признаков коррупции / Attach complaints "
                      "without signals too.")] = False,
    out: Annotated[Path | None, typer.Option(
        "--out", help="JSONL с результатами классификации (текст замаскирован) / Classified "
                      "complaints, masked.")] = None,
    model_dir: Annotated[Path | None, typer.Option("--model", help="Папка модели / Model.")] = None,
) -> None:
    """Классифицировать обращения и добавить их в реестр как подтверждения рисков органов /
    Classify complaints and attach them to the risks of the bodies they address."""
    from pipeline.complaints.classify import ComplaintClassifier
    from pipeline.complaints.ingest import parse_mapping, read_many
    from pipeline.complaints.register import JURISDICTIONS, batches, classify_complaints
    from pipeline.register import Register

    code = jurisdiction.upper()
    if code not in JURISDICTIONS:
        raise typer.BadParameter(f"ожидается одно из {', '.join(JURISDICTIONS)}",
                                 param_hint="--jurisdiction")
    try:
        mapping = parse_mapping(columns)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--columns") from err
    result = read_many(paths, mapping)
    for err in result.errors:
        typer.echo(f"  ! {err}", err=True)
    classifier = ComplaintClassifier(_load_model(model_dir))
    signals, records, quiet = [], [], 0
    chunks = list(batches(result.complaints))
    for chunk in tqdm(chunks, unit="пакет", desc="Классификация", disable=None, file=sys.stderr):
        got = classify_complaints(chunk, classifier, code, every=every)
        signals += got.signals
        records += got.records
        quiet += got.without_signal
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    with Register(db) as register:
        report = register.attach_external(signals)
    typer.echo(f"Обращений / complaints: {len(result.complaints)}; с признаками коррупции / with "
               f"signals: {len(result.complaints) - quiet}; ошибок чтения / read errors: "
               f"{len(result.errors)}")
    typer.echo(f"Реестр / register: {report}")


@complaints_app.command(short_help="Скорость и память / Speed and memory")
def bench(
    n: Annotated[int, typer.Option("--n", help="Обращений (тексты повторяются) / Complaints "
                                               "(texts repeated).")] = 10_000,
    entities: Annotated[bool, typer.Option(help="С извлечением сущностей / With NER.")] = True,
    model_dir: Annotated[Path | None, typer.Option("--model", help="Папка модели / Model folder.")]
        = None,
) -> None:
    """Скорость классификации на одном ядре и пик памяти / Throughput on one core, peak memory."""
    from pipeline.complaints.bench import run_bench

    _load_model(model_dir)
    typer.echo(run_bench(n, entities=entities, model_dir=model_dir).render())


def eval_complaints(
    labels: Annotated[Path, typer.Option(help="Эталон JSONL / Gold labels.")]
        = Path("corpora/complaints/labels.jsonl"),
    split: Annotated[str, typer.Option(help="Часть эталона: test, dev, all / Gold split.")]
        = "test",
    model_dir: Annotated[Path | None, typer.Option("--model", help="Папка модели / Model folder.")]
        = None,
    out: Annotated[Path | None, typer.Option(help="Записать метрики в JSON / Write metrics.")]
        = Path("outputs/eval_complaints.json"),
) -> None:
    """Macro-F1 функции и отрасли, F1 сигналов рядом с базовыми линиями / Macro-F1 of function
    area and sector, per-signal F1, beside majority and keyword baselines."""
    from pipeline.complaints.evaluate import evaluate_complaints

    if split not in ("test", "dev", "all"):
        raise typer.BadParameter("test, dev или all / test, dev or all", param_hint="--split")
    _load_model(model_dir)
    try:
        report = evaluate_complaints(labels, split=split, model_dir=model_dir)
    except TazaError as err:
        fail(str(err))
    show_report(report, out)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Wire the complaints commands into ``taza`` (one call in pipeline/cli.py)."""
    app.add_typer(complaints_app, name="complaints")
    eval_app.command("complaints")(eval_complaints)
