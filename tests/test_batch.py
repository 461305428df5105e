"""spoton run over a mixed folder: outputs as in CONTRACT.md, page-level parallelism, OCR, crashed and hung
workers. Real worker processes, real files."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyarrow.parquet as pq
import pytest
from conftest import (
    PIPELINE,
    cli_env,
    make_docx,
    make_pdf,
    make_scan_png,
    make_text,
    make_verdict_pdf,
    read_jsonl,
    requires,
    spoton,
    verdict_lines,
    write_config,
)

from pipeline import __version__
from pipeline.batch import expand_inputs, run_batch
from pipeline.batch.tasks import guarded
from pipeline.coding.table import record_rows
from pipeline.config import load_config
from pipeline.ingest import doc_id_for, file_sha256

needs_pipeline = requires(*PIPELINE)


def summary_counts(stderr: str) -> dict[str, int]:
    m = re.search(r"(\d+) done, (\d+) skipped \(unchanged\), (\d+) failed", stderr)
    assert m, stderr
    return dict(zip(("done", "skipped", "failed"), map(int, m.groups()), strict=True))


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """Text, DOCX, a 6-page PDF, a PDF named .docx, a duplicate and a hidden file."""
    d = tmp_path_factory.mktemp("mixed")
    make_text(d / "a_first.txt", 0)
    make_text(d / "b_other.txt", 5)
    make_docx(d / "c_word.docx", 1)
    make_verdict_pdf(d / "d_long.pdf", 6, 2)
    make_pdf(d / "e_really_pdf.docx", [verdict_lines(3, 20)])
    (d / "sub").mkdir()
    make_text(d / "sub" / "f_copy.txt", 0)  # same bytes as a_first.txt
    make_text(d / ".hidden.txt", 4)
    return d


@needs_pipeline
def test_mixed_batch_writes_the_contract_outputs(mixed, tmp_path):
    out = tmp_path / "out"
    res = spoton("run", mixed, "--out", out, "--workers", "2", "--ocr", "never")
    assert res.returncode == 0, res.stderr
    assert summary_counts(res.stderr) == {"done": 5, "skipped": 0, "failed": 0}

    inputs = [p for p in expand_inputs([mixed]) if p.name != "f_copy.txt"]
    assert [p.name for p in inputs] == ["a_first.txt", "b_other.txt", "c_word.docx", "d_long.pdf",
                                        "e_really_pdf.docx"]
    records = read_jsonl(out / "records.jsonl")
    # one line per distinct document, in input order, equal to its record.json
    assert [r["document_id"] for r in records] == [doc_id_for(file_sha256(p)) for p in inputs]
    for rec, path in zip(records, inputs, strict=True):
        folder = out / rec["document_id"]
        assert json.loads((folder / "record.json").read_text(encoding="utf-8")) == rec
        assert rec["source"]["sha256"] == file_sha256(path)
        assert rec["source"]["path"] == str(path)
        assert rec["pipeline_version"] == __version__
        doc = json.loads((folder / "document.json").read_text(encoding="utf-8"))
        assert doc["id"] == rec["document_id"] and doc["text"].strip()
    assert records[4]["source"]["format"] == "pdf"  # by content, not by the .docx name
    assert (out / "errors.jsonl").read_text() == ""

    table = pq.read_table(out / "records.parquet")
    assert "document_id" in table.column_names
    assert table.num_rows == sum(len(record_rows(r)) for r in records)  # one row per defendant x charge
    assert set(table.column("document_id").to_pylist()) == {r["document_id"] for r in records}


@needs_pipeline
def test_pages_of_a_long_pdf_come_back_in_order(tmp_path):
    """Pages are read by separate tasks on two workers and assembled in page order."""
    lines = (verdict_lines(2, 200) + verdict_lines(3, 200))[:48]
    pages = [lines[k * 8:(k + 1) * 8] for k in range(6)]
    pdf = make_pdf(tmp_path / "six_pages.pdf", pages)
    out = tmp_path / "out"
    summary = run_batch([pdf], out, load_config(workers=2, **{"ocr.mode": "never"}), progress=False)
    assert (summary.done, summary.failed, summary.pages) == (1, 0, 6)
    doc = json.loads((out / doc_id_for(file_sha256(pdf)) / "document.json").read_text())
    assert [p["number"] for p in doc["pages"]] == [1, 2, 3, 4, 5, 6]
    # the middle line of every page, found in page order
    starts = [doc["text"].find(" ".join(page[4].split()[:4])) for page in pages]
    assert all(s >= 0 for s in starts) and starts == sorted(starts), starts
    assert [doc["pages"][k]["start"] <= starts[k] < doc["pages"][k]["end"] for k in range(6)] == [True] * 6


@needs_pipeline
def test_batch_output_folder_inside_the_inputs_is_not_read_back(mixed, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    make_text(src / "one.txt", 2)
    out = src / "results"
    assert spoton("run", src, "--out", out, "--ocr", "never").returncode == 0
    second = spoton("run", src, "--out", out, "--ocr", "never")
    assert second.returncode == 0
    assert summary_counts(second.stderr) == {"done": 0, "skipped": 1, "failed": 0}
    assert len(read_jsonl(out / "records.jsonl")) == 1


@requires(*PIPELINE, "pipeline.ingest.images", "pipeline.ingest.ocr")
def test_ocr_page_in_a_parallel_batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    make_scan_png(src / "scan.png", 3)
    make_verdict_pdf(src / "digital.pdf", 3, 1)
    make_text(src / "plain.txt", 0)
    out = tmp_path / "out"
    res = spoton("run", src, "--out", out, "--workers", "2")
    assert res.returncode == 0, res.stderr
    assert re.search(r"pages: 5 \(1 OCR\)", res.stderr), res.stderr
    scan = json.loads((out / doc_id_for(file_sha256(src / "scan.png")) / "document.json").read_text())
    assert scan["pages"][0]["method"] == "ocr"
    assert len(scan["text"]) > 200  # the page was really read


# --------------------------------------------------------------------------- workers that die or hang


def _workers_running_tesseract(root: psutil.Process) -> list[psutil.Process]:
    found = []
    for proc in root.children(recursive=True):
        try:
            if proc.name().startswith("tesseract"):
                found.append(proc.parent())
        except psutil.Error:
            continue
    return found


def _start_and_hit_ocr_worker(args: list, sig: int, timeout: float = 60) -> subprocess.Popen:
    """Start spoton run; when a worker runs Tesseract, send it ``sig`` (the OS killing or freezing it)."""
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *map(str, args)], env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = _workers_running_tesseract(root)
        if workers:
            os.kill(workers[0].pid, sig)
            return proc
        time.sleep(0.02)
    proc.kill()
    pytest.fail("no worker ever ran Tesseract")


@requires(*PIPELINE, "pipeline.ingest.images", "pipeline.ingest.ocr")
def test_a_crashed_worker_fails_only_its_document(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    make_scan_png(src / "a_scan.png", 3)
    for i in range(4):
        make_text(src / f"b_{i}.txt", i)
    out = tmp_path / "out"
    proc = _start_and_hit_ocr_worker(["run", src, "--out", out, "--workers", "1"], signal.SIGKILL)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 3, stderr
    (err,) = read_jsonl(out / "errors.jsonl")
    assert err["path"] == str(src / "a_scan.png") and err["error"] == "worker_crashed"
    assert "a_scan.png" in err["message"] and "stopped unexpectedly" in err["message"]
    assert len(read_jsonl(out / "records.jsonl")) == 4
    # the failed document is retried by the next run, the others are kept
    again = spoton("run", src, "--out", out, "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert summary_counts(again.stderr) == {"done": 1, "skipped": 4, "failed": 0}


@requires(*PIPELINE, "pipeline.ingest.images", "pipeline.ingest.ocr")
def test_documents_sharing_a_killed_pool_are_rerun(tmp_path):
    """Two workers: the OS kills one; nobody can tell which document was at fault, so all the documents
    in flight run again one by one: none is lost."""
    src = tmp_path / "in"
    src.mkdir()
    make_scan_png(src / "a_scan.png", 3)
    make_scan_png(src / "b_scan.png", 4)
    for i in range(3):
        make_text(src / f"c_{i}.txt", i)
    out = tmp_path / "out"
    proc = _start_and_hit_ocr_worker(["run", src, "--out", out, "--workers", "2"], signal.SIGKILL)
    _, stderr = proc.communicate(timeout=180)
    assert proc.returncode == 0, stderr
    assert len(read_jsonl(out / "records.jsonl")) == 5


@requires(*PIPELINE, "pipeline.ingest.images", "pipeline.ingest.ocr")
def test_a_frozen_worker_is_killed_at_the_time_limit(tmp_path):
    """A worker that no longer answers (SIGSTOP: stuck in C code) is killed; its document fails with a
    time-limit message, the pool is recreated and the rest of the batch completes."""
    src = tmp_path / "in"
    src.mkdir()
    make_scan_png(src / "a_scan.png", 3)
    for i in range(3):
        make_text(src / f"b_{i}.txt", i)
    out = tmp_path / "out"
    cfg = write_config(tmp_path / "limits.toml", document_seconds=5, page_seconds=5)
    t0 = time.monotonic()
    proc = _start_and_hit_ocr_worker(["run", src, "--out", out, "--workers", "1", "--config", cfg],
                                     signal.SIGSTOP)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 3, stderr
    assert time.monotonic() - t0 < 60
    (err,) = read_jsonl(out / "errors.jsonl")
    assert err["path"] == str(src / "a_scan.png") and err["error"] == "time_limit"
    assert "longer than 5 seconds" in err["message"] and "document_seconds" in err["message"]
    assert len(read_jsonl(out / "records.jsonl")) == 3


def _raise_key_error(x):
    raise KeyError("no such section")


def _needs_memory(n):
    return bytearray(n)


def test_unexpected_error_becomes_one_clear_failure():
    """A bug in a stage fails that document with the stage, 'internal', the exception type and text; the
    traceback is kept apart for the debug log."""
    res = guarded(_raise_key_error, "k_1_2020.pdf", None, "page_seconds", None, 1)
    assert res.value is None
    f = res.failure
    assert (f.stage, f.error) == ("ingest", "internal")
    assert f.message.startswith("k_1_2020.pdf: unexpected error while reading the file: KeyError")
    assert "no such section" in f.message and "Traceback" not in f.message
    assert "Traceback" in f.debug and "_raise_key_error" in f.debug


def test_memory_error_names_the_limit():
    res = guarded(_needs_memory, "big.pdf", None, "page_seconds", 3 * 1024**3, 1 << 62)
    assert (res.failure.error, res.failure.message) == (
        "memory_limit", "big.pdf needs more than 3.0 GB of memory (raise limits.memory_bytes in the "
        "configuration to process it).")
