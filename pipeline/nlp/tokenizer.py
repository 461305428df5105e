"""spaCy tokenizers for verdicts in Serbian/Montenegrin, Croatian/Bosnian, Macedonian and Albanian.

A blank spaCy language per verdict language, taught the legal abbreviations ("čl.", "K.br.", "чл.",
"sh.p.k.") and the token shapes of citations ("čl.388" → "čl." "388", "418-а", "110/a", "K.br.4/15",
"28.07.2021.") from ``resources/tokenizer/<lang>.yaml``, so that people can extend the lists without
touching code. One tokenizer per language per process (cached).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import spacy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex

from pipeline.datafiles import load_yaml
from pipeline.errors import ConfigError
from pipeline.languages import spacy_language

# spaCy language code -> tokenizer rule file (verdict language -> spaCy code: resources/language_map.yaml)
RULE_FILE = {"sr": "sr", "hr": "hr", "mk": "mk", "sq": "sq"}
# list-valued keys of the rule files; a language file adds to common.yaml and to what it inherits
_LIST_KEYS = ("abbreviations", "glued", "infixes", "keep", "may_end", "after_number")


def spacy_lang(lang: str | None) -> str:
    """spaCy language code for a verdict language; unknown languages get the multi-language tokenizer."""
    return spacy_language(lang)


@cache
def tokenizer_rules(lang: str) -> dict[str, Any]:
    """Merged tokenizer rules for a spaCy language code: common.yaml + <lang>.yaml (+ what it inherits)."""
    merged: dict[str, Any] = {key: [] for key in _LIST_KEYS}
    chain = ["common"]
    name = RULE_FILE.get(lang)
    stack = []
    while name:
        stack.append(name)
        name = _read(name).get("inherit")
    chain += reversed(stack)
    for part in chain:
        data = _read(part)
        for key in _LIST_KEYS:
            merged[key] += list(data.get(key) or [])
        if data.get("url"):
            merged["url"] = data["url"]
    return merged


def _compile(pattern: str, code: str, what: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"bad '{what}' pattern in tokenizer rules for {code}: {exc}") from exc


@cache
def _read(name: str) -> dict[str, Any]:
    return load_yaml(f"tokenizer/{name}.yaml", "tokenizer rules")


def _variants(text: str) -> set[str]:
    """The abbreviation as written, capitalised, and in capitals ("čl." "Čl." "ČL.")."""
    return {text, text[:1].upper() + text[1:], text.upper()}


@cache
def make_nlp(lang: str | None) -> Language:
    """A blank spaCy pipeline with the verdict tokenizer for ``lang`` (sr, cnr, bs, hr, mk, sq; else "xx").

    Cached per language and process: callers must not add pipes to the returned object; use
    :func:`new_nlp` for a private copy to build a pipeline on.
    """
    return new_nlp(lang)


def new_nlp(lang: str | None) -> Language:
    """A fresh (uncached) blank pipeline with the verdict tokenizer."""
    code = spacy_lang(lang)
    nlp = spacy.blank(code)
    rules = tokenizer_rules(code)
    tok = nlp.tokenizer
    for item in rules["abbreviations"]:
        text = item["text"] if isinstance(item, dict) else str(item)
        norm = item.get("norm") if isinstance(item, dict) else None
        for variant in _variants(text):
            attrs: dict[Any, str] = {ORTH: variant}
            if norm:
                attrs[NORM] = norm
            tok.add_special_case(variant, [attrs])
    glued = sorted({v for g in rules["glued"] for v in _variants(g)}, key=len, reverse=True)
    if glued:
        glued_re = "(?:" + "|".join(re.escape(g) for g in glued) + r")(?=\d)"
        prefixes = [glued_re, *nlp.Defaults.prefixes]
        tok.prefix_search = compile_prefix_regex(prefixes).search
    if rules["infixes"]:
        infixes = [*rules["infixes"], *nlp.Defaults.infixes]
        tok.infix_finditer = compile_infix_regex(infixes).finditer
    if rules.get("url"):
        tok.url_match = _compile(rules["url"], code, "url").match
    if rules["keep"]:
        keep = "(?:" + "|".join(f"(?:{k})" for k in rules["keep"]) + r")\Z"
        tok.token_match = _compile(keep, code, "keep").match
    return nlp
