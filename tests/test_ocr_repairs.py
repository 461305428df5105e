"""Scans: word-level repairs after OCR (pipeline.ingest.ocr): a date misread after the word announcing it
(repair_dates), a speck read as a colon inside a phrase (drop_colon_specks) and a misread heading of a part of
the verdict (repair_headings). Fictitious lines, in the words Tesseract returns them."""

from __future__ import annotations

from pipeline.ingest.ocr import (
    drop_colon_specks,
    drop_court_colon_specks,
    drop_heading_specks,
    repair_dates,
    repair_headings,
    repair_inner_stems,
    repair_roman_numerals,
)
from pipeline.ingest.raw import RawLine, RawWord


def _words(text: str) -> list[RawLine]:
    return [RawLine(words=[RawWord(t) for t in text.split()])]


def test_a_date_misread_after_its_announcing_word_is_repaired() -> None:
    lines = _words("Shkodër, më 1910312022 Durrës, datë 05.1 2.2019 дана 30.0 4.2021. године")
    assert repair_dates(lines) == 3
    assert lines[0].text == "Shkodër, më 19/03/2022 Durrës, datë 05.12.2019 дана 30.04.2021. године"


def test_numbers_that_are_no_misread_date_stay() -> None:
    text = "më 1913312022 дана 14.11.2023. године nenin 110/a 1.2023 u iznosu 1710712021"
    lines = _words(text)  # month 33; already a date; no announcing word
    assert repair_dates(lines) == 0
    assert lines[0].text == text


def test_a_colon_after_a_word_that_cannot_end_a_phrase_is_dropped() -> None:
    lines = _words("për kryerjen e: veprës penale, кривично дело из: члана 388, за: дело")
    assert drop_colon_specks(lines) == 3
    assert lines[0].text == "për kryerjen e veprës penale, кривично дело из члана 388, за дело"


def test_a_colon_that_opens_a_list_stays() -> None:
    text = "vendosi: Deklarimin fajtor, и то: 1. Н.П., на: Кривично"
    lines = _words(text)
    assert drop_colon_specks(lines) == 0
    assert lines[0].text == text


def _heading(text: str) -> str:
    lines = _words(text)
    repair_headings(lines)
    return lines[0].text


def test_a_misread_letter_spaced_heading_is_put_back() -> None:
    assert _heading("ПРЕСУЉЋУ") == "ПРЕСУДУ"  # "П Р Е С У Д У": Д read as two letters
    assert _heading("НРЕСУ ДУ") == "ПРЕСУДУ"
    assert _heading("ПРЕСУЛУ.") == "ПРЕСУДУ."
    assert _heading("ОСУБУЈЕ") == "ОСУЂУЈЕ"
    assert _heading("ПРЕСУЛА") == "ПРЕСУДА"  # Macedonian
    assert _heading("ГО ОСУДУБА") == "ГО ОСУДУВА"
    assert _heading("AKTGJYKLM") == "AKTGJYKIM"


def test_headings_as_written_and_other_capitals_stay() -> None:
    for text in ("ПРЕСУДУ", "ПРЕСУДА", "ПРЕСУДЕ", "КРИВИСУ", "ГИ ОСУДУВА", "РЕПУБЛИКА СРБИЈА", "ЗАПИСНИЧАР",
                 "СУДИЈА", "ВЕЋЕ", "ОСУДИ", "ОПТУЖЕНИ Б.Д.", "Пресуду", "VENDOS"):
        assert _heading(text) == text


def test_a_colon_read_after_the_courts_word_in_a_heading_is_dropped() -> None:
    lines = _words("ОСНОВЕН СУД: СТРУГА") + _words("GJYKATA: E APELIT") + _words("ВИШИ СУД: БЕОГРАД")
    assert drop_court_colon_specks(lines) == 3
    assert [ln.text for ln in lines] == ["ОСНОВЕН СУД СТРУГА", "GJYKATA E APELIT", "ВИШИ СУД БЕОГРАД"]


def test_a_colon_after_the_courts_word_in_running_text_or_before_a_list_stays() -> None:
    text = ["Суд: Основен суд Струга", "СУД: 1. Основен", "ОСНОВЕН СУД:", "Gjykata: Apeli"]
    lines = [ln for t in text for ln in _words(t)]
    assert drop_court_colon_specks(lines) == 0
    assert [ln.text for ln in lines] == text


def test_a_speck_read_as_a_mark_beside_a_heading_is_dropped() -> None:
    lines = _words(": ПРЕСУДА") + _words(". VENDOSI") + _words("Образложение :") + _words("' ВО ИМЕТО НА НАРОДОТ") \
        + _words("СЕ ОСЛОБОДУВА ОД ОБВИНЕНИЕ ;")
    assert drop_heading_specks(lines) == 5
    assert [ln.text for ln in lines] == ["ПРЕСУДА", "VENDOSI", "Образложение", "ВО ИМЕТО НА НАРОДОТ",
                                         "СЕ ОСЛОБОДУВА ОД ОБВИНЕНИЕ"]


def test_marks_beside_other_lines_stay() -> None:
    text = ["ЗАПИСНИЧАР :", "SEKRETARE :", ". и тоа", "TIRANË '", ": 1. Н.П."]
    lines = [ln for t in text for ln in _words(t)]
    assert drop_heading_specks(lines) == 0
    assert [ln.text for ln in lines] == text


def test_lj_read_nj_inside_the_accuseds_and_the_courts_words_is_put_back() -> None:
    lines = _words("против окривњених П.Р. и С.Т.,") + _words("Окривњени М.Н.") + _words("ОКРИВЊЕНА З.К.") \
        + _words("(окривњеног Кривично одењење") + _words("КРИВИЧНО ОДЕЊЕЊЕ")
    assert repair_inner_stems(lines) == 6
    assert [ln.text for ln in lines] == ["против окривљених П.Р. и С.Т.,", "Окривљени М.Н.", "ОКРИВЉЕНА З.К.",
                                         "(окривљеног Кривично одељење", "КРИВИЧНО ОДЕЉЕЊЕ"]


def test_words_with_nj_as_written_stay() -> None:
    text = ["окривљени Сања Њего одељење", "обвинетиот ожењен решење Образложење", "Крању Тање Оњемер"]
    lines = [ln for t in text for ln in _words(t)]
    assert repair_inner_stems(lines) == 0
    assert [ln.text for ln in lines] == text


def test_roman_numerals_read_as_cyrillic_letters_at_a_points_start_are_put_back() -> None:
    lines = _words("П. Окривљени Петар Рајић") + _words("Ш. Обавезује се окривљени") \
        + _words("ТУ. Трошкови поступка") + _words("П ПРЕМА МАЛОЛЕТНОМ З.К.")
    assert repair_roman_numerals(lines, "srp+srp_latn") == 4
    assert [ln.words[0].text for ln in lines] == ["II.", "III.", "IV.", "II"]


def test_initials_letters_inside_a_line_and_other_pages_keep_their_letters() -> None:
    text = ["П.Р. је рођен", "Ш. и даље", "према П. Окривљени", "П.", "Према малолетном"]
    lines = [ln for t in text for ln in _words(t)]
    assert repair_roman_numerals(lines, "srp") == 0
    assert [ln.text for ln in lines] == text
    lines = _words("П. Окривљени Петар")
    assert repair_roman_numerals(lines, "mkd+srp") == 0
    assert lines[0].text == "П. Окривљени Петар"
