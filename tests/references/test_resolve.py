"""Resolution to clauses of the real RF codes; repealed units of the real ZK RF."""
from __future__ import annotations

import hashlib

import pytest

from pipeline.model import Address, Clause, Document, DocumentKind, Jurisdiction
from pipeline.references.model import Status
from pipeline.references.resolve import Act, Corpus, cite, resolve_reference
from pipeline.references.extract import extract_references


def _resolve(act: Act, corpus: Corpus, text: str, address: Address):
    clause = Clause(address, 0, len(text), text)
    return [resolve_reference(r, act, clause, corpus) for r in extract_references(text)]


def _draft(text: str, title: str = "Проект постановления") -> Document:
    return Document("draft.txt", hashlib.sha256(text.encode()).hexdigest(), DocumentKind.ACT,
                    Jurisdiction.RU, "ru", text, title)


def test_conventions_are_read_from_the_acts(zk_act, grk_act):
    assert zk_act.outline.convention == "punkt"      # «пунктом 2 настоящей статьи»
    assert grk_act.outline.convention == "chast"     # «частью 2 настоящей статьи»


@pytest.mark.parametrize("text, address, expected", [
    # a bare «пунктом 2» is in the citing article
    ("в соответствии с пунктом 2", Address(article="39.15", part="7"),
     [("39.15", "2", None)]),
    ("предусмотренных подпунктами 1 и 2 настоящего пункта", Address(article="39.6", part="2"),
     [("39.6", "2", "1"), ("39.6", "2", "2")]),
    ("основания, предусмотренные статьей 39.16 настоящего Кодекса",
     Address(article="39.17", part="5"), [("39.16", None, None)]),
])
def test_internal_targets_in_zk(zk_act, codes, text, address, expected):
    (citation,) = _resolve(zk_act, codes, text, address)
    got = [(t.target.article, t.target.punkt, t.target.subpunkt) for t in citation.targets]
    assert got == expected
    assert citation.status is Status.RESOLVED
    for target in citation.targets:
        clause = zk_act.clauses[target.clause]
        assert clause.address.article == target.target.article


def test_a_range_gives_the_units_the_act_has(zk_act, codes):
    (citation,) = _resolve(zk_act, codes, "убытки, предусмотренные пунктами 3 - 5 статьи 57.1",
                           Address(article="57", part="1"))
    labels = [t.target.punkt for t in citation.targets]
    assert labels[0] == "3" and labels[-1] == "5"
    assert [t.implied for t in citation.targets][1:-1] == [True] * (len(labels) - 2)


def test_chast_and_punkt_in_grk(grk_act, codes):
    (citation,) = _resolve(grk_act, codes, "в соответствии с пунктом 1 части 6 статьи 55.28",
                           Address(article="55.29", part="1"))
    (target,) = citation.targets
    assert target.status is Status.RESOLVED
    assert target.address == Address(article="55.28", part="6", point="1")


def test_another_act_of_the_corpus_by_title(zk_act, grk_act, codes):
    text = "в соответствии со статьей 39.16 Земельного кодекса Российской Федерации"
    (citation,) = _resolve(grk_act, codes, text, Address(article="1", part="1"))
    (target,) = citation.targets
    assert target.act_key == zk_act.source and target.status is Status.RESOLVED


def test_an_act_outside_the_corpus_is_unresolved(zk_act, codes):
    text = 'статьей 13 Федерального закона от 13 июля 2015 года N 218-ФЗ "О государственной ' \
           'регистрации недвижимости"'
    (citation,) = _resolve(zk_act, codes, text, Address(article="11.2", part="2"))
    assert citation.status is Status.UNRESOLVED
    assert citation.targets[0].act_key == "федеральный закон|218-ФЗ"


def test_repealed_articles_and_points_of_the_real_zk(zk_act, codes):
    """ZK RF: «Статьи 20 - 21. Утратили силу», «Статьи 28 - 34. Утратили силу», and point
    3.1) of article 39.16 «утратил силу»; a draft citing them is flagged."""
    outline = zk_act.outline
    assert outline.find(Address(article="21"))[0] == "repealed"
    assert outline.find(Address(article="30.1"))[0] == "repealed"     # inside «28 - 34»
    assert outline.find(Address(article="39.16", point="3.1"))[0] == "repealed"
    assert outline.find(Address(article="39.16", point="3"))[0] == "resolved"
    assert outline.find(Address(article="39.99"))[0] == "missing"
    draft = Act.of(_draft("1. Заявление рассматривается с учетом подпункта 3.1 статьи 39.16 "
                          "Земельного кодекса Российской Федерации и статьи 21 Земельного "
                          "кодекса Российской Федерации, статьи 39.99 Земельного кодекса "
                          "Российской Федерации."))
    corpus = Corpus([zk_act, draft])
    statuses = [c.status for c in cite(draft, corpus)]
    assert statuses == [Status.REPEALED, Status.REPEALED, Status.MISSING]


def test_references_to_repealed_units_in_the_real_grk(grk_act, codes):
    """ГрК РФ, ст. 45 ч. 13.1 cites «частями 11 и 12 статьи 46», and part 12 is repealed."""
    found = [c for c in cite(grk_act, codes) if c.status is Status.REPEALED]
    assert len(found) >= 5
    cited = {(c.address.render(), t.target.render()) for c in found for t in c.targets
             if t.status is Status.REPEALED and not t.implied}
    assert ("ст. 45 ч. 13.1", "ч. 12 ст. 46") in cited
