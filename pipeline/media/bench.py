"""``taza media bench``: N news-length articles (the real Tengrinews and Telegram texts,
repeated) scanned on one core — cues, decision, NER with normalisation and alias linking —
and the peak resident memory of the process (models included)."""
from __future__ import annotations

import os
import platform
import resource
import time
from dataclasses import dataclass

from threadpoolctl import threadpool_limits

MIN_CHARS = 800          # «news-length»: a Telegram one-liner is not an article


@dataclass(frozen=True, slots=True)
class MediaBench:
    articles: int
    distinct: int
    chars: int
    load_seconds: float
    scan_seconds: float
    peak_rss_mb: float
    decider: str

    def render(self) -> str:
        cpu = platform.processor() or platform.machine()
        return "\n".join([
            f"Машина / machine: {platform.node()} {cpu}, {os.cpu_count()} CPU (используется 1 / "
            f"1 used), Python {platform.python_version()}",
            f"Статей / articles: {self.articles} ({self.distinct} разных, повторены / distinct, "
            f"repeated; в среднем {self.chars // max(self.articles, 1)} символов / mean chars); "
            f"решение / decider: {self.decider}",
            f"  загрузка моделей / load: {self.load_seconds:.2f} s",
            f"  сканирование / scan: {self.scan_seconds:.2f} s "
            f"({self.articles / self.scan_seconds:,.1f} статей/с)",
            f"  пик памяти / peak RSS: {self.peak_rss_mb:.0f} MB",
        ])


def run_bench(n: int = 1000, model=None) -> MediaBench:
    from pipeline.media.corpus import load_items
    from pipeline.media.ingest import MediaItem
    from pipeline.media.scan import MediaScanner

    if hasattr(os, "sched_setaffinity"):          # one core, not just one thread
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with threadpool_limits(1):
        start = time.perf_counter()
        pool = [i for i in load_items().values()
                if i.set in ("tengrinews", "telegram") and MIN_CHARS <= len(i.text) <= 6000]
        scanner = MediaScanner(model=model)
        list(scanner.scan(pool[:2]))               # loads NER, morphology, lemma dictionaries
        load = time.perf_counter() - start
        items = [MediaItem(f"bench:{k}", pool[k % len(pool)].text, title=pool[k % len(pool)].title,
                           set=pool[k % len(pool)].set) for k in range(n)]
        start = time.perf_counter()
        for _ in scanner.scan(items):
            pass
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return MediaBench(n, min(n, len(pool)), sum(len(i.full_text) for i in items), load, seconds,
                      peak, "model" if model is not None else "rules")
