"""Page images of the verdict view: rendered from the source file once, then served from the cache."""

from __future__ import annotations

import hashlib
import shutil
import threading
from pathlib import Path

import pytest
from PIL import Image

from pipeline.review.page_images import PageFrame, PageImageError, PageImages, Source, nearest_scale

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"


def source(path: Path, fmt: str) -> Source:
    return Source(path, hashlib.sha256(path.read_bytes()).hexdigest(), fmt)


@pytest.fixture()
def images(tmp_path: Path) -> PageImages:
    cache = PageImages(tmp_path / "cache")
    yield cache
    cache.close()


def test_scanned_pdf_page_is_rendered_once_then_read_from_the_cache(images: PageImages, tmp_path: Path):
    scan = source(RAW / "rs_k_18_2023_latn_scan.pdf", "pdf")
    first = images.png(scan, PageFrame(1), 1.5)
    assert first.is_relative_to(tmp_path / "cache")
    with Image.open(first) as png:
        assert png.format == "PNG"
        assert 880 <= png.width <= 900  # A4 is 595 pt wide: 1.5 px per point
        assert png.height > png.width
    stamp = first.stat().st_mtime_ns
    again = images.png(scan, PageFrame(1), 1.5)
    assert again == first and again.stat().st_mtime_ns == stamp  # not rendered twice
    bigger = images.png(scan, PageFrame(1), 2.0)
    assert bigger != first
    with Image.open(bigger) as png:
        assert 1180 <= png.width <= 1200


def test_tiff_and_jpeg_scans_are_served_too(images: PageImages):
    for name, fmt in (("mk_k_83_2012_scan.tif", "tiff"), ("rs_kz1_334_2025_photo.jpg", "jpeg")):
        with Image.open(images.png(source(RAW / name, fmt), PageFrame(1))) as png:
            assert png.format == "PNG" and min(png.size) > 500


def test_page_is_drawn_in_the_frame_ocr_read_it_in(images: PageImages):
    scan = source(RAW / "rs_k_18_2023_latn_scan.pdf", "pdf")
    with Image.open(images.png(scan, PageFrame(1))) as upright:
        size = upright.size
    with Image.open(images.png(scan, PageFrame(1, rotation=90))) as turned:
        assert turned.size == (size[1], size[0])  # boxes of a page OCR turned clockwise fit this image


def test_a_source_file_changed_since_the_import_is_refused(images: PageImages, tmp_path: Path):
    copy = tmp_path / "verdict.pdf"
    shutil.copy(RAW / "mk_kok_60_2014.pdf", copy)
    imported = source(copy, "pdf")
    copy.write_bytes(copy.read_bytes() + b"\n% changed\n")
    with pytest.raises(PageImageError) as raised:
        images.png(imported, PageFrame(1))
    assert raised.value.status == 409 and "changed" in raised.value.message
    copy.unlink()
    with pytest.raises(PageImageError) as raised:
        images.png(imported, PageFrame(1))
    assert raised.value.status == 404


def test_pages_that_do_not_exist_and_text_formats_are_clear_errors(images: PageImages):
    with pytest.raises(PageImageError, match="no page 99"):
        images.png(source(RAW / "mk_kok_60_2014.pdf", "pdf"), PageFrame(99))
    with pytest.raises(PageImageError, match="text is shown"):
        images.png(source(RAW / "rs_k_57_2019_latn.docx", "docx"), PageFrame(1))


def test_scales_are_a_fixed_set_so_the_cache_stays_bounded():
    assert nearest_scale(None) == 1.5
    assert nearest_scale(1.43) == 1.5
    assert nearest_scale(100) == 3.0


def test_parallel_requests_for_pages_of_one_pdf_all_succeed(images: PageImages):
    """pdfium is not thread-safe: the server's thread pool must not crash it."""
    scan = source(RAW / "rs_k_211_2017_mixed.pdf", "pdf")
    results: list[Path | Exception] = []

    def fetch(page: int) -> None:
        try:
            results.append(images.png(scan, PageFrame(page), 1.0))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            results.append(exc)

    threads = [threading.Thread(target=fetch, args=(1 + i % 2,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(result, Path) and result.is_file() for result in results), results
