"""Answering the app's questions in GUI tests: a question box is modal, so the answer is
given from the event loop the box runs."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def answer(button: str, seconds: float = 1.0) -> list[str]:
    """Click ``button`` in the question box if one shows within ``seconds``; the list of the
    questions asked fills as they are."""
    asked: list[str] = []

    def click(tries: int) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            next(b for b in box.buttons() if b.text() == button).click()
        elif tries:
            QTimer.singleShot(20, lambda: click(tries - 1))

    QTimer.singleShot(20, lambda: click(int(seconds * 50)))
    return asked
