"""Fixtures of the review app's tests: the sample verdicts processed once, a database on SQLite and on a
throwaway PostgreSQL cluster, users of every role, and logged-in HTTP clients.

- ``processed_batch``: ``spoton run data/raw --out <tmp>`` once per test session (set SPOTON_TEST_BATCH to a
  folder written by ``spoton run`` to reuse one while working on the tests);
- ``pg_server``: initdb + pg_ctl on a free 127.0.0.1 port, as the ``postgres`` user when run as root,
  started once per session and removed at the end; tests on PostgreSQL skip with the reason when the
  binaries are missing;
- ``db_url``: parametrised "sqlite" / "postgresql": an empty database per test (a file; a new database);
- ``imported_db``: ``db_url`` migrated, the batch imported, one user per role (:data:`USERS`);
- ``api``: ``api(app, "ana")`` gives a TestClient logged in as that user, sending the CSRF header.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
PASSWORD = "correct horse battery"
# name → (role, countries)
USERS = {
    "admin": ("admin", None),
    "ana": ("annotator", "RS"),
    "marko": ("annotator", "RS"),
    "elena": ("annotator", "MK"),
    "rita": ("researcher", "RS"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- the processed sample batch


@pytest.fixture(scope="session")
def processed_batch(tmp_path_factory) -> Path:
    """The sample verdicts of data/raw through ``spoton run`` (once per session)."""
    reuse = os.environ.get("SPOTON_TEST_BATCH")
    if reuse and Path(reuse).is_dir():
        return Path(reuse)
    out = tmp_path_factory.mktemp("batch")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(REPO / "data" / "raw"), "--out", str(out),
                           "--quiet", "--workers", "2"], cwd=REPO, capture_output=True, text=True, timeout=900)
    if proc.returncode not in (0, 3) or not any(out.glob("*/record.json")):
        pytest.fail(f"spoton run failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return out


# --------------------------------------------------------------------------- PostgreSQL


@dataclass
class PgServer:
    port: int
    data: Path
    pg_ctl: Path
    user: str
    run_as: list[str]
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self, template: str | None = None) -> str:
        import psycopg

        name = f"review_test_{os.getpid()}_{next(self.counter)}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)


def _pg_bin() -> Path | None:
    for d in PG_BIN_DIRS:
        if (d / "initdb").is_file() and (d / "pg_ctl").is_file():
            return d
    return None


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL cluster on a free local port, removed at the end of the session."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (make test installs them)")
    root = Path(tempfile.mkdtemp(prefix="spoton-pg-"))
    data = root / "data"
    run_as: list[str] = []
    user = os.environ.get("USER") or "postgres"
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres user
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL as the postgres user")
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
        user = "postgres"
    else:
        import getpass

        user = getpass.getuser()
    root.chmod(0o700)
    init = subprocess.run([*run_as, str(bin_dir / "initdb"), "-D", str(data), "-U", user, "--auth=trust",
                           "--encoding=UTF8", "--no-locale", "--no-sync"], capture_output=True, text=True)
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"initdb failed: {init.stderr[-500:]}")
    port = free_port()
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} "
               "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    start = subprocess.run([*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                            str(root / "server.log"), "-w", "-t", "60", "start"], capture_output=True, text=True)
    if start.returncode != 0:
        log = (root / "server.log").read_text(errors="replace")[-800:] if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {start.stderr[-300:]} {log}")
    server = PgServer(port=port, data=data, pg_ctl=bin_dir / "pg_ctl", user=user, run_as=run_as)
    try:
        yield server
    finally:
        subprocess.run([*run_as, str(server.pg_ctl), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        time.sleep(0.2)
        shutil.rmtree(root, ignore_errors=True)


# --------------------------------------------------------------------------- databases


@pytest.fixture(params=["sqlite", "postgresql"])
def db_kind(request) -> str:
    return request.param


@pytest.fixture
def db_url(db_kind, request, tmp_path) -> str:
    """An empty review database: a SQLite file, or a new database on the throwaway PostgreSQL cluster."""
    if db_kind == "sqlite":
        return str(tmp_path / "review.sqlite")
    return request.getfixturevalue("pg_server").new_database()


@dataclass
class ImportedDb:
    url: str
    engine: object
    batch: Path
    by_country: dict[str, list[str]]  # country → doc_ids

    def doc(self, country: str) -> str:
        return self.by_country[country][0]


def add_users(engine) -> None:
    from sqlalchemy.orm import Session

    from pipeline.store.users import add_user

    with Session(engine) as session, session.begin():
        for name, (role, countries) in USERS.items():
            add_user(session, name, PASSWORD, role, countries)


def _prepare(url: str, batch: Path) -> dict[str, list[str]]:
    """Migrate, import the batch, add the users; the doc_ids by country."""
    from sqlalchemy import select, text
    from sqlalchemy.orm import Session

    from pipeline.store.db import engine_for, migrate
    from pipeline.store.importer import import_batch
    from pipeline.store.schema import DocumentRow

    engine = engine_for(url)
    migrate(engine)
    summary = import_batch(engine, batch)
    assert summary.added and not summary.failed, summary.describe()
    add_users(engine)
    by_country: dict[str, list[str]] = {}
    with Session(engine) as session:
        for doc_id, country in session.execute(select(DocumentRow.doc_id, DocumentRow.country)
                                               .order_by(DocumentRow.doc_id)):
            by_country.setdefault(country, []).append(doc_id)
        if engine.dialect.name == "sqlite":
            session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    return by_country


@pytest.fixture(scope="session")
def sqlite_template(processed_batch, tmp_path_factory) -> tuple[Path, dict[str, list[str]]]:
    """The imported sample database, made once; each test gets a copy of the file."""
    path = tmp_path_factory.mktemp("template") / "review.sqlite"
    return path, _prepare(str(path), processed_batch)


@pytest.fixture(scope="session")
def pg_template(pg_server, processed_batch) -> tuple[str, dict[str, list[str]]]:
    """The imported sample database on PostgreSQL, made once; each test gets CREATE DATABASE ... TEMPLATE."""
    url = pg_server.new_database()
    return url.rsplit("/", 1)[1], _prepare(url, processed_batch)


@pytest.fixture
def imported_db(db_kind, request, tmp_path, processed_batch) -> ImportedDb:
    """A database with the processed sample verdicts imported and one user per role (USERS)."""
    from pipeline.store.db import engine_for

    if db_kind == "sqlite":
        template, by_country = request.getfixturevalue("sqlite_template")
        url = str(tmp_path / "review.sqlite")
        shutil.copyfile(template, url)
    else:
        server = request.getfixturevalue("pg_server")
        template, by_country = request.getfixturevalue("pg_template")
        url = server.new_database(template=template)
    engine = engine_for(url)
    yield ImportedDb(url=url, engine=engine, batch=processed_batch, by_country=by_country)
    engine.dispose()


# --------------------------------------------------------------------------- HTTP


@pytest.fixture
def app(imported_db, tmp_path):
    from pipeline.review.app import create_app

    application = create_app(imported_db.url, cache_dir=tmp_path / "cache")
    yield application
    application.state.engine.dispose()


def login(app, name: str, password: str = PASSWORD):
    """A TestClient logged in as ``name`` whose requests carry the session's CSRF token."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient

    client = TestClient(app)
    response = client.post("/api/login", json={"username": name, "password": password})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


@pytest.fixture
def api(app):
    """``api("ana")``: a logged-in client (see :func:`login`)."""
    return lambda name: login(app, name)


@pytest.fixture
def anonymous(app):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient
    return TestClient(app)
