"""Entities of a verdict: rules kept as data, and a trained tagger where one exists in ``models/``.

``find_entities(document, structure=None)`` returns non-overlapping :class:`EntitySpan` objects with
offsets into ``document.text`` and a ``source`` naming the rule ("rule:court.header@3") or the model
("model:ner-sr@1") that produced them.

Rules come from ``resources/patterns/<set>.yaml``: ``sr-Latn`` for Serbian, Montenegrin, Croatian and
Bosnian in Latin script, and (through a Latin transliteration whose offsets are mapped back) in
Cyrillic; ``mk`` for Macedonian; ``sq`` for Albanian. When the registry has an active ``ner-<lang>``
version (``models/ner-<lang>/<version>/``, :mod:`pipeline.train.registry`), its meta file lists the
labels where it beat the rules in cross-validation (``takeover``); the rules keep every other label. The
default ``ner-sr@2`` is a span corrector (:mod:`pipeline.nlp.boundary`): for its labels it moves the edges
of the rules' spans or drops the ones it rejects, and those labels' spans name it as their source; with an
adder (``ner-sr@3``) it also adds, for its labels, the spans its CRF finds where the rules found nothing
(those name the model, the rules' own spans keep their rule). A CRF
tagger (``ner-sr@1``) replaces the rules' spans of its labels with its own.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from pipeline.languages import rule_family
from pipeline.model import Document, EntitySpan, Structure
from pipeline.nlp.boundary import Span, SpanCorrector
from pipeline.nlp.rules import (
    Candidate,
    RuleSet,
    load_rules,
    match_rules,
    propagate,
    regions_from_markers,
    regions_from_structure,
    resolve,
)
from pipeline.text.translit import document_latin_view, latin_view

TASK_LABELS = (
    "COURT",
    "CASE_NUMBER",
    "DECISION_DATE",
    "JUDGE",
    "REGISTRAR",
    "PROSECUTOR",
    "DEFENDANT",
    "CRIMINAL_ACT",
    "PROVISION_MATERIAL",
    "PROVISION_PROCEDURAL",
    "SANCTION_TYPE",
    "SANCTION_VALUE",
    "VERDICT",
    "PROCEDURE_COSTS",
)
EXTRA_LABELS = ("DATE", "VICTIM", "WITNESS", "DEFENSE_COUNSEL", "MONEY", "PERSONAL_ID")
ALL_LABELS = TASK_LABELS + EXTRA_LABELS

def models_dir() -> Path:
    """Where trained models live: $SPOTON_MODELS, else the repository's models/ folder."""
    from pipeline.train.registry import models_root

    return models_root()


def rule_set_for(language: str | None, script: str | None) -> tuple[str, bool]:
    """(pattern file, whether to match on a Latin transliteration)."""
    if language == "mk":
        return "mk", False
    if language == "sq":
        return "sq", False
    return "sr-Latn", script == "Cyrl"


# --------------------------------------------------------------------------- transliteration


def to_latin(text: str) -> tuple[str, range | list[int]]:
    """Latin view of Serbian Cyrillic text with the original offset of every Latin character."""
    return latin_view(text, "sr")


def _map_back(cands: list[Candidate], back: Sequence[int], n_orig: int) -> list[Candidate]:
    for c in cands:
        c.start = back[c.start] if c.start < len(back) else n_orig
        c.end = back[c.end - 1] + 1 if c.end - 1 < len(back) else n_orig
    return cands


# --------------------------------------------------------------------------- rules


def rule_candidates(text: str, rs: RuleSet, structure: Structure | None = None) -> list[Candidate]:
    regions = regions_from_structure(structure, text, rs) if structure is not None else regions_from_markers(text, rs)
    cands = match_rules(text, rs, regions)
    if rs.propagate:
        cands += propagate(text, cands, rs.propagate, rs.version)
    return cands


def rule_entities(
    text: str,
    language: str | None = None,
    script: str | None = None,
    structure: Structure | None = None,
    *,
    latin: tuple[str, Sequence[int]] | None = None,
):
    """Rule candidates over a text, in the text's own offsets (before overlap resolution). ``latin``: the
    text's Latin view where the caller has it (``Document.latin``), else it is made here."""
    name, translit = rule_set_for(language, script)
    rs = load_rules(name)
    if translit:
        latin_text, back = latin or to_latin(text)
        return _map_back(rule_candidates(latin_text, rs, None), back, len(text))
    return rule_candidates(text, rs, structure)


