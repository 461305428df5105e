"""Case-level fields from constructed verdict snippets in each language and script."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.coding import build_record
from pipeline.config import RunConfig
from pipeline.ingest import ingest


def record(tmp_path: Path, text: str):
    path = tmp_path / "verdict.txt"
    path.write_text(text, encoding="utf-8")
    return build_record(ingest(path, RunConfig()))


def case(rec, dotted: str):
    node = rec.case
    for part in dotted.split("."):
        node = node[part]
    return node


ME = """K.br. 101/15
U IME CRNE GORE
OSNOVNI SUD U ULCINJU, kao prvostepeni krivični, sudija mr Sanja Mirović, uz učešće namještenika suda Škrelja Milene, kao zapisničara u krivičnom predmetu protiv okrivljenog H.K. iz U., kojeg u postupku brani A.M., advokat iz U., zbog krivičnog djela teška tjelesna povreda iz čl.151 st.1 Krivičnog zakonika Crne Gore, po optužnom predlogu Osnovnog državnog tužilaštva u Ulcinju Kt.br.150/15 od 21.08.2015.godine, nakon glavnog i javnog pretresa održanog dana 16.12.2015.godine, u prisustvu zastupnika optužbe Marka Ilića, okrivljenog i njegovog branioca, donio je i istog dana javno objavio

P R E S U D U
Okrivljeni H.K., JMBG xxxxxxxxxxxxx, rođen 1990 godine, u B., državljanin Crne Gore, neosuđivan
Na osnovu čl.373 tač.2 Zakonika o krivičnom postupku
OSLOBAĐA SE OD OPTUŽBE
Da je dana 13.08.2015.godine u U. teško tjelesno povrijedio oštećenu G.S.
-čime bi izvršio krivično djelo teška tjelesna povreda iz čl.151 st.1 Krivičnog zakonika Crne Gore
Troškovi krivičnog postupka u iznosu od 319,00 eura padaju na teret budžetskih sredstava suda.
Oštećena G.S. se radi ostvarivanja imovinsko pravnog zahtjeva upućuje na parnični postupak.
O b r a z l o ž e n j e
Optužnim predlogom ODT Ulcinj okrivljenom je stavljeno na teret krivično djelo.
OSNOVNI SUD U ULCINJU
Dana 16.12.2015.godine
Zapisničar, S U D I J A,
Škrelja Milena Mr Sanja Mirović
PRAVNA POUKA: Protiv ove presude može se izjaviti žalba u roku od 8 dana.
"""


def test_montenegrin_first_instance(tmp_path: Path) -> None:
    rec = record(tmp_path, ME)
    assert case(rec, "court").value == "Osnovni sud u Ulcinju"
    assert case(rec, "country").value == "ME" and case(rec, "court_level").value == "basic"
    assert case(rec, "case_number").value == "K.br. 101/15"
    assert case(rec, "decision_date").value == "2015-12-16"
    # stated twice (introduction and signatures): both are evidence, and the confidence is higher
    assert len(case(rec, "decision_date").evidence) == 2 and case(rec, "decision_date").confidence > 0.9
    assert case(rec, "judges").value == ["Sanja Mirović"]
    assert case(rec, "registrar").value == "Škrelja Milena"  # nominative from the signature block
    assert case(rec, "indictment.number").value == "Kt.br.150/15"
    assert case(rec, "indictment.date").value == "2015-08-21"
    assert case(rec, "indictment.office").value == "Osnovno državno tužilaštvo u Ulcinju"
    assert case(rec, "prosecutor.name").value == "Marko Ilić"  # "zastupnika optužbe Marka Ilića"
    assert case(rec, "public_excluded").value is False
    assert case(rec, "costs.amount").value == {"amount": "319.00", "currency": "EUR"}
    assert case(rec, "costs.borne_by").value == "budget"
    assert case(rec, "duration_days").value == 117
    assert case(rec, "instance").value == "first" and case(rec, "decision_type").value == "judgment"
    assert case(rec, "trafficking_related").value is False


def test_every_value_has_evidence_from_the_text(tmp_path: Path) -> None:
    rec = record(tmp_path, ME)
    text = ME
    for name in ("court", "case_number", "decision_date", "judges", "registrar"):
        fv = case(rec, name)
        assert fv.source and fv.source.startswith("rule:") and "@" in fv.source
        assert fv.status == "draft" and 0 < fv.confidence <= 1
        for ev in fv.evidence:
            assert text[ev.start : ev.end] == ev.text
            assert ev.page == 1


def test_nothing_found_is_null_with_zero_confidence(tmp_path: Path) -> None:
    rec = record(tmp_path, ME)
    fv = case(rec, "final_date")
    assert fv.value is None and fv.confidence == 0 and fv.evidence == []


SR_CYRL = """РЕПУБЛИКА СРБИЈА
ВИШИ СУД У НИШУ
К. 124/20
28.07.2021. године

