"""Defendants: found in personal-data paragraphs and the introduction, with what the paragraph says."""

from __future__ import annotations

from pathlib import Path

from pipeline.coding import build_record
from pipeline.coding.extract import names
from pipeline.config import RunConfig
from pipeline.ingest import ingest


def record(tmp_path: Path, text: str):
    path = tmp_path / "verdict.txt"
    path.write_text(text, encoding="utf-8")
    return build_record(ingest(path, RunConfig()))


def v(d: dict, dotted: str):
    node = d
    for part in dotted.split("."):
        node = node[part]
    return node.value


SR_TWO = """K.br. 4/15
U IME NARODA
Osnovni sud u Subotici, sudija Edit Kovač, kao sudija pojedinac, uz učešće zapisničara Tatjane Vujić, u krivičnom postupku protiv okrivljenih A.H. iz Subotice, koga brani advokat Robert Sabo iz Subotice, i T.N. iz Segedina, koga po službenoj dužnosti brani advokat Jelena Ristić iz Subotice, zbog krivičnog dela krijumčarenje ljudi iz člana 350 stav 2 Krivičnog zakonika, doneo je dana 09.02.2016. godine

P R E S U D U

OKRIVLJENI:

1. A.H., JMBG ***********, rođen 1988. godine u Subotici, državljanin Republike Srbije, neosuđivan, u pritvoru od 20.11.2014. godine do 19.12.2014. godine,

2. T.N., rođen 1975. godine u Segedinu, državljanin Mađarske, osuđivan,

K R I V I   S U

Što su dana 19.11.2014. godine omogućili nedozvoljen prelaz granice,

– čime su izvršili krivično delo nedozvoljen prelaz državne granice i krijumčarenje ljudi iz člana 350 stav 2 u vezi stava 1 Krivičnog zakonika,

pa sud okrivljenog A.H.

O S U Đ U J E

NA KAZNU ZATVORA U TRAJANJU OD 1 (JEDNE) GODINE I 6 (ŠEST) MESECI, u koju mu se uračunava vreme provedeno u pritvoru od 20.11.2014. godine do 19.12.2014. godine,

a okrivljenom T.N. izriče

USLOVNU OSUDU

kojom mu utvrđuje kaznu zatvora u trajanju od 8 (osam) meseci i istovremeno određuje da se ista neće izvršiti ukoliko okrivljeni u roku od 2 (dve) godine ne učini novo krivično delo.

O b r a z l o ž e n j e

Okrivljeni A.H. je u svojoj odbrani priznao izvršenje krivičnog dela. Okrivljeni T.N. je negirao izvršenje krivičnog dela.
"""


def test_two_defendants_from_the_numbered_paragraphs(tmp_path: Path) -> None:
    rec = record(tmp_path, SR_TWO)
    assert [v(d, "name") for d in rec.defendants] == ["A.H.", "T.N."]
    a, t = rec.defendants
    assert v(a, "sex") == "male" and v(a, "birth_year") == 1988
    assert v(a, "citizenship") == "državljanin Republike Srbije"
    assert v(t, "citizenship") == "državljanin Mađarske"
    assert v(a, "prior_convictions") is False and v(t, "prior_convictions") is True
    # custody credited in the sentence (from - to, in days); T.N.'s is not credited
    assert v(a, "detention_days") == 29 and v(t, "detention_days") is None
    # each counsel goes to the accused named just before
    assert v(a, "defense_counsel") == "Robert Sabo" and v(t, "defense_counsel") == "Jelena Ristić"
    assert v(a, "confession") is True and v(t, "confession") is False
    assert v(a, "plea_agreement") is False


