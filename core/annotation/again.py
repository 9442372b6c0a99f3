"""Steps done, undone and redone after the library changed meanwhile (another window, a
colleague on the same server, an import, `gloss delete`): either the step is done whole, or
an :class:`AnnotationError` says why not and nothing changed (each step is one transaction).

Ids make this safe: an undo puts rows back with the ids they had, and no id is ever given to
two rows (migration 0014), so an undo can only remove or restore what its own step made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.annotation.errors import AnnotationError, ArticleGone
from core.annotation.ops import DeleteArticles, Operation
from core.annotation.undo import Removed
from core.storage.db import Database
from core.storage.models import Article


def do(library: Database, op: Operation) -> None:
    """The step's first doing: its own refusal ("the selection holds no word") as it is,
    unless its article is gone (then that is the reason given)."""
    what = f"cannot {op.title}"
    try:
        op.do(library)
    except AnnotationError as exc:
        gone = _gone(library, op, what)
        if gone is None:
            raise
        raise gone from exc
    except IntegrityError as exc:
        raise _gone(library, op, what) or _changed(what, exc) from exc


def undo(library: Database, op: Operation) -> None:
    _again(library, op, op.undo, "undo")


def redo(library: Database, op: Operation) -> None:
    _again(library, op, op.do, "redo")


Step = Callable[[Database, Operation], None]


def do_all(library: Database, steps: Sequence[Operation]) -> None:
    """Several operations as one step (a form's fields): all done, or none (see ``_all``)."""
    _all(library, list(steps), do, undo)


def undo_all(library: Database, steps: Sequence[Operation]) -> None:
    _all(library, list(reversed(steps)), undo, redo)


def redo_all(library: Database, steps: Sequence[Operation]) -> None:
    _all(library, list(steps), redo, undo)


def _all(library: Database, steps: list[Operation], step: Step, back: Step) -> None:
    """Each operation in turn; when one cannot be, those done already are taken back, last
    first, and its error is raised: the library is as it was. (Taking one back may itself fail
    if the library changed meanwhile twice over: that error is raised instead.)"""
    for at, op in enumerate(steps):
        try:
            step(library, op)
        except AnnotationError:
            for done in reversed(steps[:at]):
                back(library, done)
            raise


def _again(library: Database, op: Operation, step: Callable[[Database], None], verb: str) -> None:
    what = f"cannot {verb} “{op.title}”"
    try:
        step(library)
    except AnnotationError as exc:
        raise _gone(library, op, what) or AnnotationError(f"{what}: {exc}") from exc
    except IntegrityError as exc:
        raise _gone(library, op, what) or _changed(what, exc) from exc


def _changed(what: str, exc: IntegrityError) -> AnnotationError:
    return AnnotationError(f"{what}: the library changed meanwhile ({exc.orig})")


def _gone(library: Database, op: Operation, what: str) -> ArticleGone | None:
    """The step's article no longer there, said as the user would; None if it is there."""
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
    return ArticleGone(
        f"{what}: article #{missing[0]} was deleted meanwhile (in another window or program)"
    )
