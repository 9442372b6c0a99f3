"""The app in a process of its own, driven line by line on stdin (issue 9.1's reproduction):

- ``dialog``: File ▸ Import files (Ctrl+O) as a user would, on the library's folder: the
  dialog lists it (icons and types included), then is cancelled;
- ``tag START END``: tag words of article 1 as the app does; prints ``ok mention ID`` once
  stored (what the status bar acknowledges);
- ``quit``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    from core.annotation.ops import AddMention
    from core.library import Library
    from gui.main_window import MainWindow

    url, settings_path = sys.argv[1], sys.argv[2]
    app = QApplication.instance() or QApplication([])
    library = Library(url)
    settings = QSettings(settings_path, QSettings.Format.IniFormat)
    folder = str(Path(url.split("///", 1)[1]).parent)
    settings.setValue("import/dir", folder)
    window = MainWindow(library, settings)
    window.show()
    print("ready", flush=True)

    def close_dialog_when_listed() -> None:
        dialog = next((w for w in app.topLevelWidgets() if isinstance(w, QFileDialog)), None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(50, close_dialog_when_listed)
            return
        # Let it list the folder and fetch icons and types, as a person looking at it would.
        timer = QElapsedTimer()
        timer.start()
        while timer.elapsed() < 1500:
            QCoreApplication.processEvents()
        dialog.reject()

    for line in sys.stdin:
        command, *args = line.split()
        if command == "dialog":
            QTimer.singleShot(0, close_dialog_when_listed)
            window.exchange.import_files()  # modal, as from the menu
            print("ok dialog", flush=True)
        elif command == "tag":
            op = AddMention(1, int(args[0]), int(args[1]), args[2] if len(args) > 2 else "GPE")
            op.do(library)
            print(f"ok mention {op.mention_id}", flush=True)
        elif command == "quit":
            break
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
