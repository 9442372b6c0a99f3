"""The main window: the library table with a search box (the reader comes next).

The window paints before the library is opened (SQLAlchemy and the database load after the
first paint), so start-up feels instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QToolBar,
)

if TYPE_CHECKING:
    from core.db import Library
    from gui.library_model import LibraryModel

SEARCH_DELAY_MS = 250


class MainWindow(QMainWindow):
    def __init__(self, library: Library | None = None) -> None:
        super().__init__()
        self.library: Library | None = None
        self.model: LibraryModel | None = None
        self.setWindowTitle("Gloss")
        self.resize(1100, 700)

        self.table = QTableView(self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 140), (2, 90), (3, 80), (4, 90), (5, 90), (6, 80)):
            self.table.setColumnWidth(column, width)
        self.setCentralWidget(self.table)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText('Search the library (words, "phrases", prefix*)…')
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.apply_search)
        toolbar = QToolBar("Library", self)
        toolbar.setObjectName("library-toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.search)
        self.addToolBar(toolbar)

        focus_search = QAction("Search", self)
        focus_search.setShortcut(QKeySequence.StandardKey.Find)
        focus_search.triggered.connect(self.search.setFocus)
        self.addAction(focus_search)
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(quit_action)

        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if library is not None:
            self.set_library(library)
        else:
            self.statusBar().showMessage("Opening the library…")

    def set_library(self, library: Library) -> None:
        from gui.library_model import LibraryModel

        self.library = library
        self.setWindowTitle(f"Gloss — {library.url}")
        self.model = LibraryModel(library, self)
        self.table.setModel(self.model)
        self.statusBar().clearMessage()
        self._update_count()

    def apply_search(self) -> None:
        from core.library import ArticleFilter

        self._search_timer.stop()
        if self.model is None:
            return
        flt = self.model.article_filter
        self.model.set_filter(
            ArticleFilter(search=self.search.text(), language=flt.language, status=flt.status)
        )
        self._update_count()

    def _update_count(self) -> None:
        n = self.model.rowCount() if self.model is not None else 0
        self.count_label.setText(f"{n} article{'s' if n != 1 else ''}")
