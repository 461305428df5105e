"""SQLite: a trigram full-text index over the queue's search (case number and parties, then the text), kept
by triggers, so a search of 10,000 verdicts reads the index instead of every row. PostgreSQL keeps the
plain LIKE over ``search_text`` (no extension is required of a team server).

The virtual table's rowid is the document's rowid. A later migration that rebuilds ``documents`` with
batch_alter_table must create these triggers again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 18:35:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STATEMENTS = [
    "CREATE VIRTUAL TABLE document_search USING fts5(meta, body, tokenize='trigram')",
    "INSERT INTO document_search(rowid, meta, body) SELECT rowid, parties, search_text FROM documents",
    """CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
         INSERT INTO document_search(rowid, meta, body) VALUES (new.rowid, new.parties, new.search_text);
       END""",
    """CREATE TRIGGER documents_search_update AFTER UPDATE OF parties, search_text ON documents BEGIN
         DELETE FROM document_search WHERE rowid = old.rowid;
         INSERT INTO document_search(rowid, meta, body) VALUES (new.rowid, new.parties, new.search_text);
       END""",
    """CREATE TRIGGER documents_search_delete AFTER DELETE ON documents BEGIN
         DELETE FROM document_search WHERE rowid = old.rowid;
       END""",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in ("documents_search_insert", "documents_search_update", "documents_search_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS document_search")
