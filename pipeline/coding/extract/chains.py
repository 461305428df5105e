"""Fallback chains, confidences and windows of the extractors, read from ``extraction/chains.yaml``.

What people tune (which rule is tried first, how sure each one is, how far it looks) is data; the code says
how a rule looks. :func:`first` is the one loop that tries the rules of a chain in the file's order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from pipeline.coding.extract import patterns
from pipeline.errors import ConfigError

FILE = "extraction/chains.yaml"
Found = TypeVar("Found")


@dataclass(frozen=True)
class Rule:
    """One rule of a chain: ``source`` is the rule id the field's source names."""

    id: str
    source: str
    confidence: float
    window: int | None = None


@cache
def chain(name: str) -> tuple[Rule, ...]:
    """The rules of chain ``name``, in the order they are tried."""
    entries = (patterns.load("chains").get("chains") or {}).get(name)
    if not entries:
        raise ConfigError(f"{FILE}: no chain {name!r} (key chains.{name})")
    return tuple(
        Rule(str(e["id"]), str(e.get("source") or e["id"]), float(e["confidence"]), e.get("window"))
        for e in entries
    )


def rule(chain_name: str, rule_id: str) -> Rule:
    """One rule of a chain by its id."""
    for r in chain(chain_name):
        if r.id == rule_id:
            return r
    raise ConfigError(f"{FILE}: chain {chain_name!r} has no rule {rule_id!r} (key chains.{chain_name})")


def score(chain_name: str, key: str) -> float:
    """A named adjustment of a chain's confidences (``scores.<chain>.<key>``)."""
    scores = (patterns.load("chains").get("scores") or {}).get(chain_name) or {}
    if key not in scores:
        raise ConfigError(f"{FILE}: no score {key!r} for {chain_name!r} (key scores.{chain_name}.{key})")
    return float(scores[key])


def window(name: str) -> int:
    """Characters of the text view a search or a part of the verdict takes (``windows.<name>``)."""
    windows = patterns.load("chains").get("windows") or {}
    if name not in windows:
        raise ConfigError(f"{FILE}: no window {name!r} (key windows.{name})")
    return int(windows[name])


def first(chain_name: str, attempts: Mapping[str, Callable[[Rule], Found | None]]) -> tuple[Rule, Found] | None:
    """Try the rules of a chain in the file's order, each by its attempt; the first that finds something
    (not None, not empty) wins. Every rule needs an attempt and every attempt a rule: a rule the code does
    not know, or one the file lost, is a configuration error rather than a silent skip."""
    rules = chain(chain_name)
    missing = [r.id for r in rules if r.id not in attempts]
    unknown = sorted(set(attempts) - {r.id for r in rules})
    if missing or unknown:
        raise ConfigError(
            f"{FILE}: chain {chain_name!r}: "
            + "; ".join(
                [f"no extractor for rule(s) {', '.join(missing)}"] * bool(missing)
                + [f"rule(s) {', '.join(unknown)} missing"] * bool(unknown)
            )
            + f" (key chains.{chain_name})"
        )
    for r in rules:
        found = attempts[r.id](r)
        if found:
            return r, found
    return None
