"""Flat tables of coding records, for records.parquet and for statistics in pandas.

:func:`record_rows` gives one row per defendant x charge (a defendant without charges still gets one
row; a verdict without defendants one row with the case fields). Columns are codebook field paths:
``case.court``, ``case.indictment.number``, ``defendant.name``, ``defendant.sentence.prison_months``,
``charge.provision.article`` ... Money becomes ``<path>.amount`` (a number) and ``<path>.currency``; a
provision becomes ``<path>.code/.article/.paragraph/.item``; a list becomes one text, items joined by
"; ". Victims are summarised on every row (how many, how many minors, whether compensation was
granted); :func:`victim_rows` gives one row per victim, with names pseudonymised (V1, V2, ...) by
default because the codebook marks them so. Works on a :class:`~pipeline.model.Record` or on the
record.json dict.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from pipeline.coding.codebook import codebook
from pipeline.model import RecordLike

SEP = "; "
GRANTED = ("granted", "partly_granted")


def _dump(record: RecordLike) -> dict[str, Any]:
    if hasattr(record, "model_dump"):
        return record.model_dump(by_alias=True, mode="json")
    return record


def _value(fv: Any) -> Any:
    if isinstance(fv, dict) and "value" in fv and "confidence" in fv:
        return fv["value"]
    if hasattr(fv, "value") and hasattr(fv, "confidence"):
        return fv.value
    return fv


def _get(obj: dict[str, Any] | None, dotted: str) -> Any:
    node: Any = obj or {}
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return _value(node)


def _amount(x: Any) -> float | None:
    try:
        return float(Decimal(str(x)))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _provision_text(p: Any) -> str:
    if not isinstance(p, dict):
        return str(p)
    parts = [p.get("code") or "", f"art. {p.get('article')}" if p.get("article") else ""]
    if p.get("paragraph"):
        parts.append(f"para. {p['paragraph']}")
    if p.get("item"):
        parts.append(f"item {p['item']}")
    return " ".join(x for x in parts if x)


def _cells(path: str, ftype: str, items: str | None, value: Any) -> dict[str, Any]:
    """The column(s) of one field."""
    if ftype == "money":
        v = value if isinstance(value, dict) else {}
        return {f"{path}.amount": _amount(v.get("amount")), f"{path}.currency": v.get("currency")}
    if ftype == "provision":
        v = value if isinstance(value, dict) else {}
        return {f"{path}.{k}": v.get(k) for k in ("code", "article", "paragraph", "item")}
    if ftype == "list":
        if value is None:
            return {path: None}
        if items == "provision":
            return {path: SEP.join(_provision_text(x) for x in value)}
        if items == "money":
            return {
                path: SEP.join(f"{x.get('amount')} {x.get('currency')}" for x in value if isinstance(x, dict))
            }
        return {path: SEP.join(str(x) for x in value)}
    if ftype == "number" and value is not None:
        return {path: float(value)}
    return {path: value}


def _level_cells(
    level: str, prefix: str, obj: dict[str, Any] | None, *, pseudonyms: dict[str, str] | None = None
) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for fld in codebook().fields(level):
        if fld.type == "records":
            continue
        value = _get(obj, fld.name)
        if pseudonyms is not None and fld.export == "pseudonymised" and value is not None:
            value = pseudonyms.get(str(value), value)
        row.update(_cells(f"{prefix}.{fld.name}", fld.type, fld.items, value))
    return row


def _meta(rec: dict[str, Any]) -> dict[str, Any]:
    src = rec.get("source") or {}
    return {
        "document_id": rec.get("document_id"),
        "source.path": src.get("path"),
        "source.format": src.get("format"),
        "pipeline_version": rec.get("pipeline_version"),
        "codebook_version": codebook().version,
    }


def _victim_summary(rec: dict[str, Any]) -> dict[str, Any]:
    victims = rec.get("victims") or []
    outcomes = [_get(v, "compensation.outcome") for v in victims]
    known = [o for o in outcomes if o]
    return {
        "victims.count": len(victims),
        "victims.minors": sum(1 for v in victims if _get(v, "minor") is True),
        "victims.female": sum(1 for v in victims if _get(v, "sex") == "female"),
        "victims.compensation_claimed": sum(1 for v in victims if _get(v, "compensation.claimed") is True),
        "victims.compensation_granted": any(o in GRANTED for o in known) if known else None,
        "victims.compensation_outcomes": SEP.join(sorted(set(known))) if known else None,
        "victims.exploitation": SEP.join(
            sorted({x for v in victims for x in (_get(v, "exploitation") or [])})
        )
        or None,
    }


def record_rows(record: RecordLike) -> list[dict[str, Any]]:
    """One row per defendant x charge of a record (see the module docstring)."""
    rec = _dump(record)
    base = _meta(rec)
    base.update(_level_cells("case", "case", rec.get("case")))
    base.update(_victim_summary(rec))
    rows: list[dict[str, Any]] = []
    defendants = rec.get("defendants") or []
    empty_def = _level_cells("defendant", "defendant", None)
    empty_charge = _level_cells("charge", "charge", None)
    if not defendants:
        rows.append({**base, "defendant.index": None, **empty_def, "charge.index": None, **empty_charge})
        return rows
    for di, d in enumerate(defendants):
        dcells = _level_cells("defendant", "defendant", d)
        charges = d.get("charges") or []
        if not charges:
            rows.append({**base, "defendant.index": di, **dcells, "charge.index": None, **empty_charge})
            continue
        for ci, c in enumerate(charges):
            rows.append(
                {
                    **base,
                    "defendant.index": di,
                    **dcells,
                    "charge.index": ci,
                    **_level_cells("charge", "charge", c),
                }
            )
    return rows


def victim_rows(record: RecordLike, *, pseudonymise: bool = True) -> list[dict[str, Any]]:
    """One row per victim. Names the codebook exports pseudonymised become V1, V2, ... (stable within a
    record, in the order of the victims); ``pseudonymise=False`` keeps them as written."""
    rec = _dump(record)
    victims = rec.get("victims") or []
    pseudonyms = None
    if pseudonymise:
        pseudonyms = {}
        for i, v in enumerate(victims):
            name = _get(v, "name")
            if name is not None:
                pseudonyms.setdefault(str(name), f"V{len(pseudonyms) + 1}")
            else:
                pseudonyms.setdefault(f"__{i}", f"V{len(pseudonyms) + 1}")
    base = {
        **_meta(rec),
        "case.court": _get(rec.get("case"), "court"),
        "case.case_number": _get(rec.get("case"), "case_number"),
    }
    rows = []
    for i, v in enumerate(victims):
        cells = _level_cells("victim", "victim", v, pseudonyms=pseudonyms)
        if pseudonyms is not None and cells.get("victim.name") is None:
            cells["victim.name"] = pseudonyms.get(f"__{i}")
        rows.append({**base, "victim.index": i, **cells})
    return rows


__all__ = ["record_rows", "victim_rows"]
