"""Render the fictitious sample verdicts into the file formats courts hand out.

The verdict texts in ``sources/*.txt`` are written by the project (fictitious people and cases); the
catalog (``catalog.yaml``) says how each one is turned into a file in ``data/raw/``: a digital PDF with
running header and page footer, a Word file, a scan (PDF or TIFF), a phone photo, a text file in a
Windows code page, an HTML page copied from a court portal, or a PDF mixing text pages and a scan.
Everything is deterministic (fixed dates, seeded degradation), so ``python -m pipeline.samples``
rebuilds the same files and tests can rebuild any of them into a temporary folder.

Source markup (kept light so the text stays readable):

* blocks are separated by blank lines; a block of one line is a justified paragraph, a block of
  several lines is printed line by line (letterheads, lists of names);
* ``# text``     a centred bold heading line ("П Р Е С У Д У", "V E N D O S I");
* ``> text``     a right-aligned line;
* ``left || right``  two columns on one line (signatures: registrar left, judge right);
* ``| a | b |``  a table row (the first row of a block is the header row).

:func:`expected_body_text` gives the text a reader should recover: markup removed, table cells joined
by `` | `` (as ``pipeline.text.assemble`` joins them), no running headers or footers, no hyphenation.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.datafiles import parse_yaml
from pipeline.samples.base import SampleError, fixed_date
from pipeline.samples.degrade import (
    degrade,
    photograph,
    replace_pages_with_images,
    save_image_pdf,
    save_jpeg,
    save_tiff,
    scan_pages,
)

SAMPLES_DIR = Path(__file__).resolve().parent
SOURCES_DIR = SAMPLES_DIR / "sources"
CATALOG_PATH = SAMPLES_DIR / "catalog.yaml"
REPO_ROOT = SAMPLES_DIR.parents[1]
DEFAULT_OUT = REPO_ROOT / "data" / "raw"

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSerif.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSerif-Bold.ttf"

SHY = "\u00ad"


# --------------------------------------------------------------------------- catalog


@functools.cache
def _catalog_raw() -> dict[str, dict[str, Any]]:
    data = parse_yaml(CATALOG_PATH.read_text(encoding="utf-8"))
    entries = {}
    for entry in data["samples"]:
        entries[entry["id"]] = entry
    return entries


def catalog() -> dict[str, dict[str, Any]]:
    """All samples by id (a copy of ``catalog.yaml``): source, language, script, output, format, ..."""
    return {k: dict(v) for k, v in _catalog_raw().items()}


def sample_info(sample_id: str) -> dict[str, Any]:
    """One catalog entry; raises :class:`SampleError` naming the known ids when the id is unknown."""
    entries = _catalog_raw()
    if sample_id not in entries:
        raise SampleError(
            f"There is no sample called {sample_id!r}. Known samples: {', '.join(sorted(entries))}."
        )
    return dict(entries[sample_id])


def source_text(sample_id: str) -> str:
    """The marked-up source text of a sample (UTF-8, as written in ``sources/``)."""
    path = SOURCES_DIR / sample_info(sample_id)["source"]
    if not path.is_file():
        raise SampleError(f"The source text {path.name} of sample {sample_id!r} is missing.")
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- markup


@dataclass
class Block:
    """One block of the source: ``paragraph`` (justified), ``lines``, ``heading`` or ``table``."""

    kind: str
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


_TWO_COL = re.compile(r"\s*\|\|\s*")


def parse_blocks(text: str) -> list[Block]:
    """Split marked-up source text into blocks (see the module docstring for the markup)."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip("\n")):
        lines = [ln.rstrip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        if all(ln.lstrip().startswith("|") for ln in lines):
            rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines]
            blocks.append(Block("table", rows=rows))
        elif all(ln.startswith("# ") for ln in lines):
            blocks.append(Block("heading", lines=[ln[2:].strip() for ln in lines]))
        elif len(lines) == 1 and not lines[0].startswith("> ") and "||" not in lines[0]:
            blocks.append(Block("paragraph", lines=lines))
        else:
            blocks.append(Block("lines", lines=lines))
    return blocks


def plain_line(line: str) -> str:
    """A source line as a reader sees it: markup prefix removed, two columns joined by a space."""
    if line.startswith("# ") or line.startswith("> "):
        line = line[2:]
    if "||" in line:
        line = " ".join(p for p in _TWO_COL.split(line) if p)
    return line.strip()


