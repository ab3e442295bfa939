"""No example in rules/complaints_signals.yaml or rules/taxonomy.yaml, and no quotation in
corpora/complaints/GUIDELINES.md, quotes a test-split appeal: the rules' test figures are only
held out if the rule files, and the guidelines they are written from, never saw the test split.

Runs ``corpora/tools/check_rule_examples.py`` as a script (its exit status is the verdict) and,
in-process, checks that the checker itself finds a planted test quotation.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.complaints.corpus import DEFAULT_LABELS, DEFAULT_TEXTS

REPO = Path(__file__).resolve().parents[2]
TOOL = REPO / "corpora" / "tools" / "check_rule_examples.py"

pytestmark = pytest.mark.skipif(not (DEFAULT_LABELS.is_file() and DEFAULT_TEXTS.is_file()),
                                reason="complaints gold or appeal texts missing")


def test_no_rule_example_quotes_a_test_appeal():
    run = subprocess.run([sys.executable, str(TOOL)], capture_output=True, text=True,
                         encoding="utf-8", cwd=REPO, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def test_checker_finds_a_planted_test_quotation(tmp_path, check_rule_examples):
    tool = check_rule_examples
    splits = tool.load_splits(DEFAULT_LABELS)
    texts = tool.load_texts(DEFAULT_TEXTS)
    test_id = next(i for i, s in splits.items() if s == "test" and len(texts[i]) > 120)
    dev_id = next(i for i, s in splits.items() if s == "dev" and len(texts[i]) > 120)
    quoted = texts[test_id][:100]
    reworded = " ".join(tool.words(quoted)[1:])     # punctuation and one word off: overlap
    signals = tmp_path / "signals.yaml"
    signals.write_text(
        "version: 1\nrules:\n  - id: inaction.x\n    examples:\n"
        f"      positive:\n        - {{text: {quoted!r}, source: 'appeal {test_id}'}}\n"
        f"        - {{text: {reworded!r}, source: 'typical wording'}}\n"
        f"      negative:\n        - {{text: {texts[dev_id][:100]!r}, source: 'appeal {dev_id}'}}\n",
        encoding="utf-8")
    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text(
        "version: 1\nfunction_areas:\n  - id: other\n    examples:\n"
        f"      - «{quoted[:40]} … {quoted[60:]}» ({test_id})\n"
        f"      - «{texts[dev_id][:60]}» ({dev_id})\n",
        encoding="utf-8")
    guidelines = tmp_path / "GUIDELINES.md"
    guidelines.write_text(
        "# Hard cases\n| id | fragment | decision |\n|---|---|---|\n"
        f"| {test_id} | «{quoted}» | x |\n"
        f"| {dev_id} | «{texts[dev_id][:60]}» | x |\n"
        f"| {dev_id} | «отписка» and «{quoted[:60]}» | x |\n",
        encoding="utf-8")
    examples = tool.check(signals, taxonomy, DEFAULT_LABELS, DEFAULT_TEXTS,
                          guidelines_file=guidelines)
    leaks = [e.where for e in examples if e.leak]
    assert leaks == ["inaction.x positive[0]", "inaction.x positive[1]",
                     "function_areas.other examples[0]", "line 4 quotation[0]",
                     "line 6 quotation[1]"]
    assert tool.main(["--signals", str(signals), "--taxonomy", str(taxonomy),
                      "--guidelines", str(guidelines)]) == 1


def test_guillemets_nest(check_rule_examples):
    tool = check_rule_examples
    assert tool.quotations("«Администрация «покрывает» ТЦ» (1) и «ещё»") == [
        "Администрация «покрывает» ТЦ", "ещё"]
