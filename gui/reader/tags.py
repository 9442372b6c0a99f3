"""Tagging in the reader: a selection plus a key makes a mention, stored at once.

Positions cross the Qt boundary in one place (``gui.reader.offsets``): a view's UTF-16 position
becomes (paragraph, line, code point) and then a code-point offset into the text layer.
Stored spans are painted by a block-indexed QSyntaxHighlighter; every change is a core
operation, committed when made and put on the undo stack (``gui.steps``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from core.layers import ORIGINAL_LAYER, join_layer
from core.library import Library, ReaderArticle, Schema, Tag
from gui.reader.legend import tag_colour
from gui.reader.offsets import from_utf16, to_utf16
from gui.reader.paragraph_view import ParagraphView

Span = tuple[int, int, str]  # UTF-16 column, length, format key (a type; "!" + type: trigger)
REVIEW = "~"  # the format key of tags that need review (their translation changed)


class SpanHighlighter(QSyntaxHighlighter):
    """Paints stored spans, looked up by block number (no per-span widgets or selections).
    Formats are shared per type, so a change compares plain tuples."""

    def __init__(self, document: QTextDocument, formats: dict[str, QTextCharFormat]) -> None:
        super().__init__(document)
        self.spans: dict[int, list[Span]] = {}
        self.formats = formats
        self._nested: dict[tuple[str, str], tuple[Any, Any, QTextCharFormat]] = {}

    def set_spans(self, spans: dict[int, list[Span]]) -> None:
        self.spans = spans
        self.rehighlight()

    def update_spans(self, spans: dict[int, list[Span]]) -> None:
        """Repaint only the blocks whose spans changed (one tag touches one block)."""
        if not self.spans:
            self.set_spans(spans)
            return
        changed = [b for b in set(self.spans) | set(spans) if self.spans.get(b) != spans.get(b)]
        self.spans = spans
        doc = self.document()
        for block in changed:
            self.rehighlightBlock(doc.findBlockByNumber(block))

    def highlightBlock(self, text: str) -> None:
        spans = self.spans.get(self.currentBlock().blockNumber(), ())
        if len(spans) > 1:
            spans = sorted(spans, key=lambda span: (span[0], -span[1]))
        for start, length, key in spans:
            fmt = self.formats.get(key)
            if fmt is not None:
                self.setFormat(start, length, fmt)
        if len(spans) < 2:
            return
        # Where spans overlap, both show: the inner one's look on top of the outer one's,
        # and the outer one's colour as an underline when both colour the background.
        active: list[tuple[int, str]] = []  # (end, key) of spans still open
        for start, length, key in spans:
            active = [(end, outer) for end, outer in active if end > start]
            for end, outer in active:
                both = self._both(outer, key)
                if both is not None:
                    self.setFormat(start, min(start + length, end) - start, both)
            active.append((start + length, key))

    def _both(self, outer: str, inner: str) -> QTextCharFormat | None:
        """The shared format of an overlap (rebuilt when the schema's formats change)."""
        first, second = self.formats.get(outer), self.formats.get(inner)
        if first is None or second is None:
            return None
        cached = self._nested.get((outer, inner))
        if cached is not None and cached[0] is first and cached[1] is second:
            return cached[2]
        both = QTextCharFormat(first)
        both.merge(second)
        if first.background().style() != Qt.BrushStyle.NoBrush and (
            second.background().style() != Qt.BrushStyle.NoBrush
        ):
            line = QColor(first.background().color())
            line.setAlpha(255)
            both.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            both.setUnderlineColor(line)
        self._nested[(outer, inner)] = (first, second, both)
        return both


class LayerMap:
    """Where each paragraph of one view sits in its text layer."""

    def __init__(self, layer: str, bases: list[int], texts: list[str]) -> None:
        self.layer, self.bases, self.texts = layer, bases, texts
        self.lines = [text.split("\n") for text in texts]

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

    def text(self, start: int, end: int) -> str:
        """The layer's text from ``start`` to ``end`` (within one paragraph)."""
        index = bisect_right(self.bases, start) - 1
        base = self.bases[index] if index >= 0 else 0
        return self.texts[index][start - base : end - base] if index >= 0 else ""

    def to_view(self, view: ParagraphView, offset: int) -> tuple[int, int] | None:
        """(block number, UTF-16 column) of a layer offset, or None."""
        index = bisect_right(self.bases, offset) - 1
        if index < 0 or offset > self.bases[index] + len(self.texts[index]):
            return None
        local = offset - self.bases[index]
        lines = self.lines[index]
        line = 0
        while line < len(lines) - 1 and local > len(lines[line]):
            local -= len(lines[line]) + 1
            line += 1
        return view.blocks[index][0] + line, to_utf16(lines[line], local)


class TagPainter:
    """Paints an article's tags in the reader's two views and maps selections and clicks
    to layer offsets. It changes nothing: the annotating controller runs the operations."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.article_id: int | None = None
        self.maps: dict[str, LayerMap] = {}
        self.views: dict[str, ParagraphView] = {}
        self.colors: dict[str, str] = {}
        self.formats: dict[str, QTextCharFormat] = {}
        self._positions: dict[tuple[str, int, int], tuple[int, int, int] | None] = {}

    def set_schema(self, schema: Schema) -> None:
        self.colors = {item.key: item.color for item in schema.types}
        self.formats.clear()
        for key, color in self.colors.items():
            mention = QTextCharFormat()
            background = tag_colour(color)
            background.setAlpha(70)
            mention.setBackground(background)
            self.formats[key] = mention
            trigger = QTextCharFormat()
            trigger.setForeground(tag_colour(color))
            trigger.setFontWeight(700)
            self.formats["!" + key] = trigger
        review = QTextCharFormat()  # a tag whose words left its translation: needs a look
        review.setBackground(QColor(136, 136, 136, 50))
        review.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        review.setUnderlineColor(QColor(220, 40, 40))
        review.setToolTip("The translation changed after tagging: this tag needs review")
        self.formats[REVIEW] = review
        unknown = QTextCharFormat()  # a type the schema no longer has
        unknown.setBackground(QColor(136, 136, 136, 70))
        unknown.setFontUnderline(True)
        self.formats["?"] = unknown

    def attach(
        self, article_id: int, data: ReaderArticle, left: ParagraphView, right: ParagraphView
    ) -> None:
        self.article_id = article_id
        self._positions = {}
        paragraphs = data.paragraphs
        self.maps, self.views = {}, {}
        # Rendered Markdown does not show the stored text: tags need the source view.
        plain = data.text_format != "md" or data.source_view
        if plain:
            self.maps[ORIGINAL_LAYER] = LayerMap(
                ORIGINAL_LAYER, [p.start for p in paragraphs], [p.text for p in paragraphs]
            )
            self.views[ORIGINAL_LAYER] = left
        target = data.target
        texts = [p.translation or "" for p in paragraphs]
        if target and any(texts) and plain:
            _text, bases = join_layer(texts)
            layer = f"translation:{target}"
            self.maps[layer] = LayerMap(layer, bases, texts)
            self.views[layer] = right
        self.refresh()

    def text(self, layer: str, start: int, end: int) -> str:
        mapping = self.maps.get(layer)
        return mapping.text(start, end) if mapping is not None else ""

    def layer_of(self, view: ParagraphView) -> str | None:
        return next((layer for layer, v in self.views.items() if v is view), None)

    def refresh(self) -> None:
        if self.article_id is None:
            return
        painted = self.library.annotations.painted(self.article_id)
        for layer, view in self.views.items():
            spans: dict[int, list[Span]] = defaultdict(list)
            mapping = self.maps[layer]
            for span in painted:
                if span.layer != layer:
                    continue
                if span.review:
                    key = REVIEW
                elif span.trigger:
                    key = "!" + span.label
                else:
                    key = span.label if span.label in self.colors else "?"
                self._place(spans, view, mapping, span.start, span.end, key)
            # One highlighter per document (the reader keeps recent documents alive).
            highlighter = view.document().findChild(SpanHighlighter)
            if highlighter is None:
                highlighter = SpanHighlighter(view.document(), self.formats)
            highlighter.update_spans(dict(spans))

    def show_added(self, layer: str, start: int, end: int, label: str) -> None:
        """Paint one new mention without re-reading the article's others (tagging fast)."""
        view, mapping = self.views.get(layer), self.maps.get(layer)
        if view is None or mapping is None:
            return
        highlighter = view.document().findChild(SpanHighlighter)
        if highlighter is None:
            self.refresh()
            return
        spans = {block: list(items) for block, items in highlighter.spans.items()}
        grown: dict[int, list[Span]] = defaultdict(list, spans)
        self._place(grown, view, mapping, start, end, label if label in self.colors else "?")
        highlighter.update_spans(dict(grown))

    def _place(
        self,
        spans: dict[int, list[Span]],
        view: ParagraphView,
        mapping: LayerMap,
        start: int,
        end: int,
        key: str,
    ) -> None:
        """Add a layer span to ``spans`` (positions cached: stored spans never move)."""
        cache_key = (mapping.layer, start, end)
        if cache_key not in self._positions:
            first, last = mapping.to_view(view, start), mapping.to_view(view, end)
            ok = first is not None and last is not None and first[0] == last[0]
            self._positions[cache_key] = (first[0], first[1], last[1] - first[1]) if ok else None  # type: ignore[index]
        placed = self._positions[cache_key]
        if placed is not None:
            spans[placed[0]].append((placed[1], placed[2], key))

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

    def mark(self, spans: list[tuple[str, int, int]]) -> None:
        """Outline these (layer, start, end) spans: the selected event's trigger and arguments."""
        outline = QTextCharFormat()
        outline.setFontUnderline(True)
        outline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        outline.setFontWeight(700)
        self._marks("event", [(layer, start, end, outline) for layer, start, end in spans])

    def mark_suggestions(self, spans: list[tuple[str, int, int, str]]) -> None:
        """Suggestions (layer, start, end, type): a dashed underline in the type's colour,
        never a tint, so they are not taken for tags."""
        formats: dict[str, QTextCharFormat] = {}
        for label in {label for *_span, label in spans}:
            dashed = QTextCharFormat()
            dashed.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            dashed.setUnderlineColor(tag_colour(self.colors.get(label, "#888888")))
            dashed.setToolTip(f"Suggested: {label} — Enter accepts, Backspace rejects")
            formats[label] = dashed
        self._marks("suggest", [(layer, s, e, formats[label]) for layer, s, e, label in spans])

    def _marks(self, kind: str, spans: list[tuple[str, int, int, QTextCharFormat]]) -> None:
        from PySide6.QtGui import QTextCursor
        from PySide6.QtWidgets import QTextEdit

        for layer, view in self.views.items():
            selections = []
            mapping = self.maps[layer]
            for span_layer, start, end, look in spans:
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
                selection.format = look
                selections.append(selection)
            view.set_marks(kind, selections)

    def caret(self, view: ParagraphView | None) -> tuple[str, int] | None:
        """(layer, code-point offset) of the caret in ``view``."""
        layer = self.layer_of(view) if view is not None else None
        if view is None or layer is None:
            return None
        found = self.maps[layer].to_layer(view, view.textCursor().position())
        return (layer, found[1]) if found is not None else None

    def block_of(self, layer: str, offset: int) -> int:
        """The reader block (paragraph) an offset of ``layer`` is shown in, or -1."""
        view = self.views.get(layer)
        found = (
            self.maps[layer].to_view(view, offset)
            if view is not None and layer in self.maps
            else None
        )
        return found[0] if found is not None else -1

    def mention_at(self, view: ParagraphView, position: int) -> Tag | None:
        """The innermost mention at a document position of ``view``, as a dict."""
        layer = self.layer_of(view)
        if layer is None or self.article_id is None:
            return None
        found = self.maps[layer].to_layer(view, position)
        if found is None:
            return None
        return self.library.annotations.mention_at(self.article_id, layer, found[1])
