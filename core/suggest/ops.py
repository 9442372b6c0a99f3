"""Accepting and rejecting suggestions, each one undoable step. An accepted tag or event keeps
where it came from (``origin``: "suggested by gazetteer"); a rejected suggestion is stored and
never proposed again for that span and type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.annotation import service, undo
from core.annotation.new_events import NewEvent, add_events
from core.annotation.ops import Operation
from core.annotation.types import Schema
from core.storage.db import Database
from core.storage.models import Mention, RejectedSuggestion
from core.suggest.article import EventSuggestion
from core.suggest.engine import Suggestion


class _Tags:
    """An article's tags by span and type, read once: those suggestions need are made
    together (one write), each keeping where it came from."""

    def __init__(self, session: Session, article_id: int, annotator: str | None) -> None:
        self.session, self.article_id, self.annotator = session, article_id, annotator
        rows = session.execute(select(Mention.id, Mention.layer, Mention.start, Mention.end,
                                      Mention.label).where(Mention.article_id == article_id))  # fmt: skip
        self.known = {(layer, start, end, label): int(i) for i, layer, start, end, label in rows}
        self.made: list[int] = []

    @staticmethod
    def _key(s: Suggestion) -> tuple[str, int, int, str]:
        return s.layer, s.start, s.end, s.label

    def make(self, items: list[Suggestion]) -> None:
        """Tags for these suggestions where there are none at exactly that span and type."""
        missing = list({self._key(s): s for s in items if self._key(s) not in self.known}.values())
        tags = [service.NewTag(s.start, s.end, s.label, s.layer, f"suggested by {s.source}"[:64])
                for s in missing]  # fmt: skip
        made = service.add_mentions(self.session, self.article_id, tags, self.annotator, False)
        for s, mention in zip(missing, made, strict=True):
            self.known[self._key(s)] = mention.id
            self.made.append(mention.id)

    def id(self, s: Suggestion) -> int:
        return self.known[self._key(s)]


def _spans_of(event: EventSuggestion) -> list[Suggestion]:
    """The tags an event's arguments, counts and reporter rest on."""
    return (
        [span for _role, span in event.arguments]
        + [evidence for _key, _n, evidence in event.counts if evidence is not None]
        + ([event.reporter] if event.reporter is not None else [])
    )


def _new_event(e: EventSuggestion, tags: _Tags, schema: Schema, event_id: int | None) -> NewEvent:
    """The trigger, its arguments (their tags made already) and its counts with the tags
    they were read from."""
    attributes: list[tuple[str, Any]] = list(e.dates)
    for key, number, evidence in e.counts:
        attributes.append((key, number))
        source = schema.evidence_key(key)
        if source is not None and evidence is not None:  # "no victims": no quantity
            attributes.append((source, tags.id(evidence)))
    if e.reporter is not None and schema.reporter_key is not None:
        attributes.append((schema.reporter_key, tags.id(e.reporter)))
        attributes += e.reported
    arguments = [(role, tags.id(span)) for role, span in e.arguments]
    return NewEvent(e.type, e.start, e.end, e.layer, f"suggested by {e.source}"[:64],
                    arguments, attributes, event_id)  # fmt: skip


def _add_events(
    session: Session,
    article_id: int,
    events: list[EventSuggestion],
    tags: _Tags,
    annotator: str | None,
    event_ids: list[int] | None = None,
) -> list[int]:
    """The events, written together; their ids (given back on a redo)."""
    schema = service.typed_schema(session)
    ids: list[int | None] = list(event_ids) if event_ids else [None] * len(events)
    new = [_new_event(e, tags, schema, i) for e, i in zip(events, ids, strict=True)]
    return [int(event.id) for event in add_events(session, article_id, new, annotator)]


@dataclass
class AcceptSuggestions(Operation):
    article_id: int
    items: list[Suggestion]
    annotator: str | None = None
    made: list[int] = field(default_factory=list)
    title = "accept suggestions"

    def do(self, library: Database) -> None:
        with library.session() as session:
            tags = _Tags(session, self.article_id, self.annotator)
            tags.make(self.items)
            self.made = tags.made

    def undo(self, library: Database) -> None:
        with library.session() as session:
            undo.delete_mentions(session, self.made)


@dataclass
class AcceptArticle(Operation):
    """An article's suggested tags and events at once, one unit of work (pre-annotation)."""

    article_id: int
    items: list[Suggestion]
    events: list[EventSuggestion]
    annotator: str | None = None
    event_ids: list[int] = field(default_factory=list)
    made: list[int] = field(default_factory=list)
    title = "accept the article's suggestions"

    def do(self, library: Database) -> None:
        with library.session() as session:
            tags = _Tags(session, self.article_id, self.annotator)
            tags.make(self.items + [span for e in self.events for span in _spans_of(e)])
            self.event_ids = _add_events(session, self.article_id, self.events, tags,
                                         self.annotator, self.event_ids)  # fmt: skip
            self.made = tags.made

    def undo(self, library: Database) -> None:
        with library.session() as session:
            for event_id in self.event_ids:
                undo.delete_event(session, event_id)
            undo.delete_mentions(session, self.made)


@dataclass
class RejectSuggestions(Operation):
    article_id: int
    items: list[Suggestion]
    stored: list[int] = field(default_factory=list)
    title = "reject suggestions"

    def do(self, library: Database) -> None:
        with library.session() as session:
            rows = [RejectedSuggestion(article_id=self.article_id, layer=s.layer, start=s.start,
                                       end=s.end, label=s.label) for s in self.items]  # fmt: skip
            session.add_all(rows)
            session.flush()
            self.stored = [r.id for r in rows]

    def undo(self, library: Database) -> None:
        with library.session() as session:
            session.execute(
                delete(RejectedSuggestion).where(RejectedSuggestion.id.in_(self.stored))
            )


@dataclass
class AcceptEvent(Operation):
    """The trigger, its arguments (tags made where missing) and its counts with the tags
    they were read from."""

    article_id: int
    event: EventSuggestion
    annotator: str | None = None
    event_id: int | None = None
    made: list[int] = field(default_factory=list)
    title = "accept event"

    def do(self, library: Database) -> None:
        with library.session() as session:
            tags = _Tags(session, self.article_id, self.annotator)
            tags.make(_spans_of(self.event))
            [self.event_id] = _add_events(session, self.article_id, [self.event], tags,
                                          self.annotator, [self.event_id] if self.event_id else None)  # fmt: skip
            self.made = tags.made

    def undo(self, library: Database) -> None:
        assert self.event_id is not None
        with library.session() as session:
            undo.delete_event(session, self.event_id)
            undo.delete_mentions(session, self.made)
