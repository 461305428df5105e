"""Confidences, windows, weights and thresholds of the field extractors, read from ``extraction/tuning.yaml``.

The case-level fallback chains have theirs in ``extraction/chains.yaml`` (:mod:`.chains`); the extractors that
read people, charges, sentences and victims keep theirs here, one section per module, so that how sure a rule
is and how far it looks are tuned in a data file and the code only says how a rule looks. A section is read
when a rule first asks for a value (never at import: a broken file must end in exit 2, not an import error),
then kept as plain dictionaries: the lookups sit in the extractors' inner loops.
"""

from __future__ import annotations

from typing import Any

from pipeline.coding.extract import patterns
from pipeline.errors import ConfigError

FILE = "extraction/tuning.yaml"
_KINDS = {"windows": int, "confidence": float, "weights": float, "thresholds": lambda value: value}


class Tuning:
    """The values of one section (``victims``, ``persons`` ...) of the tuning file."""

    def __init__(self, section: str) -> None:
        self.section = section
        self._values: dict[str, dict[str, Any]] | None = None

    def _value(self, kind: str, name: str) -> Any:
        if self._values is None:
            values = patterns.load("tuning").get(self.section) or {}
            self._values = {k: {n: convert(v) for n, v in (values.get(k) or {}).items()} for k, convert in _KINDS.items()}
        try:
            return self._values[kind][name]
        except KeyError:
            raise ConfigError(
                f"{FILE}: no {kind} value {name!r} for {self.section} (key {self.section}.{kind}.{name})"
            ) from None

    def window(self, name: str) -> int:
        """Characters a search looks before or after what it starts from (``<section>.windows.<name>``)."""
        return self._value("windows", name)

    def confidence(self, name: str) -> float:
        """The confidence of what a rule finds (``<section>.confidence.<name>``)."""
        return self._value("confidence", name)

    def weight(self, name: str) -> float:
        """A factor or adjustment applied to a confidence (``<section>.weights.<name>``)."""
        return self._value("weights", name)

    def threshold(self, name: str) -> float:
        """A limit a value is compared with (``<section>.thresholds.<name>``)."""
        return self._value("thresholds", name)
