"""The app when the open article was deleted in another window or program: whatever the user
does to it next is said to be impossible, and the list moves on as after Delete. Found under
Xvfb: a suggestion clicked on an article deleted by `gloss delete` in a terminal said
"Accepted 1 tag(s) (Ctrl+Z undoes)" though nothing was stored, and left an empty step on
the undo history. And several steps done as one (a form's fields) are all done or none."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.annotation import ops
from core.ingest.run import import_text
from core.library import Library
from gui.main_window import MainWindow
from tests.test_gui_annotation import cursor_at, mentions, open_article, open_window, tag

OTHER = "Talks resume\n\nPrisoner exchange talks resumed on Monday."


def _deleted_elsewhere(library: Library, article_id: int) -> None:
    elsewhere = Library(library.url)  # another window, or `gloss delete` in a terminal
    elsewhere.articles.delete([article_id])
    elsewhere.close()


def _moved_on(win: MainWindow, other: int, article_id: int) -> None:
    """Said in the status bar; the list without the article, the next one open."""
    message = win.statusBar().currentMessage()
    assert f"article #{article_id} was deleted meanwhile" in message, message
    assert "Accepted" not in message and "will not be suggested" not in message
    assert win.pane.model.rowCount() == 1 and win.pane.current_article() == other
    assert win.state.article_id == other


def test_tagging_an_article_deleted_elsewhere_is_said_and_the_list_moves_on(
    qtbot, library: Library, settings
) -> None:
    other = import_text(library, OTHER).imported[0]["id"]
    win, article_id = open_article(qtbot, library, settings)
    _deleted_elsewhere(library, article_id)

    tag(qtbot, win.reader.left, "drones", Qt.Key.Key_6)

    _moved_on(win, other, article_id)
    assert win.annotating.undo_stack.count() == 0
    assert library.articles.ids() == [other] and mentions(library, other) == []
    win.close()


def test_removing_a_tag_of_an_article_deleted_elsewhere(qtbot, library: Library, settings) -> None:
    other = import_text(library, OTHER).imported[0]["id"]
    win, article_id = open_article(qtbot, library, settings)
    tag(qtbot, win.reader.left, "Kyïv", Qt.Key.Key_3)
    _deleted_elsewhere(library, article_id)

    tag(qtbot, win.reader.left, "Kyïv", Qt.Key.Key_Delete)

    _moved_on(win, other, article_id)
    assert win.annotating.undo_stack.count() == 1  # the tagging, before
    win.close()


def test_the_status_of_an_article_deleted_elsewhere(qtbot, library: Library, settings) -> None:
    other = import_text(library, OTHER).imported[0]["id"]
    win, article_id = open_article(qtbot, library, settings)
    _deleted_elsewhere(library, article_id)

    win.article_bar.status.setCurrentText("in progress")

    _moved_on(win, other, article_id)
    assert library.articles.fields(other).status == "new"  # type: ignore[union-attr]
    assert win.article_bar.status.currentText() == "new"  # the article open now
    assert win.annotating.undo_stack.count() == 0
    win.close()


def test_translating_an_article_deleted_elsewhere(qtbot, library: Library, settings) -> None:
    """Before: a dialog "no article with id 2" once the background task failed, the article
    still open."""
    other = import_text(library, OTHER).imported[0]["id"]
    win, article_id = open_article(qtbot, library, settings)
    _deleted_elsewhere(library, article_id)

    assert win.translating.translate_current() is False

    _moved_on(win, other, article_id)
    assert win.tasks.task is None  # nothing started
    win.close()


def test_a_suggestion_accepted_or_rejected_on_an_article_deleted_elsewhere(
    qtbot, library: Library, settings
) -> None:
    settings.setValue("suggest/show", True)
    other = import_text(library, OTHER).imported[0]["id"]
    text = "Titre\n\nLa Russie a lancé 188 drones contre Odessa et Kharkiv."
    paragraph = text.split("\n\n")[1]
    article_id = import_text(library, text).imported[0]["id"]
    win = open_window(qtbot, library, settings)
    win.pane.select_article(article_id)
    suggesting, left = win.suggesting, win.reader.left
    qtbot.waitUntil(lambda: suggesting.found is not None, timeout=60_000)
    assert suggesting.found is not None and "Odessa" in {s.text for s in suggesting.found.spans}
    _deleted_elsewhere(library, article_id)

    left.setFocus()
    left.setTextCursor(cursor_at(left, paragraph, paragraph.index("Odessa") + 1))
    qtbot.keyClick(left, Qt.Key.Key_Return)  # accept

    _moved_on(win, other, article_id)
    assert win.annotating.undo_stack.count() == 0  # no empty step to undo
    assert mentions(library, other) == []
    win.close()

    article_id = import_text(library, text).imported[0]["id"]
    win = open_window(qtbot, library, settings)
    win.pane.select_article(article_id)
    suggesting, left = win.suggesting, win.reader.left
    qtbot.waitUntil(lambda: suggesting.found is not None, timeout=60_000)
    _deleted_elsewhere(library, article_id)
    left.setFocus()
    left.setTextCursor(cursor_at(left, paragraph, paragraph.index("Odessa") + 1))
    qtbot.keyClick(left, Qt.Key.Key_Backspace)  # reject

    _moved_on(win, other, article_id)
    assert win.annotating.undo_stack.count() == 0
    win.close()


def test_several_steps_as_one_are_all_done_or_none(qtbot, library: Library, settings) -> None:
    """A form's fields: the second refused, the first is taken back and nothing is left on
    the undo history (before: the title stayed changed, under an undo step named for both)."""
    win, article_id = open_article(qtbot, library, settings)
    title = library.articles.detail(article_id)["title"]
    stack = win.annotating.undo_stack

    done = win.annotating.run_all("edit article details", [
        ops.SetArticleField(article_id, "title", "A new title"),
        ops.SetArticleField(article_id, "published", "the day before yesterday"),
    ])  # fmt: skip

    assert done is False
    assert library.articles.detail(article_id)["title"] == title
    assert stack.count() == 0
    assert "date" in win.statusBar().currentMessage()

    assert win.annotating.run_all("edit article details", [
        ops.SetArticleField(article_id, "title", "A new title"),
        ops.SetArticleField(article_id, "published", "2024-12-04"),
    ])  # fmt: skip
    shown = library.articles.detail(article_id)
    assert (shown["title"], shown["published"]) == ("A new title", "2024-12-04")
    assert stack.count() == 1 and stack.text(0) == "edit article details"
    stack.undo()  # one step
    shown = library.articles.detail(article_id)
    assert (shown["title"], shown["published"]) == (title, None)
    win.close()


def test_done_and_next_on_an_article_deleted_elsewhere_skips_none(
    qtbot, library: Library, settings
) -> None:
    """Before: the article after it was skipped (the list moved on to it, then "next" again)."""
    win, article_id = open_article(qtbot, library, settings)
    second = import_text(library, OTHER).imported[0]["id"]
    third = import_text(library, "Grain ships\n\nShips left Odesa on Tuesday.").imported[0]["id"]
    win.state.articles_changed.emit()
    win.pane.select_article(article_id)
    _deleted_elsewhere(library, article_id)

    assert win.reviewing.mark_done_and_next() is False

    assert f"article #{article_id} was deleted meanwhile" in win.statusBar().currentMessage()
    assert win.state.article_id == second
    assert {library.articles.fields(i).status for i in (second, third)} == {"new"}  # type: ignore[union-attr]
    win.close()


def test_several_steps_as_one_are_undone_and_redone_all_or_none(
    qtbot, library: Library, settings
) -> None:
    """Before: a redo failing half-way left the other steps redone, under a step still on the
    undo history (Qt drops only whole obsolete steps)."""
    win, article_id = open_article(qtbot, library, settings)
    other = import_text(library, OTHER).imported[0]["id"]
    text = library.articles.detail(article_id)["text"]
    stack = win.annotating.undo_stack
    word, talks = text.index("Kyïv"), OTHER.index("talks")
    assert win.annotating.run_all("tag both", [
        ops.AddMention(article_id, word, word + 4, "GPE"),
        ops.AddMention(other, talks, talks + 5, "ORG"),
    ])  # fmt: skip
    stack.undo()
    assert mentions(library, article_id) == mentions(library, other) == []
    _deleted_elsewhere(library, other)

    stack.redo()

    assert mentions(library, article_id) == []  # redone, then taken back
    assert "this step left the undo history" in win.statusBar().currentMessage()
    assert stack.count() == 0
    win.close()
