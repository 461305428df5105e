"""Dates as verdicts write them → ``datetime.date``.

Shapes: "28.07.2021. godine", glued to a word ("Dana,11.05.2018", "dA.11.05.2018" of anonymised texts), "28.07.2021.godine", "28. 07. 2021.", "25.06. 2010 .", "12.03.19",
"25. avgusta 2020.", "10 јуни 2019", "10.06.2019 година", "12 qershor 2020", "13. Jun 2012",
"2021-07-28", "June 12, 2020", a date followed by a comma ("më 23.01.2011, ..."; a comma and a digit
("12.03.2019,5") is a figure, not a date). Two-digit years: up to next year → 20yy, else 19yy. Impossible dates
(31.02.2020) are not dates. A figure without a year ("1.5", "12.30") is never a date.
Month names with their case forms are in ``resources/lexicons/months.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from pipeline.nlp.normalize._lex import (
    alternation,
    expand_words,
    key,
    lead,
    lexicon,
    two_digit_year,
    word_map,
)

DateSpan = tuple[int, int, dt.date]


@cache
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int], tuple[int, int]]:
    lex = lexicon("months")
    months = {k: int(v) for k, v in word_map(lex["months"]).items()}
    words = [w for langs in lex["months"].values() for w in expand_words(langs)]
    mon = alternation(words)
    numeric = (
        r"(?<![\d/])(?<!\d[.,])(?P<d>[0-3]?\d)\s*(?P<sep>[./-])\s*(?P<m>[01]?\d)\s*(?P=sep)\s*"
        r"(?P<y>(?:19|20)\d\d|\d\d)(?!\d|,\d|\.\d)(?:\s*\.(?!\d))?"
    )
    iso = r"(?<![\d.])(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?!\d)"
    textual = (
        rf"(?<![\d.,])(?P<td>[0-3]?\d)\s*\.?\s*(?P<tm>{mon})\.?\s*,?\s*(?P<ty>(?:19|20)\d\d)(?!\d)(?:\s*\.(?!\d))?"
    )
    english_words = [w for langs in lex["months"].values() for w in langs.get("en", [])]
    english = rf"(?<!\w)(?P<em>{alternation(english_words)})\s+(?P<ed>[0-3]?\d),?\s+(?P<ey>(?:19|20)\d\d)(?!\d)"
    # figures first (the look-ahead lets the engine skip to digits); English "June 12, 2020" apart
    pattern = re.compile(rf"(?=[0-9])(?:(?:{numeric})|(?:{iso})|(?:{textual}))", re.IGNORECASE)
    english_re = re.compile(lead(english_words) + english, re.IGNORECASE)
    lo, hi = lex.get("year_range", [1900, 2100])
    return pattern, english_re, months, (int(lo), int(hi))


def _valid(y: int, m: int, d: int, years: tuple[int, int]) -> dt.date | None:
    if not years[0] <= y <= years[1]:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _from_match(mt: re.Match[str], months: dict[str, int], years: tuple[int, int]) -> dt.date | None:
    g = mt.groupdict()
    if "em" in g:
        month = months.get(key(g["em"]))
        return _valid(int(g["ey"]), month, int(g["ed"]), years) if month else None
    if g["d"] is not None:
        ys = g["y"]
        y = two_digit_year(int(ys)) if len(ys) == 2 else int(ys)
        return _valid(y, int(g["m"]), int(g["d"]), years)
    if g["iy"] is not None:
        return _valid(int(g["iy"]), int(g["im"]), int(g["id"]), years)
    month = months.get(key(re.sub(r"\s+", " ", g["tm"])))
    return _valid(int(g["ty"]), month, int(g["td"]), years) if month else None


def find_dates(text: str) -> list[DateSpan]:
    """Every valid date in ``text`` as (start, end, date); the span includes a trailing ordinal dot."""
    pattern, english, months, years = _compiled()
    out: list[DateSpan] = []
    for pat in (pattern, english):
        for mt in pat.finditer(text):
            value = _from_match(mt, months, years)
            if value is not None:
                out.append((mt.start(), mt.end(), value))
    out.sort(key=lambda d: d[0])
    return out


def parse_date(text: str) -> dt.date | None:
    """The date written in a short text ("dana 16.12.2015.godine" → 2015-12-16); None if there is none."""
    found = find_dates(text)
    return found[0][2] if found else None
