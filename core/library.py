"""Reading the library: article lists (with filters and search) and whole articles as JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, cast, exists, func, literal_column, select, text
from sqlalchemy.orm import Session

from core import search
from core.bulk import select_rows
from core.models import (
    Annotator,
    Article,
    Event,
    EventArgument,
    Mention,
    Paragraph,
    Translation,
)


class NotFound(LookupError):
    pass


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


SUMMARY_COLUMNS = (
    Article.id,
    Article.title,
    Article.source,
    Article.url,
    Article.language,
    Article.languages,
    Article.published,
    Article.status,
    Article.imported_at,
    Article.near_duplicate_of,
)


def paragraph_dict(p: Paragraph) -> dict[str, Any]:
    return {
        "index": p.index,
        "start": p.start,
        "end": p.end,
        "language": p.language,
        "boilerplate": p.boilerplate,
    }


def article_summary(article: Any) -> dict[str, Any]:
    """The list fields of an article (an ORM object or a row of SUMMARY_COLUMNS)."""
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "language": article.language,
        "languages": list(article.languages or []),
        "published": article.published.isoformat() if article.published else None,
        "status": article.status,
        "imported_at": article.imported_at.isoformat(timespec="seconds"),
        "near_duplicate_of": article.near_duplicate_of,
    }


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
        stmt = search.apply(stmt, session, flt.search)
    if flt.sort in SORT_KEYS:
        column = _sort_column(flt.sort)
        stmt = stmt.order_by(None).order_by(
            column.desc() if flt.descending else column.asc(),
            Article.id.desc() if flt.descending else Article.id.asc(),
        )
    elif not flt.search.strip():
        stmt = stmt.order_by(Article.id)
    plain = not (
        flt.search.strip() or flt.language or flt.status or flt.label or flt.annotator
        or flt.translated is not None or flt.published_from or flt.published_to
    )  # fmt: skip
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


def reader_data(session: Session, article_id: int, target: str) -> dict[str, Any]:
    """What the reader shows: the article, its paragraphs and their translations."""
    summary = session.execute(
        select(*SUMMARY_COLUMNS, Article.text, Article.text_format).where(Article.id == article_id)
    ).first()
    if summary is None:
        raise NotFound(f"no article with id {article_id}")
    text = summary.text
    rows = session.execute(
        select(
            Paragraph.index,
            Paragraph.start,
            Paragraph.end,
            Paragraph.language,
            Paragraph.boilerplate,
            Translation.text,
            Translation.provider,
            Translation.edited,
        )
        .outerjoin(
            Translation,
            (Translation.paragraph_id == Paragraph.id) & (Translation.target_lang == target),
        )
        .where(Paragraph.article_id == article_id)
        .order_by(Paragraph.index)
    ).all()
    extra = session.execute(
        select(Article.notes, Article.labels).where(Article.id == article_id)
    ).one()
    return {
        **article_summary(summary),
        "notes": extra.notes,
        "labels": list(extra.labels or []),
        "text_format": summary.text_format,
        "paragraphs": [
            {
                "index": r[0],
                "text": text[r[1] : r[2]],
                "start": r[1],
                "end": r[2],
                "language": r[3],
                "boilerplate": r[4],
                "translation": r[5],
                "provider": r[6],
                "edited": bool(r[7]),
            }
            for r in rows
        ],
    }


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


def article_detail(session: Session, article_id: int) -> dict[str, Any]:
    """Everything about one article, in the shape of ``gloss show ID --json``."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"no article with id {article_id}")
    paragraphs = list(
        session.scalars(
            select(Paragraph).where(Paragraph.article_id == article_id).order_by(Paragraph.index)
        )
    )
    index_of = {p.id: p.index for p in paragraphs}
    translations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for tr in session.scalars(
        select(Translation)
        .join(Paragraph, Paragraph.id == Translation.paragraph_id)
        .where(Paragraph.article_id == article_id)
        .order_by(Translation.target_lang, Paragraph.index)
    ):
        translations[tr.target_lang].append(
            {
                "index": index_of[tr.paragraph_id],
                "text": tr.text,
                "provider": tr.provider,
                "edited": tr.edited,
            }
        )
    mentions = list(
        session.scalars(
            select(Mention)
            .where(Mention.article_id == article_id)
            .order_by(Mention.layer, Mention.start, Mention.end, Mention.id)
        )
    )
    detail = article_summary(article)
    detail.update(
        {
            "notes": article.notes,
            "labels": list(article.labels or []),
            "text_format": article.text_format,
            "origin": article.origin,
            "text": article.text,
            "paragraphs": [paragraph_dict(p) for p in paragraphs],
            "translations": dict(translations),
            "entities": [
                {
                    "id": m.id,
                    "start": m.start,
                    "end": m.end,
                    "label": m.label,
                    "text": m.text,
                    "layer": m.layer,
                    "entity_id": m.entity_id,
                    "review": m.review,
                }
                for m in mentions
            ],
            "events": article_events(session, article_id),
        }
    )
    return detail


def article_fields(session: Session, article_id: int) -> dict[str, Any] | None:
    """What a person sets on an article while reading it: status, labels, notes."""
    row = session.execute(
        select(Article.status, Article.labels, Article.notes).where(Article.id == article_id)
    ).first()
    if row is None:
        return None
    return {"status": row.status, "labels": list(row.labels or []), "notes": row.notes}


def review_lines(detail: dict[str, Any]) -> list[str]:
    """The tags and events of an article (as :func:`article_detail` gives it) that need a
    person's look, one line each with the reason (their words left a translation that
    changed after tagging)."""
    return [
        *(f"tag {m['label']} “{m['text']}” ({m['layer']}): {m['review']}"
          for m in detail["entities"] if m["review"]),
        *(f"event {e['type']} “{e['trigger']['text']}” ({e['trigger']['layer']}): {e['review']}"
          for e in detail["events"] if e["review"]),
    ]  # fmt: skip


def article_events(session: Session, article_id: int) -> list[dict[str, Any]]:
    """The article's events as in ``gloss show --json``."""
    connection = session.connection()
    events = connection.execute(
        select(
            Event.id,
            Event.type,
            Event.trigger_start,
            Event.trigger_end,
            Event.trigger_text,
            Event.trigger_layer,
            Event.attributes,
            Event.review,
        )
        .where(Event.article_id == article_id)
        .order_by(Event.id)
    ).all()
    arguments: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if events:
        for event_id, role, mention_id in connection.execute(
            select(EventArgument.event_id, EventArgument.role, EventArgument.mention_id)
            .join(Event, Event.id == EventArgument.event_id)
            .where(Event.article_id == article_id)
            .order_by(EventArgument.id)
        ):
            arguments[event_id].append({"role": role, "mention_id": mention_id})
    return [
        {
            "id": e.id,
            "type": e.type,
            "trigger": {
                "start": e.trigger_start,
                "end": e.trigger_end,
                "text": e.trigger_text,
                "layer": e.trigger_layer,
            },
            "arguments": arguments[e.id],
            "attributes": dict(e.attributes or {}),
            "review": e.review,
        }
        for e in events
    ]


def mentions_by_id(session: Session, ids: set[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    wanted = sorted(ids)
    for chunk in range(0, len(wanted), 900):
        for m in session.execute(
            select(
                Mention.id, Mention.start, Mention.end, Mention.label, Mention.text, Mention.layer
            ).where(Mention.id.in_(wanted[chunk : chunk + 900]))
        ):
            out[m.id] = dict(m._mapping)
    return out


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
