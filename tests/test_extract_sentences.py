"""Sanctions: type, prison months, probation, fine, confiscation, security measures, custody credit."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.coding import build_record
from pipeline.config import RunConfig
from pipeline.ingest import ingest

HEAD = """K. 1/20
U IME CRNE GORE
OSNOVNI SUD U PODGORICI, sudija Rade Ćetković, uz učešće zapisničarke Edine Kraje, u krivičnom postupku protiv okrivljenog M. K., dana 14.02.2020. godine donio je

P R E S U D U

Okrivljeni M. K., JMB ..., rođen 1990. godine u P., državljanin Crne Gore, neosuđivan, u pritvoru od 28.11.2019. godine,

Kriv je

Što je dana 28. novembra 2019. godine oštetio tuđu stvar,
- čime je izvršio krivično djelo uništenje i oštećenje tuđe stvari iz čl. 253 st. 2 u vezi st. 1 Krivičnog zakonika Crne Gore.

"""


def sentence(tmp_path: Path, operative_tail: str) -> dict:
    path = tmp_path / "verdict.txt"
    path.write_text(
        HEAD + operative_tail + "\nO b r a z l o ž e n j e\nSud je odlučio kao u izreci.\n", encoding="utf-8"
    )
    rec = build_record(ingest(path, RunConfig()))
    d = rec.defendants[0]
    out = {k: fv.value for k, fv in d["sentence"].items()}
    out["detention_days"] = d["detention_days"].value
    return out


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        (
            "Pa ga sud osuđuje na kaznu zatvora u trajanju od 3 (tri) godine i 6 (šest) mjeseci, u koju mu se uračunava vrijeme provedeno u pritvoru od 28.11.2019. godine do 14.02.2020. godine.",
            {"type": "prison", "prison_months": 42, "suspended": False, "detention_days": 78},
        ),
        (
            "Pa mu sud izriče\nUSLOVNU OSUDU\nKojom mu utvrđuje kaznu zatvora u trajanju od 3 mjeseca i istovremeno određuje da se ista neće izvršiti ukoliko osuđeni u roku od 1 (jedne) godine od pravosnažnosti presude ne izvrši novo krivično djelo.",
            {"type": "conditional", "prison_months": 3, "suspended": True, "probation_months": 12},
        ),
        (
            "Pa mu sud izriče novčanu kaznu u iznosu od 600,00 €, koju je dužan platiti u roku od 15 dana.",
            {"type": "fine", "fine": {"amount": "600.00", "currency": "EUR"}},
        ),
        (
            "Pa mu sud izriče kaznu rada u javnom interesu u trajanju od 150 časova.",
            {"type": "community_service", "prison_months": None},
        ),
        (
            "Pa ga sud osuđuje na kaznu zatvora u trajanju od 1 (jedne) godine, koja će se izvršiti tako što će je okrivljeni izdržavati u prostorijama u kojima stanuje.",
            {"type": "house_arrest", "prison_months": 12},
        ),
    ],
)
def test_kinds_of_sanction(tmp_path: Path, tail: str, expected: dict) -> None:
    got = sentence(tmp_path, tail)
    for key, value in expected.items():
        assert got[key] == value, key


def test_security_measures_and_confiscation(tmp_path: Path) -> None:
    got = sentence(
        tmp_path,
        "Pa ga sud osuđuje na kaznu zatvora u trajanju od 6 (šest) mjeseci.\n"
        "MJERA BEZBJEDNOSTI\nOkrivljenom se izriče mjera bezbjednosti obavezno liječenje narkomana.\n"
        "Od okrivljenog se oduzima imovinska korist u iznosu od 3.600,00 eura.\n",
    )
    assert got["security_measures"] == ["addiction_treatment"]
    assert got["confiscation"] == {"amount": "3600.00", "currency": "EUR"}
    assert got["prison_months"] == 6


def test_no_sanction_found_gives_empty_lists_and_null_type(tmp_path: Path) -> None:
    got = sentence(tmp_path, "Troškovi postupka padaju na teret budžeta.\n")
    assert got["type"] is None and got["prison_months"] is None
    assert got["security_measures"] == [] and got["confiscated_items"] == []


def test_albanian_final_sentence_after_reduction(tmp_path: Path) -> None:
    text = """GJYKATA E SHKALLËS SË PARË PËR KRIME TË RËNDA TIRANË

