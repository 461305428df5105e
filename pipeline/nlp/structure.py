"""The structure of a verdict: sections, sentences, and what each sentence says.

:func:`segment` is the entry point for the record builder and the entity tagger: a pure function of
the document (no state between documents) returning a :class:`pipeline.model.Structure` whose offsets
point into ``Document.text``: computed once, carried to every later stage, never recomputed. The same work is available as spaCy components ("spoton_sections",
"spoton_sentences", "spoton_sentence_tags") so that a spaCy config can assemble a pipeline with them.

Rules are data: ``resources/sections.yaml`` (headings), ``resources/tokenizer/*.yaml`` (abbreviations
that do not end a sentence) and ``resources/sentence_tags.yaml`` (tag phrases).
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.model import Document, Section, SentenceSpan, Structure
from pipeline.nlp.sections import find_sections
from pipeline.nlp.sentences import sentence_bounds
from pipeline.nlp.structure_rules import family
from pipeline.nlp.tags import load_classifier, tag_sentences


def section_of(structure: Structure, offset: int) -> str | None:
    """Name of the section holding a character offset of Document.text (None outside the text)."""
    starts = [s for _, s, _ in structure.sections]
    i = bisect_right(starts, offset) - 1
    if i < 0:
        return None
    name, s, e = structure.sections[i]
    return name if s <= offset < e else None


def segment_text(text: str, language: str | None = None, *, use_model: bool = True) -> Structure:
    """Structure of a verdict given as plain text (what :func:`segment` does for a Document)."""
    fam = family(language)
    sections, headings = find_sections(text, fam)
    forced = [s for _, s, _ in sections] + [h.end for h in headings]
    bounds = sentence_bounds(text, fam, forced=forced)
    starts = [s for _, s, _ in sections]
    names = [n for n, _, _ in sections]
    secs = []
    for s, _ in bounds:
        i = bisect_right(starts, s) - 1
        secs.append(names[i] if i >= 0 else "header")
    labels = tag_sentences([text[s:e] for s, e in bounds], secs, fam)
    sentences = [
        SentenceSpan(start=s, end=e, section=sec, labels=lab)
        for (s, e), sec, lab in zip(bounds, secs, labels, strict=True)
    ]
    if use_model:
        classify = load_classifier()
        if classify is not None:
            untagged = [x for x in sentences if not x.labels]
            if untagged:
                labels = classify([text[x.start : x.end] for x in untagged], [x.section for x in untagged])
                for x, lab in zip(untagged, labels, strict=True):
                    x.labels = lab
    return Structure(
        sections=[Section(*x) for x in sections], sentences=sentences, headings=headings, language=language
    )


def segment(document: Document) -> Structure:
    """Sections, sentences and sentence tags of a document; offsets into ``document.text``."""
    return segment_text(document.text, document.language)


# --------------------------------------------------------------------------- spaCy components

_KEY = "spoton.structure"


def _structure_of(doc: Doc) -> Structure:
    cached = doc.user_data.get(_KEY)
    if cached is None or cached[0] != len(doc.text):
        lang = doc.user_data.get("spoton.language") or doc.lang_
        cached = (len(doc.text), segment_text(doc.text, lang))
        doc.user_data[_KEY] = cached
    return cached[1]


def _span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="expand")


@Language.component("spoton_sections")
def sections_component(doc: Doc) -> Doc:
    """doc.spans["sections"]: one span per section, labelled with its name."""
    spans = [_span(doc, s, e, n) for n, s, e in _structure_of(doc).sections]
    doc.spans["sections"] = [s for s in spans if s is not None]
    return doc


@Language.component("spoton_sentences")
def sentences_component(doc: Doc) -> Doc:
    """Sentence starts (token.is_sent_start) from the rule-based splitter."""
    starts = set()
    for sent in _structure_of(doc).sentences:
        span = _span(doc, sent.start, sent.end, "")
        if span is not None:
            starts.add(span.start)
    for tok in doc:
        tok.is_sent_start = tok.i in starts or tok.i == 0
    return doc


@Language.component("spoton_sentence_tags")
def sentence_tags_component(doc: Doc) -> Doc:
    """doc.spans["sentence_tags"]: one span per (sentence, tag), labelled with the tag."""
    out = []
    for sent in _structure_of(doc).sentences:
        for label in sent.labels:
            span = _span(doc, sent.start, sent.end, label)
            if span is not None:
                out.append(span)
    doc.spans["sentence_tags"] = out
    return doc


def structure_nlp(lang: str | None) -> Language:
    """A fresh blank pipeline with the verdict tokenizer and the three structure components."""
    from pipeline.nlp.tokenizer import new_nlp

    nlp = new_nlp(lang)
    for name in ("spoton_sections", "spoton_sentences", "spoton_sentence_tags"):
        nlp.add_pipe(name)
    return nlp
