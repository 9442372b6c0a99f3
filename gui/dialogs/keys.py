"""Help ▸ Keys: every key of the app, read from the window's own actions (so the sheet
cannot drift from what the keys do), and the mouse gestures that have no key."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

GESTURES = (
    ("Select words, then a type's key", "Tag them (the legend above the text shows the keys)"),
    ("Select words, then an event's key", "Make them the trigger of a new event"),
    ("Right-click a tag", "Change its type, make it an argument of the selected event, read "
     "a count from it, link it to an entity, tag every occurrence, remove it"),
    ("Double-click an event", "Its counts, dates, certainty and other attributes"),
    ("Right-click an event", "Its arguments: change a role, remove one; attributes, dates"),
    ("Click a paragraph", "The one Ctrl+E edits the translation of"),
)  # fmt: skip


def key_rows(window: QMainWindow) -> list[tuple[str, str]]:
    """(keys, what they do) for every action of the window that has a key."""
    rows: dict[tuple[str, str], None] = {}
    for action in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        text = action.text().replace("&", "")
        if keys and text:
            rows[(" / ".join(keys), text)] = None
    return sorted(rows, key=lambda row: row[1].lower())


class KeysDialog(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keys")
        self.resize(720, 640)
        rows = key_rows(window) + list(GESTURES)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels(["Keys", "What they do"])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, text) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
