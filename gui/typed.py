"""Typing in a one-line field is stored when the user confirms it: Return, or the focus
leaving the field (Qt's ``editingFinished``). A key such as Alt+Down or a menu item moves
on with neither, so typing not yet confirmed is marked (Qt's ``isModified``) and
:func:`confirm` stores it before the field shows something else."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit


def on_confirmed(field: QLineEdit, store: Callable[[], object]) -> None:
    """Call ``store`` when the typing in ``field`` is confirmed; it is then no longer
    unconfirmed. ``store`` compares with what is stored: a confirmation may repeat."""

    def confirmed() -> None:
        field.setModified(False)
        store()

    field.editingFinished.connect(confirmed)


def confirm(*fields: QLineEdit) -> None:
    """Confirm each field's typing not yet confirmed, as Return would."""
    for field in fields:
        if field.isModified():
            field.editingFinished.emit()
