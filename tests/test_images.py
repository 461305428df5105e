"""Image files as scanned pages: PNG, multi-page TIFF, JPEG with EXIF orientation; bombs and broken files."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image
from rapidfuzz.distance import Levenshtein

from pipeline.config import Limits, RunConfig, load_config
from pipeline.errors import InputError, LimitExceeded
from pipeline.ingest.images import image_page_count, load_page, read_image_page

FONTS = Path("/usr/share/fonts/truetype/dejavu")
PAGES = [
    "ВИШИ СУД У НИШУ\nОкривљени Н. Ђ. је у периоду од јануара до маја 2020. године врбовао и превозио "
    "оштећену Ж. Ћ. користећи њен тежак положај, у намери да је искористи за принудни рад.",
    "OSNOVNI SUD U NOVOM SADU\nOkrivljeni M. Č. je vrbovao oštećenu Ž. Đ. obećavajući joj dobro plaćen "
    "posao u inostranstvu, a zatim joj oduzeo pasoš i prinuđivao je na prostituciju.",
    "GJYKATA E RRETHIT GJYQËSOR TIRANË\nI pandehuri, duke përfituar nga gjendja e vështirë ekonomike e "
    "të dëmtuarës, e rekrutoi me premtimin e një pune në kuzhinë dhe e detyroi të punonte pa pagesë.",
]
LANGS = ["srp", "srp_latn", "sqi"]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _cer(reference: str, hypothesis: str) -> float:
    ref = _norm(reference)
    return Levenshtein.distance(ref, _norm(hypothesis)) / len(ref)


def _text(page) -> str:
    return "\n".join(line.text for line in page.lines)


def _render(text: str, dpi: int = 300) -> Image.Image:
    """A half-page (A5) of text at ``dpi``: real rendering, kept small so the OCR tests stay quick."""
    pdf = FPDF(format=(148, 210))
    pdf.add_font("Serif", "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.set_font("Serif", size=11)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    for para in text.split("\n"):
        pdf.multi_cell(0, 5.5, para, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    doc = pdfium.PdfDocument(bytes(pdf.output()))
    try:
        return doc[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()


@pytest.fixture(scope="module")
def rendered() -> list[Image.Image]:
    return [_render(t) for t in PAGES]


@pytest.fixture(scope="module")
def config() -> RunConfig:
    return RunConfig()


def test_png_page(tmp_path: Path, rendered, config: RunConfig) -> None:
    path = tmp_path / "scan.png"
    rendered[0].save(path, dpi=(300, 300))
    assert image_page_count(path, config.limits) == 1
    page = read_image_page(path, 0, config, langs="srp")
    assert page.method == "ocr" and page.dpi == 300 and page.number == 1
    assert (page.width, page.height) == rendered[0].size
    assert _cer(PAGES[0], _text(page)) <= 0.02


@pytest.mark.parametrize("bilevel", [False, True])
def test_multipage_tiff(tmp_path: Path, rendered, config: RunConfig, bilevel: bool) -> None:
    path = tmp_path / "scan.tif"
    frames = [im.point(lambda v: 255 if v > 150 else 0).convert("1") if bilevel else im for im in rendered]
    compression = "group4" if bilevel else "tiff_lzw"
    frames[0].save(path, save_all=True, append_images=frames[1:], compression=compression, dpi=(300, 300))
    assert image_page_count(path, config.limits) == 3
    for index in (2, 1):
        page = read_image_page(path, index, config, langs=LANGS[index])
        assert page.number == index + 1 and page.dpi == 300
        assert _cer(PAGES[index], _text(page)) <= 0.02
    with pytest.raises(InputError, match="has no page 4"):
        read_image_page(path, 3, config)


def test_jpeg_exif_orientation_is_applied(tmp_path: Path, rendered, config: RunConfig) -> None:
    """A phone stores the pixels sideways and says so in EXIF (orientation 6: turn 90 degrees clockwise)."""
    sideways = rendered[1].rotate(90, expand=True).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "photo.jpg"
    sideways.save(path, quality=90, exif=exif, dpi=(300, 300))
    upright = load_page(path, 0, config.limits)
    assert upright.size == rendered[1].size and upright.mode == "L"  # decoded as luma only
    page = read_image_page(path, 0, config, langs="srp_latn")
    assert page.rotation == 0  # EXIF did it: no orientation detection needed
    assert _cer(PAGES[1], _text(page)) <= 0.02


def test_sixteen_bit_and_rgba_pages(tmp_path: Path, rendered, config: RunConfig) -> None:
    deep = Image.fromarray(np.asarray(rendered[2], dtype=np.uint16) * 257)
    path = tmp_path / "deep.png"
    deep.save(path)
    page = read_image_page(path, 0, config, langs="sqi")
    assert _cer(PAGES[2], _text(page)) <= 0.02
    rgba = rendered[2].convert("RGBA")
    rgba.putalpha(Image.eval(rendered[2], lambda v: 255 - v))  # ink opaque, paper transparent
    path = tmp_path / "alpha.png"
    rgba.save(path)
    page = read_image_page(path, 0, config, langs="sqi")
    assert _cer(PAGES[2], _text(page)) <= 0.02


def _png_header_only(width: int, height: int) -> bytes:
    """A valid PNG header claiming width x height pixels, followed by almost no data (an image bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("width", "height", "megapixels"), [(30000, 30000, 900), (15000, 15000, 225)])
def test_image_bomb_is_refused_from_the_header(
    tmp_path: Path, config: RunConfig, width: int, height: int, megapixels: int
) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header_only(width, height))
    assert path.stat().st_size < 200
    started = time.process_time()
    for call in (lambda: image_page_count(path, config.limits), lambda: read_image_page(path, 0, config)):
        with pytest.raises(LimitExceeded) as info:
            call()
        assert info.value.error == "image_too_large"
        assert f"bomb.png is an image of {megapixels} megapixels, over the limit" in info.value.message
        assert "probably not a scan" in info.value.message
    assert time.process_time() - started < 2.0  # nothing was decoded (decoding would take many seconds)


def test_pixel_limit_follows_the_configuration(tmp_path: Path, rendered) -> None:
    path = tmp_path / "page.png"
    rendered[0].save(path)
    small = Limits(max_image_pixels=1_000_000)
    with pytest.raises(LimitExceeded, match="page.png is an image of 4 megapixels"):
        image_page_count(path, small)
    config = load_config(**{"limits.max_image_pixels": 1_000_000})
    with pytest.raises(LimitExceeded):
        read_image_page(path, 0, config)


def test_truncated_image(tmp_path: Path, rendered, config: RunConfig) -> None:
    buf = io.BytesIO()
    rendered[0].save(buf, "PNG")
    data = buf.getvalue()
    path = tmp_path / "cut.png"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as info:
        read_image_page(path, 0, config, langs="srp")
    assert info.value.error == "corrupt_image"
    assert "cut.png is a damaged or incomplete image" in info.value.message


@pytest.mark.parametrize("data", [b"\xff\xd8\xff\xe0" + b"\x00" * 40, b"II*\x00" + b"\xff" * 40])
def test_broken_headers(tmp_path: Path, config: RunConfig, data: bytes) -> None:
    path = tmp_path / "broken.img"
    path.write_bytes(data)
    with pytest.raises(InputError, match="broken.img is a damaged or incomplete image"):
        image_page_count(path, config.limits)
