"""Start the desktop app: paint the window first, then open the library."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def run(db: str | None = None, quit_after_paint: bool = False) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from core.config import database_url
    from gui.main_window import MainWindow

    app: Any = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Gloss")
    app.setOrganizationName("Gloss")
    url = database_url(db)
    window = MainWindow()
    previous_hook = sys.excepthook

    def show_library_errors(kind: Any, value: Any, trace: Any) -> None:
        """A library that cannot be written safely (its journal removed by another program)
        is said in a dialog wherever it surfaces (undo, redo, a panel), not on stderr."""
        from PySide6.QtWidgets import QMessageBox

        from core.library import LibraryError

        if isinstance(value, LibraryError):
            QMessageBox.critical(window, "Gloss", str(value))
            return
        previous_hook(kind, value, trace)

    sys.excepthook = show_library_errors

    def opened(library: Any) -> None:
        window.set_library(library)
        if quit_after_paint:
            print("library open", flush=True)
            app.quit()

    def refused(message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(window, "Gloss", message)
        app.exit(2)

    opening: list[Any] = []  # the task opening the library, kept while it runs

    def open_library() -> None:
        opening.append(open_library_at(url, opened, refused, window.statusBar().showMessage))

    class FirstPaint(QObject):
        """Opens the library once the window has painted (and reports it to benchmarks)."""

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if obj is window and event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                if quit_after_paint:
                    print("first paint", flush=True)
                QTimer.singleShot(0, open_library)
            return False

    first_paint = FirstPaint(window)
    window.installEventFilter(first_paint)
    window.show()
    code = app.exec()
    for task in opening:
        if task.running:
            task.wait(24 * 3600 * 1000)  # closed while opening (upgrading): that ends first
    if window.library is not None:
        window.library.close()
    return int(code)


UPGRADING = (
    "Upgrading the library for this version of Gloss (once; a large library takes a minute)…"
)


def open_library_at(
    url: str,
    opened: Callable[[Any], None],
    refused: Callable[[str], None],
    say: Callable[[str, int], None],
) -> Any:
    """Open the library at ``url`` on a worker thread and hand it to ``opened`` (or its
    error to ``refused``) on the GUI thread, which goes on drawing meanwhile: a server slow
    to answer (given up on by its deadline), or a library from an older Gloss, upgraded first
    (a large one takes a while; the window says so). Keep the returned task until then."""
    from core.library import Library, LibraryError
    from gui.workers import Task

    def job(progress: Callable[[int, int], None], _cancelled: Any) -> Any:
        try:
            if Library.needs_upgrade(url):
                progress(0, 1)  # the window says it is upgrading
            return Library(url)
        except LibraryError as exc:
            return str(exc)

    upgrading: list[bool] = []

    def started_upgrade(_done: int, _total: int) -> None:
        upgrading.append(True)
        say(UPGRADING, 0)  # until it is done

    def finished(result: Any) -> None:
        if isinstance(result, str):
            refused(result)
            return
        opened(result)
        if upgrading:
            say("The library was upgraded for this version of Gloss.", 8000)

    task = Task(job)
    task.progress.connect(started_upgrade)
    task.succeeded.connect(finished)
    task.failed.connect(lambda message: refused(message.split("\n\n")[0]))
    task.start()
    return task
