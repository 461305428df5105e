"""Parts of a verdict: header, introduction, operative part, reasoning, legal instruction, signatures.

Headings ("U IME CRNE GORE", "P R E S U D U", "O b r a z l o ž e n j e", "ПРАВНА ПОУКА", "V E N D O S I")
are read from ``resources/sections.yaml`` and compared on folded lines (see
:mod:`pipeline.nlp.structure_rules`), so spaced letters, Cyrillic, capitals and missing accents need no
extra patterns. The parts follow each other in a known order per language; a heading that would go
back in that order is a quotation and is ignored. Offsets are into the text given (``Document.text``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.errors import ConfigError
from pipeline.languages import FAMILIES
from pipeline.model import Heading
from pipeline.nlp.structure_rules import fold, fold_key, load_resource

_LINE = re.compile(r"[^\n]+")
_PARA = re.compile(r"\S(?:.|\n(?![ \t\r]*\n))*", re.DOTALL)  # text between blank lines
_ENUM = re.compile(r"\s*(?:\d{1,2}|[IVX]{1,4}|[a-zA-Z])[.)]\s+")
HEADER, INTRO, OPERATIVE, REASONING, LEGAL, SIGNATURES, BODY = (
    "header",
    "introduction",
    "operative",
    "reasoning",
    "legal_instruction",
    "signatures",
    "body",
)
SECTION_NAMES = (HEADER, INTRO, OPERATIVE, REASONING, LEGAL, SIGNATURES, BODY)  # every section a Structure names
MAIN = (OPERATIVE, REASONING)


# sections.yaml's pseudo-section of line starts that open no section although a shorter heading prefix matches
# them ("Против пресудата жалба изјави ...": the appeal reported in the reasons, not the legal instruction)
NOT_A_HEADING = "not_a_heading"


@dataclass(frozen=True, slots=True)
class SectionRules:
    line_keys: dict[str, str]  # folded heading -> section
    prefix_re: re.Pattern[str] | None  # folded line start -> group name = index into prefix_sections
    prefix_sections: tuple[tuple[str, int, bool], ...]  # (section, max_chars, fallback) per prefix group
    # max_chars given: a sentence-like heading ("Protiv ove presude ..."), weaker than a title
    rank: dict[str, int]
    sig_re: re.Pattern[str] | None
    date_re: re.Pattern[str]
    sig_max_line: int
    sig_max_lines: int
    sig_sentence_words: int
    intro_min_chars: int
    max_heading_chars: int


@cache
def section_rules(family: str | None) -> SectionRules:
    """Heading rules for "sr", "mk", "sq", or for every family at once (unknown language)."""
    data = load_resource("sections.yaml")
    fams = [family] if family else list(FAMILIES)
    line_keys: dict[str, str] = {}
    prefixes: list[tuple[str, str, int, bool]] = []
    for section, per_lang in (data.get("headings") or {}).items():
        for fam in fams:
            for item in (per_lang or {}).get(fam) or []:
                if "line" in item:
                    line_keys[fold_key(str(item["line"]))] = section
                elif "prefix" in item:
                    prefixes.append(
                        (
                            fold_key(str(item["prefix"])),
                            section,
                            int(item.get("max_chars", 1 << 30)),
                            bool(item.get("fallback", False)),
                        )
                    )
                else:
                    raise ConfigError(
                        f"sections.yaml: heading for {section} needs 'line' or 'prefix': {item}"
                    )
    prefixes.sort(key=lambda p: len(p[0]), reverse=True)
    prefix_re = (
        re.compile("|".join(f"(?P<p{i}>{re.escape(k)})" for i, (k, _, _, _) in enumerate(prefixes)))
        if prefixes
        else None
    )
    order = data.get("order") or {}
    rank: dict[str, int] = {}
    # an unknown language: Albanian order (reasoning and operative both allowed first) is the loosest
    for i, entry in enumerate(order.get(family or "sq") or order.get("sr") or []):
        for name in entry if isinstance(entry, list) else [entry]:
            rank[name] = i
    sig = data.get("signatures") or {}
    starts = sorted({fold_key(s) for s in sig.get("starts") or []}, key=len, reverse=True)
    sig_re = re.compile("|".join(re.escape(s) for s in starts)) if starts else None
    try:
        date_re = re.compile(sig.get("date_line") or r"^\d{1,2}\.\d{1,2}\.\d{4}", re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"sections.yaml: bad signatures.date_line pattern: {exc}") from exc
    max_heading = max([len(k) for k in line_keys] + [0]) + 12
    return SectionRules(
        line_keys=line_keys,
        prefix_re=prefix_re,
        prefix_sections=tuple((s, m, f) for _, s, m, f in prefixes),
        rank=rank,
        sig_re=sig_re,
        date_re=date_re,
        sig_max_line=int(sig.get("max_line_chars", 160)),
        sig_max_lines=int(sig.get("max_lines", 25)),
        sig_sentence_words=int(sig.get("sentence_words", 6)),
        intro_min_chars=int(data.get("introduction_min_chars", 160)),
        max_heading_chars=max_heading * 3,  # spaced letters: "P R E S U D U"
    )


def _lines(text: str):
    """(start, end) of each non-empty line, stripped of surrounding white space."""
    for m in _LINE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e


def find_headings(text: str, family: str | None) -> list[Heading]:
    """Every line that looks like a section heading, in text order (before the order check)."""
    rules = section_rules(family)
    out: list[Heading] = []
    for s, e in _lines(text):
        n = e - s
        if n <= rules.max_heading_chars:
            key = fold_key(text[s:e])
            section = rules.line_keys.get(key)
            if section:
                out.append(Heading(section, s, e))
                continue
        if rules.prefix_re is not None:
            enum = _ENUM.match(text, s, e)
            head = enum.end() if enum else s
            key = fold_key(text[head : head + 80])
            m = rules.prefix_re.match(key)
            if m and m.lastgroup:
                section, max_chars, fallback = rules.prefix_sections[int(m.lastgroup[1:])]
                if section == NOT_A_HEADING:
                    continue
                if n <= max_chars:
                    strong = max_chars >= 1 << 30 and not fallback
                    out.append(Heading(section, s, e, strong=strong, fallback=fallback))
    return out


def _paragraphs(text: str, start: int, end: int):
    """(start, end) of the paragraphs (text between blank lines) in [start, end)."""
    for m in _PARA.finditer(text, start, end):
        yield m.start(), m.end()


def _drop_titles(text: str, headings: list[Heading], rules: SectionRules) -> list[Heading]:
    """An operative heading with no paragraph of introduction before it, when another one follows,
    is the document's title ("P R E S U D A" above "Županijski sud ... presudio je")."""
    out: list[Heading] = []
    prev_end = 0
    for i, h in enumerate(headings):
        if h.section == OPERATIVE and any(g.section == OPERATIVE for g in headings[i + 1 :]):
            long_para = any(e - s >= rules.intro_min_chars for s, e in _paragraphs(text, prev_end, h.start))
            if not long_para:
                continue
        out.append(h)
        if h.section != OPERATIVE:
            prev_end = h.end
    return out


