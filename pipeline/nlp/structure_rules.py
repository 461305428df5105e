"""Loading the structure rule files and "folding" text for comparison with them.

Folding makes headings and phrases comparable across case, script and accents: "O b r a z l o ž e n j e",
"ОБРАЗЛОЖЕЊЕ" and "Obrazlozenje" all fold to "obrazlozenje". The character map is data
(``resources/sections.yaml``, key ``fold``), so Latin/Cyrillic spelling variants are fixed there.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pipeline.datafiles import load_yaml
from pipeline.languages import rule_family

# letters spaced out, words apart by 2-3 spaces: "К Р И В И   С У" (4+ letters in all)
_SPACED = re.compile(r"(?<!\w)\w(?:[ \t]{1,3}\w){3,}(?!\w)")
_GAP = re.compile(r"[ \t]{2,}")
_SPACED_PROBE = re.compile(r"\w[ \t]\w[ \t]\w[ \t]\w")
_NON_ALNUM = re.compile(r"[\W_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_RUNS: dict[str, str] = {}  # folded non-ASCII runs: verdicts repeat their words, str.translate is slow


def family(lang: str | None) -> str | None:
    """Rule family of a verdict language (resources/language_map.yaml); None if unknown: the rules of every
    family apply."""
    return rule_family(lang)


@cache
def load_resource(name: str) -> dict[str, Any]:
    """A YAML file from pipeline/resources, parsed once per process."""
    return load_yaml(name)


@cache
def _fold_table() -> dict[int, str]:
    fold = load_resource("sections.yaml").get("fold") or {}
    table: dict[int, str] = {}
    for src, dst in fold.items():
        src, dst = str(src), str(dst)
        table[ord(src)] = dst
        up = src.upper()
        if len(up) == 1 and up != src:
            table[ord(up)] = dst
    return table


def join_spaced(text: str) -> str:
    """Join letters written spaced out for emphasis: "O S U Đ U J E" -> "OSUĐUJE", "K R I V I   S U" -> "KRIVI SU"."""
    if not _SPACED_PROBE.search(text):
        return text
    return _SPACED.sub(_join, text)


def _join(m: re.Match[str]) -> str:
    return " ".join(w.replace(" ", "").replace("\t", "") for w in _GAP.split(m.group(0)))


def _fold_run(m: re.Match[str]) -> str:
    run = m.group(0)
    out = _RUNS.get(run)
    if out is None:
        if len(_RUNS) > 200_000:
            _RUNS.clear()
        out = _RUNS[run] = run.translate(_fold_table())
    return out


def fold_chars(text: str) -> str:
    """Small letters, Cyrillic as Latin, no accents (only the character map, nothing else)."""
    return _NON_ASCII.sub(_fold_run, text.lower())


def fold(text: str) -> str:
    """Small letters, spaced-out words joined, Cyrillic as Latin, no accents, single spaces."""
    return " ".join(fold_chars(join_spaced(text)).split())


def fold_key(text: str) -> str:
    """Folded, and without spaces or punctuation: the form headings are compared in."""
    return _NON_ALNUM.sub("", fold_chars(text))


def fold_pattern(pattern: str) -> str:
    """A regular expression written with accents/Cyrillic, rewritten to match folded text.

    Only non-ASCII letters are mapped (both cases), so regex syntax such as ``\\S`` is untouched;
    compile the result with ``re.IGNORECASE``.
    """
    return pattern.translate(_fold_table())
