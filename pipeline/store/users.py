"""Accounts: argon2 password hashes, roles and the countries a person works on.

Roles: ``admin`` (users, every country), ``annotator`` (reads and edits the records of their countries),
``researcher`` (reads and exports the confirmed data of their countries). Countries are codebook ids
(RS, MK, AL, ME, ...).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.coding.codebook import codebook
from pipeline.store.schema import ROLES, User

_HASHER = PasswordHasher()
MIN_PASSWORD = 10
# a hash to verify against when the user does not exist, so both answers take the same time
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class UserError(ValueError):
    """A bad account request; the message says what to change."""


def _countries(countries: list[str] | str | None) -> list[str]:
    if countries is None:
        return []
    if isinstance(countries, str):
        countries = [c for c in countries.replace(";", ",").split(",")]
    out = sorted({c.strip().upper() for c in countries if c.strip()})
    allowed = set(codebook().enum("country"))
    unknown = [c for c in out if c not in allowed]
    if unknown:
        raise UserError(f"unknown country {', '.join(unknown)} (known: {', '.join(sorted(allowed))})")
    return out


def add_user(session: Session, name: str, password: str, role: str, countries: list[str] | str | None = None,
             language: str = "en") -> User:
    """Create an account. Annotators and researchers need at least one country; passwords at least
    10 characters."""
    name = name.strip()
    if not name or len(name) > 100:
        raise UserError("a user name is 1 to 100 characters")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password must be at least {MIN_PASSWORD} characters")
    wanted = _countries(countries)
    if role != "admin" and not wanted:
        raise UserError(f"a {role} needs --country (the countries whose verdicts they work on)")
    if session.execute(select(User).where(User.name == name)).scalar_one_or_none() is not None:
        raise UserError(f"a user named {name!r} exists already")
    user = User(name=name, password_hash=_HASHER.hash(password), role=role, countries=wanted,
                language=language, active=True)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, name: str) -> User | None:
    return session.execute(select(User).where(User.name == name)).scalar_one_or_none()


def list_users(session: Session) -> list[User]:
    return list(session.execute(select(User).order_by(User.name)).scalars())


def verify(session: Session, name: str, password: str) -> User | None:
    """The active user with this name and password, or None (same work either way)."""
    user = get_user(session, name)
    try:
        _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
    return user


def set_password(session: Session, name: str, password: str) -> None:
    user = get_user(session, name)
    if user is None:
        raise UserError(f"no user {name!r}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password must be at least {MIN_PASSWORD} characters")
    user.password_hash = _HASHER.hash(password)


def set_active(session: Session, name: str, active: bool) -> None:
    user = get_user(session, name)
    if user is None:
        raise UserError(f"no user {name!r}")
    user.active = active


def user_json(user: User) -> dict:
    return {"name": user.name, "role": user.role, "countries": list(user.countries or []),
            "language": user.language, "active": user.active}
