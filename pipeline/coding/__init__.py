"""Coding stage: Document (+ NLP analysis) → draft coding Record, every field with evidence.

:func:`build_record` segments the verdict (sections, sentences, sentence tags), finds its entities,
and drafts every codebook field at the three levels (case; each defendant with charges and sentence;
each victim with compensation). Fields come from rules kept as YAML (``resources/extraction/``);
each carries evidence spans, a confidence and the rule id with its version. Every codebook field is
present; one the draft found nothing for has value null and confidence 0.
"""

from __future__ import annotations

import logging

from pipeline import __version__
from pipeline.coding.checks import verdict_warnings
from pipeline.coding.field_models import apply as apply_field_models
from pipeline.model import Document, EntitySpan, Record, SentenceSpan, SourceRef, Structure

# The tagger and the extractors (spaCy, the rule files) are imported where they run: importing
# pipeline.coding.codebook runs this file, and the review app and the report read the codebook without them.

log = logging.getLogger(__name__)


def analyse(document: Document) -> tuple[Structure, list[EntitySpan]]:
    """Structure and entities of a document (what the record builder reads besides the text)."""
    from pipeline.nlp.entities import find_entities
    from pipeline.nlp.structure import segment

    structure = segment(document)
    entities = find_entities(document, structure)
    return structure, entities


def build_record(
    document: Document, structure: Structure | None = None, entities: list[EntitySpan] | None = None
) -> Record:
    """Draft record for a document. ``structure`` and ``entities`` are computed when not given."""
    from pipeline.coding.codebook import codebook
    from pipeline.coding.extract.context import Context
    from pipeline.coding.extract.record import extract, nest

    if structure is None or entities is None:
        s, e = analyse(document)
        structure = structure if structure is not None else s
        entities = entities if entities is not None else e
    p = document.provenance
    record = Record(
        document_id=document.id,
        source=SourceRef(path=p.path, sha256=p.sha256, format=p.format),
        language=document.language,
        script=document.script,
        pipeline_version=__version__,
        models=_models(entities),
        entities=list(entities),
        sentences=[
            SentenceSpan(start=s.start, end=s.end, section=s.section, labels=list(s.labels))
            for s in structure.sentences
        ],
    )
    cb = codebook()
    if not document.text.strip():
        record.case = nest(cb, "case", {})
    else:
        ctx = Context(document, structure, entities)
        case, defendants, victims = extract(ctx)
        record.case = nest(cb, "case", case)
        record.defendants = [nest(cb, "defendant", d) for d in defendants]
        record.victims = [nest(cb, "victim", v) for v in victims]
    record.warnings = verdict_warnings(document, record)
    apply_field_models(record, document)  # trained field models where the rules are unsure (registry's active)
    return record


def _models(entities: list[EntitySpan]) -> dict[str, str]:
    """Trained models whose output is in the record ("model:ner-sr@4" sources)."""
    out: dict[str, str] = {}
    for e in entities:
        src = e.source or ""
        if src.startswith("model:"):
            name = src[6:]
            out.setdefault("ner", name)
    return out


__all__ = ["analyse", "build_record"]
