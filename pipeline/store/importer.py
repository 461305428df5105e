"""`spoton import DIR`: a processed batch into the review database, idempotently.

A new verdict gets its document (text, pages, words with boxes, the source file's path and sha256) and its
draft record as version 1. A verdict already there is refreshed after a pipeline re-run, but only where no
lawyer has decided: a field a lawyer confirmed, corrected or marked not stated keeps the lawyer's value; where
the new draft disagrees with it (and changed its mind since the previous draft) the difference is stored as
a pending suggestion that the verdict view lists for the lawyer to take or leave. Defendants, victims and
charges a lawyer added or removed keep the lawyer's structure. Importing the same batch twice changes nothing.
"""

from __future__ import annotations

import copy
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy.orm import Session

from pipeline.store import paths
from pipeline.store.queue import learning_signals
from pipeline.store.records import HUMAN_STATUSES, _audit, _lock, refresh_document
from pipeline.store.schema import DocumentRow, RecordRow, utcnow

log = logging.getLogger(__name__)


@dataclass
class ImportSummary:
    added: int = 0
    refreshed: int = 0
    unchanged: int = 0
    suggestions: int = 0  # pending differences between a new draft and human values, over the batch
    failed: list[tuple[str, str]] = field(default_factory=list)  # (folder, reason), no verdict text

    def describe(self) -> str:
        parts = [f"{self.added} added", f"{self.refreshed} refreshed", f"{self.unchanged} unchanged"]
        if self.suggestions:
            parts.append(f"{self.suggestions} new-draft suggestion(s) on human values")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return ", ".join(parts)


def _human(fv: Any) -> bool:
    return paths.is_field_value(fv) and fv.get("status") in HUMAN_STATUSES


def _human_source(item: Any) -> bool:
    return isinstance(item, dict) and str(item.get("source") or "").startswith("human")


def _holds_human(obj: Any) -> bool:
    if paths.is_field_value(obj):
        return _human(obj) or _human_source(obj)
    if isinstance(obj, dict):
        return any(_holds_human(v) for v in obj.values())
    if isinstance(obj, list):
        return any(_holds_human(v) for v in obj)
    return False


class _Merge:
    def __init__(self) -> None:
        self.pending: list[dict[str, Any]] = []

    def field(self, path: str, current: Any, old: Any, new: Any) -> Any:
        if not _human(current):
            return copy.deepcopy(new) if new is not None else copy.deepcopy(current)
        new_value = new.get("value") if paths.is_field_value(new) else None
        old_value = old.get("value") if paths.is_field_value(old) else None
        if paths.is_field_value(new) and new_value != current.get("value") and new_value != old_value:
            self.pending.append({
                "path": path, "kind": "field", "current": current.get("value"),
                "current_status": current.get("status"), "previous_draft": old_value,
                "suggested": copy.deepcopy(new), "at": utcnow().isoformat(),
            })
        return copy.deepcopy(current)

    def item(self, prefix: str, current: dict, old: dict | None, new: dict | None) -> dict:
        old = old or {}
        new = new or {}
        out: dict[str, Any] = {}
        for key in list(new) + [k for k in current if k not in new]:
            cur_v, old_v, new_v = current.get(key), old.get(key), new.get(key)
            path = f"{prefix}.{key}" if prefix else key
            if paths.is_field_value(cur_v) or paths.is_field_value(new_v):
                out[key] = self.field(path, cur_v, old_v, new_v)
            elif isinstance(cur_v, list) or isinstance(new_v, list):
                out[key] = self.items(path, cur_v or [], old_v or [], new_v or [])
            elif isinstance(cur_v, dict) or isinstance(new_v, dict):
                out[key] = self.item(path, cur_v or {}, old_v if isinstance(old_v, dict) else {},
                                     new_v if isinstance(new_v, dict) else {})
            else:
                out[key] = copy.deepcopy(new_v if key in new else cur_v)
        return out

    def items(self, path: str, current: list, old: list, new: list) -> list:
        if len(current) != len(old):  # a lawyer added or removed items: their structure stands
            if new != old:
                self.pending.append({"path": path, "kind": "list", "current_count": len(current),
                                     "previous_draft_count": len(old), "suggested_count": len(new),
                                     "suggested": copy.deepcopy(new), "at": utcnow().isoformat()})
            return copy.deepcopy(current)
        out = []
        for i in range(max(len(current), len(new))):
            if i < len(current) and i < len(new):
                out.append(self.item(f"{path}[{i}]", current[i], old[i] if i < len(old) else None, new[i]))
            elif i < len(new):
                out.append(copy.deepcopy(new[i]))
            elif _holds_human(current[i]):
                out.append(copy.deepcopy(current[i]))
                self.pending.append({"path": f"{path}[{i}]", "kind": "removed_by_draft",
                                     "at": utcnow().isoformat()})
        return out


