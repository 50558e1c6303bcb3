"""The case store's engine, sessions and schema migrations.

SQLite (WAL, busy timeout, foreign keys on) is the embedded default; any SQLAlchemy URL, e.g.
``postgresql+psycopg://…``, works through ``JIESU_DATABASE_URL``. The service layer uses only
portable SQL. The schema is owned by Alembic (``triage/migrations``); ``init_db`` upgrades to
head and is safe to call on every start-up.
"""

from __future__ import annotations

import contextlib
import os
import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

from triage.settings import Settings

log = logging.getLogger("triage.db")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000

# Stable constraint names, so later migrations can alter them (also on SQLite in batch mode).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every table in the case store."""

    metadata = MetaData(naming_convention=NAMING)


class UtcDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset on its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime (UTC)")
        value = value.astimezone(UTC)
        # SQLite stores text; keep it naive UTC so string ordering is time ordering.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode and str(mode[0]).lower() not in ("wal", "memory"):
            log.warning("triage.db.no_wal journal_mode=%s", mode[0])
        cur.execute("PRAGMA synchronous = NORMAL")  # durable enough with WAL, much faster
    finally:
        cur.close()


def make_engine(url: str) -> Engine:
    """A new engine for ``url``; SQLite gets WAL, a busy timeout and foreign keys on connect."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    memory = u.database in (None, "", ":memory:")
    if not memory:
        Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    kw: dict[str, Any] = {"connect_args": {"check_same_thread": False,
                                           "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    if memory:
        kw["poolclass"] = StaticPool  # one shared connection, or every session sees an empty db
    else:
        # Writers queue on SQLite's lock anyway; enough connections that waiting requests queue
        # there (with the busy timeout) rather than fail on the pool's own timeout.
        kw.update(pool_size=10, max_overflow=30, pool_timeout=60)
    # hide_parameters: errors and logs never carry row values (complaint text, phone numbers).
    engine = create_engine(url, hide_parameters=True, **kw)
    event.listen(engine, "connect", _sqlite_on_connect)
    return engine


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(url: str) -> Engine:
    """The process-wide engine for ``url`` (created once)."""
    with _ENGINES_LOCK:
        eng = _ENGINES.get(url)
        if eng is None:
            eng = _ENGINES[url] = make_engine(url)
        return eng


def dispose_engine(url: str) -> None:
    """Close the pooled connections of ``url``'s engine and forget it."""
    with _ENGINES_LOCK:
        eng = _ENGINES.pop(url, None)
    if eng is not None:
        eng.dispose()


def session_factory(url: str) -> sessionmaker[Session]:
    """Sessions bound to ``url``'s engine; objects stay readable after commit."""
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextlib.contextmanager
def session_scope(settings: Settings) -> Iterator[Session]:
    """A session that commits on success and rolls back on error (CLI and scripts)."""
    with session_factory(settings.db_url)() as s:
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise


def alembic_config(url: str) -> Any:
    """An Alembic ``Config`` built in code: works from any cwd and from an installed package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # The URL travels as an attribute, not an ini option: no '%' interpolation of passwords.
    cfg.attributes["url"] = url
    return cfg


@contextlib.contextmanager
def _migration_lock(url: str) -> Iterator[None]:
    """Serialize concurrent ``init_db`` calls on one SQLite file (PostgreSQL: advisory lock in env.py)."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or u.database in (None, "", ":memory:"):
        yield
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - non-POSIX
        yield
        return
    lock = Path(u.database).expanduser()
    lock = lock.with_name(lock.name + ".migrate.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def sqlite_foreign_keys_on(conn: Any) -> None:
    """Foreign keys back on for a pooled SQLite connection the migrations used (outside any
    transaction: SQLite ignores the pragma inside one)."""
    if conn.dialect.name != "sqlite":
        return
    conn.rollback()  # nothing left open (a failed migration's); committed work stays
    conn.exec_driver_sql("PRAGMA foreign_keys = ON")
    conn.commit()


def init_db(settings: Settings) -> Engine:
    """Create or upgrade the schema to the newest migration (``alembic upgrade head``)."""
    from alembic import command

    url = settings.db_url
    engine = get_engine(url)
    cfg = alembic_config(url)
    with _migration_lock(url), engine.connect() as conn:
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, "head")
            conn.commit()
        finally:
            sqlite_foreign_keys_on(conn)  # the migrations turned them off (env.py)
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        # complaint texts and phone numbers: the owner's alone (it was 0644 under the default umask:
        # tester58 D7); SQLite gives its -wal and -shm files the database file's permissions
        try:
            os.chmod(engine.url.database, 0o600)
        except OSError:
            pass
    log.info("triage.db.ready backend=%s", engine.dialect.name)
    return engine


def backup_sqlite(url: str, dest: Path) -> int:
    """A consistent copy of the SQLite database at ``url`` into ``dest`` (SQLite's online backup: what the
    -wal file holds included, while servers run); the number of cases copied. ``ValueError`` for another
    backend or a missing database."""
    import sqlite3


    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        raise ValueError(f"只能备份 SQLite 数据库；其他数据库请用其自带工具（如 pg_dump）/ only SQLite is backed up here: {u.get_backend_name()}")
    src_path = Path(u.database)
    if not src_path.is_file():
        raise ValueError(f"数据库不存在 / no database at {src_path}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True)
    try:
        out = sqlite3.connect(tmp)
        try:
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")   # one self-contained file, no -wal beside it
            n = out.execute("SELECT count(*) FROM cases").fetchone()[0]
        finally:
            out.close()
    finally:
        src.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, dest)
    return int(n)
