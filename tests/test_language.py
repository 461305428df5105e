"""Language and script detection, and the Tesseract languages that follow from them.

The texts below are invented for the tests (no real verdict text in the repository)."""

from __future__ import annotations

import collections
import time
from pathlib import Path

import pytest

from pipeline.ingest.raw import RawLine, RawPage, RawWord
from pipeline.text.language import (
    SERBO_CROATIAN,
    detect_language,
    letter_counts,
    narrowed_ocr_langs,
    ocr_langs_for_language,
    ocr_langs_for_script,
    page_language,
    reread_first_page_langs,
    script_of,
    variant_of,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"

SR_CYRL = (
    "ВИШИ СУД У БЕОГРАДУ, у кривичном предмету против окривљеног М.П. из Београда, због кривичног дела "
    "трговина људима из члана 388 став 1 Кривичног законика, по оптужници Вишег јавног тужилаштва у "
    "Београду, након одржаног главног претреса, донео је и јавно објавио пресуду. Окривљени је крив што је "
    "у периоду од марта до јуна 2019. године врбовао оштећену ради сексуалне експлоатације, па му суд "
    "изриче казну затвора у трајању од пет година. Време проведено у притвору урачунава се у казну. "
    "Сведок је изјавио да је оштећена дете, а вештак је утврдио повреде. Решење о трошковима донеће се посебно."
)
SR_LATN = (
    "OSNOVNI SUD U NOVOM SADU, sudija pojedinac, u krivičnom predmetu protiv okrivljenog J.S. iz Novog "
    "Sada, zbog krivičnog dela posredovanje u vršenju prostitucije iz člana 184 Krivičnog zakonika Republike "
    "Srbije, posle održanog glavnog pretresa doneo je presudu. Okrivljeni je kriv što je u vreme od aprila "
    "do decembra 2018. godine podsticao oštećenu na prostituciju. Svedok je potvrdio navode, a veštak je "
    "dao nalaz. Sud mu izriče uslovnu osudu, kaznu zatvora od šest meseci koja se neće izvršiti ako "
    "okrivljeni za vreme od dve godine ne učini novo krivično delo. Rešenje o troškovima je posebno."
)
CNR = (
    "U IME CRNE GORE. OSNOVNI SUD U KOTORU, sudija pojedinac, uz učešće zapisničara, u krivičnom predmetu "
    "protiv okrivljenog D.R. iz Tivta, državljanina Republike Hrvatske, zbog krivičnog djela krađa iz čl. 239 "
    "st. 1 Krivičnog zakonika Crne Gore, po optužnom predlogu ODT-a u Kotoru, nakon održanog glavnog "
    "pretresa donio je presudu. Okrivljeni je kriv što je prije podne oduzeo tuđu pokretnu stvar u namjeri "
    "da je prisvoji. Svjedok je izjavio da je vidio okrivljenog na mjestu događaja, a vještak je procijenio "
    "vrijednost stvari. Sud mu izriče uslovnu osudu i utvrđuje kaznu zatvora od tri mjeseca."
)
HR = (
    "OPĆINSKI KAZNENI SUD U ZAGREBU, po sucu pojedincu, u kaznenom predmetu protiv okrivljenika M.K., zbog "
    "kaznenog djela krađe iz članka 228. Kaznenog zakona, povodom optužnog prijedloga Općinskog državnog "
    "odvjetništva u Zagrebu, nakon održane rasprave dana 12. listopada 2021. presudio je: okrivljenik je "
    "kriv što je oduzeo tuđu pokretnu stvar vrijednosti dvije tisuće kuna. Sud mu izriče uvjetnu osudu, "
    "kaznu zatvora od četiri mjeseca koja se neće izvršiti ako u roku od jedne godine ne počini novo kazneno "
    "djelo. Okrivljenik je dužan nadoknaditi troškove postupka, a odvjetnik je podnio troškovnik."
)
BS = (
    "KANTONALNI SUD U SARAJEVU, u krivičnom predmetu protiv optuženog E.H., zbog krivičnog djela trgovina "
    "ljudima iz člana 210a Krivičnog zakona Federacije Bosne i Hercegovine, po optužnici Kantonalnog "
    "tužilaštva, nakon održanog glavnog pretresa, donio je presudu. Optuženi je kriv što je u općini Centar "
    "vrbovao oštećenu radi iskorištavanja. Svjedokinja je izjavila da je bila prisiljena raditi, a vještak je "
    "utvrdio posljedice. Sud mu izriče kaznu zatvora u trajanju od četiri godine i novčanu kaznu od dvije "
    "hiljade KM. Vrijeme provedeno u pritvoru uračunava se u kaznu."
)
MK = (
    "ОСНОВЕН КРИВИЧЕН СУД СКОПЈЕ, како првостепен кривичен суд, во кривичниот предмет против обвинетиот "
    "Ѓ.К., поради кривично дело трговија со луѓе од членот 418-а од Кривичниот законик, по обвинителниот акт "
    "на Основното јавно обвинителство, по одржаната главна расправа, ја донесе следната пресуда. Обвинетиот "
    "е виновен затоа што во периодот од јануари до мај 2013 година ја врбувал оштетената заради сексуална "
    "експлоатација. Судот му изрекува казна затвор во траење од шест години. Ќе се смета и времето во притвор."
)
SQ = (
    "GJYKATA E SHKALLËS SË PARË PËR KRIME TË RËNDA TIRANË, në seancë gjyqësore publike, shqyrtoi çështjen "
    "penale që i përket të pandehurit A.B., i akuzuar për veprën penale të trafikimit të personave të rritur "
    "sipas nenit 110/a të Kodit Penal. Gjykata vendosi ta deklarojë fajtor të pandehurin dhe ta dënojë me "
    "tetë vjet burgim. Dëshmitarja deklaroi se ishte detyruar të punonte. Shpenzimet gjyqësore i ngarkohen "
    "të pandehurit. Vendimi mund të ankimohet në Gjykatën e Apelit brenda pesëmbëdhjetë ditëve."
)
EN = (
    "The Basic Court found the defendant guilty of trafficking in human beings and sentenced him to five "
    "years of imprisonment. The court considered the testimony of the injured party and the findings of the "
    "expert witness. The defendant is obliged to pay the costs of the criminal proceedings within fifteen "
    "days from the day the judgment becomes final, under threat of enforcement."
)


@pytest.mark.parametrize(
    ("text", "lang", "script"),
    [
        (SR_CYRL, "sr", "Cyrl"),
        (SR_LATN, "sr", "Latn"),
        (CNR, "cnr", "Latn"),
        (HR, "hr", "Latn"),
        (BS, "bs", "Latn"),
        (MK, "mk", "Cyrl"),
        (SQ, "sq", "Latn"),
        (EN, "en", "Latn"),
    ],
)
def test_detect_language(text: str, lang: str, script: str) -> None:
    got, got_script, conf = detect_language(text)
    assert (got, got_script) == (lang, script)
    assert 0.4 <= conf <= 1.0


def test_too_little_text_has_no_language() -> None:
    assert detect_language("12/20 - 3") == (None, "Zyyy", 0.0)
    lang, script, conf = detect_language("K. br. 12")
    assert lang is None and conf == 0.0 and script == "Latn"


def test_montenegrin_verdict_about_a_croatian_citizen_stays_montenegrin() -> None:
    text = (
        CNR + " Okrivljeni je državljanin Republike Hrvatske, rođen u Zagrebu, s prebivalištem u Splitu." * 3
    )
    assert detect_language(text)[0] == "cnr"


def test_ekavian_latin_is_serbian_even_without_country_markers() -> None:
    text = (
        "Okrivljeni je kriv što je u vreme izvršenja dela imao nameru da pribavi korist. Svedok je rekao da je "
        "dete videlo okrivljenog na mestu događaja posle ponoći. Veštak je dao nalaz o vrednosti stvari."
    )
    assert variant_of(text) == "ekavian"
    assert detect_language(text)[0] == "sr"


def test_variant_needs_enough_evidence() -> None:
    assert variant_of("Okrivljeni je kriv.") is None
    assert variant_of(CNR) == "ijekavian"


def test_script_of() -> None:
    assert script_of("Основни суд") == "Cyrl"
    assert script_of("Osnovni sud") == "Latn"
    assert script_of("12/20 - 3 §") == "Zyyy"
    assert script_of("Основни суд у Београду, K. br. 12") == "Cyrl"  # majority of letters
    assert letter_counts("Ђорђе čćžšđ ab") == (5, 7)  # accented Latin letters count as letters


def test_ocr_langs_for_script() -> None:
    assert ocr_langs_for_script("Cyrl") == "srp+mkd"
    assert ocr_langs_for_script("Latn") == "sqi+srp_latn+hrv"
    assert ocr_langs_for_script("Cyrillic") == "srp+mkd"  # as Tesseract's OSD names it
    assert ocr_langs_for_script(None) == ocr_langs_for_script("Zyyy")
    assert set(ocr_langs_for_script("Zyyy").split("+")) >= {"srp", "srp_latn", "mkd", "sqi"}


@pytest.mark.parametrize(
    ("lang", "script", "langs"),
    [
        ("sr", "Cyrl", "srp"),
        ("sr", "Latn", "srp_latn+hrv"),
        ("mk", "Cyrl", "mkd"),
        ("hr", "Latn", "srp_latn+hrv"),
        ("bs", "Latn", "srp_latn+hrv"),
        ("cnr", "Latn", "srp_latn+hrv"),
        ("sq", "Latn", "sqi"),
        ("en", "Latn", "eng"),
        (None, "Latn", None),
    ],
)
def test_ocr_langs_for_language(lang: str | None, script: str, langs: str | None) -> None:
    assert ocr_langs_for_language(lang, script) == langs


def _ocr_page(text: str, method: str = "ocr") -> RawPage:
    lines = [
        RawLine([RawWord(w, conf=90.0) for w in sentence.split()], block=0) for sentence in text.split(". ")
    ]
    return RawPage(number=1, method=method, lines=lines)  # type: ignore[arg-type]


def test_narrowed_ocr_langs_from_the_first_page() -> None:
    assert narrowed_ocr_langs(_ocr_page(MK)) == "mkd"
    assert narrowed_ocr_langs(_ocr_page(SR_CYRL)) == "srp"
    assert narrowed_ocr_langs(_ocr_page(CNR)) == "srp_latn+hrv"
    assert narrowed_ocr_langs(_ocr_page(SQ)) == "sqi"


def test_a_macedonian_first_page_read_with_both_cyrillic_sets_is_read_again_mkd_first() -> None:
    # srp+mkd reads page 1 with Serbian's letters: Ѓ/ѓ come out as Г/г, so Macedonian is read again
    page = _ocr_page(MK)
    page.ocr_langs = "srp+mkd"
    assert reread_first_page_langs(page) == "mkd+srp"
    page.ocr_langs = "mkd+srp"
    assert reread_first_page_langs(page) is None  # already read with its own set
    serbian = _ocr_page(SR_CYRL)
    serbian.ocr_langs = "srp+mkd"
    assert reread_first_page_langs(serbian) is None  # srp is first already: no second call
    assert reread_first_page_langs(_ocr_page(MK, method="text")) is None


def test_no_narrowing_without_ocr_or_enough_text() -> None:
    assert narrowed_ocr_langs(_ocr_page(MK, method="text")) is None
    assert narrowed_ocr_langs(_ocr_page("ОСНОВЕН СУД СКОПЈЕ")) is None  # a few words of OCR: keep both


def test_page_language_follows_the_document_within_its_family() -> None:
    assert page_language(SR_LATN, "cnr") == ("cnr", "Latn")  # lingua cannot tell; the document can
    assert page_language(EN, "cnr") == ("en", "Latn")
    assert page_language(SQ, "sr") == ("sq", "Latn")
    assert page_language(MK, "mk") == ("mk", "Cyrl")
    assert page_language("- 2 -", "sr") == (None, "Zyyy")


@pytest.mark.corpus
@pytest.mark.slow
def test_montenegrin_corpus_is_labelled_serbo_croatian_latin() -> None:
    corpus = SHARED / "corpora" / "me-verdicts"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora not present")
    files = sorted(corpus.glob("*.txt"))
    detect_language("warm up the detector")
    counts: collections.Counter[tuple[str | None, str]] = collections.Counter()
    started = time.process_time()
    for f in files:
        lang, script, _ = detect_language(f.read_text(encoding="utf-8"))
        counts[(lang, script)] += 1
    per_doc_ms = (time.process_time() - started) / len(files) * 1000
    family_latin = sum(
        n for (lang, script), n in counts.items() if lang in SERBO_CROATIAN and script == "Latn"
    )
    print(f"\nme-verdicts: {dict(counts)}; {per_doc_ms:.2f} ms CPU per document")
    assert family_latin >= 0.99 * len(files)
    assert counts[("cnr", "Latn")] >= 0.95 * len(files)  # Montenegrin courts: "U IME CRNE GORE", ODT ...
