"""Person names as verdicts write them: initials ("H.K.", "M. K."), full names in any grammatical case
("sudiji Mirjani Čepić"), masked ("M M"). Matching two mentions of one person tolerates case endings,
dots, spacing and swapped order of initials ("Đ. I." / "I. Đ.")."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from pipeline.coding.extract import patterns as P

_TOKEN = re.compile(r"[^\W\d_]+(?:\.|\*+)?", re.UNICODE)


@lru_cache(maxsize=20000)
def fold(s: str) -> str:
    """Lower case without diacritics (đ -> dj is not needed for keys; đ -> d)."""
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if not unicodedata.combining(c))


@cache
def _stop() -> frozenset[str]:
    return frozenset(fold(str(w)) for w in P.load("common").get("not_name_words") or [])


def tokens(name: str) -> list[str]:
    return _TOKEN.findall(name)


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
        word = fold(m.group().rstrip(".*"))
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
    toks = [fold(t.rstrip(".*")) for t in tokens(name)]
    if not toks:
        return ""
    if all(len(t) <= 2 for t in toks):
        return "i:" + "".join(sorted(toks))  # initials in any order
    return "n:" + " ".join(sorted(_stem(t) for t in toks))


def _stem(word: str) -> str:
    """Word without its case ending (Milene/Milena/Mileni -> mile; Ćetković/Ćetkovića -> cetkovi)."""
    w = fold(word)
    return w[: max(3, len(w) - 2)] if len(w) > 4 else w


def initials_of(name: str) -> str:
    return "".join(sorted(fold(t)[0] for t in tokens(name) if t))


@lru_cache(maxsize=50000)
def same_person(a: str, b: str) -> bool:
    """Whether two mentions name one person: same key, same stems, or initials that fit a full name."""
    if not a or not b:
        return False
    ka, kb = key(a), key(b)
    if ka == kb:
        return True
    ta = [fold(t.rstrip(".*")) for t in tokens(a)]
    tb = [fold(t.rstrip(".*")) for t in tokens(b)]
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
