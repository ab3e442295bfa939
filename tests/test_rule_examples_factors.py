"""No positive or negative example of the eleven factor rule files quotes a clause of a test
region of the acts: the detectors' test figures are only held out if the rules were never
written from test text (``corpora/tools/check_rule_examples.py --factors``).

The clauses are read once per session from ../shared/data/acts (the Civil Code PDF takes
seconds); the checker caches them, so both tests share one read.
"""
from __future__ import annotations

import re
import shutil

import pytest


@pytest.fixture(scope="session")
def clauses(acts_dir, check_rule_examples):
    """Every clause of the acts by split, as the checker reads them (cached in the module)."""
    return check_rule_examples.act_clauses(acts_dir.resolve())


def test_no_factor_rule_example_quotes_a_test_clause(acts_dir, clauses, capsys, check_rule_examples):
    tool = check_rule_examples
    assert len(tool.factor_rule_files()) == 11
    status = tool.main(["--factors", "--acts", str(acts_dir)])
    report = capsys.readouterr().out
    assert status == 0, report
    assert re.match(r"\d{3} examples checked; 0 quote a test clause", report), report


def test_checker_flags_a_planted_test_quotation(acts_dir, clauses, tmp_path, check_rule_examples):
    tool = check_rule_examples
    test = next(c for c in clauses["test"] if len(tool.words(c.text)) > 25)
    dev = next(c for c in clauses["dev"] if len(tool.words(c.text)) > 25
               and not any(tool.matches(tool.RuleExample("", "", c.text, (c.text,), None), t)
                           for t in clauses["test"]))
    shortened = " ".join(tool.words(test.text)[:20])        # «(начало)», punctuation dropped
    rules = tmp_path / "optional_power.yaml"
    rules.write_text(
        "factor: optional_power\nversion: 1\nrules:\n  - id: optional_power.x\n    examples:\n"
        f"      positive:\n        - {{text: {test.text!r}, evidence: x, source: test}}\n"
        f"        - {{text: {dev.text!r}, evidence: x, source: dev}}\n"
        f"      negative:\n        - {{text: {shortened!r}, source: test (начало)}}\n",
        encoding="utf-8")
    examples = tool.check_factors([rules], acts_dir)
    assert [e.where for e in examples if e.leak] == ["optional_power.x positive[0]",
                                                     "optional_power.x negative[0]"]
    assert test.id in examples[0].test_hits
    assert dev.id in examples[1].dev_hits and not examples[1].test_hits
    for path in tool.factor_rule_files():           # the real files of the other ten factors
        if path.name != rules.name:
            shutil.copy(path, tmp_path / path.name)
    assert tool.main(["--factors", "--acts", str(acts_dir), "--rules-dir", str(tmp_path)]) == 1
