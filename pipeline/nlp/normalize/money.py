"""Amounts of money → :class:`Money` (Decimal amount, ISO 4217 currency).

Shapes: "60,50 €", "100.000,00 dinara", "50.000 денари", "200 000 lekë", "1.000,00 eura", "EUR 5.000",
"500 евра", "10.000 ALL", "400,00 (četiri stotine) eura". Currency names are in
``resources/lexicons/currencies.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from pipeline.nlp.normalize._lex import alternation, expand_words, key, lead, lexicon

MoneySpan = tuple[int, int, "Money"]


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str  # ISO 4217: EUR, RSD, MKD, ALL, BAM, USD, CHF, ...

    def as_value(self) -> dict[str, str]:
        """The JSON shape of a money field in a record: {"amount": "60.50", "currency": "EUR"}."""
        return {"amount": str(self.amount), "currency": self.currency}


# a figure: grouped thousands ("100.000,00", "200 000", "1,000.00") or plain ("1000,00", "60.50")
_AMOUNT = (
    r"(?<![\d.,])(?:\d{1,3}(?:(?:[.,'\u00a0\u202f]|[ ])\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![\d]|[.,]\d)"
)
_WORDS_IN_PARENS = r"\(\s*[^\W\d_][^()\d]{0,60}\)"


@cache
def _cued() -> re.Pattern[str]:
    """A bare amount with two decimals right after an amount word: "iznos od 249,00", "износ од 1.500,00"."""
    lex = lexicon("currencies")
    cues = alternation(expand_words(lex.get("amount_cues") or {}))
    units = alternation([str(u) for u in lex.get("not_money_units") or []])
    return re.compile(
        rf"(?<!\w){cues}(?!\w)(?:\s+(?:od|од|prej|nga|of|from|в|у|u))?\s*[:(]?\s*"
        rf"(?P<a>(?<![\d.,])\d{{1,3}}(?:[.\u00a0\u202f ]\d{{3}})*,\d{{2}}|(?<![\d.,])\d+,\d{{2}})(?![\d]|[.,]\d)(?!\s*{units}(?!\w))",
        re.IGNORECASE,
    )


@cache
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    lex = lexicon("currencies")["currencies"]
    names: dict[str, str] = {}
    words: list[str] = []
    exact: list[str] = []
    for iso, entry in lex.items():
        for w in expand_words(entry.get("words") or {}):
            words.append(w)
            names[key(w)] = iso
        for w in list(entry.get("codes") or []) + list(entry.get("symbols") or []):
            exact.append(str(w))
            names["=" + str(w)] = iso
    cur = rf"(?:(?-i:{alternation(exact)})|{alternation(words)}(?!\w))"
    # symbols and codes are not words: no \b before "€"
    after = rf"(?P<a>{_AMOUNT})\s*(?:{_WORDS_IN_PARENS}\s*)?(?P<ac>{cur})"
    before = rf"(?P<bc>(?-i:{alternation(exact)}))\s*(?P<b>{_AMOUNT})"
    pattern = re.compile(rf"{lead(exact, r'0-9')}(?:(?:{after})|(?:{before}))", re.IGNORECASE)
    bare = re.compile(_AMOUNT)
    return pattern, bare, names


def parse_amount(figure: str) -> Decimal | None:
    """A figure as verdicts write it → Decimal: "100.000,00" → 100000.00, "200 000" → 200000, "60,50" → 60.50.

    The last "," or "." followed by one or two digits is the decimal mark; every other separator groups
    thousands ("5.000" is five thousand)."""
    s = re.sub(r"[\s\u00a0\u202f']", "", figure.strip())
    mt = re.search(r"[.,](\d{1,2})$", s)
    if mt:
        whole, frac = s[: mt.start()], mt.group(1)
    else:
        whole, frac = s, ""
    whole = re.sub(r"[.,]", "", whole)
    if not whole.isdigit():
        return None
    try:
        return Decimal(f"{whole}.{frac}") if frac else Decimal(whole)
    except InvalidOperation:
        return None


def _currency(raw: str, names: dict[str, str]) -> str | None:
    raw = re.sub(r"\s+", " ", raw.strip())
    return names.get("=" + raw) or names.get(key(raw)) or names.get(key(raw.rstrip(".")))


def find_money(text: str, default_currency: str | None = None) -> list[MoneySpan]:
    """Every amount with a currency in ``text`` as (start, end, Money). With ``default_currency`` (the
    currency of the court's country), a figure with two decimals right after an amount word ("iznos od
    249,00") counts too; other bare figures never do (dates, calibres, blood alcohol)."""
    pattern, _, names = _compiled()
    out: list[MoneySpan] = []
    for mt in pattern.finditer(text):
        figure = mt.group("a") if mt.group("a") is not None else mt.group("b")
        cur = mt.group("ac") if mt.group("ac") is not None else mt.group("bc")
        amount, iso = parse_amount(figure), _currency(cur, names)
        if amount is not None and iso is not None:
            out.append((mt.start(), mt.end(), Money(amount, iso)))
    if default_currency:
        taken = [(s, e) for s, e, _ in out]
        for mt in _cued().finditer(text):
            s, e = mt.span("a")
            amount = parse_amount(mt.group("a"))
            if amount is not None and not any(a < e and s < b for a, b in taken):
                out.append((s, e, Money(amount, default_currency)))
        out.sort(key=lambda m: m[0])
    return out


def parse_money(text: str, default_currency: str | None = None) -> Money | None:
    """The amount in a short text; a bare figure ("249,00") only with ``default_currency``."""
    found = find_money(text)
    if found:
        return found[0][2]
    if default_currency:
        _, bare, _ = _compiled()
        mt = bare.search(text)
        amount = parse_amount(mt.group(0)) if mt else None
        if amount is not None:
            return Money(amount, default_currency)
    return None
