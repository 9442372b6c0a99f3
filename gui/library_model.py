"""The library table: holds article ids only and builds rows on demand, a page at a time.

Rows are fetched from core in pages of :data:`PAGE` ids the first time the view asks for
one of them, and cached; a reset (new filter, new import) drops the cache.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from core.db import Library
from core.library import ArticleFilter, filtered_ids, row_summaries

PAGE = 200
COLUMNS = (
    ("title", "Title", "Title"),
    ("source", "Source", "Source"),
    ("published", "Date", "Publication date"),
    ("languages", "Lang.", "Languages found, main first"),
    ("status", "Status", "Status"),
    ("annotations", "Ann.", "Annotations: entity mentions and events"),
    ("translated", "Tr.", "Translated"),
)
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex
_ROLES = {
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole,
    ARTICLE_ID_ROLE,
}


class LibraryModel(QAbstractTableModel):
    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self._library = library
        self._filter = ArticleFilter()
        self._ids: list[int] = []
        self._rows: dict[int, dict[str, Any]] = {}
        self.refresh()

    # -- loading ---------------------------------------------------------------------------
    @property
    def article_filter(self) -> ArticleFilter:
        return self._filter

    def set_filter(self, flt: ArticleFilter) -> None:
        self._filter = flt
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        with self._library.session() as session:
            self._ids = filtered_ids(session, self._filter)
        self._rows.clear()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by the database (the model holds ids, not rows)."""
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_filter(replace(self._filter, sort=COLUMNS[column][0], descending=descending))

    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        try:
            return self._ids.index(article_id)
        except ValueError:
            return None

    def _row(self, row: int) -> dict[str, Any]:
        article_id = self._ids[row]
        cached = self._rows.get(article_id)
        if cached is None:
            first = (row // PAGE) * PAGE
            page = [i for i in self._ids[first : first + PAGE] if i not in self._rows]
            with self._library.session() as session:
                self._rows.update(row_summaries(session, page))
            cached = self._rows.get(article_id, {})
        return cached

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per cell and paint; answer the unused ones at once.
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ARTICLE_ID_ROLE:
            return self._ids[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._row(index.row()).get(key)
            if key == "languages":
                return ", ".join(value or [])
            if key == "translated":
                return "✓" if value else ""
            if value is None:
                return ""
            return value if isinstance(value, int) and not isinstance(value, bool) else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and key == "title":
            return self._row(index.row()).get("title")
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "annotations":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section][2]
        return None
