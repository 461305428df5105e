"""Initials keep their dots on scans: Tesseract's fast models drop the dot of "Т.К." at 200 dpi (read
"ТК.", "НР." or "ВАЛ"); pipeline.ingest.ocr.restore_initials puts it back where the page shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.config import RunConfig
from pipeline.ingest.ocr import restore_initials
from pipeline.ingest.pdf import read_pdf_page
from pipeline.ingest.raw import RawLine, RawWord
from pipeline.model import BBox
from pipeline.samples.degrade import degrade, save_image_pdf, scan_pages
from pipeline.samples.generate import render_pdf

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _word(drawn: str, read: str, size: int = 42) -> tuple[Image.Image, RawLine]:
    """A word image as the page shows it (``drawn``) and the word as Tesseract read it (``read``)."""
    font = ImageFont.truetype(FONT, size)
    image = Image.new("L", (400, 120), 235)
    draw = ImageDraw.Draw(image)
    draw.text((40, 30), drawn, font=font, fill=30)
    x0, y0, x1, y1 = draw.textbbox((40, 30), drawn, font=font)
    return image, RawLine(words=[RawWord(read, BBox(x0=x0, y0=y0, x1=x1, y1=y1), 80.0)])


@pytest.mark.parametrize(
    ("drawn", "read", "expected"),
    [
        ("Т.К.", "ТК.", "Т.К."),      # the inner dot dropped
        ("Н.Р.", "НР", "Н.Р."),       # both dropped
        ("В.Л.", "ВАЛ", "В.Л."),      # the dot read as a letter
        ("С.Ј.", "С,Ј.", "С.Ј."),     # the dot read as a comma, the hook of Ј reaching under it
        ("Б.Ј.,", "БЈ.,", "Б.Ј.,"),
        ("А.С.,", "АС,", "А.С.,"),    # the comma after the initials stays a comma
        ("B.Z.", "BZ.", "B.Z."),      # Latin script the same
        ("Т.К.", "Т.К.", "Т.К."),     # read right: untouched
    ],
)
def test_dots_the_page_shows_are_put_back(drawn: str, read: str, expected: str) -> None:
    image, line = _word(drawn, read)
    restore_initials([line], image)
    assert line.words[0].text == expected


@pytest.mark.parametrize(("drawn", "read"), [("КЗ", "КЗ"), ("ВЈТ.", "ВЈТ."), ("РС,", "РС,"), ("II.", "II.")])
def test_abbreviations_without_dots_stay_as_read(drawn: str, read: str) -> None:
    image, line = _word(drawn, read)
    restore_initials([line], image)
    assert line.words[0].text == read


def test_initials_on_a_noisy_200_dpi_scan_keep_their_dots(tmp_path: Path) -> None:
    # a fictitious paragraph made into a scan as spoton evaluate makes them (rendered PDF, 200 dpi, noise,
    # JPEG) and read by the real batch path: the page rendered for OCR, real Tesseract
    text = ("Првостепени суд је правилно оценио исказе оштећених А.С., Н.Р., В.Л. и малолетне Т.К., "
            "који су сагласни, док је оштећена Н.Р. поставила имовинскоправни захтев, а оштећене В.Л. и Т.К. "
            "нису. Малолетна Т.К. је саслушана уз присуство психолога, а оштећена А.С. у просторијама суда. ") * 3
    clean = tmp_path / "clean.pdf"
    render_pdf(text, clean)
    scan = tmp_path / "scan.pdf"
    save_image_pdf([degrade(im, seed=7) for im in scan_pages(clean, dpi=200)], scan, dpi=200)
    got = " ".join(line.text for line in read_pdf_page(scan, 0, RunConfig(), langs="srp").lines)
    # 27 initials on the page; Tesseract alone kept 15 of them, with their dots put back 26
    kept = sum(min(got.count(i), text.count(i)) for i in ("А.С.", "Н.Р.", "В.Л.", "Т.К."))
    assert kept >= 24, got


def test_initials_glued_to_the_conjunction_are_separate_words() -> None:
    # a justified line whose spaces Tesseract lost: "оштећеним Р.Т.иЛ.В.и ..."
    line = RawLine(words=[RawWord("Р.Т.иЛ.В.и", BBox(x0=100, y0=10, x1=300, y1=50), 85.0)])
    restore_initials([line], Image.new("L", (400, 80), 235))
    assert [w.text for w in line.words] == ["Р.Т.", "и", "Л.В.", "и"]
    assert line.words[0].bbox.x0 == 100 and line.words[-1].bbox.x1 == 300
    for text in ("иди", "А.Б.иначе"):  # a word, and initials glued to a word: left as read
        line = RawLine(words=[RawWord(text, BBox(x0=0, y0=0, x1=90, y1=40), 85.0)])
        restore_initials([line], Image.new("L", (100, 50), 235))
        assert [w.text for w in line.words] == [text]


@pytest.mark.parametrize(("read", "expected"), [("3.М.", "З.М."), ("3.М.,", "З.М.,"), ("3.5.", "3.5."), ("3.", "3.")])
def test_digit_three_before_initials_is_the_letter_ze(read: str, expected: str) -> None:
    line = RawLine(words=[RawWord(read, BBox(x0=0, y0=0, x1=90, y1=40), 85.0)])
    restore_initials([line], Image.new("L", (100, 50), 235))
    assert line.words[0].text == expected


def test_initials_before_the_hook_of_je_keep_their_dots_on_a_scan(tmp_path: Path) -> None:
    # the hook of Ј reaches under the dot before it ("Р.Ј.,"): the dot is no comma's head
    text = ("Оштећени Р.Ј., Б.Ј. и С.Ј., малолетни, саслушани су у присуству психолога, а окривљени Р.Ј. "
            "је признао да је оштећене Б.Ј., С.Ј. и Р.Ј. држао у стану. ") * 4
    clean = tmp_path / "clean.pdf"
    render_pdf(text, clean)
    scan = tmp_path / "scan.pdf"
    save_image_pdf([degrade(im, seed=5) for im in scan_pages(clean, dpi=200)], scan, dpi=200)
    got = " ".join(line.text for line in read_pdf_page(scan, 0, RunConfig(), langs="srp").lines)
    kept = sum(min(got.count(i), text.count(i)) for i in ("Р.Ј.", "Б.Ј.", "С.Ј."))
    assert kept >= 22, got  # of 28: 24 (9 when a dot over the hook was taken for a comma's head)
