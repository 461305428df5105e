"""The rule files: phrase lists fold case and diacritics, keep offsets, and compile to one regex."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from pipeline.coding.extract import patterns
from pipeline.errors import ConfigError


def test_folded_text_keeps_offsets() -> None:
    text = "OSLOBAĐA SE OD OPTUŽBE – Оштетената Б.Д."
    folded = patterns.fold_text(text)
    assert len(folded) == len(text)
    assert folded.startswith("oslobada se od optuzbe")
    assert "оштетената" in folded


@pytest.mark.parametrize(
    "text",
    [
        "OSLOBAĐA SE OD OPTUŽBE",
        "oslobadja se od optužbe",
        "O S L O B A Đ A   S E   O D   O P T U Ž B E",
        "Oslobađa se od\noptužbe",
    ],
)
def test_outcome_phrases_match_every_spelling(text: str) -> None:
    rx, labels = patterns.labelled("charges", "outcome", "sr")
    m = rx.search(text)
    assert m and patterns.label_of(m, labels) == "acquitted" and m.start() == 0


def test_longest_phrase_wins_and_words_stay_whole() -> None:
    rx, labels = patterns.labelled("persons", "prior", "sr")
    m = rx.search("do sada neosuđivan, pismen")
    assert patterns.label_of(m, labels) == "false"
    m = rx.search("ranije osuđivan presudom")
    assert patterns.label_of(m, labels) == "true"
    assert rx.search("neosuđivanost") is not None  # open word end (*)
    kriv = patterns.phrases("charges", "sentencing_word", "sr")
    assert kriv.search("krivično djelo osuđujemo") is None


def test_cyrillic_and_albanian_phrases() -> None:
    rx, labels = patterns.labelled("victims", "compensation_outcome", "mk")
    m = rx.search("оштетената Б.Д. СЕ УПАТУВА НА ПАРНИЦА.")
    assert patterns.label_of(m, labels) == "referred_to_civil"
    rx, labels = patterns.labelled("victims", "compensation_outcome", "sq")
    m = rx.search("Rrëzimin e padisë civile për pjesën tjetër.")
    assert patterns.label_of(m, labels) == "rejected"


def test_every_rule_file_compiles_for_every_family() -> None:
    folder = resources.files("pipeline") / "resources" / "extraction"
    for path in folder.iterdir():
        if not path.name.endswith(".yaml"):
            continue
        name = path.name[:-5]
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data.get("version", 1), int)
        for key, entry in data.items():
            if key in ("version", "macros", "spaced_lists") or not isinstance(entry, dict):
                continue
            for fam in ("sr", "mk", "sq"):
                if fam in entry:
                    items = entry[fam]
                    if isinstance(items, str) or (
                        isinstance(items, list) and items and all(str(i).startswith("re:") for i in items)
                    ):
                        patterns.pattern(name, key, fam)
                    elif isinstance(items, list) and all(isinstance(i, str) for i in items):
                        patterns.phrases(name, key, fam)
                elif all(isinstance(v, dict) for v in entry.values()) and any(
                    fam in v for v in entry.values()
                ):
                    patterns.labelled(name, key, fam)


def test_unknown_list_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="no list 'nope'"):
        patterns.phrases("case", "nope", "sr")
