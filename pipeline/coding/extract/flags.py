"""Case flags read from phrases of the introduction and the operative part: the kind of decision, public
excluded, organised group, transnational, and the costs of the proceedings."""

from __future__ import annotations

from typing import Any

from pipeline.coding.codebook import codebook
from pipeline.coding.extract import chains, patterns
from pipeline.coding.extract.context import Context, Span, empty
from pipeline.coding.extract.registry import Found, extractor
from pipeline.model import FieldValue
from pipeline.nlp import normalize

RULE_FILE = "case"  # pipeline/resources/extraction/case.yaml


@extractor("case.decision_type")
def decision_type(ctx: Context, found: Found) -> FieldValue:
    lab = patterns.labelled(RULE_FILE, "decision_type", ctx.family)
    if lab is None:
        return empty()
    rx, labels = lab
    # plea agreement anywhere in the introduction or operative part wins over the heading
    op0 = ctx.operative[0][0] if ctx.operative else ctx.intro[1]
    head_end = min(len(ctx.view), op0 + chains.window("decision_heading_after_operative"))
    hits: dict[str, list[Span]] = {}
    for m in rx.finditer(ctx.view, ctx.intro[0], head_end):
        hits.setdefault(patterns.label_of(m, labels), []).append(ctx.ospan(m))
    if ctx.operative:
        o0, o1 = ctx.operative[0]
        for m in rx.finditer(ctx.view, o0, min(o1, o0 + chains.window("plea_agreement_in_operative"))):
            if patterns.label_of(m, labels) == "plea_agreement_judgment":
                hits.setdefault("plea_agreement_judgment", []).append(ctx.ospan(m))
    if "plea_agreement_judgment" in hits and "judgment" in hits:
        return ctx.field(
            "plea_agreement_judgment",
            chains.score("case.decision_type", "plea_agreement"),
            hits["plea_agreement_judgment"][:2],
            "case.decision_type",
        )
    # the heading of the operative part decides between judgment and decision
    heading = _operative_heading(ctx)
    if heading:
        m = rx.search(ctx.view, *heading)
        if m:
            lab_ = patterns.label_of(m, labels)
            if lab_ != "plea_agreement_judgment":
                return ctx.field(lab_, chains.score("case.decision_type", "heading"), [ctx.ospan(m)], "case.decision_type")
    for lab_ in ("judgment", "decision"):
        if lab_ in hits:
            return ctx.field(lab_, chains.score("case.decision_type", "mentioned"), hits[lab_][:1], "case.decision_type")
    return empty()


def _operative_heading(ctx: Context) -> Span | None:
    if not ctx.has_structure or not ctx.operative:
        return None
    o0, _ = ctx.operative[0]
    # the heading is the line that opens the operative part (it may sit just before it)
    line_start = ctx.view.rfind("\n", 0, o0) + 1 if o0 > 0 and ctx.view[o0 - 1] != "\n" else o0
    end = ctx.view.find("\n", o0)
    longest = chains.window("operative_heading_line")
    if end < 0 or end - line_start > longest:
        end = min(len(ctx.view), o0 + longest)
    return line_start, end


def _flag(
    ctx: Context,
    key: str,
    parts: list[Span],
    rule: str,
    negative_key: str | None = None,
    default_false: bool = True,
) -> FieldValue:
    rx = patterns.phrases(RULE_FILE, key, ctx.family)
    if rx is not None:
        for p0, p1 in parts:
            m = rx.search(ctx.view, p0, p1)
            if m:
                return ctx.field(True, chains.score("case.flags", "phrase"), [ctx.ospan(m)], rule)
    if negative_key:
        neg = patterns.phrases(RULE_FILE, negative_key, ctx.family)
        if neg is not None:
            for p0, p1 in parts:
                m = neg.search(ctx.view, p0, p1)
                if m:
                    return ctx.field(False, chains.score("case.flags", "negative_phrase"), [ctx.ospan(m)], rule)
    return ctx.field(False, chains.score("case.flags", "no_phrase"), [], rule) if default_false else empty()


