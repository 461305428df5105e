"""Dates of the case: the decision (the date the judge signs under, confirmed by the introduction), the
final date, the offence period written in the described acts, and the days from indictment to decision.

Where the introduction and the signature block state one date, each mention that agrees is evidence and
raises the confidence; a disagreement keeps the best-placed mention and lowers it."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from pipeline.coding.extract import chains, charges, patterns
from pipeline.coding.extract.context import Context, Span, agree, empty, split
from pipeline.coding.extract.registry import Found, extractor
from pipeline.model import FieldValue
from pipeline.nlp import normalize
from pipeline.nlp.normalize._lex import alternation, expand_words, key, lexicon, word_map
from pipeline.nlp.normalize.numbers import number_words_pattern

RULE_FILE = "case"  # pipeline/resources/extraction/case.yaml


def dates_in(ctx: Context, vs: int, ve: int) -> list[tuple[int, int, dt.date]]:
    """Dates in a view span, as original spans."""
    s, e = ctx.orig_span(vs, ve)
    found = normalize.find_dates(ctx.unwrapped[s:e]) or []
    return [(s + a, s + b, d) for a, b, d in found]


@extractor("case.decision_date")
def decision_date(ctx: Context, found: Found) -> FieldValue:
    """The date of the signature block; else the date nearest to "donio je" in the introduction, the
    header date (which wins over a differing date of the main hearing). Where the introduction and the
    signatures disagree (a hearing date, a slip of the year), the date the judge signs under wins and the
    confidence drops."""
    def confidence(rule_id: str) -> float:
        return chains.rule("case.decision_date", rule_id).confidence

    votes: dict[dt.date, list[tuple[int, int, float]]] = {}
    verb = patterns.phrases(RULE_FILE, "decision_verb", ctx.family)
    i0, i1 = ctx.intro
    ref = patterns.pattern(RULE_FILE, "reference_date_lead", ctx.family)
    hearing = patterns.pattern(RULE_FILE, "hearing_date_lead", ctx.family)
    heard: tuple[int, int, dt.date] | None = None  # the verb's date dates the main hearing
    if verb is not None:
        # the verb may be the heading that opens the operative part ("p r e s u d i o  j e")
        past_intro = chains.window("decision_verb_after_introduction")
        for m in verb.finditer(ctx.view, i0, min(len(ctx.view), i1 + past_intro)):
            before = dates_in(ctx, max(i0, m.start() - chains.window("date_before_verb")), m.start())
            if ref is not None:
                # not the date of the indictment cited before the verb ("Kt.br. 196/17 od 28.12.2017")
                before = [d for d in before if not _cites(ctx, ref, d[0], d[1])]
            # a verb inside the introduction: its date is in the introduction ("donio je i istog dana
            # javno objavio" is followed by the heading and the defendant's birth date)
            stop = i1 if m.end() <= i1 else len(ctx.view)
            after = dates_in(ctx, m.end(), min(stop, m.end() + chains.window("date_after_verb")))
            pick = None
            if after and ctx.text[ctx.to_orig(m.end()) : after[0][0]].strip(" ,").lower().startswith(
                ("dana", "на ден", "дана", "i dana", "a dana", "и дана", "më", "me")
            ):
                pick = after[0]
            elif before:
                pick = before[-1]
            elif after:
                pick = after[0]
            if pick:
                votes.setdefault(pick[2], []).append((pick[0], pick[1], confidence("case.decision_date.verb")))
                if hearing is not None and _cites(ctx, hearing, pick[0], pick[1]):
                    heard = pick
                break
    line = patterns.pattern(RULE_FILE, "date_line", ctx.family)
    signed: dt.date | None = None
    if line is not None:
        c0, c1 = ctx.signatures
        for m in line.finditer(ctx.view, c0, c1):
            s, e = ctx.ospan(m, "d")
            d = normalize.parse_date(ctx.unwrapped[s:e] + ".")
            if d:
                votes.setdefault(d, []).append((s, e, confidence("case.decision_date.signatures")))
                # the date the judge signs under is the decision's date (a found signature block only)
                signed = d if ctx.has_signatures else None
                break
        # the header date (Serbian courts print it under the number)
        for m in line.finditer(ctx.view, 0, min(i1, chains.window("header_date"))):
            s, e = ctx.ospan(m, "d")
            d = normalize.parse_date(ctx.unwrapped[s:e] + ".")
            if d:
                votes.setdefault(d, []).append((s, e, confidence("case.decision_date.header")))
                if heard is not None and d != heard[2]:
                    # the header dates the verdict after the hearing: the hearing's vote is the weaker one
                    votes[heard[2]] = [
                        (a, b, confidence("case.decision_date.hearing") if (a, b) == heard[:2] else c)
                        for a, b, c in votes[heard[2]]
                    ]
                break
    worded = date_in_words(ctx)
    if worded is not None:
        votes.setdefault(worded[2], []).append((worded[0], worded[1], confidence("case.decision_date.words")))
    for ent in ctx.entities_of("DECISION_DATE"):
        d = normalize.parse_date(ent.text)
        if d and d in votes:
            votes[d].append((ent.start, ent.end, confidence("case.decision_date.entity_agrees")))
        elif d and not votes:
            votes.setdefault(d, []).append((ent.start, ent.end, confidence("case.decision_date.entity")))
    if not votes:
        return empty()
    best = max(
        votes, key=lambda d: (d == signed, agree(c for *_, c in votes[d]), -min(s for s, *_ in votes[d]))
    )
    conf = agree(c for *_, c in votes[best]) + chains.score("case.decision_date", "other_date") * (len(votes) - 1)
    spans = sorted((s, e) for s, e, _ in votes[best])
    return ctx.field(best.isoformat(), conf, spans, "case.decision_date")


@cache
def _words_date_re() -> re.Pattern[str]:
    """Day, month word and year, the day and the year as number words or figures ("njëzet e dy mars, viti dy
    mijë e nëntëmbëdhjetë", "5 prill 2021")."""
    months = [w for langs in lexicon("months")["months"].values() for w in expand_words(langs)]
    num = number_words_pattern()
    return re.compile(
        rf"[ \t,]*(?P<d>\d{{1,2}}|{num})\s*(?:\(\s*[\w\s]{{1,30}}\))?[ \t,]+(?P<m>{alternation(months)})(?!\w)"
        rf"[ \t]*,?\s*(?:(?:i|e|t[ëe])[ \t]+)?(?:(?i:viti|vitit)[ \t]+)?(?P<y>(?:19|20)\d\d|{num})",
        re.IGNORECASE,
    )


def date_in_words(ctx: Context) -> tuple[int, int, dt.date] | None:
    """The date written in words after the lead that dates the session ("Sot, më datë njëzet e dy mars, viti
    dy mijë e nëntëmbëdhjetë"): courts that date the verdict so write no figures in the introduction, and
    their signature block often carries no date. Only in the introduction; None where the family has no lead."""
    lead = patterns.pattern(RULE_FILE, "date_in_words_lead", ctx.family)
    if lead is None:
        return None
    month_of = _month_numbers()
    i0, i1 = ctx.intro
    for m in lead.finditer(ctx.view, 0, min(len(ctx.view), i1 + chains.window("decision_verb_after_introduction"))):
        s, e = ctx.orig_span(m.end(), min(len(ctx.view), m.end() + chains.window("date_after_verb")))
        mt = _words_date_re().match(ctx.unwrapped, s, e)
        if mt is None:
            continue
        day = normalize.parse_number(mt["d"])
        year = normalize.parse_number(mt["y"])
        month = month_of.get(key(mt["m"]))
        if day is None or year is None or month is None or not 1900 <= year <= 2100:
            continue
        try:
            return (mt.start("d"), mt.end("y"), dt.date(year, month, day))
        except ValueError:
            continue
    return None


@cache
def _month_numbers() -> dict[str, int]:
    return {k: int(v) for k, v in word_map(lexicon("months")["months"]).items()}


def _cites(ctx: Context, ref: re.Pattern[str], s: int, e: int) -> bool:
    """The date at original span (s, e) dates a cited document (the view just before it says so)."""
    vs = ctx.view_span(s, e)[0]
    return bool(ref.search(ctx.view[max(0, vs - chains.window("cited_document_before_date")) : vs]))



@extractor("case.final_date")
def final_date(ctx: Context, found: Found) -> FieldValue:
    pat = patterns.pattern(RULE_FILE, "final_date", ctx.family)
    if pat is None:
        return empty()
    for m in pat.finditer(ctx.view):
        s, e = ctx.ospan(m, "d")
        d = normalize.parse_date(ctx.unwrapped[s:e] + ".")
        if d:
            ws, we = ctx.ospan(m)
            return ctx.field(d.isoformat(), chains.score("case.final_date", "found"), [(ws, we)], "case.final_date")
    return empty()


@extractor("case.decision_day", needs=("case.decision_date",))
def decision_day(ctx: Context, found: Found) -> dt.date | None:
    """The decision date as a date, for the steps that count from it (ages, custody credited)."""
    value = found["case.decision_date"].value
    return dt.date.fromisoformat(value) if value else None


@extractor("case.offence_period", needs=("charges.operative",))
def offence_period(ctx: Context, found: Found) -> dict[str, FieldValue]:
    """offence_period.start / .end: earliest and latest date written in the described acts of the
    operative part."""
    return split(_period(ctx, _act_spans(ctx, found["charges.operative"])),
                 {"start": "offence_period.start", "end": "offence_period.end"})


def _act_spans(ctx: Context, op: charges.Operative) -> list[Span]:
    """Original spans of the act descriptions: from the outcome (or previous clause) to each clause."""
    out: list[Span] = []
    prev = None
    for cs, ce, _cond in op.clauses:
        start = max(prev if prev is not None else -1, charges._last_before(op, cs))
        if start < cs:
            out.append(ctx.orig_span(start, cs))
        prev = ce
    return out


def _period(ctx: Context, act_spans: list[Span]) -> FieldValue:
    dates: list[tuple[int, int, dt.date]] = []
    for s, e in act_spans:
        found = normalize.find_dates(ctx.unwrapped[s:e]) or []
        dates += [(s + a, s + b, d) for a, b, d in found]
        dates += _month_years(ctx, s, e)
    if not dates:
        return empty()
    lo = min(dates, key=lambda x: x[2])
    hi = max(dates, key=lambda x: x[2])
    value = {"start": lo[2].isoformat(), "end": hi[2].isoformat()}
    spans = [(lo[0], lo[1])] + ([(hi[0], hi[1])] if hi is not lo else [])
    conf = chains.score("case.offence_period", "several_dates" if len(dates) > 1 else "one_date")
    return ctx.field(value, conf, spans, "case.offence_period")


_MONTH_YEAR = re.compile(r"(?<![\d.])(?P<m>[^\W\d_]{3,12})\s+(?P<y>(?:19|20)\d\d)\.?", re.UNICODE)


def _month_years(ctx: Context, s: int, e: int) -> list[tuple[int, int, dt.date]]:
    """ "od marta 2018. godine", "почетокот на февруари 2019": the first of that month."""
    out = []
    parse = normalize.parse_date
    for m in _MONTH_YEAR.finditer(ctx.text, s, e):
        d = parse(f"1 {m.group('m')} {m.group('y')}")
        if d:
            out.append((m.start(), m.end(), d))
    return out


@extractor("case.duration_days", needs=("case.decision_date", "case.indictment"))
def duration_days(ctx: Context, found: Found) -> FieldValue:
    """Days from the indictment to the decision (both dates found)."""
    decided: FieldValue = found["case.decision_date"]
    indicted: tuple[dt.date, Span] | None = found["case.indictment"]["date_found"]
    if decided.value is None or indicted is None:
        return empty()
    d = dt.date.fromisoformat(decided.value)
    days = (d - indicted[0]).days
    if days < 0:
        return empty()
    spans = [indicted[1]] + [(ev.start, ev.end) for ev in decided.evidence[:1]]
    conf = min(decided.confidence, chains.score("case.duration_days", "decision_at_most"))
    return ctx.field(days, conf * chains.score("case.duration_days", "share"), spans, "case.duration_days")
