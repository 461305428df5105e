"""Charges: counts of the operative part, their provision and outcome, given to the right defendant."""

from __future__ import annotations

from pathlib import Path

from pipeline.coding import build_record
from pipeline.config import RunConfig
from pipeline.ingest import ingest


def record(tmp_path: Path, text: str):
    path = tmp_path / "verdict.txt"
    path.write_text(text, encoding="utf-8")
    return build_record(ingest(path, RunConfig()))


def charges(d: dict) -> list[tuple]:
    return [
        (
            c["offence"].value,
            (c["provision"].value or {}).get("article"),
            (c["provision"].value or {}).get("paragraph"),
            c["outcome"].value,
        )
        for c in d["charges"]
    ]


ME_GROUPS = """K br. 409/12
U IME CRNE GORE
OSNOVNI SUD U BARU, sudija Aleksandra Leković, sa zapisničarom Anom Stanišić, u krivičnom predmetu okrivljenih J.H., J.R. i J.B. zbog krivičnog djela nasilje u porodici iz čl.220 st.2 u vezi st.1 Krivičnog zakonika, dana 26.09.2014. godine donio je i javno objavio

P R E S U D U
I
Okrivljeni,
1.J.H., od oca H. i majke R., rođen ... godine u K. M., državljanin K., lošeg imovnog stanja;
2.J.B., od oca H. i majke N., rođen ... godine u K. M., državljanin K., lošeg imovnog stanja,
K r i v i s u :
Što su:
Dana 25.juna 2012.godine narušili tjelesni integritet člana svoje porodice - zeta O. F.
- čime su, kao saizvršioci, učinili krivično djelo nasilje u porodici ili u porodičnoj zajednici iz čl.220. st.1 Krivičnog zakonika, a u vezi čl.23 Krivičnog zakonika.
Pa im sud primjenom 4, 32, 36, 42, 52, 53 i 54 Krivičnog zakonika i z r i č e :
USLOVNU OSUDU
Kojom im utvrđuje kaznu zatvora u trajanju od po 30 (trideset) dana i istovremeno određuje da se kazna neće izvršiti ukoliko okrivljeni u roku od 1 (jedne) godine ne učine novo krivično djelo.
II
Okrivljeni J.R., od oca H. i majke N., rođen ... u K. M., državljanin K., lošeg imovnog stanja,
Na osnovu čl.373 tč.2 Zakonika o krivičnom postupku
OSLOBAĐA SE OD OPTUŽBE
Da je dana 25.juna 2012.godine zadao udarac čekićem,
-čime bi kao saizvršilac učinio krivično djelo nasilje u porodici ili u porodičnoj zajednici iz č.220. st.2 u vezi sa st.1 Krivičnog zakonika.
O b r a z l o ž e n j e
Optužnim predlogom stavljeno je na teret okrivljenima izvršenje krivičnog djela.
"""


def test_groups_of_defendants_with_their_own_outcomes(tmp_path: Path) -> None:
    rec = record(tmp_path, ME_GROUPS)
    names = [d["name"].value for d in rec.defendants]
    assert names == ["J.H.", "J.B.", "J.R."]
    off = "nasilje u porodici ili u porodičnoj zajednici"
    assert charges(rec.defendants[0]) == [(off, "220", "1", "convicted")]
    assert charges(rec.defendants[1]) == [(off, "220", "1", "convicted")]
    assert charges(rec.defendants[2]) == [(off, "220", "2", "acquitted")]  # "čime bi ... učinio"
    c = rec.defendants[0]["charges"][0]
    assert c["complicity"].value is True  # "u vezi čl.23", "kao saizvršioci"
    assert c["provision"].value["code"] == "ME-KZ"
    # the shared conditional sentence goes to both members of the group
    for d in rec.defendants[:2]:
        assert d["sentence"]["type"].value == "conditional"
        assert d["sentence"]["prison_months"].value == 1
        assert d["sentence"]["probation_months"].value == 12
    assert rec.defendants[2]["sentence"]["type"].value == "none"  # acquitted: no sanction
    # evidence of an outcome is the heading that announces it
    assert rec.defendants[2]["charges"][0]["outcome"].evidence[0].text == "OSLOBAĐA SE OD OPTUŽBE"


