"""A turn of the mouse wheel over a field that writes does not write.

As found: scrolling with the mouse over the article's Status box (or an entity's Type in
the registry) changed it, one stored change and one undo step per notch, though the user
only meant to scroll. Now the wheel changes such a box only once the user has clicked into
it or tabbed to it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox

from core.library import Library
from tests.test_gui_annotation import open_window
from tests.test_gui_registry import show_registry, tagged_library
from tests.test_gui_unfinished_edits import two_articles


def _wheel(box: QComboBox, notches: int = -2) -> None:
    """Turn the wheel over ``box`` (negative: towards the user, to the next item)."""
    centre = QPointF(box.rect().center())
    event = QWheelEvent(
        centre, QPointF(box.mapToGlobal(centre.toPoint())), QPoint(0, 0),
        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(box, event)


def test_the_wheel_over_the_status_box_does_not_change_the_status(
    qtbot, library: Library, settings
) -> None:
    win, first, _second = two_articles(qtbot, library, settings)
    box = win.article_bar.status
    win.reader.left.setFocus()
    qtbot.waitUntil(win.reader.left.hasFocus)
    _wheel(box)
    fields = library.articles.fields(first)
    assert fields is not None and fields.status == "new" and box.currentText() == "new"
    assert win.annotating.undo_stack.count() == 0
    box.setFocus()  # clicked into or tabbed to: the wheel is the user's choice
    qtbot.waitUntil(box.hasFocus)
    _wheel(box, -1)
    fields = library.articles.fields(first)
    assert fields is not None and fields.status == box.currentText() != "new"


def test_the_wheel_over_an_entitys_type_does_not_change_it(
    qtbot, library: Library, settings
) -> None:
    entities = tagged_library(library)
    win = open_window(qtbot, library, settings)
    show_registry(qtbot, win)
    panel = win.registry.panel
    panel.table.selectRow(0)
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    _wheel(panel.entity_type)
    assert {library.entities.get(i).type for i in entities.values()} == {"GPE"}
