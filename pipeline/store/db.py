"""Engines and migrations: SQLite (default file, WAL) or PostgreSQL through psycopg 3.

    engine = engine_for(None)                       # data/review.sqlite, WAL, foreign keys on
    engine = engine_for("postgresql://u@host/db")   # mapped to postgresql+psycopg
    migrate(engine)                                 # Alembic upgrade head, programmatically
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy
from sqlalchemy import event

DEFAULT_SQLITE = Path("data") / "review.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_url() -> str:
    """The SQLite file under data/ of the current directory (the repository root in practice)."""
    path = DEFAULT_SQLITE.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def normalise_url(url: str | None) -> str:
    """``postgresql://`` and ``postgres://`` use psycopg 3; a bare path is a SQLite file."""
    if not url:
        return default_url()
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    if "://" not in url:
        path = Path(url).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    return url


def engine_for(url: str | None = None) -> sqlalchemy.Engine:
    """An engine for the review database (see the module docstring). SQLite waits up to 30 s for a
    writer instead of failing at once, so 20 annotators saving at the same moment queue, not error."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = sqlalchemy.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=20, max_overflow=20
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API connection
            cursor = dbapi_connection.cursor()
            if ":memory:" not in url:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    # no pre-ping (a round trip per request): connections are recycled every half hour instead
    return sqlalchemy.create_engine(url, pool_size=20, max_overflow=20, pool_recycle=1800)


def is_sqlite(engine: sqlalchemy.Engine) -> bool:
    return engine.dialect.name == "sqlite"


def alembic_config(engine: sqlalchemy.Engine):
    """Alembic's configuration pointing at the package's migrations (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: sqlalchemy.Engine) -> None:
    """Bring the database to the newest schema (Alembic ``upgrade head``); safe to call on every start."""
    from alembic import command

    with engine.begin() as connection:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
