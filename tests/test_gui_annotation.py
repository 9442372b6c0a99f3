"""Tagging in the reader: select, press a key, the mention is stored with exact code points."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor

from core.articles import article_detail
from core.ingest.run import import_text
from core.library import Library
from core.translation.store import set_by_hand
from gui.main_window import MainWindow
from gui.reader.offsets import to_utf16
from gui.reader.paragraph_view import ParagraphView

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


PARAGRAPH = TEXT.split("\n\n")[1]


def open_article(qtbot, library: Library, settings, text: str = TEXT) -> tuple[MainWindow, int]:
    """A new article from ``text``, open in an active main window."""
    article_id = import_text(library, text).imported[0]["id"]
    win = open_window(qtbot, library, settings)
    win.pane.select_article(article_id)
    return win, article_id


def tag(qtbot, view: ParagraphView, word: str, key: Qt.Key, text: str = PARAGRAPH) -> None:
    """Select ``word`` in paragraph 1 and press ``key``, as a user would."""
    select_word(view, 1, text, word)
    qtbot.keyClick(view, key)


def mentions(library: Library, article_id: int) -> list[dict]:
    with library.session() as s:
        return article_detail(s, article_id)["entities"]


def test_select_press_key_undo_redo_delete_reopen(qtbot, library: Library, settings) -> None:
    win, article_id = open_article(qtbot, library, settings)
    left = win.reader.left
    paragraph = TEXT.split("\n\n")[1]
    select_word(left, 1, paragraph, "Kyïv")
    qtbot.keyClick(left, Qt.Key.Key_3)  # GPE in the default schema
    [mention] = mentions(library, article_id)
    assert (mention["label"], mention["text"], mention["layer"]) == ("GPE", "Kyïv", "original")
    assert TEXT[mention["start"] : mention["end"]] == "Kyïv"  # code points, after emoji and flags
    assert mention["start"] == TEXT.index("Kyïv")
    from gui.reader.tags import SpanHighlighter

    [(start16, length16, _fmt)] = (
        left.document().findChild(SpanHighlighter).spans[left.blocks[1][0]]
    )
    assert (start16, length16) == (to_utf16(paragraph, paragraph.index("Kyïv")), 4)

    # A sloppy selection (with the space and comma) snaps to the word.
    block_text = paragraph
    select_word(left, 1, block_text, "rones ")
    qtbot.keyClick(left, Qt.Key.Key_6)  # WEA
    assert {m["text"] for m in mentions(library, article_id)} == {"Kyïv", "drones"}
    # As found: the selection stayed painted over the new tag, showing the unsnapped span.
    # It goes, and the status bar names the words stored.
    assert not left.textCursor().hasSelection()
    assert win.statusBar().currentMessage() == "Tagged WEA: «drones»"

    def counted() -> int:  # the article's "Ann." cell in the library table
        from gui.articles.model import ANNOTATIONS_COLUMN

        row = win.pane.model.row_of(article_id)
        return int(win.pane.model.index(row, ANNOTATIONS_COLUMN).data())

    assert counted() == 2  # kept in step without re-reading the row

    win.annotating.undo_stack.undo()
    assert [m["text"] for m in mentions(library, article_id)] == ["Kyïv"]
    assert counted() == 1
    win.annotating.undo_stack.redo()
    assert {m["text"] for m in mentions(library, article_id)} == {"Kyïv", "drones"}
    assert counted() == 2

    select_word(left, 1, paragraph, "Kyïv")
    qtbot.keyClick(left, Qt.Key.Key_Delete)
    assert [m["text"] for m in mentions(library, article_id)] == ["drones"]
    win.annotating.undo_stack.undo()
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


def test_article_status_labels_notes_and_tag_menu(qtbot, library: Library, settings) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    win, article_id = open_article(qtbot, library, settings)
    bar = win.article_bar
    bar.status.setCurrentText("in progress")
    bar.labels.setText("drones, record")
    bar.labels.editingFinished.emit()

    def write_notes() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.text.setPlainText("Check the figures.")
        dialog.accept()

    QTimer.singleShot(100, write_notes)
    win.annotating.edit_notes()
    with library.session() as s:
        shown = article_detail(s, article_id)
    assert (shown["status"], shown["labels"], shown["notes"]) == (
        "in progress",
        ["drones", "record"],
        "Check the figures.",
    )
    row = win.pane.model.row_of(article_id)
    assert win.pane.model.data(win.pane.model.index(row, 4)) == "in progress"
    win.annotating.undo_stack.undo()  # the notes
    win.annotating.undo_stack.undo()  # the labels
    with library.session() as s:
        assert article_detail(s, article_id)["labels"] == []
    assert bar.labels.text() == ""

    # Tag, then use the tag's menu: change its type and link it to an entity.
    win.activateWindow()  # the notes dialog had it
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    left = win.reader.left
    paragraph = TEXT.split("\n\n")[1]
    select_word(left, 1, paragraph, "Russie")
    qtbot.keyClick(left, Qt.Key.Key_3)
    assert win.pane.model.data(win.pane.model.index(row, 5)) == 1  # annotation count updated
    position = left.document().findBlockByNumber(left.blocks[1][0]).position() + to_utf16(
        paragraph, paragraph.index("Russie") + 2
    )
    mention = win.annotating.painter.mention_at(left, position)
    assert mention is not None and mention.text == "Russie"
    win.annotating.tag_menu(left, left.cursorRect(left.textCursor()).center())
    menu = win.annotating.last_menu
    change = next(a for a in menu.actions() if a.text() == "Change type").menu()
    next(a for a in change.actions() if a.text().endswith("ORG")).trigger()
    menu.close()
    assert mentions(library, article_id)[0]["label"] == "ORG"

    def name_entity() -> None:
        from gui.dialogs.link import LinkDialog

        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LinkDialog)
        dialog.field.setText("Russia")
        dialog.refresh()
        dialog.accept()

    QTimer.singleShot(100, name_entity)
    win.annotating.link_entity(mention)
    from core.annotation.entities import find_entities

    with library.session() as s:
        [entity] = find_entities(s, "russie")
        assert entity.canonical_name == "Russia" and entity.aliases == ["Russie"]
    assert mentions(library, article_id)[0]["entity_id"] == entity.id
    win.annotating.undo_stack.undo()
    assert mentions(library, article_id)[0]["entity_id"] is None
    # As found: Ctrl+Z left the entity made for the link behind. It is one step now.
    assert library.entities.find("Russia") == [] and library.entities.find("Russie") == []
    win.annotating.undo_stack.redo()
    [again] = library.entities.find("russie")
    assert mentions(library, article_id)[0]["entity_id"] == again["id"]


def test_build_an_event_with_arguments_and_counts(
    qtbot, qtmodeltester, library: Library, settings
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    win, article_id = open_article(qtbot, library, settings)
    left = win.reader.left
    paragraph = PARAGRAPH
    tag(qtbot, left, "Russie", Qt.Key.Key_3)  # GPE
    tag(qtbot, left, "drones", Qt.Key.Key_6)  # WEA
    tag(qtbot, left, "lancé", Qt.Key.Key_A)  # AIR_DRONE_STRIKE (its key in the default schema)
    model = win.events.model
    qtmodeltester.check(model)
    assert model.rowCount() == 1 and model.data(model.index(0, 1)) == "lancé"
    event_id = model.events[0]["id"]
    assert win.events.current()["id"] == event_id  # the new event is selected

    def argument(word: str, role: str) -> None:
        offset = paragraph.index(word) + 1
        point = left.cursorRect(cursor_at(left, paragraph, offset)).center()
        win.annotating.tag_menu(left, point)
        menu = win.annotating.last_menu
        roles = next(a for a in menu.actions() if a.text().startswith("Argument of")).menu()
        next(a for a in roles.actions() if a.text() == role).trigger()
        menu.close()

    # The roles a tag's type suits come first; the others after a section saying so.
    offset = paragraph.index("drones") + 1
    win.annotating.tag_menu(left, left.cursorRect(cursor_at(left, paragraph, offset)).center())
    listed = next(a for a in win.annotating.last_menu.actions()
                  if a.text().startswith("Argument of")).menu().actions()  # fmt: skip
    names = [a.text() for a in listed if a.text()]
    assert names[:2] == ["Instrument", "Unusual for a WEA"] and "Attacker" in names[2:]
    assert [a.isSeparator() for a in listed if a.text() == "Unusual for a WEA"] == [True]
    win.annotating.last_menu.close()
    argument("Russie", "Attacker")
    argument("drones", "Instrument")
    argument("drones", "Target")  # its role changed: a weapon as the target, allowed but flagged
    assert "unusual as Target" in win.statusBar().currentMessage()
    with library.session() as s:
        [event] = article_detail(s, article_id)["events"]
    assert [a["role"] for a in event["arguments"]] == ["Attacker", "Target"]
    assert "Attacker: Russie" in model.data(model.index(0, 2))
    # the unsuitable argument stays marked in the list, with the reason as a tooltip
    assert "⚠ Target: drones" in model.data(model.index(0, 2))
    assert "⚠ Attacker" not in model.data(model.index(0, 2))
    tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("<qt>Target «drones»: a WEA is unusual as Target")  # shown as text

    def fill(launched: str) -> None:
        dialog = QApplication.activeModalWidget()
        dialog.fields["launched"].setText(launched)
        dialog.fields["certainty"].setCurrentText("claimed")
        dialog.accept()

    QTimer.singleShot(100, lambda: fill("12.5"))
    win.event_tools.edit_event(model.events[0])
    assert "whole number" in win.statusBar().currentMessage()  # refused, nothing stored
    QTimer.singleShot(100, lambda: fill("188"))
    win.event_tools.edit_event(model.events[0])
    with library.session() as s:
        [event] = article_detail(s, article_id)["events"]
    assert event["attributes"] == {"launched": 188, "certainty": "claimed"}

    # The list reads as the schema says: its name, counts first.
    assert model.data(model.index(0, 0)) == "Air / drone strike"
    assert model.data(model.index(0, 3)) == "launched 188, certainty: claimed"

    def role_menu(word: str):
        offset = paragraph.index(word) + 1
        win.annotating.tag_menu(left, left.cursorRect(cursor_at(left, paragraph, offset)).center())
        menu = win.annotating.last_menu
        return menu, next(a for a in menu.actions() if a.text().startswith("Argument of")).menu()

    # An argument's role is checked in its tag's menu; another role changes it; it can go.
    menu, roles = role_menu("Russie")
    assert [a.text() for a in roles.actions() if a.isChecked()] == ["Attacker"]
    next(a for a in roles.actions() if a.text() == "Target").trigger()
    menu.close()
    assert "Target: Russie" in model.data(model.index(0, 2))
    menu, roles = role_menu("Russie")
    next(a for a in roles.actions() if a.text() == "Remove from this event").trigger()
    menu.close()
    assert "Russie" not in model.data(model.index(0, 2))
    win.annotating.undo_stack.undo()  # back as Target
    win.annotating.undo_stack.undo()  # back as Attacker
    assert "Attacker: Russie" in model.data(model.index(0, 2))
    menu, roles = role_menu("Russie")  # claimed_by shows the words, not an id
    next(a for a in roles.actions() if a.text().startswith("claimed_by")).trigger()
    menu.close()
    assert "claimed_by: «Russie»" in model.data(model.index(0, 3))
    win.annotating.undo_stack.undo()

    # Selecting the event marks its trigger and arguments in the text.
    win.event_tools.show_event(model.events[0])
    marked = {sel.cursor.selectedText() for sel in left._marks["event"]}
    assert marked == {"lancé", "Russie", "drones"}

    # Undo it all, step by step: attributes, arguments, the event.
    for _ in range(2 + 3 + 1):
        win.annotating.undo_stack.undo()
    with library.session() as s:
        assert article_detail(s, article_id)["events"] == []
    assert model.rowCount() == 0


def cursor_at(view: ParagraphView, text: str, offset: int) -> QTextCursor:
    block = view.document().findBlockByNumber(view.blocks[1][0])
    cursor = QTextCursor(view.document())
    cursor.setPosition(block.position() + to_utf16(text, offset))
    return cursor


def test_load_a_schema_unknown_types_shown_and_remapped(
    qtbot, library: Library, settings, tmp_path, monkeypatch
) -> None:
    import json

    from PySide6.QtWidgets import QMessageBox

    from core.annotation.ops import Remap
    from core.annotation.schema import default_schema_path
    from gui.dialogs import files as file_dialogs
    from gui.reader.tags import SpanHighlighter

    win, article_id = open_article(qtbot, library, settings)
    left = win.reader.left
    paragraph = PARAGRAPH
    tag(qtbot, left, "Kyïv", Qt.Key.Key_3)  # GPE
    body = json.loads(default_schema_path().read_text())
    body["name"] = "Places only"
    body["entity_types"] = [{"key": "PLACE", "name": "Place", "color": "#123456", "shortcut": "l"}]
    path = tmp_path / "places.json"
    path.write_text(json.dumps(body))
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(path))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    win.schema.load_schema()
    assert shown and "GPE (1)" in shown[0]
    spans = left.document().findChild(SpanHighlighter).spans[left.blocks[1][0]]
    assert [key for _s, _l, key in spans] == ["?"]  # kept, drawn as an unknown type
    assert "PLACE" in win.reader.legend.text() and "GPE" not in win.reader.legend.text()
    select_word(left, 1, paragraph, "Russie")
    qtbot.keyClick(left, Qt.Key.Key_L)  # the new schema's key
    assert {m["label"] for m in mentions(library, article_id)} == {"GPE", "PLACE"}
    assert win.annotating.run(Remap("GPE", "PLACE"))
    assert {m["label"] for m in mentions(library, article_id)} == {"PLACE"}
    spans = left.document().findChild(SpanHighlighter).spans[left.blocks[1][0]]
    assert sorted(key for _s, _l, key in spans) == ["PLACE", "PLACE"]


def _strike_with_its_night(library: Library, role: str) -> int:
    """An article with a strike whose ``role`` argument is "pendant la nuit"."""
    from core.annotation import service

    text = "Kyiv, mardi 26 novembre 2024.\n\nLa Russie a lancé 188 drones pendant la nuit."
    article_id = int(import_text(library, text).imported[0]["id"])
    with library.session() as s:
        start = text.index("lancé")
        event = service.add_event(s, article_id, "AIR_DRONE_STRIKE", start, start + 5).id
        night = text.index("pendant la nuit")
        when = service.add_mention(s, article_id, night, night + 15, "DATE").id
        service.add_argument(s, event, role, when)
    return article_id


def _resolved(qtbot, library: Library, settings, role: str) -> tuple[MainWindow, int, dict]:
    """Ctrl+D's work on that strike in the window: the window, the article, the attributes."""
    article_id = _strike_with_its_night(library, role)
    win = open_window(qtbot, library, settings)
    win.pane.select_article(article_id)
    win.events.table.selectRow(0)
    assert win.event_tools.resolve_event_dates()
    with library.session() as s:
        [shown] = article_detail(s, article_id)["events"]
    return win, article_id, shown["attributes"]


