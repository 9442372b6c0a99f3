"""Suggestions in the reader: computed off the GUI thread as an article opens, drawn dashed
(never as tags), accepted with Enter and rejected with Backspace at the caret, undoable."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from core.ingest.run import import_text
from core.library import Library
from tests.test_gui_annotation import cursor_at, mentions, open_window

TEXT = "Titre\n\nLa Russie a lancé 188 drones contre Odessa et Kharkiv, selon l'armée ukrainienne."
PARAGRAPH = TEXT.split("\n\n")[1]


def test_suggestions_are_drawn_accepted_and_rejected(qtbot, library: Library, settings) -> None:
    """Computed in a worker process of their own (the GUI thread never waits on the models)."""
    settings.setValue("suggest/show", True)
    article = import_text(library, TEXT).imported[0]["id"]
    win = open_window(qtbot, library, settings)
    win.pane.select_article(article)
    suggesting, left = win.suggesting, win.reader.left
    assert suggesting.process is not None  # a library on disk: a process of their own
    qtbot.waitUntil(suggesting.busy.isVisible)  # the first takes a while: the models load
    assert suggesting.busy.text() == "Suggesting…"
    qtbot.waitUntil(lambda: suggesting.found is not None, timeout=60_000)
    assert not suggesting.busy.isVisible()
    assert suggesting.found is not None
    words = {s.text: s for s in suggesting.found.spans}
    assert {"Russie", "188 drones", "Odessa", "Kharkiv", "armée ukrainienne"} <= set(words)
    marks = left._marks["suggest"]
    assert len(marks) >= 5
    assert {m.format.underlineStyle() for m in marks} == {
        QTextCharFormat.UnderlineStyle.DashUnderline
    }
    assert mentions(library, article) == []  # shown, not stored

    left.setFocus()
    left.setTextCursor(cursor_at(left, PARAGRAPH, PARAGRAPH.index("Russie") + 2))
    qtbot.keyClick(left, Qt.Key.Key_Return)
    [stored] = mentions(library, article)
    assert (stored["text"], stored["label"]) == ("Russie", "GPE")
    qtbot.waitUntil(lambda: suggesting.found is not None and "Russie" not in {s.text for s in suggesting.found.spans},
                    timeout=30_000)  # fmt: skip

    left.setTextCursor(cursor_at(left, PARAGRAPH, PARAGRAPH.index("Odessa") + 1))
    qtbot.keyClick(left, Qt.Key.Key_Backspace)
    assert "will not be suggested" in win.statusBar().currentMessage()
    qtbot.waitUntil(lambda: suggesting.found is not None and "Odessa" not in {s.text for s in suggesting.found.spans},
                    timeout=30_000)  # fmt: skip
    again = library.suggestions.article(article)
    assert "Odessa" not in {s.text for s in again.spans}  # remembered in the library

    win.annotating.undo_stack.undo()  # the rejection
    win.annotating.undo_stack.undo()  # the acceptance
    assert mentions(library, article) == []
    assert "Odessa" in {s.text for s in library.suggestions.article(article).spans}
    win.suggesting.show_action.trigger()  # hidden
    assert left._marks["suggest"] == []


def test_a_paragraph_or_a_type_is_accepted_whole_in_one_step(
    qtbot, library: Library, settings
) -> None:
    """As found under Xvfb: "Accept all suggestions in the caret's paragraph" did nothing
    ("Put the caret on a suggestion…") unless the caret stood on a suggestion, though the
    paragraph was full of them; the caret on any word of the paragraph is enough."""
    settings.setValue("suggest/show", True)
    settings.setValue("suggest/click", False)
    text = TEXT + "\n\nÀ Kiev, le ministre de la Défense a parlé mardi."
    article = import_text(library, text).imported[0]["id"]
    win = open_window(qtbot, library, settings)
    win.pane.select_article(article)
    suggesting, left = win.suggesting, win.reader.left
    qtbot.waitUntil(lambda: suggesting.found is not None, timeout=60_000)
    assert suggesting.found is not None
    start = text.index(PARAGRAPH)
    inside = {s.text for s in suggesting.found.spans if start <= s.start < start + len(PARAGRAPH)}
    triggers = {
        e.text for e in suggesting.found.events if start <= e.start < start + len(PARAGRAPH)
    }
    outside = {s.text for s in suggesting.found.spans} - inside
    assert {"Russie", "Odessa", "Kharkiv"} <= inside and "Kiev" in outside

    left.setFocus()
    left.setTextCursor(cursor_at(left, PARAGRAPH, PARAGRAPH.index("contre") + 2))
    assert suggesting.at_caret() is None  # on a plain word of the paragraph
    suggesting.accept_paragraph()
    stored = {m["text"] for m in mentions(library, article)}
    assert inside <= stored and not stored & outside
    assert {e["text"] for e in library.articles.events(article)} == triggers
    assert "Accepted" in win.statusBar().currentMessage()
    win.annotating.undo_stack.undo()  # one step
    assert mentions(library, article) == [] and library.articles.events(article) == []

    qtbot.waitUntil(lambda: suggesting.found is not None and
                    "Russie" in {s.text for s in suggesting.found.spans}, timeout=30_000)  # fmt: skip
    gpe = {s.text for s in suggesting.found.spans if s.label == "GPE"}
    left.setTextCursor(cursor_at(left, PARAGRAPH, PARAGRAPH.index("Odessa") + 1))
    suggesting.accept_type()
    assert {m["text"] for m in mentions(library, article)} == gpe
    assert {m["label"] for m in mentions(library, article)} == {"GPE"}


def test_the_count_of_suggestions_goes_with_its_article(qtbot, library: Library, settings) -> None:
    """As seen under Xvfb: the status bar still said "185 tag(s) and 38 event(s) suggested"
    of the article left behind while the next one's were computed."""
    settings.setValue("suggest/show", True)
    first = import_text(library, TEXT).imported[0]["id"]
    second = import_text(library, "Titre\n\nRien à signaler ce jour-là.").imported[0]["id"]
    win = open_window(qtbot, library, settings)
    win.pane.select_article(first)
    bar = win.statusBar()
    qtbot.waitUntil(lambda: "suggested (dashed)" in bar.currentMessage(), timeout=60_000)
    win.pane.select_article(second)
    assert "suggested (dashed)" not in bar.currentMessage()


