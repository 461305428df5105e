"""Load check of the review app: 20 simulated annotators saving corrections against one server.

    python -m bench.review_load [--quick] [--seconds S] [--annotators N] [--db sqlite,postgresql]
    python -m bench --only review_load [--quick]

One ``spoton review`` server on 127.0.0.1 (a free port) over SQLite, then over a throwaway PostgreSQL
cluster (skipped with the reason when the binaries are missing). Each annotator logs in, then for the
whole time opens one of a few verdicts (so saves collide), takes a moment (``--think``, 1 s on average:
a very fast lawyer; 0 measures the most the server takes), changes one or two fields to a value of its own
and saves; a 409 (someone changed that field since) is answered like a person would: reopen, save
again. Printed per database: saves per second, p50/p95/max latency of a save, errors (anything but 200 and
409), conflicts, and lost updates, checked at the end: every field's value must be the one of its last
successful save, and the audit history must hold exactly one row per saved change.

Full: 300 s per database (the issue's five minutes); --quick: 10 s per database. Target: no error, no
lost update, p95 under 300 ms. Verdicts are synthetic (codebook fields, no text of any real verdict).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "load-check password"
FIELDS = [  # (path, kind of value)
    ("defendants[0].sentence.prison_months", "number"),
    ("defendants[0].detention_days", "int"),
    ("defendants[0].birth_year", "int"),
    ("victims[0].age", "int"),
    ("victims[1].age", "int"),
    ("case.registrar", "text"),
    ("case.prosecutor.name", "text"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- the database


def _synthetic_record(doc_id: str) -> dict:
    from pipeline.store import paths

    record = {"schema": "spoton.record/1", "document_id": doc_id,
              "source": {"path": f"synthetic/{doc_id}.txt", "sha256": doc_id.ljust(64, "0"), "format": "txt"},
              "language": "sr", "script": "Latn", "pipeline_version": "bench", "models": {},
              "case": paths.empty_item("case", source="rule:bench@1"),
              "defendants": [paths.empty_item("defendant", source="rule:bench@1")],
              "victims": [paths.empty_item("victim", source="rule:bench@1") for _ in range(2)],
              "entities": [], "sentences": []}
    record["defendants"][0]["charges"] = [paths.empty_item("charge", source="rule:bench@1")]
    record["case"]["country"].update(value="RS", confidence=0.9)
    record["case"]["case_number"].update(value=f"K {doc_id[-3:]}/24", confidence=0.8)
    return record


def _prepare(url: str, verdicts: int, annotators: int) -> list[str]:
    """Migrate, write synthetic verdicts as a batch folder and import it, add the annotators."""
    import json

    from sqlalchemy.orm import Session

    from pipeline.store.db import engine_for, migrate
    from pipeline.store.importer import import_batch
    from pipeline.store.users import add_user

    engine = engine_for(url)
    migrate(engine)
    ids = [f"bench{i:011d}" for i in range(verdicts)]
    with tempfile.TemporaryDirectory(prefix="spoton-load-batch-") as tmp:
        for doc_id in ids:
            folder = Path(tmp) / doc_id
            folder.mkdir()
            text = f"Synthetic verdict {doc_id} for the load check."
            (folder / "record.json").write_text(json.dumps(_synthetic_record(doc_id)), encoding="utf-8")
            (folder / "document.json").write_text(json.dumps({
                "schema": "spoton.document/1", "id": doc_id, "text": text, "language": "sr", "script": "Latn",
                "pages": [{"number": 1, "start": 0, "end": len(text), "method": "plain", "blocks": []}],
                "provenance": {"path": f"synthetic/{doc_id}.txt", "sha256": doc_id, "format": "txt", "size": 0,
                               "pipeline_version": "bench"}}), encoding="utf-8")
        summary = import_batch(engine, tmp)
    assert summary.added == verdicts, summary.describe()
    with Session(engine) as session, session.begin():
        for i in range(annotators):
            add_user(session, f"annotator{i:02d}", PASSWORD, "annotator", "RS")
    engine.dispose()
    return ids


@dataclass
class _Pg:
    root: Path
    pg_ctl: Path
    run_as: list[str]
    url: str


def _start_postgres() -> _Pg | None:
    bins = [d for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True) if (d / "initdb").is_file()]
    if not bins:
        print("  postgresql: skipped (no PostgreSQL binaries under /usr/lib/postgresql; make test installs them)")
        return None
    root = Path(tempfile.mkdtemp(prefix="spoton-load-pg-"))
    run_as, user = [], os.environ.get("USER") or "postgres"
    if os.geteuid() == 0:
        run_as, user = ["runuser", "-u", "postgres", "--"], "postgres"
        shutil.chown(root, "postgres")
    else:
        import getpass

        user = getpass.getuser()
    root.chmod(0o700)
    subprocess.run([*run_as, str(bins[0] / "initdb"), "-D", str(root / "data"), "-U", user, "--auth=trust",
                    "--encoding=UTF8", "--no-locale", "--no-sync"], check=True, capture_output=True)
    port = _free_port()
    subprocess.run([*run_as, str(bins[0] / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "log"), "-w",
                    "-o", f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} "
                          "-c max_connections=200", "start"], check=True, capture_output=True)
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={port} user={user} dbname=postgres", autocommit=True) as conn:
        conn.execute("CREATE DATABASE review_load")
    return _Pg(root, bins[0] / "pg_ctl", run_as, f"postgresql://{user}@127.0.0.1:{port}/review_load")


def _stop_postgres(pg: _Pg) -> None:
    subprocess.run([*pg.run_as, str(pg.pg_ctl), "-D", str(pg.root / "data"), "-m", "fast", "-w", "stop"],
                   capture_output=True)
    shutil.rmtree(pg.root, ignore_errors=True)


# --------------------------------------------------------------------------- the annotators


@dataclass
class _Tally:
    latencies: list[float] = field(default_factory=list)
    saves: int = 0
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    # (doc_id, path) -> (version the save produced, value)
    last: dict[tuple[str, str], tuple[int, object]] = field(default_factory=dict)
    saved_changes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _annotator(base: str, name: str, ids: list[str], clock: dict, tally: _Tally, seed: int,
               think: float) -> None:
    import httpx

    rng = random.Random(seed)
    counter = 0
    with httpx.Client(base_url=base, timeout=30) as client:
        login = client.post("/api/login", json={"username": name, "password": PASSWORD})
        if login.status_code != 200:
            with tally.lock:
                tally.errors.append(f"login {login.status_code}")
            clock["ready"].wait()
            return
        client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        clock["ready"].wait()  # every annotator logged in: the clock starts
        until = clock["until"]
        while time.monotonic() < until:
            if think:
                time.sleep(rng.uniform(0.5, 1.5) * think)
            doc_id = rng.choice(ids)
            try:
                version = client.get(f"/api/records/{doc_id}").json()["version"]
                changes = []
                for path, kind in rng.sample(FIELDS, rng.choice((1, 2))):
                    counter += 1
                    value = f"{name}-{counter}" if kind == "text" else (seed * 100_000 + counter)
                    changes.append({"path": path, "value": value, "status": "corrected"})
                started = time.perf_counter()
                response = client.patch(f"/api/records/{doc_id}", json={"version": version, "changes": changes})
                elapsed = time.perf_counter() - started
            except Exception as exc:  # noqa: BLE001 - a failed request is an error of the check, counted
                with tally.lock:
                    tally.errors.append(type(exc).__name__)
                continue
            with tally.lock:
                tally.latencies.append(elapsed)
                if response.status_code == 200:
                    tally.saves += 1
                    tally.saved_changes += len(changes)
                    new_version = response.json()["version"]
                    for ch in changes:
                        key = (doc_id, ch["path"])
                        if key not in tally.last or tally.last[key][0] < new_version:
                            tally.last[key] = (new_version, ch["value"])
                elif response.status_code == 409:
                    tally.conflicts += 1
                else:
                    tally.errors.append(str(response.status_code))


def _lost_updates(url: str, tally: _Tally) -> tuple[int, int]:
    """(fields whose value is not their last successful save's, audit rows missing or extra)."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from pipeline.store import paths, records
    from pipeline.store.db import engine_for
    from pipeline.store.schema import Change

    engine = engine_for(url)
    lost = 0
    with Session(engine) as session:
        cache: dict[str, dict] = {}
        for (doc_id, path), (_, value) in tally.last.items():
            if doc_id not in cache:
                cache[doc_id] = records.get_record(session, doc_id)[0]
            if paths.get(cache[doc_id], path, {}).get("value") != value:
                lost += 1
        audit = session.execute(select(func.count()).select_from(Change).where(Change.op == "set")).scalar_one()
    engine.dispose()
    return lost, abs(audit - tally.saved_changes)


def _wait_up(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"spoton review exited with {proc.returncode}")
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("spoton review did not answer /healthz within a minute")


def run_one(label: str, url: str, seconds: float, annotators: int, verdicts: int, think: float) -> dict:
    ids = _prepare(url, verdicts, annotators)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "review", "--db", url, "--port", str(port)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tally = _Tally()
    try:
        _wait_up(base, proc)
        clock: dict = {}

        def start_clock() -> None:  # runs once, when everyone is logged in, before anyone goes on
            clock["started"] = time.monotonic()
            clock["until"] = clock["started"] + seconds

        clock["ready"] = threading.Barrier(annotators + 1, action=start_clock)
        threads = [threading.Thread(target=_annotator, args=(base, f"annotator{i:02d}", ids, clock, tally, i + 1, think))
                   for i in range(annotators)]
        for t in threads:
            t.start()
        clock["ready"].wait()
        started = clock["started"]
        for t in threads:
            t.join(seconds + 120)
        wall = time.monotonic() - started
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    lost, audit_gap = _lost_updates(url, tally)
    lat = sorted(tally.latencies) or [0.0]
    p50 = statistics.median(lat) * 1000
    p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))] * 1000
    result = {"db": label, "saves_per_s": tally.saves / wall, "saves": tally.saves, "conflicts": tally.conflicts,
              "errors": len(tally.errors), "lost_updates": lost, "audit_gap": audit_gap, "p50_ms": p50,
              "p95_ms": p95, "max_ms": lat[-1] * 1000, "seconds": wall}
    ok = not tally.errors and not lost and not audit_gap and p95 < 300
    print(f"  {label:<10} {result['saves_per_s']:7.1f} saves/s  ({tally.saves} saves, {tally.conflicts} 409s) "
          f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {lat[-1] * 1000:7.1f} ms  errors {len(tally.errors)}  "
          f"lost updates {lost}  audit rows off by {audit_gap}  {'target met' if ok else 'TARGET MISSED'}")
    if tally.errors:
        print(f"             errors seen: {', '.join(sorted(set(tally.errors)))}")
    sys.stdout.flush()
    return result


