"""Sentence splitting: legal abbreviations, initials, citations and dates do not end a sentence."""

from __future__ import annotations

import bisect
import json
from pathlib import Path

import pytest

from pipeline.nlp.sentences import sentence_bounds

SHARED = Path(__file__).resolve().parents[2] / "shared"
ANNOTATED = SHARED / "corpora" / "me-annotated"


def sents(text: str, family: str | None) -> list[str]:
    return [text[s:e] for s, e in sentence_bounds(text, family)]


def test_serbian_citations_initials_dates_stay_in_one_sentence():
    text = (
        "Okrivljeni H.K. iz U. kriv je što je dana 28.07.2021. godine izvršio krivično djelo iz "
        "čl. 388 st. 3 u vezi st. 1 KZ, po optužnici Kt.br. 150/15 od 25. avgusta 2020. godine. "
        "Sud je saslušao svjedoka G. Ž. i vještaka dr K.N. u predmetu K.br. 4/15. "
        "Preduzeće X d.o.o. Podgorica i Y a.d. Beograd, tzv. posrednici, nisu učestvovali."
    )
    out = sents(text, "sr")
    assert len(out) == 3, out
    assert out[0].endswith("2020. godine.")
    assert out[1].startswith("Sud je saslušao") and out[1].endswith("K.br. 4/15.")
    assert out[2].startswith("Preduzeće X d.o.o. Podgorica")


def test_number_with_dot_before_law_name_is_not_a_sentence_end():
    text = "Djelo je kažnjivo po čl.221. st.1. Krivičnog zakonika Crne Gore i čl. 373. tač. 2. ZKP-a. Sud je odlučio."
    out = sents(text, "sr")
    assert out == [
        "Djelo je kažnjivo po čl.221. st.1. Krivičnog zakonika Crne Gore i čl. 373. tač. 2. ZKP-a.",
        "Sud je odlučio.",
    ]


def test_number_with_dot_ends_a_sentence_before_an_ordinary_word():
    out = sents("Presuda je donesena 16.12.2015. Okrivljeni je prisustvovao.", "sr")
    assert len(out) == 2


def test_masked_data_does_not_end_a_sentence():
    out = sents(
        "Okrivljeni P. N., rođen ..., sa prebivalištem ... Republika Srbija, državljanin Srbije.", "sr"
    )
    assert len(out) == 1


def test_paragraphs_headings_and_list_items_split():
    text = (
        "u prisustvu okrivljenog donio je i istog dana javno objavio\n\nP R E S U D U\n"
        "Okrivljeni H.K., rođen 1980. godine u B., sa prebivalištem u U., državljanin Crne Gore, "
        "sa završenom srednjom školom, neoženjen, srednjeg imovnog stanja, neosuđivan\n"
        "Na osnovu čl.373 tač.2 Zakonika o krivičnom postupku\nOSLOBAĐA SE OD OPTUŽBE\n"
        "Da je dana 13.08.2015.godine teško tjelesno povrijedio oštećenu\n"
        "-čime bi izvršio krivično djelo iz čl.151 st.1 KZ CG"
    )
    out = sents(text, "sr")
    assert "P R E S U D U" in out
    assert "OSLOBAĐA SE OD OPTUŽBE" in out
    assert any(s.startswith("Na osnovu čl.373") for s in out)
    assert out[-1].startswith("-čime bi izvršio")


def test_wrapped_lines_of_a_printed_page_are_joined():
    text = (
        "Okrivljeni je dana 12.03.2020. godine u Beogradu, postupajući sa umišljajem,\n"
        "vrbovao oštećenu radi seksualne eksploatacije, čime je izvršio krivično djelo\n"
        "trgovina ljudima iz čl. 388 st. 1 KZ."
    )
    assert len(sents(text, "sr")) == 1


def test_two_line_title_is_one_sentence():
    out = sents(
        "prema okrivljenom se izriče:\n\nMJERA BEZBJEDNOSTI\nODUZIMANJE PREDMETA\nOduzima se nož.", "sr"
    )
    assert "MJERA BEZBJEDNOSTI\nODUZIMANJE PREDMETA" in out


def test_macedonian_abbreviations_and_citations():
    text = (
        "Обвинетиот Б.С. од с. Арачиново, со живеалиште на ул. Илинденска бр. 5, е виновен за кривичното дело "
        "од чл. 418-а ст. 1 од КЗ, сторено на 12.05.2019 г. во Скопје. Судот го осуди на казна затвор."
    )
    out = sents(text, "mk")
    assert len(out) == 2, out
    assert out[0].endswith("во Скопје.")


def test_albanian_abbreviations_and_citations():
    text = (
        "I pandehuri A.B., i lindur më 12.03.1985 në Tiranë, akuzohet për veprën penale të parashikuar nga "
        "neni 110/a, 25 i K.Penal, në bashkëpunim me shoqërinë X sh.p.k. dhe Y sh.a. me vendim nr. 45. "
        "Gjykata vëren se akuza është e provuar."
    )
    out = sents(text, "sq")
    assert len(out) == 2, out
    assert out[1] == "Gjykata vëren se akuza është e provuar."


def test_unknown_language_uses_every_list():
    out = sents("Po čl. 5 i чл. 6 i nr. 7 sud je odlučio. Kraj.", None)
    assert len(out) == 2


def test_spans_are_trimmed_and_cover_only_text():
    text = "  Prva rečenica.   Druga rečenica!\n\n\nTreća?  "
    bounds = sentence_bounds(text, "sr")
    assert [text[s:e] for s, e in bounds] == ["Prva rečenica.", "Druga rečenica!", "Treća?"]


def _gold_texts():
    if not ANNOTATED.is_dir():
        pytest.skip("../shared/corpora not present")
    tasks = json.loads((ANNOTATED / "labelstudio.json").read_text(encoding="utf-8"))
    for task in tasks:
        name = task["data"]["text"]
        path = ANNOTATED / "texts" / name
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read().replace("\r\n", "\n")  # Label Studio counts CRLF as one character
        spans = [r["value"] for r in task["annotations"][0]["result"] if r.get("type") == "labels"]
        yield text, spans


@pytest.mark.corpus
def test_gold_entity_spans_rarely_cross_a_sentence_boundary():
    total = crossing = 0
    for text, spans in _gold_texts():
        starts = [s for s, _ in sentence_bounds(text, "sr")]
        for v in spans:
            s, e = v["start"], v["end"]
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            total += 1
            k = bisect.bisect_right(starts, s)
            if k < len(starts) and starts[k] < e:
                crossing += 1
    assert total > 1000
    assert crossing / total < 0.01, f"{crossing} of {total} gold spans cut by a sentence boundary"


def test_year_abbreviation_may_close_a_sentence():
    assert len(sents("Делото е сторено на 12.05.2019 г. Судот го осуди обвинетиот.", "mk")) == 2
    assert len(sents("Djelo je učinjeno 2019. god. Sud je osudio okrivljenog.", "sr")) == 2
    assert len(sents("Djelo je učinjeno 2019. god. u Baru.", "sr")) == 1
