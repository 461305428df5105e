"""Make clean renderings look like scans and phone photos, deterministically (seeded).

A scan here is: the page rasterised at 300 dpi (pypdfium2), turned by a small angle, unevenly lit,
slightly blurred, with sensor noise, a few dust specks and JPEG compression. The defaults (also the
catalog's values) are tuned so a straight Tesseract run, without deskewing, keeps the character error
rate of the body text at about 1 % (measured: sr-Latn 0.96 %, mk 0.92 % on the bilevel TIFF, sq 0.65 %,
sr-Cyrl 0.0-0.9 %, the phone photo 1.3 %; tests/test_samples.py checks <= 2 %, marked slow): realistic,
but legible. Every function takes and returns Pillow images, so other tests can build their own
fixtures (a rotated page, a 1000-page scan) from them.
"""

from __future__ import annotations

import datetime as _dt
import io
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from pipeline.samples.base import SampleError, fixed_date


def scan_pages(pdf_path: Path | str, *, dpi: int = 300, pages: list[int] | None = None) -> list[Image.Image]:
    """Rasterise PDF pages (0-based indices; all when ``pages`` is None) to grayscale images."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        idx = list(range(len(doc))) if pages is None else list(pages)
        out = []
        for i in idx:
            if not 0 <= i < len(doc):
                raise SampleError(f"{Path(pdf_path).name} has no page {i + 1} (it has {len(doc)}).")
            bitmap = doc[i].render(scale=dpi / 72, grayscale=True)
            img = bitmap.to_pil().convert("L")
            img.info["dpi"] = (dpi, dpi)
            out.append(img)
        return out
    finally:
        doc.close()


def _lighting(shape: tuple[int, int], rng: np.random.Generator, strength: float) -> np.ndarray:
    """A smooth brightness field in [1 - strength, 1]: a lamp off-centre plus a darker edge."""
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
    d = np.sqrt(((xx - cx) / w) ** 2 + ((yy - cy) / h) ** 2)
    field = 1.0 - strength * np.clip(d / 0.9, 0, 1) ** 1.5
    edge = rng.integers(0, 4)  # one edge a little darker (page lifted from the glass)
    ramp = {0: xx / w, 1: 1 - xx / w, 2: yy / h, 3: 1 - yy / h}[int(edge)]
    field -= strength * 0.5 * np.clip(ramp - 0.85, 0, None) / 0.15
    return np.clip(field, 1.0 - strength * 1.5, 1.0)


def degrade(
    image: Image.Image,
    seed: int,
    *,
    rotation: float | None = None,
    noise: float = 3.5,
    blur: float = 0.6,
    brightness: float = 0.12,
    paper: int = 238,
    contrast: float = 0.9,
    specks: int = 25,
    jpeg_quality: int | None = 85,
) -> Image.Image:
    """A scanner's version of a clean page image (grayscale ``L``, same size).

    ``rotation`` in degrees (None: a seeded angle of 0.5-1.5 degrees either way); ``noise`` the
    standard deviation of gaussian noise in grey levels; ``blur`` the gaussian radius in pixels;
    ``brightness`` how much darker the worst-lit corner is (0.12 = 12 %); ``paper`` the grey of the
    paper; ``contrast`` how far ink is from pure black (1.0 = black); ``specks`` dust dots;
    ``jpeg_quality`` a JPEG round trip (None: none). The same seed gives the same image.
    """
    rng = np.random.default_rng(seed)
    img = image.convert("L")
    dpi = image.info.get("dpi", (300, 300))
    if rotation is None:
        rotation = float(rng.uniform(0.5, 1.5) * rng.choice([-1, 1]))
    a = np.asarray(img, dtype=np.float32) / 255.0
    # ink is never pure black, paper never pure white
    ink = 255.0 * (1.0 - contrast)
    a = ink + a * (paper - ink)
    a *= _lighting(a.shape, rng, brightness)
    if noise:
        a += rng.normal(0.0, noise, a.shape).astype(np.float32)
    if specks:
        h, w = a.shape
        for _ in range(specks):
            r = int(rng.integers(1, 4))
            y, x = int(rng.integers(r, h - r)), int(rng.integers(r, w - r))
            yy, xx = np.ogrid[-r:r + 1, -r:r + 1]
            mask = xx * xx + yy * yy <= r * r
            a[y - r:y + r + 1, x - r:x + r + 1][mask] = rng.uniform(20, 90)
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    if blur:  # optics after the sensor noise: the grain is soft, as on real scans
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if rotation:
        img = img.rotate(rotation, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=int(paper * 0.93))
    if jpeg_quality:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=jpeg_quality)
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    img.info["dpi"] = dpi
    return img


def _perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """Coefficients for ``Image.transform(PERSPECTIVE)``: map output points ``dst`` to input ``src``."""
    rows = []
    rhs = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.extend([u, v])
    return np.linalg.solve(np.array(rows, dtype=np.float64), np.array(rhs, dtype=np.float64)).tolist()


def photograph(
    page: Image.Image,
    seed: int,
    *,
    size: tuple[int, int] = (2448, 3264),
    margin: float = 0.06,
    tilt: float = 0.025,
    light: float = 0.22,
    blur: float = 1.0,
    noise: float = 4.0,
) -> Image.Image:
    """A phone photo of a paper page lying on a desk: mild perspective (``tilt`` as a share of the
    frame), a warm uneven light falling off by ``light``, soft focus and sensor noise. RGB image."""
    rng = np.random.default_rng(seed)
    W, H = size
    pw, ph = page.size
    # where the page corners land in the photo (tl, tr, br, bl), slightly trapezoidal
    mx, my = margin * W, margin * H
    j = lambda: float(rng.uniform(-tilt, tilt))  # noqa: E731
    dst = [
        (mx + j() * W, my + j() * H),
        (W - mx + j() * W, my + abs(j()) * H),
        (W - mx - abs(j()) * W, H - my + j() * H),
        (mx + abs(j()) * W, H - my - abs(j()) * H),
    ]
    src = [(0, 0), (pw, 0), (pw, ph), (0, ph)]
    coeffs = _perspective_coeffs(dst, src)
    paper = page.convert("L").transform((W, H), Image.Transform.PERSPECTIVE, coeffs,
                                        resample=Image.Resampling.BICUBIC, fillcolor=0)
    mask = Image.new("L", (pw, ph), 255).transform((W, H), Image.Transform.PERSPECTIVE, coeffs,
                                                  resample=Image.Resampling.BILINEAR, fillcolor=0)
    # desk: dark grey-brown with a little texture
    desk_rng = rng.normal(0, 6, (H // 8, W // 8)).astype(np.float32)
    desk_tex = np.asarray(Image.fromarray(desk_rng + 128).resize((W, H), Image.Resampling.BICUBIC),
                          dtype=np.float32) - 128
    desk = np.stack([96 + desk_tex, 82 + desk_tex, 70 + desk_tex], axis=-1)
    p = np.asarray(paper, dtype=np.float32)
    tint = np.array([1.0, 0.975, 0.92], dtype=np.float32)
    page_rgb = (20 + p[..., None] * (235 / 255.0)) * tint
    m = np.asarray(mask, dtype=np.float32)[..., None] / 255.0
    img = page_rgb * m + desk * (1 - m)
    img *= _lighting((H, W), rng, light)[..., None]
    if noise:
        img += rng.normal(0, noise, img.shape).astype(np.float32)
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    return out


def save_jpeg(image: Image.Image, path: Path | str, *, quality: int = 88) -> None:
    """Save as a baseline JPEG without EXIF (deterministic bytes for the same image)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    image.save(str(path), "JPEG", quality=quality, optimize=False, progressive=False)