def test_resolve_event_dates_from_the_time_argument(qtbot, library: Library, settings) -> None:
    win, article_id, attributes = _resolved(qtbot, library, settings, "Time")
    assert attributes == {
        "date_start": "2024-11-25",
        "date_end": "2024-11-26",
        "date_precision": "day",
    }
    win.annotating.undo_stack.undo()  # one step undoes the three
    with library.session() as s:
        assert article_detail(s, article_id)["events"][0]["attributes"] == {}


def test_resolve_event_dates_follows_the_schema(qtbot, library: Library, settings) -> None:
    """The role resolved and the attributes filled are the schema's (``when`` roles,
    ``date_part`` attributes), whatever their names; a schema without them is told."""
    from tests.schemas import renamed

    library.schema.activate(renamed(library.schema.current().body))
    win, _article_id, attributes = _resolved(qtbot, library, settings, "Quand")
    assert attributes == {
        "debut": "2024-11-25", "fin": "2024-11-26", "precision_temps": "day",
    }  # fmt: skip
    plain = dict(library.schema.current().body)
    plain["name"] = "no dates"
    plain["event_attributes"] = [
        {k: v for k, v in a.items() if k != "date_part"} for a in plain["event_attributes"]
    ]
    library.schema.activate(plain)
    win.state.schema_changed.emit(library.schema.current())
    win.events.table.selectRow(0)
    assert not win.event_tools.resolve_event_dates()
    assert "no dates to resolve" in win.statusBar().currentMessage()


