"""``taza media scan``: the stable JSONL contract (exact keys, one line per input, same
order) on real publications, other input forms, bad lines, and the decisions on real cases."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.media.scan import CONTRACT_KEYS

runner = CliRunner()
# Real publications: signals, a fraud-only hard negative, policy news and everyday news.
IDS = ["tg:112:17782", "tg:Москва Live:19588", "tg:Mash:59503", "tg:Банкста:61135",
       "golunov:2016-11-07-Липы за\xa0200 тысяч", "tg:РИА Новости:270784", "tg:Москва с огоньком Live:27123"]


def _contract_input(items, path, ids=IDS):
    with path.open("w", encoding="utf-8") as fh:
        for i in ids:
            item = items[i]
            record = {"id": i, "text": item.text}
            if item.title:
                record["title"] = item.title
            if item.published:
                record["published"] = item.published
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


@pytest.fixture(scope="module")
def scanned(items, tmp_path_factory, media_model):
    folder = tmp_path_factory.mktemp("scan")
    _contract_input(items, folder / "in.jsonl")
    result = runner.invoke(app, ["media", "scan", str(folder / "in.jsonl"), "--out",
                                 str(folder / "out.jsonl"), "--details", str(folder / "details.jsonl")])
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in (folder / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    details = [json.loads(x) for x in (folder / "details.jsonl").read_text(encoding="utf-8").splitlines()]
    return out, details, result.output


def test_contract_keys_types_and_order(scanned):
    out, _, _ = scanned
    assert [r["id"] for r in out] == IDS
    for r in out:
        assert tuple(r) == CONTRACT_KEYS
        assert isinstance(r["is_signal"], bool) and 0.0 <= r["confidence"] <= 1.0
        assert all(isinstance(x, str) for x in (*r["organizations"], *r["persons"], r["evidence"]))
        assert set(r["event_types"]) <= {"bribery", "embezzlement", "abuse_of_office", "procurement_fraud",
                                         "conflict_of_interest", "illegal_enrichment", "anticorruption_policy"}


def test_real_decisions(scanned):
    out, _, _ = scanned
    by_id = {r["id"]: r for r in out}
    general = by_id["tg:112:17782"]          # ex-commander arrested for stealing defence materials (M1)
    assert general["is_signal"] and general["event_types"] == ["embezzlement"]
    assert "Иван Попов" in general["persons"] and "хищениям" in general["evidence"]
    minister = by_id["tg:Mash:59503"]        # regional minister detained for a bribe
    assert minister["is_signal"] and "bribery" in minister["event_types"]
    assert by_id["tg:РИА Новости:270784"]["is_signal"]
    lindens = by_id["golunov:2016-11-07-Липы за\xa0200 тысяч"]   # overpriced city tenders (M5)
    assert lindens["is_signal"] and "procurement_fraud" in lindens["event_types"]
    for hard_negative in ("tg:Москва Live:19588", "tg:Банкста:61135", "tg:Москва с огоньком Live:27123"):
        assert not by_id[hard_negative]["is_signal"], hard_negative   # private fraud, impostors
        assert not {"bribery", "embezzlement"} & set(by_id[hard_negative]["event_types"])


def test_details_link_bodies_and_keep_extra_keys_out_of_the_contract(scanned):
    _, details, _ = scanned
    lindens = next(d for d in details if d["id"].startswith("golunov:"))
    assert lindens["jurisdiction"] == "RU" and lindens["cluster"].startswith("story:")
    assert any(b["body_id"] == "ru.moscow_capital_repair" for b in lindens["bodies"])
    assert set(details[0]) - set(CONTRACT_KEYS) >= {"bodies", "rule_ids", "cluster"}


def test_bad_lines_are_reported_and_the_rest_scanned(tmp_path, items):
    path = tmp_path / "in.jsonl"
    good = json.dumps({"id": "a", "text": items["tg:Mash:59503"].text}, ensure_ascii=False)
    path.write_text(good + "\n{broken\n" + json.dumps({"id": 5, "text": "x"}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["media", "scan", str(path), "--out", str(tmp_path / "o.jsonl"),
                                 "--rules-only"])
    assert result.exit_code == 0
    assert f"{path}:2" in result.output and f"{path}:3" in result.output
    assert [json.loads(x)["id"] for x in (tmp_path / "o.jsonl").read_text().splitlines()] == ["a"]


def test_feed_input(tmp_path, items):
    from test_media_ingest import RSS

    feed = tmp_path / "lenta.rss"
    feed.write_text(RSS.format(title="Замгубернатора задержан", text=items["tg:Mash:59503"].text),
                    encoding="utf-8")
    result = runner.invoke(app, ["media", "scan", str(feed), "--out", str(tmp_path / "o.jsonl"),
                                 "--rules-only"])
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert [r["id"] for r in out] == ["feed:https://news.example.kz/a/1", "feed:https://news.example.kz/a/2"]
    assert out[0]["is_signal"] and not out[1]["is_signal"]


def test_missing_input_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["media", "scan", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "файл не найден" in result.output
