"""Accepting and rejecting suggestions, each one undoable step. An accepted tag or event keeps
where it came from (``origin``: "suggested by gazetteer"); a rejected suggestion is stored and
never proposed again for that span and type."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.annotation import service, undo
from core.annotation.ops import Operation
from core.storage.db import Database
from core.storage.models import Mention, RejectedSuggestion
from core.suggest.article import EventSuggestion
from core.suggest.engine import Suggestion


def _tag(session: Session, article_id: int, s: Suggestion, annotator: str | None) -> int:
    """The tag at exactly this span and type (made if missing); its id."""
    found = session.scalar(select(Mention.id).where(
        Mention.article_id == article_id, Mention.layer == s.layer, Mention.start == s.start,
        Mention.end == s.end, Mention.label == s.label))  # fmt: skip
    if found is not None:
        return int(found)
    mention = service.add_mention(session, article_id, s.start, s.end, s.label, s.layer,
                                  annotator, snap_to_words=False)  # fmt: skip
    mention.origin = f"suggested by {s.source}"[:64]
    return mention.id


def _tags_of(session: Session, article_id: int) -> set[int]:
    return set(session.scalars(select(Mention.id).where(Mention.article_id == article_id)))


@dataclass
class AcceptSuggestions(Operation):
    article_id: int
    items: list[Suggestion]
    annotator: str | None = None
    made: list[int] = field(default_factory=list)
    title = "accept suggestions"

    def do(self, library: Database) -> None:
        with library.session() as session:
            before = _tags_of(session, self.article_id)
            ids = [_tag(session, self.article_id, s, self.annotator) for s in self.items]
            self.made = [i for i in ids if i not in before]

    def undo(self, library: Database) -> None:
        with library.session() as session:
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
        e = self.event
        with library.session() as session:
            before = _tags_of(session, self.article_id)
            event = service.add_event(session, self.article_id, e.type, e.start, e.end, e.layer,
                                      self.annotator, event_id=self.event_id)  # fmt: skip
            event.origin = f"suggested by {e.source}"[:64]
            self.event_id = event.id
            for role, span in e.arguments:
                service.add_argument(session, event.id, role, _tag(session, self.article_id, span, self.annotator),
                                     self.annotator)  # fmt: skip
            schema = service.typed_schema(session)
            for key, value in e.dates:
                service.set_attribute(session, event.id, key, value)
            for key, number, evidence in e.counts:
                service.set_attribute(session, event.id, key, number)
                source = schema.evidence_key(key)
                if source is not None and evidence is not None:  # "no victims": no quantity
                    service.set_attribute(
                        session,
                        event.id,
                        source,
                        _tag(session, self.article_id, evidence, self.annotator),
                    )
            after = _tags_of(session, self.article_id)
            self.made = sorted(after - before)

    def undo(self, library: Database) -> None:
        assert self.event_id is not None
        with library.session() as session:
            undo.delete_event(session, self.event_id)
            undo.delete_mentions(session, self.made)
