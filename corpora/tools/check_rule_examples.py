#!/usr/bin/env python3
"""Do the rule files quote held-out (test-split) appeals? Exit 1 when any example does.

    python3 corpora/tools/check_rule_examples.py            # report leaks, exit 1 if any
    python3 corpora/tools/check_rule_examples.py --all      # also list shared phrases
    python3 corpora/tools/check_rule_examples.py --json     # machine-readable

Checked files: ``rules/complaints_signals.yaml`` (every ``text`` of the positive and negative
examples of the signal rules and the cues), ``rules/taxonomy.yaml`` (every «quoted»
fragment of every ``examples`` entry; an entry without guillemets is taken whole; «…» splits a
quotation into pieces that must all be found) and ``corpora/complaints/GUIDELINES.md`` (every
«quoted» fragment of every line; a line of the hard-case table cites the appeal of its first
cell). The guidelines are where the rules and cues are written from, so a test appeal quoted
there leaks as surely as one quoted in a rule.

An example **matches** an appeal text when, after normalisation (case, «ё», spacing),

* it is a substring of the text, or
* at least ``--overlap`` (0.8) of its words lie, in order, in runs of at least
  ``MIN_RUN`` (3) consecutive words shared with the text (all of them for a shorter example);
  words are compared by their first ``STEM`` (5) letters, so a quotation whose endings were
  changed («самовольное занятие участка» for «самовольному занятию участка») still matches.

An example that matches a **test** appeal is a **leak** unless it cites a dev appeal
(``source: appeal <id>`` in the signals file, ``(<id>)`` in the taxonomy) whose text it matches
too: then it is a phrase that dev and test happen to share («Несанкционированные надписи») and is
only listed with ``--all``. A typical wording that matches a test appeal is a leak: if it is
real portal wording, cite a dev appeal that holds it, or reword it.

Splits come from ``corpora/complaints/labels.jsonl``; texts from
../shared/data/complaints/spb-appeals-nash-spb/appeals_dev.jsonl (``TAZA_COMPLAINT_TEXTS``
overrides). Standard library and PyYAML only.

Factor rules (``--factors``, GitHub issue 3):

    python3 corpora/tools/check_rule_examples.py --factors [--acts DIR] [--rules-dir DIR]

Every positive and negative ``text`` of the eleven ``rules/<factor>.yaml`` files
(``FACTOR_RULES``) is matched, as above, against every clause of the acts
(``sample_clauses.load_clauses(acts, extra=True)``: the clauses the factor gold is drawn from,
whether drawn or not), each clause in the split of its region
(``sample_factor_clauses.regions``). An example that matches a clause of a **test** region is a
leak, whatever its ``source`` says: a dev clause whose wording recurs in a test region (the
servitude articles of the KR Land Code and Civil Code) flatters the test figure as much as a
quotation of the test clause. Acts from ../shared/data/acts (``TAZA_ACTS`` overrides); the
Civil Code PDF is read with the project's reader, so run it with the venv's Python.

When the check came in (2026-11-23) 25 of the 162 examples matched 27 test clauses (21 of them
in ``gold.jsonl``); they were replaced by dev-region clauses. Where no dev-region clause
exists on which a rule fires (``imeet_pravo``, ``other_grounds``, ``other_legislation``,
``consider``, ``considered``, ``return``, ``without_tender_by_decision``,
``allowed_by_approval``, ``kak_pravilo``), the example is a dev clause simplified to show the
rule («упрощено») or, where the dev regions lack the wording altogether («как правило», «допускается
по согласованию с»), a sentence composed in the acts' style («составлено»); its ``source`` says
which. The effect on the test figures is in
``corpora/factors/README.md`` («Rule examples and the test split»).
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import re
import sys
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "corpora" / "complaints" / "labels.jsonl"
TEXTS = ROOT.parent / "shared" / "data" / "complaints" / "spb-appeals-nash-spb" / "appeals_dev.jsonl"
SIGNALS_FILE = ROOT / "rules" / "complaints_signals.yaml"
TAXONOMY_FILE = ROOT / "rules" / "taxonomy.yaml"
GUIDELINES_FILE = ROOT / "corpora" / "complaints" / "GUIDELINES.md"
RULES_DIR = ROOT / "rules"
ACTS = ROOT.parent / "shared" / "data" / "acts"
TOOLS = Path(__file__).resolve().parent
# the factors with detectors (../shared/FACTORS.md): rules/<factor>.yaml each
FACTOR_RULES = ("optional_power", "broad_discretion", "open_grounds", "missing_deadline",
                "missing_procedure", "excessive_delegation", "selective_rights", "no_competition",
                "excessive_requirements", "admin_barriers", "linguistic_uncertainty")
OVERLAP = 0.8
MIN_RUN = 3                     # words: a shorter shared run is chance («на дороге», «в доме»)
STEM = 5                        # letters: a crude stem that ignores Russian inflection

_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
_CITED_SIGNALS = re.compile(r"appeal (\d+)")
_CITED_TAXONOMY = re.compile(r"\((\d{6,})\)")
_CITED_GUIDELINES = re.compile(r"^\|\s*(\d{6,})\s*\|")


@dataclass
class RuleExample:
    file: str                   # path relative to the repo
    where: str                  # rule/cue id and slot, or taxonomy section/id
    text: str                   # the example as written
    pieces: tuple[str, ...]     # what is searched for (quotations, split at «…»)
    cited: str | None           # appeal id the example names, if any
    test_hits: list[str] = field(default_factory=list)
    dev_hits: list[str] = field(default_factory=list)

    @property
    def cites_matching_dev(self) -> bool:
        return self.cited is not None and self.cited in self.dev_hits

    @property
    def leak(self) -> bool:
        return bool(self.test_hits) and not self.cites_matching_dev


# --- reading the rule files --------------------------------------------------------------------
def _signal_examples(path: Path) -> list[RuleExample]:
    """Examples of the signal rules and cues; ``source: appeal <id>`` cites an appeal. A factor
    rule file has the same layout (``rules``, no cues) and its sources cite no appeal."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = []
    for section in ("rules", "cues"):
        for rule in data.get(section) or ():
            for polarity in ("positive", "negative"):
                for i, example in enumerate((rule.get("examples") or {}).get(polarity) or ()):
                    cited = _CITED_SIGNALS.fullmatch(str(example.get("source", "")).strip())
                    text = str(example["text"])
                    found.append(RuleExample(_rel(path), f"{rule['id']} {polarity}[{i}]", text,
                                             _pieces(text), cited.group(1) if cited else None))
    return found


