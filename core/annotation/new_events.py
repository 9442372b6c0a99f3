"""Several events of one article made at once (accepting a pre-annotated article makes
dozens): each checked as one made alone is — a type of the schema, a trigger on words within
one paragraph, roles of its type held by tags of the article, attribute values of their
kinds — all or none; the article's text and tags read once and the rows written in one flush.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from core.annotation.service import (
    AnnotationError,
    annotator_id,
    check_within_paragraph,
    layer_text,
    typed_schema,
)
from core.annotation.values import typed_value
from core.clock import utcnow
from core.storage.models import ORIGINAL_LAYER, Event, EventArgument, Mention
from core.text.spans import snap


class NewEvent(NamedTuple):
    """An event to make: its type, its trigger's span on a layer, where it came from, its
    arguments (role, tag id) and its attributes (key, value; a later value of a key wins)."""

    type: str
    start: int
    end: int
    layer: str = ORIGINAL_LAYER
    origin: str = ""
    arguments: Sequence[tuple[str, int]] = ()
    attributes: Sequence[tuple[str, Any]] = ()
    event_id: int | None = None  # given when a redo makes it again


def add_events(
    session: Session, article_id: int, events: Sequence[NewEvent], annotator: str | None = None
) -> list[Event]:
    schema = typed_schema(session)
    who = annotator_id(session, annotator)
    texts: dict[str, str] = {}
    rows = session.execute(select(Mention.id).where(Mention.article_id == article_id))
    tags = {int(i) for (i,) in rows}
    made: list[Event] = []
    held: list[list[dict[str, Any]]] = []  # each event's arguments
    now = utcnow()
    for new in events:
        spec = schema.event(new.type)
        if spec is None:
            raise AnnotationError(f"{new.type!r} is not an event type of the schema")
        if new.layer not in texts:
            texts[new.layer] = layer_text(session, article_id, new.layer)
        text = texts[new.layer]
        if not 0 <= new.start < new.end <= len(text):
            raise AnnotationError(f"trigger {new.start}-{new.end} is outside the text")
        start, end = snap(text, new.start, new.end)
        if start == end:
            raise AnnotationError("the trigger holds no word")
        check_within_paragraph(text, new.layer, start, end)
        arguments: list[dict[str, Any]] = []
        for role, mention_id in new.arguments:
            if spec.role(role) is None:
                raise AnnotationError(f"{new.type} has no role {role!r}")
            if mention_id not in tags:
                raise AnnotationError(f"no tag with id {mention_id} in this article")
            arguments.append({"role": role, "mention_id": mention_id, "annotator_id": who})
        attributes: dict[str, Any] = {}
        for key, value in new.attributes:
            typed = typed_value(schema, key, value)
            kind = schema.attribute(key)
            is_tag = typed is not None and kind is not None and kind.kind == "mention"
            if is_tag and typed not in tags:
                raise AnnotationError(f"{key}: no tag with id {typed} in this article")
            if typed is None:
                attributes.pop(key, None)
            else:
                attributes[key] = typed
        made.append(Event(id=new.event_id, article_id=article_id, type=new.type,
                          trigger_layer=new.layer, trigger_start=start, trigger_end=end,
                          trigger_text=text[start:end], attributes=attributes, origin=new.origin,
                          annotator_id=who))  # fmt: skip
        held.append(arguments)
    session.add_all(made)
    session.flush()  # one INSERT an event: SQLite gives new ids back one row at a time
    linked = [{"event_id": event.id, "created_at": now, **argument}
              for event, arguments in zip(made, held, strict=True) for argument in arguments]  # fmt: skip
    if linked:  # their ids are not needed: all in one statement
        session.execute(insert(EventArgument), linked)
    for event in made:
        session.expire(event, ["arguments"])  # read from the rows just written, if asked
    return made
