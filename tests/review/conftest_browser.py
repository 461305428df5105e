"""Fixtures of the browser tests: a review database holding the processed sample verdicts, the app served by
uvicorn on a free 127.0.0.1 port, and headless Chromium (Debian's chromium + chromium-driver) driven by
Selenium. Test modules import them (``from .conftest_browser import ...``); pytest loads no plugin for it.

Everything is real: the pipeline processes the sample scan, the importer loads it, the server runs in a
thread of the test process and stops at the end, the browser is a fresh profile that downloads into a
temporary folder.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PASSWORD = "correct horse battery staple"
SCAN = REPO / "data" / "raw" / "rs_k_18_2023_latn_scan.pdf"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ReviewSite:
    url: str  # http://127.0.0.1:PORT
    db_url: str
    batch: Path
    doc_id: str
    cache_dir: Path


def processed_batch(out: Path, *inputs: Path) -> Path:
    """``spoton run`` over the inputs, as a user runs it (one worker: the machine is shared)."""
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", *map(str, inputs), "--out", str(out), "--quiet", "--workers", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return out


def make_database(db_url: str, batch: Path) -> None:
    from sqlalchemy.orm import Session

    from pipeline.store.db import engine_for, migrate
    from pipeline.store.importer import import_batch
    from pipeline.store.users import add_user

    engine = engine_for(db_url)
    migrate(engine)
    import_batch(engine, batch)
    with Session(engine) as session:
        add_user(session, "ana", PASSWORD, "annotator", ["RS"])
        add_user(session, "rita", PASSWORD, "researcher", ["RS"])
        add_user(session, "root", PASSWORD, "admin")
        session.commit()
    engine.dispose()


def scan_doc_id(batch: Path) -> str:
    """The doc_id of the sample scan in a processed batch."""
    for record in batch.glob("*/record.json"):
        source = json.loads(record.read_text(encoding="utf-8")).get("source") or {}
        if str(source.get("path", "")).endswith(SCAN.name):
            return record.parent.name
    raise AssertionError(f"{SCAN.name} is not in the batch {batch}")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[ReviewSite]:
    """The review app over a fresh SQLite database holding the processed sample verdicts (the session's
    ``processed_batch`` of tests/review/conftest.py where it exists, else the sample scan alone), on a free
    port."""
    import uvicorn

    from pipeline.review.app import create_app

    base = tmp_path_factory.mktemp("review-site")
    try:
        batch = request.getfixturevalue("processed_batch")
    except pytest.FixtureLookupError:
        batch = processed_batch(base / "batch", SCAN)
    doc_id = scan_doc_id(batch)
    db_url = f"sqlite:///{base / 'review.sqlite'}"
    make_database(db_url, batch)
    cache_dir = base / "page-cache"
    app = create_app(db_url, cache_dir=cache_dir)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, name="review-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the review server did not start"
        time.sleep(0.05)
    try:
        yield ReviewSite(f"http://127.0.0.1:{port}", db_url, batch, doc_id, cache_dir)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        images = getattr(app.state, "page_images", None)
        if images is not None:
            images.close()


@pytest.fixture()
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture()
def browser(tmp_path: Path, downloads: Path) -> Iterator[object]:
    """Headless Chromium with a fresh profile; skips with the reason when chromium is not installed."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()) or shutil.which("chromium") is None:
        pytest.skip("chromium and chromium-driver are not installed (make test installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1600,1000", "--lang=en-GB",
                f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "safebrowsing.enabled": False,
    })
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
