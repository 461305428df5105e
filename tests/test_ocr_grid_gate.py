"""Scans: the grid search of ruled tables (pipeline.ingest.ocr.find_grids) runs in full only where a quick line
test on a reduced copy of the page counts enough long rules (``_quick_rules``); pages of text, or with an
underline or a signature line, skip it. Real page images, rendered and degraded as `spoton evaluate` makes
scans, with lines drawn on them (PIL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from test_ocr_tables import VERDICT as TABLE_VERDICT

from pipeline.ingest import ocr
from pipeline.ingest.ocr import analyse, find_grids, to_gray
from pipeline.samples.degrade import degrade, scan_pages
from pipeline.samples.generate import render_pdf

# fictitious
TEXT = """Република Србија
ВИШИ СУД У ЧАЧКУ
К бр. 23/22

# П Р Е С У Д У

Окривљени Н.П. рођен 1980. године у Горњем Милановцу, држављанин Србије, по занимању возач, крив је што је
у току 2021. године у Чачку врбовао оштећену С.М. ради сексуалне експлоатације, обећавајући јој посао у
угоститељству, па јој је одузео исправе и новац који је зарадила.

Чиме је извршио кривично дело трговине људима из члана 388 став 1 Кривичног законика.

Суд окривљеног осуђује на казну затвора у трајању од пет година.
"""


def _page(tmp_path: Path, source: str, rules: list[tuple[float, float, float]] = ()) -> Image.Image:
    """Page 1 scanned at 200 dpi (lines drawn on the paper first: ``rules`` (y, x0, x1), shares of the page),
    read at the OCR's 300 dpi as the PDF reader renders it."""
    clean = tmp_path / "clean.pdf"
    render_pdf(source, clean)
    paper = scan_pages(clean, dpi=200)[0].convert("L")
    w, h = paper.size
    draw = ImageDraw.Draw(paper)
    for y, x0, x1 in rules:
        draw.line([(int(x0 * w), int(y * h)), (int(x1 * w), int(y * h))], fill=0, width=2)
    return degrade(paper, seed=5).resize((w * 3 // 2, h * 3 // 2))


def _full_search(image: Image.Image, skew: float, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as m:
        m.setitem(ocr.settings()["tables"], "quick_test", False)
        return find_grids(image, skew)


def test_a_page_with_a_ruled_table_still_gets_its_grid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(tmp_path, TABLE_VERDICT)
    skew = analyse(to_gray(page)).skew
    assert ocr._quick_rules(to_gray(page), skew, ocr.settings()["tables"]) >= 3
    grids = find_grids(page, skew)
    assert len(grids) == 1 and (len(grids[0].rows), len(grids[0].cols)) == (5, 6)
    full = _full_search(page, skew, monkeypatch)
    assert [(g.rows, g.cols) for g in grids] == [(g.rows, g.cols) for g in full]


def test_a_page_of_plain_text_skips_the_full_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(tmp_path, TEXT)
    skew = analyse(to_gray(page)).skew
    assert ocr._quick_rules(to_gray(page), skew, ocr.settings()["tables"]) < 2
    called: list[bool] = []
    monkeypatch.setattr(ocr, "_runs", lambda mask: called.append(True) or [])  # the full search's row by row scan
    assert find_grids(page, skew) == [] and not called


def test_an_underline_skips_the_full_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(tmp_path, TEXT, [(0.30, 0.12, 0.55)])  # an underlined heading
    skew = analyse(to_gray(page)).skew
    assert ocr._quick_rules(to_gray(page), skew, ocr.settings()["tables"]) == 1  # the line is seen ...
    called: list[bool] = []
    monkeypatch.setattr(ocr, "_runs", lambda mask: called.append(True) or [])
    assert find_grids(page, skew) == [] and not called  # ... but alone: no full search, no grid


def test_two_lines_are_searched_with_a_rule_of_margin_but_give_no_grid(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A grid needs three rules; the full search runs from two, so that a table of three rules with one of them
    too faint for the quick test keeps its grid."""
    page = _page(tmp_path, TEXT, [(0.30, 0.12, 0.55), (0.85, 0.55, 0.88)])  # an underline, the signature line
    skew = analyse(to_gray(page)).skew
    assert ocr._quick_rules(to_gray(page), skew, ocr.settings()["tables"]) == 2
    assert find_grids(page, skew) == []
    assert _full_search(page, skew, monkeypatch) == []


def test_three_rules_without_columns_are_searched_but_give_no_grid(tmp_path: Path) -> None:
    page = _page(tmp_path, TEXT, [(y, 0.5, 0.88) for y in (0.80, 0.85, 0.90)])  # signature lines stacked
    skew = analyse(to_gray(page)).skew
    assert ocr._quick_rules(to_gray(page), skew, ocr.settings()["tables"]) >= 3
    assert find_grids(page, skew) == []
