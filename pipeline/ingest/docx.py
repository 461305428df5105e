"""Word (.docx) verdicts → one RawPage (method "docx"): body paragraphs and tables in document order.

A DOCX file is a zip archive; before python-docx opens it the archive is checked against zip bombs
(members that expand far beyond their compressed size, or a total beyond the configured limit).

Headers and footers: the header of a court's Word template is the court and case number, which the
extraction reads from the header block, so the distinct header lines of all sections come first, once,
unless the body already starts with the same lines. Footer lines (page numbers, addresses) come last,
once; page-number lines among them ("Strana 1 od 3", "1") are then dropped by the text stage and listed
in ``Page.removed``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from pipeline.config import RunConfig
from pipeline.errors import InputError, LimitExceeded
from pipeline.ingest.raw import RawLine, RawPage, RawWord

# paragraph styles read as headings (Word's built-in names, and the names Serbian/Macedonian/Albanian
# Word versions show when a template was made with a localised Word)
HEADING_STYLES = ("heading", "title", "naslov", "наслов", "заглавље", "titull")
# the ratio check applies to members at least this big: tiny XML parts legitimately compress 500:1
_RATIO_MIN_BYTES = 1 << 20
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(path: Path, config: RunConfig) -> None:
    """Refuse damaged archives and zip bombs before anything is unpacked."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InputError(f"{name} is not a valid Word document (damaged zip).", error="corrupt_docx") from exc
    limits = config.limits
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > limits.max_docx_uncompressed_bytes or (
            info.file_size >= _RATIO_MIN_BYTES and ratio > limits.max_docx_ratio
        ):
            expands = sum(i.file_size for i in infos)
            raise LimitExceeded(
                f"{name} expands to {expands / 1024**2:,.0f} MB when unpacked: refused as a possible zip bomb.",
                error="zip_bomb",
            )
    if not any(i.filename == "word/document.xml" for i in infos):
        raise InputError(
            f"{name} is not a valid Word document (no document body inside).", error="corrupt_docx"
        )


def _style_names(paragraph) -> list[str]:  # noqa: ANN001 - python-docx Paragraph
    """The paragraph's style and the styles it is based on, lowercased."""
    names: list[str] = []
    try:
        style = paragraph.style
        while style is not None and len(names) < 10:
            names.append((style.name or "").lower())
            style = style.base_style
    except (KeyError, ValueError, AttributeError):
        pass
    return names


# inline wrappers whose runs are text Word shows: fields with their cached result (PAGE, NUMPAGES, DATE,
# MERGEFIELD), tracked insertions, smart tags, custom XML, inline content controls, bidi overrides
_INLINE_WRAPPERS = frozenset(f"{_W}{t}" for t in ("hyperlink", "fldSimple", "ins", "moveTo", "smartTag",
                                                   "customXml", "sdtContent", "bdo", "dir"))


def paragraph_text(p_element) -> str:  # noqa: ANN001 - lxml w:p element (python-docx CT_P)
    """What Word shows of a paragraph: python-docx's ``Paragraph.text`` reads only the runs and hyperlinks
    directly under ``w:p``, so a simple field's value (the page number of "Страна 1 од 3" in a footer),
    the text of a tracked insertion or of an inline content control was lost and the rest of the line
    ("Страна  од ", "/") leaked into the text. Deleted text (``w:del``, ``w:moveFrom``) is not shown."""
    parts: list[str] = []

    def visit(element) -> None:  # noqa: ANN001
        for child in element.iterchildren():
            tag = child.tag
            if tag == f"{_W}r":
                parts.append(child.text or "")
            elif tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    visit(content)
            elif tag in _INLINE_WRAPPERS:
                visit(child)

    visit(p_element)
    return "".join(parts)


def _kind(paragraph) -> str:  # noqa: ANN001
    names = _style_names(paragraph)
    if any(n.startswith(HEADING_STYLES) for n in names):
        return "heading"
    ppr = paragraph._p.pPr
    if (ppr is not None and ppr.numPr is not None) or any(n.startswith("list") for n in names):
        return "list"
    return "paragraph"


