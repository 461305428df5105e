"""Reading and changing records: the one implementation behind the API and the pages.

Every change is based on the version the lawyer saw. Changes to fields nobody touched since that version
merge; a change to a field someone else changed since then raises :class:`Conflict` (the API's 409, both
values shown), never a silent overwrite. Every change appends rows to the audit history (``changes``), with
the draft's source, pipeline version and confidence beside every human decision; :func:`replay` of that
history gives the current record.

Change format (the API's PATCH body, ``changes`` list):

    {"path": "defendants[0].sentence.prison_months", "value": 42, "status": "corrected"}
    {"path": "case.court", "status": "confirmed"}                    # accept the value as it is
    {"path": "case.final_date", "status": "not_stated"}              # the verdict does not say
    {"path": "case.court", "value": "...", "evidence": [{"start": 10, "end": 30}]}   # from a text selection
    {"op": "revert", "path": "case.court"}                           # back to the draft value
    {"op": "add", "path": "victims"}                                 # also "defendants", "defendants[0].charges"
    {"op": "remove", "path": "victims[1]"}
    {"op": "add", "path": "entities", "value": {"label": "VICTIM", "start": 120, "end": 124}}
    {"op": "remove", "path": "entities[3]"}

Locking: every write starts with an UPDATE of the record's row, which takes the row lock on PostgreSQL and
the write lock on SQLite before anything is read, so two saves of one record run one after the other and
the second sees the first.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pipeline.coding.codebook import codebook
from pipeline.store import paths
from pipeline.store.schema import Change, DocumentRow, RecordRow, User, utcnow

HUMAN_STATUSES = ("confirmed", "corrected", "not_stated")
SET_STATUSES = ("confirmed", "corrected", "not_stated")
EDITABLE = ("new", "in_review", "reopened")
PIPELINE_USER = "pipeline"


class StoreError(Exception):
    """A change the store refuses; ``code`` is stable for scripts, ``message`` is for a lawyer."""

    status = 400

    def __init__(self, message: str, code: str = "bad_change") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotFound(StoreError):
    status = 404

    def __init__(self, doc_id: str) -> None:
        super().__init__(f"No verdict {doc_id!r} in the review database.", "not_found")


class ReadOnly(StoreError):
    status = 409

    def __init__(self) -> None:
        super().__init__("This record is confirmed and read-only; reopen it to change it.", "confirmed")


@dataclass
class Conflict(StoreError):
    """Someone changed what these changes touch since ``base_version``. ``conflicts``: one item per path,
    ``{"path", "yours": {...}, "theirs": {"value", "status", "user", "at", "op"}}``."""

    conflicts: list[dict[str, Any]] = field(default_factory=list)
    version: int = 0
    base_version: int = 0
    reason: str = "changed"

    def __post_init__(self) -> None:
        message = (
            "The record changed since you opened it; nothing was saved. Review the other values and save again."
            if self.reason == "changed"
            else "The record changed since you opened it; open it again before confirming."
        )
        StoreError.__init__(self, message, "conflict")

    status = 409

    def to_json(self) -> dict[str, Any]:
        return {"detail": self.message, "code": self.code, "reason": self.reason, "version": self.version,
                "base_version": self.base_version, "conflicts": self.conflicts}


# --------------------------------------------------------------------------- reading


def _row(session: Session, doc_id: str) -> RecordRow:
    row = session.execute(
        select(RecordRow).where(RecordRow.doc_id == doc_id).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(doc_id)
    return row


def _document(session: Session, doc_id: str) -> DocumentRow:
    doc = session.get(DocumentRow, doc_id, populate_existing=True)
    if doc is None:
        raise NotFound(doc_id)
    return doc


def get_record(session: Session, doc_id: str) -> tuple[dict[str, Any], int]:
    """The current record and its version."""
    row = _row(session, doc_id)
    return copy.deepcopy(row.record), row.version


def pending(session: Session, doc_id: str) -> list[dict[str, Any]]:
    """What the newest draft would change in human values (see :mod:`pipeline.store.importer`)."""
    return copy.deepcopy(_row(session, doc_id).pending or [])


def draft(session: Session, doc_id: str) -> dict[str, Any]:
    return copy.deepcopy(_row(session, doc_id).draft)


def history(session: Session, doc_id: str) -> list[dict[str, Any]]:
    """Every change of a record, oldest first: who, when, path, before, after, why, and the draft beside it."""
    _row(session, doc_id)
    rows = session.execute(select(Change).where(Change.doc_id == doc_id).order_by(Change.id)).scalars()
    return [change_json(c) for c in rows]


def iso(when: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC with its offset (SQLite hands back naive datetimes that were written in UTC)."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.isoformat()


def change_json(c: Change) -> dict[str, Any]:
    return {
        "id": c.id, "doc_id": c.doc_id, "user": c.username, "at": iso(c.at),
        "op": c.op, "path": c.path, "before": c.before, "after": c.after, "status": c.status,
        "comment": c.comment, "draft_model_version": c.draft_model_version,
        "draft_confidence": c.draft_confidence, "version": c.record_version,
    }


def replay(changes: list[dict[str, Any]]) -> dict[str, Any]:
    """The record the history describes: the imported draft, then every change in order."""
    record: dict[str, Any] = {}
    for c in changes:
        op, path = c["op"], c["path"]
        if op in ("import", "draft"):
            record = copy.deepcopy(c["after"])
        elif op in ("set", "confirm", "revert"):
            paths.set_at(record, path, copy.deepcopy(c["after"]))
        elif op == "add":
            paths.resolve(record, path).append(copy.deepcopy(c["after"]))
        elif op == "remove":
            parent, index = paths.list_parent(path) or ("", 0)
            del paths.resolve(record, parent)[index]
    return record


# --------------------------------------------------------------------------- writing


def _lock(session: Session, doc_id: str) -> RecordRow:
    """Take the record's write lock before reading it (see the module docstring): SELECT ... FOR UPDATE on
    PostgreSQL; on SQLite, which has no row locks, a no-op UPDATE that takes the database's write lock."""
    if session.get_bind().dialect.name != "sqlite":
        row = session.execute(
            select(RecordRow).where(RecordRow.doc_id == doc_id).with_for_update()
            .execution_options(populate_existing=True)
        ).scalar_one_or_none()
        if row is None:
            raise NotFound(doc_id)
        return row
    session.execute(
        update(RecordRow.__table__).where(RecordRow.__table__.c.doc_id == doc_id)
        .values(version=RecordRow.__table__.c.version)
    )
    return _row(session, doc_id)


