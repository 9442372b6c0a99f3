"""What a user types in a dialog is not thrown away by a reflex or a slip.

As found: notes, an edited translation, a pasted article's fields, an article's details an
event's attributes or the schema's types, typed at length, went with one press of Esc (or the close button),
without a question. And a pasted article whose
date was not YYYY-MM-DD closed the dialog with "nothing imported" in the status bar: the
title, source, URL and body typed were gone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from core.ingest.run import import_text
from core.library import Library
from gui.dialogs.attributes import AttributesDialog
from gui.dialogs.common import EditTranslationDialog, NotesDialog, PasteDialog
from gui.dialogs.details import DetailsDialog
from gui.dialogs.typing import TypingDialog
from tests.questions import answer
from tests.test_gui_annotation import open_window

BODY = "Texte collé depuis un courriel.\n\nDeuxième paragraphe, assez long pour un article."


def _shown(qtbot, dialog: TypingDialog) -> None:  # type: ignore[no-untyped-def]
    """Shown, and ended without a question when the test ends (even a failing one)."""
    qtbot.addWidget(dialog, before_close_func=lambda widget: widget.done(0))
    dialog.show()
    qtbot.waitExposed(dialog)


def test_esc_on_typed_notes_asks_and_keeps_them(qtbot) -> None:
    dialog = NotesDialog("Seen on site.")
    _shown(qtbot, dialog)
    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_End)
    qtbot.keyClicks(dialog.text, " Two witnesses.")
    asked = answer("Keep editing")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert asked == ["Discard what you typed?"]
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.text.toPlainText() == "Seen on site. Two witnesses."
    asked = answer("Discard")
    dialog.close()  # the window's close button: the same question
    assert asked == ["Discard what you typed?"]
    assert not dialog.isVisible()
    assert dialog.result() == NotesDialog.DialogCode.Rejected


def test_ctrl_return_is_ok_and_return_a_new_line(qtbot) -> None:
    dialog = NotesDialog("Seen on site.")
    _shown(qtbot, dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_End)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.text, "Two witnesses.")
    assert dialog.isVisible()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    assert dialog.result() == NotesDialog.DialogCode.Accepted
    assert dialog.text.toPlainText() == "Seen on site.\nTwo witnesses."


def test_esc_on_untouched_dialogs_closes_without_a_question(qtbot) -> None:
    for dialog in (
        NotesDialog("Seen on site."),
        EditTranslationDialog("Bonjour.", "Hello."),
        PasteDialog(None, "from the clipboard"),
    ):
        _shown(qtbot, dialog)
        asked = answer("Keep editing")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible(), type(dialog).__name__
        qtbot.wait(1100)  # (the clicker gives up)
        assert asked == []


def test_an_edited_translation_asks_before_it_goes(qtbot) -> None:
    dialog = EditTranslationDialog("Les drones ont été abattus.", "The drones were shot.")
    _shown(qtbot, dialog)
    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_End)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.text, " down.")
    asked = answer("Keep editing")
    dialog.reject()
    assert asked and dialog.isVisible()
    assert dialog.text.toPlainText() == "The drones were shot down."


def test_a_pasted_article_with_a_bad_date_stays_open_with_everything_typed(
    qtbot, library: Library, settings
) -> None:
    import_text(library, "Un article.\n\nDéjà là.")
    win = open_window(qtbot, library, settings)
    before = library.articles.count()
    seen: dict[str, object] = {}

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PasteDialog)
        dialog.title.setText("Collé à la main")
        dialog.source.setText("Courriel de l'AFP")
        dialog.published.setText("26/11/2024")
        dialog.body.setPlainText(BODY)
        dialog.accept()
        seen["open"] = dialog.isVisible()
        seen["problem"] = dialog.problem.text() if dialog.problem.isVisible() else ""
        seen["kept"] = (dialog.title.text(), dialog.body.toPlainText())
        dialog.published.setText("2024-11-26")
        dialog.accept()

    QTimer.singleShot(100, fill)
    win.exchange.paste_article()
    assert seen["open"] is True
    assert "YYYY-MM-DD" in str(seen["problem"])
    assert seen["kept"] == ("Collé à la main", BODY)
    assert library.articles.count() == before + 1  # once corrected, imported once
    assert win.reader.title.text() == "Collé à la main"
    detail = library.articles.detail(win.state.article_id)
    assert (detail["source"], detail["published"]) == ("Courriel de l'AFP", "2024-11-26")


def test_typed_details_and_attributes_ask_and_ctrl_return_waits_for_a_date(
    qtbot, library: Library
) -> None:
    article_id = int(
        import_text(library, "Un article.\n\nLa Russie a lancé 30 drones.").imported[0]["id"]
    )
    details = DetailsDialog(library.articles.reader(article_id, "en"))
    event = {"type": "AIR_DRONE_STRIKE", "trigger": {"text": "lancé"}, "attributes": {}}
    attributes = AttributesDialog(event, library.schema.current().attributes)
    for dialog, field in ((details, details.edits["published"]),
                          (attributes, attributes.fields["date_start"])):  # fmt: skip
        _shown(qtbot, dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        field.setFocus()
        qtbot.keyClicks(field, "26/11/2024")
        qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert dialog.isVisible(), type(dialog).__name__  # OK is off: not a date
        asked = answer("Keep editing")
        qtbot.keyClick(field, Qt.Key.Key_Escape)
        assert asked == ["Discard what you typed?"] and dialog.isVisible()
        dialog.activateWindow()  # (back from the question; a window manager does it)
        qtbot.waitUntil(dialog.isActiveWindow)
        field.setText("2024-11-26")
        qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not dialog.isVisible() and dialog.result() == TypingDialog.DialogCode.Accepted
        assert "2024-11-26" in dialog.changes().values()


def test_a_changed_schema_asks_and_ctrl_return_saves_with_its_checks(qtbot, monkeypatch) -> None:
    import json

    from gui.dialogs.schema_editor import SchemaEditor
    from tests.test_trust_schema_editor import SCHEMAS, cell

    editor = SchemaEditor(json.loads(SCHEMAS[0].read_text(encoding="utf-8")))
    _shown(qtbot, editor)
    asked = answer("Keep editing")
    editor.reject()  # untouched: no question
    assert not editor.isVisible()
    qtbot.wait(1100)
    assert asked == []
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    cell(editor, editor.entities, "GPE", "color").setText("notacolour")
    asked = answer("Keep editing")
    qtbot.keyClick(editor.name, Qt.Key.Key_Escape)
    assert asked == ["Discard what you typed?"] and editor.isVisible()
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    qtbot.keyClick(editor.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert warned and "notacolour" in warned[0] and editor.isVisible()  # Save's own checks
    cell(editor, editor.entities, "GPE", "color").setText("#12ab34")
    qtbot.keyClick(editor.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not editor.isVisible() and editor.result() == SchemaEditor.DialogCode.Accepted


def test_tab_in_the_paste_dialog_follows_its_fields_from_top_to_bottom(qtbot) -> None:
    """As found under Xvfb: Tab from the title went to the body, so a date typed after three
    Tabs became the article's text."""
    dialog = PasteDialog(None, "")
    _shown(qtbot, dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.title.setFocus()
    qtbot.waitUntil(dialog.title.hasFocus)
    order = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [dialog.source, dialog.url, dialog.published, dialog.format, dialog.body]
