"""Victims: found after role words, described, and each given the decision on their own claim."""

from __future__ import annotations

from pathlib import Path

from pipeline.coding import build_record
from pipeline.config import RunConfig
from pipeline.ingest import ingest


def victims(tmp_path: Path, text: str) -> list[dict]:
    path = tmp_path / "verdict.txt"
    path.write_text(text, encoding="utf-8")
    rec = build_record(ingest(path, RunConfig()))

    def flat(v: dict) -> dict:
        out = {k: fv.value for k, fv in v.items() if k != "compensation"}
        out.update({f"compensation.{k}": fv.value for k, fv in v["compensation"].items()})
        return out

    return [flat(v) for v in rec.victims]


SR = """K. 18/23
U IME NARODA
Viši sud u Kraljevu, sudija Vladimir Tomić, u krivičnom predmetu protiv okrivljenog Ž.M. iz Kraljeva, zbog krivičnog dela trgovina ljudima iz člana 388 stav 3 Krivičnog zakonika, dana 14.11.2024. godine doneo je

P R E S U D U

Okrivljeni Ž.M., rođen 1979. godine u Kraljevu, državljanin Republike Srbije, osuđivan,

K R I V   J E

Što je u periodu od septembra 2022. godine do 20.03.2023. godine vrbovao svog maloletnog sinovca L.M., starog 11 godina, i maloletnu sinovicu S.M., staru 9 godina, radi njihovog iskorišćavanja za prosjačenje,

– čime je izvršio krivično delo trgovina ljudima iz člana 388 stav 3 u vezi stava 1 Krivičnog zakonika,

pa ga sud osuđuje NA KAZNU ZATVORA U TRAJANJU OD 5 (PET) GODINA I 6 (ŠEST) MESECI.

OBAVEZUJE SE okrivljeni da maloletnom oštećenom L.M. na ime imovinskopravnog zahteva isplati iznos od 200.000,00 dinara, a maloletnoj oštećenoj S.M. iznos od 150.000,00 dinara, dok se maloletna oštećena S.M. sa preostalim delom imovinskopravnog zahteva preko dosuđenog do traženog iznosa od 200.000,00 dinara upućuje na parnični postupak.

Oštećena A.A. nije postavila imovinskopravni zahtev.

O b r a z l o ž e n j e

Maloletni oštećeni L.M. saslušan je u toku istrage u posebnoj prostoriji, uz pomoć psihologa, a na glavnom pretresu je, uz saglasnost stranaka, reprodukovan audio-video snimak tog saslušanja. Maloletna oštećena S.M., imajući u vidu njen uzrast, nije saslušavana. Oštećena A.A. je saslušana na glavnom pretresu i preko punomoćnika advokata P.P. se pridružila krivičnom gonjenju.
"""


def test_each_victim_gets_their_own_decision(tmp_path: Path) -> None:
    lm, sm, aa = victims(tmp_path, SR)
    assert (lm["name"], sm["name"], aa["name"]) == ("L.M.", "S.M.", "A.A.")
    assert lm["compensation.outcome"] == "granted"
    assert lm["compensation.awarded"] == {"amount": "200000.00", "currency": "RSD"}
    assert sm["compensation.outcome"] == "partly_granted"
    assert sm["compensation.awarded"] == {"amount": "150000.00", "currency": "RSD"}
    assert sm["compensation.amount"] == {"amount": "200000.00", "currency": "RSD"}  # "do traženog iznosa"
    assert sm["compensation.claimed"] is True
    assert aa["compensation.outcome"] == "not_claimed" and aa["compensation.claimed"] is False


def test_what_is_said_of_each_victim(tmp_path: Path) -> None:
    lm, sm, aa = victims(tmp_path, SR)
    assert lm["sex"] == "male" and sm["sex"] == "female" and aa["sex"] == "female"
    assert lm["age"] == 11 and sm["age"] == 9
    assert lm["minor"] is True and sm["minor"] is True
    assert lm["exploitation"] == ["begging"] and sm["exploitation"] == ["begging"]
    assert lm["relationship_to_defendant"] == "family"  # "svog maloletnog sinovca"
    assert lm["testified"] == "statement_read"  # recording of the earlier hearing played at trial
    assert sm["testified"] == "not_heard"
    assert aa["testified"] == "at_trial"
    assert lm["protected_witness"] is True  # "u posebnoj prostoriji, uz pomoć psihologa"
    assert aa["legal_representative"] is True and lm["legal_representative"] is False