def test_settings_choose_sources_types_and_score(qtbot, library: Library, settings) -> None:
    from gui.dialogs.suggest_settings import SuggestSettingsDialog
    from gui.settings import Settings

    win = open_window(qtbot, library, settings)
    types = [t.key for t in win.state.schema.types]
    dialog = SuggestSettingsDialog(win.suggesting.options, types, win)
    qtbot.addWidget(dialog)
    for widget, off in ((dialog.sources, "statistical"), (dialog.types, "WEA")):
        item = next(
            widget.item(i)
            for i in range(widget.count())
            if widget.item(i).data(Qt.ItemDataRole.UserRole) == off
        )
        item.setCheckState(Qt.CheckState.Unchecked)
    dialog.score.setValue(0.7)
    options = dialog.options()
    assert "statistical" not in options.sources and "gazetteer" in options.sources
    assert options.types is not None and "WEA" not in options.types and "GPE" in options.types
    assert options.min_score == 0.7
    Settings(settings).suggest_options = options
    assert Settings(settings).suggest_options == options  # kept between runs
    article = import_text(library, "La Russie a lancé des drones Shahed contre Odessa.").imported[
        0
    ]["id"]
    found = library.suggestions.article(article, options)
    assert {s.label for s in found.spans} <= options.types and "Russie" in {
        s.text for s in found.spans
    }
    assert all(s.source != "statistical" and s.score >= 0.7 for s in found.spans)


