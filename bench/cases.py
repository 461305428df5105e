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
from dataclasses import dataclass
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
    from pipeline.samples import catalog, expected_body_text

    return [expected_body_text(sid) for sid in catalog()]


@dataclass
class Sampled:
    """One command's run, its whole process tree sampled (pool workers are children of the forkserver,
    which nobody waits for, so getrusage would miss them)."""

    wall: float  # seconds
    cpu: float  # CPU seconds of every process of the tree (a process's last sampling interval may be missed)
    rss: int  # peak bytes, pages shared between processes counted once per process
    pss: int  # peak bytes, shared pages divided among their users: what the tree really holds
    returncode: int
    stderr: str  # its tail


def _sampled(cmd: list[str], every: float = 0.02, memory: bool = False) -> Sampled:
    """Run ``cmd``, sampling its process tree every ``every`` seconds (memory too when ``memory``: reading
    every process's smaps costs CPU, so the speed cases leave it off)."""
    import psutil

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)
    reader.start()
    cpu: dict[tuple[int, float], float] = {}
    peak_rss = peak_pss = 0
    t0 = time.perf_counter()
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            procs = []
        rss = pss = 0
        for p in procs:
            with contextlib.suppress(psutil.Error):
                t = p.cpu_times()
                cpu[(p.pid, p.create_time())] = t.user + t.system
                if memory:
                    info = p.memory_full_info()
                    rss += info.rss
                    pss += getattr(info, "pss", info.rss)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(every)
    wall = time.perf_counter() - t0
    reader.join()
    tail = b"".join(err).decode("utf-8", "replace")[-2000:]
    return Sampled(wall, sum(cpu.values()), peak_rss, peak_pss, proc.returncode, tail)


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


def _scan_pages(pdf: Path, out: Path, prefix: str, pages: int, seed: int = 0) -> list[Path]:
    """Render a digital PDF at 300 dpi and degrade every page like a photocopy: one PNG per page."""
    import pypdfium2 as pdfium

    from pipeline.samples import degrade

    doc = pdfium.PdfDocument(str(pdf))
    pngs = []
    for i in range(min(pages, len(doc))):
        img = doc[i].render(scale=300 / 72).to_pil().convert("L")
        img = degrade(img, seed=seed + i)
        png = out / f"{prefix}-{i:04d}.png"
        img.save(png, dpi=(300, 300))  # the dpi our reader takes from the TIFF, for bare Tesseract too
        pngs.append(png)
    doc.close()
    return pngs


def _tiff_of(pngs: list[Path], path: Path) -> Path:
    from PIL import Image

    from pipeline.samples import save_tiff

    images = [Image.open(p).convert("L") for p in pngs]
    save_tiff(images, path)
    return path


def _scan_tiff(tmp: Path, pages: int, lang_texts: list[str]) -> tuple[Path, list[Path]]:
    """A scanned TIFF of real verdict pages (300 dpi, degraded) and the same pages as PNG files."""
    pdf = _verdict_pdf(tmp / "to-scan.pdf", lang_texts, pages)
    pngs = _scan_pages(pdf, tmp, "page", pages)
    return _tiff_of(pngs, tmp / "scan.tiff"), pngs


def _bare_tesseract(jobs: list[tuple[Path, str]], workers: int) -> tuple[float, float]:
    """Wall and CPU seconds of bare `tesseract IMAGE out -l LANGS tsv` over every (image, langs),
    ``workers`` at a time."""
    import resource

    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def one(job: tuple[Path, str]) -> None:
        png, langs = job
        subprocess.run(["tesseract", str(png), str(png.with_suffix("")), "-l", langs, "tsv"],
                       check=True, capture_output=True, env=env)

    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, jobs))
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)


def _spoton_ocr(inputs: list[Path], out: Path, workers: int) -> tuple[float, float, list[dict]]:
    """Wall and CPU seconds of one whole `spoton run` over the inputs, and each input's document.json."""
    import json
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    run = _sampled([*SPOTON, "run", *map(str, inputs), "--out", str(out), "--workers", str(workers), "--quiet"])
    if run.returncode != 0:
        raise RuntimeError(f"spoton run failed ({run.returncode}): {run.stderr}")
    docs = {}
    for path in out.glob("*/document.json"):
        d = json.loads(path.read_text(encoding="utf-8"))
        docs[Path(d["provenance"]["path"]).name] = d
    return run.wall, run.cpu, [docs[p.name] for p in inputs]


