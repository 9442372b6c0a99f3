"""An event's typed attributes: one field per attribute of the schema, checked as it is
typed (a count takes whole numbers only, a date YYYY-MM-DD; OK stays off otherwise), each
explained by the schema's description. A count can be read from a tagged quantity of the
article ("188 drones", "trente drones", "thirty")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from core.annotation.types import Attribute
from core.text.numbers import number_in
from gui.dialogs.plain import plain_label
from gui.dialogs.typing import TypingDialog


@dataclass(frozen=True)
class Quantity:
    """A tag a count can be read from."""

    label: str
    text: str
    language: str
    mention_id: int = 0


class AttributesDialog(TypingDialog):
    def __init__(
        self,
        event: dict[str, Any],
        specs: tuple[Attribute, ...],
        parent: QWidget | None = None,
        quantities: list[Quantity] = (),  # type: ignore[assignment]
        title: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title or event['type']}: {event['trigger']['text']}")
        self.fields: dict[str, Any] = {}
        self.evidence: dict[str, QComboBox] = {}  # count -> its "read from a tag" list
        self.specs = {spec.key: spec for spec in specs}
        self.evidence_keys = {s.evidence_for: s.key for s in specs if s.evidence_for}
        self.original = dict(event["attributes"])
        form = QFormLayout(self)
        for spec in specs:
            if spec.kind == "mention":
                continue  # set by right-clicking a tag (claimed_by)
            widget = self._field(spec, self.original.get(spec.key))
            self.fields[spec.key] = widget
            row: QWidget = widget
            usable = [q for q in quantities if q.label in spec.evidence]
            if spec.kind == "integer" and usable:
                row = self._with_evidence(spec.key, widget, usable)
            form.addRow(spec.key, row)
            if spec.description:
                hint = QLabel(spec.description, self)
                plain_label(hint)
                hint.setEnabled(False)  # greyed: an explanation, not a value
                form.addRow("", hint)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #c0392b")
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._check()

    def _field(self, spec: Attribute, value: Any) -> Any:
        if spec.kind == "enum":
            combo = QComboBox(self)
            combo.addItem("", None)
            for option in spec.values:
                combo.addItem(option, option)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        edit = QLineEdit("" if value is None else str(value), self)
        if spec.kind == "integer":
            edit.setPlaceholderText("a whole number")
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,9}"), edit))
        elif spec.kind == "date":
            edit.setPlaceholderText("YYYY-MM-DD")
        edit.textChanged.connect(self._check)
        return edit

    def _with_evidence(self, key: str, edit: QLineEdit, quantities: list[Quantity]) -> QWidget:
        """The count, and a list of the article's quantities to read it from (the one it
        was read from chosen)."""
        box = QWidget(self)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit, 1)
        pick = QComboBox(box)
        pick.addItem("read from a tag…", None)
        for quantity in quantities:
            pick.addItem(f"«{quantity.text}»", quantity)
        source = self.original.get(self.evidence_keys.get(key, ""))
        for index in range(1, pick.count()):
            if pick.itemData(index).mention_id == source:
                pick.setCurrentIndex(index)
        pick.currentIndexChanged.connect(lambda _i: self._read(edit, pick))
        layout.addWidget(pick)
        self.evidence[key] = pick
        return box

    def _read(self, edit: QLineEdit, pick: QComboBox) -> None:
        quantity = pick.currentData()
        if isinstance(quantity, Quantity):
            number = number_in(quantity.text, quantity.language)
            if number is None:
                self.problem.setText(f"«{quantity.text}» states no number")
                return
            edit.setText(str(number))

    def _check(self) -> None:
        problem = ""
        for key, widget in self.fields.items():
            kind = self.specs[key].kind
            if kind == "integer" and not widget.text().strip().isdigit() and widget.text().strip():
                problem = problem or f"{key}: a whole number"
            if kind == "date" and widget.text().strip():
                try:
                    dt.date.fromisoformat(widget.text().strip())
                except ValueError:
                    problem = problem or f"{key}: a date is YYYY-MM-DD"
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def evidence_of(self, key: str) -> int | None:
        """The tag the count ``key`` was read from, while the field still holds its number."""
        pick = self.evidence.get(key)
        quantity = pick.currentData() if pick is not None else None
        if not isinstance(quantity, Quantity) or not quantity.mention_id:
            return None
        number = number_in(quantity.text, quantity.language)
        return quantity.mention_id if str(number) == self.fields[key].text().strip() else None

    def typed(self) -> bool:
        return bool(self.changes())

    def changes(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, source in self.evidence_keys.items():
            if key in self.fields and source in self.specs:
                found = self.evidence_of(key)
                if found != self.original.get(source):
                    out[source] = found
        for key, widget in self.fields.items():
            value = (
                widget.currentData()
                if isinstance(widget, QComboBox)
                else widget.text().strip() or None
            )
            if value != (
                str(self.original[key])
                if key in self.original and isinstance(widget, QLineEdit)
                else self.original.get(key)
            ):
                out[key] = value
        return out
