"""The app's undo after another window or program changed the library: a step that can no
longer be undone says why in the status bar, changes nothing and leaves the undo history
(before: a traceback on stderr, the step shown as undone, the redo failing again)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.ingest.run import import_text
from core.library import Library
from tests.test_gui_annotation import mentions, open_article, tag


def test_an_undo_on_an_article_deleted_elsewhere_is_said_and_leaves_the_history(
    qtbot, library: Library, settings
) -> None:
    talks = "Talks resume\n\nPrisoner exchange talks resumed on Monday."
    other = import_text(library, talks).imported[0]["id"]
    win, article_id = open_article(qtbot, library, settings)
    left = win.reader.left
    tag(qtbot, left, "drones", Qt.Key.Key_6)
    tag(qtbot, left, "Kyïv", Qt.Key.Key_3)
    tag(qtbot, left, "Kyïv", Qt.Key.Key_Delete)
    stack = win.annotating.undo_stack
    assert stack.count() == 3 and [m["text"] for m in mentions(library, article_id)] == ["drones"]

    elsewhere = Library(library.url)  # another window on the same library
    elsewhere.articles.delete([article_id])
    elsewhere.close()

    stack.undo()  # bring back "Kyïv": its article is gone

    message = win.statusBar().currentMessage()
    assert f"cannot undo “remove tag”: article #{article_id} was deleted meanwhile" in message
    assert stack.count() == 2 and stack.index() == 2  # the step left; the others stay
    assert library.articles.ids() == [other]
    assert win.pane.model.rowCount() == 1 and win.pane.current_article() == other
    assert win.state.article_id == other  # the list and the reader moved on, as after Delete
    stack.undo()  # taking back a tag whose article is gone: nothing to take back
    assert stack.index() == 1
    stack.redo()  # tagging it again cannot be done either: said, and the step leaves
    assert "was deleted meanwhile" in win.statusBar().currentMessage()
    assert stack.count() == 1 and library.articles.ids() == [other]
    win.close()
