"""Batch runs: many verdict files → a folder of documents, records and tables (``spoton run``).

The runner is imported on first use, so that importing one module of the package (the executors, the
tasks a worker runs) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.batch.runner import BatchSummary, expand_inputs, run_batch

__all__ = ["BatchSummary", "expand_inputs", "run_batch"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from pipeline.batch import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'pipeline.batch' has no attribute {name!r}")
