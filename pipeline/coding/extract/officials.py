"""The people of the court and the prosecution: judges (presiding first), registrar, prosecutor, and the
indictment that names the prosecutor's office.

The judge who signs is the one the lawyer codes first: names found in the introduction are checked
against the signature block, which also gives the nominative spelling."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rapidfuzz import fuzz

from pipeline.coding.extract import chains, names, patterns
from pipeline.coding.extract.chains import Rule
from pipeline.coding.extract.context import Context, Span, empty, split
from pipeline.coding.extract.registry import Found, extractor
from pipeline.model import FieldValue
from pipeline.nlp import normalize
from pipeline.text.fold import name_key

RULE_FILE = "case"  # pipeline/resources/extraction/case.yaml


def person_span(ctx: Context, m: re.Match[str], group: str) -> Span | None:
    """Original span of a name group, cut before words that are never names."""
    vs, ve = m.start(group), m.end(group)
    cut = names.clean(ctx.view[vs:ve], vs)
    if cut is None:
        return None
    return ctx.orig_span(*cut)


def _split_names(ctx: Context, vs: int, ve: int) -> list[Span]:
    """The names of a list "A, B i C" (view span) as original spans."""
    person = patterns.compile_source(patterns.phrase_regex("re:{PERSON}|{BARE}", RULE_FILE))

    def found(a: int, b: int) -> list[Span]:
        out = []
        for m in person.finditer(ctx.view, a, b):
            cut = names.clean(m.group(), m.start())
            if cut:
                out.append(ctx.orig_span(*cut))
        return out

    # members one a line ("Anëtarë: Y\n          Z"): a name may wrap onto the next line, so the lines are
    # read apart only when each of them holds a name of its own
    lines = []
    a = vs
    for nl in [i for i in range(vs, ve) if ctx.view[i] == "\n"] + [ve]:
        if ctx.view[a:nl].strip():
            lines.append((a, nl))
        a = nl + 1
    one_a_line = (patterns.load(RULE_FILE).get("panel_roles_after") or {}).get(ctx.family)
    if one_a_line and len(lines) > 1 and not any(ctx.view[a:b].rstrip().endswith(("-", "–")) for a, b in lines):
        per_line = [_two_side_by_side(ctx, a, b) or found(a, b) for a, b in lines]
        if all(per_line):
            return [sp for got in per_line for sp in got]
    if one_a_line and len(lines) == 1 and (side := _two_side_by_side(ctx, *lines[0])):
        return side
    return found(vs, ve)


_FOUR_WORDS = re.compile(r"[ \t|]*([A-ZËÇ][a-zëç]+[ \t]+[A-ZËÇ][a-zëç]+)[ \t|]+([A-ZËÇ][a-zëç]+[ \t]+[A-ZËÇ][a-zëç]+)[ \t|,.]*")


def _two_side_by_side(ctx: Context, a: int, b: int) -> list[Span]:
    """A line of a members list that holds four capitalised words and nothing else ("Y1 Y2 Z1 Z2"): two members
    written side by side in two columns, the gap between them lost when the text was read (no name of a judge
    has four words); [] for any other line."""
    m = _FOUR_WORDS.fullmatch(ctx.view, a, b)
    if m is None:
        return []
    return [ctx.orig_span(*m.span(1)), ctx.orig_span(*m.span(2))]


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
    ta, tb = names.tokens(name_key(a)), names.tokens(name_key(b))
    if len(ta) != len(tb) or len(ta) < 2:
        return False
    limit = float(patterns.load(RULE_FILE).get("signature_fuzzy_ratio") or 80)
    same = 0
    for x in ta:
        best = max(tb, key=lambda y: fuzz.ratio(x[:-2] if len(x) > 5 else x, y[:-2] if len(y) > 5 else y))
        bx, by = (x[:-2] if len(x) > 5 else x), (best[:-2] if len(best) > 5 else best)
        if names.same_person(x + " " + x, best + " " + best) or bx == by:
            same += 1
        elif fuzz.ratio(bx, by) < limit:
            return False
    return same >= 1


def _signed(ctx: Context, name: str, sig: Span) -> tuple[Span, bool] | None:
    """Where the person ``name`` stands in the signature block (a span of the block's text) and whether
    it is written the same way there; None when the block does not name them."""
    if names.is_initials(name) or sig[1] <= sig[0]:
        return None
    want = len(names.tokens(name))
    double = (patterns.load(RULE_FILE).get("signature_double_surname") or {}).get(ctx.family) or _DOUBLE
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
        if _hyphen_break(block, b):
            continue  # "Александра Тимо- || ... \nтијевић": the word goes on under it, not this name
        # a double surname joined by a dash in the block ("Mijušković-Stamatović") is one name
        more = re.match(double, block[b:])
        if names.same_person(name_key(cand), name_key(name)):
            return (s0 + a, s0 + b + (more.end() if more else 0)), True
        if fuzzy is None and _close(cand, name):
            fuzzy = (s0 + a, s0 + b + (more.end() if more else 0)), False
    return fuzzy


_DOUBLE = r"[ \t]?[–-][ \t]?[^\W\d_]{3,}"


def _hyphen_break(block: str, end: int) -> bool:
    """A word of the signature block hyphenated at the end of its column ("Тимо-" before a space, the next
    column's "|" or the line end): the rest of it stands on the next line, so the word is no name (a double
    surname writes the dash between two words: "Ђурић-Марков", "Ђурић - Марков")."""
    return re.match(r"[-‐](?:[ \t|\n]|$)", block[end:]) is not None


def _nominative(ctx: Context, span: Span, sig: Span) -> Span:
    """The same person's name in the signature block (nominative), else the span as found."""
    hit = _signed(ctx, ctx.text[span[0] : span[1]], sig)
    return hit[0] if hit else span


def _signature_signer(ctx: Context, sig: Span, registrar: bool = False) -> Span | None:
    """The name under (or after) the judge's role word of the signature block, read by column when the
    registrar signs on the same lines ("Zapisničar S U D I J A" / "Novčić Slobodanka Tabaš Predrag");
    with ``registrar``, the name under the registrar's role word, the judge's column the other one."""
    role = patterns.pattern(RULE_FILE, "signature_judge_role", ctx.family, ctx.script)
    reg = patterns.pattern(RULE_FILE, "signature_registrar_role", ctx.family, ctx.script)
    if registrar:
        role, reg = reg, role
    if role is None or sig[1] <= sig[0]:
        return None
    s0, s1 = sig
    block = ctx.text[s0:s1]
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", block)]
    person = patterns.compile_source(patterns.phrase_regex("re:{PERSON}", RULE_FILE))
    for k, (ls, line) in enumerate(lines):
        rm = role.search(line)
        if rm is None:
            continue
        regm = reg.search(line) if reg is not None else None
        # "Записничар || Претседател на советот": the columns of a two-column block ("||", a Word row's "|")
        rest = line[rm.end() :].strip(" \t,.:;|")
        if regm is not None and regm.start() >= rm.end():
            rest = line[rm.end() : regm.start()].strip(" \t,.:;|")
        if rest:
            pm = person.match(rest)
            if pm:
                a = ls + line.index(rest, rm.end()) + pm.start()
                cut = names.clean(block[a : a + len(pm.group())], a)
                return (s0 + cut[0], s0 + cut[1]) if cut else None
            continue
        nxt = next(((s, t) for s, t in lines[k + 1 : k + 3] if t.strip()), None)
        if nxt is None:
            return None
        ns, text = nxt
        # "s.r." marks and the lost space between two columns ("Momirka FatićMILOVAN") separate names
        text = re.sub(r"(?<![^\W\d_])[sS][.,][ \t]?[rR](?![^\W\d_])\.?", lambda x: " " * len(x.group()), text)
        text = re.sub(r"[ \t]*\|+[ \t]*", lambda x: " " * len(x.group()), text)  # same length: offsets hold
        text = _blank_signature_marks(ctx, text, role)
        cuts = [
            0,
            *(i + 1 for i in range(len(text) - 1) if text[i].islower() and text[i + 1].isupper()),
            len(text),
        ]
        parts = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            for m in re.finditer(r"[^ \t,](?:[^\n,]*?[^ \t,])?(?=[ \t]{2,}|[ \t]*,|[ \t]*$)", text[a:b]):
                parts.append((a + m.start(), m.group()))
        parts = [(a, t) for a, t in parts if names.clean(t)]
        if regm is None:
            pick = parts[0] if len(parts) == 1 else None
        elif len(parts) == 2:
            pick = parts[1] if regm.start() < rm.start() else parts[0]
        else:
            pick = None
        if pick is None:
            return None
        cut = names.clean(pick[1], ns + pick[0])
        return (s0 + cut[0], s0 + cut[1]) if cut else None
    return None


def _blank_signature_marks(ctx: Context, text: str, role: Any) -> str:
    """The Cyrillic "с.р." marks and a role word the name line starts with ("Председник већа,\nсудија X"),
    blanked (same length: offsets hold), where case.yaml `signature_cyrillic_marks` is on (sr-Cyrl): the collapsed
    columns "Y, с.р. X, с.р." then split at the marks as the Latin ones do."""
    if not patterns.gate(RULE_FILE, "signature_cyrillic_marks", ctx.family, ctx.script):
        return text
    text = re.sub(r"(?<![^\W\d_])[сС][.,][ \t]?[рР](?![^\W\d_])\.?", lambda x: " " * len(x.group()), text)
    lead = role.match(text) if role is not None else None
    if lead is not None and lead.end() < len(text) and text[lead.end()] in " \t":
        text = " " * lead.end() + text[lead.end() :]
    return text


@extractor("case.judges")
def judges(ctx: Context, found: Found) -> FieldValue:
    """Presiding judge first, then the other members of the panel (lay judges included), in the
    nominative. The judge who signs the verdict is the one the lawyer codes first: when the rules of the
    introduction put someone else first (a member, a slip in "predsjednika vijeća"), the judge the
    signature block names moves to the front, written as signed. The rules are tried in the order of the
    chain ``case.judges`` (extraction/chains.yaml)."""
    i0, i1 = ctx.intro
    sig = ctx.orig_span(*ctx.signatures)
    # every name of a panel phrase is in the case "sastavljenom od" governs ("od sudija X – predsjednika
    # vijeća, Y i Z": genitive, though "sudija" alone reads as a nominative)
    panel_case = (patterns.load(RULE_FILE).get("panel_case") or {}).get(ctx.family)

    def listed(judges_found: list[tuple[Span, str]]) -> tuple[list[tuple[Span, str]], bool] | None:
        return _signer_first(ctx, judges_found, sig) if judges_found else None

    def signed_mention(_rule: Rule) -> tuple[list[tuple[Span, str]], bool] | None:
        judges_found, moved = _signer_first(ctx, [], sig)
        return (judges_found, moved) if judges_found else None

    hit = chains.first(
        "case.judges",
        {
            "case.judges.panel": lambda _rule: listed(_panel(ctx, i0, i1)),
            "case.judges.panel_loose": lambda _rule: listed(_panel_loose(ctx, i0, i1)),
            "case.judges.roles": lambda _rule: listed(_roles(ctx, i0, i1)),
            "case.judges.single": lambda _rule: listed(_single(ctx, i0, i1)),
            "case.judges.signed_mention": signed_mention,
            "case.judges.signature": lambda rule: _signature_judge(ctx, sig, rule),
            "case.judges.entity": lambda rule: _entity_judge(ctx, rule),
        },
    )
    if hit is None:
        return empty()
    rule, result = hit
    if isinstance(result, FieldValue):
        return result
    judges_found, moved = result
    grammatical_case = panel_case if rule.id in ("case.judges.panel", "case.judges.panel_loose") else None
    judge_names: list[str] = []
    spans: list[Span] = []
    confirmed = 0
    for span, _role in judges_found:
        nom = _nominative(ctx, span, sig)
        if nom != span:
            confirmed += 1
            name = ctx.text[nom[0] : nom[1]]
        elif grammatical_case:
            name = names.nominative(ctx.text[span[0] : span[1]], _member_case(ctx, span, _role, grammatical_case))
        else:
            name = names.nominative_at(ctx, *span)
        if any(names.same_person(name_key(name), name_key(n)) for n in judge_names):
            continue
        judge_names.append(name)
        spans.append(span)
        if nom != span:
            spans.append(nom)
    ents = ctx.entities_of("JUDGE")
    bonus = chains.score("case.judges", "entity_agrees") * min(
        int(chains.score("case.judges", "entity_agrees_max")),
        sum(1 for e in ents if any(names.same_person(name_key(e.text), name_key(n)) for n in judge_names)),
    )
    conf = (
        rule.confidence
        + bonus
        + (chains.score("case.judges", "signed") if confirmed else 0)
        + (chains.score("case.judges", "moved_to_signer") if moved else 0)
    )
    return ctx.field(judge_names, conf, spans, rule.source + ("+signature" if moved else ""))


def _member_case(ctx: Context, span: Span, role: str, grammatical_case: str) -> str:
    """A member's case in a panel phrase: the phrase's, but the instrumental after "са судијама поротницима"
    (case.yaml `panel_instrumental`, the lay judges of a panel whose president is named in the nominative)."""
    vs = ctx.to_view(span[0])
    if role != "member":
        # the president named in the nominative ("судија X, као председник већа, са судијама поротницима")
        nom = patterns.pattern(RULE_FILE, "panel_presiding_nominative", ctx.family)
        if nom is not None and nom.match(ctx.view, ctx.to_view(span[1])):
            return "nominative"
        return "nominative" if _nominative_before(ctx, vs) else grammatical_case
    inst = patterns.phrases(RULE_FILE, "panel_instrumental", ctx.family)
    if inst is None:
        return grammatical_case
    found = inst.search(ctx.view, max(0, vs - names.TUNING.window("case_word_before_name")), vs)
    if not found and _nominative_members_before(ctx, vs):
        return "nominative"
    return "instrumental" if found else grammatical_case


def _nominative_before(ctx: Context, vs: int) -> bool:
    """ "председник већа судија X": the president's role in the nominative right before the name (case.yaml
    `panel_presiding_nominative_before`)."""
    rx = patterns.pattern(RULE_FILE, "panel_presiding_nominative_before", ctx.family)
    w = names.TUNING.window("case_word_before_name")
    return rx is not None and rx.search(ctx.view, max(0, vs - w), vs) is not None


def _nominative_members_before(ctx: Context, vs: int) -> bool:
    """ "и судије поротници Y и Z као чланови већа": lay judges named in the nominative (case.yaml
    `panel_nominative_members`, shortly before the member's name)."""
    rx = patterns.phrases(RULE_FILE, "panel_nominative_members", ctx.family)
    w = names.TUNING.window("case_word_before_name")
    return rx is not None and rx.search(ctx.view, max(0, vs - w), vs) is not None


def _panel(ctx: Context, i0: int, i1: int) -> list[tuple[Span, str]]:
    """ "u vijeću sastavljenom od sudije X, kao predsjednika vijeća, i sudija Y i Z"."""
    panel = patterns.pattern(RULE_FILE, "judges_panel", ctx.family, ctx.script)
    m = panel.search(ctx.view, i0, i1) if panel is not None else None
    if not m:
        return []
    out: list[tuple[Span, str]] = []
    p = person_span(ctx, m, "p")
    if p:
        out.append((p, "presiding"))
    out += [(sp, "member") for sp in _split_names(ctx, m.start("m"), m.end("m"))]
    if (patterns.load(RULE_FILE).get("panel_roles_after") or {}).get(ctx.family):
        # a panel one judge a line, each with their role ("gjyqtarët:\nX – kryesuese\nY – anëtar\nZ –
        # anëtare, relatore"): the members stop at the first role; the rest of the paragraph names the others
        # (a Word file makes each line a paragraph: the lines follow one another with only roles between)
        role_after = patterns.pattern(RULE_FILE, "judges_role_after", ctx.family)
        last = m.end()
        for rm in role_after.finditer(ctx.view, m.end(), i1) if role_after is not None else []:
            if not _ROLES_BETWEEN.fullmatch(ctx.view, last, rm.start()):
                break
            last = rm.end()
            sp = person_span(ctx, rm, "n")
            if sp and not any(a < sp[1] and sp[0] < b for (a, b), _ in out):
                out.append((sp, "member"))
    return out


_ROLES_BETWEEN = re.compile(r"[\s,;.()–-]*(?:(?i:relator\w*|anëtar\w*|kryesues\w*|gjyqtar\w*)[\s,;.()–-]*)*")


def _panel_loose(ctx: Context, i0: int, i1: int) -> list[tuple[Span, str]]:
    """The presiding judge is named first, whatever the wording around the names."""
    loose = patterns.pattern(RULE_FILE, "judges_panel_loose", ctx.family, ctx.script)
    lm = loose.search(ctx.view, i0, i1) if loose is not None else None
    if not lm:
        return []
    names_listed = _split_names(ctx, lm.start("b"), lm.end("b"))
    return [(sp, "presiding" if k == 0 else "member") for k, sp in enumerate(names_listed)]


def _roles(ctx: Context, i0: int, i1: int) -> list[tuple[Span, str]]:
    """Names followed by their role ("X, predsjednik vijeća"); the presiding judge first."""
    role_after = patterns.pattern(RULE_FILE, "judges_role_after", ctx.family)
    if role_after is None:
        return []
    presiding = tuple(name_key(str(x)) for x in patterns.load(RULE_FILE).get("presiding_roles") or [])
    out: list[tuple[Span, str]] = []
    for rm in role_after.finditer(ctx.view, i0, i1):
        sp = person_span(ctx, rm, "n")
        if sp:
            out.append((sp, "presiding" if name_key(rm.group("r")).startswith(presiding) else "member"))
    out.sort(key=lambda x: x[1] != "presiding")
    return out


def _single(ctx: Context, i0: int, i1: int) -> list[tuple[Span, str]]:
    single = patterns.pattern(RULE_FILE, "judge_single", ctx.family)
    m = single.search(ctx.view, i0, i1) if single is not None else None
    j = person_span(ctx, m, "j") if m else None
    return [(j, "single")] if j else []


def _signature_judge(ctx: Context, sig: Span, rule: Rule) -> FieldValue | None:
    """The name under the judge's role word of the signature block, as signed."""
    signer = _signature_signer(ctx, sig)
    if signer is None:
        return None
    return ctx.field([ctx.text[signer[0] : signer[1]]], rule.confidence, [signer], rule.source)


def _entity_judge(ctx: Context, rule: Rule) -> FieldValue | None:
    """The first judge the entity tagger found."""
    ents = ctx.entities_of("JUDGE")
    if not ents:
        return None
    e = ents[0]
    return _from_entity(ctx.field([names.nominative_at(ctx, e.start, e.end)], rule.confidence, [(e.start, e.end)], rule.source), e)


def _from_entity(found: FieldValue, entity: Any) -> FieldValue:
    """A value read from a trained model's entity names the model ("model:ner-sr@3"), not the rule."""
    source = getattr(entity, "source", None) or ""
    return found.model_copy(update={"source": source}) if source.startswith("model:") and found.value is not None else found


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
    rx = patterns.pattern(RULE_FILE, "judge_mentions", ctx.family)
    if rx is None:
        return found, False
    i0, i1 = ctx.intro
    for m in rx.finditer(ctx.view, i0, i1):
        sp = person_span(ctx, m, "n")
        if sp and _signed(ctx, ctx.text[sp[0] : sp[1]], sig):
            rest = [
                f
                for f in found
                if not names.same_person(name_key(ctx.text[f[0][0] : f[0][1]]), name_key(ctx.text[sp[0] : sp[1]]))
            ]
            return [(sp, "presiding"), *rest], True
    return found, False


@extractor("case.registrar")
def registrar(ctx: Context, found: Found) -> FieldValue:
    """The registrar of the introduction ("uz učešće zapisničara X"), in the nominative the signature block
    gives; else the entity tagger's (chain ``case.registrar``)."""
    hit = chains.first(
        "case.registrar",
        {
            "case.registrar": lambda rule: _registrar_named(ctx, rule),
            "case.registrar.signature": lambda rule: _registrar_signed(ctx, rule),
            "case.registrar.entity": lambda rule: _registrar_entity(ctx, rule),
        },
    )
    return hit[1] if hit else empty()


def _registrar_signed(ctx: Context, rule: Rule) -> FieldValue | None:
    """The introduction names no registrar: the name under the registrar's role word of the signature block
    ("Записничар || Претседател на советот" / "X || Y", or one under the other). Only for the languages of
    `registrar_from_signature` (case.yaml)."""
    if not (patterns.load(RULE_FILE).get("registrar_from_signature") or {}).get(ctx.family):
        return None
    signer = _signature_signer(ctx, ctx.orig_span(*ctx.signatures), registrar=True)
    if signer is None:
        return None
    return ctx.field(ctx.text[signer[0] : signer[1]], rule.confidence, [signer], rule.source)


def _registrar_named(ctx: Context, rule: Rule) -> FieldValue | None:
    i0, i1 = ctx.intro
    pat = patterns.pattern(RULE_FILE, "registrar", ctx.family)
    if pat is None:
        return None
    m = pat.search(ctx.view, i0, i1)
    if not m:
        return None
    g = next(k for k, v in m.groupdict().items() if v is not None)
    span = person_span(ctx, m, g)
    if not span:
        return None
    nom = _nominative(ctx, span, ctx.orig_span(*ctx.signatures))
    conf = rule.confidence + (chains.score("case.registrar", "signed") if nom != span else 0)
    name = ctx.text[nom[0] : nom[1]] if nom != span else names.nominative_at(ctx, *span)
    return ctx.field(name, conf, sorted({span, nom}), rule.source)


def _registrar_entity(ctx: Context, rule: Rule) -> FieldValue | None:
    ents = ctx.entities_of("REGISTRAR")
    if not ents:
        return None
    e = ents[0]
    return _from_entity(ctx.field(names.nominative_at(ctx, e.start, e.end), rule.confidence, [(e.start, e.end)], rule.source), e)


@extractor("case.prosecutor", needs=("case.indictment",))
def prosecutor(ctx: Context, found: Found) -> dict[str, FieldValue]:
    """prosecutor.office / .name: the office from the introduction (or the indictment), the person who
    appeared for it."""
    value, entity = _prosecutor(ctx, found["case.indictment"]["office_found"])
    out = split(value, {"office": "prosecutor.office", "person": "prosecutor.name"})
    if entity is not None:  # the person came from an entity: a trained model's names the model
        out["prosecutor.name"] = _from_entity(out["prosecutor.name"], entity)
    return out


def _prosecutor(ctx: Context, indictment_office: tuple[str, Span] | None) -> tuple[FieldValue, Any]:
    """(the finding, the PROSECUTOR entity its person was read from, if any)."""
    i0, i1 = ctx.intro
    office = None
    person = None
    # the prosecutor present named with their office: that office, not the appellant's named before it
    present = patterns.pattern(RULE_FILE, "prosecutor_present", ctx.family)
    pm = present.search(ctx.view, i0, i1) if present is not None else None
    if pm:
        # a pattern whose person is optional gives the office alone (a prosecutor notified, not named)
        span = person_span(ctx, pm, "n") if pm.group("n") else None
        if span or pm.group("n") is None:
            s, e = ctx.ospan(pm, "o")
            office = (names.office_nominative(ctx.text[s:e].strip(" ,"), ctx.family), (s, e))
        if span:
            person = (names.nominative_at(ctx, *span), span)
    off = patterns.pattern(RULE_FILE, "prosecutor_office", ctx.family)
    if off is not None and office is None:
        m = off.search(ctx.view, i0, i1)
        if m:
            s, e = ctx.ospan(m, "o")
            office = (names.office_nominative(ctx.text[s:e].strip(" ,"), ctx.family), (s, e))
    if office is None and person is None and present is not None and ctx.reasoning and (
        patterns.load(RULE_FILE).get("appeal_prosecutor_in_reasons") or {}
    ).get(ctx.family):
        # an appeal whose introduction names no prosecutor: the one the reasons say took part ("Në seancë,
        # prokurori i Prokurorisë pranë Gjykatës së Apelit ..., X, kërkoi lënien në fuqi")
        pm = next((x for r0, r1 in ctx.reasoning for x in [present.search(ctx.view, r0, r1)] if x), None)
        span = person_span(ctx, pm, "n") if pm and pm.group("n") else None
        if span:
            s, e = ctx.ospan(pm, "o")
            office = (names.office_nominative(ctx.text[s:e].strip(" ,"), ctx.family), (s, e))
            person = (names.nominative_at(ctx, *span), span)
    if office is None and indictment_office:
        office = indictment_office
    pp = patterns.pattern(RULE_FILE, "prosecutor_person", ctx.family)
    if pp is not None and person is None:
        for m in pp.finditer(ctx.view, i0, i1):
            span = person_span(ctx, m, "n")
            if span:
                person = (names.nominative_at(ctx, *span), span)
                break
    if person is None and present is not None and ctx.has_structure and patterns.gate(
            RULE_FILE, "prosecutor_in_reasons", ctx.family, ctx.script):
        # an appeal heard without the prosecutor present: the higher office's written opinion in the reasons
        # ("Javni tužilac u Apelacionom javnom tužilaštvu u Novom Sadu X, u podnesku Ktž. 412/24, predložio je")
        for r0, r1 in ctx.reasoning:
            rm = next((x for x in present.finditer(ctx.view, r0, r1) if x.group("n")), None)
            span = person_span(ctx, rm, "n") if rm is not None else None
            if span:
                s, e = ctx.ospan(rm, "o")
                office = (names.office_nominative(ctx.text[s:e].strip(" ,"), ctx.family), (s, e))
                person = (names.nominative_at(ctx, *span), span)
                break
        alone = patterns.pattern(RULE_FILE, "prosecutor_reasons_person", ctx.family)
        for r0, r1 in ctx.reasoning if person is None and alone is not None else []:
            rm = alone.search(ctx.view, r0, r1)
            span = person_span(ctx, rm, "n") if rm is not None else None
            if span:
                person = (names.nominative_at(ctx, *span), span)
                break
    office = _higher_office_by_title(ctx, office, person)
    entity = None
    if person is None:
        ents = [e for e in ctx.entities_of("PROSECUTOR") if ctx.orig_span(*ctx.intro)[0] <= e.start]
        if ents:
            entity = ents[0]
            person = (names.nominative_at(ctx, entity.start, entity.end), (entity.start, entity.end))
    if office is None and person is None:
        return empty(), None
    if office:
        office = (_office_name(office[0], ctx.family), office[1])
    value = {"office": office[0] if office else None, "person": person[0] if person else None}
    spans = [x[1] for x in (office, person) if x]
    conf = chains.score("case.prosecutor", "office_and_person" if office and person else "one_of_them")
    return ctx.field(value, conf, spans, "case.prosecutor"), entity


# how far before the prosecutor's name the higher title may start ("заменикот на вишиот јавен обвинител ")
HIGHER_TITLE_REACH = 80


def _higher_office_by_title(
    ctx: Context, office: tuple[str, Span] | None, person: tuple[str, Span] | None
) -> tuple[str, Span] | None:
    """The prosecutor present named by the higher title ("во присуство на вишиот јавен обвинител X") where the
    introduction gives only the appellant's office (or none): that prosecutor belongs to the higher office the
    reasons name ("Вишото јавно обвинителство Гостивар, во писменото мислење ..."), not to the appellant; where
    the reasons name none, the office is unknown (None). Languages with case.yaml `higher_prosecutor_title` and `higher_prosecutor_office` only (mk)."""
    title = patterns.pattern(RULE_FILE, "higher_prosecutor_title", ctx.family)
    higher = patterns.pattern(RULE_FILE, "higher_prosecutor_office", ctx.family)
    if title is None or higher is None or person is None or not ctx.reasoning:
        return office
    if office is not None and higher.fullmatch(" ".join(office[0].split())):
        return office
    p0 = ctx.view_span(*person[1])[0]
    # the title right before the name (the pattern ends where the name starts)
    if not any(t.end() == p0 for t in title.finditer(ctx.view, max(0, p0 - HIGHER_TITLE_REACH), p0)):
        return office
    # the reasons up to the signatures (their later paragraphs are sections of their own)
    r0 = ctx.reasoning[0][0]
    r1 = ctx.signatures[0] if ctx.signatures and ctx.signatures[0] > r0 else len(ctx.view)
    m = higher.search(ctx.view, r0, r1)
    if m is None:
        # a higher prosecutor is none of the appellant's basic office: the office is not named (devset README)
        return None
    s, e = ctx.ospan(m, "o")
    return names.office_nominative(ctx.text[s:e].strip(" ,"), ctx.family), (s, e)


def _office_name(office: str, family: str) -> str:
    """The office as coded when written as an abbreviation or by the prosecutor's title ("ОЈО ГОКК")."""
    text = " ".join(office.split())
    for rx, name in (patterns.load(RULE_FILE).get("prosecutor_office_names") or {}).get(family) or []:
        if re.fullmatch(rx, text):
            return re.sub(rx, name, text)
    return office


@extractor("case.indictment")
def indictment(ctx: Context, found: Found) -> dict[str, Any]:
    """indictment.number / .date / .office; for the steps that need them also the office and the date with
    their spans (``office_found``, ``date_found``: the prosecutor, the duration)."""
    finding, office, date = _indictment(ctx)
    return {
        **split(finding, {"number": "indictment.number", "date": "indictment.date", "office": "indictment.office"}),
        "office_found": office,
        "date_found": date,
    }


def _indictment(ctx: Context) -> tuple[FieldValue, tuple[str, Span] | None, tuple[dt.date, Span] | None]:
    pat = patterns.pattern(RULE_FILE, "indictment", ctx.family)
    if pat is None:
        return empty(), None, None
    regions = [ctx.intro, *ctx.reasoning[:1]]
    for r0, r1 in regions:
        m = pat.search(ctx.view, r0, r1)
        if not m:
            continue
        ds, de = ctx.ospan(m, "d")
        date = normalize.parse_date(ctx.unwrapped[ds:de] + ".")
        rest_v = (m.start("rest"), m.end("rest"))
        num = patterns.pattern(RULE_FILE, "indictment_number", ctx.family)
        number = None
        if num is not None:
            nm = num.search(ctx.view, *rest_v)
            if nm:
                g = "n" if nm.group("n") else "n2"
                ns, ne = ctx.ospan(nm, g)
                number = ctx.text[ns:ne].strip(" ,.")
        office = None
        off = patterns.pattern(RULE_FILE, "prosecutor_office", ctx.family)
        if off is not None:
            om = off.search(ctx.view, rest_v[0], rest_v[1])
            if om:
                os_, oe = ctx.ospan(om, "o")
                office = (names.office_nominative(ctx.text[os_:oe].strip(" ,"), ctx.family), (os_, oe))
        value = {
            "number": number,
            "date": date.isoformat() if date else None,
            "office": office[0] if office else None,
        }
        conf = chains.score("case.indictment", "number_and_date" if number and date else "one_of_them")
        f = ctx.field(value, conf, [ctx.ospan(m)], "case.indictment")
        return f, office, ((date, (ds, de)) if date else None)
    return empty(), None, None
