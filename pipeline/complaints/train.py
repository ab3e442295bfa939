"""``taza complaints train``: fit the classifier on the dev split plus experts' corrections.

Training rows: every gold complaint of the **dev** split, its labels replaced by an expert's
correction where there is one; then corrected complaints outside the gold corpus (their text
from the correction file or from the appeals file). Corrections of **test** complaints are
left out, so the test split stays unseen. The model and ``meta.json`` go to
``models/complaints/<version>/``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy

from pipeline.complaints import model as model_mod
from pipeline.complaints.corpus import DEFAULT_LABELS, PORTAL_FIELDS, load_appeals, load_gold
from pipeline.complaints.features import matrix, prepare
from pipeline.complaints.feedback import load_corrections
from pipeline.complaints.signals import SignalRules
from pipeline.complaints.taxonomy import load_taxonomy


@dataclass(frozen=True, slots=True)
class TrainingRow:
    id: str
    text: str
    function_area: str | None
    sector: str | None
    signals: frozenset[str]
    corrected: bool
    portal: tuple[tuple[str, str], ...] = ()    # the portal's labels (field, value)


def training_rows(labels: Path = DEFAULT_LABELS, texts: Path | None = None,
                  feedback: Path | None = None) -> tuple[list[TrainingRow], dict]:
    gold = load_gold(labels, texts)
    corrections = load_corrections(feedback)
    test_ids = {g.id for g in gold if g.split == "test"}
    rows, used = [], set()
    for g in gold:
        if g.split != "dev":
            continue
        c = corrections.get(g.id)
        if c is None:
            rows.append(TrainingRow(g.id, g.text, g.function_area, g.sector, g.signal_ids, False,
                                    tuple(g.portal.items())))
            continue
        used.add(g.id)
        rows.append(TrainingRow(g.id, c.text or g.text, c.function_area or g.function_area,
                                c.sector or g.sector,
                                frozenset(c.signals) if c.signals is not None else g.signal_ids,
                                True, tuple(g.portal.items())))
    gold_ids = {g.id for g in gold}
    extra = [c for c in corrections.values() if c.id not in gold_ids]
    appeals = load_appeals(texts) if extra else {}
    skipped_no_text = 0
    for c in extra:
        appeal = appeals.get(c.id, {})
        text = c.text or appeal.get("text")
        if not text:
            skipped_no_text += 1
            continue
        used.add(c.id)
        # a task without a corrected label is left out for this complaint (None)
        portal = tuple((f, str(appeal.get(f) or "")) for f in PORTAL_FIELDS) if appeal else ()
        rows.append(TrainingRow(c.id, text, c.function_area, c.sector,
                                frozenset(c.signals or ()), True, portal))
    report = {"gold_dev": sum(1 for g in gold if g.split == "dev"),
              "corrections_stored": len(corrections), "corrections_used": len(used),
              "corrections_held_out_test": len(test_ids & set(corrections)),
              "corrections_without_text": skipped_no_text}
    return rows, report


def train(labels: Path = DEFAULT_LABELS, version: str = model_mod.DEFAULT_VERSION,
          texts: Path | None = None, feedback: Path | None = None, out_dir: Path | None = None) -> dict:
    """Fit, cross-validate, save; returns the meta."""
    taxonomy = load_taxonomy()
    rows, report = training_rows(labels, texts, feedback)
    rules = SignalRules()
    prepared = prepare([r.text for r in rows], rules, portal=[dict(r.portal) for r in rows])
    X = matrix(prepared)
    targets = {"function_area": numpy.array([r.function_area for r in rows], dtype=object),
               "sector": numpy.array([r.sector for r in rows], dtype=object)}
    signals = {s: numpy.array([s in r.signals for r in rows]) for s in taxonomy.signal_ids}
    rule_signals = {s: numpy.array([any(h.signal == s for h in p.hits) for p in prepared])
                    for s in taxonomy.signal_ids}
    model, cv_meta = model_mod.fit(X, targets, signals, rule_signals)
    labels_seen = {task: sorted({str(v) for v in y if v is not None}) for task, y in targets.items()}
    meta = {
        "version": version,
        "trained_on": f"{labels.as_posix()} [dev] + {report['corrections_used']} corrections",
        "training_data_sha256": model_mod.data_hash(
            [r.id for r in rows], [r.text for r in rows],
            [(r.function_area, r.sector, sorted(r.signals)) for r in rows]),
        "examples": len(rows),
        "feedback": report,
        "versions": model_mod.library_versions(),
        "taxonomy_version": taxonomy.version,
        "labels": {**labels_seen, "signals": list(taxonomy.signal_ids)},
        "signal_rules": [r.id for r in rules.rules],
        "abstain_rule": model_mod.ABSTAIN_RULE,
        **cv_meta,
    }
    model.meta = meta
    model.save(out_dir or model_mod.MODELS_DIR / version)
    return meta