У ИМЕ НАРОДА

Виши суд у Нишу, у већу састављеном од судије Драгане Митровић, као председника већа, и судија поротника Милана Јовановића и Љиљане Павловић, као чланова већа, уз учешће записничара Јелене Станковић, у кривичном предмету против окривљеног Д.П. из Ниша, због кривичног дела трговина људима из члана 388 став 1 Кривичног законика, по оптужници Вишег јавног тужилаштва у Нишу КТ бр. 45/20 од 12.06.2020. године, након главног претреса са кога је јавност била искључена, у присуству заменика вишег јавног тужиоца Марка Илића, донео је и дана 28.07.2021. године јавно објавио

П Р Е С У Д У

Окривљени Д.П., ЈМБГ ***********, рођен 1985. године у Нишу, држављанин Републике Србије, неосуђиван,

К Р И В   Ј Е

Што је у периоду од 01.02.2019. године до 13.02.2020. године, у Нишу, врбовао оштећену А.Б. ради њеног искоришћавања за проституцију,

– чиме је извршио кривично дело трговина људима из члана 388 став 1 Кривичног законика,

па га суд осуђује НА КАЗНУ ЗАТВОРА У ТРАЈАЊУ ОД 4 (ЧЕТИРИ) ГОДИНЕ.

О б р а з л о ж е њ е

Суд је одлучио као у изреци.

Записничар || Председник већа – судија
Јелена Станковић || Драгана Митровић
"""


def test_serbian_cyrillic_panel_in_the_nominative(tmp_path: Path) -> None:
    rec = record(tmp_path, SR_CYRL)
    assert case(rec, "court").value == "Виши суд у Нишу"
    assert case(rec, "court_level").value == "higher" and case(rec, "country").value == "RS"
    assert case(rec, "case_number").value == "К. 124/20"
    assert case(rec, "decision_date").value == "2021-07-28"
    # genitive in the introduction ("судије Драгане Митровић", "Милана Јовановића"), nominative here
    assert case(rec, "judges").value == ["Драгана Митровић", "Милан Јовановић", "Љиљана Павловић"]
    assert case(rec, "registrar").value == "Јелена Станковић"
    assert case(rec, "indictment.office").value == "Више јавно тужилаштво у Нишу"
    assert case(rec, "indictment.number").value == "КТ бр. 45/20"
    assert case(rec, "prosecutor.name").value == "Марко Илић"
    assert case(rec, "public_excluded").value is True
    assert case(rec, "trafficking_related").value is True
    assert case(rec, "offence_family").value == ["trafficking"]
    assert case(rec, "offence_period.start").value == "2019-02-01"
    assert case(rec, "offence_period.end").value == "2020-02-13"
    # Cyrillic evidence points into the Cyrillic text
    ev = case(rec, "court").evidence[0]
    assert ev.text.upper() == "ВИШИ СУД У НИШУ"


MK = """ОСНОВЕН СУД КУМАНОВО
К.бр. 83/12

ВО ИМЕ НА ГРАЃАНИТЕ НА РЕПУБЛИКА МАКЕДОНИЈА