def test_suggested_events_are_listed_apart_and_accepted_from_the_list(
    qtbot, qtmodeltester, library: Library, settings
) -> None:
    """Under the article's events, in grey italics: a double-click accepts one with its
    counts (one undoable step); the events' own rows and selection are left alone."""
    from PySide6.QtGui import QFont

    settings.setValue("suggest/show", True)
    text = "Titre\n\nSelon l'armée de l'air, 30 des 35 drones lancés par la Russie ont été abattus."
    article = import_text(library, text).imported[0]["id"]
    win = open_window(qtbot, library, settings)
    win.pane.select_article(article)
    panel, suggesting = win.events, win.suggesting
    qtbot.waitUntil(lambda: panel.model.suggested != [], timeout=60_000)
    model = panel.model
    qtmodeltester.check(model)
    assert model.events == [] and model.rowCount() == len(suggesting.found.events)
    row = next(n for n, e in enumerate(model.suggested) if e.type == "INTERCEPTION")
    first = model.index(row, 0)
    assert model.data(first).endswith("(suggested)")
    assert isinstance(model.data(first, Qt.ItemDataRole.FontRole), QFont)
    assert model.data(first, Qt.ItemDataRole.FontRole).italic()
    assert "intercepted 30" in model.data(model.index(row, 3))
    # a long cell is elided: its tooltip holds it whole (who reported it, the counts…)
    whole = model.data(model.index(row, 3))
    tip = html.unescape(model.data(model.index(row, 3), Qt.ItemDataRole.ToolTipRole))
    assert whole in tip and "double-click to accept" in tip
    assert panel.event_at(row) is None  # not an event: never edited as one

    rect = panel.table.visualRect(model.index(row, 1))
    assert panel.table.isVisible() and rect.isValid()
    # a press first: a view takes a double-click on the row it was pressed on
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    [stored] = library.articles.events(article)
    assert stored["type"] == "INTERCEPTION"
    assert (stored["attributes"]["intercepted"], stored["attributes"]["launched"]) == (30, 35)
    qtbot.waitUntil(
        lambda: model.events != [] and all(e.type != "INTERCEPTION" for e in model.suggested),
        timeout=30_000,
    )
    qtmodeltester.check(model)
    tip = html.unescape(model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole))
    lines = tip.removeprefix("<qt>").removesuffix("</qt>").split("<br>")
    assert lines == ["launched 35 («30 des 35 drones»)", "intercepted 30 («30 des 35 drones»)"]
    win.annotating.undo_stack.undo()
    assert library.articles.events(article) == []


def test_the_library_model_trains_in_the_background(qtbot, library: Library, settings) -> None:
    """From the Suggest menu: trained in a process of its own while the window goes on; the
    status bar says what it learnt, and the next suggestions use it."""
    from tests.test_suggest_trained import tag

    for n in range(6):
        tag(library, n)
    win = open_window(qtbot, library, settings)
    win.suggesting.train(True)
    assert win.suggesting.training is not None  # under way, the window not waiting
    qtbot.waitUntil(lambda: "learnt from 12 tag(s)" in win.statusBar().currentMessage(),
                    timeout=120_000)  # fmt: skip
    assert library.suggestions.model() is not None


