"""PostgreSQL search ignores accents, as SQLite's does ("Kyiv" finds "Kyïv").

The unaccent extension needs a superuser; an immutable SQL function (which the database
owner can create) folds case and the accents of Latin letters instead, and the full-text
index is rebuilt over the folded text. SQLite: nothing to do (FTS5 removes diacritics).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ACCENTED = "àáâãäåāăąçćčďđèéêëēėęěìíîïīįıĺľłñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿźżž"
PLAIN = "aaaaaaaaacccddeeeeeeeeiiiiiiilllnnnoooooooorrsssttuuuuuuuuyyzzz"
assert len(ACCENTED) == len(PLAIN)

FOLD = f"""
CREATE OR REPLACE FUNCTION gloss_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT replace(replace(replace(
    translate(lower(value), '{ACCENTED}', '{PLAIN}'),
    'œ', 'oe'), 'æ', 'ae'), 'ß', 'ss')
$$
"""
FOLDED_INDEX = (
    "CREATE INDEX ix_articles_fts ON articles USING GIN "
    "(to_tsvector('simple', gloss_fold(coalesce(title, '') || ' ' || text)))"
)
PLAIN_INDEX = (
    "CREATE INDEX ix_articles_fts ON articles USING GIN "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || text))"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FOLD)
    op.execute("DROP INDEX IF EXISTS ix_articles_fts")
    op.execute(FOLDED_INDEX)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_articles_fts")
    op.execute(PLAIN_INDEX)
    op.execute("DROP FUNCTION IF EXISTS gloss_fold(text)")
