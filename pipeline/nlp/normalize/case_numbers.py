"""Case numbers → :class:`CaseNumber` (court register, number, four-digit year, normalised string).

Shapes: "K 124/20", "K.br. 4/15", "K.br.101/15", "K.PO1 23/14", "Kž1 334/25", "К.бр. 83/12",
"КОК 60/14", "КОК бр. 60/14", "Kt.br.150/15" (prosecutor), "108/16-15", "Nr. 56440-00372-00-2021",
"Nr. 123 Akti", "Akti nr. 203". Registers and their kinds are in ``resources/lexicons/case_registers.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.nlp.normalize._lex import (
    alternation,
    expand_words,
    is_cyrillic,
    lead,
    lexicon,
    sr_to_cyrillic,
    to_latin,
    trie_regex,
    two_digit_year,
)
from pipeline.text.fold import deaccent


@dataclass(frozen=True, slots=True)
class CaseNumber:
    """``register``: canonical register mark ("K", "Kž1", "K-S", "Kt", "КОК") or None; ``kind``:
    first_instance, appeal, prosecutor, organised_crime, investigation, decision (an Albanian decision's own
    number, "Nr. 115 i Vendimit"), other, None. ``normalised``:
    "K 124/2020", "Kž1 334/2025", "КОК 60/2014", "56440-00372-00-2021"; ``key``: the same in Latin script."""

    raw: str
    register: str | None
    number: str
    year: int | None
    normalised: str
    key: str
    kind: str | None = None
    suffix: str | None = None
    start: int = 0
    end: int = 0


_SEP = r"\s*[.\-–]?\s*"
_NUMBER = (
    r"(?P<num>\d{1,6})\s*/\s*(?P<yr>\d{4}|\d{2})(?!\d)(?:\s*-\s*(?P<suf>\d{1,4})(?![\d/]))?"
)


@dataclass(frozen=True, slots=True)
class _Register:
    canonical: str
    kind: str
    cyrillic: bool
    needs_mark: bool


def _spelling_atoms(spelling: str) -> list[str]:
    """Regex atoms of a register spelling: its characters, with optional separators between its parts."""
    atoms: list[str] = []
    for i, part in enumerate(p for p in re.split(r"[\s.\-–]+", spelling) if p):
        if i:
            atoms.append(_SEP)
        atoms.extend(re.escape(ch) for ch in part)
    return atoms


@cache
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, _Register]]:
    lex = lexicon("case_registers")
    table: dict[str, _Register] = {}
    spellings: list[str] = []
    for entry in lex["registers"]:
        canonical, kind = str(entry["canonical"]), str(entry["kind"])
        needs = bool(entry.get("needs_mark", False))
        for lang in ("sr", "mk", "sq"):
            for w in entry.get(lang) or []:
                w = str(w)
                forms = {w, deaccent(w)}
                if lang == "sr":
                    forms |= {sr_to_cyrillic(f) for f in list(forms)}
                for f in forms:
                    cyr = is_cyrillic(f)
                    canon = sr_to_cyrillic(canonical) if lang == "sr" and cyr else canonical
                    table[_reg_key(f)] = _Register(canon, kind, cyr, needs)
                    spellings.append(f)
    regs = trie_regex(_spelling_atoms(sp) for sp in set(spellings))
    marks = alternation(expand_words(lex["marks"]))
    pattern = re.compile(
        # a Serbian court's department number may open the header line or follow "Posl. br." before the
        # register ("6 К 318/20", "5К.бр. 211/23", "Посл. бр. 2 К 31/21")
        lead(spellings + ["posl", "посл"], r"\d")
        + r"(?<![\w.])(?P<posl>(?:posl|посл)\.?\s*(?:br|бр)\.?\s*)?"
        # ... or follow "Број:" ("Број: 3К 144/2023", "Број предмета: 6 К 1432/24")
        r"(?P<dept>(?:(?<![^\n])|(?<=(?:br|бр)\.\s)|(?<=(?:roj|рој):\s)|(?<=(?:redmeta|редмета):\s))\d{1,2}[ \t]?(?=[KkКк]))?"
        rf"(?(dept)|(?(posl)|(?<![\w.])))(?P<reg>{regs})"
        rf"(?:{_SEP}(?P<mark>{marks}))?{_SEP}{_NUMBER}",
        re.IGNORECASE,
    )
    al = lex["albanian"]
    prefixes = alternation(al["prefixes"])
    acts = alternation(list(al["act_words"]) + list(al.get("decision_words") or []))
    albanian = re.compile(
        lead(al["prefixes"]) + rf"(?<!\w)(?P<pre>{prefixes})\s*(?:"
        rf"(?P<uid>\d{{3,6}}-\d{{3,6}}-\d{{1,3}}-(?P<uy>(?:19|20)\d\d))(?!\d)"
        rf"|(?P<act>\d{{1,6}})(?:\s*/\s*(?P<ay>\d{{4}}|\d{{2}}))?\s+(?P<aw>{acts})(?!\w)"
        # the year in brackets after the register word ("Nr. 89 Akti (2018)"), kept as written
        rf"(?:[ \t]*\((?P<by>(?:19|20)\d\d)\))?)",
        re.IGNORECASE,
    )
    # the register word first ("Akti nr. 203", "Vendimi nr. 118", older headers)
    word_first = re.compile(
        lead(list(al["act_words"]) + list(al.get("decision_words") or []))
        + rf"(?<!\w)(?P<aw>{acts})[ \t]*(?::[ \t]*)?(?:{alternation(al['word_first_marks'])})[ \t]*"
        rf"(?P<act>\d{{1,6}})(?:\s*/\s*(?P<ay>\d{{4}}|\d{{2}}))?(?![\d\-])",
        re.IGNORECASE,
    )
    bare = re.compile(
        rf"\s*(?:{_NUMBER}|(?P<uid>\d{{3,6}}-\d{{3,6}}-\d{{1,3}}-(?P<uy>(?:19|20)\d\d)))\s*[.,;]?\s*",
    )
    return pattern, albanian, word_first, bare, table


@cache
def _albanian_decision_words() -> frozenset[str]:
    return frozenset(_reg_key(w) for w in lexicon("case_registers")["albanian"].get("decision_words") or [])


def _reg_key(spelling: str) -> str:
    return re.sub(r"[\s.\-–]+", "", spelling).lower()


def _year(raw: str) -> int | None:
    y = int(raw)
    if len(raw) == 2:
        return two_digit_year(y)
    return y if 1945 <= y <= 2100 else None


def _make(raw: str, register: _Register | None, number: str, year: int | None, suffix: str | None,
          start: int, end: int) -> CaseNumber:
    reg = register.canonical if register else None
    # Albanian unique numbers carry their year: "56440-00372-00-2021"
    core = f"{int(number)}/{year}" if year is not None and number.isdigit() else number
    normalised = f"{reg} {core}" if reg else core
    return CaseNumber(
        raw=raw, register=reg, number=str(int(number)) if number.isdigit() else number, year=year,
        normalised=normalised, key=to_latin(normalised), kind=register.kind if register else None,
        suffix=suffix, start=start, end=end,
    )


def find_case_numbers(text: str) -> list[CaseNumber]:
    """Every case number in ``text`` that carries a register or "br."/"Nr." mark."""
    pattern, albanian, word_first, _, table = _compiled()
    out: list[CaseNumber] = []
    for mt in pattern.finditer(text):
        reg_raw = mt.group("reg")
        register = table.get(_reg_key(reg_raw))
        if register is None or not reg_raw[0].isupper():
            continue
        if register.needs_mark and not (mt.group("mark") or mt.group("posl")):
            continue
        year = _year(mt.group("yr"))
        if year is None:
            continue
        out.append(_make(mt.group(0), register, mt.group("num"), year, mt.group("suf"), mt.start(), mt.end()))
    first = _word_first_numbers(text, word_first, albanian)
    for mt in first:
        out.append(_albanian_act(mt))
    for mt in albanian.finditer(text):
        # "Akti nr. 203\nVendimi nr. 118": "nr. 203 Vendimi" is no number of its own
        if any(f.start() < mt.end() and mt.start() < f.end() for f in first):
            continue
        if mt.group("uid"):
            out.append(_make(mt.group(0), None, mt.group("uid"), int(mt.group("uy")), None, mt.start(), mt.end()))
        else:
            out.append(_albanian_act(mt))
    out.extend(_mark_first_numbers(text, out))
    out.sort(key=lambda c: c.start)
    return out


@cache
def _mark_first() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two more Albanian header shapes: the mark, then the register word, then the number ("Nr. Akti 63",
    "Nr. Vendimi 118"); a unified number in the cell after its register label ("| Nr. i Regjistrit Themeltar |
    12101-01017-00-2025 |"), read without the label, as the table writes it."""
    al = lexicon("case_registers")["albanian"]
    acts = alternation(list(al["act_words"]) + list(al.get("decision_words") or []))
    marks = alternation(al["word_first_marks"])
    mark_word = re.compile(
        rf"(?<![\w.])(?:{marks})[ \t]*(?P<aw>{acts})[ \t]*:?[ \t]*(?P<act>\d{{1,6}})"
        rf"(?:\s*/\s*(?P<ay>\d{{4}}|\d{{2}}))?(?![\d\-/])",
        re.IGNORECASE,
    )
    labelled = re.compile(
        rf"(?<![\w.])(?:{marks})?[ \t]*(?:i[ \t]+)?(?i:regj(?:istri|istrit)?\.?)[ \t]*(?i:themeltar|th\.)"
        rf"[ \t]*[|:]?[ \t]*(?P<uid>\d{{3,6}}-\d{{3,6}}-\d{{1,3}}-(?P<uy>(?:19|20)\d\d))(?!\d)",
        re.IGNORECASE,
    )
    return mark_word, labelled


