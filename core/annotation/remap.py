"""Re-map a type: every mention and event of one type gets another. A mention whose words
already carry the new type is merged into that tag (its event arguments move there)
instead of becoming a duplicate; :func:`unmap` puts everything back as it was."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from core.annotation.undo import whole
from core.storage.models import Event, EventArgument, Mention


@dataclass
class Remapped:
    old: str
    new: str
    mentions: list[tuple[int, Any]] = field(default_factory=list)  # (id, updated_at)
    events: list[tuple[int, Any]] = field(default_factory=list)
    merged: list[dict[str, Any]] = field(default_factory=list)  # removed duplicates, whole
    moved: list[tuple[int, int]] = field(default_factory=list)  # (argument id, former mention)


def remap(session: Session, old: str, new: str) -> Remapped:
    done = Remapped(old, new)
    for mention in list(session.scalars(select(Mention).where(Mention.label == old))):
        survivor = session.scalar(
            select(Mention.id).where(
                Mention.article_id == mention.article_id, Mention.layer == mention.layer,
                Mention.start == mention.start, Mention.end == mention.end, Mention.label == new,
            )
        )  # fmt: skip
        if survivor is None:
            done.mentions.append((mention.id, mention.updated_at))
            continue
        for argument in session.scalars(
            select(EventArgument).where(EventArgument.mention_id == mention.id)
        ):
            done.moved.append((argument.id, mention.id))
            argument.mention_id = survivor
        session.flush()
        done.merged.append(whole(mention))
        session.delete(mention)
    done.events = [
        (row.id, row.updated_at)
        for row in session.execute(select(Event.id, Event.updated_at).where(Event.type == old))
    ]
    ids = [ident for ident, _ in done.mentions]
    session.execute(update(Mention).where(Mention.id.in_(ids)).values(label=new))
    ids = [ident for ident, _ in done.events]
    session.execute(update(Event).where(Event.id.in_(ids)).values(type=new))
    return done


def unmap(session: Session, done: Remapped) -> None:
    if done.merged:
        session.execute(insert(Mention), done.merged)
    for argument_id, mention_id in done.moved:
        session.execute(
            update(EventArgument)
            .where(EventArgument.id == argument_id)
            .values(mention_id=mention_id)
        )
    for ident, updated in done.mentions:
        session.execute(
            update(Mention).where(Mention.id == ident).values(label=done.old, updated_at=updated)
        )
    for ident, updated in done.events:
        session.execute(
            update(Event).where(Event.id == ident).values(type=done.old, updated_at=updated)
        )
