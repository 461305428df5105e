"""The records a report covers: read from a processed batch folder, a JSONL file, or the review database,
then narrowed to confirmed records (or drafts too), a country and a period.

Records are read as the record.json dicts of CONTRACT.md (the shape ``pipeline.model.Record`` dumps), not
validated into models: a report over a thousand verdicts only needs their field values, and reading them
as dicts keeps it fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.model import at_path

HUMAN_STATUSES = frozenset({"confirmed", "corrected", "not_stated"})


@dataclass
class Selection:
    """The records of a report, each with whether a lawyer confirmed it, and what was left out and why."""

    records: list[dict[str, Any]]
    confirmed: list[bool]
    source: str  # what the records were read from, for the report's colophon
    from_database: bool = False
    left_out: dict[str, int] = field(default_factory=dict)  # reason -> number of records

    @property
    def drafts(self) -> int:
        return sum(1 for c in self.confirmed if not c)


def value(node: Any) -> Any:
    """The value of a field: a FieldValue dict ({"value", "confidence", ...}) gives its value; a bare
    value (as in an export) is itself."""
    if isinstance(node, dict) and "value" in node and ("confidence" in node or "status" in node):
        return node["value"]
    return node


def get(obj: Any, dotted: str) -> Any:
    """``get(defendant, "sentence.prison_months")``: the value at a dotted field name, or None."""
    return value(at_path(obj, dotted))


def _statuses(node: Any) -> Iterator[str]:
    """Status of every field of a record (FieldValue dicts anywhere under case, defendants, victims)."""
    if isinstance(node, dict):
        if "value" in node and "status" in node and "confidence" in node:
            yield str(node.get("status"))
            return
        for child in node.values():
            yield from _statuses(child)
    elif isinstance(node, list):
        for child in node:
            yield from _statuses(child)


def is_confirmed(record: dict[str, Any]) -> bool:
    """A lawyer confirmed the record: the review database marks it so (``review.status``, set when the
    database is read; a reopened record is not confirmed), or, in a file, ``status`` is "confirmed" or every
    field's status is confirmed, corrected or not_stated."""
    review = record.get("review")
    if isinstance(review, dict) and review.get("status"):
        return review["status"] == "confirmed"  # the review database says so, whatever the fields say
    if record.get("status") == "confirmed" or record.get("review_status") == "confirmed":
        return True
    statuses = [s for part in ("case", "defendants", "victims") for s in _statuses(record.get(part))]
    return bool(statuses) and all(s in HUMAN_STATUSES for s in statuses)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSONL file, one per line; a line that is not a record is a usage error naming the line."""
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}, line {number}: not JSON ({exc.msg})") from exc
        if not isinstance(record, dict) or "case" not in record:
            raise ConfigError(f"{path}, line {number}: not a coding record (no 'case')")
        records.append(record)
    return records


def read_batch(path: Path) -> list[dict[str, Any]]:
    """Records of a processed batch folder (its records.jsonl), of a records.jsonl / JSONL export file, or
    of a folder of <doc_id>/record.json files when records.jsonl is missing."""
    if path.is_file():
        return read_jsonl(path)
    if not path.is_dir():
        raise ConfigError(f"input not found: {path}")
    jsonl = path / "records.jsonl"
    if jsonl.is_file():
        return read_jsonl(jsonl)
    singles = sorted(path.glob("*/record.json"))
    if not singles:
        raise ConfigError(f"{path} is not a processed batch folder: no records.jsonl and no */record.json "
                          "(make one with `spoton run INPUT --out DIR`)")
    records = []
    for single in singles:
        try:
            records.append(json.loads(single.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"cannot read {single}: {exc}") from exc
    return records


def read_database(url: str | None) -> list[dict[str, Any]]:
    """Records of the review database (``pipeline.store``): the current record of every verdict, with
    ``review.status`` set from the document's status (new, in_review, confirmed, reopened). Reads only:
    a database that has not been created (no tables) is a usage error, not a migration."""
    import sqlalchemy
    from sqlalchemy.orm import Session

    from pipeline.store.db import engine_for, normalise_url
    from pipeline.store.schema import DocumentRow, RecordRow

    target = normalise_url(url)
    if target.startswith("sqlite:///") and not Path(target[len("sqlite:///"):]).is_file():
        raise ConfigError(f"no review database at {target[len('sqlite:///'):]} (create it with `spoton import`)")
    engine = engine_for(url)
    query = (sqlalchemy.select(DocumentRow.doc_id, DocumentRow.status, RecordRow.record)
             .join(RecordRow, RecordRow.doc_id == DocumentRow.doc_id).order_by(DocumentRow.doc_id))
    try:
        with Session(engine) as session:
            rows = session.execute(query).all()
    except sqlalchemy.exc.OperationalError as exc:
        raise ConfigError(f"cannot read the review database ({exc.orig}); is it a SPOT ON database "
                          "made by `spoton import`?") from exc
    finally:
        engine.dispose()
    records = []
    for doc_id, status, record in rows:
        record = dict(record or {})
        record.setdefault("document_id", doc_id)
        record["review"] = {**(record.get("review") or {}), "status": status}
        records.append(record)
    return records


def year_of(record: dict[str, Any]) -> int | None:
    date = get(record.get("case"), "decision_date")
    if isinstance(date, str) and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def select(records: Iterable[dict[str, Any]], *, source: str, drafts: bool, country: str | None = None,
           year_from: int | None = None, year_to: int | None = None,
           from_database: bool = False) -> Selection:
    """Narrow the records to what the report covers. Without ``drafts`` only confirmed records count."""
    kept: list[dict[str, Any]] = []
    confirmed: list[bool] = []
    left_out: dict[str, int] = {}

    def leave(reason: str) -> None:
        left_out[reason] = left_out.get(reason, 0) + 1

    for record in records:
        ok = is_confirmed(record)
        if not ok and not drafts:
            leave("draft")
            continue
        if country and get(record.get("case"), "country") != country:
            leave("other_country")
            continue
        if year_from is not None or year_to is not None:
            year = year_of(record)
            if year is None:
                leave("no_date")
                continue
            if (year_from is not None and year < year_from) or (year_to is not None and year > year_to):
                leave("outside_period")
                continue
        kept.append(record)
        confirmed.append(ok)
    return Selection(kept, confirmed, source, from_database, left_out)
