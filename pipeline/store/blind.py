"""Assignment and blind coding, for honest measurement.

A share of verdicts (``blind_share``) goes, besides its reviewer, to a second annotator who codes it without
the draft shown: no values, confidences or evidence of the pipeline. The blind coder cannot open the review
of that verdict until their coding is submitted. :func:`stats` then says, per field,

- ``draft_agrees``: how often the draft's value equals the blind coder's (how often the draft is right);
- ``kept_contradicted``: of the fields where blind coding contradicts the draft, how often the reviewer, who
  saw the draft, confirmed the draft's value anyway (people tend to accept what they are shown).
"""

from __future__ import annotations

import copy
import random
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.store import paths
from pipeline.store.records import (
    Conflict,
    NotFound,
    StoreError,
    _apply_one,
    _audit,
    _check_changes,
    _lock,
    iso,
)
from pipeline.store.schema import BlindCoding, DocumentRow, RecordRow, User, utcnow


def _user_id(session: Session, name: str | None) -> int | None:
    if name is None:
        return None
    user = session.execute(select(User).where(User.name == name)).scalar_one_or_none()
    if user is None or not user.active:
        raise StoreError(f"No active user {name!r}.", "no_user")
    if user.role == "researcher":
        raise StoreError(f"{name} is a researcher; verdicts go to annotators.", "bad_assignee")
    return user.id


def assign(session: Session, doc_id: str, name: str | None, by: User | None) -> None:
    """Make ``name`` (None: nobody) the reviewer of a verdict; kept in the history."""
    row = _lock(session, doc_id)
    doc = session.get(DocumentRow, doc_id)
    if doc is None:
        raise NotFound(doc_id)
    before = doc.assignee_id
    doc.assignee_id = _user_id(session, name)
    if doc.blind and doc.assignee_id is not None and doc.assignee_id == doc.blind_coder_id:
        raise StoreError("The reviewer of a blind-coded verdict must not be its blind coder.", "bad_assignee")
    _audit(session, doc_id, by, "assign", "", before, name, None, None, row.version, row.draft)


def deal(session: Session, reviewers: list[str], *, doc_ids: list[str] | None = None, status: list[str] | None = None,
         country: list[str] | None = None, blind_share: float = 0.0, blind_coders: list[str] | None = None,
         limit: int = 1000, seed: int | None = None, by: User | None = None) -> dict[str, Any]:
    """Deal unassigned verdicts to ``reviewers`` round-robin (lowest confidence first); a random
    ``blind_share`` of them also to a blind coder (from ``blind_coders``, default the reviewers), never the
    verdict's own reviewer."""
    if not reviewers:
        raise StoreError("Name at least one annotator.", "no_user")
    ids = {name: _user_id(session, name) for name in reviewers}
    coders = {name: _user_id(session, name) for name in (blind_coders or reviewers)}
    stmt = select(DocumentRow).where(DocumentRow.assignee_id.is_(None))
    if doc_ids is not None:
        stmt = stmt.where(DocumentRow.doc_id.in_(doc_ids))
    if status:
        stmt = stmt.where(DocumentRow.status.in_(status))
    if country:
        stmt = stmt.where(DocumentRow.country.in_(country))
    stmt = stmt.order_by(DocumentRow.min_confidence.is_(None), DocumentRow.min_confidence, DocumentRow.doc_id)
    docs = list(session.execute(stmt.limit(limit)).scalars())
    rng = random.Random(seed)
    n_blind = round(len(docs) * blind_share)
    blind_ids = set(rng.sample([d.doc_id for d in docs], n_blind)) if n_blind else set()
    out: dict[str, list[str]] = {name: [] for name in reviewers}
    blind_out: dict[str, list[str]] = {}
    names = list(ids)
    coder_names = list(coders)
    for i, doc in enumerate(docs):
        name = names[i % len(names)]
        doc.assignee_id = ids[name]
        out[name].append(doc.doc_id)
        row = session.get(RecordRow, doc.doc_id)
        _audit(session, doc.doc_id, by, "assign", "", None, name, None, None, row.version if row else 1,
               row.draft if row else {})
        if doc.doc_id in blind_ids:
            others = [c for c in coder_names if coders[c] != ids[name]]
            if not others:
                continue
            coder = others[rng.randrange(len(others))]
            doc.blind = True
            doc.blind_coder_id = coders[coder]
            blind_out.setdefault(coder, []).append(doc.doc_id)
    return {"assigned": out, "blind": blind_out, "count": len(docs), "blind_count": sum(map(len, blind_out.values()))}


