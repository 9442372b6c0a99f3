"""Articles, paragraphs, translations, translation cache and full-text search.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id',
        tokenize="unicode61 remove_diacritics 2")""",
    # Merge index segments less eagerly: a quarter less work per imported article, and
    # queries stay fast (measured in benchmarks/).
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8)",
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
]

POSTGRES_FTS = (
    "CREATE INDEX ix_articles_fts ON articles USING GIN "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || text))"
)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(500), nullable=False, server_default=""),
        sa.Column("source", sa.String(500), nullable=False, server_default=""),
        sa.Column("url", sa.String(2000), nullable=False, server_default=""),
        sa.Column("published", sa.Date, nullable=True),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("simhash", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column(
            "near_duplicate_of",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("language", sa.String(16), nullable=False, server_default="und"),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("text_format", sa.String(16), nullable=False, server_default="txt"),
        sa.Column("origin", sa.String(2000), nullable=False, server_default=""),
        sa.Column("status", sa.String(32), nullable=False, server_default="new"),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("labels", sa.JSON, nullable=False),
    )
    op.create_index("ix_articles_status", "articles", ["status"])
    op.create_index("ix_articles_language", "articles", ["language"])
    op.create_index("ix_articles_published", "articles", ["published"])

    op.create_table(
        "paragraphs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("index", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("language", sa.String(16), nullable=False, server_default="und"),
        sa.Column("boilerplate", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("article_id", "index", name="uq_paragraph_index"),
    )

    op.create_table(
        "translations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "paragraph_id",
            sa.Integer,
            sa.ForeignKey("paragraphs.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("target_lang", sa.String(16), nullable=False),
        sa.Column("provider", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("edited", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("paragraph_id", "target_lang", name="uq_translation_paragraph_lang"),
    )

    op.create_table(
        "translation_cache",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("provider", sa.String(64), nullable=False),
        sa.Column("source_lang", sa.String(16), nullable=False),
        sa.Column("target_lang", sa.String(16), nullable=False),
        sa.Column("translated", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint(
            "text_hash", "provider", "source_lang", "target_lang", name="uq_translation_cache_key"
        ),
    )

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(POSTGRES_FTS)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in ("translation_cache", "translations", "paragraphs", "articles"):
        op.drop_table(table)
