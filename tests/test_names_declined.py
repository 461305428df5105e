"""The one finder of an accused named by a (declined) surname (names.declined, names.named_by): Serbian,
Albanian and Macedonian, fictitious names."""

from __future__ import annotations

import re

from pipeline.coding.extract import names


def test_a_declined_serbian_surname_names_its_accused() -> None:
    people = ["Марко Бабић", "Јован Лазић"]
    assert names.named_by("Бабићу", people, "sr") == 0
    assert names.named_by("Лазићем", people, "sr") == 1
    assert names.named_by("Babića", ["Marko Babić", "Jovan Lazić"], "sr") == 0
    assert names.named_by("Бабићевић", people, "sr") is None  # more than a case ending


def test_a_declined_albanian_surname_names_its_accused() -> None:
    people = ["Klevis Hoxha", "Sokol Dema", "Arben Krasniqi"]
    assert names.named_by("Hoxhën", people, "sq") == 0
    assert names.named_by("Demës", people, "sq") == 1  # a four-letter name loses only its final vowel
    assert names.named_by("Krasniqit", people, "sq") == 2


def test_the_record_name_may_itself_be_declined() -> None:
    assert names.named_by("Ismaili", ["Agim Ismailija", "Besnik Gashi"], "sq") == 0


def test_macedonian_surnames_stand_whole() -> None:
    people = ["Марко Белев", "Ана Крстева", "Петар Крстев"]
    assert names.named_by("Белев", people, "mk") == 0
    assert names.named_by("белев", people, "mk") == 0  # case-blind
    assert names.named_by("Белевски", people, "mk") is None
    assert names.named_by("Крстева", people, "mk") == 1  # not her husband's surname in another form
    assert names.named_by("Крстев", people, "mk") == 2


def test_a_surname_two_accused_share_names_neither() -> None:
    assert names.named_by("Петровићу", ["Марко Петровић", "Јован Петровић"], "sr") is None
    assert names.named_by("Hoxhën", ["Klevis Hoxha", "Arta Hoxha"], "sq") is None
    assert names.named_by("Белев", ["Марко Белев", "Игор Белев"], "mk") is None


def test_a_short_surname_stands_whole_or_names_no_one() -> None:
    assert names.named_by("Ali", ["Gent Ali", "Besnik Gashi"], "sq") == 0
    assert names.named_by("Alit", ["Gent Ali", "Besnik Gashi"], "sq") is None  # three letters: whole
    assert names.named_by("Li", ["Ana Li", "Besnik Gashi"], "sq") is None  # under three letters: no one


def test_a_one_word_or_initials_name_has_no_surname_alone() -> None:
    assert names.named_by("Бабићу", ["Бабић", "Јован Лазић"], "sr") is None
    assert names.surname("Б.С.") == ""


def test_the_pattern_of_a_name_word_reads_its_cases() -> None:
    rx = re.compile("(?:" + names.declined_pattern("марија", "sr") + ")$")
    assert rx.match("марији") and rx.match("маријом")
    assert names.declined("мара", "sr") == ("мар", 4)
    assert names.declined("ана", "sr") == ("ана", 0)
    assert names.declined("крстева", "mk") == ("крстева", 0)
