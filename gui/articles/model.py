"""The library table: holds article ids only and builds rows on demand, a page at a time.

Rows are fetched from core in pages of :data:`PAGE` ids the first time the view shows one
of them, and kept in Qt's item store; a reset (new filter, new import) drops them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from core.library import Library
from core.listing import ArticleFilter
from gui.dialogs.plain import plain_tooltip

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

ANNOTATIONS_COLUMN = [key for key, *_ in COLUMNS].index("annotations")
DISPLAY = Qt.ItemDataRole.DisplayRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _display(value: Any) -> Any:
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, list):
        return ", ".join(value)
    if value is None:
        return ""
    return value if isinstance(value, int) else str(value)


class ArticlesModel(QStandardItemModel):
    """Article ids in a list; the rows themselves in Qt's own item store (C++), filled a
    page at a time from core the first time a view shows them (:meth:`ensure_rows`), so
    painting a cell runs no Python at all. Sorting and filtering are done by the database.
    """

    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self._library = library
        self._filter = ArticleFilter()
        self._ids: list[int] = []
        self._rows: dict[int, int] | None = None
        self._pages: set[int] = set()
        self.refresh()

    # -- loading ---------------------------------------------------------------------------
    @property
    def article_filter(self) -> ArticleFilter:
        return self._filter

    def set_filter(self, flt: ArticleFilter) -> None:
        self._filter = flt
        self.refresh()

    def refresh(self) -> None:
        ids = self._library.articles.ids(self._filter)
        # One model reset; the columns and their header items stay (a view keeps its
        # column widths), only the rows are replaced — after the views were told (until
        # then they may still ask for the old rows: which article is selected, say).
        self.beginResetModel()
        self._ids, self._rows = ids, None
        self._pages.clear()
        blocked = self.blockSignals(True)
        try:
            for column, (_key, label, tip) in enumerate(COLUMNS):
                if self.horizontalHeaderItem(column) is None:
                    header = QStandardItem(label)
                    header.setToolTip(tip)
                    self.setHorizontalHeaderItem(column, header)
            self.setRowCount(0)
            self.setRowCount(len(self._ids))
            self.ensure_rows(0, 0, notify=False)  # the first screen is shown at once
        finally:
            self.blockSignals(blocked)
        self.endResetModel()

    def loaded_pages(self) -> set[int]:
        return set(self._pages)

    def ensure_rows(self, first: int, last: int, notify: bool = True) -> None:
        """Fill the pages holding rows first..last (the view calls this before painting,
        with ``notify`` off: the paint that follows shows the rows)."""
        last = min(last, len(self._ids) - 1)
        for page in range(max(first, 0) // PAGE, last // PAGE + 1):
            if page not in self._pages:
                self._load(page, notify)

    def _load(self, page: int, notify: bool) -> None:
        self._pages.add(page)
        start = page * PAGE
        ids = self._ids[start : start + PAGE]
        fetched = self._library.articles.rows(ids)
        blocked = self.blockSignals(True)
        try:
            for offset, article_id in enumerate(ids):
                self._fill(start + offset, article_id, fetched.get(article_id))
        finally:
            self.blockSignals(blocked)
        if notify and ids:
            self.dataChanged.emit(
                self.index(start, 0), self.index(start + len(ids) - 1, len(COLUMNS) - 1)
            )

    def _fill(self, row: int, article_id: int, values: dict[str, Any] | None) -> None:
        # A page is 1,400 cells: as few calls into Qt per cell as possible. The view never
        # edits (NoEditTriggers), so the items keep Qt's default flags.
        values = values or {}
        set_item = self.setItem
        for column, (key, *_rest) in enumerate(COLUMNS):
            value = _display(values.get(key))
            if isinstance(value, int):
                item = QStandardItem()
                item.setData(value, DISPLAY)
                item.setTextAlignment(RIGHT)
            else:
                item = QStandardItem(value)
            if column == 0:
                item.setToolTip(plain_tooltip(values.get("title", "")))
                item.setData(article_id, ARTICLE_ID_ROLE)
            set_item(row, column, item)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by the database (the model holds ids, not rows)."""
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        key = COLUMNS[column][0]
        if (self._filter.sort, self._filter.descending) == (key, descending):
            return  # the view's header put back after a reload: sorted so already
        self.set_filter(replace(self._filter, sort=key, descending=descending))

    def refresh_article(self, article_id: int) -> None:
        """Re-read one article's row (after tagging it, say)."""
        row = self.row_of(article_id)
        if row is None or row // PAGE not in self._pages:
            return
        fetched = self._library.articles.rows([article_id])
        self._fill(row, article_id, fetched.get(article_id))

    def count_annotations(self, article_id: int, delta: int) -> None:
        """One tag more or fewer on an article: its count changes without a query."""
        row = self.row_of(article_id)
        if row is None or row // PAGE not in self._pages:
            return
        item = self.item(row, ANNOTATIONS_COLUMN)
        if item is not None and isinstance(item.data(DISPLAY), int):
            item.setData(max(0, item.data(DISPLAY) + delta), DISPLAY)

    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def ids(self) -> list[int]:
        """The listed article ids, in the list's order."""
        return list(self._ids)

    def row_of(self, article_id: int) -> int | None:
        if self._rows is None:  # built once per listing: stepping through 100,000 stays quick
            self._rows = {ident: row for row, ident in enumerate(self._ids)}
        return self._rows.get(article_id)

    def text(self, row: int, column: int) -> str:
        """What a cell shows (for code and tests; views read the items directly)."""
        self.ensure_rows(row, row)
        item = self.item(row, column)
        return str(item.data(DISPLAY)) if item is not None else ""
