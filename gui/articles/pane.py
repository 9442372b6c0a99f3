"""The library pane: search box, filters and the article table."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.library import Library
from gui.articles.model import ArticlesModel
from gui.workers import Task

SEARCH_DELAY_MS = 250
_RUNNING: set[Task] = set()  # background queries kept alive until they end


class ArticlesTable(QTableView):
    """Asks the model for the rows about to be painted (they are read a page at a time),
    and, once the event loop is idle, for the rows a screen above and below them. A list
    that a filter left empty says so (``empty_note``) instead of showing blank rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_note = QLabel(self.viewport())
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty_note.setWordWrap(True)
        self.empty_note.setEnabled(False)  # greyed, as a placeholder is
        self.empty_note.hide()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.empty_note.setGeometry(self.viewport().rect().adjusted(12, 24, -12, -12))

    def paintEvent(self, event: Any) -> None:
        model = self.model()
        if isinstance(model, ArticlesModel) and model.rowCount():
            first = max(self.rowAt(0), 0)
            last = self.rowAt(self.viewport().height() - 1)
            last = last if last >= 0 else model.rowCount() - 1
            model.ensure_rows(first, last, notify=False)
            screen = last - first + 1
            QTimer.singleShot(  # the table as context: no call once it is gone
                0, self, lambda: model.ensure_rows(first - screen, last + screen, notify=False)
            )
        super().paintEvent(event)


class ArticlesPane(QWidget):
    article_selected = Signal(int)
    counted = Signal(int)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.model = ArticlesModel(library, self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText('Search (words, "phrases", prefix*)…  Ctrl+F')
        self.search.setClearButtonEnabled(True)
        self.language = QComboBox(self)
        self.status = QComboBox(self)
        self.translated = QComboBox(self)
        self.label = QComboBox(self)
        self.status.addItem("Any status", "")
        for status in library.schema.current().statuses:  # the schema's, never a list in code
            self.status.addItem(status, status)
        self.translated.addItem("Translated or not", None)
        self.translated.addItem("Translated", True)
        self.translated.addItem("Not translated", False)
        for combo, anything in ((self.language, "Any language"), (self.label, "Any label")):
            combo.addItem(anything, "")
        self._choices_task: Task | None = None
        self._choices_again = False
        self.refresh_languages()

        self.table = ArticlesTable(self)
        self.empty_note = self.table.empty_note
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)  # alternating rows read as well; a fifth less to paint
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # sorts by the indicator: none, import order
        self.table.verticalHeader().hide()
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 80), (2, 80), (3, 44), (4, 72), (5, 34), (6, 28)):
            self.table.setColumnWidth(column, width)
        # A reload resets the model, and a reset header forgets its sizes and the title's
        # stretch: columns jumped after every import or translation. They are kept.
        self._header_state = header.saveState()
        self._kept_article: int | None = None
        self.model.modelAboutToBeReset.connect(self._keep_columns)
        self.model.modelReset.connect(self._restore_columns)

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for combo in (self.language, self.status, self.translated, self.label):
            # Narrowed to a few letters when the window is small: the reader keeps its room.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(5)
            filters.addWidget(combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self.apply_filter)
        for combo in (self.language, self.status, self.translated, self.label):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.counted.connect(self._note_if_empty)

    def _keep_columns(self) -> None:
        if self.model.columnCount():
            self._header_state = self.table.horizontalHeader().saveState()
        self._kept_article = self.current_article()

    def _restore_columns(self) -> None:
        """After a reload (a sort, a filter, an import): the columns as they were, and the
        article that was selected still selected if it is listed."""
        self.table.horizontalHeader().restoreState(self._header_state)
        if self._kept_article is not None:
            self.select_article(self._kept_article, emit=False)

    def refresh_languages(self) -> None:
        """Refill the language and label filters from the library, keeping the choices.
        The queries scan the library, so they run off the GUI thread (the table paints
        first); a refresh asked while one runs is run again after it."""
        if self._choices_task is not None:
            self._choices_again = True
            return
        library = self.library

        def job(_progress: Any, _cancelled: Any) -> tuple[list[str], list[str]]:
            return library.articles.languages(), library.articles.labels()

        task = self._choices_task = Task(job)  # no parent: it may outlive the pane
        _RUNNING.add(task)
        task.succeeded.connect(self._fill_choices)
        task.finished.connect(self._choices_done)
        task.finished.connect(lambda: _RUNNING.discard(task))
        task.start()

    def wait_choices(self, ms: int = 10_000) -> None:
        if self._choices_task is not None:
            self._choices_task.wait(ms)

    def _choices_done(self) -> None:
        self._choices_task = None
        if self._choices_again:
            self._choices_again = False
            self.refresh_languages()

    def choices_ready(self) -> bool:
        return self._choices_task is None

    def _fill_choices(self, found: tuple[list[str], list[str]]) -> None:
        languages, labels = found
        for combo, anything, values in (
            (self.language, "Any language", languages),
            (self.label, "Any label", labels),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(anything, "")
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def apply_filter(self) -> None:
        self._timer.stop()
        current = self.current_article()
        flt = replace(
            self.model.article_filter,
            search=self.search.text(),
            search_typed=True,  # the last word, still being typed, also finds longer words
            language=self.language.currentData() or "",
            status=self.status.currentData() or "",
            translated=self.translated.currentData(),
            label=self.label.currentData() or "",
        )
        self.model.set_filter(flt)
        self.counted.emit(self.model.rowCount())
        if current is not None:
            self.select_article(current, emit=False)

    def _note_if_empty(self, rows: int) -> None:
        """An empty list says which search or filters left it empty."""
        flt = self.model.article_filter
        words = flt.search.strip()
        filtered = flt.narrowed()
        if rows or not (words or filtered):
            self.empty_note.hide()
            return
        what = f"“{words}”" if words else "the filters above"
        also = " with the filters above" if words and filtered else ""
        self.empty_note.setText(f"No article matches {what}{also}.")
        self.empty_note.show()

    def reload(self) -> None:
        """After an import or a change: same filter, fresh rows."""
        current = self.current_article()
        self.refresh_languages()
        self.model.refresh()
        self.counted.emit(self.model.rowCount())
        if current is not None:
            self.select_article(current, emit=False)

    def current_article(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.article_id(index.row()) if index.isValid() else None

    def select_article(self, article_id: int, emit: bool = True) -> bool:
        row = self.model.row_of(article_id)
        if row is None:
            return False
        selection = self.table.selectionModel()
        if not emit:
            selection.blockSignals(True)
        selection.setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        if not emit:
            selection.blockSignals(False)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _row_changed(self, current: object, _previous: object) -> None:
        article_id = self.current_article()
        if article_id is not None:
            self.article_selected.emit(article_id)
