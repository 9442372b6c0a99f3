"""Issue 9.9: the smaller trust defects, each as it was found."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.annotation.history import History
from core.annotation.ops import AddMention
from core.annotation.service import AnnotationError
from core.ingest.run import import_text
from core.library import Library
from tests.test_trust_concurrency import ROOT


def gloss(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from gui.entry import main; sys.exit(main())", *args],
        cwd=ROOT, capture_output=True, text=True, env=env or dict(os.environ), timeout=120,
    )  # fmt: skip


def test_same_span_same_type_twice_is_refused(library: Library) -> None:
    article_id = import_text(library, "Kyiv a été frappée cette nuit.", title="T").imported[0]["id"]
    history = History(library)
    history.run(AddMention(article_id, 0, 4, "GPE"))
    with pytest.raises(AnnotationError, match="already tagged GPE"):
        history.run(AddMention(article_id, 0, 4, "GPE"))
    history.run(AddMention(article_id, 0, 4, "ORG"))  # another type on the same words is fine
    history.undo()
    history.undo()
    history.redo()  # redo keeps its id and is not refused as a duplicate of itself


def test_spacy_export_without_spacy_gives_the_install_hint(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    code = (
        "import sys; sys.modules['spacy'] = None; from core.cli import main; "
        f"sys.exit(main(['--db', {str(db)!r}, 'export', '--format', 'spacy', '-o', "
        f"{str(tmp_path / 'out.spacy')!r}]))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    assert "pip install" in out.stderr and "Traceback" not in out.stderr


def test_mistyped_db_folder_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "lib.sqlite"
    out = gloss("--db", str(target), "list")
    assert out.returncode == 2
    assert "does not exist" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("content", [b"just some notes, not a database\n" * 20, b""])
def test_db_that_is_not_a_library_is_named(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    out = gloss("--db", str(path), "list")
    if not content:  # an empty file is an empty SQLite database: it becomes a library
        assert out.returncode == 0
        return
    assert out.returncode == 2
    assert "is not a Gloss library" in out.stderr and "sqlalchemy" not in out.stderr.lower()
    assert path.read_bytes() == content


def test_a_foreign_sqlite_database_is_not_taken_over(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE things (id INTEGER)")
    out = gloss("--db", str(path), "list")
    assert out.returncode == 2 and "not a Gloss library" in out.stderr


def test_no_display_says_so_and_points_at_the_cli(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    out = gloss("--db", str(tmp_path / "lib.sqlite"), env=env)
    assert out.returncode == 1
    assert "no display" in out.stderr and "gloss import" in out.stderr
    assert "xcb" not in out.stderr