def _emu(value) -> int | None:  # noqa: ANN001 - python-docx Length or None
    return None if value is None else int(value)


def _spacing(paragraph, which: str) -> int:  # noqa: ANN001 - python-docx Paragraph
    """The paragraph's effective space before/after (EMU): its own setting, else its style's chain,
    else the document defaults, else none (as Word lays it out)."""
    own = _emu(getattr(paragraph.paragraph_format, which, None))
    if own is not None:
        return own
    try:
        style = paragraph.style
        depth = 0
        while style is not None and depth < 10:
            value = _emu(getattr(style.paragraph_format, which, None))
            if value is not None:
                return value
            style, depth = style.base_style, depth + 1
    except (KeyError, ValueError, AttributeError):
        pass
    return _default_spacing(paragraph.part, which)


def _default_spacing(part, which: str) -> int:  # noqa: ANN001 - python-docx DocumentPart
    try:
        spacing = part.styles.element.find(f"{_W}docDefaults/{_W}pPrDefault/{_W}pPr/{_W}spacing")
    except (AttributeError, KeyError, NotImplementedError):
        return 0
    if spacing is None:
        return 0
    value = spacing.get(f"{_W}{'after' if which == 'space_after' else 'before'}")
    return int(value) * 635 if value and value.isdigit() else 0  # twentieths of a point -> EMU


def _indented(paragraph) -> bool:  # noqa: ANN001
    indent = _emu(paragraph.paragraph_format.first_line_indent)
    return bool(indent and indent > 0)


class _Collector:
    """Lines with their blocks. A block is what Word shows as one: paragraphs laid out with no space
    between them (space after and before 0) and the next without a first-line indent continue the same
    block. Verdicts typed (or converted from PDF) with a paragraph per line, the panel and the
    personal-data lines among them, are so one block whose wrapped lines the text stage joins as it
    joins a plain-text file's ("судије Драгослава" / "Марковића", "Митревска-" / "Стојановска").
    Heading paragraphs right below one another are one title ("V E N D I M" / "NË EMËR TË REPUBLIKËS",
    "ПРЕСУДА" / "врз основа на спогодба"), whatever space the heading style puts above each: one block
    of lines, as a text file or PDF gives the title."""

    def __init__(self) -> None:
        self.lines: list[RawLine] = []
        self.block = 0
        self._open = False  # the last paragraph leaves no space below it: the next may continue it
        self._title = False  # the last paragraph is a heading: a heading right below continues the title

    def paragraph(self, text: str, kind: str = "paragraph", *, before: int = 1, after: int = 1,
                  indented: bool = False) -> None:
        added = False
        continues = (self._open and kind == "paragraph" and before == 0 and not indented) or (
            self._title and kind == "heading")
        if self.lines and not continues and not self._fresh():
            self.block += 1
        for raw in text.replace("\r", "\n").replace("\v", "\n").split("\n"):
            line = " ".join(raw.split())
            if line:
                self.lines.append(RawLine([RawWord(line)], block=self.block, kind=kind))
                added = True
        if added:
            self._open = kind == "paragraph" and after == 0
            self._title = kind == "heading"
        else:  # an empty paragraph is a blank line: it ends the block
            self._open = self._title = False
            if self.lines and not self._fresh():
                self.block += 1

    def _fresh(self) -> bool:
        """No line is in the current block yet."""
        return not self.lines or self.lines[-1].block != self.block

    def table(self, rows: list[list[str]]) -> None:
        """A table is one block, a line per row, cells joined by " | ": as a text file's table is one block
        of lines, so a header row ("E dëmtuara | Kërkesa | Vendimi") stays with its rows and a row is not
        read as a paragraph of its own."""
        self._open = self._title = False
        if not self._fresh():
            self.block += 1
        for cells in rows:
            cells = [" ".join(c.split()) for c in cells]
            if any(cells):
                self.lines.append(RawLine([RawWord(" | ".join(cells))], block=self.block, kind="table"))
        if not self._fresh():
            self.block += 1


