"""Confidences, windows, weights and thresholds of the field extractors, read from ``extraction/tuning.yaml``.

The case-level fallback chains have theirs in ``extraction/chains.yaml`` (:mod:`.chains`); the extractors that
read people, charges, sentences and victims keep theirs here, one section per module, so that how sure a rule
is and how far it looks are tuned in a data file and the code only says how a rule looks. A value is read when
the rule runs (never at import: a broken file must end in exit 2, not an import error); each lookup is cached.
"""

from __future__ import annotations

from functools import cache

from pipeline.coding.extract import patterns
from pipeline.errors import ConfigError

FILE = "extraction/tuning.yaml"


@cache
def _value(section: str, kind: str, name: str) -> float:
    values = (patterns.load("tuning").get(section) or {}).get(kind) or {}
    if name not in values:
        raise ConfigError(f"{FILE}: no {kind} value {name!r} for {section} (key {section}.{kind}.{name})")
    return values[name]


class Tuning:
    """The values of one section (``victims``, ``persons`` ...) of the tuning file."""

    def __init__(self, section: str) -> None:
        self.section = section

    def window(self, name: str) -> int:
        """Characters a search looks before or after what it starts from (``<section>.windows.<name>``)."""
        return int(_value(self.section, "windows", name))

    def confidence(self, name: str) -> float:
        """The confidence of what a rule finds (``<section>.confidence.<name>``)."""
        return float(_value(self.section, "confidence", name))

    def weight(self, name: str) -> float:
        """A factor or adjustment applied to a confidence (``<section>.weights.<name>``)."""
        return float(_value(self.section, "weights", name))

    def threshold(self, name: str) -> float:
        """A limit a value is compared with (``<section>.thresholds.<name>``)."""
        return _value(self.section, "thresholds", name)
