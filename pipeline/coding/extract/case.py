"""Case-level fields: court, number, dates, judges, registrar, prosecutor, indictment and the flags.

Where several parts of a verdict state one fact (the court in the header and in the signature block, the
date in the introduction and under the signatures), every mention that agrees becomes evidence and
raises the confidence; a disagreement keeps the best-placed mention and lowers it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from pipeline.coding.extract import names as NM
from pipeline.coding.extract import patterns as P
from pipeline.coding.extract.context import Context, Span, agree, empty
from pipeline.model import FieldValue
from pipeline.nlp import normalize
from pipeline.text.fold import name_key

R = "case"
_DATE_NUM = re.compile(r"\d{1,2}\s*[./]\s*\d{1,2}\s*[./]\s*(?:19|20)?\d\d")


# --------------------------------------------------------------------------- helpers


def dates_in(ctx: Context, vs: int, ve: int) -> list[tuple[int, int, dt.date]]:
    """Dates in a view span, as original spans."""
    s, e = ctx.orig_span(vs, ve)
    found = normalize.find_dates(ctx.t[s:e]) or []
    return [(s + a, s + b, d) for a, b, d in found]


def first_date(ctx: Context, s: int, e: int) -> tuple[int, int, dt.date] | None:
    """First date in an original span."""
    found = normalize.find_dates(ctx.t[s:e]) or []
    if not found:
        return None
    a, b, d = found[0]
    return s + a, s + b, d


def person_span(ctx: Context, m: re.Match[str], group: str) -> Span | None:
    """Original span of a name group, cut before words that are never names."""
    vs, ve = m.start(group), m.end(group)
    cut = NM.clean(ctx.v[vs:ve], vs)
    if cut is None:
        return None
    return ctx.orig_span(*cut)


def _split_names(ctx: Context, vs: int, ve: int) -> list[Span]:
    """The names of a list "A, B i C" (view span) as original spans."""
    person = P.compile_source(P.phrase_regex("re:{PERSON}|{BARE}", R))
    out = []
    for m in person.finditer(ctx.v, vs, ve):
        cut = NM.clean(m.group(), m.start())
        if cut:
            out.append(ctx.orig_span(*cut))
    return out


# --------------------------------------------------------------------------- court, number


def court(ctx: Context) -> dict[str, FieldValue]:
    """Deciding court: the first court of the header/introduction; the signature block confirms it."""
    intro = ctx.orig_span(*ctx.intro)
    sig = ctx.orig_span(*ctx.signatures)
    cands: list[tuple[Any, int, int, float, str]] = []
    for e in ctx.entities_of("COURT"):
        c = normalize.normalize_court(e.text)
        if c is None:
            continue
        place = (
            "intro" if intro[0] <= e.start < intro[1] else "sig" if sig[0] <= e.start < sig[1] else "other"
        )
        cands.append((c, e.start, e.end, 0.9 if place == "intro" else 0.8 if place == "sig" else 0.5, place))
    if not any(p == "intro" for *_, p in cands):
        for c in normalize.find_courts(ctx.t[intro[0] : intro[1]]) or []:
            cands.append((c, intro[0] + c.start, intro[0] + c.end, 0.85, "intro"))
            break
    if not any(p == "sig" for *_, p in cands):
        for c in normalize.find_courts(ctx.t[sig[0] : sig[1]]) or []:
            cands.append((c, sig[0] + c.start, sig[0] + c.end, 0.7, "sig"))
    if not cands:
        return _court_fallback(ctx)
    order = {"intro": 0, "sig": 1, "other": 2}
    cands.sort(key=lambda x: (order[x[4]], x[1]))
    best = cands[0][0]
    same = [c for c in cands if c[0].name == best.name]
    other = [c for c in cands if c[0].name != best.name and c[4] != "other"]
    conf = agree(c[3] for c in same) - 0.2 * len(other)
    spans = [(c[1], c[2]) for c in same[:3]]
    out = {"court": ctx.field(best.name, conf, spans, "case.court")}
    out["court_level"] = (
        ctx.field(best.level, conf * 0.95, spans[:1], "case.court_level") if best.level else empty()
    )
    out["country"] = (
        ctx.field(best.country, conf * 0.95, spans[:1], "case.country") if best.country else empty()
    )
    return out


def _court_fallback(ctx: Context) -> dict[str, FieldValue]:
    """ "<kind> sud u <place>" for courts the court normaliser does not know (Croatian, Bosnian)."""
    none = {"court": empty(), "court_level": empty(), "country": empty()}
    rx = P.pattern(R, "court_fallback", ctx.family)
    if rx is None:
        return none
    kinds = P.mapping(R, "court_kinds")
    i0, i1 = ctx.intro
    for m in rx.finditer(ctx.v, 0, max(i1, min(len(ctx.v), 600))):
        kind = kinds.get(name_key(m.group("k")))
        if kind is None:
            continue
        s, e = ctx.ospan(m)
        words = ctx.text[s:e].split()
        name = " ".join(
            [words[0][:1].upper() + words[0][1:].lower(), words[1].lower(), words[2].lower()]
            + [w[:1].upper() + w[1:].lower() for w in words[3:]]
        )
        out = {"court": ctx.field(name, 0.6, [(s, e)], "case.court.fallback")}
        out["court_level"] = (
            ctx.field(kind.get("level"), 0.55, [(s, e)], "case.court_level") if kind.get("level") else empty()
        )
        out["country"] = (
            ctx.field(kind.get("country"), 0.5, [(s, e)], "case.country") if kind.get("country") else empty()
        )
        return out
    return none


def case_number(ctx: Context) -> FieldValue:
    """The court's own number (not the prosecutor's Kt/КО) from the header; repeated mentions agree."""
    s, e = ctx.orig_span(*ctx.intro)
    found = [c for c in (normalize.find_case_numbers(ctx.t[s:e]) or []) if c.kind != "prosecutor"]
    if not found:
        # the number may stand above the introduction in a header the structure did not see
        found = [c for c in (normalize.find_case_numbers(ctx.t[:600]) or []) if c.kind != "prosecutor"]
        s = 0
    if not found:
        fb = P.pattern(R, "case_number_fallback", ctx.family)
        m = fb.search(ctx.v, 0, min(len(ctx.v), 400)) if fb is not None else None
        if m:
            s0, e0 = ctx.ospan(m, "n")
            return ctx.field(ctx.text[s0:e0], 0.6, [(s0, e0)], "case.case_number.fallback")
        for ent in ctx.entities_of("CASE_NUMBER"):
            c = normalize.parse_case_number(ent.text)
            if c is not None:
                return ctx.field(ent.text, 0.6, [(ent.start, ent.end)], "case.case_number")
        return empty()

    # a number standing on its own line is the verdict's header (web pages repeat it in titles)
    def alone(c: Any) -> bool:
        a, b = s + c.start, s + c.end
        ls = ctx.text.rfind("\n", 0, a) + 1
        le = ctx.text.find("\n", b)
        line = ctx.text[ls : le if le >= 0 else len(ctx.text)]
        rest = line.replace(ctx.text[a:b], " ")
        return len(re.sub(r"(?i)posl\w*\.?|broj|br\.|nr\.|i regj\.? themeltar|[:#\s]", "", rest)) <= 3

    best = next((c for c in found if alone(c)), found[0])
    a = s + best.start
    lead = re.match(r"(?i:posl\w*\.?\s*(?:br\.?|broj)\s*:?\s*)", ctx.text[a : s + best.end])
    spans = [(a + (lead.end() if lead else 0), s + best.end)]
    conf = 0.9 if best.register else 0.7
    return ctx.field(ctx.text[spans[0][0] : spans[0][1]], conf, spans, "case.case_number")


# --------------------------------------------------------------------------- dates


def decision_date(ctx: Context) -> FieldValue:
    """The date of the signature block; else the date nearest to "donio je" in the introduction, the
    header date. Where the introduction and the signatures disagree (a hearing date, a slip of the
    year), the date the judge signs under wins and the confidence drops."""
    votes: dict[dt.date, list[tuple[int, int, float]]] = {}
    verb = P.phrases(R, "decision_verb", ctx.family)
    i0, i1 = ctx.intro
    ref = P.pattern(R, "reference_date_lead", ctx.family)
    if verb is not None:
        # the verb may be the heading that opens the operative part ("p r e s u d i o  j e")
        for m in verb.finditer(ctx.v, i0, min(len(ctx.v), i1 + 60)):
            before = dates_in(ctx, max(i0, m.start() - 260), m.start())
            if ref is not None:
                # not the date of the indictment cited before the verb ("Kt.br. 196/17 od 28.12.2017")
                before = [d for d in before if not _cites(ctx, ref, d[0], d[1])]
            # a verb inside the introduction: its date is in the introduction ("donio je i istog dana
            # javno objavio" is followed by the heading and the defendant's birth date)
            stop = i1 if m.end() <= i1 else len(ctx.v)
            after = dates_in(ctx, m.end(), min(stop, m.end() + 120))
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
                votes.setdefault(pick[2], []).append((pick[0], pick[1], 0.8))
                break
    line = P.pattern(R, "date_line", ctx.family)
    signed: dt.date | None = None
    if line is not None:
        c0, c1 = ctx.signatures
        for m in line.finditer(ctx.v, c0, c1):
            s, e = ctx.ospan(m, "d")
            d = normalize.parse_date(ctx.t[s:e] + ".")
            if d:
                votes.setdefault(d, []).append((s, e, 0.7))
                # the date the judge signs under is the decision's date (a found signature block only)
                signed = d if ctx.has_signatures else None
                break
        # the header date (Serbian courts print it under the number)
        for m in line.finditer(ctx.v, 0, min(i1, 400)):
            s, e = ctx.ospan(m, "d")
            d = normalize.parse_date(ctx.t[s:e] + ".")
            if d:
                votes.setdefault(d, []).append((s, e, 0.6))
                break
    for ent in ctx.entities_of("DECISION_DATE"):
        d = normalize.parse_date(ent.text)
        if d and d in votes:
            votes[d].append((ent.start, ent.end, 0.3))
        elif d and not votes:
            votes.setdefault(d, []).append((ent.start, ent.end, 0.5))
    if not votes:
        return empty()
    best = max(
        votes, key=lambda d: (d == signed, agree(c for *_, c in votes[d]), -min(s for s, *_ in votes[d]))
    )
    conf = agree(c for *_, c in votes[best]) - 0.15 * (len(votes) - 1)
    spans = sorted((s, e) for s, e, _ in votes[best])
    return ctx.field(best.isoformat(), conf, spans, "case.decision_date")


def _cites(ctx: Context, ref: re.Pattern[str], s: int, e: int) -> bool:
    """The date at original span (s, e) dates a cited document (the view just before it says so)."""
    vs = ctx.view_span(s, e)[0]
    return bool(ref.search(ctx.v[max(0, vs - 40) : vs]))


def final_date(ctx: Context) -> FieldValue:
    pat = P.pattern(R, "final_date", ctx.family)
    if pat is None:
        return empty()
    for m in pat.finditer(ctx.v):
        s, e = ctx.ospan(m, "d")
        d = normalize.parse_date(ctx.t[s:e] + ".")
        if d:
            ws, we = ctx.ospan(m)
            return ctx.field(d.isoformat(), 0.75, [(ws, we)], "case.final_date")
    return empty()


# --------------------------------------------------------------------------- people


def _sig_words(text: str) -> list[tuple[int, int]]:
    """Words of a signature block, with words that lost the space between two columns split again
    ("FatićMILOVAN", "SUDIJAĐuković", "ZAPISNIČARVladimir")."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\W\d_]+", text):
        w, a = m.group(), m.start()
        cut = [0]
        for i in range(1, len(w)):
            lo_up = w[i - 1].islower() and w[i].isupper()
            up_up_lo = i + 1 < len(w) and w[i - 1].isupper() and w[i].isupper() and w[i + 1].islower()
            if lo_up or (up_up_lo and i > 1):
                cut.append(i)
        cut.append(len(w))
        out += [(a + x, a + y) for x, y in zip(cut, cut[1:], strict=False) if y > x]
    return out