def _username(user: User | None) -> str:
    return user.name if user is not None else PIPELINE_USER


def _draft_info(draft_record: dict[str, Any], path: str) -> tuple[str | None, float | None]:
    fv = paths.get(draft_record, path)
    version = draft_record.get("pipeline_version")
    if paths.is_field_value(fv):
        source = fv.get("source")
        return (f"{source} (pipeline {version})" if source else f"pipeline {version}"), fv.get("confidence")
    return (f"pipeline {version}" if version else None), None


def _value_problem(path: str, value: Any) -> str | None:
    """A lawyer-readable reason the value does not fit the codebook field, or None."""
    if value is None:
        return None
    parts = paths.parse(path)
    skeleton: dict[str, Any] = {"value": value, "confidence": 1.0, "status": "corrected"}
    for part in reversed(parts):
        skeleton = [skeleton] if isinstance(part, int) else {part: skeleton}  # type: ignore[assignment]
    problems = codebook().validate(skeleton)
    return problems[0].message if problems else None


def _under(path: str, list_path: str, index: int) -> bool:
    """Does ``path`` lie under item ``index`` or a later item of the list ``list_path``?"""
    return any(lp == list_path and i >= index for lp, i in paths.list_items(path))


def _conflicts_with(mine: dict[str, Any], theirs: Change, base_value: Any) -> bool:
    my_op = mine.get("op", "set")
    my_path = mine["path"]
    their_op, their_path = theirs.op, theirs.path
    if their_op in ("import", "draft", "status", "reopen", "assign", "suggestion_dismissed"):
        return False
    if their_op == "remove":
        parent = paths.list_parent(their_path)
        if parent and (_under(my_path, *parent) or (my_op == "remove" and my_path == their_path)):
            return True
        if parent and my_op == "remove":
            mine_parent = paths.list_parent(my_path)
            return bool(mine_parent and mine_parent[0] == parent[0])
        return False
    if my_op == "remove":
        parent = paths.list_parent(my_path)
        return bool(parent and their_op != "add" and _under(their_path, *parent))
    if my_op == "add" or their_op == "add":
        return False
    if their_path != my_path:
        return False
    theirs_value = (theirs.after or {}).get("value") if isinstance(theirs.after, dict) else theirs.after
    yours_value = mine.get("_resolved_value", base_value)
    return yours_value != theirs_value


