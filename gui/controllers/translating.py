"""Translating: the open article in the background, a paragraph edited by hand (undoable),
the provider settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMenuBar, QMessageBox

from core.annotation import ops
from core.translation.service import options_for
from gui.controllers.annotating import AnnotatingController
from gui.controllers.base import Controller
from gui.settings import TranslationSettings


class TranslatingController(Controller):
    def build(self, menus: QMenuBar, annotating: AnnotatingController) -> None:
        self.annotating = annotating
        menu = menus.addMenu("&Translate")
        self.translate_action = self.action(
            "Translate this article", self.translate_current, "Ctrl+T"
        )
        menu.addAction(self.translate_action)
        menu.addAction(
            self.action(
                "Translate again, replacing edits", lambda: self.translate_current(force=True)
            )
        )
        menu.addAction(
            self.action(
                "Edit the translation of the clicked paragraph…", self.edit_translation, "Ctrl+E"
            )
        )
        menu.addAction(self.action("Translation settings…", self.edit_settings))

    def translate_current(self, force: bool = False) -> bool:
        article_id, data = self.state.article_id, self.state.data
        if article_id is None:
            return False
        cfg = self.settings.translation
        if data is not None and data.in_target_language:
            self.status(f"This article is already in {cfg.target}: nothing to translate.", 6000)
            return False
        if not self.annotating.still_there(article_id):  # deleted in another window: said
            return False
        options = options_for(cfg.provider, cfg.url, cfg.target, cfg.timeout, force=force)
        translations = self.library.translations

        def done(report: Any) -> None:
            errors = {o.index: o.error for o in report.failed if o.article_id == article_id}
            self.state.translation_errors[article_id] = errors
            self.state.articles_changed.emit()  # the "translated" column; keeps the selection
            if self.state.article_id == article_id:
                self.window.reading.open_article(article_id)
            if errors:
                self.status(
                    f"{len(errors)} paragraph(s) could not be translated: Ctrl+T retries them",
                    10000,
                )
            else:
                self.status(f"Translated ({report.requests} request(s) sent)", 6000)

        return self.window.tasks.start(
            lambda progress, cancelled: translations.translate(
                [article_id], options, progress, cancelled
            ),
            "Translating",
            done,
        )

    def edit_translation(self) -> None:
        from gui.dialogs.common import EditTranslationDialog

        data, article_id = self.state.data, self.state.article_id
        if data is None or article_id is None:
            return
        index = self.state.clicked_paragraph
        if not 0 <= index < len(data.paragraphs):
            self.status("Click a paragraph first, then edit its translation.")
            return
        paragraph = data.paragraphs[index]
        dialog = EditTranslationDialog(paragraph.text, paragraph.translation or "", self.window)
        if dialog.exec() != EditTranslationDialog.DialogCode.Accepted:
            return
        text = dialog.text.toPlainText()
        op = ops.EditTranslation(article_id, data.target, index=index, text=text)
        if self.annotating.run(op) and op.flagged:  # undoable
            self.status(
                f"Translation saved. {op.flagged} tag(s) in this paragraph lost their words and "
                "need review (underlined in red; gloss show lists them).",
                10000,
            )

    def edit_settings(self) -> None:
        from core.secrets import KeyringUnavailable, set_api_key
        from gui.dialogs.common import TranslationSettingsDialog

        current = self.settings.translation
        dialog = TranslationSettingsDialog(vars(current), self.window)
        if dialog.exec() != TranslationSettingsDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        self.settings.translation = TranslationSettings(**values)
        if dialog.api_key.text():
            try:
                set_api_key(values["provider"], dialog.api_key.text())
            except KeyringUnavailable as exc:
                QMessageBox.warning(self.window, "Gloss", str(exc))
        self.window.reading.reopen()
