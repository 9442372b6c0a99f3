"""Everything an export needs about a batch of articles, in a handful of queries.

Exports stream: articles are read a batch at a time (a few hundred), each table with one
query over the batch, so memory stays flat and the query count does not grow with the
number of articles.
"""

from __future__ import annotations

import json
from collections import defaultdict, namedtuple
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import Session

from core.storage.bulk import driver_rows
from core.storage.models import (
    Annotator,
    Article,
    Entity,
    Event,
    EventArgument,
    Mention,
    Paragraph,
    Translation,
)

BATCH = 400


def _iso(column: Any, dialect: str) -> Any:
    """A timestamp as ISO 8601 text with microseconds (what ``datetime.isoformat`` gives),
    made by the database: no datetime objects are built only to be formatted again."""
    if dialect == "sqlite":  # SQLAlchemy stores "YYYY-MM-DD HH:MM:SS.ffffff"
        text = func.replace(column, " ", "T")
        return case((func.length(column) == 19, text + ".000000"), else_=text).label(column.key)
    return func.to_char(column, 'YYYY-MM-DD"T"HH24:MI:SS.US').label(column.key)


def _day(column: Any, dialect: str) -> Any:
    return column if dialect == "sqlite" else func.to_char(column, "YYYY-MM-DD").label(column.key)


def _columns(dialect: str) -> dict[str, tuple[Any, ...]]:
    iso = partial(_iso, dialect=dialect)
    return {
        "articles": (
            Article.id, Article.title, Article.source, Article.url,
            _day(Article.published, dialect), iso(Article.imported_at), Article.language,
            Article.languages, Article.text_format, Article.status, Article.notes,
            Article.labels, Article.text,
        ),
        "paragraphs": (
            Paragraph.article_id, Paragraph.id, Paragraph.index, Paragraph.start,
            Paragraph.end, Paragraph.language, Paragraph.boilerplate,
        ),
        "translations": (
            Paragraph.article_id, Paragraph.index, Translation.target_lang, Translation.text,
            Translation.provider, Translation.edited, iso(Translation.created_at),
            iso(Translation.updated_at),
        ),
        "mentions": (
            Mention.article_id, Mention.id, Mention.layer, Mention.start, Mention.end,
            Mention.label, Mention.text, Mention.entity_id, Mention.annotator_id,
            iso(Mention.created_at), iso(Mention.updated_at), Mention.review, Mention.origin,
        ),
        "events": (
            Event.article_id, Event.id, Event.type, Event.trigger_layer, Event.trigger_start,
            Event.trigger_end, Event.trigger_text, Event.attributes, Event.annotator_id,
            iso(Event.created_at), iso(Event.updated_at), Event.review, Event.origin,
        ),
        "arguments": (
            EventArgument.event_id, EventArgument.id, EventArgument.role,
            EventArgument.mention_id, EventArgument.annotator_id, iso(EventArgument.created_at),
        ),
        "entities": (Entity.id, Entity.canonical_name, Entity.type, Entity.aliases,
                     Entity.external_id),
    }  # fmt: skip


JSON_FIELDS = {"languages", "labels", "attributes", "aliases"}
BOOL_FIELDS = {"boilerplate", "edited"}


def _statements(dialect: str) -> dict[str, Any]:
    """One select per table, for the articles whose id is in ``:ids`` (an expanding list)
    or, with ``by_range``, between ``:lo`` and ``:hi``. Arguments and entities are found
    through their events and mentions, so every query is keyed by article."""
    columns = _columns(dialect)

    def keyed(column: Any, by_range: bool) -> Any:
        if by_range:
            return column.between(bindparam("lo"), bindparam("hi"))
        return column.in_(bindparam("ids", expanding=True))

    out: dict[str, Any] = {}
    for by_range in (True, False):
        tag = "range" if by_range else "list"
        out[f"articles/{tag}"] = select(*columns["articles"]).where(keyed(Article.id, by_range))
        out[f"paragraphs/{tag}"] = (
            select(*columns["paragraphs"])
            .where(keyed(Paragraph.article_id, by_range))
            .order_by(Paragraph.article_id, Paragraph.index)
        )
        out[f"translations/{tag}"] = (
            select(*columns["translations"])
            .join(Paragraph, Paragraph.id == Translation.paragraph_id)
            .where(keyed(Paragraph.article_id, by_range))
            .order_by(Paragraph.article_id, Translation.target_lang, Paragraph.index)
        )
        out[f"mentions/{tag}"] = (
            select(*columns["mentions"])
            .where(keyed(Mention.article_id, by_range))
            .order_by(Mention.article_id, Mention.layer, Mention.start, Mention.end,
                      Mention.label, Mention.id)
        )  # fmt: skip
        out[f"events/{tag}"] = (
            select(*columns["events"])
            .where(keyed(Event.article_id, by_range))
            .order_by(Event.article_id, Event.trigger_layer, Event.trigger_start,
                      Event.trigger_end, Event.type, Event.id)
        )  # fmt: skip
        out[f"arguments/{tag}"] = (
            select(Event.article_id, *columns["arguments"])
            .join(Event, Event.id == EventArgument.event_id)
            .where(keyed(Event.article_id, by_range))
            .order_by(EventArgument.event_id, EventArgument.id)
        )
        out[f"entities/{tag}"] = (
            select(*columns["entities"])
            .where(
                Entity.id.in_(
                    select(Mention.entity_id).where(
                        keyed(Mention.article_id, by_range), Mention.entity_id.is_not(None)
                    )
                )
            )
            .order_by(Entity.id)
        )
    return out


