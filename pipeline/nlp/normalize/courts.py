"""Court names in any grammatical case → :class:`Court` (nominative name, level, country).

Shapes: "Viši sud u Beogradu", "VIŠEG SUDA U BEOGRADU", "Osnovnim sudom u Podgorici", "Основни суд у Новом
Саду", "Основен кривичен суд Скопје", "Апелационен суд Скопје", "Gjykata e Shkallës së Parë për Krime të
Rënda Tiranë", "Gjykata e Apelit", "Vrhovni sud Crne Gore", "Specijalno odeljenje za organizovani
kriminal". Courts, seats and level words are in ``resources/lexicons/courts.yaml``; a seat missing from the
list is still taken from the text (one capitalised word, e.g. a masked "B....ama"), without a country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.nlp.normalize._lex import (
    alternation,
    expand_words,
    is_cyrillic,
    key,
    lead,
    lexicon,
    sr_to_cyrillic,
)
from pipeline.text.fold import deaccent


@dataclass(frozen=True, slots=True)
class Court:
    """``name``: nominative, in the script of the text ("Viši sud u Beogradu"); ``level``: basic, higher,
    appellate, supreme, special; ``country``: RS, ME, MK, AL, XK, BA or None; ``city``: the seat as the
    name writes it; ``department``: a special department ("Specijalizovano odjeljenje") or None."""

    name: str
    level: str | None
    country: str | None
    city: str | None = None
    department: str | None = None
    raw: str = ""
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class _Tables:
    sr: re.Pattern[str]
    sr_dept: re.Pattern[str]
    mk: re.Pattern[str]
    sq: re.Pattern[str]
    sr_level: dict[str, tuple[str, str, str | None]]  # form key → (nominative, level, country of a unique court)
    sr_cyrillic_country: str | None  # the country of a court named in Cyrillic without seat or country
    sr_city: dict[str, tuple[str, str]]  # locative key → (locative as written in names, country)
    sr_country: dict[str, tuple[str, str]]
    sr_dept_of: dict[str, dict[str, Any]]
    mk_level: dict[str, tuple[str, str]]
    mk_branch: dict[str, str]
    mk_city: dict[str, tuple[str, str]]
    mk_country: dict[str, tuple[str, str]]
    mk_dept_of: dict[str, dict[str, Any]]
    sq_courts: list[dict[str, Any]]
    sq_city: dict[str, str]


# a seat missing from the list: a word of letters (masked seats keep their dots: "B....ama", "K."),
# maybe a second capitalised word ("Herceg Novom")
_SEAT_WORD = r"[^\W\d_](?:[^\W\d_]|\.+(?=[^\W\d_]))*\.?"
_UNKNOWN_SEAT = rf"{_SEAT_WORD}(?:[ \t]+{_SEAT_WORD})?"


def _keyed(words: list[str], value: Any, into: dict[str, Any], lang: str = "sr") -> list[str]:
    forms = expand_words({lang: words})
    for f in forms:
        into[_k(f)] = value
    return forms


def _k(text: str) -> str:
    """Look-up key of a written name: one space between words and after dots ("B.Polju" = "B. Polju")."""
    return key(" ".join(re.sub(r"\.\s*", ". ", text).split()))


@cache
def _tables() -> _Tables:
    lex = lexicon("courts")
    sr, mk, sq = lex["sr"], lex["mk"], lex["sq"]
    sr_level: dict[str, tuple[str, str, str | None]] = {}
    lvl_forms: list[str] = []
    for lvl, entry in sr["levels"].items():
        lvl_forms += _keyed(entry["forms"], (entry["name"], entry.get("level", lvl), entry.get("country")), sr_level)
    sr_city: dict[str, tuple[str, str]] = {}
    city_forms: list[str] = []
    for _city, entry in sr["cities"].items():
        for loc in entry["loc"]:
            city_forms += _keyed([loc], (entry["loc"][0], entry["country"]), sr_city)
    sr_country: dict[str, tuple[str, str]] = {}
    country_forms: list[str] = []
    for cc, entry in sr["country_names"].items():
        country_forms += _keyed(entry["forms"], (entry["name"], cc), sr_country)
    sr_dept_of: dict[str, dict[str, Any]] = {}
    dept_forms: list[str] = []
    for entry in sr["departments"]:
        dept_forms += _keyed(entry["forms"], entry, sr_dept_of)
    sud = alternation(expand_words({"sr": sr["court_words"]}))
    prep = alternation(expand_words({"sr": sr["prepositions"]}))
    dept = alternation(dept_forms)
    sr_re = re.compile(
        lead(lvl_forms) + rf"(?<!\w)(?P<lvl>{alternation(lvl_forms)})\s+{sud}(?!\w)"
        rf"(?:\s+{prep}\s+(?:(?P<city>{alternation(city_forms)})(?!\w)|(?P<seat>{_UNKNOWN_SEAT}))"
        rf"|\s+(?P<cn>{alternation(country_forms)})(?!\w))?"
        rf"(?:\s*[-–,]?\s*(?P<dept>{dept})(?!\w))?",
        re.IGNORECASE,
    )
    sr_dept = re.compile(lead(dept_forms) + rf"(?<!\w)(?P<dept>{dept})(?!\w)", re.IGNORECASE)

    mk_level: dict[str, tuple[str, str]] = {}
    mk_lvl_forms: list[str] = []
    for lvl, entry in mk["levels"].items():
        mk_lvl_forms += _keyed(entry["forms"], (entry["name"], lvl), mk_level, "mk")
    mk_branch: dict[str, str] = {}
    branch_forms: list[str] = []
    for name, forms in mk["branches"].items():
        branch_forms += _keyed(forms, name, mk_branch, "mk")
    mk_city: dict[str, tuple[str, str]] = {}
    mk_city_forms = _keyed_cities(mk["cities"], mk_city)
    mk_country: dict[str, tuple[str, str]] = {}
    mk_country_forms: list[str] = []
    for cc, entry in mk["country_names"].items():
        # a name the state bore before ("на Република Македонија", until 2019) keeps its own entry
        mk_country_forms += _keyed(entry["forms"], (entry["name"], entry.get("country", cc)), mk_country, "mk")
    mk_dept_of: dict[str, dict[str, Any]] = {}
    mk_dept_forms: list[str] = []
    for entry in mk.get("departments") or []:
        mk_dept_forms += _keyed(entry["forms"], entry, mk_dept_of, "mk")
    mk_dept = (
        rf"(?:\s*[-–,]?\s*(?P<dept>{alternation(mk_dept_forms)})(?!\w))?" if mk_dept_forms else "(?P<dept>(?!))?"
    )
    mk_re = re.compile(
        lead(mk_lvl_forms) + rf"(?<!\w)(?P<lvl>{alternation(mk_lvl_forms)})\s+(?:(?P<br>{alternation(branch_forms)})\s+)?"
        rf"{alternation(mk['court_words'])}(?!\w)"
        rf"(?:\s+(?:{alternation(mk['prepositions'])}\s+)?(?:(?P<city>{alternation(mk_city_forms)})(?!\w)"
        rf"|(?P<cn>{alternation(mk_country_forms)})(?!\w)|(?P<seat>[А-ЯЃЌЅЉЊЏЈ][\w]+)))?" + mk_dept,
        re.IGNORECASE,
    )

    court = sq["court_word"]
    sq_city: dict[str, str] = {}
    sq_city_forms: list[str] = []
    for nom, forms in sq["cities"].items():
        for f in forms:
            for v in {f, deaccent(f)}:
                sq_city[key(v)] = nom
                sq_city_forms.append(v)
    seat_prep = alternation(sq["seat_prepositions"])
    alts = []
    for i, entry in enumerate(sq["courts"]):
        body = entry["pattern"].replace("{court}", court).replace("{art}", sq["article"])
        if entry.get("city"):
            body += rf"(?:\s*,?\s+(?:{seat_prep}\s+)?(?P<c{i}>{alternation(sq_city_forms)})(?!\w))?"
        alts.append(rf"(?P<g{i}>(?<!\w){body}(?!\w))")
    sq_re = re.compile(r"(?=[gG])(?:" + "|".join(alts) + ")", re.IGNORECASE)
    return _Tables(
        sr=sr_re, sr_dept=sr_dept, mk=mk_re, sq=sq_re, sr_level=sr_level, sr_cyrillic_country=sr.get("cyrillic_country"), sr_city=sr_city,
        sr_country=sr_country, sr_dept_of=sr_dept_of, mk_level=mk_level, mk_branch=mk_branch,
        mk_city=mk_city, mk_country=mk_country, mk_dept_of=mk_dept_of, sq_courts=list(sq["courts"]), sq_city=sq_city,
    )


def _keyed_cities(cities: dict[str, Any], into: dict[str, tuple[str, str]]) -> list[str]:
    forms: list[str] = []
    for name, entry in cities.items():
        into[_k(name)] = (name, entry["country"])
        forms.append(name)
    return forms


def _title(words: str) -> str:
    """Capitalised seat as the court name writes it ("BERANAMA" → "Beranama", "herceg novom" → "Herceg Novom")."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in words.split())


