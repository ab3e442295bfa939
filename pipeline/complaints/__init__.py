"""Citizen complaints: function area, sector and corruption signals, with a model that learns
from experts (issue 4).

Modules, one concept each: ``taxonomy`` (ids and titles of ``rules/taxonomy.yaml``),
``ingest`` (CSV, XLSX, JSON, JSONL with a column mapping), ``privacy`` (masking of the
complainant's personal data), ``entities`` (natasha NER: bodies, officials, places),
``signals`` (lemma rules of ``rules/complaints_signals.yaml``), ``corpus`` (the gold labels and
their texts), ``model`` (the scikit-learn classifier, saved with its metadata), ``feedback``
(experts' corrections), ``classify`` (the stable ``complaints classify`` interface),
``evaluate`` and ``bench``; ``cli`` wires them into ``taza complaints``.
"""
