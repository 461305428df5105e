"""Scans: citations, case numbers, units and names Tesseract misreads in a way real text is not written
(pipeline.ingest.ocr repair_article_digits, repair_article_slashes, repair_case_number_slash,
repair_register_digits, repair_glued_units, repair_name_starts, drop_line_start_specks). Unit cases on
read lines (the misreadings as Tesseract gives them, and the look-alike real text that must stay), then
real Tesseract on rendered, degraded pages: what is read right stays as it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ocr_line

from pipeline.config import RunConfig
from pipeline.ingest import ingest
from pipeline.ingest.ocr import (
    drop_line_start_specks,
    repair_article_digits,
    repair_article_slashes,
    repair_case_number_slash,
    repair_fractions,
    repair_glued_units,
    repair_name_starts,
    repair_register_digits,
    split_register_specks,
)
from pipeline.ingest.raw import RawLine
from pipeline.samples.degrade import degrade, save_image_pdf, scan_pages
from pipeline.samples.generate import render_pdf


def _texts(lines: list[RawLine]) -> list[str]:
    return [ln.text for ln in lines]


def test_an_article_no_criminal_code_has_is_read_back_with_its_look_alike_digit() -> None:
    lines = [ocr_line("të akuzuar për veprën “Organizata kriminale” (neni 833 i"), ocr_line("K.Penal) dhe"),
             ocr_line("за кривично дело из члана 833 став 1 Кривичног законика"),
             ocr_line("sipas nenit 808 të Kodit Civil dhe nenit 833 të Kodit Civil"),  # a civil code: left
             ocr_line("neni 333 i K.Penal, neni 388 i KP")]  # right as read: left
    assert repair_article_digits(lines) == 2
    assert "(neni 333 i" in lines[0].text and "члана 333 став 1" in lines[2].text
    assert lines[3].text == "sipas nenit 808 të Kodit Civil dhe nenit 833 të Kodit Civil"
    assert lines[4].text == "neni 333 i K.Penal, neni 388 i KP"


def test_the_slashes_of_a_lettered_citation_are_read_back() -> None:
    lines = [ocr_line("parashikuar nga neni 1281bi1 i Kodit Penal"), ocr_line("sipas nenit 333Jaj2, 110fajl dhe"),
             ocr_line("2814 të Kodit Penal"), ocr_line("nga neni 110Va,2 në nenin 110Jall"),
             ocr_line("neni 114/a i K.Penal, neni 1071 i Kodit Civil"),  # written so / a civil article: left
             ocr_line("viti 2814 dhe 1281bi1")]  # no article word before: left
    assert repair_article_slashes(lines) == 6
    assert _texts(lines)[:4] == ["parashikuar nga neni 128/b/1 i Kodit Penal", "sipas nenit 333/a/2, 110/a/1 dhe",
                                 "28/4 të Kodit Penal", "nga neni 110/a/2 në nenin 110/a/1"]
    assert _texts(lines)[4:] == ["neni 114/a i K.Penal, neni 1071 i Kodit Civil", "viti 2814 dhe 1281bi1"]


def test_a_case_numbers_slash_and_a_registers_digit_are_read_back() -> None:
    lines = [ocr_line("Nr. 19912025 i Regj. Themeltar"), ocr_line("Број: ЗК 144/2023"),
             ocr_line("Nr. 1187 i Vendimit, Nr. 24112-00188-00-2024"),  # numbers as written: left
             ocr_line("из члана 144 ЗКП, Кт. бр. 602/23")]
    assert repair_case_number_slash(lines) + repair_register_digits(lines) == 2
    assert _texts(lines)[:2] == ["Nr. 199/2025 i Regj. Themeltar", "Број: 3К 144/2023"]
    assert _texts(lines)[2:] == ["Nr. 1187 i Vendimit, Nr. 24112-00188-00-2024", "из члана 144 ЗКП, Кт. бр. 602/23"]


def test_a_speck_glued_to_a_unit_and_a_fractions_slash_are_dropped() -> None:
    lines = [ocr_line("dënohet me 2 (dy) vjet e tetë imuaj burgim"), ocr_line("10 imuaj, pas uljes me 113."),
             ocr_line("Zbritja 123 e dënimit"), ocr_line("i muaj nuk ka, imuajt")]  # words as written: left
    assert repair_glued_units(lines) == 2
    assert repair_fractions(lines) == 2
    assert _texts(lines) == ["dënohet me 2 (dy) vjet e tetë muaj burgim", "10 muaj, pas uljes me 1/3.",
                             "Zbritja 1/3 e dënimit", "i muaj nuk ka, imuajt"]


def test_names_first_letters_read_as_look_alikes_are_put_back() -> None:
    lines = [ocr_line("Совет: Горги Белески, претседател, Горан Горѓиевски и Бупчо Бубиќ, членови"),
             ocr_line("судијата Биљана Бојчевска и Горан Ѓорѓиевски")]  # names as written: left
    assert repair_name_starts(lines) == 3
    assert lines[0].text == "Совет: Ѓорги Белески, претседател, Горан Ѓорѓиевски и Љупчо Бубиќ, членови"
    assert lines[1].text == "судијата Биљана Бојчевска и Горан Ѓорѓиевски"


def test_a_speck_at_a_lines_start_is_dropped() -> None:
    lines = [ocr_line("јавног тужиоца у Новом Саду Горана"), ocr_line("· Пантелића, окривљених"),
             ocr_line("GJYKATA · Vendim nr. 18 · faqe 2"), ocr_line("·")]  # between words, alone: left
    assert drop_line_start_specks(lines) == 1
    assert _texts(lines) == ["јавног тужиоца у Новом Саду Горана", "Пантелића, окривљених",
                             "GJYKATA · Vendim nr. 18 · faqe 2", "·"]


SQ = """Republika e Shqipërisë
GJYKATA E SHKALLËS SË PARË KORÇË
Nr. 412/2024 i Regj. Themeltar

