"""A first run that says what to do: an empty library shows how to bring articles in
instead of an empty reader, and Help ▸ Keys lists every key."""

from __future__ import annotations

from PySide6.QtWidgets import QMenuBar, QStackedWidget

from gui.controllers.base import Controller
from gui.controllers.exchange import ExchangeController
from gui.panels.welcome import Welcome


class OnboardingController(Controller):
    def build(self, menus: QMenuBar, stack: QStackedWidget, exchange: ExchangeController) -> None:
        self.stack = stack
        self.welcome = Welcome(stack)
        stack.addWidget(self.welcome)
        self.welcome.import_files.connect(exchange.import_files)
        self.welcome.import_folder.connect(exchange.import_folder)
        self.welcome.paste.connect(exchange.paste_article)
        self.welcome.demo.connect(self.load_demo)
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self.action("Keys…", self.show_keys, "F1"))
        self.window.pane.counted.connect(lambda _n: self.update())

    def update(self) -> None:
        """The welcome page while the library holds no article at all (a filter that
        matches nothing still shows the reader)."""
        empty = self.library.articles.count() == 0
        self.stack.setCurrentIndex(1 if empty else 0)

    def load_demo(self) -> None:
        from core.demo import load_demo

        report = load_demo(self.library)
        self.state.articles_changed.emit()
        if report.imported:
            self.window.pane.select_article(report.imported[0]["id"])
        self.status(f"{len(report.imported)} demo article(s) imported", 5000)

    def show_keys(self) -> None:
        from gui.dialogs.keys import KeysDialog

        self.keys = KeysDialog(self.window)
        self.keys.open()
