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


# --- responsible bodies and extra requirements (real wording of ЗК КР and ЗК РФ) -----------

from refs_data import EXTRA_BYLAW, KG_BODY_BYLAW, kg_land_excerpt, zk_article  # noqa: E402

from pipeline.references.collisions import (  # noqa: E402
    body_collisions,
    citation_links,
    requirement_collisions,
)


@pytest.fixture(scope="module")
def kg_land() -> Act:
    return Act.of(_document("zk-kg.txt", kg_land_excerpt("93", "95"),
                            "Земельный кодекс Кыргызской Республики",
                            jurisdiction=Jurisdiction.KG))


def _kg_bylaw(text: str, source: str = "polozhenie.txt") -> Act:
    return Act.of(_document(source, text, "Положение о землях запаса", DocumentKind.INTERNAL_ACT,
                            Jurisdiction.KG))


def test_the_same_procedure_given_to_another_body(kg_land):
    (collision,) = body_collisions([kg_land, _kg_bylaw(KG_BODY_BYLAW)])
    assert collision.rule_id == "collision.body"
    assert collision.first.source == "polozhenie.txt"          # the by-law comes first
    assert collision.first.value == "Министерством сельского хозяйства"
    assert collision.second.value == "Правительством Кыргызской Республики"
    assert collision.second.address.render() == "ст. 93 ч. 2"
    assert "Министерством сельского хозяйства" in collision.explanation
    assert "Правительством Кыргызской Республики" in collision.explanation
    finding = collision.finding()
    assert finding.factor == "collision" and finding.related == (
        "Земельный кодекс Кыргызской Республики, ст. 93 ч. 2",)


@pytest.mark.parametrize("text", [
    # the same body: no collision
    KG_BODY_BYLAW.replace("Министерством сельского хозяйства", "Правительством"),
    # «уполномоченный орган» names no body
    KG_BODY_BYLAW.replace("Министерством сельского хозяйства Кыргызской Республики",
                          "уполномоченным органом"),
    # two bodies in one sentence: who does it is not read unambiguously
    KG_BODY_BYLAW.replace("утверждается Министерством сельского хозяйства",
                          "утверждается Министерством сельского хозяйства по согласованию "
                          "с айыл окмоту или"),
    # another procedure of the same body words («предоставляются», ст. 94)
    "1. Пастбища предоставляются в пользование Министерством сельского хозяйства.",
    # an order set by the Government is not the Government doing the procedure
    "1. Земли запаса используются в порядке, утвержденном Правительством Кыргызской "
    "Республики, и формируются министерством.",
])
def test_no_body_collision(kg_land, text):
    assert body_collisions([kg_land, _kg_bylaw(text)]) == []


def test_the_body_rule_on_real_zk_rf_wording():
    zk = Act.of(_document("zk-71.txt", zk_article("71"), "Земельный кодекс Российской Федерации"))
    draft = Act.of(_document("draft.txt", "1. Положение о государственном земельном надзоре "
                             "утверждается федеральным органом исполнительной власти.",
                             "Проект приказа", DocumentKind.INTERNAL_ACT))
    (collision,) = body_collisions([zk, draft], focus={"draft.txt"})
    assert collision.second.value == "Правительством Российской Федерации"
    assert collision.second.address.render().startswith("ст. 71")
    assert collision.first.value == "федеральным органом исполнительной власти"


@pytest.fixture(scope="module")
def zk_39_15() -> Act:
    return Act.of(_document("zk-39.15.txt", zk_excerpt("39.15", "39.16"),
                            "Земельный кодекс Российской Федерации"))


def _regulation(text: str) -> Act:
    return Act.of(_document("reglament-39.15.txt", text, "Административный регламент",
                            DocumentKind.INTERNAL_ACT))


def test_a_bylaw_that_adds_a_document(zk_39_15):
    bylaw = _regulation(EXTRA_BYLAW)
    corpus = Corpus([zk_39_15, bylaw])
    links = citation_links(cite(bylaw, corpus))
    (collision,) = requirement_collisions(corpus.acts, links)
    assert collision.rule_id == "collision.bylaw.extra_requirement"
    assert collision.first.address.render() == "разд. II ч. 2 п. 4"
    assert collision.first.value.startswith("4) справка налогового органа")
    assert collision.second.address.render() == "ст. 39.15 ч. 2"
    assert collision.second.value.startswith("2. К заявлению о предварительном согласовании")
    assert "6) реестр членов садоводческого" in collision.second.text      # the whole list
    assert "справка налогового органа" in collision.explanation and "6 поз." in collision.explanation


@pytest.mark.parametrize("change", [
    lambda t: t.replace("4) справка налогового органа об отсутствии задолженности по уплате "
                        "земельного налога;\n", ""),                    # the same list
    lambda t: t.replace("в соответствии со статьей 39.15 Земельного кодекса Российской "
                        "Федерации", "в соответствии с законодательством"),   # cites no law
    lambda t: t.replace("прилагаются:", "прилагаются документы, указанные в пункте 2 статьи "
                        "39.15 Земельного кодекса Российской Федерации.").split("1) документы")[0],
])
def test_no_extra_requirement(zk_39_15, change):
    bylaw = _regulation(change(EXTRA_BYLAW))
    corpus = Corpus([zk_39_15, bylaw])
    assert requirement_collisions(corpus.acts, citation_links(cite(bylaw, corpus))) == []


def test_a_law_is_never_the_extra_side(zk_39_15):
    law = Act.of(_document("law.txt", EXTRA_BYLAW, "Федеральный закон о земле"))
    corpus = Corpus([zk_39_15, law])
    assert requirement_collisions(corpus.acts, citation_links(cite(law, corpus))) == []
