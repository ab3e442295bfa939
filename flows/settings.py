"""Offline Prefect settings, applied before Prefect is imported anywhere in this package.

Prefect reads its settings from the environment when it is first imported, so the flows
package sets them at import: analytics off, the Prefect home inside the project's ignored
``.state/`` folder, and an ephemeral-server start-up timeout that holds on a slow 2-core
machine. Values already set by the user win.
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
}


def apply_offline_defaults() -> None:
    for name, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(name, value)
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