def test_schema_editor_adds_a_type_with_a_key(qtbot, library: Library, settings) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QTableWidgetItem

    from core.annotation.schema import ensure_default

    win, article_id = open_article(qtbot, library, settings)

    def edit() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.name.setText("Conflict + vehicles")
        dialog._add_row()
        row = dialog.entities.rowCount() - 1
        for column, value in enumerate(["VEH", "Vehicle", "#336699", "h", "tanks, ships"]):
            dialog.entities.setItem(row, column, QTableWidgetItem(value))
        dialog._save()

    QTimer.singleShot(100, edit)
    win.schema.edit_schema()
    with library.session() as s:
        body = ensure_default(s).body
    assert body["name"] == "Conflict + vehicles"
    assert body["entity_types"][-1] == {
        "key": "VEH",
        "name": "Vehicle",
        "color": "#336699",
        "shortcut": "h",
        "description": "tanks, ships",
    }
    assert any(
        t["key"] == "AIR_DRONE_STRIKE" and t["roles"] for t in body["event_types"]
    )  # roles kept
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    left = win.reader.left
    paragraph = TEXT.split("\n\n")[1]
    select_word(left, 1, paragraph, "drones")
    qtbot.keyClick(left, Qt.Key.Key_H)
    assert [m["label"] for m in mentions(library, article_id)] == ["VEH"]