def _accept(headings: list[Heading], rules: SectionRules) -> list[Heading]:
    """Keep the headings that move forward in the language's order of parts; each part once."""
    titled = {h.section for h in headings if not h.fallback}
    headings = [h for h in headings if not (h.fallback and h.section in titled)]
    kept: list[Heading] = []
    seen: set[str] = set()
    current = -1
    for i, h in enumerate(headings):
        r = rules.rank.get(h.section)
        if r is None or h.section in seen or r < current:
            continue
        if not h.strong and any(
            g.strong and g.section not in seen and rules.rank.get(g.section, 99) < r
            for g in headings[i + 1 :]
        ):
            continue  # e.g. "Protiv ove presude ..." in the operative part, the reasoning still to come
        if h.fallback and not (seen & set(MAIN)):
            continue  # a reasoning without heading comes after the operative part
        if h.section == LEGAL and not (seen & set(MAIN)):
            continue  # "Protiv ove presude ..." before any operative part or reasoning: not the end
        kept.append(h)
        seen.add(h.section)
        current = r
    return kept


def _signature_start(text: str, start: int, end: int, rules: SectionRules) -> int | None:
    """Where the signature block begins in the last lines of [start, end), if it is there."""
    if rules.sig_re is None:
        return None
    lines = list(_lines(text[start:end]))
    found: int | None = None
    for count, (s, e) in enumerate(reversed(lines)):
        if count >= rules.sig_max_lines or e - s > rules.sig_max_line:
            break
        line = text[start + s : start + e]
        key = fold_key(line[:60])
        if rules.sig_re.match(key) or rules.date_re.match(fold(line[:60])):
            if count and _continues(text, start, line, lines[len(lines) - count], e, rules):
                continue  # "Apelacioni sud nalazi da ..." wrapped over lines: the reasoning, not a signature
            found = start + s
    return found


