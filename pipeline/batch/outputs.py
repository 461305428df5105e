"""What a batch writes into DIR (see ../shared/spec/CONTRACT.md), every file atomically.

``DIR/<doc_id>/document.json`` is written first and ``record.json`` last: an existing record.json with
the same sha256, pipeline version and models marks a finished document, so a run killed at any
moment resumes with exactly what is missing.
"""

from __future__ import annotations

import contextlib
import json
import pickle
import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline import atomic
from pipeline.ingest.raw import RawPage
from pipeline.model import Document, Record, dump_json

BATCH_MARKER = ".spoton-batch"  # marks an output folder, so a later run never reads it as input
DOCUMENT_JSON = "document.json"
RECORD_JSON = "record.json"
RECORDS_JSONL = "records.jsonl"
ERRORS_JSONL = "errors.jsonl"
RECORDS_PARQUET = "records.parquet"
DEBUG_LOG = "debug.log"


def doc_dir(out: Path, doc_id: str) -> Path:
    return Path(out) / doc_id


def write_document_outputs(out: Path, document: Document, record: Record) -> None:
    """document.json, then record.json (the completion marker)."""
    folder = doc_dir(out, document.id)
    atomic.write_text(folder / DOCUMENT_JSON, dump_json(document))
    atomic.write_text(folder / RECORD_JSON, dump_json(record))


# --------------------------------------------------------------------------- pages between tasks

SCRATCH = ".work"  # DIR/.work/<doc_id>/page-00001.pkl: pages read, waiting for their document's assembly


def scratch_dir(out: Path, doc_id: str) -> Path:
    return Path(out) / SCRATCH / doc_id


def write_page(folder: Path, index: int, page: RawPage) -> None:
    """Pages go to disk, not through the main process: a 1,000-page scan costs it no memory."""
    atomic.write_bytes(folder / f"page-{index:05d}.pkl", pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL))


def read_pages(folder: Path, n_pages: int) -> list[RawPage]:
    pages = []
    for i in range(n_pages):
        with open(folder / f"page-{i:05d}.pkl", "rb") as fh:
            pages.append(pickle.load(fh))  # noqa: S301 - written by this batch's own workers
    return pages


def remove_scratch(out: Path, doc_id: str | None = None) -> None:
    """One document's stored pages, or (doc_id None) everything a killed run left behind."""
    target = Path(out) / SCRATCH / doc_id if doc_id else Path(out) / SCRATCH
    shutil.rmtree(target, ignore_errors=True)
    if doc_id:
        with contextlib.suppress(OSError):
            (Path(out) / SCRATCH).rmdir()  # only when no other document still has pages there


def finished_record(out: Path, doc_id: str, sha256: str, pipeline_version: str,
                    models: set[str] | None, required: set[str] | None = None) -> str | None:
    """The record.json text of a document finished by an earlier run with the same input and versions.

    ``models``: the installed models ("ner-sr@1"); every model the record names must be among them.
    None means unknown: not compared. ``required``: models every record names when they are active (the
    field models); a record that does not name one was drafted before it was promoted.
    """
    folder = doc_dir(out, doc_id)
    try:
        text = (folder / RECORD_JSON).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError):
        return None
    if not (folder / DOCUMENT_JSON).is_file():
        return None
    if data.get("source", {}).get("sha256") != sha256 or data.get("pipeline_version") != pipeline_version:
        return None
    named = set((data.get("models") or {}).values())
    if models is not None and not named <= models:
        return None
    if required and not required <= named:
        return None
    return text


def write_errors_jsonl(out: Path, errors: Iterable[dict[str, Any]]) -> None:
    """``{"path", "sha256", "stage", "error", "message"}`` per failed document; empty file when none."""
    keys = ("path", "sha256", "stage", "error", "message")
    with atomic.stream_text(Path(out) / ERRORS_JSONL) as fh:
        for err in errors:
            fh.write(json.dumps({k: err.get(k) for k in keys}, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------- records.parquet

def _column_values(values: list[Any]) -> list[Any]:
    """Parquet needs one type per column: lists/dicts become JSON text; mixed kinds become text."""
    kinds = {type(v) for v in values if v is not None}
    if not kinds or (len(kinds) == 1 and not kinds & {list, dict, tuple}):
        return values
    if kinds <= {int, float}:
        return [None if v is None else float(v) for v in values]
    return [
        None if v is None
        else v if isinstance(v, str)
        else json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, list | dict | tuple)
        else str(v)
        for v in values
    ]


def write_record_tables(out: Path, records: Iterable[tuple[str, str]],
                        warnings: Counter[str] | None = None) -> tuple[int, list[tuple[str, Exception]]]:
    """records.jsonl (one record.json per line, streamed) and records.parquet (one row per defendant x
    charge, :func:`pipeline.coding.table.record_rows`) from ``(key, record.json text)`` pairs in batch
    order. Returns the number of records and the keys of those whose table rows could not be made, with
    the reason (the table is written without them). ``warnings`` counts the records per warning code."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.coding.table import record_rows

    n = 0
    rows: list[dict[str, Any]] = []
    failures: list[tuple[str, Exception]] = []
    with atomic.stream_text(Path(out) / RECORDS_JSONL) as fh:
        for key, text in records:
            fh.write(text.strip().replace("\n", " ") + "\n")
            n += 1
            try:
                record = json.loads(text)
                if warnings is not None:
                    warnings.update({w["code"] for w in record.get("warnings") or ()})
                rows.extend(record_rows(record))
            except Exception as exc:  # noqa: BLE001 - one record's rows must not cost the whole table
                failures.append((key, exc))
    columns: dict[str, None] = {"document_id": None}
    for row in rows:
        columns.update(dict.fromkeys(row))
    table = pa.table({c: pa.array(_column_values([r.get(c) for r in rows])) if rows
                      else pa.array([], pa.string()) for c in columns})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    atomic.write_bytes(Path(out) / RECORDS_PARQUET, sink.getvalue().to_pybytes())
    return n, failures
