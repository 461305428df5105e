"""What the sample builder and the scan degradation share (the error, the fixed file date), so that neither
imports the other's internals."""

from __future__ import annotations

import datetime as _dt

from pipeline.errors import PipelineError


class SampleError(PipelineError):
    """A sample cannot be built: unknown id, missing source text or font, bad catalog entry."""

    stage = "samples"
    error = "sample_error"


def fixed_date(date: str | _dt.date | None) -> _dt.datetime:
    """Noon UTC of a sample's date: files embed it, so rebuilt samples are byte for byte the same."""
    if date is None:
        return _dt.datetime(2020, 1, 1, 12, 0, tzinfo=_dt.UTC)
    if isinstance(date, str):
        date = _dt.date.fromisoformat(date)
    return _dt.datetime(date.year, date.month, date.day, 12, 0, tzinfo=_dt.UTC)
