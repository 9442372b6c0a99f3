"""The library's article list: filters, sorting, search, and the rows the table shows."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, cast, exists, func, literal_column, select, text
from sqlalchemy.orm import Session

from core.articles import SUMMARY_COLUMNS, article_summary
from core.storage import search
from core.storage.bulk import select_rows
from core.storage.models import Annotator, Article, Event, Mention, Paragraph, Translation

SORT_KEYS = (
    "id",
    "title",
    "source",
    "published",
    "languages",
    "status",
    "annotations",
    "translated",
)


@dataclass
class ArticleFilter:
    search: str = ""
    search_typed: bool = False  # the search box's text, its last word still being typed
    language: str = ""
    status: str = ""
    translated: bool | None = None  # None: either
    label: str = ""  # a document label
    published_from: dt.date | None = None  # publication date range, both ends included
    published_to: dt.date | None = None
    annotator: str = ""  # articles with a mention or an event by this annotator
    sort: str = ""  # one of SORT_KEYS; "" is relevance when searching, else import order
    descending: bool = False
    limit: int | None = None
    offset: int = 0

    def narrowed(self) -> bool:
        """Whether anything besides the search leaves articles out (language, status,
        translation, label, annotator, dates)."""
        return bool(
            self.language or self.status or self.label or self.annotator
            or self.translated is not None or self.published_from or self.published_to
        )  # fmt: skip


def _has_translation() -> Any:
    return (
        exists()
        .where(Paragraph.article_id == Article.id)
        .where(Translation.paragraph_id == Paragraph.id)
    )


def _sort_column(key: str) -> Any:
    if key == "annotations":
        mentions = select(func.count(Mention.id)).where(Mention.article_id == Article.id)
        events = select(func.count(Event.id)).where(Event.article_id == Article.id)
        return mentions.scalar_subquery() + events.scalar_subquery()
    if key == "translated":
        return _has_translation()
    if key == "languages":
        return Article.language
    return getattr(Article, key)


def filtered_ids(session: Session, flt: ArticleFilter) -> list[int]:
    """Article ids matching ``flt``: by relevance when searching, else in import order."""
    stmt: Select[Any] = select(Article.id)
    if flt.status:
        stmt = stmt.where(Article.status == flt.status)
    if flt.language:
        stmt = stmt.where(
            exists().where(Paragraph.article_id == Article.id, Paragraph.language == flt.language)
        )
    if flt.label:
        # Labels are a JSON list of strings: match the quoted label in its text.
        quoted = json.dumps(flt.label)
        stmt = stmt.where(cast(Article.labels, String).contains(quoted, autoescape=True))
    if flt.published_from is not None:
        stmt = stmt.where(Article.published >= flt.published_from)
    if flt.published_to is not None:
        stmt = stmt.where(Article.published <= flt.published_to)
    if flt.annotator:
        who = select(Annotator.id).where(Annotator.name == flt.annotator).scalar_subquery()
        stmt = stmt.where(
            exists().where(Mention.article_id == Article.id, Mention.annotator_id == who)
            | exists().where(Event.article_id == Article.id, Event.annotator_id == who)
        )
    if flt.translated is not None:
        has = _has_translation()
        stmt = stmt.where(has if flt.translated else ~has)
    if flt.search.strip():
        query = search.as_typed(flt.search) if flt.search_typed else flt.search
        stmt = search.apply(stmt, session, query)
    if flt.sort in SORT_KEYS:
        column = _sort_column(flt.sort)
        stmt = stmt.order_by(None).order_by(
            column.desc() if flt.descending else column.asc(),
            Article.id.desc() if flt.descending else Article.id.asc(),
        )
    elif not flt.search.strip():
        stmt = stmt.order_by(Article.id)
    plain = not (flt.search.strip() or flt.narrowed())
    if plain and flt.sort in ("", "id") and session.get_bind().dialect.name == "sqlite":
        # SQLite would walk the whole table (article texts included) to list the ids; the
        # small status index holds every id too and is several times faster to scan.
        ident: Any = literal_column("id")
        stmt = (
            select(ident)
            .select_from(text("articles INDEXED BY ix_articles_status"))
            .order_by(ident.desc() if flt.descending else ident)
        )
    if flt.limit is not None:
        stmt = stmt.limit(flt.limit)
    if flt.offset:
        stmt = stmt.offset(flt.offset)
    return _fetch_ints(session, stmt)


def _fetch_ints(session: Session, stmt: Select[Any]) -> list[int]:
    """A one-column select on the driver's cursor: for 100,000 ids, SQLAlchemy's per-row
    result handling would cost more than the query itself."""
    return [row[0] for row in select_rows(session, stmt)]


def list_articles(session: Session, flt: ArticleFilter) -> list[dict[str, Any]]:
    ids = filtered_ids(session, flt)
    if not ids:
        return []
    order = {article_id: n for n, article_id in enumerate(ids)}
    rows: list[Any] = []
    for chunk in range(0, len(ids), 900):
        part = ids[chunk : chunk + 900]
        rows.extend(session.execute(select(*SUMMARY_COLUMNS).where(Article.id.in_(part))))
    rows.sort(key=lambda a: order[a.id])
    return [article_summary(a) for a in rows]


def labels_in_library(session: Session) -> list[str]:
    found: set[str] = set()
    for labels in session.scalars(
        select(Article.labels).where(cast(Article.labels, String) != "[]")
    ):
        found.update(labels or [])
    return sorted(found)


def languages_in_library(session: Session) -> list[str]:
    return sorted(set(session.scalars(select(Paragraph.language).distinct())) - {"und"})


def count_articles(session: Session) -> int:
    return int(session.scalar(select(func.count(Article.id))) or 0)


def published_span(session: Session) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest publication dates in the library (None when no article has one)."""
    first, last = session.execute(
        select(func.min(Article.published), func.max(Article.published))
    ).one()
    return (first, last) if first is not None and last is not None else None


