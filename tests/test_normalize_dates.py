"""Dates as verdicts write them, in every language and script, and what is not a date."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.nlp.normalize import find_dates, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28.07.2021. godine", D(2021, 7, 28)),
        ("28.07.2021.godine", D(2021, 7, 28)),
        ("28. 07. 2021.", D(2021, 7, 28)),
        ("25.06. 2010 .", D(2010, 6, 25)),
        ("dana 16.12.2015.godine", D(2015, 12, 16)),
        ("8.3.2018 g.", D(2018, 3, 8)),
        ("12.03.19", D(2019, 3, 12)),  # two-digit year → 2019
        ("01.02.98", D(1998, 2, 1)),  # two-digit year in the past century
        ("2021-07-28", D(2021, 7, 28)),
        ("28/07/2021", D(2021, 7, 28)),
        # Serbian / Montenegrin month names, genitive and locative
        ("25. avgusta 2020.", D(2020, 8, 25)),
        ("25. augusta 2020", D(2020, 8, 25)),
        ("24. aprila 2021. godine", D(2021, 4, 24)),
        ("13. Jun 2012", D(2012, 6, 13)),
        ("1.jula 2019", D(2019, 7, 1)),
        ("3. DECEMBRA 2015.", D(2015, 12, 3)),
        ("5 septembar 2011", D(2011, 9, 5)),
        # Serbian Cyrillic
        ("25. јануара 2019.", D(2019, 1, 25)),
        ("10. фебруара 2020. године", D(2020, 2, 10)),
        # Croatian month names
        ("3. siječnja 2014.", D(2014, 1, 3)),
        ("14. studenoga 2016.", D(2016, 11, 14)),
        # Macedonian
        ("10 јуни 2019", D(2019, 6, 10)),
        ("10.06.2019 година", D(2019, 6, 10)),
        ("22 септември 2017 година", D(2017, 9, 22)),
        ("1 јануари 2020", D(2020, 1, 1)),
        # Albanian, with and without the definite ending, with and without ë
        ("12 qershor 2020", D(2020, 6, 12)),
        ("më 3 janarit 2018", D(2018, 1, 3)),
        ("5 nëntor 2019", D(2019, 11, 5)),
        ("5 nentor 2019", D(2019, 11, 5)),
        ("datë 20.05.2016", D(2016, 5, 20)),
        # a date followed by a comma and more words
        ("më 23.01.2011, në orët e mbrëmjes", D(2011, 1, 23)),
        ("të datës 08.10.2024, shqyrtoi", D(2024, 10, 8)),
        ("dana 14.02.2019, oko 22 časa", D(2019, 2, 14)),
        # English
        ("June 12, 2020", D(2020, 6, 12)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1.5",  # a figure, not a date
        "12.30 časova",  # a time
        "31.02.2020",  # no such day
        "30. februara 2021",
        "12.13.2020",  # no 13th month
        "čl. 4 st. 2",
        "100.000,00 dinara",
        "K.br. 4/15",
        "5,133 grama",
        "12.03.2019,5",  # a comma and a digit: a figure
        "14.30.",
        "",
    ],
)
def test_not_a_date(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_spans_point_at_the_date() -> None:
    text = "Presuda od 28.07.2021. godine, pravnosnažna 10. avgusta 2021. i optužnica od 3.2.21."
    found = find_dates(text)
    assert [v for _, _, v in found] == [D(2021, 7, 28), D(2021, 8, 10), D(2021, 2, 3)]
    assert [text[s:e] for s, e, _ in found] == ["28.07.2021.", "10. avgusta 2021.", "3.2.21."]


def test_dates_inside_other_numbers_are_not_taken() -> None:
    # a decimal amount or a phone-like run of figures must not yield a date
    assert find_dates("iznos od 12.345.678,00 eura") == []
    assert find_dates("tel. 020.12.2020.1") == []