Основниот суд Куманово, во совет составен од судијата Снежана Арсовска како претседател на советот и судиите поротници Благоја Николовски и Вера Митевска како членови на советот, со записничар Билјана Анчевска, во кривичниот предмет против обвинетиот Ш.Б. од Куманово, поради кривично дело Трговија со малолетно лице по член 418-г став 1 од Кривичниот законик, по обвинението на Основното јавно обвинителство Куманово КО бр. 214/12 од 20.04.2012 година, на ден 19.09.2012 година ја донесе и јавно ја објави следната

П Р Е С У Д А

Обвинетиот Ш.Б., роден 1969 година во Куманово, државјанин на Република Македонија, неосудуван,

СЕ ОГЛАСУВА ЗА ВИНОВЕН

Затоа што во февруари 2012 година ја продал својата малолетна ќерка А.Б.,

– со што сторил кривично дело Трговија со малолетно лице по член 418-г став 1 од Кривичниот законик,

па судот го осудува на казна затвор во траење од 8 (осум) години.

О б р а з л о ж е н и е

Судот одлучи како во изреката.
"""


def test_macedonian(tmp_path: Path) -> None:
    rec = record(tmp_path, MK)
    assert case(rec, "court").value == "Основен суд Куманово"
    assert case(rec, "country").value == "MK"
    assert case(rec, "case_number").value == "К.бр. 83/12"
    assert case(rec, "decision_date").value == "2012-09-19"
    assert case(rec, "judges").value == ["Снежана Арсовска", "Благоја Николовски", "Вера Митевска"]
    assert case(rec, "registrar").value == "Билјана Анчевска"
    assert case(rec, "indictment.number").value == "КО бр. 214/12"
    assert case(rec, "indictment.office").value == "Основно јавно обвинителство Куманово"
    assert case(rec, "trafficking_related").value is True


SQ = """REPUBLIKA E SHQIPËRISË
GJYKATA E RRETHIT GJYQËSOR TIRANË

Nr. 56440-00372-00-2021 i Regj. Themeltar

V E N D I M
NË EMËR TË REPUBLIKËS

Gjykata e Rrethit Gjyqësor Tiranë, e përbërë nga gjyqtarja Anila Bregu, me sekretare gjyqësore Eda Muça, në seancën gjyqësore penale me dyer të mbyllura të datës 23.11.2021, mori në shqyrtim çështjen penale që u përket:

AKUZA: Prokuroria pranë Gjykatës së Rrethit Gjyqësor Tiranë, përfaqësuar nga prokurorja Blerina Tafaj.

I PANDEHURI: G.B., i biri i N. dhe i V., lindur në vitin 1983 në Tiranë, shtetas shqiptar, i padënuar më parë.

V Ë R E N

Gjykata çmon se janë provuar akuzat.

V E N D O S I

1. Deklarimin fajtor të të pandehurit G.B. për kryerjen e veprës penale “Trafikimi i të miturve”, parashikuar nga neni 128/b/1 i Kodit Penal, dhe dënimin e tij me 12 (dymbëdhjetë) vjet burgim.

