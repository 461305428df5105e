"""Every bad input gives exactly one clear errors.jsonl line and the rest of the batch completes (exit 3).
Also: a 1,000-page PDF is processed page by page within the memory limit, or refused by limits.max_pages."""

from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from pathlib import Path

import psutil
import pytest
from conftest import (
    PIPELINE,
    cli_env,
    make_docx,
    make_pdf,
    make_text,
    make_verdict_pdf,
    read_jsonl,
    requires,
    spoton,
    verdict_lines,
    write_config,
)

from pipeline.ingest import doc_id_for, file_sha256

pytestmark = requires(*PIPELINE, "pipeline.ingest.images")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(path: Path, side: int = 40_000) -> Path:
    """A 200-byte PNG whose header claims side x side pixels (1.6 gigapixels for 40000)."""
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
                     + _png_chunk(b"IEND", b""))
    return path


def docx_bomb(path: Path, uncompressed: int = 300 * 1024**2) -> Path:
    """A Word file whose document.xml inflates from ~300 KB to 300 MB."""
    buf = io.BytesIO()
    make_docx_bytes = make_docx(path.with_suffix(".seed.docx"), 0).read_bytes()
    path.with_suffix(".seed.docx").unlink()
    with zipfile.ZipFile(io.BytesIO(make_docx_bytes)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item))
        with dst.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.'
                     b'org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            chunk = b" " * (1 << 20)
            for _ in range(uncompressed // len(chunk)):
                fh.write(chunk)
            fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
    path.write_bytes(buf.getvalue())
    return path


def encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(path.with_suffix(".plain.pdf"), [verdict_lines(1, 20)])
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="tajna", owner_password="vlasnik")
    with open(path, "wb") as fh:
        writer.write(fh)
    plain.unlink()
    return path


