"""Issue 9.1: nothing but SQLite opens the library's files, and the app refuses to go on
writing if its WAL was unlinked under it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.ingest.run import import_text
from core.library import Library, LibraryDetached
from core.storage.models import Mention
from tests.test_trust_concurrency import ROOT

TEXT = "Kyiv et Odesa ont été visées.\n\nLa défense aérienne a répondu."


def send(proc: subprocess.Popen[str], line: str) -> str:
    assert proc.stdin and proc.stdout
    proc.stdin.write(line + "\n")
    proc.stdin.flush()
    return proc.stdout.readline().strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX advisory locks")
def test_tag_after_a_file_dialog_on_the_library_folder_survives_kill_9(tmp_path: Path) -> None:
    """As found: the dialog opened and closed lib.sqlite, -wal and -shm (icons, MIME types),
    which dropped SQLite's locks; `gloss show` then deleted the WAL the app was writing
    into, and the next tag was lost at kill -9."""
    db = tmp_path / "lib.sqlite"
    url = f"sqlite:///{db}"
    library = Library(url)
    import_text(library, TEXT, title="T")
    library.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    app = subprocess.Popen(
        [sys.executable, "-m", "tests.dialog_child", url, str(tmp_path / "settings.ini")],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=env,
    )  # fmt: skip
    try:
        assert app.stdout and app.stdout.readline().strip() == "ready"
        assert send(app, "tag 0 4").startswith("ok mention")  # the app has written: WAL open
        assert send(app, "dialog") == "ok dialog"
        shown = subprocess.run(
            [sys.executable, "-m", "core.cli", "--db", str(db), "show", "1"],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert shown.returncode == 0, shown.stderr
        answer = send(app, "tag 8 13")
        assert answer.startswith("ok mention"), answer + (app.stderr.read() if app.poll() else "")
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait()
    library = Library(url)
    try:
        with library.reading() as s:
            texts = sorted(s.scalars(select(Mention.text)))
            assert s.scalar(select(func.count(Mention.id))) == 2
    finally:
        library.close()
    assert texts == ["Kyiv", "Odesa"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/fd")
def test_writes_stop_when_the_wal_was_unlinked(tmp_path: Path) -> None:
    """Whatever dropped the locks, a library whose WAL another process deleted refuses the
    next write instead of writing into a deleted file."""
    db = tmp_path / "lib.sqlite"
    library = Library(f"sqlite:///{db}")
    try:
        article_id = import_text(library, TEXT, title="T").imported[0]["id"]
        with library.session() as s:  # a pooled connection now holds -wal open
            s.execute(select(func.count(Mention.id)))
        wal = Path(f"{db}-wal")
        assert wal.exists()
        wal.unlink()  # what the other process did after the locks were gone
        from core.annotation.ops import AddMention

        with pytest.raises(LibraryDetached, match="journal"):
            AddMention(article_id, 0, 4, "GPE").do(library)
    finally:
        library.close()


DIALOG_CHILD = """
import sys
from PySide6.QtCore import QCoreApplication, QElapsedTimer
from PySide6.QtWidgets import QApplication
from gui.dialogs import files as file_dialogs
app = QApplication([])
for make in (lambda: file_dialogs._dialog(None, "x", sys.argv[1], "All files (*)"),):
    dialog = make()
    dialog.show()
    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < 1500:
        QCoreApplication.processEvents()
    dialog.reject()
print("listed", flush=True)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="strace")
def test_file_dialogs_never_open_the_files_they_list(tmp_path: Path) -> None:
    """The root cause, watched at the system-call level: listing a folder (icons, types,
    sizes, dates) opens none of its files."""
    import shutil

    strace = shutil.which("strace")
    if strace is None:
        if os.environ.get("CI"):
            pytest.fail("strace is not installed: .ci/run must install it")
        pytest.skip("strace is not installed")
    folder = tmp_path / "library folder"
    folder.mkdir()
    for name in ("lib.sqlite", "lib.sqlite-wal", "lib.sqlite-shm", "article.txt", "data"):
        (folder / name).write_bytes(b"SQLite format 3\x00" + bytes(200))
    log = tmp_path / "trace.log"
    out = subprocess.run(
        [strace, "-f", "-e", "trace=open,openat,openat2", "-o", str(log),
         sys.executable, "-c", DIALOG_CHILD, str(folder)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert out.returncode == 0 and "listed" in out.stdout, out.stderr[-2000:]
    trace = log.read_text(errors="replace")
    assert str(folder) in trace  # the folder itself was listed...
    opened = [line for line in trace.splitlines() if f"{folder}/" in line]
    assert opened == []  # ...and none of its files was opened
