"""Wiring to the register for the flows: one open register per URL and process, what is
stored already (to skip unchanged files before analysis) and a canonical dump to compare
two registers (sequential vs parallel runs, a killed run resumed)."""
from __future__ import annotations

import dataclasses
from typing import Any

from pipeline.register import Register, resolve_url

_OPEN: dict[str, Register] = {}


def open_register(db_url: str | None) -> Register:
    """The register at ``db_url`` (``TAZA_DATABASE_URL`` or the SQLite file by default),
    opened (and migrated) once per process."""
    url = resolve_url(db_url)
    if url not in _OPEN:
        _OPEN[url] = Register(url)
    return _OPEN[url]


def stored_versions(register: Register) -> dict[str, tuple[str, str]]:
    """``source → (sha256, analyzer fingerprint)`` of the current version of every document.

    Read from the audit trail: every store of a new or replaced version records both; an
    unchanged store writes nothing. (A ``Register`` method would be the cleaner source.)
    """
    current: dict[str, tuple[str, str]] = {}
    for record in register.audit_log("document_version"):
        detail = record.detail
        if record.action in ("new", "replaced") and "source" in detail:
            current[detail["source"]] = (detail.get("sha256", ""),
                                         detail.get("analyzer_version", ""))
    return current


def entry_ids(register: Register) -> frozenset[int]:
    return frozenset(entry.id for entry in register.entries())


_VOLATILE = {"id", "version_id", "created_at", "updated_at", "ingested_at", "superseded_at",
             "text"}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in _VOLATILE}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, (int, float, str)):
        return value.value
    return value


def canonical(register: Register, fingerprints: bool = True) -> dict[str, list]:
    """Everything the register holds, without ids and timestamps, in a stable order.

    ``fingerprints=False`` leaves out which analyzer stored each version (rules edited
    between two runs change it without changing what they find).
    """
    versions = sorted((d.source, d.sha256, d.is_current, d.title, d.number,
                       d.date.isoformat() if d.date else None, d.issuing_body, len(d.text))
                      for d in register.documents(current_only=False))
    analyzers = sorted((s, sha, fp if fingerprints else "")
                       for s, (sha, fp) in stored_versions(register).items())
    findings = sorted(
        (f.document_source, f.document_sha256, f.key, f.address, f.page, f.clause_heading,
         repr(_plain(f.finding))) for f in register.findings(current_only=False))
    risks = sorted((r.document_source, r.document_sha256, r.superseded, repr(_plain(r.entry)))
                   for r in register.risks(current_only=False))
    entries = []
    for entry in register.entries():
        plain = _plain(entry)
        plain["evidence"] = sorted(repr(e) for e in plain["evidence"])
        entries.append(repr(plain))
    return {"versions": versions, "analyzers": analyzers, "findings": findings,
            "risks": risks, "entries": sorted(entries)}
