"""Reading: which article is shown, and how (boilerplate, Markdown source, font, theme)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMenuBar

from core.library import NotFound
from gui.controllers.base import Controller

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


class ReadingController(Controller):
    def build(self, menus: QMenuBar) -> None:
        view = menus.addMenu("&View")
        self.hide_action = self.action("Hide boilerplate", self.toggle_boilerplate, "Ctrl+B", True)
        view.addAction(self.hide_action)
        self.source_action = self.action(
            "Markdown source (to tag Markdown articles)", self.reopen, "Ctrl+M", True
        )
        view.addAction(self.source_action)
        zoom_in, zoom_out = QKeySequence.StandardKey.ZoomIn, QKeySequence.StandardKey.ZoomOut
        view.addAction(self.action("Larger text", lambda: self.change_font(1), zoom_in))
        view.addAction(self.action("Smaller text", lambda: self.change_font(-1), zoom_out))
        find = QKeySequence.StandardKey.Find
        view.addAction(self.action("Find (in the article from the reader, else in the library)",
                                   self.find, find))  # fmt: skip
        view.addAction(self.action("Find next in the article", lambda: self.find_step(+1), "F3"))
        view.addAction(
            self.action("Find previous in the article", lambda: self.find_step(-1), "Shift+F3")
        )
        themes = view.addMenu("Theme")
        group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for key, label in THEMES:
            act = self.action(label, lambda _c=False, k=key: self.apply_theme(k), checkable=True)
            group.addAction(act)
            themes.addAction(act)
            self.theme_actions[key] = act
        self.window.reader.paragraph_clicked.connect(self._remember_paragraph)
        self.window.pane.article_selected.connect(self.open_article)
        self.state.annotations_changed.connect(self._after_change)

    def restore(self) -> None:
        reader, settings = self.window.reader, self.settings
        reader.set_sides(settings.sizes("reader/splitter") or [1000, 1000])
        self.font_size = settings.font_size
        reader.set_font_size(self.font_size)
        self.hide_action.setChecked(settings.hide_boilerplate)
        self.apply_theme(settings.theme)

    def open_article(self, article_id: int) -> None:
        reader, target = self.window.reader, self.settings.translation.target
        try:
            data = self.library.articles.reader(article_id, target)
        except NotFound:
            reader.show_article(None)
            self.state.article_id, self.state.data = None, None
            return
        data = replace(data, source_view=self.source_action.isChecked())
        self.state.article_id, self.state.data = article_id, data
        self.state.clicked_paragraph = -1
        reader.show_article(data, self.state.translation_errors.get(article_id))
        self.settings.set_last_article(self.library.url, article_id)
        self.state.article_opened.emit(article_id)
        self._mark_search_words()

    def current_article(self) -> int | None:
        return self.window.pane.current_article()

    def reopen(self, *_args: Any) -> None:
        article_id = self.current_article()
        if article_id is not None:
            self.open_article(article_id)

    def _after_change(self, op: Any, _undone: bool) -> None:
        from core.annotation.ops import ChangeTranslation

        if isinstance(op, ChangeTranslation):  # the text itself changed: show it again
            self.open_article(op.article_id)

    def _remember_paragraph(self, index: int) -> None:
        self.state.clicked_paragraph = index

    def toggle_boilerplate(self, checked: bool) -> None:
        self.window.reader.set_hide_boilerplate(checked)
        self.settings.hide_boilerplate = checked

    def change_font(self, step: int) -> None:
        self.font_size = max(6.0, min(40.0, self.font_size + step))
        self.window.reader.set_font_size(self.font_size)
        self.settings.font_size = self.font_size

    def find(self) -> None:
        """Ctrl+F: in the article when the reader has the focus, else in the library."""
        reader = self.window.reader
        focus = QApplication.focusWidget()
        if focus is not None and (focus is reader or reader.isAncestorOf(focus)):
            reader.find_bar.open()
        else:
            self.focus_search()

    def find_step(self, direction: int) -> None:
        bar = self.window.reader.find_bar
        if not bar.hits and self.window.pane.search.text().strip():
            self._mark_search_words()
        if not bar.step(direction):
            self.status("Nothing to find: Ctrl+F in the reader", 3000)

    def _mark_search_words(self) -> None:
        """The library's search words, marked in the article it found."""
        from gui.reader.find import words

        bar = self.window.reader.find_bar
        if bar.isVisible() and bar.edit.text():
            bar.search([bar.edit.text()])
        else:
            bar.search(words(self.window.pane.search.text()))

    def focus_search(self) -> None:
        self.window.pane.search.setFocus()
        self.window.pane.search.selectAll()

    def apply_theme(self, key: str) -> None:
        from gui import theme

        theme.apply(key)
        if key in self.theme_actions:
            self.theme_actions[key].setChecked(True)
        self.settings.theme = key
        # Colours changed: rebuild the cached documents once the widgets have the new
        # palette (its change events are delivered first).
        QTimer.singleShot(0, self._rebuild)

    def _rebuild(self) -> None:
        from gui.reader.legend import legend_html

        reader = self.window.reader
        self.window.annotating.painter.set_schema(self.state.schema)  # tints for the base
        reader.legend.setText(legend_html(self.state.schema))
        reader.left.forget_documents()
        reader.right.forget_documents()
        self.reopen()