def _mark_first_numbers(text: str, taken: list[CaseNumber]) -> list[CaseNumber]:
    """The numbers of :func:`_mark_first` not already read by another shape (their spans do not overlap)."""
    mark_word, labelled = _mark_first()
    out: list[CaseNumber] = []
    for mt in mark_word.finditer(text):
        if not any(c.start < mt.end() and mt.start() < c.end for c in taken):
            out.append(_albanian_act(mt))
    for mt in labelled.finditer(text):
        a, b = mt.start("uid"), mt.end("uid")
        if not any(c.start < b and a < c.end for c in taken):
            out.append(_make(mt.group("uid"), None, mt.group("uid"), int(mt.group("uy")), None, a, b))
    return out


def _word_first_numbers(text: str, word_first: re.Pattern[str], albanian: re.Pattern[str]) -> list[re.Match[str]]:
    """The numbers read with their register word first ("Akti nr. 203"), less those whose word ends a number
    read before it ("Nr. 519 i Regj. Themeltar          Nr. 1187 i Vendimit": both numbers on one line, the
    register word belongs to the first), unless that earlier number is itself part of a word-first one
    ("Akti nr. 203\nVendimi nr. 118")."""
    alb = list(albanian.finditer(text))
    kept: list[re.Match[str]] = []
    for f in word_first.finditer(text):
        if any(
            a.start() < f.start() < a.end() and not any(k.start() < a.end() and a.start() < k.end() for k in kept)
            for a in alb
        ):
            continue
        kept.append(f)
    return kept


