"""The entity registry panel and the link dialog, driven as a user would, on real SQLite."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from core.ingest.run import import_text
from core.library import Library
from gui.dialogs.link import LinkDialog
from gui.main_window import MainWindow
from gui.registry.model import PAGE
from tests.test_gui_annotation import open_window

TEXTS = [
    "Des drones ont visé Kyïv et Kharkiv. À Kyiv, les défenses ont tenu.",
    "Kiev was hit overnight; Kharkiv too. The mayor of Kyiv spoke.",
]


def tagged_library(library: Library) -> dict[str, int]:
    """Two articles; Kyiv, Kyïv, Kiev and Kharkiv tagged and linked to three entities."""
    ids = [int(import_text(library, text).imported[0]["id"]) for text in TEXTS]
    for article_id, text in zip(ids, TEXTS, strict=True):
        for word, name in (
            ("Kyïv", "Kyiv"),
            ("Kyiv", "Kyiv"),
            ("Kiev", "Kiev"),
            ("Kharkiv", "Kharkiv"),
        ):
            at = text.find(word)
            if at >= 0:
                op = library.annotations.tag(article_id, at, at + len(word), "GPE")
                assert op.mention_id is not None
                library.entities.link(op.mention_id, name)
    return {row.name: row.id for row in library.entities.page()}


def show_registry(qtbot, win: MainWindow) -> None:
    win.registry.toggle()
    assert win.left.currentWidget() is win.registry.panel
    qtbot.waitUntil(lambda: win.registry.panel.model.rowCount() > 0)


def test_an_empty_registry_says_where_entities_come_from(qtbot, library: Library, settings) -> None:
    win = open_window(qtbot, library, settings)
    win.registry.toggle()
    panel = win.registry.panel
    qtbot.waitUntil(lambda: "Link to an entity" in panel.count.text())
    assert panel.model.rowCount() == 0


def test_one_entity_is_counted_in_the_singular(qtbot, library: Library, settings) -> None:
    """As seen under Xvfb after the first link: "1 entities"."""
    article_id = int(import_text(library, TEXTS[0]).imported[0]["id"])
    at = TEXTS[0].index("Kyiv")
    op = library.annotations.tag(article_id, at, at + 4, "GPE")
    assert op.mention_id is not None
    library.entities.link(op.mention_id, "Kyiv")
    win = open_window(qtbot, library, settings)
    show_registry(qtbot, win)
    panel = win.registry.panel
    qtbot.waitUntil(lambda: panel.count.text() != "")
    assert panel.count.text() == "1 entity"


def test_every_registry_column_shows_without_scrolling_sideways(
    qtbot, library: Library, settings
) -> None:
    """As seen under Xvfb: at the window's first size the list's six columns were wider than
    the panel, so External id sat behind a sideways scroll bar, even on an empty registry.
    The name takes what the others leave."""
    tagged_library(library)
    win = open_window(qtbot, library, settings)
    show_registry(qtbot, win)
    table = win.registry.panel.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    assert table.horizontalScrollBar().maximum() == 0
    header = table.horizontalHeader()
    assert header.sectionSize(0) == max(header.sectionSize(c) for c in range(header.count()))


def test_registry_lists_searches_and_edits(
    qtbot, qtmodeltester, library: Library, settings
) -> None:
    entities = tagged_library(library)
    win = open_window(qtbot, library, settings)
    show_registry(qtbot, win)
    panel = win.registry.panel
    qtmodeltester.check(panel.model)
    shown = {panel.model.index(r, 0).data(): panel.model.index(r, 2).data() for r in range(3)}
    assert shown == {"Kharkiv": "2", "Kiev": "1", "Kyiv": "3"}
    assert panel.count.text() == "3 entities"
    panel.search.setText("KYÏV")  # case and accents folded
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.count.text() == "1 of 3 entities"
    panel.table.selectRow(0)
    assert panel.name.text() == "Kyiv" and panel.aliases.text() == "Kyïv"
    assert [panel.articles.item(i).text().split(" ×")[0] for i in range(2)] == ["2", "1"]
    panel.external.setText("Q1899")
    panel.external.editingFinished.emit()
    panel.aliases.setText("Kyïv; Київ ; ")
    panel.aliases.editingFinished.emit()
    row = library.entities.get(entities["Kyiv"])
    assert (row.external_id, row.aliases) == ("Q1899", ("Kyïv", "Київ"))
    assert panel.model.index(0, 5).data() == "Q1899"  # the table shows what was stored
    panel.name.setText("")  # refused: the stored name comes back
    panel.name.editingFinished.emit()
    assert panel.name.text() == "Kyiv" and library.entities.get(entities["Kyiv"]).name == "Kyiv"
    win.annotating.undo_stack.undo()
    win.annotating.undo_stack.undo()
    assert library.entities.get(entities["Kyiv"]).external_id == ""


def test_merge_from_the_panel_and_undo(qtbot, library: Library, settings) -> None:
    entities = tagged_library(library)
    win = open_window(qtbot, library, settings)
    show_registry(qtbot, win)
    panel = win.registry.panel
    panel.search.setText("k")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    panel.table.selectAll()
    assert not panel.merge_button.isEnabled()  # two entities, not three
    panel.table.clearSelection()
    for name in ("Kiev", "Kyiv"):
        row = panel.model.row_of(entities[name])
        assert row is not None
        panel.table.selectionModel().select(
            panel.model.index(row, 0), panel.table.selectionModel().SelectionFlag.Select
            | panel.table.selectionModel().SelectionFlag.Rows,
        )  # fmt: skip
    assert panel.merge_button.isEnabled()

    def keep_kyiv() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, keep_kyiv)
            return
        next(b for b in box.buttons() if b.text() == "Keep «Kyiv»").click()

    QTimer.singleShot(20, keep_kyiv)
    panel.merge_selected()
    kyiv = library.entities.get(entities["Kyiv"])
    assert (kyiv.mentions, kyiv.articles, kyiv.aliases) == (4, 2, ("Kiev", "Kyïv"))
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    assert panel.current is not None and panel.current.id == kyiv.id  # the kept one selected
    win.annotating.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    assert library.entities.get(entities["Kiev"]).mentions == 1


def test_registry_opens_the_articles_an_entity_is_in(qtbot, library: Library, settings) -> None:
    entities = tagged_library(library)
    win = open_window(qtbot, library, settings)
    show_registry(qtbot, win)
    panel = win.registry.panel
    panel.table.selectRow(panel.model.row_of(entities["Kiev"]) or 0)
    assert panel.articles.count() == 1
    panel.articles.setCurrentRow(0)
    panel.articles.itemActivated.emit(panel.articles.item(0))
    qtbot.waitUntil(lambda: win.state.article_id == 2)
    assert "Kiev was hit" in win.reader.left.toPlainText()


def test_registry_pages_through_many_entities(qtbot, library: Library, settings) -> None:
    for n in range(PAGE + 50):
        library.entities.create(f"Entity {n:04}", "ORG")
    win = open_window(qtbot, library, settings)
    show_registry(qtbot, win)
    model = win.registry.panel.model
    assert model.rowCount() == PAGE and model.canFetchMore()
    win.registry.panel.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == PAGE + 50)
    assert not model.canFetchMore()
    win.registry.panel.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == f"Entity {PAGE + 49:04}"


def test_sorting_by_count_runs_in_the_background_and_pages_by_id(
    qtbot, library: Library, settings
) -> None:
    ids = [library.entities.create(f"Entity {n:04}", "ORG").entity_id for n in range(PAGE + 30)]
    text = "Kyiv Kyiv Kyiv"
    article = int(import_text(library, text).imported[0]["id"])
    for n, at in enumerate((0, 5, 10)):  # the last entity gets three tags, the one before one
        op = library.annotations.tag(article, at, at + 4, "ORG")
        assert op.mention_id is not None
        library.entities.link(op.mention_id, "", entity_id=ids[-1] if n else ids[-2])
    win = open_window(qtbot, library, settings)
    show_registry(qtbot, win)
    panel, model = win.registry.panel, win.registry.panel.model
    with qtbot.waitSignal(model.loaded, timeout=5000):
        panel.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # by mentions, most first
    assert [model.index(r, 2).data() for r in range(3)] == ["2", "1", "0"]
    assert model.order is not None and len(model.order) == PAGE + 30
    panel.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == PAGE + 30)
    assert len({row.id for row in model.rows}) == PAGE + 30  # every entity once


def test_link_dialog_proposes_by_alias_and_teaches_the_alias(
    qtbot, library: Library, settings
) -> None:
    entities = tagged_library(library)
    library.entities.edit(entities["Kyiv"], aliases=["Kyïv", "Kiev"])
    library.entities.merge(entities["Kyiv"], entities["Kiev"])
    text = "Les frappes sur KIEV ont repris."
    article = int(import_text(library, text).imported[0]["id"])
    mention = library.annotations.tag(
        article, text.index("KIEV"), text.index("KIEV") + 4, "GPE"
    ).mention_id
    assert mention is not None
    dialog = LinkDialog(library, "KIEV", "GPE")
    qtbot.addWidget(dialog)
    assert dialog.proposals.currentItem().text().startswith("Kyiv  (GPE)")
    assert dialog.chosen() == entities["Kyiv"]
    dialog.field.setText("Kharkov")  # no such name: a new entity
    dialog.refresh()
    assert dialog.chosen() is None and "New entity «Kharkov»" in dialog.proposals.item(0).text()
    dialog.field.setText("kiev")
    dialog.refresh()
    library.entities.link(mention, dialog.name(), entity_id=dialog.chosen())
    assert library.entities.get(entities["Kyiv"]).mentions == 5
    assert "KIEV" in library.entities.get(entities["Kyiv"]).aliases  # taught: proposed next time
