"""The window follows the library: back at the front after another window, `gloss` in a
terminal or a colleague changed the library, it shows the library as it now is (before: the
list and the reader kept what they had read, an article deleted elsewhere stayed open and
a colleague's tags never showed until the article was opened again)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from core.ingest.run import import_text
from core.library import Library
from gui.main_window import MainWindow
from gui.reader.tags import SpanHighlighter
from tests.test_gui_annotation import PARAGRAPH, TEXT, open_article

OTHER = "Talks resume\n\nPrisoner exchange talks resumed on Monday."
LONG = "Kharkiv overnight\n\n" + "\n\n".join(
    f"Paragraph {n}: the air force said {n} drones were shot down over Kharkiv." for n in range(80)
)


def _away_and_back(qtbot, win: MainWindow, meanwhile) -> None:  # type: ignore[no-untyped-def]
    """The window goes to the back, something else writes, the window comes to the front."""
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    following = win.following
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    qtbot.waitUntil(lambda: following.task is None and following.seen is not None)
    meanwhile()
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    qtbot.waitUntil(lambda: following.task is None and following.next is None)


def painted(win: MainWindow) -> set[str]:
    """The words the original's view paints as tags."""
    document = win.reader.left.document()
    highlighter = document.findChild(SpanHighlighter)
    if highlighter is None:
        return set()
    words = set()
    for block, spans in highlighter.spans.items():
        utf16 = document.findBlockByNumber(block).text().encode("utf-16-le")
        for column, length, _key in spans:  # Qt's columns: UTF-16
            words.add(utf16[2 * column : 2 * (column + length)].decode("utf-16-le"))
    return words


def test_a_colleagues_tags_and_status_show_when_the_window_comes_back(
    qtbot, library: Library, settings
) -> None:
    win, article_id = open_article(qtbot, library, settings, LONG)
    left = win.reader.left
    qtbot.waitUntil(lambda: left.verticalScrollBar().maximum() > 0)
    left.verticalScrollBar().setValue(left.verticalScrollBar().maximum() // 2)
    scrolled = left.verticalScrollBar().value()
    chosen = left.cursorForPosition(left.viewport().rect().center())
    chosen.movePosition(chosen.MoveOperation.NextWord)
    chosen.movePosition(chosen.MoveOperation.EndOfWord, chosen.MoveMode.KeepAnchor)
    left.setTextCursor(chosen)
    selected = (chosen.anchor(), chosen.position())
    assert selected[0] < selected[1]
    assert painted(win) == set()

    def colleague() -> None:
        other = Library(library.url)
        start = LONG.index("Kharkiv", 30)
        other.annotations.tag(article_id, start, start + 7, "GPE")
        other.articles.set_field(article_id, "status", "in progress")
        other.close()

    _away_and_back(qtbot, win, colleague)

    assert painted(win) == {"Kharkiv"}
    assert win.article_bar.status.currentText() == "in progress"
    row = win.pane.model.row_of(article_id)
    assert win.pane.model.data(win.pane.model.index(row, 5)) == 1  # the list's count
    assert win.state.article_id == article_id
    assert left.verticalScrollBar().value() == scrolled  # where the reader was
    assert (left.textCursor().anchor(), left.textCursor().position()) == selected
    win.close()


def test_an_article_deleted_in_a_terminal_is_said_when_the_window_comes_back(
    qtbot, library: Library, settings
) -> None:
    other = import_text(library, OTHER).imported[0]["id"]
    win, article_id = open_article(qtbot, library, settings)
    title = TEXT.split("\n\n")[0]

    def terminal() -> None:
        elsewhere = Library(library.url)
        elsewhere.articles.delete([article_id])
        elsewhere.close()

    _away_and_back(qtbot, win, terminal)

    assert f"«{title}» was deleted in another window or program" in win.statusBar().currentMessage()
    assert win.pane.model.rowCount() == 1 and win.state.article_id == other
    win.close()


def test_nothing_is_read_again_when_nothing_changed_and_f5_reads_it_anyway(
    qtbot, library: Library, settings
) -> None:
    win, article_id = open_article(qtbot, library, settings)
    opened: list[int] = []
    win.state.article_opened.connect(opened.append)

    _away_and_back(qtbot, win, lambda: library.articles.detail(article_id))  # a read only
    assert opened == []

    elsewhere = Library(library.url)
    start = PARAGRAPH.index("Kyïv") + TEXT.index(PARAGRAPH)
    elsewhere.annotations.tag(article_id, start, start + 4, "GPE")
    elsewhere.close()
    assert painted(win) == set()  # the window is at the front: nothing looked
    win.activateWindow()
    qtbot.keyClick(win, Qt.Key.Key_F5)
    assert opened == [article_id] and painted(win) == {"Kyïv"}
    win.close()