def bench_review_load(tmp: Path, quick: bool, *, seconds: float | None = None, annotators: int = 20,
                      databases: tuple[str, ...] = ("sqlite", "postgresql"), verdicts: int = 12,
                      think: float = 1.0) -> list[dict]:
    """The load check on each database (see the module docstring); returns the figures."""
    seconds = seconds if seconds is not None else (10.0 if quick else 300.0)
    print(f"  {annotators} annotators, {verdicts} verdicts, {seconds:g} s per database, one server on 127.0.0.1, "
          f"{think:g} s between saves on average" + (" (as fast as possible)" if not think else ""))
    results = []
    if "sqlite" in databases:
        results.append(run_one("sqlite", str(tmp / "review-load.sqlite"), seconds, annotators, verdicts, think))
    if "postgresql" in databases:
        pg = _start_postgres()
        if pg is not None:
            try:
                results.append(run_one("postgresql", pg.url, seconds, annotators, verdicts, think))
            finally:
                _stop_postgres(pg)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.review_load", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="10 s per database instead of 300 s")
    ap.add_argument("--seconds", type=float, default=None)
    ap.add_argument("--annotators", type=int, default=20)
    ap.add_argument("--db", default="sqlite,postgresql")
    ap.add_argument("--think", type=float, default=1.0,
                    help="mean seconds an annotator takes between saves (0: as fast as possible)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="spoton-load-") as tmp:
        results = bench_review_load(Path(tmp), args.quick, seconds=args.seconds, annotators=args.annotators,
                                    databases=tuple(d.strip() for d in args.db.split(",") if d.strip()), think=args.think)
    return 0 if all(not r["errors"] and not r["lost_updates"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
