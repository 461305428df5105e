"""Case fields read from the header and the court: the deciding court (its level and country), the court's
case number, the instance, and the language and script of the verdict."""

from __future__ import annotations

import re
from typing import Any

from pipeline.coding.extract import chains, patterns
from pipeline.coding.extract.chains import Rule
from pipeline.coding.extract.context import Context, Span, agree, empty
from pipeline.coding.extract.registry import Found, extractor
from pipeline.model import FieldValue
from pipeline.nlp import normalize
from pipeline.text.fold import name_key

RULE_FILE = "case"  # pipeline/resources/extraction/case.yaml


@extractor("case.court")
def court(ctx: Context, found: Found) -> dict[str, FieldValue]:
    """Deciding court: the first court of the header/introduction; the signature block confirms it."""
    intro = ctx.orig_span(*ctx.intro)
    sig = ctx.orig_span(*ctx.signatures)
    def confidence(rule_id: str) -> float:
        return chains.rule("case.court", rule_id).confidence

    by_place = {
        "intro": confidence("case.court.entity.introduction"),
        "sig": confidence("case.court.entity.signatures"),
        "other": confidence("case.court.entity.elsewhere"),
    }
    cands: list[tuple[Any, int, int, float, str]] = []
    for e in ctx.entities_of("COURT"):
        c = normalize.normalize_court(e.text)
        if c is None:
            continue
        place = (
            "intro" if intro[0] <= e.start < intro[1] else "sig" if sig[0] <= e.start < sig[1] else "other"
        )
        cands.append((c, e.start, e.end, by_place[place], place))
    if not any(p == "intro" for *_, p in cands):
        for c in normalize.find_courts(ctx.unwrapped[intro[0] : intro[1]]) or []:
            cands.append((c, intro[0] + c.start, intro[0] + c.end, confidence("case.court.introduction"), "intro"))
            break
    if not any(p == "sig" for *_, p in cands):
        for c in normalize.find_courts(ctx.unwrapped[sig[0] : sig[1]]) or []:
            cands.append((c, sig[0] + c.start, sig[0] + c.end, confidence("case.court.signatures"), "sig"))
    if not cands:
        return _court_fallback(ctx)
    order = {"intro": 0, "sig": 1, "other": 2}
    cands.sort(key=lambda x: (order[x[4]], x[1]))
    best = cands[0][0]
    same = [c for c in cands if c[0].name == best.name]
    other = [c for c in cands if c[0].name != best.name and c[4] != "other"]
    conf = agree(c[3] for c in same) + chains.score("case.court", "disagreeing_mention") * len(other)
    share = chains.score("case.court", "level_and_country")
    spans = [(c[1], c[2]) for c in same[:3]]
    out = {"court": ctx.field(best.name, conf, spans, "case.court")}
    out["court_level"] = (
        ctx.field(best.level, conf * share, spans[:1], "case.court_level") if best.level else empty()
    )
    out["country"] = (
        ctx.field(best.country, conf * share, spans[:1], "case.country") if best.country else empty()
    )
    return out


def _court_fallback(ctx: Context) -> dict[str, FieldValue]:
    """ "<kind> sud u <place>" for courts the court normaliser does not know (Croatian, Bosnian)."""
    none = {"court": empty(), "court_level": empty(), "country": empty()}
    rx = patterns.pattern(RULE_FILE, "court_fallback", ctx.family)
    if rx is None:
        return none
    kinds = patterns.mapping(RULE_FILE, "court_kinds")
    i0, i1 = ctx.intro
    rule = chains.rule("case.court", "case.court.fallback")
    for m in rx.finditer(ctx.view, 0, max(i1, min(len(ctx.view), chains.window("court_fallback")))):
        kind = kinds.get(name_key(m.group("k")))
        if kind is None:
            continue
        s, e = ctx.ospan(m)
        words = ctx.text[s:e].split()
        name = " ".join(
            [words[0][:1].upper() + words[0][1:].lower(), words[1].lower(), words[2].lower()]
            + [w[:1].upper() + w[1:].lower() for w in words[3:]]
        )
        out = {"court": ctx.field(name, rule.confidence, [(s, e)], rule.source)}
        out["court_level"] = (
            ctx.field(kind.get("level"), chains.score("case.court", "fallback_level"), [(s, e)], "case.court_level") if kind.get("level") else empty()
        )
        out["country"] = (
            ctx.field(kind.get("country"), chains.score("case.court", "fallback_country"), [(s, e)], "case.country") if kind.get("country") else empty()
        )
        return out
    return none


@extractor("case.case_number")
def case_number(ctx: Context, found: Found) -> FieldValue:
    """The court's own number (not the prosecutor's Kt/КО) from the header; repeated mentions agree. The
    rules are tried in the order of the chain ``case.case_number`` (extraction/chains.yaml)."""
    s, e = ctx.orig_span(*ctx.intro)
    hit = chains.first(
        "case.case_number",
        {
            "case.case_number.introduction": lambda rule: _header_number(ctx, rule, s, e),
            # the number may stand above the introduction in a header the structure did not see
            "case.case_number.top": lambda rule: _header_number(ctx, rule, 0, rule.window or 0),
            "case.case_number.fallback": lambda rule: _fallback_number(ctx, rule),
            "case.case_number.entity": lambda rule: _entity_number(ctx, rule),
        },
    )
    return hit[1] if hit else empty()


