"""The registry's table: entities a page at a time (Qt's fetchMore), sorted and filtered in
the database, so a registry of 50,000 entities opens as fast as one of ten. Sorting by a
count counts every tag once, off the GUI thread; pages are then read by id."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from core.library import EntityRow, Library
from gui.workers import Task

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
# (header, sort key in core or None when the column is not sortable)
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("Name", "name"),
    ("Type", "type"),
    ("Mentions", "mentions"),
    ("Articles", "articles"),
    ("Aliases", None),
    ("External id", None),
)
NUMERIC = {2, 3}
COUNTED = {"mentions", "articles"}  # sorts that count every tag: in the background


class EntitiesModel(QAbstractTableModel):
    #: The rows were read again (after a search, a change, a new order).
    loaded = Signal()

    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self.library = library
        self.rows: list[EntityRow] = []
        self.total = 0
        self.query = ""
        self.type: str | None = None
        self.sort_key = "name"
        self.descending = False
        self.order: list[int] | None = None  # every id, when sorted by a count
        self.task: Task | None = None
        self.again = False  # a reload asked while a count ran
        self.started = False  # read once shown: nothing is read at the window's start

    # -- what is shown --------------------------------------------------------------------
    def reload(self) -> None:
        """Read the first page again (after a change, a new search or a new order)."""
        self.started = True
        if self.sort_key in COUNTED:
            self._count_in_background()
            return
        self.order = None
        self._show(self.library.entities.count(self.query, self.type), self._page(0))

    def _show(self, total: int, rows: list[EntityRow]) -> None:
        self.beginResetModel()
        self.total, self.rows = total, rows
        self.endResetModel()
        self.loaded.emit()

    def _count_in_background(self) -> None:
        if self.task is not None:
            self.again = True
            return
        library, args = self.library, (self.query, self.type, self.sort_key, self.descending)

        def job(_progress: Any, _cancelled: Any) -> list[int]:
            return library.entities.order(*args)

        self.task = Task(job)
        self.task.succeeded.connect(self._counted)
        self.task.finished.connect(self._count_done)
        self.task.start()

    def _counted(self, ids: list[int]) -> None:
        self.order = ids
        self._show(len(ids), self.library.entities.rows(ids[:PAGE]))

    def _count_done(self) -> None:
        self.task = None
        if self.again:
            self.again = False
            self.reload()

    def wait(self) -> None:
        """Let a running count end (the window is closing)."""
        if self.task is not None:
            self.task.wait()

    def _page(self, offset: int) -> list[EntityRow]:
        if self.order is not None:
            return self.library.entities.rows(self.order[offset : offset + PAGE])
        return self.library.entities.page(
            self.query, self.type, self.sort_key, self.descending, offset, PAGE
        )

    def set_filter(self, query: str, type_: str | None) -> None:
        self.query, self.type = query, type_ or None
        self.reload()

    def row_of(self, entity_id: int) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.id == entity_id), None)

    def entity(self, row: int) -> EntityRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # -- Qt's model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self._page(len(self.rows))
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (row.name, row.type, f"{row.mentions:,}", f"{row.articles:,}",
                      "; ".join(row.aliases), row.external_id)  # fmt: skip
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and row.aliases:
            return "\n".join(row.aliases)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else None
        if key is None:
            return
        self.sort_key, self.descending = key, order == Qt.SortOrder.DescendingOrder
        if self.started:
            self.reload()
