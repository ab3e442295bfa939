"""Deadlines and amounts normalised: value and unit (and currency), dates and ages left out."""
from __future__ import annotations

import pytest

from pipeline.references.lexicon import load_lexicon
from pipeline.references.model import Quantity
from pipeline.references.quantities import extract_quantities, render, to_days


@pytest.mark.parametrize("text, value, unit, currency, kind", [
    ("В срок не более чем двадцать дней со дня поступления заявления", 20, "day", None,
     "limit"),                                                          # ЗК РФ, ст. 39.17
    ("в течение десяти рабочих дней со дня получения", 10, "working_day", None, "limit"),
    ("не позднее одного рабочего дня, следующего за днем", 1, "working_day", None, "limit"),
    ("в течение 30 (тридцати) календарных дней", 30, "calendar_day", None, "limit"),  # КР
    ("в срок до трех месяцев с момента их поступления", 3, "month", None, "limit"),   # ЗК КР
    ("в десятидневный срок", 10, "day", None, "other"),
    ("в течение месяца", 1, "month", None, "limit"),
    ("сроком на 49 лет", 49, "year", None, "validity"),
    ("в размере 1 500 000 рублей", 1_500_000, "money", "RUB", "other"),
    ("штраф в размере ста месячных расчетных показателей", 100, "money", "MRP", "other"),
    ("в пятикратном размере расчетного показателя", 5, "money", "RS", "other"),
    ("не более 10 процентов площади", 10, "percent", None, "other"),
    ("десять или более процентов", 10, "percent", None, "other"),
    ("со стопроцентным возмещением", 100, "percent", None, "other"),
    ("площадью 0,06 га", 600.0, "area", None, "other"),
])
def test_normalisation(text, value, unit, currency, kind):
    (q,) = extract_quantities(text)
    assert (q.value, q.unit, q.currency, q.kind) == (pytest.approx(value), unit, currency, kind)
    assert text[q.start:q.end] == q.mention


def test_range_of_amounts():
    found = extract_quantities("штраф в размере от двух тысяч до пяти тысяч рублей")
    assert [(q.value, q.currency) for q in found] == [(2000, "RUB"), (5000, "RUB")]


@pytest.mark.parametrize("text", [
    "Федеральным законом от 13 декабря 1996 года N 150-ФЗ",
    "граждане, достигшие возраста 18 лет",
    "с 1 марта 2015 года",
    "в 2015 году",
])
def test_dates_and_ages_are_not_deadlines(text):
    assert extract_quantities(text) == []


def test_lexicon_examples():
    examples = load_lexicon().raw.examples
    for example in examples.quantities:
        found = extract_quantities(example.text)
        assert [(q.value, q.unit) for q in found] == [(example.value, example.unit)], example.text
    for example in examples.non_quantities:
        assert extract_quantities(example.text) == []


def test_days_for_comparison():
    working = Quantity(0, 0, "", 10, "working_day")
    assert to_days(working) == pytest.approx(14)
    assert to_days(Quantity(0, 0, "", 1, "month")) == 30
    assert render(working) == "10 раб. дн."
    assert render(Quantity(0, 0, "", 1_500_000, "money", "RUB")) == "1 500 000 RUB"


@pytest.mark.parametrize(("text", "square_metres"), [
    ("предоставляются земельные участки площадью свыше 5 га", 50_000.0),       # ЗК КР
    ("площадью менее 0,10 га", 1_000.0),
    ("не более 1500 квадратных метров", 1_500.0),
    ("до 2 кв. км", 2_000_000.0),
    ("площадью 6 соток", 600.0),
])
def test_areas_are_compared_in_square_metres(text, square_metres):
    areas = [q for q in extract_quantities(text) if q.unit == "area"]
    assert [q.value for q in areas] == [square_metres]
