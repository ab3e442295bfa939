"""Media signals into the risk register: the body the story is about (not the investigator),
its jurisdiction and the function area of the event type; repeated stories raise the body."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.media.aliases import load_alias_index
from pipeline.media.register import function_area, load_register_rules, primary_body, to_external

RULES = load_register_rules()
INDEX = load_alias_index()
runner = CliRunner()


@pytest.mark.parametrize(("types", "context", "body", "area"), [
    (("procurement_fraud", "conflict_of_interest"), "", "Мэрия Москвы", "procurement_contracts"),
    (("embezzlement",), "хищение бюджетных денег", "Минобороны", "budget_finance"),
    (("bribery",), "взятка за ввод в эксплуатацию здания", "акимат Алматы", "permits"),
    (("bribery",), "задержан при получении взятки за место на кладбище", "мэрия Сочи", "public_services"),
    (("bribery",), "взятка сотруднику ГИБДД за непривлечение к ответственности", "МВД", "jurisdiction"),
    (("abuse_of_office",), "превысил полномочия", "МВД", "jurisdiction"),
    (("abuse_of_office",), "превысил полномочия", "Самрук-Казына", "other"),
])
def test_function_area(types, context, body, area):
    assert function_area(types, context, INDEX.link(body, "RU"), RULES) == area


def test_investigators_are_not_the_body_at_risk():
    orgs = [INDEX.link(n, "KZ") for n in ("Антикор", "Генпрокуратура", "акимат Шымкента", "ТОО Ромашка")]
    assert primary_body(orgs, RULES).body_name == "акимат Шымкента"
    only = [INDEX.link(n, "RU") for n in ("Следственный комитет", "ТОО Ромашка")]
    assert primary_body(only, RULES).body_id == "ru.investigative_committee"


def test_scan_results_become_external_signals(scanner, items):
    chosen = [items[i] for i in ("tg:Mash:59503", "tg:Банкста:61135", "tg:112:18502")]
    results = list(scanner.scan(chosen))
    signals = to_external(results)
    assert [s.source_id for s in signals] == ["media:tg:Mash:59503", "media:tg:112:18502"]
    patriot = signals[1]        # park «Патриот» director and a Defence Ministry general, budget theft
    assert patriot.kind.value == "media" and patriot.jurisdiction == "RU"
    assert patriot.body == "Министерство обороны Российской Федерации"
    assert patriot.function_area == "budget_finance" and "embezzlement" in patriot.signals
    assert str(patriot.date) == "2024-08-01" or patriot.date is not None


def test_scan_register_option_stores_once(tmp_path, items, media_model):
    path = tmp_path / "in.jsonl"
    ids = ["tg:Mash:59503", "tg:SHOT:74528", "tg:Ньюсач/Двач:128615", "tg:РИА Новости:270784"]
    path.write_text("".join(json.dumps({"id": i, "text": items[i].text, "published": items[i].published},
                                       ensure_ascii=False) + "\n" for i in ids), encoding="utf-8")
    db = f"sqlite:///{tmp_path}/r.sqlite"
    args = ["media", "scan", str(path), "--out", str(tmp_path / "o.jsonl"), "--register", "--db", db,
            "--jurisdiction", "RU"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "получено 4, добавлено 4" in first.output
    again = runner.invoke(app, args)
    assert "добавлено 0, уже в реестре 4" in again.output

    from pipeline.register import Register

    with Register(db) as register:      # four stories of one regional minister's bribe
        entries = register.entries()
        assert sum(len(e.evidence) for e in entries) == 4
        for entry in entries:
            assert entry.jurisdiction == "RU" and entry.factor is None
            assert "Взяточничество" in entry.risk
