"""Plain-text and HTML verdicts: bytes → text (encoding detection) → RawPages of lines, no boxes.

Court portals and old office PCs give us UTF-8, UTF-16, Windows-1250/1251 and ISO-8859-2. The
encoding is chosen by scoring the letters each candidate decoding produces (``resources/encodings.yaml``):
a Serbian text read in the wrong Latin code page shows C1 control characters or letters such as "ą",
Cyrillic read as Latin shows words like "Îńíîâíč", Latin read as Cyrillic mixes scripts in a word.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import RunConfig
from pipeline.datafiles import load_yaml
from pipeline.errors import InputError, LimitExceeded
from pipeline.ingest.raw import RawLine, RawPage, RawWord

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NEWLINES = re.compile(r"\r*\n|\r")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # keeps \t \n \f
_MIXED = re.compile(r"[\u0400-\u04ff][^\W\d_\u0400-\u04ff]|[^\W\d_\u0400-\u04ff][\u0400-\u04ff]")
_SCORE_BYTES = 256 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class _EncodingRules:
    candidates: tuple[str, ...]
    fallback: bool
    expected_letters: frozenset[str]
    expected_symbols: frozenset[str]
    s_expected: float
    s_other_letter: float
    s_c1: float
    s_symbol: float
    s_mixed: float
    min_share: float


@functools.cache
def _rules() -> _EncodingRules:
    cfg = load_yaml("encodings.yaml", "encoding rules")
    s = cfg["scores"]
    return _EncodingRules(
        candidates=tuple(cfg["candidates"]),
        fallback=bool(cfg.get("fallback_detector", True)),
        expected_letters=frozenset(cfg["expected_letters"]),
        expected_symbols=frozenset(cfg["expected_symbols"]),
        s_expected=float(s["expected_letter"]),
        s_other_letter=float(s["other_letter"]),
        s_c1=float(s["c1_control"]),
        s_symbol=float(s["other_symbol"]),
        s_mixed=float(s["mixed_script_word"]),
        min_share=float(cfg["min_expected_share"]),
    )


# --------------------------------------------------------------------------- encoding


def score_decoding(text: str) -> tuple[float, float]:
    """(score, share of expected characters among non-ASCII ones) of a candidate decoding."""
    r = _rules()
    score = 0.0
    expected = other = 0
    for ch in set(text):
        if ch.isascii():
            continue
        n = text.count(ch)
        if ch in r.expected_letters or ch in r.expected_symbols:
            expected += n
            if ch in r.expected_letters:
                score += r.s_expected * n
            continue
        other += n
        o = ord(ch)
        if 0x80 <= o <= 0x9F or ch == "\ufffd":
            score += r.s_c1 * n
        elif ch.isalpha():
            score += r.s_other_letter * n
        else:
            score += r.s_symbol * n
    if expected or other:
        # a Cyrillic letter next to a Latin one inside a word: "krivиno" (cp1250 read as cp1251)
        score += r.s_mixed * len(_MIXED.findall(text)) / 2
    total = expected + other
    return score, (expected / total if total else 1.0)


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding). ``declared``: an encoding named by the file itself (HTML meta): after the BOM and
    UTF-8 it is scored with the candidates and wins ties; meta tags of saved pages often lie."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name} starts like {enc.upper()} text but is damaged ({exc.reason}).",
                    error="unknown_encoding",
                ) from exc
    utf16 = _utf16_without_bom(data)  # before UTF-8: NUL-padded ASCII is valid UTF-8 too
    if utf16:
        return utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    r = _rules()
    candidates = list(r.candidates)
    if declared:  # scored like the others, first in line: it wins a tie
        try:
            name_ = codecs.lookup(declared).name
        except LookupError:
            name_ = None
        if name_ and name_ not in ("utf-8", "ascii"):
            candidates = [name_, *(c for c in candidates if codecs.lookup(c).name != name_)]
    best: tuple[float, int, str] | None = None
    sample = data[:_SCORE_BYTES]  # single-byte code pages: a prefix decodes like the whole
    for i, enc in enumerate(candidates):
        try:
            score, share = score_decoding(sample.decode(enc, errors="replace"))
        except (LookupError, UnicodeError):  # a multi-byte or odd codec named by a meta tag
            continue
        if share < r.min_share:
            continue
        if best is None or (score, -i) > (best[0], best[1]):
            best = (score, -i, enc)
    if best is not None:
        return data.decode(best[2], errors="replace"), best[2]
    if r.fallback:
        from charset_normalizer import from_bytes

        match = from_bytes(data).best()
        if match is not None:
            text = str(match)
            if score_decoding(text)[1] >= r.min_share and not _CONTROLS.search(text[:4096]):
                return text, match.encoding
    raise InputError(f"{name} is text in an encoding that could not be recognised.", error="unknown_encoding")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: every other byte of Latin text is zero."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    enc = "utf-16-le" if odd > even * 3 else "utf-16-be" if even > odd * 3 else None
    if enc is None:
        return None
    try:
        return data.decode(enc), enc
    except UnicodeDecodeError:
        return None


# --------------------------------------------------------------------------- text -> pages


def _check_size(text: str, name: str, config: RunConfig) -> None:
    limit = config.limits.max_text_chars
    if len(text) > limit:
        raise LimitExceeded(
            f"{name} holds {len(text):,} characters of text; the limit is {limit:,} "
            "(raise limits.max_text_chars in the configuration to process it).",
            error="text_too_large",
        )


def text_to_pages(text: str, method: str = "plain") -> list[RawPage]:
    """Form feeds split pages, blank lines split blocks; each line is one RawLine holding its text
    (whitespace collapsed) as a single RawWord: plain text has no word boxes."""
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    pages: list[RawPage] = []
    for number, chunk in enumerate(text.split("\f"), start=1):
        lines: list[RawLine] = []
        block = 0
        gap = False
        for raw in chunk.split("\n"):
            line = " ".join(raw.split())
            if not line:
                gap = True
                continue
            if gap and lines:
                block += 1
            gap = False
            lines.append(RawLine([RawWord(line)], block=block))
        pages.append(RawPage(number=number, method=method, lines=lines))  # type: ignore[arg-type]
    # a trailing form feed makes an empty last page that a lawyer would not count
    while len(pages) > 1 and not pages[-1].lines:
        pages.pop()
    return pages


def _read_bytes(path: Path, config: RunConfig) -> bytes:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{path.name} could not be read: {exc.strerror or exc}.", error="unreadable"
        ) from exc
    if not data.strip():
        raise InputError(f"{path.name} is empty.", error="empty")
    if len(data) > 4 * config.limits.max_text_chars:  # no encoding takes more than 4 bytes a character
        raise LimitExceeded(
            f"{path.name} is {len(data) / 1024**2:.0f} MB of text; the limit is "
            f"{config.limits.max_text_chars:,} characters.",
            error="text_too_large",
        )
    return data


def read_text(path: Path, config: RunConfig) -> tuple[list[RawPage], str]:
    """A plain-text verdict: (pages, encoding)."""
    path = Path(path)
    data = _read_bytes(path, config)
    text, encoding = decode_bytes(data, path.name)
    _check_size(text, path.name, config)
    return text_to_pages(text, "plain"), encoding


# --------------------------------------------------------------------------- HTML


_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "nav",
        "head",
        "noscript",
        "template",
        "iframe",
        "svg",
        "form",
        "button",
        "select",
        "object",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "aside", "header", "footer", "address", "blockquote",
        "center", "dl", "dt", "dd", "ul", "ol", "li", "pre", "hr", "body", "html", "fieldset", "figure",
        "figcaption", "caption", "h1", "h2", "h3", "h4", "h5", "h6",
    }
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _HtmlText:
    """Walks the DOM: block elements become paragraphs, <br> line breaks, table rows lines with cells
    joined by " | "."""

    def __init__(self) -> None:
        self.lines: list[RawLine] = []
        self.block = 0
        self.current: list[str] = []  # pieces of the line being built
        self.pending: list[str] = []  # finished lines of the paragraph being built
        self.kind = "paragraph"

    def text(self, s: str) -> None:
        self.current.append(s)

    def br(self) -> None:
        self.pending.append("".join(self.current))
        self.current = []

    def flush(self) -> None:
        self.pending.append("".join(self.current))
        self.current = []
        added = False
        for raw in self.pending:
            line = " ".join(raw.split())
            if line:
                self.lines.append(RawLine([RawWord(line)], block=self.block, kind=self.kind))
                added = True
        self.pending = []
        if added:
            self.block += 1
        self.kind = "paragraph"

    def row(self, cells: list[str]) -> None:
        self.flush()
        cells = [" ".join(c.split()) for c in cells]
        if any(cells):
            self.lines.append(RawLine([RawWord(" | ".join(cells))], block=self.block, kind="table"))
            self.block += 1

    def walk(self, node) -> None:  # noqa: ANN001 - bs4 nodes
        from bs4 import Comment, NavigableString, Tag
        from bs4.element import Declaration, Doctype, ProcessingInstruction

        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment | Doctype | Declaration | ProcessingInstruction):
                    self.text(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower() if child.name else ""
            if name in _SKIP_TAGS:
                continue
            if name == "br":
                self.br()
            elif name == "table":
                self.flush()
                self.table(child)
            elif name == "pre":
                self.flush()
                for raw in child.get_text().split("\n"):
                    self.text(raw)
                    self.br()
                self.flush()
            elif name in _BLOCK_TAGS:
                self.flush()
                self.walk(child)
                if name in _HEADINGS:
                    self.kind = "heading"
                elif name == "li":
                    self.kind = "list"
                self.flush()
            else:
                self.walk(child)

    def table(self, table) -> None:  # noqa: ANN001
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue  # rows of nested tables are read as text of their cell
            cells = []
            for cell in tr.find_all(["td", "th"], recursive=False):
                for skip in cell.find_all(list(_SKIP_TAGS)):
                    skip.decompose()
                cells.append(cell.get_text(" "))
            self.row(cells)


def html_to_pages(html: str) -> list[RawPage]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    walker = _HtmlText()
    walker.walk(soup)
    walker.flush()
    text_lines = []
    for ln in walker.lines:
        t = ln.words[0].text
        t = _CONTROLS.sub("", t)
        if not t.isascii():
            t = unicodedata.normalize("NFC", t)
        text_lines.append(RawLine([RawWord(t)], block=ln.block, kind=ln.kind))
    return [RawPage(number=1, method="html", lines=text_lines)]


def read_html(path: Path, config: RunConfig) -> tuple[list[RawPage], str]:
    """An HTML verdict (e.g. saved from a court portal): text without markup, (pages, encoding)."""
    path = Path(path)
    data = _read_bytes(path, config)
    meta = _META_CHARSET.search(data[:4096])
    declared = meta.group(1).decode("ascii", "replace") if meta else None
    html, encoding = decode_bytes(data, path.name, declared=declared)
    _check_size(html, path.name, config)
    pages = html_to_pages(html)
    _check_size(" ".join(ln.words[0].text for ln in pages[0].lines), path.name, config)
    return pages, encoding


__all__ = ["decode_bytes", "html_to_pages", "read_html", "read_text", "score_decoding", "text_to_pages"]
