"""Fictitious sample verdicts and the generator that renders them into ``data/raw/``.

Public functions (tests of other stages use them to build fixtures):

* :func:`catalog`, :func:`sample_info`, :func:`source_text`, :func:`expected_body_text`,
  :func:`clean_page_texts`, :func:`sample_path`
* :func:`render_pdf`, :func:`render_docx`, :func:`render_text`, :func:`render_html`
* :func:`scan_pages`, :func:`degrade`, :func:`photograph`, :func:`save_image_pdf`, :func:`save_tiff`,
  :func:`replace_pages_with_images`
* :func:`build_sample`, :func:`build_all` (also ``python -m pipeline.samples [--out DIR] [--only ID]``)
"""

from pipeline.samples.degrade import (
    degrade,
    photograph,
    replace_pages_with_images,
    save_image_pdf,
    save_jpeg,
    save_tiff,
    scan_pages,
)
from pipeline.samples.generate import (
    DEFAULT_OUT,
    SampleError,
    build_all,
    build_sample,
    catalog,
    clean_page_texts,
    expected_body_text,
    normalize_ws,
    parse_blocks,
    render_clean_pdf,
    render_docx,
    render_html,
    render_pdf,
    render_text,
    sample_info,
    sample_path,
    soft_hyphenate,
    source_text,
)

__all__ = [
    "DEFAULT_OUT",
    "SampleError",
    "build_all",
    "build_sample",
    "catalog",
    "clean_page_texts",
    "degrade",
    "expected_body_text",
    "normalize_ws",
    "parse_blocks",
    "photograph",
    "render_clean_pdf",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_text",
    "replace_pages_with_images",
    "sample_info",
    "sample_path",
    "save_image_pdf",
    "save_jpeg",
    "save_tiff",
    "scan_pages",
    "soft_hyphenate",
    "source_text",
]
