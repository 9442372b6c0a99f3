"""Annotating: tags from a selection and a key, the tag's right-click menu, entity links,
the article's status, labels and notes, and the undo stack every change goes on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QInputDialog, QMenu, QMenuBar, QMessageBox

from core.annotation import ops
from core.annotation.errors import ArticleGone
from core.annotation.service import AnnotationError, default_annotator
from core.layers import ORIGINAL_LAYER
from core.library import LibraryError, Schema, Tag, layer_language
from gui.controllers.base import Controller
from gui.reader.tags import TagPainter
from gui.steps import OpCommand, article_of


class AnnotatingController(Controller):
    def build(self, menus: QMenuBar) -> None:
        window = self.window
        self.undo_stack = QUndoStack(self)
        self.painter = TagPainter(self.library)
        self.state.annotator = self.settings.annotator(default_annotator())
        edit = menus.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        redo = self.undo_stack.createRedoAction(self, "Redo")
        platform = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        redo.setShortcuts(
            _unique([*platform, QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        )
        edit.addActions([undo, redo])
        edit.addSeparator()
        edit.addAction(self.action("Annotator name…", self.set_annotator_name))
        window.article_bar.changed.connect(self.set_article_field)
        window.article_bar.notes_requested.connect(self.edit_notes)
        for view in (window.reader.left, window.reader.right):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, v=view: self.tag_menu(v, pos))
        remove = QAction("Remove the tag under the cursor", window.reader)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        remove.triggered.connect(self.remove_tag)
        window.reader.add_view_action(remove)
        self.tag_actions = [remove]
        for text, edge, direction, key in (
            ("Tag under the cursor: one word more at the end", "end", +1, "Alt+Right"),
            ("Tag under the cursor: one word less at the end", "end", -1, "Alt+Left"),
            ("Tag under the cursor: one word more at the start", "start", -1, "Alt+Shift+Left"),
            ("Tag under the cursor: one word less at the start", "start", +1, "Alt+Shift+Right"),
        ):
            act = QAction(text, window.reader)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _c=False, e=edge, d=direction: self.resize(e, d))
            window.reader.add_view_action(act)
            self.tag_actions.append(act)
        self.state.article_opened.connect(self._attach)
        self.state.schema_changed.connect(self._schema_changed)
        self.state.annotations_changed.connect(self._after_change)

    # -- running operations ------------------------------------------------------------------
    def run(self, op: ops.Operation) -> bool:
        """Do a core operation now and put it on the undo stack; errors go to the status bar."""
        return self.run_all(op.title, [op])

    def run_all(self, title: str, operations: list[ops.Operation]) -> bool:
        """Several operations as one undo step (a form's fields, an event's dates): all done,
        or — one refused — none (those done already taken back) and nothing on the stack."""
        if not operations:
            return True
        try:
            self.library.annotations.run_all(operations)
        except AnnotationError as exc:
            self._failed(str(exc), isinstance(exc, ArticleGone))
            return False
        except LibraryError as exc:  # the library cannot be written safely: say so, loudly
            QMessageBox.critical(self.window, "Gloss", str(exc))
            return False
        where = article_of(operations, self.state.article_id)
        self.undo_stack.push(OpCommand(title, operations, self.library, self, where))
        return True

    # -- what a step on the undo stack tells the window (gui.steps.Host) ----------------------
    def step_changed(self, op: ops.Operation, undone: bool) -> None:
        self.state.annotations_changed.emit(op, undone)

    def step_failed(self, reason: str, named: bool) -> None:
        self._failed(reason, named)

    def step_shown(self, article_id: int, said: str) -> None:
        """A step undone or redone while another article is open: its article opens (in
        the list when the list holds it), so the change happens in front of the user."""
        if article_id == self.state.article_id:
            return
        if not self.window.pane.select_article(article_id):
            self.window.reading.open_article(article_id)
        data = self.state.data if self.state.article_id == article_id else None
        title = f"«{data.title}»" if data is not None else f"article #{article_id}"
        self.status(f"{said}, on {title} (opened to show it)", 8000)

    def _failed(self, reason: str, named: bool = False) -> None:
        """A step that could not be done, undone or redone, or nothing where the user
        pointed: said, and the article shown as the library now holds it (another window or
        program may have changed it). ``named``: the reason names the article as gone."""
        article_id = self.state.article_id
        if article_id is not None and not self.still_there(article_id, reason if named else None):
            return
        if article_id is not None:
            self.painter.refresh()
            self.window.pane.model.refresh_article(article_id)
        self.status(reason, 10000)

    def still_there(self, article_id: int, said: str | None = None) -> bool:
        """Whether the open article is still in the library; if not (deleted in another
        window or program), the list reads the library again and moves on, as after Delete,
        and the status bar says so (``said``, or that nothing changed)."""
        if self.library.articles.fields(article_id) is not None:
            return True
        pane = self.window.pane
        row = pane.model.row_of(article_id) or 0
        self.state.articles_changed.emit()
        following = pane.model.article_id(min(row, pane.model.rowCount() - 1))
        if following is not None:
            pane.select_article(following)
        self.status(said or f"Nothing changed: article #{article_id} was deleted meanwhile "
                    "(in another window or program)", 10000)  # fmt: skip
        return False

    def _after_change(self, op: Any, undone: bool) -> None:
        """Repaint what an operation changed: the tags, the article's row, its fields."""
        article_id = self.state.article_id
        if isinstance(op, ops.ChangeTranslation) or article_id is None:
            return  # the reader shows the article again
        model = self.window.pane.model
        if isinstance(op, ops.SetArticleField) and op.article_id != article_id:
            model.refresh_article(op.article_id)  # labels typed on the article shown before
            return
        if isinstance(op, ops.AddMention) and not undone:  # the key press path: no query
            self.painter.show_added(op.layer, op.start, op.end, op.tag)
            model.count_annotations(article_id, +1)
        else:
            self.painter.refresh()
            model.refresh_article(article_id)
        if isinstance(op, ops.SetArticleField):  # tagging cannot change status, labels, notes
            fields = self.library.articles.fields(article_id)
            if fields is not None:
                self.window.article_bar.show_article(article_id, fields)
                if self.state.data is not None:
                    self.state.data = replace(self.state.data, fields=fields)

    def _attach(self, article_id: int) -> None:
        data, reader = self.state.data, self.window.reader
        assert data is not None
        self.painter.attach(article_id, data, reader.left, reader.right)
        self.window.article_bar.show_article(article_id, data.fields)

    def _schema_changed(self, schema: Schema) -> None:
        self.painter.set_schema(schema)
        self.painter.refresh()

    # -- tagging ---------------------------------------------------------------------------
    def focused_view(self) -> Any:
        right = self.window.reader.right
        has_focus = right.hasFocus() or right.textCursor().hasSelection()
        return right if has_focus else self.window.reader.left

    def tag_selection(self, label: str) -> int | None:
        if self.state.data is not None and not self.painter.views:
            self.status("Markdown is shown rendered: View ▸ Markdown source (Ctrl+M) to tag it")
            return None
        chosen = self.painter.selection(self.focused_view())
        if chosen is None or self.state.article_id is None:
            self.status("select some words of one paragraph first")
            return None
        layer, start, end = chosen
        view = self.focused_view()
        op = ops.AddMention(self.state.article_id, start, end, label, layer, self.annotator())
        if not self.run(op):
            return None
        # The selection goes: the new tag shows, painted over the words actually stored
        # (snapped to whole words), and the status bar names them.
        cursor = view.textCursor()
        cursor.clearSelection()
        view.setTextCursor(cursor)
        stored = self.painter.text(layer, op.start, op.end)
        self.status(f"Tagged {label}: «{stored}»", 4000)
        return op.mention_id

    def remove_tag(self) -> None:
        view = self.focused_view()
        mention = self.painter.mention_at(view, view.textCursor().position())
        if mention is None:  # perhaps removed meanwhile, its mark still drawn: drawn anew
            self._failed("No tag under the cursor")
        else:
            self.run(ops.RemoveMention(mention.id))

    def resize(self, edge: str, direction: int) -> bool:
        """Move an edge of the tag under the cursor by a word (undoable)."""
        view = self.focused_view()
        mention = self.painter.mention_at(view, view.textCursor().position())
        if mention is None:
            self.status("No tag under the cursor", 3000)
            return False
        moved = self.library.annotations.word_step(mention.id, edge, direction)
        if moved is None:
            self.status("The tag cannot move further that way", 3000)
            return False
        if not self.run(ops.Resize(mention.id, *moved)):
            return False
        self.status(f"{mention.label}: «{self.painter.text(mention.layer, *moved)}»", 4000)
        return True

    def annotator(self) -> str | None:
        return self.state.annotator or None

    def tag_all(
        self, text: str, label: str, article_ids: list[int] | None, layer: str | None
    ) -> None:
        op = ops.TagAll(text, label, article_ids, layer or ORIGINAL_LAYER, self.annotator())
        if self.run(op):
            self.status(f"{len(op.made)} more «{text}» tagged {label}", 6000)
            if article_ids is None:
                self.state.articles_changed.emit()

    # Fills the right-click menu where there is no tag (a suggestion there); False: nothing.
    untagged_menu: Callable[[QMenu, Any, int], bool] | None = None

    def tag_menu(self, view: Any, pos: Any) -> None:
        """Right-click on a tag: change its type, make it an argument, link it, remove it."""
        position = view.cursorForPosition(pos).position()
        mention = self.painter.mention_at(view, position)
        menu = QMenu(self.window)
        if mention is None and self.untagged_menu is not None:
            if not self.untagged_menu(menu, view, position):
                menu.addAction("No tag here").setEnabled(False)
        elif mention is None:
            menu.addAction("No tag here").setEnabled(False)
        else:
            self._fill_tag_menu(menu, view, mention)
        menu.popup(view.viewport().mapToGlobal(pos))
        self.last_menu = menu

    def _fill_tag_menu(self, menu: QMenu, view: Any, mention: Tag) -> None:
        menu.addSection(f"{mention.label}: {mention.text}")
        change = menu.addMenu("Change type")
        for item in self.state.schema.entity_types:
            act = change.addAction(f"{item.shortcut}  {item.key}")
            act.triggered.connect(
                lambda _c=False, k=item.key: self.run(ops.SetLabel(mention.id, k))
            )
        event = self.window.events.current()
        if event is not None:
            self._argument_menu(menu, event, mention)
        layer = self.painter.layer_of(view)
        for scope, ids in (("this article", [self.state.article_id]), ("the library", None)):
            text = f"Tag every «{mention.text}» as {mention.label} in {scope}"
            menu.addAction(text).triggered.connect(
                lambda _c=False, ids=ids: self.tag_all(mention.text, mention.label, ids, layer)
            )
        menu.addAction("Link to an entity…").triggered.connect(lambda: self.link_entity(mention))
        menu.addAction("Remove").triggered.connect(lambda: self.run(ops.RemoveMention(mention.id)))

    def _argument_menu(self, menu: QMenu, event: dict[str, Any], mention: Tag) -> None:
        """The selected event's roles: this tag's current role checked (choose another to
        change it), "Remove from this event" when it is an argument."""
        spec = self.state.schema.event(event["type"])
        name = spec.name if spec is not None else event["type"]
        roles = menu.addMenu(f"Argument of {name} «{event['trigger']['text']}»")
        current = next((a for a in event["arguments"] if a["mention_id"] == mention.id), None)
        every = list(spec.roles) if spec is not None else []
        fits = [r for r in every if not r.entity_types or mention.label in r.entity_types]
        unusual = [r for r in every if r not in fits]  # allowed, and flagged when chosen
        for role in fits + unusual:  # the roles its type suits first
            if unusual and role is unusual[0]:
                roles.addSection(f"Unusual for a {mention.label}")
            act = roles.addAction(role.name)
            act.setCheckable(True)
            act.setChecked(current is not None and current["role"] == role.name)
            if current is None:
                act.triggered.connect(
                    lambda _c=False, r=role.name: self.add_argument(event["id"], r, mention.id)
                )
            else:
                act.triggered.connect(lambda _c=False, r=role.name: self.set_role(current["id"], r))
        roles.addSeparator()  # the attributes apart from the roles (collapsed if none follow)
        self._attribute_actions(roles, event, mention)
        if current is not None:
            roles.addSeparator()
            roles.addAction("Remove from this event").triggered.connect(
                lambda: self.run(ops.RemoveArgument(current["id"]))
            )

    def _attribute_actions(self, menu: QMenu, event: dict[str, Any], mention: Tag) -> None:
        """The schema's tag-valued attributes ("claimed_by: who reports it"), and the counts
        this tag can state ("launched = 188, read from this tag", its evidence kept)."""
        from core.text.numbers import number_in

        schema, event_id = self.state.schema, event["id"]
        for spec in schema.attributes:
            if spec.kind == "mention" and not spec.evidence_for:
                text = f"{spec.key} ({spec.description})" if spec.description else spec.key
                menu.addAction(text).triggered.connect(
                    lambda _c=False, k=spec.key: self.run(ops.SetAttribute(event_id, k, mention.id))
                )
        data = self.state.data
        number = number_in(
            mention.text, layer_language(mention.layer, data.language if data else "")
        )
        counts = [
            a for a in schema.attributes if a.kind == "integer" and mention.label in a.evidence
        ]
        if number is None or not counts:
            return
        menu.addSeparator()
        for spec in counts:
            changes = [ops.SetAttribute(event_id, spec.key, number)]
            source = schema.evidence_key(spec.key)
            if source is not None:
                changes.append(ops.SetAttribute(event_id, source, mention.id))
            menu.addAction(f"{spec.key} = {number}, read from this tag").triggered.connect(
                lambda _c=False, c=changes: self.run_all("count from a tag", c)
            )

    def set_role(self, argument_id: int, role: str) -> None:
        op = ops.SetRole(argument_id, role)
        if self.run(op) and op.warnings:
            self.status("⚠ " + "; ".join(op.warnings), 8000)

    def add_argument(self, event_id: int, role: str, mention_id: int) -> None:
        op = ops.AddArgument(event_id, role, mention_id, self.annotator())
        if self.run(op) and op.warnings:
            self.status("⚠ " + "; ".join(op.warnings), 8000)

    def link_entity(self, mention: Tag) -> None:
        """Link the tag to a proposed entity, or to a new one by name: one undoable step."""
        from gui.dialogs.link import LinkDialog

        dialog = LinkDialog(self.library, mention.text, mention.label, self.window)
        if dialog.exec() != LinkDialog.DialogCode.Accepted:
            return
        chosen = dialog.chosen()
        if chosen is not None or dialog.name():  # the tag's words become an alias
            self.run(ops.LinkByName(mention.id, dialog.name(), entity_id=chosen))

    def set_annotator_name(self) -> None:
        name, ok = QInputDialog.getText(
            self.window,
            "Annotator",
            "Name recorded on every annotation you make:",
            text=self.state.annotator,
        )
        if ok and name.strip():
            self.state.annotator = name.strip()
            self.settings.set_annotator(self.state.annotator)

    # -- the article's status, labels and notes -----------------------------------------------
    def set_article_field(self, article_id: int, name: str, value: Any) -> None:
        self.run(ops.SetArticleField(article_id, name, value))

    def edit_notes(self) -> None:
        from gui.dialogs.common import NotesDialog

        article_id, data = self.state.article_id, self.state.data
        if article_id is None or data is None:
            return
        dialog = NotesDialog(data.fields.notes, self.window)
        if dialog.exec() == NotesDialog.DialogCode.Accepted:
            self.set_article_field(article_id, "notes", dialog.text.toPlainText())


def _unique(sequences: list[QKeySequence]) -> list[QKeySequence]:
    """Each key once: the same key twice on one action makes Qt call it ambiguous and do
    nothing (Ctrl+Shift+Z is the platform's Redo on X11 already)."""
    seen: dict[str, QKeySequence] = {}
    for sequence in sequences:
        seen.setdefault(sequence.toString(), sequence)
    return list(seen.values())
