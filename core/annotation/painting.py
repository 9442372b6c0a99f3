"""What the reader paints and points at, read in one place so the GUI needs no queries of
its own: the spans of an article's tags and triggers, the tag under a position."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.storage.models import Event, Mention


class PaintedSpan(NamedTuple):
    layer: str
    start: int
    end: int
    label: str  # a type; for a trigger, its event type
    trigger: bool
    review: str  # why it needs a look ("" when it does not)


def painted_spans(session: Session, article_id: int) -> list[PaintedSpan]:
    """Every tag and trigger of the article (Core rows on the connection: no ORM
    bookkeeping for thousands of rows), outer spans before the ones they hold."""
    connection = session.connection()
    mentions = connection.execute(
        select(Mention.layer, Mention.start, Mention.end, Mention.label, Mention.review)
        .where(Mention.article_id == article_id)
        .order_by(Mention.start, Mention.end.desc())
    ).all()
    triggers = connection.execute(
        select(
            Event.trigger_layer, Event.trigger_start, Event.trigger_end, Event.type, Event.review
        ).where(Event.article_id == article_id)
    ).all()
    return [
        PaintedSpan(layer, s, e, label, False, review) for layer, s, e, label, review in mentions
    ] + [PaintedSpan(layer, s, e, type_, True, review) for layer, s, e, type_, review in triggers]


class Tag(NamedTuple):
    """A tag (mention) as the reader points at it."""

    id: int
    layer: str
    start: int
    end: int
    label: str
    text: str


def innermost_mention(session: Session, article_id: int, layer: str, offset: int) -> Tag | None:
    """The shortest tag of ``layer`` holding the code-point ``offset``."""
    mention = session.scalars(
        select(Mention)
        .where(
            Mention.article_id == article_id,
            Mention.layer == layer,
            Mention.start <= offset,
            Mention.end >= offset,
        )
        .order_by((Mention.end - Mention.start).asc())
    ).first()
    if mention is None:
        return None
    return Tag(mention.id, mention.layer, mention.start, mention.end, mention.label, mention.text)