def test_companies_are_not_victims(tmp_path: Path) -> None:
    text = SR.replace(
        "Oštećena A.A. nije postavila imovinskopravni zahtev.",
        "Oštećeno privredno društvo „Tempo” d.o.o. se upućuje na parnični postupak.",
    )
    names = [v["name"] for v in victims(tmp_path, text)]
    assert "Tempo" not in " ".join(names)


MK = """ОСНОВЕН КРИВИЧЕН СУД СКОПЈЕ
КОК бр. 60/14

ВО ИМЕТО НА НАРОДОТ

Основниот кривичен суд Скопје, судијата Зоран Трајковски, во кривичниот предмет против обвинетиот Б.С., на ден 28.05.2014 година ја донесе следната

П Р Е С У Д А

1. Обвинетиот Б.С., роден 1979 година во Куманово, државјанин на Република Македонија, неосудуван,

СЕ ОГЛАСУВА ЗА ВИНОВЕН

Обвинетиот Б.С., заради експлоатација преку проституција, ги врбувал:

– оштетената Б.Д., државјанка на Република Србија, на возраст од 19 години,

– со што сторил кривично дело Трговија со луѓе по член 418-а став 1 од Кривичниот законик,

па судот го осудува на казна затвор во траење од 8 (осум) години.

СЕ ЗАДОЛЖУВА обвинетиот Б.С. да ѝ исплати на оштетената Б.Д. на име надомест на нематеријална штета износ од 300.000,00 денари, додека со остатокот од имотноправното барање до бараниот износ од 500.000,00 денари оштетената Б.Д. СЕ УПАТУВА НА ПАРНИЦА.

О б р а з л о ж е н и е

Оштетената Б.Д. беше сослушана на главниот претрес.
"""


def test_macedonian_partly_granted(tmp_path: Path) -> None:
    (bd,) = victims(tmp_path, MK)
    assert bd["name"] == "Б.Д." and bd["sex"] == "female" and bd["age"] == 19 and bd["minor"] is False
    assert bd["citizenship"] == "државјанка на Република Србија"
    assert bd["exploitation"] == ["sexual"]
    assert bd["compensation.outcome"] == "partly_granted"
    assert bd["compensation.awarded"] == {"amount": "300000.00", "currency": "MKD"}
    assert bd["compensation.amount"] == {"amount": "500000.00", "currency": "MKD"}
    assert bd["testified"] == "at_trial"


def test_albanian_victims_list(tmp_path: Path) -> None:
    text = """GJYKATA E RRETHIT GJYQËSOR TIRANË

V E N D I M

Gjykata, e përbërë nga gjyqtarja Anila Bregu, mori në shqyrtim çështjen penale që u përket:

I PANDEHURI: G.B., i biri i N., lindur në vitin 1983 në Tiranë, shtetas shqiptar, i padënuar më parë.

TË DËMTUARAT: E.H., e mitur, përfaqësuar nga nëna e saj, L.H., paditëse civile; D.S., paditëse civile.

V Ë R E N

E dëmtuara D.S. u pyet në seancën gjyqësore.

V E N D O S I

1. Deklarimin fajtor të të pandehurit G.B. për kryerjen e veprës penale “Trafikimi i të miturve”, parashikuar nga neni 128/b/1 i Kodit Penal, dhe dënimin e tij me 12 (dymbëdhjetë) vjet burgim.

2. Mosshqyrtimin e padisë civile të paditëses E.H. dhe lënien e së drejtës për t’iu drejtuar gjykatës civile.

3. Pranimin e padisë civile të paditëses D.S. dhe detyrimin e të pandehurit G.B. që t’i paguajë asaj shumën prej 1 500 000 (një milion e pesëqind mijë) lekë si dëmshpërblim.
"""
    eh, ds = victims(tmp_path, text)
    assert (eh["name"], ds["name"]) == ("E.H.", "D.S.")  # not the mother L.H., who represents E.H.
    assert eh["minor"] is True
    assert eh["legal_representative"] is False  # represented by her mother, not by a lawyer
    assert eh["compensation.outcome"] == "referred_to_civil"
    assert ds["compensation.outcome"] == "granted"
    assert ds["compensation.awarded"]["currency"] == "ALL"
    assert float(ds["compensation.awarded"]["amount"]) == 1500000
    assert ds["testified"] == "at_trial"


def test_an_award_the_rules_read_rules_out_no_claim_where_the_gate_is_on() -> None:
    from pipeline.coding.extract import victims
    from pipeline.model import FieldValue

    awarded = {"awarded": FieldValue(value=1000, confidence=0.8)}
    assert victims.award_rules_out_not_claimed(awarded, "sq")
    assert not victims.award_rules_out_not_claimed(awarded, "sr")
    assert not victims.award_rules_out_not_claimed({"awarded": FieldValue(value=None)}, "sq")