def test_markdown_articles_are_tagged_in_the_source_view(qtbot, library: Library, settings) -> None:
    source = "# Un **titre**\n\nLa *Russie* a frappé Kyïv."
    article_id = import_text(library, source, fmt="md").imported[0]["id"]
    win = open_window(qtbot, library, settings)
    win.pane.select_article(article_id)
    left = win.reader.left
    assert left.toPlainText().startswith("Un titre")  # rendered
    assert win.annotating.tag_selection("GPE") is None
    assert "Markdown source" in win.statusBar().currentMessage()
    # As found under Xvfb: a pre-annotated Markdown article, shown formatted, showed none of
    # its tags and did not say where they were.
    assert "Markdown source (Ctrl+M)" in win.reader.left_header.text()
    win.reading.source_action.trigger()
    assert left.toPlainText().startswith("# Un **titre**")
    assert win.reader.left_header.text() == "Original"
    select_word(left, 1, "La *Russie* a frappé Kyïv.", "Russie")
    qtbot.keyClick(left, Qt.Key.Key_3)
    [mention] = mentions(library, article_id)
    assert source[mention["start"] : mention["end"]] == "Russie"


def test_nested_tags_both_show(qtbot, library: Library, settings) -> None:
    """A place inside an organisation's name: the inner colour on top, the outer one as an
    underline over the shared part, the outer colour alone elsewhere."""
    win, _article_id = open_article(qtbot, library, settings)
    left = win.reader.left
    tag(qtbot, left, "La Russie", Qt.Key.Key_2)  # ORG, the outer span
    tag(qtbot, left, "Russie", Qt.Key.Key_3)  # GPE, inside it
    block = left.document().findBlockByNumber(left.blocks[1][0])
    at = to_utf16(PARAGRAPH, PARAGRAPH.index("Russie"))

    def format_at(column: int) -> QTextCharFormat:
        ranges = block.layout().formats()
        found = [
            QTextCharFormat(r.format) for r in ranges if r.start <= column < r.start + r.length
        ]
        return found[-1]

    inner, outer_only = format_at(at + 1), format_at(0)
    org, gpe = win.annotating.painter.formats["ORG"], win.annotating.painter.formats["GPE"]
    assert inner.background().color() == gpe.background().color()
    assert inner.underlineStyle() == inner.UnderlineStyle.SingleUnderline
    assert inner.underlineColor().rgb() == org.background().color().rgb()
    assert outer_only.background().color() == org.background().color()
    assert outer_only.underlineStyle() == outer_only.UnderlineStyle.NoUnderline
    left.setTextCursor(QTextCursor(left.document()))  # no selection over the look
    left.viewport().grab().save("/tmp/nested.png")


