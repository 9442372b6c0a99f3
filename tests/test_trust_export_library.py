"""An export never writes over the library it exports. As found: ``gloss export --format
native -o lib.sqlite`` (the library's own file, picked by a slip in a file dialog or a shell
history) replaced the library with the export, exit 0: every article, tag and event gone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.demo import load_demo
from core.export.run import ExportError, ExportOptions, check
from core.library import Library

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    db = tmp_path / "lib.sqlite"
    library = Library(f"sqlite:///{db}")
    load_demo(library)
    library.close()
    return db


def export_cli(db: Path, fmt: str, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "core.cli", "--db", str(db), "export", "--format", fmt, "-o", str(out)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip


def intact(db: Path) -> int:
    library = Library(f"sqlite:///{db}")
    try:
        return library.articles.count()
    finally:
        library.close()


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_the_cli_refuses_to_export_onto_the_librarys_files(demo: Path, suffix: str) -> None:
    target = demo.with_name(demo.name + suffix)
    run = export_cli(demo, "native", target)
    assert run.returncode == 2, run.stdout + run.stderr
    assert f"{target} is the library being exported" in run.stderr
    assert intact(demo) == 7


def test_a_link_to_the_library_is_the_library(demo: Path, tmp_path: Path) -> None:
    (tmp_path / "alias.jsonl").symlink_to(demo)
    os.link(demo, tmp_path / "copy.jsonl")
    for target in (tmp_path / "alias.jsonl", tmp_path / "copy.jsonl"):
        run = export_cli(demo, "native", target)
        assert run.returncode == 2 and "is the library being exported" in run.stderr
    assert intact(demo) == 7


def test_a_folder_export_never_replaces_a_folder_holding_the_library(demo: Path) -> None:
    """The library kept inside an earlier export's folder: replacing that export would
    have deleted it."""
    folder = demo.parent
    (folder / ".gloss-export").write_text("brat\n")  # as an earlier export leaves it
    run = export_cli(demo, "brat", folder)
    assert run.returncode == 2
    assert f"{folder} holds the library being exported" in run.stderr
    assert intact(demo) == 7


def test_a_companion_file_never_lands_on_the_library(tmp_path: Path) -> None:
    """hf writes ``NAME.labels.json`` beside ``NAME.jsonl``."""
    db = tmp_path / "data.labels.json"
    library = Library(f"sqlite:///{db}")
    load_demo(library)
    with pytest.raises(ExportError, match="is the library being exported"):
        library.exchange.export(
            library.articles.ids(), tmp_path / "data.jsonl", ExportOptions("hf")
        )
    assert library.articles.count() == 7
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("data.labels")) == []
    library.close()


def test_the_export_dialogs_check_names_the_library(demo: Path) -> None:
    library = Library(f"sqlite:///{demo}")
    with pytest.raises(ExportError, match="is the library being exported"):
        check(ExportOptions("doccano"), demo, library.files())
    library.close()


def test_the_schema_is_never_saved_over_nor_read_from_the_library(
    demo: Path, tmp_path: Path
) -> None:
    """ "Save the schema as…" on the library's file replaced the library; "Load a schema" on
    it read the database file with Python's own descriptor (whose close drops SQLite's locks)."""
    from core.annotation.schema import SchemaError

    library = Library(f"sqlite:///{demo}")
    before = demo.read_bytes()
    for own in library.files()[:2]:
        with pytest.raises(SchemaError, match="is the library itself"):
            library.schema.save(own)
        with pytest.raises(SchemaError, match="is the library itself"):
            library.schema.load(own)
    assert demo.read_bytes() == before and library.articles.count() == 7
    library.schema.save(tmp_path / "schema.json")
    assert library.schema.load(tmp_path / "schema.json")[1] == {}
    library.close()


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"PK\x03\x04\xff\xfe binary", "not UTF-8 text"), (None, "No such file")],
)
def test_a_schema_file_that_cannot_be_read_is_a_named_error(
    library: Library, tmp_path: Path, content: bytes | None, reason: str
) -> None:
    """A .docx picked by mistake, or a file gone since the dialog: a SchemaError naming the
    file (the app shows it), not a traceback."""
    from core.annotation.schema import SchemaError

    path = tmp_path / "schema.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SchemaError, match=reason) as caught:
        library.schema.load(path)
    assert str(path) in str(caught.value)


def test_a_schema_saved_where_it_cannot_be_written_is_a_named_error(
    library: Library, tmp_path: Path
) -> None:
    from core.annotation.schema import SchemaError

    with pytest.raises(SchemaError, match="cannot write") as caught:
        library.schema.save(tmp_path / "no such folder" / "schema.json")
    assert "no such folder" in str(caught.value)
