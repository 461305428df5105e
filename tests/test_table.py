"""records.parquet rows: one per defendant x charge, codebook paths as columns, victims pseudonymised."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.coding import build_record
from pipeline.coding.codebook import codebook
from pipeline.coding.table import record_rows, victim_rows
from pipeline.config import RunConfig
from pipeline.ingest import ingest

SOURCES = Path(__file__).resolve().parents[1] / "pipeline" / "samples" / "sources"


def _record(tmp_path: Path, name: str):
    text = SOURCES.joinpath(name).read_text(encoding="utf-8").replace("# ", "").replace(" || ", "   ")
    path = tmp_path / "verdict.txt"
    path.write_text(text, encoding="utf-8")
    return build_record(ingest(path, RunConfig()))


@pytest.fixture(scope="module")
def mk_record(tmp_path_factory: pytest.TempPathFactory):
    """Three accused, one acquitted of one count, two victims (Macedonian, Cyrillic)."""
    return _record(tmp_path_factory.mktemp("mk"), "mk_kok_60_2014.txt")


def test_one_row_per_defendant_and_charge(mk_record) -> None:
    rows = record_rows(mk_record)
    pairs = [(r["defendant.index"], r["charge.index"]) for r in rows]
    assert pairs == [(0, 0), (0, 1), (1, 0), (2, 0)]
    by = {(r["defendant.name"], r["charge.provision.article"]): r for r in rows}
    assert by[("Б.С.", "418a")]["charge.outcome"] == "convicted"
    assert by[("Б.С.", "418c")]["charge.outcome"] == "acquitted"
    assert by[("Л.К.", "191")]["defendant.sentence.type"] == "conditional"
    assert by[("Л.К.", "191")]["defendant.sentence.probation_months"] == 36.0
    assert by[("Б.С.", "418a")]["defendant.sentence.prison_months"] == 96.0
    # case fields and the victims' summary repeat on every row
    assert {r["case.court"] for r in rows} == {"Основен кривичен суд Скопје"}
    assert {r["victims.count"] for r in rows} == {2}
    assert all(r["victims.compensation_granted"] is True for r in rows)


def test_columns_are_codebook_paths(mk_record) -> None:
    rows = record_rows(mk_record)
    cols = set(rows[0])
    assert all(set(r) == cols for r in rows)
    for fld in codebook().fields("case"):
        if fld.type == "money":
            assert f"case.{fld.name}.amount" in cols and f"case.{fld.name}.currency" in cols
        else:
            assert f"case.{fld.name}" in cols
    assert {"charge.provision.code", "charge.provision.article", "charge.provision.paragraph"} <= cols
    assert "defendant.sentence.fine.amount" in cols
    assert not any(c.startswith("victim.name") for c in cols)  # victims' names stay out of this table


def test_parquet_round_trip(mk_record, tmp_path: Path) -> None:
    df = pd.DataFrame(record_rows(mk_record))
    path = tmp_path / "records.parquet"
    df.to_parquet(path)
    back = pd.read_parquet(path)
    assert len(back) == 4
    assert back["defendant.sentence.prison_months"].max() == 96.0
    assert list(back["case.judges"].unique()) == ["Зоран Трајковски; Лидија Петровска; Мирко Стојанов"]


def test_record_json_gives_the_same_rows(mk_record) -> None:
    from_json = record_rows(json.loads(mk_record.model_dump_json(by_alias=True)))
    assert from_json == record_rows(mk_record)


def test_defendant_without_charges_and_verdict_without_defendants(mk_record) -> None:
    data = json.loads(mk_record.model_dump_json(by_alias=True))
    data["defendants"][1]["charges"] = []
    rows = record_rows(data)
    assert [(r["defendant.index"], r["charge.index"]) for r in rows] == [(0, 0), (0, 1), (1, None), (2, 0)]
    assert rows[2]["charge.outcome"] is None and rows[2]["defendant.name"] == "Д.Т."
    data["defendants"] = []
    rows = record_rows(data)
    assert len(rows) == 1 and rows[0]["defendant.name"] is None and rows[0]["case.court"]


def test_victims_pseudonymised_by_default(mk_record) -> None:
    rows = victim_rows(mk_record)
    assert [r["victim.name"] for r in rows] == ["V1", "V2"]
    assert rows[0]["victim.compensation.outcome"] == "partly_granted"
    assert rows[0]["victim.compensation.awarded.amount"] == 300000.0
    assert rows[1]["victim.compensation.outcome"] == "not_claimed"
    named = victim_rows(mk_record, pseudonymise=False)
    assert [r["victim.name"] for r in named] == ["Б.Д.", "Е.Ј."]
    assert not any("Б.Д." in str(v) for r in rows for v in r.values())
