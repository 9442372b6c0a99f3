"""Importing (files, folders, drops, pasted text) and exporting datasets, as background
tasks with progress and cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenuBar

from core.ingest.formats import dialog_filter
from gui.controllers.base import Controller
from gui.dialogs import files as file_dialogs


class ExchangeController(Controller):
    def build(self, menus: QMenuBar) -> None:
        file_menu = menus.addMenu("&File")
        add = file_menu.addAction
        add(self.action("Import files…", self.import_files, QKeySequence.StandardKey.Open))
        add(self.action("Import folder…", self.import_folder, "Ctrl+Shift+O"))
        add(self.action("New article from pasted text…", self.paste_article, "Ctrl+Shift+V"))
        file_menu.addSeparator()
        add(self.action("Export dataset…", self.export_dataset, "Ctrl+Shift+E"))
        file_menu.addSeparator()
        add(self.action("Quit", self.window.close, QKeySequence.StandardKey.Quit))

    # -- import ----------------------------------------------------------------------------
    def import_paths(self, paths: list[str]) -> bool:
        exchange = self.library.exchange
        return self.window.tasks.start(
            lambda progress, cancelled: exchange.import_paths(
                list(paths), progress=lambda d, t, _n: progress(d, t), cancelled=cancelled
            ),
            "Importing",
            self._imported,
        )

    def _imported(self, report: Any) -> None:
        from gui.dialogs.common import show_import_report

        self.state.articles_changed.emit()
        self.status(f"{len(report.imported)} article(s) imported", 8000)
        show_import_report(self.window, report)
        if report.imported:
            self.window.pane.select_article(report.imported[0]["id"])

    def import_files(self) -> None:
        start = self.settings.folder("import", str(Path.home()))
        files = file_dialogs.open_files(self.window, "Import articles", start, dialog_filter())
        if files:
            self.settings.set_folder("import", str(Path(files[0]).parent))
            self.import_paths(files)

    def import_folder(self) -> None:
        start = self.settings.folder("import", str(Path.home()))
        folder = file_dialogs.open_folder(self.window, "Import a folder of articles", start)
        if folder:
            self.settings.set_folder("import", folder)
            self.import_paths([folder])

    def paste_article(self) -> None:
        from gui.dialogs.common import PasteDialog, show_import_report

        dialog = PasteDialog(self.window, QGuiApplication.clipboard().text())
        if dialog.exec() != PasteDialog.DialogCode.Accepted:
            return
        report = self.library.exchange.import_text(
            dialog.body.toPlainText(), dialog.title.text().strip(), dialog.format.currentData(),
            source=dialog.source.text().strip(), url=dialog.url.text().strip(),
            published=dialog.date(),  # checked by the dialog
        )  # fmt: skip
        self.state.articles_changed.emit()
        if report.imported:
            self.window.pane.select_article(report.imported[0]["id"])
            self.status("Article added")
        else:
            show_import_report(self.window, report)

    # -- export ----------------------------------------------------------------------------
    def export_dialog(self) -> Any:
        from gui.dialogs.export import ExportDialog

        library, model = self.library, self.window.pane.model
        dialog = ExportDialog(
            library.schema.current(), library.exchange.annotators(), model.article_filter,
            (library.articles.count(), model.rowCount()),
            target=self.settings.translation.target,
            folder=self.settings.folder("export"), parent=self.window,
            last=self.settings.last_export, published=library.articles.published_span(),
            protected=library.files(),
        )  # fmt: skip
        dialog.accepted.connect(lambda: self.start_export(dialog.request()))
        return dialog

    def export_dataset(self) -> None:
        self.export_dialog().open()

    def start_export(self, request: Any) -> bool:
        self.settings.set_folder("export", str(request.output.parent))
        self.settings.last_export = (request.options.format, request.options.side)
        exchange = self.library.exchange
        return self.window.tasks.start(
            lambda progress, cancelled: exchange.export(
                request.article_filter, request.output, request.options, progress, cancelled
            ),
            "Exporting",
            self._exported,
        )

    def _exported(self, report: Any) -> None:
        from gui.dialogs.export import show_export_report

        self.status(report.lines()[0], 8000)
        show_export_report(self.window, report)
