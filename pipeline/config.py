"""Run configuration: limits and OCR settings, with defaults a lawyer's laptop can live with.

Values come from defaults, then an optional TOML file (``--config``), then command-line flags.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import ConfigError


class Limits(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_file_bytes: int = 512 * 1024**2  # 512 MiB
    max_pages: int = 2000
    max_image_pixels: int = 200_000_000  # ~ A0 at 300 dpi is 140 Mpx; bombs are far beyond
    max_docx_uncompressed_bytes: int = 200 * 1024**2
    max_docx_ratio: float = 200.0  # uncompressed/compressed size of one zip member
    max_text_chars: int = 20_000_000
    document_seconds: float = 1800.0  # wall-clock per document
    page_seconds: float = 180.0  # per OCR page (Tesseract call)
    memory_bytes: int = 3 * 1024**3  # address-space cap of a worker process


class OcrSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Literal["auto", "always", "never"] = "auto"
    dpi: int = 300
    low_conf: float = 60.0  # words under this Tesseract confidence are marked for review
    min_text_chars: int = 40  # a text layer with fewer letters than this on a page is not usable
    psm: int = 3
    oem: int = 1  # LSTM engine


class RunConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workers: int = 0  # 0: one per core
    executor: Literal["local", "dask"] = "local"
    scheduler: str | None = None
    force: bool = False
    limits: Limits = Limits()
    ocr: OcrSettings = OcrSettings()


def load_config(path: Path | None = None, **overrides) -> RunConfig:
    data: dict = {}
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read configuration {path}: {exc}") from exc
    for key, value in overrides.items():
        if value is None:
            continue
        if "." in key:
            section, name = key.split(".", 1)
            data.setdefault(section, {})[name] = value
        else:
            data[key] = value
    try:
        return RunConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"invalid configuration: {exc}") from exc
