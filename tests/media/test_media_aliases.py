"""Linking of organisation names to the canonical bodies of rules/media_aliases.yaml."""
from __future__ import annotations

import pytest

from pipeline.media.aliases import load_alias_index

INDEX = load_alias_index()

# (name as natasha gives it, jurisdiction of the publication, expected body id, method)
LINKS = [
    ("Антикор", "KZ", "kz.anticorruption_agency", "exact"),
    ("Агентства по противодействию коррупции", None, "kz.anticorruption_agency", "exact"),
    ("АДГСПК", None, "kz.anticorruption_agency", "exact"),
    ("Антикора", None, "kz.anticorruption_agency", "fuzzy"),
    ("Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі", None, "kz.anticorruption_agency", "exact"),
    ("ГКНБ", None, "kg.gknb", "exact"),
    ("ГКНБ КР", None, "kg.gknb", "exact"),
    ("Генеральной прокуратуры", "KZ", "kz.prosecutor_general", "exact"),
    ("Генпрокуратура", "RU", "ru.prosecutor_general", "exact"),
    ("Генпрокуратура РК", None, "kz.prosecutor_general", "exact"),
    ("Генеральная прокуратура Кыргызстана", None, "kg.prosecutor_general", "tail"),
    ("МВД", "KG", "kg.mvd", "exact"),
    ("МВД", "RU", "ru.mvd", "exact"),
    ("акимат Алматы", "KZ", "kz.akimat", "generic"),
    ("маслихат Астаны", "KZ", "kz.maslikhat", "generic"),
    ("Самрук-Казына", None, "kz.samruk_kazyna", "exact"),
    ("госзакуп", None, "kz.public_procurement", "exact"),
    ("Министерства обороны России", None, "ru.ministry_defence", "exact"),
    ("Минобороны", None, "ru.ministry_defence", "exact"),
    ("мэрии Москвы", None, "ru.moscow_mayor_office", "exact"),
    ("Следственного комитета", None, "ru.investigative_committee", "exact"),
    ("ФСБ", None, "ru.fsb", "exact"),
    ("Тверской суд Москвы", "RU", "ru.court", "generic"),
    ("Министерство здравоохраненния", "KZ", "kz.ministry_health", "fuzzy"),
]


@pytest.mark.parametrize(("name", "jurisdiction", "body_id", "method"), LINKS,
                         ids=[x[0] for x in LINKS])
def test_link(name, jurisdiction, body_id, method):
    linked = INDEX.link(name, jurisdiction)
    assert (linked.body_id, linked.method) == (body_id, method)
    assert linked.jurisdiction == INDEX.bodies[body_id].jurisdiction


def test_generic_body_keeps_the_name_found():
    linked = INDEX.link("акимат Петропавловска", "KZ")
    assert linked.body_name == "акимат Петропавловска" and linked.body_id == "kz.akimat"


def test_unknown_body_is_kept_without_an_id():
    linked = INDEX.link("ТОО «Кызылжар Су»", "KZ")
    assert (linked.body_id, linked.body_name, linked.method) == (None, None, "unknown")


def test_list_covers_three_countries():
    by_country = {j: sum(b.jurisdiction == j for b in INDEX.bodies.values()) for j in ("KZ", "KG", "RU")}
    assert len(INDEX) >= 60 and min(by_country.values()) >= 10


def test_jurisdiction_of_a_publication():
    assert INDEX.guess_jurisdiction("Аким Астаны задержан, ущерб 3 млн тенге") == "KZ"
    assert INDEX.guess_jurisdiction("В Бишкеке ГКНБ задержал чиновника мэрии") == "KG"
    assert INDEX.guess_jurisdiction("Суд в Москве арестовал замминистра") == "RU"
    assert INDEX.guess_jurisdiction("Просто текст", default="KZ") == "KZ"


def test_display_name_of_an_oblique_form():
    assert INDEX.display_name(INDEX.link("Антикоре", "KZ")) == "Антикор"


@pytest.mark.parametrize(("name", "count", "offset", "rank", "kept"), [
    ("Антикор", 1, 5000, 0, True),            # among the first few
    ("Минтранс", 1, 5000, 7, False),          # named once, deep in a long article
    ("Минтранс", 2, 5000, 7, True),           # named twice
    ("Минтранс", 1, 300, 7, True),            # in the lead
    ("ДП", 3, 10, 0, False),                  # a two-letter span linked to no body
])
def test_names_in_passing_are_dropped(name, count, offset, rank, kept):
    from pipeline.media.entities import prominent

    index = load_alias_index()
    assert prominent(name, count, offset, index.link(name, "RU"), rank) is kept


@pytest.mark.parametrize("name", ["Эхо Москвы", "Россия", "ОПГ", "Единая Россия", "TikTok"])
def test_outlets_countries_and_parties_are_not_organisations(name):
    assert load_alias_index().is_outlet(name)
