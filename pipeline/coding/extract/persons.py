"""Defendants: who is accused, and what the personal-data paragraph says about each of them.

A verdict introduces every accused person in a personal-data paragraph ("Okrivljeni H.K., JMBG ...,
rođen ...", "Обвинетиот Б.С., роден ...", "1. E.M., i biri i A., lindur ..."): in the operative part
(Serbian, Montenegrin, Macedonian, Croatian) or in the introduction (Albanian). Persons named only in
the introduction ("protiv okrivljenih J.H., J.R. i J.B.") are accused too and get a record.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pipeline.coding.extract import names, patterns, tuning
from pipeline.coding.extract.context import Context, Span, empty
from pipeline.coding.extract.registry import Found, Item, extractor
from pipeline.model import FieldValue
from pipeline.nlp import normalize
from pipeline.text.fold import name_key

RULE_FILE = "persons"
TUNING = tuning.Tuning("persons")


@dataclass
class Person:
    """One accused person while the record is built: name, where they are described, mentions."""

    name: str  # as written (original script)
    vname: str  # the same in the matching view (Latin for Serbian Cyrillic): compare names with this
    span: Span  # original offsets of the name where the person is first described
    paragraph: Span | None = None  # view span of the personal-data paragraph
    anchor_v: int = 0  # view offset of the paragraph (or first mention)
    from_intro_only: bool = False
    mentions: list[Span] = field(default_factory=list)  # view spans of later mentions
    # a person first found in a row of a table of defendants and described again in a paragraph of their own
    # in the operative part ("Окривљени Срђан Лазаревић, од оца Миодрага, ..."): that paragraph's view span,
    # which groups them with the counts that follow it (the row keeps their personal data)
    regroup: Span | None = None
    again: list[Span] = field(default_factory=list)  # paragraphs that name them again "as described above"
    fields: dict[str, FieldValue] = field(default_factory=dict)


# --------------------------------------------------------------------------- finding the accused


def find_defendants(ctx: Context) -> list[Person]:
    """Accused persons in order: personal-data paragraphs first, then names only in the introduction."""
    people: list[Person] = []
    para = patterns.pattern(RULE_FILE, "paragraph", ctx.family)
    op_end = ctx.operative[-1][1] if ctx.operative else len(ctx.view)
    if ctx.family == "sq" or not ctx.has_structure:
        lo = ctx.intro[0]
    else:
        lo = ctx.operative[0][0] if ctx.operative else ctx.intro[0]
        lo = min(lo, ctx.intro[1])  # a "pa se okrivljeni X, JMBG" paragraph may open the operative part
    hi = max(op_end, ctx.intro[1]) if ctx.family == "sq" else op_end
    row = patterns.pattern(RULE_FILE, "table_row", ctx.family)
    line = patterns.pattern(RULE_FILE, "list_line", ctx.family) if patterns.gate(
        RULE_FILE, "list_line_paragraphs", ctx.family, ctx.script) else None
    other = patterns.pattern(RULE_FILE, "other_role", ctx.family)
    dword = patterns.pattern(RULE_FILE, "dword", ctx.family)
    if para is not None:
        for m in _paragraph_matches(ctx, para, line, lo, hi):
            vs, ve = m.start("n"), m.end("n")
            if other is not None and dword is not None and not dword.search(ctx.view, m.start(), vs):
                # a paragraph under the victims' heading ("TË DËMTUARAT:\nA.B., e lindur më ...")
                last_other = max((x.end() for x in other.finditer(ctx.view, lo, m.start())), default=-1)
                last_dword = max((x.end() for x in dword.finditer(ctx.view, lo, m.start())), default=-1)
                if last_other > last_dword:
                    continue
            cut = names.clean(ctx.view[vs:ve], vs)
            if cut is None:
                continue
            os_, oe = ctx.orig_span(*cut)
            vname = ctx.view[cut[0] : cut[1]]
            known = next((p for p in people if names.same_person(vname, p.vname)), None)
            if known is not None:
                if row is not None and known.regroup is None and row.match(ctx.view, known.anchor_v) \
                        and not row.match(ctx.view, m.start()):
                    known.regroup = (m.start(), m.end())
                continue
            # the paragraph starts at the name when a heading ("OKRIVLJENI:") stands lines above it
            start = m.start() if "\n\n" not in ctx.view[m.start() : cut[0]] else cut[0]
            longer = _fourth_name_word(ctx, cut[0], cut[1], m.end())
            if longer is not None:  # the record's name; `vname` keeps the three words other mentions are read with
                os_, oe = ctx.orig_span(cut[0], longer)
            people.append(
                Person(
                    name=_paragraph_nominative(ctx, vname, ctx.text[os_:oe], m.start(), cut[0]),
                    vname=vname,
                    span=(os_, oe),
                    paragraph=(start, m.end()),
                    anchor_v=start,
                )
            )
    # close each paragraph at the next person's paragraph or after a reasonable stretch
    for i, p in enumerate(people):
        end = people[i + 1].anchor_v if i + 1 < len(people) else min(hi, p.anchor_v + TUNING.window("last_paragraph"))
        p.paragraph = (p.anchor_v, _paragraph_end(ctx, p.anchor_v, end))
    for p in people:
        if p.regroup is not None:
            later = [q.regroup[0] for q in people if q.regroup is not None and q.regroup[0] > p.regroup[0]]
            limit = min([*later, hi, p.regroup[0] + TUNING.window("last_paragraph")])
            p.regroup = (p.regroup[0], max(p.regroup[1], _paragraph_end(ctx, p.regroup[0], limit)))
    _described_again(ctx, people, lo, hi)
    genitive = patterns.phrases(RULE_FILE, "genitive_dword", ctx.family)
    for vname, span, vpos in intro_names(ctx):
        if any(names.same_person(vname, p.vname) or _initials_overlap(vname, p.vname) for p in people):
            continue
        if patterns.gate(RULE_FILE, "intro_oblique_short_names", ctx.family, ctx.script) and any(
                _oblique_of(vname, p.vname) for p in people):
            continue
        name = ctx.text[span[0] : span[1]]
        if genitive is not None and genitive.search(ctx.view, max(0, vpos - TUNING.window("genitive_word_before_name")),
                                                    vpos):
            name = names.nominative(name, "genitive")  # appeals name the accused only in the genitive
        name = _nominative_written(ctx, vname, vpos) or name
        people.append(Person(name=name, vname=vname, span=span, anchor_v=vpos, from_intro_only=True))
    if not people:
        for e in ctx.entities_of("DEFENDANT"):
            vs, ve = ctx.view_span(e.start, e.end)
            cut = names.clean(ctx.view[vs:ve], vs)
            if cut is None:
                continue
            vname = ctx.view[cut[0] : cut[1]]
            if any(names.same_person(vname, p.vname) for p in people):
                continue
            span = ctx.orig_span(*cut)
            people.append(
                Person(
                    name=ctx.text[span[0] : span[1]],
                    vname=vname,
                    span=span,
                    anchor_v=cut[0],
                    from_intro_only=True,
                )
            )
    return people


def _described_again(ctx: Context, people: list[Person], lo: int, hi: int) -> None:
    """ "II Окривљени ДРАГАН МИРКОВИЋ, ближе описан у ставу I изреке, неосуђиван, и окривљена М.Ђ., рођена ...
    / КРИВИ СУ": a later part names an accused of an earlier paragraph again, their data "as described above";
    that paragraph is theirs too, so the part's counts go to everyone it names (`Person.again`). Gated by data
    (`described_again`)."""
    if not patterns.gate(RULE_FILE, "described_again", ctx.family, ctx.script):
        return
    rx = patterns.pattern(RULE_FILE, "described_again_paragraph", ctx.family)
    if rx is None:
        return
    for m in rx.finditer(ctx.view, lo, hi):
        p = next((q for q in people if names.same_person(m.group("n"), q.vname)), None)
        if p is None or p.paragraph is None or p.paragraph[0] <= m.start() < p.paragraph[1]:
            continue
        end = _paragraph_end(ctx, m.start(), min(hi, m.start() + TUNING.window("last_paragraph")))
        p.again.append((m.start(), end))


def _fourth_name_word(ctx: Context, start: int, end: int, limit: int) -> int | None:
    """View end of a fourth word of the name of a personal-data paragraph ("ХОСЕ МИГЕЛ РАМИРЕС ПЕРЕС (José ...),
    рођен"): the name rules read three words at most; one more word written like the name, right before the
    bracket or the comma of the paragraph, belongs to it (Spanish and Portuguese names carry two surnames).
    Gated by data (`paragraph_fourth_name_word`)."""
    if not patterns.gate(RULE_FILE, "paragraph_fourth_name_word", ctx.family, ctx.script):
        return None
    words = names.tokens(ctx.view[start:end])
    if len(words) != 3:
        return None
    m = re.compile(r"[ \t]+([^\W\d_]+)(?=[ \t]*[(,])").match(ctx.view, end, limit)
    if m is None:
        return None
    word, last = m.group(1), words[-1]
    same_style = word.isupper() == last.isupper() and word[:1].isupper()
    if not same_style or len(word) < 2:
        return None
    cut = names.clean(ctx.view[start : m.end(1)], start)
    return m.end(1) if cut is not None and cut[1] == m.end(1) else None  # not a word that is never a name's


def _paragraph_nominative(ctx: Context, vname: str, name: str, p0: int, vs: int) -> str:
    """The name of a personal-data paragraph after a role word in an oblique case ("према окривљеном ДРАГАНУ
    МИРКОВИЋУ, рођеном ...", a charge rejected or a juvenile's measure) in the nominative: the one the verdict
    writes elsewhere, else rebuilt from the endings. Gated by data (`paragraph_oblique_nominative`)."""
    if not patterns.gate(RULE_FILE, "paragraph_oblique_nominative", ctx.family, ctx.script):
        return name
    before = ctx.view[p0:vs]
    for key, case in (("paragraph_dative_dword", "dative"), ("genitive_dword", "genitive")):
        rx = patterns.phrases(RULE_FILE, key, ctx.family)
        if rx is not None and rx.search(before):
            return _nominative_written(ctx, vname, vs) or names.nominative(name, case)
    return name


def _nominative_written(ctx: Context, vname: str, vpos: int) -> str | None:
    """The nominative the verdict itself writes of a person named in the introduction in an oblique case
    ("окривљених Бујара Реџепија и Фатоса Исмаилија" ... "окривљени Бујар Реџепи оглашен је кривим"): an
    appeal's reasons report the first instance's decision in the nominative, which the endings cannot always
    rebuild (foreign names, a name after "и" without its own role word). The mention must name the person
    with as many words. Gated by data (`nominative_written`)."""
    if not patterns.gate(RULE_FILE, "nominative_written", ctx.family, ctx.script):
        return None
    rx = patterns.pattern(RULE_FILE, "nominative_mention", ctx.family)
    if rx is None:
        return None
    want = len(names.tokens(vname))
    for m in rx.finditer(ctx.view):
        if m.start("n") == vpos:
            continue
        found = m.group("n")
        if names.is_initials(found) != names.is_initials(vname):
            continue  # initials are no spelling of a full name ("П.И." of "Петра Илића")
        if len(names.tokens(found)) == want and (names.same_person(found, vname) or _oblique_of(found, vname)):
            s, e = ctx.orig_span(m.start("n"), m.end("n"))
            return ctx.text[s:e]
    return None


def _paragraph_matches(ctx: Context, para, line, lo: int, hi: int) -> list[re.Match[str]]:
    """The matches of the paragraph rules, with those of the list-line rule that overlap none, in text order."""
    found = list(para.finditer(ctx.view, lo, hi))
    if line is not None:
        taken = [(m.start(), m.end()) for m in found]
        found += [m for m in line.finditer(ctx.view, lo, hi)
                  if not any(a < m.end() and m.start() < b for a, b in taken)]
        found.sort(key=lambda m: m.start())
    return found


def _initials_overlap(a: str, b: str) -> bool:
    """ "Đ.M." in the introduction and "Đ.M.O" (a slip) in the paragraph: one person."""
    if not (names.is_initials(a) and names.is_initials(b)):
        return False
    ia = [name_key(t)[0] for t in names.tokens(a)]
    ib = [name_key(t)[0] for t in names.tokens(b)]
    short, long_ = (ia, ib) if len(ia) <= len(ib) else (ib, ia)
    return len(short) >= 2 and long_[: len(short)] == short and len(long_) - len(short) <= 1


def _oblique_of(a: str, b: str) -> bool:
    """ "Mirsada Đeše" in the introduction and "MIRSAD ĐEŠO" in the paragraph: one person whose short name
    (four letters, which `names.same_person` compares whole) differs only in its case ending. Every word pair
    agrees but for the last letter of the shorter word, and that stem keeps three letters at least."""
    ta = [name_key(t) for t in names.tokens(a)]
    tb = [name_key(t) for t in names.tokens(b)]
    if len(ta) < 2 or len(ta) != len(tb) or names.is_initials(a) or names.is_initials(b):
        return False
    for x, y in zip(ta, tb, strict=True):
        stem = min(len(x), len(y)) - 1
        if stem < 3 or x[:stem] != y[:stem]:
            return False
    return True


def _paragraph_end(ctx: Context, start: int, limit: int) -> int:
    """A personal-data paragraph ends at a blank line, at an outcome heading, or at ``limit``."""
    lab = patterns.labelled("charges", "outcome", ctx.family)
    end = limit
    blank = ctx.view.find("\n\n", start, limit)
    if blank >= 0:
        end = blank
    if lab is not None:
        m = lab[0].search(ctx.view, start, end)
        if m:
            end = m.start()
    return end


def intro_names(ctx: Context) -> list[tuple[str, Span, int]]:
    """(view name, original span, view offset) of the names after "protiv okrivljen*" in the
    introduction, without the counsel named between them."""
    dword = patterns.pattern(RULE_FILE, "dword", ctx.family)
    if dword is None:
        return []
    i0, i1 = ctx.intro
    stop = patterns.phrases(RULE_FILE, "intro_list_end", ctx.family)
    counsel = patterns.phrases(RULE_FILE, "counsel_words", ctx.family)
    person = _person_rx()
    out: list[tuple[str, Span, int]] = []
    # "protiv okrivljenih S.L. i dr.": the others are named later, with the role word, in the introduction
    # (appellants) and in the reasons' first paragraph (the first instance's decision): gated by data
    others = patterns.phrases(RULE_FILE, "others_mark", ctx.family) if patterns.gate(
        RULE_FILE, "others_named_later", ctx.family, ctx.script) else None
    more = False
    for dm in _dwords(ctx, dword, i0, i1):
        if dm is None:  # the end of the introduction
            if not more:
                break
            i1 = _first_reasons_paragraph(ctx)[1]
            continue
        end = i1
        if stop is not None:
            sm = stop.search(ctx.view, dm.end(), i1)
            if sm:
                end = sm.start()
        end = min(end, dm.end() + TUNING.window("introduction_list"))
        last = dm.end()
        counsel_end = -1
        for m in person.finditer(ctx.view, dm.end(), end):
            gap = ctx.view[last : m.start()]
            before = ctx.view[max(dm.end(), m.start() - TUNING.window("words_before_listed_name")) : m.start()]
            counsel_from = max(dm.end(), m.start() - TUNING.window("counsel_word_before_name"))
            if counsel is not None and counsel.search(ctx.view[counsel_from : m.start()]):
                counsel_end = m.end()
                continue  # "koga brani advokat X": counsel, not accused
            # right after the role word, or after a list joint ("A.H. ..., i T.normalize.", "Б.С. и Д.Т.")
            joint = len(gap.strip(" :,\t\n")) == 0 or re.search(r"(?:,|\s(?:i|и|dhe|te))\s*$", before)
            if more:
                # the others named later: right after the role word or a list joint, nothing between
                joint = re.fullmatch(r"[\s:,]*(?:(?:i|и)\s+)?", gap) is not None
            if not joint or ctx.view[max(0, m.start() - 1) : m.start()] in "“„«\"'":
                continue
            if counsel is not None and counsel.search(ctx.view[counsel_from : m.start()]):
                counsel_end = m.end()
                continue  # "koga brani advokat X": counsel, not accused
            if counsel_end >= 0 and re.fullmatch(r"\s*(?:,|i|и|dhe)\s*", ctx.view[counsel_end : m.start()]):
                counsel_end = m.end()
                continue  # "koga brane X i Y": the second counsel
            if re.search(r"(?i:\b(?:iz|u|od|из|од|nga|në|ul\.|rr\.)\s*)$", before):
                continue  # a place or a street, not a person
            cut = names.clean(m.group(), m.start())
            if cut is None:
                continue
            vname = ctx.view[cut[0] : cut[1]]
            if not any(names.same_person(vname, n) for n, *_ in out):
                out.append((vname, ctx.orig_span(*cut), m.start()))
            last = m.end()
        if out and not more:
            more = others is not None and bool(others.match(ctx.view, last))
            if not more:
                break  # the first list of accused is the one that counts
    return out


def _dwords(ctx: Context, dword: re.Pattern[str], i0: int, i1: int):
    """The role words of the introduction, then None, then those of the reasons' first paragraph."""
    yield from dword.finditer(ctx.view, i0, i1)
    yield None
    r0, r1 = _first_reasons_paragraph(ctx)
    if r1 > r0:
        yield from dword.finditer(ctx.view, r0, r1)


def _first_reasons_paragraph(ctx: Context) -> Span:
    """View span of the first paragraph after the heading of the reasons ((0, 0) without reasons)."""
    if not (ctx.has_structure and ctx.reasoning):
        return 0, 0
    r0, end = ctx.reasoning[0]
    heading = re.match(r"[^\n]{0,60}\n\s*", ctx.view[r0:end])
    r0 += heading.end() if heading else 0
    r1 = ctx.view.find("\n\n", r0 + 1, end)
    return r0, end if r1 < 0 else r1


_PERSON_RX: list[re.Pattern[str]] = []


def _person_rx() -> re.Pattern[str]:
    if not _PERSON_RX:
        _PERSON_RX.append(patterns.compile_source(patterns.phrase_regex("re:{PERSON}", RULE_FILE)))
    return _PERSON_RX[0]


# --------------------------------------------------------------------------- personal data


def personal_fields(ctx: Context, person: Person, decision_date: dt.date | None) -> dict[str, FieldValue]:
    """sex, birth_year, age, citizenship, prior_convictions from the paragraph (custody counts only where
    the sentence credits it: see sentences.py)."""
    out: dict[str, FieldValue] = {}
    out["name"] = ctx.field(
        person.name,
        TUNING.confidence("name_of_paragraph" if person.paragraph else "name_in_introduction"),
        [person.span],
        "persons.name",
    )
    if person.paragraph is None:
        out["sex"] = _sex_from_mentions(ctx, person)
        return out
    p0, p1 = person.paragraph
    out["sex"] = _sex(ctx, p0, p1) or _sex_from_mentions(ctx, person)
    out["birth_year"], out["age"] = _birth(ctx, p0, p1, decision_date)
    out["citizenship"] = citizenship(ctx, p0, p1, "persons.citizenship")
    out["prior_convictions"] = _prior(ctx, p0, p1)
    return out


def sex_votes(ctx: Context, name: str, key: str, vs: int, ve: int) -> dict[str, list[Span]]:
    lab = patterns.labelled(name, key, ctx.family)
    votes: dict[str, list[Span]] = {}
    if lab is None:
        return votes
    rx, labels = lab
    for m in rx.finditer(ctx.view, vs, ve):
        votes.setdefault(patterns.label_of(m, labels), []).append(ctx.ospan(m))
    return votes


def _sex(ctx: Context, p0: int, p1: int) -> FieldValue | None:
    # the role word just before the paragraph counts too ("Okrivljena S.R.")
    votes = sex_votes(ctx, RULE_FILE, "sex", max(0, p0 - TUNING.window("sex_word_before_paragraph")), p1)
    if not votes:
        return None
    best = max(votes, key=lambda k: len(votes[k]))
    n_best, n_all = len(votes[best]), sum(len(v) for v in votes.values())
    conf = (
        TUNING.confidence("sex")
        + TUNING.weight("sex_share_of_votes") * (n_best / n_all)
        - (TUNING.weight("sex_tie") if n_best == n_all - n_best else 0)
    )
    return ctx.field(best, conf, votes[best][:3], "persons.sex")


def _sex_from_mentions(ctx: Context, person: Person) -> FieldValue:
    """Gender of the role word before the person's name in the introduction ("okrivljene S.R.")."""
    vpos = ctx.to_view(person.span[0])
    votes = sex_votes(ctx, RULE_FILE, "sex", max(0, vpos - TUNING.window("sex_word_before_name")), vpos)
    if not votes:
        return empty()
    best = max(votes, key=lambda k: (len(votes[k]), max(s for s, _ in votes[k])))
    return ctx.field(best, TUNING.confidence("sex_from_mention"), votes[best][:1], "persons.sex.mention")


def _birth(ctx: Context, p0: int, p1: int, decided: dt.date | None) -> tuple[FieldValue, FieldValue]:
    rx = patterns.pattern(RULE_FILE, "birth", ctx.family)
    year_f, age_f = empty(), empty()
    if rx is not None:
        m = rx.search(ctx.view, p0, p1)
        if m:
            if m.group("d"):
                s, e = ctx.ospan(m, "d")
                d = normalize.parse_date(ctx.unwrapped[s:e] + ".")
                if d:
                    year_f = ctx.field(d.year, TUNING.confidence("birth_date"), [ctx.ospan(m)], "persons.birth_year")
            elif m.group("y"):
                year_f = ctx.field(int(m.group("y")), TUNING.confidence("birth_year"), [ctx.ospan(m)],
                                   "persons.birth_year")
    arx = patterns.pattern(RULE_FILE, "age", ctx.family)
    if arx is not None:
        m = arx.search(ctx.view, p0, p1)
        if m:
            age_f = ctx.field(int(m.group("a")), TUNING.confidence("age"), [ctx.ospan(m)], "persons.age")
    return year_f, age_f


def citizenship(ctx: Context, vs: int, ve: int, rule: str) -> FieldValue:
    """Citizenship as written ("državljanin Republike Srbije", "shtetas shqiptar"); the confidence is
    higher when the country is one the rules know."""
    rx = patterns.pattern(RULE_FILE, "citizenship", ctx.family)
    if rx is None:
        return empty()
    m = rx.search(ctx.view, vs, ve)
    if not m:
        return empty()
    s, e = ctx.ospan(m)
    phrase = ctx.text[s:e].strip(" ,.;")
    cs, ce = ctx.ospan(m, "c")
    known = country_code(ctx.view[m.start("c") : m.end("c")].strip(" ,.;")) is not None
    confidence = TUNING.confidence("citizenship_known_country" if known else "citizenship_other")
    return ctx.field(phrase, confidence, [(s, s + len(phrase))], rule, source_file=RULE_FILE)


def country_code(words: str) -> str | None:
    key = name_key(words).replace(",", " ")
    key = re.sub(r"\s+", " ", key).strip()
    best: tuple[int, str] | None = None
    for code, phrases in patterns.mapping(RULE_FILE, "countries").items():
        for ph in phrases:
            ph_key = name_key(str(ph))
            hit = key == ph_key or key.startswith(ph_key + " ") or key.startswith(ph_key + ".")
            if hit and (best is None or len(ph_key) > best[0]):
                best = (len(ph_key), str(code))
    return best[1] if best else None


def _prior(ctx: Context, p0: int, p1: int) -> FieldValue:
    lab = patterns.labelled(RULE_FILE, "prior", ctx.family)
    if lab is None:
        return empty()
    rx, labels = lab
    m = rx.search(ctx.view, p0, p1)
    if not m:
        return empty()
    value = patterns.label_of(m, labels) == "true"
    return ctx.field(value, TUNING.confidence("prior_convictions"), [ctx.ospan(m)], "persons.prior_convictions")


def custody_days(
    ctx: Context, rx: re.Pattern[str] | None, vs: int, ve: int, decided: dt.date | None, rule: str
) -> FieldValue:
    """Days in custody from "od X do Y" (groups f, t; to the decision date when still in custody):
    the difference of the two dates, as lawyers count it."""
    if rx is None:
        return empty()
    parse = normalize.parse_date
    total = 0
    spans: list[Span] = []
    open_ended = False
    for m in rx.finditer(ctx.view, vs, ve):
        fs, fe = ctx.ospan(m, "f")
        start = parse(ctx.unwrapped[fs:fe] + ".")
        if start is None:
            continue
        end = None
        if m.group("t"):
            ts, te = ctx.ospan(m, "t")
            end = parse(ctx.unwrapped[ts:te] + ".")
        if end is None:
            if decided is None:
                continue
            end, open_ended = decided, True
        if end < start:
            continue
        total += (end - start).days
        spans.append(ctx.ospan(m))
    if not spans:
        return empty()
    return ctx.field(total, TUNING.confidence("custody_until_decision" if open_ended else "custody"), spans, rule)


# --------------------------------------------------------------------------- counsel, plea, confession


def defense_counsel(ctx: Context, people: list[Person]) -> dict[int, FieldValue]:
    """Counsel per person: in the paragraph (Albanian), else in the introduction, for the accused named
    last before it ("protiv okrivljenog A.H., koga brani advokat R.S., i T.normalize., koga brani ..."); a
    list of counsel after a list of accused ("нивните бранители, адвокатите X и Y") in order."""
    out: dict[int, FieldValue] = {}
    rx = patterns.pattern(RULE_FILE, "counsel", ctx.family)
    if rx is None:
        return out
    for i, p in enumerate(people):
        if p.paragraph:
            m = rx.search(ctx.view, *p.paragraph)
            if m:
                cut = names.clean(m.group("c"), m.start("c"))
                if cut:
                    s, e = ctx.orig_span(*cut)
                    out[i] = ctx.field(names.nominative_at(ctx, s, e), TUNING.confidence("counsel_in_paragraph"),
                                       [(s, e)], "persons.defense_counsel")
    i0, i1 = ctx.intro
    positions = sorted(
        (vs, i)
        for vs, _ve, name in ctx.person_names()
        if i0 <= vs < i1
        for i, p in enumerate(people)
        if names.same_person(name, p.vname)
    )
    lst = patterns.pattern(RULE_FILE, "counsel_list", ctx.family)
    if lst is not None and len(people) > 1:
        m = lst.search(ctx.view, i0, i1)
        if m:
            counsel_cuts = [
                c
                for c in (
                    names.clean(pm.group(), pm.start())
                    for pm in _person_rx().finditer(ctx.view, m.start("l"), m.end("l"))
                )
                if c
            ]
            if len(counsel_cuts) == len(people):
                for i, cut in enumerate(counsel_cuts):
                    if i not in out:
                        s, e = ctx.orig_span(*cut)
                        out[i] = ctx.field(
                            names.nominative_at(ctx, s, e), TUNING.confidence("counsel_listed"), [(s, e)],
                            "persons.defense_counsel.list"
                        )
    for m in rx.finditer(ctx.view, i0, i1):
        cut = names.clean(m.group("c"), m.start("c"))
        if cut is None:
            continue
        s, e = ctx.orig_span(*cut)
        if any(names.same_person(ctx.view[cut[0] : cut[1]], p.vname) for p in people):
            continue
        before = [i for vp, i in positions if vp < m.start()]
        if len(people) == 1:
            idx = 0
        elif before:
            idx = before[-1]
        else:
            continue
        if idx not in out:
            conf = TUNING.confidence("counsel_of_only_defendant" if len(people) == 1 else "counsel_named_after")
            out[idx] = ctx.field(names.nominative_at(ctx, s, e), conf, [(s, e)], "persons.defense_counsel")
    return out


def confession(ctx: Context, people: list[Person]) -> dict[int, FieldValue]:
    """Confession said of a person in the introduction or reasoning (negations count as "no")."""
    lab = patterns.labelled(RULE_FILE, "confession", ctx.family)
    out: dict[int, FieldValue] = {}
    if lab is None:
        return out
    rx, labels = lab
    parts = list(ctx.reasoning) + [ctx.intro]
    if not ctx.has_structure:
        parts = [(0, len(ctx.view))]
    for r0, r1 in parts:
        for m in rx.finditer(ctx.view, r0, r1):
            s0, s1 = ctx.sentence_view_span(m.start())
            sent = ctx.view[s0:s1]
            value = patterns.label_of(m, labels) == "true"
            named = [
                (vs, i)
                for vs, _ve, name in ctx.person_names()
                if s0 <= vs < m.start()
                for i, p in enumerate(people)
                if names.same_person(name, p.vname)
            ]
            if named:
                targets = [max(named)[1]]
            elif len(people) == 1 and patterns.pattern(RULE_FILE, "dword", ctx.family).search(sent):
                targets = [0]
            else:
                targets = []
            for i in targets:
                prev = out.get(i)
                if prev is None or (prev.value is True and value is False):
                    out[i] = ctx.field(value, TUNING.confidence("confession"), [ctx.ospan(m)], "persons.confession")
    return out


def _mentions(sentence: str, name: str) -> bool:
    if not name:
        return False
    if name in sentence:
        return True
    return any(names.same_person(m.group(), name) for m in _person_rx().finditer(sentence))


# --------------------------------------------------------------------------- registered steps (registry.py)


@extractor("persons.defendants")
def defendants(ctx: Context, found: Found) -> list[Person]:
    """The accused persons, in order: the records of the defendant level."""
    return find_defendants(ctx)


@extractor("persons.personal", needs=("case.decision_day",), per_item=True)
def personal(ctx: Context, found: Found, item: Item) -> dict[str, FieldValue]:
    """name, sex, birth_year, age, citizenship, prior_convictions of one defendant."""
    return personal_fields(ctx, item.value, found["case.decision_day"])


@extractor("persons.counsel_by_defendant", needs=("persons.defendants",))
def counsel_by_defendant(ctx: Context, found: Found) -> dict[int, FieldValue]:
    return defense_counsel(ctx, found["persons.defendants"])


@extractor("persons.defense_counsel", needs=("persons.counsel_by_defendant",), per_item=True)
def counsel_of(ctx: Context, found: Found, item: Item) -> FieldValue:
    return found["persons.counsel_by_defendant"].get(item.index, empty())


@extractor("persons.plea_agreement", needs=("case.decision_type",), per_item=True)
def plea_agreement(ctx: Context, found: Found, item: Item) -> FieldValue:
    """A judgment on a plea agreement: every defendant made one (evidence: the decision type's)."""
    decision = found["case.decision_type"]
    if decision.value == "plea_agreement_judgment":
        return ctx.field(True, TUNING.confidence("plea_agreement"), [(e.start, e.end) for e in decision.evidence],
                         "persons.plea_agreement")
    return ctx.field(False, TUNING.confidence("no_plea_agreement"), [], "persons.plea_agreement")


@extractor("persons.confessions", needs=("persons.defendants",))
def confessions(ctx: Context, found: Found) -> dict[int, FieldValue]:
    return confession(ctx, found["persons.defendants"])


@extractor(
    "persons.confession", needs=("persons.confessions", "case.decision_type", "case.instance"), per_item=True
)
def confession_of(ctx: Context, found: Found, item: Item) -> FieldValue:
    """The confession the verdict records; a plea agreement implies one; a defendant tried in the first
    instance with none recorded did not confess (the court records a confession when there is one)."""
    said = found["persons.confessions"]
    decision = found["case.decision_type"]
    person: Person = item.value
    if item.index in said:
        return said[item.index]
    if decision.value == "plea_agreement_judgment":
        return ctx.field(True, TUNING.confidence("confession_by_plea"), [(e.start, e.end) for e in decision.evidence],
                         "persons.confession.plea")
    if person.paragraph and not person.from_intro_only and found["case.instance"].value == "first":
        return ctx.field(False, TUNING.confidence("no_confession_recorded"), [], "persons.confession.none")

    return empty()
