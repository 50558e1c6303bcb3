"""Alembic environment: the connection (or URL) comes from ``triage.db.alembic_config``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

# Importing the models registers their tables on ``Base.metadata`` (for ``--autogenerate``).
import triage.auth
import triage.cases.models  # noqa: F401
import triage.jobs  # noqa: F401
from triage.db import Base, get_engine, sqlite_foreign_keys_on

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    is_sqlite = connection.dialect.name == "sqlite"
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=is_sqlite,  # SQLite alters tables by copy-and-move
                      compare_type=True)
    if is_sqlite:
        # A migration that copies a table (batch mode) drops the old one: with foreign keys on,
        # that DROP deletes every row referencing it (decisions, vectors, notes: ON DELETE
        # CASCADE). Off for the migration (before any transaction: SQLite ignores the pragma
        # inside one), checked after it, back on in ``sqlite_foreign_keys_on``.
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two servers starting at once: the second waits, then finds the schema at head.
            connection.execute(text("SELECT pg_advisory_xact_lock(7212345)"))
        context.run_migrations()
        if is_sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration left rows referencing missing ones: {broken[:5]}")


def run_migrations_offline() -> None:
    context.configure(url=config.attributes.get("url") or config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    conn = config.attributes.get("connection")
    if conn is not None:
        _run(conn)
        return
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    with get_engine(url).connect() as conn:
        try:
            _run(conn)
            conn.commit()
        finally:
            sqlite_foreign_keys_on(conn)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