# what each bad file's message must say, in words a lawyer understands
BAD = {
    "truncated.pdf": r"damaged|corrupt|truncated|incomplete|cannot be (opened|read)",
    "corrupt.pdf": r"damaged|corrupt|truncated|incomplete|cannot be (opened|read)",
    "encrypted.pdf": r"password|encrypt|protected",
    "empty.txt": r"empty",
    "random_binary.pdf": r"not a pdf|not a known|unknown|is not a",
    "bomb.png": r"pixel|too large|limit",
    "bomb.docx": r"uncompress|too large|zip|limit",
    "unknown_encoding.txt": r"encoding|characters|not .*text",
}


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess, list[dict]]:
    src = tmp_path_factory.mktemp("bad")
    good = make_verdict_pdf(src / "good_long.pdf", 4, 2)
    data = good.read_bytes()
    (src / "truncated.pdf").write_bytes(data[: len(data) // 2])
    rnd = os.urandom(20_000)
    (src / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + rnd)
    encrypted_pdf(src / "encrypted.pdf")
    (src / "empty.txt").write_bytes(b"")
    make_pdf(src / "pdf_named.docx", [verdict_lines(4, 20)])
    (src / "random_binary.pdf").write_bytes(b"\x7fELF\x00\x01" + rnd)
    png_bomb(src / "bomb.png")
    docx_bomb(src / "bomb.docx")
    (src / "unknown_encoding.txt").write_bytes(bytes(b % 128 + 128 for b in os.urandom(6000)))
    make_text(src / "good.txt", 0)
    make_docx(src / "good.docx", 6)
    out = tmp_path_factory.mktemp("bad_out")
    res = spoton("run", src, "--out", out, "--workers", "2", "--ocr", "never", timeout=600)
    return src, out, res, read_jsonl(out / "errors.jsonl")


def test_bad_inputs_fail_one_line_each_and_the_rest_completes(bad_batch):
    src, out, res, errors = bad_batch
    assert res.returncode == 3, res.stderr
    by_name = {Path(e["path"]).name: e for e in errors}
    assert len(errors) == len(by_name) == len(BAD), errors
    assert set(by_name) == set(BAD)
    for name, pattern in BAD.items():
        err = by_name[name]
        assert set(err) == {"path", "sha256", "stage", "error", "message"}
        assert err["path"] == str(src / name)
        assert err["sha256"] == file_sha256(src / name)
        assert err["stage"] == "ingest", err
        assert err["error"] != "internal", err  # an anticipated, explained failure, not a crash
        assert name in err["message"], err
        assert re.search(pattern, err["message"], re.I), err
        assert not (out / doc_id_for(err["sha256"]) / "record.json").exists()
    done = {Path(r["source"]["path"]).name for r in read_jsonl(out / "records.jsonl")}
    assert done == {"good_long.pdf", "good.txt", "good.docx", "pdf_named.docx"}


def test_failed_documents_are_retried_and_fail_the_same_way(bad_batch):
    src, out, _, first_errors = bad_batch
    res = spoton("run", src, "--out", out, "--workers", "2", "--ocr", "never", timeout=600)
    assert res.returncode == 3
    assert "0 done, 4 skipped (unchanged), 8 failed" in res.stderr
    again = read_jsonl(out / "errors.jsonl")
    assert sorted(again, key=lambda e: e["path"]) == sorted(first_errors, key=lambda e: e["path"])


# --------------------------------------------------------------------------- a 1,000-page PDF


@pytest.fixture(scope="module")
def thousand_pages(tmp_path_factory) -> Path:
    # full pages (about 500 words each), as in a long first-instance verdict with its case file
    return make_verdict_pdf(tmp_path_factory.mktemp("big") / "k_1000_pages.pdf", 1000, 6, lines_per_page=40)


def test_too_many_pages_is_refused_clearly(thousand_pages, tmp_path):
    cfg = write_config(tmp_path / "limits.toml", max_pages=500)
    res = spoton("run", thousand_pages, "--out", tmp_path / "out", "--config", cfg, "--ocr", "never")
    assert res.returncode == 3
    (err,) = read_jsonl(tmp_path / "out" / "errors.jsonl")
    assert (err["stage"], err["error"]) == ("ingest", "too_many_pages")
    assert "k_1000_pages.pdf has 1000 pages; the limit is 500" in err["message"]


def _peak_rss(proc: psutil.Process, stop: threading.Event, peaks: dict[str, int]) -> None:
    while not stop.is_set():
        try:
            main = proc.memory_info().rss
            workers = [c.memory_info().rss for c in proc.children(recursive=True)]
        except psutil.Error:
            break
        peaks["main"] = max(peaks.get("main", 0), main)
        peaks["worker"] = max([peaks.get("worker", 0), *workers])
        peaks["total"] = max(peaks.get("total", 0), main + sum(workers))
        time.sleep(0.1)


@pytest.mark.slow
def test_thousand_page_pdf_is_processed_page_by_page(thousand_pages, tmp_path):
    out = tmp_path / "out"
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(thousand_pages), "--out", str(out),
                             "--workers", "2", "--ocr", "never"],
                            env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks: dict[str, int] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=_peak_rss, args=(psutil.Process(proc.pid), stop, peaks))
    watcher.start()
    _, stderr = proc.communicate(timeout=900)
    stop.set()
    watcher.join()
    seconds = time.monotonic() - t0
    print(f"\n1000-page PDF: {seconds:.1f} s, peak RSS main {peaks['main'] / 2**20:.0f} MiB, "
          f"largest worker {peaks['worker'] / 2**20:.0f} MiB, all together {peaks['total'] / 2**20:.0f} MiB")
    assert proc.returncode == 0, stderr
    assert "pages: 1000 (0 OCR)" in stderr
    doc = json.loads((out / doc_id_for(file_sha256(thousand_pages)) / "document.json").read_text())
    assert [p["number"] for p in doc["pages"]] == list(range(1, 1001))
    # workers ran under the 3 GiB address-space cap; pages go from worker to worker through the disk,
    # so the main process stays small however long the document
    assert peaks["main"] < 400 * 2**20
    assert not (out / ".work").exists()


def test_a_scan_that_needs_too_much_memory_fails_clearly(tmp_path):
    """144 megapixels is within limits.max_image_pixels, but decoding it does not fit a 0.7 GB worker."""
    from PIL import Image

    src = tmp_path / "in"
    src.mkdir()
    Image.new("RGB", (12_000, 12_000), (255, 255, 255)).save(src / "huge_scan.png")
    make_text(src / "small.txt", 5)
    cfg = write_config(tmp_path / "limits.toml", memory_bytes=700_000_000)
    res = spoton("run", src, "--out", tmp_path / "out", "--workers", "2", "--config", cfg)
    assert res.returncode == 3, res.stderr
    (err,) = read_jsonl(tmp_path / "out" / "errors.jsonl")
    assert (err["path"], err["error"]) == (str(src / "huge_scan.png"), "memory_limit")
    assert err["message"] == ("huge_scan.png needs more than 0.7 GB of memory "
                              "(raise limits.memory_bytes in the configuration to process it).")
    assert len(read_jsonl(tmp_path / "out" / "records.jsonl")) == 1
