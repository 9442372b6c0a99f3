"""A step of the user's on Qt's undo stack: core operations done, undone and redone all or
none, and the article they were done on.

Ctrl+Z undoes the last step wherever it was done. Undone or redone while another article is
open, the step's article opens, so the change happens in front of the user and the status
bar says so (before, a tag on an article left behind went without a sign on the screen). A
step over the library (the registry's, "tag every occurrence", a schema's remap, deleting
articles) belongs to no article and opens none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from core.annotation.entity_ops import CreateEntity, DeleteEntity, EditEntity, MergeEntities
from core.annotation.errors import AnnotationError, ArticleGone
from core.annotation.ops import DeleteArticles, Operation, Remap, TagAll
from core.library import Library

LIBRARY_WIDE = (
    CreateEntity,
    DeleteEntity,
    EditEntity,
    MergeEntities,
    DeleteArticles,
    Remap,
    TagAll,
)


class Host(Protocol):
    """What a step tells the window: each operation undone or redone, a failure, and that
    the step's article should be in front."""

    def step_changed(self, op: Operation, undone: bool) -> None: ...
    def step_failed(self, reason: str, named: bool) -> None: ...
    def step_shown(self, article_id: int, said: str) -> None: ...


def article_of(steps: list[Operation], open_article: int | None) -> int | None:
    """The article a step was done on: its operations' own (labels typed on the article
    shown before are stored on it), else the one open (tags, events and their arguments are
    made on it); None for a step over the library."""
    if any(isinstance(op, LIBRARY_WIDE) for op in steps):
        return None
    named = {getattr(op, "article_id", None) for op in steps} - {None}
    if not named:
        return open_article
    return named.pop() if len(named) == 1 else None  # (several: no one article to show)


class OpCommand(QUndoCommand):
    """Core operations done as one step (one, or a form's fields). The first redo is the one
    already done. A step is undone or redone all or none: one that can no longer be (the
    library changed meanwhile: another window, a colleague) changes nothing, says why and
    leaves the stack."""

    def __init__(
        self, title: str, steps: list[Operation], library: Library, host: Host,
        article_id: int | None,
    ) -> None:  # fmt: skip
        super().__init__(title)
        self.steps, self.library, self.host, self.article_id = steps, library, host, article_id
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
        elif not self._again(self.library.annotations.redo_all, "Redone"):
            return
        for op in self.steps:
            self.host.step_changed(op, False)

    def undo(self) -> None:
        if self._again(self.library.annotations.undo_all, "Undone"):
            for op in reversed(self.steps):
                self.host.step_changed(op, True)

    def _again(self, step: Callable[[list[Operation]], None], said: str) -> bool:
        try:
            step(self.steps)
        except AnnotationError as exc:
            self.setObsolete(True)  # QUndoStack drops it
            reason = f"{exc} — this step left the undo history"
            self.host.step_failed(reason, isinstance(exc, ArticleGone))
            return False
        if self.article_id is not None:
            self.host.step_shown(self.article_id, f"{said}: {self.text()}")
        return True