def blocks_to_text(blocks: list[Block]) -> str:
    out = []
    for b in blocks:
        if b.kind == "table":
            out.append("\n".join(" | ".join(r) for r in b.rows))
        else:
            out.append("\n".join(plain_line(ln) for ln in b.lines))
    return "\n\n".join(out)


def expected_body_text(sample_id: str, *, with_first_header: bool = False) -> str:
    """What a perfect reader recovers from the sample: the verdict text without running headers,
    footers and page numbers, hyphenated words whole, lines by ``\\n``, blocks by ``\\n\\n``.

    ``with_first_header=True`` puts the running header line on top, for readers that keep the first
    occurrence of a repeated header (page 1), as ``pipeline.text.assemble`` does.
    """
    text = blocks_to_text(parse_blocks(source_text(sample_id)))
    header = sample_info(sample_id).get("header")
    if with_first_header and header:
        text = header + "\n\n" + text
    return text


def normalize_ws(text: str) -> str:
    """Collapse all whitespace to single spaces (for character error rates)."""
    return " ".join(text.replace(SHY, "").split())


# --------------------------------------------------------------------------- hyphenation

_VOWELS = set("aeiouyëAEIOUYËаеиоуАЕИОУ")
_NO_SPLIT = {"lj", "nj", "dž", "dh", "gj", "ll", "rr", "sh", "th", "xh", "zh", "ch"}


def _hyphen_point(word: str) -> int | None:
    """A plausible syllable break (before a consonant that starts a syllable), nearest the middle."""
    low = word.lower()
    candidates = []
    for i in range(3, len(word) - 3):
        if low[i] in _VOWELS or low[i + 1] not in _VOWELS or low[i - 1:i + 1] in _NO_SPLIT:
            continue
        candidates.append(i)
    if not candidates:
        return None
    return min(candidates, key=lambda i: abs(i - len(word) / 2))


def soft_hyphenate(text: str, *, min_len: int = 10, share: float = 0.5) -> str:
    """Insert soft hyphens into about ``share`` of the long lower-case words (chosen by a hash, so
    the choice is stable); the PDF renderer breaks a line there when it needs to and draws a '-'."""

    def repl(m: re.Match[str]) -> str:
        w = m.group(0)
        if len(w) < min_len or not w[1:].islower():
            return w
        if int(hashlib.md5(w.encode()).hexdigest()[:4], 16) / 0xFFFF >= share:
            return w
        i = _hyphen_point(w)
        return w if i is None else w[:i] + SHY + w[i:]

    return re.sub(r"[^\W\d_]+", repl, text)


# --------------------------------------------------------------------------- PDF


def _require_fonts() -> None:
    for f in (FONT_REGULAR, FONT_BOLD):
        if not f.is_file():
            raise SampleError(f"The font {f} is missing (install fonts-dejavu-core).")


