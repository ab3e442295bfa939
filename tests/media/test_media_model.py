"""The saved media model: metadata beside it, refused when made with other library versions,
trained on the dev split only; and the gold corpus tool's split."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter

import pytest

from pipeline.media.model import (MODELS_DIR, RECORD_FORMAT, MediaModel, ModelRefused,
                                  head_end, latest_version, library_versions)


def test_meta_records_versions_data_and_threshold(media_model):
    meta = media_model.meta
    assert meta["versions"] == library_versions()
    assert meta["split"] == "dev" and meta["examples"] > 500 and len(meta["data_hash"]) == 16
    assert 0.2 <= meta["threshold"] <= 0.8 and meta["cross_validated"]["signal_f1"] > 0.8


def test_version_mismatch_is_refused(tmp_path, media_model):
    copy = tmp_path / "v1"
    shutil.copytree(MODELS_DIR / latest_version(), copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta["versions"]["scikit-learn"] = "0.24.2"
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelRefused, match="scikit-learn 0.24.2"):
        MediaModel.load(copy)


def test_older_feature_format_is_refused(tmp_path, media_model):
    copy = tmp_path / "v1"
    shutil.copytree(MODELS_DIR / latest_version(), copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta.pop("record_format")
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelRefused, match="формат признаков 1"):
        MediaModel.load(copy)


def test_the_scanner_loads_the_latest_model(tmp_path, media_model):
    assert media_model.meta["version"] == latest_version()
    assert media_model.meta["record_format"] == RECORD_FORMAT
    for name in ("v1", "v3", "v10", "vx"):
        (tmp_path / name).mkdir()
    (tmp_path / "v3" / "meta.json").write_text("{}", encoding="utf-8")
    (tmp_path / "v10" / "meta.json").write_text("{}", encoding="utf-8")
    assert latest_version(tmp_path) == "v10"


@pytest.mark.parametrize(("text", "title_end", "end"), [
    ("Аким задержан. Суд арестовал его на два месяца.", 0, 14),   # Telegram: first sentence
    ("Заголовок\nАким задержан. Суд арестовал его.", 10, 10),      # a title
    ("слово " * 100, 0, 300),                                       # no full stop: capped
])
def test_head_is_the_title_or_the_first_sentence(text, title_end, end):
    assert head_end(text, title_end) == end


def test_cross_validation_folds_are_stratified():
    from collections import Counter

    from pipeline.media.crossval import fold_ids

    strata = ["golunov:True"] * 10 + ["telegram:False"] * 25
    folds = fold_ids(strata, 5)
    assert Counter(zip(strata, folds.tolist())) == {**{("golunov:True", k): 2 for k in range(5)},
                                                    **{("telegram:False", k): 5 for k in range(5)}}
    assert (fold_ids(strata, 5) == folds).all()                     # a fixed seed


def test_missing_model_is_refused(tmp_path):
    with pytest.raises(ModelRefused, match="taza media train"):
        MediaModel.load(tmp_path / "v9")


def test_gold_split_is_stratified(gold):
    counts = Counter((g.split, g.item.set, g.is_signal) for g in gold.values())
    for s in ("telegram", "tengrinews", "golunov"):
        assert counts[("test", s, True)] >= 1 and counts[("dev", s, True)] >= 1
    fraud_negatives = Counter(g.split for g in gold.values() if g.fraud_only and not g.is_signal)
    assert fraud_negatives["test"] >= 30 and fraud_negatives["dev"] >= 60
    share = sum(g.split == "test" for g in gold.values()) / len(gold)
    assert 0.27 <= share <= 0.33


def test_gold_holds_labels_only():
    from pipeline.media.corpus import DEFAULT_LABELS

    for line in DEFAULT_LABELS.read_text(encoding="utf-8").splitlines()[:50]:
        assert set(json.loads(line)) <= {"id", "set", "split", "is_signal", "event_types",
                                         "organizations", "hard"}


def test_labels_tool_validates(tmp_path, gold):
    from pipeline.media.corpus import REPO

    good = tmp_path / "labels_X.jsonl"
    bad_record = {"id": "tg:112:17782", "set": "telegram", "is_signal": True,
                  "event_types": ["anticorruption_policy"], "organizations": []}
    good.write_text(json.dumps(bad_record, ensure_ascii=False) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(REPO / "corpora" / "tools" / "media_labels.py"),
                          "validate", str(good)], capture_output=True, text=True)
    assert run.returncode == 1 and "сигнал без типа случая" in run.stdout


@pytest.mark.parametrize(("scores", "threshold", "share", "expected"), [
    # every type at or above the threshold
    ({"bribery": 0.9, "embezzlement": 0.5, "abuse_of_office": 0.2}, 0.45, 0.0,
     ("bribery", "embezzlement")),
    # a second type must also reach the share of the best one
    ({"bribery": 0.9, "embezzlement": 0.5, "abuse_of_office": 0.2}, 0.45, 0.6, ("bribery",)),
    ({"bribery": 0.9, "embezzlement": 0.6}, 0.45, 0.6, ("bribery", "embezzlement")),
    # nothing reaches the threshold: a signal still gets its best type
    ({"bribery": 0.2, "procurement_fraud": 0.3}, 0.45, 0.0, ("procurement_fraud",)),
    ({}, 0.45, 0.0, ()),
])
def test_choose_types(scores, threshold, share, expected):
    from pipeline.media.cues import CASE_TYPES
    from pipeline.media.model import choose_types

    assert choose_types(scores, {t: threshold for t in CASE_TYPES}, share) == expected


def test_v5_is_the_default_and_v2_v4_stay_usable(media_model, items):
    import inspect

    from pipeline.media import cli
    from pipeline.media.model import DEFAULT_VERSION, TYPE_SHARES

    assert DEFAULT_VERSION == "v5" == latest_version() == media_model.meta["version"]
    assert inspect.signature(cli.train).parameters["version"].default == DEFAULT_VERSION
    assert media_model.meta["type_share"] in TYPE_SHARES
    # the previous models stay on disk and still load (v2: no share, every type over its
    # threshold; v3: the same recipe as v4 before the cue corrections of pass 3; v4: no dense
    # block), and they decide on the scanner's records, which now carry the dense vector
    old = MediaModel.load(MODELS_DIR / "v2")
    assert old.meta["version"] == "v2" and "type_share" not in old.meta
    v3 = MediaModel.load(MODELS_DIR / "v3")
    assert v3.meta["version"] == "v3" and v3.meta["type_share"] in TYPE_SHARES
    v4 = MediaModel.load(MODELS_DIR / "v4")
    assert v4.meta["record_format"] == 2 and "dense_weight" not in v4.meta
    from pipeline.media.scan import MediaScanner

    item = items["tg:РИА Новости:270784"]          # a minister held over a bribe
    a = next(iter(MediaScanner(entities=False).analyse([item])))
    for model in (old, v3, v4):
        with_dense = model.decide(a.evidence, a.lemmas, a.head, a.dense)
        assert with_dense == model.decide(a.evidence, a.lemmas, a.head)
        assert with_dense.is_signal and "bribery" in with_dense.event_types
