"""Shared fixtures: real verdict-like files (text, DOCX, PDF, scans) made in the test, and the CLI as a
subprocess. Texts come from the fictitious sample verdicts shipped in pipeline/samples/sources."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.ingest.raw import RawLine, RawWord

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE_SOURCES = REPO / "pipeline" / "samples" / "sources"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def requires(*modules: str):
    """Skip until the modules another part of the pipeline provides exist."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    return pytest.mark.skipif(bool(missing), reason=f"not written yet: {', '.join(missing)}")


# the modules a batch needs end to end: readers, assembly, language
PIPELINE = ("pipeline.ingest.sniff", "pipeline.ingest.plaintext", "pipeline.ingest.docx", "pipeline.ingest.pdf",
            "pipeline.text.assemble", "pipeline.text.language")


def sample_text(i: int = 0) -> str:
    """The i-th fictitious sample verdict (UTF-8 ones only), cycling."""
    files = sorted(p for p in SAMPLE_SOURCES.glob("*.txt") if "cp1250" not in p.name)
    return files[i % len(files)].read_text(encoding="utf-8")


def verdict_lines(i: int = 0, n: int = 40) -> list[str]:
    return [ln.lstrip("# ").strip() for ln in sample_text(i).splitlines() if ln.strip()][:n]


def make_text(path: Path, i: int = 0, extra: str = "") -> Path:
    path.write_text(sample_text(i) + extra, encoding="utf-8")
    return path


def make_docx(path: Path, i: int = 0) -> Path:
    import docx

    d = docx.Document()
    for line in verdict_lines(i):
        d.add_paragraph(line)
    d.save(str(path))
    return path


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A digital PDF, one list of lines per page, with an embedded Unicode font (Cyrillic, č ć š ž đ)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(DEJAVU / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=11)
    pdf.set_auto_page_break(False)
    for lines in pages:
        pdf.add_page()
        pdf.set_xy(20, 20)
        for line in lines:
            pdf.multi_cell(170, 6, line, new_x="LMARGIN", new_y="NEXT")
            if pdf.get_y() > 270:
                break
    pdf.output(str(path))
    return path


def make_verdict_pdf(path: Path, n_pages: int, i: int = 0, lines_per_page: int = 12,
                     marker: str | None = None) -> Path:
    """A digital verdict PDF of n_pages, the sample's lines running on (and round again) page after page.
    Long documents repeat a run of 25 distinct pages (typesetting 1,000 pages would take minutes).

    The samples cycle (``i`` and ``i + 10`` are the same verdict) and fpdf stamps the time only to the
    second, so two PDFs made in the same second from the same sample are the same bytes, one document for
    the batch. ``marker``, a first line of its own, makes a file distinct whatever the clock says."""
    lines = ([marker] if marker else []) + verdict_lines(i, 400)
    distinct = min(n_pages, 25)
    make_pdf(path, [[lines[(k * lines_per_page + j) % len(lines)] for j in range(lines_per_page)]
                    for k in range(distinct)])
    if n_pages > distinct:
        from pypdf import PdfReader, PdfWriter

        pages = PdfReader(path).pages
        writer = PdfWriter()
        for k in range(n_pages):
            writer.add_page(pages[k % distinct])
        with open(path, "wb") as fh:
            writer.write(fh)
    return path


def make_scan_png(path: Path, i: int = 0, n_lines: int = 12) -> Path:
    """A clean 'scanned' page: black text on white at about 300 dpi, for OCR."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (2480, 1200), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(DEJAVU / "DejaVuSans.ttf"), 40)
    y = 120
    for line in verdict_lines(i, n_lines):
        draw.text((150, y), line[:80], fill=0, font=font)
        y += 70
    img.save(path, dpi=(300, 300))
    return path


# --------------------------------------------------------------------------- running the CLI


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["CI"] = "true"  # plain progress lines, no live bar
    env.pop("SPOTON_DEBUG", None)
    return env


def spoton(*args: str | Path, timeout: float = 300, cwd: Path | None = None,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m pipeline ARGS`` as a real process (``env``: extra environment variables)."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, env={**cli_env(), **(env or {})}, cwd=cwd,
    )


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def write_config(path: Path, **limits) -> Path:
    """A TOML configuration with the given [limits]."""
    body = "[limits]\n" + "".join(f"{k} = {v}\n" for k, v in limits.items())
    path.write_text(body, encoding="utf-8")
    return path


def ocr_line(text: str, kind: str = "paragraph") -> RawLine:
    """An OCR line of plain words (no boxes, confidence 90) for the text repairs of pipeline.ingest.ocr."""
    return RawLine(words=[RawWord(t, None, 90.0) for t in text.split()], kind=kind)
