"""Page images for the verdict view: rendered from the source file on demand, cached on disk.

A 300-page scan must open at once, so nothing is rendered when a verdict is opened: the page shows one
``<img loading="lazy">`` per page and the browser asks for a page when it scrolls near it. The first
request for (file sha256, page, scale) renders the page with pypdfium2 (PDF) or Pillow (TIFF/PNG/JPEG
scans) and writes a PNG into the cache folder beside the database; every later request is a file read.

The image is drawn in the frame the page's word boxes are in, so evidence boxes can be laid over it as
fractions of ``Page.width`` / ``Page.height``: an OCR'd page is turned clockwise by ``Page.rotation`` and
rotated counter-clockwise by ``Page.skew`` about its centre, exactly as OCR saw it (pipeline.ingest.ocr).

pdfium is not thread-safe (one library state per process), and FastAPI runs sync routes in a thread
pool: every pdfium call is made under one lock. The lock covers rendering only; PNG encoding and the
cache write happen outside it.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from pipeline.atomic import write_bytes

# Zoom steps the viewer offers, in image pixels per PDF point (1.5 = 108 dpi: an A4 page is 893 px wide).
# A fixed set keeps the cache bounded: a request for another scale is answered at the nearest step.
SCALES = (1.0, 1.5, 2.0, 3.0)
DEFAULT_SCALE = 1.5
IMAGE_FORMATS = ("tiff", "png", "jpeg")
RENDERED_FORMATS = ("pdf", *IMAGE_FORMATS)
_ASSUMED_SCAN_DPI = 300  # a scan whose header gives no resolution
_MAX_PIXELS = 200_000_000  # the ingest limit: a file the pipeline accepted is never refused here
_PDFIUM_LOCK = threading.Lock()
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")


class PageImageError(Exception):
    """A page image cannot be served; ``message`` says why in words a lawyer understands."""

    def __init__(self, message: str, *, status: int = 404):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Source:
    """The source file of a verdict as the database knows it (path, content hash, format)."""

    path: Path
    sha256: str
    format: str


@dataclass(frozen=True)
class PageFrame:
    """How OCR transformed the page image (from ``document.json``): boxes are in this frame."""

    number: int  # 1-based
    rotation: int = 0  # degrees, clockwise
    skew: float = 0.0  # degrees, counter-clockwise about the centre


def nearest_scale(scale: float | None) -> float:
    """The offered zoom step closest to ``scale`` (None: the default)."""
    if scale is None:
        return DEFAULT_SCALE
    return min(SCALES, key=lambda step: abs(step - scale))


class _VerifiedFiles:
    """sha256 of source files, computed once per (path, size, mtime): a file replaced since the import
    would put the evidence boxes on another document, so it is refused instead of drawn."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, int, int], str] = {}
        self._lock = threading.Lock()

    def check(self, source: Source) -> None:
        path = source.path
        try:
            stat = path.stat()
        except OSError:
            raise PageImageError(
                f"The source file of this verdict ({path.name}) is not where it was imported from; "
                "the text and the record are still here.",
                status=404,
            ) from None
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        with self._lock:
            known = self._known.get(key)
        if known is None:
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            known = digest.hexdigest()
            with self._lock:
                self._known[key] = known
        if known != source.sha256:
            raise PageImageError(
                f"The source file {path.name} has changed since it was imported (its content differs): "
                "its pages are not shown, so that no evidence box lands on the wrong text. Import the "
                "batch again.",
                status=409,
            )


