"""OCR of one page image with Tesseract: words with boxes and confidences, lines and blocks.

What happens to a page, cheapest first:

1. Grayscale. A box-filtered copy (long side ~1200 px) gives the local paper level (scans are lit
   unevenly), the ink, the skew (projection profile of the ink over -6..+6 degrees, coarse then fine)
   and whether text lines run vertically (page turned by 90/270). A blank page is not sent to Tesseract.
2. Orientation and script: Tesseract OSD (``--psm 0``, an extra Tesseract call) runs only when needed:
   no languages were given (the script chooses them: Cyrillic → "srp+mkd", Latin → "sqi+srp_latn+hrv",
   see ``ocr_languages.yaml``), the lines run vertically, or the first result is poor. OSD time grows
   with the characters it classifies, so it gets the strip of the page with the most ink first.
   (The document's other pages get the set narrowed by page 1's language; a Macedonian page 1 is read
   again with "mkd+srp", ``reread_first_page``: srp first turns Ѓ/ѓ into Г/г. pipeline.ingest.read_first_page.)
3. Deskew by the measured angle when it is at least 1.5 degrees.
4. One Tesseract call (TSV), the page written as an uncompressed BMP temporary file.
   ``OMP_THREAD_LIMIT=1``: one Tesseract process per page, pages run in parallel in worker processes.
5. A poor result is retried: mean confidence < 55 or no words → turned by OSD's orientation (if OSD has
   not run yet); less than 60 % of the page's ink inside the words read (Tesseract's global Otsu turned
   a dark part of the page black) → Tesseract's Sauvola binarisation. The better result (confidence-
   weighted characters) is kept.
6. Initials keep their dots (``restore_initials``): a word of two or three capitals read without the dots
   the page shows after each letter ("ТК." for "Т.К.", the fast models' habit at 200 dpi) is written with
   them; checked on the word's image (marks along the baseline), so "КЗ" or "ВЈТ" stay as they are.
7. Ruled tables are read row by row (``rebuild_tables``): the grid's rules found on the page image, the
   table read again on its own with the rules painted over (one more Tesseract call per table, one per
   narrow column), every word put in the cell its centre lies in; a row is one ``kind: table`` line, its
   cells joined by "|", as the Word reader writes it.
8. Word-level repairs (``repair_dates``, ``drop_colon_specks``, ``repair_headings``): a date misread after
   the word announcing it, a speck read as a colon inside a phrase, a misread letter-spaced heading; and
   (eighth round) misread citations and case numbers (``repair_article_digits``, ``repair_article_slashes``,
   ``repair_case_number_slash``, ``repair_register_digits``), units with a speck glued on
   (``repair_glued_units``), names' first letters (``repair_name_starts``), specks at a line's start.

Boxes are pixels of the page image as OCR'd: after turning it clockwise by ``rotation`` degrees and
rotating it by ``skew`` degrees counter-clockwise about its centre (same size), so the review app can
draw them on the same transformed image.

Measured (2-core VM shared with other jobs, so CPU seconds of our process + Tesseract, best of 2-3;
Tesseract 5.3 fast models; A4 at 300 dpi):

* Ours vs bare ``tesseract img out -l LANGS tsv`` on 8 page images (4 rendered pages sr-Cyrl/sr-Latn/
  mk/sq, 3 sample scans JPEG/G4-TIFF, 1 phone photo), same LANGS: 22.34 s vs 22.37 s in all (ratio
  1.00); per page 1.03-1.13 for scans and short pages (our decode + analysis + BMP write ~0.1 s), 0.75
  for the RGB photo (we decode JPEG luma only). With no LANGS (OSD strip + the script's language set,
  page 1 of a document only): 1.49x.
* How the page reaches Tesseract (noisy 300 dpi scan, bare JPEG 3.25 s): BMP file 3.29 s + 0.007 s to
  write; PNG level 1 file 3.30 s + 0.41 s to compress (noise compresses badly); PNG on stdin 3.47 s,
  BMP on stdin 3.61 s (Tesseract reads stdin byte by byte); TIFF file 3.51 s; PGM file 3.72 s.
* OSD per page: whole page 1.65 s, strip of 14 % of the page 1.35 s (8 % 1.07 s but the photo's strip
  failed), fixed cost ~0.3 s (model load): hence the strip, and OSD only when needed.
* Deskew (11 sample scan pages, skew 0.5-1.45 degrees): CER 0.83 % with, 0.85 % without, +11 % CPU; on
  pages turned 2 / 3.5 / 5 degrees it cuts CER from 0.9-1.0 / 1.1-2.4 / 2.0-4.2 % to 0-0.7 %.
* Binarisation: the 11 sample scan pages, Tesseract's Otsu (default) 0.83 % CER, Sauvola on every page
  1.04 % (phone photo 3.5 % vs 1.2 %); our own flat-field + Otsu was no better on scans and cost 0.6-3.5 s
  a page. A harsh page (low contrast, 55 % light fall-off, heavy noise): Otsu 58.5 %, the Sauvola retry
  0.3 %. So: Otsu first, Sauvola only as the retry of a page whose ink was not read.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageFilter

from pipeline.config import RunConfig
from pipeline.datafiles import load_yaml
from pipeline.errors import LimitExceeded, OcrError
from pipeline.ingest.raw import RawLine, RawPage, RawWord
from pipeline.model import BBox

_OSD_SCRIPTS = {"Cyrillic": "Cyrl", "Latin": "Latn"}


@functools.cache
def settings() -> dict[str, Any]:
    """OCR tuning from ``resources/ocr.yaml`` (loaded once per process)."""
    return load_yaml("ocr.yaml", "OCR settings")


# --------------------------------------------------------------------------- image analysis


@dataclass(slots=True)
class Analysis:
    """Cheap measurements on a downscaled copy of the page."""

    paper: int  # grey level of the paper
    ink_fraction: float
    skew: float  # degrees; Image.rotate(skew) levels the text lines
    vertical: bool  # text lines run top to bottom: the page is turned by 90 or 270 degrees
    row_profile: np.ndarray = field(repr=False)  # ink per row of the small image (after leveling)
    scale: int = 1
    # ink pixels of the small image where they are once the page is leveled (rotated by ``skew``)
    ink_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), repr=False)
    ink_cols: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), repr=False)


def to_gray(image: Image.Image) -> Image.Image:
    """8-bit grayscale; transparent areas become white paper, 16-bit scans are scaled down."""
    mode = image.mode
    if mode == "L":
        return image
    if mode in ("I;16", "I;16B", "I;16L", "I"):
        a = np.asarray(image, dtype=np.float32)
        hi = float(a.max()) or 1.0
        return Image.fromarray((a * (255.0 / hi)).astype(np.uint8), "L")
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    return image.convert("L")


def _profile_score(coord: np.ndarray) -> float:
    """Sharpness of a projection profile: text lines make a few tall bins, noise many flat ones."""
    coord = coord - coord.min()
    hist = np.bincount(coord.astype(np.int64))
    return float(np.dot(hist, hist))


def _best_angle(xs: np.ndarray, ys: np.ndarray, lo: float, hi: float, step: float) -> tuple[float, float]:
    best = (0.0, -1.0)
    for angle in np.arange(lo, hi + step / 2, step):
        t = np.radians(angle)
        # row of each ink pixel after Image.rotate(angle) (counter-clockwise on screen, y down)
        score = _profile_score(ys * np.cos(t) - xs * np.sin(t))
        if score > best[1]:
            best = (float(angle), score)
    return best


def analyse(gray: Image.Image) -> Analysis:
    cfg = settings()["analysis"]
    dsk = settings()["deskew"]
    scale = max(1, round(max(gray.size) / cfg["long_side"]))
    small = gray.reduce(scale) if scale > 1 else gray
    a = np.asarray(small)
    # the paper level around every pixel (a scan is lit unevenly): the lightest cell nearby on a coarse grid
    cell = max(1, round(max(small.size) / cfg["paper_cells"]))
    coarse = small.reduce(cell) if cell > 1 else small
    paper_map = coarse.filter(ImageFilter.MaxFilter(3)).resize(small.size, Image.Resampling.BILINEAR)
    local = np.asarray(paper_map).astype(np.int16)
    paper = int(np.median(local))
    dark = a.astype(np.int16) < local - cfg["ink_contrast"]
    # solid dark areas (the desk around a photographed page, black scanner margins) are not ink:
    # text leaves most of a cell light
    density = Image.fromarray(dark.astype(np.uint8) * 255).reduce(cell) if cell > 1 else None
    if density is not None:
        # ... nor the rim of such an area, where a cell is part desk and part paper
        solid_cells = density.point(lambda v: 255 if v > 128 else 0).filter(ImageFilter.MaxFilter(3))
        solid = np.asarray(solid_cells.resize(small.size, Image.Resampling.NEAREST)) > 0
        dark &= ~solid
    ys, xs = np.nonzero(dark)
    ink = len(ys) / a.size if a.size else 0.0
    if ink < cfg["blank_ink_fraction"] or len(ys) < 50:
        return Analysis(paper, ink, 0.0, False, np.zeros(a.shape[0]), scale)
    if len(ys) > 300_000:  # a sample is as good for the profile and keeps this at a few ms
        pick = np.random.default_rng(0).choice(len(ys), 300_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    yc = ys.astype(np.float32) - a.shape[0] / 2
    xc = xs.astype(np.float32) - a.shape[1] / 2
    m = dsk["max_angle"]
    angle, h_score = _best_angle(xc, yc, -m, m, dsk["coarse_step"])
    angle, h_score = _best_angle(
        xc, yc, angle - dsk["coarse_step"], angle + dsk["coarse_step"], dsk["fine_step"]
    )
    # the same search with x and y swapped: are the lines vertical?
    _v_angle, v_score = _best_angle(-yc, xc, -m, m, 2.0)
    vertical = v_score > settings()["orientation"]["vertical_ratio"] * h_score
    t = np.radians(angle)
    rows = np.clip((yc * np.cos(t) - xc * np.sin(t) + a.shape[0] / 2).astype(np.int64), 0, a.shape[0] - 1)
    cols = np.clip((xc * np.cos(t) + yc * np.sin(t) + a.shape[1] / 2).astype(np.int64), 0, a.shape[1] - 1)
    profile = np.bincount(rows, minlength=a.shape[0])
    return Analysis(paper, ink, angle, bool(vertical), profile, scale, rows, cols)


# --------------------------------------------------------------------------- Tesseract calls

_TMP_PREFIX = "spoton-ocr-"


def sweep_temporaries(directory: str | None = None) -> int:
    """Delete page images left in the temp folder by OCR workers that were killed mid-page.

    Page images show verdicts, so none may linger: a file whose writing process no longer exists is removed.
    """
    removed = 0
    for path in Path(directory or tempfile.gettempdir()).glob(f"{_TMP_PREFIX}*-*.bmp"):
        try:
            pid = int(path.name[len(_TMP_PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        try:
            os.kill(pid, 0)
            continue  # still running
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed += 1
    return removed


def _tesseract(
    args: list[str], image: Image.Image, config: RunConfig, page_number: int, what: str
) -> subprocess.CompletedProcess[bytes]:
    """Run Tesseract on the image, written as an uncompressed BMP temporary file (see the figures above)."""
    fd, tmp = tempfile.mkstemp(prefix=f"{_TMP_PREFIX}{os.getpid()}-", suffix=".bmp")
    cmd = [settings()["tesseract"]["command"], tmp, "stdout", *args]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    seconds = config.limits.page_seconds
    try:
        with os.fdopen(fd, "wb") as fh:
            image.save(fh, format="BMP")
        return subprocess.run(cmd, capture_output=True, env=env, timeout=seconds, check=False)
    except subprocess.TimeoutExpired as exc:
        raise OcrError(
            f"page {page_number}: {what} took longer than {seconds:.0f} seconds and was stopped "
            "(raise limits.page_seconds for very dense or very large pages).",
            error="ocr_timeout",
        ) from exc
    except FileNotFoundError as exc:
        raise OcrError(
            "Tesseract OCR is not installed (the `tesseract` program was not found); "
            "scanned pages cannot be read without it.",
            error="tesseract_missing",
        ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


@dataclass(slots=True)
class Osd:
    rotate: int = 0  # degrees clockwise that make the page upright
    orientation_conf: float = 0.0
    script: str | None = None  # "Cyrl" | "Latn" | None
    script_conf: float = 0.0


def run_osd(
    image: Image.Image, config: RunConfig, page_number: int = 1, dpi: int | None = None
) -> Osd | None:
    """Tesseract orientation and script detection; None when the image has too few characters."""
    args = ["--psm", "0"] + (["--dpi", str(dpi)] if dpi else [])
    proc = _tesseract(args, image, config, page_number, "orientation detection")
    out = proc.stdout.decode("utf-8", "replace")
    values: dict[str, str] = {}
    for line in out.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            values[key.strip()] = value.strip()
    if proc.returncode != 0 or "Rotate" not in values:
        return None
    try:
        return Osd(
            rotate=int(values["Rotate"]) % 360,
            orientation_conf=float(values.get("Orientation confidence", 0.0)),
            script=_OSD_SCRIPTS.get(values.get("Script", "")),
            script_conf=float(values.get("Script confidence", 0.0)),
        )
    except ValueError:
        return None


def parse_tsv(tsv: str) -> list[RawLine]:
    """Lines of words (level-5 rows) grouped by Tesseract's block, paragraph and line numbers."""
    lines: dict[tuple[int, int, int], RawLine] = {}
    blocks: dict[tuple[int, int], int] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        if cols[0] != "5":
            continue
        text = cols[11].strip()
        conf = float(cols[10])
        if not text or conf < 0:  # -1: not a word (an empty or image region)
            continue
        block, par, line = int(cols[2]), int(cols[3]), int(cols[4])
        left, top, width, height = (int(c) for c in cols[6:10])
        word = RawWord(text, BBox(x0=left, y0=top, x1=left + width, y1=top + height), round(conf, 2))
        raw_line = lines.get((block, par, line))
        if raw_line is None:
            block_index = blocks.setdefault((block, par), len(blocks))
            raw_line = lines[(block, par, line)] = RawLine(words=[], block=block_index)
        raw_line.words.append(word)
    for raw_line in lines.values():
        boxes = [w.bbox for w in raw_line.words if w.bbox is not None]
        raw_line.bbox = BBox(
            x0=min(b.x0 for b in boxes),
            y0=min(b.y0 for b in boxes),
            x1=max(b.x1 for b in boxes),
            y1=max(b.y1 for b in boxes),
        )
    return list(lines.values())


