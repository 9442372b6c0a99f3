"""Steps done, undone and redone after the library changed meanwhile (another window, a
colleague on the same server, an import, `gloss delete`): either the step is done whole, or
an :class:`AnnotationError` says why not and nothing changed (each step is one transaction).

Ids make this safe: an undo puts rows back with the ids they had, and no id is ever given to
two rows (migration 0014), so an undo can only remove or restore what its own step made.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.annotation.errors import AnnotationError
from core.annotation.ops import DeleteArticles, Operation
from core.annotation.undo import Removed
from core.storage.db import Database
from core.storage.models import Article


def do(library: Database, op: Operation) -> None:
    """The step's first doing: its own refusal ("the selection holds no word") as it is,
    unless its article is gone (then that is the reason given)."""
    try:
        op.do(library)
    except AnnotationError as exc:
        gone = _gone(library, op)
        if gone is None:
            raise
        raise AnnotationError(f"cannot {op.title}: {gone}") from exc
    except IntegrityError as exc:
        reason = _gone(library, op) or f"the library changed meanwhile ({exc.orig})"
        raise AnnotationError(f"cannot {op.title}: {reason}") from exc


def undo(library: Database, op: Operation) -> None:
    _again(library, op, op.undo, "undo")


def redo(library: Database, op: Operation) -> None:
    _again(library, op, op.do, "redo")


def _again(library: Database, op: Operation, step: Callable[[Database], None], verb: str) -> None:
    try:
        step(library)
    except AnnotationError as exc:
        raise AnnotationError(f"cannot {verb} “{op.title}”: {_gone(library, op) or exc}") from exc
    except IntegrityError as exc:
        reason = _gone(library, op) or f"the library changed meanwhile ({exc.orig})"
        raise AnnotationError(f"cannot {verb} “{op.title}”: {reason}") from exc


def _gone(library: Database, op: Operation) -> str | None:
    """What of the step's article is no longer there, said as the user would."""
    if isinstance(op, DeleteArticles):
        return None  # its articles are meant to be gone; its own error says what is wrong
    ids = {getattr(op, "article_id", None)}
    removed = getattr(op, "removed", None)
    if isinstance(removed, Removed):
        ids.add(removed.row.get("article_id"))
    wanted = {i for i in ids if isinstance(i, int)}
    if not wanted:
        return None
    with library.reading() as session:
        present = set(session.scalars(select(Article.id).where(Article.id.in_(wanted))))
    missing = sorted(wanted - present)
    if not missing:
        return None
    return f"article #{missing[0]} was deleted meanwhile (in another window or program)"
