"""``taza eval media`` pieces: fuzzy organisation matching, the keyword baseline, a small
evaluation run over real gold publications."""
from __future__ import annotations

import json

from pipeline.media.evaluate import BASELINE, evaluate_media, match_orgs
from pipeline.scores import Scores


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
