"""Suggestion settings: which sources propose, which tag and event types, a minimum score."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from core.suggest.engine import SOURCES, Options

EXPLAINED = {
    "registry": "registry — your entities' names and aliases",
    "learned": "learned — the words your library's tags hold",
    "gazetteer": "gazetteer — places, nationalities, organisations, weapons, laws",
    "rules": "rules — dates and quantities",
    "statistical": "statistical — spaCy's French and English pipelines",
    "trained": "trained — a model trained on your library's tags (Suggest menu; by itself)",
}


def _checklist(parent: QWidget, items: list[tuple[str, str]], on: set[str]) -> QListWidget:
    widget = QListWidget(parent)
    for key, text in items:
        item = QListWidgetItem(text, widget)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if key in on else Qt.CheckState.Unchecked)
    return widget


def _checked(widget: QListWidget) -> set[str]:
    return {
        str(widget.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    }


class SuggestSettingsDialog(QDialog):
    def __init__(self, options: Options, types: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Suggestion settings")
        self.all_types = types
        self.sources = _checklist(
            self, [(s, EXPLAINED.get(s, s)) for s in SOURCES], set(options.sources)
        )
        chosen = set(types) if options.types is None else set(options.types)
        self.types = _checklist(self, [(t, t) for t in types], chosen)
        self.score = QDoubleSpinBox(self)
        self.score.setRange(0.0, 1.0)
        self.score.setSingleStep(0.05)
        self.score.setValue(options.min_score)
        self.score.setToolTip("Suggestions less sure than this are not shown")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Sources", self.sources)
        form.addRow("Types", self.types)
        form.addRow("Minimum score", self.score)
        form.addRow(buttons)

    def options(self) -> Options:
        types = _checked(self.types)
        return Options(
            frozenset(_checked(self.sources)),
            None if types == set(self.all_types) else frozenset(types),
            round(self.score.value(), 2),
        )
