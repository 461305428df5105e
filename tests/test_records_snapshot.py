"""Refactors of the coding stage must not change a single record: every record of data/raw and of the 789
me-verdicts, and the ``spoton evaluate`` figures on dev and held-out, against the snapshot taken from the code
before the change (tests/snapshots/make_snapshot.py; refresh it there only for a change meant to alter records,
in a commit that says so)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "snapshots"))
import make_snapshot  # noqa: E402


@pytest.mark.slow
@pytest.mark.corpus
def test_records_and_accuracy_equal_the_snapshot(tmp_path: Path) -> None:
    if not make_snapshot.ME_VERDICTS.is_dir() or not make_snapshot.ME_ANNOTATED.is_dir():
        pytest.skip("../shared/corpora (me-verdicts, me-annotated) not present (the real development corpora)")
    stored = json.loads(make_snapshot.SNAPSHOT.read_text(encoding="utf-8"))
    snap, raw = make_snapshot.current(tmp_path)
    assert len(snap["me-verdicts"]) >= 789
    old_raw = json.loads(make_snapshot.RAW_RECORDS.read_text(encoding="utf-8"))
    for name, record in raw.items():  # whole records first: a failure shows the field that changed
        assert record == old_raw.get(name), name
    assert make_snapshot.differences(stored, snap) == []
    assert snap["evaluate"] == stored["evaluate"]
