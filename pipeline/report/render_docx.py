"""The report as a Word document (python-docx): what the analysts edit and publish. Headings use Word's
heading styles (the navigation pane and a table of contents work), tables the built-in "Table Grid"
style, the second language sits under the first in italics so an editor can delete it in one stroke.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from pipeline import atomic
from pipeline.report.content import (
    DRAFT,
    SMALL,
    Cell,
    ChartBlock,
    Heading,
    Paragraph,
    ReportContent,
    TableBlock,
)
from pipeline.report.texts import Bi

GREY = RGBColor(0x55, 0x55, 0x55)
_DOCX_LANG = {"sr-Latn": "sr-Latn-RS", "sr-Cyrl": "sr-Cyrl-RS", "mk": "mk-MK", "sq": "sq-AL", "en": "en-GB"}


def _bi(paragraph: DocxParagraph, text: Bi | str, *, bold: bool = False, size: float | None = None,
        same_line: bool = False) -> None:
    """The primary text, then the secondary in grey italics on the next line (or after " / ")."""
    if isinstance(text, str):
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        return
    run = paragraph.add_run(text.primary)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if text.secondary:
        if same_line:
            paragraph.add_run(" / ")
        else:
            run.add_break()
        second = paragraph.add_run(text.secondary)
        second.italic = True
        second.font.color.rgb = GREY
        if size:
            second.font.size = Pt(size * 0.92)


def _cell(cell: _Cell, value: Cell | Bi | str, *, header: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if isinstance(value, Cell):
        _bi(paragraph, value.text, bold=header, size=8.5)
        marks = (SMALL if value.small else "") + (DRAFT if value.draft else "")
        if marks:
            paragraph.add_run(marks).bold = True
        if value.number:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        _bi(paragraph, value, bold=header, size=8.5)
    paragraph.paragraph_format.space_after = Pt(0)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _table(document: docx.document.Document, header: list, rows: list[list], widths: list[float] | None) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, value in zip(table.rows[0].cells, header, strict=True):
        _cell(cell, value, header=True)
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _cell(cell, value)
    if widths:
        total = sum(widths)
        for column, width in zip(table.columns, widths, strict=True):
            for cell in column.cells:
                cell.width = Cm(16.5 * width / total)


def render(content: ReportContent, out: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.element.get_or_add_rPr()  # the language of the text, for spelling and hyphenation
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), _DOCX_LANG.get(content.languages[0], "en-GB"))
    normal.element.rPr.append(lang)
    document.core_properties.title = content.title.inline()
    document.core_properties.subject = content.subtitle.inline()
    document.core_properties.language = _DOCX_LANG.get(content.languages[0], "en-GB")

    title = document.add_heading(level=0)
    _bi(title, content.title)
    _bi(document.add_paragraph(), content.subtitle, size=12)
    for block in content.blocks:
        if isinstance(block, Heading):
            _bi(document.add_heading(level=min(block.level, 3)), block.text)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            size = {"note": 8.5, "colophon": 8.0}.get(block.style)
            _bi(paragraph, block.text, size=size, bold=block.style == "narrative")
        elif isinstance(block, TableBlock):
            caption = document.add_paragraph()
            caption.paragraph_format.keep_with_next = True
            caption.paragraph_format.space_before = Pt(8)
            _bi(caption, block.title, bold=True)
            _table(document, block.header, block.rows, block.widths)
            for note in block.notes:
                _bi(document.add_paragraph(), note, size=8)
        elif isinstance(block, ChartBlock):
            document.add_picture(io.BytesIO(block.png), width=Cm(16))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            for note in block.notes:
                _bi(document.add_paragraph(), note, size=8)
    annex = content.annex
    document.add_page_break()
    _bi(document.add_heading(level=1), annex.title)
    _bi(document.add_paragraph(), annex.intro, size=9)
    _bi(document.add_heading(level=2), annex.verdicts_title)
    _table(document, annex.verdicts_header,
           [[v.ref, v.case_number, v.court, v.date, v.country, v.status] for v in annex.verdicts],
           [0.7, 2.2, 3.6, 1.5, 0.9, 1.3])
    _bi(document.add_heading(level=2), annex.figures_title)
    for entry in annex.figures:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        _bi(paragraph, entry.figure, bold=True, size=8.5, same_line=True)
        paragraph.add_run(" — ").font.size = Pt(8.5)
        _bi(paragraph, entry.value, size=8.5, same_line=True)
        refs = paragraph.add_run(": " + ", ".join(text for text, _anchor in entry.refs))
        refs.font.size = Pt(8.5)
    buffer = io.BytesIO()
    document.save(buffer)
    atomic.write_bytes(out, buffer.getvalue())