@dataclass(slots=True)
class _Reading:
    lines: list[RawLine]
    image: Image.Image  # as OCR'd (turned, deskewed)
    skew: float


def _recognise(
    image: Image.Image, langs: str, config: RunConfig, page_number: int, dpi: int | None, extra: dict
) -> list[RawLine]:
    args = ["-l", langs, "--psm", str(config.ocr.psm), "--oem", str(config.ocr.oem)]
    if dpi:
        args += ["--dpi", str(dpi)]
    for key, value in {**settings()["tesseract"].get("config", {}), **extra}.items():
        args += ["-c", f"{key}={value}"]
    proc = _tesseract([*args, "tsv"], image, config, page_number, "OCR")
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = next(
            (e for e in err if "Failed loading language" in e or "Error" in e), err[-1] if err else ""
        )
        raise OcrError(
            f"page {page_number}: Tesseract failed ({detail or f'exit status {proc.returncode}'})."
        )
    return parse_tsv(proc.stdout.decode("utf-8", "replace"))


def _recognise_table(image: Image.Image, langs: str, config: RunConfig, page_number: int, psm: int,
                     dpi: int | None) -> list[RawLine]:
    """A table's crop (or one of its columns) read again with the page segmentation mode ``psm``."""
    args = ["-l", langs, "--psm", str(psm), "--oem", str(config.ocr.oem)]
    if dpi:
        args += ["--dpi", str(dpi)]
    for key, value in settings()["tesseract"].get("config", {}).items():
        args += ["-c", f"{key}={value}"]
    proc = _tesseract([*args, "tsv"], image, config, page_number, "OCR of a table")
    return parse_tsv(proc.stdout.decode("utf-8", "replace")) if proc.returncode == 0 else []


# --------------------------------------------------------------------------- initials' dots


def _otsu(values: np.ndarray) -> int:
    hist = np.bincount(values.ravel(), minlength=256).astype(np.float64)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * np.arange(256))
    total = weight[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight - mean * total) ** 2 / (weight * (total - weight))
    return int(np.nanargmax(between)) if np.isfinite(between).any() else 128


def _segments(ink: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """Runs of inked columns: (first column, end column, top row, bottom row + 1, ink pixels)."""
    columns = ink.any(axis=0)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], columns.astype(np.int8), [0]))))
    out = []
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        rows = np.flatnonzero(ink[:, start:stop].any(axis=1))
        out.append((int(start), int(stop), int(rows[0]), int(rows[-1]) + 1, int(ink[:, start:stop].sum())))
    return out


def _run_below(ink: np.ndarray, baseline: int, start: int, stop: int) -> int:
    """Rows the ink of the mark in columns ``start:stop`` runs on unbroken below ``baseline``, followed
    row by row (each row's ink touching the row above, a column either way: a comma's tail bends)."""
    if baseline < 1:
        return 0
    cols = np.zeros(ink.shape[1], dtype=bool)
    cols[start:stop] = ink[baseline - 1, start:stop]
    rows = 0
    for r in range(baseline, ink.shape[0]):
        near = cols | np.roll(cols, 1) | np.roll(cols, -1)
        cols = ink[r] & near
        if not cols.any():
            break
        rows += 1
    return rows


def _marks(gray: Image.Image, box: BBox, above_baseline: bool = False) -> list[tuple[str, int]] | None:
    """The word image as a row of marks, left to right: ("T", column) a letter as tall as a capital,
    ("D", ...) a dot on the baseline, ("C", ...) a comma (below it). None when anything else is there
    (a mark of middle height, touching glyphs): the word is then left as Tesseract read it.
    ``above_baseline``: only the ink down to the letters' baseline is cut into columns, so that a
    descender (the hook of Ј, the tail of Д or Ц) reaching under the dot before it does not swallow it;
    a mark whose ink goes on below the baseline is then a comma."""
    cfg = settings()["initials"]
    pad = cfg["pad"]
    crop = np.asarray(gray.crop((int(box.x0) - pad, int(box.y0) - pad, int(box.x1) + pad, int(box.y1) + pad)))
    if crop.size == 0 or int(crop.max()) - int(crop.min()) < cfg["min_contrast"]:
        return None
    ink = crop < _otsu(crop)
    segments = _segments(ink)
    if not segments:
        return None
    cap = max(bottom - top for _s, _e, top, bottom, _a in segments)
    tall = [seg for seg in segments if seg[3] - seg[2] >= cfg["letter_height"] * cap]
    if not tall:
        return None
    baseline = min(seg[3] for seg in tall)  # the highest letter bottom: Д, Ц, Ј, Q go below the line
    full = ink
    if above_baseline:
        ink = ink[:baseline]
        segments = _segments(ink)
        cap = max(bottom - top for _s, _e, top, bottom, _a in segments)
    segments = [seg for seg in segments if seg[4] >= cfg["min_mark_area"] * cap * cap]  # specks of noise
    marks: list[tuple[str, int]] = []
    for start, stop, top, bottom, _area in segments:
        height, width = bottom - top, stop - start
        if height >= cfg["letter_height"] * cap:
            marks.append(("T", start))
        elif above_baseline and height <= cfg["dot_size"] * cap and width <= cfg["dot_size"] * cap \
                and bottom >= baseline - 1:
            # a comma's tail runs on from the mark below the baseline; the hook of a Ј reaching under a
            # dot is apart from it (a white row between): the ink's unbroken run below the baseline
            run = _run_below(full, baseline, start, stop)
            marks.append(("C" if run > cfg["comma_tail"] * cap else "D", start))
        elif height <= cfg["dot_size"] * cap and width <= cfg["dot_size"] * cap \
                and height <= cfg["dot_aspect"] * width and abs(bottom - baseline) <= cfg["baseline_slack"] * cap:
            marks.append(("D", start))
        elif width <= cfg["dot_size"] * cap and top >= baseline - cfg["dot_size"] * cap \
                and bottom > baseline and height > cfg["dot_aspect"] * width:
            marks.append(("C", start))  # a comma: taller than wide, reaching below the baseline
        else:
            return None
    return marks


def _initials(letters: list[str], marks: list[tuple[str, int]] | None, max_letters: int) -> str | None:
    """The initials the marks spell with the letters read, or None when they are not initials."""
    if not marks:
        return None
    kinds = "".join(kind for kind, _column in marks)
    n_tall = kinds.count("T")
    if not 2 <= n_tall <= max_letters or not kinds.startswith("T"):
        return None
    if len(letters) == n_tall + 1 and n_tall == 2 and kinds.startswith("TDT"):
        letters = [letters[0], letters[2]]  # the dot itself was read as a letter ("ВАЛ", "НАК")
    if len(letters) != n_tall or kinds.count("TD") != n_tall:
        return None  # a letter without its dot: not initials
    tail = kinds[kinds.rindex("T") + 2:]  # after the last letter's dot: more dots or a comma
    return "".join(f"{c}." for c in letters) + tail.replace("D", ".").replace("C", ",")


def _unglue(word: RawWord, glued: re.Pattern[str], joiners: set[str]) -> list[RawWord]:
    """ "Р.Т.иЛ.В.и" (the spaces of a justified line lost) as the words "Р.Т.", "и", "Л.В.", "и"; the box is
    shared out by characters. Only a word made of nothing but initials and the conjunctions between them."""
    text = word.text
    parts = glued.findall(text)
    if word.bbox is None or "".join(parts) != text or len(parts) < 3:
        return [word]
    if sum(p in joiners for p in parts) == 0 or sum(p not in joiners for p in parts) < 2:
        return [word]
    out, x, width = [], word.bbox.x0, (word.bbox.x1 - word.bbox.x0) / len(text)
    for part in parts:
        box = BBox(x0=x, y0=word.bbox.y0, x1=x + width * len(part), y1=word.bbox.y1)
        out.append(RawWord(part, box, word.conf))
        x = box.x1
    return out


def restore_initials(lines: list[RawLine], image: Image.Image) -> int:
    """Put back the dots of initials ("Т.К.") that Tesseract dropped or misread.

    At 200 dpi the fast LSTM models read a person's initials "Т.К." as "ТК.", "НР." or "ВАЛ" (the dot
    taken for a letter) on about a third of occurrences (sr-Cyrl dev scans: 65 of 99 kept), and names
    written as initials are how verdicts name victims and minors. The dot is plainly on the page: a word
    of two or three capitals with a dot mark on the baseline after every letter is written with those
    dots. Checked on the image, not guessed from the text: "КЗ", "ВЈТ" or "РС" have no dots and stay.
    Returns the number of words changed."""
    cfg = settings().get("initials") or {}
    if not cfg.get("enabled", False):
        return 0
    gray = to_gray(image)
    changed = 0
    joiners = set(cfg.get("glued_words") or [])
    glued = re.compile(
        r"(?:[^\W\d_a-zа-џ]\.){2,3},?|" + "|".join(map(re.escape, sorted(joiners, key=len, reverse=True)))
    ) if joiners else None
    digit = re.compile(cfg["digit_initial"]) if cfg.get("digit_initial") else None
    for line in lines:
        if glued is not None:
            line.words = [part for word in line.words for part in _unglue(word, glued, joiners)]
        for word in line.words:
            if digit is not None and digit.match(word.text):
                word.text = cfg["digit_letters"][word.text[0]] + word.text[1:]  # "3.М." is "З.М."
                changed += 1
            core = word.text.rstrip(".,;:")
            letters = [c for c in core if c.isalpha()]
            if not 2 <= len(letters) <= cfg["max_letters"] + 1 or not all(c.isupper() for c in letters):
                continue
            if any(not c.isalpha() and c not in ".," for c in core) or word.bbox is None:
                continue
            if core == ".".join(letters) and word.text[len(core):].startswith("."):
                continue  # already "Т.К." (or "Т.К.,")
            text = _initials(letters, _marks(gray, word.bbox), cfg["max_letters"]) or _initials(
                letters, _marks(gray, word.bbox, above_baseline=True), cfg["max_letters"]
            )
            if text is None:
                continue
            if text != word.text:
                word.text = text
                changed += 1
    return changed


