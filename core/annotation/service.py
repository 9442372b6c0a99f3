"""Annotation services on a session: every function is one small unit of work.

Offsets are code points over a text layer: ``original`` (the stored article text) or
``translation:<lang>`` (that language's paragraph translations joined by blank lines).
Types, roles and attribute kinds come from the active schema (data, not code).
"""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from core.annotation.errors import AnnotationError as AnnotationError  # its home before
from core.annotation.schema import TYPED, active_body, ensure_default
from core.annotation.types import Schema
from core.annotation.values import typed_value
from core.articles import with_translations
from core.clock import utcnow
from core.layers import LAYER_GAP, join_layer
from core.storage.bulk import insert_new
from core.storage.models import (
    ORIGINAL_LAYER,
    Annotator,
    Article,
    Event,
    EventArgument,
    Mention,
    Translation,
)
from core.text.spans import occurrences, snap

ANNOTATORS = "gloss.annotators"  # session.info: annotator ids by name, for the unit of work


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    """What a unit of work remembers (annotator ids, the typed schema) may name rows that a
    rolled-back savepoint took away: it is forgotten whenever a transaction or savepoint
    ends — not at each flush (a flush's own inner transaction ends too: forgetting then
    parsed the schema again for every tag)."""
    if transaction.nested or transaction.parent is None:
        session.info.pop(ANNOTATORS, None)
        session.info.pop(TYPED, None)


def default_annotator() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "annotator"


def annotator_id(session: Session, name: str | None) -> int:
    """The id of the annotator called ``name``, created if need be (race-free: two processes
    making their first annotation at once both get the one row); looked up once per unit of
    work (annotators are never removed)."""
    name = name or default_annotator()
    known: dict[str, int] = session.info.setdefault(ANNOTATORS, {})
    if name in known:
        return known[name]
    found = session.scalar(select(Annotator.id).where(Annotator.name == name))
    if found is None:
        session.execute(
            insert_new(session, Annotator, ["name"]).values(name=name, created_at=utcnow())
        )
        found = session.scalar(select(Annotator.id).where(Annotator.name == name))
    known[name] = int(found or 0)
    return known[name]


def layer_text(session: Session, article_id: int, layer: str) -> str:
    text = session.scalar(select(Article.text).where(Article.id == article_id))
    if text is None:
        raise AnnotationError(f"no article with id {article_id}")
    if layer == ORIGINAL_LAYER:
        return str(text)
    kind, _, lang = layer.partition(":")
    if kind != "translation" or not lang:
        raise AnnotationError(f"unknown text layer {layer!r}")
    rows = with_translations(session, article_id, lang, Translation.text)
    return join_layer([text or "" for (text,) in rows])[0]


def check_within_paragraph(text: str, layer: str, start: int, end: int) -> None:
    """A translation tag belongs to one paragraph's translation (that is what keeps it on its
    words when another paragraph changes): a span over the blank line between two is refused."""
    if layer != ORIGINAL_LAYER and LAYER_GAP in text[start:end]:
        raise AnnotationError("a tag on a translation must lie within one paragraph")


def schema(session: Session) -> dict[str, Any]:
    return active_body(session) or ensure_default(session).body


def typed_schema(session: Session) -> Schema:
    """The active schema, typed: read once per unit of work (accepting a suggested article
    adds dozens of tags, each checked against it — parsing it each time was a third of the
    time)."""
    typed = session.info.get(TYPED)
    if typed is None:
        typed = session.info[TYPED] = Schema.of(schema(session))
    return typed


# -- mentions ------------------------------------------------------------------------------
class NewTag(NamedTuple):
    """A tag to make: its span on a layer, its type, and where it came from."""

    start: int
    end: int
    label: str
    layer: str = ORIGINAL_LAYER
    origin: str = ""
    mention_id: int | None = None  # given when a redo makes it again