def _close(a: str, b: str) -> bool:
    """Two spellings of one name that differ by a slip ("Mujušković"/"Mijušković", "Bahda"/"Banda"):
    every word close, at least one the same."""
    from rapidfuzz import fuzz

    ta, tb = NM.tokens(name_key(a)), NM.tokens(name_key(b))
    if len(ta) != len(tb) or len(ta) < 2:
        return False
    limit = float(P.load(R).get("signature_fuzzy_ratio") or 80)
    same = 0
    for x in ta:
        best = max(tb, key=lambda y: fuzz.ratio(x[:-2] if len(x) > 5 else x, y[:-2] if len(y) > 5 else y))
        bx, by = (x[:-2] if len(x) > 5 else x), (best[:-2] if len(best) > 5 else best)
        if NM.same_person(x + " " + x, best + " " + best) or bx == by:
            same += 1
        elif fuzz.ratio(bx, by) < limit:
            return False
    return same >= 1


def _signed(ctx: Context, name: str, sig: Span) -> tuple[Span, bool] | None:
    """Where the person ``name`` stands in the signature block (a span of the block's text) and whether
    it is written the same way there; None when the block does not name them."""
    if NM.is_initials(name) or sig[1] <= sig[0]:
        return None
    want = len(NM.tokens(name))
    s0, s1 = sig
    block = ctx.text[s0:s1]
    words = _sig_words(block)
    fuzzy: tuple[Span, bool] | None = None
    for i in range(len(words) - want + 1):
        group = words[i : i + want]
        if any(block.count("\n", group[k][1], group[k + 1][0]) > 0 for k in range(want - 1)):
            continue
        ws = [block[a:b] for a, b in group]
        if not all(len(w) > 2 and w[0].isupper() for w in ws):
            continue
        cand = " ".join(ws)
        a, b = group[0][0], group[-1][1]
        # a double surname joined by a dash in the block ("Mijušković-Stamatović") is one name
        more = re.match(r"[ \t]?[–-][ \t]?[^\W\d_]{3,}", block[b:])
        if NM.same_person(name_key(cand), name_key(name)):
            return (s0 + a, s0 + b + (more.end() if more else 0)), True
        if fuzzy is None and _close(cand, name):
            fuzzy = (s0 + a, s0 + b + (more.end() if more else 0)), False
    return fuzzy


