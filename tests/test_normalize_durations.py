"""Durations of sentences: years and months fold into months, days and hours stay apart."""

from __future__ import annotations

import pytest

from pipeline.nlp.normalize import Duration, find_durations, parse_duration


@pytest.mark.parametrize(
    ("text", "months", "days", "hours"),
    [
        ("3 (tri) godine i 6 (šest) meseci", 42, 0, 0),
        ("3 (tri) godine i 6 (šest) mjeseci", 42, 0, 0),
        ("6 (šest) mjeseci", 6, 0, 0),
        ("3 (tri) mjeseca", 3, 0, 0),
        ("1 (jedne) godine", 12, 0, 0),
        ("jedne godine", 12, 0, 0),
        ("dvije godine", 24, 0, 0),
        ("dve godine i šest meseci", 30, 0, 0),
        ("godinu i po dana", 18, 0, 0),
        ("u trajanju od godinu dana", 12, 0, 0),
        ("30 dana", 0, 30, 0),
        ("45 (četrdeset pet) dana", 0, 45, 0),
        ("120 (sto dvadeset) časova", 0, 0, 120),
        ("360 (tri stotine šezdeset) časova", 0, 0, 360),
        ("dvije godine, četiri mjeseca i 10 dana", 28, 10, 0),
        # Serbian Cyrillic
        ("два месеца", 2, 0, 0),
        ("3 (три) године и 6 (шест) месеци", 42, 0, 0),
        # Macedonian
        ("1 година и 6 месеци", 18, 0, 0),
        ("1 (една) година и 6 (шест) месеци", 18, 0, 0),
        ("шест месеци", 6, 0, 0),
        ("две години", 24, 0, 0),
        ("30 дена", 0, 30, 0),
        # Albanian
        ("3 vjet e 4 muaj", 40, 0, 0),
        ("7 vjet burgim", 84, 0, 0),
        ("gjashtë muaj", 6, 0, 0),
        ("2 vite e 6 muaj", 30, 0, 0),
        ("15 ditë", 0, 15, 0),
    ],
)
def test_parse_duration(text: str, months: int, days: int, hours: int) -> None:
    assert parse_duration(text) == Duration(months, days, hours)


def test_total_months_counts_days_as_thirtieths() -> None:
    assert Duration(months=6, days=15).total_months == pytest.approx(6.5)
    assert Duration(months=42).total_months == 42


@pytest.mark.parametrize(
    "text",
    ["28.07.2021. godine", "2021 godine", "godine", "kazna zatvora", "čl. 3 st. 6", "1.5 mjeseci", ""],
)
def test_not_a_duration(text: str) -> None:
    assert parse_duration(text) is None


def test_figures_win_over_words_and_parts_join_only_downwards() -> None:
    # the figure decides; the words in brackets are a repetition
    assert parse_duration("4 (četiri) mjeseca") == Duration(4)
    # two sentences of the same unit are two durations, not one
    found = find_durations("6 mjeseci i 6 mjeseci")
    assert [v for _, _, v in found] == [Duration(6), Duration(6)]


def test_find_durations_in_a_sentence() -> None:
    text = ("osuđuje se na kaznu zatvora u trajanju od 3 (tri) godine i 6 (šest) mjeseci, u koju mu se "
            "uračunava vrijeme provedeno u pritvoru od 30 dana")
    found = find_durations(text)
    assert [v for _, _, v in found] == [Duration(42), Duration(days=30)]
    assert text[found[0][0]:found[0][1]] == "3 (tri) godine i 6 (šest) mjeseci"
