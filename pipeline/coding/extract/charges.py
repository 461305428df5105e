"""Charges: each count of the operative part with its offence, provision and outcome, and whom it is
about.

The operative part is read as a sequence of events: personal-data paragraphs (who), outcome phrases
("KRIV JE", "OSLOBAĐA SE OD OPTUŽBE", "СЕ ОГЛАСУВААТ ЗА ВИНОВНИ", "Deklarimin fajtor"), mentions of
defendants, and clauses naming offences ("čime je izvršio krivično djelo X iz čl. ..."). A count takes
the outcome announced last before it; it belongs to the defendants the clause names, else to those the
act description opens with, else to the group of persons described last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.coding.codebook import codebook
from pipeline.coding.extract import names, patterns, tuning
from pipeline.coding.extract.context import Context, Span, empty
from pipeline.coding.extract.persons import Person
from pipeline.coding.extract.registry import Found, Item, extractor
from pipeline.model import FieldValue
from pipeline.nlp import normalize
from pipeline.nlp.normalize._lex import lexicon

RULE_FILE = "charges"
TUNING = tuning.Tuning("charges")


@dataclass
class Mention:
    start: int  # view offsets
    end: int
    people: list[int]


@dataclass
class Count:
    people: list[int]
    offence: Span  # view span of the offence name
    citation: Span  # view span of the citation
    outcome: str | None
    outcome_span: Span | None
    conditional: bool
    clause: Span
    confidence: float
    act_start: int = -1  # view offset where the description of the acts of this count begins
    # one of several offences cited together ("për veprat penale të parashikuara nga nenet 110/a/1, 128/b/1
    # dhe 28/4"): which material provision of the citation is this count's (None: the first, as usual)
    main_index: int | None = None


@dataclass
class Operative:
    """Events of the operative part (view offsets)."""

    outcomes: list[tuple[int, int, str]] = field(default_factory=list)
    clauses: list[tuple[int, int, bool]] = field(default_factory=list)  # start, end, conditional mood
    runs: list[Mention] = field(default_factory=list)  # runs of defendant mentions ("A.A. i B.B.")
    anchors: list[tuple[int, int, int]] = field(default_factory=list)  # paragraph start, end, person
    groups: list[tuple[int, list[int]]] = field(default_factory=list)  # start of a group, its persons
    counts: list[Count] = field(default_factory=list)
    parts: list[Span] = field(default_factory=list)
    # the introduction's account of the decision an appeal upholds ("OBJEKTI: ... me të cilin i pandehuri
    # është deklaruar fajtor ... dhe dënuar me 7 vjet burgim"): its outcome, and its sanction when the
    # operative part ("Lënien në fuqi të vendimit") gives none
    upheld: list[Span] = field(default_factory=list)


_PERSON: list[re.Pattern[str]] = []


def person_rx() -> re.Pattern[str]:
    if not _PERSON:
        _PERSON.append(patterns.compile_source(patterns.phrase_regex("re:{PERSON}", RULE_FILE)))
    return _PERSON[0]


_JOIN = re.compile(r"^[\s,;:]*(?:(?i:i|и|dhe|te|и\s+на|kao\s+i|as\s+well\s+as)\b)?[\s,;:]*$")


# --------------------------------------------------------------------------- events


def analyse(ctx: Context, people: list[Person]) -> Operative:
    op = Operative(parts=list(ctx.operative))
    if not people:
        return op
    for i, p in enumerate(people):
        para = p.regroup or p.paragraph
        if para and not p.from_intro_only:
            op.anchors.append((para[0], para[1], i))
            op.anchors += [(a, b, i) for a, b in p.again]  # named again "as described above" (persons.py)
    op.anchors.sort()
    lab = patterns.labelled(RULE_FILE, "outcome", ctx.family)
    clause = patterns.pattern(RULE_FILE, "clause", ctx.family)
    mood = patterns.phrases(RULE_FILE, "conditional_mood", ctx.family)
    for o0, o1 in op.parts:
        if lab is not None:
            rx, labels = lab
            for m in rx.finditer(ctx.view, o0, o1):
                if _in_anchor(op, m.start()):
                    continue
                op.outcomes.append((m.start(), m.end(), patterns.label_of(m, labels)))
        if clause is not None:
            for m in clause.finditer(ctx.view, o0, o1):
                if _in_anchor(op, m.start()):
                    continue
                end = _clause_end(ctx, m.end(), o1)
                pre = m.group("pre") or ""
                cond = bool(mood.search(pre)) if mood is not None else False
                op.clauses.append((m.start(), end, cond))
        op.runs += _runs(ctx, people, o0, o1)
    if not op.outcomes:
        _upheld(ctx, op, people)
    op.outcomes.sort()
    op.clauses = _no_overlap(sorted(op.clauses))
    op.runs.sort(key=lambda r: r.start)
    # groups: consecutive personal-data paragraphs with no outcome or clause between them
    for a0, _a1, i in op.anchors:
        if op.groups and not _event_between(op, op.groups[-1][0], a0):
            op.groups[-1][1].append(i)
        else:
            op.groups.append((a0, [i]))
    _join_named_in_paragraph(ctx, op)
    return op


def _join_named_in_paragraph(ctx: Context, op: Operative) -> None:
    """One personal-data paragraph for several accused ("Обвинетите А.А., роден ..., и Б.Б., роден ...,"): an
    accused with no paragraph of their own, named inside a paragraph that opens with the plural role word
    (charges.yaml `several_accused_paragraph`, mk only), belongs to the group of that paragraph."""
    opening = patterns.pattern(RULE_FILE, "several_accused_paragraph", ctx.family)
    if opening is None:
        return
    own = {i for _, _, i in op.anchors}
    for _start, members in op.groups:
        spans = [(a0, a1) for a0, a1, i in op.anchors if i in members and opening.match(ctx.view, a0, a1)]
        for r in op.runs:
            if any(a0 <= r.start < a1 for a0, a1 in spans):
                members += [i for i in r.people if i not in own and i not in members]


def _upheld(ctx: Context, op: Operative, people: list[Person]) -> None:
    """An operative part that only upholds the decision appealed against ("Lënien në fuqi", "Mospranimin
    e rekursit", a sentence changed "vetëm në lidhje me masën e dënimit"; "ODBIJA SE kao neosnovana žalba
    ... a presuda ... POTVRĐUJE", "пресудата СЕ ПОТВРДУВА"): the outcome is the one the introduction
    reports of that decision, read from its paragraph, or, where the introduction does not (Serbian and
    Macedonian appeals), the first paragraph of the reasons that does ("Пресудом Вишег суда ... окривљени
    Б.Р. оглашен је кривим ... и осуђен на казну затвора"); there each accused has the outcome said after
    their name ("обвинетата В.Ј. е огласена за виновна ..., а обвинетиот С.Ј. е ослободен од обвинение")."""
    upholds = patterns.phrases(RULE_FILE, "appeal_upholds", ctx.family)
    lab = patterns.labelled(RULE_FILE, "appeal_confirms", ctx.family)
    if upholds is None or lab is None or not any(upholds.search(ctx.view, o0, o1) for o0, o1 in op.parts):
        return
    i0, i1 = ctx.intro
    # the latest decision the introduction reports is the one upheld (a third instance tells the first
    # instance's acquittal, then the conviction on appeal)
    m = next(reversed(list(lab[0].finditer(ctx.view, i0, i1))), None)
    reasons = m is None and bool(ctx.reasoning) and ctx.has_structure
    if reasons:
        i0, i1 = ctx.reasoning[0][0], min(ctx.reasoning[0][1], ctx.reasoning[0][0] + TUNING.window("upheld_in_reasons"))
        m = lab[0].search(ctx.view, i0, i1)
    if m is None:
        return
    p0 = ctx.view.rfind("\n\n", i0, m.start())
    p0 = i0 if p0 < 0 else p0 + 2
    p1 = ctx.view.find("\n\n", m.end(), i1)
    p1 = i1 if p1 < 0 else p1
    if not reasons:
        op.upheld.append((p0, p1))
        op.outcomes.append((m.start(), m.end(), patterns.label_of(m, lab[1])))
        return
    # the sentences of the paragraph that name an accused of this verdict: whose outcome and sanction
    # they report (not a co-accused tried apart, whose sanction follows in the next sentence)
    pos = p0
    while pos < p1:
        s0, s1 = ctx.sentence_view_span(pos)
        s0, s1 = max(s0, pos), min(max(s1, pos + 1), p1)
        runs = _runs(ctx, people, s0, s1)
        if not runs and people and _all_unnamed(ctx, len(people), s0, s1) and lab[0].search(ctx.view, s0, s1):
            # no accused named, the sentence speaks of the sole accused or of all of them ("e ka deklaruar
            # fajtor të gjykuarin", "i ka deklaruar fajtorë të dy të pandehurit"): charges.yaml accused_unnamed
            runs = [Mention(s0, s0, list(range(len(people))))]
        if runs:
            op.upheld.append((s0, s1))
            op.runs += runs
            op.outcomes += [(x.start(), x.end(), patterns.label_of(x, lab[1])) for x in lab[0].finditer(ctx.view, s0, s1)]
        pos = s1


def _in_anchor(op: Operative, pos: int) -> bool:
    return any(a0 <= pos < a1 for a0, a1, _ in op.anchors)


def _event_between(op: Operative, a: int, b: int) -> bool:
    return any(a < s < b for s, _, _ in op.outcomes) or any(a < s < b for s, _, _ in op.clauses)


def _no_overlap(clauses: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    out: list[tuple[int, int, bool]] = []
    for c in clauses:
        if out and c[0] < out[-1][1]:
            continue
        out.append(c)
    return out


# a blank line, or a full stop at a line end (lines may end in spaces: "Gore. \n \nUSLOVNU OSUDU")
_CLAUSE_STOP = re.compile(r"\n[ \t]*\n|\.(?=[ \t]*\n)")


def _clause_end(ctx: Context, start: int, limit: int) -> int:
    end = min(limit, start + TUNING.window("clause"))
    k = _CLAUSE_STOP.search(ctx.view, start, end)
    if k:
        end = k.start() + (1 if k.group() == "." else 0)
    ce = patterns.pattern(RULE_FILE, "citation_end", ctx.family)
    if ce is not None:
        m = ce.search(ctx.view, start, end)
        if m:
            end = m.start()
    lab = patterns.labelled(RULE_FILE, "outcome", ctx.family)
    if lab is not None:
        m = lab[0].search(ctx.view, start, end)
        if m:
            end = m.start()
    return end


def _runs(ctx: Context, people: list[Person], a: int, b: int) -> list[Mention]:
    """Mentions of known defendants, joined into runs ("Обвинетите Б.С. и Д.Т.")."""
    found: list[Mention] = []
    for s, e, name in ctx.person_names():
        if not a <= s < b:
            continue
        idx = [i for i, p in enumerate(people) if names.same_person(name, p.vname)]
        if idx:
            found.append(Mention(s, e, idx[:1]))
    found += _ordinal_mentions(ctx, len(people), a, b)
    found = sorted(found + _surname_mentions(ctx, people, a, b, found), key=lambda x: x.start)
    runs: list[Mention] = []
    dword = patterns.pattern("persons", "dword", ctx.family)
    for men in found:
        if runs:
            gap = ctx.view[runs[-1].end : men.start]
            gap_wo = dword.sub(" ", gap) if dword is not None else gap
            if len(gap) < TUNING.window("run_gap") and _JOIN.match(gap_wo):
                runs[-1].end = men.end
                for i in men.people:
                    if i not in runs[-1].people:
                        runs[-1].people.append(i)
                continue
        runs.append(Mention(men.start, men.end, list(men.people)))
    return runs


def runs_between(ctx: Context, people: list[Person], a: int, b: int) -> list[Mention]:
    """Runs of known defendants named in the view span (a, b) (for readers outside the operative part)."""
    return _runs(ctx, people, a, b)


def _ordinal_mentions(ctx: Context, n: int, a: int, b: int) -> list[Mention]:
    """An accused named by their place in the list ("со што првообвинетиот сторил кривично дело ..., а
    второобвинетиот истото кривично дело ..."): the first, second ... defendant. Languages with charges.yaml
    `ordinal_defendant` (group k, one of `ordinal_words` in order) only (mk)."""
    rx = patterns.pattern(RULE_FILE, "ordinal_defendant", ctx.family)
    words = (patterns.load(RULE_FILE).get("ordinal_words") or {}).get(ctx.family) or []
    if rx is None or not words:
        return []
    out: list[Mention] = []
    for m in rx.finditer(ctx.view, a, b):
        k = m.group("k").lower()
        i = next((j for j, w in enumerate(words) if k == w), None)
        if i is not None and i < n:
            out.append(Mention(m.start(), m.end(), [i]))
    return out


def _surname_mentions(ctx: Context, people: list[Person], a: int, b: int, found: list[Mention]) -> list[Mention]:
    """An accused named by the role word and the surname alone ("обвинетиот Белев на казна затвор од 6 години, а
    обвинетата Крстева на ..."): the accused the word names (`names.named_by`: one accused only), not inside a name
    already found. Languages with charges.yaml `surname_after_role_word` (the words right before the surname)
    only (mk)."""
    lead = patterns.pattern(RULE_FILE, "surname_after_role_word", ctx.family, ctx.script)
    if lead is None or len(people) < 2:
        return []
    vnames = [p.vname for p in people]
    out: list[Mention] = []
    for m in names.NAME_WORD.finditer(ctx.view, a, b):
        s0 = m.start()
        if any(x.start <= s0 < x.end for x in found):
            continue
        i = names.named_by(m.group(), vnames, ctx.family)
        if i is None:
            continue
        if any(lm.end() == s0 for lm in lead.finditer(ctx.view, max(a, s0 - TUNING.window("role_word_before_surname")), s0)):
            out.append(Mention(s0, m.end(), [i]))
    return sorted(out, key=lambda x: x.start)


def defendant_runs(ctx: Context, people: list[Person], a: int, b: int) -> list[Mention]:
    """Runs of defendant mentions between view offsets a and b (for the sanctions of an upheld decision)."""
    return _runs(ctx, people, a, b)


# --------------------------------------------------------------------------- counts


def counts(ctx: Context, people: list[Person], op: Operative) -> list[Count]:
    """Every count of the operative part (a clause may hold several offences and several persons)."""
    out: list[Count] = []
    offence_word = patterns.pattern(RULE_FILE, "offence_word", ctx.family)
    if offence_word is None:
        return out
    prev_end = None
    genitive = _genitive(ctx)
    for cs, ce, cond in op.clauses:
        starts = [m for m in offence_word.finditer(ctx.view, cs, ce)]
        if not starts:
            continue
        # the acts are described after the last outcome heading or personal-data paragraph
        act_start = max(prev_end if prev_end is not None else -1, _last_before(op, cs))
        leads = [r for r in (_leading_run(ctx, op, act_start, cs), _run_before_outcome(ctx, op, act_start)) if r]
        group = _group_at(op, cs) or list(range(len(people)))
        for k, w in enumerate(starts):
            seg_end = starts[k + 1].start() if k + 1 < len(starts) else ce
            offence, citation = _split_count(ctx, w.end(), seg_end)
            # "čime bi kao saizvršilac sa M. S. izvršio": a name after "sa" is not who committed it
            in_clause = [
                r
                for r in op.runs
                if cs <= r.start < w.start()
                and not _WITH.search(ctx.view, max(0, r.start - TUNING.window("with_before_name")), r.start)
                and not _with_role_before(ctx, r.start)
            ]
            # "të pandehurës F.D. për kryerjen e veprës": the name right before the clause
            # (not a person the act names in the genitive: "po nalogu okrivljenog A.J., čime bi izvršio")
            adjacent = [
                r
                for r in op.runs
                if cs - TUNING.window("name_before_clause") <= r.end <= cs and "\n" not in ctx.view[r.end : cs]
                and not (genitive is not None and genitive.search(
                    ctx.view, max(0, r.start - TUNING.window("defendant_word_before_persons")), r.start))
            ]
            if in_clause:
                whom = in_clause[-1].people
                conf = TUNING.confidence("persons_in_clause")
            elif adjacent:
                whom = adjacent[-1].people
                conf = TUNING.confidence("persons_before_clause")
            elif (named_first := _named_before_outcome(ctx, op, cs, cond)) is not None:
                whom = named_first.people
                conf = TUNING.confidence("persons_before_clause")
            elif lead := next((r for r in leads if len(r.people) > 1 or not _plural(ctx, cs, w.start())), None):
                whom = lead.people
                conf = TUNING.confidence("persons_opening_act")
            elif (
                patterns.gate(RULE_FILE, "same_outcome_same_persons", ctx.family, ctx.script)
                and out
                and out[-1].outcome_span is not None
                and out[-1].outcome_span == _outcome_before(ctx, op, w.start(), cond)[1]
            ):
                # "Deklarimin fajtor të të pandehurit X për veprën A ... ; për veprën B ...": a clause that
                # names nobody, under the same outcome phrase as the one before, is about the same persons
                whom = out[-1].people
                conf = TUNING.confidence("persons_of_same_outcome")
            elif out and _outcome_refers_back(ctx, op, w.start(), cond):
                # "... përfundimisht me 7 vjet burgim. Deklarimin e tij të pafajshëm për veprën ...": an outcome
                # phrase with a pronoun for the accused is about the persons of the count before
                whom = out[-1].people
                conf = TUNING.confidence("persons_of_same_outcome")
            else:
                whom = group
                conf = TUNING.confidence("persons_of_group_of_one" if len(group) == 1 else "persons_of_group")
            by_group = whom is group
            outcome, ospan = _outcome_before(ctx, op, w.start(), cond)
            if outcome == "requalified" and ospan is not None:
                citation = _requalified_to(ctx, ospan) or citation
                named = [r for r in op.runs if ospan[0] <= r.start < w.start()]
                if named and by_group:
                    # "Ndryshimin e cilësimit ligjor ... për të pandehurin X ..., deklarimin e tij fajtor për
                    # veprën ...": the accused the change of qualification names
                    whom, conf = named[-1].people, TUNING.confidence("persons_before_clause")
            several = _offences_cited(ctx, w, citation)
            bracketed = _accused_per_provision(ctx, op, w, citation, whom, people)
            several = len(bracketed) if bracketed else several
            for index in range(several) if several > 1 else [None]:
                out.append(
                    Count(
                        list(bracketed[index] if bracketed and index is not None else whom),
                        offence,
                        citation,
                        outcome,
                        ospan,
                        cond,
                        (cs, ce),
                        conf,
                        max(act_start, _last_before(op, cs)),
                        index,
                    )
                )
        prev_end = ce
    out += _accused_with_own_provisions(ctx, op)
    _same_offences(ctx, op, out)
    if patterns.gate(RULE_FILE, "drop_repeated_counts", ctx.family, ctx.script):
        out = _without_repeats(ctx, out)
    return out


def _accused_with_own_provisions(ctx: Context, op: Operative) -> list[Count]:
    """Counts of an outcome phrase that names no offence but gives each accused their provisions in brackets
    ("Deklarimin fajtorë të të pandehurve X (nenet 333/a/1 dhe 110/a/2 të K.P.), Y (neni 110/b i K.P.)"): one count
    per offence provision of each bracket, for the accused named right before it, under the outcome of the same
    line; a name inside a clause that names the offence is read by `counts` (charges.yaml gate
    `accused_with_own_provisions`)."""
    if not patterns.gate(RULE_FILE, "accused_with_own_provisions", ctx.family, ctx.script):
        return []
    bracket = patterns.pattern(RULE_FILE, "accused_own_provisions_bracket", ctx.family)
    if bracket is None:
        return []
    out: list[Count] = []
    for r in op.runs:
        if any(cs <= r.start < ce for cs, ce, _ in op.clauses):
            continue
        m = bracket.match(ctx.view, r.end)
        before = [o for o in op.outcomes if o[1] <= r.start]
        if m is None or not before or "\n" in ctx.view[before[-1][1] : r.start]:
            continue
        o0, o1, outcome = before[-1]
        c0, c1 = ctx.orig_span(*m.span("c"))
        own: list[Any] = []
        for q in normalize.parse_provisions(ctx.unwrapped[c0:c1], lang=ctx.document.language) or []:
            if _is_offence(q) and all((q.article, q.paragraph) != (o.article, o.paragraph) for o in own):
                own.append(q)
        line = (o0, ctx.view.find("\n", m.end()) % (len(ctx.view) + 1))
        for index in range(len(own)) if len(own) > 1 else [None]:
            out.append(
                Count(
                    list(r.people),
                    (m.start("c"), m.start("c")),
                    m.span("c"),
                    outcome,
                    (o0, o1),
                    False,
                    line,
                    TUNING.confidence("persons_before_clause"),
                    _last_before(op, o0),
                    index,
                )
            )
    return out


def _without_repeats(ctx: Context, out: list[Count]) -> list[Count]:
    """"Deklarimin fajtor ... për veprat penale A (neni 110/a/1) dhe B (neni 114). / Dënimin e të pandehurit X:
    për veprën penale të nenit 110/a/1 me 8 vjet burgim; për veprën penale të nenit 114 me 3 vjet": the per-count
    sentences name again, under the same outcome phrase, the counts said before; a count with the same persons,
    outcome phrase and provision as an earlier one is that count (charges.yaml `drop_repeated_counts`)."""
    def key(c: Count) -> tuple | None:
        cs, ce = ctx.orig_span(*c.citation)
        provs = [p for p in normalize.parse_provisions(ctx.unwrapped[cs:ce], lang=ctx.document.language) or []
                 if p.kind != "procedural" and p.general is None and p.relation == "main"]
        if not provs or c.outcome_span is None:
            return None
        p = provs[c.main_index or 0] if (c.main_index or 0) < len(provs) else provs[0]
        return tuple(c.people), c.outcome_span, p.article, p.paragraph
    seen: set[tuple] = set()
    kept: list[Count] = []
    for c in out:
        k = key(c)
        if k is not None and k in seen:
            continue
        if k is not None:
            seen.add(k)
        kept.append(c)
    return kept


_BETWEEN_NAME_AND_OUTCOME = re.compile(r"[ \t,]*")


def _named_before_outcome(ctx: Context, op: Operative, cs: int, cond: bool) -> Mention | None:
    """"1. Kujtim Lika është fajtor për veprën penale ...", "Mimoza Lika është fajtore për ...": the accused named
    (without a role word) right before the outcome phrase that opens the clause at ``cs``, on its line, or inside
    it ("Shpalljen e të pandehurës X të pafajshme për ..."), is whom the count is about (charges.yaml `name_before_outcome_phrase`; the role word rules want "të pandehurit" first)."""
    if not patterns.gate(RULE_FILE, "name_before_outcome_phrase", ctx.family, ctx.script):
        return None
    span = _outcome_before(ctx, op, cs, cond)[1]
    if span is None or span[1] > cs or ctx.view[span[1] : cs].strip():
        return None
    inside = [r for r in op.runs if span[0] <= r.start and r.end <= span[1]]
    if inside:
        return inside[-1]  # "Deklarimin e të pandehurës X të pafajshme për ...": named inside the phrase
    for r in op.runs:
        if r.end <= span[0] and "\n" not in ctx.view[r.end : span[0]] and _BETWEEN_NAME_AND_OUTCOME.fullmatch(
                ctx.view, r.end, span[0]):
            return r
    return None


def _outcome_refers_back(ctx: Context, op: Operative, pos: int, cond: bool) -> bool:
    """The outcome phrase before ``pos`` names its accused by a pronoun (`outcome_pronoun`)."""
    rx = patterns.phrases(RULE_FILE, "outcome_pronoun", ctx.family)
    span = _outcome_before(ctx, op, pos, cond)[1]
    if rx is None or span is None:
        return False
    m = rx.match(ctx.view, span[0], span[1])
    return m is not None


def _offences_cited(ctx: Context, word: re.Match[str], citation: Span) -> int:
    """How many offences a clause in the plural cites ("veprat penale ... nenet 110/a/1, 128/b/1 dhe 28/4":
    two; the general-part 28/4 is none); 1 for a clause in the singular."""
    plural = patterns.pattern(RULE_FILE, "plural_offence_word", ctx.family)
    if plural is None or not plural.match(ctx.view, word.start(), word.end()):
        return 1
    cs, ce = ctx.orig_span(*citation)
    provs = normalize.parse_provisions(ctx.unwrapped[cs:ce], lang=ctx.document.language) or []
    return len({(p.article, p.paragraph) for p in provs if _is_offence(p)})


_FOR_WHOM = re.compile(r"\s*\(\s*(?i:p[ëe]r)\s+([^()\n\d]{1,160})\)")


def _blank_for_whom(ctx: Context, text: str) -> str:
    """``text`` with the brackets naming the accused of a provision blanked ("nenet 333/a/1 (për X), 333/a/2 (për Y)
    dhe 110/a/2"), offsets kept, so that the provision list reads on across them (gate `accused_per_provision`)."""
    if not patterns.gate(RULE_FILE, "accused_per_provision", ctx.family, ctx.script):
        return text
    return _FOR_WHOM.sub(lambda m: " " * len(m.group()) if re.search(r"[A-ZÇË]", m.group(1)) else m.group(), text)


def _paragraph_per_accused(ctx: Context, text: str) -> str:
    """``text`` with one article's paragraph per accused in brackets ("nenet 333/a (paragrafi 1 për X, paragrafi 2
    për Y) dhe 110/a/2") written as the bracket per offence that `_accused_per_provision` reads ("333/a/1 (për X),
    333/a/2 (për Y) dhe 110/a/2"). The names keep their offsets (the accused are found by them) and so does the rest
    of the text, the words around the names being replaced by as many characters (spaces pad them); a bracket whose
    words are too short for that is left as written (charges.yaml gate `paragraph_per_accused`)."""
    if not patterns.gate(RULE_FILE, "paragraph_per_accused", ctx.family, ctx.script):
        return text
    bracket = patterns.pattern(RULE_FILE, "paragraph_per_accused_bracket", ctx.family)
    item = patterns.pattern(RULE_FILE, "paragraph_per_accused_item", ctx.family)
    if bracket is None or item is None:
        return text
    out = list(text)
    for m in bracket.finditer(text):
        article, pos = m.group("a"), m.start()
        items = list(item.finditer(text, m.start("l"), m.end("l")))
        if len(items) < 2:
            continue
        pieces: list[tuple[int, int, str]] = []  # (start, end, replacement) of the words before each name
        for k, it in enumerate(items):
            lead = f"{article}/{it.group('p')}" if k == 0 else f"),{article}/{it.group('p')}"
            start = pos if k == 0 else items[k - 1].end("n")
            room = it.start("n") - start - len(lead) - len("(për ")
            if room < 0:
                pieces = []
                break
            pieces.append((start, it.start("n"), lead + " " * room + "(për "))
        for a, b, rep in pieces:
            out[a:b] = list(rep)
    return "".join(out)


def _accused_per_provision(
    ctx: Context, op: Operative, word: re.Match[str], citation: Span, whom: list[int],
    people: list[Person] | None = None,
) -> list[list[int]] | None:
    """Several offences cited together with the accused of each in brackets ("parashikuar përkatësisht nga nenet
    333/a/1 (për Gëzim Lleshin), 333/a/2 (për Arbër Kolën dhe Ermal Dodën) dhe 110/a/2"): the persons of each offence
    in citation order, those of the clause (``whom``) where no bracket follows it (charges.yaml gate
    `accused_per_provision`); None where no bracket names an accused."""
    if not patterns.gate(RULE_FILE, "accused_per_provision", ctx.family, ctx.script):
        return None
    plural = patterns.pattern(RULE_FILE, "plural_offence_word", ctx.family)
    if plural is None or not plural.match(ctx.view, word.start(), word.end()):
        return None
    cs, ce = ctx.orig_span(*citation)
    raw = _paragraph_per_accused(ctx, ctx.unwrapped[cs:ce])
    blanked = _blank_for_whom(ctx, raw)
    if blanked == raw:
        return None
    own: list[Any] = []
    for q in normalize.parse_provisions(blanked, lang=ctx.document.language) or []:
        if _is_offence(q) and all((q.article, q.paragraph) != (o.article, o.paragraph) for o in own):
            own.append(q)
    if len(own) < 2:
        return None
    by_key: dict[tuple[Any, Any], list[int]] = {}
    for m in _FOR_WHOM.finditer(raw):
        # the provision right before the bracket ("333/a/2 (për ...)"), read on its own
        token = re.search(r"(\d+(?:/[\w.]+){0,3})\s*$", raw[: m.start()])
        one = normalize.parse_provisions(f"neni {token.group(1)}", lang=ctx.document.language) if token else None
        if not one:
            continue
        b0, b1 = ctx.view_span(cs + m.start(1), cs + m.end(1))
        named = [i for r in op.runs if b0 <= r.start < b1 for i in r.people if i in whom]
        named = named or _named_by_surname(m.group(1), people or [], whom, ctx.family)
        if named:
            by_key[(one[0].article, one[0].paragraph)] = list(dict.fromkeys(named))
    if not by_key:
        return None
    return [by_key.get((q.article, q.paragraph), list(whom)) for q in own]


def _named_by_surname(text: str, people: list[Person], whom: list[int], family: str) -> list[int]:
    """The accused of ``whom`` a bracket names by the surname alone, in any case ("paragrafi 1 për Hoxhën": Klevis
    Hoxha; "për Demën": Sokol Dema): each capitalised word that names one of them only (`names.named_by`; two of
    one family are told apart by their given names, which a surname alone does not give)."""
    pool = [i for i in whom if i < len(people)]
    vnames = [people[i].vname for i in pool]
    out: list[int] = []
    for token in names.tokens(text):
        if not token[0].isupper():
            continue
        k = names.named_by(token, vnames, family)
        if k is not None and pool[k] not in out:
            out.append(pool[k])
    return out


def _is_offence(p: Any) -> bool:
    """A provision of the special part: an offence, not a general-part article cited beside it."""
    if p.kind == "procedural" or p.general is not None:
        return False
    first = (lexicon("statutes").get("special_part_starts") or {}).get(p.code)
    number = re.match(r"\d+", p.article or "")
    return first is None or number is None or int(number.group()) >= int(first)


def _same_offences(ctx: Context, op: Operative, out: list[Count]) -> None:
    """ "Deklarimin fajtor të të pandehurit R.Q. për të njëjtën vepër penale": the person named just before
    the phrase is charged with the offences of the count(s) before it, under the outcome before the phrase."""
    same = patterns.pattern(RULE_FILE, "same_offences", ctx.family)
    if same is None or not out:
        return
    for o0, o1 in op.parts:
        for m in same.finditer(ctx.view, o0, o1):
            before = [c for c in out if c.clause[1] <= m.start()]
            runs = [r for r in op.runs if _last_before(op, m.start()) <= r.start and r.end <= m.start()]
            if not before or not runs:
                continue
            last = before[-1]
            model = [c for c in before if c.outcome_span == last.outcome_span and c.people == last.people]
            outcome, ospan = _outcome_before(ctx, op, m.start(), False)
            for c in model:
                out.append(Count(list(runs[-1].people), c.offence, c.citation, outcome, ospan, False,
                                 (m.start(), m.end()), TUNING.confidence("same_offences"), c.act_start,
                                 c.main_index))


_WITH = re.compile(r"(?i:\b(?:sa|zajedno\s+sa|са|со|заедно\s+со|me|bashkë\s+me))\s*$")


def _with_role_before(ctx: Context, pos: int) -> bool:
    """ "заједно са окривљенима Милорадом и Стефаном Јеремићем ... чиме би извршила": the persons after "sa"
    and a role word are the accomplices, not who committed the act. Gated by data (`with_role_before_name`)."""
    if not patterns.gate(RULE_FILE, "with_role_before_name", ctx.family, ctx.script):
        return False
    rx = patterns.pattern(RULE_FILE, "with_role_word", ctx.family)
    return bool(rx is not None and rx.search(ctx.view, max(0, pos - TUNING.window("with_role_before_name")), pos))


def _plural(ctx: Context, a: int, b: int) -> bool:
    """The clause speaks of several persons ("čime su izvršili", "со што сториле")."""
    rx = patterns.phrases(RULE_FILE, "plural_clause", ctx.family)
    return bool(rx is not None and rx.search(ctx.view, a, b))


def _last_before(op: Operative, pos: int) -> int:
    marks = [e for _, e, _ in op.outcomes if e <= pos] + [a1 for _, a1, _ in op.anchors if a1 <= pos]
    return max(marks) if marks else (op.parts[0][0] if op.parts else 0)


def _genitive(ctx: Context) -> Any:
    """The role words in the genitive (persons.yaml `genitive_dword`) where a person an act names in the genitive
    ("po nalogu okrivljenog A.J., čime bi izvršio") is not whom the count is about (charges.yaml
    `genitive_not_the_doer`), else None."""
    if not patterns.gate(RULE_FILE, "genitive_not_the_doer", ctx.family, ctx.script):
        return None
    return patterns.phrases("persons", "genitive_dword", ctx.family)


def _leading_run(ctx: Context, op: Operative, act_start: int, cs: int) -> Mention | None:
    """The persons an act description opens with ("Обвинетите Б.С. и Д.Т., како соизвршители, ...")."""
    dword = patterns.pattern("persons", "dword", ctx.family)
    for r in op.runs:
        if act_start <= r.start < cs:
            if r.start - act_start > TUNING.window("act_start_to_persons"):
                return None
            before = ctx.view[max(act_start, r.start - TUNING.window("defendant_word_before_persons")) : r.start]
            # a person the act names in the genitive is not whom it opens with ("po nalogu okrivljenog A.J.")
            genitive = _genitive(ctx)
            if genitive is not None and genitive.search(before):
                return None
            if _with_role_before(ctx, r.start):
                return None  # "заједно са окривљенима ...": the accomplices, not whom the act opens with
            if dword is not None and dword.search(before):
                return r
            return None
    return None


def _run_before_outcome(ctx: Context, op: Operative, act_start: int) -> Mention | None:
    """The persons named just before the outcome heading the acts follow, outside any personal-data
    paragraph ("ОКРИВЉЕНИ Д.Р. и М.С., са подацима као у табели, / К Р И В И  С У"): their data stand in
    a table, so no paragraph groups them."""
    heading = next((o for o in op.outcomes if o[1] == act_start), None)
    if heading is None:
        return None
    floor = max([e for _, e, _ in op.outcomes if e <= heading[0]] + [a1 for _, a1, _ in op.anchors if a1 <= heading[0]]
                + [op.parts[0][0] if op.parts else 0])
    dword = patterns.pattern("persons", "dword", ctx.family)
    best = None
    for r in op.runs:
        if floor <= r.start and r.end <= heading[0] and not _in_anchor(op, r.start):
            best = r
    if best is None or heading[0] - best.end - _legal_basis_length(ctx, best.end, heading[0]) > TUNING.window(
            "persons_to_outcome"):
        return None
    before = ctx.view[max(floor, best.start - TUNING.window("defendant_word_before_persons")) : best.start]
    return best if dword is not None and dword.search(before) else None


def _legal_basis_length(ctx: Context, a: int, b: int) -> int:
    """The length of the legal basis said between the persons and the outcome heading ("на основу члана 423
    тачка 2 ЗКП"), which does not part them (charges.yaml `legal_basis_before_outcome`, sr-Cyrl)."""
    rx = patterns.pattern(RULE_FILE, "legal_basis_before_outcome", ctx.family, ctx.script)
    if rx is None:
        return 0
    return sum(m.end() - m.start() for m in rx.finditer(ctx.view, a, b))


def _group_at(op: Operative, pos: int) -> list[int] | None:
    best = None
    for start, members in op.groups:
        if start <= pos:
            best = members
    return list(best) if best else None


def _split_count(ctx: Context, a: int, b: int) -> tuple[Span, Span]:
    """(offence name, citation) view spans of one count."""
    cit = patterns.pattern(RULE_FILE, "citation_start", ctx.family)
    m = cit.search(ctx.view, a, b) if cit is not None else None
    name_end = m.start() if m else b
    name = (a, name_end)
    # quoted names (Albanian, some Montenegrin verdicts)
    for q in patterns.load(RULE_FILE).get("offence_quotes") or []:
        o, c = q[0], q[-1]
        k = ctx.view.find(o, a, min(name_end + TUNING.window("quote_after_name_end"), b))
        if k >= 0 and k - a < TUNING.window("quote_after_offence_word"):
            j = ctx.view.find(c, k + 1, b)
            if j > k:
                name = (k + 1, j)
                if m is None or m.start() < j:
                    m = cit.search(ctx.view, j, b) if cit is not None else None
                break
    citation = (m.start() if m else name[1], b)
    return _strip(ctx, *name), citation


def _strip(ctx: Context, a: int, b: int) -> Span:
    while a < b and ctx.view[a] in " \t\n-–—:,\"„“”«»'":
        a += 1
    while b > a and ctx.view[b - 1] in " \t\n-–—:,;\"„“”«»'":
        b -= 1
    return a, b


def _outcome_before(ctx: Context, op: Operative, pos: int, cond: bool) -> tuple[str | None, Span | None]:
    before = [o for o in op.outcomes if o[0] < pos]
    if before:
        s, e, label = before[-1]
        if cond and label == "convicted":
            return "acquitted", (s, e)
        if label == "convicted" and len(before) > 1 and _requalified_then_convicted(ctx, before[-2], s):
            return "requalified", before[-2][:2]
        if label == "convicted" and _requalified_while_convicting(ctx, s, pos):
            return "requalified", (s, e)
        return label, (s, e)
    if cond:
        return "acquitted", None
    sw = patterns.phrases(RULE_FILE, "sentencing_word", ctx.family)
    if sw is not None:
        for o0, o1 in op.parts:
            m = sw.search(ctx.view, o0, o1)
            if m:
                return "convicted", (m.start(), m.end())
    juvenile = _juvenile_sanction_after(ctx, op, pos)
    if juvenile is None and patterns.gate(RULE_FILE, "juvenile_sanction_before", ctx.family, ctx.script):
        juvenile = _juvenile_sanction_before(ctx, op, pos)
    if juvenile is not None:
        return "convicted", juvenile
    return None, None


def _juvenile_sanction_before(ctx: Context, op: Operative, pos: int) -> Span | None:
    """A juvenile's decision that names the measure first and the finding after it ("Према малолетном X ...
    ИЗРИЧЕ СЕ ВАСПИТНА МЕРА упућивања у васпитну установу ..., јер је утврђено да је ... чиме је извршио ..."):
    where no juvenile sanction word follows the clause at ``pos``, the last one before it carries the finding
    (charges.yaml `juvenile_sanction_word`, gated by `juvenile_sanction_before`)."""
    rx = patterns.phrases(RULE_FILE, "juvenile_sanction_word", ctx.family)
    if rx is None:
        return None
    last: Span | None = None
    for o0, o1 in op.parts:
        if o0 >= pos:
            break
        for m in rx.finditer(ctx.view, o0, min(o1, pos)):
            last = (m.start(), m.end())
    return last


def _juvenile_sanction_after(ctx: Context, op: Operative, pos: int) -> Span | None:
    """A juvenile's decision has no outcome phrase ("Према малолетном X ..., пошто је утврђено да је ... чиме је
    извршио ..., ИЗРИЧЕ васпитну меру"): the first juvenile sanction word after the clause at ``pos`` (the next
    part's juvenile has their own) carries the finding that the offence was committed (charges.yaml
    `juvenile_sanction_word`)."""
    rx = patterns.phrases(RULE_FILE, "juvenile_sanction_word", ctx.family)
    if rx is None:
        return None
    named = patterns.pattern(RULE_FILE, "juvenile_named_measure", ctx.family, ctx.script)
    for o0, o1 in op.parts:
        if o1 <= pos:
            continue
        m = rx.search(ctx.view, max(o0, pos), o1)
        if m:
            return m.start(), m.end()
        n = named.search(ctx.folded, max(o0, pos), o1) if named is not None else None
        if n:
            return n.start(), n.end()  # "ИЗРИЧЕ\n\nмалолетном А.Б. васпитну меру": the juvenile between
    return None


def _requalified_to(ctx: Context, ospan: Span) -> Span | None:
    """"Ndryshimin e cilësimit ligjor ... për të pandehurin X nga nenet 110/a/1 dhe 25 në nenet 114 dhe 25 të
    Kodit Penal": the provisions the change of qualification leads to, in the sentence of the change, are the
    count's citation (charges.yaml `requalified_to`, group `to`); None where the sentence says no "from ... to"."""
    rx = patterns.pattern(RULE_FILE, "requalified_to", ctx.family)
    if rx is None:
        return None
    s0, s1 = ctx.sentence_view_span(ospan[0])
    m = rx.search(ctx.view, ospan[0], s1)
    return m.span("to") if m else None


def _requalified_intro_count(ctx: Context, ospan: Span, offence: Span, citation: Span) -> tuple[Span, Span]:
    """An appeal that requalifies the acts without a count clause ("дејствијата ... правно се квалификуваат како
    кривично дело X по чл.191 ст.1 од КЗ, за кое обвинетиот СЕ ОСУДУВА ..."): the introduction's count takes the
    new offence and citation (charges.yaml `requalified_to`, on where `requalified_intro_count` is)."""
    if not patterns.gate(RULE_FILE, "requalified_intro_count", ctx.family, ctx.script):
        return offence, citation
    to = _requalified_to(ctx, ospan)
    if to is None:
        return offence, citation
    word = patterns.pattern(RULE_FILE, "offence_word", ctx.family)
    w = word.search(ctx.view, *to) if word is not None else None
    return _split_count(ctx, w.end() if w else to[0], to[1])


def _requalified_while_convicting(ctx: Context, conviction: int, pos: int) -> bool:
    """"Deklarimin fajtor ... për veprën ... neni 114 i K.P., duke ndryshuar cilësimin ligjor nga neni 110/a/1": the
    change of qualification told in a gerund after the count, in the conviction's sentence, makes the count a
    requalified one under the provision it names (charges.yaml `requalified_while_convicting`)."""
    rx = patterns.phrases(RULE_FILE, "requalified_while_convicting", ctx.family)
    if rx is None:
        return False
    s0, s1 = ctx.sentence_view_span(conviction)
    return rx.search(ctx.view, max(pos, conviction), s1) is not None


def _requalified_then_convicted(ctx: Context, prev: tuple[int, int, str], conviction: int) -> bool:
    """"Ndryshimin e cilësimit ligjor të akuzës për të pandehurën X dhe deklarimin e saj fajtore për veprën
    ...": the conviction that follows a change of the legal qualification in the same sentence is under the
    new provision, a requalified count (charges.yaml `requalified_then_convicted`)."""
    if prev[2] != "requalified" or not patterns.gate(RULE_FILE, "requalified_then_convicted", ctx.family, ctx.script):
        return False
    return ctx.sentence_view_span(prev[0]) == ctx.sentence_view_span(conviction)


# --------------------------------------------------------------------------- fields of a charge


def charge_fields(ctx: Context, c: Count, country: str | None) -> dict[str, Any]:
    """offence, offence_id, provision, related_provisions, attempt, complicity, outcome of one count."""
    out: dict[str, Any] = {}
    os_, oe = ctx.orig_span(*c.offence)
    offence_text = re.sub(r"\s+", " ", ctx.text[os_:oe]).strip()
    # "kazneno djelo protiv čovječnosti i ljudskog dostojanstva – trgovanje ljudima –": the offence
    # is named after the chapter it belongs to
    dash = max(offence_text.rfind(" – "), offence_text.rfind(" - "))
    if dash > 0 and re.match(r"(?i)(protiv|против|kundër)\b", offence_text):
        os_ = ctx.text.find(offence_text[dash + 3 :][:20], os_) if offence_text[dash + 3 :] else os_
        offence_text = offence_text[dash + 3 :].strip()
    if 2 <= len(offence_text) <= TUNING.threshold("offence_name_chars"):
        out["offence"] = ctx.field(offence_text, c.confidence, [(os_, oe)], "charges.offence")
    else:
        out["offence"] = empty()
    cs, ce = ctx.orig_span(*c.citation)
    # "iz č.220" (a common slip for "čl."): same length, so the offsets hold
    cite = _SLIP.sub(lambda m: m.group(1) + ("л" if m.group(1) == "ч" else "l"), ctx.unwrapped[cs:ce])
    cite = _blank_for_whom(ctx, _paragraph_per_accused(ctx, cite))
    provs = normalize.parse_provisions(cite, country=country, lang=ctx.document.language) or []
    main = [p for p in provs if p.kind != "procedural" and p.general is None and p.relation == "main"]
    main = main or [p for p in provs if p.kind != "procedural" and p.general is None]
    if c.main_index is not None:
        # several offences cited together: this count's own, the others are not related to it
        own: list[Any] = []
        for q in provs:
            if _is_offence(q) and all((q.article, q.paragraph) != (o.article, o.paragraph) for o in own):
                own.append(q)
        pick = own[min(c.main_index, len(own) - 1)] if own else None
        provs = [q for q in provs if q is pick or not _is_offence(q)]
        main = [pick] if pick is not None else main
    if main:
        p = main[0]
        if p.code is None and (patterns.load(RULE_FILE).get("code_named_once") or {}).get(ctx.family):
            # the code named once after a list of offences ("по чл.418-в ст.2 и кривично дело ... по
            # чл.418-а ст.1 в.в. чл.24 од КЗ"): the next coded material provision of the clause names it
            rest_end = max(ce, ctx.orig_span(*c.clause)[1])
            rest = normalize.parse_provisions(ctx.unwrapped[cs:rest_end], country=country, lang=ctx.document.language)
            later = next((q for q in rest or [] if q.code and q.kind == "material" and q.start > p.start), None)
            p = replace(p, code=later.code, kind=later.kind) if later is not None else p
        fixed = _repair(ctx, p, country) if p.code is None else None
        if fixed is not None:
            q, qspan = fixed
            out["provision"] = ctx.field(
                q.as_value(),
                c.confidence * TUNING.weight("provision_repaired"),
                [(cs + p.start, cs + p.end), qspan],
                "charges.provision.repaired",
            )
        else:
            out["provision"] = ctx.field(
                p.as_value(), c.confidence, [(cs + p.start, cs + p.end)], "charges.provision"
            )
        related = [q for q in provs if q is not p and q.kind != "procedural" and q.group == p.group]
        if related:
            out["related_provisions"] = ctx.field(
                [q.as_value() for q in related],
                c.confidence * TUNING.weight("related_provisions"),
                [(cs + q.start, cs + q.end) for q in related],
                "charges.related_provisions",
            )
        else:
            out["related_provisions"] = ctx.field(
                [], c.confidence * TUNING.weight("related_provisions"), [], "charges.related_provisions"
            )
        out["offence_id"] = offence_id(ctx, p, (cs + p.start, cs + p.end), c.confidence)
    else:
        out["provision"] = empty()
        out["related_provisions"] = empty()
        out["offence_id"] = empty()
    roles = {q.general for q in provs if q.general}
    out["attempt"] = _role(ctx, c, "attempt", "attempt" in roles, provs, cs)
    out["complicity"] = _role(
        ctx,
        c,
        "complicity",
        bool(roles & {"complicity", "aiding", "incitement", "co-perpetration", "coperpetration"}),
        provs,
        cs,
    )
    amended = _requalified(ctx, main[0], country) if main and c.outcome == "convicted" else None
    if amended is not None:
        # convicted of another offence than the one indicted, after the indictment was amended at trial
        spans = [ctx.orig_span(*c.outcome_span)] if c.outcome_span else []
        out["outcome"] = ctx.field(
            "requalified", c.confidence * TUNING.weight("requalified_by_amendment"), [*spans, amended],
            "charges.outcome.requalified",
        )
    elif c.outcome:
        spans = [ctx.orig_span(*c.outcome_span)] if c.outcome_span else []
        conf = c.confidence if c.outcome_span else c.confidence * TUNING.weight("outcome_without_phrase")
        outcome = c.outcome
        amended = _amended_charge(ctx, main[0], country) if main and outcome == "convicted" else None
        if amended is not None:
            outcome, spans = "requalified", [*spans, amended]
        out["outcome"] = ctx.field(outcome, conf, spans, "charges.outcome")
    else:
        out["outcome"] = empty()
    return out


def _requalified(ctx: Context, p: Any, country: str | None) -> Span | None:
    """The indictment amended at trial ("обвинителниот акт ... изменет на главниот претрес", "го измени
    обвинителниот акт во делот на правната квалификација") and the count convicted under a material
    provision the introduction does not cite: the span of the amendment's words (else None). Languages
    without `requalified_by_amendment` phrases never get here."""
    rx = patterns.phrases(RULE_FILE, "requalified_by_amendment", ctx.family)
    if rx is None:
        return None
    hit = None
    for a, b in [ctx.intro, *ctx.reasoning]:
        hit = rx.search(ctx.view, a, b)
        if hit:
            break
    if hit is None:
        return None
    ia, ib = ctx.orig_span(*ctx.intro)
    cited = [
        q
        for q in normalize.parse_provisions(ctx.unwrapped[ia:ib], country=country, lang=ctx.document.language) or []
        if q.kind == "material" and q.general is None
    ]
    if not cited or any(q.article == p.article and q.paragraph in (None, p.paragraph) for q in cited):
        return None
    return ctx.ospan(hit)


def _amended_charge(ctx: Context, p: Any, country: str | None) -> Span | None:
    """A conviction under another provision than the one the introduction charges, after the prosecutor
    amended the indictment at trial ("zbog krivičnog dela ... iz člana 388 stav 1 KZ, po optužnici ... koju je
    zamenik ... izmenio na glavnom pretresu", convicted under 388 stav 8): the charge was requalified. The
    original span of the amendment phrase, or None (charges.yaml `requalify_amended`, `indictment_amended`)."""
    if not patterns.gate(RULE_FILE, "requalify_amended", ctx.family, ctx.script):
        return None
    amended = patterns.phrases(RULE_FILE, "indictment_amended", ctx.family)
    offence_word = patterns.pattern(RULE_FILE, "offence_word", ctx.family)
    if amended is None or offence_word is None:
        return None
    i0, i1 = ctx.intro
    am = amended.search(ctx.view, i0, i1)
    # ... or the reasons ("суд није везан за предлоге тужиоца у погледу правне оцене дела", "преквалификовао")
    am = am or next((x for r0, r1 in ctx.reasoning for x in [amended.search(ctx.view, r0, r1)] if x), None)
    w = offence_word.search(ctx.view, i0, i1)
    if am is None or w is None:
        return None
    _, citation = _split_count(ctx, w.end(), min(i1, w.end() + TUNING.window("introduction_count")))
    others = patterns.phrases(RULE_FILE, "other_offences", ctx.family)
    if others is not None and others.search(ctx.view, *citation):
        return None  # "iz člana 388 stav 7 ... KZ i dr.": the offences charged are not all named
    cs, ce = ctx.orig_span(*citation)
    charged = {(q.article, q.paragraph) for q in normalize.parse_provisions(ctx.unwrapped[cs:ce], country=country,
                                                                          lang=ctx.document.language) or []
               if q.kind != "procedural" and q.general is None}
    if not charged or (p.article, p.paragraph) in charged:
        return None
    return ctx.orig_span(am.start(), am.end())


def _references(ctx: Context, country: str | None) -> list[tuple[Any, Span]]:
    """Material provisions cited in the introduction and the reasons, with a code (found once)."""
    cached = getattr(ctx, "_ref_provs", None)
    if cached is not None:
        return cached
    out: list[tuple[Any, Span]] = []
    for a, b in [ctx.intro, *ctx.reasoning]:
        oa, ob = ctx.orig_span(a, b)
        for q in (
            normalize.parse_provisions(ctx.unwrapped[oa:ob], country=country, lang=ctx.document.language) or []
        ):
            if q.code and q.kind != "procedural" and q.general is None:
                out.append((q, (oa + q.start, oa + q.end)))
    ctx._ref_provs = out  # type: ignore[attr-defined]
    return out


def _repair(ctx: Context, p: Any, country: str | None) -> tuple[Any, Span] | None:
    """A citation the scan garbled ("neni 1287bI1" for "neni 128/b/1"): the provision cited elsewhere
    in the verdict whose article starts with the same three figures, when exactly one does."""
    head = re.sub(r"\D", "", p.article)[:3]
    if len(head) < 2:
        return None
    hits: dict[tuple, tuple[Any, Span]] = {}
    for q, span in _references(ctx, country):
        if re.sub(r"\D", "", q.article)[:3] == head:
            hits.setdefault((q.code, q.article, q.paragraph), (q, span))
    return next(iter(hits.values())) if len(hits) == 1 else None


def offence_id(ctx: Context, prov: Any, span: Span, conf: float) -> FieldValue:
    cb = codebook()
    if cb is None or not hasattr(cb, "trafficking_offence"):
        return empty()
    found = cb.trafficking_offence(prov.code, prov.article)
    if not found:
        return empty()
    oid = (
        found
        if isinstance(found, str)
        else getattr(found, "id", None) or (found.get("id") if isinstance(found, dict) else None)
    )
    return ctx.field(oid, conf, [span], "charges.offence_id") if oid else empty()


def offence_family(found: Any) -> str | None:
    if found is None:
        return None
    if isinstance(found, dict):
        return found.get("family")
    return getattr(found, "family", None)


_SLIP = re.compile(r"(?<!\w)([čч])\.(?=\s?\d)")


def _role(ctx: Context, c: Count, key: str, by_article: bool, provs: list[Any], cs: int) -> FieldValue:
    rule = f"charges.{key}"
    if by_article:
        q = next((q for q in provs if q.general and (q.general == key or key == "complicity")), None)
        spans = [(cs + q.start, cs + q.end)] if q else []
        return ctx.field(True, TUNING.confidence("role_by_article"), spans, rule)
    rx = patterns.phrases(RULE_FILE, key, ctx.family)
    if rx is not None:
        m = rx.search(ctx.view, c.clause[0], c.clause[1])
        if m is None and key == "complicity" and c.act_start >= 0:
            # the act description ("kao saizvršioci", "zajedno sa") before the clause
            m = rx.search(ctx.view, c.act_start, c.clause[0])
        if m:
            return ctx.field(True, TUNING.confidence("role_by_words"), [ctx.ospan(m)], rule)
    return ctx.field(False, TUNING.confidence("role_not_found"), [], rule)


def _all_unnamed(ctx: Context, n: int, a: int, b: int) -> bool:
    """A sentence of the reasons naming no accused that is about all of them: the sole accused by the role
    word ("të gjykuarin"), several by a collective one ("të dy të pandehurit"). Data: charges.yaml
    accused_unnamed (sole / all), per language; none outside Albanian."""
    lab = patterns.labelled(RULE_FILE, "accused_unnamed", ctx.family)
    if lab is None:
        return False
    want = "sole" if n == 1 else "all"
    return any(patterns.label_of(x, lab[1]) == want for x in lab[0].finditer(ctx.view, a, b))


def intro_counts(ctx: Context, people: list[Person], op: Operative) -> list[Count]:
    """Counts from the introduction ("zbog krivičnog djela X iz čl. ..."), for verdicts whose operative
    part names no offence (appeals, decisions): outcome from the operative part or the appeal."""
    offence_word = patterns.pattern(RULE_FILE, "offence_word", ctx.family)
    if offence_word is None:
        return []
    i0, i1 = ctx.intro
    m = offence_word.search(ctx.view, i0, i1)
    if not m and op.upheld and patterns.gate(RULE_FILE, "count_from_upheld_report", ctx.family, ctx.script):
        # the introduction names no offence (a third instance: "shqyrtoi çështjen ... me objekt rekursin"):
        # the count is the one the reasons report of the decision upheld
        i0, i1 = op.upheld[0]
        m = offence_word.search(ctx.view, i0, i1)
    if not m:
        return []
    end = min(i1, m.end() + TUNING.window("introduction_count"))
    stop = re.compile(
        r"(?i:,\s*(?:po|по|odlučuju|rješavaju|rešavaju|postupaju|nakon|након|по\s+обвин|sa\s+izmjenom)|\n\s*\n)"
    )
    sm = stop.search(ctx.view, m.end(), end)
    if sm:
        end = sm.start()
    offence, citation = _split_count(ctx, m.end(), end)
    pairs = _quoted_offences(ctx, m.end(), end) if patterns.gate(
        RULE_FILE, "intro_several_offences", ctx.family, ctx.script) else []
    outcome, ospan = (op.outcomes[0][2], op.outcomes[0][:2]) if op.outcomes else (None, None)
    if len({o[2] for o in op.outcomes}) > 1 and op.upheld:
        # the decision upheld gave the accused different outcomes: each the last one after their name
        # there, before another accused is named (a first-instance acquittal then a conviction on appeal)
        out = []
        for i in range(len(people)):
            at = next((r.end for r in op.runs if i in r.people and op.upheld[0][0] <= r.start), None)
            stop = next((r.start for r in op.runs if at is not None and r.start >= at and i not in r.people), None)
            mine = None
            for o in op.outcomes:
                if at is not None and o[0] >= at and (stop is None or o[0] < stop):
                    mine = o
            out.append(Count([i], offence, citation, mine[2] if mine else None, mine[:2] if mine else None,
                             False, (m.start(), end), TUNING.confidence("introduction_count_per_defendant")))
        return out
    if outcome is None:
        lab = patterns.labelled(RULE_FILE, "appeal_confirms", ctx.family)
        if lab is not None:
            for o0, o1 in op.parts:
                am = lab[0].search(ctx.view, o0, o1)
                if am:
                    outcome, ospan = patterns.label_of(am, lab[1]), (am.start(), am.end())
                    break
    if outcome is None and patterns.gate(RULE_FILE, "appeal_sentences_anew", ctx.family, ctx.script):
        outcome, ospan = _sentenced_anew(ctx, op)
    if outcome == "requalified" and ospan is not None:
        offence, citation = _requalified_intro_count(ctx, ospan, offence, citation)
    out = [Count(list(range(len(people))), offence, citation, outcome, ospan, False, (m.start(), end),
                 TUNING.confidence("introduction_count"))]
    for i, (label, span) in _first_instance_outcomes(ctx, people, op).items():
        out[0].people.remove(i)
        out.append(Count([i], offence, citation, label, span, False, (m.start(), end),
                         TUNING.confidence("introduction_count_per_defendant")))
    out[0].people or out.pop(0)
    if len(pairs) > 1:
        # every offence the introduction names, in its order, with the same persons and outcome
        out = [replace(c, people=list(c.people), offence=o, citation=ci) for o, ci in pairs for c in out]
    return out


def _sentenced_anew(ctx: Context, op: Operative) -> tuple[str | None, Span | None]:
    """An appeal whose operative part changes the decision and sets the sentence anew, naming no offence and no
    outcome ("Ndryshimin e vendimit nr. 88 ..., duke e dënuar të pandehurin L.K. me 2 vjet e 8 muaj burgim"):
    the conviction stands (charges.yaml `appeal_sentences_anew`, with `sentencing_word`)."""
    sw = patterns.phrases(RULE_FILE, "sentencing_word", ctx.family)
    sanction = patterns.labelled("sentences", "sanction", ctx.family)
    annul = patterns.phrases("victims", "annulment", ctx.family)
    if annul is not None and any(
        not _civil_part_only(ctx, am) for o0, o1 in op.parts for am in annul.finditer(ctx.view, o0, o1)
    ):
        return None, None  # a decision quashed for retrial has no outcome
    for o0, o1 in op.parts:
        # the sentence set anew ("duke e dënuar"), or only suspended ("dhe pezullimin e ekzekutimit të dënimit")
        for rx in (sw, sanction[0] if sanction else None):
            m = rx.search(ctx.view, o0, o1) if rx is not None else None
            if m:
                return "convicted", (m.start(), m.end())
    return None, None


def _civil_part_only(ctx: Context, am: re.Match[str]) -> bool:
    """ "Prishjen e vendimit në pjesën civile": a quashing limited to the decision on the claims leaves the
    conviction as it is (charges.yaml `annulment_civil_part`, shortly after the quashing word)."""
    civil = patterns.phrases(RULE_FILE, "annulment_civil_part", ctx.family)
    if civil is None:
        return False
    s1 = ctx.sentence_view_span(am.start())[1]
    return civil.search(ctx.view, am.end(), min(s1, am.end() + TUNING.window("civil_part_after_annulment"))) is not None


def _quoted_offences(ctx: Context, a: int, b: int) -> list[tuple[Span, Span]]:
    """The offences an introduction names in quotes one after another ('akuzuar për veprat penale "Organizata
    kriminale" (neni 333 i K.Penal) dhe "Trafikimi ..." kryer nga organizatë kriminale (neni 110/a/2 i
    K.Penal)'): (name, citation) view spans, each citation from the end of its name to the next name; a
    circumstance between a name and its citation stays in the citation (charges.yaml `intro_several_offences`)."""
    names: list[Span] = []
    pos = a
    while pos < b:
        best = None
        for q in patterns.load(RULE_FILE).get("offence_quotes") or []:
            k = ctx.view.find(q[0], pos, b)
            if k >= 0 and (best is None or k < best[0]):
                j = ctx.view.find(q[-1], k + 1, b)
                if j > k:
                    best = (k, j)
        if best is None:
            break
        names.append((best[0] + 1, best[1]))
        pos = best[1] + 1
    cit = patterns.pattern(RULE_FILE, "citation_start", ctx.family)
    out: list[tuple[Span, Span]] = []
    for k, (n0, n1) in enumerate(names):
        c1 = names[k + 1][0] - 1 if k + 1 < len(names) else b
        if cit is None or not cit.search(ctx.view, n1, c1):
            return []  # a name without its own citation: not a list of offences with theirs
        out.append(((n0, n1), (n1 + 1, c1)))
    return out


def _first_instance_outcomes(
    ctx: Context, people: list[Person], op: Operative, skip_named: bool = True
) -> dict[int, tuple[str, Span]]:
    """An appeal that changes the decision for some accused and upholds the rest ("u nepreinačenom delu
    POTVRĐUJE"): an accused its operative part does not name keeps the first instance's outcome, as the
    reasons' first paragraph reports it after their name ("a okrivljena M.V. oslobođena je od optužbe").
    Gated by data (charges.yaml `outcome_of_first_instance_report`). ``skip_named=False``: also the accused the
    operative part names (for :func:`_not_anothers_outcome`)."""
    if not patterns.gate(RULE_FILE, "outcome_of_first_instance_report", ctx.family, ctx.script):
        return {}
    upholds = patterns.phrases(RULE_FILE, "appeal_upholds", ctx.family)
    lab = patterns.labelled(RULE_FILE, "appeal_confirms", ctx.family)
    if upholds is None or lab is None or not any(upholds.search(ctx.view, o0, o1) for o0, o1 in op.parts):
        return {}
    if not (ctx.has_structure and ctx.reasoning):
        return {}
    named = {i for r in op.runs for i in r.people} if skip_named else set()
    r0, end = ctx.reasoning[0]
    r1 = ctx.view.find("\n\n", ctx.view.find("\n", r0) + 2, end)
    r1 = end if r1 < 0 else r1
    runs = _runs(ctx, people, r0, r1)
    out: dict[int, tuple[str, Span]] = {}
    for k, r in enumerate(runs):
        stop = runs[k + 1].start if k + 1 < len(runs) else ctx.sentence_view_span(r.end)[1]
        for i in r.people:
            if i in named or i in out:
                continue
            x = lab[0].search(ctx.view, r.end, max(r.end, min(stop, r1)))
            if x is not None:
                out[i] = (patterns.label_of(x, lab[1]), (x.start(), x.end()))
    return out



# --------------------------------------------------------------------------- registered steps (registry.py)


@extractor("charges.operative", needs=("persons.defendants",))
def operative(ctx: Context, found: Found) -> Operative:
    """The events of the operative part (outcomes, clauses, runs of defendant mentions)."""
    return analyse(ctx, found["persons.defendants"])


@extractor("charges.counts", needs=("persons.defendants", "charges.operative"))
def all_counts(ctx: Context, found: Found) -> list[Count]:
    """The counts of the operative part; defendants it names in no count get the introduction's counts."""
    people, op = found["persons.defendants"], found["charges.operative"]
    found_counts = counts(ctx, people, op)
    covered = {i for c in found_counts for i in c.people}
    if people and len(covered) < len(people):
        of_clauses = list(found_counts)
        for c in intro_counts(ctx, people, op):
            c.people = [i for i in c.people if i not in covered]
            if c.people:
                found_counts += _not_anothers_outcome(ctx, people, op, _own_outcomes(ctx, op, c), of_clauses)
    return _annulled_for_some(ctx, people, op, found_counts)


def _annulled_for_some(ctx: Context, people: list[Person], op: Operative, found_counts: list[Count]) -> list[Count]:
    """An appeal that quashes the judgment for some accused and upholds it for the others ("I. Жалбата на
    обвинетата А.А. СЕ УВАЖУВА, пресудата ..., во делот со кој таа е огласена за виновна, СЕ УКИНУВА и предметот
    во тој дел СЕ ВРАЌА на повторно судење. II. ... СЕ ПОТВРДУВА."): an accused named in an operative sentence
    that quashes (victims.yaml `annulment`), when not every accused is named there, has no outcome (devset
    README: an annulled defendant has `outcome: null`). Only where charges.yaml `annulled_per_accused` says so."""
    if not patterns.gate(RULE_FILE, "annulled_per_accused", ctx.family, ctx.script) or len(people) < 2:
        return found_counts
    annul = patterns.phrases("victims", "annulment", ctx.family)
    if annul is None:
        return found_counts
    quashed: set[int] = set()
    for o0, o1 in op.parts:
        for am in annul.finditer(ctx.view, o0, o1):
            if _civil_part_only(ctx, am):
                continue
            s0, s1 = ctx.sentence_view_span(am.start())
            named = {i for r in _runs(ctx, people, max(s0, o0), min(s1, o1)) for i in r.people}
            if named and len(named) < len(people):
                quashed |= named
    if not quashed:
        return found_counts
    out: list[Count] = []
    for c in found_counts:
        keep = [i for i in c.people if i not in quashed]
        gone = [i for i in c.people if i in quashed]
        if keep:
            out.append(replace(c, people=keep))
        if gone:
            out.append(replace(c, people=gone, outcome=None, outcome_span=None))
    return out


def _not_anothers_outcome(
    ctx: Context, people: list[Person], op: Operative, intro: list[Count], of_clauses: list[Count]
) -> list[Count]:
    """Introduction counts of accused no clause names, whose outcome phrase is that of a count the operative part
    gives someone else (one accused acquitted on appeal, the others' sentence changed): each takes the next
    outcome phrase after their own first mention in the operative part that no count holds, else the outcome
    the reasons' first paragraph reports of them, else none (charges.yaml `outcome_not_anothers`, sr-Cyrl)."""
    if not patterns.gate(RULE_FILE, "outcome_not_anothers", ctx.family, ctx.script):
        return intro
    used = {c.outcome_span for c in of_clauses if c.outcome_span is not None}
    if not any(c.outcome_span in used for c in intro):
        return intro
    reported = _first_instance_outcomes(ctx, people, op, skip_named=False)
    out: list[Count] = []
    for c in intro:
        if c.outcome_span not in used:
            out.append(c)
            continue
        for i in c.people:
            first = next((r.start for r in op.runs if i in r.people), None)
            free = next((o for o in op.outcomes if first is not None and o[0] > first and o[:2] not in used), None)
            if free is not None:
                out.append(replace(c, people=[i], outcome=free[2], outcome_span=free[:2]))
            elif i in reported:
                out.append(replace(c, people=[i], outcome=reported[i][0], outcome_span=reported[i][1]))
            else:
                out.append(replace(c, people=[i], outcome=None, outcome_span=None))
    return out


def _own_outcomes(ctx: Context, op: Operative, c: Count) -> list[Count]:
    """An introduction's count given to accused no clause names: each takes the outcome phrase that follows
    their own personal-data paragraph, before the next one ("II. Обвинетата Н.Б., родена ... / СЕ
    ОСЛОБОДУВА ОД ОБВИНЕНИЕ / дека ..." without "со што би сторила"), when it differs from the count's.
    Only where charges.yaml `outcome_after_own_paragraph` says so (mk)."""
    if not (patterns.load(RULE_FILE).get("outcome_after_own_paragraph") or {}).get(ctx.family):
        return [c]
    out: list[Count] = []
    for i in c.people:
        mine = [a for a in op.anchors if a[2] == i]
        if not mine:
            out.append(replace(c, people=[i]))
            continue
        end = mine[0][1]
        nxt = min((a0 for a0, _a1, j in op.anchors if a0 >= end and j != i), default=len(ctx.view))
        own = next((o for o in op.outcomes if end <= o[0] < nxt), None)
        if own is None or own[2] == c.outcome:
            out.append(replace(c, people=[i]))
        else:
            out.append(replace(c, people=[i], outcome=own[2], outcome_span=own[:2]))
    # accused with the same outcome share one count again
    merged: list[Count] = []
    for x in out:
        same = next((m for m in merged if m.outcome == x.outcome and m.outcome_span == x.outcome_span), None)
        if same is not None:
            same.people.append(x.people[0])
        else:
            merged.append(x)
    return merged


@extractor("charges.by_count", needs=("persons.defendants", "charges.counts", "case.court"))
def by_count(ctx: Context, found: Found) -> dict[int, dict[str, Any]]:
    """The charge fields of every count a defendant is charged with (count number → fields)."""
    n = len(found["persons.defendants"])
    country = found["case.court"]["country"].value
    return {
        k: charge_fields(ctx, c, country)
        for k, c in enumerate(found["charges.counts"])
        if any(i in c.people for i in range(n))
    }


@extractor("charges.of_defendant", needs=("charges.counts",), per_item=True)
def of_defendant(ctx: Context, found: Found, item: Item) -> dict[int, Count]:
    """The counts of one defendant (count number → count): the records of the charge level."""
    return {k: c for k, c in enumerate(found["charges.counts"]) if item.index in c.people}


@extractor("charges.charge", needs=("charges.by_count",), per_item=True)
def charge(ctx: Context, found: Found, item: Item) -> dict[str, Any]:
    return found["charges.by_count"][item.index]
