"""The pure core of ``taza check`` and ``taza analyze``: text in, findings out."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.detect import Analyzer
from pipeline.errors import ErrorCode, TazaError
from pipeline.model import Address, Clause, Document, Finding
from pipeline.structure import parse_clauses


@dataclass(frozen=True, slots=True)
class Analysis:
    document: Document
    clauses: tuple[Clause, ...]
    findings: tuple[Finding, ...]

    @property
    def words(self) -> int:
        return len(self.document.text.split())


def analyze_document(document: Document, analyzer: Analyzer) -> Analysis:
    clauses = parse_clauses(document)
    per_clause = analyzer.analyze_clauses(clauses)
    findings = tuple(f for found in per_clause for f in found)
    return Analysis(document, tuple(clauses), findings)


def _check_item(finding: Finding) -> dict:
    """The per-factor object of ``taza check`` output (a stable interface)."""
    return {
        "factor": finding.factor,
        "rule_id": finding.rule_id,
        "start": finding.start,
        "end": finding.end,
        "evidence": finding.evidence,
        "confidence": finding.confidence,
        "explanation": finding.explanation,
        "recommendation": finding.recommendation,
    }


def finding_record(document: Document, finding: Finding) -> dict:
    """The JSON line of ``taza analyze --out`` (a stable interface)."""
    record = {"document": document.source, "address": finding.address.render()}
    record.update(_check_item(finding))
    record["related"] = list(finding.related)
    return record


def read_check_input(path: Path) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of each line of a check JSONL; a bad line is an error naming the line."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                item_id, text = record["id"], record["text"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise TazaError(ErrorCode.E009_MALFORMED, f"{path}:{number}",
                                f"ожидается {{\"id\": str, \"text\": str}}: {exc}") from exc
            if not isinstance(item_id, str) or not isinstance(text, str):
                raise TazaError(ErrorCode.E009_MALFORMED, f"{path}:{number}",
                                "поля id и text должны быть строками")
            yield item_id, text


def check_texts(items: Iterable[tuple[str, str]], analyzer: Analyzer,
                batch: int = 512) -> Iterator[dict]:
    """One output record per input clause, same order; each clause is judged on its own."""
    pending: list[tuple[str, str]] = []

    def flush() -> Iterator[dict]:
        clauses = [Clause(Address(article=f"#{i}"), 0, len(text), text)
                   for i, (_, text) in enumerate(pending)]
        for (item_id, _), found in zip(pending, analyzer.analyze_clauses(clauses)):
            yield {"id": item_id, "factors": [_check_item(f) for f in found]}
        pending.clear()

    for item in items:
        pending.append(item)
        if len(pending) >= batch:
            yield from flush()
    if pending:
        yield from flush()
