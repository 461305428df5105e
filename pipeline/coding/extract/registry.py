"""Extractors registered by name, as spaCy's registry names the components of a pipeline.

An extractor module registers each step that finds something with :func:`extractor` under a dotted name
("case.judges"). The codebook names the extractor of each field (``extractor:`` in codebook.yaml) and the
step that lists the records of each level (``items:``); the record builder
(:mod:`pipeline.coding.extract.record`) runs what the codebook asks for, once per document or once per record.
A step may need what other steps found (``needs``): the prosecutor needs the office that indicted, the instance
needs the court level and the case number. :class:`Runner` runs those first, each once, and hands the step
their results (``found``) and only theirs, so a dependency nobody declared fails at once instead of depending
on the order of the codebook.

A step returns a :class:`~pipeline.model.FieldValue` (the field whose ``extractor`` it is), or a dict: codebook
field names of its level → FieldValue, and any other key for the steps that need it (the indictment's office
with its span for the prosecutor).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pipeline.coding.extract.context import Context
from pipeline.errors import ConfigError

Found = Mapping[str, Any]
Step = TypeVar("Step", bound=Callable[..., Any])


@dataclass(frozen=True)
class Item:
    """One record of a level under extraction (a defendant, a charge, a victim): ``index`` is its number
    among the level's records of the document, ``value`` what the level's items step found (a Person, a
    Count, a Victim), ``parent`` the record it belongs to (a charge's defendant)."""

    level: str
    index: int
    value: Any
    parent: Item | None = None


@dataclass(frozen=True)
class Extractor:
    """A registered step: ``run(ctx, found)``, or ``run(ctx, found, item)`` when ``per_item``."""

    name: str
    run: Callable[..., Any]
    needs: tuple[str, ...] = ()
    per_item: bool = False


_REGISTRY: dict[str, Extractor] = {}


def extractor(name: str, *, needs: Sequence[str] = (), per_item: bool = False) -> Callable[[Step], Step]:
    """Register the decorated function as the step ``name``; ``needs``: the steps whose results it reads
    (``found[need]``); ``per_item``: it runs once for each record of its level and gets the :class:`Item`."""

    def register(func: Step) -> Step:
        old = _REGISTRY.get(name)
        if old is not None and (old.run.__module__, old.run.__qualname__) != (func.__module__, func.__qualname__):
            raise ValueError(
                f"two extractors are registered as {name!r}: {old.run.__module__}.{old.run.__qualname__} "
                f"and {func.__module__}.{func.__qualname__}"
            )
        _REGISTRY[name] = Extractor(name, func, tuple(needs), per_item)
        return func

    return register


def registered(name: str) -> Extractor:
    """The step registered as ``name``; a name nobody registered is a configuration error (the codebook or a
    ``needs`` names it)."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ConfigError(
            f"No extractor is registered as {name!r} (named in codebook.yaml or in the needs of a step); "
            f"registered: {', '.join(sorted(_REGISTRY))}."
        ) from None


def names() -> list[str]:
    return sorted(_REGISTRY)


class Runner:
    """Runs the steps of one document: each once (once per record for per-record steps), its needs first."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._done: dict[tuple[str, str | None, int | None], Any] = {}
        self._running: list[str] = []

    def run(self, name: str, item: Item | None = None) -> Any:
        step = registered(name)
        if step.per_item and item is None:
            raise ConfigError(f"The extractor {name!r} runs per record; a document-level step cannot need it.")
        key = (name, item.level, item.index) if step.per_item and item is not None else (name, None, None)
        if key in self._done:
            return self._done[key]
        if name in self._running:
            raise ConfigError(f"Extractors need each other in a circle: {' -> '.join([*self._running, name])}.")
        self._running.append(name)
        try:
            found = {need: self.run(need, item if step.per_item else None) for need in step.needs}
            out = step.run(self.ctx, found, item) if step.per_item else step.run(self.ctx, found)
        finally:
            self._running.pop()
        self._done[key] = out
        return out
