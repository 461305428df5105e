"""Statute citations → :class:`Provision` (code, article, paragraph, item), material or procedural.

Shapes: "čl. 388 st. 3 u vezi st. 1 KZ", "člana 388. stav 1. Krivičnog zakonika", "čl. 151 st. 1
Krivičnog zakonika Crne Gore", "чл. 418-а ст. 1 од КЗ", "член 418-а став 1 од Кривичниот законик",
"neni 110/a, 25 i K.Penal", "nenit 128/b të Kodit Penal", "čl. 373 tač. 2 Zakonika o krivičnom postupku",
"tač. 1-5 čl. 413 KZ-a CG", "čl. 4 st. 2, čl. 32, 36 i 42 Krivičnog zakonika Crne Gore".

One citation is a chain: articles (with paragraphs and items) joined by lists ("i", ",") and by "u vezi"
(what follows is *related*: "čl. 388 st. 3 u vezi st. 1" is 388(3) related to 388(1)), closed by a code
name that applies to every article since the previous code name. Lists of paragraphs are expanded into
one provision each; in "st. 2, 5, 13" a figure counts as a paragraph only while it stays small and close
to the one before (2 → 5 is too far: 5 and 13 are articles, as lawyers mean it).
Vocabulary in ``resources/lexicons/provisions.yaml``; general-part roles in ``statutes.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import product

from pipeline.nlp.normalize._lex import alternation, expand_words, key, lead, lexicon


@dataclass(frozen=True, slots=True)
class Provision:
    """One cited provision. ``code``: stable id ("ME-KZ", "RS-KZ", "MK-KZ", "AL-KP", "ME-ZKP", ...,
    "KZ"/"ZKP"/"KP"/"KPP" when the country is unknown, "LAW" for another statute named in ``law``, None
    when no code is named). ``article`` is normalised ("418a" for 418-а / 418 a / 110/a). ``relation`` is
    "main" or "related" (cited after "u vezi" / "во врска со" / "në lidhje me"); provisions of one
    citation share ``group`` and ``start``/``end``/``raw`` (the whole citation). ``kind``: "material",
    "procedural", "other" (another statute, the ECHR) or None (no code named). ``general``: role of a
    general-part article ("attempt", "complicity", "incitement", "aiding", "continued_offence") or None."""

    code: str | None
    article: str
    paragraph: str | None = None
    item: str | None = None
    raw: str = ""
    start: int = 0
    end: int = 0
    kind: str | None = None
    relation: str = "main"
    group: int = 0
    law: str | None = None
    general: str | None = None

    def as_value(self) -> dict[str, str | None]:
        """The JSON shape of a provision field: {"code", "article", "paragraph", "item"}."""
        return {"code": self.code, "article": self.article, "paragraph": self.paragraph, "item": self.item}


_SUFFIX_MAP = str.maketrans({"а": "a", "б": "b", "в": "c", "г": "d", "д": "e", "v": "c", "g": "d"})


def normalize_article(article: str) -> str:
    """Canonical article id: "418-а" / "418 a" / "110/a" / "418а" → "418a" (а/б/в/г → a/b/c/d; the
    Serbian Latin a/b/v/g order also maps to a/b/c/d)."""
    mt = re.fullmatch(r"\s*(\d{1,4})\s*\.?\s*[-–/]?\s*([^\W\d_]?)\s*\.?\s*", article)
    if mt is None:
        return article.strip()
    suffix = mt.group(2).lower().translate(_SUFFIX_MAP)
    return f"{int(mt.group(1))}{suffix}"


# ----------------------------------------------------------------------------- patterns


@dataclass(frozen=True)
class _Patterns:
    anchor: re.Pattern[str]
    art_kw: re.Pattern[str]
    art_num: re.Pattern[str]
    para: re.Pattern[str]
    item: re.Pattern[str]
    list_next: re.Pattern[str]
    relation: re.Pattern[str]
    sep_article: re.Pattern[str]
    code: re.Pattern[str]
    country: re.Pattern[str]
    law: re.Pattern[str]
    code_of: dict[str, str]
    code_kind: dict[str, str]
    spelling_country: dict[str, str]
    country_of: dict[str, str]
    language_country: dict[str, str]
    general: dict[str, dict[str, str]]


_LETTER = r"[a-dA-Dа-гА-Гvg]"


@cache
def _patterns() -> _Patterns:
    lex = lexicon("provisions")
    art_kw = alternation(expand_words(lex["article_words"]))
    para_kw = alternation(expand_words(lex["paragraph_words"]))
    item_kw = alternation(expand_words(lex["item_words"]))
    rel = alternation(expand_words(lex["relation_words"]))
    lst = alternation(expand_words(lex["list_words"]))
    rng = alternation(expand_words(lex["range_words"]))
    prep = alternation(expand_words(lex["code_prepositions"]))
    conj = r"(?:u|i|a|и|у|е|e|dhe|od|од)"
    ocr_digits = "[" + "".join(re.escape(d) for d in _ocr_suffix_digits()) + "]" if _ocr_suffix_digits() else "(?!)"
    # article number with optional letter suffix: 418-а, 110/a, 166 a, 326 –a, 36a; then "/2" (Albanian paragraph)
    num = (
        rf"(?P<n>\d{{1,4}})(?:\s?[-–/]\s?(?P<s1>{_LETTER})(?!\w)|(?P<s2>{_LETTER})(?!\w)"
        rf"|\s?[-–]\s?(?P<s4>{ocr_digits})(?![\d,.]?\d)"
        rf"|\s(?P<s3>[a-dа-г])(?!\w)(?!\s+{conj}\b))?(?:/(?P<slp>\d{{1,2}})(?!\d))?(?:\s*\.(?!\d))?"
    )
    code_of: dict[str, str] = {}
    code_kind: dict[str, str] = {"LAW": "other"}
    literal: list[str] = []
    regexes: list[str] = []
    spelling_langs: dict[str, set[str]] = {}
    for cid, entry in lex["codes"].items():
        code_kind[cid] = entry["kind"]
        for lang, words in (entry.get("spellings") or {}).items():
            for w in expand_words({lang: words}):
                k = key(_squash(w))
                code_of[k] = cid
                spelling_langs.setdefault(k, set()).add(lang)
                literal.append(w)
        regexes.extend(entry.get("patterns") or [])
    # a spelling used by one language only tells the country ("Кривичниот законик" is Macedonian)
    lang_country = {str(k): str(v) for k, v in lex["language_country"].items()}
    spelling_country = {
        k: lang_country[next(iter(langs))]
        for k, langs in spelling_langs.items()
        if len(langs) == 1 and next(iter(langs)) in lang_country
    }
    for cid, langs in lex["country_codes"].items():
        base = cid.split("-", 1)[1]
        code_kind[cid] = lex["codes"][base]["kind"]
        for w in expand_words(langs):
            code_of[key(_squash(w))] = cid
            literal.append(w)
    country_of: dict[str, str] = {}
    country_words: list[str] = []
    for cc, langs in lex["countries"].items():
        for w in expand_words(langs):
            country_of[key(_squash(w))] = cc
            country_words.append(w)
    code_alt = "|".join([alternation(literal)[3:-1]] + regexes)
    code = re.compile(
        rf"(?:\s*,)?\s*(?:{prep}\s+)?(?P<code>{code_alt})(?!\w)(?:-?(?:a|om|u))?(?!\w)",
        re.IGNORECASE,
    )
    country = re.compile(rf"(?:\s*-?\s*a)?\s*(?P<cc>{alternation(country_words)})(?!\w)", re.IGNORECASE)
    heads = alternation(expand_words(lex["other_law_heads"]))
    stops = "|".join(re.escape(w) for w in lex["other_law_stop"])
    law = re.compile(
        rf"\s*(?:{prep}\s+)?(?P<law>{heads}(?:\s+(?!(?:{stops})\b)[^\W\d_][\w\-]*){{1,8}})",
        re.IGNORECASE,
    )
    statutes = lexicon("statutes")
    general = {c: {str(a): r for a, r in m.items()} for c, m in statutes["general_part"].items()}
    return _Patterns(
        anchor=re.compile(
            lead(expand_words(lex["article_words"]) + expand_words(lex["paragraph_words"])
                 + expand_words(lex["item_words"]))
            + rf"(?<!\w)(?:(?P<a>{art_kw})|(?P<p>{para_kw})|(?P<i>{item_kw}))",
            re.IGNORECASE,
        ),
        art_kw=re.compile(rf"\s*(?:{art_kw})(?:\s*{art_kw})?\s*", re.IGNORECASE),
        art_num=re.compile(num, re.IGNORECASE),
        para=re.compile(rf"\s*(?:,\s*)?(?:{para_kw})\.?\s*", re.IGNORECASE),
        item=re.compile(rf"\s*(?:,\s*)?(?:{item_kw})\.?\s*", re.IGNORECASE),
        list_next=re.compile(
            rf"(?P<sep>\s*,\s*|\s+{lst}\s+|\s*[-–]\s*|\s+{rng}\s+)(?P<v>\d{{1,3}})(?![\d/,]\d)(?:\s*\.(?!\d))?",
            re.IGNORECASE,
        ),
        relation=re.compile(rf"\s*,?\s*(?:{lst}\s+)?(?:{rel})(?!\w)\s*(?:{prep}\s+)?", re.IGNORECASE),
        sep_article=re.compile(rf"\s*[,;]*\s*(?:{lst}\s+)?(?=\S)", re.IGNORECASE),
        code=code,
        country=country,
        law=law,
        code_of=code_of,
        code_kind=code_kind,
        spelling_country=spelling_country,
        country_of=country_of,
        language_country=lang_country,
        general=general,
    )


def _squash(text: str) -> str:
    """Spelling key of a code name: no dots, hyphens or spaces ("K. Penal" = "K.Penal" = "KPenal")."""
    return re.sub(r"[\s.\-–]+", "", text)


_FIRST_NUM = re.compile(r"(\d{1,3})(?!\d)(?:\s*\.(?!\d))?")


def _numlist(pt: _Patterns, text: str, pos: int) -> tuple[list[str], int] | None:
    """A list of paragraph/item figures at ``pos``: "1", "1 i 2", "6, 7 i 8", "1-5", "1 do 4"."""
    mt = _FIRST_NUM.match(text, pos)
    if mt is None:
        return None
    values = [int(mt.group(1))]
    end = mt.end()
    while True:
        nx = pt.list_next.match(text, end)
        if nx is None:
            break
        v, sep = int(nx.group("v")), nx.group("sep").strip().lower()
        is_range = sep in ("-", "–") or sep in ("do", "до", "deri", "to")
        if not is_range and not (values[-1] < v <= values[-1] + (2 if sep == "," else 3) and v <= 12):
            break  # "st. 2, 5, 13" / "tač. 3 i 46" — the figure is the next article, not a paragraph
        if is_range:
            if not (values[-1] < v <= values[-1] + 20):
                break
            values.extend(range(values[-1] + 1, v + 1))
        else:
            values.append(v)
        end = nx.end()
    return [str(v) for v in values], end


@dataclass
class _Ref:
    article: str
    paragraphs: list[str]
    items: list[str]
    relation: str
    code: str | None = None
    law: str | None = None
    country: str | None = None  # told by the spelling of the code name ("Кривичниот законик" → MK)


@cache
def _ocr_suffix_digits() -> dict[str, str]:
    return {str(k): str(v) for k, v in (lexicon("provisions").get("ocr_suffix_digits") or {}).items()}


@cache
def _ocr_lettered() -> re.Pattern[str] | None:
    """An Albanian lettered article as OCR garbles its slashes ("110Ja)2", "110laj2", "1107aj2" for
    110/a/2; provisions.yaml ocr_lettered_article)."""
    cfg = lexicon("provisions").get("ocr_lettered_article")
    if not cfg:
        return None
    slash = cfg["slash"]
    digits = "".join(c for c in slash if c.isdigit())
    return re.compile(
        rf"(?P<n>\d{{2,3}})(?:{slash}){{1,2}}(?P<l>[a-e])"
        rf"(?:(?:{slash}){{0,2}}(?P<p>[1-9]|[{cfg['one']}]))?(?!\w)"
        # "18971", "40611": five digits, the slash of 189/1 read as a digit (no article has four digits)
        rf"|(?P<n5>\d{{3}})[{digits}](?P<p5>[1-9])(?!\w)"
    )


def _ocr_article(text: str, pos: int) -> tuple[str, str | None, int] | None:
    """The reading of a garbled lettered article after an article word, where it has only one: number,
    slash look-alike, letter a-e, slash look-alike, paragraph digit (no article is written "110Ja)2"); a
    form without the paragraph ("110Jb") only for a lettered article that exists (statutes.yaml)."""
    pattern = _ocr_lettered()
    mt = pattern.match(text, pos) if pattern is not None else None
    if mt is None:
        return None
    if mt.group("n5"):
        return str(int(mt.group("n5"))), mt.group("p5"), mt.end()
    article = f"{int(mt.group('n'))}{mt.group('l')}"
    para = mt.group("p")
    if para is None and article not in _lettered_articles():
        return None
    return article, ("1" if para and not para.isdigit() else para), mt.end()


@cache
def _lettered_articles() -> frozenset[str]:
    """Articles with a letter suffix that exist (statutes.yaml): the only readings of an OCR'd "418-6"."""
    return frozenset(
        str(p["article"]) for offence in lexicon("statutes")["offences"] for p in offence["provisions"]
        if not str(p["article"]).isdigit()
    )


