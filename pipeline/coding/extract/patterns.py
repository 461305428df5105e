"""Phrase lists and patterns of the field extractors, kept as YAML in ``resources/extraction/``.

Lawyers and developers tune the wording a court uses ("upućuje se na parnični postupak", "се упатува
на парница", "udhëzohet në gjykatën civile") without touching code. Two shapes are accepted:

* phrase lists (``phrases``, ``labelled``): plain phrases where case and diacritics do not matter
  ("osudjivan" matches "osuđivan"), any run of white space matches any other, and a trailing ``*``
  lets the word go on ("okrivljen*"). Lists named under ``spaced_lists`` also match headings written
  with spaced-out letters ("K R I V  J E" = "kriv je"). A list may hold ``re:`` regexes too; like the
  phrases they see the text in small letters without diacritics.
* patterns (``pattern``): ``re:`` Python regular expressions on the text itself, with ``{MACRO}``
  fragments from ``common.yaml`` or the file's own ``macros``; case-sensitive unless they say
  ``(?i:...)``, because person names are told apart from words by their capital letters.

Phrase lists are matched on a folded copy of the text of the same length (one character for one), and
are compiled into prefix trees: a list of a hundred phrases costs about as much as one. Files are read
and compiled once per process.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from pipeline.datafiles import expand_macros, load_yaml
from pipeline.errors import ConfigError


class _FoldTable(dict):
    """str.translate table: lower case without diacritics, one character for one (offsets hold)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        low = ch.lower()
        if len(low) != 1:
            low = ch
        base = unicodedata.normalize("NFD", low)[0]
        out = "d" if low == "đ" else base if base.isalpha() or not low.isalpha() else low
        self[code] = out
        return out


_TABLE = _FoldTable()
_CACHE: dict[int, tuple[str, str]] = {}
_PINNED: list[tuple[str, str]] = []


def pin(text: str) -> str:
    """Fold the text under extraction once and keep it until the next document is pinned."""
    if _PINNED and _PINNED[0][0] is text:
        return _PINNED[0][1]
    folded = text.translate(_TABLE)
    _PINNED[:] = [(text, folded)]
    return folded


def fold_text(text: str) -> str:
    """Text as phrase lists see it: "OSUĐUJE" -> "osuduje", "Оштетената" -> "оштетената"; the same
    length, so every offset found in it is an offset of the text."""
    if _PINNED and _PINNED[0][0] is text:
        return _PINNED[0][1]
    hit = _CACHE.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    folded = text.translate(_TABLE)
    if len(text) > 200:
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[id(text)] = (text, folded)
    return folded


class Folded:
    """A compiled phrase list: searches the folded text, so case and diacritics do not matter and
    the regex stays small. Match offsets are offsets of the text searched."""

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return self.regex.search(fold_text(string), pos, len(string) if endpos is None else endpos)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return self.regex.match(fold_text(string), pos, len(string) if endpos is None else endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None):
        return self.regex.finditer(fold_text(string), pos, len(string) if endpos is None else endpos)

    def sub(self, repl: str, string: str) -> str:
        return self.regex.sub(repl, fold_text(string))


@cache
def load(name: str) -> dict[str, Any]:
    """A file of ``resources/extraction`` (without ``.yaml``), parsed once."""
    return load_yaml(f"extraction/{name}.yaml", "extraction rules")


def version(name: str) -> int:
    return int(load(name).get("version", 1))


@cache
def macros(name: str) -> dict[str, str]:
    out = dict(load("common").get("macros") or {})
    if name != "common":
        out.update(load(name).get("macros") or {})
    return out