def test_a_click_accepts_a_double_click_selects_a_right_click_rejects(
    qtbot, library: Library, settings
) -> None:
    """A plain click on a dashed word accepts it (after the double-click interval); a
    double-click selects the word as ever and accepts nothing; right-click offers reject."""
    from PySide6.QtWidgets import QApplication

    settings.setValue("suggest/show", True)
    article = import_text(library, TEXT).imported[0]["id"]
    win = open_window(qtbot, library, settings)
    win.pane.select_article(article)
    suggesting, left = win.suggesting, win.reader.left
    qtbot.waitUntil(lambda: suggesting.found is not None, timeout=60_000)

    def point(word: str) -> object:
        cursor = cursor_at(left, PARAGRAPH, PARAGRAPH.index(word) + 2)
        return left.cursorRect(cursor).center()

    wait = QApplication.doubleClickInterval() + 300
    qtbot.mouseDClick(left.viewport(), Qt.MouseButton.LeftButton, pos=point("Kharkiv"))
    qtbot.wait(wait)
    assert mentions(library, article) == []  # selected, not accepted
    assert left.textCursor().selectedText() == "Kharkiv"

    qtbot.mouseClick(left.viewport(), Qt.MouseButton.LeftButton, pos=point("Odessa"))
    qtbot.waitUntil(lambda: len(mentions(library, article)) == 1, timeout=wait + 2000)
    [stored] = mentions(library, article)
    assert (stored["text"], stored["label"]) == ("Odessa", "GPE")

    qtbot.waitUntil(lambda: suggesting.found is not None and "Odessa" not in {s.text for s in suggesting.found.spans},
                    timeout=30_000)  # fmt: skip
    win.annotating.tag_menu(left, point("Kharkiv"))
    menu = win.annotating.last_menu
    reject = next(a for a in menu.actions() if a.text().startswith("Reject"))
    menu.close()
    reject.trigger()
    assert "Kharkiv" not in {s.text for s in library.suggestions.article(article).spans}

    suggesting.click_action.setChecked(False)  # clicks place the caret only
    qtbot.waitUntil(lambda: suggesting.task is None, timeout=30_000)
    qtbot.mouseClick(left.viewport(), Qt.MouseButton.LeftButton, pos=point("Russie"))
    qtbot.wait(wait)
    assert len(mentions(library, article)) == 1
    assert settings.value("suggest/click") in (False, "false")


def test_pre_annotating_runs_in_the_worker_process_with_progress(
    qtbot, library: Library, settings, monkeypatch
) -> None:
    """The list's articles pre-annotated by gloss-suggest in the suggestions' own process,
    a few at a time: the progress bar moves, the window is never waiting."""
    from PySide6.QtWidgets import QMessageBox

    from core.library.suggest_pool import CHUNK as PRE_ANNOTATE_CHUNK

    ids = [import_text(library, f"Titre {n}\n\nLa Russie a frappé Odessa, jour {n}.").imported[0]["id"]
           for n in range(PRE_ANNOTATE_CHUNK + 3)]  # fmt: skip
    win = open_window(qtbot, library, settings)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    seen: list[tuple[int, int]] = []
    win.suggesting.pre_annotate()
    win.tasks.task.progress.connect(lambda done, total: seen.append((done, total)))
    qtbot.waitUntil(lambda: win.tasks.task is None, timeout=120_000)
    assert seen == [(PRE_ANNOTATE_CHUNK, len(ids)), (len(ids), len(ids))]
    assert "pre-annotated by gloss-suggest" in win.statusBar().currentMessage()
    from sqlalchemy import select

    from core.storage.models import Annotator, Mention

    with library.session() as session:
        stored = set(session.execute(
            select(Mention.article_id, Annotator.name)
            .join(Annotator, Annotator.id == Mention.annotator_id)
            .where(Mention.text == "Odessa")
        ).all())  # fmt: skip
    assert stored == {(article, "gloss-suggest") for article in ids}


def test_marks_never_outlive_their_article(qtbot, library: Library, settings) -> None:
    """As found under Xvfb: after a plain article's suggestions, a rendered Markdown article
    (which shows no tags) was drawn with the previous article's dashed marks, at the old
    offsets, across other words."""
    settings.setValue("suggest/show", True)
    plain = import_text(library, TEXT).imported[0]["id"]
    rendered = import_text(library, "# Un titre\n\nLes ministres ont promis des batteries de plus.",
                           fmt="md").imported[0]["id"]  # fmt: skip
    win = open_window(qtbot, library, settings)
    win.pane.select_article(plain)
    left = win.reader.left
    qtbot.waitUntil(lambda: win.suggesting.found is not None, timeout=60_000)
    assert left.extraSelections()  # the plain article's suggestions are drawn
    win.pane.select_article(rendered)
    assert left.toPlainText().startswith("Un titre")
    assert left.extraSelections() == []
    qtbot.wait(300)  # its own suggestions arrive: still nothing drawn where tags cannot be
    qtbot.waitUntil(lambda: win.suggesting.task is None, timeout=60_000)
    assert left.extraSelections() == []
