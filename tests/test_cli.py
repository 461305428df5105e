"""The command line as scripts use it: help, version, exit codes, `extract` output."""

from __future__ import annotations

import json
import socket

import pytest
from conftest import PIPELINE, make_text, requires, spoton, verdict_lines

from pipeline import __version__
from pipeline.ingest import doc_id_for, file_sha256


def test_python_m_pipeline_help_lists_the_commands():
    res = spoton("--help")
    assert res.returncode == 0
    assert "run" in res.stdout and "extract" in res.stdout


def test_run_help_explains_the_options():
    res = spoton("run", "--help")
    assert res.returncode == 0
    for option in ("--out", "--workers", "--executor", "--scheduler", "--ocr", "--force", "--config"):
        assert option in res.stdout


def test_version():
    res = spoton("--version")
    assert (res.returncode, res.stdout.strip()) == (0, f"spoton {__version__}")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "args",
    [
        ["run"],  # no input
        ["run", "{src}"],  # no --out
        ["run", "{tmp}/does-not-exist", "--out", "{tmp}/out"],
        ["run", "{src}", "--out", "{tmp}/out", "--ocr", "sometimes"],
        ["run", "{src}", "--out", "{tmp}/out", "--workers", "0"],
        ["run", "{src}", "--out", "{tmp}/out", "--executor", "cluster"],
        ["run", "{src}", "--out", "{tmp}/out", "--scheduler", "tcp://127.0.0.1:1"],  # without --executor dask
        ["run", "{src}", "--out", "{tmp}/out", "--config", "{tmp}/missing.toml"],
        ["run", "{src}", "--out", "{tmp}/out", "--config", "{tmp}/broken.toml"],
        ["run", "{src}", "--out", "{tmp}/out", "--config", "{tmp}/unknown.toml"],
        ["extract"],
        ["extract", "{tmp}/does-not-exist.pdf"],
        ["frobnicate"],
    ],
)
def test_bad_usage_exits_2(tmp_path, args):
    src = tmp_path / "in"
    src.mkdir()
    make_text(src / "a.txt")
    (tmp_path / "broken.toml").write_text("[limits\nmax_pages = ", encoding="utf-8")
    (tmp_path / "unknown.toml").write_text("[limits]\nmax_pagez = 3\n", encoding="utf-8")
    res = spoton(*[a.format(src=src, tmp=tmp_path) for a in args])
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert res.stderr.strip()  # says what is wrong
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "out" / "records.jsonl").exists()


def test_unreachable_dask_scheduler_is_a_usage_error(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    make_text(src / "a.txt")
    addr = f"tcp://127.0.0.1:{_closed_port()}"
    res = spoton("run", src, "--out", tmp_path / "out", "--executor", "dask", "--scheduler", addr, timeout=120)
    assert res.returncode == 2, res.stderr
    assert "Dask scheduler" in res.stderr and addr in res.stderr


@requires(*PIPELINE)
def test_extract_prints_the_record_as_json(tmp_path):
    path = make_text(tmp_path / "k_57_2019.txt", 0)
    sha = file_sha256(path)
    compact = spoton("extract", path, "--json", "--document", tmp_path / "doc.json")
    assert compact.returncode == 0, compact.stderr
    assert len(compact.stdout.strip().splitlines()) == 1
    record = json.loads(compact.stdout)
    assert record["schema"] == "spoton.record/1"
    assert record["document_id"] == doc_id_for(sha) == sha[:16]
    assert record["source"] == {"path": str(path), "sha256": sha, "format": "txt"}
    document = json.loads((tmp_path / "doc.json").read_text(encoding="utf-8"))
    assert document["id"] == record["document_id"]
    assert " ".join(verdict_lines(0)[2].split()[:4]) in document["text"]

    pretty = spoton("extract", path)
    assert pretty.returncode == 0
    assert json.loads(pretty.stdout) == record


@requires(*PIPELINE)
def test_extract_of_an_unreadable_file_says_why(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"\x00\x01\x02\x03" * 500)
    res = spoton("extract", path, "--json")
    assert res.returncode == 3
    assert res.stdout == ""
    assert "scan.pdf" in res.stderr and "Traceback" not in res.stderr
