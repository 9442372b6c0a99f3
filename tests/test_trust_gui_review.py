"""Issue 9.2 in the app: editing a translation (Ctrl+E) keeps other tags on their words,
marks a tag whose words went, lists it, and Ctrl+Z takes the edit back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.ingest.run import import_text
from core.library import Library
from core.translation.store import set_by_hand
from gui.dialogs.common import EditTranslationDialog
from gui.reader.tags import REVIEW, SpanHighlighter
from tests.test_gui_annotation import TEXT, mentions, open_window, select_word

LINE = "Russia 😀 launched 188 drones at Kyiv."


def test_edit_translation_in_the_app(qtbot, library: Library, settings, monkeypatch) -> None:
    article_id = import_text(library, TEXT).imported[0]["id"]
    with library.session() as s:
        set_by_hand(s, article_id, 0, "en", "A title.")
        set_by_hand(s, article_id, 1, "en", LINE)
    win = open_window(qtbot, library, settings)
    win.pane.select_article(article_id)
    right = win.reader.right
    select_word(right, 1, LINE, "Kyiv")
    qtbot.keyClick(right, Qt.Key.Key_3)
    select_word(right, 1, LINE, "drones")
    qtbot.keyClick(right, Qt.Key.Key_6)
    assert {m["text"] for m in mentions(library, article_id)} == {"Kyiv", "drones"}

    def accept_with(text: str):
        def exec_(dialog: EditTranslationDialog) -> int:
            dialog.text.setPlainText(text)
            return EditTranslationDialog.DialogCode.Accepted.value

        return exec_

    # paragraph 0 grows: paragraph 1's tags stay on their words
    win.state.clicked_paragraph = 0
    monkeypatch.setattr(EditTranslationDialog, "exec", accept_with("A much longer title, by hand."))
    win.translating.edit_translation()
    # paragraph 1 loses "Kyiv": flagged, drawn as needing review, listed
    win.state.clicked_paragraph = 1
    monkeypatch.setattr(
        EditTranslationDialog, "exec", accept_with("Russia 😀 launched 188 drones.")
    )
    win.translating.edit_translation()
    assert "need review" in win.statusBar().currentMessage()
    found = {m["text"]: m for m in mentions(library, article_id)}
    assert found["drones"]["review"] == "" and found["Kyiv"]["review"]
    highlighter = win.reader.right.document().findChild(SpanHighlighter)
    assert any(key == REVIEW for spans in highlighter.spans.values() for *_x, key in spans)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.detailedText()) or 0)
    win.schema.show_review()
    assert "“Kyiv”" in shown[0]
    # Ctrl+Z: the translation and the tag are back as they were
    win.annotating.undo_stack.undo()
    found = {m["text"]: m for m in mentions(library, article_id)}
    assert found["Kyiv"]["review"] == ""
    assert win.reader.data.paragraphs[1].translation == LINE