def _article(pt: _Patterns, text: str, pos: int) -> tuple[str, str | None, int] | None:
    mt = pt.art_num.match(text, pos)
    if mt is None:
        return None
    if mt.group("s4"):  # "418-6": the suffix б read as a digit by OCR, when 418б is a real article
        article = normalize_article(mt.group("n") + _ocr_suffix_digits()[mt.group("s4")])
        if article in _lettered_articles():
            return article, None, mt.end()
        return normalize_article(mt.group("n")), None, mt.end("n")
    suffix = mt.group("s1") or mt.group("s2") or mt.group("s3") or ""
    # a bare number read, or one of four digits ("1107a)l": no code has an article 1107, the 7 is a slash):
    # perhaps a lettered article OCR garbled
    if (not suffix and mt.group("slp") is None) or len(mt.group("n")) >= 4:
        garbled = _ocr_article(text, pos)
        if garbled is not None:
            return garbled
    return normalize_article(mt.group("n") + suffix), mt.group("slp"), mt.end()


def _resolve(base: str | None, country: str | None) -> str | None:
    if base is None or "-" in base or base in ("ECHR", "LAW"):
        return base
    return f"{country}-{base}" if country else base


def parse_provisions(text: str, country: str | None = None, lang: str | None = None) -> list[Provision]:
    """Every provision cited in ``text``, in order, with spans. ``country`` (RS, ME, MK, AL, XK) or
    ``lang`` ("mk" → MK, "sq" → AL) resolves a bare "KZ"; without either a bare "KZ" stays "KZ"."""
    pt = _patterns()
    default_country = country or (pt.language_country.get(lang or "") if lang else None)
    out: list[Provision] = []
    pos = 0
    group = 0
    while True:
        anchor = pt.anchor.search(text, pos)
        if anchor is None:
            break
        refs, end = _citation(pt, text, anchor)
        if not refs:
            pos = anchor.end()
            continue
        start = anchor.start()
        raw = text[start:end]
        for ref in refs:
            code = _resolve(ref.code, country or ref.country or default_country) if ref.code else None
            kind = pt.code_kind.get(code.split("-", 1)[-1]) if code else None
            general = pt.general.get(code or "", {}).get(ref.article)
            for para, item in product(ref.paragraphs or [None], ref.items or [None]):
                out.append(
                    Provision(
                        code=code, article=ref.article, paragraph=para, item=item, raw=raw, start=start,
                        end=end, kind=kind, relation=ref.relation, group=group, law=ref.law, general=general,
                    )
                )
        group += 1
        pos = end
    return out


