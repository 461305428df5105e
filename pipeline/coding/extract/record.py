"""From a document and its analysis to the three levels of a coding record, driven by the codebook.

Every codebook field names the registered step that drafts it (``extractor:`` in codebook.yaml), every level
below the case the step that lists its records (``items:``); :func:`extract` runs them in codebook order
through one :class:`~pipeline.coding.extract.registry.Runner`, which runs each step once and its declared
needs first. The result is flat dicts keyed by codebook field names ("indictment.number",
"sentence.prison_months"); :func:`nest` turns them into the nested record.json shape and adds every codebook
field the draft did not find (value null, confidence 0), so a record always has every field.

The steps register themselves where they are written (court, dates, officials, flags for the case; persons,
charges, sentences, victims for the records below it): importing those modules here is what makes the
registry complete.
"""

from __future__ import annotations

from typing import Any

from pipeline.coding.codebook import Codebook, codebook
from pipeline.coding.extract import (  # noqa: F401  (importing a module registers its steps)
    charges,
    court,
    dates,
    flags,
    officials,
    persons,
    sentences,
    victims,
)
from pipeline.coding.extract.context import Context, empty
from pipeline.coding.extract.registry import Item, Runner, registered
from pipeline.errors import ConfigError
from pipeline.model import FieldValue

Flat = dict[str, Any]


def extract(ctx: Context, cb: Codebook | None = None) -> tuple[Flat, list[Flat], list[Flat]]:
    """(case, defendants, victims) as flat dicts of FieldValue (a defendant's charges nested as a list)."""
    cb = cb or codebook()
    check(cb)
    runner = Runner(ctx)
    case = fields(cb, "case", runner)
    defendants = [fields(cb, "defendant", runner, item) for item in items(cb, "defendant", runner)]
    victim_rows = [fields(cb, "victim", runner, item) for item in items(cb, "victim", runner)]
    return case, defendants, victim_rows


def fields(cb: Codebook, level: str, runner: Runner, item: Item | None = None) -> Flat:
    """The fields of one record of ``level`` (the case: ``item`` None), each from its codebook extractor;
    a field of type records holds the records of its child level (a defendant's charges)."""
    flat: Flat = {}
    for fld in cb.fields(level):
        if fld.type == "records":
            flat[fld.name] = [fields(cb, str(fld.child_level), runner, child)
                              for child in items(cb, str(fld.child_level), runner, item)]
            continue
        if fld.extractor is None:
            continue  # filled by people in review only: nest() gives it empty
        out = runner.run(fld.extractor, item)
        flat[fld.name] = out.get(fld.name, empty()) if isinstance(out, dict) else out
    return flat


def items(cb: Codebook, level: str, runner: Runner, parent: Item | None = None) -> list[Item]:
    """The records of ``level`` its items step finds (a list, or a dict number → record)."""
    step = cb.level_items.get(level)
    if step is None:
        raise ConfigError(f"codebook.yaml: level {level!r} names no `items` step (the step listing its records).")
    found = runner.run(step, parent)
    entries = found.items() if isinstance(found, dict) else enumerate(found)
    return [Item(level, index, value, parent) for index, value in entries]


_CHECKED: set[int] = set()


def check(cb: Codebook) -> None:
    """Every extractor and items step the codebook names is registered (ConfigError naming the first that
    is not); checked once per codebook."""
    if id(cb) in _CHECKED:
        return
    for fld in cb.all_fields():
        if fld.extractor is not None:
            try:
                registered(fld.extractor)
            except ConfigError as exc:
                raise ConfigError(f"codebook.yaml: field {fld.path}: {exc}") from None
    for step in cb.level_items.values():
        if step is not None:
            registered(step)
    _CHECKED.add(id(cb))


# --------------------------------------------------------------------------- codebook shape


def nest(cb: Any, level: str, flat: Flat) -> dict[str, Any]:
    """Nested record part with every field of ``level`` (missing ones empty); unknown keys dropped."""
    out: dict[str, Any] = {}
    for fld in cb.fields(level):
        name = fld.name
        if fld.type == "records":
            items = flat.get(name) or []
            value: Any = [nest(cb, fld.child_level, item) for item in items]
        else:
            value = flat.get(name)
            if not isinstance(value, FieldValue):
                value = empty()
            if value.value is not None and fld.type == "enum" and fld.enum:
                allowed = cb.enums.get(fld.enum, {})
                if allowed and value.value not in allowed:
                    value = value.model_copy(update={"value": "other"}) if "other" in allowed else empty()
        parts = name.split(".")
        node = out
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value
    return out