# V E N D O S I

Deklarimin fajtor të të pandehurit Arben Kola për veprën penale të parashikuar nga neni 128/b/1 i Kodit
Penal dhe nga neni 333 i K.Penal, dhe dënimin e tij me 4 (katër) vjet e 8 (tetë) muaj burgim, pas uljes
me 1/3. Shpenzimet sipas nenit 608 të Kodit Civil.
"""

SR = """Република Србија
ОСНОВНИ СУД У НИШУ
Број: 3К 218/2024
Дана: 11.03.2024.

Основни суд у Нишу, по судији Ђорђу Ковачу, уз учешће записничара Ане Перић, у присуству заменика
јавног тужиоца Основног јавног тужилаштва у Нишу Горана Милића, због кривичног дела из члана 333
став 1 Кривичног законика, донео је дана 11.03.2024. године
"""

MK = """Република Северна Македонија
ОСНОВЕН СУД СКОПЈЕ
К.бр. 312/2023

Основниот суд Скопје, во совет составен од судијата Ѓорги Петровски, претседател, и Љупчо Стојанов и
Горан Ѓорѓиевски, судии поротници, со записничар Биљана Трајкова, постапувајќи по обвинението на
јавниот обвинител Љубица Илиевска, за кривично дело од член 418-а став 1 од Кривичниот законик
"""


@pytest.mark.parametrize("source, wanted", [
    (SQ, ["neni 128/b/1 i Kodit", "neni 333 i K.Penal", "4 (katër) vjet e 8 (tetë) muaj", "uljes",
          "nenit 608 të Kodit Civil", "Nr. 412/2024 i Regj"]),
    (SR, ["Број: 3К 218/2024", "Горана Милића", "члана 333"]),
    (MK, ["Ѓорги Петровски", "Љупчо Стојанов", "Горан Ѓорѓиевски", "Љубица Илиевска"]),
])
def test_citations_and_names_read_right_on_a_scan_stay_right(tmp_path: Path, source: str, wanted: list[str]) -> None:
    clean = tmp_path / "clean.pdf"
    render_pdf(source, clean)
    scan = tmp_path / "scan.pdf"
    save_image_pdf([degrade(im, seed=3) for im in scan_pages(clean, dpi=200)], scan, dpi=200)
    text = " ".join(ingest(scan, RunConfig()).text.split())
    for phrase in wanted:
        assert phrase in text


def test_a_double_surname_broken_at_a_lines_end_is_joined() -> None:
    from pipeline.ingest.ocr import join_line_end_names

    lines = [ocr_line("во совет составен од судиите Петар Илиев, Марија Ристеска-"),
             ocr_line("Ѓорѓиева и Ана Трајкова, членови"), ocr_line("во Скопје и Куманово-"),
             ocr_line("ПРЕСУДА и понатаму")]  # capitals only on the next line: a heading, left
    assert join_line_end_names(lines) == 1
    assert lines[0].text.endswith("Марија Ристеска-Ѓорѓиева") and lines[1].text.startswith("и Ана")
    assert lines[2].text.endswith("Куманово-") and lines[3].text.startswith("ПРЕСУДА")
    hyphen = [ocr_line("Вера Ристеска-Горѓиева, претседател")]
    assert repair_name_starts(hyphen) == 1 and hyphen[0].text.startswith("Вера Ристеска-Ѓорѓиева,")


def test_a_speck_between_a_register_and_its_number_is_split_off() -> None:
    lines = [ocr_line("Одељење за малолетнике Км.:9/24"), ocr_line("Број: К.;112/2023 и Кт. бр. 602/23"),
             ocr_line("чл.:5 и Км. 9/24")]  # no case number after the mark / written so: left
    assert split_register_specks(lines) == 2
    assert _texts(lines) == ["Одељење за малолетнике Км. 9/24", "Број: К. 112/2023 и Кт. бр. 602/23",
                             "чл.:5 и Км. 9/24"]


def test_slashes_of_citations_in_a_list_or_before_the_code_are_read_back() -> None:
    from pipeline.ingest.ocr import repair_listed_article_slashes

    lines = [ocr_line("sipas nenet 333/a/1 (për të parin), 333Jal2 (për të dytin dhe"),
             ocr_line("të tretin) dhe 1287b)1 të Kodit Penal, si dhe (nenit 110Ja(2),"),
             ocr_line("parashikuar nga neni 110Ibi Kodit Penal.")]
    assert repair_listed_article_slashes(lines) == 4
    assert _texts(lines) == ["sipas nenet 333/a/1 (për të parin), 333/a/2 (për të dytin dhe",
                             "të tretin) dhe 128/b/1 të Kodit Penal, si dhe (nenit 110/a/2),",
                             "parashikuar nga neni 110/b i Kodit Penal."]


def test_numbers_that_are_no_misread_citation_stay() -> None:
    from pipeline.ingest.ocr import repair_listed_article_slashes

    text = ["viti 2014a dhe 141a të Kodit Penal", "nr. 4517a)2 i Kodit Penal", "ora 1104a72 e Kodit Civil",
            "me 110Ibi të tjera"]
    lines = [ocr_line(t) for t in text]
    assert repair_listed_article_slashes(lines) == 0
    assert _texts(lines) == text
