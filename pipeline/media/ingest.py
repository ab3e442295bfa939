"""Publications from RSS/Atom feeds, HTML pages and JSON/JSONL dumps.

Readers are registered by file suffix and yield ``MediaItem`` or, for a record they cannot
read, an ``IngestError`` naming the file (and line) and the reason: one bad line or file never
stops the batch. JSON records are mapped by their keys: the three media sets of
../shared/data/media (ids as in corpora/media/GUIDELINES.md), the ``taza media scan`` contract
(``id``, ``text``, optional ``title``, ``published``) or a mapping given by the user.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pipeline.errors import ErrorCode, IngestError

MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class MediaItem:
    id: str
    text: str
    title: str = ""
    published: str | None = None
    source: str = ""                # outlet or channel
    url: str | None = None
    set: str = "custom"             # telegram, tengrinews, golunov, feed, html, custom
    subset: str | None = None       # telegram keyword pre-filter group

    @property
    def full_text(self) -> str:
        """Title and body as one text (the title is often the clearest sentence)."""
        if self.title and not self.text.startswith(self.title):
            return f"{self.title}.\n{self.text}" if self.text else self.title
        return self.text


@dataclass
class IngestResult:
    items: list[MediaItem] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)


# ---- JSON field mappings -----------------------------------------------------------------

def golunov_id(file_field: str) -> str:
    """``corpus/2016-11-07-Липы за 200 тысяч.txt`` → ``golunov:2016-11-07-Липы за 200 тысяч``."""
    return "golunov:" + PurePosixPath(str(file_field).replace("\\", "/")).stem


def _telegram(r: dict) -> MediaItem:
    return MediaItem(f"tg:{r['channel']}:{r['message_id']}", r.get("text") or "",
                     published=r.get("date"), source=str(r["channel"]), set="telegram",
                     subset=r.get("keyword_subset"))


def _tengrinews(r: dict) -> MediaItem:
    return MediaItem(f"tengri:{r['page_id']}", r.get("content") or "", title=r.get("title") or "",
                     published=r.get("datetime"), source="Tengrinews.kz", url=r.get("url"),
                     set="tengrinews")


def _golunov(r: dict) -> MediaItem:
    return MediaItem(golunov_id(r["file"]), r.get("text") or "", title=r.get("title") or "",
                     published=r.get("date"), source="Медуза (Иван Голунов)", set="golunov")


def _contract(r: dict) -> MediaItem:
    return MediaItem(str(r["id"]), r.get("text") or "", title=r.get("title") or "",
                     published=r.get("published") or r.get("date"), source=r.get("source") or "",
                     url=r.get("url"), set=r.get("set") or "custom", subset=r.get("subset"))


# The first mapping whose keys are all present wins; the scan contract comes last.
MAPPINGS: tuple[tuple[str, frozenset[str], Callable[[dict], MediaItem]], ...] = (
    ("telegram", frozenset({"message_id", "channel", "text"}), _telegram),
    ("tengrinews", frozenset({"page_id", "content"}), _tengrinews),
    ("golunov", frozenset({"file", "text"}), _golunov),
    ("contract", frozenset({"id", "text"}), _contract),
)
FIELDS = ("id", "text", "title", "published", "url", "source")


def parse_mapping(spec: str | None) -> dict[str, str]:
    """``"id=uid,text=body,published=ts"`` → ``{"id": "uid", ...}`` (``id`` and ``text``
    required)."""
    mapping: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        key, sep, name = part.partition("=")
        if not sep or key.strip() not in FIELDS or not name.strip():
            raise ValueError(f"неверное сопоставление {part!r}: ожидается поле=ключ, поля: "
                             f"{', '.join(FIELDS)} / bad mapping")
        mapping[key.strip()] = name.strip()
    if mapping and not {"id", "text"} <= set(mapping):
        raise ValueError("в сопоставлении нужны id и text / the mapping needs id and text")
    return mapping


def record_to_item(record: object, mapping: dict[str, str] | None = None) -> MediaItem:
    """One JSON record as a publication; ``ValueError`` says why it cannot be one."""
    if not isinstance(record, dict):
        raise ValueError(f"ожидался объект JSON, получено {type(record).__name__} / "
                         "expected a JSON object")
    if mapping:
        missing = [v for v in mapping.values() if v not in record and v != mapping.get("title")]
        if missing:
            raise ValueError(f"нет ключей {missing} / missing keys")
        values = {k: record.get(v) for k, v in mapping.items()}
        text = values.get("text")
        if not isinstance(text, str):
            raise ValueError("поле text не строка / text is not a string")
        return MediaItem(str(values["id"]), text, title=str(values.get("title") or ""),
                         published=values.get("published"), source=str(values.get("source") or ""),
                         url=values.get("url"))
    keys = set(record)
    for _, needed, build in MAPPINGS:
        if needed <= keys:
            text = record.get("content" if build is _tengrinews else "text")
            if text is not None and not isinstance(text, str):
                raise ValueError("текст не строка / text is not a string")
            return build(record)
    raise ValueError(f"неизвестный формат записи (ключи: {', '.join(sorted(keys)[:8])}); "
                     "нужны id и text или --fields / unknown record layout")


# ---- readers -----------------------------------------------------------------------------

Reader = Callable[[Path, bytes, dict[str, str] | None], Iterator["MediaItem | IngestError"]]
_READERS: dict[str, Reader] = {}


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    def register(func: Reader) -> Reader:
        for suffix in suffixes:
            _READERS[suffix] = func
        return func
    return register


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(_READERS))


def _utf8(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(ErrorCode.E006_ENCODING, str(path),
                          f"JSON должен быть в UTF-8, байт {exc.start} / JSON must be UTF-8") from exc


@reader(".jsonl", ".ndjson")
def read_jsonl(path: Path, data: bytes, mapping=None) -> Iterator[MediaItem | IngestError]:
    # Only "\n" ends a record: str.splitlines() would also cut at U+2028 and other separators
    # that JSON strings may hold (a Tengrinews article has one).
    for line_no, line in enumerate(_utf8(path, data).split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{line_no}"
        try:
            yield record_to_item(json.loads(line), mapping)
        except json.JSONDecodeError as exc:
            yield IngestError(ErrorCode.E009_MALFORMED, where, f"JSON: {exc.msg}, позиция {exc.pos}")
        except (ValueError, KeyError) as exc:
            yield IngestError(ErrorCode.E009_MALFORMED, where, str(exc))


@reader(".json")
def read_json(path: Path, data: bytes, mapping=None) -> Iterator[MediaItem | IngestError]:
    try:
        loaded = json.loads(_utf8(path, data))
    except json.JSONDecodeError as exc:
        yield IngestError(ErrorCode.E009_MALFORMED, str(path), f"JSON: {exc.msg}, строка {exc.lineno}")
        return
    records = loaded if isinstance(loaded, list) else loaded.get("items", [loaded]) \
        if isinstance(loaded, dict) else [loaded]
    for n, record in enumerate(records):
        try:
            yield record_to_item(record, mapping)
        except (ValueError, KeyError) as exc:
            yield IngestError(ErrorCode.E009_MALFORMED, f"{path}[{n}]", str(exc))


def _entry_text(entry) -> str:
    from pipeline.media.text import html_to_text

    for content in entry.get("content") or ():
        if content.get("value"):
            return html_to_text(content["value"])
    return html_to_text(entry.get("summary") or entry.get("description") or "")


def _entry_date(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}".format(*parsed[:6])
    return entry.get("published") or entry.get("updated")


def parse_feed(source: str | bytes, name: str) -> Iterator[MediaItem | IngestError]:
    """Entries of an RSS/Atom feed (bytes of a file or a URL feedparser fetches itself)."""
    import feedparser

    feed = feedparser.parse(source)
    if not feed.entries:
        reason = str(getattr(feed, "bozo_exception", "") or "нет записей / no entries")
        yield IngestError(ErrorCode.E004_CORRUPT, name, f"лента не читается: {reason}")
        return
    broken = feed.get("bozo") and not isinstance(
        feed.get("bozo_exception"), (feedparser.CharacterEncodingOverride,
                                     feedparser.NonXMLContentType))
    if broken:
        # the readable entries are kept; the file is still reported as damaged
        yield IngestError(ErrorCode.E004_CORRUPT, name,
                          f"лента повреждена: {feed.bozo_exception} / damaged feed")
    outlet = feed.feed.get("title", "") if feed.get("feed") else ""
    for n, entry in enumerate(feed.entries):
        link = entry.get("link")
        key = entry.get("id") or link or f"{name}#{n}"
        text = _entry_text(entry)
        title = entry.get("title", "")
        if not (text or title).strip() or (broken and not text.strip()):
            if not broken:
                yield IngestError(ErrorCode.E003_EMPTY, f"{name}#{n}", "запись без текста / empty entry")
            continue
        yield MediaItem(f"feed:{key}", text, title=title, published=_entry_date(entry),
                        source=outlet, url=link, set="feed")


@reader(".rss", ".atom", ".xml")
def read_feed(path: Path, data: bytes, mapping=None) -> Iterator[MediaItem | IngestError]:
    yield from parse_feed(data, str(path))


@reader(".html", ".htm")
def read_html(path: Path, data: bytes, mapping=None) -> Iterator[MediaItem | IngestError]:
    from pipeline.ingest.html import decode_html
    from pipeline.media.text import extract_page

    markup = decode_html(data, path)         # E006 when no encoding fits
    page = extract_page(markup)
    if page is None or not page.text.strip():
        yield IngestError(ErrorCode.E008_NO_TEXT, str(path),
                          "на странице не найден основной текст / no main text on the page")
        return
    key = page.url or path.stem
    yield MediaItem(f"html:{key}", page.text, title=page.title, published=page.date,
                    source=page.sitename or "", url=page.url, set="html")


def read_path(path: Path, mapping: dict[str, str] | None = None) -> Iterator[MediaItem | IngestError]:
    """Items of one file, or errors; never raises for a bad file."""
    reader_func = _READERS.get(path.suffix.lower())
    if not path.is_file():
        yield IngestError(ErrorCode.E001_NOT_FOUND, str(path))
        return
    if reader_func is None:
        yield IngestError(ErrorCode.E002_UNSUPPORTED_TYPE, str(path),
                          f"поддерживаются / supported: {', '.join(supported_suffixes())}")
        return
    size = path.stat().st_size
    if size == 0:
        yield IngestError(ErrorCode.E003_EMPTY, str(path))
        return
    if size > MAX_BYTES:
        yield IngestError(ErrorCode.E007_TOO_LARGE, str(path), f"{size} байт")
        return
    try:
        data = path.read_bytes()
        if not data.strip():
            yield IngestError(ErrorCode.E003_EMPTY, str(path), "только пробелы / whitespace only")
            return
        yield from reader_func(path, data, mapping)
    except IngestError as err:
        yield err
    except Exception as exc:  # noqa: BLE001 - a broken file must not stop the batch
        yield IngestError(ErrorCode.E004_CORRUPT, str(path), f"{type(exc).__name__}: {exc}")


def iter_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders expanded to their readable files, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in _READERS)
        else:
            yield path


def read_many(sources: Iterable[Path | str], mapping: dict[str, str] | None = None) -> IngestResult:
    """Every item of every source (files, folders, feed URLs) with the errors met."""
    result = IngestResult()
    for source in sources:
        text = str(source)
        if text.startswith(("http://", "https://")):
            produced = parse_feed(text, text)
        else:
            produced = (x for p in iter_paths([Path(source)]) for x in read_path(p, mapping))
        for x in produced:
            (result.errors if isinstance(x, IngestError) else result.items).append(x)
    return result
