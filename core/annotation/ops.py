"""Undoable annotation operations. Each ``do`` and ``undo`` is one committed transaction, so
what the user saw happen is on disk; the app's QUndoStack only calls these."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy import delete, insert, select, update

from core.annotation import entities, service
from core.layers import LayerState, layer_state, restore_layer
from core.storage.db import Database
from core.storage.models import ORIGINAL_LAYER, Article, Event, EventArgument, Mention


def _row(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


class Operation:
    label = "annotate"

    def do(self, library: Database) -> None:
        raise NotImplementedError

    def undo(self, library: Database) -> None:
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

    def do(self, library: Database) -> None:
        with library.session() as session:
            snap = self.mention_id is None
            mention = service.add_mention(
                session, self.article_id, self.start, self.end, self.tag, self.layer,
                self.annotator, snap_to_words=snap, mention_id=self.mention_id,
            )  # fmt: skip
            self.mention_id, self.start, self.end = mention.id, mention.start, mention.end

    def undo(self, library: Database) -> None:
        with library.session() as session:
            session.execute(delete(Mention).where(Mention.id == self.mention_id))


@dataclass
class RemoveMention(Operation):
    mention_id: int
    saved: dict[str, Any] = field(default_factory=dict)
    arguments: list[dict[str, Any]] = field(default_factory=list)
    label = "remove tag"

    def do(self, library: Database) -> None:
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

    def undo(self, library: Database) -> None:
        with library.session() as session:
            session.execute(insert(Mention), [self.saved])
            if self.arguments:
                session.execute(insert(EventArgument), self.arguments)


def _fields(row: Any, *names: str) -> dict[str, Any]:
    """The named fields of a row and its ``updated_at``: what an undo puts back."""
    return {name: copy.deepcopy(getattr(row, name)) for name in (*names, "updated_at")}


@dataclass
class SetLabel(Operation):
    mention_id: int
    tag: str
    old: str = ""
    before: dict[str, Any] = field(default_factory=dict)
    label = "change type"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.before = _fields(service.get_mention(session, self.mention_id), "label")
            self.old = service.set_label(session, self.mention_id, self.tag)

    def undo(self, library: Database) -> None:
        with library.session() as session:
            session.execute(
                update(Mention).where(Mention.id == self.mention_id).values(**self.before)
            )


@dataclass
class LinkEntity(Operation):
    mention_id: int
    entity_id: int | None
    old: int | None = None
    before: dict[str, Any] = field(default_factory=dict)
    label = "link entity"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.before = _fields(service.get_mention(session, self.mention_id), "entity_id")
            self.old = entities.link_entity(session, self.mention_id, self.entity_id)

    def undo(self, library: Database) -> None:
        with library.session() as session:
            session.execute(
                update(Mention).where(Mention.id == self.mention_id).values(**self.before)
            )


@dataclass
class LinkByName(Operation):
    """Link a tag to an entity by name, making the entity or the alias if need be."""

    mention_id: int
    name: str
    linked: entities.Linked | None = None
    label = "link entity"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.linked = entities.link_by_name(session, self.mention_id, self.name)

    def undo(self, library: Database) -> None:
        assert self.linked is not None
        with library.session() as session:
            entities.unlink(session, self.linked)


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

    def do(self, library: Database) -> None:
        with library.session() as session:
            event = service.add_event(
                session, self.article_id, self.type_, self.start, self.end, self.layer,
                self.annotator, event_id=self.event_id,
            )  # fmt: skip
            self.event_id = event.id

    def undo(self, library: Database) -> None:
        with library.session() as session:
            session.execute(delete(EventArgument).where(EventArgument.event_id == self.event_id))
            session.execute(delete(Event).where(Event.id == self.event_id))


@dataclass
class RemoveEvent(Operation):
    event_id: int
    saved: dict[str, Any] = field(default_factory=dict)
    arguments: list[dict[str, Any]] = field(default_factory=list)
    label = "remove event"

    def do(self, library: Database) -> None:
        with library.session() as session:
            event = service.get_event(session, self.event_id)
            self.saved = _row(event)
            self.arguments = [_row(a) for a in event.arguments]
            session.delete(event)

    def undo(self, library: Database) -> None:
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

    def do(self, library: Database) -> None:
        with library.session() as session:
            argument, self.warnings = service.add_argument(
                session, self.event_id, self.role, self.mention_id, self.annotator,
                argument_id=self.argument_id,
            )  # fmt: skip
            self.argument_id = argument.id

    def undo(self, library: Database) -> None:
        with library.session() as session:
            session.execute(delete(EventArgument).where(EventArgument.id == self.argument_id))


@dataclass
class SetAttribute(Operation):
    event_id: int
    key: str
    value: Any
    old: Any = None
    before: dict[str, Any] = field(default_factory=dict)
    label = "set attribute"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.before = _fields(service.get_event(session, self.event_id), "attributes")
            self.old = service.set_attribute(session, self.event_id, self.key, self.value)

    def undo(self, library: Database) -> None:
        with library.session() as session:
            session.execute(update(Event).where(Event.id == self.event_id).values(**self.before))


@dataclass
class SetArticleField(Operation):
    article_id: int
    name: str
    value: Any
    old: Any = None
    label = "change article"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.old = service.set_article_field(session, self.article_id, self.name, self.value)

    def undo(self, library: Database) -> None:
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

    def do(self, library: Database) -> None:
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

    def undo(self, library: Database) -> None:
        for at in range(0, len(self.made), 900):
            with library.session() as session:
                chunk = self.made[at : at + 900]
                session.execute(delete(Mention).where(Mention.id.in_(chunk)))


@dataclass
class Remap(Operation):
    """Give every mention (and event) of type ``old`` the type ``new``. A mention whose words
    already carry a ``new`` tag is merged into it (its event arguments move there) instead of
    becoming a duplicate; undo puts everything back as it was."""

    old: str
    new: str
    mentions: list[tuple[int, Any]] = field(default_factory=list)  # (id, updated_at)
    events: list[tuple[int, Any]] = field(default_factory=list)
    merged: list[dict[str, Any]] = field(default_factory=list)  # removed duplicates, whole
    moved: list[tuple[int, int]] = field(default_factory=list)  # (argument id, former mention)
    label = "re-map a type"

    def do(self, library: Database) -> None:
        with library.session() as session:
            renamed = list(session.scalars(select(Mention).where(Mention.label == self.old)))
            self.mentions, self.merged, self.moved = [], [], []
            for mention in renamed:
                survivor = session.scalar(
                    select(Mention.id).where(
                        Mention.article_id == mention.article_id, Mention.layer == mention.layer,
                        Mention.start == mention.start, Mention.end == mention.end,
                        Mention.label == self.new,
                    )
                )  # fmt: skip
                if survivor is None:
                    self.mentions.append((mention.id, mention.updated_at))
                    continue
                arguments = session.scalars(
                    select(EventArgument).where(EventArgument.mention_id == mention.id)
                )
                for argument in arguments:
                    self.moved.append((argument.id, mention.id))
                    argument.mention_id = survivor
                session.flush()
                self.merged.append(_row(mention))
                session.delete(mention)
            self.events = [
                (row.id, row.updated_at)
                for row in session.execute(
                    select(Event.id, Event.updated_at).where(Event.type == self.old)
                )
            ]
            ids = [ident for ident, _ in self.mentions]
            session.execute(update(Mention).where(Mention.id.in_(ids)).values(label=self.new))
            ids = [ident for ident, _ in self.events]
            session.execute(update(Event).where(Event.id.in_(ids)).values(type=self.new))

    def undo(self, library: Database) -> None:
        with library.session() as session:
            if self.merged:
                session.execute(insert(Mention), self.merged)
            for argument_id, mention_id in self.moved:
                session.execute(
                    update(EventArgument)
                    .where(EventArgument.id == argument_id)
                    .values(mention_id=mention_id)
                )
            for ident, updated in self.mentions:
                session.execute(
                    update(Mention)
                    .where(Mention.id == ident)
                    .values(label=self.old, updated_at=updated)
                )
            for ident, updated in self.events:
                session.execute(
                    update(Event).where(Event.id == ident).values(type=self.old, updated_at=updated)
                )


@dataclass
class ChangeTranslation(Operation):
    """A change to an article's translation layer (a paragraph edited by hand, a forced
    re-translation): ``change`` runs once; undo and redo put the whole layer (translations,
    and the tags that moved with them) back as it was before or after."""

    article_id: int
    lang: str
    change: Any = None  # callable(session) for the first do; None once done
    before: LayerState | None = None
    after: LayerState | None = None
    label = "edit translation"

    def do(self, library: Database) -> None:
        if self.after is not None:
            with library.session() as session:
                restore_layer(session, self.after)
            return
        with library.session() as session:
            self.before = layer_state(session, self.article_id, self.lang)
        if self.change is not None:
            self.change(library)
        self.change = None
        with library.session() as session:
            self.after = layer_state(session, self.article_id, self.lang)

    def undo(self, library: Database) -> None:
        assert self.before is not None
        with library.session() as session:
            restore_layer(session, self.before)


@dataclass
class EditTranslation(ChangeTranslation):
    """A paragraph's translation replaced by hand; ``flagged`` counts the tags whose words
    left it (marked for review)."""

    index: int = 0
    text: str = ""
    flagged: int = 0

    def __post_init__(self) -> None:
        self.change = self._edit

    def _edit(self, library: Database) -> None:
        from core.translation.store import set_by_hand

        with library.session() as session:
            self.flagged = set_by_hand(session, self.article_id, self.index, self.lang, self.text)


class History:
    """A plain undo/redo history over operations (the app uses QUndoStack instead)."""

    def __init__(self, library: Database) -> None:
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
