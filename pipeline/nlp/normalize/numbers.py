"""Numbers written as figures or words ("tri", "dvije", "шест", "gjashtë", "sto dvadeset", "njëzet e një").

Verdicts repeat figures in words ("3 (tri) godine"); alone, words carry durations ("dvije godine").
The vocabulary is in ``resources/lexicons/numbers.yaml``.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.nlp.normalize._lex import alternation, expand_words, key, lexicon, word_map

_TOKEN_SPLIT = re.compile(r"[\s\-–]+")


@cache
def _tables() -> tuple[dict[str, int], set[str], set[str], set[str]]:
    lex = lexicon("numbers")
    values = {k: int(v) for k, v in word_map(lex["values"]).items()}
    hundreds = {key(w) for w in expand_words(lex["hundred_multiplier"])}
    thousands = {key(w) for w in expand_words(lex["thousand_multiplier"])}
    connectors = {key(w) for w in expand_words(lex["connectors"])}
    return values, hundreds, thousands, connectors


@cache
def number_words_pattern() -> str:
    """Regex (no groups) for a run of number words, e.g. "tri stotine šezdeset", "njëzet e një"."""
    lex = lexicon("numbers")
    words = [w for langs in lex["values"].values() for w in expand_words(langs)]
    words += expand_words(lex["hundred_multiplier"]) + expand_words(lex["thousand_multiplier"])
    word = alternation(words)
    conn = alternation(expand_words(lex["connectors"]))
    return rf"(?<!\w){word}(?:(?:[\s\-–]+{conn})?[\s\-–]+{word})*(?!\w)"


def parse_number_words(text: str) -> int | None:
    """Value of spelled-out number words; None when a token is not a number word (or nothing is)."""
    values, hundreds, thousands, connectors = _tables()
    total = current = 0
    seen = False
    for tok in _TOKEN_SPLIT.split(text.strip().strip("()").strip()):
        if not tok:
            continue
        k = key(tok)
        if k in values:
            current += values[k]
        elif k in hundreds:
            current = (current or 1) * 100
        elif k in thousands:
            total += (current or 1) * 1000
            current = 0
        elif k in connectors and seen:
            continue
        else:
            return None
        seen = True
    return total + current if seen else None


_DIGITS = re.compile(r"\d{1,9}")


def parse_number(text: str) -> int | None:
    """An integer written as digits ("12") or words ("dvanaest", "дванаесет", "dymbëdhjetë")."""
    text = text.strip()
    if _DIGITS.fullmatch(text):
        return int(text)
    return parse_number_words(text)