def _resolved_value(change: dict[str, Any], current: Any) -> Any:
    """The value a set change leaves in the field (accepting keeps the value the lawyer saw)."""
    status = change.get("status") or "corrected"
    if status == "not_stated":
        return None
    if "value" in change:
        return change["value"]
    return current


def _check_changes(changes: list[dict[str, Any]]) -> None:
    if not isinstance(changes, list) or not changes:
        raise StoreError("No changes to save.", "no_changes")
    for ch in changes:
        if not isinstance(ch, dict) or not isinstance(ch.get("path"), str):
            raise StoreError("Every change needs a path.", "bad_change")
        op = ch.get("op", "set")
        path = ch["path"]
        try:
            paths.parse(path)
        except paths.PathError as exc:
            raise StoreError(str(exc), "bad_path") from None
        if op in ("set", "revert"):
            if not paths.is_field(path):
                raise StoreError(f"{path} is not a field of the codebook.", "bad_path")
            status = ch.get("status") or ("corrected" if "value" in ch else None)
            if op == "set" and status not in SET_STATUSES:
                raise StoreError(f"Status must be one of {', '.join(SET_STATUSES)}.", "bad_status")
            if op == "set" and "value" in ch:
                problem = _value_problem(path, ch["value"])
                if problem:
                    raise StoreError(f"{path}: {problem}", "bad_value")
        elif op == "add":
            if not paths.LIST_PATHS.match(path):
                raise StoreError(f"Cannot add to {path}: defendants, victims, a defendant's charges or "
                                 "entities only.", "bad_path")
        elif op == "remove":
            if not paths.ITEM_PATHS.match(path):
                raise StoreError(f"Cannot remove {path}: name one defendant, charge, victim or entity span "
                                 "(e.g. victims[1]).", "bad_path")
        else:
            raise StoreError(f"Unknown operation {op!r} (set, revert, add, remove).", "bad_op")


def _clean_evidence(evidence: Any, text: str) -> list[dict[str, Any]]:
    out = []
    for ev in evidence or []:
        if not isinstance(ev, dict) or not isinstance(ev.get("start"), int) or not isinstance(ev.get("end"), int):
            raise StoreError("Evidence is a list of {start, end} offsets into the verdict text.", "bad_evidence")
        start, end = ev["start"], ev["end"]
        if not 0 <= start < end <= len(text):
            raise StoreError("Evidence lies outside the verdict text.", "bad_evidence")
        item = {"start": start, "end": end, "text": text[start:end]}
        if ev.get("page") is not None:
            item["page"] = int(ev["page"])
        if isinstance(ev.get("bbox"), dict):
            item["bbox"] = ev["bbox"]
        out.append(item)
    return out


