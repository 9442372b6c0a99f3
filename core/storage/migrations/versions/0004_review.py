"""Tags that need review: a translation edited after tagging can take a tag's words away.

Adds ``review`` (why a tag needs a person's look; empty when it does not) to mentions and
events, and flags the translation tags already stale in an existing library (text no longer
at their offsets) instead of leaving them silently misplaced.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STALE = "the translation changed after tagging: check this tag"


def upgrade() -> None:
    for table in ("mentions", "events"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("review", sa.String(300), nullable=False, server_default=""))
    conn = op.get_bind()
    layers: dict[tuple[int, str], str] = {}

    def layer(article_id: int, name: str) -> str:
        key = (article_id, name)
        if key not in layers:
            lang = name.partition(":")[2]
            rows = conn.execute(
                sa.text(
                    "SELECT t.text FROM paragraphs p LEFT JOIN translations t "
                    "ON t.paragraph_id = p.id AND t.target_lang = :lang "
                    'WHERE p.article_id = :a ORDER BY p."index"'
                ),
                {"lang": lang, "a": article_id},
            ).all()
            layers[key] = "\n\n".join(text or "" for (text,) in rows)
        return layers[key]

    for table, cols in (
        ("mentions", ("layer", "start", '"end"', "text")),
        ("events", ("trigger_layer", "trigger_start", "trigger_end", "trigger_text")),
    ):
        rows = conn.execute(
            sa.text(
                f"SELECT id, article_id, {', '.join(cols)} FROM {table} "
                f"WHERE {cols[0]} LIKE 'translation:%'"
            )
        ).all()
        stale = [row[0] for row in rows if layer(row[1], row[2])[row[3] : row[4]] != row[5]]
        for ident in stale:
            conn.execute(
                sa.text(f"UPDATE {table} SET review = :r WHERE id = :i"), {"r": STALE, "i": ident}
            )


def downgrade() -> None:
    for table in ("mentions", "events"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("review")
