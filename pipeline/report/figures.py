"""Every number of a court-practice report, counted from the records, each with the list of verdicts
(and defendants, charges, victims) behind it for the annex.

What is counted comes from ``resources/report/tables.yaml``: a table counts the values of a codebook
field over a unit (verdict, defendant, charge, victim) or a named derivation (:data:`DERIVATIONS`); a
summary gives the median and quartiles of a number. Values are the codebook's, so a new codebook value
appears in the report without a code change. Nothing here formats text: the renderers do, through
:mod:`pipeline.report.texts`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from pipeline.coding.codebook import codebook
from pipeline.datafiles import load_yaml
from pipeline.errors import ConfigError
from pipeline.nlp.normalize.provisions import normalize_article
from pipeline.report.inputs import Selection, get

UNKNOWN = "unknown"
OTHER = "other"
ALL = "all"
UNITS = ("verdict", "defendant", "charge", "victim")
GRANTED = ("granted", "partly_granted")


@dataclass(frozen=True, order=True)
class Ref:
    """One counted entry: a record (index into the report's records) and, below the verdict, who in it:
    "D1" (first defendant), "D1.C2" (its second charge), "V1" (first victim, pseudonymised)."""

    record: int
    who: str = ""


@dataclass
class Row:
    """One value of a table: its count per group (country in a regional report, else "all")."""

    key: str  # enum value, "yes"/"no", text as written, bin label, "unknown", "other"
    kind: str  # enum | bool | text | derived | unknown | other
    counts: dict[str, int]
    refs: list[Ref]
    drafts: bool = False  # rests on at least one unconfirmed record

    @property
    def count(self) -> int:
        return self.counts.get(ALL, 0)


@dataclass
class Table:
    key: str
    section: str
    unit: str
    field: str | None  # codebook path whose value labels the rows (None: derived labels)
    derive: str | None
    rows: list[Row]
    totals: dict[str, int]  # entries counted, per group (unknown included; multi-valued: entries, not values)
    multi: bool = False  # one entry may count under several rows
    top: int | None = None

    @property
    def total(self) -> int:
        return self.totals.get(ALL, 0)

    @property
    def drafts(self) -> bool:
        return any(row.drafts for row in self.rows)

    def row(self, key: str) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)

    def known_total(self, group: str = ALL) -> int:
        """Entries with a value (not unknown, not outside the table's reach such as 'no range')."""
        return self.totals.get(group, 0) - sum(
            r.counts.get(group, 0) for r in self.rows if r.key in (UNKNOWN, "no_range"))


@dataclass
class Part:
    """The statistics of one number (one currency of an amount), per group, with the entries behind it."""

    key: str  # "" for a plain number, the currency code for an amount
    values: dict[str, list[float]]
    refs: list[Ref]
    drafts: bool = False

    def stats(self, group: str = ALL) -> dict[str, float | int | None]:
        return describe(self.values.get(group, []))


@dataclass
class Summary:
    key: str
    section: str
    unit: str
    parts: list[Part]
    missing: dict[str, int]  # entries without the number, per group

    @property
    def drafts(self) -> bool:
        return any(p.drafts for p in self.parts)


@dataclass
class SentencePoint:
    """A prison sentence set against the statutory range of the offence (for the chart and its table)."""

    ref: Ref
    provision: str  # "ME-KZ 300 st. 1" style short label
    months: float
    low: float
    high: float | None
    to_confirm: bool


@dataclass
class Item:
    """One entry of tables.yaml in report order: a table, a summary, a chart or a narrative sentence."""

    type: str
    key: str
    section: str
    spec: dict[str, Any]


@dataclass
class Figures:
    selection: Selection
    groups: list[str]  # ["all"], or the countries of a regional report then "all"
    regional: bool
    small_cell: int
    items: list[Item]
    tables: dict[str, Table] = field(default_factory=dict)
    summaries: dict[str, Summary] = field(default_factory=dict)
    sentence_points: list[SentencePoint] = field(default_factory=list)
    ranges_to_confirm: list[str] = field(default_factory=list)  # provisions whose range rests on a row to confirm

    @property
    def records(self) -> list[dict[str, Any]]:
        return self.selection.records

    def is_draft(self, ref: Ref) -> bool:
        return not self.selection.confirmed[ref.record]

    def small(self, count: int) -> bool:
        return 0 < count < self.small_cell


def describe(numbers: list[float]) -> dict[str, float | int | None]:
    """n, median, quartiles, mean, minimum and maximum (None where there are no numbers)."""
    if not numbers:
        return {"n": 0, "median": None, "q1": None, "q3": None, "mean": None, "min": None, "max": None}
    ordered = sorted(numbers)
    if len(ordered) >= 2:
        q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    else:
        q1 = q3 = ordered[0]
    return {"n": len(ordered), "median": statistics.median(ordered), "q1": q1, "q3": q3,
            "mean": statistics.fmean(ordered), "min": ordered[0], "max": ordered[-1]}


# --------------------------------------------------------------------------- configuration


@cache
def layout() -> dict[str, Any]:
    """tables.yaml, checked once: every field it names must be in the codebook."""
    data = load_yaml("report/tables.yaml", "report layout")
    cb = codebook()
    for section in data.get("sections") or []:
        for item in section.get("items") or []:
            if item.get("field") and not cb.has_field(item["field"]):
                raise ConfigError(f"report/tables.yaml: {item['key']} names {item['field']}, "
                                  "which is not a codebook field")
            if item.get("unit") and item["unit"] not in UNITS:
                raise ConfigError(f"report/tables.yaml: {item['key']} has unknown unit {item['unit']}")
            if item.get("derive") and item["derive"] not in DERIVATIONS:
                raise ConfigError(f"report/tables.yaml: {item['key']} has unknown derivation {item['derive']}")
    return data


@cache
def statutory_ranges() -> dict[tuple[str, str, str | None], dict[str, Any]]:
    """(code, normalised article, paragraph or None) → {min, max, to_confirm} from statutory_ranges.yaml."""
    data = load_yaml("report/statutory_ranges.yaml", "statutory ranges")
    table: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    for row in data.get("ranges") or []:
        try:
            key = (str(row["code"]), normalize_article(str(row["article"])),
                   str(row["paragraph"]) if row.get("paragraph") is not None else None)
            table[key] = {"min": float(row["min"]), "max": None if row.get("max") is None else float(row["max"]),
                          "to_confirm": bool(row.get("to_confirm"))}
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"report/statutory_ranges.yaml: bad row {row!r} ({exc})") from exc
    return table


def range_for(provision: Any) -> dict[str, Any] | None:
    if not isinstance(provision, dict) or not provision.get("code") or not provision.get("article"):
        return None
    table = statutory_ranges()
    code, article = str(provision["code"]), normalize_article(str(provision["article"]))
    paragraph = provision.get("paragraph")
    return table.get((code, article, str(paragraph) if paragraph else None)) or table.get((code, article, None))


def provision_label(provision: dict[str, Any]) -> str:
    text = f"{provision.get('code') or ''} {provision.get('article') or ''}".strip()
    if provision.get("paragraph"):
        text += f"({provision['paragraph']})"
    return text


# --------------------------------------------------------------------------- units and derivations


def units(records: list[dict[str, Any]], unit: str) -> Iterator[tuple[Ref, Any, dict[str, Any]]]:
    """(ref, the object of the unit, its record) for every verdict, defendant, charge or victim."""
    for index, record in enumerate(records):
        if unit == "verdict":
            yield Ref(index), record, record
        elif unit == "defendant" or unit == "charge":
            for d_index, defendant in enumerate(record.get("defendants") or []):
                if unit == "defendant":
                    yield Ref(index, f"D{d_index + 1}"), defendant, record
                    continue
                for c_index, charge in enumerate(defendant.get("charges") or []):
                    yield Ref(index, f"D{d_index + 1}.C{c_index + 1}"), charge, record
        elif unit == "victim":
            for v_index, victim in enumerate(record.get("victims") or []):
                yield Ref(index, f"V{v_index + 1}"), victim, record


def _date(text: Any) -> dt.date | None:
    if not isinstance(text, str):
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _number(x: Any) -> float | None:
    if isinstance(x, bool) or x is None:
        return None
    try:
        return float(Decimal(str(x)))
    except (InvalidOperation, ValueError):
        return None


def _bin(number: float, bounds: list[int]) -> str:
    """Label of the bin a number falls in: "0–5", "6–11", ..., "120+" (whole units)."""
    label = f"{bounds[-1]}+"
    for low, high in zip(bounds, bounds[1:], strict=False):
        if number < high:
            return f"{low}–{high - 1}" if high - 1 != low else str(low)
    return label


def bin_labels(bounds: list[int]) -> list[str]:
    labels = [f"{low}–{high - 1}" if high - 1 != low else str(low) for low, high in zip(bounds, bounds[1:], strict=False)]
    return [*labels, f"{bounds[-1]}+"]


def defendant_outcome(defendant: dict[str, Any]) -> str | None:
    """CONTRACT.md: convicted when convicted on any charge, else the outcome of the first charge."""
    outcomes = [get(c, "outcome") for c in defendant.get("charges") or []]
    if "convicted" in outcomes:
        return "convicted"
    return outcomes[0] if outcomes and outcomes[0] else None


def unsuspended_prison(defendant: dict[str, Any]) -> bool:
    return get(defendant, "sentence.type") == "prison" and get(defendant, "sentence.suspended") is not True


def prison_months(defendant: dict[str, Any]) -> float | None:
    return _number(get(defendant, "sentence.prison_months")) if unsuspended_prison(defendant) else None


def indictment_to_decision(record: dict[str, Any]) -> float | None:
    case = record.get("case")
    days = _number(get(case, "duration_days"))
    if days is None:
        start, end = _date(get(case, "indictment.date")), _date(get(case, "decision_date"))
        days = float((end - start).days) if start and end else None
    return days if days is not None and days >= 0 else None


def decision_to_final(record: dict[str, Any]) -> float | None:
    case = record.get("case")
    start, end = _date(get(case, "decision_date")), _date(get(case, "final_date"))
    if not start or not end or end < start:
        return None
    return float((end - start).days)


def most_serious_range(defendant: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(provision, range) of the charge the defendant was convicted on whose statutory minimum is highest."""
    best = None
    for charge in defendant.get("charges") or []:
        if get(charge, "outcome") != "convicted":
            continue
        provision = get(charge, "provision")
        found = range_for(provision)
        if found and (best is None or found["min"] > best[1]["min"]):
            best = (provision, found)
    return best


Keys = list[str] | None  # None: the entry is outside the table (not applicable); []: unknown


def _derive_year(record: dict[str, Any], obj: Any) -> Keys:
    date = get(record.get("case"), "decision_date")
    return [date[:4]] if isinstance(date, str) and date[:4].isdigit() else []


def _derive_offence_family(record: dict[str, Any], obj: Any) -> Keys:
    families = get(record.get("case"), "offence_family")
    if isinstance(families, list) and families:
        return [str(f) for f in dict.fromkeys(families)]
    cb = codebook()
    found = []
    charges = [c for d in record.get("defendants") or [] for c in d.get("charges") or []]
    for charge in charges:
        offence = get(charge, "offence_id")
        family = cb.offence_family(offence) if offence else None
        if family and family not in found:
            found.append(family)
    if found:
        return found
    return ["other_offence"] if charges else []


def _per_case(container: str) -> Callable[[dict[str, Any], Any], Keys]:
    def derive(record: dict[str, Any], obj: Any) -> Keys:
        return [_bin(len(record.get(container) or []), layout()["per_case_bins"])]
    return derive


def _derive_defendant_outcome(record: dict[str, Any], obj: Any) -> Keys:
    outcome = defendant_outcome(obj)
    return [outcome] if outcome else []


def _derive_prison_bins(record: dict[str, Any], obj: Any) -> Keys:
    if not unsuspended_prison(obj):
        return None
    months = prison_months(obj)
    return [_bin(months, layout()["prison_bins_months"])] if months is not None else []


def _derive_statutory_range(record: dict[str, Any], obj: Any) -> Keys:
    months = prison_months(obj)
    if months is None:
        return None
    found = most_serious_range(obj)
    if found is None:
        return ["no_range"]
    _, limits = found
    if months < limits["min"]:
        return ["below_minimum"]
    if limits["max"] is not None and months > limits["max"]:
        return ["above_maximum"]
    return ["within_range"]


def _derive_duration_bins(record: dict[str, Any], obj: Any) -> Keys:
    days = indictment_to_decision(record)
    return [_bin(days, layout()["duration_bins_days"])] if days is not None else []


DERIVATIONS: dict[str, Callable[[dict[str, Any], Any], Keys]] = {
    "year": _derive_year,
    "offence_family": _derive_offence_family,
    "defendants_per_verdict": _per_case("defendants"),
    "victims_per_verdict": _per_case("victims"),
    "defendant_outcome": _derive_defendant_outcome,
    "prison_bins": _derive_prison_bins,
    "statutory_range": _derive_statutory_range,
    "indictment_to_decision_bins": _derive_duration_bins,
    # numbers (summaries)
    "prison_months": lambda record, obj: None,
    "indictment_to_decision": lambda record, obj: None,
    "decision_to_final": lambda record, obj: None,
    "awarded_amount": lambda record, obj: None,
}

# rows a derived table always shows, in this order (values with no entries show 0)
_DERIVED_ORDER: dict[str, Callable[[], list[str]]] = {
    "offence_family": lambda: [*codebook().enum("offence_family"), "other_offence"],
    "defendants_per_verdict": lambda: bin_labels(layout()["per_case_bins"]),
    "victims_per_verdict": lambda: bin_labels(layout()["per_case_bins"]),
    "defendant_outcome": lambda: codebook().enum("charge.outcome"),
    "prison_bins": lambda: bin_labels(layout()["prison_bins_months"]),
    "statutory_range": lambda: ["below_minimum", "within_range", "above_maximum", "no_range"],
    "indictment_to_decision_bins": lambda: bin_labels(layout()["duration_bins_days"]),
}


def _number_of(derive: str | None, field_name: str | None, record: dict[str, Any], obj: Any) -> float | None:
    if derive == "prison_months":
        return prison_months(obj)
    if derive == "indictment_to_decision":
        return indictment_to_decision(record)
    if derive == "decision_to_final":
        return decision_to_final(record)
    if field_name:
        holder = record.get("case") if field_name.startswith("case.") else obj
        return _number(get(holder, field_name.split(".", 1)[1]))
    return None


# --------------------------------------------------------------------------- counting


def _group_of(record: dict[str, Any], regional: bool) -> str:
    if not regional:
        return ALL
    return str(get(record.get("case"), "country") or UNKNOWN)


def _field_keys(path: str, obj: Any) -> tuple[Keys, str]:
    """Keys of a codebook field's value, and the kind of its rows (enum, bool, text)."""
    cb = codebook()
    fld = cb.field(path)
    raw = get(obj, fld.name)
    if fld.type == "bool":
        return ([] if raw is None else ["yes" if raw else "no"]), "bool"
    if fld.type == "enum":
        return ([raw] if isinstance(raw, str) and raw in cb.enum(path) else []), "enum"
    if fld.type == "list":
        items = [str(x) for x in raw or [] if x is not None]
        if fld.enum:
            items = [x for x in items if x in cb.enum(path)]
        return list(dict.fromkeys(items)), ("enum" if fld.enum else "text")
    text = " ".join(str(raw).split()) if raw not in (None, "") else None
    return ([text] if text else []), "text"


def count_table(spec: dict[str, Any], section: str, selection: Selection, groups: list[str],
                regional: bool) -> Table:
    unit, path, derive = spec["unit"], spec.get("field"), spec.get("derive")
    counts: dict[str, dict[str, int]] = {}
    refs: dict[str, list[Ref]] = {}
    totals = dict.fromkeys(groups, 0)
    kind = "derived"
    multi = False
    for ref, obj, record in units(selection.records, unit):
        if derive:
            keys = DERIVATIONS[derive](record, obj)
        else:
            keys, kind = _field_keys(path, record.get("case") if unit == "verdict" else obj)
        if keys is None:
            continue
        if len(keys) > 1:
            multi = True
        group = _group_of(record, regional)
        totals[ALL] += 1
        if group != ALL:
            totals[group] = totals.get(group, 0) + 1
        for key in keys or [UNKNOWN]:
            per_group = counts.setdefault(key, {})
            per_group[ALL] = per_group.get(ALL, 0) + 1
            if group != ALL:
                per_group[group] = per_group.get(group, 0) + 1
            refs.setdefault(key, []).append(ref)
    if path and codebook().field(path).type == "list":
        multi = True
    order = _row_order(path, derive, kind, counts, spec.get("top"))
    rows = []
    other_keys = [k for k in counts if k not in order and k != UNKNOWN]
    for key in order:
        rows.append(Row(key, kind, dict(counts.get(key, {})), refs.get(key, [])))
    if other_keys:
        merged: dict[str, int] = {}
        merged_refs: list[Ref] = []
        for key in other_keys:
            for group, n in counts[key].items():
                merged[group] = merged.get(group, 0) + n
            merged_refs.extend(refs[key])
        rows.append(Row(OTHER, OTHER, merged, sorted(set(merged_refs))))
    if UNKNOWN in counts:
        rows.append(Row(UNKNOWN, UNKNOWN, dict(counts[UNKNOWN]), refs[UNKNOWN]))
    if spec.get("zeros") is False:
        rows = [row for row in rows if row.count]
    for row in rows:
        row.drafts = any(not selection.confirmed[r.record] for r in row.refs)
    return Table(spec["key"], section, unit, path, derive, rows, totals, multi, spec.get("top"))


def _row_order(path: str | None, derive: str | None, kind: str, counts: dict[str, dict[str, int]],
               top: int | None) -> list[str]:
    if derive == "year":
        return sorted(k for k in counts if k != UNKNOWN)
    if derive in _DERIVED_ORDER:
        return _DERIVED_ORDER[derive]()
    if kind == "bool":
        return ["yes", "no"]
    if kind == "enum" and path:
        return codebook().enum(path)
    by_count = sorted((k for k in counts if k != UNKNOWN), key=lambda k: (-counts[k].get(ALL, 0), k))
    return by_count[:top] if top else by_count


def count_summary(spec: dict[str, Any], section: str, selection: Selection, groups: list[str],
                  regional: bool) -> Summary:
    unit, derive, path = spec["unit"], spec.get("derive"), spec.get("field")
    parts: dict[str, Part] = {}
    missing = dict.fromkeys(groups, 0)
    for ref, obj, record in units(selection.records, unit):
        group = _group_of(record, regional)
        if derive == "awarded_amount":
            if get(obj, "compensation.outcome") not in GRANTED:
                continue
            money = get(obj, "compensation.awarded")
            amount = _number(money.get("amount")) if isinstance(money, dict) else None
            key = str(money.get("currency") or UNKNOWN) if isinstance(money, dict) else UNKNOWN
        else:
            if derive == "prison_months" and not unsuspended_prison(obj):
                continue
            amount = _number_of(derive, path, record, obj)
            key = ""
        if amount is None:
            missing[ALL] += 1
            if group != ALL:
                missing[group] = missing.get(group, 0) + 1
            continue
        part = parts.setdefault(key, Part(key, {g: [] for g in groups}, []))
        part.values[ALL].append(amount)
        if group != ALL:
            part.values.setdefault(group, []).append(amount)
        part.refs.append(ref)
    if not parts:
        parts[""] = Part("", {g: [] for g in groups}, [])
    for part in parts.values():
        part.drafts = any(not selection.confirmed[r.record] for r in part.refs)
    ordered = sorted(parts.values(), key=lambda p: (-len(p.refs), p.key))
    return Summary(spec["key"], section, unit, ordered, missing)


def compute(selection: Selection, *, regional: bool = False, small_cell: int = 3) -> Figures:
    """Every table, summary and sentence point of the report over the selected records."""
    countries = []
    if regional:
        present = {str(get(r.get("case"), "country") or UNKNOWN) for r in selection.records}
        countries = [c for c in codebook().enum("case.country") if c in present]
        countries += sorted(present - set(countries) - {UNKNOWN}) + ([UNKNOWN] if UNKNOWN in present else [])
    groups = [*countries, ALL]
    items: list[Item] = []
    figures = Figures(selection, groups, regional, small_cell, items)
    for section in layout()["sections"]:
        for spec in section["items"]:
            item = Item(spec["type"], spec["key"], section["key"], spec)
            items.append(item)
            if item.type == "table":
                figures.tables[item.key] = count_table(spec, section["key"], selection, groups, regional)
            elif item.type == "summary":
                figures.summaries[item.key] = count_summary(spec, section["key"], selection, groups, regional)
    to_confirm = set()
    for ref, defendant, _record in units(selection.records, "defendant"):
        months = prison_months(defendant)
        found = most_serious_range(defendant) if months is not None else None
        if found:
            provision, limits = found
            label = provision_label(provision)
            figures.sentence_points.append(
                SentencePoint(ref, label, months, limits["min"], limits["max"], limits["to_confirm"]))
            if limits["to_confirm"]:
                to_confirm.add(label)
    figures.ranges_to_confirm = sorted(to_confirm)
    return figures


# --------------------------------------------------------------------------- figures.json


def _enum_counts(table: Table, values: list[str]) -> dict[str, int]:
    return {v: (table.row(v).count if table.row(v) else 0) for v in values}


def figures_json(figures: Figures, *, language: str, secondary: str | None,
                 drafts_included: bool) -> dict[str, Any]:
    """FILE.figures.json (CONTRACT.md, schema spoton.report/1): the contract's keys, then every table and
    summary of the report under its tables.yaml key."""
    cb = codebook()
    records = figures.records
    tables = figures.tables
    by_year = {r.key: r.count for r in tables["verdicts.by_year"].rows if r.key != UNKNOWN}
    by_country: dict[str, int] = {}
    for record in records:
        country = get(record.get("case"), "country")
        if country:
            by_country[str(country)] = by_country.get(str(country), 0) + 1
    out: dict[str, Any] = {
        "schema": "spoton.report/1",
        "language": language,
        "languages": [language] + ([secondary] if secondary else []),
        "drafts_included": drafts_included,
        "verdicts": len(records),
        "defendants": sum(len(r.get("defendants") or []) for r in records),
        "victims": sum(len(r.get("victims") or []) for r in records),
        "defendant_outcomes": _enum_counts(tables["defendants.outcome"], cb.enum("charge.outcome")),
        "sentence_types": _enum_counts(tables["defendants.sentence_type"], cb.enum("defendant.sentence.type")),
        "compensation_outcomes": _enum_counts(tables["compensation.outcome"],
                                              cb.enum("victim.compensation.outcome")),
        "by_year": by_year,
        "by_country": by_country,
        "charges": sum(len(d.get("charges") or []) for r in records for d in r.get("defendants") or []),
        "records_confirmed": sum(1 for c in figures.selection.confirmed if c),
        "records_draft": figures.selection.drafts,
        "left_out": dict(figures.selection.left_out),
        "regional": figures.regional,
        "groups": figures.groups,
        "small_cell_threshold": figures.small_cell,
        "statutory_ranges_to_confirm": figures.ranges_to_confirm,
        "tables": {},
        "summaries": {},
    }
    for key, table in tables.items():
        entry: dict[str, Any] = {
            "unit": table.unit, "field": table.field, "total": table.total,
            "counts": {row.key: row.count for row in table.rows},
            "multi_valued": table.multi, "draft_based": table.drafts,
            "small_cells": [row.key for row in table.rows if figures.small(row.count)],
        }
        if figures.regional:
            entry["totals_by_group"] = dict(table.totals)
            entry["counts_by_group"] = {g: {row.key: row.counts.get(g, 0) for row in table.rows}
                                        for g in figures.groups if g != ALL}
        out["tables"][key] = entry
    for key, summary in figures.summaries.items():
        parts = {}
        for part in summary.parts:
            stats = part.stats()
            if figures.regional:
                stats = {**stats, "by_group": {g: part.stats(g) for g in figures.groups if g != ALL}}
            parts[part.key or "all"] = {**stats, "draft_based": part.drafts}
        out["summaries"][key] = {"unit": summary.unit, "missing": summary.missing.get(ALL, 0), "parts": parts}
    by_provision: dict[str, dict[str, Any]] = {}
    for point in figures.sentence_points:  # the chart of sentences against the statutory range, as numbers
        entry = by_provision.setdefault(point.provision, {
            "min_months": point.low, "max_months": point.high, "to_confirm": point.to_confirm,
            "sentences": 0, "below_minimum": 0, "above_maximum": 0, "months": []})
        entry["sentences"] += 1
        entry["below_minimum"] += point.months < point.low
        entry["above_maximum"] += point.high is not None and point.months > point.high
        entry["months"].append(point.months)
    for entry in by_provision.values():
        entry["median_months"] = statistics.median(entry.pop("months"))
    out["statutory_range_by_provision"] = by_provision
    below = tables["defendants.statutory_range"]
    out["below_statutory_minimum"] = {
        "count": below.row("below_minimum").count if below.row("below_minimum") else 0,
        "of": below.known_total(),
    }
    return out