V E N D I M

Gjykata, e përbërë nga gjyqtari Arben Hoxha, mori në shqyrtim çështjen penale që u përket:

I PANDEHURI: E.M., i biri i A., lindur në vitin 1986 në Elbasan, shtetas shqiptar, i padënuar më parë.

V Ë R E N

Provat janë të mjaftueshme.

V E N D O S I

1. Deklarimin fajtor të të pandehurit E.M. për kryerjen e veprës penale “Trafikimi i personave të rritur”, parashikuar nga neni 110/a/1 i Kodit Penal, dhe dënimin e tij me 12 (dymbëdhjetë) vjet burgim. Për shkak të gjykimit të shkurtuar, dënimi i ulet me 1/3 dhe përfundimisht i pandehuri E.M. dënohet me 8 (tetë) vjet burgim.

2. Fillimi i vuajtjes së dënimit llogaritet nga data e arrestimit, 03.10.2017.

U shpall në Tiranë, më 12.06.2018.
"""
    path = tmp_path / "v.txt"
    path.write_text(text, encoding="utf-8")
    d = build_record(ingest(path, RunConfig())).defendants[0]
    assert d["sentence"]["type"].value == "prison"
    assert d["sentence"]["prison_months"].value == 96  # "përfundimisht ... 8 vjet", not the 12 before
    assert d["detention_days"].value == 252  # from the arrest to the decision


def _sentence_of(tmp_path: Path, operative: str) -> dict:
    text = (
        "K. br. 5/21\nU IME CRNE GORE\nOsnovni sud u Baru, sudija Ana Perić, uz učešće zapisničara Ivana Lukića, "
        "u krivičnom predmetu protiv okrivljenog M. K., zbog krivičnog djela krađa iz čl. 239 st. 1 "
        "Krivičnog zakonika Crne Gore, dana 12.03.2021. godine donio je\nP R E S U D U\n"
        "Okrivljeni M. K., sa prebivalištem u Baru,\nK R I V J E\nŠto je dana 1.1.2021. godine u Baru "
        "oduzeo tuđu pokretnu stvar,\nčime je izvršio krivično djelo krađa iz čl. 239 st. 1 Krivičnog "
        "zakonika Crne Gore. \n \n" + operative + "\nO b r a z l o ž e nj e\nOkrivljeni je priznao.\n"
    )
    p = tmp_path / "v.txt"
    p.write_text(text, encoding="utf-8")
    return build_record(ingest(p, RunConfig())).defendants[0]["sentence"]


def test_conversion_into_prison_is_not_the_sentence(tmp_path: Path) -> None:
    s = _sentence_of(tmp_path, (
        "O S U Đ U J E\nNa kaznu rada u javnom interesu u trajanju od 120 (sto dvadeset) časova. \n \n"
        "Ukoliko okrivljeni ne bude vršio rad u javnom interesu, ova kazna će se zamijeniti kaznom zatvora "
        "u trajanju od 1 (jednog) mjeseca.\n"
    ))
    assert s["type"].value == "community_service" and s["prison_months"].value is None
    s = _sentence_of(tmp_path, (
        "O S U Đ U J E\nNa novčanu kaznu u iznosu od 400,00 eura, a ako je ne plati sud će novčanu kaznu "
        "zamijeniti kaznom zatvora, s tim da kazna zatvora ne može biti duža od šest mjeseci.\n"
    ))
    assert s["type"].value == "fine" and s["prison_months"].value is None


def test_prison_served_at_home_is_house_arrest_with_its_length(tmp_path: Path) -> None:
    s = _sentence_of(tmp_path, (
        "O S U Đ U J E\nNa kaznu zatvora u trajanju od 3 (tri) mjeseca koja će se izvršiti tako što će "
        "okrivljeni istu izdržavati u prostorijama u kojima stanuje. \n \nUkoliko okrivljeni jednom u "
        "trajanju preko 6 časova samovoljno napusti prostorije u kojima stanuje, sud će odrediti da ostatak "
        "kazne zatvora izdrži u Zavodu.\n"
    ))
    assert s["type"].value == "house_arrest" and s["prison_months"].value == 3