def add_mention(
    session: Session,
    article_id: int,
    start: int,
    end: int,
    label: str,
    layer: str = ORIGINAL_LAYER,
    annotator: str | None = None,
    snap_to_words: bool = True,
    mention_id: int | None = None,
) -> Mention:
    tag = NewTag(start, end, label, layer, mention_id=mention_id)
    return add_mentions(session, article_id, [tag], annotator, snap_to_words)[0]


def add_mentions(
    session: Session,
    article_id: int,
    tags: Sequence[NewTag],
    annotator: str | None = None,
    snap_to_words: bool = True,
) -> list[Mention]:
    """Tags of one article, each checked (inside the text, on words, within a translation's
    paragraph, a type of the schema, not already there) — all or none; each text layer and
    the article's tags are read once and the new rows written in one flush (accepting a
    pre-annotated article makes dozens at a time)."""
    texts: dict[str, str] = {}
    types = {t.key for t in typed_schema(session).types}
    rows = session.execute(select(Mention.layer, Mention.start, Mention.end, Mention.label)
                           .where(Mention.article_id == article_id))  # fmt: skip
    taken = {(layer, start, end, label) for layer, start, end, label in rows}
    who = annotator_id(session, annotator)
    made = []
    for start, end, label, layer, origin, mention_id in tags:
        if layer not in texts:
            texts[layer] = layer_text(session, article_id, layer)
        text = texts[layer]
        if not 0 <= start < end <= len(text):
            raise AnnotationError(f"span {start}-{end} is outside the text (0-{len(text)})")
        if snap_to_words:
            start, end = snap(text, start, end)
            if start == end:
                raise AnnotationError("the selection holds no word")
        check_within_paragraph(text, layer, start, end)
        if label not in types:
            raise AnnotationError(f"{label!r} is not a type of the schema")
        key = (layer, start, end, label)
        if mention_id is None and key in taken:
            raise AnnotationError(f"{text[start:end]!r} is already tagged {label}")
        taken.add(key)
        made.append(Mention(id=mention_id, article_id=article_id, layer=layer, start=start,
                            end=end, label=label, text=text[start:end], annotator_id=who,
                            origin=origin))  # fmt: skip
    session.add_all(made)
    session.flush()
    return made


def _get(session: Session, model: type[Any], ident: int, what: str) -> Any:
    found = session.get(model, ident)
    if found is None:
        raise AnnotationError(f"no {what} with id {ident}")
    return found


def get_mention(session: Session, mention_id: int) -> Mention:
    return _get(session, Mention, mention_id, "mention")  # type: ignore[no-any-return]


def set_span(session: Session, mention_id: int, start: int, end: int) -> tuple[int, int]:
    """Move a tag's edges (its words change with them); returns the old (start, end)."""
    mention = get_mention(session, mention_id)
    text = layer_text(session, mention.article_id, mention.layer)
    if not 0 <= start < end <= len(text):
        raise AnnotationError(f"span {start}-{end} is outside the text (0-{len(text)})")
    check_within_paragraph(text, mention.layer, start, end)
    old = (mention.start, mention.end)
    mention.start, mention.end, mention.text = start, end, text[start:end]
    return old


def set_label(session: Session, mention_id: int, label: str) -> str:
    mention = get_mention(session, mention_id)
    old = mention.label
    mention.label = label
    return old


def article_ids(session: Session) -> list[int]:
    """Every article of the library, in import order."""
    return list(session.scalars(select(Article.id).order_by(Article.id)))


def tag_all(
    session: Session,
    needle: str,
    label: str,
    article_ids: list[int] | None = None,
    layer: str = ORIGINAL_LAYER,
    annotator: str | None = None,
) -> list[int]:
    """Tag every whole-word occurrence not already tagged with ``label``."""
    ids = list(session.scalars(select(Article.id))) if article_ids is None else article_ids
    made: list[int] = []
    for article_id in ids:
        text = layer_text(session, article_id, layer)
        taken = {
            (m.start, m.end)
            for m in session.scalars(
                select(Mention).where(
                    Mention.article_id == article_id, Mention.layer == layer, Mention.label == label
                )
            )
        }
        for start, end in occurrences(text, needle):
            if (start, end) not in taken:
                made.append(
                    add_mention(session, article_id, start, end, label, layer, annotator, False).id
                )
    return made


