"""Opening a library made by an older Gloss upgrades it first (migration 0014 makes eight
tables again: a minute for a very large library). The window stays drawn and says so: the
upgrade runs on a worker thread, then the library opens."""

from __future__ import annotations

from pathlib import Path

from core.library import Library
from core.storage.db import HEAD_REVISION, current_revision, make_engine
from gui.app import UPGRADING, open_library_at
from tests.test_db import older_library


def revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def test_an_older_library_is_upgraded_off_the_gui_thread(qtbot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    older_library(url, "0013")
    opened: list[Library] = []
    said: list[tuple[str, int]] = []
    refused: list[str] = []

    task = open_library_at(url, opened.append, refused.append, lambda *m: said.append(m))

    assert task is not None and not opened  # the GUI thread goes on while it upgrades
    qtbot.waitUntil(lambda: bool(opened or refused) and not task.running, timeout=30_000)
    assert said == [
        (UPGRADING, 0),  # said until it is done
        ("The library was upgraded for this version of Gloss.", 8000),
    ]
    assert refused == [] and revision(url) == HEAD_REVISION
    assert opened[0].articles.count() == 1
    opened[0].close()

    again: list[Library] = []
    task = open_library_at(url, again.append, refused.append, lambda *m: said.append(m))
    qtbot.waitUntil(lambda: bool(again) and not task.running, timeout=10_000)
    assert len(said) == 2 and refused == []  # a current library opens without a word
    again[0].close()


def test_a_file_that_is_not_a_library_is_refused(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("my notes, not a database\n" * 100)
    refused: list[str] = []
    task = open_library_at(f"sqlite:///{path}", lambda _l: None, refused.append, lambda *_m: None)
    qtbot.waitUntil(lambda: bool(refused) and not task.running, timeout=10_000)
    assert refused == [f"{path} is not a Gloss library (not a database file)"]
    assert path.read_text() == "my notes, not a database\n" * 100
