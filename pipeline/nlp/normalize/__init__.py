"""Normalisers for the values lawyers code from verdicts: dates, durations, money, statute citations,
case numbers and courts, in Serbian (Latin + Cyrillic), Montenegrin/Croatian, Macedonian and Albanian.

Every normaliser is a pure function over a string, built from precompiled regular expressions whose
vocabulary (month names, number words, units, currencies, code names, court names) lives in
``pipeline/resources/lexicons/*.yaml``. Each comes with a finder that returns character spans in a
text, so evidence can point at the words the value came from.

Return types:
    parse_date(text) -> datetime.date | None
    find_dates(text) -> list[tuple[int, int, date]]
    parse_duration(text) -> Duration | None          Duration(months, days, hours); .total_months
    find_durations(text) -> list[tuple[int, int, Duration]]
    parse_money(text, default_currency=None) -> Money | None   Money(amount: Decimal, currency: ISO 4217)
    find_money(text, default_currency=None) -> list[tuple[int, int, Money]]
    parse_provisions(text, country=None, lang=None) -> list[Provision]   (each with start/end)
    provisions_by_group(provisions) -> list[list[Provision]]   one list per citation
    parse_case_number(text) -> CaseNumber | None
    find_case_numbers(text) -> list[CaseNumber]       (each with start/end)
    normalize_court(text) -> Court | None
    find_courts(text) -> list[Court]                  (each with start/end)
    parse_number(text) -> int | None                  digits or number words (1..999999)
"""

from __future__ import annotations

from pipeline.nlp.normalize.case_numbers import CaseNumber, find_case_numbers, parse_case_number
from pipeline.nlp.normalize.courts import Court, find_courts, normalize_court
from pipeline.nlp.normalize.dates import find_dates, parse_date
from pipeline.nlp.normalize.durations import Duration, find_durations, parse_duration
from pipeline.nlp.normalize.money import Money, find_money, parse_money
from pipeline.nlp.normalize.numbers import parse_number
from pipeline.nlp.normalize.provisions import (
    Provision,
    find_provisions,
    normalize_article,
    parse_provisions,
    provisions_by_group,
)

__all__ = [
    "CaseNumber",
    "Court",
    "Duration",
    "Money",
    "Provision",
    "find_case_numbers",
    "find_courts",
    "find_dates",
    "find_durations",
    "find_money",
    "find_provisions",
    "normalize_article",
    "normalize_court",
    "parse_case_number",
    "parse_date",
    "parse_duration",
    "parse_money",
    "parse_number",
    "parse_provisions",
    "provisions_by_group",
]
