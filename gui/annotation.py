"""Tagging in the reader: a selection plus a key makes a mention, stored at once.

Positions cross the Qt boundary in one place (``gui.offsets``): a view's UTF-16 position
becomes (paragraph, line, code point) and then a code-point offset into the text layer.
Stored spans are painted by a block-indexed QSyntaxHighlighter; every change is a core
operation wrapped in a QUndoCommand, committed when made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument, QUndoCommand
from sqlalchemy import select

from core.annotation.ops import AddMention, Operation, RemoveMention
from core.db import Library
from core.models import ORIGINAL_LAYER, Mention
from gui.offsets import from_utf16, to_utf16
from gui.paragraph_view import ParagraphView


class SpanHighlighter(QSyntaxHighlighter):
    """Paints stored spans, looked up by block number (no per-span widgets or selections)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.spans: dict[int, list[tuple[int, int, QTextCharFormat]]] = {}

    def set_spans(self, spans: dict[int, list[tuple[int, int, QTextCharFormat]]]) -> None:
        self.spans = spans
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        for start, length, fmt in self.spans.get(self.currentBlock().blockNumber(), ()):
            self.setFormat(start, length, fmt)


class OpCommand(QUndoCommand):
    """A core operation on Qt's undo stack. The first redo is the one already done."""

    def __init__(self, op: Operation, library: Library, after: Callable[[], None]) -> None:
        super().__init__(op.label)
        self.op, self.library, self.after = op, library, after
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
        else:
            self.op.do(self.library)
        self.after()

    def undo(self) -> None:
        self.op.undo(self.library)
        self.after()


class LayerMap:
    """Where each paragraph of one view sits in its text layer."""

    def __init__(self, layer: str, bases: list[int], texts: list[str]) -> None:
        self.layer, self.bases, self.texts = layer, bases, texts

    def to_layer(self, view: ParagraphView, position: int) -> tuple[int, int] | None:
        """(paragraph, layer offset) of a document position, or None off the text."""
        block = view.document().findBlock(position)
        index = block.userState()
        if not 0 <= index < len(self.texts):
            return None
        first, _last = view.blocks[index]
        lines = self.texts[index].split("\n")
        line = block.blockNumber() - first
        if line >= len(lines):
            return None
        before = sum(len(text) + 1 for text in lines[:line])
        inside = from_utf16(lines[line], position - block.position())
        return index, self.bases[index] + before + inside

    def to_view(self, view: ParagraphView, offset: int) -> tuple[int, int] | None:
        """(block number, UTF-16 column) of a layer offset, or None."""
        for index, base in enumerate(self.bases):
            text = self.texts[index]
            if base <= offset <= base + len(text):
                local = offset - base
                lines = text.split("\n")
                line = 0
                while line < len(lines) - 1 and local > len(lines[line]):
                    local -= len(lines[line]) + 1
                    line += 1
                return view.blocks[index][0] + line, to_utf16(lines[line], local)
        return None


