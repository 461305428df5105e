"""SQLAlchemy 2 tables of the review database. Alembic migrations (``migrations/versions``) create them;
change a table here and add a migration there, never one without the other.

Records are JSON (the record.json shape, one document per row); the audit history (``changes``) is
append-only: rows are inserted, never updated or deleted, and replaying them gives the current record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JSONType = JSON().with_variant(JSONB(), "postgresql")

ROLES = ("admin", "annotator", "researcher")
STATUSES = ("new", "in_review", "confirmed", "reopened")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONType, list[Any]: JSONType}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # admin | annotator | researcher
    countries: Mapped[list[Any]] = mapped_column(JSONType, default=list)  # ["RS", "MK"]; admin: all
    language: Mapped[str] = mapped_column(String(10), default="en")  # interface language
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LoginSession(Base):
    """A login. ``id`` is the SHA-256 of the cookie value: a copy of the database opens no session."""

    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    client: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    success: Mapped[bool] = mapped_column(Boolean, default=False)


class DocumentRow(Base):
    """One verdict: where it came from, the columns the queue filters and sorts on, and the document JSON
    (text, pages, words with boxes) the verdict view draws."""

    __tablename__ = "documents"

    doc_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    source_path: Mapped[str] = mapped_column(Text)
    source_sha256: Mapped[str] = mapped_column(String(64))
    source_format: Mapped[str] = mapped_column(String(10))
    language: Mapped[str | None] = mapped_column(String(10))
    script: Mapped[str | None] = mapped_column(String(10))
    country: Mapped[str | None] = mapped_column(String(10), index=True)
    court: Mapped[str | None] = mapped_column(Text)
    case_number: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    decision_date: Mapped[str | None] = mapped_column(String(10))
    trafficking_related: Mapped[bool | None] = mapped_column(Boolean)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    min_confidence: Mapped[float | None] = mapped_column(Float, index=True)  # of the fields still in draft
    # active learning (migration 0004, set on import): how unsure the active field models are about this
    # verdict (1 - probability of their value, the most unsure victim), and where they disagree with the rules
    model_uncertainty: Mapped[float | None] = mapped_column(Float, nullable=True)
    disagreements: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    blind: Mapped[bool] = mapped_column(Boolean, default=False)
    blind_coder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    parties: Mapped[str] = mapped_column(Text, default="")  # names/initials of defendants and victims, casefolded
    search_text: Mapped[str] = mapped_column(Text, default="")  # casefolded text for full-text search
    text: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    pipeline_version: Mapped[str | None] = mapped_column(String(40))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


Index("ix_documents_queue", DocumentRow.status, DocumentRow.country, DocumentRow.min_confidence)
# the queue's columns: a page of the queue and its count come from the index alone (migration 0002)
Index("ix_documents_list", DocumentRow.country, DocumentRow.status, DocumentRow.min_confidence, DocumentRow.year,
      DocumentRow.assignee_id, DocumentRow.doc_id, DocumentRow.case_number, DocumentRow.court,
      DocumentRow.decision_date, DocumentRow.trafficking_related, DocumentRow.page_count, DocumentRow.language,
      DocumentRow.script, DocumentRow.source_format, DocumentRow.blind, DocumentRow.updated_at)


class RecordRow(Base):
    """The current record (what lawyers decided plus the draft where nobody has yet), the latest draft as
    the pipeline wrote it, and the pipeline's newer opinions on human values (``pending``)."""

    __tablename__ = "records"

    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.doc_id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    record: Mapped[dict[str, Any]] = mapped_column(JSONType)
    draft: Mapped[dict[str, Any]] = mapped_column(JSONType)
    pending: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Change(Base):
    """One entry of the append-only audit history. ``op``: set (a field), add / remove (a defendant,
    charge, victim or entity span), confirm, reopen, import (the first draft: ``after`` is the whole
    record), draft (a re-import: ``after`` is the whole merged record), assign, suggestion_dismissed."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.doc_id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(100))  # kept as written even if the account goes
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    op: Mapped[str] = mapped_column(String(30))
    path: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[Any] = mapped_column(JSONType, nullable=True)
    after: Mapped[Any] = mapped_column(JSONType, nullable=True)
    status: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    draft_model_version: Mapped[str | None] = mapped_column(Text)  # source of the draft value + pipeline version
    draft_confidence: Mapped[float | None] = mapped_column(Float)
    record_version: Mapped[int] = mapped_column(Integer)  # the version this change produced


Index("ix_changes_doc_version", Change.doc_id, Change.record_version)


class BlindCoding(Base):
    """A verdict coded without the draft shown, by someone other than its reviewer: the honest measure of
    how often the draft is right, and of how often reviewers keep a draft value blind coding contradicts."""

    __tablename__ = "blind_codings"

    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.doc_id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    record: Mapped[dict[str, Any]] = mapped_column(JSONType)
    draft: Mapped[dict[str, Any]] = mapped_column(JSONType)  # the draft as it was when blind coding began
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
