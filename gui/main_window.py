"""The main window: library on the left, the reader on the right.

The window paints before the library is opened (SQLAlchemy and the database load after the
first paint), so start-up feels instant. Imports and translations run as background tasks
with progress and cancel.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolBar,
)

from gui import file_dialogs

if TYPE_CHECKING:
    from core.db import Library
    from gui.library_pane import LibraryPane
    from gui.reader import ParallelReader
    from gui.workers import Task

DEFAULT_FONT = 11.0


class MainWindow(QMainWindow):
    def __init__(self, library: Library | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings("Gloss", "Gloss")
        self.library: Library | None = None
        self.pane: LibraryPane | None = None
        self.reader: ParallelReader | None = None
        self.task: Task | None = None
        self.translation_errors: dict[int, dict[int, str]] = {}
        self.setWindowTitle("Gloss")
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        placeholder = QLabel("Opening the library…", self)
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(placeholder)
        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_task)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if library is not None:
            self.set_library(library)

    # -- set-up ----------------------------------------------------------------------------
    def set_library(self, library: Library) -> None:
        from gui.library_pane import LibraryPane
        from gui.reader import ParallelReader

        self.library = library
        self.setWindowTitle(f"Gloss — {library.url}")
        self.pane = LibraryPane(library, self)
        self.reader = ParallelReader(self)
        from gui.events_panel import EventsPanel

        self.events = EventsPanel(library, self)
        self.reading = QSplitter(Qt.Orientation.Vertical, self)
        self.reading.addWidget(self.reader)
        self.reading.addWidget(self.events)
        self.reading.setStretchFactor(0, 5)
        self.reading.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.pane)
        self.splitter.addWidget(self.reading)
        self.splitter.setStretchFactor(1, 3)
        self.setCentralWidget(self.splitter)
        self._build_actions()
        self._build_annotation()
        self.pane.article_selected.connect(self.open_article)
        self.pane.counted.connect(self._update_count)
        self._restore_state()
        self._update_count(self.pane.model.rowCount())
        last = self.settings.value("reader/last_article")
        reopened = last is not None and self.pane.select_article(int(last))
        if not reopened and self.pane.model.rowCount():
            self.pane.table.selectRow(0)

    def _restore_state(self) -> None:
        assert self.reader is not None
        sizes = self.settings.value("window/splitter")
        if sizes:
            self.splitter.setSizes([int(s) for s in sizes])
        else:
            self.splitter.setSizes([480, 900])
        reader_sizes = self.settings.value("reader/splitter")
        if reader_sizes:
            self.reader.splitter.setSizes([int(s) for s in reader_sizes])
        else:
            self.reader.splitter.setSizes([1000, 1000])  # original and translation alike
        self.font_size = float(self.settings.value("reader/font_size", DEFAULT_FONT))
        self.reader.set_font_size(self.font_size)
        hide = self.settings.value("reader/hide_boilerplate", False)
        self.hide_action.setChecked(hide in (True, "true"))
        self._apply_theme(str(self.settings.value("view/theme", "system")))

    def translation_settings(self) -> dict[str, Any]:
        return {
            "provider": str(self.settings.value("translation/provider", "google")),
            "url": str(self.settings.value("translation/url", "")),
            "target": str(self.settings.value("translation/target", "en")),
            "timeout": float(self.settings.value("translation/timeout", 30.0)),
        }

    def _build_actions(self) -> None:
        def action(text: str, slot: Any, shortcut: Any = None, checkable: bool = False) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.setCheckable(checkable)
            (act.toggled if checkable else act.triggered).connect(slot)
            return act

        menu = self.menuBar()
        menu.clear()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(
            action("Import files…", self.import_files, QKeySequence.StandardKey.Open)
        )
        file_menu.addAction(action("Import folder…", self.import_folder, "Ctrl+Shift+O"))
        file_menu.addAction(
            action("New article from pasted text…", self.paste_article, "Ctrl+Shift+V")
        )
        file_menu.addSeparator()
        file_menu.addAction(action("Export dataset…", self.export_dataset, "Ctrl+Shift+E"))
        file_menu.addSeparator()
        file_menu.addAction(action("Quit", self.close, QKeySequence.StandardKey.Quit))

        view_menu = menu.addMenu("&View")
        self.hide_action = action("Hide boilerplate", self._toggle_boilerplate, "Ctrl+B", True)
        view_menu.addAction(self.hide_action)
        self.source_action = action(
            "Markdown source (to tag Markdown articles)", self._toggle_source, "Ctrl+M", True
        )
        view_menu.addAction(self.source_action)
        view_menu.addAction(
            action("Larger text", lambda: self.change_font(1), QKeySequence.StandardKey.ZoomIn)
        )
        view_menu.addAction(
            action("Smaller text", lambda: self.change_font(-1), QKeySequence.StandardKey.ZoomOut)
        )
        view_menu.addAction(
            action("Find in library", self._focus_search, QKeySequence.StandardKey.Find)
        )
        theme_menu = view_menu.addMenu("Theme")
        group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for key, label in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
            act = action(label, lambda _c=False, k=key: self._apply_theme(k), checkable=True)
            group.addAction(act)
            theme_menu.addAction(act)
            self.theme_actions[key] = act

        translate_menu = menu.addMenu("&Translate")
        self.translate_action = action("Translate this article", self.translate_current, "Ctrl+T")
        translate_menu.addAction(self.translate_action)
        translate_menu.addAction(
            action("Translate again, replacing edits", lambda: self.translate_current(force=True))
        )
        translate_menu.addAction(
            action(
                "Edit the translation of the clicked paragraph…", self.edit_translation, "Ctrl+E"
            )
        )
        translate_menu.addAction(action("Translation settings…", self.edit_translation_settings))
        cancel = action(
            "Cancel the running task", self.cancel_task, QKeySequence.StandardKey.Cancel
        )
        self.addAction(cancel)

        toolbar = QToolBar("Reader", self)
        toolbar.setObjectName("reader-toolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.translate_action)
        toolbar.addAction(self.hide_action)
        for old in self.findChildren(QToolBar):
            if old is not toolbar:
                self.removeToolBar(old)
        self.addToolBar(toolbar)
        assert self.reader is not None
        self.reader.paragraph_clicked.connect(self._remember_paragraph)
        self.clicked_paragraph = -1

    # -- annotation ------------------------------------------------------------------------
    def _build_annotation(self) -> None:
        from PySide6.QtGui import QUndoStack

        from core.schema import ensure_default
        from gui.annotation import Annotator

        assert self.library is not None and self.reader is not None
        self.undo_stack = QUndoStack(self)
        self.annotator = Annotator(self.library, self.undo_stack.push)
        self.annotator.after_change = self._after_annotation
        from core.annotation.service import default_annotator

        self.annotator.name = str(self.settings.value("annotation/annotator", default_annotator()))
        with self.library.session() as session:
            body = ensure_default(session).body
        self.annotator.set_schema(body)
        edit = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "Redo")
        redo.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Shift+Z")])
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        who = QAction("Annotator name…", self)
        who.triggered.connect(self.set_annotator_name)
        edit.addAction(who)
        self.tag_types_menu = self.menuBar().addMenu("Ta&g")
        self._type_actions: list[QAction] = []
        self._install_schema(body)
        from gui.article_bar import ArticleBar

        self.article_bar = ArticleBar(list(body.get("document_statuses") or ["new"]), self.reader)
        self.reader.layout().insertWidget(2, self.article_bar)
        self.article_bar.changed.connect(self.set_article_field)
        self.article_bar.notes_requested.connect(self.edit_notes)
        self.reader.left.customContextMenuRequested.connect(
            lambda pos: self.tag_menu(self.reader.left, pos)
        )
        self.reader.right.customContextMenuRequested.connect(
            lambda pos: self.tag_menu(self.reader.right, pos)
        )
        for view in (self.reader.left, self.reader.right):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.schema_body = body
        self.events.selected.connect(self._show_event)
        self.events.edit_requested.connect(self.edit_event)
        delete_event = QAction("Remove the selected event", self.events)
        delete_event.setShortcut(QKeySequence.StandardKey.Delete)
        delete_event.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete_event.triggered.connect(self.remove_event)
        self.events.addAction(delete_event)
        resolve_dates = QAction("Resolve the selected event's dates from its Time argument", self)
        resolve_dates.setShortcut(QKeySequence("Ctrl+D"))
        resolve_dates.triggered.connect(self.resolve_event_dates)
        self.addAction(resolve_dates)
        self._fixed_tag_actions = [delete_event, resolve_dates]
        remove = QAction("Remove the tag under the cursor", self.reader)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        remove.triggered.connect(self.remove_tag)
        self.reader.addAction(remove)
        self._fixed_tag_actions.append(remove)
        for text, slot in (
            ("Edit the schema…", self.edit_schema),
            ("Load a schema…", self.load_schema),
            ("Save the schema as…", self.save_schema),
            ("Re-map a type…", self.remap_type),
            ("Tags needing review…", self.show_review),
        ):
            act = QAction(text, self)
            act.triggered.connect(slot)
            self._fixed_tag_actions.append(act)
        self._fill_tag_menu()

    def _install_schema(self, body: dict[str, Any]) -> None:
        """(Re)build the tag keys, the legend and the menu from a schema (data, not code)."""
        assert self.reader is not None
        self.schema_body = body
        self.annotator.set_schema(body)
        for act in self._type_actions:
            self.reader.removeAction(act)
        self._type_actions = []
        legend = []
        for section, slot, prefix in (
            ("entity_types", self.tag_selection, ""),
            ("event_types", self.add_event, "Event: "),
        ):
            for item in body.get(section, []):
                key, shortcut = item["key"], item.get("shortcut", "")
                act = QAction(f"{prefix}{item.get('name', key)} ({key})", self.reader)
                if shortcut:
                    act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                act.triggered.connect(lambda _c=False, k=key, f=slot: f(k))
                self.reader.addAction(act)
                self._type_actions.append(act)
                if section == "entity_types":
                    color = QColor(item.get("color", "#888888"))
                    rgba = f"rgba({color.red()},{color.green()},{color.blue()},0.3)"
                    legend.append(
                        f'<span style="background-color:{rgba}">&nbsp;{escape(str(shortcut))} '
                        f"{escape(key)}&nbsp;</span>"
                    )
        self.reader.legend.setText(" ".join(legend))
        if hasattr(self, "_fixed_tag_actions"):
            self._fill_tag_menu()

    def _fill_tag_menu(self) -> None:
        menu = self.tag_types_menu
        menu.clear()
        for act in self._type_actions:
            menu.addAction(act)
        menu.addSeparator()
        for act in self._fixed_tag_actions:
            menu.addAction(act)

    def edit_schema(self) -> None:
        from core.schema import activate
        from gui.schema_editor import SchemaEditor

        assert self.library is not None
        dialog = SchemaEditor(self.schema_body, self)
        if dialog.exec() != SchemaEditor.DialogCode.Accepted:
            return
        body = dialog.result_body()
        with self.library.session() as session:
            activate(session, body)
        self._install_schema(body)
        self.annotator.refresh()

    def load_schema(self) -> None:
        from core.schema import SchemaError, activate, load_file, unknown_types

        assert self.library is not None
        path = file_dialogs.open_file(self, "Load an annotation schema", "", "Schema (*.json)")
        if not path:
            return
        try:
            body = load_file(Path(path))
        except SchemaError as exc:
            QMessageBox.warning(self, "Gloss", str(exc))
            return
        with self.library.session() as session:
            activate(session, body)
            unknown = unknown_types(session)
        self._install_schema(body)
        self.annotator.refresh()
        if unknown:
            listing = ", ".join(f"{k} ({n})" for k, n in sorted(unknown.items()))
            QMessageBox.information(
                self,
                "Gloss",
                f"Annotations of types this schema lacks are kept and shown as unknown: {listing}. "
                "Tag ▸ Re-map a type… gives them a type of the schema.",
            )

    def save_schema(self) -> None:
        from core.schema import save_file

        assert self.library is not None
        path = file_dialogs.save_file(
            self, "Save the annotation schema", "schema.json", "Schema (*.json)"
        )
        if path:
            with self.library.session() as session:
                save_file(session, Path(path))

    def show_review(self) -> None:
        """List the current article's tags whose words left an edited translation."""
        from gui.dialogs import show_review_list

        article_id = self.current_article()
        if article_id is not None and self.library is not None:
            show_review_list(self, self.library, article_id)

    def remap_type(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from core.annotation.ops import Remap
        from core.schema import unknown_types

        assert self.library is not None
        with self.library.session() as session:
            unknown = sorted(unknown_types(session))
        known = [
            item["key"]
            for section in ("entity_types", "event_types")
            for item in self.schema_body.get(section, [])
        ]
        old, ok = QInputDialog.getItem(
            self, "Re-map a type", "Type to re-map:", unknown + known, 0, True
        )
        if not ok or not old:
            return
        new, ok = QInputDialog.getItem(
            self, "Re-map a type", f"New type for {old}:", known, 0, False
        )
        if ok and new and new != old:
            self._run_op(Remap(old, new))

    def add_event(self, type_: str) -> int | None:
        """The selected words become the trigger of a new event of ``type_``."""
        from core.annotation.ops import AddEvent

        view = self._focused_view()
        chosen = self.annotator.selection(view)
        article_id = self.annotator.article_id
        if chosen is None or article_id is None:
            self.statusBar().showMessage("Select the trigger word(s) of one paragraph first", 5000)
            return None
        layer, start, end = chosen
        op = AddEvent(article_id, type_, start, end, layer, self.annotator.name or None)
        if not self._run_op(op):
            return None
        self.events.load(article_id, keep=op.event_id)
        self.statusBar().showMessage(
            f"{type_} added: right-click tags to add them as its arguments; double-click it "
            "in the events list for counts and dates",
            8000,
        )
        return op.event_id

    def resolve_event_dates(self) -> bool:
        """date_start, date_end and date_precision from the event's Time argument and the
        article's publication date ("overnight" in a Tuesday report: Monday to Tuesday)."""
        import datetime as dt

        from core.annotation.ops import SetAttribute
        from core.annotation.when import resolve

        event = self.events.current()
        reader = self.reader
        if event is None or reader is None or reader.data is None:
            self.statusBar().showMessage("Select an event first", 5000)
            return False
        mentions = self.events.model.mentions
        times = [
            mentions[a["mention_id"]]["text"]
            for a in event["arguments"]
            if a["role"] == "Time" and a["mention_id"] in mentions
        ]
        if not times:
            self.statusBar().showMessage("Give the event a Time argument (a DATE tag) first", 6000)
            return False
        published = reader.data.get("published")
        found = resolve(times[0], dt.date.fromisoformat(published) if published else None)
        if found is None:
            self.statusBar().showMessage(f"Could not resolve «{times[0]}» to dates", 6000)
            return False
        start, end, precision = found
        self.undo_stack.beginMacro("resolve dates")
        for key, value in (
            ("date_start", start.isoformat()),
            ("date_end", end.isoformat()),
            ("date_precision", precision),
        ):
            self._run_op(SetAttribute(event["id"], key, value))
        self.undo_stack.endMacro()
        self.statusBar().showMessage(f"«{times[0]}»: {start} to {end} ({precision})", 6000)
        return True

    def remove_event(self) -> None:
        from core.annotation.ops import RemoveEvent

        event = self.events.current()
        if event is not None:
            self._run_op(RemoveEvent(event["id"]))

    def _show_event(self, event: dict[str, Any] | None) -> None:
        """Mark the selected event's trigger and arguments in the reader."""
        if self.reader is None:
            return
        spans: list[tuple[str, int, int]] = []
        if event is not None:
            trigger = event["trigger"]
            spans.append((trigger["layer"], trigger["start"], trigger["end"]))
            mentions = self.events.model.mentions
            for argument in event["arguments"]:
                m = mentions.get(argument["mention_id"])
                if m is not None:
                    spans.append((m["layer"], m["start"], m["end"]))
        self.annotator.mark(spans)

    def edit_event(self, event: dict[str, Any] | None) -> None:
        from core.annotation.ops import SetAttribute
        from gui.events_panel import AttributesDialog

        if event is None:
            return
        dialog = AttributesDialog(event, self.schema_body.get("event_attributes", []), self)
        if dialog.exec() != AttributesDialog.DialogCode.Accepted:
            return
        for key, value in dialog.changes().items():
            self._run_op(SetAttribute(event["id"], key, value))

    def _run_op(self, op: Any) -> bool:
        """Do a core operation now and put it on the undo stack; errors go to the status bar."""
        from core.annotation.service import AnnotationError
        from core.db import LibraryError
        from gui.annotation import OpCommand

        assert self.library is not None
        try:
            op.do(self.library)
        except AnnotationError as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return False
        except LibraryError as exc:  # the library cannot be written safely: say so, loudly
            QMessageBox.critical(self, "Gloss", str(exc))
            return False
        self.undo_stack.push(OpCommand(op, self.library, self._after_annotation))
        return True

    def _after_annotation(self, op: Any = None, undone: bool = False) -> None:
        """After any annotation change (or its undo): repaint tags, refresh the article's row
        in the library and the status bar; no full reload, so tagging stays instant."""
        from core.annotation.ops import AddMention, ChangeTranslation
        from core.library import article_fields

        if isinstance(op, ChangeTranslation):  # the text itself changed: show it again
            self.open_article(op.article_id)
            return
        if isinstance(op, AddMention) and not undone:
            self.annotator.show_added(op.layer, op.start, op.end, op.tag)
        else:
            self.annotator.refresh()
        article_id = self.annotator.article_id
        if article_id is None or self.library is None:
            return
        if self.pane is not None:
            self.pane.model.refresh_article(article_id)
        from core.annotation.ops import LinkEntity, SetArticleField

        if not isinstance(op, AddMention | LinkEntity | SetArticleField):  # events may change
            current = self.events.current()
            self.events.load(article_id, keep=current["id"] if current else None)
        with self.library.reading() as session:
            fields = article_fields(session, article_id)
        if fields is not None:
            self.article_bar.show_article(fields)
            if self.reader is not None and self.reader.data is not None:
                self.reader.data.update(fields)

    def set_article_field(self, name: str, value: Any) -> None:
        from core.annotation.ops import SetArticleField

        article_id = self.current_article()
        if article_id is not None:
            self._run_op(SetArticleField(article_id, name, value))

    def edit_notes(self) -> None:
        from gui.dialogs import NotesDialog

        reader = self.reader
        if reader is None or reader.data is None:
            return
        dialog = NotesDialog(reader.data.get("notes") or "", self)
        if dialog.exec() == NotesDialog.DialogCode.Accepted:
            self.set_article_field("notes", dialog.text.toPlainText())

    def tag_menu(self, view: Any, pos: Any) -> None:
        """Right-click on a tag: change its type, link it to an entity, remove it."""
        from PySide6.QtWidgets import QMenu

        from core.annotation.ops import RemoveMention, SetAttribute, SetLabel

        mention = self.annotator.mention_at(view, view.cursorForPosition(pos).position())
        menu = QMenu(self)
        if mention is None:
            menu.addAction("No tag here").setEnabled(False)
        else:
            menu.addSection(f"{mention['label']}: {mention['text']}")
            change = menu.addMenu("Change type")
            for item in self.schema_body.get("entity_types", []):
                act = change.addAction(f"{item.get('shortcut', '')}  {item['key']}")
                act.triggered.connect(
                    lambda _c=False, k=item["key"]: self._run_op(SetLabel(mention["id"], k))
                )
            event = self.events.current()
            if event is not None:
                spec = next(
                    (
                        e
                        for e in self.schema_body.get("event_types", [])
                        if e["key"] == event["type"]
                    ),
                    {},
                )
                roles = menu.addMenu(f"Argument of {event['type']} «{event['trigger']['text']}»")
                for role in spec.get("roles", []):
                    act = roles.addAction(role["name"])
                    act.triggered.connect(
                        lambda _c=False, r=role["name"], e=event["id"]: self.add_argument(
                            e, r, mention["id"]
                        )
                    )
                claimed = roles.addAction("claimed_by (who reports it)")
                claimed.triggered.connect(
                    lambda _c=False, e=event["id"]: self._run_op(
                        SetAttribute(e, "claimed_by", mention["id"])
                    )
                )
            layer = self.annotator.layer_of(view)
            for scope, ids in (
                ("this article", [self.annotator.article_id]),
                ("the library", None),
            ):
                text = f"Tag every «{mention['text']}» as {mention['label']} in {scope}"
                menu.addAction(text).triggered.connect(
                    lambda _c=False, ids=ids: self.tag_all(
                        mention["text"], mention["label"], ids, layer
                    )
                )
            menu.addAction("Link to an entity…").triggered.connect(
                lambda: self.link_entity(mention)
            )
            menu.addAction("Remove").triggered.connect(
                lambda: self._run_op(RemoveMention(mention["id"]))
            )
        menu.popup(view.viewport().mapToGlobal(pos))
        self._last_menu = menu

    def tag_all(
        self, text: str, label: str, article_ids: list[int] | None, layer: str | None
    ) -> None:
        from core.annotation.ops import TagAll

        op = TagAll(text, label, article_ids, layer or "original", self.annotator.name or None)
        if self._run_op(op):
            self.statusBar().showMessage(f"{len(op.made)} more «{text}» tagged {label}", 6000)
            if self.pane is not None and article_ids is None:
                self.pane.reload()

    def add_argument(self, event_id: int, role: str, mention_id: int) -> None:
        from core.annotation.ops import AddArgument

        op = AddArgument(event_id, role, mention_id, self.annotator.name or None)
        if self._run_op(op) and op.warnings:
            self.statusBar().showMessage("⚠ " + "; ".join(op.warnings), 8000)

    def link_entity(self, mention: dict[str, Any]) -> None:
        from PySide6.QtWidgets import QInputDialog

        from core.annotation.ops import LinkEntity
        from core.annotation.service import create_entity, find_entities

        assert self.library is not None
        name, ok = QInputDialog.getText(
            self,
            "Link to an entity",
            "Canonical name (an existing name or alias links to it):",
            text=mention["text"],
        )
        if not ok or not name.strip():
            return
        with self.library.session() as session:
            found = find_entities(session, name)
            if found:
                entity_id = found[0].id
                if (
                    mention["text"] not in (found[0].aliases or [])
                    and mention["text"] != found[0].canonical_name
                ):
                    found[0].aliases = sorted({*found[0].aliases, mention["text"]})
            else:
                aliases = [mention["text"]] if mention["text"] != name.strip() else []
                entity_id = create_entity(session, name.strip(), mention["label"], aliases).id
        self._run_op(LinkEntity(mention["id"], entity_id))

    def set_annotator_name(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(
            self,
            "Annotator",
            "Name recorded on every annotation you make:",
            text=self.annotator.name,
        )
        if ok and name.strip():
            self.annotator.name = name.strip()
            self.settings.setValue("annotation/annotator", self.annotator.name)

    def _focused_view(self) -> Any:
        assert self.reader is not None
        right = self.reader.right
        return right if right.hasFocus() or right.textCursor().hasSelection() else self.reader.left

    def tag_selection(self, label: str) -> int | None:
        reader = self.reader
        if reader is not None and reader.data is not None and not self.annotator.views:
            self.statusBar().showMessage(
                "Markdown is shown rendered: View ▸ Markdown source (Ctrl+M) to tag it", 6000
            )
            return None
        try:
            mention_id = self.annotator.tag(self._focused_view(), label)
        except ValueError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            return None
        self.statusBar().showMessage(f"Tagged {label}", 3000)
        return mention_id

    def remove_tag(self) -> None:
        if not self.annotator.remove_at_cursor(self._focused_view()):
            self.statusBar().showMessage("No tag under the cursor", 3000)

    # -- reading ---------------------------------------------------------------------------
    def open_article(self, article_id: int) -> None:
        from core.library import NotFound, reader_data

        assert self.library is not None and self.reader is not None
        target = self.translation_settings()["target"]
        try:
            with self.library.session() as session:
                data = reader_data(session, article_id, target)
        except NotFound:
            self.reader.show_article(None)
            return
        data["target"] = target
        data["source_view"] = self.source_action.isChecked()
        self.reader.show_article(data, self.translation_errors.get(article_id))
        self.annotator.attach(article_id, data, self.reader.left, self.reader.right)
        self.article_bar.show_article(data)
        self.events.load(article_id)
        self.settings.setValue("reader/last_article", article_id)
        self.clicked_paragraph = -1

    def current_article(self) -> int | None:
        return self.pane.current_article() if self.pane is not None else None

    def _remember_paragraph(self, index: int) -> None:
        self.clicked_paragraph = index

    def _toggle_source(self, _checked: bool) -> None:
        article_id = self.current_article()
        if article_id is not None:
            self.open_article(article_id)

    def _toggle_boilerplate(self, checked: bool) -> None:
        if self.reader is not None:
            self.reader.set_hide_boilerplate(checked)
        self.settings.setValue("reader/hide_boilerplate", checked)

    def change_font(self, step: int) -> None:
        self.font_size = max(6.0, min(40.0, self.font_size + step))
        if self.reader is not None:
            self.reader.set_font_size(self.font_size)
        self.settings.setValue("reader/font_size", self.font_size)

    def _focus_search(self) -> None:
        if self.pane is not None:
            self.pane.search.setFocus()
            self.pane.search.selectAll()

    def _apply_theme(self, key: str) -> None:
        hints = QGuiApplication.styleHints()
        scheme = {
            "light": Qt.ColorScheme.Light,
            "dark": Qt.ColorScheme.Dark,
        }.get(key, Qt.ColorScheme.Unknown)
        if hasattr(hints, "setColorScheme"):
            hints.setColorScheme(scheme)
        if key in getattr(self, "theme_actions", {}):
            self.theme_actions[key].setChecked(True)
        self.settings.setValue("view/theme", key)
        if self.reader is not None:  # colours changed: rebuild what is cached
            self.reader.left.forget_documents()
            self.reader.right.forget_documents()
            article_id = self.current_article()
            if article_id is not None:
                self.open_article(article_id)

    def _update_count(self, n: int) -> None:
        self.count_label.setText(f"{n:,} article{'s' if n != 1 else ''}")

    # -- background tasks ------------------------------------------------------------------
    def _start(self, job: Any, label: str, on_done: Any) -> bool:
        from gui.workers import Task

        if self.task is not None:
            self.statusBar().showMessage("Another task is still running: wait or cancel it.", 5000)
            return False
        self.task = Task(job, self)
        self.task.progress.connect(self._progress)
        self.task.succeeded.connect(on_done)
        self.task.failed.connect(self._task_failed)
        self.task.finished.connect(self._task_finished)
        self.progress.setRange(0, 0)
        self.progress.setFormat(f"{label} %v/%m")
        self.progress.show()
        self.cancel_button.show()
        self.statusBar().showMessage(f"{label}…")
        self.task.start()
        return True

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _task_failed(self, message: str) -> None:
        QMessageBox.critical(self, "Gloss", message.split("\n\n", 1)[0])

    def _task_finished(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.task = None

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.statusBar().showMessage("Cancelling…")

    # -- import ----------------------------------------------------------------------------
    def import_paths(self, paths: list[str]) -> bool:
        from core.importer import import_paths

        assert self.library is not None
        library = self.library
        return self._start(
            lambda progress, cancelled: import_paths(
                library, paths, progress=lambda d, t, _n: progress(d, t), cancelled=cancelled
            ),
            "Importing",
            self._imported,
        )

    def _imported(self, report: Any) -> None:
        from gui.dialogs import show_import_report

        assert self.pane is not None
        self.pane.reload()
        self.statusBar().showMessage(f"{len(report.imported)} article(s) imported", 8000)
        show_import_report(self, report)
        if report.imported:
            self.pane.select_article(report.imported[0]["id"])

    # -- export ----------------------------------------------------------------------------
    def export_dialog(self) -> Any:
        from core.annotation.service import schema
        from core.exchange.rows import annotator_names
        from core.library import count_articles
        from gui.export_dialog import ExportDialog

        assert self.library is not None and self.pane is not None
        shown = self.pane.model.article_filter
        with self.library.session() as session:
            body = schema(session)
            annotators = sorted(annotator_names(session).values())
            total = count_articles(session)
        dialog = ExportDialog(
            body, annotators, shown, (total, self.pane.model.rowCount()),
            target=self.translation_settings()["target"],
            folder=str(self.settings.value("export/dir", "")), parent=self,
            last=(str(self.settings.value("export/format", "native")),
                  str(self.settings.value("export/layer", "original"))),
        )  # fmt: skip
        dialog.accepted.connect(lambda: self.start_export(dialog.request()))
        return dialog

    def export_dataset(self) -> None:
        self.export_dialog().open()

    def start_export(self, request: Any) -> bool:
        from core.exchange.export import export
        from core.library import filtered_ids

        assert self.library is not None
        library = self.library
        self.settings.setValue("export/dir", str(request.output.parent))
        self.settings.setValue("export/format", request.options.format)
        self.settings.setValue("export/layer", request.options.layer)

        def job(progress: Any, cancelled: Any) -> Any:
            with library.session() as session:
                ids = sorted(filtered_ids(session, request.article_filter))
            return export(library, ids, request.output, request.options, progress, cancelled)

        return self._start(job, "Exporting", self._exported)

    def _exported(self, report: Any) -> None:
        from gui.export_dialog import show_export_report

        self.statusBar().showMessage(report.lines()[0], 8000)
        show_export_report(self, report)

    def import_files(self) -> None:
        files = file_dialogs.open_files(
            self,
            "Import articles",
            str(self.settings.value("import/dir", str(Path.home()))),
            "Articles and datasets (*.txt *.md *.markdown *.html *.htm *.jsonl *.json *.csv *.tsv *.ann)"
            ";;All files (*)",
        )
        if files:
            self.settings.setValue("import/dir", str(Path(files[0]).parent))
            self.import_paths(files)

    def import_folder(self) -> None:
        folder = file_dialogs.open_folder(
            self,
            "Import a folder of articles",
            str(self.settings.value("import/dir", str(Path.home()))),
        )
        if folder:
            self.settings.setValue("import/dir", folder)
            self.import_paths([folder])

    def paste_article(self) -> None:
        from core.importer import import_text
        from gui.dialogs import PasteDialog, show_import_report

        assert self.library is not None and self.pane is not None
        clipboard = QGuiApplication.clipboard().text()
        dialog = PasteDialog(self, clipboard)
        if dialog.exec() != PasteDialog.DialogCode.Accepted:
            return
        report = import_text(
            self.library,
            dialog.body.toPlainText(),
            dialog.title.text(),
            dialog.format.currentData(),
        )
        self.pane.reload()
        if report.imported:
            self.pane.select_article(report.imported[0]["id"])
            self.statusBar().showMessage("Article added", 5000)
        else:
            show_import_report(self, report)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- translation -----------------------------------------------------------------------
    def translate_current(self, force: bool = False) -> bool:
        from core.secrets import get_api_key
        from core.translation.providers import ProviderConfig
        from core.translation.service import TranslateOptions, translate_articles

        article_id = self.current_article()
        if article_id is None or self.library is None:
            return False
        cfg = self.translation_settings()
        options = TranslateOptions(
            provider=ProviderConfig(
                cfg["provider"], url=cfg["url"], api_key=get_api_key(cfg["provider"])
            ),
            target=cfg["target"],
            timeout=cfg["timeout"],
            force=force,
        )
        library = self.library

        def done(report: Any) -> None:
            errors = {o.index: o.error for o in report.failed if o.article_id == article_id}
            self.translation_errors[article_id] = errors
            if self.pane is not None:
                self.pane.reload()  # the "translated" column changed; keeps the selection
            if self.current_article() == article_id:
                self.open_article(article_id)
            if errors:
                self.statusBar().showMessage(
                    f"{len(errors)} paragraph(s) could not be translated: Ctrl+T retries them",
                    10000,
                )
            else:
                self.statusBar().showMessage(
                    f"Translated ({report.requests} request(s) sent)", 6000
                )

        return self._start(
            lambda progress, cancelled: translate_articles(
                library, [article_id], options, progress, cancelled
            ),
            "Translating",
            done,
        )

    def edit_translation(self) -> None:
        from core.annotation.ops import ChangeTranslation
        from core.translation.store import set_by_hand
        from gui.dialogs import EditTranslationDialog

        reader, article_id = self.reader, self.current_article()
        if reader is None or reader.data is None or article_id is None or self.library is None:
            return
        index = self.clicked_paragraph
        if not 0 <= index < len(reader.data["paragraphs"]):
            self.statusBar().showMessage(
                "Click a paragraph first, then edit its translation.", 5000
            )
            return
        paragraph = reader.data["paragraphs"][index]
        dialog = EditTranslationDialog(paragraph["text"], paragraph["translation"] or "", self)
        if dialog.exec() == EditTranslationDialog.DialogCode.Accepted:
            target, text, flagged = reader.data["target"], dialog.text.toPlainText(), 0

            def change(library: Any) -> None:
                nonlocal flagged
                with library.session() as session:
                    flagged = set_by_hand(session, article_id, index, target, text)

            if not self._run_op(ChangeTranslation(article_id, target, change)):  # undoable
                return
            if flagged:
                self.statusBar().showMessage(
                    f"Translation saved. {flagged} tag(s) in this paragraph lost their words and "
                    "need review (underlined in red; gloss show lists them).",
                    10000,
                )

    def edit_translation_settings(self) -> None:
        from core.secrets import KeyringUnavailable, set_api_key
        from gui.dialogs import TranslationSettingsDialog

        dialog = TranslationSettingsDialog(self.translation_settings(), self)
        if dialog.exec() != TranslationSettingsDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        for key, value in values.items():
            self.settings.setValue(f"translation/{key}", value)
        if dialog.api_key.text():
            try:
                set_api_key(values["provider"], dialog.api_key.text())
            except KeyringUnavailable as exc:
                QMessageBox.warning(self, "Gloss", str(exc))
        article_id = self.current_article()
        if article_id is not None:
            self.open_article(article_id)

    # -- closing ---------------------------------------------------------------------------
    def closeEvent(self, event: Any) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.pane is not None and self.reader is not None:
            self.settings.setValue("window/splitter", self.splitter.sizes())
            self.settings.setValue("reader/splitter", self.reader.splitter.sizes())
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
        if self.pane is not None:
            self.pane.wait_choices()
        super().closeEvent(event)
