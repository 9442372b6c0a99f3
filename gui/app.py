"""Start the desktop app: paint the window first, then open the library."""

from __future__ import annotations

import sys
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

    def open_library() -> None:
        from PySide6.QtWidgets import QMessageBox

        from core.library import Library, LibraryError

        try:
            library = Library(url)
        except LibraryError as exc:
            QMessageBox.critical(window, "Gloss", str(exc))
            app.exit(2)
            return
        window.set_library(library)
        if quit_after_paint:
            print("library open", flush=True)
            app.quit()

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
    if window.library is not None:
        window.library.close()
    return int(code)
