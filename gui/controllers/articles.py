"""An article's details (title, source, URL, date, language) and deleting articles: both
undoable like a tag."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar

from core.annotation import ops
from gui.controllers.annotating import AnnotatingController
from gui.controllers.base import Controller
from gui.dialogs.ask import ask

DETAILS = ("title", "source", "url", "published", "language")


class ArticlesController(Controller):
    def build(self, menus: QMenuBar, annotating: AnnotatingController) -> None:
        self.annotating = annotating
        menu = menus.addMenu("&Article")
        menu.addAction(self.action("Details…", self.edit_details, "Ctrl+I"))
        delete = QAction("Delete the selected article", self.window.pane.table)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.triggered.connect(self.delete_current)
        self.window.pane.table.addAction(delete)
        menu.addAction(delete)
        self.state.annotations_changed.connect(self._after_change)

    def _after_change(self, op: Any, undone: bool) -> None:
        if isinstance(op, ops.DeleteArticles):
            self.state.articles_changed.emit()
            if undone:  # back: show the first of them again
                self.window.pane.select_article(op.article_ids[0])
        elif (
            isinstance(op, ops.SetArticleField)
            and op.name in DETAILS
            and self.state.article_id == op.article_id
        ):
            self.window.reading.open_article(op.article_id)  # title, date, languages
        elif isinstance(op, ops.SetArticleField) and op.name == "labels":
            self.window.pane.refresh_languages()  # a new label: a choice of the list's filter

    def edit_details(self) -> None:
        from gui.dialogs.details import DetailsDialog

        data, article_id = self.state.data, self.state.article_id
        if data is None or article_id is None:
            return
        dialog = DetailsDialog(data, self.window)
        if dialog.exec() != DetailsDialog.DialogCode.Accepted:
            return
        changes = dialog.changes()
        if not changes:
            return
        self.annotating.run_all(
            "edit article details",
            [ops.SetArticleField(article_id, name, value) for name, value in changes.items()],
        )

    def _may_delete(self, article_id: int, title: str) -> bool:
        """An article with the user's work on it (tags, events, labels, notes) goes only when
        the user says so: Ctrl+Z brings it back, but only until the window closes."""
        articles = self.library.articles
        count = int(articles.rows([article_id]).get(article_id, {}).get("annotations") or 0)
        fields = articles.fields(article_id)
        work = [f"{count} annotation{'s' * (count != 1)}"] if count else []
        work += [name for name in ("labels", "notes") if fields and getattr(fields, name)]
        if not work:
            return True
        return ask(self.window, f"Delete «{title}» with its {' and '.join(work)}?", "Delete",
                   "Keep it", "Ctrl+Z brings it back until Gloss is closed.")  # fmt: skip

    def delete_current(self) -> bool:
        pane = self.window.pane
        article_id = pane.current_article()
        if article_id is None:
            return False
        row = pane.model.row_of(article_id) or 0
        data = self.state.data
        title = data.title if data is not None and data.id == article_id else f"#{article_id}"
        if not self._may_delete(article_id, title):
            return False
        if not self.annotating.run(ops.DeleteArticles([article_id])):
            return False
        following = pane.model.article_id(min(row, pane.model.rowCount() - 1))
        if following is not None:
            pane.select_article(following)
        self.status(f"Deleted «{title}» and its annotations: Ctrl+Z brings it back", 8000)
        return True
