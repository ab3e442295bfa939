"""Offline Prefect settings and the folders of the scheduled flows.

Prefect reads its settings from the environment when it is first imported, so the flows
package sets them at import: analytics off, the Prefect home inside the project's ignored
``.state/`` folder, and an ephemeral-server start-up timeout that holds on a slow 2-core
machine. Values already set by the user win.

Inbox folders come from ``TAZA_INBOX_ACTS``, ``TAZA_INBOX_MEDIA`` and
``TAZA_INBOX_COMPLAINTS`` (several folders joined by ``os.pathsep``); by default the
``.state/inbox/<kind>`` folder plus the bundled corpus of that kind, when there is one.
Generated files go under ``TAZA_OUTPUTS`` (``outputs/`` by default).
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = PROJECT_ROOT / ".state"

OFFLINE_DEFAULTS = {
    "PREFECT_HOME": str(STATE_DIR / "prefect"),
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_API_SERVICES_TRIGGERS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    # Dask's own loggers (scheduler, nanny, worker) say every connection at INFO.
    "DASK_LOGGING__DISTRIBUTED": "warning",
}

INBOX_KINDS = ("acts", "media", "complaints")
INBOX_ENV = {kind: f"TAZA_INBOX_{kind.upper()}" for kind in INBOX_KINDS}
# Bundled corpora scanned beside the inbox: unchanged files are skipped by content hash.
BUNDLED = {"acts": (PROJECT_ROOT / "corpora" / "sample",), "media": (), "complaints": ()}
OUTPUTS_ENV = "TAZA_OUTPUTS"


def apply_offline_defaults() -> None:
    for name, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(name, value)
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)


def inbox(kind: str) -> list[Path]:
    """Folders (or files) a scheduled flow of ``kind`` reads."""
    value = os.environ.get(INBOX_ENV[kind], "").strip()
    if value:
        return [Path(part) for part in value.split(os.pathsep) if part.strip()]
    return [STATE_DIR / "inbox" / kind, *(p for p in BUNDLED[kind] if p.exists())]


def outputs_dir() -> Path:
    return Path(os.environ.get(OUTPUTS_ENV) or PROJECT_ROOT / "outputs")
