"""The article's events: a table (type, trigger, arguments, attributes); under them, in
grey italics, the events suggested for the article (double-click or right-click to accept
or reject one)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.annotation.service import unsuitable
from core.library import Library, Schema
from core.suggest.article import EventSuggestion
from gui.dialogs.plain import plain_tooltip

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Event", "Trigger", "Arguments", "Attributes")


class EventsModel(QAbstractTableModel):
    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self.library = library
        self.events: list[dict[str, Any]] = []
        self.mentions: dict[int, dict[str, Any]] = {}
        self.suggested: list[EventSuggestion] = []  # rows after the events
        self.schema = Schema.of({})

    def set_suggested(self, suggested: list[EventSuggestion]) -> None:
        """The suggested rows replaced; the events' rows (and their selection) untouched."""
        first = len(self.events)
        if self.suggested:
            self.beginRemoveRows(QModelIndex(), first, first + len(self.suggested) - 1)
            self.suggested = []
            self.endRemoveRows()
        if suggested:
            self.beginInsertRows(QModelIndex(), first, first + len(suggested) - 1)
            self.suggested = list(suggested)
            self.endInsertRows()

    def suggestion_at(self, row: int) -> EventSuggestion | None:
        n = row - len(self.events)
        return self.suggested[n] if 0 <= n < len(self.suggested) else None

    def load(self, article_id: int | None) -> None:
        self.beginResetModel()  # the suggested rows stay: the suggestions replace them
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
        return 0 if parent.isValid() else len(self.events) + len(self.suggested)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        suggestion = self.suggestion_at(index.row())
        if suggestion is not None:
            return self._suggested(suggestion, index.column(), role)
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
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tooltip("\n".join(notes or parts)) if parts else None
            return "; ".join(parts)
        parts = self._attributes(event["attributes"])
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole cell: a long one is elided
            return plain_tooltip("\n".join(parts)) if parts else None
        return ", ".join(parts)

    def _suggested(self, event: EventSuggestion, column: int, role: int) -> Any:
        """A suggested event: grey italics, "suggested" in its type, never like an event."""
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return QPalette().brush(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole cell: a long one is elided
            text = self._suggested_text(event, column)
            return plain_tooltip(
                (f"{text}\n\n" if text and column >= 2 else "")
                + f"Suggested ({event.source}, score {event.score:.2f}): double-click to accept "
                "it with its arguments and counts; right-click to accept or reject"
            )
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._suggested_text(event, column)

    def _suggested_text(self, event: EventSuggestion, column: int) -> str:
        if column == 0:
            spec = self.schema.event(event.type)
            return f"{spec.name if spec is not None else event.type} (suggested)"
        if column == 1:
            return event.text
        if column == 2:
            return "; ".join(f"{role_}: {span.text}" for role_, span in event.arguments)
        counts = [
            f"{key} {number}" + (f" («{span.text}»)" if span is not None else "")
            for key, number, span in event.counts
        ]
        reporter = self.schema.reporter_key
        said = [f"{reporter}: «{event.reporter.text}»"] if reporter and event.reporter else []
        values = [*event.dates, *event.reported]
        return ", ".join(counts + said + [f"{key}: {value}" for key, value in values])

    def _attributes(self, values: dict[str, Any]) -> list[str]:
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
        return parts

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
    accept_requested = Signal(object)  # a suggested event (double-click)
    suggestion_menu_requested = Signal(object, object)  # a suggested event, global position

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
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)

    def _double_clicked(self, index: QModelIndex) -> None:
        suggestion = self.model.suggestion_at(index.row())
        if suggestion is not None:
            self.accept_requested.emit(suggestion)
        else:
            self.edit_requested.emit(self.event_at(index.row()))

    def show_suggested(self, suggested: list[EventSuggestion]) -> None:
        self.model.set_suggested(suggested)

    def _menu(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        suggestion = self.model.suggestion_at(index.row()) if index.isValid() else None
        if suggestion is not None:
            self.table.selectRow(index.row())
            where = self.table.viewport().mapToGlobal(pos)
            self.suggestion_menu_requested.emit(suggestion, where)
            return
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
