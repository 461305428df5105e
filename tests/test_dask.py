"""--executor dask against a real distributed cluster gives the same records as the local process pool."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import PIPELINE, make_docx, make_text, make_verdict_pdf, read_jsonl, requires, spoton

pytestmark = requires(*PIPELINE)


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as lc:
        yield lc.scheduler_address


def _records(out: Path) -> dict[str, dict]:
    return {r["document_id"]: r for r in read_jsonl(out / "records.jsonl")}


def test_dask_gives_the_same_records_as_local(cluster, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    make_verdict_pdf(src / "a_long.pdf", 5, 2)
    make_text(src / "b.txt", 0)
    make_docx(src / "c.docx", 1)
    (src / "d_empty.txt").write_bytes(b"")

    local, dask = tmp_path / "local", tmp_path / "dask"
    res_local = spoton("run", src, "--out", local, "--workers", "2", "--ocr", "never")
    res_dask = spoton("run", src, "--out", dask, "--executor", "dask", "--scheduler", cluster, "--ocr", "never")
    assert res_local.returncode == res_dask.returncode == 3, (res_local.stderr, res_dask.stderr)

    assert _records(dask) == _records(local)
    assert len(_records(dask)) == 3
    for doc_id in _records(local):
        a = json.loads((local / doc_id / "document.json").read_text())
        b = json.loads((dask / doc_id / "document.json").read_text())
        assert a == b
    assert read_jsonl(dask / "errors.jsonl") == read_jsonl(local / "errors.jsonl")
    pages = [re.search(r"pages: (\d+)", r.stderr).group(1) for r in (res_local, res_dask)]
    assert pages[0] == pages[1] and int(pages[0]) >= 7

    again = spoton("run", src, "--out", dask, "--executor", "dask", "--scheduler", cluster, "--ocr", "never")
    assert "0 done, 3 skipped (unchanged), 1 failed" in again.stderr


def test_quiet_means_quiet_with_a_local_dask_cluster(tmp_path):
    """Without --scheduler a Dask cluster is started in the run; its scheduler's INFO lines stay out."""
    src = tmp_path / "in"
    src.mkdir()
    make_text(src / "a.txt", 0)
    res = spoton("run", src, "--out", tmp_path / "out", "--executor", "dask", "--workers", "1", "--quiet")
    assert res.returncode == 0, res.stderr
    lines = [ln for ln in (res.stdout + res.stderr).splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("spoton run: documents: 1 done"), lines
