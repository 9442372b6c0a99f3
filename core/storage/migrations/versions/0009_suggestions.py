"""Suggestions: where an accepted tag or event came from (``origin``: "suggested by
gazetteer"), and the suggestions a person rejected (never proposed again for that span).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("mentions", "events"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("origin", sa.String(64), nullable=False, server_default=""))
    op.create_table(
        "rejected_suggestions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("layer", sa.String(32), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("article_id", "layer", "start", "end", "label", name="uq_rejected"),
    )


def downgrade() -> None:
    op.drop_table("rejected_suggestions")
    for table in ("mentions", "events"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("origin")
