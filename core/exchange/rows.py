"""Everything an export needs about a batch of articles, in a handful of queries.

Exports stream: articles are read a batch at a time (a few hundred), each table with one
query over the batch, so memory stays flat and the query count does not grow with the
number of articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import (
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

ARTICLE_COLUMNS = (
    Article.id, Article.title, Article.source, Article.url, Article.published,
    Article.imported_at, Article.language, Article.languages, Article.text_format,
    Article.status, Article.notes, Article.labels, Article.text,
)  # fmt: skip
PARAGRAPH_COLUMNS = (
    Paragraph.article_id, Paragraph.id, Paragraph.index, Paragraph.start, Paragraph.end,
    Paragraph.language, Paragraph.boilerplate,
)  # fmt: skip
TRANSLATION_COLUMNS = (
    Paragraph.article_id, Paragraph.index, Translation.target_lang, Translation.text,
    Translation.provider, Translation.edited, Translation.created_at, Translation.updated_at,
)  # fmt: skip
MENTION_COLUMNS = (
    Mention.article_id, Mention.id, Mention.layer, Mention.start, Mention.end, Mention.label,
    Mention.text, Mention.entity_id, Mention.annotator_id, Mention.created_at, Mention.updated_at,
)  # fmt: skip
EVENT_COLUMNS = (
    Event.article_id, Event.id, Event.type, Event.trigger_layer, Event.trigger_start,
    Event.trigger_end, Event.trigger_text, Event.attributes, Event.annotator_id,
    Event.created_at, Event.updated_at,
)  # fmt: skip
ARGUMENT_COLUMNS = (
    EventArgument.event_id, EventArgument.id, EventArgument.role, EventArgument.mention_id,
    EventArgument.annotator_id, EventArgument.created_at,
)  # fmt: skip


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
    ids = list(article_ids)
    for at in range(0, len(ids), size):
        chunk = ids[at : at + size]
        yield load(session, chunk)


def load(session: Session, chunk: list[int]) -> Batch:
    run = session.execute
    row: Any
    found = {row.id: row for row in run(select(*ARTICLE_COLUMNS).where(Article.id.in_(chunk)))}
    batch = Batch([found[i] for i in chunk if i in found])
    for row in run(
        select(*PARAGRAPH_COLUMNS)
        .where(Paragraph.article_id.in_(chunk))
        .order_by(Paragraph.article_id, Paragraph.index)
    ):
        batch.paragraphs[row.article_id].append(row)
    for row in run(
        select(*TRANSLATION_COLUMNS)
        .join(Paragraph, Paragraph.id == Translation.paragraph_id)
        .where(Paragraph.article_id.in_(chunk))
        .order_by(Paragraph.article_id, Translation.target_lang, Paragraph.index)
    ):
        batch.translations[row.article_id].append(row)
    for row in run(
        select(*MENTION_COLUMNS)
        .where(Mention.article_id.in_(chunk))
        .order_by(
            Mention.article_id, Mention.layer, Mention.start, Mention.end, Mention.label, Mention.id
        )
    ):
        batch.mentions[row.article_id].append(row)
    for row in run(
        select(*EVENT_COLUMNS)
        .where(Event.article_id.in_(chunk))
        .order_by(
            Event.article_id,
            Event.trigger_layer,
            Event.trigger_start,
            Event.trigger_end,
            Event.type,
            Event.id,
        )
    ):
        batch.events[row.article_id].append(row)
    event_ids = [row.id for rows in batch.events.values() for row in rows]
    for at in range(0, len(event_ids), 900):
        for row in run(
            select(*ARGUMENT_COLUMNS)
            .where(EventArgument.event_id.in_(event_ids[at : at + 900]))
            .order_by(EventArgument.event_id, EventArgument.id)
        ):
            batch.arguments[row.event_id].append(row)
    entity_ids = sorted(
        {row.entity_id for rows in batch.mentions.values() for row in rows if row.entity_id}
    )
    for at in range(0, len(entity_ids), 900):
        for row in run(
            select(Entity.id, Entity.canonical_name, Entity.type, Entity.aliases).where(
                Entity.id.in_(entity_ids[at : at + 900])
            )
        ):
            batch.entities[row.id] = row
    return batch