def _span(value: Any, text: str, user: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not isinstance(value.get("label"), str) or not value["label"]:
        raise StoreError("An entity span is {label, start, end}.", "bad_span")
    ev = _clean_evidence([value], text)[0]
    return {"label": value["label"], "start": ev["start"], "end": ev["end"], "text": ev["text"],
            "source": f"human:{user}"}


def _apply_one(record: dict[str, Any], draft_record: dict[str, Any], ch: dict[str, Any], text: str,
               user: str) -> tuple[str, str, Any, Any, str | None]:
    """Apply one change to ``record`` in place; (op, path, before, after, status) for the audit."""
    op = ch.get("op", "set")
    path = ch["path"]
    if op == "add":
        target = paths.get(record, path)
        if not isinstance(target, list):
            if path.endswith(".charges") and isinstance(paths.get(record, path[: -len(".charges")]), dict):
                paths.set_at(record, path, [])
                target = paths.get(record, path)
            elif path in ("defendants", "victims", "entities"):
                record[path] = []
                target = record[path]
            else:
                raise StoreError(f"{path} is not in this record.", "bad_path")
        if path == "entities":
            item = _span(ch.get("value"), text, user)
        else:
            item = paths.empty_item(paths.level_of_list(path) or "", source=f"human:{user}")
        target.append(item)
        return "add", path, None, copy.deepcopy(item), None
    if op == "remove":
        parent, index = paths.list_parent(path) or ("", -1)
        target = paths.get(record, parent)
        if not isinstance(target, list) or not 0 <= index < len(target):
            raise StoreError(f"{path} is not in this record.", "bad_path")
        before = target.pop(index)
        return "remove", path, before, None, None
    before = paths.get(record, path)
    if before is not None and not paths.is_field_value(before):
        raise StoreError(f"{path} is not a field value.", "bad_path")
    if before is None:
        parent = paths.list_parent(path)
        if parent and not (isinstance(paths.get(record, parent[0]), list)
                           and parent[1] < len(paths.get(record, parent[0]))):
            raise StoreError(f"{path} is not in this record.", "bad_path")
        before_fv = {"value": None, "confidence": 0.0, "evidence": [], "source": None, "status": "draft"}
    else:
        before_fv = before
    after = copy.deepcopy(before_fv)
    if op == "revert":
        draft_fv = paths.get(draft_record, path)
        after = copy.deepcopy(draft_fv) if paths.is_field_value(draft_fv) else {
            "value": None, "confidence": 0.0, "evidence": [], "source": None, "status": "draft"}
        after["status"] = "draft"
        paths.set_at(record, path, after)
        return "revert", path, copy.deepcopy(before), after, "draft"
    status = ch.get("status") or "corrected"
    value = _resolved_value(ch, before_fv.get("value"))
    if status == "confirmed" and value != before_fv.get("value"):
        status = "corrected"
    after["value"] = value
    after["status"] = status
    if status == "not_stated":
        after["evidence"] = []
    if "evidence" in ch:
        after["evidence"] = _clean_evidence(ch["evidence"], text)
    if status == "corrected":
        after["source"] = f"human:{user}"
    paths.set_at(record, path, after)
    return "set", path, copy.deepcopy(before), after, status


def _changes_since(session: Session, doc_id: str, base_version: int) -> list[Change]:
    return list(session.execute(
        select(Change).where(Change.doc_id == doc_id, Change.record_version > base_version).order_by(Change.id)
    ).scalars())


def _base_value(since: list[Change], path: str, current: dict[str, Any]) -> Any:
    """The value of a field at the base version: the ``before`` of the first later change to it."""
    for c in since:
        if c.path == path and c.op in ("set", "confirm", "revert"):
            return (c.before or {}).get("value") if isinstance(c.before, dict) else None
    fv = paths.get(current, path)
    return fv.get("value") if paths.is_field_value(fv) else None


def _conflicts(session: Session, row: RecordRow, base_version: int, changes: list[dict[str, Any]],
               current: dict[str, Any]) -> list[dict[str, Any]]:
    since = _changes_since(session, row.doc_id, base_version)
    found: list[dict[str, Any]] = []
    for ch in changes:
        base_value = _base_value(since, ch["path"], current)
        mine = dict(ch)
        if ch.get("op", "set") == "set":
            mine["_resolved_value"] = _resolved_value(ch, base_value)
        for theirs in since:
            if _conflicts_with(mine, theirs, base_value):
                current_fv = paths.get(current, ch["path"])
                found.append({
                    "path": ch["path"],
                    "yours": {k: v for k, v in ch.items() if k in ("op", "value", "status")}
                    | ({"value": mine["_resolved_value"]} if "_resolved_value" in mine else {}),
                    "theirs": {
                        "op": theirs.op, "path": theirs.path, "user": theirs.username,
                        "at": iso(theirs.at), "version": theirs.record_version,
                        "value": (theirs.after or {}).get("value") if isinstance(theirs.after, dict) else None,
                        "status": theirs.status,
                    },
                    "base": base_value,
                    "current": current_fv.get("value") if paths.is_field_value(current_fv) else None,
                })
                break
    return found


def _audit(session: Session, doc_id: str, user: User | None, op: str, path: str, before: Any, after: Any,
           status: str | None, comment: str | None, version: int, draft_record: dict[str, Any]) -> None:
    model_version, confidence = _draft_info(draft_record, path) if path else (
        f"pipeline {draft_record.get('pipeline_version')}", None)
    session.add(Change(
        doc_id=doc_id, user_id=user.id if user is not None else None, username=_username(user), at=utcnow(),
        op=op, path=path, before=before, after=after, status=status, comment=comment,
        draft_model_version=model_version, draft_confidence=confidence, record_version=version,
    ))


def _drop_pending(row: RecordRow, touched: set[str]) -> None:
    """A suggestion on a path a lawyer just decided is settled by that decision."""
    if row.pending:
        row.pending = [p for p in row.pending if p.get("path") not in touched]


def apply_changes(session: Session, doc_id: str, base_version: int, changes: list[dict[str, Any]],
                  user: User | None, comment: str | None = None) -> tuple[dict[str, Any], int]:
    """Apply a lawyer's changes made on ``base_version``; merge with what others saved since, or raise
    :class:`Conflict` listing both values. Commits nothing: the caller's transaction does."""
    _check_changes(changes)
    row = _lock(session, doc_id)
    doc = _document(session, doc_id)
    if doc.status == "confirmed":
        raise ReadOnly()
    if not isinstance(base_version, int) or base_version < 1 or base_version > row.version:
        raise StoreError("The version must be the one the record was read at.", "bad_version")
    record = copy.deepcopy(row.record)
    if base_version < row.version:
        found = _conflicts(session, row, base_version, changes, record)
        if found:
            raise Conflict(conflicts=found, version=row.version, base_version=base_version)
    version = row.version + 1
    name = _username(user)
    touched: set[str] = set()
    for ch in changes:
        op, path, before, after, status = _apply_one(record, row.draft, ch, doc.text or "", name)
        _audit(session, doc_id, user, op, path, before, after, status, comment, version, row.draft)
        touched.add(path)
    row.record = record
    row.version = version
    row.updated_at = utcnow()
    _drop_pending(row, touched)
    if doc.status == "new":
        doc.status = "in_review"
    refresh_document(doc, record)
    session.flush()
    return copy.deepcopy(record), version


def accept_above(session: Session, doc_id: str, base_version: int, min_confidence: float,
                 user: User | None) -> tuple[dict[str, Any], int]:
    """Accept every draft field with a value and at least ``min_confidence`` (one save, one version)."""
    record, version = get_record(session, doc_id)
    if version != base_version:
        _stale(version, base_version)
    changes = [{"path": p, "status": "confirmed"} for p, fv in paths.iter_fields(record)
               if fv.get("status") == "draft" and fv.get("value") not in (None, [], "")
               and float(fv.get("confidence") or 0) >= min_confidence]
    if not changes:
        return record, version
    return apply_changes(session, doc_id, base_version, changes, user,
                         comment=f"accepted every field at confidence {min_confidence:g} or above")


def _stale(version: int, base_version: int) -> None:
    raise Conflict(conflicts=[], version=version, base_version=base_version, reason="stale")


def confirm(session: Session, doc_id: str, base_version: int, user: User | None,
            comment: str | None = None) -> tuple[dict[str, Any], int]:
    """Confirm the whole record as the lawyer saw it at ``base_version`` (409 if it changed since): every
    field still in draft becomes confirmed; the record becomes read-only until reopened."""
    row = _lock(session, doc_id)
    doc = _document(session, doc_id)
    if doc.status == "confirmed":
        raise ReadOnly()
    if row.version != base_version:
        _stale(row.version, base_version)
    record = copy.deepcopy(row.record)
    version = row.version + 1
    for path, fv in list(paths.iter_fields(record)):
        if fv.get("status") == "draft":
            after = {**copy.deepcopy(fv), "status": "confirmed"}
            _audit(session, doc_id, user, "confirm", path, copy.deepcopy(fv), after, "confirmed", comment,
                   version, row.draft)
            paths.set_at(record, path, after)
    _audit(session, doc_id, user, "status", "", doc.status, "confirmed", None, comment, version, row.draft)
    row.record = record
    row.version = version
    row.updated_at = utcnow()
    doc.status = "confirmed"
    refresh_document(doc, record)
    session.flush()
    return copy.deepcopy(record), version


def reopen(session: Session, doc_id: str, user: User | None, comment: str | None = None) -> tuple[dict[str, Any], int]:
    """Make a confirmed record editable again (the values stay as confirmed)."""
    row = _lock(session, doc_id)
    doc = _document(session, doc_id)
    if doc.status != "confirmed":
        raise StoreError("Only a confirmed record can be reopened.", "not_confirmed")
    version = row.version + 1
    _audit(session, doc_id, user, "reopen", "", "confirmed", "reopened", None, comment, version, row.draft)
    row.version = version
    row.updated_at = utcnow()
    doc.status = "reopened"
    session.flush()
    return copy.deepcopy(row.record), version


def dismiss_suggestion(session: Session, doc_id: str, path: str, user: User | None) -> list[dict[str, Any]]:
    """Leave a value as the lawyer decided it although the newest draft says otherwise (kept in the history)."""
    row = _lock(session, doc_id)
    kept = [p for p in (row.pending or []) if p.get("path") != path]
    if len(kept) == len(row.pending or []):
        raise StoreError(f"No suggestion for {path}.", "no_suggestion")
    dropped = [p for p in row.pending if p.get("path") == path]
    _audit(session, doc_id, user, "suggestion_dismissed", path, dropped[0].get("suggested"), None, None, None,
           row.version, row.draft)
    row.pending = kept
    session.flush()
    return copy.deepcopy(kept)


# --------------------------------------------------------------------------- derived columns


def min_draft_confidence(record: dict[str, Any]) -> float | None:
    """Lowest confidence among the fields still in draft that hold a value (None: nothing left to check)."""
    values = [float(fv.get("confidence") or 0) for _, fv in paths.iter_fields(record)
              if fv.get("status") == "draft" and fv.get("value") not in (None, [], "")]
    return min(values) if values else None


def review_order(record: dict[str, Any]) -> list[str]:
    """Paths still in draft in the order a careful reviewer takes them: found values, least confident
    first (ties in codebook order: case, then each defendant, then each victim); then fields not found."""
    found, missing = [], []
    for order, (path, fv) in enumerate(paths.iter_fields(record)):
        if fv.get("status") != "draft":
            continue
        if fv.get("value") in (None, [], ""):
            missing.append((order, path))
        else:
            found.append((float(fv.get("confidence") or 0), order, path))
    return [p for _, _, p in sorted(found)] + [p for _, p in sorted(missing)]


def next_field(record: dict[str, Any], after: str | None = None) -> str | None:
    """The next least-confident draft field after ``after`` in :func:`review_order` (wraps around)."""
    order = review_order(record)
    if not order:
        return None
    if after in order:
        i = order.index(after)
        rest = order[i + 1:] + order[:i]
        return rest[0] if rest else None
    return order[0]


def _value(record: dict[str, Any], path: str) -> Any:
    fv = paths.get(record, path)
    return fv.get("value") if paths.is_field_value(fv) else None


def refresh_document(doc: DocumentRow, record: dict[str, Any]) -> None:
    """Copy the queue's columns from the record (a corrected court or country moves the verdict)."""
    doc.country = _value(record, "case.country") or doc.country
    doc.court = _value(record, "case.court")
    doc.case_number = _value(record, "case.case_number")
    date = _value(record, "case.decision_date")
    doc.decision_date = date if isinstance(date, str) else None
    doc.year = int(date[:4]) if isinstance(date, str) and date[:4].isdigit() else None
    related = _value(record, "case.trafficking_related")
    doc.trafficking_related = related if isinstance(related, bool) else None
    doc.language = _value(record, "case.language") or record.get("language") or doc.language
    doc.script = _value(record, "case.script") or record.get("script") or doc.script
    names = [_value(record, f"{c}[{i}].name") for c in ("defendants", "victims")
             for i in range(len(record.get(c) or []))]
    # the case number joins the parties: both are what people search by first (casefolded here, since
    # SQLite's lower() folds ASCII only)
    doc.parties = " ".join(str(n) for n in [doc.case_number, *names] if n).casefold()
    doc.min_confidence = min_draft_confidence(record)
    doc.updated_at = utcnow()
