"""Sentence tags (conviction, sentence, compensation outcome, exploitation, ...) from rules as data.

Rules live in ``resources/sentence_tags.yaml``: per tag, a scope (parts of the verdict) and regular
expressions per language family, matched on the folded sentence (see
:mod:`pipeline.nlp.structure_rules`). Where a trained sentence classifier is installed under
``models/sentence-tags/`` it labels the sentences the rules left untagged (see :func:`load_classifier`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.nlp.structure_rules import FAMILIES, fold, fold_pattern, load_resource

ANY = "any"
UNSCOPED = "body"  # text of a part the sections did not recognise: every tag may apply there


@dataclass(frozen=True, slots=True)
class TagRule:
    name: str
    scope: frozenset[str] | None  # None: any part
    pattern: re.Pattern[str] | None
    unless: re.Pattern[str] | None


def _compile(patterns: Sequence[str], tag: str) -> re.Pattern[str] | None:
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{fold_pattern(str(p))})" for p in patterns), re.IGNORECASE | re.MULTILINE)
    except re.error as exc:
        raise ConfigError(f"sentence_tags.yaml: a pattern of tag '{tag}' is not a valid expression: {exc}") from exc


@cache
def tag_rules(family: str | None) -> tuple[TagRule, ...]:
    """Compiled tag rules for "sr", "mk", "sq", or every family at once (unknown language)."""
    data = load_resource("sentence_tags.yaml")
    fams = [family] if family else list(FAMILIES)
    rules: list[TagRule] = []
    for name, spec in (data.get("tags") or {}).items():
        if not isinstance(spec, dict):
            raise ConfigError(f"sentence_tags.yaml: tag '{name}' must be a mapping")
        scope_raw = spec.get("scope", ANY)
        scope = None if scope_raw == ANY else frozenset([*scope_raw, UNSCOPED])
        pats = [p for f in fams for p in spec.get(f) or []]
        unless = [p for f in fams for p in (spec.get("unless") or {}).get(f) or []]
        rules.append(TagRule(name, scope, _compile(pats, name), _compile(unless, name)))
    return tuple(rules)


def tag_names() -> list[str]:
    """Every tag the rules can give, in file order (for the review form and the record builder)."""
    return list((load_resource("sentence_tags.yaml").get("tags") or {}).keys())


def tag_sentence(text: str, section: str, family: str | None) -> list[str]:
    """Tags of one sentence (its text as in the document) lying in ``section``."""
    folded = fold(text)
    out: list[str] = []
    for rule in tag_rules(family):
        if rule.pattern is None or (rule.scope is not None and section not in rule.scope):
            continue
        if rule.pattern.search(folded) and not (rule.unless and rule.unless.search(folded)):
            out.append(rule.name)
    return out


# --------------------------------------------------------------------------- optional trained classifier

Classifier = Callable[[list[str], list[str]], list[list[str]]]  # (texts, sections) -> labels per text


def models_dir() -> Path:
    """Where trained models live: $SPOTON_MODELS, else models/ at the repository root."""
    env = os.environ.get("SPOTON_MODELS")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "models"


@cache
def load_classifier(path: str | None = None) -> Classifier | None:
    """The sentence-tag classifier in models/sentence-tags/, or None when none is installed.

    The model is a spaCy textcat pipeline (``spacy.load``: no pickles, so a model directory from
    elsewhere cannot run code) with ``meta.json``; ``spoton.json`` next to it may set a "threshold"
    (default 0.5). Sentences are fed as "section: text", as the training function writes them.
    """
    root = Path(path) if path else models_dir() / "sentence-tags"
    if not (root / "meta.json").is_file():
        return None
    import spacy

    try:
        nlp = spacy.load(root)
    except Exception as exc:  # a broken model must not be silently ignored
        raise ConfigError(f"cannot load the sentence tag model in {root}: {exc}") from exc
    threshold = 0.5
    extra = root / "spoton.json"
    if extra.is_file():
        threshold = float(json.loads(extra.read_text(encoding="utf-8")).get("threshold", 0.5))

    def classify(texts: list[str], sections: list[str]) -> list[list[str]]:
        docs = nlp.pipe([f"{s}: {t}" for t, s in zip(texts, sections, strict=True)], batch_size=64)
        return [sorted(k for k, v in d.cats.items() if v >= threshold) for d in docs]

    return classify
