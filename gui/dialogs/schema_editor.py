"""Edit the annotation schema: entity and event types (name, colour from swatches, key,
description), each event type's roles as a list with the entity types that suit them, and
the event attributes (name, type, choices, description); the legend is previewed as you edit.
Saving changes only what was edited (unknown fields kept) and never touches annotations:
removed types show as unknown."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.annotation.schema import ATTRIBUTE_KINDS, SchemaError, orphans_cleared, validate
from core.library import Schema
from gui.dialogs.roles_editor import RolesEditor
from gui.dialogs.swatches import SwatchPicker
from gui.dialogs.typing import TypingDialog
from gui.reader.legend import preview_html

ENTITY_COLUMNS = ("key", "name", "color", "shortcut", "description")
EVENT_COLUMNS = ("key", "name", "color", "shortcut", "roles", "description")
ATTRIBUTE_COLUMNS = ("key", "type", "values", "description")
LISTS = {"values"}  # cells showing a list as "a; b; c"


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


def _functions_of(item: dict[str, Any]) -> dict[str, str]:
    """Each role's function ("" for none), by name."""
    return {r["name"]: str(r.get("function") or "") for r in item.get("roles", []) if "name" in r}


FUNCTIONS_DATA = Qt.ItemDataRole.UserRole  # the roles cell keeps the roles' functions here


