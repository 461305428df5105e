"""From a document and its analysis to the three levels of a coding record, built from the codebook.

The extractors return flat dicts keyed by codebook field names ("indictment.number",
"sentence.prison_months"); :func:`nest` turns them into the nested record.json shape and adds every
codebook field the draft did not find (value null, confidence 0), so a record always has every field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.coding.extract import (
    charges,
    court,
    dates,
    flags,
    officials,
    patterns,
    persons,
    sentences,
    victims,
)
from pipeline.coding.extract.context import Context, Span, empty
from pipeline.model import FieldValue
from pipeline.nlp import normalize

Flat = dict[str, Any]


def split(fv: FieldValue, keys: dict[str, str], prefix: str) -> dict[str, FieldValue]:
    """A field found as one dict ({"number", "date", "office"}) → one codebook field per key."""
    out: dict[str, FieldValue] = {}
    for key, name in keys.items():
        v = fv.value.get(key) if isinstance(fv.value, dict) else None
        if v is None:
            out[f"{prefix}.{name}"] = empty()
        else:
            out[f"{prefix}.{name}"] = fv.model_copy(update={"value": v})
    return out


def extract(ctx: Context) -> tuple[Flat, list[Flat], list[Flat]]:
    """(case, defendants, victims) as flat dicts of FieldValue (charges nested as a list)."""
    case: Flat = {}
    case.update(court.language_fields(ctx))
    case.update(court.court(ctx))
    country = case["country"].value
    ctx.currency = patterns.load("common").get("default_currency", {}).get(country)
    case["case_number"] = court.case_number(ctx)
    decided_f = dates.decision_date(ctx)
    case["decision_date"] = decided_f
    decided = dt.date.fromisoformat(decided_f.value) if decided_f.value else None
    case["final_date"] = dates.final_date(ctx)
    ind, office, ind_date = officials.indictment(ctx)
    case.update(split(ind, {"number": "number", "date": "date", "office": "office"}, "indictment"))
    case.update(split(officials.prosecutor(ctx, office), {"office": "office", "person": "name"}, "prosecutor"))
    case["judges"] = officials.judges(ctx)
    case["registrar"] = officials.registrar(ctx)
    case["decision_type"] = flags.decision_type(ctx)
    kind = None
    if case["case_number"].value:
        cn = normalize.parse_case_number(case["case_number"].value)
        kind = getattr(cn, "kind", None)
    case["instance"] = court.instance(ctx, case["court_level"].value, kind)
    case["public_excluded"] = flags.public_excluded(ctx)
    case["organised_group"] = flags.organised_group(ctx)
    case["transnational"] = flags.transnational(ctx)
    costs = flags.costs(ctx)
    if isinstance(costs.value, dict):
        amount = (
            {"amount": costs.value["amount"], "currency": costs.value["currency"]}
            if costs.value.get("amount")
            else None
        )
        case["costs.amount"] = costs.model_copy(update={"value": amount}) if amount else empty()
        borne = costs.value.get("borne_by")
        case["costs.borne_by"] = costs.model_copy(update={"value": borne}) if borne else empty()
    else:
        case["costs.amount"], case["costs.borne_by"] = empty(), empty()
    case["duration_days"] = dates.duration_days(ctx, decided_f, ind_date)

    # ------------------------------------------------------------------ defendants and charges
    people = persons.find_defendants(ctx)
    op = charges.analyse(ctx, people)
    counts = charges.counts(ctx, people, op)
    covered = {i for c in counts for i in c.people}
    if people and len(covered) < len(people):
        for c in charges.intro_counts(ctx, people, op):
            c.people = [i for i in c.people if i not in covered]
            if c.people:
                counts.append(c)
    sentence_rows = sentences.sentence_fields(ctx, people, op, counts, decided, ctx.currency)
    counsel = persons.defense_counsel(ctx, people)
    confess = persons.confession(ctx, people)
    plea = case["decision_type"].value == "plea_agreement_judgment"
    defendants: list[Flat] = []
    charge_cache: dict[int, dict[str, Any]] = {}
    for i, p in enumerate(people):
        d: Flat = persons.personal_fields(ctx, p, decided)
        s = sentence_rows[i] if i < len(sentence_rows) else {}
        if "detention_days" in s:
            d["detention_days"] = s.pop("detention_days")
        d.update(s)
        d["defense_counsel"] = counsel.get(i, empty())
        ev = case["decision_type"].evidence
        d["plea_agreement"] = (
            ctx.field(True, 0.85, [(e.start, e.end) for e in ev], "persons.plea_agreement")
            if plea
            else ctx.field(False, 0.5, [], "persons.plea_agreement")
        )
        if i in confess:
            d["confession"] = confess[i]
        elif plea:
            d["confession"] = ctx.field(True, 0.6, [(e.start, e.end) for e in ev], "persons.confession.plea")
        elif p.paragraph and not p.from_intro_only and case["instance"].value == "first":
            # tried and no confession said: the court records a confession when there is one
            d["confession"] = ctx.field(False, 0.45, [], "persons.confession.none")
        else:
            d["confession"] = empty()
        # lists the operative part was read for: nothing found is an empty list, not "unknown"
        for key in ("sentence.security_measures", "sentence.confiscated_items"):
            if key not in d or d[key].value is None:
                d[key] = ctx.field([], 0.5, [], "sentences.none")
        defendant_charges = []
        for k, c in enumerate(counts):
            if i in c.people:
                if k not in charge_cache:
                    charge_cache[k] = charges.charge_fields(ctx, c, country)
                defendant_charges.append(charge_cache[k])
        d["charges"] = defendant_charges
        _no_sanction(ctx, d, defendant_charges)
        defendants.append(d)

    # ------------------------------------------------------------------ case fields from the charges
    fams, related, spans = _trafficking(ctx, counts, charge_cache, country)
    if related is None:
        case["trafficking_related"], case["offence_family"] = empty(), empty()
    else:
        case["trafficking_related"] = ctx.field(
            related, 0.85 if related else 0.75, spans, "case.trafficking_related"
        )
        case["offence_family"] = ctx.field(fams, 0.85, spans, "case.offence_family") if fams else empty()
    acts = _act_spans(ctx, op, counts)
    period = dates.offence_period(ctx, acts)
    case.update(split(period, {"start": "start", "end": "end"}, "offence_period"))

    # ------------------------------------------------------------------ victims
    found = victims.find_victims(ctx, people)
    victim_rows = victims.victim_fields(ctx, found, counts, people, bool(related))
    _silent_claims(ctx, case, victim_rows)
    return case, defendants, victim_rows


def _silent_claims(ctx: Context, case: Flat, victim_rows: list[Flat]) -> None:
    """Where a victim claims compensation only by joining the trial as civil claimant (Albanian
    "paditëse civile"; ``victims.yaml: silence_is_not_claimed``), a first-instance judgment that says
    nothing of a claim for a victim means none was made: outcome not_claimed, claimed false."""
    silent = (patterns.load(victims.RULE_FILE).get("silence_is_not_claimed") or {}).get(ctx.family)
    if not silent or case["instance"].value != "first":
        return
    if case["decision_type"].value not in ("judgment", "plea_agreement_judgment"):
        return
    for row in victim_rows:
        outcome, claimed = row.get("compensation.outcome"), row.get("compensation.claimed")
        if (outcome is None or outcome.value is None) and (claimed is None or claimed.value is None):
            spans = [(e.start, e.end) for e in row["name"].evidence][:1]  # the victim it is said of
            row["compensation.outcome"] = ctx.field("not_claimed", 0.45, spans, "victims.compensation.silent")
            row["compensation.claimed"] = ctx.field(False, 0.45, spans, "victims.compensation.silent")


_NOT_CONVICTED = {"acquitted", "charges_rejected", "discontinued"}


def _no_sanction(ctx: Context, d: Flat, defendant_charges: list[dict[str, Any]]) -> None:
    """A defendant acquitted (charges rejected, proceedings discontinued) on every count has no sanction:
    sentence.type none, unless the operative part still gives one (a sanction phrase was found)."""
    cur = d.get("sentence.type")
    if cur is not None and cur.value is not None:
        return
    outcomes = [c.get("outcome") for c in defendant_charges]
    if not outcomes or any(o is None or o.value not in _NOT_CONVICTED for o in outcomes):
        return
    spans = [(e.start, e.end) for o in outcomes for e in o.evidence[:1]]
    conf = min(o.confidence for o in outcomes) * 0.9
    d["sentence.type"] = ctx.field("none", conf, spans, "sentences.type.not_convicted")


def _trafficking(
    ctx: Context, counts: list[charges.Count], cache: dict[int, dict[str, Any]], country: str | None
) -> tuple[list[str], bool | None, list[Span]]:
    """Families of the trafficking table the charges fall under, in the order of the charges."""
    cb = charges._codebook()
    if cb is None:
        return [], None, []
    fams: list[str] = []
    spans: list[Span] = []
    seen = False
    for _k, fields in sorted(cache.items()):
        prov = fields.get("provision")
        if prov is None or prov.value is None:
            continue
        seen = True
        oid = cb.trafficking_offence(prov.value.get("code"), prov.value.get("article") or "", country)
        if oid:
            fam = cb.offence_family(oid)
            if fam and fam not in fams:
                fams.append(fam)
            spans += [(e.start, e.end) for e in prov.evidence[:1]]
    if not seen:
        return fams, None, []
    return fams, bool(fams), spans


def _act_spans(ctx: Context, op: charges.Operative, counts: list[charges.Count]) -> list[Span]:
    """Original spans of the act descriptions: from the outcome (or previous clause) to each clause."""
    out: list[Span] = []
    prev = None
    for cs, _ce, _cond in op.clauses:
        start = max(prev if prev is not None else -1, charges._last_before(op, cs))
        if start < cs:
            out.append(ctx.orig_span(start, cs))
        prev = _ce
    return out


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
