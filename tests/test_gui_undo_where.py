"""Ctrl+Z undoes the last step wherever it was done, and shows it.

As found: tag a word of one article, go to the next (Alt+Down), press Ctrl+Z: the tag on
the first article went, and nothing on the screen changed or said so. A second Ctrl+Z,
pressed because "nothing happened", took away the step before. Now the article the step was
done on opens, with the step undone (or redone) in front of the user, and the status bar says
so; a step over the library (the registry's) opens no article.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.annotation.entity_ops import EditEntity
from core.ingest.run import import_text
from core.library import Library
from gui.main_window import MainWindow
from tests.test_gui_annotation import mentions, open_window, select_word
from tests.test_gui_following import painted
from tests.test_gui_registry import tagged_library

FIRST = "Drones over Kyiv\n\nThe air force said 64 drones were shot down over Kyiv."
SECOND = "Talks resume\n\nPrisoner exchange talks resumed on Monday in Istanbul."
THIRD = "Grain ships\n\nGrain ships kept sailing from Odesa despite the strikes."


def _articles(qtbot, library: Library, settings) -> tuple[MainWindow, list[int]]:  # type: ignore[no-untyped-def]
    ids = [int(import_text(library, text).imported[0]["id"]) for text in (FIRST, SECOND, THIRD)]
    win = open_window(qtbot, library, settings)
    win.pane.select_article(ids[0])
    return win, ids


def _tag_kyiv(qtbot, win: MainWindow) -> None:
    select_word(win.reader.left, 1, FIRST.split("\n\n")[1], "Kyiv")
    qtbot.keyClick(win.reader.left, Qt.Key.Key_3)  # GPE


def test_undo_and_redo_of_a_step_on_another_article_show_it(
    qtbot, library: Library, settings
) -> None:
    win, (first, second, third) = _articles(qtbot, library, settings)
    _tag_kyiv(qtbot, win)
    assert [m["text"] for m in mentions(library, first)] == ["Kyiv"]
    win.pane.select_article(third)
    stack = win.annotating.undo_stack
    stack.undo()
    assert mentions(library, first) == []
    assert win.state.article_id == first  # shown where it was undone
    assert win.pane.current_article() == first
    assert painted(win) == set()  # drawn as it now is: no tag
    message = win.statusBar().currentMessage()
    assert "Undone" in message and "Drones over Kyiv" in message
    win.pane.select_article(second)
    stack.redo()
    assert [m["text"] for m in mentions(library, first)] == ["Kyiv"]
    assert win.state.article_id == first
    assert painted(win) == {"Kyiv"}
    assert "Redone" in win.statusBar().currentMessage()


def test_undo_on_the_open_article_stays_and_reads_nothing_more(
    qtbot, library: Library, settings
) -> None:
    win, (first, _second, _third) = _articles(qtbot, library, settings)
    _tag_kyiv(qtbot, win)
    opened: list[int] = []
    win.state.article_opened.connect(opened.append)
    win.statusBar().clearMessage()
    win.annotating.undo_stack.undo()
    assert mentions(library, first) == [] and win.state.article_id == first
    assert opened == []  # not opened again: the tags are drawn anew in place
    assert "Undone" not in win.statusBar().currentMessage()


def test_a_step_on_an_article_out_of_the_lists_filter_opens_it_all_the_same(
    qtbot, library: Library, settings
) -> None:
    win, (first, second, _third) = _articles(qtbot, library, settings)
    _tag_kyiv(qtbot, win)
    win.pane.search.setText("Istanbul")  # the list now holds the second article only
    qtbot.waitUntil(lambda: win.pane.model.rowCount() == 1)
    win.pane.select_article(second)
    win.annotating.undo_stack.undo()
    assert mentions(library, first) == []
    assert win.state.article_id == first  # in the reader, though not in the list


def test_a_registry_step_opens_no_article(qtbot, library: Library, settings) -> None:
    entities = tagged_library(library)
    win = open_window(qtbot, library, settings)
    article = win.pane.model.article_id(0)
    assert article is not None
    win.pane.select_article(article)
    win.annotating.run(EditEntity(entities["Kiev"], {"canonical_name": "Kyiv (old)"}))
    other = win.pane.model.article_id(1)
    assert other is not None
    win.pane.select_article(other)
    win.annotating.undo_stack.undo()
    assert library.entities.get(entities["Kiev"]).name == "Kiev"
    assert win.state.article_id == other
