"""The main window, a shell: the library on the left, the reader and its events below on the
right, the menus, the status bar. Each job lives in a controller (``gui/controllers``); they
share the open article and announce changes through :class:`gui.state.State`.

The window paints before the library is opened (SQLAlchemy and the database load after the
first paint), so start-up feels instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
)

from gui.settings import Settings
from gui.tasks import TaskRunner

if TYPE_CHECKING:
    from core.library import Library
    from gui.articles.pane import ArticlesPane
    from gui.controllers.annotating import AnnotatingController
    from gui.controllers.articles import ArticlesController
    from gui.controllers.events import EventsController
    from gui.controllers.exchange import ExchangeController
    from gui.controllers.following import FollowingController
    from gui.controllers.onboarding import OnboardingController
    from gui.controllers.reading import ReadingController
    from gui.controllers.registry import RegistryController
    from gui.controllers.reviewing import ReviewingController
    from gui.controllers.schema import SchemaController
    from gui.controllers.suggesting import SuggestingController
    from gui.controllers.translating import TranslatingController
    from gui.panels.events import EventsPanel
    from gui.reader.article_bar import ArticleBar
    from gui.reader.parallel import ParallelReader
    from gui.state import State


class MainWindow(QMainWindow):
    pane: ArticlesPane
    reader: ParallelReader
    events: EventsPanel
    article_bar: ArticleBar
    state: State
    reading: ReadingController
    reviewing: ReviewingController
    annotating: AnnotatingController
    articles: ArticlesController
    event_tools: EventsController
    schema: SchemaController
    exchange: ExchangeController
    onboarding: OnboardingController
    translating: TranslatingController
    registry: RegistryController
    suggesting: SuggestingController
    following: FollowingController

    def __init__(self, library: Library | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = Settings(settings)
        self.library: Library | None = None
        self.setWindowTitle("Gloss")
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        placeholder = QLabel("Opening the library…", self)
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(placeholder)
        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)
        self.tasks = TaskRunner(self)
        geometry = self.settings.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        if library is not None:
            self.set_library(library)

    def set_library(self, library: Library) -> None:
        from gui.state import State

        self.library = library
        self.setWindowTitle(f"Gloss — {library.url}")
        self.state = State(library, self.settings, self)
        self._build_widgets(library)
        self._build_controllers()
        self.pane.counted.connect(self._update_count)
        self.state.articles_changed.connect(self.pane.reload)
        sizes = self.settings.sizes("window/splitter")
        self.splitter.setSizes(sizes or [560, 720])  # the list wide enough for titles
        self.reading.restore()
        self._update_count(self.pane.model.rowCount())
        last = self.settings.last_article(library.url)
        reopened = last is not None and self.pane.select_article(last)
        if not reopened and self.pane.model.rowCount():
            self.pane.table.selectRow(0)

    def _build_widgets(self, library: Library) -> None:
        from gui.articles.pane import ArticlesPane
        from gui.panels.events import EventsPanel
        from gui.reader.article_bar import ArticleBar
        from gui.reader.parallel import ParallelReader

        self.pane = ArticlesPane(library, self)
        self.reader = ParallelReader(self)
        self.events = EventsPanel(library, self)
        statuses = library.schema.current().statuses or ("new",)
        self.article_bar = ArticleBar(list(statuses), self.reader)
        self.reader.add_bar(self.article_bar)
        self.reading_split = QSplitter(Qt.Orientation.Vertical, self)
        self.reading_split.addWidget(self.reader)
        self.reading_split.addWidget(self.events)
        self.reading_split.setStretchFactor(0, 5)
        self.reading_split.setStretchFactor(1, 1)
        self.reading_split.setChildrenCollapsible(False)
        self.reading_split.setSizes(self.settings.sizes("reader/events") or [600, 180])
        self.right_side = QStackedWidget(self)  # the reader, or the welcome page when empty
        self.right_side.addWidget(self.reading_split)
        self.left = QTabWidget(self)  # the article list; the entity registry's tab beside it
        self.left.setDocumentMode(True)
        self.left.addTab(self.pane, "Articles")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.right_side)
        # A larger or smaller window is shared as the default split is (560:720): a small
        # screen's list no longer keeps 560 px and leaves the reader what remains.
        self.splitter.setStretchFactor(0, 7)
        self.splitter.setStretchFactor(1, 9)
        self.setCentralWidget(self.splitter)

    def _build_controllers(self) -> None:
        from gui.controllers.annotating import AnnotatingController
        from gui.controllers.articles import ArticlesController
        from gui.controllers.events import EventsController
        from gui.controllers.exchange import ExchangeController
        from gui.controllers.following import FollowingController
        from gui.controllers.onboarding import OnboardingController
        from gui.controllers.reading import ReadingController
        from gui.controllers.registry import RegistryController
        from gui.controllers.reviewing import ReviewingController
        from gui.controllers.schema import SchemaController
        from gui.controllers.suggesting import SuggestingController
        from gui.controllers.translating import TranslatingController

        menus = self.menuBar()
        menus.clear()
        state = self.state
        self.exchange = ExchangeController(self, state)
        self.exchange.build(menus)
        self.annotating = AnnotatingController(self, state)
        self.annotating.build(menus)
        self.reading = ReadingController(self, state)
        self.reading.build(menus)
        self.translating = TranslatingController(self, state)
        self.translating.build(menus, self.annotating)
        self.event_tools = EventsController(self, state)
        self.event_tools.build(self.annotating)
        self.articles = ArticlesController(self, state)
        self.articles.build(menus, self.annotating)
        self.reviewing = ReviewingController(self, state)
        self.reviewing.build(menus, self.annotating)
        self.schema = SchemaController(self, state)
        self.schema.build(menus, self.annotating, self.event_tools.add_event)
        self.schema.start(self.event_tools.tag_actions + self.annotating.tag_actions)
        self.registry = RegistryController(self, state)
        self.registry.build(menus, self.annotating)
        self.suggesting = SuggestingController(self, state)
        self.suggesting.build(menus, self.annotating)
        self.following = FollowingController(self, state)
        self.following.build(menus, self.annotating)
        self.onboarding = OnboardingController(self, state)
        self.onboarding.build(menus, self.right_side, self.exchange)
        self.onboarding.update()
        self._build_toolbar()

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Reader", self)
        toolbar.setObjectName("reader-toolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.translating.translate_action)
        toolbar.addAction(self.reading.hide_action)
        for old in self.findChildren(QToolBar):
            if old is not toolbar:
                self.removeToolBar(old)
        self.addToolBar(toolbar)

    def _update_count(self, n: int) -> None:
        self.count_label.setText(f"{n:,} article{'s' if n != 1 else ''}")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and self.library is not None:
            event.acceptProposedAction()
            self.exchange.import_paths(paths)

    def closeEvent(self, event: Any) -> None:
        if not self.tasks.may_close():  # an import, export or translation runs: asked
            event.ignore()
            return
        self.settings.geometry = self.saveGeometry()
        if self.library is not None:
            self.settings.set_sizes("window/splitter", self.splitter.sizes())
            self.settings.set_sizes("reader/splitter", self.reader.sides())
            self.settings.set_sizes("reader/events", self.reading_split.sizes())
            self.pane.wait_choices()
            self.registry.panel.model.wait()
            self.suggesting.wait()
            self.following.stop()
        self.tasks.stop()
        super().closeEvent(event)