def merge_draft(current: dict[str, Any], old_draft: dict[str, Any], new_draft: dict[str, Any]
                ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The record after a pipeline re-run: the new draft wherever nobody decided, every human value kept.
    Returns (record, suggestions)."""
    merge = _Merge()
    merged = copy.deepcopy(new_draft)
    merged["case"] = merge.item("case", current.get("case") or {}, old_draft.get("case"), new_draft.get("case"))
    for container in ("defendants", "victims"):
        merged[container] = merge.items(container, current.get(container) or [],
                                        old_draft.get(container) or [], new_draft.get(container) or [])
    merged["entities"] = list(new_draft.get("entities") or []) + [
        copy.deepcopy(e) for e in current.get("entities") or [] if _human_source(e)]
    return merged, merge.pending


def _source_path(raw: str, batch_dir: Path) -> str:
    """The source file as this machine finds it: as written (relative to the current directory), else next
    to the batch; kept as written when it is nowhere (the view then shows the text)."""
    path = Path(raw)
    for candidate in (path, batch_dir / path, batch_dir.parent / path):
        if candidate.is_file():
            return str(candidate.resolve())
    return raw


def _document_row(doc: DocumentRow | None, doc_id: str, document: dict[str, Any], record: dict[str, Any],
                  batch_dir: Path) -> DocumentRow:
    prov = document.get("provenance") or {}
    src = record.get("source") or {}
    if doc is None:
        doc = DocumentRow(doc_id=doc_id, status="new", imported_at=utcnow())
    doc.source_path = _source_path(src.get("path") or prov.get("path") or "", batch_dir)
    doc.source_sha256 = src.get("sha256") or prov.get("sha256") or ""
    doc.source_format = src.get("format") or prov.get("format") or ""
    doc.language = document.get("language")
    doc.script = document.get("script")
    doc.page_count = len(document.get("pages") or [])
    doc.text = document.get("text") or ""
    doc.search_text = doc.text.casefold()
    doc.document = document
    doc.pipeline_version = record.get("pipeline_version")
    doc.model_uncertainty, doc.disagreements = learning_signals(record, doc.text)  # queue: active learning
    return doc


def _read(folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    with open(folder / "record.json", encoding="utf-8") as f:
        record = json.load(f)
    with open(folder / "document.json", encoding="utf-8") as f:
        document = json.load(f)
    if not isinstance(record, dict) or not isinstance(document, dict) or "case" not in record:
        raise ValueError("record.json or document.json is not in the pipeline's format")
    return record, document


def import_one(session: Session, folder: Path, batch_dir: Path, summary: ImportSummary) -> None:
    record, document = _read(folder)
    doc_id = str(record.get("document_id") or document.get("id") or folder.name)
    row = session.get(RecordRow, doc_id)
    if row is None:
        doc = _document_row(None, doc_id, document, record, batch_dir)
        session.add(doc)
        session.flush()
        row = RecordRow(doc_id=doc_id, version=1, record=copy.deepcopy(record), draft=record, pending=[],
                        updated_at=utcnow())
        session.add(row)
        refresh_document(doc, record)
        _audit(session, doc_id, None, "import", "", None, copy.deepcopy(record), None, None, 1, record)
        summary.added += 1
        return
    row = _lock(session, doc_id)
    doc = session.get(DocumentRow, doc_id)
    if row.draft == record and doc is not None and doc.document == document:
        summary.unchanged += 1
        return
    doc = _document_row(doc, doc_id, document, record, batch_dir)
    merged, suggestions = merge_draft(row.record, row.draft, record)
    keep = {p["path"]: p for p in row.pending or []}
    for s in suggestions:
        keep[s["path"]] = s
    # a suggestion whose field a lawyer no longer holds (or that now agrees) is settled
    pending = [p for p in keep.values() if p["kind"] != "field" or (
        _human(paths.get(merged, p["path"])) and paths.get(merged, p["path"])["value"] != p["suggested"]["value"])]
    row.draft = record
    row.pending = pending
    summary.suggestions += len(suggestions)
    if merged != row.record:
        row.version += 1
        row.record = merged
        row.updated_at = utcnow()
        _audit(session, doc_id, None, "draft", "", None, copy.deepcopy(merged), None,
               f"re-import: pipeline {record.get('pipeline_version')}", row.version, record)
    refresh_document(doc, row.record)
    summary.refreshed += 1


def import_batch(engine: sqlalchemy.Engine, batch_dir: Path | str) -> ImportSummary:
    """Load every ``<doc_id>/record.json`` + ``document.json`` of a batch folder (see the module docstring).
    Each verdict is its own transaction: one broken folder does not stop the rest."""
    batch_dir = Path(batch_dir)
    if not batch_dir.is_dir():
        raise FileNotFoundError(f"no batch folder {batch_dir}")
    summary = ImportSummary()
    for folder in sorted(p for p in batch_dir.iterdir() if p.is_dir() and (p / "record.json").is_file()):
        try:
            with Session(engine) as session, session.begin():
                import_one(session, folder, batch_dir, summary)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # the reason names the folder and the kind of problem only: never verdict text
            summary.failed.append((folder.name, type(exc).__name__))
            log.warning("import of %s failed: %s", folder.name, type(exc).__name__)
    return summary
