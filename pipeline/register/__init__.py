"""The register of analysed documents, findings and corruption risks (SQLite or PostgreSQL).

    register = Register()                      # TAZA_DATABASE_URL or outputs/register.sqlite
    register.store_analysis(document, clauses, findings)   # → StoreOutcome.NEW
    register.findings()                        # current findings, as frozen records
"""
from pipeline.register.entries import EntryFilter, merge_key
from pipeline.register.lifecycle import RegisterCode, RegisterError
from pipeline.register.risks import finding_key, risks_from_findings
from pipeline.register.store import (
    DEFAULT_URL,
    URL_ENV,
    AuditRecord,
    Register,
    StoredDocument,
    StoredFinding,
    StoredRisk,
    StoreOutcome,
    build_engine,
    normalise_source,
    resolve_url,
    schema_sql,
    upgrade,
)

__all__ = [
    "DEFAULT_URL",
    "URL_ENV",
    "AuditRecord",
    "EntryFilter",
    "RegisterCode",
    "RegisterError",
    "Register",
    "StoreOutcome",
    "StoredDocument",
    "StoredFinding",
    "StoredRisk",
    "build_engine",
    "finding_key",
    "merge_key",
    "normalise_source",
    "resolve_url",
    "risks_from_findings",
    "schema_sql",
    "upgrade",
]