def _masked(record: dict[str, Any]) -> dict[str, Any]:
    """The record as a blind coder starts it: the same defendants, charges and victims (the structure), no
    value, confidence, evidence or source of the pipeline, and no entity spans."""
    out = copy.deepcopy(record)
    for _, fv in paths.iter_fields(out):
        fv.update({"value": None, "confidence": 0.0, "evidence": [], "source": None, "status": "draft"})
    out["entities"] = []
    out["sentences"] = []
    return out


def submitted(session: Session, doc_id: str) -> bool:
    coding = session.get(BlindCoding, doc_id)
    return coding is not None and coding.submitted_at is not None


def get(session: Session, doc_id: str, user: User) -> tuple[dict[str, Any], int, bool]:
    """The blind coding of a verdict, started from the masked draft on first opening."""
    coding = session.get(BlindCoding, doc_id)
    if coding is None:
        row = session.get(RecordRow, doc_id)
        if row is None:
            raise NotFound(doc_id)
        coding = BlindCoding(doc_id=doc_id, user_id=user.id, version=1, record=_masked(row.draft),
                             draft=copy.deepcopy(row.draft), updated_at=utcnow())
        session.add(coding)
        session.flush()
    return copy.deepcopy(coding.record), coding.version, coding.submitted_at is not None


def apply(session: Session, doc_id: str, base_version: int, changes: list[dict[str, Any]], user: User
          ) -> tuple[dict[str, Any], int]:
    """Changes to a blind coding (one coder: a stale version is a conflict, nothing merges)."""
    _check_changes(changes)
    coding = session.get(BlindCoding, doc_id, with_for_update=True)
    if coding is None:
        get(session, doc_id, user)
        coding = session.get(BlindCoding, doc_id)
    if coding.submitted_at is not None:
        raise StoreError("This blind coding is submitted and read-only.", "submitted")
    if coding.version != base_version:
        raise Conflict(conflicts=[], version=coding.version, base_version=base_version, reason="stale")
    record = copy.deepcopy(coding.record)
    doc = session.get(DocumentRow, doc_id)
    for ch in changes:
        _apply_one(record, {}, ch, doc.text if doc else "", user.name)
    coding.record = record
    coding.version += 1
    coding.updated_at = utcnow()
    session.flush()
    return copy.deepcopy(record), coding.version


def submit(session: Session, doc_id: str, base_version: int) -> None:
    coding = session.get(BlindCoding, doc_id)
    if coding is None:
        raise StoreError("Nothing coded yet.", "no_coding")
    if coding.version != base_version:
        raise Conflict(conflicts=[], version=coding.version, base_version=base_version, reason="stale")
    coding.submitted_at = utcnow()


def _values(record: dict[str, Any]) -> dict[str, Any]:
    return {path: fv.get("value") for path, fv in paths.iter_fields(record)}


def stats(session: Session, countries: list[str] | None = None) -> dict[str, Any]:
    """Per codebook field (codebook path, e.g. "defendant.sentence.prison_months"): counts and shares
    of :mod:`blind` (see the module docstring). Counts are integers; shares are None without data."""
    from pipeline.coding.codebook import codebook

    cb = codebook()
    stmt = select(BlindCoding, DocumentRow, RecordRow).join(DocumentRow, DocumentRow.doc_id == BlindCoding.doc_id) \
        .join(RecordRow, RecordRow.doc_id == BlindCoding.doc_id).where(BlindCoding.submitted_at.is_not(None))
    if countries is not None:
        stmt = stmt.where(DocumentRow.country.in_(countries))
    fields: dict[str, dict[str, int]] = {}
    verdicts = 0
    for coding, doc, row in session.execute(stmt):
        verdicts += 1
        blind_values = _values(coding.record)
        draft_values = _values(coding.draft)
        final = _values(row.record) if doc.status == "confirmed" else {}
        for path, blind_value in blind_values.items():
            key = cb.field(path).path if cb.has_field(path) else path
            counts = fields.setdefault(key, {"coded": 0, "draft_agrees": 0, "contradicted": 0,
                                             "contradicted_reviewed": 0, "kept_contradicted": 0})
            draft_value = draft_values.get(path)
            counts["coded"] += 1
            if draft_value == blind_value:
                counts["draft_agrees"] += 1
                continue
            counts["contradicted"] += 1
            if path in final:
                counts["contradicted_reviewed"] += 1
                if final[path] == draft_value:
                    counts["kept_contradicted"] += 1
    for counts in fields.values():
        counts["draft_agrees_share"] = counts["draft_agrees"] / counts["coded"] if counts["coded"] else None
        counts["kept_contradicted_share"] = (counts["kept_contradicted"] / counts["contradicted_reviewed"]
                                             if counts["contradicted_reviewed"] else None)
    return {"verdicts": verdicts, "fields": fields, "at": iso(utcnow())}
