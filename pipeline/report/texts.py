"""The words of a report, in two languages: titles, notes and narrative sentences from the language files
(``resources/report/<lang>.yaml``), value labels from the codebook.

Every text the renderers print is a :class:`Bi`: the local language first, then English (English alone for
``--lang en``). Renderers decide how to set the second line; they never pick words themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.coding.codebook import codebook
from pipeline.datafiles import load_yaml
from pipeline.errors import ConfigError

LANGUAGES = ("sr-Latn", "sr-Cyrl", "mk", "sq", "en")
COUNTRY_LANGUAGE = {"RS": "sr-Latn", "ME": "sr-Latn", "MK": "mk", "AL": "sq", "XK": "sq", "BA": "sr-Latn"}
DECIMAL_COMMA = frozenset({"sr-Latn", "sr-Cyrl", "mk", "sq"})


@dataclass(frozen=True)
class Bi:
    """One text in the report's languages: ``parts`` is ((lang, text), ...), the primary language first."""

    parts: tuple[tuple[str, str], ...]

    @property
    def primary(self) -> str:
        return self.parts[0][1]

    @property
    def secondary(self) -> str | None:
        if len(self.parts) > 1 and self.parts[1][1] != self.parts[0][1]:
            return self.parts[1][1]
        return None

    def inline(self, sep: str = " / ") -> str:
        """"Osuđen / Convicted" (one text where both languages say the same)."""
        return self.primary if self.secondary is None else f"{self.primary}{sep}{self.secondary}"

    def __str__(self) -> str:
        return self.inline()


@cache
def language_file(lang: str) -> dict[str, Any]:
    if lang not in LANGUAGES:
        raise ConfigError(f"no report texts for language {lang!r} (one of: {', '.join(LANGUAGES)})")
    return load_yaml(f"report/{lang}.yaml", "report texts")


def _lookup(data: Any, dotted: str) -> Any:
    """"tables.verdicts.by_year.title": keys may hold dots themselves, so the longest key wins."""
    if not isinstance(data, dict):
        return None
    if dotted in data:
        return data[dotted]
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        key = ".".join(parts[:cut])
        if key in data:
            found = _lookup(data[key], ".".join(parts[cut:]))
            if found is not None:
                return found
    return None


class Texts:
    """Texts of one report: ``primary`` (the local language) and ``secondary`` (English, or None)."""

    def __init__(self, primary: str, secondary: str | None = "en") -> None:
        self.primary = primary
        self.secondary = secondary if secondary != primary else None
        self.languages = [primary] + ([self.secondary] if self.secondary else [])
        for lang in self.languages:
            language_file(lang)

    # ------------------------------------------------------------------ from the language files

    def word(self, lang: str, key: str, **values: Any) -> str:
        text = _lookup(language_file(lang), key)
        if text is None and lang != "en":
            text = _lookup(language_file("en"), key)
        if text is None:
            raise ConfigError(f"report texts: no {key!r} in {lang}.yaml")
        text = str(text)
        if values:
            try:
                text = text.format(**{k: self._fmt(lang, v) for k, v in values.items()})
            except (KeyError, IndexError, ValueError) as exc:
                raise ConfigError(f"report texts: {key!r} in {lang}.yaml has a bad placeholder ({exc})") from exc
        return text

    def has(self, key: str) -> bool:
        return _lookup(language_file(self.primary), key) is not None or _lookup(language_file("en"), key) is not None

    def __call__(self, key: str, **values: Any) -> Bi:
        return Bi(tuple((lang, self.word(lang, key, **values)) for lang in self.languages))

    def optional(self, key: str, **values: Any) -> Bi | None:
        return self(key, **values) if self.has(key) else None

    # ------------------------------------------------------------------ numbers

    def _fmt(self, lang: str, x: Any) -> str:
        if callable(x):  # a value written per language (a share: decimal point or comma)
            return str(x(lang))
        if isinstance(x, float):
            return self.number(x, lang)
        return str(x)

    def number(self, x: float | int | None, lang: str | None = None, digits: int = 1) -> str:
        if x is None:
            return "–"
        if isinstance(x, int) or float(x).is_integer():
            text = f"{int(x):,}".replace(",", "\u202f")
        else:
            text = f"{x:,.{digits}f}".replace(",", "\u202f")
        if (lang or self.primary) in DECIMAL_COMMA:
            text = text.replace(".", ",")
        return text

    def share(self, n: int, total: int, lang: str | None = None) -> str:
        """"54.5%" (the report prints it only beside its count)."""
        if not total:
            return "–"
        text = f"{100.0 * n / total:.1f}%"
        return text.replace(".", ",") if (lang or self.primary) in DECIMAL_COMMA else text

    # ------------------------------------------------------------------ value labels

    def value(self, field: str | None, kind: str, key: str) -> Bi:
        """Label of a table row: a codebook value, yes/no, a derived value or the text as written."""
        cb = codebook()
        if kind == "unknown":
            return self("values.unknown")
        if kind == "other":
            return self("values.other")
        if kind == "bool":
            return self(f"values.{key}")
        if kind == "enum" and field:
            try:
                return Bi(tuple((lang, cb.value_label(field, key, lang)) for lang in self.languages))
            except KeyError:
                return Bi(((self.primary, key),))
        if kind == "derived":
            for enum in ("offence_family", "charge_outcome"):
                if key in cb.enums.get(enum, {}):
                    return Bi(tuple((lang, cb.value_label(enum, key, lang)) for lang in self.languages))
            if self.has(f"values.{key}"):
                return self(f"values.{key}")
        return Bi(((self.primary, key),))  # as written in the verdicts, or a number / year / bin

    def country(self, code: str) -> Bi:
        if code == "unknown":
            return self("values.unknown")
        try:
            return Bi(tuple((lang, codebook().value_label("case.country", code, lang)) for lang in self.languages))
        except KeyError:
            return Bi(((self.primary, code),))


def default_language(country: str | None) -> str:
    """The local language of a country's reports (Montenegro: Serbian in Latin script, with English)."""
    return COUNTRY_LANGUAGE.get(country or "", "sr-Latn")
