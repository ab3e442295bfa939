"""Collision pairs with both norms and their addresses, on real ZK RF wording."""
from __future__ import annotations

import hashlib

import pytest
from refs_data import BYLAW, zk_excerpt

from pipeline.model import Document, DocumentKind, Jurisdiction
from pipeline.references.collisions import (
    FACTOR,
    all_collisions,
    definition_collisions,
    quantity_collisions,
)
from pipeline.references.resolve import Act, Corpus, cite


def _document(source: str, text: str, title: str, kind=DocumentKind.ACT,
              jurisdiction=Jurisdiction.RU) -> Document:
    return Document(source, hashlib.sha256(text.encode()).hexdigest(), kind, jurisdiction,
                    "ru", text, title)


@pytest.fixture(scope="module")
def zk_part() -> Act:
    return Act.of(_document("zk-39.txt", zk_excerpt("39.15", "39.18"),
                            "Земельный кодекс Российской Федерации"))


@pytest.fixture(scope="module")
def bylaw() -> Act:
    return Act.of(_document("reglament.txt", BYLAW, "Административный регламент",
                            DocumentKind.INTERNAL_ACT))


def test_a_bylaw_with_a_longer_deadline(zk_part, bylaw):
    corpus = Corpus([zk_part, bylaw])
    citations = cite(bylaw, corpus)
    assert all(c.status.value == "resolved" for c in citations)
    found = quantity_collisions(corpus.acts, citations, focus={bylaw.source})
    (collision,) = found
    assert collision.rule_id == "collision.bylaw.longer_deadline"
    assert collision.first.source == "reglament.txt"
    assert collision.first.address.render() == "разд. II ч. 2"
    assert collision.second.address.render() == "ст. 39.17 ч. 5"
    assert "30 дн." in collision.explanation and "20 дн." in collision.explanation
    first = collision.first
    assert first.text[first.value_start:first.value_end] == "не более чем тридцать дней"
    finding = collision.finding()
    assert finding.factor == FACTOR == "collision"
    assert finding.related == ("Земельный кодекс Российской Федерации, ст. 39.17 ч. 5",)
    assert BYLAW[finding.start:finding.end] == "не более чем тридцать дней"


def test_the_same_deadline_is_no_collision(zk_part):
    same = BYLAW.replace("тридцать", "двадцать")
    bylaw = Act.of(_document("same.txt", same, "Административный регламент",
                             DocumentKind.INTERNAL_ACT))
    corpus = Corpus([zk_part, bylaw])
    assert quantity_collisions(corpus.acts, cite(bylaw, corpus), focus={"same.txt"}) == []


def test_another_country_is_no_collision(zk_part):
    kg = Act.of(_document("kg.txt", BYLAW, "Административный регламент",
                          DocumentKind.INTERNAL_ACT, Jurisdiction.KG))
    assert quantity_collisions([zk_part, kg], focus={"kg.txt"}) == []


def test_a_reference_to_a_repealed_point(zk_part):
    text = ("1. Основания отказа установлены подпунктом 3.1 статьи 39.16 Земельного кодекса "
            "Российской Федерации.")
    draft = Act.of(_document("draft.txt", text, "Проект приказа", DocumentKind.INTERNAL_ACT))
    corpus = Corpus([zk_part, draft])
    (collision,) = all_collisions(corpus.acts, cite(draft, corpus), corpus, focus={"draft.txt"})
    assert collision.rule_id == "collision.reference.repealed"
    assert collision.second.address.render() == "ст. 39.16 п. 3.1"
    assert "утратил силу" in collision.second.value
    assert collision.first.value.startswith("подпунктом 3.1 статьи 39.16")


# «градостроительный регламент»: ГрК РФ, ст. 1 п. 9 (real) against a narrower definition.
GRK_ITEM = ("Статья 1. Основные понятия, используемые в настоящем Кодексе\n\n"
            "9) градостроительный регламент - устанавливаемые в пределах границ "
            "соответствующей территориальной зоны виды разрешенного использования земельных "
            "участков, предельные размеры земельных участков и предельные параметры "
            "разрешенного строительства, реконструкции объектов капитального строительства;\n")
OTHER_ITEM = ("Статья 1. Основные понятия\n\n"
              "5) градостроительный регламент - документ, утверждаемый главой муниципального "
              "образования по согласованию с органом архитектуры;\n")


def test_a_term_defined_differently():
    a = Act.of(_document("grk.txt", GRK_ITEM, "Градостроительный кодекс Российской Федерации"))
    b = Act.of(_document("local.txt", OTHER_ITEM, "Положение о градостроительной деятельности"))
    (collision,) = definition_collisions([a, b])
    assert collision.rule_id == "collision.definition"
    assert {collision.first.address.render(), collision.second.address.render()} == {
        "ст. 1 п. 9", "ст. 1 п. 5"}
    assert "градостроительный регламент" in collision.explanation