def _albanian_act(mt: re.Match[str]) -> CaseNumber:
    """A short Albanian number with its register word, after it or before it ("Nr. 76 Akti", "Akti nr. 76")."""
    bracket = mt.re.groupindex.get("by") and mt.group("by")
    year = _year(mt.group("ay")) if mt.group("ay") else (_year(bracket) if bracket else None)
    # the decision's own number ("Nr. 115 i Vendimit") is not the case's register number
    decision = _reg_key(mt.group("aw")) in _albanian_decision_words()
    word = "Vendimi" if decision else "Akti"
    number = mt.group("act").lstrip("0") or "0"
    core = f"{number}/{year}" if year else number
    return CaseNumber(
        raw=mt.group(0), register=word, number=number, year=year, normalised=f"Nr. {core} {word}",
        key=f"Nr. {core} {word}", kind="decision" if decision else "other", start=mt.start(), end=mt.end(),
    )


def parse_case_number(text: str) -> CaseNumber | None:
    """The case number in a short text; a bare "57/16" is accepted (register None); "K.br." alone is not."""
    found = find_case_numbers(text)
    if found:
        return found[0]
    _, _, _, bare, _ = _compiled()
    mt = bare.fullmatch(text)
    if mt is None:
        return None
    if mt.group("uid"):
        return _make(text.strip(), None, mt.group("uid"), int(mt.group("uy")), None, mt.start("uid"), mt.end("uid"))
    year = _year(mt.group("yr"))
    if year is None:
        return None
    return _make(text.strip(), None, mt.group("num"), year, mt.group("suf"), mt.start("num"),
                 mt.end("suf") if mt.group("suf") else mt.end("yr"))