def _interleaved(name: str, inputs: list[Path], pngs: list[list[Path]], work: Path, workers: int,
                 rounds: int) -> None:
    """Ours and the baseline in alternating rounds (a shared VM drifts by 10-15 % between minutes);
    the medians are compared. The baseline reads every page with the languages our run used for it.
    CPU seconds per page are printed too: steadier than the wall clock on a shared machine."""
    import statistics

    ours_s: list[float] = []
    bare_s: list[float] = []
    ours_cpu: list[float] = []
    bare_cpu: list[float] = []
    langs_used: set[str] = set()
    for r in range(rounds):
        secs, cpu, documents = _spoton_ocr(inputs, work / "out-ocr", workers)
        ours_s.append(secs)
        ours_cpu.append(cpu)
        jobs = []
        for doc, doc_pngs in zip(documents, pngs, strict=True):
            for page, png in zip(doc["pages"], doc_pngs, strict=True):
                langs = page.get("ocr_langs") or "srp_latn+hrv"
                langs_used.add(langs)
                jobs.append((png, langs))
        b_wall, b_cpu = _bare_tesseract(jobs, workers)
        bare_s.append(b_wall)
        bare_cpu.append(b_cpu)
        print(f"  round {r + 1}: ours {secs:6.1f} s ({cpu:6.1f} s CPU), bare Tesseract {b_wall:6.1f} s "
              f"({b_cpu:6.1f} s CPU)")
    n = sum(len(p) for p in pngs)
    ours, bare = statistics.median(ours_s), statistics.median(bare_s)
    print(f"  {len(inputs)} document(s), {n} scanned pages (300 dpi, degraded), {workers} processes; "
          f"languages: {', '.join(sorted(langs_used))}")
    _row(f"OCR pages/min, {name}", n / ours * 60, n / bare * 60, "pages/min")
    _row(f"CPU s/page, {name}", statistics.median(ours_cpu) / n, statistics.median(bare_cpu) / n, "s/page",
         higher_is_better=False)
    grid_cpu, searched = _grid_step_cpu([png for doc in pngs for png in doc])
    _row(f"grid step CPU s/page, {name}", grid_cpu, statistics.median(bare_cpu) / n, "s/page",
         higher_is_better=False)
    print(f"  grid step (ruled tables' rules, pipeline.ingest.ocr.find_grids) in this process; full search on "
          f"{searched} of {n} pages (the others skipped by the quick line test)")


def _grid_step_cpu(pngs: list[Path]) -> tuple[float, int]:
    """CPU seconds per page of the grid search alone (``find_grids`` on the page as OCR'd: levelled when its
    skew reaches ``deskew.min_angle``, as ocr_image does), and on how many pages the full search ran."""
    import time

    from PIL import Image

    from pipeline.ingest import ocr

    cfg = ocr.settings()
    spent, searched = 0.0, 0
    for png in pngs:
        with Image.open(png) as im:
            im.load()
            gray = ocr.to_gray(im).copy()  # to_gray keeps a gray image as it is: read it before the file closes
        info = ocr.analyse(gray)
        skew = info.skew if abs(info.skew) >= cfg["deskew"]["min_angle"] else 0.0
        if skew:
            gray = gray.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=info.paper)
        t = time.process_time()
        ocr.find_grids(gray, info.skew - skew)
        spent += time.process_time() - t
        searched += ocr._quick_rules(gray, info.skew - skew, cfg["tables"]) >= cfg["tables"]["min_rows"] + 1
    return spent / max(1, len(pngs)), searched


