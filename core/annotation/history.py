"""A plain undo/redo history over operations, for scripts (the app uses Qt's QUndoStack,
which runs the same operations)."""

from __future__ import annotations

from core.annotation.ops import Operation
from core.storage.db import Database


class History:
    """A plain undo/redo history over operations (the app uses QUndoStack instead)."""

    def __init__(self, library: Database) -> None:
        self.library = library
        self.done: list[Operation] = []
        self.undone: list[Operation] = []

    def run(self, op: Operation) -> Operation:
        op.do(self.library)
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
        op = self.done.pop()
        op.undo(self.library)
        self.undone.append(op)

    def redo(self) -> None:
        op = self.undone.pop()
        op.do(self.library)
        self.done.append(op)