class Annotator:
    def __init__(self, library: Library, undo_push: Callable[[QUndoCommand], None]) -> None:
        self.library = library
        self.push = undo_push
        self.article_id: int | None = None
        self.maps: dict[str, LayerMap] = {}
        self.views: dict[str, ParagraphView] = {}
        self.colors: dict[str, str] = {}
        self.name = ""
        self.after_change: Callable[[], None] = self.refresh  # run after each do/undo/redo

    def set_schema(self, body: dict[str, Any]) -> None:
        self.colors = {
            item["key"]: item.get("color", "#888888")
            for section in ("entity_types", "event_types")
            for item in body.get(section, [])
        }

    def attach(
        self, article_id: int, data: dict[str, Any], left: ParagraphView, right: ParagraphView
    ) -> None:
        self.article_id = article_id
        paragraphs = data["paragraphs"]
        self.maps, self.views = {}, {}
        if data.get("text_format") != "md":  # rendered Markdown does not show the source text
            self.maps[ORIGINAL_LAYER] = LayerMap(
                ORIGINAL_LAYER, [p["start"] for p in paragraphs], [p["text"] for p in paragraphs]
            )
            self.views[ORIGINAL_LAYER] = left
        target = data.get("target", "")
        texts = [p["translation"] or "" for p in paragraphs]
        if target and any(texts) and data.get("text_format") != "md":
            bases, pos = [], 0
            for text in texts:
                bases.append(pos)
                pos += len(text) + 2
            layer = f"translation:{target}"
            self.maps[layer] = LayerMap(layer, bases, texts)
            self.views[layer] = right
        self.refresh()

    def layer_of(self, view: ParagraphView) -> str | None:
        return next((layer for layer, v in self.views.items() if v is view), None)

    def refresh(self) -> None:
        if self.article_id is None:
            return
        with self.library.session() as session:
            mentions = list(
                session.scalars(
                    select(Mention)
                    .where(Mention.article_id == self.article_id)
                    .order_by(Mention.start, Mention.end.desc())
                )
            )
        for layer, view in self.views.items():
            spans: dict[int, list[tuple[int, int, QTextCharFormat]]] = defaultdict(list)
            mapping = self.maps[layer]
            for mention in mentions:
                if mention.layer != layer:
                    continue
                start = mapping.to_view(view, mention.start)
                end = mapping.to_view(view, mention.end)
                if start is None or end is None or start[0] != end[0]:
                    continue
                fmt = QTextCharFormat()
                color = QColor(self.colors.get(mention.label, "#888888"))
                color.setAlpha(70)
                fmt.setBackground(color)
                fmt.setToolTip(f"{mention.label} #{mention.id}")
                spans[start[0]].append((start[1], end[1] - start[1], fmt))
            # One highlighter per document (the reader keeps recent documents alive).
            highlighter = view.document().findChild(SpanHighlighter)
            if highlighter is None:
                highlighter = SpanHighlighter(view.document())
            highlighter.set_spans(dict(spans))

    def selection(self, view: ParagraphView) -> tuple[str, int, int] | None:
        """(layer, start, end) of the view's selection, when it lies in one paragraph."""
        layer = self.layer_of(view)
        cursor = view.textCursor()
        if layer is None or not cursor.hasSelection():
            return None
        mapping = self.maps[layer]
        start = mapping.to_layer(view, cursor.selectionStart())
        end = mapping.to_layer(view, cursor.selectionEnd())
        if start is None or end is None or start[0] != end[0]:
            return None
        return layer, start[1], end[1]

    def tag(self, view: ParagraphView, label: str) -> int:
        """Tag the selection of ``view``; returns the new mention id."""
        chosen = self.selection(view)
        if chosen is None or self.article_id is None:
            raise ValueError("select some words of one paragraph first")
        layer, start, end = chosen
        op = AddMention(self.article_id, start, end, label, layer, self.name or None)
        op.do(self.library)
        self.push(OpCommand(op, self.library, self.after_change))
        return int(op.mention_id or 0)

    def mark(self, spans: list[tuple[str, int, int]]) -> None:
        """Outline these (layer, start, end) spans: the selected event's trigger and arguments."""
        from PySide6.QtGui import QTextCursor
        from PySide6.QtWidgets import QTextEdit

        for layer, view in self.views.items():
            selections = []
            mapping = self.maps[layer]
            for span_layer, start, end in spans:
                if span_layer != layer:
                    continue
                first, last = mapping.to_view(view, start), mapping.to_view(view, end)
                if first is None or last is None:
                    continue
                doc = view.document()
                cursor = QTextCursor(doc)
                cursor.setPosition(doc.findBlockByNumber(first[0]).position() + first[1])
                cursor.setPosition(
                    doc.findBlockByNumber(last[0]).position() + last[1],
                    QTextCursor.MoveMode.KeepAnchor,
                )
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format.setFontUnderline(True)
                selection.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                selection.format.setFontWeight(700)
                selections.append(selection)
            view.setExtraSelections(selections)

    def mention_at(self, view: ParagraphView, position: int) -> dict[str, Any] | None:
        """The innermost mention at a document position of ``view``, as a dict."""
        layer = self.layer_of(view)
        if layer is None or self.article_id is None:
            return None
        found = self.maps[layer].to_layer(view, position)
        if found is None:
            return None
        offset = found[1]
        with self.library.session() as session:
            mention = session.scalars(
                select(Mention)
                .where(
                    Mention.article_id == self.article_id,
                    Mention.layer == layer,
                    Mention.start <= offset,
                    Mention.end >= offset,
                )
                .order_by((Mention.end - Mention.start).asc())
            ).first()
            if mention is None:
                return None
            return {"id": mention.id, "label": mention.label, "text": mention.text}

    def remove_at_cursor(self, view: ParagraphView) -> bool:
        layer = self.layer_of(view)
        if layer is None or self.article_id is None:
            return False
        found = self.maps[layer].to_layer(view, view.textCursor().position())
        if found is None:
            return False
        offset = found[1]
        with self.library.session() as session:
            mention_id = session.scalar(
                select(Mention.id)
                .where(
                    Mention.article_id == self.article_id,
                    Mention.layer == layer,
                    Mention.start <= offset,
                    Mention.end >= offset,
                )
                .order_by((Mention.end - Mention.start).asc())
            )
        if mention_id is None:
            return False
        op = RemoveMention(mention_id)
        op.do(self.library)
        self.push(OpCommand(op, self.library, self.after_change))
        return True