def row_summaries(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """What the library table shows for each id: summary plus annotation and translation counts."""
    if not ids:
        return {}
    mention_counts = (
        select(Mention.article_id, func.count(Mention.id).label("n"))
        .where(Mention.article_id.in_(ids))
        .group_by(Mention.article_id)
    )
    event_counts = (
        select(Event.article_id, func.count(Event.id).label("n"))
        .where(Event.article_id.in_(ids))
        .group_by(Event.article_id)
    )
    translated = (
        select(Paragraph.article_id)
        .join(Translation, Translation.paragraph_id == Paragraph.id)
        .where(Paragraph.article_id.in_(ids))
        .distinct()
    )
    annotations: dict[int, int] = defaultdict(int)
    for article_id, n in session.execute(mention_counts):
        annotations[article_id] += n
    for article_id, n in session.execute(event_counts):
        annotations[article_id] += n
    has_translation = set(session.scalars(translated))
    out: dict[int, dict[str, Any]] = {}
    for article in session.execute(select(*SUMMARY_COLUMNS).where(Article.id.in_(ids))):
        row = article_summary(article)
        row["annotations"] = annotations.get(article.id, 0)
        row["translated"] = article.id in has_translation
        out[article.id] = row
    return out


def status_counts(session: Session) -> dict[str, int]:
    """How many articles have each status."""
    rows = session.execute(select(Article.status, func.count(Article.id)).group_by(Article.status))
    return {status: int(n) for status, n in rows}


def first_not_in(session: Session, ids: list[int], statuses: set[str]) -> int | None:
    """The first of ``ids`` (in their order) whose status is none of ``statuses``: read a
    few hundred at a time, so finding the next article to work on is quick in any list."""
    for at in range(0, len(ids), 500):
        chunk = ids[at : at + 500]
        found = dict(
            session.execute(select(Article.id, Article.status).where(Article.id.in_(chunk))).all()
        )
        for article_id in chunk:
            if article_id in found and found[article_id] not in statuses:
                return article_id
    return None