# --------------------------------------------------------------------------- model


@cache
def _load_tagger(path: str):
    """The model in a version folder, by its meta's kind: the span corrector or the CRF tagger."""
    import json

    from pipeline.nlp.boundary import KIND, load_corrector
    from pipeline.nlp.tagger import load_tagger

    try:
        meta = json.loads((Path(path) / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    if meta.get("kind") == KIND:
        return load_corrector(Path(path))
    if meta.get("backend") == "transformers":  # spoton train ner --backend transformers
        from pipeline.nlp.transformer_tagger import load

        return load(Path(path))
    return load_tagger(Path(path))


def _model_for(lang_key: str, mdir: str):
    """The active ``ner-<lang>`` version in the registry (promote/rollback change it), or None."""
    from pipeline.train.registry import active_path

    path = active_path(f"ner-{lang_key}")
    return _load_tagger(str(path)) if path is not None else None


def model_lang_key(language: str | None) -> str:
    if language is None or rule_family(language) == "sr":
        return "sr"
    return language


def active_model(language: str | None, use_model: bool = True):
    if not use_model:
        return None
    return _model_for(model_lang_key(language), str(models_dir()))


def _drop_inside(cands: list[Candidate], spans: list[tuple[int, int]]) -> list[Candidate]:
    """Extra labels (DATE, MONEY, ...) give way to any task entity they overlap."""
    if not spans:
        return cands
    spans.sort()
    starts = [s for s, _ in spans]
    out = []
    for c in cands:
        i = bisect.bisect_right(starts, c.end)
        clash = any(spans[j][1] > c.start for j in range(max(0, i - 3), i))
        if not clash:
            out.append(c)
    return out


def find_entities(
    document: Document, structure: Structure | None = None, *, use_model: bool = True
) -> list[EntitySpan]:
    """Entities of a document, non-overlapping, sorted by offset."""
    text = document.text
    if not text:
        return []
    latin = document_latin_view(document, "sr") if rule_set_for(document.language, document.script)[1] else None
    cands = rule_entities(text, document.language, document.script, structure, latin=latin)
    tagger = active_model(document.language, use_model)
    if isinstance(tagger, SpanCorrector):
        return _corrected(document, cands, tagger)
    if tagger is not None and tagger.takeover:
        rule_cands = cands
        cands = [c for c in rule_cands if c.label not in tagger.takeover]
        cands += [c for c in tagger.candidates(text, rule_cands) if c.label in tagger.takeover]
    return _spans(text, *_resolved(cands))


def _resolved(cands: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """Task entities without overlaps, and the extra labels that overlap none of them."""
    task = resolve([c for c in cands if c.label in TASK_LABELS])
    extra = [c for c in cands if c.label not in TASK_LABELS]
    return task, resolve(_drop_inside(extra, [(c.start, c.end) for c in task]))


def _spans(text: str, task: list[Candidate], extra: list[Candidate]) -> list[EntitySpan]:
    out = sorted(task + extra, key=lambda c: (c.start, c.end))
    return [EntitySpan(label=c.label, start=c.start, end=c.end, text=text[c.start : c.end], source=c.source) for c in out]


def _corrected(document: Document, cands: list[Candidate], corrector: SpanCorrector) -> list[EntitySpan]:
    """The rules' entities with the span corrector applied to the task labels it was trained to change.
    Every span of the labels it re-decides is the model's ("model:ner-sr@3": it chose to keep it, or moved its
    edges), as is every span its adder added,
    so the record names the model and a retrained one makes the batch redo the verdict; a span it rejects
    is gone. Latin text only: its features are Latin words (Cyrillic verdicts keep the rules' spans)."""
    text = document.text
    task, extra = _resolved(cands)
    if document.script == "Cyrl" or not corrector.labels:
        return _spans(text, task, extra)
    regions = regions_from_markers(text, load_rules("sr-Latn"))
    spans = [Span(c.label, c.start, c.end, c.source) for c in task]
    source = f"model:{corrector.name}"
    changed = corrector.changed
    fixed = [Candidate(s.label, s.start, s.end, source if s.label in changed else s.source, 0)
             for s in corrector.correct(text, spans, regions)]
    if corrector.added:  # a span the adder found may cover an extra label's (a name the rules called a witness)
        extra = _drop_inside(extra, [(c.start, c.end) for c in fixed])
    return _spans(text, fixed, extra)
