"""SQLite's search index merges its segments 16 at a time (crisis merges at 64) instead of
8 (and 16): a large import builds the index with about a tenth less work, and queries are
as fast (measured on 100,000 articles; docs/benchmarks.md). PostgreSQL: nothing to do.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _set(automerge: int, crisismerge: int) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for key, value in (("automerge", automerge), ("crisismerge", crisismerge)):
        op.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES ('{key}', {value})")


def upgrade() -> None:
    _set(16, 64)


def downgrade() -> None:
    _set(8, 16)  # 16: FTS5's own crisis-merge default
