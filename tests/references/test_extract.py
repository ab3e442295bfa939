"""Every reference form, on real wording of the RU, KZ and KG acts."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.references.extract import extract_references, find_acts
from pipeline.references.lexicon import load_lexicon
from pipeline.references.model import Kind

LEXICON = load_lexicon()


def _targets(ref):
    """Levels named by the text itself (no context): narrow to wide per chain."""
    return [[(g.level, [(i.value, i.to) for i in g.items]) for g in chain]
            for chain in ref.all_chains()]


@pytest.mark.parametrize("text, mention, chains, scope", [
    # ЗК РФ
    ("в соответствии с пунктом 3 статьи 39.16 настоящего Кодекса",
     "пунктом 3 статьи 39.16 настоящего Кодекса",
     [[("punkt", [("3", None)]), ("article", [("39.16", None)])]], "act"),
    ("ограничений, предусмотренных подпунктами 6 и 7 настоящего пункта,",
     "подпунктами 6 и 7 настоящего пункта",
     [[("subpunkt", [("6", None), ("7", None)])]], "punkt"),
    ("предусмотренных статьями 39.3 и 39.5 настоящего Кодекса",
     "статьями 39.3 и 39.5 настоящего Кодекса",
     [[("article", [("39.3", None), ("39.5", None)])]], "act"),
    ("убытки, предусмотренные пунктами 3 - 5 настоящей статьи,",
     "пунктами 3 - 5 настоящей статьи", [[("punkt", [("3", "5")])]], "article"),
    ("главой V.1 настоящего Кодекса", "главой V.1 настоящего Кодекса",
     [[("chapter", [("V.1", None)])]], "act"),
    # ГрК РФ: «часть» and «пункт»
    ("указанных в части 3 статьи 14 настоящего Кодекса",
     "части 3 статьи 14 настоящего Кодекса",
     [[("chast", [("3", None)]), ("article", [("14", None)])]], "act"),
    ("в соответствии с пунктом 1 части 6 статьи 55.28",
     "пунктом 1 части 6 статьи 55.28",
     [[("punkt", [("1", None)]), ("chast", [("6", None)]), ("article", [("55.28", None)])]],
     None),
    # законы РК: «подпункт 1)», «пункт 1-1»
    ("предусмотренных подпунктом 2) пункта 1 статьи 5 настоящего Закона",
     "подпунктом 2) пункта 1 статьи 5 настоящего Закона",
     [[("subpunkt", [("2", None)]), ("punkt", [("1", None)]), ("article", [("5", None)])]],
     "act"),
    # ЗК КР: «пунктами 5-9» (range) against «статьей 19-1» (a label)
    ("случаев, предусмотренных пунктами 5-9 настоящей статьи", "пунктами 5-9 настоящей статьи",
     [[("punkt", [("5", "9")])]], "article"),
    ("в порядке, установленном статьей 19-1", "статьей 19-1",
     [[("article", [("19-1", None)])]], None),
    ("абзацем вторым пункта 1 настоящей статьи", "абзацем вторым пункта 1 настоящей статьи",
     [[("abzac", [("2", None)]), ("punkt", [("1", None)])]], "article"),
])
def test_internal_forms(text, mention, chains, scope):
    refs = [r for r in extract_references(text) if r.groups]
    assert len(refs) == 1
    ref = refs[0]
    assert ref.mention == mention and text[ref.start:ref.end] == mention
    assert ref.kind is Kind.INTERNAL
    assert _targets(ref) == chains
    assert ref.scope == scope


def test_a_shared_tail_makes_one_mention():
    text = ("случаях, указанных в подпункте 1 и абзаце втором подпункта 3 пункта 10 "
            "настоящей статьи")                                # ЗК РФ, ст. 57.1
    (ref,) = extract_references(text)
    assert ref.mention == "подпункте 1 и абзаце втором подпункта 3 пункта 10 настоящей статьи"
    assert _targets(ref)[0] == [("subpunkt", [("1", None)]), ("punkt", [("10", None)])]


def test_a_bare_chain_takes_the_article_of_the_next():
    text = ("предусмотренные соответственно пунктами 3, 4 части 3 и частью 5.1 статьи 23 "
            "настоящего Кодекса")                              # ГрК РФ, ст. 24 ч. 27
    first, second = extract_references(text)
    assert first.mention == "пунктами 3, 4 части 3"
    assert first.groups[-1].level == "article" and first.groups[-1].items[0].value == "23"
    assert second.mention == "частью 5.1 статьи 23 настоящего Кодекса"


@pytest.mark.parametrize("text, mention, act_type, number, date, title, juris", [
    ('в соответствии с Федеральным законом от 13 декабря 1996 года N 150-ФЗ "Об оружии",',
     'Федеральным законом от 13 декабря 1996 года N 150-ФЗ "Об оружии"', "федеральный закон",
     "150-ФЗ", dt.date(1996, 12, 13), "Об оружии", "RU"),
    ("установленные Законом Республики Казахстан от 18 ноября 2015 года № 410-V",
     "Законом Республики Казахстан от 18 ноября 2015 года № 410-V", "закон", "410-V",
     dt.date(2015, 11, 18), None, "KZ"),
    ("в порядке, установленном постановлением Правительства КР.",
     "постановлением Правительства КР", "постановление правительства", None, None, None, "KG"),
    ("в соответствии с Гражданским кодексом Российской Федерации",
     "Гражданским кодексом Российской Федерации", "кодекс", None, None,
     "Гражданский кодекс Российской Федерации", "RU"),
    ("предусмотренных Кодексом Кыргызской Республики о правонарушениях",
     "Кодексом Кыргызской Республики о правонарушениях", "кодекс", None, None,
     "Кодекс Кыргызской Республики о правонарушениях", "KG"),
])
def test_external_acts(text, mention, act_type, number, date, title, juris):
    (ref,) = extract_references(text)
    assert ref.kind is Kind.EXTERNAL and ref.mention == mention
    act = ref.act
    assert (act.type, act.number, act.date, act.title, act.jurisdiction) == (
        act_type, number, date, title, juris)


def test_a_chain_into_another_act():
    text = ('порядке, предусмотренном статьей 283 Гражданского кодекса Кыргызской Республики.')
    (ref,) = extract_references(text)                                  # ЗК КР
    assert ref.kind is Kind.EXTERNAL and ref.rule_id == "refs.external.chain"
    assert ref.act.title == "Гражданский кодекс Кыргызской Республики"
    assert _targets(ref) == [[("article", [("283", None)])]]


def test_anaphora_takes_the_act_named_before():
    text = ('Федеральным законом "О государственной регистрации недвижимости" и статьей 7 '
            'указанного Федерального закона')
    refs = extract_references(text)
    assert refs[-1].rule_id == "refs.external.anaphora"
    assert refs[-1].act.title == "О государственной регистрации недвижимости"


@pytest.mark.parametrize("text", [
    "за исключением случаев, установленных федеральными законами",   # no act in particular
    "в частности, земельные участки",
    "часть земельного участка",
    "Статьи 20 - 21. Утратили силу с 1 марта 2015 года.",             # the unit's own number
    "(Собрание законодательства Российской Федерации, 2007, № 35, ст. 4310)",
])
def test_non_references(text):
    assert [r for r in extract_references(text) if r.groups or r.scope] == [] or \
        all(r.kind is Kind.EXTERNAL for r in extract_references(text))


def test_an_alias_is_not_a_citation():
    text = ('Федеральным законом от 5 апреля 2013 года N 44-ФЗ "О контрактной системе" (далее - '
            'Федеральный закон "О контрактной системе")')
    assert len(extract_references(text)) == 1


def test_rule_examples_of_the_lexicon():
    examples = LEXICON.raw.examples
    for example in examples.references:
        refs = extract_references(example.text)
        hit = [r for r in refs if r.mention == example.mention]
        assert hit, (example.text, [r.mention for r in refs])
        if example.act:
            assert hit[0].act.type == example.act["type"]
    for example in examples.non_references:
        assert [r for r in extract_references(example.text) if r.groups] == []
    assert find_acts(examples.non_references[0].text) == []