def _nominative(ctx: Context, span: Span, sig: Span) -> Span:
    """The same person's name in the signature block (nominative), else the span as found."""
    hit = _signed(ctx, ctx.text[span[0] : span[1]], sig)
    return hit[0] if hit else span


def _signature_signer(ctx: Context, sig: Span) -> Span | None:
    """The name under (or after) the judge's role word of the signature block, read by column when the
    registrar signs on the same lines ("Zapisničar S U D I J A" / "Novčić Slobodanka Tabaš Predrag")."""
    role = P.pattern(R, "signature_judge_role", ctx.family)
    reg = P.pattern(R, "signature_registrar_role", ctx.family)
    if role is None or sig[1] <= sig[0]:
        return None
    s0, s1 = sig
    block = ctx.text[s0:s1]
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", block)]
    person = P.compile_source(P.phrase_regex("re:{PERSON}", R))
    for k, (ls, line) in enumerate(lines):
        rm = role.search(line)
        if rm is None:
            continue
        regm = reg.search(line) if reg is not None else None
        rest = line[rm.end() :].strip(" \t,.:;")
        if regm is not None and regm.start() >= rm.end():
            rest = line[rm.end() : regm.start()].strip(" \t,.:;")
        if rest:
            pm = person.match(rest)
            if pm:
                a = ls + line.index(rest, rm.end()) + pm.start()
                cut = NM.clean(block[a : a + len(pm.group())], a)
                return (s0 + cut[0], s0 + cut[1]) if cut else None
            continue
        nxt = next(((s, t) for s, t in lines[k + 1 : k + 3] if t.strip()), None)
        if nxt is None:
            return None
        ns, text = nxt
        # "s.r." marks and the lost space between two columns ("Momirka FatićMILOVAN") separate names
        text = re.sub(r"(?<![^\W\d_])[sS][.,][ \t]?[rR](?![^\W\d_])\.?", lambda x: " " * len(x.group()), text)
        cuts = [
            0,
            *(i + 1 for i in range(len(text) - 1) if text[i].islower() and text[i + 1].isupper()),
            len(text),
        ]
        parts = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            for m in re.finditer(r"[^ \t,](?:[^\n,]*?[^ \t,])?(?=[ \t]{2,}|[ \t]*,|[ \t]*$)", text[a:b]):
                parts.append((a + m.start(), m.group()))
        parts = [(a, t) for a, t in parts if NM.clean(t)]
        if regm is None:
            pick = parts[0] if len(parts) == 1 else None
        elif len(parts) == 2:
            pick = parts[1] if regm.start() < rm.start() else parts[0]
        else:
            pick = None
        if pick is None:
            return None
        cut = NM.clean(pick[1], ns + pick[0])
        return (s0 + cut[0], s0 + cut[1]) if cut else None
    return None


