"""Active learning: the queue can put first the verdicts the trained field models are least sure about
(``model_uncertainty``) and those where rules and model disagree (``disagreements``), both set on import.

Plain ADD COLUMN (no table rebuild), so migration 0003's full-text triggers stay as they are.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("model_uncertainty", sa.Float(), nullable=True))
    op.add_column("documents", sa.Column("disagreements", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("documents", "disagreements")
    op.drop_column("documents", "model_uncertainty")
