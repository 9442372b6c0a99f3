"""Dialogs one types in: what was typed is not thrown away by a reflex or a slip."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from gui.dialogs.ask import ask


class TypingDialog(QDialog):
    """A dialog one types text in: Esc or the close button asks before throwing it away
    (Esc again, or Enter, keeps editing); Ctrl+Return is OK, Return being a new line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        ok = QShortcut(QKeySequence("Ctrl+Return"), self)
        ok.activated.connect(self._ok)

    def typed(self) -> bool:
        """Whether something typed would be lost."""
        raise NotImplementedError

    def _ok(self) -> None:
        """As the OK (or Save) button, with its checks: nothing while it is off."""
        for box in self.findChildren(QDialogButtonBox):
            for button in box.buttons():
                if box.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole:
                    if button.isEnabled():
                        button.click()
                    return

    def reject(self) -> None:
        if self.typed() and not ask(self, "Discard what you typed?", "Discard", "Keep editing"):
            return
        super().reject()
