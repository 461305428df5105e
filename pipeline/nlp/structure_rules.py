"""Loading the structure rule files and "folding" text for comparison with them.

Folding makes headings and phrases comparable across case, script and accents: "O b r a z l o ž e n j e",
"ОБРАЗЛОЖЕЊЕ" and "Obrazlozenje" all fold to "obrazlozenje". The character map is data
(``resources/sections.yaml``, key ``fold``), so Latin/Cyrillic spelling variants are fixed there.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from pipeline.errors import ConfigError

# verdict language -> family whose rules apply (None: unknown, use the rules of every family)
FAMILY = {"sr": "sr", "cnr": "sr", "me": "sr", "hr": "sr", "bs": "sr", "mk": "mk", "sq": "sq"}
FAMILIES = ("sr", "mk", "sq")

_SPACED = re.compile(r"(?<!\S)(?:\w[ \t]){3,}\w(?!\w)")
_NON_ALNUM = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")


def family(lang: str | None) -> str | None:
    """Rule family of a verdict language: "sr" (also cnr, hr, bs), "mk", "sq"; None if unknown."""
    return FAMILY.get((lang or "").lower())


@cache
def load_resource(name: str) -> dict[str, Any]:
    """A YAML file from pipeline/resources, parsed once per process."""
    path = resources.files("pipeline") / "resources" / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read rule file {name}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"rule file {name} must be a mapping at the top level")
    return data


@cache
def _fold_table() -> dict[int, str]:
    fold = load_resource("sections.yaml").get("fold") or {}
    table: dict[int, str] = {}
    for src, dst in fold.items():
        src, dst = str(src), str(dst)
        table[ord(src)] = dst
        up = src.upper()
        if len(up) == 1 and up != src:
            table[ord(up)] = dst
    return table


def join_spaced(text: str) -> str:
    """Join letters written spaced out for emphasis: "O S U Đ U J E" -> "OSUĐUJE" (4+ letters)."""
    return _SPACED.sub(lambda m: m.group(0).replace(" ", "").replace("\t", ""), text)


def fold(text: str) -> str:
    """Small letters, spaced-out words joined, Cyrillic as Latin, no accents, single spaces."""
    return _SPACES.sub(" ", join_spaced(text).lower().translate(_fold_table())).strip()


def fold_key(text: str) -> str:
    """Folded, and without spaces or punctuation: the form headings are compared in."""
    return _NON_ALNUM.sub("", text.lower().translate(_fold_table()))


def fold_pattern(pattern: str) -> str:
    """A regular expression written with accents/Cyrillic, rewritten to match folded text.

    Only non-ASCII letters are mapped (both cases), so regex syntax such as ``\\S`` is untouched;
    compile the result with ``re.IGNORECASE``.
    """
    return pattern.translate(_fold_table())