class PageImages:
    """Renders and caches page PNGs under ``cache_dir`` (one file per sha256, page, scale and frame)."""

    def __init__(self, cache_dir: Path, *, open_documents: int = 4):
        self.cache_dir = Path(cache_dir)
        self._verified = _VerifiedFiles()
        self._open: OrderedDict[str, pdfium.PdfDocument] = OrderedDict()
        self._open_max = open_documents
        self._render_locks: dict[Path, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    def cache_path(self, source: Source, frame: PageFrame, scale: float) -> Path:
        """Where the PNG of a page lives: sha256 prefix folder, page, scale, and the OCR frame."""
        if not _SHA_RE.match(source.sha256):
            raise PageImageError("The verdict has no valid file hash.", status=404)
        turn = f"-r{frame.rotation % 360}" if frame.rotation % 360 else ""
        skew = f"-k{frame.skew:+.2f}" if frame.skew else ""
        name = f"{source.sha256}-p{frame.number}-s{scale:g}{turn}{skew}.png"
        return self.cache_dir / source.sha256[:2] / name

    def png(self, source: Source, frame: PageFrame, scale: float | None = None) -> Path:
        """The cached PNG of one page, rendered first if it is not there yet."""
        if source.format not in RENDERED_FORMATS:
            raise PageImageError(f"A {source.format} file has no page images; its text is shown.")
        step = nearest_scale(scale)
        target = self.cache_path(source, frame, step)
        if target.is_file():
            return target
        # one render per page at a time: a second request for the same page waits and reads the file
        with self._locks_lock:
            lock = self._render_locks.setdefault(target, threading.Lock())
        try:
            with lock:
                if target.is_file():
                    return target
                self._verified.check(source)
                image = self._render(source, frame, step)
                write_bytes(target, _encode_png(image))
        finally:
            with self._locks_lock:
                self._render_locks.pop(target, None)
        return target

    # ------------------------------------------------------------------ rendering

    def _render(self, source: Source, frame: PageFrame, scale: float) -> Image.Image:
        if source.format == "pdf":
            image = self._render_pdf(source, frame.number, scale)
        else:
            image = _load_scan(source.path, frame.number, scale)
        return _in_ocr_frame(image, frame)

    def _render_pdf(self, source: Source, number: int, scale: float) -> Image.Image:
        with _PDFIUM_LOCK:
            document = self._document(source)
            if not 1 <= number <= len(document):
                raise PageImageError(f"The verdict has no page {number}.")
            page = document[number - 1]
            try:
                width, height = page.get_size()
                if width * scale * height * scale > _MAX_PIXELS:
                    scale = (_MAX_PIXELS / (width * height)) ** 0.5 * 0.999
                bitmap = page.render(scale=scale, may_draw_forms=False)
                try:
                    return bitmap.to_pil().convert("RGB")
                finally:
                    bitmap.close()
            finally:
                page.close()

    def _document(self, source: Source) -> pdfium.PdfDocument:
        """An open PdfDocument, kept for the next pages (opening a big scan costs more than a page)."""
        key = source.sha256
        if key in self._open:
            self._open.move_to_end(key)
            return self._open[key]
        try:
            document = pdfium.PdfDocument(str(source.path))
        except pdfium.PdfiumError as exc:
            raise PageImageError(f"The source file {source.path.name} cannot be opened: {exc}.") from exc
        self._open[key] = document
        while len(self._open) > self._open_max:
            _, old = self._open.popitem(last=False)
            old.close()
        return document

    def close(self) -> None:
        with _PDFIUM_LOCK:
            while self._open:
                _, document = self._open.popitem()
                document.close()


def _load_scan(path: Path, number: int, scale: float) -> Image.Image:
    """One page (TIFF frame) of a scan, upright as ingest read it, at the size a PDF page would have."""
    Image.MAX_IMAGE_PIXELS = _MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                try:
                    image.seek(number - 1)
                except EOFError:
                    raise PageImageError(f"The verdict has no page {number}.") from None
                dpi = _dpi(image)
                image.load()
                upright = ImageOps.exif_transpose(image)
                page = upright.convert("RGB") if upright.mode not in ("RGB", "L") else upright.copy()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise PageImageError(f"The source file {path.name} cannot be read: {exc}.") from exc
    factor = scale * 72 / dpi  # pixels per point at this zoom / pixels per point of the scan
    if factor < 1:
        size = (max(1, round(page.width * factor)), max(1, round(page.height * factor)))
        page = page.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    return page


def _dpi(image: Image.Image) -> float:
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0] if isinstance(dpi, tuple) else dpi)
    except (TypeError, ValueError, IndexError):
        return _ASSUMED_SCAN_DPI
    return value if 70 <= value <= 2400 else _ASSUMED_SCAN_DPI


def _in_ocr_frame(image: Image.Image, frame: PageFrame) -> Image.Image:
    """Turn and deskew the page as OCR did, so boxes (fractions of the OCR'd image) fit it."""
    turns = {
        90: Image.Transpose.ROTATE_270,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }
    turn = turns.get(frame.rotation % 360)
    if turn is not None:
        image = image.transpose(turn)
    if frame.skew:
        paper = (255,) * len(image.getbands())
        image = image.rotate(frame.skew, resample=Image.Resampling.BILINEAR, fillcolor=paper)
    return image


def _encode_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # compress_level 3: a third of level 6's time for files ~10 % larger; grey scans are saved as L
    if image.mode == "RGB" and _is_grey(image):
        image = image.convert("L")
    image.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()


def _is_grey(image: Image.Image) -> bool:
    """True when the colour channels agree on a small sample (scans and black-on-white text)."""
    sample = image.resize((64, 64), Image.Resampling.NEAREST)
    red, green, blue = sample.split()
    return red.tobytes() == green.tobytes() == blue.tobytes()


__all__ = [
    "DEFAULT_SCALE",
    "IMAGE_FORMATS",
    "RENDERED_FORMATS",
    "SCALES",
    "PageFrame",
    "PageImageError",
    "PageImages",
    "Source",
    "nearest_scale",
]
