"""What a format reader returns: pages of lines of words, in page coordinates, before assembly.

Readers do not build ``Document.text``; :mod:`pipeline.text.assemble` does, once, after removing
running headers/footers and joining hyphenated words, so every offset in the document is final.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import BBox, PageMethod


@dataclass(slots=True)
class RawWord:
    text: str
    bbox: BBox | None = None
    conf: float | None = None  # OCR confidence 0..100


@dataclass(slots=True)
class RawLine:
    words: list[RawWord]
    bbox: BBox | None = None
    block: int = 0  # lines with the same block number form one paragraph/table cell group
    kind: str = "paragraph"  # paragraph | table | heading | list

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(slots=True)
class RawPage:
    number: int
    method: PageMethod
    lines: list[RawLine] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    unit: str | None = None  # "pt" | "px"
    dpi: int | None = None
    rotation: int = 0
    skew: float | None = None
    ocr_langs: str | None = None
    script_hint: str | None = None  # from OSD, before any text exists
    warnings: list[str] = field(default_factory=list)