def test_the_attributes_form_checks_as_you_type_and_reads_counts(qtbot, library: Library) -> None:
    """A count takes whole numbers only, a bad date keeps OK off, each field is explained,
    and a count can be read from a tagged quantity (digits or number words)."""
    from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel

    from gui.dialogs.attributes import AttributesDialog, Quantity

    schema = library.schema.current()
    event = {"type": "AIR_DRONE_STRIKE", "trigger": {"text": "lancé"}, "attributes": {}}
    quantities = [Quantity("QTY", "trente drones", "fr", 7), Quantity("QTY", "188 drones", "fr", 9)]
    dialog = AttributesDialog(event, schema.attributes, None, quantities, "Air / drone strike")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    launched = dialog.fields["launched"]
    qtbot.keyClicks(launched, "1x2.5")
    assert launched.text() == "125"  # letters and points are not taken
    dialog.fields["date_start"].setText("26/11/2024")
    assert not ok.isEnabled() and "YYYY-MM-DD" in dialog.problem.text()
    dialog.fields["date_start"].setText("2024-11-26")
    assert ok.isEnabled()
    hints = {label.text() for label in dialog.findChildren(QLabel)}
    assert "lost to electronic warfare / jamming" in hints  # the schema's explanation
    pick = dialog.evidence["launched"]
    assert isinstance(pick, QComboBox) and pick.count() == 3
    pick.setCurrentIndex(1)
    assert launched.text() == "30"  # "trente"
    pick.setCurrentIndex(2)
    assert launched.text() == "188"
    # The tag the count was read from is kept with it (the schema's launched_evidence).
    assert dialog.changes() == {
        "launched": "188",
        "launched_evidence": 9,
        "date_start": "2024-11-26",
    }
    launched.setText("187")  # typed over: no longer that tag's number, so no evidence
    assert "launched_evidence" not in dialog.changes()
    dialog.fields["launched"].setText("abc")  # set from outside the validator
    assert not ok.isEnabled()
    again = AttributesDialog({**event, "attributes": {"launched": 30, "launched_evidence": 7}},
                             schema.attributes, None, quantities)  # fmt: skip
    qtbot.addWidget(again)
    assert again.evidence["launched"].currentText() == "«trente drones»"  # shown as chosen
    assert again.changes() == {}


