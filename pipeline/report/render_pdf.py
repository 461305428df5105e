"""The report as a PDF (fpdf2) with the DejaVu fonts embedded, so Serbian Latin and Cyrillic, Macedonian
and Albanian letters print everywhere. The second language follows the first in italics (in table cells
after " / "). Pages are numbered; table headers repeat on every page.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from pipeline import atomic
from pipeline.errors import ConfigError
from pipeline.report.content import (
    Cell,
    ChartBlock,
    Heading,
    Paragraph,
    ReportContent,
    TableBlock,
)
from pipeline.report.texts import Bi

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf",
         "BI": "DejaVuSans-BoldOblique.ttf"}
FAMILY = "DejaVu"
WIDTH_MM = 180.0
HEADER_FACE = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(90)
        self.cell(0, 6, f"{self.title_text} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0)

    title_text = ""


def _fonts(pdf: FPDF) -> None:
    missing = [name for name in FONTS.values() if not (FONT_DIR / name).is_file()]
    if missing:
        raise ConfigError(f"the PDF report needs the DejaVu fonts in {FONT_DIR} (missing: {', '.join(missing)}); "
                          "install them with `make` or the fonts-dejavu-core package, or write .docx or .html")
    for style, name in FONTS.items():
        pdf.add_font(FAMILY, style, str(FONT_DIR / name))


def _bi(pdf: FPDF, text: Bi | str, size: float, *, style: str = "", gap: float = 1.5) -> None:
    line = size * 0.5
    pdf.set_font(FAMILY, style, size)
    pdf.multi_cell(0, line, text if isinstance(text, str) else text.primary, align="L", new_x="LMARGIN",
                   new_y="NEXT")
    if isinstance(text, Bi) and text.secondary:
        pdf.set_text_color(85)
        pdf.set_font(FAMILY, "I" if "B" not in style else "BI", size * 0.92)
        pdf.multi_cell(0, line, text.secondary, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
    pdf.ln(gap)


def _text(value: Cell | Bi | str) -> str:
    if isinstance(value, Cell):
        return value.plain()
    if isinstance(value, Bi):
        return value.inline()
    return value


def _table(pdf: FPDF, header: list, rows: list[list], widths: list[float] | None, size: float = 7.5) -> None:
    pdf.set_font(FAMILY, "", size)
    numbers = [isinstance(c, Cell) and c.number for c in rows[0]] if rows else []
    align = tuple("RIGHT" if n else "LEFT" for n in numbers) or "LEFT"
    width = WIDTH_MM if len(header) > 2 else WIDTH_MM * 0.72
    with pdf.table(width=width, align="LEFT", col_widths=tuple(widths) if widths else None, text_align=align,
                   headings_style=HEADER_FACE, line_height=size * 0.5, padding=0.8,
                   repeat_headings=1, first_row_as_headings=True) as table:
        heading = table.row()
        for value in header:
            heading.cell(_text(value), align="LEFT")
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(_text(value))
    pdf.ln(1.5)


class _Wrapper:
    """Greedy line breaking with word widths measured once: fpdf2's multi_cell measures every character of
    every line, which made the annex (thousands of references) most of a big report's time."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.widths: dict[tuple[str, str, float, str], float] = {}

    def width(self, word: str) -> float:
        key = (self.pdf.font_family, self.pdf.font_style, self.pdf.font_size_pt, word)
        found = self.widths.get(key)
        if found is None:
            found = self.widths[key] = self.pdf.get_string_width(word)
        return found

    def lines(self, text: str, width: float) -> list[str]:
        space = self.width(" ")
        lines: list[str] = []
        current: list[str] = []
        used = 0.0
        for word in text.split():
            w = self.width(word)
            if current and used + space + w > width:
                lines.append(" ".join(current))
                current, used = [], 0.0
            used += (space if current else 0.0) + w
            current.append(word)
        if current or not lines:
            lines.append(" ".join(current))
        return lines


def _fast_paragraph(pdf: FPDF, wrapper: _Wrapper, text: str, height: float) -> None:
    for line in wrapper.lines(text, pdf.epw - 1):
        pdf.cell(pdf.epw, height, line, new_x="LMARGIN", new_y="NEXT")