# -- events --------------------------------------------------------------------------------
def add_event(
    session: Session,
    article_id: int,
    type_: str,
    start: int,
    end: int,
    layer: str = ORIGINAL_LAYER,
    annotator: str | None = None,
    event_id: int | None = None,
) -> Event:
    """One event, checked and made as :func:`core.annotation.new_events.add_events` makes
    several."""
    from core.annotation.new_events import NewEvent, add_events  # it builds on this module

    new = NewEvent(type_, start, end, layer, event_id=event_id)
    return add_events(session, article_id, [new], annotator)[0]


def get_event(session: Session, event_id: int) -> Event:
    return _get(session, Event, event_id, "event")  # type: ignore[no-any-return]


def add_argument(
    session: Session,
    event_id: int,
    role: str,
    mention_id: int,
    annotator: str | None = None,
    argument_id: int | None = None,
) -> tuple[EventArgument, list[str]]:
    """Attach a mention in a role; returns the argument and warnings (an entity type that
    does not suit the role is flagged, not refused)."""
    event = get_event(session, event_id)
    mention = get_mention(session, mention_id)
    if mention.article_id != event.article_id:
        raise AnnotationError("the mention belongs to another article")
    typed = typed_schema(session)
    spec = typed.event(event.type)
    if spec is None or spec.role(role) is None:
        raise AnnotationError(f"{event.type} has no role {role!r}")
    warning = unsuitable(typed, event.type, role, mention.label)
    warnings = [warning] if warning else []
    argument = EventArgument(
        id=argument_id,
        event_id=event_id,
        role=role,
        mention_id=mention_id,
        annotator_id=annotator_id(session, annotator),
    )
    session.add(argument)
    session.flush()
    return argument, warnings


def set_role(session: Session, argument_id: int, role: str) -> tuple[str, list[str]]:
    """Give an argument another role of its event's type; returns the old role and the
    warnings (a tag type that does not suit the new role is flagged, not refused)."""
    argument = _get(session, EventArgument, argument_id, "argument")
    event = get_event(session, argument.event_id)
    typed = typed_schema(session)
    spec = typed.event(event.type)
    if spec is None or spec.role(role) is None:
        raise AnnotationError(f"{event.type} has no role {role!r}")
    old = argument.role
    argument.role = role
    warning = unsuitable(typed, event.type, role, get_mention(session, argument.mention_id).label)
    return old, [warning] if warning else []


def unsuitable(schema: Schema, event_type: str, role: str, label: str) -> str | None:
    """Why an entity type does not suit an event role (the schema's ``entity_types`` for
    the role), or None when it does or the schema says nothing."""
    spec = schema.event(event_type)
    found = spec.role(role) if spec is not None else None
    allowed = found.entity_types if found is not None else ()
    if allowed and label not in allowed:
        return f"a {label} is unusual as {role} (expected {', '.join(allowed)})"
    return None


def check_attribute(session: Session, key: str, value: Any) -> Any:
    """The value, typed as the schema says, or an AnnotationError naming the problem."""
    schema = typed_schema(session)
    typed = typed_value(schema, key, value)
    spec = schema.attribute(key)
    if typed is not None and spec is not None and spec.kind == "mention":
        get_mention(session, typed)
    return typed


def set_attribute(session: Session, event_id: int, key: str, value: Any) -> Any:
    """Set (or with None, clear) a typed attribute; returns the old value."""
    event = get_event(session, event_id)
    typed = check_attribute(session, key, value)
    attributes = dict(event.attributes or {})
    old = attributes.get(key)
    if typed is None:
        attributes.pop(key, None)
    else:
        attributes[key] = typed
    event.attributes = attributes
    return old
