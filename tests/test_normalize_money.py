"""Amounts of money: separators as verdicts use them, currencies in every language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.nlp.normalize import Money, find_money, parse_money
from pipeline.nlp.normalize.money import parse_amount


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("60,50 €", "60.50", "EUR"),
        ("100,00€", "100.00", "EUR"),
        ("1.000,00 eura", "1000.00", "EUR"),
        ("1000,00 €.", "1000.00", "EUR"),
        ("30 eura", "30", "EUR"),
        ("400,00 (četiri stotine) eura", "400.00", "EUR"),
        ("44,00 ( četrdesečetiri) eura", "44.00", "EUR"),
        ("EUR 5.000", "5000", "EUR"),
        ("12.000,00 Eur", "12000.00", "EUR"),
        ("500 евра", "500", "EUR"),
        ("100.000,00 dinara", "100000.00", "RSD"),
        ("2.500,00 din.", "2500.00", "RSD"),
        ("100.000 дин.", "100000", "RSD"),
        ("150.000 динара", "150000", "RSD"),
        ("50.000 денари", "50000", "MKD"),
        ("3.000 МКД", None, None),  # not a currency code we know: no match
        ("200 000 lekë", "200000", "ALL"),
        ("10.000 ALL", "10000", "ALL"),
        ("50 000 leke", "50000", "ALL"),
        ("5 KM", "5", "BAM"),
        ("3.000 USD", "3000", "USD"),
        ("$ 200", "200", "USD"),
        ("1,000.00 EUR", "1000.00", "EUR"),
        ("2.000 CHF", "2000", "CHF"),
    ],
)
def test_parse_money(text: str, amount: str | None, currency: str | None) -> None:
    got = parse_money(text)
    if amount is None:
        assert got is None
    else:
        assert got == Money(Decimal(amount), currency)


@pytest.mark.parametrize("text", ["178 km", "249,00", "all 5 we", "K.br. 4/15", "čl. 388 st. 3", "3 (tri) godine"])
def test_not_money(text: str) -> None:
    assert parse_money(text) is None


def test_bare_amount_only_with_a_default_currency() -> None:
    assert parse_money("249,00") is None
    assert parse_money("249,00", default_currency="EUR") == Money(Decimal("249.00"), "EUR")


@pytest.mark.parametrize(
    ("figure", "value"),
    [("100.000,00", "100000.00"), ("200 000", "200000"), ("60,50", "60.50"), ("5.000", "5000"),
     ("1,000.00", "1000.00"), ("60.50", "60.50"), ("1.234.567", "1234567")],
)
def test_parse_amount(figure: str, value: str) -> None:
    assert parse_amount(figure) == Decimal(value)


def test_find_money_spans_and_json_shape() -> None:
    text = "da plati troškove od 30,00 € i paušal od 50,00 eura, a oštećenoj 1.500,00 eura"
    found = find_money(text)
    assert [m.amount for _, _, m in found] == [Decimal("30.00"), Decimal("50.00"), Decimal("1500.00")]
    assert text[found[2][0]:found[2][1]] == "1.500,00 eura"
    assert found[0][2].as_value() == {"amount": "30.00", "currency": "EUR"}


@pytest.mark.parametrize(
    ("text", "amount"),
    [("plati iznos od 249,00 na ime troškova", "249.00"), ("u iznosu od 1.500,00, a", "1500.00"),
     ("износ од 3.000,00 и", "3000.00"), ("shumën 12 000,00 për", "12000.00")],
)
def test_finder_takes_cued_bare_amounts_with_a_default_currency(text: str, amount: str) -> None:
    assert find_money(text) == []
    found = find_money(text, "EUR")
    assert [m for _, _, m in found] == [Money(Decimal(amount), "EUR")]


@pytest.mark.parametrize("text", ["iznos 0,65 promila", "kalibra 7,62 mm", "dana 12.03.2020", "čl. 4 st. 2"])
def test_finder_leaves_other_figures_alone(text: str) -> None:
    assert find_money(text, "EUR") == []
