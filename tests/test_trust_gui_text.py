"""Issue 9.8: user data is shown as text, never as markup; hostile Markdown cannot freeze the
GUI thread."""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import Qt

from core.ingest.run import import_text
from core.library import Library
from gui.dialogs.plain import plain_tooltip
from gui.reader.markdown_view import render
from gui.reader.parallel import ParallelReader

TITLE = '<img src="/local/file.png"> <a href="file:///etc/passwd">secret</a>'


def test_titles_and_meta_are_plain_text(qtbot, library: Library) -> None:
    report = import_text(library, "Kyiv a été frappée cette nuit.\n\nSuite du texte.", title=TITLE)
    data = replace(
        library.articles.reader(report.imported[0]["id"], "en"),
        source='<a href="file:///home">source</a>',
    )
    reader = ParallelReader()
    qtbot.addWidget(reader)
    reader.resize(900, 600)
    reader.show()
    reader.show_article(data)
    for label in (reader.title, reader.meta):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert reader.title.text() == TITLE
    # Shown as the literal characters: wider than the text without its markup would be.
    metrics = reader.title.fontMetrics()
    assert reader.title.sizeHint().width() >= metrics.horizontalAdvance('<img src="/local')
    assert "file:///home" in reader.meta.text()


def test_tooltips_escape_user_text() -> None:
    tip = plain_tooltip('<img src="/x.png">\nsecond line')
    assert "<img" not in tip and "&lt;img" in tip and "<br>" in tip
    assert plain_tooltip("") == ""


def test_hostile_markdown_renders_in_bounded_time() -> None:
    """As found: 20,000 nested "[" froze the GUI thread for 42 s."""
    hostile = ["[" * 20000 + "x", "![" * 5000, "[](" * 5000, "- " * 3000 + "x",
               "> " * 3000 + "x", "&amp;" * 20000]  # fmt: skip
    for text in hostile:
        began = time.perf_counter()
        html = render(text)
        assert time.perf_counter() - began < 0.5, text[:10]
        assert html.startswith("<p>")
    assert "<strong>b</strong>" in render("[a](https://x.org) and **b**")
