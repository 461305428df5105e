"""The normalisers on real text: every hand-annotated span of the Montenegrin development set
(../shared/corpora/me-annotated) of the labels that carry a date, case number, court, amount, duration or
provision must normalise (at least 95 %), and the finders run over all 789 verdicts of me-verdicts.
The texts are read in place, never copied into the repository."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pipeline.nlp.normalize import (
    find_case_numbers,
    find_courts,
    find_dates,
    find_durations,
    find_money,
    normalize_court,
    parse_case_number,
    parse_date,
    parse_duration,
    parse_money,
    parse_provisions,
)
from pipeline.nlp.normalize.numbers import number_words_pattern

SHARED = Path(__file__).resolve().parents[2] / "shared"
ANNOTATED = SHARED / "corpora" / "me-annotated"
VERDICTS = SHARED / "corpora" / "me-verdicts"

pytestmark = pytest.mark.corpus


@cache
def spans() -> dict[str, list[str]]:
    if not (ANNOTATED / "labelstudio.json").is_file():
        pytest.skip("../shared/corpora not present")
    tasks = json.loads((ANNOTATED / "labelstudio.json").read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for task in tasks:
        with open(ANNOTATED / "texts" / task["data"]["text"], encoding="utf-8", newline="") as fh:
            text = fh.read().replace("\r\n", "\n")  # Label Studio counted CRLF as one character
        for ann in task["annotations"]:
            for r in ann["result"]:
                if r.get("type") != "labels":
                    continue
                v = r["value"]
                for label in v["labels"]:
                    out.setdefault(label, []).append(text[v["start"]:v["end"]])
    return out


def rate(label: str, ok: Callable[[str], Any], keep: Callable[[str], bool] = lambda s: True) -> tuple[float, list[str]]:
    items = [s for s in spans()[label] if keep(s)]
    assert items, label
    failed = [s for s in items if not ok(s)]
    return 1 - len(failed) / len(items), failed


@pytest.mark.parametrize(
    ("label", "ok"),
    [
        ("DECISION_DATE", parse_date),
        ("CASE_NUMBER", parse_case_number),
        ("COURT", normalize_court),
        # a verdict of a Montenegrin court: a bare amount of costs is in euro
        ("PROCEDURE_COSTS", lambda s: parse_money(s, default_currency="EUR")),
        ("PROVISION_MATERIAL", lambda s: parse_provisions(s, country="ME")),
        ("PROVISION_PROCEDURAL", lambda s: parse_provisions(s, country="ME")),
    ],
)
def test_annotated_spans_normalise(label: str, ok: Callable[[str], Any]) -> None:
    share, failed = rate(label, ok)
    assert share >= 0.95, (label, share, failed[:10])


def test_sanction_values_that_are_quantities_normalise() -> None:
    # SANCTION_VALUE also marks confiscated objects ("25 komada municije ..."): only quantities count
    starts_with_number = re.compile(rf"\s*(?:\d|{number_words_pattern()})", re.IGNORECASE)

    def quantity(s: str) -> bool:
        return bool(starts_with_number.match(s)) and "komad" not in s

    share, failed = rate("SANCTION_VALUE", lambda s: parse_duration(s) or parse_money(s), keep=quantity)
    assert share >= 0.95, (share, failed)


def test_decision_dates_are_plausible() -> None:
    years = {parse_date(s).year for s in spans()["DECISION_DATE"]}
    assert min(years) >= 2008 and max(years) <= 2024


def test_costs_are_euro_amounts() -> None:
    amounts = [parse_money(s, default_currency="EUR") for s in spans()["PROCEDURE_COSTS"]]
    assert {m.currency for m in amounts if m} == {"EUR"}
    assert all(0 < m.amount < 10_000 for m in amounts if m)


def test_material_provisions_carry_the_montenegrin_code() -> None:
    # where the annotated citation names the criminal code, it resolves to ME-KZ
    named = [s for s in spans()["PROVISION_MATERIAL"] if re.search(r"Kri\w*\s+zakonik|KZ", s)]
    codes = [{p.code for p in parse_provisions(s, country="ME")} for s in named]
    share = sum(1 for c in codes if "ME-KZ" in c) / len(codes)
    assert share >= 0.95, share


@pytest.mark.slow
def test_finders_run_over_the_whole_corpus() -> None:
    files = sorted(VERDICTS.glob("*.txt"))
    if not files:
        pytest.skip("../shared/corpora not present")
    counts = dict.fromkeys(("dates", "cases", "courts", "money", "durations", "provisions"), 0)
    headers_with_case_number = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        counts["dates"] += len(find_dates(text))
        cases = find_case_numbers(text)
        counts["cases"] += len(cases)
        headers_with_case_number += any(c.start < 600 for c in cases)
        counts["courts"] += len(find_courts(text))
        counts["money"] += len(find_money(text))
        counts["durations"] += len(find_durations(text))
        counts["provisions"] += len(parse_provisions(text, country="ME"))
    assert all(v > len(files) for v in counts.values()), counts
    # nearly every verdict states its own case number at the top
    assert headers_with_case_number / len(files) >= 0.9, headers_with_case_number
