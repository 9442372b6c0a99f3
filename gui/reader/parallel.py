"""The reader: the original on the left, its translation on the right, paragraph facing
paragraph. Pairs are kept level by padding the shorter paragraph; scrolling one side scrolls
the other by paragraph; hovering or clicking a paragraph highlights its counterpart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from gui.dialogs.plain import plain_label
from gui.reader.markdown_view import render
from gui.reader.paragraph_view import ParagraphView, Shown

if TYPE_CHECKING:
    from core.library import ReaderArticle


def original_side(data: ReaderArticle) -> list[Shown]:
    markdown = data.text_format == "md" and not data.source_view
    return [
        Shown(
            index=p.index,
            content=render(p.text) if markdown else p.text,
            language=p.language,
            boilerplate=p.boilerplate,
            html=markdown,
        )
        for p in data.paragraphs
    ]


def translation_side(data: ReaderArticle, errors: dict[int, str]) -> list[Shown]:
    from core.library import AS_IS

    markdown = data.text_format == "md" and not data.source_view
    shown = []
    for p in data.paragraphs:
        text = p.translation
        if p.index in errors and text is None:
            item = Shown(p.index, f"⚠ {errors[p.index]}", style="error")
        elif text is None:
            item = Shown(p.index, "", boilerplate=p.boilerplate, style="empty")
        elif p.index in errors:  # translating again failed: the previous text, marked
            item = Shown(p.index, text, language=f"⚠ {data.target}", style="stale")
        elif p.provider == AS_IS:  # already in the target language
            item = Shown(p.index, text, language=p.language, style="muted")
        else:
            item = Shown(
                p.index,
                render(text) if markdown else text,
                language=("✎ " if p.edited else "") + data.target,
                boilerplate=p.boilerplate,
                html=markdown,
            )
        shown.append(item)
    return shown


class ParallelReader(QWidget):
    paragraph_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left = ParagraphView(self)
        self.right = ParagraphView(self)
        self.left.setObjectName("original-view")
        self.right.setObjectName("translation-view")
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel(self)
        self.legend = QLabel(self)  # tag types, their colours and keys
        self.left_header = QLabel("Original", self)
        self.right_header = QLabel("Translation", self)
        for label in (self.title, self.meta, self.left_header, self.right_header):
            plain_label(label)  # titles, sources and URLs are user data, never markup
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        for header, view in ((self.left_header, self.left), (self.right_header, self.right)):
            column = QWidget(self.splitter)
            box = QVBoxLayout(column)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(header)
            box.addWidget(view, 1)
            self.splitter.addWidget(column)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.legend)
        layout.addWidget(self.splitter, 1)
        from gui.reader.find import FindBar

        self.find_bar = FindBar([self.left, self.right], self)
        layout.addWidget(self.find_bar)

        self.data: ReaderArticle | None = None
        self.hide_boilerplate = False
        self._syncing = False
        self._narrow = False  # the translation side is narrow: it has nothing to show
        self._even: list[int] = []  # the sides' sizes to go back to once it has
        self.left_header.setWordWrap(True)
        self.right_header.setWordWrap(True)
        self._level_timer = QTimer(self)
        self._level_timer.setSingleShot(True)
        self._level_timer.setInterval(30)
        self._level_timer.timeout.connect(self.level)
        for view, other in ((self.left, self.right), (self.right, self.left)):
            view.verticalScrollBar().valueChanged.connect(
                lambda _v, a=view, b=other: self._sync(a, b)
            )
            view.hovered.connect(self.highlight)
            view.clicked.connect(self._clicked)
            view.viewport().installEventFilter(self)
        self.splitter.splitterMoved.connect(lambda *_: self._level_timer.start())

    # -- content ---------------------------------------------------------------------------
    def add_view_action(self, action: QAction) -> None:
        """A key of the two views (their caret, their selection), not of the fields above
        them: Return in the labels field or the find bar is theirs, not "accept"."""
        for view in (self.left, self.right):
            view.addAction(action)

    def remove_view_action(self, action: QAction) -> None:
        for view in (self.left, self.right):
            view.removeAction(action)

    def add_bar(self, bar: QWidget) -> None:
        """A bar under the title (the article's status, labels and notes)."""
        self._layout.insertWidget(2, bar)

    def show_article(
        self, data: ReaderArticle | None, errors: dict[int, str] | None = None
    ) -> None:
        self.data = data
        if data is None:
            self.left_header.setText("Original")
            self.right_header.setText("Translation")
            self.title.setText("")
            self.meta.setText("")
            self.left.show_paragraphs([])
            self.right.show_paragraphs([])
            self._match_headers()
            return
        self.title.setText(data.title)
        rendered = data.text_format == "md" and not data.source_view
        self.left_header.setText(  # tags are drawn on the source only: say where they are
            "Original — formatted; its tags show in its source: View ▸ Markdown source (Ctrl+M)"
            if rendered
            else "Original"
        )
        bits = [data.source or "", data.published or "", ", ".join(data.languages)]
        self.meta.setText("  ·  ".join(b for b in bits if b))
        self.left.show_paragraphs(original_side(data))
        self.right.show_paragraphs(translation_side(data, errors or {}))
        target = data.target
        done = sum(1 for p in data.paragraphs if p.translation is not None)
        wanted = sum(1 for p in data.paragraphs if not p.boilerplate)
        if data.in_target_language:
            note = f"the article is already in {target}: nothing to translate"
        elif errors:  # before "not translated yet": every paragraph may have failed
            note = f"{len(errors)} paragraph(s) failed: Ctrl+T retries them"
        elif done == 0:
            note = "not translated yet: Translate ▸ Translate this article (Ctrl+T)"
        elif done < wanted:
            note = f"{done} of {wanted} paragraphs translated"
        else:
            note = "all paragraphs translated"
        self.right_header.setText(f"Translation ({target}) — {note}")
        self._fit_sides(empty=done == 0 and not errors)
        self._apply_hidden()
        self.level()

    def _fit_sides(self, empty: bool) -> None:
        """An article with nothing on the translation side gives the original the room (it
        was squeezed into half the reader beside an empty pane); the sides come back as
        they were once there is a translation to read."""
        if empty == self._narrow:
            return
        sizes = self.splitter.sizes()
        total = max(sum(sizes), 4)  # sizes are weights: a reader not laid out yet is fine
        if empty:
            self._even = sizes
            self.splitter.setStretchFactor(0, 3)  # and it keeps to 3:1 when resized
            self.splitter.setSizes([total * 3 // 4, total - total * 3 // 4])
        else:
            self.splitter.setStretchFactor(0, 1)
            self.splitter.setSizes(self._even or [total // 2, total - total // 2])
        self._narrow = empty

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._narrow:  # narrowed before the reader had its size: narrow it for real
            total = max(sum(self.splitter.sizes()), 4)
            self.splitter.setSizes([total * 3 // 4, total - total * 3 // 4])

    def sides(self) -> list[int]:
        """The sides' sizes to remember: the reading split, not the narrowed one."""
        return list(self._even) if self._narrow and self._even else self.splitter.sizes()

    def set_sides(self, sizes: list[int]) -> None:
        if self._narrow:
            self._even = list(sizes)
        else:
            self.splitter.setSizes(sizes)

    def set_hide_boilerplate(self, hide: bool) -> None:
        self.hide_boilerplate = hide
        self._apply_hidden()
        self.level()

    def _apply_hidden(self) -> None:
        hidden = set()
        if self.data is not None and self.hide_boilerplate:
            hidden = {p.index for p in self.data.paragraphs if p.boilerplate}
        self.left.set_visible_paragraphs(hidden)
        self.right.set_visible_paragraphs(hidden)

    def set_font_size(self, points: float) -> None:
        for view in (self.left, self.right):
            view.forget_documents()
            font = QFont(view.font())
            font.setPointSizeF(points)
            view.setFont(font)
            view.document().setDefaultFont(font)
        self.level()

    # -- pairing ---------------------------------------------------------------------------
    def level(self) -> None:
        """Pad after the shorter paragraph of each pair so pair *i* starts at the same height
        on both sides (the padding goes into the space before the next shown paragraph)."""
        from gui.reader.paragraph_view import PARAGRAPH_GAP

        self._match_headers()
        count = min(len(self.left.blocks), len(self.right.blocks))
        shown = [i for i in range(count) if self.left.is_visible(i)]
        left: dict[int, int] = {}
        right: dict[int, int] = {}
        pad_left = pad_right = 0
        for position, index in enumerate(shown):
            gap = PARAGRAPH_GAP if position else 0
            left[index] = gap + pad_left
            right[index] = gap + pad_right
            a = self.left.natural_height(index)
            b = self.right.natural_height(index)
            pad_left, pad_right = max(0, round(b - a)), max(0, round(a - b))
        self.left.apply_spacing(left, pad_left)
        self.right.apply_spacing(right, pad_right)
        self._sync(self.left, self.right)

    def _match_headers(self) -> None:
        """Both column headers as tall as the taller, so the two texts start at one height
        (a note wrapping in a narrow column put one a line below the other)."""
        headers = (self.left_header, self.right_header)
        for header in headers:
            header.setMinimumHeight(0)
        # a wrapping label's height at its width (-1 only if it stopped wrapping)
        heights = [header.heightForWidth(header.width()) for header in headers]
        tallest = max(
            h if h > 0 else header.sizeHint().height()
            for h, header in zip(heights, headers, strict=True)
        )
        for header in headers:
            header.setMinimumHeight(tallest)

    def eventFilter(self, watched: object, event: object) -> bool:
        if isinstance(event, QResizeEvent) and event.size().width() != event.oldSize().width():
            self._level_timer.start()
        return False

    def _sync(self, source: ParagraphView, target: ParagraphView) -> None:
        if self._syncing or not source.blocks or not target.blocks:
            return
        self._syncing = True
        try:
            if source.verticalScrollBar().value() == 0:  # at the top: both show the title
                target.verticalScrollBar().setValue(0)
                return
            index, offset = source.top_paragraph()
            target.scroll_to_paragraph(index, offset)
        finally:
            self._syncing = False

    def highlight(self, index: int) -> None:
        self.left.highlight(index)
        self.right.highlight(index)

    def _clicked(self, index: int) -> None:
        self.highlight(index)
        if index >= 0:
            self.paragraph_clicked.emit(index)
