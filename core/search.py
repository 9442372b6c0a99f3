"""Full-text search: SQLite FTS5 on the embedded default, tsvector/GIN on PostgreSQL.

The user's words are turned into a safe query: bare words are ANDed, "quoted phrases" are
kept, a trailing * asks for a prefix. Accents are ignored on SQLite ("Kyïv" finds "Kyiv").
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, or_, text

from core.models import Article

_TERMS = re.compile(r'"([^"]+)"|(\S+)')
_WORD = re.compile(r"\w+\*?")
PG_DOCUMENT = "to_tsvector('simple', coalesce(articles.title, '') || ' ' || articles.text)"


def terms(query: str) -> list[tuple[str, bool]]:
    """``[(term, is_prefix)]``: phrases whole, words split on non-word characters."""
    out: list[tuple[str, bool]] = []
    for phrase, bare in _TERMS.findall(query):
        if phrase:
            words = re.findall(r"\w+", phrase)
            if words:
                out.append((" ".join(words), False))
            continue
        for word in _WORD.findall(bare):
            out.append((word.rstrip("*"), word.endswith("*")))
    return out


def fts5_query(query: str) -> str:
    parts = []
    for term, prefix in terms(query):
        quoted = '"' + term.replace('"', '""') + '"'
        parts.append(quoted + ("*" if prefix else ""))
    return " ".join(parts)


def pg_query(query: str) -> str:
    parts = []
    for term, prefix in terms(query):
        words = term.split()
        piece = " <-> ".join(words)
        parts.append(piece + (":*" if prefix else ""))
    return " & ".join(parts)


def apply(stmt: Select[Any], dialect: str, query: str) -> Select[Any]:
    """Restrict an article select to matches of ``query``, best matches first."""
    if not terms(query):
        return stmt.where(literal_column("1") == 0)
    if dialect == "sqlite":
        fts = text(
            "SELECT rowid AS id, rank AS score FROM articles_fts WHERE articles_fts MATCH :q"
        ).bindparams(q=fts5_query(query))
        sub = fts.columns(literal_column("id"), literal_column("score")).subquery("fts")
        return stmt.join(sub, sub.c.id == Article.id).order_by(sub.c.score)
    if dialect == "postgresql":
        document: ColumnElement[Any] = literal_column(PG_DOCUMENT)
        tsquery = func.to_tsquery("simple", pg_query(query))
        return stmt.where(document.op("@@")(tsquery)).order_by(
            func.ts_rank(document, tsquery).desc()
        )
    clauses: list[ColumnElement[bool]] = []
    for term, _prefix in terms(query):
        clauses.append(or_(Article.title.ilike(f"%{term}%"), Article.text.ilike(f"%{term}%")))
    return stmt.where(*clauses)
