"""One side of the reader: a read-only text view whose blocks know their paragraph.

Every block carries its paragraph index as its user state, so positions map to paragraphs
in O(1). The paragraph's language is painted in the left margin; boilerplate is muted.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QTextBrowser, QTextEdit

DOCUMENT_CACHE = 6  # recently shown articles whose documents are kept
TAG_MARGIN = 34  # pixels left of every paragraph, where its language is shown
PARAGRAPH_GAP = 10  # pixels between paragraphs


@dataclass
class Shown:
    """One paragraph as displayed: plain text, sanitised HTML, or a message."""

    index: int
    content: str
    language: str = ""
    boilerplate: bool = False
    html: bool = False
    style: str = (
        "text"  # text | muted | error | stale (an old text kept: its update failed) | empty
    )


HEADING_SCALE = {"1": 1.3, "2": 1.2, "3": 1.1}  # h4 and below: the text's own size
_HEADING = re.compile(r"<(/?)h([1-6])>")


def modest_headings(html: str, points: float) -> str:
    """Markdown headings a little larger than the text, not Qt's xx-large (a column-wide
    H1 wrapped over six lines): they are the article's own titles, read beside their
    translation. ``html`` is sanitised (tags carry no attributes), so a pattern will do."""

    def tag(match: re.Match[str]) -> str:
        if match.group(1):
            return "</p>"
        size = points * HEADING_SCALE.get(match.group(2), 1.0)
        return f'<p style="font-size: {size:.1f}pt; font-weight: 600;">'

    return _HEADING.sub(tag, html)


class ParagraphView(QTextBrowser):
    hovered = Signal(int)  # paragraph index under the mouse, -1 for none
    clicked = Signal(int)
    # A plain click (left button, no key held, no drag, no double-click after it): the
    # document position clicked, once the double-click interval has passed.
    single_clicked = Signal(int)

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setReadOnly(True)
        # Words are selected with the keyboard too (Shift+arrows, Ctrl+Shift+arrows), to tag
        # without the mouse; links are never followed.
        flags = Qt.TextInteractionFlag
        self.setTextInteractionFlags(flags.TextSelectableByMouse | flags.TextSelectableByKeyboard)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setMouseTracking(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(8)
        self._cache: OrderedDict[int, tuple[QTextDocument, Any, Any, Any, Any]] = OrderedDict()
        self._key: int | None = None
        self.hidden: set[int] = set()
        self.blocks: list[tuple[int, int]] = []  # paragraph -> (first block, last block)
        self.shown: list[Shown] = []
        self.space_before: list[int] = []
        self.space_after = 0
        self._hover = -1
        self._highlighted = -1  # the paragraph tinted under the mouse (and its counterpart)
        self._marks: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._pressed: QPoint | None = None
        self._clicked_at = -1
        self._click = QTimer(self)
        self._click.setSingleShot(True)
        self._click.timeout.connect(lambda: self.single_clicked.emit(self._clicked_at))

    # -- content ---------------------------------------------------------------------------
    def loadResource(self, kind: int, name: QUrl | str) -> object:
        return None  # never load images, style sheets or anything else, local or remote

    def show_paragraphs(self, shown: list[Shown]) -> None:
        """Show these paragraphs. Recently shown articles keep their laid-out documents, so
        switching back and forth between articles does not rebuild them."""
        key = hash(
            tuple((s.index, s.content, s.language, s.boilerplate, s.html, s.style) for s in shown)
        )
        self._stash()
        self._drop_marks()  # they index the document being replaced
        cached = self._cache.pop(key, None)
        if cached is not None:
            doc, self.blocks, self.space_before, self.space_after, self.hidden = cached
            self.shown = shown
            self._key = key
            self.setDocument(doc)
            self.verticalScrollBar().setValue(0)
            return
        doc = QTextDocument(self)
        doc.setDefaultFont(self.font())
        doc.setDocumentMargin(8)
        doc.setUndoRedoEnabled(False)
        self.setDocument(doc)
        self._key = key
        self.shown = shown
        self.blocks = []
        self.space_before = [PARAGRAPH_GAP] * len(shown)
        self.space_after = 0
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()  # one layout pass at the end, not one per paragraph
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for n, item in enumerate(shown):
            if n:
                cursor.insertBlock()
            first = cursor.block().blockNumber()
            block_format = QTextBlockFormat()
            block_format.setLeftMargin(TAG_MARGIN)
            block_format.setTopMargin(PARAGRAPH_GAP if n else 0)
            cursor.setBlockFormat(block_format)
            char = QTextCharFormat()
            if item.style == "muted" or item.boilerplate:
                char.setForeground(muted)
            if item.style == "muted":
                char.setFontItalic(True)
            if item.style in ("error", "stale"):
                char.setForeground(QColor("#c0392b"))
            if item.html:
                cursor.insertHtml(modest_headings(item.content, self.font().pointSizeF()))
            else:
                cursor.insertText(item.content, char)
            last = cursor.block().blockNumber()
            for number in range(first, last + 1):
                block = doc.findBlockByNumber(number)
                block.setUserState(item.index)
                if number > first or item.html:
                    fmt = block.blockFormat()
                    fmt.setLeftMargin(TAG_MARGIN)
                    fmt.setTopMargin(PARAGRAPH_GAP if number == first and n else 0)
                    fmt.setBottomMargin(0)
                    QTextCursor(block).setBlockFormat(fmt)
            self.blocks.append((first, last))
        cursor.endEditBlock()
        self.hidden = set()
        self.verticalScrollBar().setValue(0)

    def _stash(self) -> None:
        """Keep the current document for a later return to the same article."""
        if self._key is None:
            return
        self._cache[self._key] = (
            self.document(),
            self.blocks,
            self.space_before,
            self.space_after,
            self.hidden,
        )
        self._key = None
        while len(self._cache) > DOCUMENT_CACHE:
            _key, (old, *_rest) = self._cache.popitem(last=False)
            old.deleteLater()

    def forget_documents(self) -> None:
        """Drop cached documents (after a change of font or colours)."""
        for doc, *_rest in self._cache.values():
            doc.deleteLater()
        self._cache.clear()
        self._key = None  # the document on show is rebuilt too, not stashed and reused

    # -- geometry --------------------------------------------------------------------------
    def _block(self, number: int) -> QTextBlock:
        return self.document().findBlockByNumber(number)

    def paragraph_rect(self, index: int) -> QRectF:
        first, last = self.blocks[index]
        layout = self.document().documentLayout()
        top = layout.blockBoundingRect(self._block(first))
        bottom = layout.blockBoundingRect(self._block(last))
        return QRectF(top.left(), top.top(), top.width(), bottom.bottom() - top.top())

    def is_visible(self, index: int) -> bool:
        return self._block(self.blocks[index][0]).isVisible()

    def natural_height(self, index: int) -> float:
        """Height of the paragraph's text: block rects leave out the margins, which is where
        the spacing that levels it with its counterpart goes."""
        if not self.is_visible(index):
            return 0.0
        return self.paragraph_rect(index).height()

    def apply_spacing(self, before: dict[int, int], after_last: int) -> None:
        """Set the space above paragraphs (the gap, plus padding for the paragraph before)
        and below the last one, in one edit (one layout pass).

        Top margins, not bottom ones: Qt takes the spacing after a block from the next *laid
        out* block, so hidden paragraphs in between do not swallow it."""
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for index, pixels in before.items():
            if self.space_before[index] == pixels:
                continue
            self.space_before[index] = pixels
            block = self._block(self.blocks[index][0])
            fmt = block.blockFormat()
            fmt.setTopMargin(pixels)
            cursor.setPosition(block.position())
            cursor.setBlockFormat(fmt)
        if self.blocks and self.space_after != after_last:
            self.space_after = after_last
            block = self._block(self.blocks[-1][1])
            fmt = block.blockFormat()
            fmt.setBottomMargin(after_last)
            cursor.setPosition(block.position())
            cursor.setBlockFormat(fmt)
        cursor.endEditBlock()

    def paragraph_at(self, point: QPoint) -> int:
        block = self.cursorForPosition(point).block()
        return block.userState() if block.isValid() else -1

    def top_paragraph(self) -> tuple[int, float]:
        """The first paragraph visible at the top, and how far into it the view is."""
        y = self.verticalScrollBar().value()
        index = self.paragraph_at(QPoint(TAG_MARGIN + 4, 2))
        if index < 0 or index >= len(self.blocks):
            return 0, 0.0
        return index, y - self.paragraph_rect(index).top()

    def scroll_to_paragraph(self, index: int, offset: float = 0.0) -> None:
        if 0 <= index < len(self.blocks):
            self.verticalScrollBar().setValue(round(self.paragraph_rect(index).top() + offset))

    def set_visible_paragraphs(self, hidden: set[int]) -> None:
        if hidden == self.hidden:
            return
        self.hidden = set(hidden)
        for index, (first, last) in enumerate(self.blocks):
            for number in range(first, last + 1):
                self._block(number).setVisible(index not in hidden)
        doc = self.document()
        doc.markContentsDirty(0, doc.characterCount())

    # -- highlight -------------------------------------------------------------------------
    def _drop_marks(self) -> None:
        """Marks are positions in one document: whoever drew them draws them again on the
        next (a rendered Markdown article, which shows no tags, has none)."""
        if self._marks:
            self._marks = {}
            self.setExtraSelections([])

    def set_marks(self, kind: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Marks of one kind (an event's words, find hits), kept beside the other kinds."""
        self._marks[kind] = selections
        self.setExtraSelections([s for marks in self._marks.values() for s in marks])

    @property
    def tinted(self) -> int:
        """The paragraph tinted as the counterpart of the one under the mouse (-1: none)."""
        return self._highlighted

    def highlight(self, index: int) -> None:
        """Tint the whole of paragraph ``index`` (every line; -1: none), under the text."""
        if index != self._highlighted:
            self._highlighted = index
            self.viewport().update()

    # -- events ----------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        index = self.paragraph_at(event.position().toPoint())
        if index != self._hover:
            self._hover = index
            self.hovered.emit(index)

    def leaveEvent(self, event: object) -> None:
        super().leaveEvent(event)  # type: ignore[arg-type]
        self._hover = -1
        self.hovered.emit(-1)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        self._pressed = event.position().toPoint()
        self.clicked.emit(self.paragraph_at(event.position().toPoint()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        at, pressed = event.position().toPoint(), self._pressed
        self._pressed = None
        if (
            event.button() == Qt.MouseButton.LeftButton
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and pressed is not None
            and (at - pressed).manhattanLength() < QApplication.startDragDistance()
            and not self.textCursor().hasSelection()
        ):
            self._clicked_at = self.cursorForPosition(at).position()
            self._click.start(QApplication.doubleClickInterval())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self._click.stop()  # a double-click selects a word: never a click as well
        super().mouseDoubleClickEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        index = self._highlighted
        if 0 <= index < len(self.blocks) and self.is_visible(index):
            rect = self.paragraph_rect(index).translated(0, -self.verticalScrollBar().value())
            color = self.palette().color(QPalette.ColorRole.Highlight)
            color.setAlpha(40)
            tint = QPainter(self.viewport())
            tint.fillRect(QRectF(0, rect.top(), self.viewport().width(), rect.height()), color)
            tint.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.7))
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        offset = self.verticalScrollBar().value()
        height = self.viewport().height()
        for item, (first, _last) in zip(self.shown, self.blocks, strict=True):
            block = self._block(first)
            if not item.language or not block.isVisible():
                continue
            rect = self.document().documentLayout().blockBoundingRect(block)
            top = rect.top() - offset
            if top > height:
                break
            if top + rect.height() < 0:
                continue
            painter.drawText(
                QRectF(4, top + 8, TAG_MARGIN - 6, 16),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                item.language,
            )
        painter.end()