def render_pdf(
    text: str,
    path: Path,
    *,
    header: str | None = None,
    footer: str | None = "{page}/{pages}",
    font_size: float = 11.0,
    date: str | _dt.date | None = None,
    title: str | None = None,
    hyphenate: bool = True,
) -> int:
    """Render marked-up verdict text as an A4 digital PDF (DejaVu Serif, justified, text layer).

    ``header`` is printed at the top of every page; ``footer`` at the bottom, with ``{page}`` and
    ``{pages}`` filled in (e.g. ``"Strana {page} od {pages}"``). ``date`` fixes the PDF creation date so
    the bytes are reproducible. Plain text without markup works too (every line a paragraph when
    separated by blank lines). Returns the number of pages.
    """
    from fpdf import FPDF, FontFace
    from fpdf.enums import XPos, YPos

    _require_fonts()
    fam = "DejaVuSerif"

    class _Verdict(FPDF):
        def header(self) -> None:  # noqa: D401 - fpdf2 hook
            if header:
                self.set_font(fam, "", 8.5)
                self.set_text_color(60, 60, 60)
                self.set_xy(self.l_margin, 11)
                self.cell(0, 4, header, align="L")
                self.set_draw_color(150, 150, 150)
                self.line(self.l_margin, 16.2, self.w - self.r_margin, 16.2)
                self.set_text_color(0, 0, 0)
                self.set_y(self.t_margin)

        def footer(self) -> None:
            if footer:
                self.set_y(-14)
                self.set_font(fam, "", 8.5)
                label = footer.replace("{page}", str(self.page_no())).replace("{pages}", "{nb}")
                self.cell(0, 4, label, align="C")

    pdf = _Verdict(format="A4", unit="mm")
    pdf.set_creation_date(fixed_date(date))
    pdf.set_producer("SPOT ON sample generator")
    pdf.set_creator("pipeline.samples")
    if title:
        pdf.set_title(title)
    pdf.set_margins(22, 21, 18)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font(fam, "", str(FONT_REGULAR))
    pdf.add_font(fam, "B", str(FONT_BOLD))
    pdf.add_page()
    lh = font_size * 0.47  # line height in mm (~1.33 x the font size)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    nl = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}

    for block in parse_blocks(text):
        if block.kind == "heading":
            pdf.ln(lh * 0.6)
            pdf.set_font(fam, "B", font_size + 1)
            for ln in block.lines:
                pdf.multi_cell(0, lh * 1.15, ln, align="C", **nl)
            pdf.ln(lh * 0.6)
        elif block.kind == "paragraph":
            pdf.set_font(fam, "", font_size)
            body = soft_hyphenate(block.lines[0]) if hyphenate else block.lines[0]
            pdf.multi_cell(0, lh, body, align="J", **nl)
            pdf.ln(lh * 0.45)
        elif block.kind == "lines":
            pdf.set_font(fam, "", font_size)
            for ln in block.lines:
                if "||" in ln:
                    left, _, right = (p.strip() for p in ln.partition("||"))
                    pdf.cell(width / 2, lh, left, align="C")
                    pdf.cell(width / 2, lh, right, align="C", **nl)
                elif ln.startswith("> "):
                    pdf.multi_cell(0, lh, ln[2:].strip(), align="R", **nl)
                else:
                    pdf.multi_cell(0, lh, ln.strip(), align="L", **nl)
            pdf.ln(lh * 0.45)
        elif block.kind == "table":
            pdf.set_font(fam, "", font_size - 1.5)
            ncol = max(len(r) for r in block.rows)
            weights = [max(len(r[i]) if i < len(r) else 0 for r in block.rows) for i in range(ncol)]
            weights = [max(w, 6) for w in weights]
            with pdf.table(
                col_widths=tuple(weights),
                text_align="LEFT",
                line_height=lh * 0.95,
                first_row_as_headings=True,
                headings_style=FontFace(emphasis="BOLD"),
            ) as table:
                for r in block.rows:
                    row = table.row()
                    for c in r + [""] * (ncol - len(r)):
                        row.cell(c)
            pdf.ln(lh * 0.6)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return pdf.page_no()


# --------------------------------------------------------------------------- DOCX


def _docx_field(paragraph: Any, instr: str, cached: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) with a cached result, as Word itself saves it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {instr} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = cached
    run.append(t)
    fld.append(run)
    paragraph._p.append(fld)


