"""The undo halves, as service calls: what an operation removes is kept whole and put back
as it was (same ids, same timestamps); what it changes is put back field by field."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, update
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


def as_left(
    session: Session, table: Table, rows: list[dict[str, Any]], coming: dict[str, set[Any]],
    whole: bool = False,
) -> list[dict[str, Any]]:  # fmt: skip
    """``rows`` of ``table`` as the database's own rules would have left them had they stayed
    while what they refer to was deleted meanwhile (another window, a colleague): a
    reference ``ON DELETE SET NULL`` is emptied, one ``ON DELETE CASCADE`` takes its row
    away — or, for the rows the user asked back (``whole``), refuses: they cannot come back
    without it. ``coming``: ids of each table put back in the same step."""
    kept = rows
    for key in sorted(table.foreign_keys, key=lambda k: k.parent.name):
        name, target = key.parent.name, key.column
        wanted = {row[name] for row in kept if row[name] is not None}
        if not wanted:
            continue
        wanted -= coming.get(target.table.name, set())
        listed = sorted(wanted)
        there = {
            found
            for at in range(0, len(listed), 900)  # SQLite's limit on a statement's values
            for found in session.scalars(select(target).where(target.in_(listed[at : at + 900])))
        }
        missing = wanted - there
        if not missing:
            continue
        if key.ondelete == "SET NULL":
            kept = [{**row, name: None} if row[name] in missing else row for row in kept]
        elif whole:
            raise service.AnnotationError(
                f"{target.table.name} #{min(missing)} it belongs to was deleted meanwhile"
            )
        else:
            kept = [row for row in kept if row[name] not in missing]
    return kept


def restore(session: Session, model: type[Mention] | type[Event], removed: Removed) -> None:
    """Put a removed mention or event back, with its event arguments (as far as what they
    refer to is still there: :func:`as_left`)."""
    table = cast(Table, model.__table__)
    [row] = as_left(session, table, [removed.row], {}, whole=True)
    session.execute(insert(model), [row])
    coming = {table.name: {row["id"]}}
    arguments = as_left(session, cast(Table, EventArgument.__table__), removed.arguments, coming)
    if arguments:
        session.execute(insert(EventArgument), arguments)


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


def remove_argument(session: Session, argument_id: int) -> dict[str, Any]:
    """Take an argument out of its event; what :func:`restore_argument` puts back."""
    row = session.get(EventArgument, argument_id)
    if row is None:
        raise service.AnnotationError(f"no argument with id {argument_id}")
    saved = whole(row)
    session.delete(row)
    return saved


def restore_argument(session: Session, saved: dict[str, Any]) -> None:
    session.execute(insert(EventArgument), [saved])


def delete_argument(session: Session, argument_id: int) -> None:
    session.execute(delete(EventArgument).where(EventArgument.id == argument_id))


@dataclass
class RemovedArticles:
    """Articles taken out whole: their rows and everything hanging off them, in the order
    they go back, and the near-duplicate links other articles had to them."""

    tables: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    near: list[tuple[int, int]] = field(default_factory=list)  # (article, near_duplicate_of)


def remove_articles(session: Session, ids: list[int]) -> RemovedArticles:
    """Delete articles with their paragraphs, translations, tags and events."""
    from core.storage.models import Article, Paragraph, RejectedSuggestion, Translation

    removed = RemovedArticles()
    ident = Article.__table__.c.id
    for model, where in (
        (Article, ident.in_(ids)),
        (Paragraph, Paragraph.article_id.in_(ids)),
        (Translation, Translation.paragraph_id.in_(
            select(Paragraph.id).where(Paragraph.article_id.in_(ids)))),
        (Mention, Mention.article_id.in_(ids)),
        (Event, Event.article_id.in_(ids)),
        (EventArgument, EventArgument.event_id.in_(
            select(Event.id).where(Event.article_id.in_(ids)))),
        (RejectedSuggestion, RejectedSuggestion.article_id.in_(ids)),
    ):  # fmt: skip
        name = str(model.__tablename__)
        table = model.metadata.tables[name]
        rows = [dict(r) for r in session.execute(select(table).where(where)).mappings()]
        removed.tables.append((name, rows))
    removed.near = [
        (a, b)
        for a, b in session.execute(
            select(Article.id, Article.near_duplicate_of).where(
                Article.near_duplicate_of.in_(ids), ident.not_in(ids)
            )
        )
        if b is not None
    ]
    session.execute(delete(Article).where(ident.in_(ids)))  # the rest goes by cascade
    return removed


def restore_articles(session: Session, removed: RemovedArticles) -> None:
    from core.storage.models import Article, Base

    articles = next(rows for name, rows in removed.tables if name == "articles")
    hashes = {row["content_hash"]: row["id"] for row in articles}
    for content_hash, again in session.execute(
        select(Article.content_hash, Article.id).where(Article.content_hash.in_(hashes))
    ):
        raise service.AnnotationError(
            f"article #{hashes[content_hash]} cannot come back: its text was imported again "
            f"as #{again} meanwhile (delete that one first to bring this one back whole)"
        )
    coming: dict[str, set[Any]] = {}
    for name, saved in removed.tables:
        table = Base.metadata.tables[name]
        coming[name] = {row["id"] for row in saved}  # rows of one table may refer to each other
        rows = as_left(session, table, saved, coming)
        coming[name] = {row["id"] for row in rows}
        if rows:
            session.execute(insert(table), rows)
    for article_id, near in removed.near:
        session.execute(
            update(Article).where(Article.id == article_id).values(near_duplicate_of=near)
        )
