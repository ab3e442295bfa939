"""The held-out factor sample (corpora/tools/factor_heldout.py): stratified scoring and a
committed sample that is what it says (fresh test-region clauses, every finding of the pool)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TOOLS = REPO / "corpora" / "tools"
ACTS = REPO.parent / "shared" / "data" / "acts"


@pytest.fixture(scope="module")
def heldout():
    sys.path.insert(0, str(TOOLS))
    spec = importlib.util.spec_from_file_location("factor_heldout", TOOLS / "factor_heldout.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
        for label in r["labels"]:
            assert r["text"][label["start"]:label["end"]] == label["evidence"]
            assert label["factor"] in heldout.LABELLED
    drawn = {s: sum(r["stratum"] == s for r in records) for s in meta["pool"]}
    assert drawn == meta["drawn"]
    assert drawn["fired"] == meta["pool"]["fired"]        # every finding of the pool is in the sample
