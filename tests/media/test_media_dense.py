"""The dense block: navec vectors shipped inside natasha (nothing downloaded), SIF-weighted
means of real publications' words, and the blend of the dense model with the sparse one."""
from __future__ import annotations

import numpy
import pytest

from pipeline.media.dense import BlendedModel, dimension, embedding, text_vector, words

# Real Telegram posts of the dev split (the publications named in the comments)
BRIBE_BRONNITSY = ("Первый замглавы администрации городского округа Бронницы задержан по "
                   "подозрению в получении взятки в размере 9 млн рублей.")   # Москва - новостная:26815
BRIBE_ROSTOV = ("Суд арестовал на 2 месяца задержанного министра транспорта Ростовской области "
                "Кушнарева. Его подозревают в получении взятки в 27 млн рублей.")  # РИА Новости:270784
PENSIONER_SCAM = ("Пенсионерка из Красноярска перевела мошенникам 6 млн рублей. Она хотела "
                  "заказать себе зубные протезы из Китая, но нарвалась на аферистов.")  # ТОПОР:39326
GIF_SCAM = ("Мошенники начали использовать гифки в мессенджерах для обмана россиян")  # Раньше всех:195072
FIRE = "На юго-западе Москвы горит крыша восьмиэтажки, жильцов эвакуируют."  # Москвач:28603


@pytest.fixture(scope="session")
def emb():
    return embedding()


def test_the_embedding_ships_inside_natasha(emb):
    from natasha import NewsEmbedding

    assert isinstance(emb, NewsEmbedding) and embedding() is emb      # loaded once
    assert dimension() == 300 and "взятка" in emb and "взятки" in emb   # word forms, not lemmas


@pytest.mark.parametrize(("text", "expected"), [
    ("Суд арестовал на 2 месяца", ["суд", "арестовал", "на", "месяца"]),
    ("замглавы Минтранса, экс-чиновника", ["замглавы", "минтранса", "экс-чиновника"]),
    ("₽500 млн 😄[— Подписаться](https://t.me/x)", ["млн", "подписаться", "https", "t", "me", "x"]),
])
def test_words_are_lower_cased_forms(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize("text", [BRIBE_BRONNITSY, PENSIONER_SCAM, FIRE, "взятка"])
def test_a_text_vector_has_unit_length(text):
    v = text_vector(text)
    assert v.shape == (300,) and v.dtype == numpy.float32
    assert float(v @ v) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("text", ["", "12345 !!! ₽", "🔴 😄"])
def test_a_text_without_known_words_is_zero(text):
    assert not text_vector(text).any()


def test_case_does_not_matter():
    assert float(text_vector("ВЗЯТКА") @ text_vector("взятка")) == pytest.approx(1.0)


def test_function_words_weigh_little():
    """Smooth inverse frequency: «и в на» beside «взятка» barely moves the vector."""
    mixed = text_vector("и в на взятка")
    assert float(mixed @ text_vector("взятка")) > 0.95
    assert float(mixed @ text_vector("и в на")) < 0.2


@pytest.mark.parametrize(("anchor", "near", "far"), [
    (BRIBE_BRONNITSY, BRIBE_ROSTOV, PENSIONER_SCAM),    # two bribery cases, no shared name
    (BRIBE_BRONNITSY, BRIBE_ROSTOV, FIRE),
    (PENSIONER_SCAM, GIF_SCAM, FIRE),                   # two private scams
    (BRIBE_ROSTOV, BRIBE_BRONNITSY, GIF_SCAM),
    # the example of pipeline/media/dense.py: no lemma shared, the same offence
    ("чиновник присвоил бюджетные средства", "глава похитил деньги из казны",
     "пенсионерка перевела деньги мошенникам"),
])
def test_publications_on_the_same_offence_are_nearer(anchor, near, far):
    a = text_vector(anchor)
    assert float(a @ text_vector(near)) > float(a @ text_vector(far)) + 0.1


class _Fixed:
    def __init__(self, p):
        self.p = numpy.asarray(p, dtype=float)

    def predict_proba(self, records):
        return numpy.column_stack([1 - self.p, self.p])


@pytest.mark.parametrize(("weight", "expected"), [
    (0.0, [0.2, 0.9]), (0.5, [0.4, 0.7]), (0.25, [0.3, 0.8]),
])
def test_the_blend_weighs_the_two_models(weight, expected):
    blended = BlendedModel(_Fixed([0.2, 0.9]), _Fixed([0.6, 0.5]), weight)
    proba = blended.predict_proba([None, None])
    assert proba[:, 1] == pytest.approx(expected) and proba.sum(axis=1) == pytest.approx(1.0)
    assert len(blended.pipelines()) == (1 if weight == 0 else 2)


def test_the_scanner_records_the_text_vector(rule_scanner, items):
    item = items["tg:Москва - новостная:26815"]
    analysis = next(iter(rule_scanner.analyse([item])))
    assert analysis.dense.shape == (300,)
    assert numpy.allclose(analysis.dense, text_vector(item.full_text))


def test_the_default_model_blends_the_dense_model(media_model):
    meta = media_model.meta
    assert meta["record_format"] == 3 and meta["dense_weight"] in (0.25, 0.5)
    assert isinstance(media_model.signal, BlendedModel)
    assert media_model.signal.weight == meta["dense_weight"]


@pytest.mark.parametrize(("item_id", "signal"), [
    ("tg:Москва - новостная:26815", True),       # deputy head of Bronnitsy, a bribe
    ("tg:РИА Новости:270784", True),             # Rostov transport minister, a bribe
    ("tg:ТОПОР - Горячие новости:39326", False),  # a pensioner and scammers
    ("tg:Москвач • Новости Москвы:28603", False),  # a roof on fire
])
def test_the_dense_record_feeds_the_decision(scanner, items, item_id, signal):
    result = next(iter(scanner.scan([items[item_id]])))
    assert result.decision.is_signal is signal


@pytest.mark.parametrize(("dense", "weight"), [
    # the dense model ranks the two items the sparse one confuses: the smallest weight that
    # separates them wins
    ([0.9, 0.8, 0.1, 0.2, 0.9, 0.1], 0.25),
    # a dense model that says nothing new: the sparse model alone (ties go to the smaller weight)
    ([0.6, 0.6, 0.6, 0.6, 0.6, 0.6], 0.0),
])
def test_the_dense_weight_is_chosen_by_cross_validated_f1(dense, weight):
    from pipeline.media.model import _choose_dense_weight

    y = numpy.array([1, 1, 0, 0, 1, 0])
    sparse = numpy.array([0.9, 0.45, 0.55, 0.2, 0.8, 0.1])
    chosen, f1, threshold = _choose_dense_weight(sparse, numpy.array(dense), y)
    assert chosen == weight and 0.2 <= threshold <= 0.8
    assert f1 == pytest.approx(1.0 if weight else 6 / 7)      # sparse alone: one false alarm


def test_the_default_model_asks_for_the_vector(media_model, rule_scanner, items):
    a = next(iter(rule_scanner.analyse([items["tg:РИА Новости:270784"]])))
    with pytest.raises(ValueError, match="dense vector"):
        media_model.decide(a.evidence, a.lemmas, a.head)
    assert media_model.decide(a.evidence, a.lemmas, a.head, a.dense).is_signal
