"""Scans: a ruled table is read row by row (pipeline.ingest.ocr.rebuild_tables), as the Word reader writes it
("1. | Н.П. | 1980, Чачак | ..."); Tesseract alone reads across the page, so the wrapped cells of a row mix
into each other's lines. Real Tesseract on a page rendered and degraded as `spoton evaluate` makes scans."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.config import RunConfig
from pipeline.ingest import ingest
from pipeline.ingest.ocr import analyse, find_grids, to_gray
from pipeline.samples.degrade import degrade, save_image_pdf, scan_pages
from pipeline.samples.generate import render_pdf

# fictitious; a table of defendants whose cells wrap (long places of birth, two-word counsel)
VERDICT = """Република Србија
ВИШИ СУД У ЧАЧКУ
К бр. 17/22

# П Р Е С У Д У

| Р.бр. | Окривљени | Рођен | Држављанство | Бранилац |
| 1. | Н.П. | 1980, Горњи Милановац | Србија | адв. Милан Петровић |
| 2. | Д.С. | 1985, Краљево | Србија | адв. Јована Стојковић Ранчић |
| 3. | М.Т. | 1991, Ивањица | Србија | по службеној дужности |

што су у 2021. години у Чачку врбовали оштећену С.М. ради сексуалне експлоатације.
"""


def _scan(tmp_path: Path) -> Path:
    clean = tmp_path / "clean.pdf"
    render_pdf(VERDICT, clean)
    scan = tmp_path / "scan.pdf"
    save_image_pdf([degrade(im, seed=5) for im in scan_pages(clean, dpi=200)], scan, dpi=200)
    return scan


def test_the_grid_of_a_ruled_table_is_found(tmp_path: Path) -> None:
    clean = tmp_path / "clean.pdf"
    render_pdf(VERDICT, clean)
    page = degrade(scan_pages(clean, dpi=200)[0], seed=5)
    grids = find_grids(page, analyse(to_gray(page)).skew)  # the page's tilt levelled first
    assert len(grids) == 1
    assert (len(grids[0].rows), len(grids[0].cols)) == (5, 6)  # 4 rows, 5 columns: their rules


def test_a_ruled_table_is_read_row_by_row_on_a_scan(tmp_path: Path) -> None:
    doc = ingest(_scan(tmp_path), RunConfig())
    rows = [b for p in doc.pages for b in p.blocks if b.kind == "table"]
    assert len(rows) == 4
    texts = [doc.text[b.start:b.end] for b in rows]
    # each row's cells together, though they wrap onto two lines (the noise still garbles some letters)
    assert "1980" in texts[1] and "Милановац" in texts[1] and "Петровић" in texts[1]
    assert "1985" in texts[2] and "Ранчић" in texts[2]
    assert "1991" in texts[3] and "дужности" in texts[3]
    assert all(re.search(r"\|\s*\w\.\w\.\s*\|", t) for t in texts[1:])  # initials with their dots
    assert all(t.count("|") == 4 for t in texts)  # five cells, in column order
    assert [t.split("|")[0].strip() for t in texts[1:]] == ["1.", "2.", "3."]  # the rows' numbers
    assert "што су у 2021." in doc.text  # the text after the table stays as it was
