"""Which rules and which tokenizer a verdict language reads: one map for every stage
(``resources/language_map.yaml``), so that a language added there reaches sections, entities, extraction and
the tokenizer alike."""

from __future__ import annotations

from functools import cache

from pipeline.datafiles import load_yaml

MAP_FILE = "language_map.yaml"
FAMILIES = ("sr", "mk", "sq")


@cache
def _languages() -> dict[str, dict[str, str]]:
    return {str(lang).lower(): dict(entry or {}) for lang, entry in load_yaml(MAP_FILE)["languages"].items()}


def rule_family(language: str | None) -> str | None:
    """Rule family ("sr", "mk", "sq") of a verdict language; None when unknown."""
    return _languages().get((language or "").lower(), {}).get("family")


def spacy_language(language: str | None) -> str:
    """spaCy language code for a verdict language; unknown languages get the multi-language tokenizer."""
    return _languages().get((language or "").lower(), {}).get("spacy", "xx")


def members(family: str) -> frozenset[str]:
    """The languages whose rules are those of ``family`` ("sr": sr, cnr, me, hr, bs, sh)."""
    return frozenset(lang for lang, entry in _languages().items() if entry.get("family") == family)
