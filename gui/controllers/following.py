"""Following the library: when the window comes back to the front after something else
committed to the library (another Gloss window, `gloss` in a terminal, a colleague on the same
server), the list, the open article, its tags and events are read again; an open article
deleted meanwhile is said, and the list moves on as after Delete. View ▸ Read the library
again (F5) does the same at any time.

The look runs off the GUI thread (on a server it is a round trip): the watch's token when
the window went to the back is compared with its token when it came back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QMenuBar

from gui.controllers.annotating import AnnotatingController
from gui.controllers.base import Controller
from gui.workers import Task

BACK, FRONT = "back", "front"


class FollowingController(Controller):
    def build(self, menus: QMenuBar, annotating: AnnotatingController) -> None:
        self.annotating = annotating
        self.watch = self.library.watch()
        self.seen: object = None  # the token when the window went to the back
        self.task: Task | None = None
        self.next: str | None = None  # a look asked for while one ran: the latest wins
        self.stopped = False
        view = self.menu_of(menus, "&View")
        view.addSeparator()
        view.addAction(self.action("Read the library again", self.catch_up, "F5"))
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        self.app = app
        app.applicationStateChanged.connect(self._moved)

    def _moved(self, state: Qt.ApplicationState) -> None:
        self.look(FRONT if state == Qt.ApplicationState.ApplicationActive else BACK)

    def look(self, when: str) -> None:
        """Read the watch's token off the GUI thread: at the back, to remember it; at the
        front, to compare."""
        if self.task is not None:
            self.next = when
            return
        if when == FRONT and self.seen is None:  # never at the back (the app starting)
            return
        watch = self.watch
        self.task = Task(lambda _progress, _cancelled: watch.token())
        self.task.succeeded.connect(lambda token: self._looked(when, token))
        self.task.finished.connect(self._done)
        self.task.start()  # a failure (a server gone) says nothing: the next action will

    def _looked(self, when: str, token: object) -> None:
        if when == BACK:  # the first look since the front (inactive, then hidden: two)
            self.seen = token if self.seen is None else self.seen
            return
        seen, self.seen = self.seen, None
        if seen is not None and token != seen:
            self.catch_up()

    def _done(self) -> None:
        self.task = None
        if self.next is not None:
            when, self.next = self.next, None
            self.look(when)

    def catch_up(self) -> None:
        """The list and the open article as the library now holds them, where the reader
        was (its scroll and selection kept)."""
        article_id, before = self.state.article_id, self.state.data
        title = f"«{before.title}»" if before is not None else f"#{article_id}"
        gone = f"{title} was deleted in another window or program"
        if article_id is not None and not self.annotating.still_there(article_id, gone):
            return
        self.state.articles_changed.emit()  # same filter and selection, fresh rows
        if article_id is None or before is None:
            return
        self.window.suggesting.cache.pop(article_id, None)  # other tags: other suggestions
        reader = self.window.reader
        kept = [_place(view) for view in (reader.left, reader.right)]
        self.window.reading.open_article(article_id)  # its text, tags, events and fields
        for view, place in zip((reader.left, reader.right), kept, strict=True):
            _put_back(view, place)

    def stop(self) -> None:
        """The window is closing (perhaps once more): let a running look end, then let the
        watch go."""
        if self.stopped:
            return
        self.stopped = True
        self.app.applicationStateChanged.disconnect(self._moved)
        if self.task is not None:
            self.task.wait()
        self.watch.close()


def _place(view: Any) -> tuple[int, int, int]:
    """Where a view was: its scroll, and its selection (or caret)."""
    cursor = view.textCursor()
    return view.verticalScrollBar().value(), cursor.anchor(), cursor.position()


def _put_back(view: Any, place: tuple[int, int, int]) -> None:
    scrolled, anchor, position = place
    last = max(0, view.document().characterCount() - 1)  # the text may be shorter now
    cursor = view.textCursor()
    cursor.setPosition(min(anchor, last))
    cursor.setPosition(min(position, last), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.verticalScrollBar().setValue(scrolled)