def _citation(pt: _Patterns, text: str, anchor: re.Match[str]) -> tuple[list[_Ref], int]:
    """Parse one citation chain starting at ``anchor``; returns its references and where it ends."""
    pos = anchor.end()
    lead_para: list[str] = []
    lead_item: list[str] = []
    if anchor.group("a") is None:
        # item or paragraph before the article: "tač. 1-5 čl. 413", "u tač. 1, 3 i 5 čl. 413"
        nl = _numlist(pt, text, _skip_ws(text, pos))
        if nl is None and anchor.group("p") is not None:
            nl = _paragraph_ordinal(text, anchor, pos)
        if nl is None:
            return [], pos
        kw = pt.art_kw.match(text, _article_link(text, anchor, nl[1]))
        if kw is None or kw.end() == nl[1]:
            return [], pos
        if anchor.group("p") is not None:
            lead_para = nl[0]
        else:
            lead_item = nl[0]
        pos = kw.end()
    else:
        kw = pt.art_kw.match(text, anchor.start())
        pos = kw.end() if kw else pos
    first = _article(pt, text, pos)
    if first is None:
        return [], pos
    article, slash_para, pos = first
    refs = [_Ref(article, lead_para or ([slash_para] if slash_para else []), lead_item, "main")]
    relation = "main"
    pending = 0  # index of the first reference without a code yet
    end = pos
    while True:
        cur = refs[-1]
        progressed = False
        mt = pt.para.match(text, pos)
        if mt and not cur.paragraphs:
            nl = _numlist(pt, text, mt.end()) or _paragraph_ordinal(text, mt, mt.end())
            if nl:
                cur.paragraphs, pos, progressed = nl[0], nl[1], True
        mt = pt.item.match(text, pos)
        if mt and not cur.items:
            nl = _numlist(pt, text, mt.end())
            if nl:
                cur.items, pos, progressed = nl[0], nl[1], True
        if progressed:
            end = pos
            continue
        # a code name closes the articles since the previous one
        mt = pt.code.match(text, pos)
        if mt:
            spelled = key(_squash(mt.group("code")))
            base = pt.code_of.get(spelled) or _pattern_code(mt.group("code"))
            cc = pt.country.match(text, mt.end())
            country = pt.country_of.get(key(_squash(cc.group("cc")))) if cc else None
            code = _resolve(base, country) if "-" not in base else base
            for ref in refs[pending:]:
                ref.code, ref.country = code, pt.spelling_country.get(spelled)
            pending = len(refs)
            pos = end = cc.end() if cc and country else mt.end()
        elif pending < len(refs):
            lm = pt.law.match(text, pos)
            if lm:
                for ref in refs[pending:]:
                    ref.code, ref.law = "LAW", re.sub(r"\s+", " ", lm.group("law")).strip()
                pending = len(refs)
                pos = end = lm.end()
        # continue the chain: "u vezi ..." or ", čl. 32" / "i 229"
        mt = pt.relation.match(text, pos)
        if mt:
            nxt = mt.end()
            if (m2 := pt.para.match(text, nxt)) and (nl := _numlist(pt, text, m2.end())):
                refs.append(_Ref(cur.article, nl[0], [], "related"))
                relation, pos = "related", nl[1]
                if (m3 := pt.item.match(text, pos)) and (nl2 := _numlist(pt, text, m3.end())):
                    refs[-1].items, pos = nl2[0], nl2[1]
                end = pos
                continue
            if (m2 := pt.item.match(text, nxt)) and (nl := _numlist(pt, text, m2.end())):
                refs.append(_Ref(cur.article, list(cur.paragraphs[:1]), nl[0], "related"))
                relation, pos = "related", nl[1]
                end = pos
                continue
            kw = pt.art_kw.match(text, nxt)
            if kw and kw.end() > nxt and (art := _article(pt, text, kw.end())):
                refs.append(_Ref(art[0], [art[1]] if art[1] else [], [], "related"))
                relation, pos, end = "related", art[2], art[2]
                continue
            break
        mt = pt.sep_article.match(text, pos)
        if mt and mt.end() > pos:
            nxt = mt.end()
            kw = pt.art_kw.match(text, nxt)
            at = kw.end() if kw and kw.end() > nxt else nxt
            # a bare figure continues a list of articles only if no code closed the chain yet
            if (kw and kw.end() > nxt) or pending < len(refs):
                art = _article(pt, text, at)
                if art and not _looks_like_other_number(text, art[2]):
                    refs.append(_Ref(art[0], [art[1]] if art[1] else [], [], relation))
                    pos = end = art[2]
                    continue
        break
    return refs, end


