"""Edit the annotation schema: entity and event types with names, colours, keys and (for
events) roles. Saving never touches annotations; removed types show as unknown."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.annotation.schema import SchemaError, validate

ENTITY_COLUMNS = ("key", "name", "color", "shortcut", "description")
EVENT_COLUMNS = ("key", "name", "color", "shortcut", "roles", "description")


def _roles_text(item: dict[str, Any]) -> str:
    """Roles as "Attacker: GPE ORG; Target: FAC" (the entity types a role expects)."""
    return "; ".join(
        f"{r['name']}: {' '.join(r.get('entity_types', []))}".strip(": ")
        for r in item.get("roles", [])
    )


def _roles_from(text: str) -> list[tuple[str, list[str]]]:
    roles = []
    for part in text.split(";"):
        name, _sep, types = part.partition(":")
        if name.strip():
            roles.append((name.strip(), types.split()))
    return roles


def _shown(value: Any) -> str:
    """What a cell shows for a stored value."""
    return "" if value is None else str(value)


def merge_row(
    previous: dict[str, Any] | None, shown: dict[str, str], columns: tuple[str, ...]
) -> dict[str, Any]:
    """The stored type after editing a row: the previous item with only what the table
    changed. Fields the table does not show (mappings, a role's table_column, anything a
    schema file adds) and values it shows unchanged are kept as they were, type and all."""
    item = copy.deepcopy(previous) if previous else {}
    for column in columns:
        text = shown.get(column, "")
        if column == "roles":
            old_roles = {r.get("name"): r for r in item.get("roles", [])}
            if text == _roles_text(item) and "roles" in item:
                continue
            roles = []
            for name, types in _roles_from(text):
                role = copy.deepcopy(old_roles.get(name, {"name": name}))
                if types != list(role.get("entity_types", [])):
                    role["entity_types"] = types
                roles.append(role)
            if roles or "roles" in item:
                item["roles"] = roles
        elif text != _shown(item.get(column)) and (text or column in item):
            item[column] = text
    return item


class SchemaEditor(QDialog):
    def __init__(self, body: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annotation schema")
        self.resize(1100, 560)
        self.body = copy.deepcopy(body)
        self.name = QLineEdit(self.body.get("name", ""), self)
        self.tabs = QTabWidget(self)
        self.entities = self._table(self.body.get("entity_types", []), ENTITY_COLUMNS)
        self.events = self._table(self.body.get("event_types", []), EVENT_COLUMNS)
        self.tabs.addTab(self.entities, "Entity types")
        self.tabs.addTab(self.events, "Event types")
        add = QPushButton("Add a type", self)
        remove = QPushButton("Remove the selected type", self)
        add.clicked.connect(self._add_row)
        remove.clicked.connect(self._remove_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(QLabel("Name", self))
        row.addWidget(self.name, 1)
        tools = QHBoxLayout()
        tools.addWidget(add)
        tools.addWidget(remove)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(tools)
        layout.addWidget(
            QLabel(
                "Roles: “Attacker: GPE ORG; Target: FAC” — a role and the entity types it "
                "expects. Double-click a colour to pick one.",
                self,
            )
        )
        layout.addWidget(buttons)

    def _table(self, items: list[dict[str, Any]], columns: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(len(items), len(columns), self)
        table.setHorizontalHeaderLabels(list(columns))
        table.horizontalHeader().setStretchLastSection(True)
        for r, item in enumerate(items):
            for c, column in enumerate(columns):
                value = _roles_text(item) if column == "roles" else str(item.get(column, ""))
                table.setItem(r, c, QTableWidgetItem(value))
        colour = columns.index("color")
        for r in range(table.rowCount()):
            cell = table.item(r, colour)
            if cell is not None:
                self._swatch(cell)
        table.itemChanged.connect(
            lambda item: self._swatch(item) if item.column() == colour else None
        )
        table.cellDoubleClicked.connect(
            lambda row, column: self._pick_colour(table, columns, row) if column == colour else None
        )
        table.resizeColumnsToContents()
        for c, column in enumerate(columns):
            if column in ("roles", "description"):
                table.setColumnWidth(c, 300)
        return table

    def _current(self) -> QTableWidget:
        return self.entities if self.tabs.currentIndex() == 0 else self.events

    def _add_row(self) -> None:
        table = self._current()
        table.insertRow(table.rowCount())
        table.setCurrentCell(table.rowCount() - 1, 0)

    def _remove_row(self) -> None:
        table = self._current()
        if table.currentRow() >= 0:
            table.removeRow(table.currentRow())

    def _rows(
        self, table: QTableWidget, columns: tuple[str, ...], old: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        previous = {item["key"]: item for item in old}
        out = []
        for r in range(table.rowCount()):
            values = {c: _cell(table, r, i) for i, c in enumerate(columns)}
            if not values["key"]:
                continue
            out.append(merge_row(previous.get(values["key"]), values, columns))
        return out

    def result_body(self) -> dict[str, Any]:
        body = copy.deepcopy(self.body)
        name = self.name.text().strip()
        if name and name != _shown(body.get("name")).strip():
            body["name"] = name
        body["entity_types"] = self._rows(
            self.entities, ENTITY_COLUMNS, self.body.get("entity_types", [])
        )
        body["event_types"] = self._rows(
            self.events, EVENT_COLUMNS, self.body.get("event_types", [])
        )
        return body

    def bad_colours(self) -> list[str]:
        """Rows whose colour is not one (named as "KEY: “value”")."""
        bad = []
        for table, columns in ((self.entities, ENTITY_COLUMNS), (self.events, EVENT_COLUMNS)):
            c, k = columns.index("color"), columns.index("key")
            for r in range(table.rowCount()):
                colour = _cell(table, r, c)
                key = _cell(table, r, k) or f"row {r + 1}"
                if colour and not QColor.isValidColorName(colour):
                    bad.append(f"{key}: “{colour}”")
        return bad

    def _pick_colour(self, table: QTableWidget, columns: tuple[str, ...], row: int) -> None:
        c = columns.index("color")
        item = table.item(row, c) or QTableWidgetItem("")
        table.setItem(row, c, item)
        chosen = QColorDialog.getColor(QColor(item.text() or "#888888"), self, "Colour")
        if chosen.isValid():
            item.setText(chosen.name())

    @staticmethod
    def _swatch(item: QTableWidgetItem) -> None:
        colour = QColor(item.text().strip())
        if colour.isValid():
            item.setBackground(colour)
            item.setForeground(QColor("white" if colour.lightness() < 140 else "black"))
        else:
            item.setData(Qt.ItemDataRole.BackgroundRole, None)
            item.setData(Qt.ItemDataRole.ForegroundRole, None)

    def _save(self) -> None:
        bad = self.bad_colours()
        if bad:
            QMessageBox.warning(
                self, "Gloss", "Not a colour (use #rrggbb or a colour name, or double-click "
                "the cell to pick one): " + ", ".join(bad),
            )  # fmt: skip
            return
        try:
            validate(self.result_body())
        except SchemaError as exc:
            QMessageBox.warning(self, "Gloss", str(exc))
            return
        self.accept()


def _cell(table: QTableWidget, row: int, column: int) -> str:
    """A cell's text, stripped ("" for an empty cell)."""
    item = table.item(row, column)
    return item.text().strip() if item is not None else ""