def judges(ctx: Context) -> FieldValue:
    """Presiding judge first, then the other members of the panel (lay judges included), in the
    nominative. The judge who signs the verdict is the one the lawyer codes first: when the rules of the
    introduction put someone else first (a member, a slip in "predsjednika vijeća"), the judge the
    signature block names moves to the front, written as signed."""
    i0, i1 = ctx.intro
    sig = ctx.orig_span(*ctx.signatures)
    found: list[tuple[Span, str]] = []
    panel = P.pattern(R, "judges_panel", ctx.family)
    rule = "case.judges.single"
    m = panel.search(ctx.v, i0, i1) if panel is not None else None
    # every name of a panel phrase is in the case "sastavljenom od" governs ("od sudija X – predsjednika
    # vijeća, Y i Z": genitive, though "sudija" alone reads as a nominative)
    case_of_panels = (P.load(R).get("panel_case") or {}).get(ctx.family)
    panel_case: str | None = None
    if m:
        rule = "case.judges.panel"
        panel_case = case_of_panels
        p = person_span(ctx, m, "p")
        if p:
            found.append((p, "presiding"))
        for sp in _split_names(ctx, m.start("m"), m.end("m")):
            found.append((sp, "member"))
    if not found:
        loose = P.pattern(R, "judges_panel_loose", ctx.family)
        lm = loose.search(ctx.v, i0, i1) if loose is not None else None
        if lm:
            # the presiding judge is named first, whatever the wording around the names
            names = _split_names(ctx, lm.start("b"), lm.end("b"))
            found += [(sp, "presiding" if k == 0 else "member") for k, sp in enumerate(names)]
            if found:
                rule = "case.judges.panel_loose"
                panel_case = case_of_panels
    if not found:
        role_after = P.pattern(R, "judges_role_after", ctx.family)
        presiding = tuple(str(x) for x in P.load(R).get("presiding_roles") or [])
        if role_after is not None:
            for rm in role_after.finditer(ctx.v, i0, i1):
                sp = person_span(ctx, rm, "n")
                if sp:
                    role = (
                        "presiding"
                        if name_key(rm.group("r")).startswith(tuple(name_key(x) for x in presiding))
                        else "member"
                    )
                    found.append((sp, role))
            found.sort(key=lambda x: x[1] != "presiding")
            if found:
                rule = "case.judges.roles"
    if not found:
        single = P.pattern(R, "judge_single", ctx.family)
        m = single.search(ctx.v, i0, i1) if single is not None else None
        if m:
            j = person_span(ctx, m, "j")
            if j:
                found.append((j, "single"))
    found, moved = _signer_first(ctx, found, sig)
    if moved:
        rule += "+signature"
    if not found:
        signer = _signature_signer(ctx, sig)
        if signer is not None:
            name = ctx.text[signer[0] : signer[1]]
            return ctx.field([name], 0.6, [signer], "case.judges.signature")
        ents = [e for e in ctx.entities_of("JUDGE")]
        if not ents:
            return empty()
        e = ents[0]
        return ctx.field([NM.nominative_at(ctx, e.start, e.end)], 0.55, [(e.start, e.end)], "case.judges.entity")
    names: list[str] = []
    spans: list[Span] = []
    confirmed = 0
    for span, _role in found:
        nom = _nominative(ctx, span, sig)
        if nom != span:
            confirmed += 1
            name = ctx.text[nom[0] : nom[1]]
        elif panel_case:
            name = NM.nominative(ctx.text[span[0] : span[1]], panel_case)
        else:
            name = NM.nominative_at(ctx, *span)
        if any(NM.same_person(name_key(name), name_key(n)) for n in names):
            continue
        names.append(name)
        spans.append(span)
        if nom != span:
            spans.append(nom)
    ents = ctx.entities_of("JUDGE")
    bonus = 0.05 * min(
        2, sum(1 for e in ents if any(NM.same_person(name_key(e.text), name_key(n)) for n in names))
    )
    conf = 0.8 + bonus + (0.1 if confirmed else 0) - (0.15 if moved else 0)
    return ctx.field(names, conf, spans, rule)


