"""Sanctions: kind, prison months, probation, fine, confiscation and security measures per defendant.

Each sanction phrase of the operative part ("kaznu zatvora u trajanju od", "USLOVNU OSUDU", "novčanu
kaznu", "казна затвор во траење од", "me 8 vjet burgim") is given to the defendants named just before
it ("okrivljenom T.normalize. izriče USLOVNU OSUDU"); a phrase with no name before it since the last count
("pa im sud izriče") goes to the persons of that count. A unified sentence ("jedinstvenu kaznu",
"përfundimisht") replaces the sentences determined for single counts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from pipeline.coding.extract import charges, names, patterns, tuning
from pipeline.coding.extract.charges import Count, Operative
from pipeline.coding.extract.context import Context, Span, empty
from pipeline.coding.extract.persons import Person, custody_days
from pipeline.coding.extract.registry import Found, Item, extractor
from pipeline.model import FieldValue
from pipeline.nlp import normalize

RULE_FILE = "sentences"
TUNING = tuning.Tuning("sentences")
# Albanian puts the length before the word: "me 8 (tetë) vjet burgim"
DURATION_BEFORE = {"sq"}


@dataclass
class Sanction:
    kind: str
    start: int  # view
    end: int
    people: list[int]
    window: Span  # view span where its length or amount is written
    final: bool = False
    length: tuple[float, Span] | None = None  # a length read already (one of "од 12 и 10 година", in months)
    wide: Span | None = None  # the window before it was cut to the sanction's sentence (conditional, sq)


def _whom(ctx: Context, op: Operative, counts: list[Count], pos: int, n: int) -> list[int]:
    """Defendants a phrase at ``pos`` is about: the last run of names before it (not across a count
    clause, except in Albanian items), else the persons of the last count before it."""
    last_clause_end = max((ce for cs, ce, _ in op.clauses if ce <= pos), default=-1)
    runs = [r for r in op.runs if r.end <= pos]
    if runs:
        r = runs[-1]
        if ctx.family == "sq" or r.start >= last_clause_end:
            return list(r.people)
    before = sorted((c for c in counts if c.clause[1] <= pos), key=lambda c: c.clause[1])
    if before:
        last = before[-1].clause
        people: list[int] = []
        for c in counts:
            if c.clause == last:
                for i in c.people:
                    if i not in people:
                        people.append(i)
        return people
    groups = [g for s, g in op.groups if s <= pos]
    if groups:
        return list(groups[-1])
    return list(range(n))


def find_sanctions(
    ctx: Context, op: Operative, counts: list[Count], n: int, people: list[Person] | None = None
) -> list[Sanction]:
    # (a `<family>-<script>` label overrides the family's: sentences.yaml `sanction.prison.sr-Cyrl`)
    lab = patterns.labelled(RULE_FILE, "sanction", ctx.family, ctx.script)
    if lab is None or n == 0:
        return []
    rx, labels = lab
    final = patterns.phrases(RULE_FILE, "final_marker", ctx.family)
    conversion = patterns.phrases(RULE_FILE, "conversion", ctx.family)
    replaced = patterns.phrases(RULE_FILE, "replaced", ctx.family)
    owner = patterns.pattern(RULE_FILE, "owner_after", ctx.family)
    instead = patterns.pattern(RULE_FILE, "instead_of_length", ctx.family)
    reduction = patterns.phrases(RULE_FILE, "after_reduction", ctx.family)
    found: list[Sanction] = []

    def scan(parts: list[Span]) -> None:
        for o0, o1 in parts:
            for m in rx.finditer(ctx.view, o0, o1):
                if any(a0 <= m.start() < a1 for a0, a1, _ in op.anchors):
                    continue  # prior convictions in a personal-data paragraph
                if any(cs <= m.start() < ce for cs, ce, _ in op.clauses):
                    continue
                if replaced is not None and replaced.search(
                    ctx.view, max(o0, m.start() - TUNING.window("replaced_word_before_sanction")), m.start()
                ):
                    continue  # "наместо изречената условна осуда": the sanction the appeal replaces
                if instead is not None and instead.search(
                    ctx.view, max(o0, m.start() - TUNING.window("instead_of_before_sanction")), m.start()
                ):
                    continue  # "... me 7 vjet burgim në vend të 10 vjet burgim": the sanction the appeal replaces
                kind = patterns.label_of(m, labels)
                wide = None
                if kind in ("prison", "house_arrest") and conversion is not None:
                    s0 = max(o0, ctx.sentence_view_span(m.start())[0])
                    if conversion.search(ctx.view, s0, m.start()):
                        continue  # "... ne plati, zamijeniti kaznom zatvora": what follows if not paid
                if ctx.family in DURATION_BEFORE:
                    window = (max(o0, m.start() - TUNING.window("length_before_sanction")), m.end())
                else:
                    window = (m.end(), min(o1, m.end() + TUNING.window("length_after_sanction")))
                if kind == "conditional" and ctx.family in DURATION_BEFORE and patterns.gate(
                        RULE_FILE, "conditional_length_in_sentence", ctx.family, ctx.script):
                    wide, window = window, (max(window[0], ctx.sentence_view_span(m.start())[0]), window[1])
                is_final = False
                if final is not None:
                    fm = final.search(ctx.view, max(o0, m.start() - TUNING.window("final_words_before_sanction")),
                                      m.end())
                    is_final = fm is not None and not (
                        patterns.gate(RULE_FILE, "final_of_a_row", ctx.family, ctx.script)
                        and _not_last_of_its_row(ctx, rx, fm, m.start(), m.end())
                    )
                if not is_final and reduction is not None and reduction.search(
                        ctx.view, max(o0, ctx.sentence_view_span(m.start())[0]), m.start()):
                    # "dënim të përbashkët 10 vjet burgim. Pas zbritjes së 1/3, dënimi që do të vuajë është 6 vjet e
                    # 8 muaj burgim": the length after the one-third reduction, in its sentence, is the final one
                    is_final = True
                whom = _whom(ctx, op, counts, m.start(), n)
                if owner is not None and (om := owner.match(ctx.view, m.end(), o1)):
                    # "dënimin me 8 vjet burgim të të pandehurit X": the accused named right after it
                    named = [r for r in op.runs if om.start() <= r.start <= om.end()]
                    whom = list(named[0].people) if named else whom
                found.append(Sanction(kind, m.start(), m.end(), whom, window, is_final, wide=wide))

    scan(op.parts)
    found += _elided(ctx, op, found)
    found = _in_order(ctx, found, people)
    if patterns.gate(RULE_FILE, "sanction_table_rows", ctx.family, ctx.script):
        found = _table_rows(ctx, op, found)
    if patterns.gate(RULE_FILE, "sanction_table_cells", ctx.family, ctx.script):
        found = _table_cells(ctx, op, found, rx, labels)
    if patterns.gate(RULE_FILE, "sanction_unified_table_row", ctx.family, ctx.script):
        found = _unified_table_row(ctx, found)
    if not found:
        # an appeal that upholds the decision without restating its sanction: the sanction the
        # introduction reports of that decision (charges.Operative.upheld)
        scan(op.upheld)
    elif op.upheld and people is not None and patterns.load(RULE_FILE).get("upheld_per_defendant", {}).get(ctx.family):
        found += _upheld_for_others(ctx, op, people, found, rx, labels, final)
    found.sort(key=lambda s: s.start)
    found = _house_modifiers(ctx, found)
    # the window of a phrase stops at the next phrase (Serbian order: phrase, then length)
    if ctx.family not in DURATION_BEFORE:
        for a, b in zip(found, found[1:], strict=False):
            if b.start < a.window[1] and not (a.kind == "conditional" and b.kind == "prison"):
                a.window = (a.window[0], max(a.window[0], b.start))
    if patterns.gate(RULE_FILE, "fine_payment_terms", ctx.family, ctx.script):
        # (after the windows are cut: the words still end the window of the phrase before them)
        found = _without_payment_terms(ctx, found)
    return found


@dataclass(frozen=True)
class OrderRule:
    """How a language gives several accused their lengths in order under one sanction phrase (sentences.yaml
    `lengths_in_order` for the operative part, `lengths_in_order_reported` for a first instance's sentence
    reported in the reasons; the order words `lengths_in_order_words`, the numbers `lengths_in_order_shared_unit`)."""

    # "before": between the order word and the phrase; "after": after the phrase (mk, sr); "before_or_after": before,
    # else after (sq: "dënohen me burgim: i pari me 8 vjet, e dyta me 6 vjet")
    place: str
    accused: str  # "listed": in the order the phrase's names are listed; "first_named": as the verdict first names them
    one_phrase_each: bool  # also one phrase per accused followed by the order word ("9 vjet burgim dhe 6 vjet burgim përkatësisht")
    shared_unit: bool  # numbers sharing one unit where the whole lengths are not as many ("од 5, односно 3 години")
    at_once: bool  # the shared-unit numbers right after the phrase ("осуђени на казне затвора од 12 и 10 година")


def _order_rule(ctx: Context, key: str) -> OrderRule | None:
    entry = patterns.load(RULE_FILE).get(key) or {}
    rule = entry.get(f"{ctx.family}-{ctx.script}", entry.get(ctx.family))
    if not rule:
        return None
    return OrderRule(rule["place"], rule.get("accused", "listed"), bool(rule.get("one_phrase_each")),
                     bool(rule.get("shared_unit")), bool(rule.get("at_once")))


def _in_order(ctx: Context, found: list[Sanction], people: list[Person] | None) -> list[Sanction]:
    """Lengths given in order for several accused under one prison phrase: the k-th length is the k-th accused's,
    where the sentence holds as many lengths, in the rule's place, as the phrase has accused. Before the phrase,
    after the order word ("dënimin e tyre përkatësisht me 9 vjet dhe 6 vjet burgim"); or after it, the order word
    after or among them, and no other prison or conditional phrase in the sentence ("ги осудува првообвинетиот,
    второобвинетиот и третообвинетата на казни затвор во траење од 5 години, 4 години, односно 2 години и 6
    месеци, по редот по кој се наведени"; a probation is a length too). A sanction read after its phrase is
    placed at its length, so that the windows cut at the next phrase keep each length. The rule and its words
    per language in sentences.yaml `lengths_in_order`; languages without one keep ``found``."""
    rule = _order_rule(ctx, "lengths_in_order")
    word = patterns.phrases(RULE_FILE, "lengths_in_order_words", ctx.family)
    if rule is None or word is None:
        return found
    low = ctx.view.lower()

    def named_at(i: int) -> int:
        if people is None or i >= len(people) or not people[i].vname:
            return len(low) + i
        k = low.find(people[i].vname.lower())
        return k if k >= 0 else len(low) + i

    out: list[Sanction] = []
    done: set[int] = set()
    for k, s in enumerate(found):
        if k in done:
            continue
        n = len(s.people)
        s0, s1 = ctx.sentence_view_span(s.start)
        if n < 2 or s.kind != "prison" or not word.search(ctx.view, s0, s1):
            out.append(s)
            continue
        if rule.one_phrase_each:
            same = [j for j, x in enumerate(found) if j >= k and x.kind == "prison" and x.people == s.people
                    and s0 <= x.start < s1]
            if len(same) == n:
                for who, j in zip(s.people, same, strict=True):
                    out.append(replace(found[j], people=[who], window=(found[j - 1].end if j in same[1:] else
                                                                       found[j].window[0], found[j].window[1])))
                done.update(same)
                continue
        place, listed = rule.place, None
        if place in ("before", "before_or_after"):
            wm = word.search(ctx.view, max(s0, s.start - TUNING.window("respectively_before_sanction")), s.start)
            span = None if wm is None else (wm.end(), s.start)
            listed = None if span is None else _listed_lengths(ctx, rule, *span, n)
            place = "before" if listed is not None or place == "before" else "after"
        if place == "after":
            others = [x for x in found if x is not s and s0 <= x.start < s1
                      and x.kind in ("prison", "house_arrest", "conditional")]
            span = None if others or not word.search(ctx.view, s.end, s1) else (s.end, s1)
            listed = None if span is None else _listed_lengths(ctx, rule, *span, n)
        if listed is None:
            out.append(s)
            continue
        order = sorted(s.people, key=named_at) if rule.accused == "first_named" else s.people
        for who, (w0, w1, length) in zip(order, listed, strict=True):
            if place == "before":
                out.append(replace(s, people=[who], window=(w0, w1)))
            else:
                out.append(replace(s, start=w0, end=w0, people=[who], window=(w0, w0 if length else w1),
                                   length=length))
    return out


def _listed_lengths(
    ctx: Context, rule: OrderRule, pos: int, end: int, n: int
) -> list[tuple[int, int, tuple[float, Span] | None]] | None:
    """The ``n`` lengths written in view span (pos, end), in order: each as its view span, with the length read
    already where numbers share one unit ("од 5 (пет), односно 3 (три) години"); None where the span holds
    another count of them. Shared-unit numbers are tried where the lengths are not ``n`` whole ones, or first
    where they must follow the phrase at once (`at_once`)."""
    if not rule.at_once:
        os_, oe = ctx.orig_span(pos, end)
        lengths = [x for x in normalize.find_durations(ctx.unwrapped[os_:oe]) or [] if x[2].months or x[2].days]
        if len(lengths) == n:
            return [(*ctx.view_span(os_ + a, os_ + b), None) for a, b, _d in lengths]
    shared = _shared_unit_lengths(ctx, pos, end, rule.at_once) if rule.shared_unit else []
    if len(shared) != n:
        return None
    return [(ctx.view_span(*span)[0], ctx.view_span(*span)[0], (months, span)) for months, span in shared]


def _shared_unit_lengths(ctx: Context, pos: int, end: int, at_once: bool = False) -> list[tuple[float, Span]]:
    """Numbers sharing one unit after a prison phrase ("од 5 (пет), односно 3 (три) години", "од пет и три
    години", "од 12 и 10 година"): each number with that unit, in months and with its original span (the number
    to the unit), in order; [] where the sentence has none, or (``at_once``) where they do not follow ``pos`` at
    once (sentences.yaml `lengths_in_order_shared_unit`: group ``nums`` the numbers, ``u`` the unit; ``num`` the
    pattern of one number)."""
    entry = patterns.load(RULE_FILE).get("lengths_in_order_shared_unit") or {}
    rule = entry.get(f"{ctx.family}-{ctx.script}", entry.get(ctx.family))
    if not rule:
        return []
    rx = patterns.compile_source(rule["lengths"])
    m = rx.match(ctx.view, pos, end) if at_once else rx.search(ctx.view, pos, end)
    if m is None:
        return []
    unit = m.group("u")
    out: list[tuple[float, Span]] = []
    for t in patterns.compile_source(rule["num"]).finditer(ctx.view, m.start("nums"), m.end("nums")):
        if ctx.view[t.start() - 1] == "(":
            continue  # the number again in words: "5 (пет)"
        found = [x for x in normalize.find_durations(f"{t.group(0)} {unit}") or [] if x[2].months or x[2].days]
        if not found:
            return []
        months = round(found[0][2].total_months, 2)
        out.append((int(months) if months == int(months) else months, ctx.orig_span(t.start(), m.end("u"))))
    return out


def _reduced_from(ctx: Context, s: Sanction, span: Span) -> bool:
    """The length at original ``span`` is the sentence a reduction starts from ("pas zbritjes së 1/3 nga 9 vjet
    burgim", "ulur me 1/3 nga 9 vjet burgim"): "nga" right before it and a reduction word just before that, in
    its sentence (sentences.yaml `reduced_from`: the two patterns, lead and reduction)."""
    rule = patterns.load(RULE_FILE).get("reduced_from", {}).get(ctx.family)
    if not rule:
        return False
    lead, word = re.compile(rule["lead"]), re.compile(rule["reduction"])
    if not lead.search(ctx.unwrapped[max(0, span[0] - 20) : span[0]]):
        return False
    s0 = ctx.orig_span(*ctx.sentence_view_span(s.start))[0]
    return bool(word.search(ctx.unwrapped[max(s0, span[0] - TUNING.window("reduction_before_length")) : span[0]]))


def _not_last_of_its_row(ctx: Context, rx: re.Pattern[str], marker: re.Match[str], start: int, end: int) -> bool:
    """A final word on a line above (a table's header: "I pandehuri | Dënimi i caktuar | Zbritja 1/3 | Dënimi
    përfundimtar") stands for the last sentence of each row below it: a sanction at view span (start, end)
    with another sanction after it on its own line is the one set before the reduction (sentences.yaml
    `final_of_a_row`; a text or Word table comes with its cells split by spaces only)."""
    line_start = ctx.view.rfind("\n", 0, start) + 1
    if marker.start() >= line_start:
        return False  # the final word is on the sanction's own line
    line_end = ctx.view.find("\n", end)
    return rx.search(ctx.view, end, len(ctx.view) if line_end < 0 else line_end) is not None


def _elided(ctx: Context, op: Operative, found: list[Sanction]) -> list[Sanction]:
    """A prison phrase said once for several accused, each given a length of their own in the same sentence
    ("го осудува обвинетиот А.А. на казна затвор од 5 години, а обвинетиот Б.Б. на 3 години"; "ги осудува на
    казна затвор и тоа обвинетиот А.А. во траење од 5 години, а обвинетиот Б.Б. од 3 години"): a run of names
    followed at once by a length (sentences.yaml `elided_length`: only a preposition between) takes the kind of
    the phrase before it, its window that length. Languages without `elided_length` (sr, sq) get none."""
    lead = patterns.pattern(RULE_FILE, "elided_length", ctx.family, ctx.script)
    if lead is None:
        return []
    out: list[Sanction] = []
    for r in op.runs:
        if not any(a <= r.start < b for a, b in op.parts) or any(cs <= r.start < ce for cs, ce, _ in op.clauses):
            continue
        s0, s1 = ctx.sentence_view_span(r.start)
        before = [s for s in found if s0 <= s.start and s.end <= r.start]
        if not before or before[-1].kind not in ("prison", "house_arrest"):
            continue
        if before[-1].people == list(r.people) and _named_before_in_sentence(op, r.people, s0, before[-1].start):
            continue  # the phrase's own accused, named before it ("обвинетиот А.А. на казна затвор ...")
        m = lead.match(ctx.view, r.end, s1)
        if m is None:
            continue
        os_, oe = ctx.orig_span(m.end(), min(s1, m.end() + TUNING.window("elided_length_after_name")))
        first = normalize.find_durations(ctx.unwrapped[os_:oe])
        nxt = min((x.start for x in op.runs if x.start > r.end), default=s1)
        if not first or ctx.unwrapped[os_ : os_ + first[0][0]].strip():
            bare = _elided_bare_number(ctx, m.end(), min(s1, nxt), s1)
            if bare is not None:
                out.append(Sanction(before[-1].kind, r.start, r.end, list(r.people), (r.end, min(s1, nxt)),
                                    length=bare))
            continue  # the length must follow at once ("обвинетиот Б.Б. за време од 3 години" is a probation)
        out.append(Sanction(before[-1].kind, r.start, r.end, list(r.people), (r.end, min(s1, nxt))))
    return out


def _elided_bare_number(ctx: Context, pos: int, stop: int, s1: int) -> tuple[float, Span] | None:
    """A number with no unit right after an accused's name, the unit said once with the last accused's length
    ("ГИ ОСУДУВА на казна затвор, првообвинетиот А.А. во траење од пет, а второобвинетиот Б.Б. во траење од четири
    години"): that number in the unit of the next length of the sentence, in months, with its original span. Only
    where sentences.yaml `lengths_in_order_shared_unit` gives the language a `unit` (mk); else None."""
    entry = patterns.load(RULE_FILE).get("lengths_in_order_shared_unit") or {}
    rule = entry.get(f"{ctx.family}-{ctx.script}", entry.get(ctx.family))
    if not rule or not rule.get("unit"):
        return None
    num = re.compile(r"[ \t]*(?:" + rule["num"] + r")(?:[ \t]*\([^)\n]{1,20}\))?")
    m = num.match(ctx.view, pos, stop)
    if m is None or ctx.view[m.end() : stop].strip(" \t,") not in ("", "а", "и"):
        return None  # the number must stand alone up to the next accused
    u = re.compile(rule["unit"]).search(ctx.view, stop, s1)
    if u is None:
        return None
    t = re.match(r"[ \t]*(\S+)", ctx.view[m.start() : m.end()])
    found = [x for x in normalize.find_durations(f"{t.group(1) if t else ''} {u.group(0)}") or []
             if x[2].months or x[2].days]
    if not found:
        return None
    months = round(found[0][2].total_months, 2)
    return (int(months) if months == int(months) else months, ctx.orig_span(m.start(), m.end()))


def _named_before_in_sentence(op: Operative, people: list[int], s0: int, pos: int) -> bool:
    """Whether these accused are named in the sentence before ``pos``: a phrase said of the plural ("Обвинетите се
    осудуваат на казна затвор и тоа: А.А. ..., а Б.Б. ...") took the last accused named before its sentence."""
    return any(s0 <= r.start < pos and list(r.people) == list(people) for r in op.runs)


def _first_instance_sanctions(ctx: Context, people: list[Person]) -> dict[int, list[Sanction]]:
    """An appeal that changes one accused's sentence and upholds the rest ("Жалбата на обвинетиот Д.Н. ... СЕ
    ОДБИВА ... првостепената пресуда СЕ ПОТВРДУВА"): the others keep the sanction the reasons' first paragraph
    reports of them ("Обвинетиот Д.Н. е осуден на казна затвор од 6 години, а обвинетиот Р.Т. на ..."), each
    phrase given to the accused named last before it in its sentence. Only where sentences.yaml
    `first_instance_in_reasons` says so (mk, sr-Cyrl)."""
    if not patterns.gate(RULE_FILE, "first_instance_in_reasons", ctx.family, ctx.script) or not ctx.reasoning:
        return {}
    lab = patterns.labelled(RULE_FILE, "sanction", ctx.family)
    if lab is None:
        return {}
    rx, labels = lab
    # only where the operative part upholds ("СЕ ПОТВРДУВА") and annuls nothing ("СЕ УКИНУВА")
    upholds = patterns.phrases("charges", "appeal_upholds", ctx.family)
    annuls = patterns.phrases("victims", "annulment", ctx.family)
    if upholds is None or not any(upholds.search(ctx.view, a, b) for a, b in ctx.operative):
        return {}
    if annuls is not None and any(annuls.search(ctx.view, a, b) for a, b in ctx.operative):
        return {}
    part = ctx.reasoning[0]
    r0 = part[0]
    heading = re.match(r"[^\n]{0,60}\n\s*", ctx.view[r0 : part[1]])
    r0 += heading.end() if heading else 0
    r1 = min(part[1], r0 + TUNING.window("first_instance_report"))
    marks = sorted(
        (m.start(), m.end(), i)
        for i, p in enumerate(people)
        if len(p.vname) > 2
        for m in re.finditer(re.escape(p.vname), ctx.view[r0:r1])
    )
    marks = [(a + r0, b + r0, i) for a, b, i in marks]
    marks = sorted(marks + _reported_surname_marks(ctx, people, marks, r0, r1))
    out: dict[int, list[Sanction]] = {}
    for m in rx.finditer(ctx.view, r0, r1):
        s0, s1 = ctx.sentence_view_span(m.start())
        respective = _reported_in_order(ctx, people, m.end(), s1, (max(s0, r0), m.start()))
        if respective:
            for who, length in respective:
                out.setdefault(who, []).append(
                    Sanction(patterns.label_of(m, labels), m.start(), m.end(), [who], (m.end(), m.end()), length=length))
            continue
        named = [x for x in marks if max(s0, r0) <= x[0] and x[1] <= m.start()]
        owner = _report_owner_after(ctx, marks, m.end(), s1)
        if not named and owner is None:
            continue
        who = owner if owner is not None else named[-1][2]
        nxt = next((x[0] for x in marks if x[0] > m.end() and x[2] != who), s1)
        end = min(nxt, s1, m.end() + TUNING.window("length_after_sanction"))
        out.setdefault(who, []).append(Sanction(patterns.label_of(m, labels), m.start(), m.end(), [who], (m.end(), end)))
    return out


def _reported_surname_marks(
    ctx: Context, people: list[Person], marks: list[tuple[int, int, int]], r0: int, r1: int
) -> list[tuple[int, int, int]]:
    """A first instance's report that names the accused by the role word and surname alone ("На обвинетиот Спасов
    му е изречена парична казна ..., а на обвинетиот Јорданов казна затвор ..."): (start, end, person) of each
    surname after the role word (sentences.yaml `reported_surname_lead`) that names one accused only
    (`names.named_by`), not inside a full name already marked. [] where the language has no lead."""
    lead = patterns.pattern(RULE_FILE, "reported_surname_lead", ctx.family, ctx.script)
    if lead is None:
        return []
    vnames = [p.vname for p in people]
    out: list[tuple[int, int, int]] = []
    for m in names.NAME_WORD.finditer(ctx.view, r0, r1):
        a, b = m.start(), m.end()
        if any(x0 <= a < x1 for x0, x1, _ in marks):
            continue
        i = names.named_by(m.group(), vnames, ctx.family)
        if i is not None and any(lm.end() == a for lm in lead.finditer(ctx.view, max(r0, a - 40), a)):
            out.append((a, b, i))
    return out


def _report_owner_after(ctx: Context, marks: list[tuple[int, int, int]], pos: int, end: int) -> int | None:
    """The accused a reported sanction is said of by the name right after it ("Казната на А.А. и условната осуда
    на Б.Б. се правилно одмерени": the conditional sentence is Б.Б.'s, not А.А.'s, named before it); None where no
    name follows at once (sentences.yaml `report_owner_after`: the words between; Macedonian)."""
    lead = patterns.pattern(RULE_FILE, "report_owner_after", ctx.family, ctx.script)
    if lead is None:
        return None
    m = lead.match(ctx.view, pos, end)
    if m is None:
        return None
    return next((i for a, _b, i in marks if a == m.end()), None)


def _after_changed_from(ctx: Context, window: Span) -> Span:
    """ "казната затвор ... се намалува од 5 (пет) на 3 (три) години": an appeal that changes a length writes the old
    one first; the length served is read after "на" (sentences.yaml `changed_from_to`, matched up to it;
    Macedonian only). The window unchanged elsewhere."""
    rx = patterns.pattern(RULE_FILE, "changed_from_to", ctx.family, ctx.script)
    if rx is None:
        return window
    m = rx.search(ctx.view, *window)
    return (m.end(), window[1]) if m else _after_verb_changed_from(ctx, window)


def _after_verb_changed_from(ctx: Context, window: Span) -> Span:
    """ "ја намалува изречената казна затвор од 5 (пет) години на 3 (три) години": the verb of the change before
    the sanction words, the old length and "на" at the start of the window; the length served is read after "на"
    (sentences.yaml `changed_verb_before`, searched just before the window, and `changed_from_at_start`; Macedonian
    only). The window unchanged elsewhere."""
    verb = patterns.pattern(RULE_FILE, "changed_verb_before", ctx.family, ctx.script)
    start = patterns.pattern(RULE_FILE, "changed_from_at_start", ctx.family, ctx.script)
    if verb is None or start is None:
        return window
    if not verb.search(ctx.view, max(0, window[0] - TUNING.window("changed_verb_before")), window[0]):
        return window
    m = start.match(ctx.view, *window)
    return (m.end(), window[1]) if m else window


def _reported_in_order(
    ctx: Context, people: list[Person], pos: int, end: int, before: Span
) -> list[tuple[int, tuple[float, Span]]]:
    """ "окривљени А и Б ... осуђени на казне затвора од 12 и 10 година": in a first instance's report, lengths
    sharing one unit right after the sanction words go to the accused named together last before them
    (``before``: the sentence up to the sanction words), in that order, one length each (sentences.yaml
    `lengths_in_order_reported`). [] otherwise."""
    rule = _order_rule(ctx, "lengths_in_order_reported")
    if rule is None:
        return []
    runs = charges.defendant_runs(ctx, people, *before)
    if not runs or len(set(runs[-1].people)) < 2:
        return []
    accused = list(dict.fromkeys(runs[-1].people))
    listed = _listed_lengths(ctx, rule, pos, end, len(accused))
    if listed is None:
        return []
    return [(who, length) for who, (_a, _b, length) in zip(accused, listed, strict=True) if length is not None]


def _table_rows(ctx: Context, op: Operative, found: list[Sanction]) -> list[Sanction]:
    """A table of sentences ("| Optuženi | Krivično delo | Kazna zatvora |" / "| N.S. | čl. 388 ... | 3 godine |"):
    the prison words of its header line stand for each row below it, whose length is that row's defendant's."""
    out: list[Sanction] = []
    bars = patterns.gate(RULE_FILE, "sanction_table_bars", ctx.family, ctx.script)
    for s in found:
        line_start = ctx.view.rfind("\n", 0, s.start) + 1
        line_end = ctx.view.find("\n", s.end)
        if (
            s.kind != "prison"
            or any(line_start <= r.start < s.start for r in op.runs)
            or (bars and "|" not in ctx.view[line_start : len(ctx.view) if line_end < 0 else line_end])
        ):
            out.append(s)  # the prison words of a row ("| Ш.Д. | казна затвор од 8 години |"), not of the header
            continue
        pos, rows = (len(ctx.view) if line_end < 0 else line_end), []
        while pos < len(ctx.view):
            nxt = pos
            while nxt < len(ctx.view) and ctx.view[nxt] == "\n":
                nxt += 1
            end = ctx.view.find("\n", nxt)
            end = len(ctx.view) if end < 0 else end
            if bars and "|" not in ctx.view[nxt:end]:
                break
            lead = re.match(r"[ \t|]*(?:\d{1,2}[.)]?[ \t|]+)?", ctx.view[nxt:end])
            run = next((r for r in op.runs if r.start == nxt + lead.end()), None) if lead else None
            if run is None or not any(a <= nxt < b for a, b in op.parts):
                break
            rows.append(Sanction("prison", run.start, run.end, list(run.people), (run.end, end)))
            pos = end
        out += rows if rows else [s]
    return out


def _table_cells(ctx: Context, op: Operative, found: list[Sanction], rx: Any, labels: Any) -> list[Sanction]:
    """A table of sentences whose cells say the sanction ("| окривљени | дело | утврђена казна | јединствена казна
    |" / "| Р.Б. | тач. 1 ... | затвор 4 године | затвор 4 године и 9 месеци и новчана казна 100.000 динара |"):
    each row (a line that opens with a defendant's name, under a header line that names the accused and a
    sentence: sentences.yaml `table_header_person`, `table_sentence_column`) gives its defendant the sanctions
    written in it, "затвор" alone standing for prison (`table_prison_word`). Where the header names a unified
    column (`table_unified_column`), the last of several prison words of a row is that unified sentence. Read on
    the lines, not the cells: a text file loses the cell borders. Sanctions found inside the table otherwise are
    dropped. Where `sanction_table_cells` says so (sr-Cyrl)."""
    person = patterns.phrases(RULE_FILE, "table_header_person", ctx.family)
    column = patterns.phrases(RULE_FILE, "table_sentence_column", ctx.family)
    unified = patterns.phrases(RULE_FILE, "table_unified_column", ctx.family)
    prison = patterns.phrases(RULE_FILE, "table_prison_word", ctx.family)
    if person is None or column is None or prison is None:
        return found
    out: list[Sanction] = []
    spans: list[Span] = []
    for o0, o1 in op.parts:
        pos = o0
        while pos < o1:
            line_end = ctx.view.find("\n", pos, o1)
            line_end = o1 if line_end < 0 else line_end
            is_header = (
                0 < line_end - pos <= TUNING.window("table_header_line")
                and person.search(ctx.view, pos, line_end)
                and column.search(ctx.view, pos, line_end)
                and not any(pos <= r.start < line_end for r in op.runs)
            )
            if not is_header:
                pos = line_end + 1
                continue
            has_unified = unified is not None and unified.search(ctx.view, pos, line_end) is not None
            row, rows = line_end + 1, []
            while row < o1:
                while row < o1 and ctx.view[row] in "\n \t":
                    row += 1
                r_end = ctx.view.find("\n", row, o1)
                r_end = o1 if r_end < 0 else r_end
                lead = re.match(r"[ \t|]*(?:\d{1,2}[.)]?[ \t|]+)?", ctx.view[row:r_end])
                run = next((r for r in op.runs if lead and r.start == row + lead.end()), None)
                if run is None:
                    break
                marks = sorted(
                    [(m.start(), m.end(), patterns.label_of(m, labels)) for m in rx.finditer(ctx.view, run.end, r_end)]
                    + [(m.start(), m.end(), "prison") for m in prison.finditer(ctx.view, run.end, r_end)]
                )
                kept: list[tuple[int, int, str]] = []
                for m in marks:
                    if not kept or m[0] >= kept[-1][1]:
                        kept.append(m)
                prisons = [k for k in kept if k[2] == "prison"]
                last = prisons[-1] if has_unified and len(prisons) > 1 else None
                for k, (a, b, kind) in enumerate(kept):
                    nxt = kept[k + 1][0] if k + 1 < len(kept) else r_end
                    final = last is not None and a >= last[0]
                    rows.append(Sanction(kind, a, b, list(run.people), (b, nxt), final))
                row = r_end + 1
            if rows:
                out += rows
                spans.append((pos, row))
            pos = max(row, line_end + 1)
    if not out:
        return found
    return [s for s in found if not any(a <= s.start < b for a, b in spans)] + out


def _unified_table_row(ctx: Context, found: list[Sanction]) -> list[Sanction]:
    """A prison sentence followed by a table of the sentences determined per offence whose last row is labelled
    the unified one ("НА ЈЕДИНСТВЕНУ КАЗНУ ЗАТВОРА, и то:\n| дело | утврђена казна |\n| ... | 10 година |\n|
    ЈЕДИНСТВЕНА КАЗНА | 10 година и 8 месеци |"): the length is that row's; the sentence words of the table's
    header are no sanction of their own. The row opens with the label (`table_unified_column`). The table is read
    on its lines (short, no closing punctuation), not its cells: a text file joins the cells with spaces, a Word
    file puts each row in a paragraph. Where `sanction_unified_table_row` says so (sr-Cyrl)."""
    unified = patterns.phrases(RULE_FILE, "table_unified_column", ctx.family)
    if unified is None:
        return found
    v = ctx.view
    out: list[Sanction] = []
    taken: list[Span] = []
    for s in found:
        if any(a <= s.start < b for a, b in taken):
            continue  # the header's "утврђена казна затвора"
        if s.kind != "prison":
            out.append(s)
            continue
        line_end = v.find("\n", s.end)
        line_end = len(v) if line_end < 0 else line_end
        pos, first, row = line_end + 1, None, None
        for _ in range(TUNING.window("unified_table_lines")):
            while pos < len(v) and v[pos] in "\n \t":
                pos += 1
            end = v.find("\n", pos)
            end = len(v) if end < 0 else end
            line = v[pos:end].rstrip()
            if not line or len(line) > TUNING.window("unified_table_line") or line[-1] in ".,;:":
                break
            first = pos if first is None else first
            lead = pos + len(v[pos:end]) - len(v[pos:end].lstrip(" \t|"))
            m = unified.search(v, lead, end)
            if m is not None and m.start() == lead and re.search(r"\d", v[m.end() : end]):
                row = (m.end(), end)
                break
            pos = end + 1
        if first is not None and row is not None:
            s.window, s.final, s.length = row, True, None
            taken.append((first, row[1]))
        out.append(s)
    return out


def _without_payment_terms(ctx: Context, found: list[Sanction]) -> list[Sanction]:
    """ "Новчану казну окривљени Р.Б. је дужан да плати у року од три месеца": the fine words of the sentence
    that says how a fine imposed above is paid are no sanction of their own (sentences.yaml
    `fine_payment_terms_words`); kept where no fine came before."""
    terms = patterns.phrases(RULE_FILE, "fine_payment_terms_words", ctx.family)
    if terms is None:
        return found
    out: list[Sanction] = []
    for s in found:
        if s.kind == "fine" and any(x.kind == "fine" and x.start < s.start for x in found):
            s0, s1 = ctx.sentence_view_span(s.start)
            if terms.search(ctx.view, s.end, s1):
                continue
        out.append(s)
    return out


def _upheld_for_others(
    ctx: Context,
    op: Operative,
    people: list[Person],
    found: list[Sanction],
    rx: Any,
    labels: Any,
    final: Any,
) -> list[Sanction]:
    """An appeal that changes one accused's sentence and upholds the rest ("1. Ndryshimin e vendimit ...
    për të pandehurin A ...: Dënimin ... me 12 vjet burgim. 2. Lënien në fuqi të vendimit për të pandehurin
    B."): an accused the operative part gives no sanction, named in its upholding sentence (or any, when that
    sentence names nobody), keeps the sanction the introduction reports of them (the one after their name in
    the upheld paragraph, charges.Operative.upheld)."""
    upholds = patterns.phrases(charges.RULE_FILE, "appeal_upholds", ctx.family)
    if upholds is None:
        return []
    missing = [i for i in range(len(people)) if not any(i in s.people for s in found)]
    if not missing:
        return []
    named: list[int] = []
    anonymous = False
    for o0, o1 in op.parts:
        for m in upholds.finditer(ctx.view, o0, o1):
            s0, s1 = ctx.sentence_view_span(m.start())
            s0, s1 = max(s0, o0), min(s1, o1)
            runs = charges.defendant_runs(ctx, people, s0, s1)
            if not runs:
                anonymous = True
            named += [i for r in runs for i in r.people]
    targets = [i for i in missing if i in named or anonymous]
    out: list[Sanction] = []
    for p0, p1 in op.upheld:
        runs = charges.defendant_runs(ctx, people, p0, p1)
        for m in rx.finditer(ctx.view, p0, p1):
            before = [r for r in runs if r.end <= m.start()]
            whom = before[-1].people if before else (list(range(len(people))) if len(people) == 1 else [])
            mine = [i for i in whom if i in targets]
            if not mine:
                continue
            w0 = max(p0, before[-1].end if before else p0, m.start() - TUNING.window("length_before_sanction"))
            is_final = bool(final.search(ctx.view, max(w0, m.start() - TUNING.window("final_words_before_sanction")), m.end())) if final is not None else False
            out.append(Sanction(patterns.label_of(m, labels), m.start(), m.end(), mine, (w0, m.end()), is_final))
    return out


def _house_modifiers(ctx: Context, found: list[Sanction]) -> list[Sanction]:
    """ "kaznu zatvora u trajanju od 3 mjeseca koja će se izvršiti u prostorijama u kojima stanuje": the
    house-arrest words in the sentence of a prison phrase say where that sentence is served; the prison
    phrase becomes house arrest (its length stays the one written after it) and the words are dropped."""
    out: list[Sanction] = []
    for s in found:
        prev = out[-1] if out else None
        if (
            s.kind == "house_arrest"
            and prev is not None
            and prev.kind in ("prison", "house_arrest")
            and ctx.sentence_view_span(prev.start) == ctx.sentence_view_span(s.start)
        ):
            prev.kind = "house_arrest"
            continue
        out.append(s)
    return out


def _duration(ctx: Context, s: Sanction) -> tuple[float, Span] | None:
    if s.length is not None:
        return s.length
    after = (
        patterns.pattern(RULE_FILE, "length_after", ctx.family)
        if ctx.family in DURATION_BEFORE and s.kind in ("prison", "house_arrest")
        else None
    )
    m = after.match(ctx.view, s.end, min(len(ctx.view), s.end + TUNING.window("length_after_sanction"))) if after else None
    if m:
        # "me burgim për një kohëzgjatje prej 5 vjetësh": the length written after the sanction after all
        os_, oe = ctx.orig_span(m.start("t"), m.end("t"))
        found = [x for x in normalize.find_durations(ctx.unwrapped[os_:oe]) or [] if x[2].months or x[2].days]
        if found:
            a, b, d = found[0]
            months = round(d.total_months, 2)
            return (int(months) if months == int(months) else months), (os_ + a, os_ + b)
    os_, oe = ctx.orig_span(*_after_changed_from(ctx, s.window))
    # hours are the unit of community service and of leaving the home, never of a prison sentence
    found = [x for x in normalize.find_durations(ctx.unwrapped[os_:oe]) or [] if x[2].months or x[2].days]
    if not found:
        return None
    a, b, d = found[-1] if ctx.family in DURATION_BEFORE else found[0]
    months = round(d.total_months, 2)
    if months == int(months):
        months = int(months)
    return months, (os_ + a, os_ + b)


def sentence_fields(
    ctx: Context,
    people: list[Person],
    op: Operative,
    counts: list[Count],
    decided: dt.date | None,
    currency: str | None,
    appeal: bool = False,
) -> list[dict[str, FieldValue]]:
    """sentence.* fields per defendant (and detention credit, which overrides the paragraph's)."""
    n = len(people)
    sanctions = find_sanctions(ctx, op, counts, n, people)
    out: list[dict[str, FieldValue]] = [{} for _ in range(n)]
    for i in range(n):
        mine = [s for s in sanctions if i in s.people]
        out[i].update(_assemble(ctx, mine, currency))
    # (the looser words of the operative part before what an appeal's reasons report of the first instance)
    _fallback_sanctions(ctx, people, op, counts, sanctions, out, currency, in_reasons=False)
    if appeal and any("sentence.type" not in f for f in out):
        reported = _first_instance_sanctions(ctx, people)
        for i in range(n):
            if "sentence.type" not in out[i] and reported.get(i) and not _acquitted_on_every_count(ctx, counts, i):
                out[i].update(_assemble(ctx, reported[i], currency))
    _fallback_sanctions(ctx, people, op, counts, sanctions, out, currency, in_reasons=True)
    _confiscation(ctx, op, counts, out, currency)
    _measures(ctx, op, counts, out)
    _credit(ctx, op, counts, out, decided)
    return out


def _convicted(counts: list[Count], i: int) -> bool:
    """An outcome of the accused says they were found guilty (convicted, or convicted under another provision)."""
    return any(c.outcome in ("convicted", "requalified") for c in counts if i in c.people)


def _fallback_sanctions(
    ctx: Context,
    people: list[Person],
    op: Operative,
    counts: list[Count],
    sanctions: list[Sanction],
    out: list[dict[str, FieldValue]],
    currency: str | None,
    in_reasons: bool,
) -> None:
    """A convicted accused for whom no sanction phrase was read: a second, looser reading. The looser words of the
    sanctions (sentences.yaml `fallback_sanction`: any word for prison, house arrest, a fine, a conditional sentence,
    community service, juvenile measures in their forms), each with a length or an amount in its sentence (a
    juvenile measure needs none): first in the operative part, sentence by sentence, given to the accused named
    last before the words in their paragraph (else first after them, else the only accused, else whom the phrase
    is about as usual); then in the first sentence of the reasons that imposes a sentence (`fallback_sentencing`)
    and names the accused (or just before it; or there is one accused), never a juvenile measure there. Never in a
    sentence that proposes, states the statute's range or an earlier conviction (`fallback_not_imposed`, in the
    reasons also `fallback_not_imposed_in_reasons`), nor where the strict reading gave the words to someone. The
    fields as `_assemble` makes them, at a share of their confidence (tuning.yaml `fallback_operative`,
    `fallback_reasons`), rule id ``sentences.fallback.*``. ``in_reasons``: the reasons' step (else the operative
    part's). Where `fallback_for_convicted` says so."""
    if not patterns.gate(RULE_FILE, "fallback_for_convicted", ctx.family, ctx.script):
        return
    lab = patterns.labelled(RULE_FILE, "fallback_sanction", ctx.family, ctx.script)
    todo = [i for i in range(len(people)) if "sentence.type" not in out[i] and _convicted(counts, i)]
    if lab is None or not todo:
        return
    rx, labels = lab
    not_imposed = patterns.phrases(RULE_FILE, "fallback_not_imposed", ctx.family, ctx.script)
    not_in_reasons = patterns.phrases(RULE_FILE, "fallback_not_imposed_in_reasons", ctx.family, ctx.script)
    final = patterns.phrases(RULE_FILE, "final_marker", ctx.family)
    conversion = patterns.phrases(RULE_FILE, "conversion", ctx.family)
    replaced = patterns.phrases(RULE_FILE, "replaced", ctx.family)
    taken = [(s.start, s.end) for s in sanctions]
    single = len(people) == 1
    found: dict[int, list[Sanction]] = {}

    def loose(a: int, b: int, p0: int, prior: Span | None) -> dict[int, list[Sanction]]:
        """The loose sanctions of one sentence (view span a..b) that carry their length or amount, per accused:
        the accused named last before the words since ``p0``, else first after them in the sentence, else last in
        the stretch ``prior`` before it."""
        if any(x is not None and x.search(ctx.view, a, b) for x in (not_imposed, not_in_reasons if prior else None)):
            return {}
        names = _named(ctx, people, min(p0, prior[0]) if prior else p0, b)
        got: list[Sanction] = []
        matches = list(rx.finditer(ctx.view, a, b))
        for k, m in enumerate(matches):
            if any(t0 <= m.start() < t1 or m.start() <= t0 < m.end() for t0, t1 in taken):
                return {}  # a sanction the strict reading gave someone: not this accused's
            if any(a0 <= m.start() < a1 for a0, a1, _ in op.anchors):
                continue  # a prior conviction in a personal-data paragraph
            if replaced is not None and replaced.search(
                    ctx.view, max(a, m.start() - TUNING.window("replaced_word_before_sanction")), m.start()):
                continue  # "наместо изречената парична казна": the one replaced
            kind = patterns.label_of(m, labels)
            if prior and kind == "juvenile_measure":
                continue  # the reasons weigh measures ("сврха васпитних мера"): only the operative part's
            if kind in ("prison", "house_arrest") and conversion is not None and conversion.search(ctx.view, a, m.start()):
                continue  # "доколку не ја плати паричната казна, ќе се замени со затвор": the term if not paid
            before = [x for x in names if p0 <= x[0] and x[1] <= m.start()]
            after = [x for x in names if m.end() <= x[0] < b]
            earlier = [x for x in names if prior and prior[0] <= x[0] and x[1] <= prior[1]]
            whom = (before[-1][2] if before else after[0][2] if after else earlier[-1][2] if earlier
                    else [0] if single else [] if prior else _whom(ctx, op, counts, m.start(), len(people)))
            # its length up to the next loose word or the next accused named
            stop = min([b, m.end() + TUNING.window("fallback_length_after")]
                       + [x.start() for x in matches[k + 1:k + 2]] + [x[0] for x in after])
            window = (m.end(), max(m.end(), stop))
            is_final = final is not None and final.search(
                ctx.view, max(a, m.start() - TUNING.window("final_words_before_sanction")), m.end()) is not None
            sanction = Sanction(kind, m.start(), m.end(), list(whom), window, is_final)
            if kind in ("prison", "house_arrest") and _duration(ctx, sanction) is None:
                # the length before the word ("на 3 (три) године затвора", "5 vjet e 4 muaj burgim"), not before
                # the name
                floor = max(a, m.start() - TUNING.window("fallback_length_before"), before[-1][1] if before else a)
                length = _last_length(ctx, floor, m.end())  # (the words may hold its unit: "godine zatvora")
                if length is None:
                    continue
                sanction = replace(sanction, window=(floor, m.end()), length=length)
            if kind == "fine":
                os_, oe = ctx.orig_span(*window)
                if not normalize.find_money(ctx.unwrapped[os_:oe], currency):
                    continue
            got.append(sanction)
        if got and all(g.kind == "conditional" for g in got) and not any(_duration(ctx, g) for g in got) and (
                prior or b - a > TUNING.window("fallback_heading")):
            return {}  # "условно" alone, no length: nothing to go on (but a heading "УСЛОВНА ОСУДА" before its terms)
        mine: dict[int, list[Sanction]] = {}
        for g in got:
            for i in g.people:
                if i in todo:
                    mine.setdefault(i, []).append(replace(g, people=[i]))
        return mine

    # the operative part: every sentence (a per-count term, then the unified one marked final)
    for o0, o1 in [] if in_reasons else op.parts:
        for s0, s1 in _sentence_spans(ctx, o0, o1):
            p0 = ctx.view.rfind("\n\n", o0, s0 + 1)
            for i, got in loose(s0, s1, o0 if p0 < 0 else p0 + 2, None).items():
                found.setdefault(i, []).extend(got)
    # ... else the first sentence of the reasons that imposes one
    sentencing = patterns.phrases(RULE_FILE, "fallback_sentencing", ctx.family, ctx.script)
    for r0, r1 in (ctx.reasoning if in_reasons and sentencing is not None and ctx.has_structure else []):
        for s0, s1 in _sentence_spans(ctx, r0, r1):
            if all(i in found for i in todo):
                break
            if sentencing.search(ctx.view, s0, s1):
                prior = (max(r0, s0 - TUNING.window("fallback_name_before_sentence")), s0)
                for i, got in loose(s0, s1, s0, prior).items():
                    found.setdefault(i, got)
    share = TUNING.weight("fallback_reasons" if in_reasons else "fallback_operative")
    for i, mine in found.items():
        f = _assemble(ctx, mine, currency)
        if f.get("sentence.type") is None or f["sentence.type"].value is None:
            continue
        out[i].update(_lowered(f, share))


def _sentence_spans(ctx: Context, a: int, b: int) -> list[Span]:
    """The sentences of view span a..b in order, cut to it (the white space between two not a sentence of its own,
    nor the start of a line-long one)."""
    out: list[Span] = []
    pos = a
    while pos < b:
        while pos < b and ctx.view[pos].isspace():
            pos += 1
        if pos >= b:
            break
        s0, s1 = ctx.sentence_view_span(pos)
        s0, s1 = max(s0, pos), min(max(s1, pos + 1), b)
        out.append((s0, s1))
        pos = s1
    return out


def _named(ctx: Context, people: list[Person], a: int, b: int) -> list[tuple[int, int, list[int]]]:
    """(start, end, accused) of each naming of accused in view span a..b: the runs of names the other readers see
    ("Обвинетите Б.С. и Д.Т.", "првообвинетиот"), and each mention in another case (`_person_marks`: "Бабићу",
    "окривљеној Лазић") where no run stands."""
    runs = [(r.start, r.end, list(r.people)) for r in charges.runs_between(ctx, people, a, b)]
    marks = [(s, e, [i]) for s, e, i in _person_marks(ctx, people, a, b)
             if not any(r0 < e and s < r1 for r0, r1, _ in runs)]
    return sorted(runs + marks)


def _last_length(ctx: Context, a: int, b: int) -> tuple[float, Span] | None:
    """The last length (months, original span) written in a view span: the one right before (or ending in) a
    sanction word."""
    os_, oe = ctx.orig_span(a, b)
    found = [x for x in normalize.find_durations(ctx.unwrapped[os_:oe]) or [] if x[2].months or x[2].days]
    if not found:
        return None
    x0, x1, d = found[-1]
    months = round(d.total_months, 2)
    return (int(months) if months == int(months) else months), (os_ + x0, os_ + x1)


def _person_marks(ctx: Context, people: list[Person], a: int, b: int) -> list[tuple[int, int, int]]:
    """(start, end, person) of each mention of an accused in view span a..b, in any case ("Бабићу", "Марији
    Лазић"): the full name, each word in any case (`names.declined_pattern`), and the surname alone where it
    names one accused only (`names.named_by`, the one finder of an accused named by a declined surname). On the
    folded view."""
    folded = ctx.folded
    out: list[tuple[int, int, int]] = []
    for i, p in enumerate(people):
        words = patterns.fold_text(p.vname).split()
        if not words:
            continue
        run = r"[ \t\n]+".join(names.declined_pattern(w, ctx.family) for w in words)
        rx = re.compile(r"(?<![\w])(?:" + run + r")(?![\w])")
        out += [(m.start(), m.end(), i) for m in rx.finditer(folded, a, b)]
    vnames = [p.vname for p in people]
    for m in names.NAME_WORD.finditer(folded, a, b):
        i = names.named_by(m.group(), vnames, ctx.family)
        if i is not None:
            out.append((m.start(), m.end(), i))
    out.sort()
    kept: list[tuple[int, int, int]] = []
    for m in out:
        if kept and m[0] < kept[-1][1]:
            continue  # the surname inside the full name already marked
        kept.append(m)
    return kept


def _lowered(fields: dict[str, FieldValue], share: float) -> dict[str, FieldValue]:
    """The fields of a fallback reading: this share of their confidence, the rule id marked "fallback"."""
    out: dict[str, FieldValue] = {}
    for key, f in fields.items():
        source = f.source.replace("rule:sentences.", "rule:sentences.fallback.", 1) if f.source else f.source
        out[key] = f.model_copy(update={"confidence": round(f.confidence * share, 3), "source": source})
    return out


def _acquitted_on_every_count(ctx: Context, counts: list[Count], i: int) -> bool:
    """An accused the appeal acquits (charges rejected, proceedings discontinued) on every count of theirs: the
    sanction the reasons report of the first instance ("Срђан Вукмир на казну затвора од 8 година") is gone
    (sentences.yaml `acquitted_keeps_no_reported_sanction`)."""
    if not patterns.gate(RULE_FILE, "acquitted_keeps_no_reported_sanction", ctx.family, ctx.script):
        return False
    outcomes = [c.outcome for c in counts if i in c.people]
    return bool(outcomes) and all(o in ("acquitted", "charges_rejected", "discontinued") for o in outcomes)


def _assemble(ctx: Context, mine: list[Sanction], currency: str | None) -> dict[str, FieldValue]:
    f: dict[str, FieldValue] = {}
    cond = [s for s in mine if s.kind == "conditional"]
    prison = [s for s in mine if s.kind in ("prison", "house_arrest")]
    durations = {
        id(s): _duration(ctx, s) for s in mine if s.kind in ("prison", "house_arrest", "conditional")
    }
    if cond:
        c = cond[0]
        d = durations.get(id(c))
        if d is None:
            # "USLOVNU OSUDU kojom utvrđuje kaznu zatvora od ..." the length sits after the prison words
            later = [s for s in prison if c.start < s.start <= c.window[1] + TUNING.window("prison_after_conditional")]
            d = durations.get(id(later[0])) if later else None
        prob = _probation(ctx, c)
        if d and prob and d[1][0] < prob[1][1] and prob[1][0] < d[1][1] and patterns.gate(
                RULE_FILE, "probation_is_not_the_prison_length", ctx.family, ctx.script):
            # "kaznu zatvora od 6 meseci ..., s tim što se kazna zatvora neće izvršiti ako u roku od 2 godine":
            # the length after the conditional words is the probation; the prison length is the one set before
            before = [s for s in prison if s.start < c.start and durations.get(id(s))]
            d = durations.get(id(before[-1])) if before else None
        if d is None and ctx.family in DURATION_BEFORE:
            # "dënimin e tij me 1 vit e 8 muaj burgim.\n\n2. ... pezullimin e ekzekutimit të dënimit": the
            # prison sentence an item before suspends
            earlier = [s for s in prison if s.start < c.start and durations.get(id(s))]
            d = durations.get(id(earlier[-1])) if earlier else None
            if d is None and c.wide is not None:
                # no prison sentence of its own found before it: the length before its sentence after all
                d = _duration(ctx, replace(c, window=c.wide))
        conditional = TUNING.confidence("conditional")
        service = _service_on_suspension(ctx, c, mine)
        if service is not None:
            # "dënimi me burgim 1 vit, ekzekutimi i të cilit pezullohet sipas nenit 63 ..., me detyrimin ... 240 orë
            # punë në interes publik": the suspension is on condition of the work, the sentence community service
            f["sentence.type"] = ctx.field("community_service", TUNING.confidence("other_sanction"),
                                           [ctx.orig_span(service.start, service.end)], "sentences.type.suspended_for_service")
        else:
            f["sentence.type"] = ctx.field("conditional", conditional, [ctx.orig_span(c.start, c.end)], "sentences.type")
        f["sentence.suspended"] = ctx.field(
            True, conditional, [ctx.orig_span(c.start, c.end)], "sentences.suspended"
        )
        if d:
            f["sentence.prison_months"] = ctx.field(
                d[0], TUNING.confidence("conditional_prison_length"), [d[1]], "sentences.prison_months"
            )
        if prob:
            f["sentence.probation_months"] = ctx.field(
                prob[0], TUNING.confidence("probation_length"), [prob[1]], "sentences.probation_months"
            )
    else:
        with_len = [s for s in prison if durations.get(id(s))]
        served = [s for s in with_len if not _reduced_from(ctx, s, durations[id(s)][1])]
        if served and len(served) < len(with_len):
            with_len = served  # "me 6 vjet burgim (pas zbritjes së 1/3 nga 9 vjet burgim)": the one served
        imposed = [s for s in with_len if not _left_to_serve(ctx, durations[id(s)][1])]
        if imposed and len(imposed) < len(with_len):
            with_len = imposed  # "... dhe i mbeten për të vuajtur 6 vjet, 2 muaj e 18 ditë burgim": no sentence
        if with_len:
            finals = [s for s in with_len if s.final]
            pick = (
                finals[-1]
                if finals
                else (with_len[-1] if len(with_len) > 1 and ctx.family in DURATION_BEFORE else with_len[0])
            )
            if not finals and len(with_len) > 1 and ctx.family not in DURATION_BEFORE:
                pick = with_len[-1]
            months, span = durations[id(pick)]
            house = any(s.kind == "house_arrest" for s in mine) or _house(ctx, pick)
            kind = "house_arrest" if house else "prison"
            if _replaced_by_service(ctx, pick, mine) or _replaced_by_service_after(ctx, pick, mine):
                kind = "community_service"
            conf = TUNING.confidence("prison_final_or_only" if (finals or len(with_len) == 1) else "prison_one_of_several")
            f["sentence.type"] = ctx.field(
                kind, conf, [ctx.orig_span(pick.start, pick.end)], "sentences.type"
            )
            f["sentence.prison_months"] = ctx.field(months, conf, [span], "sentences.prison_months")
            f["sentence.suspended"] = ctx.field(False, TUNING.confidence("not_suspended"), [], "sentences.suspended")
        else:
            for kind in ("community_service", "fine", "juvenile_measure", "none", "prison", "house_arrest"):
                hit = [s for s in mine if s.kind == kind]
                if hit:
                    f["sentence.type"] = ctx.field(
                        kind, TUNING.confidence("other_sanction"), [ctx.orig_span(hit[0].start, hit[0].end)],
                        "sentences.type"
                    )
                    break
    fines = [s for s in mine if s.kind == "fine"]
    if fines:
        s = fines[0]
        if ctx.family in DURATION_BEFORE:
            # "... dënohet përfundimisht me 5 vjet burgim dhe me gjobë në shumën 2 000 000 lekë": the fine
            # after the one-third reduction replaces the one determined before it
            s = next((x for x in reversed(fines) if x.final), s)
        fine = _fine_amount(ctx, s, currency)
        if fine is None and patterns.gate(RULE_FILE, "fine_amount_in_a_later_mention", ctx.family, ctx.script):
            # "... dhe ndëshkohet me gjobë. Masa e gjobës, e caktuar 450 000 lekë, pas uljes ... bëhet 300 000 lekë":
            # the amount stated with a later mention of the fine
            fine = next((x for x in (_fine_amount(ctx, o, currency) for o in fines if o.start > s.start) if x), None)
        if fine is not None:
            f["sentence.fine"] = fine
    return f


def _fine_amount(ctx: Context, s: Sanction, currency: str | None) -> FieldValue | None:
    """The amount of the fine phrase ``s`` (its window, the Albanian amount after it, a total or daily amounts)."""
    window = (
        (s.start, max(s.window[1], s.end + TUNING.window("fine_amount_after_fine")))
        if ctx.family not in DURATION_BEFORE
        else s.window
    )
    os_, oe = ctx.orig_span(*window)
    money = normalize.find_money(ctx.unwrapped[os_:oe], currency) or []
    if ctx.family in DURATION_BEFORE:
        # "gjobë në shumën 2 000 000 lekë": the amount of a fine follows it, its length precedes a term
        after = ctx.orig_span(
            s.start,
            min(ctx.sentence_view_span(s.start)[1], s.end + TUNING.window("fine_amount_after_fine_albanian")),
        )
        later = normalize.find_money(ctx.unwrapped[after[0] : after[1]], currency) or []
        if later:
            os_, money = after[0], later
            if patterns.phrases(RULE_FILE, "fine_total", ctx.family) is not None:
                # the amount after a total word may stand further on in the fine's sentence
                oe = ctx.orig_span(*ctx.sentence_view_span(s.start))[1]
    money = _fine_total(ctx, s, os_, oe, money, currency)
    daily = _fine_in_daily_amounts(ctx, s, currency)
    if daily is not None:
        os_, money = 0, [daily]
    if money:
        a, b, mo = money[0]
        return ctx.field(mo.as_value(), TUNING.confidence("fine"), [(os_ + a, os_ + b)], "sentences.fine")
    return None


def _fine_in_daily_amounts(ctx: Context, s: Sanction, currency: str | None) -> tuple[int, int, Any] | None:
    """A fine in daily amounts ("60 (šezdeset) dnevnih iznosa, pri čemu se jedan dnevni iznos utvrđuje u
    visini od 1.500,00 dinara, što ukupno iznosi 90.000,00 dinara"): the total the sentence states, else the
    number of daily amounts times the first amount after them, as (start, end, Money), original offsets;
    None when the fine is not set in daily amounts (sentences.yaml `fine_daily`, `fine_daily_total`)."""
    daily = patterns.pattern(RULE_FILE, "fine_daily", ctx.family)
    if daily is None:
        return None
    end = max(ctx.sentence_view_span(s.start)[1], s.end + TUNING.window("fine_amount_after_fine"))
    dm = daily.search(ctx.view, s.end, end)
    if dm is None or dm.start() >= s.window[1]:
        return None  # (the daily amounts of the next fine, after another sanction phrase)
    total = patterns.phrases(RULE_FILE, "fine_daily_total", ctx.family)
    tm = total.search(ctx.view, dm.end(), end) if total is not None else None
    if tm is not None:
        ts, te = ctx.orig_span(tm.end(), end)
        found = normalize.find_money(ctx.unwrapped[ts:te], currency) or []
        if found:
            a, b, mo = found[0]
            return ts + a, ts + b, mo
    ds, de = ctx.orig_span(dm.end(), end)
    found = normalize.find_money(ctx.unwrapped[ds:de], currency) or []
    if not found:
        return None
    a, b, mo = found[0]
    n = int(dm.group("n"))
    return ds + a, ds + b, replace(mo, amount=mo.amount * n)


def _fine_total(ctx: Context, s: Sanction, os_: int, oe: int, money: list, currency: str | None) -> list:
    """A fine set in day-fines ("парична казна од 100 дневни глоби по 500,00 денари, односно вкупно
    50.000,00 денари"): the total, the amount after a total word, else the number of day-fines times the
    amount of one. Languages without `fine_total` / `day_fines` keep the first amount."""
    total = patterns.phrases(RULE_FILE, "fine_total", ctx.family)
    day = patterns.pattern(RULE_FILE, "day_fines", ctx.family)
    if total is None and day is None:
        return money
    # in the fine's own sentence (not the costs "вкупно" after it)
    oe = min(oe, ctx.orig_span(*ctx.sentence_view_span(s.start))[1])
    money = [x for x in money if x[1] <= oe - os_]
    window = ctx.unwrapped[os_:oe]
    tm = total.search(window) if total is not None else None
    dm = day.search(window) if day is not None else None
    if tm is not None and (dm is None or tm.start() > dm.start()):
        after = [x for x in (normalize.find_money(window, currency) or money) if x[0] >= tm.end()]
        if after:
            return after
    if dm is not None:
        one = normalize.find_money(window[dm.start("a") : dm.end()], currency)
        if one:
            per = one[0][2]
            return [(dm.start(), dm.end(), normalize.Money(per.amount * int(dm.group("n")), per.currency))]
    return money


def _replaced_by_service(ctx: Context, pick: Sanction, mine: list[Sanction]) -> bool:
    """ "казна затвор во траење од 6 месеци, која СЕ ЗАМЕНУВА со ОПШТОКОРИСНА РАБОТА во траење од 180 часа": the
    prison term set is replaced by community service in the same sentence, which is the sentence served (the
    prison length stays, as for a conditional sentence). The replacing words between (sentences.yaml
    `replaced_by_service`; Macedonian only)."""
    word = patterns.phrases(RULE_FILE, "replaced_by_service", ctx.family)
    if word is None:
        return False
    s0, s1 = ctx.sentence_view_span(pick.start)
    return any(
        c.kind == "community_service" and s0 <= pick.start and pick.end <= c.start < s1
        and word.search(ctx.view, pick.end, c.start)
        for c in mine
    )


def _service_on_suspension(ctx: Context, c: Sanction, mine: list[Sanction]) -> Sanction | None:
    """The community service a suspension is conditional on, in the suspension's sentence after it ("...,
    ekzekutimi i të cilit pezullohet sipas nenit 63 të K.P., me detyrimin që e dënuara të kryejë 240 orë punë në
    interes publik"): KP neni 63, coded community_service with the prison length kept (sentences.yaml gate
    `service_on_suspension`; Albanian only)."""
    if not patterns.gate(RULE_FILE, "service_on_suspension", ctx.family, ctx.script):
        return None
    s1 = ctx.sentence_view_span(c.start)[1]
    return next((x for x in mine if x.kind == "community_service" and c.end <= x.start < s1), None)


def _replaced_by_service_after(ctx: Context, pick: Sanction, mine: list[Sanction]) -> bool:
    """ "... dënohet me 8 muaj burgim.\n\n- Në bazë të nenit 63 të Kodit Penal, zëvendësimin e dënimit me 8 muaj
    burgim me dënimin me punë në interes publik": the prison term set is replaced by community service in a later
    sentence, the sentence served (the prison length stays, as for `_replaced_by_service`). The replacing words
    before the community service in its own sentence, no refusal before them (sentences.yaml
    `replaced_by_service_after`, `replaced_by_service_refused`; Albanian only)."""
    word = patterns.phrases(RULE_FILE, "replaced_by_service_after", ctx.family)
    if word is None:
        return False
    refused = patterns.phrases(RULE_FILE, "replaced_by_service_refused", ctx.family)
    for c in mine:
        if c.kind != "community_service" or c.start < pick.end:
            continue
        s0 = ctx.sentence_view_span(c.start)[0]
        w = word.search(ctx.view, s0, c.start)
        if w and not (refused is not None and refused.search(ctx.view, s0, w.start())):
            return True
    return False


def _left_to_serve(ctx: Context, span: Span) -> bool:
    """The length at original ``span`` is what is left to serve once the detention is deducted ("Nga ky dënim
    zbritet koha e paraburgimit ... dhe i mbeten për të vuajtur 6 vjet, 2 muaj e 18 ditë burgim"), not the
    sentence: the words of sentences.yaml `left_to_serve` right before it."""
    rule = patterns.load(RULE_FILE).get("left_to_serve", {}).get(ctx.family)
    if not rule:
        return False
    return re.search(rule, ctx.unwrapped[max(0, span[0] - 60) : span[0]]) is not None


def _house(ctx: Context, s: Sanction) -> bool:
    rx = patterns.labelled(RULE_FILE, "sanction", ctx.family)
    if rx is None:
        return False
    m = rx[0].search(ctx.view, s.end, min(len(ctx.view), s.window[1] + TUNING.window("house_arrest_after_length")))
    return bool(m and patterns.label_of(m, rx[1]) == "house_arrest")


def _probation(ctx: Context, c: Sanction) -> tuple[float, Span] | None:
    rx = patterns.pattern(RULE_FILE, "probation", ctx.family, ctx.script)
    if rx is None:
        return None
    m = rx.search(ctx.view, c.start, min(len(ctx.view), c.window[1] + TUNING.window("probation_after_length")))
    if not m:
        return None
    s, e = ctx.ospan(m, "t")
    d = normalize.parse_duration(ctx.unwrapped[s:e])
    if d is None:
        return None
    months = round(d.total_months, 2)
    return (int(months) if months == int(months) else months), ctx.ospan(m)


def _confiscation(
    ctx: Context, op: Operative, counts: list[Count], out: list[dict[str, FieldValue]], currency: str | None
) -> None:
    rx = patterns.phrases(RULE_FILE, "confiscation", ctx.family)
    if rx is None:
        return
    proceeds = patterns.phrases(RULE_FILE, "confiscation_proceeds", ctx.family)
    n = len(out)
    for o0, o1 in op.parts:
        for m in rx.finditer(ctx.view, o0, o1):
            if any(a0 <= m.start() < a1 for a0, a1, _ in op.anchors):
                continue
            s0, s1 = ctx.sentence_view_span(m.start())
            s0, s1 = max(s0, o0), min(s1, o1)
            # the persons named in the same sentence (or the usual attribution)
            runs = [r for r in op.runs if s0 <= r.start < s1]
            whom = runs[0].people if runs else _whom(ctx, op, counts, m.start(), n)
            os_, oe = ctx.orig_span(m.start(), s1)
            money = normalize.find_money(ctx.unwrapped[os_:oe], currency) or []
            is_money = bool(money) and proceeds is not None and proceeds.search(ctx.view, s0, s1)
            for i in whom:
                if is_money and "sentence.confiscation" not in out[i]:
                    a, b, mo = money[0]
                    out[i]["sentence.confiscation"] = ctx.field(
                        mo.as_value(), TUNING.confidence("confiscated_amount"), [(os_ + a, os_ + b)],
                        "sentences.confiscation"
                    )
                elif not is_money:
                    items = ctx.text[os_:oe].strip()
                    longest = int(TUNING.threshold("confiscated_items_chars"))
                    if len(items) > longest:
                        items = items[:longest].rsplit(" ", 1)[0] + " …"
                    prev = out[i].get("sentence.confiscated_items")
                    values = list(prev.value) if prev is not None and prev.value else []
                    if items and items not in values:
                        values.append(items)
                        out[i]["sentence.confiscated_items"] = ctx.field(
                            values, TUNING.confidence("confiscated_items"), [(os_, oe)], "sentences.confiscated_items"
                        )


def _measures(ctx: Context, op: Operative, counts: list[Count], out: list[dict[str, FieldValue]]) -> None:
    lab = patterns.labelled(RULE_FILE, "security_measure", ctx.family)
    if lab is None:
        return
    rx, labels = lab
    n = len(out)
    found: dict[int, dict[str, list[Span]]] = {}
    for o0, o1 in op.parts:
        for m in rx.finditer(ctx.view, o0, o1):
            if any(a0 <= m.start() < a1 for a0, a1, _ in op.anchors):
                continue
            for i in _whom(ctx, op, counts, m.start(), n):
                found.setdefault(i, {}).setdefault(patterns.label_of(m, labels), []).append(ctx.ospan(m))
    for i, kinds in found.items():
        spans = [sp for v in kinds.values() for sp in v[:1]]
        out[i]["sentence.security_measures"] = ctx.field(
            sorted(kinds), TUNING.confidence("security_measures"), spans, "sentences.security_measures"
        )


def _credit(
    ctx: Context,
    op: Operative,
    counts: list[Count],
    out: list[dict[str, FieldValue]],
    decided: dt.date | None,
) -> None:
    """Custody credited in the sentence; each "od X do Y" goes to the persons named just before it."""
    trig = patterns.phrases(RULE_FILE, "credit_trigger", ctx.family)
    rng = patterns.pattern(RULE_FILE, "credit_range", ctx.family)
    if trig is None or rng is None:
        return
    n = len(out)
    # "во притвор од X до Y и во куќен притвор од Y до Z": the stretches one accused is credited with in one
    # sentence add up (sentences.yaml `credit_sums_ranges`; elsewhere the first stretch counts)
    sums = patterns.gate(RULE_FILE, "credit_sums_ranges", ctx.family, ctx.script)
    for s0, s1, t in ctx.sentences_matching(trig, op.parts):
        groups: list[tuple[list[int], int, int]] = []
        for m in rng.finditer(ctx.view, t.start(), s1):
            runs = [r for r in op.runs if s0 <= r.start < m.start()]
            whom = runs[-1].people if runs else _whom(ctx, op, counts, t.start(), n)
            if sums and groups and groups[-1][0] == list(whom) and not any(
                groups[-1][2] <= r.start < m.start() for r in runs
            ):
                groups[-1] = (groups[-1][0], groups[-1][1], m.end())
            else:
                groups.append((list(whom), m.start(), m.end()))
        for whom, g0, g1 in groups:
            f = custody_days(ctx, rng, g0, g1, decided, "sentences.detention_days")
            if f.value is None:
                continue
            for i in whom:
                if "detention_days" not in out[i]:
                    out[i]["detention_days"] = f


def empty_sentence() -> dict[str, Any]:
    return {}


__all__ = ["find_sanctions", "sentence_fields", "empty"]


# --------------------------------------------------------------------------- registered steps (registry.py)


@extractor(
    "sentences.by_defendant",
    needs=("persons.defendants", "charges.operative", "charges.counts", "case.decision_day", "case.currency",
           "case.instance"),
)
def by_defendant(ctx: Context, found: Found) -> list[dict[str, FieldValue]]:
    return sentence_fields(
        ctx,
        found["persons.defendants"],
        found["charges.operative"],
        found["charges.counts"],
        found["case.decision_day"],
        found["case.currency"],
        appeal=found["case.instance"].value in ("second", "third"),
    )


_NOT_CONVICTED = {"acquitted", "charges_rejected", "discontinued"}


@extractor(
    "sentences.sentence", needs=("sentences.by_defendant", "charges.counts", "charges.by_count"), per_item=True
)
def sentence(ctx: Context, found: Found, item: Item) -> dict[str, FieldValue]:
    """detention_days and the sentence.* fields of one defendant. The lists the operative part was read
    for are empty lists when nothing was found (not "unknown"); a defendant acquitted (charges rejected,
    proceedings discontinued) on every count has sentence type none unless the operative part still gives a
    sanction."""
    rows = found["sentences.by_defendant"]
    out = dict(rows[item.index]) if item.index < len(rows) else {}
    for key in ("sentence.security_measures", "sentence.confiscated_items"):
        if key not in out or out[key].value is None:
            out[key] = ctx.field([], TUNING.confidence("nothing_listed"), [], "sentences.none")
    current = out.get("sentence.type")
    if current is not None and current.value is not None:
        return out
    by_count = found["charges.by_count"]
    outcomes = [
        by_count[k].get("outcome") for k, c in enumerate(found["charges.counts"]) if item.index in c.people
    ]
    if not outcomes or any(o is None or o.value not in _NOT_CONVICTED for o in outcomes):
        return out
    spans = [(e.start, e.end) for o in outcomes for e in o.evidence[:1]]
    conf = min(o.confidence for o in outcomes) * TUNING.weight("not_convicted_of_outcome")

    out["sentence.type"] = ctx.field("none", conf, spans, "sentences.type.not_convicted")
    return out
