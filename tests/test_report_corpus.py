"""`spoton report --drafts` over the drafts of the 789 real Montenegrin verdicts (../shared/corpora/me-verdicts):
in .docx, .html and .pdf, figures equal to the counts taken from records.jsonl, Serbian and English, and none of
the victims' names (as the verdicts write them) anywhere in the output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED, read_jsonl, spoton
from report_checks import (
    counts_of,
    docx_tables,
    docx_text,
    independent_counts,
    name_in,
    pdf_text,
    table_by_english_title,
    victim_names,
)

from pipeline.coding.codebook import codebook

ME_VERDICTS = SHARED / "corpora" / "me-verdicts"
pytestmark = [pytest.mark.corpus, pytest.mark.slow]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ME_VERDICTS.is_dir():
        pytest.skip("../shared/corpora/me-verdicts not present (the real development corpus)")
    out = tmp_path_factory.mktemp("me-batch")
    proc = spoton("run", ME_VERDICTS, "--out", out, "--quiet", timeout=1200)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_report_of_the_real_drafts(batch: Path, tmp_path: Path, fmt: str) -> None:
    records = read_jsonl(batch / "records.jsonl")
    assert len(records) >= 789
    path = tmp_path / f"me.{fmt}"
    proc = spoton("report", batch, "--out", path, "--drafts", timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    figures = json.loads(path.with_suffix(".figures.json").read_text(encoding="utf-8"))
    assert figures["language"] == "sr-Latn" and figures["drafts_included"] is True  # Montenegro's default
    for key, value in independent_counts(records).items():
        assert figures[key] == value, key

    text = {"docx": docx_text, "pdf": pdf_text}.get(fmt, lambda p: p.read_text(encoding="utf-8"))(path)
    assert "Analiza sudske prakse" in text and "Analysis of court practice" in text
    assert "Crna Gora" in text and "Montenegro" in text
    output = text + path.with_suffix(".figures.json").read_text(encoding="utf-8")
    names = victim_names(records)
    assert len(names) > 100
    leaked = sorted(name for name in names if name_in(name, output))
    assert not leaked, f"{len(leaked)} victim name(s) in the {fmt} report"

    if fmt == "docx":
        cb = codebook()
        tables = docx_tables(path)
        outcome = table_by_english_title(tables, "Outcome per defendant")
        labels = {v: cb.value_label("charge.outcome", v, "en") for v in cb.enum("charge.outcome")}
        assert counts_of(outcome, labels) == figures["defendant_outcomes"]
        compensation = table_by_english_title(tables, "Decision on the compensation claim")
        labels = {v: cb.value_label("victim.compensation.outcome", v, "en")
                  for v in cb.enum("victim.compensation.outcome")}
        assert counts_of(compensation, labels) == figures["compensation_outcomes"]
