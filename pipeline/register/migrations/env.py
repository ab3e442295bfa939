"""Alembic environment of the register, driven from code by ``pipeline.register.store``.

``Register`` builds an ``alembic.config.Config`` itself (no alembic.ini) and hands over its
open connection in ``config.attributes["connection"]``, so the upgrade runs on the very
engine the register uses (this matters for in-memory SQLite). Without a connection, the
URL in ``sqlalchemy.url`` is used; offline mode (``--sql``) prints the DDL for a backend
without connecting to it, e.g. to review the PostgreSQL schema.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from pipeline.register.tables import Base

config = context.config
target_metadata = Base.metadata


def _configure_options() -> dict:
    # Batch mode lets later migrations alter SQLite tables (copy-and-move).
    return {"target_metadata": target_metadata, "render_as_batch": True,
            "compare_type": True}


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True,
                      dialect_opts={"paramstyle": "named"}, **_configure_options())
    with context.begin_transaction():
        context.run_migrations()


def _run_on(connection) -> None:
    context.configure(connection=connection, **_configure_options())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.begin() as connection:
            _run_on(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
