from __future__ import annotations

import pytest

from pipeline.nlp import get_nlp


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


@pytest.mark.parametrize(("word", "expected"), [
    ("может", {"мочь"}),
    ("вправе", {"вправе"}),
    ("органами", {"орган"}),
    ("право", {"право", "правый"}),        # ambiguous: noun and short adjective
    ("стали", {"сталь", "стать"}),          # ambiguous: noun and verb
    ("приостановлено", {"приостановить"}),  # participle to its verb
    ("учёта", {"учет"}),                    # ё folded
])
def test_all_normal_forms_are_kept(nlp, word, expected):
    token = nlp(f"Текст: {word}.")[2]
    assert expected <= set(token._.taza_lemmas)
    assert token.lemma_ == token._.taza_lemmas[0]


def test_every_token_gets_lemmas_on_a_real_clause(nlp, acts_dir):
    text = (acts_dir / "ru-codes-legalacts-ru" / "ZK-RF.txt").read_text(encoding="utf-8")[:20000]
    doc = nlp(text)
    assert len(doc) > 2000
    assert all(token._.taza_lemmas for token in doc)
    words = [t for t in doc if t.is_alpha]
    # Every alphabetic word ends with a non-empty lower-case normal form.
    assert all(t.lemma_ and t.lemma_ == t.lemma_.lower() for t in words)


def test_cache_is_shared_and_grows_once(nlp):
    cache = nlp.get_pipe("taza_lemmas").cache
    nlp("Уполномоченный орган рассматривает заявление.")
    size = len(cache)
    nlp("Уполномоченный орган рассматривает заявление.")
    assert len(cache) == size
    assert get_nlp() is nlp


@pytest.mark.parametrize(("word", "query", "expected"), [
    ("отказать", {"pos": "INFN"}, True),
    ("отказывает", {"pos": "INFN"}, False),
    ("органом", {"case": "ablt"}, True),
    ("орган", {"case": "ablt"}, False),
    ("установлены", {"pos": frozenset({"PRTS", "INFN"})}, True),
    ("выдаваемую", {"pos": "PRTF", "tense": "pres"}, True),
    ("выданную", {"pos": "PRTF", "tense": "pres"}, False),
    ("отдельно", {"pos": frozenset({"ADJF", "ADVB"}), "likeliest": True}, True),
    ("положения", {"pos": frozenset({"ADJF", "ADVB"}), "likeliest": True}, False),
])
def test_can_be_asks_pymorphy_for_a_reading(word, query, expected):
    from pipeline.nlp.lemma import can_be, parts_of_speech

    assert can_be(word, **query) is expected
    if expected and "pos" in query:
        wanted = {query["pos"]} if isinstance(query["pos"], str) else query["pos"]
        assert parts_of_speech(word) & wanted