def test_female_defendant_and_name_in_the_introduction_only(tmp_path: Path) -> None:
    text = """K. 7/20
U IME NARODA
Osnovni sud u Nišu, sudija Ana Jović, u krivičnom postupku protiv okrivljene S.R. iz Leskovca, zbog krivičnog dela krađa iz člana 203 stav 1 Krivičnog zakonika, doneo je dana 10.02.2021. godine

P R E S U D U

Okrivljena S.R., rođena 1992. godine u Leskovcu, državljanka Republike Srbije, neosuđivana,

K R I V A   J E

– čime je izvršila krivično delo krađa iz člana 203 stav 1 Krivičnog zakonika,

pa joj sud izriče NOVČANU KAZNU u iznosu od 50.000,00 dinara.
"""
    rec = record(tmp_path, text)
    (d,) = rec.defendants
    assert v(d, "name") == "S.R." and v(d, "sex") == "female" and v(d, "birth_year") == 1992
    assert v(d, "prior_convictions") is False
    assert v(d, "sentence.type") == "fine"
    assert v(d, "sentence.fine") == {"amount": "50000.00", "currency": "RSD"}


def test_albanian_defendants_in_the_introduction(tmp_path: Path) -> None:
    text = """GJYKATA E RRETHIT GJYQËSOR TIRANË

V E N D I M
NË EMËR TË REPUBLIKËS

Gjykata e Rrethit Gjyqësor Tiranë, e përbërë nga gjyqtarja Anila Bregu, me sekretare gjyqësore Eda Muça, mori në shqyrtim çështjen penale që u përket:

TË PANDEHURIT:

1. E.M., i biri i A. dhe i S., lindur në vitin 1986 në Elbasan, banues në Tiranë, rr. “Myslym Shyri”, shtetas shqiptar, i padënuar më parë, mbrojtur nga av. Arjan Lleshi.
2. F.D., e bija e Q. dhe e L., lindur në vitin 1991 në Fier, shtetase shqiptare, e dënuar më parë, mbrojtur nga av. Dorina Prifti.

V Ë R E N

Të pandehurit mohuan akuzën.

V E N D O S I

1. Deklarimin fajtor të të pandehurit E.M. për kryerjen e veprës penale “Trafikimi i personave të rritur”, parashikuar nga neni 110/a/1 i Kodit Penal, dhe dënimin e tij me 12 (dymbëdhjetë) vjet burgim.

2. Deklarimin fajtore të të pandehurës F.D. për kryerjen e veprës penale “Trafikimi i personave të rritur”, parashikuar nga neni 110/a/1 i Kodit Penal, dhe dënimin e saj me 9 (nëntë) vjet burgim.
"""
    rec = record(tmp_path, text)
    assert [v(d, "name") for d in rec.defendants] == ["E.M.", "F.D."]  # not the street "Myslym Shyri"
    e, f = rec.defendants
    assert v(e, "sex") == "male" and v(f, "sex") == "female"
    assert v(e, "birth_year") == 1986 and v(f, "birth_year") == 1991
    assert v(e, "citizenship") == "shtetas shqiptar"
    assert v(e, "prior_convictions") is False and v(f, "prior_convictions") is True
    assert v(e, "defense_counsel") == "Arjan Lleshi" and v(f, "defense_counsel") == "Dorina Prifti"
    assert v(e, "sentence.prison_months") == 144 and v(f, "sentence.prison_months") == 108


def test_names_in_the_nominative() -> None:
    assert names.nominative("Dragane Mitrović", "genitive") == "Dragana Mitrović"
    assert names.nominative("Милана Јовановића", "genitive") == "Милан Јовановић"
    assert names.nominative("Marka Ilića", "genitive") == "Marko Ilić"
    assert names.nominative("Anom Stanišić", "instrumental") == "Ana Stanišić"
    assert names.nominative("Mirjani Čepić", "dative") == "Mirjana Čepić"
    assert names.nominative("Škrelja Milene", "genitive") == "Škrelja Milena"
    assert names.nominative("H.K.", "genitive") == "H.K."
    assert names.nominative("Rade Ćetković", "nominative") == "Rade Ćetković"
    assert names.office_nominative("Višeg javnog tužilaštva u Nišu", "sr") == "Više javno tužilaštvo u Nišu"
    assert (
        names.office_nominative("Основното јавно обвинителство Куманово", "mk")
        == "Основно јавно обвинителство Куманово"
    )


def test_same_person() -> None:
    assert names.same_person("I. Đ.", "Đ. I.")  # initials in any order
    assert names.same_person("Milene Škrelja", "Milena Škrelja")  # case endings
    assert names.same_person("M. K.", "M.K.")
    assert not names.same_person("M.K.", "M.P.")