def _cell_text(cell) -> str:  # noqa: ANN001 - python-docx _Cell
    parts = [paragraph_text(p._p) for p in cell.paragraphs]
    for inner in cell.tables:  # nested tables: their rows as text of the cell
        for row in inner.rows:
            parts.append(" ".join(_cell_text(c) for c in _unique_cells(row)))
    return " ".join(parts)


def _unique_cells(row) -> list:  # noqa: ANN001
    """Cells of a row; a horizontally merged cell is returned by python-docx once per grid column."""
    seen: set[int] = set()
    out = []
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        out.append(cell)
    return out


def _body(container, out: _Collector) -> None:  # noqa: ANN001 - python-docx Document/_Cell/Header
    """Paragraphs and tables of a block container, in order (content controls w:sdt unwrapped)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def visit(element) -> None:  # noqa: ANN001
        for child in element.iterchildren():
            tag = child.tag
            if tag == f"{_W}p":
                p = Paragraph(child, container)
                out.paragraph(paragraph_text(child), _kind(p), before=_spacing(p, "space_before"),
                              after=_spacing(p, "space_after"), indented=_indented(p))
            elif tag == f"{_W}tbl":
                table = Table(child, container)
                out.table([[_cell_text(c) for c in _unique_cells(row)] for row in table.rows])
            elif tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    visit(content)

    from docx.document import Document as WordDocument

    visit(container.element.body if isinstance(container, WordDocument) else container._element)


def _header_footer_lines(doc, which: str) -> list[RawLine]:  # noqa: ANN001
    """Distinct lines of all sections' headers or footers (first-page and even-page variants included)."""
    out = _Collector()
    seen: set[str] = set()
    for section in doc.sections:
        parts = [getattr(section, which)]
        if section.different_first_page_header_footer:
            parts.insert(0, getattr(section, f"first_page_{which}"))
        parts.append(getattr(section, f"even_page_{which}"))
        for part in parts:
            if part is None or part.is_linked_to_previous:
                continue
            sub = _Collector()
            _body(part, sub)
            for line in sub.lines:
                text = line.words[0].text
                if text not in seen:
                    seen.add(text)
                    out.lines.append(line)
    return out.lines


def read_docx(path: Path, config: RunConfig) -> list[RawPage]:
    """The text of a Word verdict as one page: header lines, body, footer lines."""
    path = Path(path)
    check_zip(path, config)
    try:
        import docx

        doc = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{path.name} is not a valid Word document ({exc}).", error="corrupt_docx") from exc
    except Exception as exc:  # lxml XMLSyntaxError and friends: a damaged part inside the archive
        raise InputError(
            f"{path.name} is not a valid Word document (damaged content).", error="corrupt_docx"
        ) from exc

    body = _Collector()
    _body(doc, body)
    try:
        headers = _header_footer_lines(doc, "header")
        footers = _header_footer_lines(doc, "footer")
    except (KeyError, ValueError):
        headers, footers = [], []
    first_body = {ln.words[0].text.casefold() for ln in body.lines[:15]}
    headers = [ln for ln in headers if ln.words[0].text.casefold() not in first_body]
    header_texts = {ln.words[0].text for ln in headers}
    footers = [ln for ln in footers if ln.words[0].text not in header_texts]

    lines: list[RawLine] = []
    block = 0
    for group in (headers, body.lines, footers):
        last = None
        for ln in group:
            if last is not None and ln.block != last:
                block += 1
            last = ln.block
            lines.append(RawLine(ln.words, block=block, kind=ln.kind))
        if group:
            block += 1
    chars = sum(len(ln.words[0].text) for ln in lines)
    if chars > config.limits.max_text_chars:
        raise LimitExceeded(
            f"{path.name} holds {chars:,} characters of text; the limit is {config.limits.max_text_chars:,}.",
            error="text_too_large",
        )
    return [RawPage(number=1, method="docx", lines=lines)]


__all__ = ["check_zip", "paragraph_text", "read_docx"]
