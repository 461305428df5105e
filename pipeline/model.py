"""The one typed model every stage reads and writes.

A verdict becomes a :class:`Document` (ingest + text stages) and then a :class:`Record` (nlp + coding
stages). ``Document.text`` is built exactly once; every offset anywhere (words, lines, blocks, pages,
entities, evidence) is a character offset into that string, so evidence stays valid for the review
app, which highlights it on the page image through the word boxes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

DOCUMENT_SCHEMA = "spoton.document/1"
RECORD_SCHEMA = "spoton.record/1"

Script = Literal["Latn", "Cyrl", "Zyyy"]  # Zyyy: no letters / undetermined
PageMethod = Literal["text", "ocr", "docx", "plain", "html"]
Format = Literal["pdf", "tiff", "png", "jpeg", "docx", "txt", "html"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class BBox(_Model):
    """Box in page units (``Page.unit``), origin top-left, y grows downwards."""

    x0: float
    y0: float
    x1: float
    y1: float


class Span(_Model):
    """A character range in ``Document.text`` (end exclusive)."""

    start: int
    end: int


class Word(Span):
    text: str
    bbox: BBox | None = None
    continuation: BBox | None = None  # second half of a word hyphenated across a line break
    conf: float | None = None  # OCR confidence 0..100; None for text layers
    low_conf: bool = False  # below the review threshold: the review app flags it


class Line(Span):
    bbox: BBox | None = None
    words: list[Word] = Field(default_factory=list)


class Block(Span):
    kind: Literal["paragraph", "table", "heading", "list"] = "paragraph"
    bbox: BBox | None = None
    lines: list[Line] = Field(default_factory=list)


class Page(Span):
    number: int  # 1-based, as a lawyer counts pages
    width: float | None = None
    height: float | None = None
    unit: Literal["pt", "px"] | None = None
    dpi: int | None = None  # OCR rendering resolution
    method: PageMethod
    rotation: int = 0  # degrees the page image was turned before OCR (orientation detection)
    skew: float | None = None  # degrees of deskew applied
    ocr_langs: str | None = None  # Tesseract languages used, e.g. "srp+mkd"
    ocr_confidence: float | None = None  # mean word confidence 0..100
    language: str | None = None
    script: Script | None = None
    removed: list[str] = Field(default_factory=list)  # running headers/footers/page numbers dropped
    blocks: list[Block] = Field(default_factory=list)


class Provenance(_Model):
    path: str
    sha256: str
    format: Format
    size: int
    tools: dict[str, str] = Field(default_factory=dict)  # tool -> version, e.g. {"tesseract": "5.3.0"}
    pipeline_version: str
    encoding: str | None = None  # for plain text / HTML input


class Transliteration(_Model):
    """Latin layer of a Cyrillic document, for matching Latin patterns against Cyrillic text.

    ``expansions`` lists the original offsets whose single Cyrillic letter became two Latin letters
    (Љ→Lj, Њ→Nj, Џ→Dž, Ѓ→Gj, Ќ→Kj, Ѕ→Dz); with it any Latin offset maps back to the original.
    """

    text: str
    expansions: list[int] = Field(default_factory=list)


class Document(_Model):
    schema_: str = Field(DOCUMENT_SCHEMA, alias="schema")
    id: str  # doc_id: derived from the file's sha256
    text: str
    language: str | None = None  # sr, mk, sq, hr, bs, cnr, en
    script: Script | None = None
    language_confidence: float | None = None
    pages: list[Page] = Field(default_factory=list)
    latin: Transliteration | None = None
    provenance: Provenance
    warnings: list[str] = Field(default_factory=list)

    def page_at(self, offset: int) -> Page | None:
        """The page that holds a character offset (pages are sorted and disjoint)."""
        lo, hi = 0, len(self.pages) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            p = self.pages[mid]
            if offset < p.start:
                hi = mid - 1
            elif offset >= p.end:
                lo = mid + 1
            else:
                return p
        return None

    def words(self):
        for page in self.pages:
            for block in page.blocks:
                for line in block.lines:
                    yield from line.words


# --------------------------------------------------------------------------- structure (nlp)


class SentenceSpan(Span):
    section: str
    labels: list[str] = Field(default_factory=list)


class Section(NamedTuple):
    """A part of a verdict (header, introduction, operative, reasoning, legal_instruction, signatures, or
    unknown) as offsets into ``Document.text``; a tuple, so ``name, start, end = section`` reads it too."""

    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Heading:
    """A line that opened a section."""

    section: str
    start: int  # start of the heading line (first non-space character)
    end: int  # end of the heading line
    strong: bool = True  # a title; False for a sentence-like opening ("Protiv ove presude ...")
    fallback: bool = False  # only when the verdict has no other heading for this part


@dataclass(frozen=True, slots=True)
class Structure:
    """What segmentation finds once (pipeline.nlp.structure.segment) and every later stage reads: sections,
    contiguous and in text order, and the sentences with their tags; offsets into ``Document.text``."""

    sections: list[Section]
    sentences: list[SentenceSpan]
    headings: list[Heading] = field(default_factory=list)  # the lines that opened sections
    language: str | None = None

    def section(self, name: str) -> tuple[int, int] | None:
        """(start, end) of the first section with this name, if found."""
        return next(((s, e) for n, s, e in self.sections if n == name), None)

    def sentences_in(self, name: str) -> list[SentenceSpan]:
        return [s for s in self.sentences if s.section == name]

    def with_label(self, label: str) -> list[SentenceSpan]:
        return [s for s in self.sentences if label in s.labels]


# --------------------------------------------------------------------------- record (coding)


Status = Literal["draft", "confirmed", "corrected", "not_stated"]


class Evidence(Span):
    page: int | None = None
    text: str
    bbox: BBox | None = None


class FieldValue(_Model):
    """One codebook field: normalised value with where it came from and how sure we are."""

    value: Any = None
    confidence: float = 0.0
    evidence: list[Evidence] = Field(default_factory=list)
    source: str | None = None  # "rule:court.header@1" or "model:sr-ner@4"
    status: Status = "draft"


class EntitySpan(Span):
    label: str
    text: str
    source: str | None = None


class SourceRef(_Model):
    path: str
    sha256: str
    format: Format


class RecordWarning(_Model):
    """Why a record deserves doubt as a whole (``not_a_verdict``, ``language_unsupported``, ...)."""

    code: str
    message: str


class Record(BaseModel):
    """A draft coding record. Field names under case/defendants/victims come from the codebook file."""

    model_config = ConfigDict(populate_by_name=True)

    schema_: str = Field(RECORD_SCHEMA, alias="schema")
    document_id: str
    source: SourceRef
    language: str | None = None
    script: Script | None = None
    pipeline_version: str
    models: dict[str, str] = Field(default_factory=dict)
    # dotted codebook names nest one level: case["indictment"]["number"] (codebook.yaml)
    case: dict[str, FieldValue | dict[str, FieldValue]] = Field(default_factory=dict)
    defendants: list[dict[str, Any]] = Field(default_factory=list)
    victims: list[dict[str, Any]] = Field(default_factory=list)
    entities: list[EntitySpan] = Field(default_factory=list)
    sentences: list[SentenceSpan] = Field(default_factory=list)
    warnings: list[RecordWarning] = Field(default_factory=list)  # pipeline.coding.checks


# What reads a record takes either the model or its record.json dict (read back from a batch or the store).
RecordLike = Record | dict[str, Any]


def dump_json(model: BaseModel) -> str:
    """JSON as written to disk: schema alias, no None-valued optional noise removed (stable shape)."""
    return model.model_dump_json(by_alias=True)


def at_path(node: Any, dotted: str) -> Any:
    """What a record's JSON holds at a dotted codebook name ("sentence.prison_months"), or None.

    Readers of record.json (evaluation, report, review) walk nested names the same way; a field comes back
    whole (``{"value", "confidence", ...}``), for the caller to unwrap as it needs.
    """
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node