U shpall në Tiranë, më 23.11.2021.
"""


def test_albanian(tmp_path: Path) -> None:
    rec = record(tmp_path, SQ)
    assert case(rec, "court").value == "Gjykata e Rrethit Gjyqësor Tiranë"
    assert case(rec, "country").value == "AL"
    assert case(rec, "case_number").value == "Nr. 56440-00372-00-2021"
    assert case(rec, "decision_date").value == "2021-11-23"
    assert case(rec, "judges").value == ["Anila Bregu"]
    assert case(rec, "registrar").value == "Eda Muça"
    assert case(rec, "prosecutor.name").value == "Blerina Tafaj"
    assert case(rec, "prosecutor.office").value == "Prokuroria pranë Gjykatës së Rrethit Gjyqësor Tiranë"
    assert case(rec, "public_excluded").value is True  # "me dyer të mbyllura"
    assert case(rec, "trafficking_related").value is True


@pytest.mark.parametrize(
    ("heading", "expected"),
    [("P R E S U D U", "judgment"), ("R J E Š E NJ E", "decision")],
)
def test_decision_type_from_the_operative_heading(tmp_path: Path, heading: str, expected: str) -> None:
    rec = record(tmp_path, ME.replace("P R E S U D U", heading))
    assert case(rec, "decision_type").value == expected


def test_plea_agreement_judgment(tmp_path: Path) -> None:
    text = ME.replace(
        "nakon glavnog i javnog pretresa",
        "nakon pravosnažnosti rješenja o usvajanju sporazuma o priznanju krivice, nakon glavnog i javnog pretresa",
    )
    rec = record(tmp_path, text)
    assert case(rec, "decision_type").value == "plea_agreement_judgment"
    assert rec.defendants[0]["plea_agreement"].value is True


def test_second_instance(tmp_path: Path) -> None:
    text = """Kž1 334/25
U IME NARODA
Apelacioni sud u Kragujevcu, u veću sastavljenom od sudija Snežane Ristić, predsednika veća, Gorana Milutinovića i Tamare Jeremić, članova veća, sa savetnikom suda Nevenom Perić, kao zapisničarem, u krivičnom predmetu protiv okrivljenog Ž.M., zbog krivičnog dela trgovina ljudima iz člana 388 stav 3 u vezi stava 1 KZ, odlučujući o žalbama okrivljenog, u sednici veća održanoj dana 10.04.2025. godine, doneo je

P R E S U D U

ODBIJAJU SE kao neosnovane žalbe okrivljenog Ž.M., a presuda Višeg suda u Kraljevu K. 18/23 od 14.11.2024. godine, kojom je okrivljeni oglašen krivim i osuđen na kaznu zatvora u trajanju od 5 (pet) godina i 6 (šest) meseci, POTVRĐUJE SE.

O b r a z l o ž e n j e

Žalbe nisu osnovane.
"""
    rec = record(tmp_path, text)
    assert case(rec, "court").value == "Apelacioni sud u Kragujevcu"
    assert case(rec, "instance").value == "second"
    assert case(rec, "case_number").value == "Kž1 334/25"
    assert case(rec, "decision_date").value == "2025-04-10"
    assert case(rec, "judges").value == ["Snežana Ristić", "Goran Milutinović", "Tamara Jeremić"]
    assert case(rec, "registrar").value == "Nevena Perić"
    d = rec.defendants[0]
    assert d["charges"][0]["outcome"].value == "convicted"
    assert d["charges"][0]["provision"].value["article"] == "388"
    assert d["sentence"]["prison_months"].value == 66


def _me_verdict(intro: str, signatures: str) -> str:
    """A fictitious Montenegrin verdict with the given introduction and signature block."""
    return f"""K.br. 77/13
U IME CRNE GORE
{intro}

