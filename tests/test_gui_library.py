"""The first main window: the library table over core, with search."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from core.db import Library
from core.demo import load_demo
from core.importer import import_text
from gui.library_model import ARTICLE_ID_ROLE, PAGE, LibraryModel
from gui.main_window import MainWindow


@pytest.fixture
def demo_library(library: Library) -> Library:
    load_demo(library)
    return library


def test_model_passes_qt_model_tester(qtmodeltester, demo_library: Library) -> None:
    model = LibraryModel(demo_library)
    qtmodeltester.check(model)
    assert model.rowCount() >= 6


def test_model_rows_built_on_demand(library: Library) -> None:
    for n in range(PAGE + 5):
        import_text(library, f"Article number {n}\n\nBody of article {n} with some words.")
    model = LibraryModel(library)
    assert model.rowCount() == PAGE + 5
    assert model._rows == {}  # nothing built before the view asks
    assert model.data(model.index(0, 0)) == "Article number 0"
    assert len(model._rows) == PAGE  # one page fetched
    assert model.data(model.index(PAGE + 4, 0)) == f"Article number {PAGE + 4}"
    assert model.data(model.index(3, 0), ARTICLE_ID_ROLE) == model.article_id(3)


def test_model_sorts_and_filters_in_the_database(qtmodeltester, demo_library: Library) -> None:
    from dataclasses import replace

    model = LibraryModel(demo_library)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    titles = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert titles == sorted(titles)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    dates = [model.data(model.index(r, 2)) for r in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    model.set_filter(replace(model.article_filter, language="fr", translated=False))
    assert model.rowCount() >= 3
    assert all("fr" in model.data(model.index(r, 3)) for r in range(model.rowCount()))
    model.set_filter(replace(model.article_filter, translated=True))
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_main_window_lists_and_searches(
    qtbot, demo_library: Library, tmp_path: Path, settings
) -> None:
    window = MainWindow(demo_library, settings)
    qtbot.addWidget(window)
    window.show()
    model = window.pane.model
    total = model.rowCount()
    assert window.count_label.text() == f"{total} articles"
    window.pane.search.setText("Kherson")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=3000)
    assert "Kherson" in model.data(model.index(0, 0))
    assert window.count_label.text() == "1 article"
    window.pane.search.clear()
    qtbot.waitUntil(lambda: model.rowCount() == total, timeout=3000)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == ["Title", "Source", "Date", "Lang.", "Status", "Ann.", "Tr."]
    window.grab().save(str(tmp_path / "main.png"))
    assert (tmp_path / "main.png").stat().st_size > 0
