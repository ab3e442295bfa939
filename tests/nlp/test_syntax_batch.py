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


def _real_sentences(acts_dir, count: int = 48) -> list[list[str]]:
    """Sentences of ЗК РФ, longest legal wording included, in the order parse_many sends them."""
    text = (acts_dir / "ru-codes-legalacts-ru" / "ZK-RF.txt").read_text(encoding="utf-8")
    sentences = [[w for w, _, _ in s] for s in syntax._segment(text[40000:70000])][:count]
    return sorted(sentences, key=len)


def _head_index(head_id: str) -> int | None:
    head = int(head_id) - 1               # slovnet's ids are 1-based, "0" is the root
    return None if head < 0 else head


def test_the_parser_gives_natashas_own_trees(acts_dir):
    """``_Parser`` skips natasha's records and runs its own encoder: the trees must stay those
    of ``NewsSyntaxParser.map`` exactly (their float noise included)."""
    from natasha import NewsEmbedding, NewsSyntaxParser
    from threadpoolctl import threadpool_limits

    sentences = _real_sentences(acts_dir)
    reference = NewsSyntaxParser(NewsEmbedding())
    with threadpool_limits(limits=1, user_api="blas"):
        expected = [[(_head_index(t.head_id), t.rel) for t in markup.tokens]
                    for markup in reference.map(sentences)]
    assert syntax._models()(sentences) == expected


def test_cnn_encoder_is_slovnets_to_the_last_bit(acts_dir):
    import numpy
    from slovnet.exec.pad import pad_sequence

    parser = syntax._models()
    sentences = _real_sentences(acts_dir, 16)[-8:]          # the longest: most padding
    codes = [[parser._word_codes(w) for w in words] for words in sentences]
    word_id = pad_sequence([numpy.array([w for w, _ in c]) for c in codes], parser.words.pad_id)
    shape_id = pad_sequence([numpy.array([s for _, s in c]) for c in codes], parser.shapes.pad_id)
    pad_mask = word_id == parser.words.pad_id
    model = parser.model
    expected = model.encoder(model.emb(word_id, shape_id), pad_mask)
    assert numpy.array_equal(syntax.cnn_encoder(model, word_id, shape_id, pad_mask), expected)