def quotations(entry: str) -> list[str]:
    """Outermost «…» quotations of a taxonomy example (nested guillemets kept inside)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(entry):
        if ch == "«":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == "»" and depth:
            depth -= 1
            if depth == 0:
                out.append(entry[start:i])
    return out


def _taxonomy_examples(path: Path) -> list[RuleExample]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = []
    for section, entries in data.items():
        if not isinstance(entries, list):
            continue
        for entry in entries:
            for i, example in enumerate(entry.get("examples") or ()):
                example = str(example)
                quoted = quotations(example) or [example]
                cited = _CITED_TAXONOMY.search(example)
                pieces = tuple(p for q in quoted for p in _pieces(q))
                found.append(RuleExample(_rel(path), f"{section}.{entry['id']} examples[{i}]",
                                         example, pieces, cited.group(1) if cited else None))
    return found


def _guidelines_examples(path: Path) -> list[RuleExample]:
    """Every «quotation» of the guidelines, each with the appeal its table row cites (none
    outside the hard-case table). Quotations of fewer than two words («отписка») are portal
    vocabulary, not a quoted appeal."""
    if not path.is_file():
        return []
    found = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        cited = _CITED_GUIDELINES.match(line)
        for i, quoted in enumerate(quotations(line)):
            if len(words(quoted)) < 2:
                continue
            found.append(RuleExample(_rel(path), f"line {line_no} quotation[{i}]", quoted,
                                     _pieces(quoted), cited.group(1) if cited else None))
    return found


def _pieces(text: str) -> tuple[str, ...]:
    return tuple(p for p in _ELLIPSIS.split(text) if _WORD.search(p))


def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


# --- matching ------------------------------------------------------------------------------------
def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.casefold().replace("ё", "е")).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def stems(text: str) -> list[str]:
    return [w[:STEM] for w in words(text)]


class Passage:
    """A text examples are matched against: an appeal, or a clause of an act."""
    __slots__ = ("id", "text", "words", "vocabulary")

    def __init__(self, passage_id: str, text: str) -> None:
        self.id = passage_id
        self.text = normalise(text)
        self.words = stems(text)
        self.vocabulary = set(self.words)


def overlap(piece_words: list[str], appeal: Passage) -> float:
    """Share of the piece's words (stems) covered by in-order runs shared with the appeal."""
    if not piece_words:
        return 0.0
    if sum(w in appeal.vocabulary for w in piece_words) < OVERLAP * len(piece_words):
        return 0.0          # cannot reach the threshold: skip the alignment
    min_run = min(MIN_RUN, len(piece_words))
    blocks = SequenceMatcher(None, piece_words, appeal.words, autojunk=False).get_matching_blocks()
    covered = sum(b.size for b in blocks if b.size >= min_run)
    return covered / len(piece_words)


