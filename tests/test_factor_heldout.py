"""The held-out factor sample (corpora/tools/factor_heldout.py): stratified scoring and a
committed sample that is what it says (fresh test-region clauses, every finding of the pool)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ACTS = REPO.parent / "shared" / "data" / "acts"


@pytest.fixture(scope="module")
def heldout(corpus_tools):
    return corpus_tools("factor_heldout")


def _record(stratum: str, predicted: list[str], gold: list[str]) -> dict:
    return {"stratum": stratum, "predicted": predicted, "labels": [{"factor": f} for f in gold]}


def test_score_weights_each_strata_misses_by_its_share_of_the_pool(heldout):
    records = [
        _record("fired", ["optional_power"], ["optional_power"]),
        _record("fired", ["missing_deadline"], []),
        _record("fired", ["optional_power", "excessive_delegation"], ["excessive_delegation", "open_grounds"]),
        _record("marked", [], ["optional_power"]),
        _record("marked", [], []),
        _record("plain", [], []),
    ]
    result = heldout.score(records, {"fired": 3, "marked": 10, "plain": 200})
    micro = result["micro"]
    # 2 true and 2 false findings; misses: open_grounds in a fired clause (weight 3/3 = 1) and
    # optional_power in one of 2 drawn marked clauses (weight 10/2 = 5): 6 estimated
    assert (micro["tp"], micro["fp"], micro["fn_estimated"]) == (2, 2, 6.0)
    assert micro["precision"] == 0.5
    assert micro["recall_estimated"] == pytest.approx(2 / 8, abs=1e-4)
    assert result["factors"]["optional_power"]["fn_estimated"] == 5.0
    assert result["factors"]["missing_deadline"]["precision"] == 0.0
    assert result["missed_in_sample"] == {"fired": 1, "marked": 1}


def _clauses(n: int) -> list[dict]:
    return [{"id": f"x-{i}", "text": f"clause {i}"} for i in range(n)]


def test_first_batch_takes_every_fired_clause_and_samples_the_rest(heldout, monkeypatch):
    monkeypatch.setitem(heldout.BATCHES, 1, (2034, 1, 1))
    clauses = _clauses(6)
    found = [{"optional_power"}, set(), {"open_grounds"}, set(), set(), set()]
    markers = [set(), {"optional_power"}, set(), {"admin_barriers"}, set(), set()]
    sample, sizes = heldout.draw(clauses, found, markers)
    assert dict(sizes) == {"fired": 2, "marked": 2, "plain": 2}
    assert [r["id"] for r in sample if r["stratum"] == "fired"] == ["x-0", "x-2"]
    assert sorted(r["stratum"] for r in sample) == ["fired", "fired", "marked", "plain"]
    assert all("batch" not in r for r in sample)


def test_second_batch_adds_unfired_clauses_of_the_same_pool_and_none_of_the_first(heldout, monkeypatch):
    monkeypatch.setitem(heldout.BATCHES, 2, (2035, 3, 2))
    clauses = _clauses(12)
    found = [{"optional_power"}, set(), set(), set(), set(), set(), set(), set(), set(), set(), set(), set()]
    markers = [set(), {"optional_power"}, {"open_grounds"}, {"optional_power"}, {"admin_barriers"},
               {"optional_power"}, set(), set(), set(), set(), set(), set()]
    first = [{"id": "x-0", "stratum": "fired"}, {"id": "x-1", "stratum": "marked"},
             {"id": "x-6", "stratum": "plain"}]
    pool = {"fired": 1, "marked": 5, "plain": 6}
    second, sizes = heldout.draw(clauses, found, markers, 2, first, pool)
    assert dict(sizes) == pool
    ids = [r["id"] for r in second]
    assert not {"x-0", "x-1", "x-6"} & set(ids)
    assert sorted(r["stratum"] for r in second) == ["marked"] * 3 + ["plain"] * 2
    assert all(r["batch"] == 2 and r["predicted"] == [] for r in second)
    assert ids == sorted(ids, key=lambda i: int(i.split("-")[1]))          # document order
    assert second == heldout.draw(clauses, found, markers, 2, first, pool)[0]   # seeded
    # a batch of «all that are left» takes the rest of the marked stratum
    monkeypatch.setitem(heldout.BATCHES, 3, (2037, None, 1))
    third, _ = heldout.draw(clauses, found, markers, 3, first + second, pool)
    assert sorted(r["id"] for r in third if r["stratum"] == "marked") == \
        sorted({"x-2", "x-3", "x-4", "x-5"} - set(ids))
    assert [r["stratum"] for r in third].count("plain") == 1 and {r["batch"] for r in third} == {3}


def test_second_batch_is_refused_when_the_analyzer_sorts_the_pool_otherwise(heldout):
    clauses = _clauses(3)
    first = [{"id": "x-0", "stratum": "fired"}]
    with pytest.raises(SystemExit, match="sorts the pool differently"):
        # x-1 now draws a finding too: the fired stratum is not the one batch 1 took whole
        heldout.draw(clauses, [{"optional_power"}, {"open_grounds"}, set()], [set(), set(), set()],
                     2, first, {"fired": 1, "plain": 2})


def test_committed_sample_is_fresh_test_region_text_with_every_finding(heldout):
    import sample_clauses as base
    import sample_factor_clauses as rounds

    records = [json.loads(line) for line in heldout.HELDOUT.read_text(encoding="utf-8").splitlines() if line]
    meta = json.loads(heldout.META.read_text(encoding="utf-8"))
    clauses = {c["id"]: c for c in base.load_clauses(ACTS, extra=True)}
    split = rounds.regions(list(clauses.values()))
    gold = {json.loads(line)["id"] for line in (rounds.CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line}
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert r["text"] == clauses[r["id"]]["text"]
        assert split[r["id"]] == "test" and r["id"] not in gold
        assert (r["stratum"] == "fired") == bool(r["predicted"])
        assert r.get("batch", 1) == 1 or r["stratum"] != "fired"
        for label in r["labels"]:
            assert r["text"][label["start"]:label["end"]] == label["evidence"]
            assert label["factor"] in heldout.LABELLED
    drawn = {s: sum(r["stratum"] == s for r in records) for s in meta["pool"]}
    assert drawn == meta["drawn"]
    assert drawn["fired"] == meta["pool"]["fired"]        # every finding of the pool is in the sample


def test_bootstrap_intervals_bracket_the_point_figures(heldout):
    records = [_record("fired", ["optional_power"], ["optional_power"])] * 3 + \
        [_record("fired", ["missing_deadline"], [])] * 2 + \
        [_record("marked", [], ["open_grounds"])] + [_record("marked", [], [])] * 3 + \
        [_record("plain", [], [])] * 4
    sizes = {"fired": 5, "marked": 40, "plain": 400}
    point = heldout.score(records, sizes)["micro"]
    bounds = heldout.intervals(records, sizes, n=300)
    for key in ("precision", "recall_estimated"):
        low, high = bounds[key]
        assert low <= point[key] <= high and low < high


def test_agreement_counts_pairs_and_lists_the_clauses_that_differ(heldout):
    first = [{"id": "a", "labels": [{"factor": "optional_power"}]},
             {"id": "b", "labels": [{"factor": "optional_power"}, {"factor": "missing_deadline"}]},
             {"id": "c", "labels": []}, {"id": "d", "labels": []}]
    second = [{"id": "a", "labels": [{"factor": "optional_power"}]},
              {"id": "b", "labels": [{"factor": "optional_power"}]},
              {"id": "c", "labels": [{"factor": "open_grounds"}]}, {"id": "d", "labels": []}]
    result = heldout.agreement(first, second)
    assert (result["pairs_first"], result["pairs_second"], result["both"]) == (3, 3, 2)
    assert result["micro_f1"] == pytest.approx(2 * 2 / 6, abs=1e-4)
    assert result["factors"]["missing_deadline"] == {"both": 0, "first_only": 1, "second_only": 0}
    assert [d["id"] for d in result["differ"]] == ["b", "c"]
    assert 0 < result["kappa"] < result["micro_f1"] < 1
    assert heldout.agreement(first, first)["kappa"] == 1.0
    with pytest.raises(SystemExit, match="lacks 1 clauses"):
        heldout.agreement(first, second[:3])


def test_every_clause_the_two_annotations_disagree_on_was_adjudicated(heldout):
    records = [json.loads(line) for line in heldout.HELDOUT.read_text(encoding="utf-8").splitlines() if line]
    second = [json.loads(line) for line in heldout.SECOND.read_text(encoding="utf-8").splitlines() if line]
    first_two = [r for r in records if r.get("batch", 1) in (1, 2)]
    assert {r["id"] for r in second} == {r["id"] for r in first_two}      # batches 1-2, whole
    result = heldout.agreement(first_two, second)
    adjudicated = {r["id"] for r in records if r.get("adjudicated")}
    assert {d["id"] for d in result["differ"]} <= adjudicated
    assert result["kappa"] > 0.8          # the labels are reproducible, or the figures mean little


def test_a_later_analyzers_findings_outside_fired_weigh_as_their_stratum(heldout):
    # a later analyzer finds optional_power in one of the 2 drawn marked clauses (pool 10):
    # it stands for 5 true findings; its false one in a plain clause (2 drawn of 200) for 100
    records = [_record("fired", ["optional_power"], ["optional_power"]),
               _record("marked", ["optional_power"], ["optional_power"]),
               _record("marked", [], []),
               _record("plain", ["missing_deadline"], []),
               _record("plain", [], [])]
    micro = heldout.score(records, {"fired": 1, "marked": 10, "plain": 200})["micro"]
    assert (micro["tp"], micro["fp"], micro["fn_estimated"]) == (6, 100, 0.0)
    assert micro["precision"] == pytest.approx(6 / 106, abs=1e-4)
