"""Reading the data files under pipeline/resources (patterns, lexicons, rules): one loader for all stages.

Behaviour lives in these files so that people can tune it; a broken file is a configuration error (exit 2)
that names the file and the key, never a crash in the middle of a batch. Every rule file has a pydantic model
here (:data:`SCHEMAS`): the keys the code reads, with their types, checked when the file is loaded. The models
check and do not convert: callers get the parsed mapping as written.

``SPOTON_RESOURCES`` points the loader at another copy of the resources folder (tests break a copy of one
file there; a deployment can tune a copy without touching the installed package).
"""

from __future__ import annotations

import fnmatch
import os
import re
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from pipeline.errors import ConfigError

RESOURCES_ENV = "SPOTON_RESOURCES"
PACKAGE_RESOURCES = Path(__file__).resolve().parent / "resources"

# libyaml's parser where PyYAML was built with it: the 31 resource files parse in 0.07 s instead of
# 0.53 s, paid by every worker and every CLI start
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_LOADER):  # type: ignore[misc, valid-type]
    """A key written twice in one mapping is an error, not a silent override: merging two branches that each
    added the same flag left the second line winning and switched a language's rule off unnoticed."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, (str, int, float, bool)):
                continue
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"key {key!r} is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_yaml(text: str) -> Any:
    """``yaml.safe_load`` with the C parser when available (same results, same errors), refusing a key
    written twice in one mapping."""
    return yaml.load(text, Loader=_UniqueKeyLoader)


def resources_dir() -> Path:
    """The resources folder: ``$SPOTON_RESOURCES`` when set, else the one shipped in the package."""
    override = os.environ.get(RESOURCES_ENV)
    return Path(override) if override else PACKAGE_RESOURCES


# --------------------------------------------------------------------------- the rule files' models


class _RuleFile(BaseModel):
    # keys the code does not read yet (notes, new rules) are allowed; those it reads are checked
    model_config = ConfigDict(extra="allow")


class _Pattern(_RuleFile):
    id: str
    regex: str


class _ChainRule(_RuleFile):
    id: str
    source: str | None = None
    confidence: float = Field(ge=0, le=1)
    window: int | None = Field(default=None, gt=0)


class _Marker(_RuleFile):
    name: str
    pattern: str
    weights: dict[str, float]


class _Tuning(BaseModel):
    """One extractor's section of extraction/tuning.yaml: its values by what they are."""

    model_config = ConfigDict(extra="forbid")  # a misspelt kind ("window:") would be read as nothing
    windows: dict[str, int] = {}
    confidence: dict[str, Annotated[float, Field(ge=0, le=1)]] = {}
    weights: dict[str, float] = {}
    thresholds: dict[str, float] = {}


def _model(name: str, **keys: Any) -> type[BaseModel]:
    """A rule file's model: each key required with its type (a ``(type, default)`` pair: optional)."""
    fields = {k: (v if isinstance(v, tuple) else (v, ...)) for k, v in keys.items()}
    return create_model(name, __base__=_RuleFile, **fields)


_EXTRACTION = {"version": int, "macros": (dict[str, str], {}), "spaced_lists": (list, [])}
_TOKENIZER = {"abbreviations": list, "glued": list, "keep": list, "may_end": list, "after_number": list,
              "inherit": (str, "")}

