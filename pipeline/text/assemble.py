"""RawPages → Document: the one place where ``Document.text`` and all its offsets are made.

Order of work: running headers/footers and page numbers out (``resources/page_furniture.yaml``), words
hyphenated across a line break joined, then the text is laid out by the conventions of
docs/ARCHITECTURE.md (words " ", lines "\\n", blocks and pages "\\n\\n", NFC) while every page, block,
line and word gets its span. Language and script per page and document, the Latin layer for Cyrillic
text, OCR confidence and warnings come last.

Words are kept where the reader had boxes (PDF text layer, OCR). Plain text, DOCX and HTML have no
boxes: their lines get spans but no Word objects (building ~2,000 Word models for a 14k-character
verdict costs ~5 ms, more than the rest of assembly; the text and line spans carry the same content).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pipeline.datafiles import load_yaml
from pipeline.ingest.raw import RawPage, RawWord
from pipeline.model import BBox, Block, Document, Line, Page, Provenance, Word
from pipeline.text.language import detect_language, page_language
from pipeline.text.translit import to_latin

SOFT_HYPHEN = "\u00ad"
_DIGITS = re.compile(r"\d+")
_NOT_KEY = re.compile(r"[^\w#]+")


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class _Furniture:
    zone_lines: int
    zone_fraction: float
    min_pages: int
    min_share: float
    fuzzy_ratio: float
    min_letters: int
    explicit: tuple[re.Pattern[str], ...]
    bare: tuple[re.Pattern[str], ...]
    misread_slash: re.Pattern[str] | None
    page_ends_inside: re.Pattern[str]
    page_goes_on: re.Pattern[str]


@functools.cache
def _furniture() -> _Furniture:
    cfg: dict[str, Any] = load_yaml("page_furniture.yaml", "page furniture rules")
    pn = cfg["page_number"]
    return _Furniture(
        zone_lines=int(cfg["zone_lines"]),
        zone_fraction=float(cfg["zone_fraction"]),
        min_pages=int(cfg["min_pages"]),
        min_share=float(cfg["min_share"]),
        fuzzy_ratio=float(cfg["fuzzy_ratio"]),
        min_letters=int(cfg["min_letters"]),
        explicit=tuple(re.compile(p, re.IGNORECASE) for p in pn["explicit"]),
        bare=tuple(re.compile(p) for p in pn["bare"]),
        misread_slash=re.compile(pn["misread_slash"]) if pn.get("misread_slash") else None,
        page_ends_inside=re.compile(cfg["paragraph_across_pages"]["last_line_ends"]),
        page_goes_on=re.compile(cfg["paragraph_across_pages"]["first_line_opens"]),
    )


# --------------------------------------------------------------------------- working copy of a page


@dataclass(slots=True)
class _Line:
    words: list[RawWord]
    bbox: BBox | None
    block: int
    kind: str
    text: str = ""  # words joined, whitespace collapsed (before NFC)

    def refresh(self) -> None:
        self.text = " ".join(" ".join(w.text for w in self.words).split())


def _working_lines(page: RawPage) -> list[_Line]:
    """Copies of the page's non-empty lines (the caller's RawPages stay untouched); soft hyphens
    inside lines are invisible in print and would break pattern matching: dropped, except at a line's
    end where they mark a hyphenation point."""
    out: list[_Line] = []
    for raw in page.lines:
        words = [w for w in raw.words if w.text and not w.text.isspace()]
        if not words:
            continue
        fixed = []
        for i, w in enumerate(words):
            if SOFT_HYPHEN in w.text:
                bare = w.text.replace(SOFT_HYPHEN, "")
                if not bare:
                    continue
                at_end = i == len(words) - 1 and w.text.endswith(SOFT_HYPHEN)
                w = RawWord(bare + (SOFT_HYPHEN if at_end else ""), w.bbox, w.conf)
            fixed.append(w)
        line = _Line(fixed, raw.bbox, raw.block, raw.kind or "paragraph")
        line.refresh()
        if line.text:
            out.append(line)
    return out


# --------------------------------------------------------------------------- headers, footers, page numbers


def _zone_indices(page: RawPage, lines: list[_Line], top: bool) -> list[int]:
    cfg = _furniture()
    n = len(lines)
    idx = range(min(cfg.zone_lines, n)) if top else range(max(0, n - cfg.zone_lines), n)
    if page.height:
        limit = page.height * cfg.zone_fraction
        keep = []
        for i in idx:
            box = lines[i].bbox or _union([w.bbox for w in lines[i].words])
            if box is None or (box.y0 <= limit if top else box.y1 >= page.height - limit):
                keep.append(i)
        return keep
    return list(idx)


def _key(text: str) -> str:
    """Line text as compared between pages: lowercase, digit runs as '#', punctuation dropped."""
    return _NOT_KEY.sub(" ", _DIGITS.sub("#", text.lower())).strip()


def _page_number(text: str) -> tuple[str, int, int | None] | None:
    """("explicit"|"bare", number, total) when the whole line is a page-number line."""
    cfg = _furniture()
    t = text.strip()
    for kind, patterns in (("explicit", cfg.explicit), ("bare", cfg.bare)):
        for p in patterns:
            m = p.fullmatch(t)
            if m:
                total = m.groupdict().get("total")
                n = int(m.group("n"))
                if total is not None and n > int(total):
                    return None
                return kind, n, int(total) if total is not None else None
    return None


def _own_place(text: str, index: int, pages: list[RawPage]) -> bool:
    """A bare "2/5" that names its page's place and the document's page count: a page number even where the
    other pages' numbers were misread by OCR, so no second page confirms it; and "212", "313" (a 200-dpi
    scan's "2/2", "3/3", page_furniture.yaml misread_slash) naming them the same way."""
    found = _page_number(text)
    if found is not None and found[2] is not None:
        return found[1] == pages[index].number and found[2] == len(pages) > 1
    misread = _furniture().misread_slash
    mt = misread.fullmatch(text.strip()) if misread is not None else None
    return mt is not None and int(mt.group("n")) == pages[index].number and int(mt.group("total")) == len(pages)


