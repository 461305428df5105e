"""Record paths as CONTRACT.md writes them: "case.court", "case.indictment.number",
"defendants[0].sentence.prison_months", "defendants[0].charges[1].outcome", "victims[1].compensation.outcome",
and the list paths "defendants", "defendants[0].charges", "victims", "entities" (add) or "victims[1]" (remove).

Fields are walked in codebook order, which is also the order a careful reviewer reads a record in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pipeline.coding.codebook import codebook

_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\.")
LIST_PATHS = re.compile(r"^(defendants|victims|entities|defendants\[\d+\]\.charges)$")
ITEM_PATHS = re.compile(r"^(defendants|victims|entities|defendants\[\d+\]\.charges)\[(\d+)\]$")
# list container → codebook level of its items
LIST_LEVELS = {"defendants": "defendant", "victims": "victim", "charges": "charge"}


class PathError(ValueError):
    """A path that does not name a field, list or list item of a record."""


def parse(path: str) -> list[str | int]:
    """"defendants[0].sentence.type" → ["defendants", 0, "sentence", "type"]."""
    parts: list[str | int] = []
    pos = 0
    for match in _TOKEN.finditer(path):
        if match.start() != pos:
            raise PathError(f"not a record path: {path!r}")
        pos = match.end()
        if match.group(1):
            parts.append(match.group(1))
        elif match.group(2):
            parts.append(int(match.group(2)))
    if pos != len(path) or not parts:
        raise PathError(f"not a record path: {path!r}")
    return parts


def render(parts: list[str | int]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def resolve(record: dict[str, Any], path: str) -> Any:
    """The object at a path, or KeyError / IndexError when it is not there."""
    node: Any = record
    for part in parse(path):
        node = node[part]
    return node


def get(record: dict[str, Any], path: str, default: Any = None) -> Any:
    try:
        return resolve(record, path)
    except (KeyError, IndexError, TypeError, PathError):
        return default


def is_field(path: str) -> bool:
    """A codebook field (not a list of records): what a "set" change may target."""
    if ".charges[" not in path and path.endswith(".charges"):
        return False
    try:
        parse(path)
    except PathError:
        return False
    return codebook().has_field(path) and codebook().field(path).type != "records"


def set_at(record: dict[str, Any], path: str, value: Any) -> None:
    """Set the object at a path, creating the nested dicts of dotted field names ("sentence") if missing."""
    parts = parse(path)
    node: Any = record
    for part in parts[:-1]:
        if isinstance(part, str) and isinstance(node, dict) and part not in node:
            node[part] = {}
        node = node[part]
    node[parts[-1]] = value


def list_parent(path: str) -> tuple[str, int] | None:
    """"victims[1].name" → ("victims", 1); "defendants[0].charges[2].outcome" → the innermost list."""
    parts = parse(path)
    for i in range(len(parts) - 1, -1, -1):
        if isinstance(parts[i], int):
            return render(parts[:i]), int(parts[i])
    return None


def list_items(path: str) -> list[tuple[str, int]]:
    """Every (list, index) a path lies under, outermost first."""
    parts = parse(path)
    return [(render(parts[:i]), int(parts[i])) for i in range(len(parts)) if isinstance(parts[i], int)]


def is_field_value(obj: Any) -> bool:
    return isinstance(obj, dict) and "value" in obj and "confidence" in obj


def _level_fields(level: str, prefix: str, obj: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for fld in codebook().fields(level):
        if fld.type == "records":
            for ci, child in enumerate(obj.get(fld.name) or []):
                if isinstance(child, dict):
                    yield from _level_fields(fld.child_level or "charge", f"{prefix}.{fld.name}[{ci}]", child)
            continue
        node: Any = obj
        for part in fld.name.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if is_field_value(node):
            yield f"{prefix}.{fld.name}", node


def iter_fields(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, field value) of every codebook field present in a record, in codebook order: the case, then
    each defendant with its charges, then each victim."""
    yield from _level_fields("case", "case", record.get("case") or {})
    for di, defendant in enumerate(record.get("defendants") or []):
        yield from _level_fields("defendant", f"defendants[{di}]", defendant)
    for vi, victim in enumerate(record.get("victims") or []):
        yield from _level_fields("victim", f"victims[{vi}]", victim)


def empty_item(level: str, source: str = "human") -> dict[str, Any]:
    """A new defendant, charge or victim: every codebook field of the level, no value yet."""
    item: dict[str, Any] = {}
    for fld in codebook().fields(level):
        if fld.type == "records":
            item[fld.name] = []
            continue
        fv = {"value": None, "confidence": 0.0, "evidence": [], "source": source, "status": "draft"}
        node = item
        parts = fld.name.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = fv
    return item


def level_of_list(path: str) -> str | None:
    """The codebook level of the items of a list path ("defendants[0].charges" → "charge")."""
    last = parse(path)[-1]
    return LIST_LEVELS.get(last) if isinstance(last, str) else None
