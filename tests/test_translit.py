"""Latin layer of Cyrillic text: letters, capitals, and exact offsets back into the original."""

from __future__ import annotations

import random
import re

import pytest

from pipeline.text.translit import latin_to_original, original_to_latin, span_to_original, to_latin


@pytest.mark.parametrize(
    ("cyr", "lang", "latin"),
    [
        ("Љубомир Њешић, џеп, Ђорђе Ћосић", "sr", "Ljubomir Nješić, džep, Đorđe Ćosić"),
        ("ЉУБА Љуба", "sr", "LJUBA Ljuba"),
        ("ЊЕГОШ, ЏЕЈН, МАЉ", "sr", "NJEGOŠ, DŽEJN, MALJ"),
        ("Љ. Петровић", "sr", "Lj. Petrović"),  # an initial alone stays "Lj"
        ("ОСНОВНИ СУД У БЕОГРАДУ", "sr", "OSNOVNI SUD U BEOGRADU"),
        ("Ѓорѓи Ќосе, ѕвезда, Јован", "mk", "Gjorgji Kjose, dzvezda, Jovan"),
        ("ЃОРЃИ ЌОСЕ", "mk", "GJORGJI KJOSE"),
        ("Основен кривичен суд Скопје", "mk", "Osnoven krivičen sud Skopje"),
        ("жена, чл. 388 шест", "sr", "žena, čl. 388 šest"),
    ],
)
def test_letters_and_capitals(cyr: str, lang: str, latin: str) -> None:
    assert to_latin(cyr, lang).text == latin


def test_latin_text_is_left_alone() -> None:
    t = to_latin("Osnovni sud u Podgorici, K. br. 12/20", "sr")
    assert t.text == "Osnovni sud u Podgorici, K. br. 12/20"
    assert t.expansions == []


def test_unknown_language_uses_serbian_table() -> None:
    assert to_latin("Ђорђе", None).text == "Đorđe"
    assert to_latin("Ђорђе", "cnr").text == "Đorđe"


def test_expansions_are_original_offsets_of_two_letter_values() -> None:
    text = "Љуба и Њ"
    t = to_latin(text, "sr")
    assert t.expansions == [0, 7]
    assert t.text == "Ljuba i Nj"


def test_offset_round_trip_property() -> None:
    """For random Serbian/Macedonian strings every original offset survives original->latin->original,
    and every word found in the Latin layer maps back onto the same word in the original."""
    rng = random.Random(7)
    letters = "абвгдђежзијклљмнњопрстћуфхцчџшѓќѕАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШЃЌЅ"
    for _ in range(300):
        words = [
            "".join(rng.choice(letters) for _ in range(rng.randint(1, 9))) for _ in range(rng.randint(1, 12))
        ]
        text = " ".join(words) + rng.choice(["", ".", " 12/20"])
        for lang in ("sr", "mk"):
            t = to_latin(text, lang)
            assert len(t.text) == len(text) + len(t.expansions)
            for o in range(len(text) + 1):
                assert latin_to_original(original_to_latin(o, t.expansions), t.expansions) == o
            # every Latin offset maps into the original text, monotonically
            back = [latin_to_original(i, t.expansions) for i in range(len(t.text) + 1)]
            assert back == sorted(back) and back[0] == 0 and back[-1] == len(text)
            orig_words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
            latin_words = [(m.start(), m.end()) for m in re.finditer(r"\S+", t.text)]
            assert [span_to_original(s, e, t.expansions) for s, e in latin_words] == orig_words


def test_span_inside_a_pair_covers_the_whole_letter() -> None:
    t = to_latin("Љуба", "sr")  # Latin "Ljuba": "j" is the second letter of Љ
    assert span_to_original(1, 2, t.expansions) == (0, 1)
    assert span_to_original(0, 5, t.expansions) == (0, 4)
    assert span_to_original(2, 2, t.expansions) == (1, 1)


def test_big_document_is_fast_enough_to_build() -> None:
    text = "Окривљени Љубомир Ђорђевић, рођен у Београду, ОСУЂУЈЕ СЕ на казну затвора. " * 800
    t = to_latin(text, "sr")
    assert t.text.startswith("Okrivljeni Ljubomir Đorđević, rođen u Beogradu, OSUĐUJE SE")
    assert len(t.expansions) == 800 * 2
