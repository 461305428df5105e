"""Person names as verdicts write them: initials ("H.K.", "M. K."), full names in any grammatical case
("sudiji Mirjani Čepić"), masked ("M M"). Matching two mentions of one person tolerates case endings,
dots, spacing and swapped order of initials ("Đ. I." / "I. Đ.")."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline.coding.extract import patterns, tuning
from pipeline.text.fold import name_key
from pipeline.text.translit import latin_view

_TOKEN = re.compile(r"[^\W\d_]+(?:\.|\*+)?", re.UNICODE)


@cache
def _stop() -> frozenset[str]:
    return frozenset(name_key(str(w)) for w in patterns.load("common").get("not_name_words") or [])


def tokens(name: str) -> list[str]:
    return _TOKEN.findall(name)


def person_source(family: str) -> str:
    """The person-name pattern of a family: with `trailing_initials_names` on, a name whose surname is written as
    initials after the first name ("Maria Santos R.", "Joy A. B.") is one person, not "Maria Santos" and "A. B."."""
    return "re:{PERSON_TI}" if patterns.gate("common", "trailing_initials_names", family) else "re:{PERSON}"


def is_initials(name: str) -> bool:
    toks = tokens(name)
    return bool(toks) and all(len(t.rstrip(".*")) <= 2 for t in toks)


def clean(text: str, start: int = 0) -> tuple[int, int] | None:
    cut = _clean(text)
    return None if cut is None else (start + cut[0], start + cut[1])


@lru_cache(maxsize=20000)
def _clean(text: str) -> tuple[int, int] | None:
    """Span (relative to ``text``, offset by ``start``) of the name in a candidate, cut before the
    first word that is never part of a name; None when no name is left."""
    end = 0
    for m in _TOKEN.finditer(text):
        word = name_key(m.group().rstrip(".*"))
        if word in _stop() and not (
            len(m.group()) <= 3 and m.group()[0].isupper() and m.group().endswith(".")
        ):
            break
        end = m.end()
    if end == 0:
        return None
    name = text[:end].rstrip(" ,;")
    if not name or len(tokens(name)) == 0:
        return None
    # a lone capitalised word is not a name (but a lone initial pair "M.K." is)
    if len(tokens(name)) < 2 and not re.search(r"\.\s?\S", name):
        return None
    return 0, len(name)


@lru_cache(maxsize=20000)
def key(name: str) -> str:
    """Key under which two mentions of one person meet."""
    toks = [name_key(t.rstrip(".*")) for t in tokens(name)]
    if not toks:
        return ""
    if all(len(t) <= 2 for t in toks):
        return "i:" + "".join(sorted(toks))  # initials in any order
    return "n:" + " ".join(sorted(_stem(t) for t in toks))


def _stem(word: str) -> str:
    """Word without its case ending (Milene/Milena/Mileni -> mile; Ćetković/Ćetkovića -> cetkovi)."""
    w = name_key(word)
    return w[: max(3, len(w) - 2)] if len(w) > 4 else w


def initials_of(name: str) -> str:
    return "".join(sorted(name_key(t)[0] for t in tokens(name) if t))


@lru_cache(maxsize=50000)
def same_person(a: str, b: str) -> bool:
    """Whether two mentions name one person: same key, same stems, or initials that fit a full name."""
    if not a or not b:
        return False
    ka, kb = key(a), key(b)
    if ka == kb:
        return True
    ta = [name_key(t.rstrip(".*")) for t in tokens(a)]
    tb = [name_key(t.rstrip(".*")) for t in tokens(b)]
    if ka.startswith("n:") and kb.startswith("n:"):
        sa, sb = {_stem(t) for t in ta}, {_stem(t) for t in tb}
        small, big = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
        return len(small) >= 2 and small <= big or (len(small) == len(big) and _prefix_match(sa, sb))
    # initials against a full name: "M. K." ~ "Marko Kovačević"
    if ka.startswith("i:") != kb.startswith("i:"):
        ini, full = (ta, tb) if ka.startswith("i:") else (tb, ta)
        return sorted(t[0] for t in ini) == sorted(t[0] for t in full)
    return False


def _prefix_match(sa: set[str], sb: set[str]) -> bool:
    return all(any(y.startswith(x[:4]) or x.startswith(y[:4]) for y in sb) for x in sa)


# --------------------------------------------------------------------------- nominative


@cache
def _endings() -> dict[str, dict[str, list[tuple[str, str]]]]:
    data = patterns.load("common").get("endings") or {}
    return {
        case: {
            g: sorted(((str(a), str(b)) for a, b in pairs), key=lambda x: -len(x[0]))
            for g, pairs in genders.items()
        }
        for case, genders in data.items()
    }


@cache
def _vowel_names() -> frozenset[str]:
    return frozenset(name_key(str(w)) for w in patterns.load("common").get("masculine_vowel_names") or [])


@cache
def _fleeting_a_names() -> frozenset[str]:
    return frozenset(name_key(str(w)) for w in patterns.load("common").get("fleeting_a_names") or [])


@cache
def _fleeting_a_last() -> tuple[str, ...]:
    return tuple(str(c) for c in patterns.load("common").get("fleeting_a_surname_last") or [])


def _fleeting_a_surname(stem: str) -> bool:
    """A surname's stem ending in a consonant and a fleeting-a letter ("banjc" of "Бањца"): the nominative puts
    the a back ("Бањац"). ``stem`` is the Latin key without the ending."""
    return len(stem) > 3 and stem.endswith(_fleeting_a_last()) and stem[-2] not in "aeiou" and stem[-2].isalpha()


def _latin(word: str) -> str:
    if not any("\u0400" <= c <= "\u04ff" for c in word):
        return word
    return name_key(latin_view(word, "sr")[0])


def _gender(words: list[str], case: str) -> str:
    low = [w.lower() for w in words]
    if case == "genitive":
        if any(w.endswith(("ića", "ића")) for w in low):
            return "masculine"
        if any(w.endswith(("e", "е")) for w in low):
            return "feminine"
        return "masculine" if any(w.endswith(("a", "а")) for w in low) else "feminine"
    if case == "dative":
        return "masculine" if any(w.endswith(("u", "у")) for w in low) else "feminine"
    if case == "instrumental":
        # "Markovićem", "Radulovim", "Petrovskim" are masculine; "Anom Lazić", "Milicom Petrovskom" feminine
        return "masculine" if any(w.endswith(("em", "ем", "im", "им")) for w in low) else "feminine"
    return "feminine"


def nominative(name: str, case: str | None) -> str:
    """A Serbian/Montenegrin/Croatian name written in an oblique case, in the nominative."""
    if not case or case == "nominative" or is_initials(name):
        return name
    rules = _endings().get(case)
    if not rules:
        return name
    words = [w for w in re.split(r"(\s+|-)", name)]
    real = [w for w in words if len(w) > 2 and w[0].isalpha() and not w.endswith(".")]
    gender = _gender(real, case)
    out = []
    for w in words:
        if w not in real:
            out.append(w)
            continue
        upper = w.isupper()
        low = w.lower()
        new = low
        for old, nom in rules.get(gender, []):
            if low.endswith(old) and len(low) - len(old) >= 2:
                new = low[: len(low) - len(old)] + nom
                if nom == "":
                    # "Marka" -> "Marko", "Vidoja" -> "Vidoje": the nominative's vowel from the list
                    vowel = next((v for v in "oe" if _latin(name_key(new)) + v in _vowel_names()), None)
                    if vowel:
                        cyr = "\u0400" <= new[-1] <= "\u04ff"
                        new = new + ({"o": "о", "e": "е"}[vowel] if cyr else vowel)
                    else:
                        # "Aleksandra" -> "Aleksandar": the fleeting a comes back before the last consonant
                        stem = _latin(name_key(new))
                        if len(stem) > 2 and stem[:-1] + "a" + stem[-1] in _fleeting_a_names() or (
                                _fleeting_a_surname(stem) and len(real) > 1 and w is real[-1]):
                            cyr = "\u0400" <= new[-1] <= "\u04ff"
                            new = new[:-1] + ("а" if cyr else "a") + new[-1]
                break
        new = new.upper() if upper else new[:1].upper() + new[1:]
        out.append(new)
    return "".join(out)


def office_nominative(text: str, family: str) -> str:
    """An office or institution in the nominative: endings changed up to its first noun."""
    pairs = sorted(
        ((str(a), str(b)) for a, b in (patterns.load("common").get("office_endings") or {}).get(family) or []),
        key=lambda x: -len(x[0]),
    )
    if not pairs:
        return text
    words = text.split()  # a line break inside the office ("тужилаштву\nу Крагујевцу") is a space
    out = []
    done = False
    for w in words:
        if done or w.lower() in ("u", "iz", "у", "из", "za", "за", "pri", "при") or not w[:1].isalpha():
            done = done or w.lower() in ("u", "iz", "у", "из", "za", "за", "pri", "при")
            out.append(w)
            continue
        low = w.lower()
        for old, nom in pairs:
            if low.endswith(old) and len(low) > len(old) + 1:
                w2 = low[: len(low) - len(old)] + nom
                w = w2[:1].upper() + w2[1:] if w[:1].isupper() else w2
                break
        out.append(w)
        if name_key(w).rstrip("o").endswith(("stv", "ств")) or name_key(w).endswith(("stvo", "ство")):
            done = True
    return " ".join(out)


TUNING = tuning.Tuning("names")


def case_before(ctx: object, vpos: int) -> str | None:
    """Grammatical case of a name at view offset ``vpos``, from the nearest role word before it
    ("sudije" -> genitive, "sudiji" -> dative, "sa zapisničarem" -> instrumental)."""
    if getattr(ctx, "family", None) != "sr":
        return None
    lab = patterns.labelled("common", "name_case", "sr")
    if lab is None:
        return None
    rx, labels = lab
    v = ctx.view  # type: ignore[attr-defined]
    best = None
    for m in rx.finditer(v, max(0, vpos - TUNING.window("case_word_before_name")), vpos):
        best = m
    if best is None or vpos - best.end() > TUNING.window("case_word_to_name"):

        return None
    return patterns.label_of(best, labels)


def nominative_at(ctx: object, s: int, e: int) -> str:
    """The name at original span (s, e) in the nominative (Serbian family; others as written)."""
    text = ctx.text[s:e]  # type: ignore[attr-defined]
    case = case_before(ctx, ctx.to_view(s))  # type: ignore[attr-defined]
    return nominative(text, case)


# --------------------------------------------------------------------------- an accused named by a surname

_VOWELS = "aeiouyаеиоу"
NAME_WORD = re.compile(r"(?<!\w)[^\W\d_]+(?!\w)")  # a word a surname alone may be (names.named_by)


def declined(word: str, family: str) -> tuple[str, int]:
    """(stem, letters of ending) by which a word of a name is found in any case: the one rule of every reader of
    names in declined forms ("Бабићу", "Hoxhën", "окривљеној Марији Лазић"). The word is compared as the caller
    keyed it (folded or :func:`name_key`). In a language that declines names (common.yaml `declined_names`): two
    letters cut, never below four (the record's name may itself be declined, "Ismailija" for "Ismaili"); a
    four-letter word loses only a final vowel ("Dema" -> "Demës", "Мара" -> "Мари"); a shorter one stays whole;
    then at most four letters of ending (names.windows `name_stem_cut`, `name_stem_min`, `name_ending`). That is
    the Serbian reader's rule, the loosest of the ones kept before (the Albanian one cut only a final vowel and
    allowed three letters; the Macedonian ones read the surname whole): chosen because it reads every form the
    stricter one read (but three-letter names, and three-letter endings after a consonant-final name of six letters
    or more) and a record's name written declined, and the dev figures of sr-Cyrl, sq and mk stay as they were with
    it; the uniqueness rule of :func:`named_by` guards its looser start. Where names are not declined (Macedonian:
    "Крстев"/"Крстева" are two people) the word stands whole."""
    if not patterns.gate("common", "declined_names", family) or "." in word:
        return word, 0
    n = len(word)
    low = TUNING.window("name_stem_min")
    if n < low:
        return word, 0
    if n == low:
        return (word[:-1] if word[-1] in _VOWELS else word), TUNING.window("name_ending")
    return word[: max(low, n - TUNING.window("name_stem_cut"))], TUNING.window("name_ending")


def declined_pattern(word: str, family: str) -> str:
    """A regex part for a word of a name in any case (:func:`declined`), for readers that search a view."""
    stem, ending = declined(word, family)
    return re.escape(stem) + (rf"\w{{0,{ending}}}" if ending else "")


def surname(name: str) -> str:
    """The surname of a name of two words or more, keyed (:func:`name_key`); "" for one word or initials."""
    toks = tokens(name)
    if len(toks) < 2 or is_initials(name):
        return ""
    return name_key(toks[-1])


def named_by(word: str, people: list[str], family: str) -> int | None:
    """The one of ``people`` (their names) whom a single word names by the surname alone, in any case
    (:func:`declined`): None where it names none, or several ("Петровић" for two Petrovićs: two of one family
    are told apart by their given names, which a surname alone does not give). Surnames shorter than
    names.windows `surname_min_letters` name no one."""
    w = name_key(word)
    hits = []
    for i, name in enumerate(people):
        last = surname(name)
        if len(last) < TUNING.window("surname_min_letters"):
            continue
        stem, ending = declined(last, family)
        if w.startswith(stem) and len(w) <= len(stem) + ending:
            hits.append(i)
    return hits[0] if len(hits) == 1 else None
