"""User data shown as text, never as markup.

Qt guesses whether a label's or a tooltip's text is rich text; an imported title such as
``<img src="/local/file.png">`` would then load a local file, and a ``file:`` link would
render. Labels that show user data are set to plain text; tooltips (which have no such
switch) get their text escaped inside an explicit rich-text wrapper.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox


def plain_label(label: QLabel | QMessageBox) -> None:
    label.setTextFormat(Qt.TextFormat.PlainText)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly (an empty text: no tooltip)."""
    if not text:
        return ""
    return "<qt>" + escape(text).replace("\n", "<br>") + "</qt>"