def _fast_table(pdf: FPDF, wrapper: _Wrapper, header: list[str], rows: list[list[str]], widths: list[float],
                size: float = 7) -> None:
    """A plain bordered table, header repeated on every page: for the annex's list of every verdict."""
    total = sum(widths)
    columns = [pdf.epw * w / total for w in widths]
    line = size * 0.5
    pad = 0.8

    def draw(cells: list[str], bold: bool) -> None:
        pdf.set_font(FAMILY, "B" if bold else "", size)
        wrapped = [wrapper.lines(text, width - 2 * pad) for text, width in zip(cells, columns, strict=True)]
        height = max(len(lines) for lines in wrapped) * line + 2 * pad
        if pdf.get_y() + height > pdf.page_break_trigger and not bold:
            pdf.add_page()
            draw(header, True)
            pdf.set_font(FAMILY, "", size)
        x, y = pdf.l_margin, pdf.get_y()
        for lines, width in zip(wrapped, columns, strict=True):
            if bold:
                pdf.set_fill_color(230)
                pdf.rect(x, y, width, height, style="DF")
            else:
                pdf.rect(x, y, width, height)
            for k, text in enumerate(lines):
                pdf.set_xy(x + pad, y + pad + k * line)
                pdf.cell(width - 2 * pad, line, text)
            x += width
        pdf.set_xy(pdf.l_margin, y + height)

    pdf.set_auto_page_break(False, margin=16)  # rows break pages themselves, whole
    draw(header, True)
    for cells in rows:
        draw(cells, False)
    pdf.set_auto_page_break(True, margin=16)
    pdf.ln(1.5)


def render(content: ReportContent, out: Path) -> None:
    pdf = _Document(format="A4")
    _fonts(pdf)
    pdf.title_text = content.title.primary
    pdf.set_title(content.title.inline())
    pdf.set_lang(content.languages[0])
    pdf.set_creator("SPOT ON")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=16)
    pdf.alias_nb_pages()
    pdf.add_page()
    _bi(pdf, content.title, 20, style="B", gap=2)
    _bi(pdf, content.subtitle, 12, gap=4)
    for block in content.blocks:
        if isinstance(block, Heading):
            if block.level == 2 and pdf.get_y() > 230:
                pdf.add_page()
            pdf.ln(3 if block.level == 2 else 1)
            _bi(pdf, block.text, 14 if block.level == 2 else 11.5, style="B", gap=2)
        elif isinstance(block, Paragraph):
            size = {"note": 8.0, "colophon": 7.5}.get(block.style, 9.5)
            _bi(pdf, block.text, size, style="B" if block.style == "narrative" else "", gap=1.5)
        elif isinstance(block, TableBlock):
            if pdf.get_y() > 240:
                pdf.add_page()
            pdf.ln(1.5)
            _bi(pdf, block.title, 9.5, style="B", gap=1)
            _table(pdf, block.header, block.rows, block.widths)
            for note in block.notes:
                _bi(pdf, note, 7.5, gap=0.5)
            pdf.ln(2)
        elif isinstance(block, ChartBlock):
            width_px, height_px = struct.unpack(">II", block.png[16:24])  # the PNG's IHDR
            if pdf.get_y() + WIDTH_MM * height_px / width_px > pdf.page_break_trigger:
                pdf.add_page()
            pdf.image(io.BytesIO(block.png), w=WIDTH_MM, x=pdf.l_margin)
            pdf.ln(1)
            for note in block.notes:
                _bi(pdf, note, 7.5, gap=0.5)
            pdf.ln(2)
    annex = content.annex
    pdf.add_page()
    _bi(pdf, annex.title, 14, style="B", gap=2)
    _bi(pdf, annex.intro, 8.5, gap=2)
    _bi(pdf, annex.verdicts_title, 11.5, style="B", gap=1)
    wrapper = _Wrapper(pdf)
    _fast_table(pdf, wrapper, [h.inline() for h in annex.verdicts_header],
                [[v.ref, v.case_number, v.court, v.date, v.country, v.status.inline()] for v in annex.verdicts],
                [0.7, 2.2, 3.6, 1.5, 0.9, 1.4])
    pdf.ln(2)
    _bi(pdf, annex.figures_title, 11.5, style="B", gap=1)
    for entry in annex.figures:
        pdf.set_font(FAMILY, "B", 7)
        _fast_paragraph(pdf, wrapper, f"{entry.figure.inline()} — {entry.value.inline()}", 3.5)
        pdf.set_font(FAMILY, "", 7)
        _fast_paragraph(pdf, wrapper, ", ".join(text for text, _anchor in entry.refs), 3.5)
        pdf.ln(0.8)
    atomic.write_bytes(out, bytes(pdf.output()))
