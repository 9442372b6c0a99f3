"""The export dialog and the background export with progress, cancel and a loss report."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.demo import load_demo
from core.export.formats import SIDES
from core.library import Library
from gui.dialogs.export import ExportDialog
from gui.main_window import MainWindow
from tests.test_tables import reference_article


def window_on(qtbot, library: Library, settings) -> MainWindow:
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    window.show()
    return window


def test_dialog_builds_the_request(qtbot, library: Library, settings, tmp_path: Path) -> None:
    load_demo(library)
    window = window_on(qtbot, library, settings)
    window.pane.search.setText("drones")
    window.pane.apply_filter()
    dialog: ExportDialog = window.exchange.export_dialog()
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("conll"))
    parallel = dialog.layer.model().item(SIDES.index("parallel"))
    assert not parallel.isEnabled()  # CoNLL cannot hold a paragraph beside its translation
    assert dialog.output.text().endswith(".conll")
    dialog.format.setCurrentIndex(dialog.format.findData("doccano"))
    assert parallel.isEnabled() and dialog.output.text().endswith(".jsonl")
    dialog.format.setCurrentIndex(dialog.format.findData("native"))
    assert not dialog.layer.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData("brat"))
    dialog.output.setText(str(tmp_path / "brat"))
    dialog.only_shown.setChecked(True)
    dialog.types.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.use_dates.setChecked(True)
    request = dialog.request()
    assert request.options.format == "brat" and request.output == tmp_path / "brat"
    assert request.article_filter.search == "drones"
    assert request.article_filter.published_from is not None
    assert (
        request.options.types is not None
        and dialog.types.item(0).data(Qt.ItemDataRole.UserRole) not in request.options.types
    )
    dialog.grab().save("/tmp/export-dialog.png")


def test_the_date_range_starts_as_the_librarys_own(qtbot, library: Library, settings) -> None:
    """As found under Xvfb: "published from" offered the last year, so ticking it on the
    demo library (December 2024) would export nothing; it now spans the library's dates."""
    assert library.articles.published_span() is None  # no dates: the last year, as before
    load_demo(library)
    published = [row["published"] for row in library.articles.summaries() if row["published"]]
    window = window_on(qtbot, library, settings)
    dialog = window.exchange.export_dialog()
    qtbot.addWidget(dialog)
    dialog.use_dates.setChecked(True)
    flt = dialog.request().article_filter
    assert (str(flt.published_from), str(flt.published_to)) == (min(published), max(published))
    assert len(library.articles.ids(flt)) == len(published)


def test_the_translation_to_export_is_named_by_a_language(
    qtbot, library: Library, settings, monkeypatch
) -> None:
    """A language's name ("English") exports its code's translation; a word that is no
    language is refused with its reason when a translation is exported, and ignored when
    only originals are."""
    window = window_on(qtbot, library, settings)
    dialog = window.exchange.export_dialog()
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("doccano"))
    dialog.layer.setCurrentIndex(dialog.layer.findData("translation"))
    dialog.target.setText("English")
    assert dialog.request().options.target == "en"
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    dialog.target.setText("klingon")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert warned and "not a language: 'klingon'" in warned[0]
    dialog.layer.setCurrentIndex(dialog.layer.findData("original"))
    assert dialog.request().options.side == "original"


def test_background_export_reports_losses(
    qtbot, library: Library, settings, tmp_path: Path, monkeypatch
) -> None:
    first = reference_article(library)
    window = window_on(qtbot, library, settings)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box))
    dialog = window.exchange.export_dialog()
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("conll"))
    dialog.output.setText(str(tmp_path / "out.conll"))
    dialog.accept()  # checks the choices, then the export runs in the background
    qtbot.waitUntil(lambda: window.tasks.task is None and bool(shown), timeout=20_000)
    assert (tmp_path / "out.conll").read_text().startswith("-DOCSTART-")
    box = shown[0]
    assert box.text() == f"1 article(s), 1 record(s) written to {tmp_path / 'out.conll'}"
    assert "lost: 1 events (conll holds entity mentions only)" in box.detailedText()
    again = window.exchange.export_dialog()  # the last choices come back
    qtbot.addWidget(again)
    assert again.format.currentData() == "conll" and again.output.text() == str(
        tmp_path / "dataset.conll"
    )
    # a refused choice is explained and nothing starts
    dialog = window.exchange.export_dialog()
    qtbot.addWidget(dialog)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    dialog.format.setCurrentIndex(dialog.format.findData("native"))
    dialog.output.setText(str(tmp_path / "missing" / "x.jsonl"))
    dialog.accept()
    assert warned and "no such folder" in warned[0] and window.tasks.task is None
    # cancelling leaves no file
    request = window.exchange.export_dialog().request()
    request = type(request)(request.options, request.article_filter, tmp_path / "c.jsonl")
    assert window.exchange.start_export(request)
    window.tasks.cancel()
    qtbot.waitUntil(lambda: window.tasks.task is None, timeout=20_000)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith("gloss-part")]
    if (tmp_path / "c.jsonl").exists():  # finished before the cancel arrived
        assert json.loads((tmp_path / "c.jsonl").read_text().splitlines()[0])["text"]
    assert first


def test_the_dialog_refuses_the_librarys_own_file(
    qtbot, library: Library, settings, monkeypatch
) -> None:
    """Picked by a slip in the file dialog: said before anything is written."""
    window = window_on(qtbot, library, settings)
    dialog = window.exchange.export_dialog()
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("native"))
    own = library.files()[0]
    dialog.output.setText(str(own))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert warned == [f"{own} is the library being exported: choose another file"]


def test_saving_the_schema_on_the_library_is_refused_and_said(
    qtbot, library: Library, settings, monkeypatch, tmp_path: Path
) -> None:
    from gui.dialogs import files as file_dialogs

    window = window_on(qtbot, library, settings)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    for target in (library.files()[0], tmp_path / "gone" / "schema.json"):
        monkeypatch.setattr(file_dialogs, "save_file", lambda *a, t=target, **k: str(t))
        window.schema.save_schema()
    assert warned == [
        f"{library.files()[0]} is the library itself: choose another file",
        f"cannot write {tmp_path / 'gone' / 'schema.json'}: No such file or directory",
    ]
    assert library.articles.count() == 0  # the library still opens and reads
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(tmp_path / "s.json"))
    window.schema.save_schema()
    assert json.loads((tmp_path / "s.json").read_text())["name"] == library.schema.current().name
    assert window.statusBar().currentMessage() == f"Schema saved to {tmp_path / 's.json'}"
