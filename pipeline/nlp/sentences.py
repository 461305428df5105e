"""Rule-based sentence splitting for verdicts, on the raw text with compiled regular expressions.

Verdicts are full of dots that do not end a sentence: abbreviations ("čl.", "K.br.", "чл.", "sh.p.k."),
initials of parties ("H.K.", "G. M."), citations ("čl. 388. st. 3. Krivičnog zakonika"), dates
("28.07.2021. godine") and masked data ("rođen ..., u ..."). A dot ends a sentence only when none of
these applies. Line breaks end a sentence at blank lines, around headings ("P R E S U D U",
"OSLOBAĐA SE OD OPTUŽBE"), before list items, and after a line that cannot be a wrapped line of a
printed page (too long) or that closes with a full stop or colon. The abbreviation lists are shared
with the tokenizer (``resources/tokenizer/*.yaml``).

This is a plain function over a string so a batch can split thousands of verdicts per second, without
building a spaCy ``Doc``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.languages import FAMILIES
from pipeline.nlp.structure_rules import fold_key
from pipeline.nlp.tokenizer import spacy_lang, tokenizer_rules

_UP = "A-ZČĆŠŽĐËÇÉÁÍÓÚÜÖА-ЯЂЈЉЊЋЏЃЌЅЀЍ"
_LOW = "a-zčćšžđëçéáíóúüöа-яђјљњћџѓќѕѐѝß"

# sentence-final punctuation, closing quotes/brackets after it, then spaces (not a line break)
_END = re.compile(r"([.!?…]+)([\"'»”’“)\]]*)[ \t\r\xa0]+(?=\S)")
_BLANK = re.compile(r"\n[ \t\r\xa0\f\v]*\n\s*")
_NEWLINE = re.compile(r"\n")
_LASTTOK = re.compile(r"\S+$")
_NEXTWORD = re.compile(r"[^\s,;:]+")
_OPENERS = "([\"'„“«‘"
_CLOSERS = "\"'»”’“)]"
_DIGRAPH = "Dž|Lj|Nj|Dj|DŽ|LJ|NJ|DJ"
_INITIALS = re.compile(rf"(?:(?:[{_UP}]|{_DIGRAPH})\.+)*(?:[{_UP}]|{_DIGRAPH})\.?")
# a token ending in a number (ordinal, date, article, "čl.221", "110/a", roman numeral) before the dot
_NUMERIC = re.compile(r"(?:.*\D)?\d+(?:[/-][a-zA-Zа-шА-Ш])?|[IVXLC]+")
_MASK = re.compile(r"[.xX*…]+")
_LIST_ITEM = re.compile(
    rf"(?:[-–—•*▪►]|\d{{1,3}}[.)](?:\s|$)|[{_LOW}][)](?:\s|$)|[IVX]{{1,5}}[.)](?:\s|$)|\(\d{{1,3}}\)|\([{_LOW}]\))"
)
_SPACED_LINE = re.compile(r"(?:\w[ \t]+){3,}\w\W*")
_HAS_LOWER = re.compile(rf"[{_LOW}]")
_HAS_LETTER = re.compile(rf"[{_UP}{_LOW}]")


@dataclass(frozen=True, slots=True)
class SplitRules:
    """What the splitter needs for one language family (built once from the data files)."""

    abbreviations: frozenset[str]  # lower-case, with the final dot: "čl.", "k.br."
    may_end: frozenset[str]
    after_number: tuple[str, ...]  # folded prefixes
    wrap_max: int = 140  # a line longer than this is not a wrapped line of a printed page
    short_line: int = 50  # a line this short, followed by a capital, ends its paragraph
    heading_max: int = 70


@cache
def split_rules(family: str | None) -> SplitRules:
    """Rules for "sr", "mk", "sq", or the union of all for an unknown language (None)."""
    langs = [family] if family else list(FAMILIES)
    abbr: set[str] = set()
    may_end: set[str] = set()
    after: set[str] = set()
    for fam in langs:
        rules = tokenizer_rules(spacy_lang(fam))
        for item in rules["abbreviations"]:
            text = item["text"] if isinstance(item, dict) else str(item)
            if text.endswith("."):
                abbr.add(text.lower())
        may_end.update(m.lower() for m in rules.get("may_end", []))
        after.update(fold_key(a) for a in rules.get("after_number", []))
    return SplitRules(frozenset(abbr), frozenset(may_end), tuple(sorted(a for a in after if a)))


def _is_heading_line(line: str, rules: SplitRules) -> bool:
    """Short line in capitals ("OSLOBAĐA SE OD OPTUŽBE") or in spaced letters ("i z r i č e")."""
    if not line or len(line) > rules.heading_max:
        return False
    if _SPACED_LINE.fullmatch(line):
        return True
    return bool(_HAS_LETTER.search(line)) and not _HAS_LOWER.search(line)


def _dot_ends_sentence(
    text: str, p_start: int, punct: str, nxt: int, rules: SplitRules, at_newline: bool
) -> bool:
    """Whether the punctuation at ``p_start`` (followed by the text at ``nxt``) closes a sentence."""
    if nxt >= len(text):
        return True
    first = text[nxt]
    if first.islower():
        return False
    if first in ",;:)]":
        return False
    if first.isdigit() and not at_newline:
        return False
    if "." not in punct and "…" not in punct:  # ! or ?
        return True
    m = _LASTTOK.search(text, max(0, p_start - 60), p_start)
    tok = m.group(0) if m else ""
    core = tok.lstrip(_OPENERS)
    if not core or _MASK.fullmatch(core):  # " ... " or "xxxx." standing for masked data
        return False
    word = (core + ".").lower()
    # the abbreviation may be the tail of a glued token: "(čl." "u.vezi" -> check the last piece too
    if word in rules.abbreviations or word.rsplit("(", 1)[-1] in rules.abbreviations:
        return word in rules.may_end and first.isupper() and not _next_is_initial(text, nxt)
    if _INITIALS.fullmatch(core) or (len(core) == 1 and core.isalpha()):
        return False
    if _NUMERIC.fullmatch(core):
        w = _NEXTWORD.match(text, nxt)
        nxt_key = fold_key(w.group(0)) if w else ""
        return not any(nxt_key.startswith(a) for a in rules.after_number)
    return True


def _next_is_initial(text: str, nxt: int) -> bool:
    w = _NEXTWORD.match(text, nxt)
    return bool(w and _INITIALS.fullmatch(w.group(0).rstrip(",;:")))


def sentence_bounds(
    text: str, family: str | None, forced: tuple[int, ...] | list[int] = ()
) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text``, without surrounding white space.

    ``forced`` are offsets where a sentence must start (section headings found elsewhere).
    """
    rules = split_rules(family)
    cuts: set[int] = set(forced)
    blank_ends: set[int] = set()
    for m in _BLANK.finditer(text):
        cuts.add(m.end())
        blank_ends.add(m.start())
    for m in _END.finditer(text):
        if _dot_ends_sentence(text, m.start(1), m.group(1), m.end(), rules, at_newline=False):
            cuts.add(m.end())
    # single line breaks
    for m in _NEWLINE.finditer(text):
        i = m.start()
        if i in blank_ends or i + 1 >= len(text):
            continue
        prev_start = text.rfind("\n", 0, i) + 1
        nxt_end = text.find("\n", i + 1)
        if nxt_end < 0:
            nxt_end = len(text)
        prev = text[prev_start:i].strip()
        nxt = text[i + 1 : nxt_end].strip()
        if not prev or not nxt:
            continue
        if _newline_ends_sentence(text, prev, nxt, i, rules):
            j = i + 1
            while j < len(text) and text[j].isspace():
                j += 1
            cuts.add(j)
    return _spans(text, sorted(cuts))