def _goes_on(before: list[_Line], after: list[_Line]) -> bool:
    """The first line of a page goes on with the paragraph the page before ended in: that page's last line
    ends inside a sentence and this one opens in small letters (page_furniture.yaml paragraph_across_pages).
    Such a page break is a line break of the paragraph, not a paragraph break."""
    if not before or not after or before[-1].kind == "table" or after[0].kind == "table":
        return False
    cfg = _furniture()
    return bool(cfg.page_ends_inside.search(before[-1].text) and cfg.page_goes_on.match(after[0].text))


def _remove_furniture(pages: list[RawPage], lines: list[list[_Line]]) -> list[list[str]]:
    """Drop running headers/footers and page numbers in place; returns the removed texts per page."""
    cfg = _furniture()
    removed_idx: list[set[int]] = [set() for _ in pages]
    zones = [
        (_zone_indices(p, ls, True), _zone_indices(p, ls, False)) for p, ls in zip(pages, lines, strict=True)
    ]

    # page numbers: explicit ones always; bare numbers where they follow the page order
    bare: list[tuple[int, int, int]] = []  # (page index, line index, number - page number)
    for pi, (page, ls) in enumerate(zip(pages, lines, strict=True)):
        for li in set(zones[pi][0]) | set(zones[pi][1]):
            found = _page_number(ls[li].text)
            if found is None:
                continue
            kind, n, _total = found
            if kind == "explicit":
                removed_idx[pi].add(li)
            else:
                bare.append((pi, li, n - page.number))
    offsets: dict[int, set[int]] = {}
    for pi, _li, d in bare:
        offsets.setdefault(d, set()).add(pi)
    for pi, li, d in bare:
        if len(offsets[d]) >= 2 or (d == 0 and len(pages) == 1) or _own_place(lines[pi][li].text, pi, pages):
            removed_idx[pi].add(li)

    # running headers/footers: repeated lines in the same zone
    n_pages = len(pages)
    need = max(cfg.min_pages, math.ceil(n_pages * cfg.min_share))
    if n_pages >= cfg.min_pages:
        for zone in (0, 1):
            members: list[tuple[str, int, int]] = []  # key, page, line
            for pi, ls in enumerate(lines):
                for li in zones[pi][zone]:
                    if li in removed_idx[pi]:
                        continue
                    key = _key(ls[li].text)
                    if sum(c.isalpha() for c in key) >= cfg.min_letters:
                        members.append((key, pi, li))
            for cluster in _clusters(members, cfg.fuzzy_ratio):
                pages_in = sorted({pi for pi, _li in cluster})
                if len(pages_in) < need:
                    continue
                first_page = pages_in[0]
                for pi, li in cluster:
                    if pi != first_page:  # the first occurrence stays: page 1's letterhead is the header
                        removed_idx[pi].add(li)

    removed: list[list[str]] = []
    for pi, ls in enumerate(lines):
        gone = removed_idx[pi]
        removed.append([ls[li].text for li in sorted(gone)])
        if gone:
            lines[pi] = [ln for li, ln in enumerate(ls) if li not in gone]
    return removed


