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
ARTICLE_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1

Index = QModelIndex | QPersistentModelIndex
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
ANNOTATIONS_COLUMN = [key for key, *_ in COLUMNS].index("annotations")
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)


def _display(value: Any) -> Any:
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, list):
        return ", ".join(value)
    if value is None:
        return ""
    return value if isinstance(value, int) else str(value)


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
        self._shown: list[tuple[Any, ...] | None] = [None] * len(self._ids)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by the database (the model holds ids, not rows)."""
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_filter(replace(self._filter, sort=COLUMNS[column][0], descending=descending))

    def refresh_article(self, article_id: int) -> None:
        """Re-read one article's row (after tagging it, say)."""
        self._rows.pop(article_id, None)
        row = self.row_of(article_id)
        if row is not None:
            self._shown[row] = None
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

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
                fetched = row_summaries(session, page)
            for values in fetched.values():
                values["_display"] = tuple(_display(values.get(column)) for column, *_ in COLUMNS)
            self._rows.update(fetched)
            cached = self._rows.get(article_id, {"_display": ("",) * len(COLUMNS)})
        return cached

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # Views ask for about seven roles per cell each paint: plain int tests, no work for
        # the roles not used, display strings prepared once per page.
        if role == DISPLAY:
            row = index.row()
            shown = self._shown[row] if 0 <= row < len(self._shown) else None
            if shown is None:
                if not index.isValid() or row >= len(self._ids):
                    return None
                shown = self._shown[row] = self._row(row)["_display"]
            return shown[index.column()]
        if role == TOOLTIP and index.isValid() and index.column() == 0:
            return self._row(index.row()).get("title")
        if role == ALIGNMENT and index.isValid() and COLUMNS[index.column()][0] == "annotations":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ARTICLE_ID_ROLE and index.isValid() and index.row() < len(self._ids):
            return self._ids[index.row()]
        return None

    def multiData(self, index: Index, span: Any) -> None:
        """All the roles of one cell in one call: Qt 6 views ask this way, which spares the
        half-dozen separate data() calls (and their Python overhead) per painted cell."""
        row = index.row()
        if not index.isValid() or row >= len(self._ids):
            for role_data in span:
                role_data.clearData()
            return
        shown = self._shown[row]
        if shown is None:
            shown = self._shown[row] = self._row(row)["_display"]
        column = index.column()
        for role_data in span:
            role = role_data.role()
            if role == DISPLAY:
                role_data.setData(shown[column])
            elif role == ALIGNMENT and column == ANNOTATIONS_COLUMN:
                role_data.setData(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
            elif role == TOOLTIP and column == 0:
                role_data.setData(self._row(row).get("title"))
            elif role == ARTICLE_ID_ROLE:
                role_data.setData(self._ids[row])
            else:
                role_data.clearData()

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