SR_CYRL_COUNTS = """К. 124/20
У ИМЕ НАРОДА
Виши суд у Нишу, судија Драгана Митровић, у кривичном предмету против окривљеног Д.П. и окривљене С.Р., донео је дана 28.07.2021. године

П Р Е С У Д У

Окривљени Д.П., рођен 1985. године у Нишу, држављанин Републике Србије, осуђиван,

Окривљена С.Р., рођена 1992. године у Лесковцу, држављанка Републике Србије, неосуђивана,

К Р И В И   С У

Што су:

1. у периоду од фебруара 2019. године до 13.02.2020. године окривљени Д.П. врбовао оштећену А.Б. ради искоришћавања за проституцију, а окривљена С.Р. му помагала,

2. у периоду од децембра 2019. године до 13.02.2020. године окривљени Д.П. врбовао малолетну оштећену М.Ј.,

– чиме је окривљени Д.П. извршио кривично дело трговина људима из члана 388 став 1 Кривичног законика, описано под тачком 1., и кривично дело трговина људима из члана 388 став 3 у вези става 1 Кривичног законика, описано под тачком 2., а окривљена С.Р. кривично дело трговина људима из члана 388 став 1 у вези члана 35 Кривичног законика, описано под тачком 1.,

па их суд

О С У Ђ У Ј Е

окривљеног Д.П., тако што му претходно утврђује казну затвора у трајању од 4 (четири) године за кривично дело под тачком 1. и казну затвора у трајању од 5 (пет) година и 6 (шест) месеци за кривично дело под тачком 2., па га осуђује на ЈЕДИНСТВЕНУ КАЗНУ ЗАТВОРА У ТРАЈАЊУ ОД 7 (СЕДАМ) ГОДИНА И 6 (ШЕСТ) МЕСЕЦИ;

окривљену С.Р. на КАЗНУ ЗАТВОРА У ТРАЈАЊУ ОД 3 (ТРИ) ГОДИНЕ.

О б р а з л о ж е њ е

Суд је одлучио као у изреци.
"""


def test_one_clause_several_counts_and_persons(tmp_path: Path) -> None:
    rec = record(tmp_path, SR_CYRL_COUNTS)
    dp, sr = rec.defendants
    assert charges(dp) == [
        ("трговина људима", "388", "1", "convicted"),
        ("трговина људима", "388", "3", "convicted"),
    ]
    assert charges(sr) == [("трговина људима", "388", "1", "convicted")]
    assert sr["charges"][0]["complicity"].value is True  # "у вези члана 35" (aiding)
    assert dp["charges"][1]["related_provisions"].value == [
        {"code": "RS-KZ", "article": "388", "paragraph": "1", "item": None}
    ]
    assert dp["charges"][0]["offence_id"].value == "trafficking"
    # the joint sentence replaces the sentences of the single counts
    assert dp["sentence"]["prison_months"].value == 90
    assert sr["sentence"]["prison_months"].value == 36


MK_ACQUITTED = """ОСНОВЕН КРИВИЧЕН СУД СКОПЈЕ
КОК бр. 60/14

ВО ИМЕТО НА НАРОДОТ

Основниот кривичен суд Скопје, судијата Зоран Трајковски, во кривичниот предмет против обвинетиот Б.С., на ден 28.05.2014 година ја донесе следната

П Р Е С У Д А

1. Обвинетиот Б.С., роден 1979 година во Куманово, државјанин на Република Македонија, неосудуван,

I. СЕ ОГЛАСУВА ЗА ВИНОВЕН

Обвинетиот Б.С. во периодот од мај 2013 година до 14.11.2013 година врбувал лица,

– со што сторил кривично дело Трговија со луѓе по член 418-а став 1 од Кривичниот законик,

па судот го осудува на казна затвор во траење од 8 (осум) години;

II. СЕ ОСЛОБОДУВА ОД ОБВИНЕНИЕ

обвинетиот Б.С. дека организирал група,

– со што би сторил кривично дело Организирање група по член 418-в став 1 од Кривичниот законик,

бидејќи не е докажано.
"""


def test_macedonian_conviction_and_acquittal(tmp_path: Path) -> None:
    rec = record(tmp_path, MK_ACQUITTED)
    (d,) = rec.defendants
    assert charges(d) == [
        ("Трговија со луѓе", "418a", "1", "convicted"),
        ("Организирање група", "418c", "1", "acquitted"),
    ]
    assert d["charges"][0]["provision"].value["code"] == "MK-KZ"
    assert d["sentence"]["prison_months"].value == 96
