"""Delete in the article list asks first when the article carries the user's work.

As found: one press of Delete with the focus in the list (meant for a tag in the reader)
deleted the article with its tags and events. The status bar said Ctrl+Z brings it back, but
the undo history ends with the window: after quitting, the work was gone. An article with
nothing of the user's (no tag, event, label or note) is still deleted at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.annotation.ops import AddMention, SetArticleField
from core.library import Library
from gui.main_window import MainWindow
from tests.questions import answer
from tests.test_gui_unfinished_edits import FIRST, two_articles


def _press_delete_in_the_list(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    win.activateWindow()  # (back from a question; a window manager does it)
    qtbot.waitUntil(win.isActiveWindow)
    table = win.pane.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Delete)


def test_delete_of_a_tagged_article_asks_and_keep_keeps_it(
    qtbot, library: Library, settings
) -> None:
    win, first, second = two_articles(qtbot, library, settings)
    start = FIRST.index("Kyiv")
    assert win.annotating.run(AddMention(first, start, start + 4, "GPE"))
    assert win.annotating.run(SetArticleField(first, "notes", "Two witnesses."))
    asked = answer("Keep it")
    _press_delete_in_the_list(qtbot, win)
    assert len(asked) == 1 and "Drones over Kyiv" in asked[0]
    assert "1 annotation" in asked[0] and "notes" in asked[0]
    assert library.articles.ids() == [first, second] and win.state.article_id == first
    asked = answer("Delete")
    _press_delete_in_the_list(qtbot, win)
    assert len(asked) == 1 and library.articles.ids() == [second]
    win.annotating.undo_stack.undo()
    assert library.articles.ids() == [first, second]


def test_delete_of_an_article_without_work_asks_nothing(qtbot, library: Library, settings) -> None:
    win, _first, second = two_articles(qtbot, library, settings)
    asked = answer("Keep it")
    _press_delete_in_the_list(qtbot, win)
    assert library.articles.ids() == [second]
    qtbot.wait(1100)  # (the clicker gives up)
    assert asked == []