def _shown(value: Any) -> str:
    """What a cell shows for a stored value."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def merge_row(
    previous: dict[str, Any] | None,
    shown: dict[str, str],
    columns: tuple[str, ...],
    functions: dict[str, str] | None = None,
    cleared: list[str] | None = None,
) -> dict[str, Any]:
    """The stored item after editing a row: the previous item with only what the table
    changed (and the roles' ``functions``, by name, if given). Fields the table does not
    show (mappings, a role's table_column, anything a schema file adds) and values it shows
    unchanged are kept as they were, type and all — but for a hidden setting the edit left
    without meaning, dropped and said in ``cleared``."""
    item = copy.deepcopy(previous) if previous else {}
    for column in columns:
        text = shown.get(column, "")
        if column == "roles":
            old_roles = {r.get("name"): r for r in item.get("roles", [])}
            unchanged = functions is None or functions == _functions_of(item)
            if text == _roles_text(item) and "roles" in item and unchanged:
                continue
            roles = []
            for name, types in _roles_from(text):
                role = copy.deepcopy(old_roles.get(name, {"name": name}))
                if types != list(role.get("entity_types", [])):
                    role["entity_types"] = types
                wanted = (functions or {}).get(name, "") if functions is not None else None
                if wanted is not None and wanted != str(role.get("function") or ""):
                    if wanted:
                        role["function"] = wanted
                    else:
                        role.pop("function", None)
                roles.append(role)
            if roles or "roles" in item:
                item["roles"] = roles
        elif text != _shown(item.get(column)) and (text or column in item):
            if column in LISTS:
                item[column] = [v.strip() for v in text.split(";") if v.strip()]
            else:
                item[column] = text
    said = orphans_cleared(item)
    if cleared is not None:
        cleared += said
    return item


class SchemaEditor(TypingDialog):
    def __init__(self, body: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annotation schema")
        self.resize(1200, 680)
        self.body = copy.deepcopy(body)
        self.name = QLineEdit(self.body.get("name", ""), self)
        self.tabs = QTabWidget(self)
        self.entities = self._table(self.body.get("entity_types", []), ENTITY_COLUMNS)
        self.events = self._table(self.body.get("event_types", []), EVENT_COLUMNS)
        self.attributes = self._table(self.body.get("event_attributes", []), ATTRIBUTE_COLUMNS)
        self.roles = RolesEditor(self)
        self.roles.changed.connect(self._roles_changed)
        self.events.currentCellChanged.connect(lambda *_: self._load_roles())
        events_page = QSplitter(Qt.Orientation.Vertical, self)
        events_page.addWidget(self.events)
        events_page.addWidget(self.roles)
        events_page.setChildrenCollapsible(False)
        self.tabs.addTab(self.entities, "Entity types")
        self.tabs.addTab(events_page, "Event types and roles")
        self.tabs.addTab(self.attributes, "Event attributes")
        self.preview = QLabel(self)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview.setMinimumWidth(220)
        self.preview.setWordWrap(True)
        for table in (self.entities, self.events):
            table.itemChanged.connect(lambda _item: self._preview())
        add = QPushButton("Add", self)
        remove = QPushButton("Remove the selected row", self)
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
        scroll = QScrollArea(self)
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(250)
        side = QVBoxLayout()
        side.addWidget(QLabel("<b>Legend preview</b>", self))
        side.addWidget(scroll, 1)
        middle = QHBoxLayout()
        middle.addWidget(self.tabs, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(middle, 1)
        layout.addLayout(tools)
        hint = QLabel(
            "Double-click a colour to pick one. Roles: select an event type, then edit its "
            "roles below and tick the entity types each accepts. Attribute choices: “a; b; c”.",
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.events.setCurrentCell(0, 0)
        self._load_roles()
        self._preview()
        self._start = self.result_body()

    def typed(self) -> bool:
        return self.result_body() != self._start

    def _table(self, items: list[dict[str, Any]], columns: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(len(items), len(columns), self)
        table.setHorizontalHeaderLabels(list(columns))
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        for r, item in enumerate(items):
            for c, column in enumerate(columns):
                value = _roles_text(item) if column == "roles" else _shown(item.get(column, ""))
                cell = self._cell_item(column, value)
                if column == "roles":
                    cell.setData(FUNCTIONS_DATA, _functions_of(item))
                table.setItem(r, c, cell)
            if "type" in columns:
                self._kind_box(table, r, str(item.get("type", "")))
        if "color" in columns:
            colour = columns.index("color")
            for r in range(table.rowCount()):
                swatch = table.item(r, colour)
                if swatch is not None:
                    self._swatch(swatch)
            table.itemChanged.connect(
                lambda item: self._swatch(item) if item.column() == colour else None
            )
            table.cellDoubleClicked.connect(
                lambda row, column: self._pick_colour(table, columns, row) if column == colour else None
            )  # fmt: skip
        table.resizeColumnsToContents()
        for c, column in enumerate(columns):
            if column in ("roles", "description", "values"):
                table.setColumnWidth(c, 300)
        return table

    @staticmethod
    def _cell_item(column: str, value: str) -> QTableWidgetItem:
        item = QTableWidgetItem(value)
        if column == "roles":  # edited in the roles list below the table
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setToolTip("Edit the roles in the list below")
        return item

    def _kind_box(self, table: QTableWidget, row: int, kind: str) -> None:
        box = QComboBox(table)
        box.addItems(list(dict.fromkeys([*ATTRIBUTE_KINDS, kind] if kind else ATTRIBUTE_KINDS)))
        box.setCurrentText(kind or "text")
        column = ATTRIBUTE_COLUMNS.index("type")
        cell = QTableWidgetItem(box.currentText())
        table.setItem(row, column, cell)
        box.currentTextChanged.connect(cell.setText)
        table.setCellWidget(row, column, box)

    # -- roles -----------------------------------------------------------------------------
    def _entity_keys(self) -> list[str]:
        k = ENTITY_COLUMNS.index("key")
        return [key for r in range(self.entities.rowCount()) if (key := _cell(self.entities, r, k))]

    def _load_roles(self) -> None:
        row = self.events.currentRow()
        key = _cell(self.events, row, 0) if row >= 0 else ""
        text = _cell(self.events, row, EVENT_COLUMNS.index("roles")) if row >= 0 else ""
        self.roles.setEnabled(row >= 0)
        cell = self.events.item(row, EVENT_COLUMNS.index("roles")) if row >= 0 else None
        functions = cell.data(FUNCTIONS_DATA) if cell is not None else None
        self.roles.load(
            f"Roles of {key}" if key else "Roles", _roles_from(text), self._entity_keys(),
            functions or {},
        )  # fmt: skip

    def _roles_changed(self) -> None:
        row = self.events.currentRow()
        if row < 0:
            return
        text = _roles_text(
            {"roles": [{"name": n, "entity_types": t} for n, t in self.roles.roles()]}
        )
        column = EVENT_COLUMNS.index("roles")
        item = self.events.item(row, column)
        if item is None:
            item = self._cell_item("roles", "")
            self.events.setItem(row, column, item)
        item.setData(FUNCTIONS_DATA, self.roles.functions())
        item.setText(text)

    # -- rows ------------------------------------------------------------------------------
    def _current(self) -> tuple[QTableWidget, tuple[str, ...]]:
        index = self.tabs.currentIndex()
        return ((self.entities, ENTITY_COLUMNS), (self.events, EVENT_COLUMNS),
                (self.attributes, ATTRIBUTE_COLUMNS))[index]  # fmt: skip

    def _add_row(self) -> None:
        table, columns = self._current()
        row = table.rowCount()
        table.insertRow(row)
        for c, column in enumerate(columns):
            table.setItem(row, c, self._cell_item(column, ""))
        if "type" in columns:
            self._kind_box(table, row, "")
        table.setCurrentCell(row, 0)

    def _remove_row(self) -> None:
        table, _columns = self._current()
        if table.currentRow() >= 0:
            table.removeRow(table.currentRow())
            self._preview()

    def _rows(
        self, table: QTableWidget, columns: tuple[str, ...], old: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        previous = {item["key"]: item for item in old if isinstance(item, dict) and "key" in item}
        out = []
        for r in range(table.rowCount()):
            values = {c: _cell(table, r, i) for i, c in enumerate(columns)}
            if not values["key"]:
                continue
            functions = None
            if "roles" in columns:
                cell = table.item(r, columns.index("roles"))
                functions = cell.data(FUNCTIONS_DATA) if cell is not None else None
            out.append(merge_row(previous.get(values["key"]), values, columns, functions,
                                 self.cleared))  # fmt: skip
        return out

    def result_body(self) -> dict[str, Any]:
        self.cleared: list[str] = []  # hidden settings the edits left without meaning
        body = copy.deepcopy(self.body)
        name = self.name.text().strip()
        if name and name != _shown(body.get("name")).strip():
            body["name"] = name
        for section, table, columns in (
            ("entity_types", self.entities, ENTITY_COLUMNS),
            ("event_types", self.events, EVENT_COLUMNS),
            ("event_attributes", self.attributes, ATTRIBUTE_COLUMNS),
        ):
            rows = self._rows(table, columns, self.body.get(section, []))
            if rows or section in body:
                body[section] = rows
        return body

    def _preview(self) -> None:
        try:
            schema = Schema.of(self.result_body())
        except (KeyError, TypeError, ValueError):  # a half-typed row: keep the last preview
            return
        self.preview.setText(preview_html(schema))

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
        picker = SwatchPicker(item.text(), self)
        if picker.exec() == SwatchPicker.DialogCode.Accepted:
            item.setText(picker.colour())

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
        if self.cleared:
            QMessageBox.information(self, "Gloss", "Saved; " + "; ".join(self.cleared) + ".")
        self.accept()


def _cell(table: QTableWidget, row: int, column: int) -> str:
    """A cell's text, stripped ("" for an empty cell)."""
    item = table.item(row, column)
    return item.text().strip() if item is not None else ""