def _units(phrase: str, spaced: bool) -> list[str]:
    """Regex units of a plain phrase, folded: letters, white space, open word end."""
    units: list[str] = []
    words = fold_text(phrase.strip()).split()
    raw_words = phrase.strip().split()
    for w, (word, raw) in enumerate(zip(words, raw_words, strict=True)):
        if w:
            units.append(r"\s+")
        open_end = word.endswith("*")
        word = word.rstrip("*")
        for k, (ch, rch) in enumerate(zip(word, raw.rstrip("*"), strict=True)):
            if k and spaced and ch.isalnum():
                units.append(r"[ \t]?")
            # "đ" is written "dj" where the letter is missing
            units.append("dj?" if rch.lower() == "đ" else re.escape(ch))
        if open_end:
            units.append(r"\w*")
    if units and (words[-1].endswith("*") is False) and words[-1][-1:].isalnum():
        units.append(r"(?!\w)")
    return units


def _trie(seqs: list[list[str]]) -> str:
    """One regex for many unit sequences, sharing prefixes (Python's re does not do that itself)."""
    tree: dict = {}
    for seq in seqs:
        node = tree
        for u in seq:
            node = node.setdefault(u, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        alts = [u + emit(child) for u, child in sorted(node.items(), key=lambda kv: -len(kv[0])) if u]
        # longer continuations first: "kriv je" before "kriv"
        alts.sort(key=lambda a: -len(a))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return emit(tree)


def phrase_regex(phrase: str, name: str = "common", spaced: bool = False) -> str:
    """Regex source for one phrase of a list (see the module docstring); plain phrases are matched on
    the folded text (:func:`fold_text`)."""
    if phrase.startswith("re:"):
        return expand_macros(phrase[3:].strip(), macros(name))
    units = _units(phrase, spaced)
    lead = r"(?<!\w)" if phrase.strip()[:1].isalnum() else ""
    return lead + "".join(units)


def alternation(phrases: list[str], name: str = "common", spaced: bool = False) -> str:
    """One regex for a phrase list: plain phrases in a prefix tree, ``re:`` entries beside it."""
    plain = [p for p in phrases if not p.startswith("re:")]
    regexes = [_fold_regex(expand_macros(p[3:].strip(), macros(name))) for p in phrases if p.startswith("re:")]
    parts = []
    lead = [p for p in plain if p.strip()[:1].isalnum()]
    other = [p for p in plain if not p.strip()[:1].isalnum()]
    if lead:
        parts.append(r"(?<!\w)" + _trie([_units(p, spaced) for p in lead]))
    if other:
        parts.append(_trie([_units(p, spaced) for p in other]))
    parts += [f"(?:{r})" for r in regexes]
    return "|".join(f"(?:{p})" for p in parts)


def _fold_regex(src: str) -> str:
    """A regex of a phrase list folded like the text it will see (escapes such as \\S stay)."""
    out = []
    escaped = False
    for ch in src:
        out.append(ch if escaped else ch.translate(_TABLE))
        escaped = ch == "\\" and not escaped
    return "".join(out)


def _spaced(name: str, key: str) -> bool:
    return key in (load(name).get("spaced_lists") or [])


def compile_source(src: str, flags: int = re.MULTILINE) -> re.Pattern[str]:
    try:
        return re.compile(src, flags)
    except re.error as exc:
        raise ConfigError(f"bad extraction pattern {src[:80]!r}: {exc}") from exc


@cache
def phrases(name: str, key: str, family: str, script: str | None = None) -> Folded | None:
    """One regex for the phrase list ``key`` of a language family (sr, mk, sq) in file ``name``. With ``script``, a
    ``<family>-<script>`` key ("sr-Cyrl") overrides the family's, as in :func:`gate`."""
    entry = load(name).get(key)
    if entry is None:
        raise ConfigError(f"extraction rules {name}.yaml have no list {key!r}")
    if isinstance(entry, dict) and script and f"{family}-{script}" in entry:
        family = f"{family}-{script}"
    items = entry.get(family) if isinstance(entry, dict) else entry
    if not items:
        return None
    return Folded(compile_source(alternation(list(items), name, _spaced(name, key))))


@cache
def labelled(
    name: str, key: str, family: str, script: str | None = None
) -> tuple[Folded, tuple[str, ...]] | None:
    """One regex for a mapping label -> phrases; ``m.lastgroup`` names the label ("_0", "_1" ...). With ``script``,
    a label's ``<family>-<script>`` key ("sr-Cyrl") overrides the family's, as in :func:`gate`."""
    entry = load(name).get(key)
    if entry is None:
        raise ConfigError(f"extraction rules {name}.yaml have no mapping {key!r}")
    labels: list[str] = []
    parts: list[str] = []
    for label, by_family in entry.items():
        own = f"{family}-{script}" if script else None
        items = (by_family.get(own, by_family.get(family)) if own else by_family.get(family)) if isinstance(
            by_family, dict) else by_family
        if not items:
            continue
        parts.append(f"(?P<_{len(labels)}>{alternation(list(items), name, _spaced(name, key))})")
        labels.append(str(label))
    if not parts:
        return None
    return Folded(compile_source("|".join(parts))), tuple(labels)


class Multi:
    """Several regexes that may reuse group names, searched as one: the earliest match wins (the
    first listed on a tie), as a single alternation would choose."""

    def __init__(self, regexes: list[re.Pattern[str]]) -> None:
        self.regexes = regexes

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(string) if endpos is None else endpos
        best = None
        for rx in self.regexes:
            m = rx.search(string, pos, end)
            if m and (best is None or m.start() < best.start()):
                best = m
        return best

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None):
        end = len(string) if endpos is None else endpos
        found = sorted(
            ((m.start(), k, m) for k, rx in enumerate(self.regexes) for m in rx.finditer(string, pos, end)),
            key=lambda x: (x[0], x[1]),
        )
        last = -1
        for start, _, m in found:
            if start >= last:
                last = max(m.end(), start + 1)
                yield m