def _accent_above(ink: np.ndarray, start: int, stop: int, middle: int, cfg: dict, slant: int = 1) -> bool:
    """Whether the letter in columns ``start:stop`` of the word's ink has a mark of its own above it (the
    acute of Ѓ, Ќ, the grave of ѝ). The letter is the run of inked rows through row ``middle`` (inside the
    word box); the mark the run right above it, white rows between, short and small, and clear of the
    crop's top edge (where a descender of the line above would be cut), close above the letter, and
    slanted as the accent is (``slant`` 1: an acute, its top to the right; -1: a grave): a speck of noise is
    round, a comma of the line above stands further up."""
    runs = _runs(ink[:, start:stop].any(axis=1))
    below = [n for n, (a, b) in enumerate(runs) if a <= middle < b]
    if not below or below[0] == 0:
        return False
    (top0, top1), (body0, body1) = runs[below[0] - 1], runs[below[0]]
    body = body1 - body0
    if body < cfg["min_body_px"] or top0 == 0 or body0 - top1 > cfg["max_gap"] * body:
        return False
    mark = ink[top0:top1, start:stop]
    height, width, area = top1 - top0, int(mark.any(axis=0).sum()), int(mark.sum())
    if not (cfg["min_height"] * body <= height <= cfg["max_height"] * body
            and width <= cfg["max_width"] * body and cfg["min_area"] * body * body <= area):
        return False
    ys, xs = np.nonzero(mark)
    upper, lower = xs[ys < height / 2], xs[ys >= height / 2]
    if not len(upper) or not len(lower):
        return False
    return slant * (float(upper.mean()) - float(lower.mean())) >= cfg["min_slant"] * height


def restore_acutes(lines: list[RawLine], image: Image.Image, langs: str | None) -> int:
    """Put back the acute of Ѓ and Ќ (and the grave of the word ѝ) that Tesseract dropped on Macedonian
    pages: at 200 dpi "Ѓ.Д." is read "Г.Д.", "Ѓорге" "Горге", "Ќулавкова" "Кулавкова", "ѝ" "и"; a name
    then no longer matches the same person elsewhere, or the gold. Told from the image, not guessed from
    the text (a lexicon-free rule cannot tell "Горан" from "Горги"): the word's ink cut into columns, one
    run of columns per character; a letter of ``acutes.letters`` whose columns hold a small mark of its own
    above the letter, white rows between, is written with its accent. Only on pages read with a language
    of ``acutes.langs`` first (Macedonian: Serbian has no Ѓ, Ќ or ѝ). Words whose columns do not fall one
    to a character (glyphs touching) are left, except their first letter when it stands apart. Returns the
    letters changed."""
    cfg = settings().get("acutes") or {}
    if not cfg.get("enabled", False) or not langs or langs.split("+")[0] not in set(cfg["langs"]):
        return 0
    letters = {str(k): str(v) for k, v in cfg["letters"].items()}
    alone = {str(k): str(v) for k, v in (cfg.get("alone") or {}).items()}
    gray = to_gray(image)
    pad = int(cfg["pad"])
    changed = 0
    for line in lines:
        for i, word in enumerate(line.words):
            text, box = word.text, word.bbox
            core = text.strip(_WORD_EDGE)
            if box is None or not (any(c in letters for c in text) or core in alone):
                continue
            up = pad + round(cfg["reach"] * (box.y1 - box.y0))
            crop = np.asarray(gray.crop((int(box.x0) - pad, int(box.y0) - up, int(box.x1) + pad, int(box.y1) + 2)))
            if crop.size == 0 or int(crop.max()) - int(crop.min()) < cfg["min_contrast"]:
                continue
            ink = crop < _otsu(crop)
            segments = _segments(ink[up:])  # columns cut on the word box alone: the line above stays out
            if not segments:
                continue
            big = max(seg[4] for seg in segments)
            segments = [seg for seg in segments if seg[4] >= cfg["min_segment"] * big]
            if len(segments) == len(text):
                spots = list(enumerate(segments))
            elif text[:1] in letters:
                spots = [(0, segments[0])]
            else:
                continue
            middle = up + round(0.6 * (box.y1 - box.y0))
            chars = list(text)
            for k, (start, stop, _top, _bottom, _area) in spots:
                c = chars[k]
                if c in letters and _accent_above(ink, start, stop, middle, cfg):
                    chars[k] = letters[c]
                elif core in alone and c == core and _accent_above(ink, start, stop, middle, cfg, slant=-1):
                    chars[k] = alone[c]
            new = "".join(chars)
            if new != text:
                line.words[i] = RawWord(new, box, word.conf)
                changed += sum(a != b for a, b in zip(text, new, strict=True))
    return changed


def restore_wide_initials(lines: list[RawLine], image: Image.Image, langs: str | None) -> int:
    """Put back an initial Tesseract read as a narrower look-alike: "Ј.Н." for Љ.Н. (Љ is as wide as a
    capital and a half; Ј, the letter read, half as wide as high). A word of initials whose first letter is
    one of ``wide_initials.letters``, on a page read with a language of ``wide_initials.langs`` first, is
    written with the wide letter where that letter's ink (the first run of columns of the word box) is at
    least ``wide_initials.min_ratio`` times as wide as high. Л read "Ј" (as wide as high, like a Ј whose
    hook runs into the dot) cannot be told so and is left. Returns the initials changed."""
    cfg = settings().get("wide_initials") or {}
    if not cfg.get("enabled", False) or not langs or langs.split("+")[0] not in set(cfg["langs"]):
        return 0
    letters = {str(k): str(v) for k, v in cfg["letters"].items()}
    initials = re.compile(cfg["initials"])
    gray = to_gray(image)
    changed = 0
    for line in lines:
        for i, word in enumerate(line.words):
            box = word.bbox
            if box is None or word.text[:1] not in letters or not initials.fullmatch(word.text):
                continue
            crop = np.asarray(gray.crop((int(box.x0) - 3, int(box.y0) - 3, int(box.x1) + 3, int(box.y1) + 3)))
            if crop.size == 0 or int(crop.max()) - int(crop.min()) < cfg["min_contrast"]:
                continue
            segments = _segments(crop < _otsu(crop))
            if not segments:
                continue
            start, stop, top, bottom, _area = segments[0]
            if bottom - top >= cfg["min_height_px"] and (stop - start) >= cfg["min_ratio"] * (bottom - top):
                line.words[i] = RawWord(letters[word.text[0]] + word.text[1:], box, word.conf)
                changed += 1
    return changed


