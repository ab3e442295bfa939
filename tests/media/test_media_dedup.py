"""Near-duplicate stories from several channels share a cluster; different stories do not."""
from __future__ import annotations

from pipeline.media.dedup import cluster_items, cluster_texts, shingles, similar

# The same story in two channels (real posts), and other stories on the same topics.
SAME = [("tg:Москва - новостная:26815", "tg:Москва с огоньком Live:27227"),
        ("tg:Москва с огоньком:45706", "tg:Москва с огоньком Live:27262"),
        ("tg:РИА Новости:270595", "tg:Раньше всех. Ну почти.:194759")]
DIFFERENT = ["tg:112:17782", "tg:Mash:59503", "tg:РИА Новости:270784", "tg:112:18591",
             "tg:Москва - новостная:26496"]


def test_reposts_share_a_cluster_and_other_stories_do_not(items):
    chosen = [items[i] for pair in SAME for i in pair] + [items[i] for i in DIFFERENT]
    clusters = cluster_items(chosen)
    for a, b in SAME:
        assert clusters[a] == clusters[b] == "story:" + min(a, b)
    assert len({clusters[i] for i in DIFFERENT}) == len(DIFFERENT)
    assert len(set(clusters.values())) == len(SAME) + len(DIFFERENT)


def test_cluster_ids_do_not_depend_on_order(items):
    chosen = [items[i] for pair in SAME for i in pair] + [items[i] for i in DIFFERENT]
    assert cluster_items(chosen) == cluster_items(chosen[::-1])


def test_word_forms_do_not_hide_a_duplicate():
    a = "Министр транспорта Ростовской области задержан за взятку вместе со своим заместителем в Ростове"
    b = "Министра транспорта Ростовской области задержали за взятку вместе со своим заместителем в Ростове"
    assert similar(shingles(a), shingles(b))


def test_short_texts_stay_alone():
    assert cluster_texts(["a", "b"], ["Курс доллара", "Курс доллара"]) == {"a": "story:a", "b": "story:b"}