def _deterministic_zip(data: bytes, when: _dt.datetime) -> bytes:
    """Rewrite a DOCX (zip) with fixed member timestamps so the bytes do not depend on the clock."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = (when.year, when.month, when.day, 12, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def render_docx(
    text: str,
    path: Path,
    *,
    header: str | None = None,
    footer: str | None = "{page}/{pages}",
    date: str | _dt.date | None = None,
    title: str | None = None,
    pages_hint: int = 1,
) -> None:
    """Write marked-up verdict text as a Word file: headings (style Heading 1), justified paragraphs,
    tables (style Table Grid), a page header and a footer with PAGE/NUMPAGES fields.

    ``pages_hint`` is the cached value Word would show for NUMPAGES (readers that do not lay out the
    document see it); ``date`` fixes the document properties and zip timestamps.
    """
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt, RGBColor

    when = fixed_date(date)
    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin, sec.right_margin = Cm(2.5), Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(2.2), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    h1 = doc.styles["Heading 1"]
    h1.font.name = "Times New Roman"
    h1.font.size = Pt(13)
    h1.font.bold = True
    h1.font.color.rgb = RGBColor(0, 0, 0)

    if header:
        hp = sec.header.paragraphs[0]
        hp.text = header
        hp.runs[0].font.size = Pt(9)
    if footer:
        fp = sec.footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        parts = re.split(r"(\{page\}|\{pages\})", footer)
        for part in parts:
            if part == "{page}":
                _docx_field(fp, "PAGE", "1")
            elif part == "{pages}":
                _docx_field(fp, "NUMPAGES", str(pages_hint))
            elif part:
                fp.add_run(part)

    text_width = sec.page_width - sec.left_margin - sec.right_margin
    for block in parse_blocks(text):
        if block.kind == "heading":
            for ln in block.lines:
                p = doc.add_paragraph(ln, style="Heading 1")
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "paragraph":
            p = doc.add_paragraph(block.lines[0])
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1.0)
        elif block.kind == "lines":
            for i, ln in enumerate(block.lines):
                if "||" in ln:
                    left, _, right = (x.strip() for x in ln.partition("||"))
                    p = doc.add_paragraph(f"{left}\t{right}")
                    p.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
                elif ln.startswith("> "):
                    p = doc.add_paragraph(ln[2:].strip())
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                else:
                    p = doc.add_paragraph(ln.strip())
                if i < len(block.lines) - 1:
                    p.paragraph_format.space_after = Pt(0)
        elif block.kind == "table":
            ncol = max(len(r) for r in block.rows)
            table = doc.add_table(rows=0, cols=ncol)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for ri, r in enumerate(block.rows):
                cells = table.add_row().cells
                for ci, c in enumerate(r + [""] * (ncol - len(r))):
                    cells[ci].text = c
                    if ri == 0:
                        for run in cells[ci].paragraphs[0].runs:
                            run.font.bold = True
            doc.add_paragraph()

    cp = doc.core_properties
    cp.author = "pipeline.samples"
    cp.last_modified_by = "pipeline.samples"
    cp.title = title or ""
    cp.created = when.replace(tzinfo=None)
    cp.modified = when.replace(tzinfo=None)
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_deterministic_zip(buf.getvalue(), when))


# --------------------------------------------------------------------------- plain text, HTML


def render_text(text: str, path: Path, *, encoding: str = "utf-8", newline: str = "\n", width: int = 80) -> None:
    """Write the verdict as a plain-text file, as Word's "save as text" does: one line per paragraph,
    headings centred with spaces, signature columns padded; in the given code page and line ending."""
    out: list[str] = []
    for block in parse_blocks(text):
        if block.kind == "heading":
            out.extend(ln.center(width).rstrip() for ln in block.lines)
        elif block.kind == "table":
            out.extend("\t".join(r) for r in block.rows)
        else:
            for ln in block.lines:
                if "||" in ln:
                    left, _, right = (x.strip() for x in ln.partition("||"))
                    out.append(left.ljust(width // 2) + right)
                elif ln.startswith("> "):
                    out.append(ln[2:].strip().rjust(width))
                else:
                    out.append(ln.strip())
        out.append("")
    data = newline.join(out).encode(encoding)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


_HTML_HEAD = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {portal}</title>
<link rel="stylesheet" href="/static/css/portal.min.css?v=3.2.1">
<script src="/static/js/jquery-1.12.4.min.js"></script>
<script>var _paq = window._paq || []; _paq.push(['trackPageView']);</script>
</head>
<body class="page-odluka">
<div id="cookie-bar">Ovaj sajt koristi kolačiće (cookies). <a href="/kolacici">Saznajte više</a> <button>U redu</button></div>
<header class="site-header">
  <a class="logo" href="/"><img src="/static/img/grb.png" alt="Grb"> {portal}</a>
  <nav class="main-nav">
    <ul>
      <li><a href="/">Početna</a></li>
      <li><a href="/o-sudu">O sudu</a></li>
      <li class="active"><a href="/sudska-praksa">Sudska praksa</a></li>
      <li><a href="/javne-nabavke">Javne nabavke</a></li>
      <li><a href="/kontakt">Kontakt</a></li>
    </ul>
  </nav>
</header>
<div class="breadcrumb"><a href="/">Početna</a> &raquo; <a href="/sudska-praksa">Sudska praksa</a> &raquo; {title}</div>
<main>
<div class="sidebar"><h4>Pretraga odluka</h4><form action="/pretraga"><input name="q" placeholder="Broj predmeta"><button>Traži</button></form>
<ul class="filters"><li>Krivična materija</li><li>Građanska materija</li></ul></div>
<article class="odluka">
<h1 class="odluka-naslov">{title}</h1>
<p class="meta">Datum odluke: {date_local} &nbsp;|&nbsp; Oblast: Krivično pravo &nbsp;|&nbsp; <a href="#" onclick="window.print()">Štampaj</a></p>
<div class="tekst-odluke">
"""