# --------------------------------------------------------------------------- paragraphs


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def join_split_words(lines: list[RawLine]) -> int:
    """Join a word Tesseract split at a narrow gap inside it ("БЕОГ РАДУ": the overhang of Г leaves a
    kerning gap): two words of a line closer than ``split_gap`` of the line's median gap between words
    and than ``max_gap`` of their height (a letter's own spacing, not a space) are one, when both have
    ``min_letters`` letters (a justified line sets short words such as "e", "и", "на" as close). Returns
    the words joined."""
    cfg = settings().get("words") or {}
    if not cfg.get("join_split", False):
        return 0
    joined = 0
    for ln in lines:
        words = ln.words
        if ln.kind == "table" or len(words) < int(cfg["min_words"]) or any(w.bbox is None for w in words):
            continue
        gaps = sorted(b.bbox.x0 - a.bbox.x1 for a, b in zip(words, words[1:], strict=False))
        median = gaps[len(gaps) // 2]
        if median <= 0:
            continue
        out = [words[0]]
        for w in words[1:]:
            last = out[-1]
            gap = w.bbox.x0 - last.bbox.x1
            height = max(last.bbox.y1 - last.bbox.y0, w.bbox.y1 - w.bbox.y0)
            if (gap < cfg["split_gap"] * median and gap < cfg["max_gap"] * height
                    and _letters(last.text) >= cfg["min_letters"] and _letters(w.text) >= cfg["min_letters"]
                    and last.text[-1:].isalpha() and w.text[:1].isalpha()):
                out[-1] = RawWord(last.text + w.text, BBox(x0=last.bbox.x0, y0=min(last.bbox.y0, w.bbox.y0),
                                  x1=w.bbox.x1, y1=max(last.bbox.y1, w.bbox.y1)),
                                  min(c for c in (last.conf, w.conf) if c is not None) if (last.conf or w.conf) else None)
                joined += 1
            else:
                out.append(w)
        ln.words = out
    return joined


def _slope(lines: list[RawLine]) -> float:
    """The page's remaining tilt: the median slope of word bottoms along lines of 4+ words (a skew under
    ``deskew.min_angle`` is not levelled, and a line's bottom then depends on how far right it reaches)."""
    slopes = []
    for ln in lines:
        pts = [((w.bbox.x0 + w.bbox.x1) / 2, w.bbox.y1) for w in ln.words if w.bbox is not None]
        if len(pts) < 4:
            continue
        mx = sum(x for x, _ in pts) / len(pts)
        my = sum(y for _, y in pts) / len(pts)
        var = sum((x - mx) ** 2 for x, _ in pts)
        if var:
            slopes.append(sum((x - mx) * (y - my) for x, y in pts) / var)
    return sorted(slopes)[len(slopes) // 2] if slopes else 0.0


def _baseline(line: RawLine, slope: float = 0.0) -> float | None:
    """The line's baseline at the page's left edge: the median bottom of its words, the tilt taken out
    (most words have no descender; a line's box reaches from its tallest capital to its deepest
    descender, which depends on its letters)."""
    bottoms = sorted(w.bbox.y1 - slope * (w.bbox.x0 + w.bbox.x1) / 2 for w in line.words if w.bbox is not None)
    return float(bottoms[len(bottoms) // 2]) if bottoms else None


def join_split_paragraphs(lines: list[RawLine]) -> int:
    """Join the paragraphs Tesseract splits after a short line inside a printed paragraph.

    Tesseract starts a paragraph after a line that ends well before the right margin ("... од судије
    Драгослава" / "Марковића, као председника већа, ..."): a paragraph typed with a hard line break. The
    page shows no paragraph there: the next line follows at the page's line pitch (baseline to baseline),
    from the same left edge. Such a block is joined to the one above it, as the plain text of the same
    verdict keeps those lines in one block (the text stage then reads the wrapped line as one). A real
    paragraph break leaves space above its first line or indents it; on a noisy 200-dpi scan the line
    pitch varies too much to tell the space alone, so the line above must also end inside a sentence (no
    full stop, colon or semicolon), and a line opening with an item number or dash ("2. Б.С., роден ...",
    "- со што ...") starts an item of a list. Those stay blocks. The other way round, two lines of one
    Tesseract block with a paragraph's space between them (``split_step`` pitches and more: "4. Ankim ..."
    / "Gjirokastër, 03.04.2017") go to two blocks first. Returns the blocks joined."""
    cfg = settings().get("paragraphs") or {}
    if not cfg.get("join_split", False) or len(lines) < 3:
        return 0
    item = re.compile(cfg["item_start"])
    ends = re.compile(cfg["sentence_end"])
    slope = _slope(lines)
    base = {id(ln): _baseline(ln, slope) for ln in lines if ln.kind != "table"}
    boxed = [ln for ln in lines if ln.bbox is not None and base.get(id(ln)) is not None]
    pitches = sorted(base[id(b)] - base[id(a)] for a, b in zip(boxed, boxed[1:], strict=False)
                     if a.block == b.block and base[id(b)] > base[id(a)])
    heights = sorted(ln.bbox.y1 - ln.bbox.y0 for ln in boxed)
    if len(pitches) < int(cfg["min_pitches"]):
        return 0
    # the pitch: the median of the steps near the lower quartile (on a short page, a last page of items and
    # signatures, most steps inside Tesseract's blocks may be paragraph breaks it did not see)
    low = pitches[len(pitches) // 4]
    core = [p for p in pitches if p <= cfg["pitch_cluster"] * low]
    pitch = core[len(core) // 2]
    height = heights[len(heights) // 2]
    split = cfg.get("split_step")
    if split:  # a space a paragraph leaves between two lines Tesseract put in one block: two blocks
        fresh = max(ln.block for ln in lines) + 1
        for a, b in zip(boxed, boxed[1:], strict=False):
            if a.block == b.block and base[id(b)] - base[id(a)] >= split * pitch:
                old = b.block
                for ln in lines[lines.index(b):]:
                    if ln.block != old:
                        break
                    ln.block = fresh
                fresh += 1
    left: dict[int, float] = {}  # the left edge of every block (its lines' leftmost x0)
    for ln in boxed:
        left[ln.block] = min(left.get(ln.block, ln.bbox.x0), ln.bbox.x0)
    joined = 0
    for i in range(1, len(lines)):
        a, b = lines[i - 1], lines[i]
        if a.block == b.block or base.get(id(a)) is None or base.get(id(b)) is None or a.bbox is None:
            continue
        step = base[id(b)] - base[id(a)]
        edge = left.get(a.block, a.bbox.x0)
        if not (cfg["min_step"] * pitch <= step <= cfg["max_step"] * pitch):
            continue
        if b.bbox is None or abs(b.bbox.x0 - edge) > cfg["edge_tolerance"] * height:
            continue
        if not b.words or item.match(b.words[0].text) or ends.search(" ".join(w.text for w in a.words)):
            continue
        old, new = b.block, a.block
        for ln in lines[i:]:
            if ln.block != old:
                break
            ln.block = new
        left[new] = min(left[new], left.get(old, edge))
        joined += 1
    return joined


# --------------------------------------------------------------------------- misread dates, specks


def _page_words(lines: list[RawLine]) -> list[tuple[RawLine, int]]:
    return [(ln, i) for ln in lines if ln.kind != "table" for i in range(len(ln.words))]


def repair_dates(lines: list[RawLine]) -> int:
    """Put back a date Tesseract misread after a word that announces one ("më", "datë", "дана", "на ден"):
    slashes read as digits ("0810712021" for "08/07/2021": a 1 or 7 where a slash stands, day and month
    valid) and a space read inside it ("14.1 1.2023" for "14.11.2023": two words that only together are
    a date). The extraction then reads the decision date as on the text (ocr.yaml ``dates``). Returns the
    dates repaired."""
    cfg = settings().get("dates") or {}
    if not cfg.get("repair", False):
        return 0
    cue = {w.lower() for w in cfg["cue_words"]}
    slashed = re.compile(cfg["slash_as_digit"])
    whole = re.compile(cfg["date"])
    words = _page_words(lines)
    repaired = 0
    k = -1
    while k < len(words) - 2:
        k += 1
        ln, i = words[k]
        if ln.words[i].text.lower().strip(",:") not in cue:
            continue
        nl, j = words[k + 1]
        w = nl.words[j]
        m = slashed.fullmatch(w.text)
        if m and 1 <= int(m.group("d")) <= 31 and 1 <= int(m.group("m")) <= 12:
            nl.words[j] = RawWord(f"{m.group('d')}/{m.group('m')}/{m.group('y')}{m.group('rest')}", w.bbox, w.conf)
            repaired += 1
            continue
        if k + 2 < len(words) and not whole.fullmatch(w.text):
            ml, q = words[k + 2]
            if ml is nl and q == j + 1 and whole.fullmatch(w.text + nl.words[q].text):
                v = nl.words[q]
                box = None
                if w.bbox is not None and v.bbox is not None:
                    box = BBox(x0=w.bbox.x0, y0=min(w.bbox.y0, v.bbox.y0), x1=v.bbox.x1, y1=max(w.bbox.y1, v.bbox.y1))
                confs = [c for c in (w.conf, v.conf) if c is not None]
                nl.words[j : q + 1] = [RawWord(w.text + v.text, box, min(confs) if confs else None)]
                repaired += 1
                words = _page_words(lines)
    return repaired


def drop_colon_specks(lines: list[RawLine]) -> int:
    """Drop a colon a speck put after a word that cannot end a phrase ("për kryerjen e: veprës", "на:
    кривично дело"): an article, preposition or conjunction of ``specks.open_words`` with the phrase going on
    in small letters after it. Returns the colons dropped."""
    cfg = settings().get("specks") or {}
    if not cfg.get("drop_colon", False):
        return 0
    open_words = {w.lower() for w in cfg["open_words"]}
    words = _page_words(lines)
    dropped = 0
    for k in range(len(words) - 1):
        ln, i = words[k]
        w = ln.words[i]
        nl, j = words[k + 1]
        if w.text.endswith(":") and w.text[:-1].lower() in open_words and nl.words[j].text[:1].islower():
            ln.words[i] = RawWord(w.text[:-1], w.bbox, w.conf)
            dropped += 1
    return dropped


def drop_court_colon_specks(lines: list[RawLine]) -> int:
    """Drop a colon a speck put after the court's word in a heading of capitals ("ОСНОВЕН СУД: СТРУГА" for
    ОСНОВЕН СУД СТРУГА): a word of ``specks.court_words`` in capitals with the seat, in capitals too, after
    it on the same line. The court is read with its seat up to the colon; courts' headings write none
    there. Returns the colons dropped."""
    cfg = settings().get("specks") or {}
    court = {w.lower() for w in cfg.get("court_words") or []}
    dropped = 0
    for ln in lines:
        for i in range(len(ln.words) - 1):
            w, nxt = ln.words[i], ln.words[i + 1].text
            core = w.text[:-1]
            if w.text.endswith(":") and core.lower() in court and core.isupper() and nxt.isupper() \
                    and nxt[:1].isalpha():
                ln.words[i] = RawWord(core, w.bbox, w.conf)
                dropped += 1
    return dropped


def repair_unit_digits(lines: list[RawLine]) -> int:
    """Put back a single digit Tesseract read as a look-alike letter before a unit of time ("A vjet e 6
    muaj" for "4 vjet", "З године"): a word that is one letter of ``units.look_alike`` alone, the next word
    a unit of ``units.words``. A sentence's years are read from the number before the unit; with a letter
    there the extraction takes the months alone. Returns the digits put back."""
    cfg = settings().get("units") or {}
    if not cfg.get("repair", False):
        return 0
    look = {str(k): str(v) for k, v in cfg["look_alike"].items()}
    units = {w.lower() for w in cfg["words"]}
    repaired = 0
    for ln in lines:
        for i in range(len(ln.words) - 1):
            w = ln.words[i]
            if w.text in look and ln.words[i + 1].text.lower().strip(",.;:") in units:
                ln.words[i] = RawWord(look[w.text], w.bbox, w.conf)
                repaired += 1
    return repaired


def repair_fractions(lines: list[RawLine]) -> int:
    """Put back the slash of a reduction's fraction read as a 7 ("i zbritet 173", "me uljen e 173" for
    1/3): a word of ``fractions.misread`` after a word of a reduction (``fractions.cue_stems``), with at
    most one small word between ("e", "së", "me"). A case number ("Nr. 173") has no such word before it.
    Returns the fractions repaired."""
    cfg = settings().get("fractions") or {}
    if not cfg.get("repair", False):
        return 0
    misread = re.compile(cfg["misread"])
    stems = tuple(str(w).lower() for w in cfg["cue_stems"])
    between = {str(w).lower() for w in cfg["between"]}
    repaired = 0
    for ln in lines:
        for i, w in enumerate(ln.words):
            m = misread.fullmatch(w.text)
            if not m or not i:
                continue
            k = i - 1
            if ln.words[k].text.lower() in between and k:
                k -= 1
            if ln.words[k].text.lower().startswith(stems):
                ln.words[i] = RawWord(f"{m.group('n')}/{m.group('d')}{m.group('rest')}", w.bbox, w.conf)
                repaired += 1
    return repaired


def repair_word_start_glyphs(lines: list[RawLine]) -> int:
    """Put back a letter Tesseract reads as two at the start of a word: "Љ" read "ЈБ" ("ЈБубица",
    "ЈБупчо" for Љубица, Љупчо; no Macedonian or Serbian word begins with "ЈБ"), the pair of
    ``glyphs.word_start`` followed by a small letter. A judge's or prosecutor's name is read by its letters;
    with "ЈБ" the panel loses the name. Returns the words repaired."""
    cfg = settings().get("glyphs") or {}
    if not cfg.get("repair", False):
        return 0
    pairs = {str(k): str(v) for k, v in cfg["word_start"].items()}
    repaired = 0
    for ln in lines:
        for i, w in enumerate(ln.words):
            for bad, good in pairs.items():
                k = len(w.text) - len(w.text.lstrip(_WORD_EDGE))
                rest = w.text[k + len(bad):]
                if w.text[k:k + len(bad)] == bad and rest[:1].islower():
                    ln.words[i] = RawWord(w.text[:k] + good + rest, w.bbox, w.conf)
                    repaired += 1
                    break
    return repaired


def repair_article_digits(lines: list[RawLine]) -> int:
    """Put back an article number whose first digit Tesseract read as a look-alike ("neni 833 i K.Penal",
    "члана 833 Кривичног законика" for 333): a number of ``articles.misread`` right after an article word
    (``articles.cue_words``), a criminal code named within ``articles.window`` words after it
    (``articles.code``), and the number above ``articles.max_article``, the highest article of the
    criminal codes we read (a civil code's "neni 608" has no criminal code after it). The extraction
    codes the provision by its number; an article no code has is lost. Returns the numbers repaired."""
    cfg = settings().get("articles") or {}
    if not cfg.get("repair", False):
        return 0
    cue = {str(w).lower() for w in cfg["cue_words"]}
    misread = re.compile(cfg["misread"])
    code = re.compile(cfg["code"])
    look = {str(k): str(v) for k, v in cfg["look_alike"].items()}
    top, window = int(cfg["max_article"]), int(cfg["window"])
    words = [(ln, i) for ln in lines for i in range(len(ln.words))]
    repaired = 0
    for k in range(1, len(words)):
        ln, i = words[k]
        w = ln.words[i]
        pl, p = words[k - 1]
        m = misread.fullmatch(w.text)
        if not m or pl.words[p].text.lower().strip(",.;:(") not in cue or int(m.group("n")) <= top:
            continue
        if m.group("n")[0] not in look:
            continue
        good = look[m.group("n")[0]] + m.group("n")[1:]
        if int(good) > top:
            continue
        after = " ".join(ln2.words[j].text for ln2, j in words[k + 1:k + 1 + window])
        if code.search(after):
            ln.words[i] = RawWord(good + m.group("rest"), w.bbox, w.conf)
            repaired += 1
    return repaired


def drop_line_start_specks(lines: list[RawLine]) -> int:
    """Drop a speck read as a lone mark at the start of a line ("· Пантелића": the prosecutor's surname
    then follows a mark, not the first name at the end of the line before). A mark of
    ``specks.line_start_marks`` alone as a line's first word, a letter starting the next word; written text
    uses the middle dot only between words of a page header. Returns the marks dropped."""
    cfg = settings().get("specks") or {}
    marks = {str(m) for m in cfg.get("line_start_marks") or []}
    dropped = 0
    for ln in lines:
        if len(ln.words) > 1 and ln.words[0].text in marks and ln.words[1].text[:1].isalpha():
            del ln.words[0]
            dropped += 1
    return dropped


def repair_register_digits(lines: list[RawLine]) -> int:
    """Put back the digit of a court register read as a look-alike letter ("Број: ЗК 144/2023" for
    3К, Cyrillic З for 3): a word of ``registers.misread`` followed by a case number of
    ``registers.number``. No register begins with the letter; the case number is read by the register
    and its number. Returns the registers repaired."""
    cfg = settings().get("registers") or {}
    if not cfg.get("repair", False):
        return 0
    misread = re.compile(cfg["misread"])
    number = re.compile(cfg["number"])
    look = {str(k): str(v) for k, v in cfg["look_alike"].items()}
    repaired = 0
    for ln in lines:
        for i in range(len(ln.words) - 1):
            w = ln.words[i]
            m = misread.fullmatch(w.text)
            if m and m.group("d") in look and number.fullmatch(ln.words[i + 1].text):
                ln.words[i] = RawWord(look[m.group("d")] + m.group("rest"), w.bbox, w.conf)
                repaired += 1
    return repaired


def repair_name_starts(lines: list[RawLine]) -> int:
    """Put back the first letter of a name that Tesseract reads as a look-alike ("Горги", "Горѓиевски" for
    Ѓорги, Ѓорѓиевски; "Бупчо", "Бубица" for Љупчо, Љубица): a capitalised word, or the second half of a
    double surname ("Ристеска-Горѓиева"), starting with a stem of
    ``glyphs.name_stems`` (a misread form that is no word or name) takes the name's first letter. Panels
    and prosecutors are matched by their names' letters. Returns the words repaired."""
    cfg = settings().get("glyphs") or {}
    stems = {str(k): str(v) for k, v in (cfg.get("name_stems") or {}).items()}
    if not cfg.get("repair", False) or not stems:
        return 0
    return _replace_stems(lines, stems, "(?:[^\\W\\d_]+-)?")


def repair_inner_stems(lines: list[RawLine]) -> int:
    """Put back a letter Tesseract reads as a look-alike inside a word of the verdicts' own vocabulary: Љ
    read "Њ" at 200 dpi ("окривњени", "одењење" for окривљени, одељење), which loses the accused's cue
    word. A word beginning with a stem of ``glyphs.inner_stems`` (a misread form that is no Serbian or
    Macedonian word), in small letters, capitalised or in capitals, takes the stem as written; the word's
    ending stays. Returns the words repaired."""
    cfg = settings().get("glyphs") or {}
    stems: dict[str, str] = {}
    for k, v in (cfg.get("inner_stems") or {}).items():
        for form in (str.lower, str.capitalize, str.upper):
            stems[form(str(k))] = form(str(v))
    if not cfg.get("repair", False) or not stems:
        return 0
    return _replace_stems(lines, stems, "")


def _replace_stems(lines: list[RawLine], stems: dict[str, str], lead: str) -> int:
    """Each word that is edge marks, then ``lead`` (a regex; "" for none), then one of ``stems`` and any rest,
    takes the stem's replacement (the word's box and confidence kept). Returns the words replaced."""
    pattern = re.compile("(?P<lead>[" + re.escape(_WORD_EDGE) + "]*" + lead + ")(?P<stem>" + "|".join(
        re.escape(s) for s in sorted(stems, key=len, reverse=True)) + ")(?P<rest>.*)", re.S)
    repaired = 0
    for ln in lines:
        for i, w in enumerate(ln.words):
            m = pattern.fullmatch(w.text)
            if m:
                ln.words[i] = RawWord(m.group("lead") + stems[m.group("stem")] + m.group("rest"), w.bbox, w.conf)
                repaired += 1
    return repaired


def _cue_before(words: list[tuple[RawLine, int]], k: int, cue: set[str], joiners: set[str], reach: int) -> bool:
    """An article word before word ``k``, only citations ("110/a/2,") and joiners ("dhe") between."""
    for back in range(1, reach + 1):
        if k - back < 0:
            return False
        ln, i = words[k - back]
        text = ln.words[i].text.lower().strip(",.;:(")
        if text in cue:
            return True
        if not (any(c.isdigit() for c in text) or text in joiners):
            return False
    return False


def repair_article_slashes(lines: list[RawLine]) -> int:
    """Put back the slashes of an article cited with a letter and a paragraph that Tesseract read as
    letters or digits ("110Jajl", "333JaV2", "1281bi1" for 110/a/1, 333/a/2, 128/b/1) or of an article and
    paragraph ("2814" for 28/4, a criminal code named after it: a civil code has articles that high): a word
    right after an article word (citations and "dhe" between allowed), the article at most
    ``articles.max_article``. Without the slashes the extraction reads no provision, or
    a number no code has ("2814"). Returns the citations repaired."""
    cfg = settings().get("articles") or {}
    if not cfg.get("repair_slashes", False):
        return 0
    cue = {str(w).lower() for w in cfg["cue_words"]}
    joiners = {str(w).lower() for w in cfg["joiners"]}
    lettered = re.compile(cfg["slashed_letter"])
    plain = re.compile(cfg["slashed_paragraph"])
    code = re.compile(cfg["code"])
    top, reach, window = int(cfg["max_article"]), int(cfg["reach"]), int(cfg["window"])
    for ln in lines:  # "nenin 1 10Jajl": a space read inside the article number
        i = 1
        while i < len(ln.words) - 1:
            a, b = ln.words[i], ln.words[i + 1]
            m = lettered.fullmatch(a.text + b.text)
            if (len(a.text) == 1 and a.text.isdigit() and m and int(m.group("a")) <= top
                    and ln.words[i - 1].text.lower().strip(",.;:(") in cue):
                ln.words[i:i + 2] = [RawWord(a.text + b.text, b.bbox, b.conf)]
            i += 1
    words = [(ln, i) for ln in lines for i in range(len(ln.words))]
    repaired = 0
    for k, (ln, i) in enumerate(words):
        w = ln.words[i]
        if "/" in w.text or not w.text[:1].isdigit() or not _cue_before(words, k, cue, joiners, reach):
            continue
        m = lettered.fullmatch(w.text)
        if m and int(m.group("a")) <= top:
            par = "/" + m.group("p").replace("l", "1").replace("I", "1") if m.group("p") else ""
            ln.words[i] = RawWord(f"{m.group('a')}/{m.group('x')}{par}{m.group('rest')}", w.bbox, w.conf)
            repaired += 1
            continue
        m = plain.fullmatch(w.text)
        after = " ".join(ln2.words[j].text for ln2, j in words[k + 1:k + 1 + window])
        if m and int(m.group("n")) > top and code.search(after):
            digits = m.group("n")
            cuts = [c for c in range(2, len(digits) - 1) if digits[c] in "17"
                    and int(digits[:c]) <= top and digits[c + 1] != "0"]
            if len(cuts) == 1:
                c = cuts[0]
                ln.words[i] = RawWord(f"{digits[:c]}/{digits[c + 1:]}{m.group('rest')}", w.bbox, w.conf)
                repaired += 1
    return repaired


def repair_listed_article_slashes(lines: list[RawLine]) -> int:
    """Put back the slashes of a lettered citation that has no article word right before it but stands in
    a list of citations or before the code's name: "nenet 333/a/1 (për ...), 333Jal2 (për ...) dhe 1107a)2
    të Kodit Penal", "neni 110Ja(2)" (a bracket read for the slash); and a letter's "i" glued on before the
    code ("neni 110Ibi Kodit Penal" for 110/b i Kodit Penal). A word of ``articles.slashed_letter_wide``
    (more look-alikes of a slash than ``repair_article_slashes`` takes: "(", a 4 before the letter; not
    all of them digits, so "141a" stays) is written with slashes where an article word comes before it (as there), a citation written with
    slashes comes within ``articles.list_reach`` words before it, or a criminal code's name within
    ``articles.window`` words after it; the article at most ``articles.max_article``. Returns the citations
    repaired."""
    cfg = settings().get("articles") or {}
    if not cfg.get("repair_slashes", False) or not cfg.get("slashed_letter_wide"):
        return 0
    cue = {str(w).lower() for w in cfg["cue_words"]}
    joiners = {str(w).lower() for w in cfg["joiners"]}
    wide = re.compile(cfg["slashed_letter_wide"])
    glued = re.compile(cfg["slashed_letter_glued_i"])
    cited = re.compile(r"\(?\d{2,3}/[a-d]\b")
    code = re.compile(cfg["code"])
    top, reach, window = int(cfg["max_article"]), int(cfg["reach"]), int(cfg["window"])
    back = int(cfg["list_reach"])
    words = [(ln, i) for ln in lines for i in range(len(ln.words))]
    repaired = 0
    k = -1
    while k < len(words) - 1:
        k += 1
        ln, i = words[k]
        w = ln.words[i]
        if "/" in w.text or not w.text[:1].isdigit():
            continue
        after = " ".join(ln2.words[j].text for ln2, j in words[k + 1:k + 1 + window])
        listed = any(cited.match(ln2.words[j].text) for ln2, j in words[max(0, k - back):k])
        m = wide.fullmatch(w.text)
        slashes = (m.group("s1") + (m.group("s2") or "")) if m else ""
        if m and int(m.group("a")) <= top and not slashes.isdigit() and (
                listed or code.search(after) or _cue_before(words, k, cue, joiners, reach)):
            par = "/" + m.group("p").replace("l", "1").replace("I", "1") if m.group("p") else ""
            ln.words[i] = RawWord(f"{m.group('a')}/{m.group('x')}{par}{m.group('rest')}", w.bbox, w.conf)
            repaired += 1
            continue
        m = glued.fullmatch(w.text)
        if m and int(m.group("a")) <= top and code.match(after) and _cue_before(words, k, cue, joiners, reach):
            ln.words[i:i + 1] = [RawWord(f"{m.group('a')}/{m.group('x')}", w.bbox, w.conf),
                                 RawWord("i", w.bbox, w.conf)]
            repaired += 1
            words = [(ln2, j) for ln2 in lines for j in range(len(ln2.words))]
    return repaired


def repair_glued_units(lines: list[RawLine]) -> int:
    """Drop a speck read as a letter glued before a unit of time ("tetë imuaj" for "tetë muaj"): a word
    that is a letter of ``units.glued_marks`` and a unit of ``units.words``, the word before a number.
    The sentence's months are read by the unit after the number. Returns the units repaired."""
    cfg = settings().get("units") or {}
    marks = {str(m) for m in cfg.get("glued_marks") or []}
    if not cfg.get("repair", False) or not marks:
        return 0
    units = {w.lower() for w in cfg["words"]}
    number = re.compile(cfg["number_before"])
    repaired = 0
    for ln in lines:
        for i in range(1, len(ln.words)):
            w = ln.words[i]
            core = w.text.rstrip(",.;:")
            if (len(core) > 1 and core[0] in marks and core[1:].lower() in units
                    and number.fullmatch(ln.words[i - 1].text)):
                ln.words[i] = RawWord(w.text[1:], w.bbox, w.conf)
                repaired += 1
    return repaired


def repair_case_number_slash(lines: list[RawLine]) -> int:
    """Put back the slash of a case number read as a digit ("Nr. 19912025" for 199/2025): the word after a
    number mark (``case_numbers.cue_words``) of digits, a 1, 7 or 17 where the slash stands, a year at the
    end, read so in one way only ("4172023" may be 41/2023 or 4/2023: left). A case number is read as
    number and year. Returns the numbers repaired."""
    cfg = settings().get("case_numbers") or {}
    if not cfg.get("repair", False):
        return 0
    cue = {str(w).lower() for w in cfg["cue_words"]}
    misread = re.compile(cfg["misread"])
    slashes = [str(x) for x in cfg["slash_as"]]
    repaired = 0
    words = [(ln, i) for ln in lines for i in range(len(ln.words))]
    for k in range(1, len(words)):
        ln, i = words[k]
        pl, p = words[k - 1]
        w = ln.words[i]
        if pl.words[p].text.lower() not in cue or not w.text[:1].isdigit() or "/" in w.text:
            continue
        reads = {(m.group("n"), m.group("y"), m.group("rest")) for slash in slashes
                 if (m := misread.fullmatch(w.text.replace(slash, "/", 1)))}
        reads |= {(m.group("n"), m.group("y"), m.group("rest")) for cut in range(1, len(w.text))
                  for slash in slashes if w.text[cut:].startswith(slash)
                  if (m := misread.fullmatch(w.text[:cut] + "/" + w.text[cut + len(slash):]))}
        if len(reads) == 1:  # "4172023" is 41/2023 or 4/2023: left
            n, y, rest = reads.pop()
            ln.words[i] = RawWord(f"{n}/{y}{rest}", w.bbox, w.conf)
            repaired += 1
    return repaired


def join_line_end_names(lines: list[RawLine]) -> int:
    """Join a double surname broken at its hyphen at a line's end ("Оливера Митревска-" / "Стојановска и
    Томе"): a capitalised word ending in a hyphen last on a line, a capitalised word first on the next
    line of the same block. The text stage reads a line-end hyphen as a break and keeps only the first
    half of the name. Returns the names joined."""
    cfg = settings().get("words") or {}
    if not cfg.get("join_line_end_names", False):
        return 0
    joined = 0
    for ln, nx in zip(lines, lines[1:], strict=False):
        if ln.kind == "table" or nx.kind == "table" or not ln.words or len(nx.words) < 2 or ln.block != nx.block:
            continue
        last, first = ln.words[-1], nx.words[0]
        head, tail = last.text[:-1], first.text.rstrip(",.;:")
        if (last.text.endswith("-") and head[:1].isupper() and head.isalpha() and len(head) > 2
                and tail[:1].isupper() and tail.isalpha() and len(tail) > 2 and not tail.isupper()):
            ln.words[-1] = RawWord(last.text + first.text, last.bbox, last.conf)
            del nx.words[0]
            joined += 1
    return joined


def split_register_specks(lines: list[RawLine]) -> int:
    """Split a case number from its register where a speck was read as a mark between them ("Км.:9/24" for
    "Км. 9/24"): a word of ``registers.speck_glued``, the register with its dot, a colon or comma, the
    number. The case number is read as a register followed by its number. Returns the words split."""
    cfg = settings().get("registers") or {}
    if not cfg.get("repair", False) or not cfg.get("speck_glued"):
        return 0
    glued = re.compile(cfg["speck_glued"])
    split = 0
    for ln in lines:
        i = 0
        while i < len(ln.words):
            w = ln.words[i]
            m = glued.fullmatch(w.text)
            if m:
                ln.words[i:i + 1] = [RawWord(m.group("reg"), w.bbox, w.conf), RawWord(m.group("num"), w.bbox, w.conf)]
                split += 1
            i += 1
    return split


_WORD_EDGE = ".,;:!?()\"\u201c\u201d\u201e'«»"


def _vocabulary(pages: list[RawPage]) -> Counter[str]:
    """The words of a document outside its tables, as written (edge punctuation stripped), counted."""
    vocab: Counter[str] = Counter()
    for page in pages:
        for ln in page.lines:
            if ln.kind == "table":
                continue
            for w in ln.words:
                core = w.text.strip(_WORD_EDGE)
                if core:
                    vocab[core] += 1
    return vocab


def mend_table_words(pages: list[RawPage]) -> int:
    """Words of an OCR'd table cell split or glued where the rest of the document shows them whole: the
    table reread splits a name at a narrow letter ("Ardita Mërkur i" for "Mërkuri", "Klodia n") and the page
    read glues a short word to the one before ("годинеи 6" for "године и 6", "birii" for "biri i").
    Two neighbours of a cell are joined where the joined word is written so elsewhere in the document and
    one of the two is not; a word in small letters is split where it is not written elsewhere and both
    parts are, each at least ``tables.mend_min_count`` times (the right one a short word of at most
    ``tables.mend_max_tail`` letters). The extraction matches names and reads sentences by these words.
    Returns the words mended."""
    cfg = settings().get("tables") or {}
    if not cfg.get("mend_words", False):
        return 0
    table_lines = [ln for p in pages if p.method == "ocr" for ln in p.lines if ln.kind == "table"]
    if not table_lines:
        return 0
    vocab = _vocabulary(pages)
    lower: Counter[str] = Counter()
    for word, n in vocab.items():
        lower[word.lower()] += n
    least, tail_max = int(cfg["mend_min_count"]), int(cfg["mend_max_tail"])
    mended = 0
    for ln in table_lines:
        words = ln.words
        i = 0
        while i < len(words) - 1:
            a, b = words[i], words[i + 1]
            joined = (a.text + b.text).strip(_WORD_EDGE)
            if ("|" not in (a.text, b.text) and a.text[-1:].isalpha() and b.text[:1].isalpha() and joined in vocab
                    and (not lower[a.text.strip(_WORD_EDGE).lower()] or not lower[b.text.strip(_WORD_EDGE).lower()])):
                box = None
                if a.bbox is not None and b.bbox is not None:
                    box = BBox(x0=min(a.bbox.x0, b.bbox.x0), y0=min(a.bbox.y0, b.bbox.y0),
                               x1=max(a.bbox.x1, b.bbox.x1), y1=max(a.bbox.y1, b.bbox.y1))
                confs = [c for c in (a.conf, b.conf) if c is not None]
                words[i:i + 2] = [RawWord(a.text + b.text, box, min(confs) if confs else None)]
                mended += 1
                continue
            i += 1
        i = 0
        while i < len(words):
            w = words[i]
            core = w.text.strip(_WORD_EDGE)
            if core[:1].islower() and core.isalpha() and not lower[core.lower()] and w.text.endswith(core):
                best = None
                for cut in range(max(3, len(core) - tail_max), len(core)):
                    head, tail = core[:cut], core[cut:]
                    score = min(lower[head.lower()], lower[tail.lower()])
                    if score >= least and (best is None or score > best[0]):
                        best = (score, cut)
                if best is not None:
                    cut = len(w.text) - len(core) + best[1]
                    words[i:i + 1] = [RawWord(w.text[:cut], w.bbox, w.conf), RawWord(w.text[cut:], w.bbox, w.conf)]
                    mended += 1
                    i += 1
            i += 1
    return mended


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def drop_heading_specks(lines: list[RawLine]) -> int:
    """Drop a speck read as a lone mark before or after a heading on its own line (". VENDOSI", ":
    ПРЕСУДА", "Образложение ."): the text stage finds the parts of a verdict by their headings, and with
    the mark the line is no heading (". VENDOSI": the operative part and its charges are lost). A first
    word of ``specks.heading_marks`` alone before a line of capitals (``headings.min_letters`` to
    ``max_letters`` letters, a misread heading that ``repair_headings`` then reads), or a mark alone
    before or after a heading of ``headings.words`` in any case. Returns the marks dropped."""
    cfg = settings().get("specks") or {}
    hcfg = settings().get("headings") or {}
    marks = set(cfg.get("heading_marks") or [])
    if not marks:
        return 0
    known = {str(w).replace(" ", "").lower() for w in [*hcfg.get("words", []), *hcfg.get("also", [])]}
    dropped = 0
    for ln in lines:
        if ln.kind == "table" or len(ln.words) < 2:
            continue
        for edge in (0, -1):
            if len(ln.words) < 2 or ln.words[edge].text not in marks:
                continue
            rest = [w.text for w in (ln.words[1:] if edge == 0 else ln.words[:-1])]
            core = "".join(rest).rstrip(".:")
            capitals = edge == 0 and core.isalpha() and core.isupper() and \
                hcfg.get("min_letters", 5) <= len(core) <= hcfg.get("max_letters", 30)
            if capitals or core.lower() in known:
                del ln.words[edge]
                dropped += 1
    return dropped


def repair_roman_numerals(lines: list[RawLine], langs: str | None) -> int:
    """Put back the roman numeral of a point of the operative part that Tesseract reads as a Cyrillic
    look-alike ("II." read "П.", "III." read "Ш.", "IV." read "ТУ."): the first word of a line, one of
    ``romans.letters`` with or without its dot, followed by a capitalised word ("П. Окривљени ...", "Ш.
    Обавезује се"), on a page read with a language of ``romans.langs`` first. The text stage splits the
    operative part at these numerals; a point read so runs into the one above, and an accused's outcome and
    sentence are lost with it. Initials ("П.Р."), a letter inside a line and one before a small word stay.
    Returns the numerals repaired."""
    cfg = settings().get("romans") or {}
    if not cfg.get("enabled", False) or not langs or langs.split("+")[0] not in set(cfg["langs"]):
        return 0
    letters = {str(k): str(v) for k, v in cfg["letters"].items()}
    repaired = 0
    for ln in lines:
        if len(ln.words) < 2:
            continue
        first, after = ln.words[0], ln.words[1].text
        core = first.text[:-1] if first.text.endswith(".") else first.text
        if core in letters and after[:1].isalpha() and after[:1].isupper():
            ln.words[0] = RawWord(letters[core] + first.text[len(core):], first.bbox, first.conf)
            repaired += 1
    return repaired


def repair_headings(lines: list[RawLine]) -> int:
    """Put back the heading of a part of the verdict that Tesseract misread, mostly letter-spaced ones
    ("П Р Е С У Д У" read "ПРЕСУЉЋУ", "НРЕСУДУ", "О С У Ђ У Ј Е" read "ОСУБУЈЕ"): a line of capitals
    alone, within a few letters of one heading of ``headings.words`` and nearer to it than to any other,
    and no heading as written. The text stage finds the parts of a verdict by these headings; without
    them a scan loses the operative part's outcomes and sentences. Returns the headings repaired."""
    cfg = settings().get("headings") or {}
    if not cfg.get("repair", False):
        return 0
    words = [str(w) for w in cfg["words"]]
    known = {w.replace(" ", "") for w in words} | {str(w).replace(" ", "") for w in cfg.get("also", [])}
    repaired = 0
    for ln in lines:
        if ln.kind == "table" or not ln.words:
            continue
        text = "".join(w.text for w in ln.words)
        core = text.rstrip(".:")
        tail = text[len(core):]
        if not (cfg["min_letters"] <= len(core) <= cfg["max_letters"]) or not core.isalpha() or not core.isupper():
            continue
        if core in known:
            continue
        scored = sorted((_distance(core, w.replace(" ", "")), w) for w in words)
        best, heading = scored[0]
        allowed = max(1, len(heading.replace(" ", "")) // int(cfg["letters_per_error"]))
        if best > allowed or (len(scored) > 1 and scored[1][0] == best):
            continue
        box = ln.bbox
        confs = [w.conf for w in ln.words if w.conf is not None]
        ln.words = [RawWord(heading + tail, box, min(confs) if confs else None)]
        repaired += 1
    return repaired


# --------------------------------------------------------------------------- ruled tables


@dataclass(slots=True)
class _Grid:
    """A ruled table found on the levelled page: the rows' rules (y) and the columns' rules (x)."""

    rows: list[float]
    cols: list[float]


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Runs of True in a 1-d mask: (start, stop)."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _long_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Rows of a 2-d mask with a run of at least ``length`` True side by side."""
    if length > mask.shape[1]:
        return np.zeros(mask.shape[0], dtype=bool)
    c = np.zeros((mask.shape[0], mask.shape[1] + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, out=c[:, 1:])
    return (c[:, length:] - c[:, :-length] >= length).any(axis=1)


def _quick_rules(gray: Image.Image, skew: float, cfg: dict) -> int:
    """How many horizontal rules a page may hold, counted cheaply, more rather than fewer: on a copy
    reduced ``quick_reduce`` times (box mean; levelled by ``skew`` after reducing, 1/16 of the pixels),
    rows with a long run of windows darkened by ink (looser than the full search's: ``quick_ink`` of a
    window's blocks darker than half-way from paper to the ink threshold, runs of ``quick_width`` of
    the full search's ``min_rule_width``), rows of one rule merged. A page of text, or one with a single
    underline or signature line, counts fewer than ``quick_min_rules`` (one below the ``min_rows`` + 1 rules
    of a grid: a rule of margin) and needs no full search.
    Measured: ~10 ms per 300-dpi A4 page against ~150 ms for the full search (docs/BENCHMARKS.md)."""
    k = int(cfg["quick_reduce"])
    if min(gray.size) < 64 * k:
        return cfg["quick_min_rules"]  # a small image: no shortcut
    small = gray.reduce(k)
    if abs(skew) >= 0.05:
        small = small.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=255)
    a = np.asarray(small)
    h, w = a.shape
    hist = np.bincount(a.ravel(), minlength=256)
    paper = int(np.searchsorted(np.cumsum(hist), 0.5 * a.size))  # the median: paper on any page with text
    threshold = _otsu(a)
    dark = a < threshold + cfg["quick_dark"] * max(0, paper - threshold)
    thick = dark.copy()  # a rule across two reduced rows
    thick[1:] |= dark[:-1]
    win = max(2, int(w * cfg["window"]))
    n = w // win
    filled = thick[:, : n * win].reshape(h, n, win).sum(axis=2) >= cfg["quick_ink"] * win
    rows = np.flatnonzero(_long_runs(filled, max(2, int(cfg["quick_width"] * cfg["min_rule_width"] / cfg["window"]))))
    if not rows.size:
        return 0
    gap = max(1, cfg["rule_merge"] // k)
    return int(1 + np.count_nonzero(np.diff(rows) > gap))


def find_grids(image: Image.Image, skew: float = 0.0) -> list[_Grid]:
    """The ruled tables of a page image: horizontal rules (long runs of windows almost all ink in a row,
    the row below and above added for a rule a pixel thick that still tilts a little) stacked with the
    same left and right ends, and the vertical rules between them (columns inked over the table's height).
    ``skew``: the page's remaining tilt in degrees; the image is levelled by it first (Image.rotate)."""
    cfg = settings()["tables"]
    gray = to_gray(image)
    if cfg.get("quick_test", True) and _quick_rules(gray, skew, cfg) < cfg["quick_min_rules"]:
        return []  # most pages: no stack of long rules, so no grid; the full search is skipped
    if abs(skew) >= 0.05:
        gray = gray.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=255)
    a = np.asarray(gray)
    h, w = a.shape
    ink = a < _otsu(a)
    thick = ink.copy()
    thick[1:] |= ink[:-1]
    thick[:-1] |= ink[1:]
    win = max(4, int(w * cfg["window"]))
    n = w // win
    filled = thick[:, : n * win].reshape(h, n, win).mean(axis=2) >= cfg["window_ink"]
    min_run = max(2, round(cfg["min_rule_width"] / cfg["window"]))
    found: list[tuple[int, int, int]] = []  # (y, x0, x1): rows with a long run of inked windows
    for y in range(h):
        runs = _runs(filled[y])
        if runs:
            a0, b = max(runs, key=lambda r: r[1] - r[0])
            if b - a0 >= min_run:
                found.append((y, a0 * win, b * win))
    rules: list[tuple[float, int, int]] = []  # (y, x0, x1) of every horizontal rule
    group: list[tuple[int, int, int]] = []
    for row in [*found, None]:  # rows of one rule (a rule 2-3 px thick, widened by the added rows) merge
        if row is not None and (not group or row[0] - group[-1][0] <= cfg["rule_merge"]):
            group.append(row)
            continue
        if group and group[-1][0] - group[0][0] < cfg["max_rule_rows"]:  # thicker: a dark area, no rule
            rules.append((sum(r[0] for r in group) / len(group), min(r[1] for r in group), max(r[2] for r in group)))
        group = [row] if row is not None else []
    grids: list[_Grid] = []
    stack: list[tuple[float, int, int]] = []
    max_row = cfg["max_row_height"] * h

    def close() -> None:
        if len(stack) >= cfg["min_rows"] + 1:
            grid = _grid_columns(ink, stack, cfg)
            if grid is not None:
                grids.append(grid)

    for rule in rules:
        if stack and (rule[0] - stack[-1][0] > max_row or abs(rule[1] - stack[0][1]) > 2 * win
                      or abs(rule[2] - stack[0][2]) > 2 * win):
            close()
            stack = []
        stack.append(rule)
    close()
    return grids


def _grid_columns(ink: np.ndarray, rules: list[tuple[float, int, int]], cfg: dict) -> _Grid | None:
    """The columns of a stack of horizontal rules: x where the ink runs over most of the table's height."""
    top, bottom = int(rules[0][0]), int(rules[-1][0])
    x0, x1 = min(r[1] for r in rules), max(r[2] for r in rules)
    pad = int(cfg["edge_pad"] * ink.shape[1])
    lo, hi = max(0, x0 - pad), min(ink.shape[1], x1 + pad)
    band = ink[top:bottom + 1, lo:hi]
    wide = band.copy()
    wide[:, 1:] |= band[:, :-1]
    wide[:, :-1] |= band[:, 1:]
    share = wide.mean(axis=0)
    cols = [lo + (a + b - 1) / 2 for a, b in _runs(share >= cfg["column_ink"])]
    merged: list[float] = []
    for c in cols:
        if merged and c - merged[-1] <= cfg["rule_merge"]:
            merged[-1] = (merged[-1] + c) / 2
        else:
            merged.append(c)
    if len(merged) < 3:  # a frame alone (a box around a paragraph) is no table
        return None
    return _Grid(rows=[r[0] for r in rules], cols=merged)


def _level(x: float, y: float, skew: float, width: int, height: int) -> tuple[float, float]:
    """A point of the page image where it lies after Image.rotate(skew) about the centre."""
    if not skew:
        return x, y
    t = np.radians(skew)
    xc, yc = x - width / 2, y - height / 2
    return float(xc * np.cos(t) + yc * np.sin(t) + width / 2), float(yc * np.cos(t) - xc * np.sin(t) + height / 2)


def _cell_text(words: list[RawWord], rule_chars: str) -> list[RawWord]:
    """A cell's words in reading order (its wrapped lines top to bottom), a rule read as "|" dropped."""
    out = []
    for w in words:
        text = w.text.strip(rule_chars)
        if text:
            out.append(RawWord(text, w.bbox, w.conf))
    if not out:
        return out
    heights = sorted(w.bbox.y1 - w.bbox.y0 for w in out)
    step = max(1.0, heights[len(heights) // 2] * 0.6)
    rows: list[list[RawWord]] = []
    for w in sorted(out, key=lambda w: (w.bbox.y0 + w.bbox.y1) / 2):
        mid = (w.bbox.y0 + w.bbox.y1) / 2
        if rows and mid - (rows[-1][-1].bbox.y0 + rows[-1][-1].bbox.y1) / 2 <= step:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [w for row in rows for w in sorted(row, key=lambda w: w.bbox.x0)]


def _whitened_crop(image: Image.Image, grid: _Grid, skew: float, scale: float) -> tuple[Image.Image, int, int]:
    """The table's part of the levelled page with its rules painted over in paper white, enlarged by
    ``scale``; and the crop's top-left corner on the levelled page."""
    gray = to_gray(image)
    if abs(skew) >= 0.05:
        gray = gray.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=255)
    a = np.array(gray)
    pad = int(settings()["tables"]["rule_pad"])
    x0, x1 = max(0, int(grid.cols[0]) - pad), min(a.shape[1], int(grid.cols[-1]) + pad + 1)
    y0, y1 = max(0, int(grid.rows[0]) - pad), min(a.shape[0], int(grid.rows[-1]) + pad + 1)
    for y in grid.rows:
        a[max(0, int(y) - pad):int(y) + pad + 1, x0:x1] = 255
    for x in grid.cols:
        a[y0:y1, max(0, int(x) - pad):int(x) + pad + 1] = 255
    crop = Image.fromarray(a[y0:y1, x0:x1])
    if scale != 1:
        crop = crop.resize((round(crop.width * scale), round(crop.height * scale)), Image.Resampling.LANCZOS)
    return crop, x0, y0


def _reread_cells(grid: _Grid, image: Image.Image, skew: float, dpi: int | None,
                  reread: Callable[[Image.Image, float, int], list[RawLine]]) -> dict[tuple[int, int], list[RawWord]]:
    """The table read again on its own, rules whitened and enlarged (the page read takes the rules for
    letters, "Београд" read "Коргред"): words per cell, boxes on the levelled page. The whole table is
    read as sparse text; its narrow columns (row numbers, initials: sparse text drops "1." and reads
    "Н.П." as "НП") once more each, as a column of lines."""
    cfg = settings()["tables"]
    scale = float(cfg["reread_dpi"]) / (dpi or 300)
    crop, x0, y0 = _whitened_crop(image, grid, skew, scale)
    cells: dict[tuple[int, int], list[RawWord]] = {}

    def place(lines: list[RawLine], dx: int, only: int | None) -> dict[tuple[int, int], list[RawWord]]:
        got: dict[tuple[int, int], list[RawWord]] = {}
        for ln in lines:
            for w in ln.words:
                if w.bbox is None:
                    continue
                box = BBox(x0=round((w.bbox.x0 + dx) / scale) + x0, y0=round(w.bbox.y0 / scale) + y0,
                           x1=round((w.bbox.x1 + dx) / scale) + x0, y1=round(w.bbox.y1 / scale) + y0)
                x, y = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
                if grid.rows[0] < y < grid.rows[-1] and grid.cols[0] < x < grid.cols[-1]:
                    key = (int(np.searchsorted(grid.rows, y)) - 1, int(np.searchsorted(grid.cols, x)) - 1)
                    if only is None or key[1] == only:
                        got.setdefault(key, []).append(RawWord(w.text, box, w.conf))
        return got

    lines = reread(crop, scale, int(cfg["reread_psm"]))
    restore_initials(lines, crop)
    cells.update(place(lines, 0, None))
    width = grid.cols[-1] - grid.cols[0]
    for c in range(len(grid.cols) - 1):
        if grid.cols[c + 1] - grid.cols[c] > cfg["narrow_column"] * width:
            continue
        a, b = round((grid.cols[c] - x0) * scale), round((grid.cols[c + 1] - x0) * scale)
        strip = crop.crop((a, 0, b, crop.height))
        strip_lines = reread(strip, scale, int(cfg["column_psm"]))
        restore_initials(strip_lines, strip)
        for key, words in place(strip_lines, a, c).items():
            cells[key] = words
    return cells


def _surer(reread: list[RawWord], page: list[RawWord]) -> list[RawWord]:
    """A cell's words from the reading Tesseract is surer of (mean word confidence): the reread is
    mostly right, but drops short cells ("1.") and a final dot ("Д.Р" for "Д.Р.") that the page read
    keeps where it did not mix the rules in."""
    if not reread or not page:
        return reread or page

    def mean(words: list[RawWord]) -> float:
        return sum(w.conf or 0.0 for w in words) / len(words)

    return page if mean(page) > mean(reread) else reread


def _number_rows(table: list[list[list[RawWord]]], grid: _Grid) -> int:
    """A first column that numbers the rows ("1.", "2.", ...) written as numbers again where OCR misread
    some ("2:", "со" or "<" for "3."): from the first row whose first cell reads as a number (or the rows
    below the header its number says come before it), most of the rows' first cells read as the number
    that follows on, with or without the dot (rows above, the header or a rule row of dashes, stay). The extraction reads a row by its number and name. Returns
    the cells rewritten."""
    number = re.compile(r"(\d{1,3})[.:;,]?")

    def read(row: list[list[RawWord]]) -> int | None:
        m = number.fullmatch("".join(w.text for w in row[0])) if row and row[0] else None
        return int(m.group(1)) if m else None

    start = next((r for r, row in enumerate(table) if r and read(row) is not None), None)
    if start is None:
        return 0
    first = read(table[start])
    back = min(first - 1, start - 1)  # rows above it still below the header: "+" for "1.", then "2."
    start, first = start - back, first - back
    body = table[start:]
    hits = sum(read(row) == first + k for k, row in enumerate(body))
    if len(body) < 2 or hits * 2 <= len(body):
        return 0
    dots = sum("".join(w.text for w in row[0])[-1:] in ".:;," for row in body if row and row[0])
    dot = "." if dots * 2 >= hits else ""  # written as most cells read: "1." ("2:" a misread dot) or "1"
    fixed = 0
    for k, row in enumerate(body):
        text = f"{first + k}{dot}"
        if row and "".join(w.text for w in row[0]) != text:
            r = start + k
            box = BBox(x0=int(grid.cols[0]) + 2, y0=int(grid.rows[r]) + 2, x1=int(grid.cols[1]) - 2,
                       y1=int(grid.rows[r + 1]) - 2)
            confs = [w.conf for w in row[0] if w.conf is not None]
            row[0] = [RawWord(text, box, min(confs) if confs else None)]
            fixed += 1
    return fixed


def rebuild_tables(lines: list[RawLine], image: Image.Image, skew: float = 0.0,
                   reread: Callable[[Image.Image, float, int], list[RawLine]] | None = None, dpi: int | None = None
                   ) -> int:
    """Read a ruled table row by row, as the Word reader writes it: one ``kind: table`` line per row, its
    cells joined by "|" in column order.

    Tesseract reads a ruled table across the page's width, line by line, so the lines of cells that wrap
    mix ("Стефан 1986, држављанин" / "Трајковски Куманово Македоније"), and rows come apart. The grid's
    rules are found on the image (``find_grids``); every word read goes to the cell its centre lies in;
    the words of a cell are ordered by their lines. ``skew``: the tilt left on the image as OCR'd (under
    ``deskew.min_angle`` it is not levelled). Returns the table rows written."""
    cfg = settings().get("tables") or {}
    if not cfg.get("rebuild", False) or not lines:
        return 0
    grids = find_grids(image, skew)
    if not grids:
        return 0
    width, height = image.size
    rule_chars = cfg["rule_chars"]
    cells: list[dict[tuple[int, int], list[RawWord]]] = [{} for _ in grids]
    again = [_reread_cells(g, image, skew, dpi, reread) if reread is not None else {} for g in grids]
    first_line: list[int | None] = [None for _ in grids]
    kept: list[list[RawWord]] = []
    for li, ln in enumerate(lines):
        rest = []
        for w in ln.words:
            place = None
            if w.bbox is not None:
                x, y = _level((w.bbox.x0 + w.bbox.x1) / 2, (w.bbox.y0 + w.bbox.y1) / 2, skew, width, height)
                for gi, g in enumerate(grids):
                    if g.rows[0] < y < g.rows[-1] and g.cols[0] < x < g.cols[-1]:
                        r = int(np.searchsorted(g.rows, y)) - 1
                        c = int(np.searchsorted(g.cols, x)) - 1
                        place = (gi, r, c)
                        break
            if place is None:
                rest.append(w)
            else:
                gi, r, c = place
                cells[gi].setdefault((r, c), []).append(w)
                if first_line[gi] is None:
                    first_line[gi] = li
        kept.append(rest)
    written = 0
    fresh = max(ln.block for ln in lines) + 1
    tables: dict[int, list[RawLine]] = {}
    for gi, g in enumerate(grids):
        if first_line[gi] is None:
            continue
        rows = []
        table = [[_cell_text(_surer(again[gi].get((r, c), []), cells[gi].get((r, c), [])), rule_chars)
                  for c in range(len(g.cols) - 1)] for r in range(len(g.rows) - 1)]
        _number_rows(table, g)
        for r, parts in enumerate(table):
            if not any(parts):
                continue
            words: list[RawWord] = []
            for c, part in enumerate(parts):
                if c:
                    x = g.cols[c]
                    y0, y1 = g.rows[r], g.rows[r + 1]
                    words.append(RawWord("|", BBox(x0=int(x), y0=int(y0), x1=int(x) + 1, y1=int(y1)), None))
                words.extend(part)
            line = RawLine(words=words, block=fresh, kind="table")
            fresh += 1
            boxes = [w.bbox for w in words if w.bbox is not None]
            line.bbox = BBox(x0=min(b.x0 for b in boxes), y0=min(b.y0 for b in boxes),
                             x1=max(b.x1 for b in boxes), y1=max(b.y1 for b in boxes))
            rows.append(line)
        tables.setdefault(first_line[gi], []).extend(rows)
        written += len(rows)
    out: list[RawLine] = []
    for li, (ln, rest) in enumerate(zip(lines, kept, strict=True)):
        out.extend(tables.get(li, []))
        if rest:
            if len(rest) != len(ln.words):
                ln.words = rest
                boxes = [w.bbox for w in rest if w.bbox is not None]
                if boxes:
                    ln.bbox = BBox(x0=min(b.x0 for b in boxes), y0=min(b.y0 for b in boxes),
                                   x1=max(b.x1 for b in boxes), y1=max(b.y1 for b in boxes))
            out.append(ln)
    lines[:] = out
    return written


# --------------------------------------------------------------------------- the page


def _turn(image: Image.Image, clockwise: int) -> Image.Image:
    transpose = {
        90: Image.Transpose.ROTATE_270,  # Pillow's names are counter-clockwise
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }
    return image.transpose(transpose[clockwise]) if clockwise in transpose else image


def _band(gray: Image.Image, info: Analysis) -> Image.Image:
    """The strip of the page with the most ink, for a quick OSD (rows; columns if lines run vertically)."""
    share = settings()["orientation"]["band_share"]
    if info.vertical:
        return _band(gray.transpose(Image.Transpose.TRANSPOSE), _reanalysed(gray, transpose=True)).transpose(
            Image.Transpose.TRANSPOSE
        )
    profile = info.row_profile.astype(np.float64)
    n = max(1, int(len(profile) * share))
    if n >= len(profile) or profile.sum() == 0:
        return gray
    window = np.convolve(profile, np.ones(n), mode="valid")
    start = int(np.argmax(window)) * info.scale
    return gray.crop((0, start, gray.width, min(gray.height, start + n * info.scale)))


def _reanalysed(gray: Image.Image, transpose: bool) -> Analysis:
    return analyse(gray.transpose(Image.Transpose.TRANSPOSE) if transpose else gray)


def _osd_for_page(
    gray: Image.Image, info: Analysis, config: RunConfig, page_number: int, dpi: int | None
) -> Osd:
    """OSD on the inkiest strip; on the whole page when the strip is not conclusive."""
    cfg = settings()["orientation"]
    osd = run_osd(_band(gray, info), config, page_number, dpi)
    if osd is None or osd.script is None or osd.script_conf < cfg["min_script_confidence"]:
        whole = run_osd(gray, config, page_number, dpi)
        if whole is not None and (osd is None or whole.script_conf >= osd.script_conf):
            osd = whole
    return osd or Osd()


def _accept_rotation(osd: Osd, info: Analysis) -> int:
    cfg = settings()["orientation"]
    if osd.rotate not in (90, 180, 270):
        return 0
    agrees = info.vertical == (osd.rotate in (90, 270))
    needed = cfg["min_confidence_agree"] if agrees else cfg["min_confidence"]
    if not agrees and info.vertical:
        return 0  # lines clearly run vertically: a 0/180 answer cannot be right, neither a 180
    return osd.rotate if osd.orientation_conf >= needed else 0


def _score(lines: list[RawLine]) -> float:
    """Expected correct characters: confidence-weighted letters."""
    return sum((w.conf or 0.0) / 100.0 * len(w.text) for ln in lines for w in ln.words)


def _mean_conf(lines: list[RawLine]) -> float | None:
    confs = [w.conf for ln in lines for w in ln.words if w.conf is not None]
    return sum(confs) / len(confs) if confs else None


def ink_covered(lines: list[RawLine], info: Analysis) -> float:
    """Share of the page's ink inside the boxes of the words read: low when Tesseract skipped parts of
    the page (its global threshold turned an unevenly lit part black, or took text for a picture)."""
    if not len(info.ink_rows):
        return 1.0
    h = int(info.ink_rows.max()) + 2
    w = int(info.ink_cols.max()) + 2
    mask = np.zeros((h, w), dtype=bool)
    s = info.scale
    for line in lines:
        for word in line.words:
            b = word.bbox
            mask[
                max(0, int(b.y0) // s - 1) : int(b.y1) // s + 2,
                max(0, int(b.x0) // s - 1) : int(b.x1) // s + 2,
            ] = True
    return float(mask[info.ink_rows, info.ink_cols].mean())


def _poor(reading: _Reading, info: Analysis) -> str | None:
    """Why a reading looks wrong: "unread" (much of the ink is outside any word), "garbled" (low
    confidence, or no words on an inked page); None when it looks right."""
    q = settings()["quality"]
    words = sum(len(ln.words) for ln in reading.lines)
    if words < q["min_words"]:
        return "garbled" if info.ink_fraction > 0.01 else None
    mean = _mean_conf(reading.lines)
    if mean is not None and mean < q["poor_mean_conf"]:
        return "garbled"
    if ink_covered(reading.lines, info) < q["min_ink_covered"]:
        return "unread"
    return None


def _langs_for_script(script: str | None) -> str:
    from pipeline.text.language import ocr_langs_for_script  # lazy: the text stage imports ingest

    return ocr_langs_for_script(script)


def _dpi_of(image: Image.Image) -> int | None:
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0] if isinstance(dpi, tuple) else dpi))
    except (TypeError, ValueError, IndexError):
        return None
    return value if 70 <= value <= 2400 else None  # 1 or 72 "dpi" in a scan's header means "unknown"


def ocr_image(
    image: Image.Image, config: RunConfig, langs: str | None = None, page_number: int = 1
) -> RawPage:
    """OCR one page image. ``langs``: Tesseract languages ("srp+mkd"); None: chosen from OSD's script."""
    if image.width * image.height > config.limits.max_image_pixels:
        raise LimitExceeded(
            f"page {page_number} is an image of {image.width * image.height / 1e6:.0f} megapixels, "
            f"over the limit of {config.limits.max_image_pixels / 1e6:.0f}.",
            error="image_too_large",
        )
    dpi = _dpi_of(image)
    gray = to_gray(image)
    info = analyse(gray)
    warnings: list[str] = []
    page = RawPage(number=page_number, method="ocr", unit="px", dpi=dpi, width=gray.width, height=gray.height)
    if info.ink_fraction < settings()["analysis"]["blank_ink_fraction"]:
        page.ocr_langs, page.skew = langs, 0.0
        return page

    osd: Osd | None = None
    rotation = 0
    if langs is None or info.vertical:
        osd = _osd_for_page(gray, info, config, page_number, dpi)
        rotation = _accept_rotation(osd, info)
        if langs is None:
            langs = _langs_for_script(osd.script)
            if osd.script is None:
                warnings.append(
                    "the script of the page could not be told before OCR; all languages were tried"
                )
        if rotation:
            gray = _turn(gray, rotation)
            info = analyse(gray)

    def read(img: Image.Image, inf: Analysis, extra: dict) -> _Reading:
        skew = inf.skew if abs(inf.skew) >= settings()["deskew"]["min_angle"] else 0.0
        if skew:
            img = img.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=inf.paper)
        return _Reading(_recognise(img, langs, config, page_number, dpi, extra), img, skew)

    best = read(gray, info, {})
    problem = _poor(best, info)
    if problem == "garbled" and osd is None:  # perhaps upside down: ask OSD, turn, read again
        osd = _osd_for_page(gray, info, config, page_number, dpi)
        turn = _accept_rotation(osd, info)
        if turn:
            turned = _turn(gray, turn)
            t_info = analyse(turned)
            again = read(turned, t_info, {})
            if _score(again.lines) > _score(best.lines):
                best, rotation, info, gray = again, turn, t_info, turned
                problem = _poor(best, info)
    if problem:  # uneven light, low contrast, dark margins: Tesseract's Sauvola binarisation
        again = read(gray, info, settings()["quality"]["retry_config"])
        if _score(again.lines) > _score(best.lines):
            best = again
            warnings.append("the page was hard to read; it was binarised (Sauvola) and read again")
    lines, used, skew = best.lines, best.image, best.skew
    mean = _mean_conf(lines)
    if mean is not None and mean < settings()["quality"]["poor_mean_conf"]:
        warnings.append(
            f"OCR confidence on page {page_number} is low (mean {mean:.0f} of 100); check the text"
        )

    join_split_words(lines)
    restore_initials(lines, used)
    restore_acutes(lines, used, langs)
    restore_wide_initials(lines, used, langs)
    rebuild_tables(lines, used, info.skew - skew,
                   lambda crop, scale, psm: _recognise_table(crop, langs, config, page_number, psm,
                                                             round(dpi * scale) if dpi else None), dpi)
    join_split_paragraphs(lines)
    repair_dates(lines)
    drop_colon_specks(lines)
    drop_court_colon_specks(lines)
    drop_heading_specks(lines)
    repair_headings(lines)
    repair_roman_numerals(lines, langs)
    repair_unit_digits(lines)
    repair_fractions(lines)
    repair_word_start_glyphs(lines)
    repair_name_starts(lines)
    repair_inner_stems(lines)
    join_line_end_names(lines)
    repair_article_digits(lines)
    repair_article_slashes(lines)
    repair_listed_article_slashes(lines)
    repair_glued_units(lines)
    repair_case_number_slash(lines)
    repair_register_digits(lines)
    split_register_specks(lines)
    drop_line_start_specks(lines)
    page.lines = lines
    page.width, page.height = used.width, used.height
    page.rotation = rotation
    page.skew = round(skew, 2)
    page.ocr_langs = langs
    page.script_hint = osd.script if osd else None
    page.warnings = warnings
    return page


__all__ = [
    "Analysis", "Osd", "analyse", "drop_colon_specks", "drop_court_colon_specks", "drop_heading_specks", "find_grids", "mend_table_words", "join_split_paragraphs", "join_split_words", "ocr_image", "parse_tsv", "rebuild_tables", "repair_dates", "repair_fractions", "repair_headings", "repair_roman_numerals", "repair_unit_digits", "repair_word_start_glyphs", "repair_name_starts", "repair_inner_stems", "join_line_end_names", "repair_article_digits", "repair_article_slashes", "repair_listed_article_slashes", "repair_glued_units", "repair_case_number_slash", "repair_register_digits", "restore_acutes", "restore_wide_initials", "split_register_specks", "drop_line_start_specks", "restore_initials", "run_osd",
    "settings", "to_gray",
]
