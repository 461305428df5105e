"""A batch killed with kill -9 leaves no half-written file and the next run does exactly what is missing;
--force reprocesses; a changed file is processed again."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PIPELINE, cli_env, make_text, make_verdict_pdf, read_jsonl, requires, spoton

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
            make_verdict_pdf(src / f"k_{i:02d}.pdf", 6, i, marker=f"Dodatak {i}")
    # the samples cycle every 10: without the markers k_00.pdf and k_10.pdf made in the same second are
    # the same bytes, one document, and the counts below are off by one
    assert len({file_sha256(p) for p in src.iterdir()}) == N_INPUTS
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


def test_records_of_a_replaced_model_version_are_redone(tmp_path):
    """A record names the trained models that contributed to it ("ner-sr@1"); once that version is no
    longer installed (the model was retrained), the document is processed again."""
    from pipeline.train.registry import active_names

    names = sorted(active_names())  # the active versions in models/<component>/registry.json
    if not names:
        pytest.skip("no trained model in models/")
    installed = names[0]
    src = tmp_path / "in"
    src.mkdir()
    for i in (0, 5, 8):
        make_text(src / f"v_{i}.txt", i)
    out = tmp_path / "out"
    assert spoton("run", src, "--out", out, "--ocr", "never").returncode == 0
    ids = [r["document_id"] for r in read_jsonl(out / "records.jsonl")]

    def made_with(doc_id: str, model: str) -> None:  # as if an earlier run had used this model version
        path = out / doc_id / "record.json"
        rec = json.loads(path.read_text())
        rec["models"] = {"ner": model}
        path.write_text(json.dumps(rec))

    made_with(ids[0], installed.rsplit("@", 1)[0] + "@0")  # an older version, since replaced
    made_with(ids[1], installed)  # the version installed now
    before = records_mtimes(out)
    res = spoton("run", src, "--out", out, "--ocr", "never")
    assert res.returncode == 0
    assert counts(res.stderr) == (1, 2, 0)
    after = records_mtimes(out)
    assert after[ids[0]] > before[ids[0]] and after[ids[1]] == before[ids[1]] and after[ids[2]] == before[ids[2]]