def _continues(text: str, start: int, line: str, following: tuple[int, int], end: int, rules: SectionRules) -> bool:
    """The line is the first of a wrapped sentence: several words, the next line right below it (no blank
    line) goes on in lower case. Scans and PDFs wrap paragraphs, so a reasoning sentence that opens with
    the court's name ("Апелациони суд налази да ...") would otherwise start the signature block."""
    if len(line.split()) < rules.sig_sentence_words or line.rstrip()[-1:] in ".:;":
        return False
    between = text[start + end : start + following[0]]
    nxt = text[start + following[0] : start + following[1]]
    return between.count("\n") == 1 and nxt[:1].islower()


def find_sections(text: str, family: str | None) -> tuple[list[tuple[str, int, int]], list[Heading]]:
    """Contiguous sections (name, start, end) covering the text, and the headings that opened them."""
    rules = section_rules(family)
    heads = _accept(_drop_titles(text, find_headings(text, family), rules), rules)
    starts: list[tuple[str, int]] = [(h.section, h.start) for h in heads]
    first = starts[0][1] if starts else len(text)
    if not any(name == INTRO for name, _ in starts):
        # introduction without its "U IME ..." line: the first long paragraph before the first heading
        # a long line (plain text: one paragraph per line), else a long paragraph (wrapped lines)
        found = next((s for s, e in _lines(text[:first]) if e - s >= rules.intro_min_chars), None)
        if found is None:
            found = next((s for s, e in _paragraphs(text, 0, first) if e - s >= rules.intro_min_chars), None)
        if found is not None:
            starts.insert(0, (INTRO, found))
    if not any(name in MAIN for name, _ in starts):
        # no operative part or reasoning found: the rest after the introduction is "body"
        intro_at = next((s for name, s in starts if name == INTRO), None)
        if intro_at is not None:
            para = text.find("\n", intro_at)
            if 0 <= para < len(text) and text[para:].strip():
                starts.append((BODY, para + 1))
    starts.sort(key=lambda x: x[1])
    # signatures: in the tail of the last part (and of the part before a trailing legal instruction)
    if starts:
        bounds = [s for _, s in starts[1:]] + [len(text)]
        candidates = [len(starts) - 1]
        if starts[-1][0] == LEGAL and len(starts) > 1:
            candidates.insert(0, len(starts) - 2)
        for idx in candidates:
            name, s = starts[idx]
            if name in (HEADER, INTRO):
                continue
            sig = _signature_start(text, s, bounds[idx], rules)
            if sig is not None and sig > s:
                starts.append((SIGNATURES, sig))
                starts.sort(key=lambda x: x[1])
                break
    sections: list[tuple[str, int, int]] = []
    if not starts or starts[0][1] > 0 and text[: starts[0][1]].strip():
        starts.insert(0, (HEADER, 0))
    elif starts:
        starts[0] = (starts[0][0], 0)
    for i, (name, s) in enumerate(starts):
        e = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        if e > s:
            sections.append((name, s, e))
    return sections, heads
