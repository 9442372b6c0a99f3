from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("GLOSS_DB", None)

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.library import Library

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def _models_apart(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Models trained on a test library's tags go to a temporary folder, never the user's."""
    monkeypatch.setenv("GLOSS_MODELS", str(tmp_path_factory.mktemp("models")))


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'library.sqlite'}"


@pytest.fixture
def library(db_url: str):
    lib = Library(db_url)
    yield lib
    lib.close()


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture
def settings(tmp_path: Path):
    """A settings file of the test's own, never the user's. Suggestions are off: each window
    would start a worker process and load the models (tests/test_gui_suggest.py turns them on)."""
    from PySide6.QtCore import QSettings

    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    store.setValue("suggest/show", False)
    return store


@pytest.fixture(scope="session")
def pg_url():
    """A PostgreSQL server for the session (the tests start it; `.ci/run` installs it)."""
    from tests import pg

    if not pg.available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: .ci/run must install it")
        pytest.skip("PostgreSQL server binaries are not installed")
    with pg.server() as url:
        yield url


@pytest.fixture(scope="session")
def x_display() -> Iterator[str]:
    """A real X server (Xvfb) for the few tests that need the xcb platform's own behaviour
    (its key bindings, say): ``DISPLAY`` for a child process."""
    import shutil
    import subprocess

    xvfb = shutil.which("Xvfb")
    assert xvfb, "Xvfb is missing: .ci/run installs it (Debian package xvfb)"
    read, write = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
