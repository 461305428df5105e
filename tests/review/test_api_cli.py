"""The review commands as people run them: `spoton users` reads the password from standard input,
`spoton review` serves the app on 127.0.0.1 with migrations applied, and no verdict text reaches its log."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
SPOTON = [sys.executable, "-m", "pipeline"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_users_add_reads_the_password_from_stdin_and_checks_it(tmp_path):
    db = str(tmp_path / "users.sqlite")
    ok = subprocess.run([*SPOTON, "users", "add", "vesna", "--role", "annotator", "--country", "RS,MK", "--db", db],
                        input="a long enough password\n", capture_output=True, text=True, cwd=REPO)
    assert ok.returncode == 0, ok.stderr
    listed = subprocess.run([*SPOTON, "users", "list", "--db", db], capture_output=True, text=True, cwd=REPO)
    assert listed.stdout.split() == ["vesna", "annotator", "MK,RS", "active"]
    for args, stdin in (
        (["users", "add", "vesna", "--role", "annotator", "--country", "RS"], "another long password\n"),  # exists
        (["users", "add", "ivo", "--role", "annotator", "--country", "RS"], "short\n"),
        (["users", "add", "ivo", "--role", "annotator"], "a long enough password\n"),  # no country
        (["users", "add", "ivo", "--role", "annotator", "--country", "XX"], "a long enough password\n"),
        (["users", "add", "ivo", "--role", "boss"], "a long enough password\n"),
    ):
        bad = subprocess.run([*SPOTON, *args, "--db", db], input=stdin, capture_output=True, text=True, cwd=REPO)
        assert bad.returncode == 2, (args, bad.stderr)
        assert "password" not in bad.stderr or "characters" in bad.stderr  # never echoes the password


def test_spoton_review_serves_the_app(tmp_path, processed_batch):
    db = str(tmp_path / "served.sqlite")
    assert subprocess.run([*SPOTON, "import", str(processed_batch), "--db", db], capture_output=True,
                          cwd=REPO).returncode == 0
    assert subprocess.run([*SPOTON, "users", "add", "ana", "--role", "annotator", "--country", "RS", "--db", db],
                          input="correct horse battery\n", capture_output=True, text=True, cwd=REPO).returncode == 0
    port = _free_port()
    log = tmp_path / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen([*SPOTON, "review", "--db", db, "--port", str(port)], cwd=REPO, stdout=out,
                                  stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise AssertionError(log.read_text())
        with httpx.Client(base_url=base) as client:
            assert client.get("/api/documents").status_code == 401
            token = client.post("/api/login", json={"username": "ana", "password": "correct horse battery"}
                                ).json()["csrf_token"]
            queue = client.get("/api/documents", params={"q": "sud"}).json()
            assert queue["total"] >= 1
            doc = queue["items"][0]["doc_id"]
            record = client.get(f"/api/records/{doc}").json()
            saved = client.patch(f"/api/records/{doc}", headers={"X-CSRF-Token": token}, json={
                "version": record["version"], "changes": [{"path": "case.court", "status": "confirmed"}]})
            assert saved.status_code == 200
            text = client.get(f"/api/documents/{doc}/text").json()["text"]
    finally:
        server.terminate()
        server.wait(20)
    logged = log.read_text(encoding="utf-8")
    assert "PATCH /api/records/" in logged or logged == ""  # request lines, when logged, name paths only
    assert "sud" not in logged.replace("/api/", "")  # the search words never
    court = record["case"]["court"]["value"]
    assert court not in logged and text[:40] not in logged
