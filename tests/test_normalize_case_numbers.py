"""Case numbers: court register, number, four-digit year, and what is not a case number."""

from __future__ import annotations

import pytest

from pipeline.nlp.normalize import find_case_numbers, parse_case_number


@pytest.mark.parametrize(
    ("text", "normalised", "register", "kind"),
    [
        ("K 124/20", "K 124/2020", "K", "first_instance"),
        ("K.br. 4/15", "K 4/2015", "K", "first_instance"),
        ("K.br.101/15", "K 101/2015", "K", "first_instance"),
        ("K. br. 587/12", "K 587/2012", "K", "first_instance"),
        ("K br. 122/14", "K 122/2014", "K", "first_instance"),
        ("Posl.br.K.176/16", "K 176/2016", "K", "first_instance"),
        ("K.br. 332/2011", "K 332/2011", "K", "first_instance"),
        ("K.PO1 23/14", "K-Po1 23/2014", "K-Po1", "organised_crime"),
        ("K-Po1 23/14", "K-Po1 23/2014", "K-Po1", "organised_crime"),
        ("Kž1 334/25", "Kž1 334/2025", "Kž1", "appeal"),
        ("Kž1 Po1 5/15", "Kž1-Po1 5/2015", "Kž1-Po1", "appeal"),
        ("Kž.br.12/19", "Kž 12/2019", "Kž", "appeal"),
        ("K-S 14/12", "K-S 14/2012", "K-S", "organised_crime"),
        ("Ks.br.14/12", "K-S 14/2012", "K-S", "organised_crime"),
        ("Kt.br.150/15", "Kt 150/2015", "Kt", "prosecutor"),
        ("Kt. br. 734/21", "Kt 734/2021", "Kt", "prosecutor"),
        ("KPO 3/19", "KPO 3/2019", "KPO", "organised_crime"),
        # Serbian Cyrillic
        ("К.бр. 83/12", "К 83/2012", "К", "first_instance"),
        ("Кж1 334/25", "Кж1 334/2025", "Кж1", "appeal"),
        # Macedonian
        ("КОК 60/14", "КОК 60/2014", "КОК", "organised_crime"),
        ("КОК бр. 60/14", "КОК 60/2014", "КОК", "organised_crime"),
        ("КОКЖ бр. 12/18", "КОКЖ 12/2018", "КОКЖ", "appeal"),
        # Albanian / Kosovo
        ("Nr. 56440-00372-00-2021", "56440-00372-00-2021", None, None),
        ("Nr. 123 Akti", "Nr. 123 Akti", "Akti", "other"),
        ("PKR. nr. 123/2015", "PKR 123/2015", "PKR", "first_instance"),
    ],
)
def test_parse_case_number(text: str, normalised: str, register: str | None, kind: str | None) -> None:
    cn = parse_case_number(text)
    assert cn is not None
    assert (cn.normalised, cn.register, cn.kind) == (normalised, register, kind)


def test_number_year_suffix_and_latin_key() -> None:
    cn = parse_case_number("K.br. 108/16-15")
    assert (cn.number, cn.year, cn.suffix, cn.normalised) == ("108", 2016, "15", "K 108/2016")
    assert parse_case_number("К.бр. 83/12").key == "K 83/2012"
    assert parse_case_number("КОК 60/14").key == "KOK 60/2014"
    assert parse_case_number("Nr. 56440-00372-00-2021").year == 2021


def test_bare_number_and_year_as_annotated() -> None:
    cn = parse_case_number("57/16")
    assert (cn.register, cn.number, cn.year) == (None, "57", 2016)


@pytest.mark.parametrize(
    "text",
    ["K.br.", "K.br. ", "Kt.br.", "1/2", "čl. 12/2010", "Sl. list CG br. 40/08", "P 1401/18", "12/2345678", ""],
)
def test_not_a_case_number(text: str) -> None:
    assert parse_case_number(text) is None


def test_find_case_numbers_in_a_header() -> None:
    text = ("K. br. 372/21\nU IME CRNE GORE\n... nakon pravosnažnosti rješenja o usvajanju sporazuma Kt. br. "
            "734/21 od 20.05.2021. godine, osuđivan presudom Osnovnog suda u K. K. br. 248/09")
    found = find_case_numbers(text)
    assert [c.normalised for c in found] == ["K 372/2021", "Kt 734/2021", "K 248/2009"]
    assert [c.kind for c in found] == ["first_instance", "prosecutor", "first_instance"]
    assert text[found[0].start:found[0].end] == "K. br. 372/21"
