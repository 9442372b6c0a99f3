"""Article-level annotation above the reader: status, labels and notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from gui.dialogs.plain import plain_tooltip

if TYPE_CHECKING:
    from core.library import ArticleFields


class ArticleBar(QWidget):
    changed = Signal(str, object)  # field name, new value
    notes_requested = Signal()

    def __init__(self, statuses: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QComboBox(self)
        self.status.addItems(statuses)
        self.labels = QLineEdit(self)
        self.labels.setPlaceholderText("labels, separated by commas")
        self.notes = QPushButton("Notes…", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Status", self))
        layout.addWidget(self.status)
        layout.addWidget(self.labels, 1)
        layout.addWidget(self.notes)
        self._loading = False
        self.status.currentTextChanged.connect(self._status_changed)
        self.labels.editingFinished.connect(self._labels_changed)
        self.notes.clicked.connect(self.notes_requested)
        self._labels: list[str] = []

    def show_article(self, fields: ArticleFields | None) -> None:
        self._loading = True
        self.setEnabled(fields is not None)
        if fields is not None:
            self.status.setCurrentText(fields.status)
            self._labels = list(fields.labels)
            self.labels.setText(", ".join(self._labels))
            notes = fields.notes
            self.notes.setText("Notes ✎" if notes else "Notes…")
            self.notes.setToolTip(plain_tooltip(notes))
        self._loading = False

    def _status_changed(self, status: str) -> None:
        if not self._loading:
            self.changed.emit("status", status)

    def _labels_changed(self) -> None:
        labels = sorted({part.strip() for part in self.labels.text().split(",") if part.strip()})
        if not self._loading and labels != self._labels:
            self._labels = labels
            self.changed.emit("labels", labels)
