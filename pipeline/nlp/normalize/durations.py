"""Durations of sentences and measures → :class:`Duration`.

Shapes: "3 (tri) godine i 6 (šest) meseci", "3 (tri) godine i 6 (šest) mjeseci", "1 година и 6 месеци",
"1 (една) година и 6 (шест) месеци", "3 vjet e 4 muaj", "7 vjet burgim", "30 dana", "два месеца",
"dvije godine", "120 (sto dvadeset) časova", "godinu i po dana".

Choice: years and months are folded into whole ``months`` (a year is 12 months); days and hours are kept
apart, because a court that says "30 dana" does not mean one month. ``total_months`` gives one figure
(days / 30) where a single number is needed, e.g. for statistics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.nlp.normalize._lex import alternation, expand_words, key, lead, lexicon, word_map
from pipeline.nlp.normalize.numbers import number_words_pattern, parse_number_words

DurationSpan = tuple[int, int, "Duration"]


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time: whole months (years x 12 + months), days and hours kept separately."""

    months: int = 0
    days: int = 0
    hours: int = 0

    @property
    def total_months(self) -> float:
        """Months as one number: days count as 1/30 month, hours as 1/720."""
        return self.months + self.days / 30 + self.hours / 720


_MONTHS_PER = {"year": 12, "month": 1}


@cache
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str], dict[str, str]]:
    lex = lexicon("durations")
    units = word_map(lex["units"])
    alone = word_map(lex["unit_alone"])
    unit = alternation([w for langs in lex["units"].values() for w in expand_words(langs)])
    alone_re = alternation([w for langs in lex["unit_alone"].values() for w in expand_words(langs)])
    tail = alternation(expand_words(lex["idiom_tail"]))
    half = alternation(expand_words(lex["half"]))
    join = alternation(expand_words(lex["joiners"]))
    words = number_words_pattern()
    # one part: "3 (tri) godine", "dvije godine", "godinu (i po) dana", each optionally "and a half"
    # also "пет (5) години" (the words first, the digits in brackets: no Montenegrin verdict writes it) and
    # "5 /пет/ години" with Cyrillic words only (the Montenegrin "6 /šest/ mjeseci" stays unread: reading it
    # there would let 17 prison lengths repeat the probation, see sentences.yaml)
    part = (
        rf"(?:(?<![\w.,/])(?:(?P<num>\d{{1,3}})(?![\d.,]\d)\s*(?:\(\s*[^\W\d_][^()\d]{{0,40}}\)\s*"
        rf"|/\s*[\u0400-\u04ff][^/\d\n]{{0,40}}/\s*)?"
        rf"|(?P<words>{words})(?:\s*\(\s*\d{{1,3}}\s*\))?\s+)(?P<unit>{unit})(?!\w)(?P<half>\s+{half}(?!\w))?"
        rf"|(?<!\w)(?P<alone>{alone_re})(?P<ahalf>\s+{half})?\s+{tail}(?!\w))"
    )
    starts = [w for langs in lex["unit_alone"].values() for w in expand_words(langs)]
    starts += [w for langs in lexicon("numbers")["values"].values() for w in expand_words(langs)]
    part_re = re.compile(lead(starts, r"0-9") + part, re.IGNORECASE)
    joiner_re = re.compile(rf"\s*(?:,\s*)?(?:{join}\s+)?", re.IGNORECASE)
    return part_re, joiner_re, units, alone


_RANK = {"year": 0, "month": 1, "day": 2, "hour": 3}


def _part_value(mt: re.Match[str], units: dict[str, str], alone: dict[str, str]) -> tuple[Duration, int] | None:
    if mt.group("alone"):
        unit = alone.get(key(re.sub(r"\s+", " ", mt.group("alone"))))
        count, half = 1, bool(mt.group("ahalf"))
    else:
        unit = units.get(key(re.sub(r"\s+", " ", mt.group("unit"))))
        count = int(mt.group("num")) if mt.group("num") else parse_number_words(mt.group("words") or "")
        half = bool(mt.group("half"))
    if unit is None or count is None:
        return None
    rank = _RANK[unit]
    if unit in _MONTHS_PER:
        months = count * _MONTHS_PER[unit] + (_MONTHS_PER[unit] // 2 if half else 0)
        return Duration(months=months), rank
    if unit == "day":
        return Duration(days=count), rank
    return Duration(hours=count), rank


def _add(a: Duration, b: Duration) -> Duration:
    return Duration(a.months + b.months, a.days + b.days, a.hours + b.hours)


def find_durations(text: str) -> list[DurationSpan]:
    """Every duration in ``text`` as (start, end, Duration); adjacent parts ("3 godine i 6 meseci") join."""
    part_re, joiner_re, units, alone = _compiled()
    out: list[DurationSpan] = []
    pos = 0
    while True:
        mt = part_re.search(text, pos)
        if mt is None:
            return out
        first = _part_value(mt, units, alone)
        start, end = mt.start(), mt.end()
        pos = end if end > mt.start() else mt.start() + 1
        if first is None:
            continue
        value, rank = first
        # join following smaller units: "3 godine i 6 meseci i 15 dana" (never "6 meseci i 6 meseci")
        while True:
            jm = joiner_re.match(text, end)
            nxt = part_re.match(text, jm.end()) if jm else None
            nval = _part_value(nxt, units, alone) if nxt else None
            if nxt is None or nval is None or nval[1] <= rank:
                break
            value, rank, end = _add(value, nval[0]), nval[1], nxt.end()
        out.append((start, end, value))
        pos = end


def parse_duration(text: str) -> Duration | None:
    """The duration written in a short text; None when it holds none."""
    found = find_durations(text)
    return found[0][2] if found else None