def _newline_ends_sentence(text: str, prev: str, nxt: str, i: int, rules: SplitRules) -> bool:
    prev_head, nxt_head = _is_heading_line(prev, rules), _is_heading_line(nxt, rules)
    if prev_head or nxt_head:
        # a title over two lines ("MJERA BEZBJEDNOSTI / ODUZIMANJE PREDMETA") stays one sentence
        return not (prev_head and nxt_head)
    if _LIST_ITEM.match(nxt):
        return True
    last = prev[-1]
    if last in ":;":
        return True
    nxt_first = nxt[0]
    core = prev.rstrip(_CLOSERS)
    if core and core[-1] in ".!?…":
        # absolute position of the punctuation run that closes the line
        line_end = text.rfind(core[-1], 0, i + 1)
        p_start = line_end
        while p_start > 0 and text[p_start - 1] in ".!?…":
            p_start -= 1
        j = i + 1
        while text[j].isspace():
            j += 1
        return _dot_ends_sentence(text, p_start, text[p_start : line_end + 1], j, rules, at_newline=True)
    if nxt_first.islower():
        return False
    if len(prev) > rules.wrap_max:
        return True
    return len(prev) <= rules.short_line and (nxt_first.isupper() or nxt_first.isdigit())


def _spans(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    prev = 0
    for c in [*cuts, len(text)]:
        if c <= prev:
            continue
        s, e = prev, c
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        prev = c
    return out
