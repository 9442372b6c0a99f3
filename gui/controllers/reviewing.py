"""Working through a queue of articles: next and previous in the list's own order and
filter, the next one still to do, "mark done and go on", and the status counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QMenuBar

from core.annotation import ops
from core.library import Schema
from gui.controllers.annotating import AnnotatingController
from gui.controllers.base import Controller


class ReviewingController(Controller):
    def build(self, menus: QMenuBar, annotating: AnnotatingController) -> None:
        self.annotating = annotating
        go = menus.addMenu("&Go")
        go.addAction(self.action("Next article", lambda: self.step(+1), "Alt+Down"))
        go.addAction(self.action("Previous article", lambda: self.step(-1), "Alt+Up"))
        go.addSeparator()
        go.addAction(self.action("Next article to do", self.next_to_do, "Alt+Shift+Down"))
        self.done_action = self.action(
            "Mark done and go to the next to do", self.mark_done_and_next, "Ctrl+Return"
        )
        go.addAction(self.done_action)
        self.counts = QLabel(self.window)
        self.counts.setObjectName("status-counts")
        self.window.statusBar().addPermanentWidget(self.counts)
        self.state.articles_changed.connect(self.show_counts)
        self.state.annotations_changed.connect(self._after_change)
        self.state.schema_changed.connect(self._schema_changed)
        self._statuses: tuple[str, ...] = ()

    def _schema_changed(self, schema: Schema) -> None:
        # the schema comes with the signal: State may not hold it yet
        self._statuses, done = schema.statuses, schema.done_status
        self.done_action.setEnabled(done is not None)
        self.done_action.setToolTip(
            "" if done else "The schema names no done status (done_status): nothing to mark"
        )
        self.show_counts()

    def _after_change(self, op: Any, _undone: bool) -> None:
        if isinstance(op, ops.SetArticleField) and op.name == "status":
            self.show_counts()

    def show_counts(self) -> None:
        counts = self.library.articles.status_counts()
        statuses = list(self._statuses) or sorted(counts)
        self.counts.setText("  ·  ".join(f"{s} {counts.get(s, 0):,}" for s in statuses))

    def _ids_after(self) -> list[int]:
        model, current = self.window.pane.model, self.window.pane.current_article()
        ids = model.ids()
        row = model.row_of(current) if current is not None else None
        return ids[row + 1 :] if row is not None else ids

    def step(self, direction: int) -> bool:
        """The next (+1) or previous (-1) article of the list as it is sorted and filtered."""
        pane = self.window.pane
        current = pane.current_article()
        row = pane.model.row_of(current) if current is not None else -1
        target = pane.model.article_id((row if row is not None else -1) + direction)
        if target is None:
            self.status("No more articles in this list", 3000)
            return False
        return pane.select_article(target)

    def next_to_do(self) -> bool:
        target = self.library.articles.next_to_do(self._ids_after())
        if target is None:
            self.status("Every article after this one in the list is done", 4000)
            return False
        return self.window.pane.select_article(target)

    def mark_done_and_next(self) -> bool:
        done = self.state.schema.done_status
        if done is None or self.state.article_id is None:
            return False
        data, article_id = self.state.data, self.state.article_id
        marked = data is not None and data.fields.status == done
        if not marked and not self.annotating.run(ops.SetArticleField(article_id, "status", done)):
            return False  # said; an article deleted meanwhile: the list moved on already
        return self.next_to_do()
