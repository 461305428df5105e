"""Scans: words of a table cell split or glued by OCR are mended by the document's own words
(pipeline.ingest.ocr.mend_table_words), and a digit read as a look-alike letter before a unit of time is put
back (repair_unit_digits). Unit cases on read lines, and real Tesseract on a rendered, degraded table: what
the reread reads right stays as it is."""

from __future__ import annotations

from pathlib import Path

from conftest import ocr_line

from pipeline.config import RunConfig
from pipeline.ingest import ingest
from pipeline.ingest.ocr import (
    mend_table_words,
    repair_fractions,
    repair_unit_digits,
    repair_word_start_glyphs,
)
from pipeline.ingest.raw import RawLine, RawPage
from pipeline.samples.degrade import degrade, save_image_pdf, scan_pages
from pipeline.samples.generate import render_pdf


def _page(*lines: RawLine, method: str = "ocr") -> RawPage:
    return RawPage(number=1, method=method, lines=list(lines))  # type: ignore[arg-type]


def test_a_digit_read_as_a_letter_before_a_unit_of_time_is_put_back() -> None:
    lines = [ocr_line("Besnik Duka | A vjet e 6 muaj burgim | 1 vit", "table"),
             ocr_line("осуђује се на казну затвора у трајању од З године и 6 месеци"),
             ocr_line("A vjen i pandehuri në gjykatë")]  # "A" not before a unit: a word
    assert repair_unit_digits(lines) == 2
    assert lines[0].text == "Besnik Duka | 4 vjet e 6 muaj burgim | 1 vit"
    assert "од 3 године и 6 месеци" in lines[1].text
    assert lines[2].text.startswith("A vjen")


def test_a_reductions_slash_read_as_a_seven_is_put_back() -> None:
    lines = [ocr_line("sipas nenit 406 të K.Pr.Penale i zbritet 173 dhe përfundimisht dënohet"),
             ocr_line("8 vjet burgim, pas uljes së 173, 5 vjet e 4 muaj"),
             ocr_line("I pandehuri | Pas zbritjes 173 | Dënimi", "table"),
             ocr_line("Nr. 173 Vendimi, datë 12.03.2024")]  # a number, no reduction before it
    assert repair_fractions(lines) == 3
    assert "zbritet 1/3 dhe" in lines[0].text and "së 1/3, 5" in lines[1].text
    assert "zbritjes 1/3 |" in lines[2].text and lines[3].text.startswith("Nr. 173 ")


def test_lje_read_as_two_letters_at_a_words_start_is_put_back() -> None:
    lines = [ocr_line("Совет составен од судијата Стојна Петрова, претседател, и ЈБиљана Ристова, член"),
             ocr_line("(ЈБупче Николовски), обвинител ЈБУБИНКА"),  # capitals after the pair: left
             ocr_line("подносители ЈБ и Т.Р.")]
    assert repair_word_start_glyphs(lines) == 2
    assert "и Љиљана Ристова" in lines[0].text and lines[1].text.startswith("(Љупче Николовски)")
    assert "ЈБУБИНКА" in lines[1].text and lines[2].text == "подносители ЈБ и Т.Р."


def test_a_name_split_inside_a_cell_is_joined_by_the_documents_words() -> None:
    table = ocr_line("2 | Mirela Bardhoshi t | e bija e Fatosit | av. Gent Lek a", "table")
    page = _page(table, ocr_line("e pandehura Mirela Bardhoshit dhe mbrojtësi av. Gent Leka, i pranishëm"))
    assert mend_table_words([page]) == 2
    assert table.text == "2 | Mirela Bardhoshit | e bija e Fatosit | av. Gent Leka"


def test_a_short_word_glued_inside_a_cell_is_split_off() -> None:
    table = ocr_line("1. | С.Ђ. | 3 (три) годинеи 6 (шест) месеци | 1980", "table")
    prose = [ocr_line("на казну затвора од 2 (две) године и 4 (четири) месеца, а окривљени Д.М. од 1 године"),
             ocr_line("и 3 месеца; окривљени и оштећена")]
    assert mend_table_words([_page(table, *prose)]) == 1
    assert table.text == "1. | С.Ђ. | 3 (три) године и 6 (шест) месеци | 1980"


def test_words_written_so_elsewhere_are_left() -> None:
    table = ocr_line("Dritan Kola | i biri i Ilirit | 5 vjet burgim", "table")
    page = _page(table, ocr_line("i pandehuri Dritan Kola, i biri i Ilirit, dënohet me 5 vjet burgim"))
    assert mend_table_words([page]) == 0
    assert table.text == "Dritan Kola | i biri i Ilirit | 5 vjet burgim"
    word_table = ocr_line("Mirela Bardhoshi t", "table")  # a Word file's table is left to its reader
    assert mend_table_words([_page(word_table, ocr_line("Mirela Bardhoshit"), method="text")]) == 0


VERDICT = """Republika e Shqipërisë
GJYKATA E SHKALLËS SË PARË VLORË
Nr. 88/2023

# V E N D O S I

1. Deklarimin fajtorë të të pandehurve Besnik Duka dhe Arjana Mehmeti si më poshtë:

| I pandehuri | Dënimi i caktuar | Zbritja | Dënimi përfundimtar |
| Besnik Duka | 4 vjet e 6 muaj burgim | 1 vit e 6 muaj | 3 vjet burgim |
| Arjana Mehmeti | 2 vjet e 3 muaj burgim | 9 muaj | 1 vit e 6 muaj burgim |

Të pandehurit Besnik Duka dhe Arjana Mehmeti vuajnë dënimin në burg.
"""


def test_a_table_read_right_on_a_scan_is_left_as_read(tmp_path: Path) -> None:
    clean = tmp_path / "clean.pdf"
    render_pdf(VERDICT, clean)
    scan = tmp_path / "scan.pdf"
    save_image_pdf([degrade(im, seed=5) for im in scan_pages(clean, dpi=200)], scan, dpi=200)
    doc = ingest(scan, RunConfig())
    rows = [doc.text[b.start:b.end] for p in doc.pages for b in p.blocks if b.kind == "table"]
    assert len(rows) == 3
    assert "Besnik Duka" in rows[1] and "vjet e 6 muaj" in rows[1] and "3 vjet burgim" in rows[1]
    assert "Arjana Mehmeti" in rows[2] and "1 vit e 6 muaj burgim" in rows[2]
