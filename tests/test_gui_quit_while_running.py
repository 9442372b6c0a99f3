"""Closing the window while an import, an export or a translation runs asks first.

As found: closing the window during a long import cancelled it without a word; the import
report (which files failed, and why) was never shown, and the user, back later, could not
tell which files had come in.
"""

from __future__ import annotations

import threading
from typing import Any

from core.library import Library
from tests.questions import answer
from tests.test_gui_annotation import open_window


def test_closing_during_a_task_asks_and_keep_running_keeps_it(
    qtbot, library: Library, settings
) -> None:
    win = open_window(qtbot, library, settings)
    stopped = threading.Event()
    done: list[Any] = []

    def job(progress: Any, cancelled: Any) -> str:
        progress(1, 3)
        while not cancelled():
            threading.Event().wait(0.01)
        stopped.set()
        return "cancelled"

    assert win.tasks.start(job, "Importing", done.append)
    qtbot.waitUntil(lambda: win.tasks.progress.maximum() == 3)
    asked = answer("Keep it running")
    win.close()
    assert asked and "Importing" in asked[0] and "1 of 3" in asked[0]
    assert win.isVisible() and win.tasks.task is not None and not stopped.is_set()
    asked = answer("Cancel it and quit")
    win.close()
    assert len(asked) == 1
    assert not win.isVisible() and stopped.is_set()


def test_closing_with_nothing_running_asks_nothing(qtbot, library: Library, settings) -> None:
    win = open_window(qtbot, library, settings)
    asked = answer("Keep it running")
    win.close()
    assert not win.isVisible()
    qtbot.wait(1100)  # (the clicker gives up)
    assert asked == []
