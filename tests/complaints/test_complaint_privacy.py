"""Complainants' personal data are masked; officials and bodies stay."""
from __future__ import annotations

import pytest

from pipeline.complaints.entities import tag_entities
from pipeline.complaints.privacy import mask

COMPLAINT = ("Я, Петров Иван Сергеевич, проживаю по адресу: ул. Ленина, д. 5, кв. 12. "
             "Мой телефон +7 (921) 123-45-67, почта petrov@mail.ru. Глава администрации "
             "Иванов И.И. не реагирует на обращения, Петрову не ответили.")


@pytest.fixture(scope="module")
def masked():
    return mask(COMPLAINT, author="Петров Иван Сергеевич")


def test_author_phone_email_and_home_address_are_masked(masked):
    for private in ("Петров", "Петрову", "921", "123-45-67", "petrov@mail.ru", "кв. 12",
                    "Ленина"):
        assert private not in masked.text
    for placeholder in ("[ФИО]", "[ТЕЛЕФОН]", "[EMAIL]", "[АДРЕС]"):
        assert placeholder in masked.text


def test_official_named_with_title_stays(masked):
    assert "Глава администрации Иванов И.И." in masked.text


@pytest.mark.parametrize(("text", "kept", "gone"), [
    # nash-spb 2948845: the chairman of a housing cooperative is the subject of the complaint
    ("Председатель ЖСК-533 Архипова Людмила Викторовна нарушает федеральное законодательство",
     "Архипова Людмила Викторовна", None),
    # nash-spb 3234450: a company director named after the firm
    ('Директор управляющей компании ООО "Петара" Кудряшов А.Н. как всегда бездействует.',
     "Кудряшов А.Н.", None),
    ("Соседка Смирнова Анна Петровна заливает квартиру третий месяц, звоните 8-921-555-66-77.",
     "Соседка", "Смирнова"),
    ("Я, Кузнецова Ольга, прошу директора ЖКС №2 принять меры.", "директора ЖКС №2", "Кузнецова"),
])
def test_official_or_private_person(text, kept, gone):
    result = mask(text).text
    assert kept in result
    if gone:
        assert gone not in result and "[ФИО]" in result


def test_street_address_of_the_problem_stays():
    text = "Во дворе дома 5 по ул. Ленина третий месяц не вывозят мусор."
    assert mask(text).text == text


def test_entities_are_batched_and_typed():
    found = tag_entities(["Администрация Выборгского района покрывает действия ТЦ "
                          "«Светлановский»", ""])
    assert {e.type for e in found[0]} <= {"ORG", "PER", "LOC"}
    assert ("Выборгского района", "LOC") in {(e.text, e.type) for e in found[0]}
    assert any(e.type == "ORG" and e.text.startswith("ТЦ") for e in found[0])
    assert found[1] == []
