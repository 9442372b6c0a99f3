"""The entity registry: its tab beside the article list (View ▸ Entity registry), kept
current as tags are linked, merged or removed, and opening the articles an entity is in."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMenuBar

from core.annotation import entity_ops, ops
from core.library import Schema
from gui.controllers.annotating import AnnotatingController
from gui.controllers.base import Controller

# Operations after which the registry's rows or counts are no longer what it shows.
CHANGES_REGISTRY = (
    entity_ops.EditEntity, entity_ops.MergeEntities, entity_ops.DeleteEntity,
    entity_ops.CreateEntity, ops.LinkEntity, ops.LinkByName, ops.RemoveMention,
    ops.SetLabel, ops.DeleteArticles,
)  # fmt: skip


class RegistryController(Controller):
    def build(self, menus: QMenuBar, annotating: AnnotatingController) -> None:
        from gui.registry.panel import RegistryPanel

        window = self.window
        self.panel = RegistryPanel(self.library, annotating, window)
        self.tab = window.left.addTab(self.panel, "Entities")
        view = self.menu_of(menus, "&View")
        view.addSeparator()
        view.addAction(self.action("Entity registry / article list", self.toggle, "Ctrl+Shift+R"))
        self.panel.open_article.connect(self.open_article)
        window.left.currentChanged.connect(lambda _i: self._shown())
        self.state.annotations_changed.connect(self._after_change)
        self.state.schema_changed.connect(lambda _body: self._types())
        self.state.articles_changed.connect(self._mark_stale)
        self._types()

    def _types(self) -> None:
        schema: Schema = self.state.schema
        self.panel.set_types([(t.key, t.name) for t in schema.entity_types])

    def toggle(self) -> None:
        left = self.window.left
        showing = left.currentWidget() is self.panel
        left.setCurrentIndex(0 if showing else self.tab)
        (self.window.pane.table if showing else self.panel.search).setFocus()

    def _shown(self) -> None:
        if self.window.left.currentWidget() is self.panel and self.panel.stale:
            self.panel.reload()

    def _mark_stale(self) -> None:
        self.panel.stale = True
        self._shown()

    def _after_change(self, op: Any, _undone: bool) -> None:
        if isinstance(op, CHANGES_REGISTRY):
            self._mark_stale()

    def open_article(self, article_id: int) -> None:
        """Select it in the article list when the list holds it, else open it directly."""
        if not self.window.pane.select_article(article_id):
            self.window.reading.open_article(article_id)
        self.status(f"Article {article_id} opened; Ctrl+Shift+R goes back to the article list")