_HTML_TAIL = """</div>
<p class="napomena"><i>Napomena: odluka je anonimizovana u skladu sa Pravilnikom o zameni, izostavljanju i uklanjanju podataka u sudskim odlukama.</i></p>
</article>
</main>
<footer class="site-footer">
<p>&copy; {year} {portal} &nbsp;|&nbsp; Sva prava zadržana &nbsp;|&nbsp; <a href="/mapa-sajta">Mapa sajta</a></p>
</footer>
<script>$(function(){{ $('#cookie-bar button').on('click', function(){{ $('#cookie-bar').hide(); }}); }});</script>
</body>
</html>
"""


def _html_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_html(
    text: str,
    path: Path,
    *,
    title: str,
    portal: str,
    date: str | _dt.date | None = None,
    lang: str = "sr",
) -> None:
    """Write the verdict as a court-portal page: navigation, breadcrumb, cookie bar and footer around
    the decision, which is marked up the way Word-exported HTML is (``<p align=...>``, ``&nbsp;``)."""
    when = fixed_date(date)
    body: list[str] = []
    for block in parse_blocks(text):
        if block.kind == "heading":
            for ln in block.lines:
                body.append(f'<p align="center" class="MsoNormal"><b>{_html_escape(ln)}</b></p>')
        elif block.kind == "paragraph":
            body.append(
                '<p class="MsoNormal" style="text-align:justify;text-indent:35.4pt">'
                f"{_html_escape(block.lines[0])}</p>"
            )
        elif block.kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{_html_escape(c)}</td>" for c in r) + "</tr>\n" for r in block.rows
            )
            body.append(f'<table border="1" cellspacing="0">\n{rows}</table>')
        else:
            parts = []
            for ln in block.lines:
                if "||" in ln:
                    left, _, right = (x.strip() for x in ln.partition("||"))
                    parts.append(
                        f"{_html_escape(left)}&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;{_html_escape(right)}"
                    )
                elif ln.startswith("> "):
                    parts.append(_html_escape(ln[2:].strip()))
                else:
                    parts.append(_html_escape(ln.strip()))
            body.append('<p class="MsoNormal">' + "<br>\n".join(parts) + "</p>")
    html = (
        _HTML_HEAD.format(
            lang=lang, title=_html_escape(title), portal=_html_escape(portal),
            date_local=when.strftime("%d.%m.%Y."),
        )
        + "\n".join(body)
        + "\n"
        + _HTML_TAIL.format(year=when.year, portal=_html_escape(portal))
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(html.encode("utf-8"))


# --------------------------------------------------------------------------- samples


def _pdf_kwargs(info: dict[str, Any]) -> dict[str, Any]:
    return {
        "header": info.get("header"),
        "footer": info.get("footer"),
        "font_size": float(info.get("font_size", 11.0)),
        "date": info.get("date"),
        "title": info.get("title"),
    }


def render_clean_pdf(sample_id: str, path: Path) -> int:
    """The undegraded digital rendering of any sample (what a scan was scanned from); page count."""
    info = sample_info(sample_id)
    return render_pdf(source_text(sample_id), path, **_pdf_kwargs(info))


def build_sample(sample_id: str, out_dir: Path | str = DEFAULT_OUT) -> Path:
    """Build one sample file into ``out_dir`` (default ``data/raw``) and return its path."""
    info = sample_info(sample_id)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / info["output"]
    text = source_text(sample_id)
    kind = info["kind"]
    seed = int(info.get("seed", 0))
    params = dict(info.get("degrade") or {})
    date = info.get("date")

    if kind == "digital":
        render_pdf(text, target, **_pdf_kwargs(info))
    elif kind == "docx":
        with tempfile.TemporaryDirectory() as tmp:
            pages = render_pdf(text, Path(tmp) / "layout.pdf", **_pdf_kwargs(info))
        render_docx(
            text, target, header=info.get("header"), footer=info.get("footer"), date=date,
            title=info.get("title"), pages_hint=pages,
        )
    elif kind == "text":
        render_text(text, target, encoding=info.get("encoding", "utf-8"), newline=info.get("newline", "\n"))
    elif kind == "html":
        render_html(
            text, target, title=info.get("title", sample_id), portal=info.get("portal", "Portal suda"),
            date=date, lang=info.get("language", "sr"),
        )
    elif kind in ("scan", "photo", "mixed"):
        with tempfile.TemporaryDirectory() as tmp:
            clean = Path(tmp) / "clean.pdf"
            render_clean_pdf(sample_id, clean)
            dpi = int(params.pop("dpi", 300))
            if kind == "mixed":
                scanned = [int(p) for p in info["scanned_pages"]]
                images = scan_pages(clean, dpi=dpi, pages=[p - 1 for p in scanned])
                images = [degrade(im, seed + i, **params) for i, im in enumerate(images)]
                replace_pages_with_images(clean, dict(zip(scanned, images, strict=True)), target,
                                             dpi=dpi, date=date, quality=int(info.get("jpeg_quality", 75)))
            elif kind == "photo":
                (page,) = scan_pages(clean, dpi=dpi, pages=[int(info.get("page", 1)) - 1])
                photo = photograph(page, seed, **params)
                save_jpeg(photo, target, quality=int(info.get("jpeg_quality", 88)))
            else:
                images = scan_pages(clean, dpi=dpi)
                images = [degrade(im, seed + i, **params) for i, im in enumerate(images)]
                if info["format"] == "tiff":
                    save_tiff(images, target, dpi=dpi, bilevel=bool(info.get("bilevel", False)))
                else:
                    save_image_pdf(images, target, dpi=dpi, date=date,
                                      quality=int(info.get("jpeg_quality", 75)))
    else:
        raise SampleError(f"Sample {sample_id!r} has an unknown kind {kind!r} in catalog.yaml.")
    return target


def build_all(out_dir: Path | str = DEFAULT_OUT, only: list[str] | None = None) -> list[Path]:
    """Build every sample (or the ids in ``only``) into ``out_dir``; returns the written paths."""
    ids = only or list(_catalog_raw())
    return [build_sample(i, out_dir) for i in ids]


def sample_path(sample_id: str, out_dir: Path | str = DEFAULT_OUT) -> Path:
    """Where the committed (or built) file of a sample lives."""
    return Path(out_dir) / sample_info(sample_id)["output"]


def clean_page_texts(sample_id: str, pdf_path: Path | str | None = None) -> list[str]:
    """Body text per page (running header and footer dropped, words hyphenated at line ends joined).

    Without ``pdf_path``: of the undegraded rendering, the reference for per-page OCR error rates of
    scans. With it: of the text layer of that PDF (a page without text layer gives "").
    """
    import pypdfium2 as pdfium

    info = sample_info(sample_id)
    with tempfile.TemporaryDirectory() as tmp:
        if pdf_path is None:
            pdf_path = Path(tmp) / "clean.pdf"
            render_clean_pdf(sample_id, pdf_path)
        doc = pdfium.PdfDocument(str(pdf_path))
        texts = []
        try:
            for i in range(len(doc)):
                tp = doc[i].get_textpage()
                raw = tp.get_text_range()
                tp.close()
                texts.append(_strip_furniture(raw, info))
        finally:
            doc.close()
    return texts


def _strip_furniture(raw: str, info: dict[str, Any]) -> str:
    lines = [ln.strip() for ln in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    header = info.get("header")
    if header and lines and normalize_ws(lines[0]) == normalize_ws(header):
        lines = lines[1:]
    footer = info.get("footer")
    if footer and lines:
        pat = re.escape(footer).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+")
        if re.fullmatch(pat, lines[-1]):
            lines = lines[:-1]
    text = "\n".join(lines)
    # pdfium marks a hyphen it takes for a line-end hyphen as U+FFFE (or U+0002); join those words
    text = re.sub(r"[\ufffe\u0002]\n?", "", text)
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return text
