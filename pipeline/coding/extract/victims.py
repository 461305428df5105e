"""Victims (injured parties): who they are, how the court heard them, and the decision on their
compensation claim.

A victim is a person named after a role word ("oštećena G.S.", "оштетената Б.Д.", "e dëmtuara A.K.",
"maloljetni L.M.") or in a list after one ("oštećene S.M., Z.T. i D.A.", "TË DËMTUARAT: A.K.; B.L.").
Companies and institutions that are "oštećeni" are not victims in the codebook's sense and are left out.
Every decision on compensation is attached to the victim named in its part of the sentence: "OBAVEZUJE
SE okrivljeni da oštećenom S.M. isplati ..., a oštećenoj S.M. ..., dok se oštećena S.M. sa preostalim
delom upućuje na parnični postupak".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from pipeline.coding.extract import names, patterns, tuning
from pipeline.coding.extract.charges import Count
from pipeline.coding.extract.context import Context, Span, empty
from pipeline.coding.extract.persons import Person, citizenship
from pipeline.coding.extract.registry import Found, Item, extractor
from pipeline.languages import rule_family
from pipeline.model import FieldValue
from pipeline.nlp import normalize
from pipeline.text.fold import name_key

RULE_FILE = "victims"
TUNING = tuning.Tuning("victims")


@dataclass
class Victim:
    name: str
    vname: str
    span: Span  # original span of the first mention
    mentions: list[Span] = field(default_factory=list)  # view spans of every mention
    role_mentions: list[Span] = field(default_factory=list)  # view spans of "role word + name"


# --------------------------------------------------------------------------- finding victims


def find_victims(ctx: Context, defendants: list[Person]) -> list[Victim]:
    found: list[Victim] = []
    mention = patterns.pattern(RULE_FILE, "mention", ctx.family, ctx.script)
    lst = patterns.pattern(RULE_FILE, "list", ctx.family)
    not_person = patterns.phrases(RULE_FILE, "not_person", ctx.family)
    reps = patterns.phrases("persons", "counsel_words", ctx.family)
    legal = patterns.phrases(RULE_FILE, "legal_representative", ctx.family)
    place = patterns.pattern(RULE_FILE, "place_before_name", ctx.family)
    end = ctx.closing[0] if ctx.has_structure else len(ctx.view)
    cands: list[tuple[int, int, bool]] = []  # view span of a name, found with its own role word
    if mention is not None:
        for m in mention.finditer(ctx.view, 0, end):
            cands.append((m.start("n"), m.end("n"), True))
    if lst is not None:
        for m in lst.finditer(ctx.view, 0, end):
            for pm in _names_rx(ctx.family).finditer(ctx.view, m.start("l"), m.end("l")):
                cands.append((pm.start(), pm.end(), False))
    cands += _heading_lines(ctx, end)
    cands.sort()
    for vs, ve, own in cands:
        cut = names.clean(ctx.view[vs:ve], vs)
        if cut is None:
            continue
        after = ctx.view[cut[1] : cut[1] + TUNING.window("not_person_after_name")]
        if not_person is not None and not_person.match(after.lstrip(" ,")):
            continue
        before = ctx.view[max(0, cut[0] - TUNING.window("representative_before_name")) : cut[0]]
        if not own and (
            (reps is not None and reps.search(before)) or (legal is not None and legal.search(before))
        ):
            continue  # a representative named in the list ("përfaqësuar nga nëna e saj, L.H.")
        if not own and place is not None and place.search(before):
            continue  # where a listed victim comes from ("оштетените Ф.Р. од Демир Хисар, ... и Ј.Б.")
        if not own and re.search(
            r"(?i:n[ëe]na|babai|majka|otac|мајка|татко)\W{0,12}(?:e|i)?\s*(?:saj|tij|tyre)?\W*$", before
        ):
            continue
        vname = ctx.view[cut[0] : cut[1]]
        if any(_is_defendant(vname, d) for d in defendants):
            continue
        hit = next((v for v in found if names.same_person(vname, v.vname)), None)
        if hit is None:
            os_, oe = ctx.orig_span(*cut)
            hit = Victim(ctx.text[os_:oe], vname, (os_, oe))
            found.append(hit)
        if own:
            hit.role_mentions.append(cut)
    _listed_with_victims(ctx, found, defendants, end)
    pseudonym = patterns.pattern(RULE_FILE, "pseudonym", ctx.family, ctx.script)
    for m in pseudonym.finditer(ctx.view, 0, end) if pseudonym is not None else []:
        # one word, not a name to the name rules: kept as written
        vname = m.group("n")
        if not any(v.vname == vname for v in found):
            os_, oe = ctx.orig_span(m.start("n"), m.end("n"))
            found.append(Victim(ctx.text[os_:oe], vname, (os_, oe), role_mentions=[(m.start("n"), m.end("n"))]))
    reps = _representatives(ctx, end)
    if reps:
        found = [v for v in found if not _represents_a_victim(v, reps, found)]
    for v in found:
        v.mentions = _all_mentions(ctx, v)
    return found


@cache
def _names_rx(family: str) -> re.Pattern[str]:
    """The names of a list of victims, read by the family's person pattern (names.person_source: "Joy A. B." is
    one victim where trailing initials are on, not "A. B.")."""
    return patterns.compile_source(patterns.phrase_regex(names.person_source(family), RULE_FILE))


def _representatives(ctx: Context, end: int | None = None) -> list[tuple[str, list[str]]]:
    """(representative, the persons she acts for) for each "N.L., nëna dhe përfaqësuese ligjore e të miturve
    R.L. dhe F.L." of the text before the closing part (pattern `represented`): a parent or guardian who files
    the claim for minors is not a victim herself."""
    rx = patterns.pattern(RULE_FILE, "represented", ctx.family)
    if rx is None:
        return []
    if end is None:
        end = ctx.closing[0] if ctx.has_structure else len(ctx.view)
    out: list[tuple[str, list[str]]] = []
    for m in rx.finditer(ctx.view, 0, end):
        listed = [pm.group() for pm in _names_rx(ctx.family).finditer(ctx.view, m.start("l"), m.end("l"))]
        if listed:
            out.append((m.group("r"), listed))
    return out


def _represents_a_victim(v: Victim, reps: list[tuple[str, list[str]]], found: list[Victim]) -> bool:
    """Whether ``v`` is named as the representative of a victim also found (and is not one of those she
    represents)."""
    for rep, listed in reps:
        if not names.same_person(v.vname, rep) or any(names.same_person(v.vname, n) for n in listed):
            continue
        if any(names.same_person(n, w.vname) for n in listed for w in found if w is not v):
            return True
    return False


def _for_the_represented(
    ctx: Context, victims: list[Victim], decided: dict[int, dict[str, Any]], rx: re.Pattern[str], labels: tuple[str, ...]
) -> None:
    """A decision of the operative part on the claim of a representative ("Lënien pa shqyrtim të padisë civile
    të paditëses N.L.", the mother of the minors R.L. and F.L.) decides the claims of those she represents."""
    for rep, listed in _representatives(ctx):
        name_rx = re.compile(r"(?<![\w.])" + re.escape(rep) + r"(?!\w)")
        for s0, s1, m in ctx.sentences_matching(rx, ctx.operative):
            if name_rx.search(ctx.view, s0, s1) is None:
                continue
            label = patterns.label_of(m, labels)
            for i, v in enumerate(victims):
                if i not in decided and any(names.same_person(v.vname, n) for n in listed):
                    decided[i] = {"outcome": label, "spans": [ctx.ospan(m)],
                                  "conf": TUNING.confidence("compensation_in_reasons"), "claim": None, "award": None}
            break


_UNAPPEALED = {"pranuar pjes": "partly_granted", "pranua pjes": "partly_granted", "pranuar": "granted",
               "pranua": "granted", "rrezuar": "rejected", "rrezua": "rejected"}


def _unappealed_claims(ctx: Context, victims: list[Victim], decided: dict[int, dict[str, Any]]) -> None:
    """An appeal's reasons saying the decision on a victim's claim was not appealed ("Vendimi për dëmshpërblimin
    e I.V. (15 000 euro, pranuar) nuk është ankimuar"): that decision stands (pattern `unappealed_claim`)."""
    rx = patterns.pattern(RULE_FILE, "unappealed_claim", ctx.family)
    if rx is None:
        return
    parts = ctx.reasoning if ctx.has_structure and ctx.reasoning else [(0, len(ctx.view))]
    for r0, r1 in parts:
        for m in rx.finditer(ctx.view, r0, r1):
            key = name_key(m.group("o"))
            outcome = next((o for k, o in _UNAPPEALED.items() if key.startswith(k)), None)
            if outcome is None:
                continue
            for i, v in enumerate(victims):
                if i not in decided and any(m.start() <= s < m.start("o") for s, _ in v.mentions):
                    decided[i] = {"outcome": outcome, "spans": [ctx.ospan(m)],
                                  "conf": TUNING.confidence("compensation_in_reasons"), "claim": None, "award": None}


def _listed_with_victims(ctx: Context, found: list[Victim], defendants: list[Person], end: int) -> None:
    """Initials listed together with a victim's ("tre persona nga Dibra, F.K., A.Sh. dhe G.Ll., të cilët"):
    the persons of one list share their part, so the others are victims too (`initials_listed_with_victims`;
    initials only, since witnesses and the accused are written in full)."""
    if not found or not (patterns.load(RULE_FILE).get("initials_listed_with_victims") or {}).get(ctx.family):
        return
    rx = patterns.pattern(RULE_FILE, "initials_list", ctx.family)
    if rx is None:
        return
    ini = patterns.compile_source(patterns.phrase_regex("re:{INITIALS}", RULE_FILE))
    for m in rx.finditer(ctx.view, 0, end):
        listed = []
        for im in ini.finditer(ctx.view, m.start(), m.end()):
            cut = names.clean(im.group(), im.start())
            if cut is not None:
                listed.append(cut)
        vnames = [ctx.view[a:b] for a, b in listed]
        if not any(names.same_person(n, v.vname) for n in vnames for v in found):
            continue
        for (a, b), vname in zip(listed, vnames, strict=True):
            if any(names.same_person(vname, v.vname) for v in found) or any(_is_defendant(vname, d) for d in defendants):
                continue
            os_, oe = ctx.orig_span(a, b)
            found.append(Victim(ctx.text[os_:oe], vname, (os_, oe)))


def _heading_lines(ctx: Context, end: int) -> list[tuple[int, int, bool]]:
    """The names that open the lines under a victims' heading of its own line (`heading_lines`), up to the
    first blank line."""
    heading = patterns.pattern(RULE_FILE, "heading_lines", ctx.family)
    if heading is None:
        return []
    line_name = patterns.pattern(RULE_FILE, "heading_line_name", ctx.family)
    out: list[tuple[int, int, bool]] = []
    for h in heading.finditer(ctx.view, 0, end):
        stop = ctx.view.find("\n\n", h.end(), end)
        stop = end if stop < 0 else stop
        pos = h.end() + 1
        while pos < stop:
            nl = ctx.view.find("\n", pos, stop)
            line_end = stop if nl < 0 else nl
            m = line_name.match(ctx.view, pos, line_end) if line_name is not None else None
            if m:
                out.append((m.start("n"), m.end("n"), True))
            pos = line_end + 1
    return out


def _is_defendant(vname: str, defendant: Person) -> bool:
    """A victim's name that is a defendant's. Initials after a victim's role word do not stand for a defendant
    the verdict names in full ("TË DËMTUARAT: E.S., K.M." beside the accused Klodian Mërkuri): a verdict that
    writes the accused's whole name writes the victims' initials to protect them, not the accused's."""
    if not names.same_person(vname, defendant.vname):
        return False
    return not (names.key(vname).startswith("i:") and names.key(defendant.vname).startswith("n:"))


def _all_mentions(ctx: Context, v: Victim) -> list[Span]:
    return [(s, e) for s, e, name in ctx.person_names() if names.same_person(name, v.vname)]


def _in_sentence(ctx: Context, v: Victim, s0: int, s1: int) -> list[Span]:
    return [m for m in v.mentions if s0 <= m[0] < s1]


# --------------------------------------------------------------------------- fields


def victim_fields(
    ctx: Context, victims: list[Victim], counts: list[Count], defendants: list[Person], trafficking: bool,
    appeal: bool = False,
) -> list[dict[str, FieldValue]]:
    out: list[dict[str, FieldValue]] = []
    for v in victims:
        f: dict[str, FieldValue] = {}
        f["name"] = ctx.field(
            v.name,
            TUNING.confidence("name_after_role_word" if v.role_mentions else "name_in_list"),
            [v.span],
            "victims.name",
        )
        f["sex"] = _sex(ctx, v)
        f["age"] = _age(ctx, v)
        f["minor"] = _minor(ctx, v, f["age"])
        f["citizenship"] = _citizenship(ctx, v)
        f["relationship_to_defendant"] = _relationship(ctx, v)
        f["testified"] = _testified(ctx, v, victims)
        f["protected_witness"] = _flag(ctx, v, "protected_witness", "victims.protected_witness", victims)
        f["legal_representative"] = _flag(
            ctx, v, "legal_representative", "victims.legal_representative", victims
        )
        out.append(f)
    _exploitation(ctx, victims, out, trafficking)
    _compensation(ctx, victims, out, appeal, acquitted=_acquitted_defendants(counts, defendants))
    return out


def _acquitted_defendants(counts: list[Count], defendants: list[Person]) -> list[Person]:
    """The accused acquitted (charges rejected, proceedings discontinued) on every count of theirs."""
    out = []
    for i, p in enumerate(defendants):
        outcomes = [c.outcome for c in counts if i in c.people]
        if outcomes and all(o in ("acquitted", "charges_rejected", "discontinued") for o in outcomes):
            out.append(p)
    return out


def _about(ctx: Context, v: Victim, victims: list[Victim], parts: list[Span] | None = None) -> list[Span]:
    """View spans that speak of one victim: in each sentence naming them, the words before the first
    victim named there ("zapisnike o saslušanju oštećenih S.M., Z.T. i D.A.") and the words from their
    name to the next victim's; and the next sentence when it names no victim (it goes on about them)."""
    out: list[Span] = []
    seen: set[int] = set()
    for s, _e in v.mentions:
        if parts is not None and not ctx.in_parts(s, parts):
            continue
        s0, s1 = ctx.sentence_view_span(s)
        named = sorted(ms for o in victims for ms, _ in o.mentions if s0 <= ms < s1)
        first = named[0] if named else s
        if s0 not in seen and first > s0:
            out.append((s0, first))
        seen.add(s0)
        nxt = min([ms for o in victims if o is not v for ms, _ in o.mentions if s < ms < s1] + [s1])
        out.append((s, nxt))
        n0, n1 = ctx.sentence_view_span(min(len(ctx.view) - 1, s1 + 1))
        if n0 > s0 and n0 not in seen and not any(_in_sentence(ctx, o, n0, n1) for o in victims):
            seen.add(n0)
            out.append((n0, n1))
    return out


def _windows(ctx: Context, v: Victim, before: int, after: int) -> list[Span]:
    spans = []
    for s, e in v.mentions:
        s0, s1 = ctx.sentence_view_span(s)
        spans.append((max(s0, s - before), min(s1, e + after)))
    return spans


def _sex(ctx: Context, v: Victim) -> FieldValue:
    lab = patterns.labelled(RULE_FILE, "sex", ctx.family)
    if lab is None:
        return empty()
    rx, labels = lab
    votes: dict[str, list[Span]] = {}
    for s, e in v.mentions:
        # the role word right before the name, or what follows it ("državljanka", "stara")
        for m in rx.finditer(ctx.view, max(0, s - TUNING.window("sex_word_before_name")), s):
            votes.setdefault(patterns.label_of(m, labels), []).append(ctx.ospan(m))
        for m in rx.finditer(ctx.view, e, min(len(ctx.view), e + TUNING.window("sex_word_after_name"))):
            votes.setdefault(patterns.label_of(m, labels), []).append(ctx.ospan(m))
    if not votes:
        return empty()
    best = max(votes, key=lambda k: len(votes[k]))
    share = len(votes[best]) / sum(len(x) for x in votes.values())
    confidence = TUNING.confidence("sex") + TUNING.weight("sex_share_of_votes") * share
    return ctx.field(best, confidence, votes[best][:3], "victims.sex")


def _age(ctx: Context, v: Victim) -> FieldValue:
    rx = patterns.pattern("persons", "age", ctx.family)
    if rx is None:
        return empty()
    for s, e in v.mentions:
        _, s1 = ctx.sentence_view_span(s)
        m = rx.search(ctx.view, e, min(s1, e + TUNING.window("age_after_name")))
        if m:
            return ctx.field(int(m.group("a")), TUNING.confidence("age"), [ctx.ospan(m)], "victims.age")
    return empty()


def _minor(ctx: Context, v: Victim, age: FieldValue) -> FieldValue:
    rx = patterns.phrases(RULE_FILE, "minor", ctx.family)
    if rx is not None:
        for s, e in v.mentions:
            m = rx.search(ctx.view, max(0, s - TUNING.window("minor_word_before_name")), s) or rx.search(
                ctx.view, e, min(len(ctx.view), e + TUNING.window("minor_word_after_name"))
            )
            if m:
                return ctx.field(True, TUNING.confidence("minor_word"), [ctx.ospan(m)], "victims.minor")
    if age.value is not None:
        spans = [(ev.start, ev.end) for ev in age.evidence]
        minor = age.value < TUNING.threshold("age_of_majority")
        return ctx.field(minor, TUNING.confidence("minor_from_age"), spans, "victims.minor")
    return empty()


def _citizenship(ctx: Context, v: Victim) -> FieldValue:
    for s, e in v.mentions:
        _, s1 = ctx.sentence_view_span(s)
        f = citizenship(ctx, e, min(s1, e + TUNING.window("citizenship_after_name")), "victims.citizenship")
        if f.value is not None:
            return f
    return empty()


def _relationship(ctx: Context, v: Victim) -> FieldValue:
    lab = patterns.labelled(RULE_FILE, "relationship", ctx.family)
    if lab is None:
        return empty()
    rx, labels = lab
    votes: dict[str, list[Span]] = {}
    for s, _e in v.mentions:
        for m in rx.finditer(ctx.view, max(0, s - TUNING.window("relationship_before_name")), s):
            votes.setdefault(patterns.label_of(m, labels), []).append(ctx.ospan(m))
    if not votes:
        return empty()
    best = max(votes, key=lambda k: len(votes[k]))
    return ctx.field(best, TUNING.confidence("relationship"), votes[best][:2], "victims.relationship_to_defendant")


def _testified(ctx: Context, v: Victim, victims: list[Victim]) -> FieldValue:
    """How the court heard the victim (statement read > heard at trial > not heard)."""
    lab = patterns.labelled(RULE_FILE, "testified", ctx.family)
    tags = {
        "victim_testimony_at_trial": "at_trial",
        "victim_statement_read": "statement_read",
        "victim_not_heard": "not_heard",
    }
    votes: dict[str, list[Span]] = {}
    parts = ctx.reasoning if ctx.has_structure and ctx.reasoning else [(0, len(ctx.view))]
    for a, b in _about(ctx, v, victims, parts):
        found: dict[str, list[Span]] = {}
        if lab is not None:
            rx, labels = lab
            for m in rx.finditer(ctx.view, a, b):
                found.setdefault(patterns.label_of(m, labels), []).append(ctx.ospan(m))
        if not found:
            oa = ctx.to_orig(a)
            for sent in ctx.sentences:
                if sent.start <= oa < sent.end:
                    for lab_name in sent.labels:
                        if lab_name in tags:
                            found.setdefault(tags[lab_name], []).append((sent.start, sent.end))
                    break
        if "not_heard" in found:
            found.pop("at_trial", None)  # "nije neposredno saslušana" is no hearing
        for k, sp in found.items():
            votes.setdefault(k, []).extend(sp)
    for label in ("statement_read", "at_trial", "not_heard"):
        if label in votes:
            confidence = TUNING.confidence("testified_one_way" if len(votes) == 1 else "testified_several_ways")
            return ctx.field(label, confidence, votes[label][:2], "victims.testified")
    return empty()


def _flag(ctx: Context, v: Victim, key: str, rule: str, victims: list[Victim]) -> FieldValue:
    """True when the words about this victim say it (see :func:`_about`)."""
    rx = patterns.phrases(RULE_FILE, key, ctx.family)
    if rx is None:
        return empty()
    for a, b in _about(ctx, v, victims):
        m = rx.search(ctx.view, a, b)
        if m:
            return ctx.field(True, TUNING.confidence("flag_said"), [ctx.ospan(m)], rule)
    return ctx.field(False, TUNING.confidence("flag_not_said"), [], rule)


def _exploitation(
    ctx: Context, victims: list[Victim], out: list[dict[str, FieldValue]], trafficking: bool
) -> None:
    """Forms of exploitation in the act descriptions that name the victim (operative part)."""
    lab = patterns.labelled(RULE_FILE, "exploitation", ctx.family)
    for f in out:
        f["exploitation"] = empty()
    if lab is None or not victims:
        return
    rx, labels = lab
    # act descriptions: paragraphs of the operative part
    blocks: list[Span] = []
    parts = list(ctx.operative) + (list(ctx.reasoning) if trafficking else [])
    for o0, o1 in parts:
        blocks += [(m.start(), m.end()) for m in _PARA.finditer(ctx.view, o0, o1)]
    case_forms: dict[str, list[Span]] = {}
    for b0, b1 in blocks:
        forms: dict[str, list[Span]] = {}
        for m in rx.finditer(ctx.view, b0, b1):
            forms.setdefault(patterns.label_of(m, labels), []).append(ctx.ospan(m))
        if not forms:
            continue
        for k, sp in forms.items():
            case_forms.setdefault(k, []).extend(sp)
        for i, v in enumerate(victims):
            if any(b0 <= s < b1 for s, _ in v.mentions):
                _add_forms(ctx, out[i], forms, TUNING.confidence("exploitation_in_victims_paragraph"))
    if trafficking and case_forms:
        for i, _v in enumerate(victims):
            if out[i]["exploitation"].value is None:
                _add_forms(ctx, out[i], case_forms, TUNING.confidence("exploitation_of_the_case"))


_PARA = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*")


def _add_forms(ctx: Context, f: dict[str, FieldValue], forms: dict[str, list[Span]], conf: float) -> None:
    prev = f.get("exploitation")
    values = list(prev.value) if prev is not None and prev.value else []
    spans = [(e.start, e.end) for e in prev.evidence] if prev is not None and prev.value else []
    for k, sp in forms.items():
        if k not in values:
            values.append(k)
            spans.append(sp[0])
    f["exploitation"] = ctx.field(values, conf, spans, "victims.exploitation")


# --------------------------------------------------------------------------- compensation


def _compensation(ctx: Context, victims: list[Victim], out: list[dict[str, FieldValue]], appeal: bool = False,
                  acquitted: list[Person] | None = None) -> None:
    lab = patterns.labelled(RULE_FILE, "compensation_outcome", ctx.family)
    word = patterns.phrases(RULE_FILE, "claim_word", ctx.family)
    claimed_rx = patterns.phrases(RULE_FILE, "claimed", ctx.family)
    decided: dict[int, dict[str, Any]] = {}
    if lab is not None and victims:
        rx, labels = lab
        over_list = patterns.gate(RULE_FILE, "decision_over_list", ctx.family, ctx.script)
        pay = patterns.pattern(RULE_FILE, "granted_pay_clause", ctx.family, ctx.script)
        found = list(ctx.sentences_matching(rx, ctx.operative))
        if pay is not None:
            # "Окривљени X дужан је да оштећеном К.Н. ... плати 300.000,00 динара": sentences with no phrase of the list
            seen = {a for a, _b, _m in found}
            found = sorted(found + [x for x in ctx.sentences_matching(pay, ctx.operative) if x[0] not in seen],
                           key=lambda x: x[0])
        for s0, s1, _m in found:
            if over_list:
                s1 = _list_after(ctx, s1)
            s0 = _after_appeal_ruling(ctx, s0, s1, word)
            if s0 < s1:
                before = {i: d["outcome"] for i, d in decided.items()}
                _decide_sentence(ctx, victims, s0, s1, rx, labels, decided)
                if patterns.gate(RULE_FILE, "referral_in_next_sentence", ctx.family, ctx.script):
                    _referral_in_next_sentence(ctx, victims, s1, rx, labels, decided, before)
    if decided and acquitted and lab is not None:
        _referred_only_as_to_the_acquitted(ctx, decided, acquitted, *lab)
    if lab is not None and victims and patterns.gate(RULE_FILE, "claims_table_rows", ctx.family, ctx.script):
        # a row's own short words, where the language has them ("| М.К. | ... | УСВАЈА СЕ – ... плаћају |")
        row_lab = patterns.labelled(RULE_FILE, "claims_table_row_outcome", ctx.family, ctx.script)
        decided.update(_claims_table_rows(ctx, victims, *(row_lab or lab)))
    if lab is not None and victims and len(decided) < len(victims):
        _for_the_represented(ctx, victims, decided, *lab)
    if appeal and victims and len(decided) < len(victims):
        _unappealed_claims(ctx, victims, decided)
    if appeal and decided:
        _upheld_award(ctx, victims, lab, decided)
    # a judgment annulled on appeal decides no claim: the first instance will decide again. A victim who
    # made no claim has none to decide (outcome left empty)
    annul = patterns.phrases(RULE_FILE, "annulment", ctx.family)
    if annul is not None and len(decided) < len(victims):
        am = next((m for o0, o1 in ctx.operative for m in [annul.search(ctx.view, o0, o1)] if m), None)
        if am is not None:
            for i, v in enumerate(victims):
                if not _made_claim(ctx, v, victims, word, claimed_rx) or _said_to_claim_nothing(ctx, v, lab):
                    continue
                decided.setdefault(
                    i,
                    {"outcome": "not_decided", "spans": [ctx.ospan(am)],
                     "conf": TUNING.confidence("compensation_annulled"), "claim": None, "award": None},
                )
    # decisions stated only in the reasons (no claim, referral explained there)
    parts = ctx.reasoning if ctx.has_structure and ctx.reasoning else []
    first_report = patterns.gate(RULE_FILE, "first_instance_in_reasons", ctx.family, ctx.script)
    if appeal and first_report and lab is not None and parts and len(decided) < len(victims):
        _first_instance_claims(ctx, victims, parts[0], lab, decided)
    in_reasons = (patterns.load(RULE_FILE).get("decided_in_reasons") or {}).get(ctx.family) or [
        "not_claimed", "referred_to_civil", "rejected"]
    in_intro = (patterns.load(RULE_FILE).get("first_instance_in_intro") or {}).get(ctx.family)
    upholds = patterns.phrases("charges", "appeal_upholds", ctx.family)
    if (
        appeal and in_intro and lab is not None and upholds is not None and len(decided) < len(victims)
        and any(upholds.search(ctx.view, o0, o1) for o0, o1 in ctx.operative)
    ):
        # an appeal that upholds the decision and decides no claim itself: the decision on each claim the
        # introduction reports of the decision appealed against ("OBJEKTI: ... me të cilin i pandehuri është
        # dënuar ..., si dhe është detyruar t'i paguajë të dëmtuarës A.M. 300 000 lekë") stands
        _first_instance_claims(ctx, victims, ctx.intro, lab, decided, whole=True)
    if lab is not None and parts and len(decided) < len(victims):
        rx, labels = lab
        for r0, r1 in parts:
            for m in rx.finditer(ctx.view, r0, r1):
                label = patterns.label_of(m, labels)
                s0, s1 = ctx.sentence_view_span(m.start())
                together = _meant_together(ctx, victims, s0, s1)
                for i, v in enumerate(victims):
                    if i in decided or not (_in_sentence(ctx, v, s0, s1) or together):
                        continue
                    if label == "referred_to_civil" and _no_party_beside(ctx, rx, labels, s0, s1):
                        label = "not_claimed"
                    if label in in_reasons:
                        decided[i] = {
                            "outcome": label,
                            "spans": [ctx.ospan(m)],
                            "conf": TUNING.confidence("compensation_in_reasons"),
                            "claim": None,
                            "award": None,
                        }
    for i, v in enumerate(victims):
        d = decided.get(i)
        f = out[i]
        claim_amount, claim_span = (d or {}).get("claim") or (None, None)
        if claim_amount is None:
            claim_amount, claim_span = _claim_in_reasons(ctx, v, word, victims)
        if d is None:
            f["compensation.outcome"] = empty()
            f["compensation.awarded"] = empty()
            claimed = _claimed_phrase(ctx, v, claimed_rx)
            f["compensation.claimed"] = (
                ctx.field(True, TUNING.confidence("claimed_phrase"), [claimed], "victims.compensation.claimed")
                if claimed
                else empty()
            )
            f["compensation.amount"] = (
                ctx.field(claim_amount, TUNING.confidence("claim_amount_undecided"), [claim_span],
                          "victims.compensation.amount")
                if claim_amount
                else empty()
            )
            continue
        outcome = d["outcome"]
        if outcome == "granted" and d.get("award") and _award_below_claim(ctx, v, word, victims, d["award"][0]):
            outcome = "partly_granted"  # "kishte kërkuar 2 000 000 lekë ... Kolegji e ul shumën në 1 200 000 lekë"
        f["compensation.outcome"] = ctx.field(
            outcome, d["conf"], d["spans"][:3], "victims.compensation.outcome"
        )
        award = d.get("award")
        if award and outcome in ("granted", "partly_granted"):
            f["compensation.awarded"] = ctx.field(
                award[0], d["conf"] * TUNING.weight("awarded_of_outcome"), [award[1]], "victims.compensation.awarded"
            )
        else:
            f["compensation.awarded"] = empty()
        if outcome == "not_claimed":
            f["compensation.claimed"] = ctx.field(
                False, d["conf"], d["spans"][:1], "victims.compensation.claimed"
            )
        elif (
            outcome in ("granted", "partly_granted", "rejected", "referred_to_civil")
            or claim_amount
            or _claimed_phrase(ctx, v, claimed_rx)
        ):
            f["compensation.claimed"] = ctx.field(
                True, d["conf"] * TUNING.weight("claimed_of_outcome"), d["spans"][:1], "victims.compensation.claimed"
            )
        else:
            f["compensation.claimed"] = empty()
        if claim_amount:
            f["compensation.amount"] = ctx.field(
                claim_amount, TUNING.confidence("claim_amount"), [claim_span], "victims.compensation.amount"
            )
        elif outcome == "granted" and award:
            f["compensation.amount"] = ctx.field(
                award[0], TUNING.confidence("amount_from_award"), [award[1]], "victims.compensation.amount"
            )
        else:
            f["compensation.amount"] = empty()


def _claims_table_rows(
    ctx: Context, victims: list[Victim], rx: re.Pattern[str], labels: tuple[str, ...]
) -> dict[int, dict[str, Any]]:
    """The decisions of a table of claims in the operative part: a line that opens with one victim's name
    (after the table's bars) and holds a decision word is the decision on that victim's claim alone; the rows
    have no full stop between them, so the sentence reader would give one row's words to the next victim."""
    rows: dict[int, dict[str, Any]] = {}
    for o0, o1 in ctx.operative:
        pos = o0
        while pos < o1:
            end = ctx.view.find("\n", pos, o1)
            end = o1 if end < 0 else end
            lead = re.match(r"[ \t|#>*-]*", ctx.view[pos:end])
            start = pos + (lead.end() if lead else 0)
            opens = [i for i, v in enumerate(victims) if any(ms == start for ms, _ in v.mentions)]
            if len(opens) == 1 and rx.search(ctx.view, start, end):
                one: dict[int, dict[str, Any]] = {}
                _decide_sentence(ctx, [victims[opens[0]]], start, end, rx, labels, one)
                if 0 in one:
                    rows[opens[0]] = one[0]
            pos = end + 1
    return rows


def _after_appeal_ruling(ctx: Context, s0: int, s1: int, word: re.Pattern[str] | None) -> int:
    """Where an operative sentence's decision on claims starts after its ruling on the appeals ("ЖАЛБАТА на
    обвинителството СЕ УВАЖУВА ДЕЛУМНО, а жалбата на полномошникот на оштетената А.А. СЕ УВАЖУВА, па ..."): the
    "уважува" and "делумно" of the ruling are the appeal's, not a decision on a claim. The end of the last ruling
    in the sentence, or ``s1`` where no claim word follows it; ``s0`` without a ruling (victims.yaml
    `appeal_ruling`; Macedonian only)."""
    rx = patterns.pattern(RULE_FILE, "appeal_ruling", ctx.family, ctx.script)
    if rx is None:
        return s0
    ends = [m.end() for m in rx.finditer(ctx.view, s0, s1)]
    if not ends:
        return s0
    cut = max(ends)
    return cut if word is not None and word.search(ctx.view, cut, s1) else s1


# a line of a list: a dash, a bullet, or a number or letter with ")" / "."
_LIST_ITEM = re.compile(r"[ \t]*(?:[-–•]|\d{1,2}[.)]|[a-zа-ш][)])[ \t]+[^\n]*")


def _list_after(ctx: Context, s1: int) -> int:
    """The end of the list that follows a decision sentence ending in its verb ("ОБАВЕЗУЈУ СЕ окривљени да
    солидарно исплате / - оштећеној А износ од ..., / - оштећеној Б износ од ..."): the items are the sentence's
    objects, each victim's award (victims.yaml `decision_over_list`); s1 itself where no list follows."""
    end = s1
    pos = s1
    lim = min(len(ctx.view), s1 + TUNING.window("decision_list"))
    while pos < lim:
        gap = re.compile(r"[ \t]*\n(?:[ \t]*\n)?").match(ctx.view, pos)
        if gap is None and pos != s1:
            break
        start = gap.end() if gap else pos
        m = _LIST_ITEM.match(ctx.view, start)
        if m is None or m.end() > lim:
            break
        end = pos = m.end()
    return end


def _upheld_award(ctx: Context, victims: list[Victim], lab: tuple[re.Pattern[str], tuple[str, ...]] | None,
                  decided: dict[int, dict[str, Any]]) -> None:
    """An appeal that upholds the award while restating only the amount paid ("Lënien në fuqi të vendimit
    në pjesët e tjera, përfshirë detyrimin e të pandehurit për t'i paguar paditëses civile R.S. shumën
    800 000 lekë") upholds a partial grant when the introduction reports the claim granted in part ("duke u
    pranuar pjesërisht padia civile"): that victim's outcome is partly_granted (`upheld_award_as_reported`)."""
    if lab is None or not (patterns.load(RULE_FILE).get("upheld_award_as_reported") or {}).get(ctx.family):
        return
    upholds = patterns.phrases("charges", "appeal_upholds", ctx.family)
    word = patterns.phrases(RULE_FILE, "claim_word", ctx.family)
    if upholds is None or word is None:
        return
    rx, labels = lab
    i0, i1 = ctx.intro
    partly = []  # introduction sentences with a claim granted in part: (start, end)
    for m in rx.finditer(ctx.view, i0, i1):
        if patterns.label_of(m, labels) == "partly_granted":
            s0, s1 = ctx.sentence_view_span(m.start())
            if word.search(ctx.view, s0, s1):
                partly.append((max(s0, i0), min(s1, i1), m))
    if not partly:
        return
    for i, d in decided.items():
        sent = d.get("sentence")
        if d["outcome"] != "granted" or sent is None or not upholds.search(ctx.view, *sent):
            continue
        # the report names this victim, or no victim (the only claim of the decision appealed against)
        mine = [m for s0, s1, m in partly
                if _in_sentence(ctx, victims[i], s0, s1) or not any(_in_sentence(ctx, v, s0, s1) for v in victims)]
        if mine:
            d["outcome"] = "partly_granted"
            d["spans"] = [ctx.ospan(mine[0]), *d["spans"]][:3]


def _first_instance_claims(ctx: Context, victims: list[Victim], part: Span,
                           lab: tuple[re.Pattern[str], tuple[str, ...]], decided: dict[int, dict[str, Any]],
                           whole: bool = False) -> None:
    """An appeal or review whose operative part decides no claim leaves the first instance's decision
    standing: the reasons' first paragraph reports it ("Со првостепената пресуда осудениот е задолжен на
    оштетената В.Д. да ѝ го исплати ..., а оштетената Б.Н. не поставила имотноправно барање"), read
    sentence by sentence and split at each victim's name, as in the operative part."""
    rx, labels = lab
    # the first paragraph after the heading of the reasons
    r0 = part[0]
    heading = re.match(r"[^\n]{0,60}\n\s*", ctx.view[r0 : part[1]])
    r0 += heading.end() if heading else 0
    r1 = ctx.view.find("\n\n", r0 + 1, part[1])
    r1 = min(part[1] if r1 < 0 else r1, r0 + TUNING.window("first_instance_report"))
    r1 = _report_continued(ctx, r1, min(part[1], r0 + TUNING.window("first_instance_report")))
    if whole:  # the whole part given (the introduction), not its first paragraph
        r0, r1 = part
    found: dict[int, dict[str, Any]] = {}
    for s0, s1, _m in ctx.sentences_matching(rx, [(r0, r1)]):
        _decide_sentence(ctx, victims, s0, s1, rx, labels, found)
    for i, d in found.items():
        if i not in decided:
            d["conf"] = TUNING.confidence("first_instance_decision")
            decided[i] = d


def _report_continued(ctx: Context, r1: int, limit: int) -> int:
    """The first instance's report may go on in the next paragraphs ("Со побиваната пресуда обвинетите ... се
    огласени за виновни ...\n\nОбвинетиот А.А. е осуден ... обвинетите се задолжени на оштетената ... да ѝ
    исплатат ..."): the end of the report, taken on over each next paragraph until one that speaks of the appeal
    (victims.yaml `first_instance_report_stop`; Macedonian only). ``r1`` unchanged elsewhere."""
    stop = patterns.pattern(RULE_FILE, "first_instance_report_stop", ctx.family, ctx.script)
    if stop is None:
        return r1
    end = r1
    while end < limit:
        p0 = end
        while p0 < limit and ctx.view[p0].isspace():
            p0 += 1
        p1 = ctx.view.find("\n\n", p0, limit)
        p1 = limit if p1 < 0 else p1
        if p1 <= p0 or stop.search(ctx.view, p0, p1):
            break
        end = p1
    return end


_PLURAL_VICTIMS = re.compile(r"(?i:oštećen[ie]\b|oštećenima|оштетените|оштетени\b|të dëmtuarat|të dëmtuarit)")


_LIST_JOINT = re.compile(r"[\s,]*(?:(?:i|и|dhe|te)\s+)?")
# victims in the plural as the subject of a sentence: words that are plural only, or "oštećeni"/"oštećene"
# (singular too) with a plural verb a few words on
_PLURAL_SUBJECT = re.compile(
    r"(?i:оштетените|оштетени\b|oštećenima|të dëmtuarat|të dëmtuarit|viktimat\b|të miturit\b|të miturat\b"
    r"|oštećen[ie]\b(?:\W+\w+){0,10}?\W+(?:nisu|nijesu|postavil[ie]|postavljaju|pridružil[ie])\b)"
)


def _meant_together(ctx: Context, victims: list[Victim], s0: int, s1: int) -> bool:
    """A sentence of the reasons about the claim that names no victim but speaks of all of them: the only
    victim of the verdict ("Законскиот застапник на оштетената не постави имотноправно барање") or the
    victims in the plural ("Оштетените не поставија имотноправно барање"; "oštećeni" alone is singular
    too, so a plural verb must say so)."""
    word = patterns.phrases(RULE_FILE, "claim_word", ctx.family)
    if word is None or not word.search(ctx.view, s0, s1):
        return False
    if any(_in_sentence(ctx, v, s0, s1) for v in victims):
        return False
    if len(victims) == 1:
        return True
    return bool(_PLURAL_SUBJECT.search(ctx.view, s0, s1))


def _decide_sentence(
    ctx: Context,
    victims: list[Victim],
    s0: int,
    s1: int,
    rx: re.Pattern[str],
    labels: tuple[str, ...],
    decided: dict[int, dict[str, Any]],
) -> None:
    """Split one operative sentence at victim mentions and read the decision for each victim."""
    marks = sorted((s, i) for i, v in enumerate(victims) for s, _ in _in_sentence(ctx, v, s0, s1))
    word = patterns.phrases(RULE_FILE, "claim_word", ctx.family)
    if not marks and (word is None or not word.search(ctx.view, s0, s1)):
        return  # no victim and no claim: costs, not compensation ("se zadužuju obvinetite da platat")
    if not marks:
        if _PLURAL_VICTIMS.search(ctx.view, s0, s1) and victims:
            marks = [(s0, i) for i in range(len(victims))]
        elif len(victims) == 1:
            marks = [(s0, 0)]
        else:
            return
    first = marks[0][0]
    head_labels = [(patterns.label_of(m, labels), ctx.ospan(m)) for m in rx.finditer(ctx.view, s0, first)]
    if not head_labels and patterns.gate(RULE_FILE, "head_label_across_name", ctx.family, ctx.script):
        head_labels = _label_across_first_name(ctx, rx, labels, s0, s1, first)
    pay = patterns.pattern(RULE_FILE, "granted_pay_clause", ctx.family, ctx.script)
    pm = pay.search(ctx.view, s0, s1) if pay is not None else None
    if pm is not None and pm.start() < first and "granted" not in {k for k, _ in head_labels}:
        head_labels.append(("granted", ctx.ospan(pm)))  # "дужан је да оштећеном X ... плати": across the name
    # segments: from a mention to the next mention of another victim
    segs: dict[int, list[Span]] = {}
    ends = {ms: me for v in victims for ms, me in v.mentions if s0 <= ms < s1}
    for k, (s, i) in enumerate(marks):
        # victims meant together ("оштетените", one victim) share the sentence: one mark each at s0
        later = [(t, j) for t, j in marks[k + 1 :] if j != i and t > s]
        nxt = later[0][0] if later else s1
        # a list of victims before one decision ("Оштећене Г.П. и С.Ђ. упућују се ..."): the names joined
        # by "и", "i", "dhe" or a comma share the words after the last of them
        pos = ends.get(s, s)
        for n, (t, _j) in enumerate(later):
            if not _LIST_JOINT.fullmatch(ctx.view, pos, t):
                break
            pos = ends.get(t, t)
            nxt = later[n + 1][0] if n + 1 < len(later) else s1
        segs.setdefault(i, []).append((s, nxt))
    currency = ctx.currency
    # "..., док се оштетените / oštećeni sa preostalim delom upućuju na parnicu" after the last victim
    # named: the words from the plural on are about every victim of the sentence
    tail = next((m for m in _PLURAL_VICTIMS.finditer(ctx.view, marks[-1][0] + 1, s1)), None)
    shared = [(patterns.label_of(m, labels), ctx.ospan(m)) for m in rx.finditer(ctx.view, tail.start(), s1)] if tail else []
    for i, spans in segs.items():
        own = [(patterns.label_of(m, labels), ctx.ospan(m)) for a, b in spans for m in rx.finditer(ctx.view, a, b)]
        if pay is not None:
            own += [("granted", ctx.ospan(m)) for a, b in spans for m in pay.finditer(ctx.view, a, b)]
        own += [x for x in shared if x not in own]
        labs = list(head_labels) + own
        if _own_referral(ctx, spans, own, first, currency):
            # "СЕ ЗАДОЛЖУВА обвинетиот да им исплати на М.Х. ..., а оштетениот Ш.А. ... се упатува на
            # парница": the award before the first victim is not this later victim's
            labs = own
        if not labs:
            continue
        kinds = {k for k, _ in labs}
        if "partly_granted" in kinds or (
            "granted" in kinds and ("referred_to_civil" in kinds or "rejected" in kinds)
        ):
            outcome = "partly_granted"
        elif "granted" in kinds:
            outcome = "granted"
        else:
            outcome = (
                next(k for k in ("not_claimed", "referred_to_civil", "rejected", "not_decided") if k in kinds)
                if kinds & {"not_claimed", "referred_to_civil", "rejected", "not_decided"}
                else labs[0][0]
            )
        award = claim = None
        for a, b in spans:
            oa, ob = ctx.orig_span(a, b)
            money = normalize.find_money(ctx.unwrapped[oa:ob], currency) or []
            for ma, mb, mo in money:
                vm = ctx.to_view(oa + ma)
                before = name_key(ctx.view[max(a, vm - TUNING.window("claim_words_before_amount")) : vm])
                if (
                    re.search(
                        r"trazen|bara|kerko|zahtjev\w* u iznos|zahtev\w* u iznos|u iznosu od$|барањ", before
                    )
                    and outcome != "granted"
                ):
                    claim = claim or (mo.as_value(), (oa + ma, oa + mb))
                elif award is None and outcome in ("granted", "partly_granted"):
                    award = (mo.as_value(), (oa + ma, oa + mb))
                elif outcome == "referred_to_civil" and claim is None:
                    claim = (mo.as_value(), (oa + ma, oa + mb))
        if award is not None:
            award = _award_total(ctx, spans, currency, award)
        conf = TUNING.confidence(
            "outcome_for_named_victim" if len(segs) == 1 or i in {j for _, j in marks} else "outcome_shared"
        )
        spans_ev = [sp for k, sp in labs if k == outcome or outcome == "partly_granted"][:3]
        prev = decided.get(i)
        if prev is None or _rank(outcome) > _rank(prev["outcome"]):
            decided[i] = {
                "outcome": outcome,
                "spans": spans_ev or [ctx.orig_span(s0, s1)],
                "conf": conf,
                "award": award,
                "claim": claim,
                "sentence": (s0, s1),
            }
        elif prev is not None:
            prev["award"] = prev.get("award") or award
            prev["claim"] = prev.get("claim") or claim
            if _granted_and_refused_apart(ctx, prev, outcome, (s0, s1)):
                prev["outcome"] = "partly_granted"


def _referred_only_as_to_the_acquitted(
    ctx: Context, decided: dict[int, dict[str, Any]], acquitted: list[Person], rx: Any, labels: tuple[str, ...]
) -> None:
    """A claim granted against the accused convicted and referred to civil as to the accused acquitted, in the same
    sentence ("X дужан је да оштећеном К.Н. плати ..., док се за захтев према окривљеном Y оштећени упућује на
    парнични поступак"): the referral follows from the acquittal (чл. 258 ст. 4 ЗКП) and takes nothing from the
    award, so the claim is granted, not partly granted. Each referral phrase of the sentence must have an
    acquitted accused named after "према" / "у односу на" in the words before it (victims.yaml
    `referral_as_to_the_acquitted`, `as_to_accused`); no other refusal in the sentence."""
    if not patterns.gate(RULE_FILE, "referral_as_to_the_acquitted", ctx.family, ctx.script):
        return
    lead = patterns.pattern(RULE_FILE, "as_to_accused", ctx.family, ctx.script)
    if lead is None:
        return
    keys = [[w[:5] for w in name_key(p.vname).split() if len(w) > 2] for p in acquitted]
    for d in decided.values():
        if d["outcome"] != "partly_granted" or not d.get("sentence"):
            continue
        s0, s1 = d["sentence"]
        found = [(patterns.label_of(m, labels), m) for m in rx.finditer(ctx.view, s0, s1)]
        kinds = {k for k, _ in found}
        if kinds - {"granted", "referred_to_civil"} or "referred_to_civil" not in kinds:
            continue
        ok = True
        for k, m in found:
            if k != "referred_to_civil":
                continue
            before = ctx.view[max(s0, m.start() - TUNING.window("claim_words_before_amount") * 3) : m.start()]
            at = list(lead.finditer(before))
            after = name_key(before[at[-1].end():]) if at else ""
            if not at or not any(ws and all(w in after for w in ws) for ws in keys):
                ok = False
                break
        if ok:
            d["outcome"] = "granted"


def _award_total(ctx: Context, spans: list[Span], currency: str | None, award: tuple[Any, Span]) -> tuple[Any, Span]:
    """An award in several heads followed by their sum ("износ од 150.000,00 денари и ... износ од 100.000,00
    денари, или вкупно 250.000,00 денари"): the sum is the award (victims.yaml `award_total`, the words right
    before it; Macedonian only). The first amount otherwise."""
    total = patterns.pattern(RULE_FILE, "award_total", ctx.family, ctx.script)
    if total is None:
        return award
    for a, b in spans:
        oa, ob = ctx.orig_span(a, b)
        for ma, _mb, mo in normalize.find_money(ctx.unwrapped[oa:ob], currency) or []:
            if oa + ma <= award[1][0]:
                continue
            vm = ctx.to_view(oa + ma)
            if total.search(ctx.view, max(a, vm - TUNING.window("award_total_before_amount")), vm):
                return mo.as_value(), (oa + ma, oa + _mb)
    return award


def _granted_and_refused_apart(ctx: Context, prev: dict[str, Any], outcome: str, sentence: Span) -> bool:
    """A claim granted in one operative sentence and referred to civil or rejected in another ("ОБАВЕЗУЈЕ СЕ
    окривљени А да оштећеном М.Б. исплати ..." / "Оштећени М.Б. се у односу на окривљеног Б ... упућује на
    парницу"): granted in part, as one sentence with both words would be. Gated by victims.yaml
    `granted_and_refused_apart`."""
    if not patterns.gate(RULE_FILE, "granted_and_refused_apart", ctx.family, ctx.script):
        return False
    if prev.get("sentence") == sentence:
        return False
    return prev["outcome"] == "granted" and outcome in ("referred_to_civil", "rejected")


def _label_across_first_name(
    ctx: Context, rx: re.Pattern[str], labels: tuple[str, ...], s0: int, s1: int, first: int
) -> list[tuple[str, Span]]:
    """A decision phrase that opens before the first victim named and ends after her ("Имовинскоправни захтев
    оштећене С.М. се одбија."): the whole sentence's, as a phrase before the name would be (victims.yaml
    `head_label_across_name`)."""
    m = rx.search(ctx.view, s0, s1)
    if m is None or m.start() >= first:
        return []
    return [(patterns.label_of(m, labels), ctx.ospan(m))]


def _own_referral(ctx: Context, spans: list[Span], own: list[tuple[str, Span]], first: int,
                  currency: str | None) -> bool:
    """A victim named after another in the sentence whose own part only refers, rejects or says no claim
    and awards no amount."""
    if not own or spans[0][0] <= first:
        return False
    if not {k for k, _ in own} <= {"referred_to_civil", "rejected", "not_claimed"}:
        return False
    # the amount claimed ("со барањето за исплата на 50.000 денари се одбива") is no award, where victims.yaml
    # `claimed_amount_not_award` says so
    claimed_ok = (patterns.load(RULE_FILE).get("claimed_amount_not_award") or {}).get(ctx.family)
    for a, b in spans:
        oa, ob = ctx.orig_span(a, b)
        for ma, _mb, _mo in normalize.find_money(ctx.unwrapped[oa:ob], currency) or []:
            vm = ctx.to_view(oa + ma)
            before = name_key(ctx.view[max(a, vm - TUNING.window("claim_words_before_amount")) : vm])
            if not (claimed_ok and re.search(r"барањ|бара\w*\s|побара", before)):
                return False
    return True


def _referral_in_next_sentence(
    ctx: Context,
    victims: list[Victim],
    s1: int,
    rx: re.Pattern[str],
    labels: tuple[str, ...],
    decided: dict[int, dict[str, Any]],
    before: dict[int, str],
) -> None:
    """ "Mospranimin e kërkesës për shpërblim dëmi të të dëmtuarës X, si të paraqitur jashtë afatit. E dëmtuara ka
    të drejtë të ngrejë padi në gjykatën civile.": a claim the sentence just read refuses, whose next sentence of
    the operative part leaves the victim to sue in the civil court without naming another victim, is referred to
    the civil court, not decided on its merits (victims.yaml `referral_in_next_sentence`)."""
    fresh = [i for i, d in decided.items() if d["outcome"] == "rejected" and before.get(i) != "rejected"]
    if not fresh:
        return
    n = s1
    while n < len(ctx.view) and ctx.view[n].isspace():
        n += 1
    if not any(o0 <= n < o1 for o0, o1 in ctx.operative):
        return
    n0, n1 = ctx.sentence_view_span(n)
    hits = [m for m in rx.finditer(ctx.view, n0, n1) if patterns.label_of(m, labels) == "referred_to_civil"]
    if not hits or any(m for m in rx.finditer(ctx.view, n0, n1) if patterns.label_of(m, labels) != "referred_to_civil"):
        return
    named = {i for i, v in enumerate(victims) if _in_sentence(ctx, v, n0, n1)}
    for i in fresh:
        if named - {i}:
            continue
        decided[i] = {**decided[i], "outcome": "referred_to_civil", "spans": [ctx.ospan(hits[0]), *decided[i]["spans"]]}


def _no_party_beside(ctx: Context, rx: re.Pattern[str], labels: tuple[str, ...], s0: int, s1: int) -> bool:
    """A sentence of the reasons that says the victim will sue apart and made no claim here ("F.L. deklaroi se do ta
    kërkojë dëmin me padi të veçantë dhe nuk u ndërtua palë civile në këtë gjykim"): the court referred nothing, the
    claim was not made (victims.yaml gate `no_party_outranks_referral`)."""
    if not patterns.gate(RULE_FILE, "no_party_outranks_referral", ctx.family, ctx.script):
        return False
    return any(patterns.label_of(m, labels) == "not_claimed" for m in rx.finditer(ctx.view, s0, s1))


def _rank(outcome: str) -> int:
    return {
        "partly_granted": 5,
        "granted": 4,
        "rejected": 3,
        "referred_to_civil": 2,
        "not_claimed": 1,
        "not_decided": 0,
    }.get(outcome, 0)


def _said_to_claim_nothing(ctx: Context, v: Victim, lab: tuple[Any, tuple[str, ...]] | None) -> bool:
    """A sentence naming the victim says she made no claim ("E dëmtuara M.K. nuk është paraqitur si paditëse
    civile", the report of the first instance's decision in a Supreme Court's reasons): the claim word in it is no
    claim, so an annulment leaves her without one (victims.yaml gate `no_claim_before_annulment`)."""
    if lab is None or not patterns.gate(RULE_FILE, "no_claim_before_annulment", ctx.family, ctx.script):
        return False
    rx, labels = lab
    for s, _e in v.mentions:
        s0, s1 = ctx.sentence_view_span(s)
        if any(patterns.label_of(m, labels) == "not_claimed" for m in rx.finditer(ctx.view, s0, s1)):
            return True
    return False


def _made_claim(ctx: Context, v: Victim, victims: list[Victim], word: re.Pattern[str] | None,
                claimed_rx: re.Pattern[str] | None) -> bool:
    """Whether the verdict says the victim claimed compensation: a claim phrase or an amount claimed in a
    sentence naming the victim, a claim word beside a mention, or, for the only victim, a claim word at all."""
    if _claimed_phrase(ctx, v, claimed_rx) or _claim_in_reasons(ctx, v, word, victims)[0] is not None:
        return True
    if word is None:
        return False
    if any(word.search(ctx.view, *ctx.sentence_view_span(s)) for s, _e in v.mentions):
        return True
    return len(victims) == 1 and word.search(ctx.view) is not None


def _claim_in_reasons(
    ctx: Context, v: Victim, word: re.Pattern[str] | None, others: list[Victim]
) -> tuple[Any, Span | None]:
    """An amount claimed, from a sentence naming the victim and the claim ("postavio imovinskopravni
    zahtev u iznosu od 400.000,00 dinara"): the amount after the victim's name, before another's."""
    if word is None:
        return None, None
    currency = ctx.currency
    parts = ctx.reasoning if ctx.has_structure else [(0, len(ctx.view))]
    for s, _e in v.mentions:
        if not ctx.in_parts(s, parts):
            continue  # the operative part awards; the reasons say what was claimed
        s0, s1 = ctx.sentence_view_span(s)
        if not word.search(ctx.view, s0, s1):
            continue
        nxt = min((ms for o in others if o is not v for ms, _ in o.mentions if s < ms < s1), default=s1)
        oa, ob = ctx.orig_span(s, nxt)
        for ma, mb, mo in normalize.find_money(ctx.unwrapped[oa:ob], currency) or []:
            vm = ctx.to_view(oa + ma)
            before = name_key(ctx.view[max(s0, vm - TUNING.window("claim_words_before_amount_in_reasons")) : vm])
            if re.search(r"zahtjev|zahtev|trazen|baran|bara|kerko|kerku|kerkes|shum|барањ|бара", before):
                return mo.as_value(), (oa + ma, oa + mb)
    return None, None


def _award_below_claim(ctx: Context, v: Victim, word: re.Pattern[str] | None, others: list[Victim], award: Any) -> bool:
    """Whether the amount the reasons say the victim claimed is more than the one awarded, in the same currency:
    a claim granted only in part, though the operative part only orders the payment (`award_below_claim_is_partial`,
    Albanian only so far)."""
    if not (patterns.load(RULE_FILE).get("award_below_claim_is_partial") or {}).get(ctx.family):
        return False
    claim, _span = _claim_in_reasons(ctx, v, word, others)
    if not isinstance(claim, dict) or not isinstance(award, dict) or claim.get("currency") != award.get("currency"):
        return False
    try:
        return Decimal(str(claim["amount"])) > Decimal(str(award["amount"]))
    except (InvalidOperation, KeyError, TypeError):
        return False


def _claimed_phrase(ctx: Context, v: Victim, rx: re.Pattern[str] | None) -> Span | None:
    if rx is None:
        return None
    for s, _e in v.mentions:
        s0, s1 = ctx.sentence_view_span(s)
        m = rx.search(ctx.view, s0, s1)
        if m:
            return ctx.ospan(m)
    return None


# --------------------------------------------------------------------------- registered steps (registry.py)


@extractor("victims.found", needs=("persons.defendants",))
def found_victims(ctx: Context, found: Found) -> list[Victim]:
    """The victims (injured parties), in order: the records of the victim level."""
    return find_victims(ctx, found["persons.defendants"])


@extractor(
    "victims.by_victim",
    needs=("victims.found", "charges.counts", "persons.defendants", "case.trafficking", "case.currency",
           "case.instance", "case.decision_type"),
)
def by_victim(ctx: Context, found: Found) -> list[dict[str, FieldValue]]:
    """The fields of every victim, read together (exploitation and compensation are decided across them)."""
    trafficking = bool(found["case.trafficking"]["trafficking_related"].value)
    rows = victim_fields(
        ctx, found["victims.found"], found["charges.counts"], found["persons.defendants"], trafficking,
        appeal=found["case.instance"].value in ("second", "third"),
    )
    _silent_claims(ctx, found["case.instance"], found["case.decision_type"], rows)
    return rows


def _silent_claims(ctx: Context, instance: FieldValue, decision_type: FieldValue,
                   victim_rows: list[dict[str, FieldValue]]) -> None:
    """Where a victim claims compensation only by joining the trial as civil claimant (Albanian
    "paditëse civile"; ``victims.yaml: silence_is_not_claimed``), a first-instance judgment that says
    nothing of a claim for a victim means none was made: outcome not_claimed, claimed false."""
    silent = patterns.gate(RULE_FILE, "silence_is_not_claimed", ctx.family, ctx.script)
    if not silent or instance.value != "first":
        return
    if decision_type.value not in ("judgment", "plea_agreement_judgment") and not _measure_ruling(ctx, decision_type):
        return
    for row in victim_rows:
        outcome, claimed = row.get("compensation.outcome"), row.get("compensation.claimed")
        if (outcome is None or outcome.value is None) and (claimed is None or claimed.value is None):
            spans = [(e.start, e.end) for e in row["name"].evidence][:1]  # the victim it is said of
            confidence = TUNING.confidence("silent_claim")
            row["compensation.outcome"] = ctx.field("not_claimed", confidence, spans, "victims.compensation.silent")
            row["compensation.claimed"] = ctx.field(False, confidence, spans, "victims.compensation.silent")



def _measure_ruling(ctx: Context, decision_type: FieldValue) -> bool:
    """A ruling (rešenje) that decides a juvenile's case on the merits: Serbian law imposes educational measures by
    a ruling, not a judgment ("изриче се васпитна мера појачаног надзора"), so its silence on a claim means none
    was made, as a judgment's (victims.yaml `measure_ruling`, Serbian Cyrillic only)."""
    rx = patterns.phrases(RULE_FILE, "measure_ruling", ctx.family, ctx.script)
    return decision_type.value == "decision" and rx is not None and rx.search(ctx.view) is not None


@extractor("victims.victim", needs=("victims.by_victim",), per_item=True)
def victim(ctx: Context, found: Found, item: Item) -> dict[str, FieldValue]:
    return found["victims.by_victim"][item.index]


def award_rules_out_not_claimed(compensation: dict[str, Any], language: str | None) -> bool:
    """Whether the rules' reading of a victim's compensation rules a field model's "not_claimed" out: an amount the
    operative part awards ("do t'i shlyejë L.G. 1 200 000 lekë") answers a claim, so "no claim" cannot stand beside
    it (victims.yaml gate `award_rules_out_not_claimed`). The guard the field-model stage asks of these rules."""
    family = rule_family(language)
    if family is None or not patterns.gate(RULE_FILE, "award_rules_out_not_claimed", family):
        return False
    awarded = compensation.get("awarded")
    return isinstance(awarded, FieldValue) and awarded.value is not None