def bench_ocr(tmp: Path, quick: bool) -> None:
    from pipeline.samples import catalog, expected_body_text

    workers = os.cpu_count() or 2
    rounds = 1 if quick else 3
    work = tmp / "ocr"
    work.mkdir()
    print("  ours: the whole `spoton run` (start-up, OSD on page 1, preprocessing, assembly, record, writes)")
    print("  baseline: bare `tesseract PAGE out -l LANGS tsv` on the same page images with the languages")
    print(f"  our run used for each page, OMP_THREAD_LIMIT=1, {workers} in parallel; median of {rounds} "
          "alternating round(s)")

    # a batch as lawyers receive them: scanned verdicts in every language and script, 6 pages each
    # (real Montenegrin verdicts average 4-5 pages, trafficking verdicts run longer)
    per_doc = 3 if quick else 6
    copies = 1 if quick else 2
    samples = {"sr-Latn": "rs_k_57_2019_latn", "sr-Cyrl": "rs_k_124_2020_cyrl", "mk": "mk_kok_60_2014",
               "sq": "al_krime_te_renda_2018"}
    known = catalog()
    inputs, pngs = [], []
    for c in range(copies):
        for k, (label, sid) in enumerate(samples.items()):
            if sid not in known:
                continue
            name = f"{label}-{c}"
            pdf = _verdict_pdf(work / f"{name}.pdf", [expected_body_text(sid)], per_doc)
            doc_pngs = _scan_pages(pdf, work, name, per_doc, seed=100 * k + 7 * c)
            inputs.append(_tiff_of(doc_pngs, work / f"{name}.tiff"))
            pngs.append(doc_pngs)
    _interleaved(f"batch of {len(inputs)} verdicts", inputs, pngs, work, workers, rounds)

    # one long scan: the first page is read alone (its language narrows the others), so a single
    # document pays the start-up and page 1 without the other cores' help
    texts = _corpus_texts(20) or _fallback_texts()
    single = work / "single"
    single.mkdir()
    tiff, single_pngs = _scan_tiff(single, 8 if quick else 24, texts)
    _interleaved("one long scan", [tiff], [single_pngs], work, workers, rounds)


# --------------------------------------------------------------------------- memory


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
    run = _sampled([*SPOTON, "run", str(scan_pdf), "--out", str(work / "out"), "--workers", str(workers),
                    "--quiet"], every=0.05, memory=True)
    base = _sampled([sys.executable, "-c", "import pipeline.ingest, pipeline.coding, pipeline.text.assemble"],
                    every=0.05, memory=True)
    print(f"  {pages}-page scanned PDF ({size_mb:.0f} MB), {workers} workers, exit {run.returncode}, "
          f"{run.wall:.0f} s ({pages / run.wall * 60:.1f} pages/min)")
    _row("peak RSS of the process tree", run.rss / 1024**2, base.rss / 1024**2, "MiB", higher_is_better=False)
    _row("peak PSS of the process tree", run.pss / 1024**2, base.pss / 1024**2, "MiB", higher_is_better=False)
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
    rules_only = _rules_only_speed(docs, build_record, tmp)
    from pipeline.train.registry import active_names

    print(f"  {len(docs)} real verdicts (mean {chars / len(docs) / 1000:.1f}k chars), one core")
    _row(f"tagging + extraction verdicts/s ({', '.join(sorted(active_names())) or 'no model'})", ours, bare,
         "verdicts/s")
    _row("the same, rules only (no trained model)", rules_only, bare, "verdicts/s")
    print("  baseline: spaCy's bare tokenizer (spacy.blank('sr')) over the same texts; target: 20 verdicts/s")


def _rules_only_speed(docs: list, build_record, tmp: Path) -> float:
    """build_record with an empty model registry: what the active entity model costs."""
    from pipeline.nlp import entities

    empty = tmp / "no-models"
    empty.mkdir(exist_ok=True)
    old = os.environ.get("SPOTON_MODELS")
    os.environ["SPOTON_MODELS"] = str(empty)
    try:
        build_record(docs[0])
        t0 = time.perf_counter()
        for d in docs:
            build_record(d)
        return len(docs) / (time.perf_counter() - t0)
    finally:
        if old is None:
            os.environ.pop("SPOTON_MODELS", None)
        else:
            os.environ["SPOTON_MODELS"] = old
        entities._load_tagger.cache_clear()
