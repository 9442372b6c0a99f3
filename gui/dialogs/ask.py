"""A question before something is thrown away or cancelled: the safe answer is the default,
and Esc or Enter gives it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget, text: str, go: str, stay: str, detail: str = "") -> bool:
    """Whether the user chose ``go`` (the button that throws away or cancels) over ``stay``."""
    box = QMessageBox(QMessageBox.Icon.Question, parent.windowTitle() or "Gloss", text,
                      parent=parent)  # fmt: skip
    if detail:
        box.setInformativeText(detail)
    chosen = box.addButton(go, QMessageBox.ButtonRole.DestructiveRole)
    safe = box.addButton(stay, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(safe)
    box.setEscapeButton(safe)
    box.exec()
    return box.clickedButton() is chosen
