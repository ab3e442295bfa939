"""Prefect layer: thin flows over the pure functions of ``pipeline``."""
from flows.settings import apply_offline_defaults

apply_offline_defaults()
