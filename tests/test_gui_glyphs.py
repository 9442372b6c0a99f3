"""Every character the GUI's own strings use is drawn by a font the project installs
(`.ci/run` installs DejaVu): a symbol no font holds shows as an empty box."""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

GUI = Path(__file__).resolve().parent.parent / "gui"


def _characters() -> dict[str, set[str]]:
    """Each non-ASCII character of the GUI's string literals, and the files using it."""
    found: dict[str, set[str]] = {}
    for path in GUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for char in node.value:
                    if ord(char) > 127:
                        found.setdefault(char, set()).add(path.relative_to(GUI).as_posix())
    return found


def test_every_symbol_the_gui_shows_has_a_glyph(qapp: QApplication) -> None:
    """As found under Xvfb: the link dialog's "＋ New entity" (a full-width plus) showed as
    an empty box: no installed font has that character."""
    characters = _characters()
    assert "«" in characters  # the scan reads the GUI's strings
    metrics = [QFontMetrics(QFont(family)) for family in QFontDatabase.families()]
    missing = {
        f"U+{ord(char):04X} {unicodedata.name(char, '?')}": sorted(files)
        for char, files in characters.items()
        if not any(m.inFontUcs4(ord(char)) for m in metrics)
    }
    assert missing == {}
