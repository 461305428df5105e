"""Sentence tags (conviction, sentence, compensation outcome, exploitation, ...) from rules as data.

Rules live in ``resources/sentence_tags.yaml``: per tag, a scope (parts of the verdict) and regular
expressions per language family, matched on the folded sentence (see
:mod:`pipeline.nlp.structure_rules`). Where a trained sentence classifier is installed under
the registry's active ``sentence-tags`` version it labels the sentences the rules left untagged (see :func:`load_classifier`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.languages import FAMILIES
from pipeline.nlp.structure_rules import fold, fold_pattern, load_resource

ANY = "any"
UNSCOPED = "body"  # text of a part the sections did not recognise: every tag may apply there


@dataclass(frozen=True, slots=True)
class TagRule:
    name: str
    scope: frozenset[str] | None  # None: any part
    pattern: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    # literal pieces of text one of which every match contains; a sentence without any of them is
    # skipped without running the expression (Python's re is slow on alternations). None: always run.
    triggers: tuple[str, ...] | None = None


_META = set("\\()[]{}?*+.|^$")
_MIN_TRIGGER = 3


def _literal_prefix(alt: str) -> str | None:
    """The literal text an alternative starts with ("\\bosudjuje\\b" -> "osudjuje"), if long enough."""
    i = 0
    while alt.startswith(("\\b", "^"), i):
        i += 1 if alt[i] == "^" else 2
    out = []
    while i < len(alt) and alt[i] not in _META:
        out.append(alt[i])
        i += 1
    if i < len(alt) and alt[i] in "?*{" and out:
        out.pop()  # the last letter is optional
    lit = "".join(out)
    return lit if len(lit) >= _MIN_TRIGGER else None


def _split_top(pattern: str, sep: str = "|") -> list[str] | None:
    """Split at top-level ``|`` (not inside groups or classes); None if the pattern is unbalanced."""
    parts, depth, cls, cur, i = [], 0, False, [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            cur.append(pattern[i : i + 2])
            i += 2
            continue
        if cls:
            cls = c != "]"
        elif c == "[":
            cls = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts if depth == 0 else None


def _closing(body: str) -> int:
    """Index of the parenthesis closing the group that opens ``body``."""
    depth = 0
    for j, c in enumerate(body):
        depth += c == "("
        depth -= c == ")"
        if depth == 0:
            return j
    return len(body)


def triggers_of(pattern: str) -> list[str] | None:
    """Literal texts one of which any match of ``pattern`` contains; None when we cannot tell."""
    alts = _split_top(pattern)
    if alts is None:
        return None
    out: list[str] = []
    for alt in alts:
        body = alt
        while body.startswith(("\\b", "^")):
            body = body[1:] if body[0] == "^" else body[2:]
        if body.startswith("(?:"):
            # a leading group of alternatives: "(?:saslušan\\w*|saslušao)\\b.{0,60}..."
            j = _closing(body)
            inner = _split_top(body[3:j])
            if inner is None or body[j + 1 : j + 2] in ("?", "*", "{"):
                return None
            lits = [_literal_prefix(x) for x in inner]
            if any(lit is None for lit in lits):
                return None
            out += [lit for lit in lits if lit]
            continue
        lit = _literal_prefix(body)
        if lit is None:
            return None
        out.append(lit)
    return out


def _compile(patterns: Sequence[str], tag: str) -> re.Pattern[str] | None:
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(
            f"sentence_tags.yaml: a pattern of tag '{tag}' is not a valid expression: {exc}"
        ) from exc


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
        pats = [fold_pattern(str(p)) for f in fams for p in spec.get(f) or []]
        unless = [fold_pattern(str(p)) for f in fams for p in (spec.get("unless") or {}).get(f) or []]
        trig: list[str] | None = []
        for p in pats:
            t = triggers_of(p)
            if t is None or trig is None:
                trig = None
            else:
                trig += t
        triggers = tuple(sorted(set(trig))) if trig is not None else None
        rules.append(TagRule(name, scope, _compile(pats, name), _compile(unless, name), triggers))
    return tuple(rules)


def tag_names() -> list[str]:
    """Every tag the rules can give, in file order (for the review form and the record builder)."""
    return list((load_resource("sentence_tags.yaml").get("tags") or {}).keys())


def tag_sentence(text: str, section: str, family: str | None) -> list[str]:
    """Tags of one sentence (its text as in the document) lying in ``section``."""
    return _tag_folded(fold(text), section, tag_rules(family))


def _tag_folded(folded: str, section: str, rules: Sequence[TagRule]) -> list[str]:
    out: list[str] = []
    for rule in rules:
        if rule.pattern is None or (rule.scope is not None and section not in rule.scope):
            continue
        if rule.triggers is not None and not any(t in folded for t in rule.triggers):
            continue
        if rule.pattern.search(folded) and not (rule.unless and rule.unless.search(folded)):
            out.append(rule.name)
    return out


def tag_sentences(texts: Sequence[str], sections: Sequence[str], family: str | None) -> list[list[str]]:
    """Tags of many sentences of one document: rules whose trigger words are absent are skipped."""
    folded = [fold(t) for t in texts]
    whole = "\n".join(folded)
    rules = [r for r in tag_rules(family) if r.triggers is None or any(t in whole for t in r.triggers)]
    return [_tag_folded(f, s, rules) for f, s in zip(folded, sections, strict=True)]


# --------------------------------------------------------------------------- optional trained classifier

Classifier = Callable[[list[str], list[str]], list[list[str]]]  # (texts, sections) -> labels per text


def models_dir() -> Path:
    """Where trained models live: $SPOTON_MODELS, else models/ at the repository root."""
    from pipeline.train.registry import models_root

    return models_root()


@cache
def load_classifier(path: str | None = None) -> Classifier | None:
    """The active sentence-tag classifier (models/sentence-tags/<version>/), or None when none is active.

    The model is a spaCy textcat pipeline (``spacy.load``: no pickles, so a model directory from
    elsewhere cannot run code) with ``meta.json``; ``spoton.json`` next to it may set a "threshold"
    (default 0.5). Sentences are fed as "section: text", as the training function writes them.
    """
    if path:
        root = Path(path)
    else:
        from pipeline.train.registry import active_path

        found = active_path("sentence-tags")  # the registry's active version
        if found is None:
            return None
        root = found
    if not (root / "meta.json").is_file():
        return None
    if (root / "spacy" / "meta.json").is_file():
        root = root / "spacy"  # a registry version: its meta.json is the registry's, spaCy's is inside
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
