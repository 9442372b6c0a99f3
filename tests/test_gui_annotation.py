"""Tagging in the reader: select, press a key, the mention is stored with exact code points."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from core.db import Library
from core.importer import import_text
from core.library import article_detail
from core.translation.store import set_by_hand
from gui.main_window import MainWindow
from gui.offsets import to_utf16
from gui.paragraph_view import ParagraphView

TEXT = "Titre 😀🇺🇦\n\nLa Russie 😀 a lancé 188 drones contre Kyïv 𝔐, selon l’armée.\n\nFin."


def select_word(view: ParagraphView, paragraph: int, text: str, word: str) -> None:
    """Select ``word`` in ``paragraph`` as a user would (Qt positions are UTF-16)."""
    block = view.document().findBlockByNumber(view.blocks[paragraph][0])
    start = block.position() + to_utf16(text, text.index(word))
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(start + to_utf16(word, len(word)), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.setFocus()


def open_window(qtbot, library: Library, settings) -> MainWindow:
    win = MainWindow(library, settings)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()  # shortcuts fire in the active window only
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    return win


def mentions(library: Library, article_id: int) -> list[dict]:
    with library.session() as s:
        return article_detail(s, article_id)["entities"]


def test_select_press_key_undo_redo_delete_reopen(qtbot, library: Library, settings) -> None:
    article_id = import_text(library, TEXT).imported[0]["id"]
    win = open_window(qtbot, library, settings)
    win.pane.select_article(article_id)
    left = win.reader.left
    paragraph = TEXT.split("\n\n")[1]
    select_word(left, 1, paragraph, "Kyïv")
    qtbot.keyClick(left, Qt.Key.Key_3)  # GPE in the default schema
    [mention] = mentions(library, article_id)
    assert (mention["label"], mention["text"], mention["layer"]) == ("GPE", "Kyïv", "original")
    assert TEXT[mention["start"] : mention["end"]] == "Kyïv"  # code points, after emoji and flags
    assert mention["start"] == TEXT.index("Kyïv")
    from gui.annotation import SpanHighlighter

    [(start16, length16, _fmt)] = (
        left.document().findChild(SpanHighlighter).spans[left.blocks[1][0]]
    )
    assert (start16, length16) == (to_utf16(paragraph, paragraph.index("Kyïv")), 4)

    # A sloppy selection (with the space and comma) snaps to the word.
    block_text = paragraph
    select_word(left, 1, block_text, "drones ")
    qtbot.keyClick(left, Qt.Key.Key_6)  # WEA
    assert {m["text"] for m in mentions(library, article_id)} == {"Kyïv", "drones"}

    win.undo_stack.undo()
    assert [m["text"] for m in mentions(library, article_id)] == ["Kyïv"]
    win.undo_stack.redo()
    assert {m["text"] for m in mentions(library, article_id)} == {"Kyïv", "drones"}

    select_word(left, 1, paragraph, "Kyïv")
    qtbot.keyClick(left, Qt.Key.Key_Delete)
    assert [m["text"] for m in mentions(library, article_id)] == ["drones"]
    win.undo_stack.undo()
    assert {m["text"] for m in mentions(library, article_id)} == {"Kyïv", "drones"}
    win.close()

    # Close and reopen: everything is there, and painted.
    again = open_window(qtbot, library, settings)
    assert again.pane.current_article() == article_id
    assert {m["text"] for m in mentions(library, article_id)} == {"Kyïv", "drones"}
    highlighter = again.reader.left.document().findChild(SpanHighlighter)
    block = again.reader.left.blocks[1][0]
    assert len(highlighter.spans[block]) == 2


def test_tag_in_the_translation(qtbot, library: Library, settings) -> None:
    article_id = import_text(library, TEXT).imported[0]["id"]
    with library.session() as s:
        set_by_hand(s, article_id, 1, "en", "Russia 😀 launched 188 drones at Kyiv.")
    win = open_window(qtbot, library, settings)
    win.pane.select_article(article_id)
    right = win.reader.right
    select_word(right, 1, "Russia 😀 launched 188 drones at Kyiv.", "Kyiv")
    qtbot.keyClick(right, Qt.Key.Key_3)
    [mention] = mentions(library, article_id)
    assert (mention["text"], mention["layer"]) == ("Kyiv", "translation:en")
