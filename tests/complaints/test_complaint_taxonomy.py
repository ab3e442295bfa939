"""rules/taxonomy.yaml holds exactly the ids of ../shared/TAXONOMY.md, validated strictly."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.complaints.taxonomy import load_taxonomy, parse_taxonomy
from pipeline.errors import RuleError

TAXONOMY_MD = Path(__file__).resolve().parents[2].parent / "shared" / "TAXONOMY.md"


def _section(title: str) -> str:
    text = TAXONOMY_MD.read_text(encoding="utf-8")
    return text.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def _table_ids(title: str) -> list[str]:
    return re.findall(r"^\| `([a-z_]+)` \|", _section(title), flags=re.M)


def test_ids_match_the_specification():
    taxonomy = load_taxonomy()
    assert list(taxonomy.function_areas) == _table_ids("Function areas")
    assert list(taxonomy.signals) == _table_ids("Corruption signals")
    assert list(taxonomy.media_event_types) == _table_ids("Media event types")
    sectors = re.findall(r"`([a-z_]+)`", _section("Sectors").split("Rulings")[0])
    assert list(taxonomy.sectors) == sectors


def test_every_entry_has_a_russian_title_and_examples():
    taxonomy = load_taxonomy()
    for group in (taxonomy.function_areas, taxonomy.sectors, taxonomy.signals):
        for entry in group.values():
            assert re.search("[а-яё]", entry.title_ru.lower()), entry.id
            assert entry.examples, entry.id


def test_unknown_field_is_refused(tmp_path):
    bad = tmp_path / "taxonomy.yaml"
    source = (Path(__file__).resolve().parents[2] / "rules" / "taxonomy.yaml").read_text("utf-8")
    bad.write_text(source.replace("    title_en: Personnel management\n",
                                  "    title_en: Personnel management\n    colour: red\n", 1),
                   encoding="utf-8")
    with pytest.raises(RuleError, match="E010"):
        parse_taxonomy(bad)
