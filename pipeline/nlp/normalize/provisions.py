"""Statute citations → :class:`Provision` (code, article, paragraph, item), material or procedural.

Shapes: "čl. 388 st. 3 u vezi st. 1 KZ", "člana 388. stav 1. Krivičnog zakonika", "čl. 151 st. 1
Krivičnog zakonika Crne Gore", "чл. 418-а ст. 1 од КЗ", "член 418-а став 1 од Кривичниот законик",
"neni 110/a, 25 i K.Penal", "nenit 128/b të Kodit Penal", "čl. 373 tač. 2 Zakonika o krivičnom postupku".
Code names, article words and connectors are in ``resources/lexicons/provisions.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Provision:
    """One cited provision. ``code``: stable id ("ME-KZ", "RS-KZ", "MK-KZ", "AL-KP", "ME-ZKP", ...,
    "KZ"/"ZKP" when the country is unknown, "LAW" for another statute named in ``law``, None when no code
    is named). ``article`` is normalised ("418a" for 418-а / 418 a / 110/a). ``relation`` is "main" or
    "related" (cited after "u vezi" / "во врска со" / "në lidhje me"); provisions of one citation share
    ``group``. ``kind``: "material", "procedural" or None. ``general``: role of a general-part article
    ("attempt", "complicity", "incitement", "aiding", ...) or None."""

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


def normalize_article(article: str) -> str:
    """Canonical article id: "418-а" / "418 a" / "110/a" / "418а" → "418a" (а/б/в/г → a/b/c/d)."""
    raise NotImplementedError


def parse_provisions(text: str, country: str | None = None, lang: str | None = None) -> list[Provision]:
    """Every provision cited in ``text``, in order, with spans. ``country`` (RS, ME, MK, AL) or ``lang``
    resolves a bare "KZ"; without either, a bare "KZ" stays "KZ"."""
    raise NotImplementedError


def find_provisions(text: str, country: str | None = None, lang: str | None = None) -> list[Provision]:
    """Alias of :func:`parse_provisions` (provisions carry their own spans)."""
    return parse_provisions(text, country=country, lang=lang)
