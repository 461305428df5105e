"""`python -m bench --only review`: how fast the verdict view of a 300-page scan opens.

A 300-page scanned PDF is made from the sample scan's pages (repeated), and its processed form from one
real ``spoton run`` of the 3-page sample scan: the document JSON is repeated page after page with its
offsets moved, so the database holds 300 pages of OCR words and boxes, as a real long scan would (OCR of
300 pages would take most of an hour on this machine and measures nothing about the review app).

The review app then runs under uvicorn on a free 127.0.0.1 port over a fresh SQLite database, and a client
logged in over HTTP measures:

- the first response of the verdict view (the HTML of the page with 300 lazy page images and the form):
  the first opening ever (the page layout is read from the 20 MB document JSON, then kept), after a
  restart (the layout from its file beside the page images) and warm (median of several);
- the first page image: cold (rendered from the 300-page PDF and cached) and warm (from the cache);

beside the baseline measured in the same run: rendering one page of the same PDF with bare pypdfium2
(open, render at the same scale, PNG), the least any viewer drawing that page must do.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SCAN = REPO / "data" / "raw" / "rs_k_18_2023_latn_scan.pdf"
PASSWORD = "bench password 300 pages"


def _shift(node: Any, by: int) -> None:
    """Move every start/end offset in a page (blocks, lines, words) by ``by`` characters."""
    if isinstance(node, dict):
        for key in ("start", "end"):
            if isinstance(node.get(key), int):
                node[key] += by
        for value in node.values():
            if isinstance(value, (dict, list)):
                _shift(value, by)
    elif isinstance(node, list):
        for value in node:
            _shift(value, by)


def _long_pdf(out: Path, pages: int) -> Path:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(SCAN))
    target = pdfium.PdfDocument.new()
    n = len(source)
    while len(target) < pages:
        target.import_pages(source, list(range(min(n, pages - len(target)))))
    target.save(str(out))
    target.close()
    source.close()
    return out


def _long_batch(work: Path, pages: int) -> tuple[Path, Path, str]:
    """(batch folder, PDF, doc_id): the processed 3-page scan stretched to ``pages`` pages."""
    batch = work / "batch-3"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(SCAN), "--out", str(batch), "--quiet",
                           "--workers", "1"], cwd=REPO, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise SystemExit(f"spoton run failed: {proc.stderr[-1000:]}")
    folder = next(p for p in batch.iterdir() if (p / "record.json").is_file())
    document = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
    pdf = _long_pdf(work / f"scan-{pages}.pdf", pages)
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    text = document["text"]
    step = len(text) + 2
    base_pages = document["pages"]
    long_pages = []
    for copy_no in range(-(-pages // len(base_pages))):
        for page in base_pages:
            if len(long_pages) == pages:
                break
            moved = copy.deepcopy(page)
            _shift(moved, copy_no * step)
            moved["number"] = len(long_pages) + 1
            long_pages.append(moved)
    copies = -(-pages // len(base_pages))
    document.update(text="\n\n".join([text] * copies), pages=long_pages, id=sha[:16])
    document["provenance"].update(path=str(pdf), sha256=sha, size=pdf.stat().st_size)
    document.pop("latin", None)  # a Latin-script verdict has no transliteration layer to keep aligned
    record.update(document_id=sha[:16], source={"path": str(pdf), "sha256": sha, "format": "pdf"})
    out = work / "batch-long" / sha[:16]
    out.mkdir(parents=True)
    (out / "document.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    (out / "record.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return out.parent, pdf, sha[:16]


def _bare_render(pdf: Path, scale: float) -> float:
    """Seconds to open the PDF and render its first page to a PNG with pypdfium2 alone."""
    import pypdfium2 as pdfium

    started = time.perf_counter()
    document = pdfium.PdfDocument(str(pdf))
    page = document[0]
    image = page.render(scale=scale, may_draw_forms=False).to_pil()
    image.save(io.BytesIO(), format="PNG", compress_level=3)
    page.close()
    document.close()
    return time.perf_counter() - started


def bench_review(tmp: Path, quick: bool) -> None:
    import httpx
    import uvicorn
    from sqlalchemy.orm import Session

    from bench.cases import _row
    from pipeline.review import pages as pages_module
    from pipeline.review.app import create_app
    from pipeline.review.pages import settings
    from pipeline.store.db import engine_for, migrate
    from pipeline.store.importer import import_batch
    from pipeline.store.users import add_user

    pages = 30 if quick else 300
    work = tmp / "review"
    work.mkdir()
    batch, pdf, doc_id = _long_batch(work, pages)
    db_url = f"sqlite:///{work / 'review.sqlite'}"
    engine = engine_for(db_url)
    migrate(engine)
    import_batch(engine, batch)
    with Session(engine) as session:
        add_user(session, "bench", PASSWORD, "admin")
        session.commit()
    engine.dispose()

    app = create_app(db_url, cache_dir=work / "page-cache")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    scale = float(settings()["page_scale"])
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            assert client.post("/api/login", json={"username": "bench", "password": PASSWORD}).status_code == 200

            def timed(url: str) -> tuple[float, httpx.Response]:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
                assert response.status_code == 200, (url, response.status_code)
                return elapsed, response

            cold_view, view = timed(f"/verdicts/{doc_id}")
            warm_view = statistics.median(timed(f"/verdicts/{doc_id}")[0] for _ in range(3 if quick else 7))
            pages_module._LAYOUTS.clear()  # as after a restart: the layout comes from its file
            restart_view, _ = timed(f"/verdicts/{doc_id}")
            cold_image, image = timed(f"/verdicts/{doc_id}/pages/1.png?scale={scale:g}")
            warm_image = statistics.median(timed(f"/verdicts/{doc_id}/pages/1.png?scale={scale:g}")[0]
                                           for _ in range(5))
            cold_far, _ = timed(f"/verdicts/{doc_id}/pages/{pages}.png?scale={scale:g}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        images = getattr(app.state, "page_images", None)
        if images is not None:
            images.close()
        app.state.engine.dispose()
    bare = statistics.median(_bare_render(pdf, scale) for _ in range(3))
    lazy = view.text.count('loading="lazy"')
    print(f"  {pages}-page scanned PDF ({pdf.stat().st_size / 1024**2:.0f} MB), verdict view "
          f"{len(view.content) / 1024:.0f} KiB of HTML with {lazy} lazy page images; "
          f"page image {len(image.content) / 1024:.0f} KiB at scale {scale:g}")
    _row("verdict view, first response", cold_view * 1000, bare * 1000, "ms", higher_is_better=False)
    _row("verdict view, after a restart", restart_view * 1000, bare * 1000, "ms", higher_is_better=False)
    _row("verdict view, warm (median)", warm_view * 1000, bare * 1000, "ms", higher_is_better=False)
    _row("first page image, rendered", cold_image * 1000, bare * 1000, "ms", higher_is_better=False)
    _row(f"page {pages} image, rendered", cold_far * 1000, bare * 1000, "ms", higher_is_better=False)
    _row("first page image, cached", warm_image * 1000, bare * 1000, "ms", higher_is_better=False)
    print("  baseline: bare pypdfium2 opening the PDF and rendering page 1 to PNG at the same scale")
