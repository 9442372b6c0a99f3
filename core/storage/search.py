"""Full-text search: SQLite FTS5 on the embedded default, tsvector/GIN on PostgreSQL.

The user's words are turned into a safe query: bare words are ANDed, "quoted phrases" are
kept, a trailing * asks for a prefix. Accents are ignored ("Kyïv" finds "Kyiv"): FTS5
removes diacritics on SQLite, a folding function does on PostgreSQL.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from core.storage.models import Article

_TERMS = re.compile(r'"([^"]+)"|(\S+)')
_WORD = re.compile(r"\w+\*?")
# gloss_fold (migration 0003) folds case and accents: the index is over the same expression.
PG_DOCUMENT = (
    "to_tsvector('simple', gloss_fold(coalesce(articles.title, '') || ' ' || articles.text))"
)


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


MIN_TYPED = 3  # letters: a shorter beginning finds too much to help, and slowly
_TYPING = re.compile(r"\w+$")


def as_typed(query: str) -> str:
    """A search still being typed (the app's search box): its last word, when it has
    :data:`MIN_TYPED` letters or more, also finds the longer words it begins ("dro" finds
    "drones", "Kher" Kherson). A space, a quote or punctuation after it ends the word."""
    typing = _TYPING.search(query)
    if typing is None or len(typing.group()) < MIN_TYPED or query.count('"') % 2:
        return query
    return query + "*"


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


RANKED_MAX = 5000  # above this many matches, ranking costs more than it tells: newest first


_FTS = table("articles_fts", column("rowid"), column("rank"))


def count_matches(session: Session, query: str, cap: int | None = None) -> int:
    """How many articles match (counting stops at ``cap``: cheap even for common words)."""
    dialect = session.get_bind().dialect.name
    limit = f" LIMIT {int(cap)}" if cap is not None else ""
    if dialect == "sqlite":
        inner = f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q{limit}"
        params = {"q": fts5_query(query)}
    elif dialect == "postgresql":
        inner = (
            f"SELECT id FROM articles WHERE {PG_DOCUMENT} @@ "
            f"to_tsquery('simple', gloss_fold(:q)){limit}"
        )
        params = {"q": pg_query(query)}
    else:
        stmt = apply(select(Article.id), session, query, ranked=False)
        return len(session.scalars(stmt.limit(cap)).all())
    return int(session.execute(text(f"SELECT count(*) FROM ({inner}) AS m"), params).scalar() or 0)


def apply(
    stmt: Select[Any], session: Session, query: str, ranked: bool | None = None
) -> Select[Any]:
    """Restrict an article select to matches of ``query``.

    Focused queries (at most :data:`RANKED_MAX` matches) come best match first; broad ones
    newest first, because ranking every article of a large library would take too long.
    """
    if not terms(query):
        return stmt.where(literal_column("1") == 0)
    if ranked is None:
        ranked = count_matches(session, query, cap=RANKED_MAX + 1) <= RANKED_MAX
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        match = text("articles_fts MATCH :q").bindparams(q=fts5_query(query))
        stmt = stmt.join(_FTS, _FTS.c.rowid == Article.id).where(match)
        # Newest first walks the index backwards and stops at the LIMIT.
        return stmt.order_by(_FTS.c.rank if ranked else _FTS.c.rowid.desc())
    if dialect == "postgresql":
        document: ColumnElement[Any] = literal_column(PG_DOCUMENT)
        tsquery = func.to_tsquery("simple", func.gloss_fold(pg_query(query)))
        stmt = stmt.where(document.op("@@")(tsquery))
        if ranked:
            return stmt.order_by(func.ts_rank(document, tsquery).desc())
        return stmt.order_by(Article.id.desc())
    clauses: list[ColumnElement[bool]] = []
    for term, _prefix in terms(query):
        clauses.append(or_(Article.title.ilike(f"%{term}%"), Article.text.ilike(f"%{term}%")))
    return stmt.where(*clauses).order_by(Article.id.desc())
