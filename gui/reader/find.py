"""Find in the article: every hit marked on both sides, F3 / Shift+F3 from one to the next
(the original's hits, then the translation's), the library's search words found at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

from gui.reader.paragraph_view import ParagraphView

HIT = QColor(255, 214, 0, 110)
CURRENT = QColor(255, 140, 0, 170)


def words(query: str) -> list[str]:
    """The words of a library search ("phrases" kept whole, prefix* as its stem)."""
    out: list[str] = []
    rest = query
    while '"' in rest:
        before, _, after = rest.partition('"')
        phrase, _, rest = after.partition('"')
        out += before.split()
        if phrase.strip():
            out.append(phrase.strip())
    out += rest.split()
    return [w.rstrip("*") for w in out if w.rstrip("*")]


class FindBar(QWidget):
    closed = Signal()

    def __init__(self, views: list[ParagraphView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.views = views
        self.hits: list[tuple[ParagraphView, QTextCursor]] = []
        self.current = -1
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in the article (both sides)…  F3 / Shift+F3")
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel(self)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        layout.addWidget(close)
        self.edit.textChanged.connect(lambda text: self.search([text] if text else []))
        self.edit.returnPressed.connect(lambda: self.step(+1))
        self.hide()

    def keyPressEvent(self, event: object) -> None:
        key = getattr(event, "key", lambda: None)()
        if key == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

    def open(self, text: str = "") -> None:
        self.show()
        if text:
            self.edit.setText(text)
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.search([])
        self.hide()
        self.closed.emit()

    def search(self, needles: list[str]) -> int:
        """Mark every hit of any of ``needles`` (case ignored); returns how many."""
        self.hits = []
        for view in self.views:
            found: list[QTextCursor] = []
            doc = view.document()
            for needle in needles:
                cursor = doc.find(needle, 0)
                while not cursor.isNull():
                    found.append(cursor)
                    cursor = doc.find(needle, cursor)
            found.sort(key=lambda c: c.selectionStart())
            self.hits += [(view, c) for c in found]
        self.current = -1
        self._paint()
        return len(self.hits)

    def step(self, direction: int) -> bool:
        if not self.hits:
            return False
        self.current = (self.current + direction) % len(self.hits)
        view, cursor = self.hits[self.current]
        view.setTextCursor(QTextCursor(cursor))
        view.ensureCursorVisible()
        self._paint()
        return True

    def _paint(self) -> None:
        for view in self.views:
            marks = []
            for n, (hit_view, cursor) in enumerate(self.hits):
                if hit_view is not view:
                    continue
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format.setBackground(CURRENT if n == self.current else HIT)
                marks.append(selection)
            view.set_marks("find", marks)
        if self.hits:
            where = f"{self.current + 1} of {len(self.hits)}" if self.current >= 0 else ""
            self.count.setText(where or f"{len(self.hits)} found")
        else:
            self.count.setText("no hit" if self.edit.text() else "")
