"""What every field extractor works on: the document, a text view to match rules on, the parts of the
verdict, and helpers that turn a match into a codebook field with evidence.

Serbian Cyrillic verdicts are matched through a Latin view (one rule set serves both scripts); every
offset found there is mapped back, so evidence always points into ``Document.text`` as the review app
and the contract expect. Macedonian rules are written in Cyrillic and Albanian in Latin: they match the
text itself.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from pipeline.coding.extract import chains, names, patterns, tuning
from pipeline.languages import rule_family
from pipeline.model import BBox, Document, EntitySpan, Evidence, FieldValue, Section, SentenceSpan, Structure
from pipeline.text.translit import document_latin_view

_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[^\W\d_])")
_WS = re.compile(r"\s+")
MK_LETTERS = set("ЃЌЅѓќѕ")
Span = tuple[int, int]


def family_of(document: Document) -> str:
    """Rule family (sr, mk, sq) of a document; unknown language: by script and Macedonian letters."""
    fam = rule_family(document.language)
    if fam:
        return fam
    head = document.text[:4000]
    if any(ch in MK_LETTERS for ch in head) or " од " in head or "Обвинет" in head:
        return "mk"
    if "ë" in head or "Gjykat" in head:
        return "sq"
    return "sr"


# Formats whose text keeps the printed page's line breaks inside paragraphs (paragraphs are separated
# by blank lines): a line break there is no boundary for names, citations or dates.
SOFT_WRAP_FORMATS = frozenset({"pdf", "tiff", "png", "jpeg"})
_SOFT = re.compile(r"(?<=[^\n]{40})\n(?=[ \t]*[^\s#|])")


def unwrap(text: str) -> str:
    """The line breaks of wrapped lines (after a line of 40+ characters, inside a paragraph) as spaces;
    same length, so offsets hold."""
    return _SOFT.sub(" ", text)


# A Word paragraph that ends inside a sentence: 40+ characters ending in a small letter, the next paragraph a
# line of three words or more that goes on with the sentence ("у већу састављеном од судије Драгослава" /
# "Марковића, као председника већа", "из члана 388 став 7 у вези става" / "1 Кривичног законика,"): not a
# table row, a heading (letter-spaced, in capitals), nor a personal-data paragraph ("АХМАД КАРИМИ, рођен").
_PARAGRAPH_BREAK = re.compile(r"(?<=[a-zčćžšđ\u0430-\u045f])\n\n(?=[ \t]*[^\s#|])")
_NEXT_NOT_GOING_ON = re.compile(
    r"^[ \t]*(?:(?:\S[ \t]){3,}|[^\s,]*[A-ZČĆŽŠĐ\u0400-\u042f]{2}[^a-zčćžšđ\u0430-\u045f\s,]*[\s,])"
    r"|(?i:ro[đd]en|рођен|od\s+oca|од\s+оца|jmbg|јмбг)")


def join_paragraphs_in_sentence(text: str) -> str:
    """The paragraph breaks of a Word file that fall inside a sentence as spaces; same length."""

    def join(m: re.Match[str]) -> str:
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.end())
        prev, nxt = text[a : m.start()], text[m.end() : len(text) if b < 0 else b]
        if len(prev) < 40 or "|" in prev or "|" in nxt or len(nxt.split()) < 3 or _NEXT_NOT_GOING_ON.search(nxt[:80]):
            return m.group()
        return "  "

    return _PARAGRAPH_BREAK.sub(join, text)


TUNING = tuning.Tuning("context")


def _cyrillic_share(text: str) -> float:
    sample = text[: TUNING.window("script_sample")]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0400" <= c <= "\u04ff") / len(letters)


def read_structure(structure: Structure | None, n: int) -> tuple[list[Section], list[SentenceSpan]]:
    """Sections (in text order) and sentences of the document's structure; without one, the whole text
    is one section "unknown"."""
    if structure is None:
        return [Section("unknown", 0, n)], []
    sections = sorted(structure.sections, key=lambda s: s.start)
    return sections or [Section("unknown", 0, n)], list(structure.sentences)


class Context:
    """One document under extraction. ``view`` is the text rules match on (view offsets are in it),
    ``unwrapped`` the text the normalisers read, ``view_to_text`` the original offset of each view
    character (None when the view is the text itself)."""

    def __init__(
        self,
        document: Document,
        structure: Structure | None = None,
        entities: Sequence[EntitySpan] | None = None,
    ) -> None:
        self.document = document
        self.text = document.text
        self.family = family_of(document)
        self.script = document.script
        self.view_to_text: Sequence[int] | None = None
        self.view = self.text
        if self.family == "sr" and (
            document.script == "Cyrl"
            or (document.script is None and _cyrillic_share(self.text) > TUNING.threshold("cyrillic_share"))
        ):
            # the Latin layer assembly made once (Document.latin), in the Serbian table the rules are written in
            self.view, self.view_to_text = document_latin_view(document, "sr")
        # the text normalisers read: the same, with wrapped lines joined ("2 000\n000 lekë")
        self.unwrapped = self.text
        if document.provenance.format in SOFT_WRAP_FORMATS:
            self.view = unwrap(self.view)
            self.unwrapped = unwrap(self.text)
        if document.provenance.format == "docx" and patterns.gate(
                "common", "docx_paragraph_in_sentence", self.family, self.script):
            self.view = join_paragraphs_in_sentence(self.view)
            self.unwrapped = join_paragraphs_in_sentence(self.unwrapped)
        self.folded = patterns.pin(self.view)  # folded view: what phrase lists match on
        self.sections, self.sentences = read_structure(structure, len(self.text))
        self._sent_starts = [s.start for s in self.sentences]
        self._sec_starts = [s.start for s in self.sections]
        self.entities = list(entities or [])
        self.has_structure = structure is not None
        self._words: tuple[list[int], list[Any]] | None = None
        self._names: list[tuple[int, int, str]] | None = None
        self.warnings: list[str] = []
        # the country's default currency (extraction/common.yaml), known once the court is: amounts without one
        self.currency: str | None = None
        self._parts()

    def _parts(self) -> None:
        """View spans of the parts extractors read: introduction (with header), operative, reasoning,
        closing (legal instruction + signatures). Without a structure every part is the whole text
        (rules still apply, with lower confidence)."""
        n = len(self.view)
        if not self.has_structure:
            self.intro = (0, min(n, chains.window("introduction_without_structure")))
            self.operative = [(0, n)]
            self.reasoning = [(0, n)]
            self.closing = (max(0, n - chains.window("closing_without_structure")), n)
            self.signatures = self.closing
            self.has_signatures = False
            return
        self.intro = self.first_region("header", "introduction") or (
            0,
            min(n, chains.window("introduction_without_heading")),
        )
        self.operative = self.region("operative")
        self.reasoning = self.region("reasoning")
        self.closing = self.first_region("legal_instruction", "signatures") or (n, n)
        if not self.operative:
            # no operative heading found: everything between introduction and reasoning
            end = self.reasoning[0][0] if self.reasoning else n
            self.operative = [(self.intro[1], end)] if end > self.intro[1] else [(self.intro[1], n)]
        sig = self.first_region("signatures")
        self.has_signatures = sig is not None
        self.signatures = sig or (max(0, n - chains.window("signatures_without_block")), n)

    def in_parts(self, vi: int, parts: list[Span]) -> bool:
        return any(s <= vi < e for s, e in parts)

    # ------------------------------------------------------------------ offsets
    def to_orig(self, i: int) -> int:
        if self.view_to_text is None:
            return i
        if i >= len(self.view_to_text):
            return len(self.text)
        return self.view_to_text[i]

    def orig_span(self, vs: int, ve: int) -> Span:
        if self.view_to_text is None:
            return vs, ve
        if ve <= vs:
            s = self.to_orig(vs)
            return s, s
        return self.to_orig(vs), self.to_orig(ve - 1) + 1

    def to_view(self, i: int) -> int:
        if self.view_to_text is None:
            return i
        return bisect.bisect_left(self.view_to_text, i)

    def view_span(self, s: int, e: int) -> Span:
        return self.to_view(s), self.to_view(e)

    # ------------------------------------------------------------------ parts of the verdict
    def region(self, *section_names: str) -> list[Span]:
        """View spans of the named sections (in text order); the whole text if none is known."""
        spans = [self.view_span(s.start, s.end) for s in self.sections if s.name in section_names]
        return spans

    def first_region(self, *section_names: str) -> Span | None:
        spans = self.region(*section_names)
        if not spans:
            return None
        return spans[0][0], spans[-1][1]

    def section_at(self, vi: int) -> str:
        oi = self.to_orig(vi)
        k = bisect.bisect_right(self._sec_starts, oi) - 1
        if k >= 0 and self.sections[k].start <= oi < self.sections[k].end:
            return self.sections[k].name
        return "unknown"

    def sentences_in(self, *section_names: str) -> list[SentenceSpan]:
        return [s for s in self.sentences if s.section in section_names]

    def sentence_view_span(self, vi: int) -> Span:
        """The sentence holding view offset ``vi`` (from the structure; else the line)."""
        oi = self.to_orig(vi)
        if self.sentences:
            k = bisect.bisect_right(self._sent_starts, oi) - 1
            if k >= 0 and self.sentences[k].start <= oi < self.sentences[k].end:
                s = self.sentences[k]
                return self.view_span(s.start, s.end)
        lo = self.view.rfind("\n", 0, vi) + 1
        hi = self.view.find("\n", vi)
        return lo, (len(self.view) if hi < 0 else hi)

    def sentences_matching(self, rx: re.Pattern[str], parts: Iterable[Span]) -> Iterator[tuple[int, int, re.Match[str]]]:
        """(start, end, first match) of each sentence, cut to its part, in which ``rx`` matches inside ``parts``:
        a decision sentence is read once however many of its phrases match."""
        seen: set[int] = set()
        for p0, p1 in parts:
            for m in rx.finditer(self.view, p0, p1):
                s0, s1 = self.sentence_view_span(m.start())
                s0, s1 = max(s0, p0), min(s1, p1)
                if s0 not in seen:
                    seen.add(s0)
                    yield s0, s1, m

    def person_names(self) -> list[tuple[int, int, str]]:
        """Every person-like name of the view, cleaned: (view start, view end, name); found once."""
        if self._names is None:
            rx = patterns.compile_source(patterns.phrase_regex(names.person_source(self.family)))
            # a capitalised role word read as the name's first word ("Обвинетиот Дритон Абдулаи затоа
            # што"): the name after it (names.clean would drop the whole candidate)
            lead = patterns.pattern("common", "name_lead", self.family, self.script)
            out = []
            for m in rx.finditer(self.view):
                lm = lead.match(m.group()) if lead is not None else None
                cut = names.clean(m.group()[lm.end() :], m.start() + lm.end()) if lm else None
                if lm and self.script == "Cyrl" and self.family == "sr":
                    # the lead took words of the name's length ("II Окривљени Марко" of "... Марко Лазић"):
                    # the name read again from after the lead
                    again = rx.match(self.view, m.start() + lm.end())
                    longer = names.clean(again.group(), again.start()) if again else None
                    if longer and (cut is None or longer[1] > cut[1]):
                        cut = longer
                cut = cut or names.clean(m.group(), m.start())
                if cut:
                    out.append((cut[0], cut[1], self.view[cut[0] : cut[1]]))
            self._names = out
        return self._names

    def entities_of(self, *labels: str) -> list[EntitySpan]:
        return [e for e in self.entities if e.label in labels]

    # ------------------------------------------------------------------ evidence
    def _word_index(self) -> tuple[list[int], list[Any]]:
        if self._words is None:
            words = [w for w in self.document.words() if w.bbox is not None]
            words.sort(key=lambda w: w.start)
            self._words = ([w.start for w in words], words)
        return self._words

    def bbox(self, s: int, e: int) -> BBox | None:
        """Box around the words of an original span on its first page (None without word boxes)."""
        if not self.document.pages or not any(p.blocks for p in self.document.pages):
            return None
        starts, words = self._word_index()
        if not words:
            return None
        k = max(0, bisect.bisect_right(starts, s) - 1)
        boxes = []
        page = self.document.page_at(s)
        while k < len(words) and words[k].start < e:
            w = words[k]
            if w.end > s and (page is None or page.start <= w.start < page.end):
                boxes.append(w.bbox)
            k += 1
        if not boxes:
            return None
        return BBox(
            x0=min(b.x0 for b in boxes),
            y0=min(b.y0 for b in boxes),
            x1=max(b.x1 for b in boxes),
            y1=max(b.y1 for b in boxes),
        )

    def ospan(self, m: Any, group: int | str = 0) -> Span:
        """Original span of a match (or of one of its groups) on the view."""
        return self.orig_span(m.start(group), m.end(group))

    def evidence(self, vs: int, ve: int, *, view: bool = False) -> Evidence:
        s, e = self.orig_span(vs, ve) if view else (vs, ve)
        s, e = _trim(self.text, s, e)
        page = self.document.page_at(s)
        return Evidence(
            start=s, end=e, page=page.number if page else None, text=self.text[s:e], bbox=self.bbox(s, e)
        )

    def field(
        self,
        value: Any,
        confidence: float,
        spans: Iterable[Span],
        rule: str,
        *,
        source_file: str | None = None,
        view: bool = False,
    ) -> FieldValue:
        """A drafted field; ``spans`` are original offsets (``view=True``: offsets in ``v``); ``rule`` is
        the rule id, its version is the version of its YAML file (the id's first part)."""
        if value is None:
            return empty()
        ev = []
        seen = set()
        for vs, ve in spans:
            if ve <= vs:
                continue
            item = self.evidence(vs, ve, view=view)
            if (item.start, item.end) in seen or item.end <= item.start:
                continue
            seen.add((item.start, item.end))
            ev.append(item)
        ver = patterns.version(source_file or rule.split(".", 1)[0])
        if isinstance(value, str):
            value = _one_line(value)
        elif isinstance(value, list):
            value = [_one_line(x) if isinstance(x, str) else x for x in value]
        return FieldValue(
            value=value,
            confidence=round(max(0.0, min(TUNING.confidence("highest"), confidence)), 3),

            evidence=ev,
            source=f"rule:{rule}@{ver}",
            status="draft",
        )


def _one_line(value: str) -> str:
    """A value on one line: a word broken at a line end with its hyphen ("Митревска-\\nСтојановска") is
    one word again; other runs of white space are one space."""
    return _WS.sub(" ", _BROKEN_WORD.sub("-", value)).strip()


def empty() -> FieldValue:
    """A field the draft found nothing for (contract: value null, confidence 0)."""
    return FieldValue(value=None, confidence=0.0, evidence=[], source=None, status="draft")


def split(found: FieldValue, fields: Mapping[str, str]) -> dict[str, FieldValue]:
    """A finding with a dict value ({"number", "date", "office"}) as one codebook field per key (value key →
    field name), each with the finding's evidence; a key without a value is an empty field."""
    out: dict[str, FieldValue] = {}
    for key, name in fields.items():
        value = found.value.get(key) if isinstance(found.value, dict) else None
        out[name] = empty() if value is None else found.model_copy(update={"value": value})
    return out


def agree(confidences: Iterable[float]) -> float:
    """Confidence of a value several mentions agree on: 1 - prod(1 - c)."""
    rest = 1.0
    for c in confidences:
        rest *= 1.0 - max(0.0, min(1.0, c))
    return 1.0 - rest


def _trim(text: str, s: int, e: int) -> Span:
    while s < e and text[s] in " \t\n\r,;:":
        s += 1
    while e > s and text[e - 1] in " \t\n\r,;:":
        e -= 1
    return s, e
