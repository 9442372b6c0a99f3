"""The entity registry: an optional external id per entity (e.g. a Wikidata QID), the
folded names each entity answers to (``search_key``, for search and link proposals), and an
index from mentions to their entity (counts per entity, merges).

Revision ID: 0007
Revises: 0006
"""

import json

import sqlalchemy as sa
from alembic import op

from core.text.fold import names_key

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(
            sa.Column("external_id", sa.String(200), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("search_key", sa.Text, nullable=False, server_default="\n"))
    op.create_index("ix_mentions_entity", "mentions", ["entity_id", "article_id"])
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, canonical_name, aliases FROM entities")).all()
    for ident, name, raw in rows:
        aliases = json.loads(raw) if isinstance(raw, str) else list(raw or [])
        conn.execute(
            sa.text("UPDATE entities SET search_key = :k WHERE id = :i"),
            {"k": names_key([name, *aliases]), "i": ident},
        )


def downgrade() -> None:
    op.drop_index("ix_mentions_entity", "mentions")
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("search_key")
        batch.drop_column("external_id")
