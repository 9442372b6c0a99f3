"""The article's events: a table (type, trigger, arguments, attributes) and the dialog that
edits an event's typed attributes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.annotation.service import unsuitable
from core.library import Library, Schema
from gui.dialogs.plain import plain_tooltip

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Event", "Trigger", "Arguments", "Attributes")


class EventsModel(QAbstractTableModel):
    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self.library = library
        self.events: list[dict[str, Any]] = []
        self.mentions: dict[int, dict[str, Any]] = {}
        self.schema = Schema.of({})

    def load(self, article_id: int | None) -> None:
        self.beginResetModel()
        if article_id is None:
            self.events, self.mentions = [], {}
        else:
            self.events = self.library.articles.events(article_id)
            wanted = {a["mention_id"] for e in self.events for a in e["arguments"]}
            links = self.schema.mention_keys  # who claims it, a count's evidence…
            wanted |= {
                value
                for e in self.events
                for key, value in e["attributes"].items()
                if key in links and isinstance(value, int)
            }
            self.mentions = self.library.articles.mentions(wanted)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.events)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.events):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        event = self.events[index.row()]
        column = index.column()
        if column == 0:
            spec = self.schema.event(event["type"])
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tooltip(f"{event['type']}: {spec.description if spec else ''}")
            return spec.name if spec is not None else f"{event['type']} (not in the schema)"
        if column == 1:
            return event["trigger"]["text"]
        if column == 2:
            parts, notes = [], []
            for a in event["arguments"]:
                mention = self.mentions.get(a["mention_id"], {})
                why = unsuitable(self.schema, event["type"], a["role"], mention.get("label", ""))
                parts.append(f"{'⚠ ' if why else ''}{a['role']}: {mention.get('text', '?')}")
                if why:
                    notes.append(f"{a['role']} «{mention.get('text', '?')}»: {why}")
            if role == Qt.ItemDataRole.ToolTipRole and notes:
                return plain_tooltip("\n".join(notes))
            return "; ".join(parts)
        return self._attributes(event["attributes"])

    def _attributes(self, values: dict[str, Any]) -> str:
        """Counts first (in the schema's order), then the rest; a mention by its words."""
        order = {a.key: n for n, a in enumerate(self.schema.attributes)}
        kinds = {a.key: a.kind for a in self.schema.attributes}

        def rank(key: str) -> tuple[int, int, str]:
            return (0 if kinds.get(key) == "integer" else 1, order.get(key, len(order)), key)

        def words(value: Any) -> str:
            found = self.mentions.get(value) if isinstance(value, int) else None
            return f"«{found['text']}»" if found else str(value)

        evidence = {a.key for a in self.schema.attributes if a.evidence_for}
        parts = []
        for key in sorted(set(values) - evidence, key=rank):
            value = values[key]
            if kinds.get(key) == "integer":
                source = self.schema.evidence_key(key)
                read = f" ({words(values[source])})" if source in values else ""
                parts.append(f"{key} {value}{read}")
            else:
                parts.append(f"{key}: {words(value) if kinds.get(key) == 'mention' else value}")
        return ", ".join(parts)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None


class EventsPanel(QWidget):
    selected = Signal(object)  # the event dict, or None
    edit_requested = Signal(object)
    menu_requested = Signal(object, object)  # the event dict, the global position

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = EventsModel(library, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.table.selectionModel().currentRowChanged.connect(self._changed)
        self.table.doubleClicked.connect(
            lambda index: self.edit_requested.emit(self.event_at(index.row()))
        )
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)

    def _menu(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        event = self.event_at(index.row()) if index.isValid() else None
        if event is not None:
            self.table.selectRow(index.row())
            self.menu_requested.emit(event, self.table.viewport().mapToGlobal(pos))

    def event_at(self, row: int) -> dict[str, Any] | None:
        return self.model.events[row] if 0 <= row < len(self.model.events) else None

    def current(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return self.event_at(index.row()) if index.isValid() else None

    def load(self, article_id: int | None, keep: int | None = None) -> None:
        self.model.load(article_id)
        if keep is not None:
            for row, event in enumerate(self.model.events):
                if event["id"] == keep:
                    self.table.selectRow(row)

    def _changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.selected.emit(self.event_at(current.row()))
