"""Article-level annotation above the reader: status, labels and notes.

Labels typed and not yet confirmed (Return, or the focus leaving the field) are stored for
the article they were typed on before the bar shows another article, or this one anew: a
key such as Alt+Down or a menu item confirms nothing (see :mod:`gui.typed`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from gui.dialogs.plain import plain_tooltip
from gui.steady import SteadyComboBox
from gui.typed import confirm, on_confirmed

if TYPE_CHECKING:
    from core.library import ArticleFields


class ArticleBar(QWidget):
    changed = Signal(int, str, object)  # article id, field name, new value
    notes_requested = Signal()

    def __init__(self, statuses: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = SteadyComboBox(self)
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
        on_confirmed(self.labels, self._labels_changed)
        self.notes.clicked.connect(self.notes_requested)
        self._labels: list[str] = []
        self._article_id: int | None = None  # the article whose fields are shown

    def show_article(self, article_id: int | None, fields: ArticleFields | None) -> None:
        """Show an article's fields (None: no article), after storing the labels typed and
        not yet confirmed on the article shown until now. Shown anew, that article keeps
        the labels as typed: ``fields`` may have been read before they were stored."""
        shown, typed = self._article_id, self._typed()
        if typed is not None:
            self.finish()
        self._loading = True
        self.setEnabled(fields is not None)
        self._article_id = article_id if fields is not None else None
        if fields is not None:
            self.status.setCurrentText(fields.status)
            again = typed if article_id == shown else None  # stored just now
            self._labels = again if again is not None else list(fields.labels)
            self.labels.setText(", ".join(self._labels))
            notes = fields.notes
            self.notes.setText("Notes ✎" if notes else "Notes…")
            self.notes.setToolTip(plain_tooltip(notes))
        self._loading = False

    def finish(self) -> None:
        """Store the labels typed and not yet confirmed, as Return would."""
        confirm(self.labels)

    def _typed(self) -> list[str] | None:
        """The labels typed and not yet confirmed, if they differ from those stored."""
        if self._article_id is None or not self.labels.isModified():
            return None
        labels = self._parsed()
        return labels if labels != self._labels else None

    def _parsed(self) -> list[str]:
        return sorted({part.strip() for part in self.labels.text().split(",") if part.strip()})

    def _status_changed(self, status: str) -> None:
        if not self._loading and self._article_id is not None:
            self.changed.emit(self._article_id, "status", status)

    def _labels_changed(self) -> None:
        labels = self._parsed()
        if not self._loading and self._article_id is not None and labels != self._labels:
            self._labels = labels
            self.changed.emit(self._article_id, "labels", labels)
