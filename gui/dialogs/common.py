"""Small dialogs: paste an article, translation settings, edit a translation, import report."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.translation.languages import target_language
from core.translation.providers import PROVIDERS
from gui.dialogs.plain import plain_label
from gui.dialogs.typing import TypingDialog


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _problem_under(form: QFormLayout, label: str, field: QLineEdit) -> QLabel:
    """``field``'s row, and under it a line saying why what was typed was refused (hidden
    until then, and again as soon as the field is edited)."""
    problem = QLabel(field.parentWidget())
    problem.setStyleSheet("color: #b00020")
    problem.hide()
    field.textEdited.connect(lambda _t: problem.hide())
    form.addRow(label, field)
    form.addRow("", problem)
    return problem


class PasteDialog(TypingDialog):
    """Paste text (from a web page, an e-mail...) as a new article."""

    def __init__(self, parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("New article from pasted text")
        self.resize(640, 480)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("Title (default: the first line)")
        self.body = QPlainTextEdit(self)
        self.body.setPlaceholderText("Paste the article here…")
        self.body.setPlainText(text)
        self.format = QComboBox(self)
        self.format.addItem("Plain text", "txt")
        self.format.addItem("Markdown", "md")
        self.format.addItem("HTML", "html")
        self.source = QLineEdit(self)
        self.source.setPlaceholderText("e.g. Le Monde, AFP")
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://…")
        self.published = QLineEdit(self)
        self.published.setPlaceholderText("YYYY-MM-DD (default: a date found in the text)")
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Source", self.source)
        form.addRow("URL", self.url)
        self.problem = _problem_under(form, "Published", self.published)
        form.addRow("Format", self.format)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(_buttons(self))
        self._start = text
        chain = (self.title, self.source, self.url, self.published, self.format, self.body)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)  # Tab goes down the form, as it is shown

    def typed(self) -> bool:
        fields = (self.title, self.source, self.url, self.published)
        return self.body.toPlainText() != self._start or any(f.text() for f in fields)

    def date(self) -> dt.date | None:
        """The publication date typed (None: none typed); ValueError if not YYYY-MM-DD."""
        typed = self.published.text().strip()
        return dt.date.fromisoformat(typed) if typed else None

    def accept(self) -> None:
        """A date that is not YYYY-MM-DD is said under its field; nothing typed is lost."""
        try:
            self.date()
        except ValueError:
            self.problem.setText("Not a date as YYYY-MM-DD (e.g. 2024-11-26); or leave it empty")
            self.problem.show()
            self.published.setFocus()
            return
        super().accept()


class TranslationSettingsDialog(QDialog):
    def __init__(self, settings: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Translation settings")
        self.provider = QComboBox(self)
        for name, spec in PROVIDERS.items():
            self.provider.addItem(spec.label, name)
        self.provider.setCurrentIndex(max(0, self.provider.findData(settings.get("provider"))))
        self.url = QLineEdit(settings.get("url", ""), self)
        self.url.setPlaceholderText("http://localhost:5000/  (LibreTranslate server)")
        self.api_key = QLineEdit(self)
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText("stored in the system keyring, never in Gloss's files")
        self.target = QLineEdit(settings.get("target", "en"), self)
        self.timeout = QDoubleSpinBox(self)
        self.timeout.setRange(1, 600)
        self.timeout.setSuffix(" s")
        self.timeout.setValue(float(settings.get("timeout", 30)))
        form = QFormLayout(self)
        form.addRow("Service", self.provider)
        form.addRow("Server URL", self.url)
        form.addRow("API key", self.api_key)
        self.target.setPlaceholderText("a code (en, fr, de…) or a name (English)")
        self.problem = _problem_under(form, "Translate into", self.target)
        form.addRow("Deadline per call", self.timeout)
        form.addRow(_buttons(self))

    def accept(self) -> None:
        """Only a language: its name is taken as its code ("English" is en)."""
        try:
            target_language(self.target.text() or "en")
        except ValueError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            self.target.setFocus()
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        return {
            "provider": self.provider.currentData(),
            "url": self.url.text().strip(),
            "target": target_language(self.target.text() or "en"),
            "timeout": self.timeout.value(),
        }


class EditTranslationDialog(TypingDialog):
    def __init__(self, original: str, translation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit the translation")
        self.resize(640, 360)
        source = QPlainTextEdit(original, self)
        source.setReadOnly(True)
        self.text = QPlainTextEdit(translation, self)
        self._start = translation
        layout = QVBoxLayout(self)
        layout.addWidget(source)
        layout.addWidget(self.text, 1)
        layout.addWidget(_buttons(self))

    def typed(self) -> bool:
        return self.text.toPlainText() != self._start


def show_import_report(parent: QWidget, report: Any) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle("Import finished" if not report.cancelled else "Import cancelled")
    box.setIcon(QMessageBox.Icon.Warning if report.failed else QMessageBox.Icon.Information)
    plain_label(box)
    box.setText(report.summary() + ".")
    if report.failed:
        box.setInformativeText("Some inputs could not be imported; see the details.")
    problems = report.problems()
    if problems:
        box.setDetailedText("\n".join(problems))
    box.open()


class NotesDialog(TypingDialog):
    def __init__(self, notes: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Notes on this article")
        self.resize(520, 320)
        self.text = QPlainTextEdit(notes, self)
        self._start = notes
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(_buttons(self))

    def typed(self) -> bool:
        return self.text.toPlainText() != self._start


def show_review_list(parent: QWidget, lines: list[str]) -> None:
    """The article's tags that need review, each with its reason (plain text)."""
    box = QMessageBox(parent)
    box.setWindowTitle("Tags needing review")
    plain_label(box)
    if not lines:
        box.setText("No tag of this article needs review.")
    else:
        box.setText(
            f"{len(lines)} tag(s) lost their words when a translation changed. They are "
            "underlined in red in the reader; remove or re-tag them."
        )
        box.setDetailedText("\n".join(lines))
    box.exec()
