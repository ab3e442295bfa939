"""Batched natasha parsing gives the same trees as parsing text by text."""
from __future__ import annotations

from pipeline.nlp import syntax

TEXTS = [
    "Уполномоченный орган вправе отказать в предоставлении земельного участка.",
    "Срок может быть продлен руководителем органа. Заявитель вправе обжаловать решение.",
    "Земельный участок может быть временно изъят у его собственника уполномоченными "
    "исполнительными органами государственной власти в целях предотвращения стихийных бедствий.",
]


def _shape(sentences):
    return [[(t.text, t.start, t.end, t.head, t.rel) for t in s.tokens] for s in sentences]


def test_parse_many_matches_one_by_one():
    syntax.clear_cache()
    alone = [_shape(syntax.parse(t)) for t in TEXTS]
    syntax.clear_cache()
    batched = [_shape(s) for s in syntax.parse_many(TEXTS)]
    assert batched == alone
    assert len(batched[1]) == 2                      # two sentences, offsets into the text
    assert batched[1][1][0][0] == "Заявитель"
    first = syntax.parse(TEXTS[0])[0]
    marker = first.token_at(TEXTS[0].index("вправе"))
    subject = [t for t in first.children(marker.index, "nsubj")]
    assert [t.text for t in subject] == ["орган"]


def test_parse_at_keeps_offsets_of_the_whole_text():
    text = TEXTS[1]
    offset = text.index("вправе")
    (sentence,) = syntax.parse_at(text, offset)
    token = sentence.token_at(offset)
    assert token.text == "вправе" and text[token.start:token.end] == "вправе"
