"""Core stays free of Qt; the PySide6 version cannot be the one that crashes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contract() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "core never imports Qt or gui KEPT" in result.stdout
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_the_gui_opens_no_unit_of_work_itself() -> None:
    """The GUI talks to the façade's managers, which own the transactions."""
    import re

    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "gui").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\.(session|reading)\(\)", line)
    ]
    assert found == []


def test_the_schema_is_read_typed() -> None:
    """Code reads the schema through core.annotation.types; only the JSON's own modules
    (validation, the typed view) and the schema editor, which edits the JSON, name its keys."""
    import re

    keys = re.compile(r"[\"'](entity_types|event_types|event_attributes|document_statuses)[\"']")
    allowed = {
        "core/annotation/schema.py",
        "core/annotation/types.py",
        "gui/dialogs/schema_editor.py",
    }
    found = {
        str(path.relative_to(ROOT))
        for folder in ("core", "gui")
        for path in (ROOT / folder).rglob("*.py")
        if keys.search(path.read_text(encoding="utf-8"))
    }
    migrations = {name for name in found if name.startswith("core/storage/migrations/")}
    assert found - migrations <= allowed, found - allowed  # migrations edit the stored JSON


def test_modules_stay_small() -> None:
    """No module over 400 lines; the main window is a shell of at most 300."""
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for folder in ("core", "gui", "benchmarks")
        for path in (ROOT / folder).rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 400} == {}
    assert sizes["gui/main_window.py"] <= 300


def test_core_imports_and_runs_without_qt(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        sys.modules["PySide6"] = None  # any Qt import now fails
        sys.modules["shiboken6"] = None
        from core.cli import main
        sys.exit(main(["--db", {str(tmp_path / "x.sqlite")!r}, "demo"]))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_pyside_version_pinned_away_from_crash() -> None:
    import PySide6

    version = tuple(int(p) for p in PySide6.__version__.split(".")[:3])
    assert not (version == (6, 12, 0) and sys.version_info[:2] == (3, 11))
    text = (ROOT / "pyproject.toml").read_text()
    assert '"PySide6-Essentials>=6.9,<6.12"' in text


def test_many_calls_of_void_qt_methods_do_not_crash() -> None:
    """Regression for PySide6 6.12.0 on CPython 3.11 (none_dealloc after a few thousand calls)."""
    code = textwrap.dedent(
        """
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QObject, QTimer
        obj = QObject()
        timer = QTimer()
        before = sys.getrefcount(None)
        for i in range(100_000):
            obj.setObjectName("x")      # returns None
            timer.setInterval(i % 50)   # returns None
        print("ok", sys.getrefcount(None) - before)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok")


def test_launching_the_app_imports_no_database_code_before_the_window() -> None:
    """The window paints before SQLAlchemy is imported (cold start): building the CLI's
    parser, which every launch does, must stay light."""
    code = textwrap.dedent(
        """
        import sys
        from core.cli import build_parser
        build_parser().parse_args(["export", "--format", "conll", "-o", "x"])
        heavy = sorted(m for m in ("sqlalchemy", "orjson", "alembic", "spacy") if m in sys.modules)
        print(heavy)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
