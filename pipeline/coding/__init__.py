"""Coding stage: Document (+ NLP analysis) → draft coding Record, every field with evidence."""

from __future__ import annotations

from pipeline import __version__
from pipeline.model import Document, Record, SourceRef


def build_record(document: Document) -> Record:
    """Draft record for a document. (Interim: the case/defendant/victim extraction lands with issue 3.)"""
    p = document.provenance
    return Record(
        document_id=document.id,
        source=SourceRef(path=p.path, sha256=p.sha256, format=p.format),
        language=document.language,
        script=document.script,
        pipeline_version=__version__,
    )
