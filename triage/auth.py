"""API tokens per role (``operator``, ``supervisor``, ``bot``), stored only as SHA-256 hashes.

Requests carry ``Authorization: Bearer <token>``; a missing or unknown token is 401, the wrong
role 403, both with a Chinese and an English message. ``require(*roles)`` builds the dependency.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
import unicodedata
import weakref
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict
from starlette.concurrency import run_in_threadpool
from sqlalchemy import Boolean, CheckConstraint, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from triage.api.errors import ApiError, known_query
from triage.db import Base, UtcDateTime, utcnow

Role = Literal["operator", "supervisor", "bot"]
ROLES: tuple[str, ...] = get_args(Role)
TOKEN_PREFIX = "jsu_"  # recognisable by secret scanners


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('operator', 'supervisor', 'bot')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    role: Role
    created_at: datetime
    active: bool


@dataclass(frozen=True)
class CurrentUser:
    """The caller, detached from any session."""

    id: int
    name: str
    role: str

    @property
    def sees_raw(self) -> bool:
        """Raw text and contact details are shown only to operators (个人信息保护法)."""
        return self.role == "operator"


class UserError(ValueError):
    """A user that cannot be created (bad role, duplicate or bad name)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(name: str, role: str, *, db_session: Session) -> str:
    """Create a user and return its token; only the token's hash is stored, so show it once."""
    name = name.strip()
    if role not in ROLES:
        raise UserError(f"未知角色 / unknown role {role!r}: {', '.join(ROLES)}")
    if not name or len(name) > 64:
        raise UserError("用户名须为 1–64 个字符 / name must be 1–64 characters")
    if any(unicodedata.category(ch)[0] == "C" for ch in name):  # shown in logs and pages as is
        raise UserError("用户名不能含控制字符 / name must not contain control characters")
    if db_session.scalar(select(User.id).where(User.name == name)) is not None:
        raise UserError(f"用户已存在 / user already exists: {name}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db_session.add(User(name=name, role=role, token_hash=hash_token(token), created_at=utcnow(),
                        active=True))
    db_session.flush()
    return token


def list_users(*, db_session: Session) -> list[UserRead]:
    """Every user, oldest first (no token hashes)."""
    return [UserRead.model_validate(u) for u in db_session.scalars(select(User).order_by(User.id))]