@extractor("case.public_excluded")
def public_excluded(ctx: Context, found: Found) -> FieldValue:
    return _flag(
        ctx,
        "public_excluded",
        [(0, len(ctx.view))],
        "case.public_excluded",
        "public_hearing",
        default_false=False,
    )


@extractor("case.organised_group")
def organised_group(ctx: Context, found: Found) -> FieldValue:
    return _flag(ctx, "organised_group", [*ctx.operative, ctx.intro], "case.organised_group")


@extractor("case.transnational")
def transnational(ctx: Context, found: Found) -> FieldValue:
    # Albanian decisions describe the acts in the reasons
    parts = [*ctx.operative, *ctx.reasoning] if ctx.family == "sq" else [*ctx.operative]
    return _flag(ctx, "transnational", parts, "case.transnational")


@extractor("case.costs", needs=("case.currency",))
def costs(ctx: Context, found: Found) -> dict[str, FieldValue]:
    """costs.amount (money) and costs.borne_by, from the operative sentence on the costs of the
    proceedings."""
    finding = _costs(ctx)
    if not isinstance(finding.value, dict):
        return {"costs.amount": empty(), "costs.borne_by": empty()}
    value = finding.value
    amount = {"amount": value["amount"], "currency": value["currency"]} if value.get("amount") else None
    borne = value.get("borne_by")
    return {
        "costs.amount": finding.model_copy(update={"value": amount}) if amount else empty(),
        "costs.borne_by": finding.model_copy(update={"value": borne}) if borne else empty(),
    }


def _costs(ctx: Context) -> FieldValue:
    """{"amount", "currency", "borne_by"} of the costs sentence."""
    word = patterns.phrases(RULE_FILE, "costs_sentence", ctx.family)
    lab = patterns.labelled(RULE_FILE, "costs_borne", ctx.family)
    if word is None:
        return empty()
    for o0, o1 in ctx.operative:
        for m in word.finditer(ctx.view, o0, o1):
            s0, s1 = ctx.sentence_view_span(m.start())
            s0, s1 = max(s0, o0), min(s1, o1)
            borne = None
            span_b = None
            if lab is not None:
                rx, labels = lab
                bm = rx.search(ctx.view, s0, s1)
                if bm:
                    borne = patterns.label_of(bm, labels)
                    span_b = ctx.ospan(bm)
            # a sentence a page break cut in two goes on in small letters
            n0, n1 = ctx.sentence_view_span(min(len(ctx.view) - 1, s1 + 1))
            if n0 >= s1 and n1 <= o1 and ctx.view[n0 : n0 + 1].islower():
                s1 = n1
            os_, oe = ctx.orig_span(s0, s1)
            money = normalize.find_money(ctx.unwrapped[os_:oe], ctx.currency) or []
            if borne is None and not money:
                continue
            value: dict[str, Any] = {"amount": None, "currency": None, "borne_by": borne}
            spans = [span_b] if span_b else []
            if money:
                a, b, mo = money[0]
                value["amount"] = str(mo.amount)
                value["currency"] = mo.currency
                spans.append((os_ + a, os_ + b))
            conf = chains.score("case.costs", "amount_and_borne_by" if borne and money else "one_of_them")
            return ctx.field(value, conf, spans or [(os_, oe)], "case.costs")
    return empty()


@extractor("case.trafficking", needs=("charges.by_count", "case.court"))
def trafficking(ctx: Context, found: Found) -> dict[str, FieldValue]:
    """trafficking_related and offence_family: the families of the trafficking table (statutes.yaml) the
    charges fall under, in the order of the charges; unknown when no charge has a provision."""
    country = found["case.court"]["country"].value
    cb = codebook()
    fams: list[str] = []
    spans: list[Span] = []
    seen = False
    for _k, fields in sorted(found["charges.by_count"].items()):
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
        return {"trafficking_related": empty(), "offence_family": empty()}
    related = bool(fams)
    return {
        "trafficking_related": ctx.field(
            related, chains.score("case.trafficking", "related" if related else "not_related"), spans,
            "case.trafficking_related",
        ),
        "offence_family": (
            ctx.field(fams, chains.score("case.trafficking", "family"), spans, "case.offence_family")
            if fams
            else empty()
        ),
    }
