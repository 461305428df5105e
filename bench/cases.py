"""The benchmark cases of `make bench`. Each prints our figure and a baseline from the same run."""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
ME_VERDICTS = SHARED / "me-verdicts"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
SPOTON = [sys.executable, "-m", "pipeline"]


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _row(label: str, ours: float, base: float, unit: str, higher_is_better: bool = True) -> None:
    ratio = ours / base if base else float("nan")
    verdict = "ours/baseline" if higher_is_better else "ours/baseline (lower is better)"
    print(f"  {label:<34} ours {ours:10.2f} {unit:<10} baseline {base:10.2f} {unit:<10} {verdict} {ratio:5.2f}")


def _corpus_texts(limit: int | None = None) -> list[str]:
    if not ME_VERDICTS.is_dir():
        return []
    files = sorted(ME_VERDICTS.glob("*.txt"))
    if limit:
        files = files[:limit]
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def _verdict_pdf(path: Path, texts: list[str], pages: int) -> Path:
    """A digital PDF of real verdict text (A4, 11 pt serif), at least ``pages`` pages, in a temporary folder."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("serif", "", FONT)
    pdf.set_font("serif", size=11)
    i = 0
    while pdf.page_no() < pages:
        text = texts[i % len(texts)]
        i += 1
        pdf.add_page()
        pdf.multi_cell(0, 5.5, text.replace("\t", " "))
    pdf.output(str(path))
    return path


def _fallback_texts() -> list[str]:
    from pipeline.samples import catalog, source_text

    return [source_text(s["id"]) for s in catalog()]


# --------------------------------------------------------------------------- pdf


def bench_pdf(tmp: Path, quick: bool) -> None:
    import pypdfium2 as pdfium

    from pipeline.config import RunConfig
    from pipeline.ingest.pdf import pdf_page_count, read_pdf_page

    texts = _corpus_texts(60) or _fallback_texts()
    n_pages = 40 if quick else 200
    pdf_path = _verdict_pdf(tmp / "digital.pdf", texts, n_pages)
    n = pdf_page_count(pdf_path)
    config = RunConfig()

    t0 = time.perf_counter()
    doc = pdfium.PdfDocument(str(pdf_path))
    chars = 0
    for i in range(len(doc)):
        page = doc[i]
        tp = page.get_textpage()
        chars += len(tp.get_text_range())
        tp.close()
        page.close()
    doc.close()
    bare = n / (time.perf_counter() - t0)

    t0 = time.perf_counter()
    words = 0
    for i in range(n):
        raw = read_pdf_page(pdf_path, i, config)
        words += sum(len(line.words) for line in raw.lines)
    ours = n / (time.perf_counter() - t0)

    print(f"  {n}-page digital PDF of real verdict text, one process; {words} words with boxes")
    _row("digital PDF pages/s (1 core)", ours, bare, "pages/s")
    print("  baseline: pypdfium2 get_text_range (plain text, no boxes)")


# --------------------------------------------------------------------------- ocr


def _scan_tiff(tmp: Path, pages: int, lang_texts: list[str]) -> tuple[Path, list[Path]]:
    """Render real verdict pages at 300 dpi, degrade them like a photocopy, save as TIFF + PNG per page."""
    import pypdfium2 as pdfium

    from pipeline.samples import degrade, save_tiff
    pdf = _verdict_pdf(tmp / "to-scan.pdf", lang_texts, pages)
    doc = pdfium.PdfDocument(str(pdf))
    pngs, images = [], []
    for i in range(min(pages, len(doc))):
        img = doc[i].render(scale=300 / 72).to_pil().convert("L")
        img = degrade(img, seed=i)
        png = tmp / f"page-{i:04d}.png"
        img.save(png)
        pngs.append(png)
        images.append(img)
    tiff = tmp / "scan.tiff"
    save_tiff(images, tiff)
    return tiff, pngs


def _bare_tesseract(pngs: list[Path], langs: str, workers: int) -> float:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def one(png: Path) -> None:
        subprocess.run(["tesseract", str(png), str(png.with_suffix("")), "-l", langs, "tsv"],
                       check=True, capture_output=True, env=env)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, pngs))
    return time.perf_counter() - t0


def bench_ocr(tmp: Path, quick: bool) -> None:
    import json

    texts = _corpus_texts(20) or _fallback_texts()
    pages = 6 if quick else 24
    work = tmp / "ocr"
    work.mkdir()
    tiff, pngs = _scan_tiff(work, pages, texts)
    workers = os.cpu_count() or 2
    out = work / "out"
    t0 = time.perf_counter()
    proc = subprocess.run([*SPOTON, "run", str(tiff), "--out", str(out), "--workers", str(workers)],
                          capture_output=True, text=True)
    ours_s = time.perf_counter() - t0
    if proc.returncode != 0:
        print("  spoton run failed:", proc.stderr[-2000:])
        return
    docs = list(out.glob("*/document.json"))
    document = json.loads(docs[0].read_text())
    langs = sorted({p.get("ocr_langs") for p in document["pages"] if p.get("ocr_langs")})
    narrowed = langs[-1] if langs else "srp_latn+hrv"
    bare_s = _bare_tesseract(pngs, narrowed, workers)
    n = len(pngs)
    print(f"  {n} scanned pages (300 dpi, degraded), {workers} processes; OCR languages used: {', '.join(langs)}")
    print("  ours: whole `spoton run` (start-up, OSD on page 1, preprocessing, assembly, record, writes)")
    _row("OCR pages/min", n / ours_s * 60, n / bare_s * 60, "pages/min")
    print(f"  baseline: bare `tesseract PAGE out -l {narrowed} tsv`, OMP_THREAD_LIMIT=1, {workers} in parallel")


# --------------------------------------------------------------------------- memory


def _peak_rss(cmd: list[str]) -> tuple[int, float, int]:
    """Run a command; sample the RSS of its whole process tree every 50 ms. Returns (peak bytes, s, rc)."""
    import psutil

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                procs = [ps, *ps.children(recursive=True)]
                total = 0
                for p in procs:
                    with contextlib.suppress(psutil.Error):
                        total += p.memory_info().rss
                peak = max(peak, total)
            except psutil.Error:
                pass
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t0 = time.perf_counter()
    t.start()
    proc.wait()
    stop.set()
    t.join()
    return peak, time.perf_counter() - t0, proc.returncode


def bench_memory(tmp: Path, quick: bool) -> None:
    from PIL import Image

    pages = 30 if quick else 300
    work = tmp / "mem"
    work.mkdir()
    texts = _corpus_texts(40) or _fallback_texts()
    # a scanned PDF: image-only pages at 300 dpi (a few distinct degraded pages, repeated)
    _, pngs = _scan_tiff(work, 6, texts)
    images = [Image.open(p).convert("L") for p in pngs]
    scan_pdf = work / f"scan-{pages}.pdf"
    seq = [images[i % len(images)] for i in range(pages)]
    seq[0].save(scan_pdf, save_all=True, append_images=seq[1:], resolution=300)
    del images, seq
    size_mb = scan_pdf.stat().st_size / 1024**2
    workers = os.cpu_count() or 2
    peak, secs, rc = _peak_rss([*SPOTON, "run", str(scan_pdf), "--out", str(work / "out"),
                                "--workers", str(workers)])
    base, _, _ = _peak_rss([sys.executable, "-c", "import pipeline.ingest, pipeline.coding, pipeline.text.assemble"])
    print(f"  {pages}-page scanned PDF ({size_mb:.0f} MB), {workers} workers, exit {rc}, {secs:.0f} s "
          f"({pages / secs * 60:.1f} pages/min)")
    _row("peak memory of the process tree", peak / 1024**2, base / 1024**2, "MiB", higher_is_better=False)
    print("  baseline: one Python process importing the pipeline; target: under 1024 MiB")


# --------------------------------------------------------------------------- text


def bench_text(tmp: Path, quick: bool) -> None:
    import spacy

    from pipeline.coding import build_record
    from pipeline.config import RunConfig
    from pipeline.ingest import ingest

    files = sorted(ME_VERDICTS.glob("*.txt")) if ME_VERDICTS.is_dir() else []
    if not files:
        print("  skipped: ../shared/corpora/me-verdicts not present")
        return
    files = files[:150] if quick else files
    config = RunConfig()
    docs = [ingest(f, config) for f in files]  # reading is measured elsewhere; this measures tagging
    build_record(docs[0])  # load models and patterns outside the timing
    chars = sum(len(d.text) for d in docs)

    tok = spacy.blank("sr").tokenizer
    t0 = time.perf_counter()
    for d in docs:
        tok(d.text)
    bare = len(docs) / (time.perf_counter() - t0)

    t0 = time.perf_counter()
    for d in docs:
        build_record(d)
    ours = len(docs) / (time.perf_counter() - t0)
    print(f"  {len(docs)} real verdicts (mean {chars / len(docs) / 1000:.1f}k chars), one core")
    _row("tagging + extraction verdicts/s", ours, bare, "verdicts/s")
    print("  baseline: spaCy's bare tokenizer (spacy.blank('sr')) over the same texts; target: 20 verdicts/s")
