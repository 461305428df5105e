"""Shared helpers of the normalisers: lexicon loading (once, cached), Serbian script conversion for
building patterns in both scripts, and regex alternations built from word lists."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

from pipeline.datafiles import load_yaml
from pipeline.text.fold import deaccent, without_marks

_LAT2CYR_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ", "Lj": "Љ", "Nj": "Њ", "Dž": "Џ", "LJ": "Љ", "NJ": "Њ", "DŽ": "Џ"}
_LAT2CYR = dict(
    zip(
        "abcčćdđefghijklmnoprsštuvzžABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ",
        "абцчћдђефгхијклмнопрсштувзжАБЦЧЋДЂЕФГХИЈКЛМНОПРСШТУВЗЖ",
        strict=True,
    )
)
_CYR2LAT = {v: k for k, v in _LAT2CYR.items()}
_CYR2LAT.update({"љ": "lj", "њ": "nj", "џ": "dž", "Љ": "Lj", "Њ": "Nj", "Џ": "Dž"})
# Macedonian letters (for keys, not for display)
_CYR2LAT.update({"ѓ": "gj", "ќ": "kj", "ѕ": "dz", "Ѓ": "Gj", "Ќ": "Kj", "Ѕ": "Dz"})
_DIGRAPH_RE = re.compile("|".join(sorted(_LAT2CYR_DIGRAPHS, key=len, reverse=True)))


def sr_to_cyrillic(text: str) -> str:
    """Serbian Latin → Cyrillic (lj, nj, dž as single letters). Used to derive Cyrillic patterns and labels."""
    text = _DIGRAPH_RE.sub(lambda m: _LAT2CYR_DIGRAPHS[m.group(0)], text)
    return "".join(_LAT2CYR.get(ch, ch) for ch in text)


def to_latin(text: str) -> str:
    """Serbian/Macedonian Cyrillic → Latin (for keys and comparisons, never for offsets)."""
    return "".join(_CYR2LAT.get(ch, ch) for ch in text)


def is_cyrillic(text: str) -> bool:
    """True when the letters of ``text`` are mostly Cyrillic."""
    cyr = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    lat = sum(1 for ch in text if ch.isalpha() and ch.isascii() or ch in "čćšžđČĆŠŽĐëçËÇ")
    return cyr > lat


def key(text: str) -> str:
    """Look-up key of a word: NFC, lower case, Latin script (diacritics kept: "što" is not "sto")."""
    return to_latin(unicodedata.normalize("NFC", text)).lower()


def fold(text: str) -> str:
    """Lower case, NFC, Latin script, no diacritics: a key for dictionary look-ups of inflected words."""
    return without_marks(to_latin(unicodedata.normalize("NFC", text)).lower().replace("đ", "dj"))


@cache
def lexicon(name: str) -> dict[str, Any]:
    """The YAML lexicon ``pipeline/resources/lexicons/<name>.yaml`` (read once per process)."""
    return load_yaml(f"lexicons/{name}.yaml", "word list")


def expand_words(by_lang: dict[str, Iterable[str]] | Iterable[str]) -> list[str]:
    """All spellings of a word list: entries under ``sr`` also get their Cyrillic form."""
    out: list[str] = []
    if isinstance(by_lang, dict):
        for lang, words in by_lang.items():
            for w in words or []:
                w = str(w)
                out.append(w)
                if not is_cyrillic(w):
                    out.append(deaccent(w))
                    if lang in ("sr", "cnr", "bs"):
                        out.append(sr_to_cyrillic(w))
    else:
        out.extend(str(w) for w in by_lang)
    seen: dict[str, None] = {}
    for w in out:
        seen.setdefault(w, None)
    return list(seen)


def _atoms(word: str) -> list[str]:
    """Regex atoms of a literal word: one per character; a space matches any run of white space and an
    internal dot may be followed by a space ("K.Penal" / "K. Penal")."""
    atoms: list[str] = []
    pieces = word.split(".")
    for i, piece in enumerate(pieces):
        for j, tok in enumerate(piece.split()):
            if j:
                atoms.append(r"\s+")
            atoms.extend(re.escape(ch) for ch in tok)
        if i < len(pieces) - 1:
            last = i == len(pieces) - 2 and not pieces[-1]
            atoms.append(r"\." if last else r"\.\s*")
    return atoms


_END = ""


def _depth(node: dict[str, Any]) -> int:
    return max((1 + _depth(child) for atom, child in node.items() if atom != _END), default=0)


def _emit(node: dict[str, Any]) -> str:
    # siblings longest first, then by text: the regex takes the first alternative that matches, so an order
    # left to set iteration (hash-seeded per process) made "в.в." lose to "в." in some runs and not others
    children = sorted(((a, c) for a, c in node.items() if a != _END), key=lambda ac: (-_depth(ac[1]), ac[0]))
    alts = [atom + _emit(child) for atom, child in children]
    if not alts:
        return ""
    if len(alts) == 1 and _END not in node:
        return alts[0]
    group = "(?:" + "|".join(alts) + ")"
    return group + "?" if _END in node else group


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of the literal words (longest first), built as a trie so that matching costs
    about one step per character, not one per word: the finders scan whole verdicts."""
    return trie_regex(_atoms(w) for w in {w for w in words if w})


def trie_regex(atom_lists: Iterable[list[str]]) -> str:
    """A regex matching any of the given sequences of regex atoms, as a trie (shared prefixes once)."""
    trie: dict[str, Any] = {}
    for atoms in atom_lists:
        node = trie
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[_END] = {}
    if not trie:
        return "(?!)"
    return "(?:" + _emit(trie) + ")"


def lead(words: Iterable[str], extra: str = "") -> str:
    """A look-ahead on the possible first characters of a match (``extra``: more class items, e.g. ``\\d``).
    Put at the start of a pattern it lets the regex engine skip every other position at C speed."""
    chars: set[str] = set()
    for w in words:
        w = w.lstrip()
        if w:
            chars |= {w[0], w[0].lower(), w[0].upper()}
    cls = "".join(sorted(re.escape(c) if c in "\\]^-[" else c for c in chars))
    return f"(?=[{cls}{extra}])"


def word_map(by_lang: dict[Any, Any]) -> dict[str, Any]:
    """Spelling key (see :func:`key`) → entry key, from ``{entry: {lang: [spellings]}}`` sections."""
    out: dict[str, Any] = {}
    for entry, langs in by_lang.items():
        for w in expand_words(langs):
            out.setdefault(key(w), entry)
    return out


def two_digit_year(yy: int, pivot: int | None = None) -> int:
    """Four-digit year for a two-digit one: up to ``pivot`` (default: this year + 1) → 20yy, else 19yy."""
    if pivot is None:
        import datetime as _dt

        pivot = (_dt.date.today().year + 1) % 100
    return 2000 + yy if yy <= pivot else 1900 + yy
