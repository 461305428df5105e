"""Tool versions recorded in provenance, so a record says exactly what produced it."""

from __future__ import annotations

import functools
import subprocess
from importlib.metadata import PackageNotFoundError, version


@functools.cache
def _pkg(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "missing"


@functools.cache
def tesseract_version() -> str:
    """``tesseract --version``'s first line, number only ("5.3.0"); 30 ms, once per process."""
    from pipeline.ingest.ocr import settings

    try:
        proc = subprocess.run([settings()["tesseract"]["command"], "--version"], capture_output=True,
                              text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):  # a missing binary is reported by the OCR stage itself
        return "missing"
    first = (proc.stdout or proc.stderr).strip().splitlines()[:1]
    return first[0].split()[-1] if first and proc.returncode == 0 else "missing"


def versions_for(fmt: str, ocr_used: bool) -> dict[str, str]:
    tools: dict[str, str] = {}
    if fmt == "pdf":
        tools["pypdfium2"] = _pkg("pypdfium2")
        tools["pdfplumber"] = _pkg("pdfplumber")
    elif fmt == "docx":
        tools["python-docx"] = _pkg("python-docx")
    elif fmt in ("txt", "html"):
        tools["charset-normalizer"] = _pkg("charset-normalizer")
        if fmt == "html":
            tools["beautifulsoup4"] = _pkg("beautifulsoup4")
    if fmt in ("tiff", "png", "jpeg") or ocr_used:
        tools["pillow"] = _pkg("pillow")
        tools["tesseract"] = tesseract_version()
    tools["lingua"] = _pkg("lingua-language-detector")
    return tools