def _clusters(members: list[tuple[str, int, int]], ratio: float) -> list[list[tuple[int, int]]]:
    """Group zone lines by equal key, then merge keys that differ by a few characters (OCR noise)."""
    by_key: dict[str, list[tuple[int, int]]] = {}
    for key, pi, li in members:
        by_key.setdefault(key, []).append((pi, li))
    keys = list(by_key)
    if len(keys) < 2:
        return list(by_key.values())
    from rapidfuzz import fuzz, process

    reps: list[str] = []
    groups: list[list[tuple[int, int]]] = []
    for key in sorted(keys, key=lambda k: -len(by_key[k])):
        hit = process.extractOne(key, reps, scorer=fuzz.ratio, score_cutoff=ratio) if reps else None
        if hit is None:
            reps.append(key)
            groups.append(list(by_key[key]))
        else:
            groups[hit[2]].extend(by_key[key])
    return groups


# --------------------------------------------------------------------------- hyphenation


def _hyphen_part(token: str) -> str | None:
    """The word before a line-end hyphen, if the hyphen is a hyphenation (not "418-", "K-", "-")."""
    if token.endswith(SOFT_HYPHEN):
        body = token[:-1]
        return body if body and body[-1].isalpha() else None
    if not token.endswith("-") or token.endswith("--"):
        return None
    body = token[:-1]
    if len(body) < 2 or not (body[-1].isalpha() and body[-2].isalpha()):
        return None
    return body


@dataclass(slots=True)
class _JoinedWord(RawWord):
    continuation: BBox | None = None  # box of the second part, on the next line


def _join_hyphenated(lines: list[_Line]) -> list[_Line]:
    """Join words split across consecutive lines of one page (not in tables). The joined word keeps the
    first part's box; the second part's box becomes its ``continuation``."""
    i = 0
    while i < len(lines) - 1:
        a, b = lines[i], lines[i + 1]
        if a.kind == "table" or b.kind == "table":
            i += 1
            continue
        last = a.words[-1]
        token = last.text.rsplit(" ", 1)[-1]
        body = _hyphen_part(token)
        first = b.words[0]
        head = first.text.split(" ", 1)[0]
        soft = token.endswith(SOFT_HYPHEN)
        if body is None or not head or not (head[0].islower() or (soft and head[0].isalpha())):
            i += 1
            continue
        joined_text = last.text[: len(last.text) - len(token)] + body + head
        rest = first.text[len(head) :].lstrip()
        continuation = first.bbox if rest == "" else None  # a whole word, not a line of plain text
        joined = _JoinedWord(joined_text, last.bbox, _min_conf(last.conf, first.conf), continuation)
        a.words = [*a.words[:-1], joined]
        b.words = ([RawWord(rest, first.bbox, first.conf)] if rest else []) + b.words[1:]
        a.refresh()
        b.refresh()
        if not b.words:
            del lines[i + 1]
        else:
            i += 1
    # a line-end soft hyphen that did not lead to a join is not printed
    for ln in lines:
        w = ln.words[-1]
        if w.text.endswith(SOFT_HYPHEN):
            ln.words[-1] = RawWord(w.text[:-1] or "-", w.bbox, w.conf)
            ln.refresh()
    return lines


def _min_conf(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


# --------------------------------------------------------------------------- layout and spans


def _union(boxes: list[BBox | None]) -> BBox | None:
    real = [b for b in boxes if b is not None]
    if not real:
        return None
    return BBox(
        x0=min(b.x0 for b in real),
        y0=min(b.y0 for b in real),
        x1=max(b.x1 for b in real),
        y1=max(b.y1 for b in real),
    )


def _nfc(text: str) -> str:
    return (
        text
        if text.isascii() or unicodedata.is_normalized("NFC", text)
        else unicodedata.normalize("NFC", text)
    )


def _block_groups(lines: list[_Line]) -> list[list[_Line]]:
    """Consecutive lines with the same block number and kind form a block. Table rows: one block per row where
    the reader numbers each row's block apart (OCR, HTML), one block of rows where it gives the rows of one table
    one block number (Word, as a text file's table is one block of lines)."""
    groups: list[list[_Line]] = []
    prev: _Line | None = None
    for ln in lines:
        if prev is None or ln.block != prev.block or ln.kind != prev.kind:
            groups.append([ln])
        else:
            groups[-1].append(ln)
        prev = ln
    return groups


class _Builder:
    """Appends text pieces and hands out offsets."""

    __slots__ = ("parts", "pos")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, s: str) -> int:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start


