"""``taza complaints bench``: classification throughput and peak memory on one core.

The real appeals (text and the portal's labels) are repeated up to N complaints (10,000 by
default); nothing is cached by
text (only the lemma cache per word, as in production), so a repeated text costs as much as a
new one. BLAS and natasha run on one thread; the process's peak resident set size
(``ru_maxrss``) includes the models.
"""
from __future__ import annotations

import os
import platform
import resource
import time
from dataclasses import dataclass, replace
from pathlib import Path

from threadpoolctl import threadpool_limits


@dataclass(frozen=True, slots=True)
class ComplaintBench:
    complaints: int
    distinct_texts: int
    load_seconds: float
    classify_seconds: float
    entities: bool
    peak_rss_mb: float

    def as_dict(self) -> dict:
        return {"complaints": self.complaints, "distinct_texts": self.distinct_texts,
                "load_seconds": round(self.load_seconds, 2),
                "classify_seconds": round(self.classify_seconds, 2),
                "per_second": round(self.complaints / self.classify_seconds, 1),
                "entities": self.entities, "peak_rss_mb": round(self.peak_rss_mb)}

    def render(self) -> str:
        cpu = platform.processor() or platform.machine()
        return "\n".join([
            f"Машина / machine: {platform.node()} {cpu}, {os.cpu_count()} CPU (используется 1 / "
            f"1 used), Python {platform.python_version()}",
            f"Обращений / complaints: {self.complaints} ({self.distinct_texts} разных текстов / "
            f"distinct texts, повторены / repeated); сущности / entities: "
            f"{'да / yes' if self.entities else 'нет / no'}",
            f"  загрузка моделей / load: {self.load_seconds:.2f} s",
            f"  классификация / classification: {self.classify_seconds:.2f} s "
            f"({self.complaints / self.classify_seconds:,.0f} обращений/с)",
            f"  пик памяти / peak RSS: {self.peak_rss_mb:.0f} MB",
        ])


def run_bench(n: int = 10_000, texts_file: Path | None = None, entities: bool = True,
              model_dir: Path | None = None) -> ComplaintBench:
    from pipeline.complaints.classify import ComplaintClassifier, Item
    from pipeline.complaints.corpus import PORTAL_FIELDS, load_appeals
    from pipeline.complaints.model import ComplaintModel

    if hasattr(os, "sched_setaffinity"):          # one core, not just one thread
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with threadpool_limits(1):
        start = time.perf_counter()
        appeals = [Item("", r["text"], **{f: str(r.get(f) or "") for f in PORTAL_FIELDS})
                   for r in load_appeals(texts_file).values()]
        classifier = ComplaintClassifier(ComplaintModel.load(model_dir), entities=entities)
        classifier.classify([appeals[0]])           # loads NER and lemma dictionaries
        load = time.perf_counter() - start
        items = [replace(appeals[i % len(appeals)], id=str(i)) for i in range(n)]
        start = time.perf_counter()
        for _ in classifier.classify_iter(items):
            pass
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return ComplaintBench(n, len(appeals), load, seconds, entities, peak)
