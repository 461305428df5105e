"""Ingest stage: any verdict file → :class:`~pipeline.model.Document`.

Paged formats (PDF, TIFF, PNG, JPEG) are read page by page through :func:`read_page`, a plain
function over a picklable :class:`PageTask`, so a batch can spread the pages of one big scan over
worker processes or a Dask cluster. The first page is read alone (:func:`read_first_page`): its
language narrows the Tesseract languages for all other pages ("srp+mkd" → "mkd" once the text is
known to be Macedonian). Whole-file formats (DOCX, text, HTML) are read in one call.

The batch runner (:mod:`pipeline.batch`) calls the same steps as :func:`ingest` one by one
(:func:`check_file`, :func:`page_count`, :func:`read_first_page`, :func:`read_page`,
:func:`build_document`), so ``spoton extract`` and ``spoton run`` give the same document.
Reader modules are imported lazily: the batch's main process stays small, workers load what they use.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline import __version__
from pipeline.config import RunConfig
from pipeline.errors import InputError, LimitExceeded
from pipeline.ingest.raw import RawPage
from pipeline.model import Document, Format, Provenance

PAGED_FORMATS = ("pdf", "tiff", "png", "jpeg")


@dataclass(frozen=True, slots=True)
class PageTask:
    path: str
    format: Format
    index: int  # 0-based page index
    config: RunConfig
    langs: str | None = None  # Tesseract languages; None: chosen from the page's script (OSD)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def doc_id_for(sha256: str) -> str:
    """The batch folder name of a document: the first 16 hex digits of its sha256."""
    return sha256[:16]


def check_file(path: Path, config: RunConfig) -> tuple[Format, int]:
    """Size limits and the format by content; returns (format, size in bytes). Raises InputError/LimitExceeded."""
    from pipeline.ingest.sniff import sniff

    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path.name} is empty (0 bytes).", error="empty_file")
    if size > config.limits.max_file_bytes:
        raise LimitExceeded(
            f"{path.name} is {size / 1024**2:.0f} MiB; the limit is "
            f"{config.limits.max_file_bytes / 1024**2:.0f} MiB (limits.max_file_bytes).",
            error="file_too_large",
        )
    return sniff(path), size


def page_count(path: Path, fmt: Format, config: RunConfig) -> int:
    if fmt == "pdf":
        from pipeline.ingest.pdf import pdf_page_count

        n = pdf_page_count(path)
    else:
        from pipeline.ingest.images import image_page_count

        n = image_page_count(path, config.limits)
    if n == 0:
        raise InputError(f"{Path(path).name} has no pages.", error="no_pages")
    if n > config.limits.max_pages:
        raise LimitExceeded(
            f"{Path(path).name} has {n} pages; the limit is {config.limits.max_pages} "
            "(raise limits.max_pages in the configuration to process it).",
            error="too_many_pages",
        )
    return n


def read_page(task: PageTask) -> RawPage:
    """Read one page: the PDF text layer where usable, otherwise OCR. Runs in worker processes."""
    if task.format == "pdf":
        from pipeline.ingest.pdf import read_pdf_page

        return read_pdf_page(Path(task.path), task.index, task.config, langs=task.langs)
    from pipeline.ingest.images import read_image_page

    return read_image_page(Path(task.path), task.index, task.config, langs=task.langs)


def read_first_page(task: PageTask) -> tuple[RawPage, str | None]:
    """Read page 1 and say which Tesseract languages the other pages should use (None: decide per page).

    Page 1 is OCR'd with every language of its script; for a language listed under ``reread_first_page``
    (ocr_languages.yaml) it is read again with that language first, so its own letters survive."""
    from dataclasses import replace

    from pipeline.text.language import narrowed_ocr_langs, reread_first_page_langs

    first = read_page(task)
    again = reread_first_page_langs(first)
    if again:
        first = read_page(replace(task, langs=again))
    return first, narrowed_ocr_langs(first)


def read_whole(path: Path, fmt: Format, config: RunConfig) -> tuple[list[RawPage], str | None]:
    """DOCX, text and HTML: all pages at once; returns the pages and the detected encoding."""
    if fmt == "docx":
        from pipeline.ingest.docx import read_docx

        return read_docx(path, config), None
    from pipeline.ingest.plaintext import read_html, read_text

    if fmt == "html":
        return read_html(path, config)
    return read_text(path, config)


def tool_versions(fmt: Format, pages: list[RawPage]) -> dict[str, str]:
    from pipeline.ingest.versions import versions_for

    return versions_for(fmt, any(p.method == "ocr" for p in pages))


def build_document(
    path: Path, fmt: Format, sha256: str, size: int, pages: list[RawPage], encoding: str | None,
    *, low_conf: float = 60.0,
) -> Document:
    """Provenance + text assembly: the last ingest step, shared by :func:`ingest` and the batch runner."""
    from pipeline.text.assemble import assemble

    if any(p.method == "ocr" for p in pages):
        from pipeline.ingest.ocr import mend_table_words

        mend_table_words(pages)  # needs the whole document's words: after the last page is read
    provenance = Provenance(
        path=str(path),
        sha256=sha256,
        format=fmt,
        size=size,
        tools=tool_versions(fmt, pages),
        pipeline_version=__version__,
        encoding=encoding,
    )
    return assemble(pages, provenance, doc_id_for(sha256), low_conf=low_conf)


def ingest(
    path: Path,
    config: RunConfig,
    *,
    page_map: Callable[[Callable[[PageTask], RawPage], Iterable[PageTask]], Iterable[RawPage]] = map,
    sha256: str | None = None,
) -> Document:
    """Read a verdict file into a Document. ``page_map`` spreads pages over workers (default: serial)."""
    path = Path(path)
    fmt, size = check_file(path, config)
    sha = sha256 or file_sha256(path)
    encoding = None
    if fmt in PAGED_FORMATS:
        n = page_count(path, fmt, config)
        first, langs = read_first_page(PageTask(str(path), fmt, 0, config))
        rest = [PageTask(str(path), fmt, i, config, langs=langs) for i in range(1, n)]
        pages = [first, *page_map(read_page, rest)] if rest else [first]
    else:
        pages, encoding = read_whole(path, fmt, config)
    return build_document(path, fmt, sha, size, pages, encoding, low_conf=config.ocr.low_conf)


__all__ = [
    "PAGED_FORMATS",
    "PageTask",
    "build_document",
    "check_file",
    "doc_id_for",
    "file_sha256",
    "ingest",
    "page_count",
    "read_first_page",
    "read_page",
    "read_whole",
]