def reissue_token(name: str, *, db_session: Session) -> str:
    """A new token for ``name`` (the old one stops working at once; a deactivated user is active again);
    a lost token was final ("用户已存在": tester58 D11)."""
    u = db_session.scalar(select(User).where(User.name == name.strip()))
    if u is None:
        raise UserError(f"用户不存在 / no such user: {name}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    u.token_hash, u.active = hash_token(token), True
    db_session.flush()
    return token


def set_active(name: str, active: bool, *, db_session: Session) -> None:
    """Enable or revoke a user's token."""
    u = db_session.scalar(select(User).where(User.name == name))
    if u is None:
        raise UserError(f"用户不存在 / no such user: {name}")
    u.active = active


def authenticate(token: str, *, db_session: Session) -> CurrentUser | None:
    """The active user holding ``token``, or None."""
    u = db_session.scalar(select(User).where(User.token_hash == hash_token(token), User.active.is_(True)))
    return CurrentUser(u.id, u.name, u.role) if u is not None else None


# -- FastAPI dependencies --------------------------------------------------------------------

def sessions_of(request: Request) -> sessionmaker[Session]:
    """The app's session factory; 503 when the database could not be opened at start-up."""
    factory = getattr(request.app.state, "db_sessions", None)
    if factory is None:
        raise ApiError(503, "案件库不可用", "case database unavailable",
                       getattr(request.app.state, "db_error", None))
    return factory


async def get_sessions(request: Request) -> sessionmaker[Session]:
    """``sessions_of`` as a dependency.

    Async, as every dependency here that does no I/O: FastAPI runs a sync one on a worker thread
    (an authenticated GET /v1/me: 3.6 → 3.3 ms with these async, measured in turns)."""
    return sessions_of(request)


async def get_db(factory: Annotated[sessionmaker[Session], Depends(get_sessions)]) -> AsyncIterator[Session]:
    """One session per request; the handler commits, anything uncommitted is rolled back.

    Async so that closing it needs no worker thread: under a burst all of them may be busy (see
    ``_releasing_sessions`` in ``triage.cases.views``, which closes it as the endpoint returns)."""
    s = factory()
    try:
        yield s
    finally:
        s.close()  # a rollback of anything uncommitted and a return to the pool: no waiting on locks


DbSession = Annotated[Session, Depends(get_db)]

_bearer = HTTPBearer(auto_error=False, description="jiesu users add NAME --role ROLE")


class _SqliteTokens:
    """Token look-ups on a SQLite connection of their own, run on the event loop.

    Through the ORM on a worker thread a look-up cost ~0.8 ms of every authenticated request
    (the thread round trip, a session, the ORM query); on its own connection it is one indexed
    read of a few tens of microseconds, and it never waits for the pool (which the event loop
    must not). WAL mode: a reader is never blocked by writers, and sees every commit made
    before its statement starts, so a deactivated token is refused at once."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path, check_same_thread=False, timeout=5.0)
        self._lock = threading.Lock()
        mode = self._conn.execute("PRAGMA journal_mode").fetchall()
        # only in WAL mode are reads never blocked by a writer (the event loop must not wait)
        self.wal = bool(mode) and str(mode[0][0]).lower() == "wal"

    def find(self, token_hash: str) -> CurrentUser | None:
        with self._lock:  # fetchall: the statement ends here, no read snapshot is left open
            rows = self._conn.execute(
                f"SELECT id, name, role FROM {User.__tablename__} WHERE token_hash = ? AND active = 1",
                (token_hash,)).fetchall()
        return CurrentUser(int(rows[0][0]), rows[0][1], rows[0][2]) if rows else None


_FAST_TOKENS: weakref.WeakKeyDictionary[Any, _SqliteTokens | None] = weakref.WeakKeyDictionary()
_FAST_TOKENS_LOCK = threading.Lock()


def _fast_tokens(factory: sessionmaker[Session]) -> _SqliteTokens | None:
    """The engine's ``_SqliteTokens`` for a SQLite file database, else None (other databases,
    in-memory SQLite: the ORM path on a worker thread)."""
    engine = factory.kw.get("bind")
    if engine is None:
        return None
    try:
        return _FAST_TOKENS[engine]
    except KeyError:
        pass
    with _FAST_TOKENS_LOCK:
        if engine not in _FAST_TOKENS:
            url = engine.url
            fast = None
            if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
                    and not str(url.database).startswith("file:"):
                try:
                    fast = _SqliteTokens(url.database)
                    fast = fast if fast.wal else None
                except sqlite3.Error:
                    fast = None
            _FAST_TOKENS[engine] = fast
        return _FAST_TOKENS[engine]


def _authenticate_orm(factory: sessionmaker[Session], token: str) -> CurrentUser | None:
    # A short session of its own: the request's session stays unopened until the handler needs it.
    with factory() as s:
        return authenticate(token, db_session=s)


async def current_user(factory: Annotated[sessionmaker[Session], Depends(get_sessions)],
                       cred: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> CurrentUser:
    """The caller from ``Authorization: Bearer <token>``; 401 without a valid token."""
    if cred is None or not cred.credentials:
        raise ApiError(401, "未认证：缺少访问令牌（Authorization: Bearer <token>）",
                       "not authenticated: missing bearer token")
    token = cred.credentials.strip()
    fast = _fast_tokens(factory)
    if fast is not None:
        user = fast.find(hash_token(token))
    else:
        user = await run_in_threadpool(_authenticate_orm, factory, token)
    if user is None:
        raise ApiError(401, "未认证：访问令牌无效或已停用", "not authenticated: invalid or revoked token")
    return user


def require(*roles: str):
    """A dependency admitting callers with one of ``roles``; 403 for the others."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    async def dep(user: Annotated[CurrentUser, Depends(current_user)], request: Request) -> CurrentUser:
        if user.role not in roles:
            raise ApiError(403, f"无权限：此操作需要角色 {'/'.join(roles)}",
                           f"forbidden: this needs role {' or '.join(roles)}", {"role": user.role})
        known_query(request)   # after 401 / 403: an unknown ?param is 422, never silently ignored
        return user

    dep.__name__ = f"require_{'_'.join(roles)}"
    return dep


AnyUser = Annotated[CurrentUser, Depends(require(*ROLES))]
Staff = Annotated[CurrentUser, Depends(require("operator", "supervisor"))]
Supervisor = Annotated[CurrentUser, Depends(require("supervisor"))]
