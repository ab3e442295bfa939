"""The rules fingerprint stored with each analysed act covers what the act analysis reads."""
from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.rulebook import rules_fingerprint

RULES = Path(__file__).resolve().parents[1] / "rules"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def test_a_factor_rule_or_lexicon_change_means_reanalysis(tmp_path):
    rules = _copy(tmp_path)
    before = rules_fingerprint(rules)
    assert before == rules_fingerprint(rules)
    (rules / "lexicons" / "inert_verbs.txt").write_text(
        (rules / "lexicons" / "inert_verbs.txt").read_text(encoding="utf-8") + "\nпроверить\n",
        encoding="utf-8")
    changed = rules_fingerprint(rules)
    assert changed != before
    path = rules / "optional_power.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# правка\n", encoding="utf-8")
    assert rules_fingerprint(rules) != changed


def test_complaint_media_and_reference_rules_leave_acts_alone(tmp_path):
    rules = _copy(tmp_path)
    before = rules_fingerprint(rules)
    for name in ("media_signals.yaml", "complaints_signals.yaml", "taxonomy.yaml",
                 "references.yaml", "schedules.yaml"):
        path = rules / name
        path.write_text(path.read_text(encoding="utf-8") + "\n# правка\n", encoding="utf-8")
    assert rules_fingerprint(rules) == before
