"""Suggestions in the reader: computed off the GUI thread when an article opens (cached per
article until its tags change), drawn as dashed underlines in the type's colour on both
sides — never like a tag —, accepted with Enter or rejected with Backspace where the caret
is, all of a type or of a paragraph at once; the library (or the list's articles)
pre-annotated in the background with progress and cancel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenuBar, QMessageBox

from core.library import Library
from core.library.suggest_process import SuggestionProcess, usable
from core.suggest.article import ArticleSuggestions, EventSuggestion
from core.suggest.engine import Suggestion
from gui.controllers.annotating import AnnotatingController
from gui.controllers.base import Controller
from gui.workers import Task

Shown = Suggestion | EventSuggestion
TRAIN_CHECK_EVERY = 10  # tag changes between two looks at whether to train again


class SuggestingController(Controller):
    def build(self, menus: QMenuBar, annotating: AnnotatingController) -> None:
        self.annotating = annotating
        self.found: ArticleSuggestions | None = None
        self.cache: dict[int, ArticleSuggestions] = {}
        self.task: Task | None = None
        self.pending = False  # asked again while one ran
        self.training: Task | None = None
        self.changes = 0  # tag changes since the last look at the model
        self._counted = ""  # the status message counting the open article's suggestions
        url = self.library.url
        self.process = SuggestionProcess(url) if usable(url) else None
        self.options = self.settings.suggest_options
        # Shown in the status bar while an article's suggestions take a moment (the first
        # one loads the models): they come without blocking anything, but not unseen.
        self.busy = QLabel("Suggesting…", self.window)
        self.busy.hide()
        self.busy.setContentsMargins(0, 0, 12, 0)
        self.window.statusBar().insertPermanentWidget(0, self.busy)  # before the counts
        self._busy_later = QTimer(self)
        self._busy_later.setSingleShot(True)
        self._busy_later.setInterval(400)
        self._busy_later.timeout.connect(lambda: self.busy.setVisible(self.task is not None))
        menu = menus.addMenu("&Suggest")
        reader = self.window.reader
        self.show_action = self.action("Show suggestions", self._toggle, "Ctrl+Shift+G", True)
        self.show_action.setChecked(self.settings.show_suggestions)
        menu.addAction(self.show_action)
        self.accept_action = QAction("Accept the suggestion at the caret", reader)
        self.accept_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.reject_action = QAction("Reject the suggestion at the caret", reader)
        self.reject_action.setShortcut(QKeySequence(Qt.Key.Key_Backspace))
        for act, slot in (
            (self.accept_action, self.accept_here),
            (self.reject_action, self.reject_here),
        ):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            reader.add_view_action(act)
            menu.addAction(act)
        self.click_action = self.action(
            "Accept a suggestion with a click", self._toggle_click, checkable=True
        )
        self.click_action.setChecked(self.settings.click_accepts)
        menu.addAction(self.click_action)
        for view in (reader.left, reader.right):
            view.single_clicked.connect(lambda at, v=view: self._clicked(v, at))
        annotating.untagged_menu = self._menu
        menu.addAction(self.action("Accept all suggestions of the caret's type", self.accept_type))
        menu.addAction(
            self.action("Accept all suggestions in the caret's paragraph", self.accept_paragraph)
        )
        menu.addSeparator()
        menu.addAction(
            self.action("Settings (sources, types, minimum score)…", self.choose_settings)
        )
        menu.addAction(self.action("Pre-annotate the articles of the list…", self.pre_annotate))
        menu.addAction(
            self.action("Train the model of this library's tags now", lambda: self.train(True))
        )
        self.state.article_opened.connect(self._opened)
        self.state.annotations_changed.connect(self._changed)
        events = self.window.events
        events.accept_requested.connect(lambda event: self._accept([event]))
        events.suggestion_menu_requested.connect(self._event_menu)

    # -- computing -------------------------------------------------------------------------
    def _opened(self, article_id: int) -> None:
        self.found = None
        self._paint()
        bar = self.window.statusBar()
        if bar.currentMessage() == self._counted:  # the last article's count: not this one's
            bar.clearMessage()
        if self.show_action.isChecked():
            self._compute(article_id)

    def _compute(self, article_id: int) -> None:
        """One computation at a time (the models are not shared between threads); one asked
        for meanwhile runs after it, for the article open then."""
        if article_id in self.cache:
            self._show(self.cache[article_id])
            return
        if self.task is not None:
            self.pending = True
            return
        library, options, process = self.library, self.options, self.process

        def job(_progress: Any, _cancelled: Any) -> ArticleSuggestions:
            if process is not None:  # the models run in their own process
                return process.article(article_id, options)
            return library.suggestions.article(article_id, options)

        task = self.task = Task(job)
        task.succeeded.connect(self._computed)
        task.failed.connect(
            lambda message: self.status(f"Suggestions failed: {message.splitlines()[0]}")
        )
        task.finished.connect(self._done)
        task.start()
        self._busy_later.start()

    def _done(self) -> None:
        self.task = None
        self.busy.hide()
        if self.pending:
            self.pending = False
            if self.state.article_id is not None and self.show_action.isChecked():
                self._compute(self.state.article_id)

    def wait(self) -> None:
        """Let a running computation end, then the worker process (the window is closing)."""
        self.pending = False
        if self.task is not None:
            self.task.wait(120_000)
        if self.process is not None:  # a training under way is stopped (the model is kept)
            self.process.close()
        if self.training is not None:  # its thread ends with the process
            self.training.wait(30_000)

    def _computed(self, found: ArticleSuggestions) -> None:
        if len(self.cache) >= 50:  # articles read long ago are computed again if reopened
            self.cache.clear()
        self.cache[found.article_id] = found
        if found.article_id == self.state.article_id:
            self._show(found)

    def _show(self, found: ArticleSuggestions) -> None:
        self.found = found
        self._paint()
        if (found.spans or found.events) and not self.window.statusBar().currentMessage():
            self._counted = (f"{len(found.spans)} tag(s) and {len(found.events)} event(s) "
                             "suggested (dashed): a click or Enter accepts, Backspace rejects")  # fmt: skip
            self.status(self._counted, 6000)
        if found.missing:
            self.status("Statistical suggestions off: " + "; ".join(found.missing), 8000)

    def _changed(self, _op: Any, _undone: bool) -> None:
        """Tags changed: this article's suggestions are computed again (others' are kept)."""
        article_id = self.state.article_id
        if article_id is not None:
            self.cache.pop(article_id, None)
            if self.show_action.isChecked():
                self._compute(article_id)
        self.changes += 1
        if self.changes >= TRAIN_CHECK_EVERY and self.show_action.isChecked():
            self.train(False)

    # -- the model of the library's own tags -------------------------------------------------
    def train(self, force: bool) -> None:
        """Train the library's own model in a process of its own (the window and the
        suggestions go on meanwhile); by itself every few tag changes, when enough changed
        since the last training; now, from the menu."""
        self.changes = 0
        if self.process is None or self.training is not None:
            if force:
                self.status("A training is under way" if self.training else
                            "This library cannot be read by another process (in memory)")  # fmt: skip
            return
        process = self.process
        task = self.training = Task(lambda _progress, _cancelled: process.train(force))
        task.succeeded.connect(self._trained)
        task.failed.connect(
            lambda message: self.status(f"Training failed: {message.splitlines()[0]}")
        )
        task.finished.connect(lambda: setattr(self, "training", None))
        if force:
            self.status("Training the model of this library's tags (in the background)…")
        task.start()

    def _trained(self, done: Any) -> None:
        if done is None:
            return
        self.cache.clear()  # the new model is read by the next suggestions
        self.status(f"Suggestions learnt from {done.tags:,} tag(s) in {done.paragraphs:,} "
                    f"paragraph(s) ({done.seconds:.0f} s)", 8000)  # fmt: skip
        if self.state.article_id is not None and self.show_action.isChecked():
            self._compute(self.state.article_id)

    def _toggle(self, on: bool) -> None:
        self.settings.show_suggestions = on
        if on and self.state.article_id is not None:
            self._compute(self.state.article_id)
        elif not on:
            self.found = None
            self._paint()

    def _paint(self) -> None:
        found = self.found if self.show_action.isChecked() else None
        shown: list[tuple[str, int, int, str]] = []
        if found is not None:
            shown = [(s.layer, s.start, s.end, s.label) for s in found.spans]
            shown += [(e.layer, e.start, e.end, e.type) for e in found.events]
        self.annotating.painter.mark_suggestions(shown)
        self.window.events.show_suggested(list(found.events) if found is not None else [])

    def _event_menu(self, event: EventSuggestion, where: Any) -> None:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self.window)
        menu.addAction(
            f"Accept the suggested {event.type} «{event.text}»", lambda: self._accept([event])
        )
        menu.addAction("Reject it (never suggested again)", lambda: self._reject(event))
        menu.exec(where)

    # -- deciding --------------------------------------------------------------------------
    def at_caret(self) -> Shown | None:
        where = self.annotating.painter.caret(self.annotating.focused_view())
        if where is None or self.found is None:
            return None
        layer, offset = where
        items: list[Shown] = [*self.found.events, *self.found.spans]
        for item in items:
            if item.layer == layer and item.start <= offset <= item.end:
                return item
        return None

    def _toggle_click(self, on: bool) -> None:
        self.settings.click_accepts = on

    def _at(self, view: Any, position: int) -> Shown | None:
        """The suggestion shown at a document position of ``view``."""
        painter = self.annotating.painter
        layer = painter.layer_of(view)
        found = painter.maps[layer].to_layer(view, position) if layer is not None else None
        if self.found is None or found is None:
            return None
        items: list[Shown] = [*self.found.events, *self.found.spans]
        return next((i for i in items if i.layer == layer and i.start <= found[1] < i.end), None)

    def _clicked(self, view: Any, position: int) -> None:
        """A plain click on a dashed suggestion accepts it (a double-click still selects a
        word; a drag still selects words)."""
        hit = self._at(view, position) if self.click_action.isChecked() else None
        if hit is not None:
            self._accept([hit])

    def _menu(self, menu: Any, view: Any, position: int) -> bool:
        """Right-click on a suggestion: accept it, reject it, accept all of its type."""
        hit = self._at(view, position)
        if hit is None:
            return False
        label = hit.label if isinstance(hit, Suggestion) else hit.type
        menu.addSection(f"Suggested {label}: {hit.text} ({hit.source})")
        menu.addAction("Accept").triggered.connect(lambda: self._accept([hit]))
        menu.addAction("Reject (never suggested here again)").triggered.connect(
            lambda: self._reject(hit)
        )
        if isinstance(hit, Suggestion) and self.found is not None:
            same = [s for s in self.found.spans if s.label == label]
            menu.addAction(f"Accept all {len(same)} suggested {label}").triggered.connect(
                lambda: self._accept(same)
            )
        return True

    def accept_here(self) -> None:
        item = self.at_caret()
        if item is None:
            self.status("No suggestion at the caret (the dashed words are suggestions)")
            return
        self._accept([item])

    def reject_here(self) -> None:
        item = self.at_caret()
        if item is None or self.state.article_id is None:
            self.status("No suggestion at the caret")
            return
        self._reject(item)

    def _reject(self, item: Shown) -> None:
        if self.state.article_id is None:
            return
        span = item if isinstance(item, Suggestion) else Suggestion(
            item.layer, item.start, item.end, item.type, item.text, item.source, item.score)  # fmt: skip
        if self.annotating.run(self._ops().RejectSuggestions(self.state.article_id, [span])):
            self.status(
                f"«{item.text}» will not be suggested as {span.label} again (Ctrl+Z undoes)"
            )

    def accept_type(self) -> None:
        item = self.at_caret()
        if item is None or self.found is None:
            self.status("Put the caret on a suggestion of the type to accept")
            return
        label = item.label if isinstance(item, Suggestion) else item.type
        self._accept([s for s in self.found.spans if s.label == label])

    def accept_paragraph(self) -> None:
        """Every suggestion (tags, events by their trigger) of the caret's paragraph."""
        view = self.annotating.focused_view()
        where, block_of = self.annotating.painter.caret(view), self.annotating.painter.block_of
        if self.found is None or view is None or where is None:
            self.status("Put the caret in the paragraph whose suggestions to accept")
            return
        layer, index = where[0], view.textCursor().block().blockNumber()
        items: list[Shown] = [*self.found.spans, *self.found.events]
        near = [s for s in items if s.layer == layer and block_of(layer, s.start) == index]
        if near:
            self._accept(near)
        else:
            self.status("No suggestion in this paragraph")

    def _accept(self, items: Sequence[Shown]) -> None:
        article_id = self.state.article_id
        if article_id is None or not items:
            return
        ops = self._ops()
        spans = [s for s in items if isinstance(s, Suggestion)]
        events = [e for e in items if isinstance(e, EventSuggestion)]
        who = self.annotating.annotator()
        steps = ([ops.AcceptSuggestions(article_id, spans, who)] if spans else []) + [
            ops.AcceptEvent(article_id, e, who) for e in events]  # fmt: skip
        if self.annotating.run_all("accept suggestions", steps):
            what = f"{len(spans)} tag(s)" + (f", {len(events)} event(s)" if events else "")
            self.status(f"Accepted {what} (Ctrl+Z undoes)")

    @staticmethod
    def _ops() -> Any:
        from core.suggest import ops

        return ops

    # -- settings and the whole library ------------------------------------------------------
    def choose_settings(self) -> None:
        from gui.dialogs.suggest_settings import SuggestSettingsDialog

        types = [t.key for t in self.state.schema.types]
        dialog = SuggestSettingsDialog(self.options, types, self.window)
        if dialog.exec() != SuggestSettingsDialog.DialogCode.Accepted:
            return
        self.options = self.settings.suggest_options = dialog.options()
        self.cache.clear()
        if self.state.article_id is not None and self.show_action.isChecked():
            self._compute(self.state.article_id)

    def pre_annotate(self) -> None:
        ids = self.window.pane.model.ids()
        if not ids:
            self.status("No articles in the list")
            return
        answer = QMessageBox.question(
            self.window, "Pre-annotate",
            f"Store the suggestions of the {len(ids):,} articles in the list as tags and events "
            "by the annotator gloss-suggest? It runs in the background (Esc cancels); the tags "
            "can be reviewed, exported or removed by annotator, and teach the suggestions once "
            "you mark their article done.",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        library: Library = self.library
        options, process = self.options, self.process

        def job(progress: Any, cancelled: Any) -> int:
            if process is not None:  # the models in their own process: the window never waits
                return process.pre_annotate(ids, options, progress, cancelled)
            return sum(
                1 for _found in library.suggestions.many(ids, options, True, progress, cancelled)
            )

        def done(count: Any) -> None:
            self.cache.clear()
            self.state.articles_changed.emit()
            if self.state.article_id is not None:
                self.state.article_opened.emit(self.state.article_id)
            self.status(f"{count:,} article(s) pre-annotated by gloss-suggest")

        self.window.tasks.start(job, "Pre-annotating", done)
