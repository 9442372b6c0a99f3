"""Issue 9 (trust), import side: damaged encodings, control characters, unreadable folders,
the library's own files, and what the text report lists."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from core.articles import article_detail
from core.ingest.run import import_paths
from core.library import Library
from tests.test_import import BODY, write


def test_near_utf8_file_is_imported_as_utf8_and_named_with_a_warning(
    tmp_path: Path, library: Library
) -> None:
    data = "Début valide.\n\n".encode() + BODY.encode()
    data = data[:40] + b"\xff\xfe" + data[40:]
    path = write(tmp_path / "damaged.txt", data)
    report = import_paths(library, [path])
    assert len(report.imported) == 1 and not report.failed
    with library.session() as s:
        detail = article_detail(s, report.imported[0]["id"])
    assert detail["title"] == "Début valide."
    assert "Ã" not in detail["text"] and "\ufffd" in detail["text"]
    [warning] = report.warnings
    assert warning["path"] == str(path)
    assert "2 invalid bytes" in warning["reason"]


def test_control_characters_never_reach_stored_metadata(tmp_path: Path, library: Library) -> None:
    record = {
        "title": "Frappe\x1b[2J sur Kyïv\x07",
        "source": "AFP\x1b]0;owned\x07",
        "url": "https://example.org/a\r\nX-Injected: 1",
        "text": BODY,
    }
    path = write(tmp_path / "a.jsonl", json.dumps(record) + "\n")
    report = import_paths(library, [path])
    with library.session() as s:
        detail = article_detail(s, report.imported[0]["id"])
    for field in ("title", "source", "url"):
        assert detail[field].isprintable(), (field, detail[field])
    assert detail["title"].endswith("sur Kyïv") and "\x1b" not in detail["title"]


def test_unreadable_subfolder_is_named(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.walk hides listing errors unless asked: the walker must report them."""
    import core.ingest.pool as pool

    write(tmp_path / "in" / "ok.txt", "Title\n\n" + BODY)
    (tmp_path / "in" / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path=".", *a, **k):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *a, **k)

    monkeypatch.setattr(pool.os, "scandir", scandir)
    report = import_paths(library, [tmp_path / "in"])
    assert len(report.imported) == 1
    assert report.exit_code == 1
    [failure] = report.failed
    assert failure["path"] == str(tmp_path / "in" / "locked")
    assert "cannot read the folder" in failure["reason"]