# glob of the path under resources/ -> model; the first match wins
SCHEMAS: dict[str, type[BaseModel]] = {
    "codebook.yaml": _model("Codebook", languages=list[str], statutes=str, types=dict, levels=dict, enums=dict,
                            fields=dict),
    "checks/verdict.yaml": _model("VerdictChecks", verdict_languages=list, not_a_verdict=dict, extensions=dict,
                                  messages=dict),
    "encodings.yaml": _model("Encodings", candidates=list[str], fallback_detector=(bool, True),
                             expected_letters=str, expected_symbols=str, scores=dict[str, float],
                             min_expected_share=float),
    "extraction/chains.yaml": _model("ExtractionChains", version=int, windows=dict[str, int],
                                     chains=dict[str, list[_ChainRule]], scores=dict[str, dict[str, float]]),
    "extraction/case.yaml": _model("CaseRules", **_EXTRACTION, decision_verb=dict, judges_panel=dict,
                                   judge_single=dict, registrar=dict, indictment=dict, decision_type=dict,
                                   instance=dict, court_kinds=dict, signature_fuzzy_ratio=int),
    "extraction/charges.yaml": _model("ChargeRules", **_EXTRACTION, outcome=dict, clause=dict,
                                      offence_quotes=list),
    "extraction/common.yaml": _model("CommonRules", **_EXTRACTION, not_name_words=list[str],
                                     default_currency=dict[str, str], name_case=dict,
                                     masculine_vowel_names=list[str], fleeting_a_names=list[str],
                                     endings=dict, office_endings=dict),
    "extraction/persons.yaml": _model("PersonRules", **_EXTRACTION, paragraph=dict, mention=dict, counsel=dict,
                                      sex=dict, birth=dict, confession=dict),
    "extraction/sentences.yaml": _model("SentenceRules", **_EXTRACTION, sanction=dict, probation=dict,
                                        confiscation=dict, security_measure=dict),
    "extraction/tuning.yaml": _model("ExtractorTuning", version=int, context=_Tuning, names=_Tuning,
                                     persons=_Tuning, charges=_Tuning, sentences=_Tuning, victims=_Tuning),
    "extraction/victims.yaml": _model("VictimRules", **_EXTRACTION, mention=dict, sex=dict, minor=dict,
                                      exploitation=dict, compensation_outcome=dict),
    "language.yaml": _model("LanguageRules", lingua_languages=dict[str, str], family=list[str], sample_chars=int,
                            sample_windows=int, marker_head_chars=int, marker_sample_chars=int,
                            page_sample_chars=int, min_letters=int, variants=dict, markers=list[_Marker]),
    "language_map.yaml": _model("LanguageMap", languages=dict[str, dict[str, str]]),
    "lexicons/case_registers.yaml": _model("CaseRegisters", version=int, registers=list, marks=dict),
    "lexicons/courts.yaml": _model("Courts", version=int, sr=dict, mk=dict, sq=dict),
    "lexicons/currencies.yaml": _model("Currencies", version=int, currencies=dict, amount_cues=dict),
    "lexicons/durations.yaml": _model("Durations", version=int, units=dict),
    "lexicons/months.yaml": _model("Months", version=int, months=dict, year_range=list[int]),
    "lexicons/numbers.yaml": _model("Numbers", version=int, values=dict),
    "lexicons/provisions.yaml": _model("Provisions", version=int, article_words=dict, codes=dict, countries=dict),
    "lexicons/statutes.yaml": _model("Statutes", version=int, offences=list, general_part=dict, code_names=dict),
    "ocr.yaml": _model("OcrSettings", tesseract=dict, analysis=dict, deskew=dict, orientation=dict, quality=dict,
                       text_layer=dict, initials=(dict, {})),
    "ocr_languages.yaml": _model("OcrLanguages", by_script=dict[str, str], script_aliases=dict,
                                 by_language=dict, min_letters_to_narrow=int,
                                 reread_first_page=(dict[str, str], {})),
    "page_furniture.yaml": _model("PageFurniture", zone_lines=int, zone_fraction=float, min_pages=int,
                                  min_share=float, fuzzy_ratio=float, min_letters=int, page_number=dict,
                                  paragraph_across_pages=dict[str, str]),
    "patterns/*.yaml": _model("EntityPatterns", language=str, version=int, macros=(dict[str, str], {}),
                              patterns=list[_Pattern], regions=(dict, {}), propagate=(list, [])),
    "sections.yaml": _model("Sections", version=int, names=list[str], order=dict, headings=dict, signatures=dict,
                            introduction_min_chars=int),
    "sentence_tags.yaml": _model("SentenceTags", version=int, tags=dict),
    "tokenizer/*.yaml": _model("TokenizerRules", **_TOKENIZER),
    "translit.yaml": _model("Transliteration", common=dict, languages=dict, default=str),
}


def schema_for(relpath: str) -> type[BaseModel] | None:
    for pattern, model in SCHEMAS.items():
        if fnmatch.fnmatchcase(relpath, pattern):
            return model
    return None


def rule_files() -> list[str]:
    """Every rule file the pipeline reads (the paths under resources/ that have a model)."""
    root = resources_dir()
    return sorted(rel for rel in (p.relative_to(root).as_posix() for p in root.rglob("*.yaml"))
                  if schema_for(rel) is not None)


def _key(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


_WHAT = {"codebook.yaml": "codebook file", "lexicons/": "word list", "patterns/": "pattern file",
         "tokenizer/": "tokenizer rules", "extraction/": "extraction rules", "checks/": "verdict check file"}


def _what(relpath: str) -> str:
    return next((what for prefix, what in _WHAT.items() if relpath.startswith(prefix)), "rule file")


def load_yaml(relpath: str, what: str | None = None) -> dict[str, Any]:
    """``resources/<relpath>`` parsed once per process and checked against its model; must be a mapping at the
    top level. Any problem is a :class:`ConfigError` naming the file (and the key, for a wrong value);
    ``what`` says what kind of file it is in that message."""
    try:
        return _load(relpath)
    except _Broken as exc:
        raise ConfigError(f"{what or _what(relpath)} {relpath}{exc}") from exc.__cause__


class _Broken(Exception):
    """What is wrong with a file (the message goes after its name)."""


@cache
def _load(relpath: str) -> dict[str, Any]:
    path = resources_dir() / relpath
    try:
        data = parse_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _Broken(f" cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise _Broken(" must be a mapping at the top level")
    model = schema_for(relpath)
    if model is not None:
        try:
            model.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(f"key {_key(err['loc'])}: {err['msg']}" for err in exc.errors()[:5])
            raise _Broken(f": {problems}") from exc
    return data


def check_all() -> None:
    """Load every rule file once (commands call it at start: a broken file stops them before any document)."""
    for relpath in rule_files():
        load_yaml(relpath)


# --------------------------------------------------------------------------- macros in rule files

_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


def expand_macros(text: str, macros: dict[str, str], depth: int = 0) -> str:
    """``{NAME}`` replaced by the macro of that name, recursively (entity patterns and extraction rules alike);
    anything else in braces (a regex quantifier such as ``{2}``) is left as it is."""
    if depth > 12:
        raise ConfigError("rule file macros nest too deeply (a macro refers to itself?)")

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        return expand_macros(macros[name], macros, depth + 1) if name in macros else m.group(0)

    return _MACRO.sub(sub, text)