def _signer_first(
    ctx: Context, found: list[tuple[Span, str]], sig: Span
) -> tuple[list[tuple[Span, str]], bool]:
    """``found`` with the judge who signs first: the first of them the signature block names, else the
    first judge the introduction mentions anywhere ("sudije X, kao ppredsjednika vijeća") who signs.
    Unchanged when the first already signs or nobody can be matched."""
    if not ctx.has_signatures:
        return found, False
    if found and _signed(ctx, ctx.text[found[0][0][0] : found[0][0][1]], sig):
        return found, False
    for k, (sp, _role) in enumerate(found[1:], 1):
        if _signed(ctx, ctx.text[sp[0] : sp[1]], sig):
            return [(sp, "presiding"), *found[:k], *found[k + 1 :]], True
    rx = P.pattern(R, "judge_mentions", ctx.family)
    if rx is None:
        return found, False
    i0, i1 = ctx.intro
    for m in rx.finditer(ctx.v, i0, i1):
        sp = person_span(ctx, m, "n")
        if sp and _signed(ctx, ctx.text[sp[0] : sp[1]], sig):
            rest = [
                f
                for f in found
                if not NM.same_person(name_key(ctx.text[f[0][0] : f[0][1]]), name_key(ctx.text[sp[0] : sp[1]]))
            ]
            return [(sp, "presiding"), *rest], True
    return found, False


