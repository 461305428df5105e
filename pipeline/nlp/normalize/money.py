"""Amounts of money → :class:`Money` (Decimal amount, ISO 4217 currency).

Shapes: "60,50 €", "100.000,00 dinara", "50.000 денари", "200 000 lekë", "1.000,00 eura", "EUR 5.000",
"500 евра", "10.000 ALL", "400,00 (četiri stotine) eura". Currency names are in
``resources/lexicons/currencies.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

MoneySpan = tuple[int, int, "Money"]


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str  # ISO 4217: EUR, RSD, MKD, ALL, BAM, USD, CHF, ...

    def as_value(self) -> dict[str, str]:
        """The JSON shape of a money field in a record: {"amount": "60.50", "currency": "EUR"}."""
        return {"amount": str(self.amount), "currency": self.currency}


def find_money(text: str, default_currency: str | None = None) -> list[MoneySpan]:
    """Every amount with a currency in ``text`` as (start, end, Money)."""
    raise NotImplementedError


def parse_money(text: str, default_currency: str | None = None) -> Money | None:
    """The amount in a short text; a bare figure ("249,00") only with ``default_currency``."""
    raise NotImplementedError
