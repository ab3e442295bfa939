"""The learned-model probe (corpora/tools/factor_ml_probe.py): it learns a wording from dev-like
clauses, picks its threshold out of fold, and judges clauses it never saw."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def probe(corpus_tools):
    return corpus_tools("factor_ml_probe")


POSITIVE = ["Уполномоченный орган вправе отказать в выдаче разрешения.",
            "Орган местного самоуправления вправе приостановить действие лицензии.",
            "Комиссия вправе продлить срок рассмотрения заявления.",
            "Уполномоченный орган вправе потребовать иные документы."]
NEGATIVE = ["Заявление подается в письменной форме.",
            "Договор аренды заключается на срок до десяти лет.",
            "Сведения вносятся в реестр в течение трех рабочих дней.",
            "Земельный участок образуется из земель государственной собственности."]


def test_the_model_learns_the_wording_and_ranks_unseen_clauses_by_it(probe):
    texts = probe.lemma_texts((POSITIVE + NEGATIVE) * 3)
    y = ([1] * 4 + [0] * 4) * 3
    folds = [list(range(k * 8, k * 8 + 8)) for k in range(3)]
    model, threshold, f1 = probe.fit_factor(texts, y, folds)
    assert threshold is not None and f1 == pytest.approx(1.0)
    unseen = probe.lemma_texts(["Министерство вправе отозвать разрешение.",
                                "Разрешение выдается на срок до трех лет."])
    p_power, p_plain = model.predict_proba(unseen)[:, 1]
    assert p_power > 0.5 > p_plain
