"""Logins, sessions, CSRF tokens and the one permission rule (:func:`can`) pages and API share.

A login creates a row in ``login_sessions``: the cookie ``spoton_session`` (HttpOnly, SameSite=Strict)
carries a random token whose SHA-256 is the row's id, so a copy of the database opens no session. Each
session has its own CSRF token: every state-changing request sends it back in the ``X-CSRF-Token`` header
or a ``csrf_token`` form field (the middleware in :mod:`pipeline.review.app` checks it before any route
runs). Failed logins are throttled per user name and per client address.

Roles: admin (every country, users, assignment), annotator (reads and edits the records of their
countries), researcher (reads and exports the confirmed records of their countries).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException, Request
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pipeline.store import users
from pipeline.store.schema import LoginAttempt, LoginSession, User, utcnow

COOKIE = "spoton_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
IDLE = dt.timedelta(hours=12)  # a session unused this long ends
MAX_AGE = dt.timedelta(days=7)  # and none lives longer than this
THROTTLE_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_CLIENT = 20
TOUCH_EVERY = dt.timedelta(minutes=5)  # last_seen is written at most this often (no write per request)

ACTIONS = ("read", "edit", "confirm", "reopen", "export", "export_identified", "assign", "admin", "blind_code")


class LoginFailed(Exception):
    """Wrong name or password (the message never says which)."""


class LoginThrottled(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed logins; try again in {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class SessionUser:
    """The logged-in person as routes see it (a plain value, safe to pass between threads)."""

    id: int
    name: str
    role: str
    countries: tuple[str, ...]
    language: str
    csrf_token: str
    session_id: str = field(repr=False)

    def json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "countries": list(self.countries),
                "language": self.language}


def _aware(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _retry_after(session: Session, username: str, client: str) -> int:
    """Seconds until the next attempt is allowed (0: allowed now)."""
    since = utcnow() - THROTTLE_WINDOW
    last_ok = session.execute(
        select(func.max(LoginAttempt.at)).where(LoginAttempt.username == username, LoginAttempt.success)
    ).scalar_one_or_none()
    user_since = max(since, _aware(last_ok)) if last_ok is not None else since
    for column, value, limit, start in (
        (LoginAttempt.username, username, MAX_FAILURES_PER_USER, user_since),
        (LoginAttempt.client, client, MAX_FAILURES_PER_CLIENT, since),
    ):
        times = list(session.execute(
            select(LoginAttempt.at).where(column == value, ~LoginAttempt.success, LoginAttempt.at > start)
            .order_by(LoginAttempt.at.desc()).limit(limit)
        ).scalars())
        if len(times) >= limit:
            oldest = _aware(times[-1])
            return max(1, int((oldest + THROTTLE_WINDOW - utcnow()).total_seconds()) + 1)
    return 0


def login(session: Session, username: str, password: str, client: str) -> tuple[str, str]:
    """(cookie value, CSRF token) for a right name and password; raises :class:`LoginThrottled` after too
    many failures, :class:`LoginFailed` otherwise. The caller commits (the attempt is recorded either way)."""
    username = (username or "").strip()[:100]
    client = (client or "unknown")[:100]
    wait = _retry_after(session, username, client)
    if wait:
        raise LoginThrottled(wait)
    user = users.verify(session, username, password or "")
    session.add(LoginAttempt(username=username, client=client, at=utcnow(), success=user is not None))
    if user is None:
        session.flush()
        raise LoginFailed("wrong user name or password")
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(LoginSession(id=_digest(token), user_id=user.id, csrf_token=csrf, created_at=now,
                             last_seen=now, expires_at=now + MAX_AGE))
    # old, ended sessions go when someone logs in (no background job needed)
    session.execute(delete(LoginSession).where(LoginSession.expires_at < now))
    session.flush()
    return token, csrf


def logout(session: Session, cookie_value: str | None) -> None:
    if cookie_value:
        session.execute(delete(LoginSession).where(LoginSession.id == _digest(cookie_value)))


def resolve(session: Session, cookie_value: str | None) -> SessionUser | None:
    """The user of a session cookie, or None when it is unknown, ended or idle too long."""
    if not cookie_value or len(cookie_value) > 200:
        return None
    row = session.get(LoginSession, _digest(cookie_value))
    if row is None:
        return None
    now = utcnow()
    if _aware(row.expires_at) < now or _aware(row.last_seen) + IDLE < now:
        session.delete(row)
        session.commit()
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if _aware(row.last_seen) + TOUCH_EVERY < now:
        row.last_seen = now
        session.commit()
    return SessionUser(id=user.id, name=user.name, role=user.role, countries=tuple(user.countries or ()),
                       language=user.language or "en", csrf_token=row.csrf_token, session_id=row.id)


def csrf_ok(user: SessionUser | None, token: str | None) -> bool:
    return bool(user is not None and token and hmac.compare_digest(user.csrf_token, token))


# --------------------------------------------------------------------------- permissions


def _get(document: Any, name: str) -> Any:
    if document is None:
        return None
    if isinstance(document, dict):
        return document.get(name)
    return getattr(document, name, None)


def in_countries(user: SessionUser | User, country: str | None) -> bool:
    if user.role == "admin":
        return True
    return country is not None and country in (user.countries or ())


def can(user: SessionUser | User | None, action: str, document: Any = None) -> bool:
    """May ``user`` do ``action`` (see ACTIONS) on ``document`` (a DocumentRow, a dict with ``country`` and
    ``status``, or None for actions on no particular verdict, such as opening the queue)?"""
    if user is None or action not in ACTIONS:
        return False
    role = user.role
    if role == "admin":
        return True
    if action in ("admin", "assign", "export_identified"):
        return False
    if document is not None and not in_countries(user, _get(document, "country")):
        return False
    status = _get(document, "status")
    if role == "annotator":
        return action in ("read", "edit", "confirm", "reopen", "export", "blind_code")
    if role == "researcher":
        if action == "export":
            return True
        return action == "read" and (document is None or status == "confirmed")
    return False


# --------------------------------------------------------------------------- FastAPI dependencies


def current_user(request: Request) -> SessionUser | None:
    """The logged-in user the middleware resolved from the session cookie, or None."""
    return getattr(request.state, "user", None)


def require_user(request: Request) -> SessionUser:
    user = current_user(request)
    if user is None:
        raise HTTPException(status_code=401, detail="login required")
    return user


async def require_csrf(request: Request) -> None:
    """The session's CSRF token in the X-CSRF-Token header or the csrf_token form field (the middleware
    checks every state-changing request already; routes may name this dependency to say so)."""
    user = current_user(request)
    token = request.headers.get(CSRF_HEADER)
    if not token and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    if not csrf_ok(user, token):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def set_session_cookie(response: Any, token: str, *, secure: bool = False) -> None:
    """The session cookie: HttpOnly, SameSite=Strict, the whole site, as long as a session may live."""
    response.set_cookie(COOKIE, token, max_age=int(MAX_AGE.total_seconds()), httponly=True, samesite="strict",
                        secure=secure, path="/")


def clear_session_cookie(response: Any) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
