"""The undo halves, as service calls: what an operation removes is kept whole and put back
as it was (same ids, same timestamps); what it changes is put back field by field."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from core.annotation import service
from core.storage.models import Event, EventArgument, Mention


def whole(obj: Any) -> dict[str, Any]:
    """Every column of a row: enough to insert it again as it was."""
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


def fields(obj: Any, *names: str) -> dict[str, Any]:
    """The named fields of a row and its ``updated_at``: what an undo puts back."""
    return {name: copy.deepcopy(getattr(obj, name)) for name in (*names, "updated_at")}


def put_back(session: Session, model: Any, ident: int, values: dict[str, Any]) -> None:
    """Set the fields saved by :func:`fields` again."""
    session.execute(update(model).where(model.id == ident).values(**values))


@dataclass
class Removed:
    """A mention or an event taken out, with the event arguments that went with it."""

    row: dict[str, Any]
    arguments: list[dict[str, Any]] = field(default_factory=list)


def remove_mention(session: Session, mention_id: int) -> Removed:
    mention = service.get_mention(session, mention_id)
    arguments = session.scalars(select(EventArgument).where(EventArgument.mention_id == mention_id))
    removed = Removed(whole(mention), [whole(a) for a in arguments])
    session.delete(mention)
    return removed


def restore(session: Session, model: type[Mention] | type[Event], removed: Removed) -> None:
    """Put a removed mention or event back, with its event arguments."""
    session.execute(insert(model), [removed.row])
    if removed.arguments:
        session.execute(insert(EventArgument), removed.arguments)


def delete_mentions(session: Session, ids: list[int]) -> None:
    """Take back mentions just added (no argument refers to them yet)."""
    for at in range(0, len(ids), 900):
        session.execute(delete(Mention).where(Mention.id.in_(ids[at : at + 900])))


def remove_event(session: Session, event_id: int) -> Removed:
    event = service.get_event(session, event_id)
    removed = Removed(whole(event), [whole(a) for a in event.arguments])
    session.delete(event)
    return removed


def delete_event(session: Session, event_id: int) -> None:
    """Take back an event just added, with its arguments."""
    session.execute(delete(EventArgument).where(EventArgument.event_id == event_id))
    session.execute(delete(Event).where(Event.id == event_id))


def delete_argument(session: Session, argument_id: int) -> None:
    session.execute(delete(EventArgument).where(EventArgument.id == argument_id))