@cache
def _ordinal_patterns() -> tuple[frozenset[str], re.Pattern[str] | None, dict[str, str], re.Pattern[str] | None]:
    """The paragraph and item words of the languages with `paragraph_ordinals` / `article_links`, the ordinal
    regex with the figure of each ordinal, and the link regex (provisions.yaml)."""
    lex = lexicon("provisions")
    ordinals: dict[str, dict[str, int]] = lex.get("paragraph_ordinals") or {}
    links: dict[str, list[str]] = lex.get("article_links") or {}
    langs = set(ordinals) | set(links)
    heads = frozenset(
        key(w).rstrip(".")
        for w in expand_words({lg: list(lex["paragraph_words"].get(lg) or []) + list(lex["item_words"].get(lg) or [])
                               for lg in langs})
    )
    figure = {key(w): str(n) for lg, m in ordinals.items() for o, n in m.items() for w in expand_words({lg: [o]})}
    ordinal = re.compile(rf"\s*(?:,\s*)?(?P<o>{alternation(figure)})(?!\w)", re.IGNORECASE) if figure else None
    words = expand_words(links)
    link = re.compile(rf"\s+(?:{alternation(words)})(?=\s)", re.IGNORECASE) if words else None
    return heads, ordinal, figure, link


def _head_word(text: str, head: re.Match[str]) -> str:
    return key(text[head.start():head.end()].strip(" ,")).rstrip(".")


