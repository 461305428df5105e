"""A batch killed with kill -9 leaves no half-written file and the next run does exactly what is missing;
--force reprocesses; a changed file is processed again."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PIPELINE, REPO, cli_env, make_text, make_verdict_pdf, read_jsonl, requires, spoton

from pipeline.ingest import doc_id_for, file_sha256

pytestmark = requires(*PIPELINE)

N_INPUTS = 20


def counts(stderr: str) -> tuple[int, int, int]:
    m = re.search(r"(\d+) done, (\d+) skipped \(unchanged\), (\d+) failed", stderr)
    assert m, stderr
    return tuple(map(int, m.groups()))


def records_mtimes(out: Path) -> dict[str, int]:
    return {p.parent.name: p.stat().st_mtime_ns for p in out.glob("*/record.json")}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("resume_in")
    for i in range(N_INPUTS):
        if i % 2:
            make_text(src / f"k_{i:02d}.txt", i, extra=f"\nDodatak {i}\n")
        else:
            make_verdict_pdf(src / f"k_{i:02d}.pdf", 6, i)
    return src


def test_resume_after_kill(inputs, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(out), "--workers", "1", "--ocr", "never"],
        env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 240
    while len(list(out.glob("*/record.json"))) < 3:
        assert proc.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole group: main process, forkserver, workers
    proc.wait()

    # nothing half-written is visible under a real name
    finished = records_mtimes(out)
    assert 3 <= len(finished) < N_INPUTS
    for path in out.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    for doc_id in finished:
        assert (out / doc_id / "document.json").is_file()
    assert not (out / "records.jsonl").exists()

    second = spoton("run", inputs, "--out", out, "--workers", "1", "--ocr", "never")
    assert second.returncode == 0, second.stderr
    assert counts(second.stderr) == (N_INPUTS - len(finished), len(finished), 0)
    now = records_mtimes(out)
    assert {d: now[d] for d in finished} == finished  # finished documents were not written again
    assert len(now) == N_INPUTS
    assert not list(out.rglob("*.tmp"))  # temporaries of the killed run are gone
    records = read_jsonl(out / "records.jsonl")
    assert [r["document_id"] for r in records] == [doc_id_for(file_sha256(p)) for p in sorted(inputs.iterdir())]

    third = spoton("run", inputs, "--out", out, "--workers", "1", "--ocr", "never")
    assert third.returncode == 0
    assert counts(third.stderr) == (0, N_INPUTS, 0)
    assert records_mtimes(out) == now
    assert read_jsonl(out / "records.jsonl") == records


def test_force_and_changed_files(inputs, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(inputs.iterdir())[:4]:
        (src / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    assert spoton("run", src, "--out", out, "--ocr", "never").returncode == 0
    before = records_mtimes(out)

    forced = spoton("run", src, "--out", out, "--ocr", "never", "--force")
    assert forced.returncode == 0
    assert counts(forced.stderr) == (4, 0, 0)
    after = records_mtimes(out)
    assert after.keys() == before.keys() and all(after[d] > before[d] for d in before)

    changed = sorted(src.iterdir())[1]
    old_id = doc_id_for(file_sha256(changed))
    make_text(changed, 3, extra="\nIspravka: dopunjeno obrazloženje.\n")
    new_id = doc_id_for(file_sha256(changed))
    res = spoton("run", src, "--out", out, "--ocr", "never")
    assert res.returncode == 0
    assert counts(res.stderr) == (1, 3, 0)
    ids = [r["document_id"] for r in read_jsonl(out / "records.jsonl")]
    assert new_id in ids and old_id not in ids
    assert json.loads((out / new_id / "record.json").read_text())["source"]["sha256"] == file_sha256(changed)


def test_a_retrained_model_reprocesses_the_documents_it_touched(tmp_path):
    models = REPO / "models"
    if not any(models.glob("*/meta.json")):
        pytest.skip("no trained model in models/")
    mine = tmp_path / "models"
    shutil.copytree(models, mine)
    src = tmp_path / "in"
    src.mkdir()
    for i in (0, 5, 8):  # Albanian and two Serbian/Montenegrin sample verdicts
        make_text(src / f"v_{i}.txt", i)
    out = tmp_path / "out"
    env = {"SPOTON_MODELS": str(mine)}
    assert spoton("run", src, "--out", out, "--ocr", "never", env=env).returncode == 0
    touched = [r for r in read_jsonl(out / "records.jsonl") if r["models"]]
    assert touched, "no record used a trained model"

    for meta in mine.glob("*/meta.json"):  # "retrain": every model gets a new version
        data = json.loads(meta.read_text())
        data["version"] = int(data["version"]) + 1
        meta.write_text(json.dumps(data))
    res = spoton("run", src, "--out", out, "--ocr", "never", env=env)
    assert res.returncode == 0
    assert counts(res.stderr) == (len(touched), 3 - len(touched), 0)
    third = spoton("run", src, "--out", out, "--ocr", "never", env=env)
    assert counts(third.stderr) == (0, 3, 0)  # the new records name the new versions
