"""Light and dark themes that show on every platform. Qt's colour-scheme hint is only a
request to the platform theme, which plain X11 does not have: there it changed nothing. The
app sets Qt's Fusion style with a palette of its own instead, and goes back to the
platform's look for "Follow the system"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

_platform: tuple[str, QPalette] | None = None  # the look before any theme was applied


def _dark() -> QPalette:
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for name, colour in (
        (role.Window, "#2b2b2b"), (role.WindowText, "#e6e6e6"), (role.Base, "#1f1f1f"),
        (role.AlternateBase, "#2a2a2a"), (role.ToolTipBase, "#3a3a3a"),
        (role.ToolTipText, "#f0f0f0"), (role.PlaceholderText, "#8a8a8a"),
        (role.Text, "#e6e6e6"), (role.Button, "#333333"), (role.ButtonText, "#e6e6e6"),
        (role.BrightText, "#ff6b6b"), (role.Link, "#6cb4ff"), (role.Highlight, "#2f65ca"),
        (role.HighlightedText, "#ffffff"), (role.Mid, "#444444"), (role.Dark, "#1a1a1a"),
        (role.Light, "#4a4a4a"), (role.Shadow, "#000000"),
    ):  # fmt: skip
        palette.setColor(name, QColor(colour))
    for name in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(group.Disabled, name, QColor("#7a7a7a"))
    return palette


# Fusion outlines the tick boxes of lists in a shade of the window colour: on a dark base
# an unticked box vanishes. Drawn here instead (lists of types, roles, languages).
DARK_INDICATORS = """
QAbstractItemView::indicator { width: 12px; height: 12px; border: 1px solid #9a9a9a;
    border-radius: 2px; background: #1f1f1f; }
QAbstractItemView::indicator:checked { background: #2f65ca; border-color: #8cc4ff; }
"""


def apply(key: str) -> None:
    """``dark``, ``light`` or ``system``."""
    global _platform
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if _platform is None:
        _platform = (app.style().name(), QPalette(app.palette()))
    hints = QGuiApplication.styleHints()
    scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(
        key, Qt.ColorScheme.Unknown
    )
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(scheme)  # where the platform theme listens, it follows too
    if key == "dark":
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(_dark())
    elif key == "light":
        style = QStyleFactory.create("Fusion")
        app.setStyle(style)
        app.setPalette(style.standardPalette())
    else:
        app.setStyle(QStyleFactory.create(_platform[0]) or QStyleFactory.create("Fusion"))
        app.setPalette(_platform[1])
    app.setStyleSheet(DARK_INDICATORS if key == "dark" else "")
