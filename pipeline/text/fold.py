"""Folding text for comparison: the variants the stages use, in one place and each named for what it keeps.

They differ on purpose, and the names say how: đ is "d" in keys of people's names (typed names drop the
stroke) and "dj" in word-list look-ups and de-accented spellings (the spelling Serbian uses without
diacritics). Folds that keep offsets (phrase lists: ``coding.extract.patterns.fold_text``) and the heading
fold driven by ``resources/sections.yaml`` (``nlp.structure_rules.fold``) are table-driven and live with their
tables.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def without_marks(text: str) -> str:
    """Combining marks dropped after canonical decomposition (č -> c, ë -> e; đ stays: it has none)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


@lru_cache(maxsize=20000)
def name_key(text: str) -> str:
    """Key of a person's name: lower case, no diacritics, đ -> d ("Đurović" = "Durovic")."""
    return without_marks(text.replace("đ", "d").replace("Đ", "D").lower())


def deaccent(text: str) -> str:
    """Latin letters without diacritics, case kept (č -> c, ë -> e, đ -> dj): texts typed without them."""
    return unicodedata.normalize("NFC", without_marks(text.replace("đ", "dj").replace("Đ", "Dj")))


def casefold(text: str) -> str:
    """NFC and Unicode case folding, diacritics kept."""
    return unicodedata.normalize("NFC", text).casefold()


def plain(text: str) -> str:
    """Case and diacritics folded, đ -> d, ђ -> д ("Dašić" = "DASIC" = "Dasić"): typed and OCR'd names vary."""
    folded = unicodedata.normalize("NFKD", casefold(text).replace("đ", "d").replace("ђ", "д"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))
