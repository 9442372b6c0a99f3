"""A colour picker with swatches: a palette of distinct colours readable as tag tints in
both themes, one click each; "Other colour…" opens Qt's full dialog; or type #rrggbb."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

SWATCHES = (
    "#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#16a085", "#2980b9", "#8e44ad", "#2c3e50",
    "#d35400", "#b8860b", "#7f8c8d", "#e84393", "#00b894", "#0984e3", "#6c5ce7", "#636e72",
)  # fmt: skip


def swatch_icon(colour: str, size: int = 22) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class SwatchPicker(QDialog):
    def __init__(self, colour: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Colour")
        self.field = QLineEdit(colour, self)
        self.field.setPlaceholderText("#rrggbb or a colour name")
        self.sample = QLabel(self)
        self.sample.setFixedSize(48, 22)
        self.field.textChanged.connect(self._show)
        grid = QGridLayout()
        grid.setSpacing(4)
        self.buttons: list[QToolButton] = []
        for n, swatch in enumerate(SWATCHES):
            button = QToolButton(self)
            button.setIcon(swatch_icon(swatch))
            button.setIconSize(QSize(22, 22))
            button.setToolTip(swatch)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _c=False, s=swatch: self._pick(s))
            grid.addWidget(button, n // 8, n % 8)
            self.buttons.append(button)
        other = QPushButton("Other colour…", self)
        other.clicked.connect(self._other)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.ok = box.button(QDialogButtonBox.StandardButton.Ok)
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.sample)
        row.addWidget(other)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(row)
        layout.addWidget(box)
        self._show(colour)

    def _pick(self, colour: str) -> None:
        self.field.setText(colour)
        self.accept()

    def _other(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour() or "#888888"), self, "Colour")
        if chosen.isValid():
            self.field.setText(chosen.name())

    def _show(self, text: str) -> None:
        valid = QColor.isValidColorName(text.strip())
        self.ok.setEnabled(valid)
        self.sample.setStyleSheet(f"background: {text.strip()}" if valid else "")

    def colour(self) -> str:
        return self.field.text().strip()
