"""Undoable annotation operations. Each ``do`` and ``undo`` is one committed transaction, so
what the user saw happen is on disk; the app's QUndoStack only calls these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy import delete, insert, select, update

from core.annotation import service
from core.db import Library
from core.models import ORIGINAL_LAYER, Article, Event, EventArgument, Mention


def _row(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


class Operation:
    label = "annotate"

    def do(self, library: Library) -> None:
        raise NotImplementedError

    def undo(self, library: Library) -> None:
        raise NotImplementedError


@dataclass
class AddMention(Operation):
    article_id: int
    start: int
    end: int
    tag: str
    layer: str = ORIGINAL_LAYER
    annotator: str | None = None
    mention_id: int | None = None  # known after the first ``do``; redo keeps the same id
    label = "tag"

    def do(self, library: Library) -> None:
        with library.session() as session:
            snap = self.mention_id is None
            mention = service.add_mention(
                session, self.article_id, self.start, self.end, self.tag, self.layer,
                self.annotator, snap_to_words=snap, mention_id=self.mention_id,
            )  # fmt: skip
            self.mention_id, self.start, self.end = mention.id, mention.start, mention.end

    def undo(self, library: Library) -> None:
        with library.session() as session:
            session.execute(delete(Mention).where(Mention.id == self.mention_id))


@dataclass
class RemoveMention(Operation):
    mention_id: int
    saved: dict[str, Any] = field(default_factory=dict)
    arguments: list[dict[str, Any]] = field(default_factory=list)
    label = "remove tag"

    def do(self, library: Library) -> None:
        with library.session() as session:
            mention = service.get_mention(session, self.mention_id)
            self.saved = _row(mention)
            self.arguments = [
                _row(a)
                for a in session.scalars(
                    select(EventArgument).where(EventArgument.mention_id == self.mention_id)
                )
            ]
            session.delete(mention)

    def undo(self, library: Library) -> None:
        with library.session() as session:
            session.execute(insert(Mention), [self.saved])
            if self.arguments:
                session.execute(insert(EventArgument), self.arguments)


@dataclass
class SetLabel(Operation):
    mention_id: int
    tag: str
    old: str = ""
    label = "change type"

    def do(self, library: Library) -> None:
        with library.session() as session:
            self.old = service.set_label(session, self.mention_id, self.tag)

    def undo(self, library: Library) -> None:
        with library.session() as session:
            service.set_label(session, self.mention_id, self.old)


@dataclass
class LinkEntity(Operation):
    mention_id: int
    entity_id: int | None
    old: int | None = None
    label = "link entity"

    def do(self, library: Library) -> None:
        with library.session() as session:
            self.old = service.link_entity(session, self.mention_id, self.entity_id)

    def undo(self, library: Library) -> None:
        with library.session() as session:
            service.link_entity(session, self.mention_id, self.old)


@dataclass
class AddEvent(Operation):
    article_id: int
    type_: str
    start: int
    end: int
    layer: str = ORIGINAL_LAYER
    annotator: str | None = None
    event_id: int | None = None
    label = "add event"

    def do(self, library: Library) -> None:
        with library.session() as session:
            event = service.add_event(
                session, self.article_id, self.type_, self.start, self.end, self.layer,
                self.annotator, event_id=self.event_id,
            )  # fmt: skip
            self.event_id = event.id

    def undo(self, library: Library) -> None:
        with library.session() as session:
            session.execute(delete(EventArgument).where(EventArgument.event_id == self.event_id))
            session.execute(delete(Event).where(Event.id == self.event_id))


@dataclass
class RemoveEvent(Operation):
    event_id: int
    saved: dict[str, Any] = field(default_factory=dict)
    arguments: list[dict[str, Any]] = field(default_factory=list)
    label = "remove event"

    def do(self, library: Library) -> None:
        with library.session() as session:
            event = service.get_event(session, self.event_id)
            self.saved = _row(event)
            self.arguments = [_row(a) for a in event.arguments]
            session.delete(event)

    def undo(self, library: Library) -> None:
        with library.session() as session:
            session.execute(insert(Event), [self.saved])
            if self.arguments:
                session.execute(insert(EventArgument), self.arguments)


@dataclass
class AddArgument(Operation):
    event_id: int
    role: str
    mention_id: int
    annotator: str | None = None
    argument_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    label = "add argument"

    def do(self, library: Library) -> None:
        with library.session() as session:
            argument, self.warnings = service.add_argument(
                session, self.event_id, self.role, self.mention_id, self.annotator,
                argument_id=self.argument_id,
            )  # fmt: skip
            self.argument_id = argument.id

    def undo(self, library: Library) -> None:
        with library.session() as session:
            session.execute(delete(EventArgument).where(EventArgument.id == self.argument_id))


@dataclass
class SetAttribute(Operation):
    event_id: int
    key: str
    value: Any
    old: Any = None
    label = "set attribute"

    def do(self, library: Library) -> None:
        with library.session() as session:
            self.old = service.set_attribute(session, self.event_id, self.key, self.value)

    def undo(self, library: Library) -> None:
        with library.session() as session:
            service.set_attribute(session, self.event_id, self.key, self.old)


@dataclass
class SetArticleField(Operation):
    article_id: int
    name: str
    value: Any
    old: Any = None
    label = "change article"

    def do(self, library: Library) -> None:
        with library.session() as session:
            self.old = service.set_article_field(session, self.article_id, self.name, self.value)

    def undo(self, library: Library) -> None:
        with library.session() as session:
            service.set_article_field(session, self.article_id, self.name, self.old)


@dataclass
class TagAll(Operation):
    """Tag every whole-word occurrence of a text (in some articles, or the whole library).

    Committed a batch of articles at a time, so a library-wide run never holds the write
    lock for long (other writers wait a moment, not minutes); still one undo step."""

    needle: str
    tag: str
    article_ids: list[int] | None = None
    layer: str = ORIGINAL_LAYER
    annotator: str | None = None
    made: list[int] = field(default_factory=list)
    label = "tag all occurrences"
    batch: ClassVar[int] = 200  # articles per transaction

    def do(self, library: Library) -> None:
        ids = self.article_ids
        if ids is None:
            with library.reading() as session:
                ids = list(session.scalars(select(Article.id).order_by(Article.id)))
        self.made = []
        for at in range(0, len(ids), self.batch):
            with library.session() as session:
                self.made += service.tag_all(
                    session, self.needle, self.tag, ids[at : at + self.batch], self.layer,
                    self.annotator,
                )  # fmt: skip

    def undo(self, library: Library) -> None:
        for at in range(0, len(self.made), 900):
            with library.session() as session:
                chunk = self.made[at : at + 900]
                session.execute(delete(Mention).where(Mention.id.in_(chunk)))


@dataclass
class Remap(Operation):
    """Give every mention (and event) of type ``old`` the type ``new``."""

    old: str
    new: str
    mentions: list[int] = field(default_factory=list)
    events: list[int] = field(default_factory=list)
    label = "re-map a type"

    def do(self, library: Library) -> None:
        with library.session() as session:
            self.mentions = list(
                session.scalars(select(Mention.id).where(Mention.label == self.old))
            )
            self.events = list(session.scalars(select(Event.id).where(Event.type == self.old)))
            session.execute(
                update(Mention).where(Mention.id.in_(self.mentions)).values(label=self.new)
            )
            session.execute(update(Event).where(Event.id.in_(self.events)).values(type=self.new))

    def undo(self, library: Library) -> None:
        with library.session() as session:
            session.execute(
                update(Mention).where(Mention.id.in_(self.mentions)).values(label=self.old)
            )
            session.execute(update(Event).where(Event.id.in_(self.events)).values(type=self.old))


class History:
    """A plain undo/redo history over operations (the app uses QUndoStack instead)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.done: list[Operation] = []
        self.undone: list[Operation] = []

    def run(self, op: Operation) -> Operation:
        op.do(self.library)
        self.done.append(op)
        self.undone.clear()
        return op

    def undo(self) -> None:
        op = self.done.pop()
        op.undo(self.library)
        self.undone.append(op)

    def redo(self) -> None:
        op = self.undone.pop()
        op.do(self.library)
        self.done.append(op)
