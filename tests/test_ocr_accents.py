"""Scans: the acute of Ѓ and Ќ and the grave of the word ѝ, which Tesseract drops on Macedonian pages at
200 dpi ("Г.Д." for Ѓ.Д., "Кулавкова" for Ќулавкова, "и" for ѝ), and Љ of initials read "Ј" ("Ј.Н." for
Љ.Н.); pipeline.ingest.ocr.restore_acutes and restore_wide_initials put them back from the page image. Real
Tesseract on rendered, degraded pages: they are read back, and letters without an accent (Горан, Котевски,
К.Г.) or a Ј as written stay as they are; Serbian pages are left."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline.ingest.ocr as ocr
from pipeline.config import RunConfig
from pipeline.ingest import ingest
from pipeline.ingest.raw import RawLine, RawWord
from pipeline.samples.degrade import degrade, save_image_pdf, scan_pages
from pipeline.samples.generate import render_pdf

MK = """Република Северна Македонија
ОСНОВЕН СУД КУМАНОВО
К.бр. 118/2022

Основниот суд Куманово, во совет составен од судијата Ќиро Ѓорѓиевски, претседател, и Горан Котевски и
Ѓулсер Ќамили, судии поротници, со записничар Елена Ќулавкова, постапувајќи по обвинението против
обвинетиот Ѓ.Д. и обвинетата К.Г., за кривично дело Трговија со луѓе од член 418-а став 1 од Кривичниот
законик, откако обвинетиот ѝ го одземал пасошот и ѝ ветил работа, ќе ја донесе следната
"""

SR = """Република Србија
ОСНОВНИ СУД У КРАГУЈЕВЦУ
Број: К 218/2024

Основни суд у Крагујевцу, по судији Горану Костићу, уз учешће записничара Ане Гајић, против окривљеног
К.Г. због кривичног дела из члана 388 став 1 Кривичног законика, донео је и објавио
"""


def _scan(tmp_path: Path, source: str, seed: int) -> Path:
    clean = tmp_path / "clean.pdf"
    render_pdf(source, clean)
    scan = tmp_path / f"scan{seed}.pdf"
    save_image_pdf([degrade(im, seed=seed) for im in scan_pages(clean, dpi=200)], scan, dpi=200)
    return scan


@pytest.mark.parametrize("seed", [1, 3, 5])
def test_acutes_dropped_by_tesseract_are_read_back_and_plain_letters_stay(tmp_path: Path, seed: int) -> None:
    text = " ".join(ingest(_scan(tmp_path, MK, seed), RunConfig()).text.split())
    for phrase in ("Елена Ќулавкова", "обвинетиот Ѓ.Д.", "обвинетиот ѝ го одземал", "и ѝ ветил",
                   "Горан Котевски", "Ќамили", "ќе ја донесе"):
        assert phrase in text
    assert "Ѓоран" not in text and "Ќотевски" not in text and "Ќ.Г." not in text and "К.Ѓ." not in text


def test_the_repair_is_what_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scan = _scan(tmp_path, MK, 3)
    monkeypatch.setitem(ocr.settings()["acutes"], "enabled", False)
    text = " ".join(ingest(scan, RunConfig()).text.split())
    assert "обвинетиот Г.Д." in text and "обвинетиот и го одземал" in text  # Tesseract alone


def test_serbian_pages_are_left(tmp_path: Path) -> None:
    text = " ".join(ingest(_scan(tmp_path, SR, 3), RunConfig()).text.split())
    assert "Костићу" in text and "Ане Гајић" in text and "Ѓ" not in text and "Ќ" not in text


def test_pages_of_other_languages_and_words_without_boxes_are_left() -> None:
    from PIL import Image

    lines = [RawLine(words=[RawWord("Г.Д.", None, 90.0), RawWord("и", None, 90.0)], kind="paragraph")]
    image = Image.new("L", (100, 40), 255)
    assert ocr.restore_acutes(lines, image, "srp+mkd") == 0
    assert ocr.restore_acutes(lines, image, "mkd") == 0
    assert [w.text for w in lines[0].words] == ["Г.Д.", "и"]


MK_INITIALS = """Република Северна Македонија
ОСНОВЕН СУД ВЕЛЕС
К.бр. 204/2021

Основниот суд Велес, во совет составен од судијата Марија Петровска, претседател, и судиите поротници,
постапувајќи по обвинението против обвинетиот Љ.Н. од Велес и обвинетата Ј.К. од Скопје, за кривично дело
Трговија со луѓе од член 418-а став 1 од Кривичниот законик, на штета на оштетената Љ.Т., ја донесе следната
"""


@pytest.mark.parametrize("seed", [1, 3])
def test_a_wide_initial_read_as_its_narrow_look_alike_is_read_back(tmp_path: Path, seed: int) -> None:
    text = " ".join(ingest(_scan(tmp_path, MK_INITIALS, seed), RunConfig()).text.split())
    assert "обвинетиот Љ.Н." in text and "оштетената Љ.Т." in text
    assert "Ј.К." in text  # a Ј as written stays


def test_tesseract_alone_reads_the_wide_initial_narrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scan = _scan(tmp_path, MK_INITIALS, 3)
    monkeypatch.setitem(ocr.settings()["wide_initials"], "enabled", False)
    text = " ".join(ingest(scan, RunConfig()).text.split())
    assert "обвинетиот Ј.Н." in text  # what restore_wide_initials puts right
