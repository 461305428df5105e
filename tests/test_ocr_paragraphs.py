"""Scans: a paragraph typed with hard line breaks is one block, two paragraphs are two. Tesseract starts a paragraph after a short
line ("... од судије Драгослава" / "Марковића, као председника већа"); pipeline.ingest.ocr.join_split_paragraphs
joins the blocks the page shows as one (next line at the line pitch, from the same left edge, the line above
ending inside a sentence), so that a name broken there is read whole, as in the plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.coding import build_record
from pipeline.config import RunConfig
from pipeline.ingest import ingest
from pipeline.ingest.ocr import join_split_paragraphs, settings
from pipeline.ingest.raw import RawLine, RawWord
from pipeline.model import BBox
from pipeline.samples.degrade import degrade, save_image_pdf, scan_pages
from pipeline.samples.generate import render_pdf, render_text

# fictitious; the panel's sentence typed with hard line breaks, one of them inside a judge's name
VERDICT = """Република Србија
ВИШИ СУД У ЧАЧКУ
К бр. 17/22
14. марта 2023. године

# У ИМЕ НАРОДА

Виши суд у Чачку, у већу састављеном од судије Петра
Јовановића, као председника већа, и судија поротника Зорице Милић и Александра Тодоровића, као чланова
већа, уз учешће записничара Јелене Ранковић, у кривичном предмету против окривљених Н.П. и Д.С., због
кривичног дела трговина људима из члана 388 став 1 Кривичног законика, донео је и јавно објавио

# П Р Е С У Д У

ОКРИВЉЕНИ:
1. Н.П., рођен 1980. године у Чачку, од оца Милана, држављанин Републике Србије, неосуђиван,
2. Д.С., рођен 1985. године у Краљеву, од оца Петра, неосуђиван,

К Р И В И   С У

што су у 2021. години у Чачку врбовали оштећену С.М. ради сексуалне експлоатације,

чиме су извршили кривично дело трговина људима из члана 388 став 1 КЗ,

па их суд осуђује на казну затвора у трајању од по 4 (четири) године.
"""


def _line(text: str, x0: float, baseline: float, block: int) -> RawLine:
    words, x = [], x0
    for word in text.split():
        width = 18.0 * len(word)
        words.append(RawWord(word, BBox(x0=x, y0=baseline - 40, x1=x + width, y1=baseline), 90.0))
        x += width + 15
    return RawLine(words=words, block=block, bbox=BBox(x0=x0, y0=baseline - 40, x1=x - 15, y1=baseline))


def test_blocks_at_the_line_pitch_join_and_real_breaks_stay() -> None:
    lines = [
        _line("суд у већу од судије Петра", 300, 700, 0),          # ends inside the sentence
        _line("Јовановића, као председника већа, и", 300, 760, 1),   # next line at the pitch: joined
        _line("судија поротника Зорице Милић.", 300, 820, 1),
        _line("Нови пасус после размака почиње", 300, 910, 2),       # 1.5 pitches below: stays
        _line("овде и иде даље у", 300, 970, 2),
        _line("други ред без тачке на крају", 360, 1030, 3),        # indented: stays
        _line("ОКРИВЉЕНИ", 300, 1090, 3),
        _line("1. Н.П., рођен 1980. године", 300, 1150, 4),          # an item: stays
        _line("Чачак, 14. марта 2023.", 300, 1240, 4),             # a paragraph's space inside a block
    ]
    assert join_split_paragraphs(lines) == 1
    blocks = [ln.block for ln in lines]
    assert blocks[:8] == [0, 0, 0, 2, 2, 3, 3, 4] and blocks[8] not in blocks[:8]


def test_a_name_broken_at_a_hard_line_break_is_read_on_a_scan(tmp_path: Path) -> None:
    # the verdict as spoton evaluate makes a scan of it (rendered PDF, 200 dpi, noise, JPEG), real Tesseract
    clean = tmp_path / "clean.pdf"
    render_pdf(VERDICT, clean)
    scan = tmp_path / "scan.pdf"
    save_image_pdf([degrade(im, seed=3) for im in scan_pages(clean, dpi=200)], scan, dpi=200)
    text = tmp_path / "presuda.txt"
    render_text(VERDICT, text)
    expected = build_record(ingest(text, RunConfig())).case["judges"].value
    assert expected == ["Петар Јовановић", "Зорица Милић", "Александар Тодоровић"]
    doc = ingest(scan, RunConfig())
    assert "Петра\nЈовановића" in doc.text  # one block: the text stage reads the wrapped line as one
    assert "неосуђиван,\n\n2. Д.С." in doc.text or "\n2. Д.С." in doc.text  # the item starts its own line
    assert build_record(doc).case["judges"].value == expected


@pytest.fixture
def no_join():
    cfg = settings()["paragraphs"]
    saved = cfg["join_split"]
    cfg["join_split"] = False
    yield
    cfg["join_split"] = saved


def test_without_the_join_the_scan_loses_the_judge(tmp_path: Path, no_join: None) -> None:
    """What the join is for: Tesseract's own blocks lose the judge whose name the line break splits."""
    clean = tmp_path / "clean.pdf"
    render_pdf(VERDICT, clean)
    scan = tmp_path / "scan.pdf"
    save_image_pdf([degrade(im, seed=3) for im in scan_pages(clean, dpi=200)], scan, dpi=200)
    doc = ingest(scan, RunConfig())
    assert "Петра\n\nЈовановића" in doc.text
    assert "Петар Јовановић" not in build_record(doc).case["judges"].value


def test_a_word_split_at_a_kerning_gap_is_one_word() -> None:
    from pipeline.ingest.ocr import join_split_words

    def words(*spec: tuple[str, float, float]) -> RawLine:
        return RawLine(words=[RawWord(t, BBox(x0=x0, y0=100, x1=x1, y1=150), 90.0) for t, x0, x1 in spec])

    # "ВИШИ СУД У БЕОГ РАДУ": 3 pixels between БЕОГ and РАДУ, 17-20 between the words
    line = words(("ВИШИ", 310, 470), ("СУД", 490, 590), ("У", 609, 641), ("БЕОГ", 658, 790), ("РАДУ", 793, 928))
    assert join_split_words([line]) == 1
    assert [w.text for w in line.words] == ["ВИШИ", "СУД", "У", "БЕОГРАДУ"]
    assert (line.words[-1].bbox.x0, line.words[-1].bbox.x1) == (658, 928)
    # a short word set close by a justified line stays a word ("dënimin e", "роден на")
    line = words(("dënimin", 300, 480), ("e", 483, 500), ("tij", 530, 580), ("me", 610, 660))
    assert join_split_words([line]) == 0
