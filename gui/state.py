"""What the window's parts share: the open article and the changes they react to.

Controllers never call each other to refresh: a change is announced here and each panel
decides what it repaints (Anki's ``OpChanges`` idea)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from core.library import Library, ReaderArticle, Schema
from gui.settings import Settings


class State(QObject):
    #: An annotation operation was done (False) or undone (True): (operation, undone).
    annotations_changed = Signal(object, bool)
    #: The active schema changed (its body).
    schema_changed = Signal(object)
    #: Articles were added, removed or changed beyond the open one (the list reloads).
    articles_changed = Signal()
    #: A new article is shown (its id).
    article_opened = Signal(int)

    def __init__(self, library: Library, settings: Settings, parent: QObject | None = None):
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.article_id: int | None = None
        self.data: ReaderArticle | None = None  # what the reader shows
        self.schema = Schema.of({})
        self.clicked_paragraph = -1
        self.annotator = ""
        #: Per article, the paragraphs whose last translation failed, with the reason.
        self.translation_errors: dict[int, dict[int, str]] = {}