@functools.lru_cache(maxsize=4096)
def _prepared(pieces: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[list[str], ...]]:
    """The pieces normalised and stemmed, once per example rather than once per passage."""
    return tuple(normalise(p) for p in pieces), tuple(stems(p) for p in pieces)


def matches(example: RuleExample, appeal: Passage, threshold: float = OVERLAP) -> bool:
    normalised, piece_words = _prepared(example.pieces)
    if all(p in appeal.text for p in normalised):
        return True
    total = sum(len(w) for w in piece_words)
    if not total:
        return False
    covered = sum(overlap(w, appeal) * len(w) for w in piece_words)
    return covered / total >= threshold


# --- the check ----------------------------------------------------------------------------------
def load_splits(path: Path = LABELS) -> dict[str, str]:
    splits = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            splits[str(record["id"])] = record["split"]
    return splits


def load_texts(path: Path) -> dict[str, str]:
    texts = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            texts[str(record["id"])] = record.get("text") or ""
    return texts


def check(signals_file: Path = SIGNALS_FILE, taxonomy_file: Path = TAXONOMY_FILE,
          labels: Path = LABELS, texts: Path | None = None,
          threshold: float = OVERLAP, guidelines_file: Path | None = GUIDELINES_FILE
          ) -> list[RuleExample]:
    texts = texts or Path(os.environ.get("TAZA_COMPLAINT_TEXTS", TEXTS))
    splits = load_splits(labels)
    by_id = load_texts(texts)
    missing = [i for i in splits if i not in by_id]
    if missing:
        raise SystemExit(f"{len(missing)} gold ids have no text in {texts} (e.g. {missing[0]})")
    appeals = {split: [Passage(i, by_id[i]) for i, s in splits.items() if s == split]
               for split in ("dev", "test")}
    examples = _signal_examples(signals_file) + _taxonomy_examples(taxonomy_file)
    if guidelines_file is not None:
        examples += _guidelines_examples(guidelines_file)
    return _match(examples, appeals, threshold)


def _match(examples: list[RuleExample], by_split: dict[str, list[Passage]],
           threshold: float) -> list[RuleExample]:
    for example in examples:
        example.test_hits = [a.id for a in by_split["test"] if matches(example, a, threshold)]
        example.dev_hits = [a.id for a in by_split["dev"] if matches(example, a, threshold)]
    return examples


