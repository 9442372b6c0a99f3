"""An id names one row forever (SQLite ``AUTOINCREMENT``) in every table whose rows an undo
puts back with the ids they had: articles with their paragraphs and translations, tags,
events and their arguments, entities, rejected suggestions.

SQLite gave the id of a deleted newest row to the next row made: undoing the deletion of the
newest article after an import failed ("UNIQUE constraint failed"), and undoing a tag could
remove another window's tag that had been given the same id. Each table is made again by
SQLite's own procedure (new table, rows copied, old one dropped, renamed; its indexes and
triggers made again) with foreign keys off (see env.py). PostgreSQL's sequences never give
an id twice: nothing to do there.

Revision ID: 0014
Revises: 0013
"""

import re
from collections.abc import Callable

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TABLES = (
    "articles", "paragraphs", "translations", "entities", "mentions", "events",
    "event_arguments", "rejected_suggestions",
)  # fmt: skip
KEY = re.compile(r"\(\s*id INTEGER NOT NULL,")
KEY_CONSTRAINT = re.compile(r"PRIMARY KEY \(id\),\s*|,\s*PRIMARY KEY \(id\)(?=\s*\)\s*$)")
PLAIN = re.compile(r"\bid INTEGER NOT NULL PRIMARY KEY,")
AUTO = re.compile(r"\bid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,")


def _one(pattern: re.Pattern[str], replacement: str, sql: str) -> str:
    changed, count = pattern.subn(replacement, sql)
    if count != 1:
        raise RuntimeError(f"unexpected table definition (no single {pattern.pattern!r}): {sql}")
    return changed


def _autoincrement(sql: str) -> str:
    if PLAIN.search(sql):  # as this migration's downgrade left it
        return _one(PLAIN, "id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", sql)
    sql = _one(KEY_CONSTRAINT, "", sql)
    return _one(KEY, "(\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", sql)


def _plain(sql: str) -> str:
    return _one(AUTO, "id INTEGER NOT NULL PRIMARY KEY,", sql)


def _make_again(table: str, change: Callable[[str], str]) -> None:
    conn = op.get_bind()
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    extras = (
        conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger')"
            " AND sql IS NOT NULL ORDER BY rowid",
            (table,),
        )
        .scalars()
        .all()
    )
    head = re.compile(rf'^CREATE TABLE "?{table}"? \(')
    made = _one(head, f'CREATE TABLE "{table}_again" (', change(sql))
    conn.exec_driver_sql(made)
    conn.exec_driver_sql(f'INSERT INTO "{table}_again" SELECT * FROM "{table}"')
    conn.exec_driver_sql(f'DROP TABLE "{table}"')
    conn.exec_driver_sql(f'ALTER TABLE "{table}_again" RENAME TO "{table}"')
    for statement in extras:
        conn.exec_driver_sql(statement)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        _make_again(table, _autoincrement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        _make_again(table, _plain)
    op.execute("DELETE FROM sqlite_sequence")