P R E S U D U
Okrivljeni B. M., rođen 07.08.1962.g. u N., neosuđivan
KRIV JE
Što je dana 19.07.2012. godine u N. oduzeo tuđu stvar.
-čime je izvršio krivično djelo krađa iz čl. 239 st. 1 Krivičnog zakonika Crne Gore
pa ga sud osuđuje na kaznu zatvora u trajanju od 3 (tri) mjeseca.
O b r a z l o ž e n j e
Optužnim predlogom ODT Nikšić okrivljenom je stavljeno na teret krivično djelo.
Na osnovu izloženog odlučeno je kao u izreci presude.
{signatures}
PRAVNA POUKA: Protiv ove presude može se izjaviti žalba u roku od 8 dana.
"""


def test_the_date_the_judge_signs_under_is_the_decision_date(tmp_path: Path) -> None:
    # the introduction dates the hearing ("donio je i istog dana") and the signature block the decision;
    # the court's name in capitals with diacritics opens the date line
    intro = (
        "OSNOVNI SUD U NIKŠIĆU, sudija Petar Lukić, uz sudjelovanje Ane Kovač kao zapisničara, u krivičnom "
        "predmetu okrivljenog B. M. zbog krivičnog djela krađa, po optužnom predlogu ODT-a Nikšić Kt.br. "
        "405/12 od 12.07.2013.g., nakon dovršenog glavnog i javnog pretresa, dana 10.12.2013.g. u prisustvu "
        "zamjenika ODT-a i okrivljenog, donio je i istog dana javno objavio"
    )
    sig = (
        "OSNOVNI SUD U NIKŠIĆU, dana 12.12.2013.g.\n\nZapisničar, SUDIJA,\nAna Kovač s.r. Petar Lukić s.r.\n"
    )
    rec = record(tmp_path, _me_verdict(intro, sig))
    assert case(rec, "decision_date").value == "2013-12-12"
    assert case(rec, "decision_date").confidence < 0.9  # the introduction said otherwise
    assert case(rec, "judges").value[0] == "Petar Lukić"


def test_no_date_after_the_verb_is_taken_from_the_defendant(tmp_path: Path) -> None:
    # "istog dana" with no date near the verb and no date under the signatures: never the birth date
    intro = (
        "OSNOVNI SUD U NIKŠIĆU, sudija Petar Lukić, uz sudjelovanje Ane Kovač kao zapisničara, u krivičnom "
        "predmetu okrivljenog B. M. zbog krivičnog djela krađa, nakon dovršenog glavnog i javnog pretresa, "
        "održanog dana 10.12.2013.g. u prisustvu zamjenika ODT-a Nikšić Vesne Marić, predstavnika oštećenog "
        "preduzeća Elektrodistribucija Nikšić i branioca okrivljenog kome se sudi u odsustvu, advokata iz "
        "Nikšića, po zamjeničkom punomoćju advokata iz Nikšića, a nakon što je sud utvrdio da su ispunjeni "
        "uslovi za suđenje u odsustvu okrivljenog, donio je i istog dana javno objavio"
    )
    sig = "OSNOVNI SUD U NIKŠIĆU\n\nZapisničar, SUDIJA,\nAna Kovač s.r. Petar Lukić s.r.\n"
    rec = record(tmp_path, _me_verdict(intro, sig))
    assert case(rec, "decision_date").value != "1962-08-07"


def test_the_presiding_judge_who_signs_comes_first_despite_a_slip(tmp_path: Path) -> None:
    intro = (
        "VIŠI SUD U PODGORICI, kao prvostepeni krivični, u vijeću sastavljenom od sudije Jelene Marić, kao "
        "ppredsjednika vijeća, i sudija Nade Vuković i Ivane Perić, kao članova vijeća, uz učešće Ane Kovač, "
        "kao zapisničara, u krivičnom predmetu protiv optuženog B. M., dana 19.04.2018. godine donio je"
    )
    sig = "VIŠI SUD U PODGORICI\nDana 19.04.2018.godine\nPREDSJEDNIK VIJEĆA-SUDIJA\nJelena Marić s.r.\n"
    rec = record(tmp_path, _me_verdict(intro, sig))
    assert case(rec, "judges").value[0] == "Jelena Marić"


def test_a_judge_spelled_differently_in_the_signature_is_coded_as_signed(tmp_path: Path) -> None:
    intro = (
        "OSNOVNI SUD U PODGORICI, prvostepeni krivični, po sudiji Ljiljani Mujatović, uz učešće Ane Kovač, "
        "kao zapisničara, u krivičnom postupku protiv okrivljenog B. M., dana 17.06.2013. godine donio je"
    )
    sig = (
        "OSNOVNI SUD U PODGORICI\n\nDana, 17.06.2013. godine\nZAPISNIČAR SUDIJA\n"
        "Ana Kovač, s.r. Ljiljana Mijatović, s.r.\n"
    )
    rec = record(tmp_path, _me_verdict(intro, sig))
    assert case(rec, "judges").value[0] == "Ljiljana Mijatović"


@pytest.mark.parametrize(
    "sig",
    [
        "VIŠI SUD U PODGORICI\nDANA 15.12.2010 godine\nZAPISNIČAR   PREDSJEDNIK VIJEĆA-SUDIJA\n"
        "Ana Kovač s.r    Petar Lukić s.r\n",
        "VIŠI SUD U PODGORICI\nDana 15.12.2010. godine\nZAPISNIČARSUDIJA\nAna KovačPetar Lukić\n",
        "VIŠI SUD U PODGORICI\nDana 15.12.2010. godine\nSUDIJA za istragu\nPetar Lukić\n",
    ],
)
def test_the_signature_names_the_judge_the_introduction_does_not(tmp_path: Path, sig: str) -> None:
    # the introduction names the judge by masked letters the rules do not read
    intro = (
        "VIŠI SUD U PODGORICI, kao prvostepeni krivični, po sudiji P***ću, uz učešće Ane Kovač, kao "
        "zapisničara, u krivičnom predmetu protiv optuženog B. M., dana 15.12.2010. godine donio je"
    )
    rec = record(tmp_path, _me_verdict(intro, sig))
    assert case(rec, "judges").value == ["Petar Lukić"]
    assert case(rec, "decision_date").value == "2010-12-15"


@pytest.mark.parametrize(
    ("panel", "expected"),
    [
        # "sudija" before the members is a genitive plural here, not a nominative
        ("u vijeću sastavljenom od sudije Marka Vujovića, kao predsjednika vijeća i sudija Dragiše Lalića i "
         "Seke Radović, kao članova vijeća,", ["Marko Vujović", "Dragiša Lalić", "Seka Radović"]),
        # wordings the strict panel rule does not read: the first name presides
        ("u vijeću sastavljenom od predsjednika vijeća – sudije Gorane Ivić i članova vijeća, sudija "
         "Vidoja Pavićevića i Jokana Lekića,", ["Gorana Ivić", "Vidoje Pavićević", "Jokan Lekić"]),
        ("u vijeću sastavljenom od Predsjednika suda Dragana Perića kao Predsjednika vijeća i sudija "
         "porotnika Stojana Kalića i Baja Radulovića, kao članova vijeća,",
         ["Dragan Perić", "Stojan Kalić", "Bajo Radulović"]),
        ("u vijeću sastavljenom od sudija Ivana Adžića – predsjednika vijeća, Milana Lukića i Dragana "
         "Mrvića – članova vijeća,", ["Ivan Adžić", "Milan Lukić", "Dragan Mrvić"]),
    ],
)
def test_panel_members_in_the_nominative(tmp_path: Path, panel: str, expected: list[str]) -> None:
    intro = (
        f"VIŠI SUD U PODGORICI, kao prvostepeni krivični, {panel} uz učešće Ane Kovač, kao zapisničara, "
        "u krivičnom predmetu protiv optuženog B. M., dana 19.04.2018. godine donio je"
    )
    sig = f"VIŠI SUD U PODGORICI\nDana 19.04.2018.godine\nPREDSJEDNIK VIJEĆA-SUDIJA\n{expected[0]} s.r.\n"
    rec = record(tmp_path, _me_verdict(intro, sig))
    assert case(rec, "judges").value == expected


def test_registrar_named_by_another_title_in_the_nominative(tmp_path: Path) -> None:
    # no "zapisničar" in the introduction: the entity found it, written in the genitive after "savjetnice"
    intro = (
        "VIŠI SUD U PODGORICI, sudija za istragu Suzana Marić, uz učešće savjetnice Ane Lukić, u krivičnom "
        "predmetu protiv okrivljenog B. M., dana 19.04.2018. godine donio je"
    )
    sig = "VIŠI SUD U PODGORICI\nDana 19.04.2018.godine\nSAVJETNIK SUDIJA ZA ISTRAGU\nAna Lukić Suzana Marić\n"
    rec = record(tmp_path, _me_verdict(intro, sig))
    assert case(rec, "registrar").value == "Ana Lukić"
