"""``taza eval media`` pieces: fuzzy organisation matching, the keyword baseline, a small
evaluation run over real gold publications."""
from __future__ import annotations

import json

import pytest

from pipeline.media.evaluate import BASELINE, bootstrap_intervals, evaluate_media, match_orgs
from pipeline.scores import Scores

HIT, ALARM, MISS, QUIET = Scores(1, 0, 0), Scores(0, 1, 0), Scores(0, 0, 1), Scores(0, 0, 0)


def test_organisations_match_by_form_or_by_body():
    gold = ["Генеральная прокуратура", "акимат Алматы", "ТОО «Кызылжар Су»"]
    predicted = ["Генеральной прокуратуры", "Акимат Алматы", "Самрук-Казына"]
    assert match_orgs(gold, predicted, "KZ") == Scores(2, 1, 1)
    assert match_orgs(["Минобороны"], ["Министерство обороны России"], "RU") == Scores(1, 0, 0)
    # two different akimats are not one body: generic bodies match by name only
    assert match_orgs(["акимат Шымкента"], ["акимат Алматы"], "KZ") == Scores(0, 1, 1)


def test_keyword_baseline():
    assert BASELINE.search("задержан при получении взятки") and BASELINE.search("Хищение")
    assert not BASELINE.search("мошенники развели пенсионерку")


def test_small_run(tmp_path, gold):
    ids = ["tg:112:17782", "tg:Банкста:61135", "tg:Mash:59503", "tg:Москва Live:19588"]
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps({"id": i, "set": gold[i].item.set, "split": "test",
                                          "is_signal": gold[i].is_signal,
                                          "event_types": list(gold[i].event_types),
                                          "organizations": list(gold[i].organizations)},
                                         ensure_ascii=False) + "\n" for i in ids), encoding="utf-8")
    report = evaluate_media(labels, split="test", model=None, entities=False)
    assert report.n == 4 and report.signal == Scores(2, 0, 0)
    assert report.fraud_only["posts"] == 2 and report.fraud_only["false_alarms"] == 0
    assert report.types["bribery"].tp == 1 and report.types["embezzlement"].tp == 1
    assert "Сигнал / is_signal" in report.render() and report.as_dict()["publications"] == 4
    # every item right: every resample scores 1.0, and the interval line is printed
    assert report.intervals == {"is_signal_f1": (1.0, 1.0), "event_types_micro_f1": (1.0, 1.0)}
    assert "bootstrap interval" in report.render() and "[1.000, 1.000]" in report.render()
    assert report.as_dict()["bootstrap_95"]["is_signal_f1"] == [1.0, 1.0]


@pytest.mark.parametrize("items, low_max, high_min", [
    # F1 2·8/(2·8+2+2) = 0.8 on 20 items: a wide interval around it
    ([HIT] * 8 + [ALARM] * 2 + [MISS] * 2 + [QUIET] * 8, 0.7, 0.9),
    # the same proportions on 10× the items: the interval is narrower but still covers 0.8
    (([HIT] * 8 + [ALARM] * 2 + [MISS] * 2 + [QUIET] * 8) * 10, 0.79, 0.81),
])
def test_bootstrap_interval_covers_the_point_and_narrows_with_items(items, low_max, high_min):
    low, high = bootstrap_intervals({"f1": items})["f1"]
    assert 0.0 <= low <= low_max and high_min <= high <= 1.0


def test_bootstrap_is_seeded_and_shares_draws():
    items = [HIT] * 8 + [ALARM] * 2 + [MISS] * 2 + [QUIET] * 8
    first = bootstrap_intervals({"a": items, "b": items})
    assert first == bootstrap_intervals({"a": items, "b": items})
    assert first["a"] == first["b"]          # one resample of the items serves every metric
    assert bootstrap_intervals({"a": items}, seed=1) != bootstrap_intervals({"a": items}, seed=2)
    small, large = bootstrap_intervals({"a": items})["a"], \
        bootstrap_intervals({"a": items * 10})["a"]
    assert large[1] - large[0] < small[1] - small[0]
    assert bootstrap_intervals({"a": []}) == {}
