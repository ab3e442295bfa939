"""The media gold corpus: ``corpora/media/labels.jsonl`` (ids, split, labels) joined with the
texts of ../shared/data/media (``TAZA_MEDIA_DATA`` overrides; Tengrinews states no licence,
so the repository holds no text)."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ErrorCode, IngestError
from pipeline.media.ingest import MediaItem, read_path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_LABELS = REPO / "corpora" / "media" / "labels.jsonl"
DEFAULT_DATA = REPO.parent / "shared" / "data" / "media"
SET_FILES = {"telegram": "telegram-news-ru/posts_dev.jsonl",
             "tengrinews": "kz-tengrinews-2024-04/news_dev.jsonl",
             "golunov": "meduza-golunov-articles/golunov_articles.jsonl"}


def data_dir() -> Path:
    return Path(os.environ.get("TAZA_MEDIA_DATA", DEFAULT_DATA))


@dataclass(frozen=True, slots=True)
class GoldItem:
    item: MediaItem
    split: str
    is_signal: bool
    event_types: tuple[str, ...]
    organizations: tuple[str, ...]
    hard: str | None = None

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def fraud_only(self) -> bool:
        return self.item.subset == "fraud_only_keyword"


def load_items(data: Path | None = None) -> dict[str, MediaItem]:
    """Every publication of the three sets by id."""
    data = data or data_dir()
    items: dict[str, MediaItem] = {}
    for name in SET_FILES.values():
        path = data / name
        if not path.is_file():
            raise IngestError(ErrorCode.E001_NOT_FOUND, str(path))
        for x in read_path(path):
            if isinstance(x, MediaItem):
                items[x.id] = x
    return items


def load_gold(labels: Path = DEFAULT_LABELS, split: str | None = None,
              data: Path | None = None) -> list[GoldItem]:
    if not labels.is_file():
        raise IngestError(ErrorCode.E001_NOT_FOUND, str(labels))
    items = load_items(data)
    gold = []
    for line_no, line in enumerate(labels.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        if split not in (None, "all") and r["split"] != split:
            continue
        if r["id"] not in items:
            raise IngestError(ErrorCode.E009_MALFORMED, f"{labels}:{line_no}",
                              f"нет текста для id {r['id']} / no text for id")
        gold.append(GoldItem(items[r["id"]], r["split"], r["is_signal"], tuple(r["event_types"]),
                             tuple(r["organizations"]), r.get("hard")))
    return gold
