"""Background jobs: a core function runs on a QThread, reports progress by signal, and can be
cancelled. The GUI thread never waits on the network, the disk or the database for long."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

# job(progress, cancelled) -> result; progress(done, total)
Job = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Runner(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Job, cancel: threading.Event) -> None:
        super().__init__()
        self._job = job
        self._cancel = cancel

    def run(self) -> None:
        try:
            result = self._job(self.progress.emit, self._cancel.is_set)
        except Exception as exc:  # shown to the user; the app stays up
            self.failed.emit(f"{exc}\n\n{traceback.format_exc(limit=5)}")
        else:
            self.done.emit(result)


class Task(QObject):
    """One background job. Keep a reference until ``finished`` is emitted."""

    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = QThread()
        self._runner = _Runner(job, self._cancel)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progress.connect(self.progress)
        self._runner.done.connect(self._finish_ok)
        self._runner.failed.connect(self._finish_error)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, ms: int = 30_000) -> bool:
        self._thread.quit()
        return bool(self._thread.wait(ms))

    def _finish_ok(self, result: object) -> None:
        self._stop()
        self.succeeded.emit(result)
        self.finished.emit()

    def _finish_error(self, message: str) -> None:
        self._stop()
        self.failed.emit(message)
        self.finished.emit()

    def _stop(self) -> None:
        self._thread.quit()
        self._thread.wait()