def registrar(ctx: Context) -> FieldValue:
    i0, i1 = ctx.intro
    pat = P.pattern(R, "registrar", ctx.family)
    sig = ctx.orig_span(*ctx.signatures)
    if pat is not None:
        m = pat.search(ctx.v, i0, i1)
        if m:
            g = next(k for k, v in m.groupdict().items() if v is not None)
            span = person_span(ctx, m, g)
            if span:
                nom = _nominative(ctx, span, sig)
                conf = 0.85 + (0.1 if nom != span else 0)
                name = ctx.text[nom[0] : nom[1]] if nom != span else NM.nominative_at(ctx, *span)
                return ctx.field(name, conf, sorted({span, nom}), "case.registrar")
    ents = ctx.entities_of("REGISTRAR")
    if ents:
        e = ents[0]
        return ctx.field(NM.nominative_at(ctx, e.start, e.end), 0.55, [(e.start, e.end)], "case.registrar.entity")
    return empty()


def prosecutor(ctx: Context, indictment_office: tuple[str, Span] | None) -> FieldValue:
    """{"office", "person"}: the office from the introduction (or the indictment), the person who
    appeared for it."""
    i0, i1 = ctx.intro
    office = None
    off = P.pattern(R, "prosecutor_office", ctx.family)
    if off is not None:
        m = off.search(ctx.v, i0, i1)
        if m:
            s, e = ctx.ospan(m, "o")
            office = (NM.office_nominative(ctx.text[s:e].strip(" ,"), ctx.family), (s, e))
    if office is None and indictment_office:
        office = indictment_office
    person = None
    pp = P.pattern(R, "prosecutor_person", ctx.family)
    if pp is not None:
        for m in pp.finditer(ctx.v, i0, i1):
            span = person_span(ctx, m, "n")
            if span:
                person = (NM.nominative_at(ctx, *span), span)
                break
    if person is None:
        ents = [e for e in ctx.entities_of("PROSECUTOR") if ctx.orig_span(*ctx.intro)[0] <= e.start]
        if ents:
            person = (ents[0].text, (ents[0].start, ents[0].end))
    if office is None and person is None:
        return empty()
    value = {"office": office[0] if office else None, "person": person[0] if person else None}
    spans = [x[1] for x in (office, person) if x]
    conf = 0.75 if office and person else 0.6
    return ctx.field(value, conf, spans, "case.prosecutor")


def indictment(ctx: Context) -> tuple[FieldValue, tuple[str, Span] | None, tuple[dt.date, Span] | None]:
    """{"number", "date", "office"} of the indictment; also returns the office and date for others."""
    pat = P.pattern(R, "indictment", ctx.family)
    if pat is None:
        return empty(), None, None
    regions = [ctx.intro, *ctx.reasoning[:1]]
    for r0, r1 in regions:
        m = pat.search(ctx.v, r0, r1)
        if not m:
            continue
        ds, de = ctx.ospan(m, "d")
        date = normalize.parse_date(ctx.t[ds:de] + ".")
        rest_v = (m.start("rest"), m.end("rest"))
        num = P.pattern(R, "indictment_number", ctx.family)
        number = None
        if num is not None:
            nm = num.search(ctx.v, *rest_v)
            if nm:
                g = "n" if nm.group("n") else "n2"
                ns, ne = ctx.ospan(nm, g)
                number = ctx.text[ns:ne].strip(" ,.")
        office = None
        off = P.pattern(R, "prosecutor_office", ctx.family)
        if off is not None:
            om = off.search(ctx.v, rest_v[0], rest_v[1])
            if om:
                os_, oe = ctx.ospan(om, "o")
                office = (NM.office_nominative(ctx.text[os_:oe].strip(" ,"), ctx.family), (os_, oe))
        value = {
            "number": number,
            "date": date.isoformat() if date else None,
            "office": office[0] if office else None,
        }
        conf = 0.8 if number and date else 0.6
        f = ctx.field(value, conf, [ctx.ospan(m)], "case.indictment")
        return f, office, ((date, (ds, de)) if date else None)
    return empty(), None, None


