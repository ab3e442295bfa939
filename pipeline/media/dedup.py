"""Near-duplicate stories: the same event told by several outlets gets one cluster id.

Each publication becomes a set of word shingles (three consecutive normal forms, so
«задержан министр» and «задержали министра» agree); MinHash signatures (64 hash functions)
estimate the Jaccard similarity, locality-sensitive hashing (16 bands of 4 rows) proposes
candidate pairs, and a pair is joined when the exact Jaccard similarity of the shingle sets
reaches ``THRESHOLD`` or one story is mostly inside the other (containment, for a short
repost of a longer piece). Clusters are the connected components (union-find); a cluster's id
is ``story:`` and the smallest member id, so it does not depend on the input order.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence

import numpy

from pipeline.media.ingest import MediaItem

SHINGLE = 3
PERMUTATIONS = 64
BANDS = 16
THRESHOLD = 0.35            # Jaccard of shingle sets
CONTAINMENT = 0.6           # share of the shorter story's shingles found in the longer one
MIN_SHINGLES = 8            # shorter texts are never clustered (too little to compare)
_PRIME = (1 << 61) - 1
_WORD = re.compile(r"\w+")
_LINK = re.compile(r"https?://\S+|\[[^\]]*\]\([^)]*\)")


def _lemma(word: str) -> str:
    from pipeline.nlp.lemma import morph_analyzer

    return _LEMMAS.get(word) or _LEMMAS.setdefault(
        word, morph_analyzer().parse(word)[0].normal_form if word.isalpha() else word)


_LEMMAS: dict[str, str] = {}


def shingles(text: str) -> set[int]:
    """Hashes of the three-lemma shingles of a text (links and subscription footers dropped)."""
    words = [_lemma(w) for w in _WORD.findall(_LINK.sub(" ", text).lower()) if len(w) > 1]
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") >> 4
            for g in grams}


def _signatures(sets: Sequence[set[int]]) -> numpy.ndarray:
    rng = numpy.random.default_rng(20240412)
    a = rng.integers(1, _PRIME, PERMUTATIONS, dtype=numpy.uint64)
    b = rng.integers(0, _PRIME, PERMUTATIONS, dtype=numpy.uint64)
    out = numpy.full((len(sets), PERMUTATIONS), numpy.iinfo(numpy.uint64).max, dtype=numpy.uint64)
    for i, s in enumerate(sets):
        if s:
            x = numpy.fromiter(s, dtype=numpy.uint64, count=len(s))
            # (a·x + b) mod 2^64 is a fine universal hash for MinHash; overflow wraps
            with numpy.errstate(over="ignore"):
                out[i] = (numpy.outer(a, x) + b[:, None]).min(axis=1)
    return out


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def similar(a: set[int], b: set[int]) -> bool:
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return False
    inter = len(a & b)
    return inter / len(a | b) >= THRESHOLD or inter / min(len(a), len(b)) >= CONTAINMENT


def cluster_texts(ids: Sequence[str], texts: Sequence[str]) -> dict[str, str]:
    """id → cluster id for every publication (a singleton is its own cluster)."""
    sets = [shingles(t) for t in texts]
    uf = _UnionFind(len(ids))
    if len(ids) > 1:
        sigs = _signatures(sets)
        rows = PERMUTATIONS // BANDS
        for band in range(BANDS):
            buckets: dict[bytes, list[int]] = defaultdict(list)
            for i in range(len(ids)):
                if len(sets[i]) >= MIN_SHINGLES:
                    buckets[sigs[i, band * rows:(band + 1) * rows].tobytes()].append(i)
            for members in buckets.values():
                for k in range(1, len(members)):
                    i, j = members[0], members[k]
                    if uf.find(i) != uf.find(j) and similar(sets[i], sets[j]):
                        uf.union(i, j)
                # members beyond the first may match each other but not the first
                for x in range(1, len(members)):
                    for y in range(x + 1, len(members)):
                        i, j = members[x], members[y]
                        if uf.find(i) != uf.find(j) and similar(sets[i], sets[j]):
                            uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ids)):
        groups[uf.find(i)].append(i)
    out = {}
    for members in groups.values():
        name = "story:" + min(ids[i] for i in members)
        for i in members:
            out[ids[i]] = name
    return out


def cluster_items(items: Sequence[MediaItem]) -> dict[str, str]:
    return cluster_texts([i.id for i in items], [i.full_text for i in items])
