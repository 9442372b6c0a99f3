"""Edit the annotation schema: entity and event types with names, colours, keys and (for
events) roles. Saving never touches annotations; removed types show as unknown."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtWidgets import (
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

from core.schema import SchemaError, validate

ENTITY_COLUMNS = ("key", "name", "color", "shortcut", "description")
EVENT_COLUMNS = ("key", "name", "color", "shortcut", "roles", "description")


def _roles_text(item: dict[str, Any]) -> str:
    """Roles as "Attacker: GPE ORG; Target: FAC" (the entity types a role expects)."""
    return "; ".join(
        f"{r['name']}: {' '.join(r.get('entity_types', []))}".strip(": ")
        for r in item.get("roles", [])
    )


def _roles_from(text: str) -> list[dict[str, Any]]:
    roles = []
    for part in text.split(";"):
        name, _sep, types = part.partition(":")
        if name.strip():
            roles.append({"name": name.strip(), "entity_types": types.split()})
    return roles


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
                "Roles: “Attacker: GPE ORG; Target: FAC” — a role and the entity types it expects.",
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
            values = {
                c: (table.item(r, i).text().strip() if table.item(r, i) else "")
                for i, c in enumerate(columns)
            }
            if not values["key"]:
                continue
            item = dict(previous.get(values["key"], {}))  # keeps mappings the table does not show
            for column in columns:
                if column == "roles":
                    item["roles"] = _roles_from(values["roles"])
                elif values[column] or column in item:
                    item[column] = values[column]
            out.append(item)
        return out

    def result_body(self) -> dict[str, Any]:
        body = copy.deepcopy(self.body)
        body["name"] = self.name.text().strip() or body.get("name", "schema")
        body["entity_types"] = self._rows(
            self.entities, ENTITY_COLUMNS, self.body.get("entity_types", [])
        )
        body["event_types"] = self._rows(
            self.events, EVENT_COLUMNS, self.body.get("event_types", [])
        )
        return body

    def _save(self) -> None:
        try:
            validate(self.result_body())
        except SchemaError as exc:
            QMessageBox.warning(self, "Gloss", str(exc))
            return
        self.accept()