# --------------------------------------------------------------------------- kind of decision


def decision_type(ctx: Context) -> FieldValue:
    lab = P.labelled(R, "decision_type", ctx.family)
    if lab is None:
        return empty()
    rx, labels = lab
    # plea agreement anywhere in the introduction or operative part wins over the heading
    op0 = ctx.operative[0][0] if ctx.operative else ctx.intro[1]
    head_end = min(len(ctx.v), op0 + 200)
    hits: dict[str, list[Span]] = {}
    for m in rx.finditer(ctx.v, ctx.intro[0], head_end):
        hits.setdefault(P.label_of(m, labels), []).append(ctx.ospan(m))
    if ctx.operative:
        o0, o1 = ctx.operative[0]
        for m in rx.finditer(ctx.v, o0, min(o1, o0 + 1500)):
            if P.label_of(m, labels) == "plea_agreement_judgment":
                hits.setdefault("plea_agreement_judgment", []).append(ctx.ospan(m))
    if "plea_agreement_judgment" in hits and "judgment" in hits:
        return ctx.field(
            "plea_agreement_judgment", 0.85, hits["plea_agreement_judgment"][:2], "case.decision_type"
        )
    # the heading of the operative part decides between judgment and decision
    heading = _operative_heading(ctx)
    if heading:
        m = rx.search(ctx.v, *heading)
        if m:
            lab_ = P.label_of(m, labels)
            if lab_ != "plea_agreement_judgment":
                return ctx.field(lab_, 0.9, [ctx.ospan(m)], "case.decision_type")
    for lab_ in ("judgment", "decision"):
        if lab_ in hits:
            return ctx.field(lab_, 0.6, hits[lab_][:1], "case.decision_type")
    return empty()


def _operative_heading(ctx: Context) -> Span | None:
    if not ctx.has_structure or not ctx.operative:
        return None
    o0, _ = ctx.operative[0]
    # the heading is the line that opens the operative part (it may sit just before it)
    line_start = ctx.v.rfind("\n", 0, o0) + 1 if o0 > 0 and ctx.v[o0 - 1] != "\n" else o0
    end = ctx.v.find("\n", o0)
    if end < 0 or end - line_start > 120:
        end = min(len(ctx.v), o0 + 120)
    return line_start, end


def instance(ctx: Context, court_level: str | None, register_kind: str | None) -> FieldValue:
    lab = P.labelled(R, "instance", ctx.family)
    hits: dict[str, Span] = {}
    if lab is not None:
        rx, labels = lab
        end = ctx.operative[0][1] if ctx.operative else ctx.intro[1]
        for m in rx.finditer(ctx.v, ctx.intro[0], min(end, ctx.intro[1] + 3000)):
            hits.setdefault(P.label_of(m, labels), ctx.ospan(m))
    if "third" in hits and court_level == "supreme":
        return ctx.field("third", 0.8, [hits["third"]], "case.instance")
    if "second" in hits or register_kind == "appeal":
        conf = (
            0.85
            if ("second" in hits and (register_kind == "appeal" or court_level in ("appellate", "higher")))
            else 0.7
        )
        return ctx.field("second", conf, [hits["second"]] if "second" in hits else [], "case.instance")
    if court_level == "appellate":
        return ctx.field("second", 0.6, [], "case.instance")
    return ctx.field(
        "first", 0.8 if register_kind in ("first_instance", "organised_crime") else 0.65, [], "case.instance"
    )


# --------------------------------------------------------------------------- flags


def _flag(
    ctx: Context,
    key: str,
    parts: list[Span],
    rule: str,
    negative_key: str | None = None,
    default_false: bool = True,
) -> FieldValue:
    rx = P.phrases(R, key, ctx.family)
    if rx is not None:
        for p0, p1 in parts:
            m = rx.search(ctx.v, p0, p1)
            if m:
                return ctx.field(True, 0.85, [ctx.ospan(m)], rule)
    if negative_key:
        neg = P.phrases(R, negative_key, ctx.family)
        if neg is not None:
            for p0, p1 in parts:
                m = neg.search(ctx.v, p0, p1)
                if m:
                    return ctx.field(False, 0.75, [ctx.ospan(m)], rule)
    return ctx.field(False, 0.4, [], rule) if default_false else empty()


