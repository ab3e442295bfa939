"""Throughput and peak memory of the analysis, measured on real acts (``taza bench``).

The cost of tokenising and lemmatising the same clauses is measured in the same run, so the
overhead of structure parsing and detectors shows as a ratio. Peak memory is the peak
resident set size of the process (``ru_maxrss``), models included. Beside the wall-clock
times, the CPU time of the process is given: on a machine shared with other work it is the
steadier figure (the wall clock then also counts the time other processes held the CPU).
"""
from __future__ import annotations

import os
import platform
import resource
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.analyze import analyze_document
from pipeline.detect import Analyzer
from pipeline.ingest import iter_paths, read_document


@dataclass(frozen=True, slots=True)
class BenchResult:
    files: tuple[str, ...]
    words: int
    clauses: int
    findings: int
    load_seconds: float          # reading files and building the analyzer
    nlp_seconds: float           # tokenise + lemmatise every clause (warm cache)
    cold_seconds: float          # first full analysis: lemma cache filled as it goes
    warm_seconds: float          # best full analysis after that, syntax parsed anew
    peak_rss_mb: float
    cold_cpu_seconds: float = 0.0    # CPU time of the process for the same runs
    warm_cpu_seconds: float = 0.0

    def render(self) -> str:
        cpu = platform.processor() or platform.machine()
        return "\n".join([
            f"Машина / machine: {platform.node()} {cpu}, {os.cpu_count()} CPU, "
            f"Python {platform.python_version()}",
            f"Корпус / corpus: {', '.join(self.files)}",
            f"  слов / words: {self.words}, норм / clauses: {self.clauses}, "
            f"находок / findings: {self.findings}",
            f"  загрузка / load: {self.load_seconds:.2f} s",
            f"  токенизация+лемматизация / tokenise+lemmatise: {self.nlp_seconds:.2f} s "
            f"({self.words / self.nlp_seconds:,.0f} слов/с)",
            f"  полный анализ, первый / full analysis, cold: {self.cold_seconds:.2f} s "
            f"({self.words / self.cold_seconds:,.0f} слов/с; "
            f"ЦП / CPU {self.cold_cpu_seconds:.2f} s, "
            f"{self.words / self.cold_cpu_seconds:,.0f} слов/с)",
            f"  полный анализ, повтор (разбор заново) / full analysis, warm, parsed anew: "
            f"{self.warm_seconds:.2f} s "
            f"({self.words / self.warm_seconds:,.0f} слов/с; "
            f"x{self.warm_seconds / self.nlp_seconds:.2f} к лемматизации; "
            f"ЦП / CPU {self.warm_cpu_seconds:.2f} s, "
            f"{self.words / self.warm_cpu_seconds:,.0f} слов/с)",
            f"  пик памяти / peak RSS: {self.peak_rss_mb:.0f} MB",
        ])


def run_bench(paths: Sequence[Path], repeat: int = 1) -> BenchResult:
    from pipeline.nlp.syntax import _models, clear_cache

    start = time.perf_counter()
    documents = [read_document(p) for p in iter_paths(paths)]
    analyzer = Analyzer()
    _models()                    # the syntax model loads once per process
    load = time.perf_counter() - start

    start, start_cpu = time.perf_counter(), time.process_time()
    results = [analyze_document(d, analyzer) for d in documents]
    cold, cold_cpu = time.perf_counter() - start, time.process_time() - start_cpu

    clauses = [c.text for r in results for c in r.clauses]
    start = time.perf_counter()
    for _ in analyzer.nlp.pipe(clauses, batch_size=256):
        pass
    nlp_seconds = time.perf_counter() - start

    warm = warm_cpu = float("inf")
    for _ in range(max(1, repeat)):
        clear_cache()            # no parse is reused: the detectors parse as on new text
        start, start_cpu = time.perf_counter(), time.process_time()
        for d in documents:
            analyze_document(d, analyzer)
        warm = min(warm, time.perf_counter() - start)
        warm_cpu = min(warm_cpu, time.process_time() - start_cpu)

    clear_cache()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return BenchResult(
        files=tuple(d.source for d in documents),
        words=sum(r.words for r in results),
        clauses=len(clauses),
        findings=sum(len(r.findings) for r in results),
        load_seconds=load, nlp_seconds=nlp_seconds, cold_seconds=cold, warm_seconds=warm,
        peak_rss_mb=peak, cold_cpu_seconds=cold_cpu, warm_cpu_seconds=warm_cpu,
    )


__all__ = ["BenchResult", "run_bench"]