def _script(name: str, written: str) -> str:
    return sr_to_cyrillic(name) if is_cyrillic(written) else name


def _sr_court(t: _Tables, mt: re.Match[str]) -> Court | None:
    nominative, level, unique_country = t.sr_level[_k(mt.group("lvl"))]
    raw = mt.group(0)
    city = country = None
    if mt.group("city"):
        city, country = t.sr_city[_k(mt.group("city"))]
        name = f"{nominative} sud u {city}"
    elif mt.group("seat"):
        seat = mt.group("seat")
        spans = [(w.start(), w.end()) for w in re.finditer(r"\S+", seat)]
        words = [seat[a:b] for a, b in spans]
        # a second word belongs to the seat only when capitalised in mixed-case text ("Herceg Novom"),
        # without dots ("K.br.", "Kri."), and not after a sentence end ("u B.Polju. Smatra")
        if len(words) == 2 and not (
            words[1][:1].isupper() and not words[1].isupper() and "." not in words[1] and len(words[1]) > 2
            and not words[0].endswith(".")
        ):
            words, spans = words[:1], spans[:1]
        if not words[0][:1].isupper():
            return None
        cut = spans[-1][1]
        if len(words[-1]) > 2 and words[-1].endswith("."):
            cut -= len(words[-1]) - len(words[-1].rstrip("."))  # the full stop of the sentence
        seat_text = " ".join(seat[spans[0][0]:cut].split())
        city = _title(seat_text) if seat_text.isupper() else seat_text
        if not mt.group("dept"):
            raw = raw[: mt.start("seat") - mt.start()] + seat[:cut]
        name = f"{nominative} sud u {city}"
    elif mt.group("cn"):
        cname, country = t.sr_country[_k(mt.group("cn"))]
        name = f"{nominative} sud {cname}"
    else:
        if not mt.group("lvl")[:1].isupper() and not mt.group("dept"):
            return None  # "osnovni sud je utvrdio": a court spoken of, not named
        name = f"{nominative} sud"
    department = None
    if mt.group("dept"):
        dept = t.sr_dept_of[_k(mt.group("dept"))]
        department, level = dept["name"], "special"
        country = country or dept["country"]
    written = mt.group(0)
    if country is None and city is None:
        # "Vrhovni kasacioni sud" existed only in Serbia; "Врховни суд" with neither seat nor country in
        # Cyrillic is Serbia's (Montenegrin courts write Latin, those of Republika Srpska name it)
        country = unique_country or (t.sr_cyrillic_country if is_cyrillic(written) else None)
    return Court(
        name=_script(name, written), level=level, country=country,
        city=_script(city, written) if city else None,
        department=_script(department, written) if department else None,
        raw=raw, start=mt.start(), end=mt.start() + len(raw),
    )