@cache
def pattern(name: str, key: str, family: str, script: str | None = None) -> re.Pattern[str] | Multi | None:
    """A ``re:``-style pattern (or a list of them) of a family; named groups give the parts. With ``script``,
    a ``<family>-<script>`` key ("sr-Cyrl") overrides the family's, as in :func:`gate`."""
    entry = load(name).get(key)
    if entry is None:
        raise ConfigError(f"extraction rules {name}.yaml have no pattern {key!r}")
    if isinstance(entry, dict) and script and f"{family}-{script}" in entry:
        family = f"{family}-{script}"
    items = entry.get(family) if isinstance(entry, dict) else entry
    if not items:
        return None
    if isinstance(items, str):
        items = [items]
    regexes = [compile_source(expand_macros(str(i).removeprefix("re:").strip(), macros(name))) for i in items]
    return regexes[0] if len(regexes) == 1 else Multi(regexes)


def gate(name: str, key: str, family: str, script: str | None = None) -> bool:
    """A yes/no switch of a rule file by family, where a ``<family>-<script>`` key ("sr-Cyrl") overrides the
    family's: a step measured on Serbian Cyrillic only stays off for the Latin verdicts of the same family."""
    entry = load(name).get(key) or {}
    if script and f"{family}-{script}" in entry:
        return bool(entry[f"{family}-{script}"])
    return bool(entry.get(family))


def mapping(name: str, key: str) -> dict[str, Any]:
    entry = load(name).get(key)
    if not isinstance(entry, dict):
        raise ConfigError(f"extraction rules {name}.yaml have no mapping {key!r}")
    return entry


def label_of(m: re.Match[str], labels: tuple[str, ...]) -> str:
    """The label whose phrase matched (the named group ``_<i>`` that took part in the match)."""
    if m.lastgroup and m.lastgroup.startswith("_"):
        return labels[int(m.lastgroup[1:])]
    for i, label in enumerate(labels):
        if m.group(f"_{i}") is not None:
            return label
    return labels[0]
