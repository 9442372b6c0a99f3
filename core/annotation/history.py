"""A plain undo/redo history over operations, for scripts (the app uses Qt's QUndoStack,
which runs the same operations)."""

from __future__ import annotations

from core.annotation import again
from core.annotation.ops import Operation
from core.storage.db import Database


class History:
    """A plain undo/redo history over operations (the app uses QUndoStack instead)."""

    def __init__(self, library: Database) -> None:
        self.library = library
        self.done: list[Operation] = []
        self.undone: list[Operation] = []

    def run(self, op: Operation) -> Operation:
        again.do(self.library, op)
        self.done.append(op)
        self.undone.clear()
        return op

    def push(self, op: Operation) -> Operation:
        """Keep ``op``, already done (by a façade manager), for undo."""
        self.done.append(op)
        self.undone.clear()
        return op

    def can_undo(self) -> bool:
        return bool(self.done)

    def undo(self) -> None:
        """Undo the last step; one that cannot be undone (an ``AnnotationError`` says why:
        the library changed meanwhile) leaves the history."""
        op = self.done.pop()
        again.undo(self.library, op)
        self.undone.append(op)

    def redo(self) -> None:
        op = self.undone.pop()
        again.redo(self.library, op)
        self.done.append(op)