def public_excluded(ctx: Context) -> FieldValue:
    return _flag(
        ctx,
        "public_excluded",
        [(0, len(ctx.v))],
        "case.public_excluded",
        "public_hearing",
        default_false=False,
    )


def organised_group(ctx: Context) -> FieldValue:
    return _flag(ctx, "organised_group", [*ctx.operative, ctx.intro], "case.organised_group")


def transnational(ctx: Context) -> FieldValue:
    # Albanian decisions describe the acts in the reasons
    parts = [*ctx.operative, *ctx.reasoning] if ctx.family == "sq" else [*ctx.operative]
    return _flag(ctx, "transnational", parts, "case.transnational")


def costs(ctx: Context) -> FieldValue:
    """{"amount", "currency", "borne_by"} from the operative sentence on the costs of the proceedings."""
    word = P.phrases(R, "costs_sentence", ctx.family)
    lab = P.labelled(R, "costs_borne", ctx.family)
    if word is None:
        return empty()
    for o0, o1 in ctx.operative:
        for m in word.finditer(ctx.v, o0, o1):
            s0, s1 = ctx.sentence_view_span(m.start())
            s0, s1 = max(s0, o0), min(s1, o1)
            borne = None
            span_b = None
            if lab is not None:
                rx, labels = lab
                bm = rx.search(ctx.v, s0, s1)
                if bm:
                    borne = P.label_of(bm, labels)
                    span_b = ctx.ospan(bm)
            # a sentence a page break cut in two goes on in small letters
            n0, n1 = ctx.sentence_view_span(min(len(ctx.v) - 1, s1 + 1))
            if n0 >= s1 and n1 <= o1 and ctx.v[n0 : n0 + 1].islower():
                s1 = n1
            os_, oe = ctx.orig_span(s0, s1)
            money = normalize.find_money(ctx.t[os_:oe], ctx.currency) or []
            if borne is None and not money:
                continue
            value: dict[str, Any] = {"amount": None, "currency": None, "borne_by": borne}
            spans = [span_b] if span_b else []
            if money:
                a, b, mo = money[0]
                value["amount"] = str(mo.amount)
                value["currency"] = mo.currency
                spans.append((os_ + a, os_ + b))
            conf = 0.75 if borne and money else 0.6
            return ctx.field(value, conf, spans or [(os_, oe)], "case.costs")
    return empty()


def offence_period(ctx: Context, act_spans: list[Span]) -> FieldValue:
    """{"start", "end"}: earliest and latest date written in the described acts of the operative part."""
    dates: list[tuple[int, int, dt.date]] = []
    for s, e in act_spans:
        found = normalize.find_dates(ctx.t[s:e]) or []
        dates += [(s + a, s + b, d) for a, b, d in found]
        dates += _month_years(ctx, s, e)
    if not dates:
        return empty()
    lo = min(dates, key=lambda x: x[2])
    hi = max(dates, key=lambda x: x[2])
    value = {"start": lo[2].isoformat(), "end": hi[2].isoformat()}
    spans = [(lo[0], lo[1])] + ([(hi[0], hi[1])] if hi is not lo else [])
    return ctx.field(value, 0.7 if len(dates) > 1 else 0.6, spans, "case.offence_period")


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


def duration_days(ctx: Context, decided: FieldValue, indicted: tuple[dt.date, Span] | None) -> FieldValue:
    if decided.value is None or indicted is None:
        return empty()
    d = dt.date.fromisoformat(decided.value)
    days = (d - indicted[0]).days
    if days < 0:
        return empty()
    spans = [indicted[1]] + [(ev.start, ev.end) for ev in decided.evidence[:1]]
    return ctx.field(days, min(decided.confidence, 0.8) * 0.95, spans, "case.duration_days")


def language_fields(ctx: Context) -> dict[str, FieldValue]:
    doc = ctx.document
    conf = doc.language_confidence if doc.language_confidence is not None else 0.8
    out = {}
    out["language"] = ctx.field(doc.language, conf, [], "case.language") if doc.language else empty()
    out["script"] = (
        ctx.field(doc.script, 0.95, [], "case.script") if doc.script in ("Latn", "Cyrl") else empty()
    )
    return out


Extractor = Callable[[Context], FieldValue]
