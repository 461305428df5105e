"""Court names in any grammatical case and script → nominative name, level, country."""

from __future__ import annotations

import pytest

from pipeline.nlp.normalize import find_courts, normalize_court


@pytest.mark.parametrize(
    ("text", "name", "level", "country"),
    [
        ("Viši sud u Beogradu", "Viši sud u Beogradu", "higher", "RS"),
        ("VIŠEG SUDA U BEOGRADU", "Viši sud u Beogradu", "higher", "RS"),
        ("Višem sudu u Novom Sadu", "Viši sud u Novom Sadu", "higher", "RS"),
        ("Osnovni sud u Herceg Novom", "Osnovni sud u Herceg Novom", "basic", "ME"),
        ("OSNOVNI SUD u HERCEG NOVOM", "Osnovni sud u Herceg Novom", "basic", "ME"),
        ("OSNOVNI SUD U ULCINJU", "Osnovni sud u Ulcinju", "basic", "ME"),
        ("Osnovnim sudom u Podgorici", "Osnovni sud u Podgorici", "basic", "ME"),
        ("OSNOVNI SUD U BIJELOM POLJU", "Osnovni sud u Bijelom Polju", "basic", "ME"),
        ("Apelacionog suda u Kragujevcu", "Apelacioni sud u Kragujevcu", "appellate", "RS"),
        ("Vrhovni sud Crne Gore", "Vrhovni sud Crne Gore", "supreme", "ME"),
        ("Vrhovnog kasacionog suda", "Vrhovni kasacioni sud", "supreme", "RS"),
        ("Основни суд у Новом Саду", "Основни суд у Новом Саду", "basic", "RS"),
        ("Вишег суда у Београду", "Виши суд у Београду", "higher", "RS"),
        ("Основен кривичен суд Скопје", "Основен кривичен суд Скопје", "basic", "MK"),
        ("Основниот кривичен суд Скопје", "Основен кривичен суд Скопје", "basic", "MK"),
        ("Апелационен суд Скопје", "Апелационен суд Скопје", "appellate", "MK"),
        ("Апелациониот суд во Битола", "Апелационен суд Битола", "appellate", "MK"),
        ("Врховниот суд на Република Северна Македонија", "Врховен суд на Република Северна Македонија",
         "supreme", "MK"),
        ("Gjykata e Shkallës së Parë për Krime të Rënda Tiranë", "Gjykata e Shkallës së Parë për Krime të Rënda Tiranë",
         "special", "AL"),
        ("Gjykata e Apelit", "Gjykata e Apelit", "appellate", "AL"),
        ("Gjykatës së Apelit Durrës", "Gjykata e Apelit Durrës", "appellate", "AL"),
        ("Gjykata e Shkallës së Parë Vlorë", "Gjykata e Shkallës së Parë Vlorë", "basic", "AL"),
        ("Gjykatën e Lartë", "Gjykata e Lartë", "supreme", "AL"),
        ("Gjykata e Posaçme e Shkallës së Parë për Korrupsionin dhe Krimin e Organizuar",
         "Gjykata e Posaçme e Shkallës së Parë për Korrupsionin dhe Krimin e Organizuar", "special", "AL"),
        ("Gjykata Themelore në Prishtinë", "Gjykata Themelore Prishtinë", "basic", "XK"),
    ],
)
def test_normalize_court(text: str, name: str, level: str, country: str | None) -> None:
    court = normalize_court(text)
    assert court is not None
    assert (court.name, court.level, court.country) == (name, level, country)


def test_special_departments() -> None:
    court = normalize_court("Specijalno odeljenje za organizovani kriminal")
    assert (court.name, court.level, court.country) == ("Viši sud u Beogradu", "special", "RS")
    court = normalize_court("VIŠI SUD U PODGORICI - Specijalizovano odjeljenje za krivična djela organizovanog kriminala")
    assert (court.name, court.level, court.country, court.department) == (
        "Viši sud u Podgorici", "special", "ME", "Specijalizovano odjeljenje")


def test_unknown_or_masked_seat_is_kept_as_written() -> None:
    court = normalize_court("OSNOVNI SUD U B....AMA")
    assert (court.name, court.level, court.country) == ("Osnovni sud u B....ama", "basic", None)


@pytest.mark.parametrize("text", ["osnovni sud je utvrdio", "sudija Rade", "Gjykata", "суд", "01.12.2021.", ""])
def test_not_a_court(text: str) -> None:
    assert normalize_court(text) is None


def test_find_courts_spans() -> None:
    text = ("OSNOVNI SUD U PODGORICI, sudija ..., osuđivan presudama Osnovnog suda u Nikšiću i Višeg suda u "
            "Podgorici")
    found = find_courts(text)
    assert [c.name for c in found] == ["Osnovni sud u Podgorici", "Osnovni sud u Nikšiću", "Viši sud u Podgorici"]
    assert text[found[0].start:found[0].end] == "OSNOVNI SUD U PODGORICI"


@pytest.mark.parametrize(
    ("text", "name", "written"),
    [
        ("Viši sud u B.Polju", "Viši sud u Bijelom Polju", "Viši sud u B.Polju"),
        ("Višeg suda u B.Polju. Smatra se", "Viši sud u Bijelom Polju", "Višeg suda u B.Polju"),
        ("Osnovni sud u Herceg Novi", "Osnovni sud u Herceg Novom", "Osnovni sud u Herceg Novi"),
        ("presudom Osnovnog suda u Prijepolju K.br. 4/12", "Osnovni sud u Prijepolju", "Osnovnog suda u Prijepolju"),
        ("Osnovnog suda u Podgrici Kri. br. 5/12", "Osnovni sud u Podgrici", "Osnovnog suda u Podgrici"),
        ("Основни суд у Б. Пољу", "Основни суд у Бијелом Пољу", "Основни суд у Б. Пољу"),
    ],
)
def test_abbreviated_and_unknown_seats(text: str, name: str, written: str) -> None:
    court = normalize_court(text)
    assert court.name == name
    assert text[court.start:court.end] == written


@pytest.mark.parametrize(
    ("text", "name", "level", "country"),
    [
        ("ŽUPANIJSKI SUD U OSIJEKU", "Županijski sud u Osijeku", "higher", "HR"),
        ("pred Općinskim sudom u Splitu", "Općinski sud u Splitu", "basic", "HR"),
        ("Visoki kazneni sud Republike Hrvatske", "Visoki kazneni sud Republike Hrvatske", "appellate", "HR"),
        ("Opštinski sud u Baru", "Opštinski sud u Baru", "basic", "ME"),
    ],
)
def test_croatian_courts(text: str, name: str, level: str, country: str) -> None:
    court = normalize_court(text)
    assert (court.name, court.level, court.country) == (name, level, country)


def test_skopje_organised_crime_department_is_special() -> None:
    text = "Основниот кривичен суд Скопје - Оддел за организиран криминал и корупција, судијата"
    court = normalize_court(text)
    assert court.name == "Основен кривичен суд Скопје" and court.level == "special"
    assert court.department == "Оддел за организиран криминал и корупција"
    assert text[court.start : court.end].endswith("корупција")
    assert normalize_court("Основен кривичен суд Скопје").level == "basic"