def save_image_pdf(
    images: list[Image.Image],
    path: Path | str | io.BytesIO,
    *,
    dpi: int = 300,
    date: str | _dt.date | None = None,
    quality: int = 75,
) -> None:
    """An image-only PDF, one JPEG page per image at ``dpi`` (what a scanner's "scan to PDF" writes)."""
    if not images:
        raise SampleError("No page images to save.")
    when = time.gmtime(fixed_date(date).timestamp())
    if isinstance(path, (str, Path)):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        path = str(path)
    first, rest = images[0], images[1:]
    first.save(
        path, "PDF", resolution=float(dpi), save_all=True, append_images=rest, quality=quality,
        creationDate=when, modDate=when, producer="Scanner", title="",
    )


def save_tiff(images: list[Image.Image], path: Path | str, *, dpi: int = 300, bilevel: bool = False) -> None:
    """A multi-page TIFF. ``bilevel``: 1-bit CCITT Group 4 pages, as office scanners archive them
    (binarised with a fixed threshold); otherwise grayscale with LZW."""
    if not images:
        raise SampleError("No page images to save.")
    if bilevel:
        pages = [im.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1") for im in images]
        compression = "group4"
    else:
        pages = [im.convert("L") for im in images]
        compression = "tiff_lzw"
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(str(path), "TIFF", save_all=True, append_images=pages[1:], compression=compression,
                  dpi=(dpi, dpi))


def replace_pages_with_images(
    pdf_path: Path | str,
    images: dict[int, Image.Image],
    out_path: Path | str,
    *,
    dpi: int = 300,
    date: str | _dt.date | None = None,
    quality: int = 75,
) -> None:
    """Copy a PDF, replacing the pages numbered in ``images`` (1-based) by image-only pages: a
    "mixed" PDF whose signed last page, say, was printed, signed and scanned back in."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(pdf_path))
    writer = PdfWriter()
    for n, page in enumerate(reader.pages, start=1):
        if n in images:
            buf = io.BytesIO()
            save_image_pdf([images[n]], buf, dpi=dpi, date=date, quality=quality)
            buf.seek(0)
            writer.add_page(PdfReader(buf).pages[0])
        else:
            writer.add_page(page)
    when = fixed_date(date).strftime("D:%Y%m%d%H%M%SZ")
    writer.add_metadata({"/Producer": "SPOT ON sample generator", "/CreationDate": when, "/ModDate": when})
    # a fixed file identifier, so the bytes do not change from run to run
    from pypdf.generic import ArrayObject, ByteStringObject

    ident = ByteStringObject(bytes.fromhex("5350" + "0" * 28))
    writer._ID = ArrayObject([ident, ident])
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "wb") as fh:
        writer.write(fh)
