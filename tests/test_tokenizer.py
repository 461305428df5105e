"""Verdict tokenizers: legal abbreviations, citations, dates and initials come out as a lawyer reads them."""

from __future__ import annotations

import pytest

from pipeline.nlp.tokenizer import make_nlp, new_nlp, spacy_lang


def toks(lang: str | None, text: str) -> list[str]:
    return [t.text for t in make_nlp(lang)(text)]


def test_language_mapping():
    assert spacy_lang("cnr") == "sr" and spacy_lang("bs") == "hr" and spacy_lang("mk") == "mk"
    assert spacy_lang("sq") == "sq" and spacy_lang(None) == "xx" and spacy_lang("de") == "xx"
    assert make_nlp("cnr").lang == "sr" and make_nlp(None).lang == "xx"


def test_nlp_is_cached_per_language_and_new_nlp_is_private():
    assert make_nlp("sr") is make_nlp("sr")
    assert new_nlp("sr") is not make_nlp("sr")


def test_serbian_citations_and_abbreviations():
    out = toks("sr", "iz čl.388 st.3 u vezi st. 1 KZ, K.br.4/15 od 28.07.2021. godine (čl. 5) Čl. 6 i tač. 2")
    assert out[:9] == ["iz", "čl.", "388", "st.", "3", "u", "vezi", "st.", "1"]
    assert "K.br." in out and "4/15" in out
    assert "28.07.2021." in out and "godine" in out
    assert "(" in out and "čl." in out and "Čl." in out and "tač." in out


def test_initials_companies_and_masked_data_are_single_tokens():
    out = toks(
        "cnr", "Okrivljeni H.K. i G. Ž. iz firme X d.o.o. i Y a.d., JMBG xxxxxxxxx, rođen 16.12.2015.godine"
    )
    assert "H.K." in out and "G." in out and "Ž." in out
    assert "d.o.o." in out and "a.d." in out
    assert "xxxxxxxxx" in out
    assert out[-2:] == ["16.12.2015.", "godine"]


def test_norms_of_abbreviations():
    doc = make_nlp("sr")("čl. 388 st. 1")
    assert [t.norm_ for t in doc][:3] == ["član", "388", "stav"]


def test_macedonian_tokens():
    out = toks("mk", "чл.418-а ст.1 од КЗ, К.бр.83/12, ДООЕЛ Скопје, 19.09.2012 г.")
    assert out[:4] == ["чл.", "418-а", "ст.", "1"]
    assert "К.бр." in out and "83/12" in out and "ДООЕЛ" in out and "19.09.2012" in out and "г." in out


def test_albanian_tokens():
    out = toks("sq", "neni 110/a, 25 i K.Penal, X sh.p.k. dhe Y sh.a., Nr. 56440-00372-00-2021, p.sh. nr.45")
    assert "110/a" in out and "K.Penal" in out and "sh.p.k." in out and "sh.a." in out
    assert "56440-00372-00-2021" in out and "p.sh." in out
    assert out[-2:] == ["nr.", "45"]


def test_web_addresses_only_when_they_are_addresses():
    out = toks("sr", "vidi https://sudovi.me/odluke i www.sud.rs te U.bulevar")
    assert "https://sudovi.me/odluke" in out and "www.sud.rs" in out


@pytest.mark.parametrize("lang", ["sr", "cnr", "hr", "bs", "mk", "sq", None])
def test_every_language_tokenizes_without_losing_text(lang):
    text = "Sud je 28.07.2021. godine, po čl. 388 i чл. 418-а, neni 110/a, odlučio: kriv je!"
    doc = make_nlp(lang)(text)
    assert "".join(t.text_with_ws for t in doc) == text


def test_tokenizer_serialises_with_its_rules(tmp_path):
    nlp = new_nlp("sr")
    nlp.to_disk(tmp_path / "nlp")
    import spacy

    again = spacy.load(tmp_path / "nlp")
    assert [t.text for t in again("čl. 388 st. 1")] == ["čl.", "388", "st.", "1"]
