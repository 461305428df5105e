"""`spoton run` over the 789 real Montenegrin verdicts of ../shared/corpora/me-verdicts, as a user runs it:
every verdict done, none failed, a record for each, and a rerun that skips them all."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import SHARED, read_jsonl, spoton

ME_VERDICTS = SHARED / "corpora" / "me-verdicts"


@pytest.mark.slow
@pytest.mark.corpus
def test_every_real_verdict_goes_through_a_batch(tmp_path: Path) -> None:
    if not ME_VERDICTS.is_dir():
        pytest.skip("../shared/corpora/me-verdicts not present (the real development corpus)")
    verdicts = sorted(ME_VERDICTS.glob("judgment_*.txt"))
    assert len(verdicts) >= 789
    out = tmp_path / "out"
    proc = spoton("run", ME_VERDICTS, "--out", out, "--quiet", timeout=1200)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not read_jsonl(out / "errors.jsonl")
    records = read_jsonl(out / "records.jsonl")
    by_path = {Path(r["source"]["path"]).name: r for r in records}
    assert {v.name for v in verdicts} <= set(by_path)
    for v in verdicts:
        assert (out / by_path[v.name]["document_id"] / "record.json").is_file()
    # the case fields a lawyer codes first are there for nearly all of them
    found = sum(1 for v in verdicts if by_path[v.name]["case"]["court"]["value"]) / len(verdicts)
    assert found > 0.98
    table = pd.read_parquet(out / "records.parquet")
    assert table["document_id"].nunique() >= 0.95 * len(verdicts)

    again = spoton("run", ME_VERDICTS, "--out", out, "--quiet", timeout=600)
    assert again.returncode == 0
    assert f"0 done, {len(records)} skipped" in again.stdout + again.stderr