def _paragraph_ordinal(text: str, head: re.Match[str], pos: int) -> tuple[list[str], int] | None:
    """"paragrafi i dytë": a paragraph named by its ordinal, as a one-figure list, after a paragraph word of a
    language that writes them so (provisions.yaml `paragraph_ordinals`); None elsewhere."""
    heads, ordinal, figure, _ = _ordinal_patterns()
    if ordinal is None or _head_word(text, head) not in heads:
        return None
    m = ordinal.match(text, pos)
    if m is None:
        return None
    return [figure[key(re.sub(r"\s+", " ", m.group("o")))]], m.end()


def _article_link(text: str, head: re.Match[str], pos: int) -> int:
    """Past the genitive article that joins a leading paragraph or item to its article ("paragrafi 2 i nenit
    110/a"), where the paragraph word is of a language with `article_links`; else ``pos``."""
    heads, _, _, link = _ordinal_patterns()
    if link is None or _head_word(text, head) not in heads:
        return pos
    m = link.match(text, pos)
    return m.end() if m else pos


_UNIT_AFTER = re.compile(r"\s*(?:/\d|%|€|eur|din|ден|lek|god|dan|mj|mes|mjes|sat|čas|km|kg|gr)", re.IGNORECASE)


def _looks_like_other_number(text: str, pos: int) -> bool:
    """A figure followed by a unit or a slash is an amount, a date or a case number, not an article."""
    return bool(_UNIT_AFTER.match(text, pos))


def _pattern_code(written: str) -> str:
    """Code of a name matched by a typo-tolerant pattern: "Zakonika o kr..." is procedure, else the KZ."""
    low = written.lower()
    return "ZKP" if low.startswith(("zakon", "закон")) else "KZ"


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def find_provisions(text: str, country: str | None = None, lang: str | None = None) -> list[Provision]:
    """Alias of :func:`parse_provisions` (provisions carry their own spans)."""
    return parse_provisions(text, country=country, lang=lang)


def provisions_by_group(provisions: list[Provision]) -> list[list[Provision]]:
    """Provisions of one citation together, in order (main ones first as cited)."""
    groups: dict[int, list[Provision]] = {}
    for p in provisions:
        groups.setdefault(p.group, []).append(p)
    return list(groups.values())
