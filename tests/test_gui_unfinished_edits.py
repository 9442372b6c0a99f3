"""Words typed in a field and not yet confirmed are kept whatever the user does next.

As found under Xvfb: typing labels for an article and then pressing Alt+Down (Go ▸ Next
article) lost them silently. The labels field saved on Qt's ``editingFinished``, which a
shortcut or a menu item does not emit: the next article's labels were written over the typed
ones. "Mark done and go to the next", F5 (read the library again), and an entity's name
typed in the registry before F5 lost them too. (Quitting confirms: the field loses the focus.)
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from core.annotation.ops import AddMention
from core.ingest.run import import_text
from core.library import Library
from gui.main_window import MainWindow
from tests.test_gui_annotation import mentions, open_window
from tests.test_gui_registry import show_registry, tagged_library

FIRST = "Drones over Kyiv\n\nThe air force said 64 drones were shot down over Kyiv."
SECOND = "Talks resume\n\nPrisoner exchange talks resumed on Monday in Istanbul."


def two_articles(qtbot, library: Library, settings) -> tuple[MainWindow, int, int]:  # type: ignore[no-untyped-def]
    first = int(import_text(library, FIRST).imported[0]["id"])
    second = int(import_text(library, SECOND).imported[0]["id"])
    win = open_window(qtbot, library, settings)
    win.pane.select_article(first)
    assert win.state.article_id == first
    return win, first, second


def _type_labels(qtbot, win: MainWindow, words: str) -> None:
    """Click into the labels field and type, as a user would; nothing confirms it yet."""
    field = win.article_bar.labels
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, words)
    assert field.hasFocus()


def _press(qtbot, win: MainWindow, keys: str) -> None:
    """Press ``keys`` where the focus is, as a user would (the shortcut is the menu's)."""
    action = next(
        a for a in win.findChildren(QAction) if keys in [k.toString() for k in a.shortcuts()]
    )
    assert action.isEnabled(), action.text()
    sequence = action.shortcut()[0]
    target = win.focusWidget() or win
    qtbot.keyClick(target, sequence.key(), sequence.keyboardModifiers())


def _quit(win: MainWindow) -> None:
    """File ▸ Quit, from the menu (whose popup takes the focus without confirming)."""
    next(a for a in win.findChildren(QAction) if a.text() == "Quit").trigger()


def _labels(library: Library, article_id: int) -> tuple[str, ...]:
    fields = library.articles.fields(article_id)
    assert fields is not None
    return tuple(fields.labels)


def test_labels_typed_then_next_article_by_key_are_kept(qtbot, library: Library, settings) -> None:
    win, first, second = two_articles(qtbot, library, settings)
    _type_labels(qtbot, win, "urgent, drones")
    _press(qtbot, win, "Alt+Down")
    qtbot.waitUntil(lambda: win.state.article_id == second)
    assert _labels(library, first) == ("drones", "urgent")
    assert _labels(library, second) == ()
    assert win.article_bar.labels.text() == ""  # the second article's own labels
    _press(qtbot, win, "Alt+Up")
    qtbot.waitUntil(lambda: win.state.article_id == first)
    assert win.article_bar.labels.text() == "drones, urgent"
    win.annotating.undo_stack.undo()  # one step, undone as any other
    assert _labels(library, first) == ()


def test_labels_typed_then_done_and_next_are_kept(qtbot, library: Library, settings) -> None:
    win, first, second = two_articles(qtbot, library, settings)
    _type_labels(qtbot, win, "verified")
    win.reviewing.done_action.trigger()
    qtbot.waitUntil(lambda: win.state.article_id == second)
    fields = library.articles.fields(first)
    assert fields is not None and (fields.status, fields.labels) == ("done", ("verified",))


def test_labels_typed_then_quit_are_kept(qtbot, library: Library, settings) -> None:
    win, first, _second = two_articles(qtbot, library, settings)
    _type_labels(qtbot, win, "to check")
    _quit(win)
    qtbot.waitUntil(lambda: not win.isVisible())
    assert _labels(library, first) == ("to check",)


def test_labels_typed_then_read_again_are_kept(qtbot, library: Library, settings) -> None:
    win, first, _second = two_articles(qtbot, library, settings)
    _type_labels(qtbot, win, "sourced")
    _press(qtbot, win, "F5")
    qtbot.waitUntil(lambda: win.following.task is None)
    assert _labels(library, first) == ("sourced",)
    assert win.article_bar.labels.text() == "sourced"


def test_labels_typed_on_an_article_deleted_elsewhere_say_so(
    qtbot, library: Library, settings
) -> None:
    """The article went meanwhile: nothing is stored, and the status bar says why."""
    win, first, second = two_articles(qtbot, library, settings)
    _type_labels(qtbot, win, "lost cause")
    library.articles.delete([first])
    _press(qtbot, win, "Alt+Down")
    qtbot.waitUntil(lambda: win.state.article_id == second)
    assert _labels(library, second) == ()
    assert "deleted meanwhile" in win.statusBar().currentMessage()


def test_an_entity_name_typed_then_read_again_is_kept(qtbot, library: Library, settings) -> None:
    entities = tagged_library(library)
    win = open_window(qtbot, library, settings)
    show_registry(qtbot, win)
    panel = win.registry.panel
    panel.table.selectRow(next(r for r in range(3) if panel.model.index(r, 0).data() == "Kiev"))
    assert panel.name.text() == "Kiev"
    panel.name.setFocus()
    qtbot.waitUntil(panel.name.hasFocus)
    panel.name.selectAll()
    qtbot.keyClicks(panel.name, "Kyiv (old spelling)")
    _press(qtbot, win, "F5")
    qtbot.waitUntil(lambda: win.following.task is None and panel.model.task is None)
    assert library.entities.get(entities["Kiev"]).name == "Kyiv (old spelling)"
    assert panel.name.text() == "Kyiv (old spelling)"


def test_a_shortcut_in_the_labels_field_is_not_taken_as_typing(
    qtbot, library: Library, settings
) -> None:
    """Unchanged labels write nothing: moving on adds no step to the undo history."""
    win, _first, second = two_articles(qtbot, library, settings)
    win.article_bar.labels.setFocus()
    qtbot.waitUntil(win.article_bar.labels.hasFocus)
    _press(qtbot, win, "Alt+Down")
    qtbot.waitUntil(lambda: win.state.article_id == second)
    assert win.annotating.undo_stack.count() == 0


def test_a_new_label_is_at_once_a_choice_of_the_lists_label_filter(
    qtbot, library: Library, settings
) -> None:
    """As found: a label typed for an article was not among the list's "Any label" choices
    until the library was read again; filtering by it right away was not possible."""
    win, first, _second = two_articles(qtbot, library, settings)
    pane = win.pane
    qtbot.waitUntil(pane.choices_ready)
    _type_labels(qtbot, win, "urgent")
    qtbot.keyClick(win.article_bar.labels, Qt.Key.Key_Return)
    assert _labels(library, first) == ("urgent",)
    qtbot.waitUntil(lambda: pane.label.findData("urgent") >= 0)
    pane.label.setCurrentIndex(pane.label.findData("urgent"))
    assert [pane.model.article_id(r) for r in range(pane.model.rowCount())] == [first]


def test_return_in_the_labels_field_stores_them_and_tags_nothing(
    qtbot, library: Library, settings
) -> None:
    """As found: Return in the labels field was the reader's "accept the suggestion at the
    caret" (its keys listened over the whole reader, fields included): the labels were not
    stored, and a suggestion could be accepted instead. Alt+Right there moved a tag's end."""
    win, first, _second = two_articles(qtbot, library, settings)
    start = FIRST.index("Kyiv")
    assert win.annotating.run(AddMention(first, start, start + 4, "GPE"))
    view = win.reader.left
    cursor = view.textCursor()
    cursor.setPosition(view.document().toPlainText().index("Kyiv") + 1)
    view.setTextCursor(cursor)  # the caret on a tag, as the user left it
    _type_labels(qtbot, win, "urgent")
    qtbot.keyClick(win.article_bar.labels, Qt.Key.Key_Return)
    assert _labels(library, first) == ("urgent",)
    qtbot.keyClick(win.article_bar.labels, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    [kyiv] = mentions(library, first)
    assert (kyiv["start"], kyiv["end"]) == (start, start + 4)


def test_return_in_the_find_bar_goes_to_the_next_hit(qtbot, library: Library, settings) -> None:
    win, _first, _second = two_articles(qtbot, library, settings)
    bar = win.reader.find_bar
    win.reader.left.setFocus()
    qtbot.waitUntil(win.reader.left.hasFocus)
    qtbot.keyClick(win.reader.left, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.edit.hasFocus()
    bar.edit.setText("Kyiv")
    assert len(bar.hits) == 2 and bar.current == -1
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.current == 1
