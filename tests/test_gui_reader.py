"""The reader and the main window's flows, with pytest-qt (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QDropEvent, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from core.ingest.run import import_text
from core.library import Library
from core.translation.providers import ProviderConfig
from core.translation.service import TranslateOptions, translate_articles
from gui.main_window import MainWindow
from gui.reader.markdown_view import render
from gui.reader.parallel import ParallelReader
from support.libre_server import libre_server

PARAGRAPHS = [
    "Titre court",
    "La défense aérienne ukrainienne a abattu 76 drones pendant la nuit au-dessus de dix-sept "
    "régions, selon un communiqué publié mardi matin sur Telegram par l'armée de l'air. " * 3,
    "LIRE AUSSI : un autre article sans rapport",
    "Cinq autres drones se sont dirigés vers le territoire biélorusse.",
] + [
    f"Paragraphe supplémentaire numéro {n} sur les frappes de la nuit dernière." for n in range(30)
]


@pytest.fixture
def server():
    with libre_server() as state:
        yield state


@pytest.fixture
def article_id(library: Library) -> int:
    return int(import_text(library, "\n\n".join(PARAGRAPHS)).imported[0]["id"])


def translated_data(library: Library, article_id: int, server):
    translate_articles(
        library, [article_id], TranslateOptions(provider=ProviderConfig("libre", url=server.url))
    )
    return library.articles.reader(article_id, "en")


def open_reader(qtbot, library: Library, article_id: int, server, width: int, height: int):
    reader = ParallelReader()
    qtbot.addWidget(reader)
    reader.resize(width, height)
    reader.show()
    reader.show_article(translated_data(library, article_id, server))
    return reader


def level(reader) -> bool:
    return all(abs(a - b) <= 1 for a, b in zip(tops(reader.left), tops(reader.right), strict=True))


def tops(view) -> list[float]:
    return [view.paragraph_rect(i).top() for i in range(len(view.blocks))]


def test_pairs_face_each_other_and_stay_level(
    qtbot, library: Library, article_id: int, server
) -> None:
    reader = open_reader(qtbot, library, article_id, server, 1000, 500)
    assert len(reader.left.blocks) == len(reader.right.blocks) == len(PARAGRAPHS)
    assert reader.right.shown[1].content.startswith("<en> LA DÉFENSE")
    assert reader.right.shown[2].content == ""  # boilerplate: not translated
    assert level(reader)
    # Narrower: the French wraps onto more lines; still level after the resize.
    reader.resize(700, 500)
    qtbot.wait(100)
    assert level(reader)


def test_scrolling_one_side_scrolls_the_other(
    qtbot, library: Library, article_id: int, server
) -> None:
    reader = open_reader(qtbot, library, article_id, server, 900, 300)
    reader.left.scroll_to_paragraph(20)
    qtbot.waitUntil(lambda: reader.right.top_paragraph()[0] == 20, timeout=2000)
    reader.right.scroll_to_paragraph(8)
    qtbot.waitUntil(lambda: reader.left.top_paragraph()[0] == 8, timeout=2000)


def test_hover_and_click_highlight_the_counterpart(
    qtbot, library: Library, article_id: int, server
) -> None:
    reader = open_reader(qtbot, library, article_id, server, 900, 600)
    point = reader.left.paragraph_rect(3).center().toPoint() - QPoint(
        0, reader.left.verticalScrollBar().value()
    )
    assert reader.left.paragraph_at(point) == 3
    with qtbot.waitSignal(reader.paragraph_clicked) as clicked:
        qtbot.mouseClick(reader.left.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [3]
    assert (reader.left.tinted, reader.right.tinted) == (3, 3)
    reader.left.hovered.emit(5)
    assert reader.right.tinted == 5


def test_boilerplate_muted_and_hideable(qtbot, library: Library, article_id: int, server) -> None:
    reader = open_reader(qtbot, library, article_id, server, 900, 600)
    assert reader.left.shown[2].boilerplate
    height = reader.left.natural_height(2)
    assert height > 0
    top_before = reader.left.paragraph_rect(3).top()
    reader.set_hide_boilerplate(True)
    assert not reader.left.document().findBlockByNumber(reader.left.blocks[2][0]).isVisible()
    assert reader.left.natural_height(2) == 0
    visible = [i for i in range(len(PARAGRAPHS)) if i != 2]
    for i in visible:
        assert abs(reader.left.paragraph_rect(i).top() - reader.right.paragraph_rect(i).top()) <= 1
    assert reader.left.paragraph_rect(3).top() <= top_before - height
    reader.set_hide_boilerplate(False)
    assert reader.left.natural_height(2) == height


def test_markdown_rendered_and_sanitised(qtbot, library: Library) -> None:
    html = render(
        "# Titre **gras** <script>alert(1)</script> ![x](http://evil.example/x.png) [a](file:///etc/passwd) [b](https://ok.example)"
    )
    assert "<strong>gras</strong>" in html and "<h1>" in html
    for bad in ("script", "alert", "img", "file:", "evil"):
        assert bad not in html
    assert 'href="https://ok.example"' in html
    report = import_text(
        library, "# Un titre\n\nDu *texte* avec ![img](http://evil.example/x.png).", fmt="md"
    )
    data = library.articles.reader(report.imported[0]["id"], "en")
    reader = ParallelReader()
    qtbot.addWidget(reader)
    reader.show_article(data)
    assert reader.left.toPlainText().splitlines()[0] == "Un titre"
    assert reader.left.loadResource(2, QUrl("http://evil.example/x.png")) is None
    assert reader.left.loadResource(2, QUrl("file:///etc/passwd")) is None


def use_server(settings, server) -> None:
    """Translate through the local LibreTranslate-compatible test server."""
    settings.setValue("translation/provider", "libre")
    settings.setValue("translation/url", server.url)


def window(qtbot, library: Library, settings) -> MainWindow:
    win = MainWindow(library, settings)
    qtbot.addWidget(win)
    win.show()
    return win


def test_translate_from_the_window_with_faults_and_retry(
    qtbot, library, article_id, server, settings
) -> None:
    use_server(settings, server)
    settings.setValue("translation/timeout", 2.0)
    server.faults = {"numéro 7 ": "500"}
    win = window(qtbot, library, settings)
    win.pane.select_article(article_id)
    with qtbot.waitSignal(win.pane.model.modelReset, timeout=20000):
        assert win.translating.translate_current()
    assert win.tasks.task is None
    right = win.reader.right
    failed = next(s for s in right.shown if s.style == "error")
    assert "failed" in failed.content or "service" in failed.content
    assert "1 paragraph(s) failed" in win.reader.right_header.text()
    assert sum(1 for s in right.shown if s.content.startswith("<en>")) == len(PARAGRAPHS) - 2
    server.faults = {}
    with qtbot.waitSignal(win.pane.model.modelReset, timeout=20000):
        win.translating.translate_current()
    assert not any(s.style == "error" for s in win.reader.right.shown)
    assert win.reader.right_header.text().endswith("all paragraphs translated")


def test_an_article_whose_every_paragraph_failed_says_so_above_the_translation(
    qtbot, library, article_id, settings
) -> None:
    """As found under Xvfb: with the service unreachable, every paragraph showed its error
    but the header still said "not translated yet: Translate ▸ …", as if nothing had been
    tried."""
    settings.setValue("translation/provider", "libre")
    settings.setValue("translation/url", "http://127.0.0.1:9")  # nothing listens there
    settings.setValue("translation/timeout", 2.0)
    win = window(qtbot, library, settings)
    win.pane.select_article(article_id)
    with qtbot.waitSignal(win.pane.model.modelReset, timeout=20000):
        assert win.translating.translate_current()
    failed = [s for s in win.reader.right.shown if s.style == "error"]
    wanted = [p for p in win.reader.data.paragraphs if not p.boilerplate]
    assert len(failed) == len(wanted) > 0
    header = win.reader.right_header.text()
    assert f"{len(failed)} paragraph(s) failed" in header
    assert "not translated yet" not in header


def test_cancel_translation_keeps_what_is_done(
    qtbot, library, article_id, server, settings
) -> None:
    use_server(settings, server)
    server.delay = 0.4
    win = window(qtbot, library, settings)
    win.pane.select_article(article_id)
    assert win.translating.translate_current()
    assert win.tasks.cancel_button.isVisible()
    qtbot.waitUntil(lambda: len(server.requests) >= 6, timeout=10000)
    win.tasks.cancel()
    qtbot.waitUntil(lambda: win.tasks.task is None, timeout=20000)
    done = sum(1 for p in library.articles.reader(article_id, "en").paragraphs if p.translation)
    assert 0 < done < len(PARAGRAPHS) - 1


def test_import_from_the_window_with_error_summary(
    qtbot, library, settings, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(
        "Un article importé depuis la fenêtre.\n\nAvec deux paragraphes."
    )
    (tmp_path / "empty.txt").write_text("")
    win = window(qtbot, library, settings)
    before = win.pane.model.rowCount()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    win.dropEvent(drop)
    qtbot.waitUntil(lambda: win.tasks.task is None, timeout=20000)
    assert win.pane.model.rowCount() == before + 1
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert boxes and "1 failed" in boxes[0].text()
    assert "empty.txt: empty file" in boxes[0].detailedText()
    boxes[0].close()


def test_paste_new_article(qtbot, library, settings) -> None:
    win = window(qtbot, library, settings)

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.title.setText("Collé à la main")
        dialog.source.setText("Courriel de l'AFP")
        dialog.url.setText("https://example.org/depeche")
        dialog.published.setText("2024-11-26")
        dialog.body.setPlainText("Texte collé depuis un courriel.\n\nDeuxième paragraphe.")
        dialog.accept()

    QTimer.singleShot(100, fill)
    win.exchange.paste_article()
    assert win.reader.title.text() == "Collé à la main"
    detail = library.articles.detail(win.state.article_id)
    assert (detail["source"], detail["url"], detail["published"]) == (
        "Courriel de l'AFP", "https://example.org/depeche", "2024-11-26"
    )  # fmt: skip


def test_settings_remembered_between_runs(qtbot, library, article_id, settings) -> None:
    other = import_text(library, "Un second article pour changer.\n\nFin.").imported[0]["id"]
    win = window(qtbot, library, settings)
    win.pane.select_article(other)
    win.reading.change_font(+3)
    win.reading.hide_action.trigger()
    win.close()
    again = window(qtbot, library, settings)
    assert again.pane.current_article() == other
    assert again.reading.font_size == win.reading.font_size
    assert again.reading.hide_action.isChecked() and again.reader.hide_boilerplate


def test_keyboard_focus_stays_in_the_reader_after_a_translation(
    qtbot, library, article_id, server, settings
) -> None:
    """As found: when a translation finished, focus jumped to the library's search box, so
    the next tag key was typed into the search and the library emptied."""
    use_server(settings, server)
    win = window(qtbot, library, settings)
    win.activateWindow()
    qtbot.waitActive(win)
    win.pane.select_article(article_id)
    win.reader.left.setFocus()
    qtbot.waitUntil(win.reader.left.hasFocus)
    rows = win.pane.model.rowCount()
    with qtbot.waitSignal(win.pane.model.modelReset, timeout=20000):
        assert win.translating.translate_current()
    qtbot.waitUntil(lambda: win.tasks.task is None, timeout=20000)
    qtbot.wait(50)
    assert not win.pane.search.hasFocus()
    assert win.reader.left.hasFocus()
    qtbot.keyClick(win.reader.left, Qt.Key.Key_3)  # a tag key goes to the reader
    assert win.pane.search.text() == "" and win.pane.model.rowCount() == rows


def test_dark_theme_shows_without_a_platform_theme(qtbot, library, article_id, settings) -> None:
    """As found: View ▸ Theme ▸ Dark changed nothing on plain X11 (Qt's colour-scheme hint
    needs a platform theme). The app's own palette is dark now, and the system look comes
    back with "Follow the system"."""
    win = window(qtbot, library, settings)
    win.pane.select_article(article_id)
    shown = win.reader.left.document()
    before = QApplication.palette().color(QPalette.ColorRole.Window)
    win.reading.theme_actions["dark"].trigger()
    # The article on show is laid out again in the new colours (it was reused as it was).
    qtbot.waitUntil(lambda: win.reader.left.document() is not shown)
    dark = QApplication.palette()
    assert dark.color(QPalette.ColorRole.Window).lightness() < 80
    assert dark.color(QPalette.ColorRole.Text).lightness() > 180
    qtbot.waitUntil(
        lambda: win.reader.left.palette().color(QPalette.ColorRole.Base).lightness() < 80
    )
    assert settings.value("view/theme") == "dark"
    win.reading.theme_actions["light"].trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 180
    win.reading.theme_actions["system"].trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Window) == before


def test_a_failed_translate_again_marks_the_old_text(
    qtbot, library, article_id, server, settings
) -> None:
    """As found: after a partly failed "Translate again", the failed paragraphs still showed
    their old text with no marker."""
    use_server(settings, server)
    settings.setValue("translation/timeout", 2.0)
    index = next(n for n, p in enumerate(PARAGRAPHS) if "numéro 7 " in p)
    library.translations.edit(article_id, index, "en", "An older translation, by hand.")
    win = window(qtbot, library, settings)
    win.pane.select_article(article_id)
    server.faults = {"numéro 7 ": "500"}
    with qtbot.waitSignal(win.pane.model.modelReset, timeout=20000):
        win.translating.translate_current(force=True)  # Translate again, replacing edits
    [stale] = [s for s in win.reader.right.shown if s.style == "stale"]
    assert stale.index == index
    assert stale.content == "An older translation, by hand."  # the previous text, kept…
    assert stale.language.startswith("⚠")  # …and marked
    assert "1 paragraph(s) failed" in win.reader.right_header.text()


def test_an_article_already_in_the_target_language_says_so(
    qtbot, library, server, settings
) -> None:
    """As found: an English article in an English-target library said "not translated yet",
    and translating it made a grey copy of it."""
    use_server(settings, server)
    text = (
        "Air defence reports a long night\n\n"
        "Ukraine's air force said on Wednesday that Russian forces had launched 112 attack "
        "drones and three cruise missiles at the country overnight.\n\n"
        "Air defence units shot down 64 of the drones over eleven regions, the air force said."
    )
    article_id = import_text(library, text).imported[0]["id"]
    win = window(qtbot, library, settings)
    win.pane.select_article(article_id)
    header = win.reader.right_header.text()
    assert "already in en" in header and "not translated yet" not in header
    assert win.translating.translate_current() is False
    assert "already in en" in win.statusBar().currentMessage()
    assert server.requests == [] and win.tasks.task is None
    assert all(p.translation is None for p in library.articles.reader(article_id, "en").paragraphs)


def test_an_article_opens_at_its_top_on_both_sides(qtbot, library, article_id, settings) -> None:
    """As found: on first launch the reader opened scrolled past the title (leveling the
    two sides scrolled each to the other's first paragraph, under the top margin)."""
    win = window(qtbot, library, settings)
    win.pane.select_article(article_id)
    win.resize(1100, 700)  # the window settles: the reader levels its sides again
    qtbot.wait(300)
    left, right = win.reader.left, win.reader.right
    assert (left.verticalScrollBar().value(), right.verticalScrollBar().value()) == (0, 0)
    left.verticalScrollBar().setValue(200)  # reading on: the sides still follow each other
    assert right.verticalScrollBar().value() > 0


def test_hovering_a_paragraph_tints_all_its_lines(
    qtbot, library, article_id, server, settings
) -> None:
    """As found: the hover highlight covered a paragraph's first line only."""
    reader = open_reader(qtbot, library, article_id, server, 500, 700)
    view = reader.left
    index = max(range(len(view.blocks)), key=lambda i: view.paragraph_rect(i).height())
    rect = view.paragraph_rect(index).translated(0, -view.verticalScrollBar().value())
    assert rect.height() > 3 * view.fontMetrics().height()  # several lines
    x, y = view.viewport().width() - 3, int(rect.bottom()) - 3  # right edge, last line

    def pixel() -> int:
        return view.viewport().grab().toImage().pixelColor(x, y).rgb()

    plain = pixel()
    reader.highlight(index)
    assert pixel() != plain  # the last line is tinted too
    reader.highlight(-1)
    assert pixel() == plain


def test_a_markdown_title_is_a_little_larger_not_huge(qtbot, library) -> None:
    """As found: a Markdown H1 was drawn xx-large and wrapped over six lines of a column."""
    title = "# Kiev défie une nouvelle fois Poutine alors que le pouvoir est rétabli"
    report = import_text(library, title + "\n\nDu texte sous le titre.", fmt="md")
    reader = ParallelReader()
    qtbot.addWidget(reader)
    reader.resize(900, 600)
    reader.show()
    reader.show_article(library.articles.reader(report.imported[0]["id"], "en"))
    view = reader.left
    heading = view.paragraph_rect(0).height()
    line = view.fontMetrics().lineSpacing()
    assert heading <= 3 * 1.3 * line  # at most a three-line title at 1.3x (six lines before)
    block = view.document().findBlockByNumber(view.blocks[0][0])
    size = block.begin().fragment().charFormat().font().pointSizeF()
    assert view.font().pointSizeF() < size <= 1.35 * view.font().pointSizeF()


def test_an_untranslated_article_gets_the_room(
    qtbot, library, article_id, server, settings
) -> None:
    """As found: an untranslated article squeezed the original into 40% of the reader beside
    an empty translation pane."""
    use_server(settings, server)
    win = window(qtbot, library, settings)
    win.resize(1280, 800)
    win.pane.select_article(article_id)
    qtbot.wait(50)
    left, right = win.reader.splitter.sizes()
    assert left >= 2 * right  # the original reads wide; the empty side stays narrow
    with qtbot.waitSignal(win.pane.model.modelReset, timeout=20000):
        win.translating.translate_current()
    left, right = win.reader.splitter.sizes()
    assert abs(left - right) <= 0.1 * (left + right)  # side by side again, as they were


def test_find_in_the_article_on_both_sides(qtbot, library, article_id, server, settings) -> None:
    """Ctrl+F in the reader finds in the article (both sides, F3 / Shift+F3 through the
    hits); elsewhere it searches the library; the library's search words are marked."""
    use_server(settings, server)
    win = window(qtbot, library, settings)
    win.activateWindow()
    qtbot.waitActive(win)
    win.pane.select_article(article_id)
    with qtbot.waitSignal(win.pane.model.modelReset, timeout=20000):
        win.translating.translate_current()
    left, right = win.reader.left, win.reader.right
    left.setFocus()
    qtbot.waitUntil(left.hasFocus)
    qtbot.keyClick(left, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = win.reader.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    bar.edit.setText("numéro 7 ")  # as typed (QTest cannot type é)
    sides = [view for view, _cursor in bar.hits]
    assert left in sides and right in sides  # the original and its translation
    order = []
    for _ in range(len(bar.hits)):
        qtbot.keyClick(bar.edit, Qt.Key.Key_F3)
        view, _cursor = bar.hits[bar.current]
        assert view.textCursor().selectedText().lower() == "numéro 7 "
        order.append(view)
    assert order == sorted(order, key=lambda v: v is right)  # original first, then translation
    assert bar.count.text() == f"{len(bar.hits)} of {len(bar.hits)}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current == len(bar.hits) - 2
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and bar.hits == [] and not left._marks.get("find")
    # Ctrl+F elsewhere: the library search; its words are marked in the article it opens
    win.pane.table.setFocus()
    qtbot.waitUntil(win.pane.table.hasFocus)
    qtbot.keyClick(win.pane.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert win.pane.search.hasFocus()
    win.pane.search.setText("supplémentaire")  # as typed (QTest cannot type é)
    win.pane.apply_filter()
    win.pane.select_article(article_id)
    win.reading.open_article(article_id)
    assert sum(1 for view, _c in bar.hits if view is left) >= 30  # every paragraph with it
    assert any(s for s in left.extraSelections())  # and marked


def test_dark_tag_colours_stay_visible_on_a_dark_base(qtbot, library, article_id, settings) -> None:
    """As found: the QTY tint (a dark slate) vanished into the dark theme's base."""
    from gui.reader.legend import tag_colour

    win = window(qtbot, library, settings)
    win.pane.select_article(article_id)
    qty = next(t for t in win.state.schema.entity_types if t.key == "QTY")
    assert QColor(qty.color).lightness() < 130  # a dark colour in the shipped schema
    win.reading.theme_actions["light"].trigger()
    assert tag_colour(qty.color) == QColor(qty.color)  # as the schema says on a light base
    win.reading.theme_actions["dark"].trigger()
    assert tag_colour(qty.color).lightness() >= 150
    qtbot.waitUntil(
        lambda: win.annotating.painter.formats["QTY"].background().color().lightness() >= 150
    )
    win.reading.theme_actions["system"].trigger()


def test_both_texts_start_at_one_height_when_a_header_wraps(qtbot, library, article_id) -> None:
    """As found under Xvfb: the translation side's header wrapped onto two lines in its
    narrow column ("not translated yet: Translate ▸ …"), so the two texts started a line
    apart and the paragraphs beside each other were not level on screen."""
    reader = ParallelReader()
    qtbot.addWidget(reader)
    reader.resize(900, 500)
    reader.show()
    reader.show_article(library.articles.reader(article_id, "en"))  # untranslated: narrow
    qtbot.wait(100)

    def top(view) -> int:
        return view.mapTo(reader, QPoint(0, 0)).y()

    right = reader.right_header
    assert right.heightForWidth(right.width()) > reader.left_header.sizeHint().height()
    assert top(reader.left) == top(reader.right)
    reader.show_article(None)  # short headers again: no gap is left above either text
    qtbot.waitUntil(lambda: right.height() < 2 * right.fontMetrics().lineSpacing(), timeout=2000)
    assert top(reader.left) == top(reader.right)


def test_translation_settings_take_a_language_name_and_refuse_a_non_language(
    qtbot, settings
) -> None:
    """As found under Xvfb: "Translate into: english" was saved as is, and the reader then
    read and wrote a translation layer named "english" beside the "en" one."""
    from core.translation import languages
    from gui.dialogs.common import TranslationSettingsDialog
    from gui.settings import Settings

    languages._names.cache_clear()
    settings.setValue("translation/target", "de")
    assert Settings(settings).translation.target == "de"
    assert languages._names.cache_info().currsize == 0  # a code: CLDR not read at start-up
    settings.setValue("translation/target", "English")  # saved so before the fix
    assert Settings(settings).translation.target == "en"
    settings.setValue("translation/target", "klingon")  # no language: left for the error
    assert Settings(settings).translation.target == "klingon"

    dialog = TranslationSettingsDialog({"provider": "libre", "target": "en", "timeout": 5})
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.target.setText("english")
    dialog.accept()
    assert dialog.result() == TranslationSettingsDialog.DialogCode.Accepted
    assert dialog.values()["target"] == "en"

    dialog = TranslationSettingsDialog({"provider": "libre", "target": "en", "timeout": 5})
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.target.setText("klingon")
    dialog.accept()  # refused: the dialog stays open and says why, beside the field
    assert dialog.isVisible() and dialog.result() != TranslationSettingsDialog.DialogCode.Accepted
    assert "not a language: 'klingon'" in dialog.problem.text() and dialog.problem.isVisible()
    dialog.target.setText("Français")
    dialog.accept()
    assert not dialog.isVisible() and dialog.values()["target"] == "fr"