def test_text_report_lists_ignored_files(tmp_path: Path) -> None:
    write(tmp_path / "in" / "ok.txt", "Title\n\n" + BODY)
    write(tmp_path / "in" / "notes.docx", b"PK\x03\x04 not ours")
    db = tmp_path / "lib.sqlite"
    out = subprocess.run(
        [sys.executable, "-m", "core.cli", "--db", str(db), "import", str(tmp_path / "in")],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert f"ignored   {tmp_path / 'in' / 'notes.docx'}" in out.stdout + out.stderr


def test_importing_the_library_folder_never_opens_the_library(tmp_path: Path) -> None:
    """Reading the library's own files outside SQLite drops SQLite's POSIX locks (issue 9.1):
    a folder import that holds the library skips its files and says so."""
    db = tmp_path / "lib.sqlite"
    library = Library(f"sqlite:///{db}")
    try:
        write(tmp_path / "a.txt", "Title\n\n" + BODY)
        with library.session() as s:  # make sure -wal and -shm exist
            s.execute(__import__("sqlalchemy").text("SELECT 1"))
        report = import_paths(library, [tmp_path, db])
        assert [Path(i["path"]).name for i in report.imported] == ["a.txt"]
        skipped = {Path(w["path"]).name for w in report.warnings}
        assert {"lib.sqlite", "lib.sqlite-wal", "lib.sqlite-shm"} <= skipped
        assert not any("lib.sqlite" in f["path"] for f in report.failed)
    finally:
        library.close()


def test_an_article_the_database_refuses_fails_alone_and_leaves_no_trace(
    tmp_path: Path, library: Library
) -> None:
    """A batch whose writing fails is written again one article at a time, so only the
    refused one fails (named). Its first attempt leaves nothing behind: the others are
    not flagged as near-duplicates of themselves or of the refused one."""
    with library.session() as session:  # the database refuses one article's paragraphs (as a
        # constraint would), after the batch's articles were inserted and looked at
        session.execute(text(
            "CREATE TRIGGER refuse BEFORE INSERT ON paragraphs WHEN (SELECT title FROM articles"
            " WHERE id = new.article_id) = 'Refusé' BEGIN SELECT RAISE(ABORT, 'refused by the"
            " database'); END"
        ))  # fmt: skip
    words = [
        "drones",
        "nuit",
        "région",
        "missiles",
        "défense",
        "abattus",
        "lancés",
        "armée",
        "ville",
        "frappe",
    ]
    folder = tmp_path / "in"
    folder.mkdir()
    for n, title in enumerate(["Premier", "Refusé", "Troisième"]):
        rng = random.Random(n)
        body = " ".join(rng.choice(words) + str(rng.randrange(1000)) for _ in range(250))
        (folder / f"{n}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    report = import_paths(library, [folder])
    [failed] = report.failed
    assert failed["path"] == str(folder / "1.txt")
    assert failed["reason"].startswith("could not store the article:")
    assert "refused by the database" in failed["reason"]
    assert sorted(item["title"] for item in report.imported) == ["Premier", "Troisième"]
    assert [item["near_duplicate_of"] for item in report.imported] == [None, None]
    with library.session() as session:
        flagged = "SELECT COUNT(*) FROM articles WHERE near_duplicate_of IS NOT NULL"
        assert session.execute(text(flagged)).scalar() == 0


def test_half_an_emoji_in_a_records_metadata_does_not_cost_the_article(
    tmp_path: Path, library: Library
) -> None:
    """A JSON record whose title and source hold a lone surrogate escape (an emoji cut in
    two by the tool that wrote it) is imported, the half shown as U+FFFD as in the text; it
    failed whole ("could not store the article: ... surrogates not allowed")."""
    line = '{"title": "Caf\\udce9 titre", "source": "AFP \\ud83d", "text": ' + json.dumps(BODY)
    odd_language = '{"title": "B", "language": "fr\\ud83d", "text": ' + json.dumps(BODY + "!")
    report = import_paths(library, [write(tmp_path / "a.jsonl", f"{line}}}\n{odd_language}}}\n")])
    assert not report.failed, report.failed
    with library.session() as s:
        detail = article_detail(s, report.imported[0]["id"])
    assert (detail["title"], detail["source"]) == ("Caf\ufffd titre", "AFP \ufffd")


def test_a_file_whose_name_is_not_utf8_is_imported_and_named_with_escapes(
    tmp_path: Path,
) -> None:
    """A Latin-1 file name (an old archive unpacked on Linux) failed to store ("surrogates
    not allowed") and `--json` crashed with a traceback. The file is imported; the report
    and the article's origin name it with \\x escapes."""
    folder = tmp_path / "in"
    folder.mkdir()
    try:
        name = os.fsdecode(b"caf\xe9.txt")
        (folder / name).write_text("Titre\n\n" + BODY, encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    db = tmp_path / "lib.sqlite"
    shown = str(folder / "caf\\xe9.txt")
    for extra in ((), ("--json",)):
        db.unlink(missing_ok=True)
        out = subprocess.run(
            [sys.executable, "-m", "core.cli", "--db", str(db), "import", str(folder), *extra],
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, out.stderr
        assert "Traceback" not in out.stderr
    report = json.loads(out.stdout)
    assert [(i["path"], i["title"]) for i in report["imported"]] == [(shown, "Titre")]
    library = Library(f"sqlite:///{db}")
    try:
        with library.session() as s:
            assert article_detail(s, 1)["origin"] == shown
    finally:
        library.close()
