"""Scanned pages as image files: TIFF (one page per frame), PNG, JPEG.

Sizes are checked from the header before any pixel is decoded: a 200-byte PNG can claim 30000 x 30000
pixels and would take gigabytes to decode (an "image bomb"). Pillow's own guard is set to the same
limit and its error is turned into :class:`~pipeline.errors.LimitExceeded`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from pipeline.config import Limits, RunConfig
from pipeline.errors import InputError, LimitExceeded
from pipeline.ingest.ocr import ocr_image
from pipeline.ingest.raw import RawPage


def _too_large(path: Path, pixels: int | None, limits: Limits) -> LimitExceeded:
    size = f"{pixels / 1e6:.0f} megapixels" if pixels else "too many pixels"
    return LimitExceeded(
        f"{path.name} is an image of {size}, over the limit of {limits.max_image_pixels / 1e6:.0f} "
        "megapixels: probably not a scan (raise limits.max_image_pixels if it really is one).",
        error="image_too_large",
    )


def _damaged(path: Path, detail: str = "") -> InputError:
    return InputError(
        f"{path.name} is a damaged or incomplete image{detail} and cannot be read; ask for a new copy.",
        error="corrupt_image",
    )


@contextmanager
def open_image(path: Path, limits: Limits) -> Iterator[Image.Image]:
    """Open an image lazily (header only) with the pixel limit enforced."""
    path = Path(path)
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels  # Pillow refuses twice this, warns above it
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we check the size ourselves
            image = Image.open(path)
    except Image.DecompressionBombError as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        raise _too_large(path, int(found.group(1)) if found else None, limits) from exc
    except UnidentifiedImageError as exc:
        raise _damaged(path) from exc
    except OSError as exc:
        raise _damaged(path, f" ({exc})") from exc
    try:
        if image.width * image.height > limits.max_image_pixels:
            raise _too_large(path, image.width * image.height, limits)
        yield image
    finally:
        image.close()


def _seek(image: Image.Image, index: int, path: Path) -> None:
    try:
        image.seek(index)
    except EOFError as exc:
        raise InputError(f"{path.name} has no page {index + 1}.", error="no_such_page") from exc
    except (OSError, ValueError) as exc:  # a broken frame directory
        raise _damaged(path, f" (page {index + 1})") from exc


def image_page_count(path: Path, limits: Limits) -> int:
    """Number of pages (TIFF frames); every page's size is checked against the pixel limit."""
    path = Path(path)
    with open_image(path, limits) as image:
        try:
            n = int(getattr(image, "n_frames", 1))
        except (OSError, ValueError, EOFError) as exc:
            raise _damaged(path) from exc
        for i in range(1, n):
            _seek(image, i, path)
            if image.width * image.height > limits.max_image_pixels:
                raise _too_large(path, image.width * image.height, limits)
        return n


def load_page(path: Path, index: int, limits: Limits) -> Image.Image:
    """Decode one page, upright (EXIF/TIFF orientation applied), with its dpi kept in ``info``."""
    path = Path(path)
    with open_image(path, limits) as image:
        _seek(image, index, path)
        if image.width * image.height > limits.max_image_pixels:
            raise _too_large(path, image.width * image.height, limits)
        if image.format == "JPEG" and image.mode in ("RGB", "CMYK", "YCbCr"):
            image.draft("L", image.size)  # libjpeg decodes the luma only: faster, and all OCR needs
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
        except (OSError, ValueError, SyntaxError) as exc:  # "image file is truncated", broken codec data
            raise _damaged(path, f" (page {index + 1})" if index else "") from exc
        if upright is image:
            upright = image.copy()  # the file is closed on return
        return upright


def read_image_page(path: Path, index: int, config: RunConfig, langs: str | None = None) -> RawPage:
    """OCR one page of an image file (0-based ``index``)."""
    image = load_page(path, index, config.limits)
    try:
        return ocr_image(image, config, langs=langs, page_number=index + 1)
    finally:
        image.close()


__all__ = ["image_page_count", "load_page", "open_image", "read_image_page"]
