"""What every controller has: the window (for dialogs and the status bar) and the state."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from core.library import Library
from gui.settings import Settings
from gui.state import State

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class Controller(QObject):
    def __init__(self, window: MainWindow, state: State) -> None:
        super().__init__(window)
        self.window = window
        self.state = state

    @property
    def library(self) -> Library:
        return self.state.library

    @property
    def settings(self) -> Settings:
        return self.state.settings

    def status(self, text: str, ms: int = 5000) -> None:
        self.window.statusBar().showMessage(text, ms)

    def action(
        self,
        text: str,
        slot: Callable[..., Any],
        shortcut: Any = None,
        checkable: bool = False,
        parent: QObject | None = None,
    ) -> QAction:
        act = QAction(text, parent or self.window)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.setCheckable(checkable)
        (act.toggled if checkable else act.triggered).connect(slot)
        return act

    @staticmethod
    def menu_of(menus: QMenuBar, title: str) -> QMenu:
        """A menu another controller made ("&View")."""
        found = next(a.menu() for a in menus.actions() if a.text() == title)
        assert isinstance(found, QMenu)
        return found