def test_keyboard_selection_and_word_steps_on_a_tag(qtbot, library: Library, settings) -> None:
    """Shift+arrows extend a selection (tagging without the mouse); on a tag, Alt+arrows
    grow or shrink its end, Alt+Shift+arrows its start, a word at a time, undoably."""
    win, article_id = open_article(qtbot, library, settings)
    left = win.reader.left
    paragraph = TEXT.split("\n\n")[1]
    select_word(left, 1, paragraph, "188")
    cursor = left.textCursor()
    cursor.setPosition(cursor.selectionStart())  # the caret before "188"
    left.setTextCursor(cursor)
    for _ in range(3):
        qtbot.keyClick(left, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert left.textCursor().selectedText() == "188"
    qtbot.keyClick(left, Qt.Key.Key_0)  # QTY
    [tag] = mentions(library, article_id)
    assert tag["text"] == "188"
    qtbot.keyClick(left, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert mentions(library, article_id)[0]["text"] == "188 drones"
    shift_alt = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(left, Qt.Key.Key_Left, shift_alt)
    assert mentions(library, article_id)[0]["text"] == "lancé 188 drones"
    qtbot.keyClick(left, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert mentions(library, article_id)[0]["text"] == "lancé 188"
    for _ in range(3):
        win.annotating.undo_stack.undo()
    assert mentions(library, article_id)[0]["text"] == "188"


def test_a_count_read_from_a_tag_keeps_that_tag(qtbot, library: Library, settings) -> None:
    """Right-click a quantity with an event selected: "launched = 188, read from this tag"
    sets the count and keeps the tag as its evidence (one undo step); the events list shows
    the words the count came from."""
    win, article_id = open_article(qtbot, library, settings)
    left, paragraph = win.reader.left, PARAGRAPH
    tag(qtbot, left, "lancé", Qt.Key.Key_A)  # AIR_DRONE_STRIKE
    select_word(left, 1, paragraph, "188 drones")
    qtbot.keyClick(left, Qt.Key.Key_0)  # QTY
    offset = paragraph.index("188") + 1
    win.annotating.tag_menu(left, left.cursorRect(cursor_at(left, paragraph, offset)).center())
    menu = win.annotating.last_menu
    roles = next(a for a in menu.actions() if a.text().startswith("Argument of")).menu()
    texts = [a.text() for a in roles.actions()]
    assert "claimed_by (who reports it)" in texts  # the schema's tag-valued attribute
    assert not any(t.startswith("launched_evidence") for t in texts)  # set with its count
    next(a for a in roles.actions() if a.text() == "launched = 188, read from this tag").trigger()
    menu.close()
    with library.session() as s:
        [event] = article_detail(s, article_id)["events"]
        quantity = next(m for m in article_detail(s, article_id)["entities"] if m["label"] == "QTY")
    assert event["attributes"] == {"launched": 188, "launched_evidence": quantity["id"]}
    model = win.events.model
    assert model.data(model.index(0, 3)) == "launched 188 («188 drones»)"
    win.annotating.undo_stack.undo()  # both at once
    with library.session() as s:
        assert article_detail(s, article_id)["events"][0]["attributes"] == {}


def test_the_events_list_edits_arguments(qtbot, library: Library, settings) -> None:
    """Right-click an event in the list: its arguments with their roles checked; another
    role changes it, "Remove from this event" takes it out; each undoable."""
    win, article_id = open_article(qtbot, library, settings)
    left = win.reader.left
    tag(qtbot, left, "Russie", Qt.Key.Key_3)  # GPE
    tag(qtbot, left, "lancé", Qt.Key.Key_A)  # AIR_DRONE_STRIKE, selected in the list
    model = win.events.model
    russia = next(m for m in mentions(library, article_id) if m["text"] == "Russie")
    win.annotating.add_argument(model.events[0]["id"], "Attacker", russia["id"])

    def argument_menu():
        win.events.table.customContextMenuRequested.emit(
            win.events.table.visualRect(model.index(0, 0)).center()
        )
        menu = win.event_tools.last_menu
        return menu, next(a for a in menu.actions() if a.text() == "Attacker: «Russie»" or
                          a.text() == "Target: «Russie»").menu()  # fmt: skip

    menu, roles = argument_menu()
    assert [a.text() for a in roles.actions() if a.isChecked()] == ["Attacker"]
    assert "Counts, dates and other attributes…" in [a.text() for a in menu.actions()]
    next(a for a in roles.actions() if a.text() == "Target").trigger()
    menu.close()
    assert "Target: Russie" in model.data(model.index(0, 2))
    menu, roles = argument_menu()
    next(a for a in roles.actions() if a.text() == "Remove from this event").trigger()
    menu.close()
    assert "Russie" not in (model.data(model.index(0, 2)) or "")
    win.annotating.undo_stack.undo()
    win.annotating.undo_stack.undo()
    assert "Attacker: Russie" in model.data(model.index(0, 2))
