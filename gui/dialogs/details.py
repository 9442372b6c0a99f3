"""An article's details: title, source, URL, publication date and main language, checked
as they are typed (OK stays off while a date or a language code is not one)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from core.annotation.article_fields import LANGUAGE_CODE
from core.library import ReaderArticle
from gui.dialogs.typing import TypingDialog

FIELDS = ("title", "source", "url", "published", "language")


class DetailsDialog(TypingDialog):
    def __init__(self, article: ReaderArticle, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Article details")
        self.resize(560, 0)
        self.original = {
            "title": article.title, "source": article.source, "url": article.url,
            "published": article.published or "", "language": article.language,
        }  # fmt: skip
        self.edits = {name: QLineEdit(value, self) for name, value in self.original.items()}
        self.edits["published"].setPlaceholderText("YYYY-MM-DD, or empty")
        self.edits["language"].setPlaceholderText("fr, en, uk…")
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #c0392b")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        for name, label in zip(
            FIELDS, ("Title", "Source", "URL", "Published", "Main language"), strict=True
        ):
            form.addRow(label, self.edits[name])
            self.edits[name].textChanged.connect(self._check)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self._check()

    def _check(self) -> None:
        problem = ""
        date = self.edits["published"].text().strip()
        if date:
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                problem = "The date is not YYYY-MM-DD."
        if not LANGUAGE_CODE.match(self.edits["language"].text().strip().lower()):
            problem = problem or "The language is a code: fr, en, uk… (und: unknown)."
        if not self.edits["title"].text().strip():
            problem = problem or "A title cannot be empty."
        self.problem.setText(problem)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problem)

    def typed(self) -> bool:
        return bool(self.changes())

    def changes(self) -> dict[str, str]:
        """The fields the person changed, as typed."""
        values = {name: edit.text().strip() for name, edit in self.edits.items()}
        return {k: v for k, v in values.items() if v != self.original[k]}