def _layout_page(
    raw: RawPage, lines: list[_Line], out: _Builder, low_conf: float
) -> tuple[list[Block], int, int, list[float]]:
    """Blocks of one page appended to ``out``; returns blocks, page start/end and word confidences."""
    blocks: list[Block] = []
    confs: list[float] = []
    page_start = out.pos
    with_boxes = any(w.bbox is not None or w.conf is not None for ln in lines for w in ln.words)
    for bi, group in enumerate(_block_groups(lines)):
        if bi:
            out.add("\n\n")
        block_start = out.pos
        line_models: list[Line] = []
        for li, ln in enumerate(group):
            if li:
                out.add("\n")
            if with_boxes:
                words: list[Word] = []
                line_start = out.pos
                for wi, w in enumerate(ln.words):
                    if wi:
                        out.add(" ")
                    text = _nfc(" ".join(w.text.split()))
                    start = out.add(text)
                    low = w.conf is not None and w.conf < low_conf
                    if w.conf is not None:
                        confs.append(w.conf)
                    words.append(
                        Word(
                            start=start,
                            end=start + len(text),
                            text=text,
                            bbox=w.bbox,
                            continuation=getattr(w, "continuation", None),
                            conf=w.conf,
                            low_conf=low,
                        )
                    )
                line_models.append(
                    Line(
                        start=line_start,
                        end=out.pos,
                        bbox=ln.bbox or _union([w.bbox for w in ln.words]),
                        words=words,
                    )
                )
            else:
                text = _nfc(ln.text)
                start = out.add(text)
                line_models.append(Line(start=start, end=out.pos, bbox=ln.bbox, words=[]))
        kind = group[0].kind if group[0].kind in ("paragraph", "table", "heading", "list") else "paragraph"
        blocks.append(
            Block(
                start=block_start,
                end=out.pos,
                kind=kind,
                bbox=_union([lm.bbox for lm in line_models]),
                lines=line_models,
            )
        )
    return blocks, page_start, out.pos, confs


# --------------------------------------------------------------------------- entry point


def assemble(pages: list[RawPage], provenance: Provenance, doc_id: str, low_conf: float = 60.0) -> Document:
    """Build the Document of a verdict from its RawPages (in page order)."""
    pages = sorted(pages, key=lambda p: p.number)
    work = [_working_lines(p) for p in pages]
    removed = _remove_furniture(pages, work)
    out = _Builder()
    page_models: list[Page] = []
    warnings: list[str] = []
    previous: list[_Line] = []
    for raw, lines, gone in zip(pages, work, removed, strict=True):
        lines = _join_hyphenated(lines)
        if lines and out.pos:
            out.add("\n" if _goes_on(previous, lines) else "\n\n")
        previous = lines or previous
        blocks, start, end, confs = _layout_page(raw, lines, out, low_conf)
        mean = round(sum(confs) / len(confs), 1) if confs else None
        page_models.append(
            Page(
                start=start,
                end=end,
                number=raw.number,
                width=raw.width,
                height=raw.height,
                unit=raw.unit if raw.unit in ("pt", "px") else None,
                dpi=raw.dpi,
                method=raw.method,
                rotation=raw.rotation,
                skew=raw.skew,
                ocr_langs=raw.ocr_langs,
                ocr_confidence=mean,
                language=None,
                script=None,
                removed=gone,
                blocks=blocks,
            )
        )
        for w in raw.warnings:
            warnings.append(w if w.lower().startswith("page") else f"page {raw.number}: {w}")
        if mean is not None and mean < low_conf:
            warnings.append(f"page {raw.number}: low OCR confidence ({mean:.0f})")
    text = "".join(out.parts)

    lang, script, confidence = detect_language(text)
    if len(page_models) == 1:
        page_models[0].language, page_models[0].script = lang, script
    else:
        for p in page_models:
            p.language, p.script = page_language(text[p.start : p.end], lang)
    if not text.strip():
        warnings.append("no text could be read from the document")
    latin = None
    if script == "Cyrl" or any(p.script == "Cyrl" for p in page_models):
        latin = to_latin(text, lang)
    return Document(
        id=doc_id,
        text=text,
        language=lang,
        script=script,
        language_confidence=confidence if lang is not None else None,
        pages=page_models,
        latin=latin,
        provenance=provenance,
        warnings=warnings,
    )


__all__ = ["assemble"]
