"""Media signals: publications (feeds, pages, dumps) → corruption signals, event types,
organisations linked to canonical bodies, story clusters, register evidence.

Modules: ``ingest`` (readers by file type), ``dedup`` (near-duplicate stories), ``cues``
(lemma cues of ``rules/media_signals.yaml``), ``detect`` (signal and event types), ``model``
and ``dense`` (the sparse model and the navec word-vector model blended with it),
``entities`` (NER, normalisation), ``aliases`` (canonical bodies of
``rules/media_aliases.yaml``), ``scan`` (the ``taza media scan`` contract), ``corpus`` and
``evaluate`` (gold), ``register`` (evidence for the risk register), ``bench``, ``cli``.
"""