class _Queries:
    """Compiled once per export; run on the DB-API cursor."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect
        self.statements = _statements(self.dialect.name)
        self.compiled: dict[str, Any] = {}
        self.shapes: dict[str, Any] = {  # a named tuple per table, named as the columns
            key.split("/")[0]: namedtuple(key.split("/")[0], [c.key for c in stmt.selected_columns])
            for key, stmt in self.statements.items()
            if key.endswith("/range")
        }

    def _compiled(self, key: str) -> Any:
        if key not in self.compiled:
            self.compiled[key] = self.statements[key].compile(dialect=self.dialect)
        return self.compiled[key]

    def rows(self, name: str, chunk: list[int]) -> list[Any]:
        lo, hi = min(chunk), max(chunk)
        dense = hi - lo < 2 * len(chunk)  # the usual case: one range query
        compiled = self._compiled(f"{name}/{'range' if dense else 'list'}")
        state = compiled.construct_expanded_state({"lo": lo, "hi": hi} if dense else {"ids": chunk})
        params = state.positional_parameters if compiled.positional else state.parameters
        return _fetch(self.session, state.statement, params, self.shapes[name])


def _fetch(session: Session, sql: str, params: Any, shape: Any) -> list[Any]:
    """Rows as plain named tuples, straight from the DB-API cursor (for a million mentions
    SQLAlchemy's row handling costs more than the query), JSON and booleans decoded as the
    ORM would."""
    rows = driver_rows(session, sql, params)
    fields = shape._fields
    json_at = [i for i, f in enumerate(fields) if f in JSON_FIELDS]
    bool_at = [i for i, f in enumerate(fields) if f in BOOL_FIELDS]
    if not json_at and not bool_at:
        return list(map(shape._make, rows))
    out = []
    for row in rows:
        values = list(row)
        for i in json_at:
            if isinstance(values[i], str):
                values[i] = json.loads(values[i])
        for i in bool_at:
            values[i] = bool(values[i])
        out.append(shape._make(values))
    return out


@dataclass
class Batch:
    """Rows for some articles, grouped by article (or event, for arguments), in id order."""

    articles: list[Any]
    paragraphs: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    translations: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    mentions: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    events: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    arguments: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    entities: dict[int, Any] = field(default_factory=dict)


def annotator_names(session: Session) -> dict[int, str]:
    return {int(i): str(n) for i, n in session.execute(select(Annotator.id, Annotator.name))}


def batches(session: Session, article_ids: Iterable[int], size: int = BATCH) -> Iterator[Batch]:
    """Batches of articles in the order given; missing ids are skipped."""
    queries = _Queries(session)
    ids = list(article_ids)
    for at in range(0, len(ids), size):
        yield load(queries, ids[at : at + size])


def load(queries: _Queries, chunk: list[int]) -> Batch:
    wanted = set(chunk)
    found = {row.id: row for row in queries.rows("articles", chunk) if row.id in wanted}
    batch = Batch([found[i] for i in chunk if i in found])
    for name, group in (
        ("paragraphs", batch.paragraphs),
        ("translations", batch.translations),
        ("mentions", batch.mentions),
        ("events", batch.events),
    ):
        for row in queries.rows(name, chunk):
            if row.article_id in wanted:
                group[row.article_id].append(row)
    for row in queries.rows("arguments", chunk):
        if row.article_id in wanted:
            batch.arguments[row.event_id].append(row)
    if any(row.entity_id for rows in batch.mentions.values() for row in rows):
        batch.entities = {row.id: row for row in queries.rows("entities", chunk)}
    return batch
