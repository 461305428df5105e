"""Batch runs: many verdict files → a folder of documents, records and tables (``spoton run``)."""

from pipeline.batch.runner import BatchSummary, expand_inputs, run_batch

__all__ = ["BatchSummary", "expand_inputs", "run_batch"]