def _header_number(ctx: Context, rule: Rule, s: int, e: int) -> FieldValue | None:
    numbers = [c for c in (normalize.find_case_numbers(ctx.unwrapped[s:e]) or []) if c.kind != "prosecutor"]
    if not numbers:
        return None
    # an Albanian header gives the register number and the decision's own number: the case is the register's
    numbers = [c for c in numbers if c.kind != "decision"] or numbers

    # a number standing on its own line is the verdict's header (web pages repeat it in titles)
    def alone(c: Any) -> bool:
        a, b = s + c.start, s + c.end
        ls = ctx.text.rfind("\n", 0, a) + 1
        le = ctx.text.find("\n", b)
        line = ctx.text[ls : le if le >= 0 else len(ctx.text)]
        rest = line.replace(ctx.text[a:b], " ")
        return len(re.sub(r"(?i)(?:posl|посл)\w*\.?|broj|број|br\.|бр\.|nr\.|i regj\.? themeltar|[:#\s]", "", rest)) <= 3

    best = next((c for c in numbers if alone(c)), numbers[0])
    a = s + best.start
    lead = re.match(r"(?i:(?:posl|посл)\w*\.?\s*(?:br\.?|broj|бр\.?|број)\s*:?\s*)", ctx.text[a : s + best.end])
    spans = [(a + (lead.end() if lead else 0), s + best.end)]
    conf = rule.confidence if best.register else chains.score("case.case_number", "without_register")
    return ctx.field(ctx.text[spans[0][0] : spans[0][1]], conf, spans, rule.source)


def _fallback_number(ctx: Context, rule: Rule) -> FieldValue | None:
    fb = patterns.pattern(RULE_FILE, "case_number_fallback", ctx.family)
    m = fb.search(ctx.view, 0, min(len(ctx.view), rule.window or 0)) if fb is not None else None
    if not m:
        return None
    s0, e0 = ctx.ospan(m, "n")
    return ctx.field(ctx.text[s0:e0], rule.confidence, [(s0, e0)], rule.source)


def _entity_number(ctx: Context, rule: Rule) -> FieldValue | None:
    for ent in ctx.entities_of("CASE_NUMBER"):
        if normalize.parse_case_number(ent.text) is not None:
            return ctx.field(ent.text, rule.confidence, [(ent.start, ent.end)], rule.source)
    return None


@extractor("case.currency", needs=("case.court",))
def currency(ctx: Context, found: Found) -> str | None:
    """The default currency of the court's country (extraction/common.yaml), for amounts written without
    one: set on the context, read by every step that reads money (costs, fines, compensation)."""
    country = found["case.court"]["country"].value
    ctx.currency = patterns.load("common").get("default_currency", {}).get(country)
    return ctx.currency


@extractor("case.instance", needs=("case.court", "case.case_number"))
def instance(ctx: Context, found: Found) -> FieldValue:
    """First, second or third instance: the wording of the introduction, the court level and the register
    of the case number (an appeal register is a second instance)."""
    court_level = found["case.court"]["court_level"].value
    number = found["case.case_number"].value
    register_kind = getattr(normalize.parse_case_number(number), "kind", None) if number else None
    lab = patterns.labelled(RULE_FILE, "instance", ctx.family)
    hits: dict[str, Span] = {}
    if lab is not None:
        rx, labels = lab
        end = ctx.operative[0][1] if ctx.operative else ctx.intro[1]
        reach = chains.window("instance_after_introduction")
        for m in rx.finditer(ctx.view, ctx.intro[0], min(end, ctx.intro[1] + reach)):
            hits.setdefault(patterns.label_of(m, labels), ctx.ospan(m))
    if "third" in hits and court_level == "supreme":
        return ctx.field("third", chains.score("case.instance", "third"), [hits["third"]], "case.instance")
    if "second" in hits or register_kind == "appeal":
        conf = (
            chains.score("case.instance", "second_confirmed")
            if ("second" in hits and (register_kind == "appeal" or court_level in ("appellate", "higher")))
            else chains.score("case.instance", "second")
        )
        return ctx.field("second", conf, [hits["second"]] if "second" in hits else [], "case.instance")
    if court_level == "appellate":
        return ctx.field("second", chains.score("case.instance", "appellate_court"), [], "case.instance")
    first_register = register_kind in ("first_instance", "organised_crime")
    conf = chains.score("case.instance", "first_register" if first_register else "first")
    return ctx.field("first", conf, [], "case.instance")


@extractor("case.language")
def language_fields(ctx: Context, found: Found) -> dict[str, FieldValue]:
    doc = ctx.document
    conf = (
        doc.language_confidence
        if doc.language_confidence is not None
        else chains.score("case.language", "without_detector_confidence")
    )
    out = {}
    out["language"] = ctx.field(doc.language, conf, [], "case.language") if doc.language else empty()
    out["script"] = (
        ctx.field(doc.script, chains.score("case.language", "script"), [], "case.script") if doc.script in ("Latn", "Cyrl") else empty()
    )
    return out
