"""The background task runner: one task at a time, progress and Cancel in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressBar, QPushButton

from gui.dialogs.ask import ask
from gui.workers import Task


class TaskRunner:
    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.task: Task | None = None
        self.label = ""
        self.progress = QProgressBar(window)
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel", window)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        # Esc cancels while a task runs; otherwise the key is free (a find bar closes on it)
        self.cancel_action = QAction("Cancel the running task", window)
        self.cancel_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Cancel))
        self.cancel_action.setEnabled(False)
        self.cancel_action.triggered.connect(self.cancel)
        window.addAction(self.cancel_action)
        window.statusBar().addPermanentWidget(self.progress)
        window.statusBar().addPermanentWidget(self.cancel_button)

    def start(self, job: Any, label: str, on_done: Callable[[Any], None]) -> bool:
        """Run ``job(progress, cancelled)`` off the GUI thread; ``on_done(result)`` after."""
        bar = self.window.statusBar()
        if self.task is not None:
            bar.showMessage("Another task is still running: wait or cancel it.", 5000)
            return False
        self.task, self.label = Task(job, self.window), label
        self.task.progress.connect(self._progress)
        self.task.succeeded.connect(on_done)
        self.task.failed.connect(self._failed)
        self.task.finished.connect(self._finished)
        self.progress.setRange(0, 0)
        self.progress.setFormat(f"{label} %v/%m")
        self.progress.show()
        self.cancel_button.show()
        self.cancel_action.setEnabled(True)
        bar.showMessage(f"{label}…")
        self.task.start()
        return True

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _failed(self, message: str) -> None:
        QMessageBox.critical(self.window, "Gloss", message.split("\n\n", 1)[0])

    def _finished(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_action.setEnabled(False)
        self.task = None

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.window.statusBar().showMessage("Cancelling…")

    def may_close(self) -> bool:
        """Whether the window may close: nothing runs, or the user lets it be cancelled
        (it is asked, naming the task and how far it got)."""
        if self.task is None:
            return True
        done, total = self.progress.value(), self.progress.maximum()
        far = f" ({max(done, 0):,} of {total:,})" if total > 0 else ""
        return ask(self.window, f"{self.label}{far} is still running.", "Cancel it and quit",
                   "Keep it running", "Quitting cancels it.")  # fmt: skip

    def stop(self) -> None:
        """Cancel and wait (the window is closing)."""
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
