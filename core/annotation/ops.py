"""Undoable annotation operations. Each ``do`` and ``undo`` is one committed transaction, so
what the user saw happen is on disk; the app's QUndoStack only calls these.
An operation only pairs two service calls (``core.annotation.service``, ``entities``,
``undo``, ``remap``, ``core.layers``) and keeps what the second needs: it writes no table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from core.annotation import entities, service, undo
from core.annotation.article_fields import set_article_field
from core.annotation.remap import Remapped, remap, unmap
from core.layers import LayerState, layer_state, restore_layer
from core.storage.db import Database
from core.storage.models import ORIGINAL_LAYER, Event, Mention


class Operation:
    title = "annotate"  # what Edit ▸ Undo says

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
    title = "tag"

    def do(self, library: Database) -> None:
        with library.session() as session:
            snap = self.mention_id is None
            mention = service.add_mention(
                session, self.article_id, self.start, self.end, self.tag, self.layer,
                self.annotator, snap_to_words=snap, mention_id=self.mention_id,
            )  # fmt: skip
            self.mention_id, self.start, self.end = mention.id, mention.start, mention.end

    def undo(self, library: Database) -> None:
        assert self.mention_id is not None
        with library.session() as session:
            undo.delete_mentions(session, [self.mention_id])


@dataclass
class RemoveMention(Operation):
    mention_id: int
    removed: undo.Removed | None = None
    title = "remove tag"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.removed = undo.remove_mention(session, self.mention_id)

    def undo(self, library: Database) -> None:
        assert self.removed is not None
        with library.session() as session:
            undo.restore(session, Mention, self.removed)


@dataclass
class Resize(Operation):
    """A tag's edges moved (a word more or less at either end)."""

    mention_id: int
    start: int
    end: int
    old: tuple[int, int] = (0, 0)
    title = "resize tag"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.old = service.set_span(session, self.mention_id, self.start, self.end)

    def undo(self, library: Database) -> None:
        with library.session() as session:
            service.set_span(session, self.mention_id, *self.old)


@dataclass
class SetLabel(Operation):
    mention_id: int
    tag: str
    old: str = ""
    before: dict[str, Any] = field(default_factory=dict)
    title = "change type"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.before = undo.fields(service.get_mention(session, self.mention_id), "label")
            self.old = service.set_label(session, self.mention_id, self.tag)

    def undo(self, library: Database) -> None:
        with library.session() as session:
            undo.put_back(session, Mention, self.mention_id, self.before)


@dataclass
class LinkEntity(Operation):
    mention_id: int
    entity_id: int | None
    old: int | None = None
    before: dict[str, Any] = field(default_factory=dict)
    title = "link entity"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.before = undo.fields(service.get_mention(session, self.mention_id), "entity_id")
            self.old = entities.link_entity(session, self.mention_id, self.entity_id)

    def undo(self, library: Database) -> None:
        with library.session() as session:
            undo.put_back(session, Mention, self.mention_id, self.before)


@dataclass
class LinkByName(Operation):
    """Link a tag to an entity by name, making the entity or the alias if need be."""

    mention_id: int
    name: str
    linked: entities.Linked | None = None
    entity_id: int | None = None  # a chosen entity (the name is then only for new ones)
    title = "link entity"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.linked = entities.link_by_name(session, self.mention_id, self.name, self.entity_id)

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
    title = "add event"

    def do(self, library: Database) -> None:
        with library.session() as session:
            event = service.add_event(
                session, self.article_id, self.type_, self.start, self.end, self.layer,
                self.annotator, event_id=self.event_id,
            )  # fmt: skip
            self.event_id = event.id

    def undo(self, library: Database) -> None:
        assert self.event_id is not None
        with library.session() as session:
            undo.delete_event(session, self.event_id)


@dataclass
class RemoveEvent(Operation):
    event_id: int
    removed: undo.Removed | None = None
    title = "remove event"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.removed = undo.remove_event(session, self.event_id)

    def undo(self, library: Database) -> None:
        assert self.removed is not None
        with library.session() as session:
            undo.restore(session, Event, self.removed)


@dataclass
class AddArgument(Operation):
    event_id: int
    role: str
    mention_id: int
    annotator: str | None = None
    argument_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    title = "add argument"

    def do(self, library: Database) -> None:
        with library.session() as session:
            argument, self.warnings = service.add_argument(
                session, self.event_id, self.role, self.mention_id, self.annotator,
                argument_id=self.argument_id,
            )  # fmt: skip
            self.argument_id = argument.id

    def undo(self, library: Database) -> None:
        assert self.argument_id is not None
        with library.session() as session:
            undo.delete_argument(session, self.argument_id)


@dataclass
class RemoveArgument(Operation):
    argument_id: int
    saved: dict[str, Any] = field(default_factory=dict)
    title = "remove argument"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.saved = undo.remove_argument(session, self.argument_id)

    def undo(self, library: Database) -> None:
        with library.session() as session:
            undo.restore_argument(session, self.saved)


@dataclass
class SetRole(Operation):
    argument_id: int
    role: str
    old: str = ""
    warnings: list[str] = field(default_factory=list)
    title = "change role"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.old, self.warnings = service.set_role(session, self.argument_id, self.role)

    def undo(self, library: Database) -> None:
        with library.session() as session:
            service.set_role(session, self.argument_id, self.old)


@dataclass
class SetAttribute(Operation):
    event_id: int
    key: str
    value: Any
    old: Any = None
    before: dict[str, Any] = field(default_factory=dict)
    title = "set attribute"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.before = undo.fields(service.get_event(session, self.event_id), "attributes")
            self.old = service.set_attribute(session, self.event_id, self.key, self.value)

    def undo(self, library: Database) -> None:
        with library.session() as session:
            undo.put_back(session, Event, self.event_id, self.before)


@dataclass
class SetArticleField(Operation):
    article_id: int
    name: str
    value: Any
    old: Any = None
    title = "change article"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.old = set_article_field(session, self.article_id, self.name, self.value)

    def undo(self, library: Database) -> None:
        with library.session() as session:
            set_article_field(session, self.article_id, self.name, self.old)


@dataclass
class DeleteArticles(Operation):
    """Articles deleted with their annotations and translations; undo brings them back
    whole (same ids, same everything)."""

    article_ids: list[int]
    removed: undo.RemovedArticles | None = None
    title = "delete articles"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.removed = undo.remove_articles(session, self.article_ids)

    def undo(self, library: Database) -> None:
        assert self.removed is not None
        with library.session() as session:
            undo.restore_articles(session, self.removed)


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
    title = "tag all occurrences"
    batch: ClassVar[int] = 200  # articles per transaction

    def do(self, library: Database) -> None:
        ids = self.article_ids
        if ids is None:
            with library.reading() as session:
                ids = service.article_ids(session)
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
                undo.delete_mentions(session, self.made[at : at + 900])


@dataclass
class Remap(Operation):
    """Give every mention (and event) of type ``old`` the type ``new`` (see core.annotation.remap)."""

    old: str
    new: str
    done: Remapped | None = None
    title = "re-map a type"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.done = remap(session, self.old, self.new)

    def undo(self, library: Database) -> None:
        assert self.done is not None
        with library.session() as session:
            unmap(session, self.done)


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
    title = "edit translation"

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
