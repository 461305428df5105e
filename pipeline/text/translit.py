"""The Latin layer of a Cyrillic document, with exact offset mapping back to the original.

Patterns, lexicons and models written for Latin text run on ``Transliteration.text``; their spans are
mapped back with :func:`latin_to_original` / :func:`span_to_original`, so evidence always points into
``Document.text``. Each Cyrillic letter becomes one Latin letter except the few that become two
(Љ→Lj, Њ→Nj, Џ→Dž, Ѓ→Gj, Ќ→Kj, Ѕ→Dz); their original offsets are the ``expansions``.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass

from pipeline.datafiles import load_yaml
from pipeline.model import Document, Transliteration

_CYRILLIC = re.compile("[\u0400-\u04ff]")


@dataclass(frozen=True)
class _Table:
    table: dict[int, str]  # for str.translate: capitals of two-letter values as "Lj"
    expanding: re.Pattern[str]  # letters whose value has two letters
    caps: re.Pattern[str]  # two-letter capitals inside a word in capitals: ЉУБА -> LJUBA
    upper_pair: dict[str, str]  # "Љ" -> "LJ"


@functools.cache
def _config() -> dict:
    return load_yaml("translit.yaml", "transliteration table")


@functools.cache
def _table(lang: str) -> _Table:
    cfg = _config()
    langs = cfg["languages"]
    mapping = {**cfg["common"], **langs.get(lang, langs[cfg["default"]])}
    table: dict[int, str] = {}
    upper_pair: dict[str, str] = {}
    for cyr, lat in mapping.items():
        if len(cyr) != 1 or not 1 <= len(lat) <= 2:
            raise ValueError(f"translit.yaml: {cyr!r} -> {lat!r}: one letter must become one or two letters")
        table[ord(cyr)] = lat
        table[ord(cyr.upper())] = lat[0].upper() + lat[1:]
        if len(lat) == 2:
            upper_pair[cyr.upper()] = lat.upper()
    two = "".join(c for c, lat in mapping.items() if len(lat) == 2)
    two_upper = two.upper()
    expanding = re.compile(f"[{re.escape(two + two_upper)}]")
    # a two-letter capital is all capitals when the next letter is a capital, or when it ends a word
    # whose previous letter is a capital (МАЉ -> MALJ); alone (Љ.) it stays "Lj".
    capitals = "A-ZČĆĐŠŽ\u0400-\u042f"
    pair = f"[{re.escape(two_upper)}]"
    caps = re.compile(f"{pair}(?=[{capitals}])|(?<=[{capitals}]){pair}(?![^\\W\\d_])")
    return _Table(table, expanding, caps, upper_pair)


def to_latin(text: str, lang: str | None) -> Transliteration:
    """Latin transliteration of ``text`` (Serbian table for every language but Macedonian)."""
    t = _table(table_name(lang))
    if not _CYRILLIC.search(text):
        return Transliteration(text=text, expansions=[])
    expansions = [m.start() for m in t.expanding.finditer(text)]
    latin = text.translate(t.table)
    fixes = [m.start() for m in t.caps.finditer(text)]
    if fixes:
        parts: list[str] = []
        prev = 0
        for o in fixes:
            pos = original_to_latin(o, expansions)
            parts.append(latin[prev:pos])
            parts.append(t.upper_pair[text[o]])
            prev = pos + 2
        parts.append(latin[prev:])
        latin = "".join(parts)
    return Transliteration(text=latin, expansions=expansions)


def original_to_latin(offset: int, expansions: list[int]) -> int:
    """Offset in the Latin layer of an original offset (each expansion before it adds one)."""
    return offset + bisect_left(expansions, offset)


def latin_to_original(offset: int, expansions: list[int]) -> int:
    """Original offset of a Latin offset; the second letter of a pair (the "j" of "Lj") maps to the
    Cyrillic letter itself."""
    # the k-th expansion (0-based) puts its second letter at Latin offset expansions[k] + k + 1;
    # count how many such second letters lie at or before ``offset`` (strictly increasing: bisect).
    lo, hi = 0, len(expansions)
    while lo < hi:
        mid = (lo + hi) // 2
        if expansions[mid] + mid + 1 <= offset:
            lo = mid + 1
        else:
            hi = mid
    return offset - lo


def span_to_original(start: int, end: int, expansions: list[int]) -> tuple[int, int]:
    """Original (start, end) of a Latin span (end exclusive); a span never splits a Cyrillic letter."""
    if end <= start:
        o = latin_to_original(start, expansions)
        return o, o
    return latin_to_original(start, expansions), latin_to_original(end - 1, expansions) + 1


__all__ = [
    "document_latin_view",
    "latin_to_original",
    "latin_view",
    "original_to_latin",
    "span_to_original",
    "table_name",
    "to_latin",
    "view_of",
]


def table_name(lang: str | None) -> str:
    """The table ``to_latin`` uses for a language (Serbian for every language but Macedonian)."""
    return lang if lang in _config()["languages"] else _config()["default"]


def view_of(layer: Transliteration, n: int) -> tuple[str, range | list[int]]:
    """The Latin text of a layer and, for every Latin character, the offset of the original character it
    came from (``n``: the length of the original text)."""
    if not layer.expansions:
        return layer.text, range(n)
    back: list[int] = []
    prev = 0
    for o in layer.expansions:
        back.extend(range(prev, o + 1))
        back.append(o)
        prev = o + 1
    back.extend(range(prev, n))
    return layer.text, back


def latin_view(text: str, lang: str | None = "sr") -> tuple[str, range | list[int]]:
    """Latin text and, for every Latin character, the offset of the original character it came from.

    For matching Latin rules against Cyrillic text character by character (entity rules, field extraction);
    built on :func:`to_latin`, so there is one transliteration table in the project.
    """
    return view_of(to_latin(text, lang), len(text))


def document_latin_view(document: Document, lang: str | None = "sr") -> tuple[str, range | list[int]]:
    """:func:`latin_view` of a document's text: from the Latin layer assembly stored once
    (``Document.latin``) when it was made with the same table, else made now (a document built without
    one, a Macedonian layer asked for Serbian rules)."""
    layer = document.latin
    if layer is None or table_name(document.language) != table_name(lang):
        layer = to_latin(document.text, lang)
    return view_of(layer, len(document.text))