# --- the factor rules against the acts ------------------------------------------------------------
def factor_rule_files(rules_dir: Path = RULES_DIR) -> list[Path]:
    return [rules_dir / f"{factor}.yaml" for factor in FACTOR_RULES]


@functools.lru_cache(maxsize=2)
def act_clauses(acts: Path) -> dict[str, tuple[Passage, ...]]:
    """Every clause of the acts (``sample_clauses.load_clauses(acts, extra=True)``, the
    clauses the factor gold is drawn from, whether drawn or not) by the split of its region
    (``sample_factor_clauses.regions``). Cached: the Civil Code PDF takes seconds to read."""
    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))
    import sample_clauses
    import sample_factor_clauses

    clauses = sample_clauses.load_clauses(acts, extra=True)
    split = sample_factor_clauses.regions(clauses)
    return {s: tuple(Passage(c["id"], c["text"]) for c in clauses if split[c["id"]] == s)
            for s in ("dev", "test")}


def check_factors(rule_files: list[Path] | None = None, acts: Path | None = None,
                  threshold: float = OVERLAP) -> list[RuleExample]:
    """Every positive and negative example of the factor rule files matched against every
    clause of the acts; an example matching a test-region clause is a leak (it cites no
    appeal, so nothing excuses it)."""
    acts = Path(acts or os.environ.get("TAZA_ACTS", ACTS)).resolve()
    if not acts.is_dir():
        raise SystemExit(f"no acts folder {acts} (set --acts or TAZA_ACTS)")
    examples = [e for path in rule_files or factor_rule_files() for e in _signal_examples(path)]
    return _match(examples, act_clauses(acts), threshold)


def _describe(e: RuleExample, item: str = "appeal") -> str:
    cited = f"cites {e.cited}" if e.cited else f"cites no {item}"
    dev = f"; in dev {', '.join(e.dev_hits[:5])}" if e.dev_hits else f"; in no dev {item}"
    return (f"{e.file}: {e.where}: {e.text!r}\n    {cited}; in test {', '.join(e.test_hits[:5])}"
            f"{' …' if len(e.test_hits) > 5 else ''}{dev}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signals", type=Path, default=SIGNALS_FILE)
    parser.add_argument("--taxonomy", type=Path, default=TAXONOMY_FILE)
    parser.add_argument("--guidelines", type=Path, default=GUIDELINES_FILE)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--texts", type=Path, default=None)
    parser.add_argument("--overlap", type=float, default=OVERLAP)
    parser.add_argument("--factors", action="store_true",
                        help="check the eleven factor rule files against the clauses of the acts "
                             "instead of the complaints files")
    parser.add_argument("--rules-dir", type=Path, default=RULES_DIR,
                        help="with --factors: folder of the <factor>.yaml files")
    parser.add_argument("--acts", type=Path, default=None,
                        help="with --factors: the acts folder (default ../shared/data/acts)")
    parser.add_argument("--all", action="store_true", help="also list dev examples shared with test")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.factors:
        examples = check_factors(factor_rule_files(args.rules_dir), args.acts, args.overlap)
        item = "clause"
    else:
        examples = check(args.signals, args.taxonomy, args.labels, args.texts, args.overlap,
                         args.guidelines)
        item = "appeal"
    leaks = [e for e in examples if e.leak]
    shared = [e for e in examples if e.test_hits and not e.leak]
    if args.json:
        print(json.dumps({"checked": len(examples),
                          "leaks": [asdict(e) for e in leaks],
                          "shared_with_dev": [asdict(e) for e in shared]},
                         ensure_ascii=False, indent=1))
    else:
        print(f"{len(examples)} examples checked; {len(leaks)} quote a test {item}; "
              f"{len(shared)} cite a dev {item} and also occur in test")
        for e in leaks:
            print("LEAK " + _describe(e, item))
        if args.all:
            for e in shared:
                print("shared " + _describe(e, item))
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