def _mk_court(t: _Tables, mt: re.Match[str]) -> Court:
    nominative, level = t.mk_level[_k(mt.group("lvl"))]
    branch = t.mk_branch.get(_k(mt.group("br"))) if mt.group("br") else None
    parts = [nominative] + ([branch] if branch else []) + ["суд"]
    city = country = None
    if mt.group("city"):
        city, country = t.mk_city[_k(mt.group("city"))]
        parts.append(city)
    elif mt.group("cn"):
        cname, country = t.mk_country[_k(mt.group("cn"))]
        parts.append(cname)
    elif mt.group("seat"):
        city = _title(mt.group("seat"))
        parts.append(city)
        country = "MK"
    department = None
    if mt.group("dept"):
        department, level = t.mk_dept_of[_k(mt.group("dept"))]["name"], "special"
    return Court(name=" ".join(parts), level=level, country=country or "MK", city=city, department=department,
                 raw=mt.group(0), start=mt.start(), end=mt.end())


def _sq_court(t: _Tables, mt: re.Match[str]) -> Court:
    i = next(int(k[1:]) for k, v in mt.groupdict().items() if k.startswith("g") and v is not None)
    entry = t.sq_courts[i]
    name = entry["name"]
    if entry.get("name_general") and re.search(r"juridiksionit", mt.group(0), re.IGNORECASE):
        name = entry["name_general"]
    city_raw = mt.groupdict().get(f"c{i}")
    city = t.sq_city.get(key(city_raw)) if city_raw else None
    if city:
        name = f"{name} {city}"
    return Court(name=name, level=entry["level"], country=entry["country"], city=city, raw=mt.group(0),
                 start=mt.start(), end=mt.end())


def find_courts(text: str) -> list[Court]:
    """Every court named in ``text``, with spans, in order (overlapping mentions: the first, longest)."""
    t = _tables()
    found: list[Court] = []
    for mt in t.sr.finditer(text):
        court = _sr_court(t, mt)
        if court:
            found.append(court)
    for mt in t.sr_dept.finditer(text):
        dept = t.sr_dept_of[_k(mt.group("dept"))]
        # a department named alone belongs to its higher court ("Posebno odeljenje ..." → Viši sud u Beogradu)
        if "organizovani" in key(mt.group("dept")) or "odjeljenj" in key(mt.group("dept")):
            written = mt.group(0)
            found.append(Court(
                name=_script(dept["parent"], written), level="special", country=dept["country"],
                city=None, department=_script(dept["name"], written), raw=written, start=mt.start(), end=mt.end(),
            ))
    found += [_mk_court(t, mt) for mt in t.mk.finditer(text)]
    found += [_sq_court(t, mt) for mt in t.sq.finditer(text)]
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Court] = []
    for c in found:
        if out and c.start < out[-1].end:
            continue
        out.append(c)
    return out


def normalize_court(text: str) -> Court | None:
    """The court named in a short text, in the nominative; None when no court is named."""
    found = find_courts(text)
    return found[0] if found else None
