"""The annotation schema in the window: tag keys, the legend and the Tag menu are built
from it (data, not code); edit, load, save, re-map a type; tags needing review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenuBar, QMessageBox

from core.annotation.ops import Remap
from core.annotation.schema import SchemaError
from core.library import Schema
from gui.controllers.annotating import AnnotatingController
from gui.controllers.base import Controller
from gui.dialogs import files as file_dialogs
from gui.reader.legend import legend_html


class SchemaController(Controller):
    def build(self, menus: QMenuBar, annotating: AnnotatingController, add_event: Any) -> None:
        self.annotating, self.add_event = annotating, add_event
        self.menu = menus.addMenu("Ta&g")
        self.type_actions: list[QAction] = []
        self.fixed_actions: list[QAction] = [
            self.action(text, slot)
            for text, slot in (
                ("Edit the schema…", self.edit_schema),
                ("Load a schema…", self.load_schema),
                ("Save the schema as…", self.save_schema),
                ("Re-map a type…", self.remap_type),
                ("Tags needing review…", self.show_review),
            )
        ]
        self.state.schema_changed.connect(self._install)

    def start(self, more_actions: list[QAction]) -> None:
        """Install the library's schema; ``more_actions`` follow the types in the Tag menu."""
        self.fixed_actions = more_actions + self.fixed_actions
        self.state.schema_changed.emit(self.library.schema.current())

    def _install(self, schema: Schema) -> None:
        """(Re)build the tag keys, the legend and the menu from a schema."""
        reader = self.window.reader
        self.state.schema = schema
        for act in self.type_actions:
            reader.remove_view_action(act)
        self.type_actions = []
        for types, slot, prefix in (
            (schema.entity_types, self.annotating.tag_selection, ""),
            (schema.event_types, self.add_event, "Event: "),
        ):
            for item in types:
                act = QAction(f"{prefix}{item.name} ({item.key})", reader)
                if item.shortcut:
                    act.setShortcut(QKeySequence(item.shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                act.triggered.connect(lambda _c=False, k=item.key, f=slot: f(k))
                reader.add_view_action(act)
                self.type_actions.append(act)
        reader.legend.setText(legend_html(schema))
        self.menu.clear()
        self.menu.addActions(self.type_actions)
        self.menu.addSeparator()
        self.menu.addActions(self.fixed_actions)

    def edit_schema(self) -> None:
        from gui.dialogs.schema_editor import SchemaEditor

        dialog = SchemaEditor(dict(self.state.schema.body), self.window)
        if dialog.exec() == SchemaEditor.DialogCode.Accepted:
            body = dialog.result_body()
            self.library.schema.activate(body)
            self.state.schema_changed.emit(Schema.of(body))

    def load_schema(self) -> None:
        title, kind = "Load an annotation schema", "Schema (*.json)"
        path = file_dialogs.open_file(self.window, title, "", kind)
        if not path:
            return
        try:
            schema, unknown = self.library.schema.load(Path(path))
        except SchemaError as exc:
            QMessageBox.warning(self.window, "Gloss", str(exc))
            return
        self.state.schema_changed.emit(schema)
        if unknown:
            listing = ", ".join(f"{k} ({n})" for k, n in sorted(unknown.items()))
            QMessageBox.information(
                self.window,
                "Gloss",
                f"Annotations of types this schema lacks are kept and shown as unknown: {listing}. "
                "Tag ▸ Re-map a type… gives them a type of the schema.",
            )

    def save_schema(self) -> None:
        title, kind = "Save the annotation schema", "Schema (*.json)"
        path = file_dialogs.save_file(self.window, title, "schema.json", kind)
        if not path:
            return
        try:
            self.library.schema.save(Path(path))
        except SchemaError as exc:  # the library's own file, a folder that cannot be written
            QMessageBox.warning(self.window, "Gloss", str(exc))
            return
        self.status(f"Schema saved to {path}", 6000)

    def show_review(self) -> None:
        """List the current article's tags whose words left an edited translation."""
        from gui.dialogs.common import show_review_list

        if self.state.article_id is not None:
            show_review_list(self.window, self.library.articles.review_lines(self.state.article_id))

    def remap_type(self) -> None:
        unknown = sorted(self.library.schema.unknown_types())
        known = [t.key for t in self.state.schema.types]
        window, title = self.window, "Re-map a type"
        old, ok = QInputDialog.getItem(window, title, "Type to re-map:", unknown + known, 0, True)
        if not ok or not old:
            return
        new, ok = QInputDialog.getItem(window, title, f"New type for {old}:", known, 0, False)
        if ok and new and new != old:
            self.annotating.run(Remap(old, new))
