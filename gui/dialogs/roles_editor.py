"""An event type's roles as a list: each role's name, its function in the event's sentence
(who acts, who undergoes: suggestions read it from the sentence's parse) and the entity types
that suit it (ticked in a list of the schema's entity types), not one free-text string."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.annotation.schema import ROLE_FUNCTIONS

Roles = list[tuple[str, list[str]]]
FORBIDDEN = ";:"  # the roles summary in the event table separates with these
FUNCTIONS = {"": "—", "agent": "agent (who acts)", "patient": "patient (who undergoes it)",
             "recipient": "recipient (who receives)"}  # fmt: skip
TYPES = 2  # the column of the entity types


class RolesEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Role", "Function", "Entity types that suit it"])
        header = QTableWidgetItem("Function")
        header.setToolTip(
            "What the role's tag does in the event's sentence, for suggestions: the agent acts "
            "(the subject of “struck”, the “by …” of a passive), the patient undergoes it (the "
            "object), the recipient receives (“to …”). Leave — for roles found by nearness."
        )
        self.table.setHorizontalHeaderItem(1, header)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 140)
        self.table.setColumnWidth(1, 190)
        self.table.verticalHeader().hide()
        self.types = QListWidget(self)
        self.types.setToolTip("Tick the entity types this role accepts (others get a ⚠)")
        self.title = QLabel("Roles", self)
        add = QPushButton("Add role", self)
        self.remove = QPushButton("Remove role", self)
        add.clicked.connect(self.add_role)
        self.remove.clicked.connect(self.remove_role)
        self.table.currentCellChanged.connect(lambda *_: self._show_types())
        self.table.itemChanged.connect(self._renamed)
        self.types.itemChanged.connect(self._ticked)
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(QLabel("Types for the selected role", self))
        right.addWidget(self.types, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.entity_types: list[str] = []
        self._roles: Roles = []
        self._functions: list[str] = []  # each role's, in the same order
        self._loading = False

    def load(
        self,
        title: str,
        roles: Roles,
        entity_types: list[str],
        functions: dict[str, str] | None = None,
    ) -> None:
        self._loading = True
        self.title.setText(title)
        self.entity_types = entity_types
        self._roles = [(name, list(types)) for name, types in roles]
        self._functions = [(functions or {}).get(name, "") for name, _types in roles]
        self.table.setRowCount(0)  # the last event type's boxes go (else drawn until deleted)
        self.table.setRowCount(len(self._roles))
        for row, (name, types) in enumerate(self._roles):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self._function_box(row)
            self._types_cell(row, types)
        self._loading = False
        self.table.setCurrentCell(0 if self._roles else -1, 0)
        self._show_types()

    def roles(self) -> Roles:
        return [(name, list(types)) for name, types in self._roles if name]

    def functions(self) -> dict[str, str]:
        """Each named role's function ("" for none)."""
        return {name: f for (name, _t), f in zip(self._roles, self._functions, strict=True) if name}

    def _types_cell(self, row: int, types: list[str]) -> None:
        item = QTableWidgetItem(", ".join(types) or "any")
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, TYPES, item)

    def _function_box(self, row: int) -> None:
        box = QComboBox()
        known = self._functions[row]
        for key in dict.fromkeys(["", *ROLE_FUNCTIONS, known]):  # one a schema file set stays
            box.addItem(FUNCTIONS.get(key, key), key)
        box.setCurrentIndex(box.findData(known))
        box.currentIndexChanged.connect(lambda _i, box=box: self._chose(box))
        self.table.setCellWidget(row, 1, box)

    def _chose(self, box: QComboBox) -> None:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, 1) is box and row < len(self._functions):
                self._functions[row] = str(box.currentData())
                self.changed.emit()

    def _show_types(self) -> None:
        row = self.table.currentRow()
        self._loading = True
        self.types.clear()
        chosen = self._roles[row][1] if 0 <= row < len(self._roles) else []
        for key in dict.fromkeys([*self.entity_types, *chosen]):  # a lost type still shown
            item = QListWidgetItem(key, self.types)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
        self.types.setEnabled(0 <= row < len(self._roles))
        self.remove.setEnabled(0 <= row < len(self._roles))
        self._loading = False

    def _renamed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() != 0:
            return
        name = "".join(c for c in item.text() if c not in FORBIDDEN).strip()
        if name != item.text():
            self._loading = True
            item.setText(name)
            self._loading = False
        row = item.row()
        self._roles[row] = (name, self._roles[row][1])
        self.changed.emit()

    def _ticked(self, _item: QListWidgetItem) -> None:
        row = self.table.currentRow()
        if self._loading or not 0 <= row < len(self._roles):
            return
        ticked = [
            self.types.item(i).text()
            for i in range(self.types.count())
            if self.types.item(i).checkState() == Qt.CheckState.Checked
        ]
        self._roles[row] = (self._roles[row][0], ticked)
        self._loading = True
        self._types_cell(row, ticked)
        self._loading = False
        self.changed.emit()

    def add_role(self) -> None:
        taken = {name for name, _types in self._roles}
        name = next(f"Role{n}" for n in range(1, 1000) if f"Role{n}" not in taken)
        self._roles.append((name, []))
        self._functions.append("")
        self._loading = True
        row = self.table.rowCount()
        self.table.insertRow(row)
        cell = QTableWidgetItem(name)
        self.table.setItem(row, 0, cell)
        self._function_box(row)
        self._types_cell(row, [])
        self._loading = False
        self.table.setCurrentCell(row, 0)
        self.table.editItem(cell)
        self.changed.emit()

    def remove_role(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._roles):
            del self._roles[row]
            del self._functions[row]
            self.table.removeRow(row)
            self._show_types()
            self.changed.emit()
