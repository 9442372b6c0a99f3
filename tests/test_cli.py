"""The ``gloss`` command, run as a real subprocess against real SQLite files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BODY = "Le ministère de la Défense a déclaré mardi 26 novembre 2024 que 76 drones avaient été abattus pendant la nuit au-dessus de dix-sept régions.\n"


def gloss(
    *args: str, db: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "GLOSS_DB"}
    full_env.update(env or {})
    cmd = [sys.executable, "-m", "core.cli", *(["--db", db] if db else []), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=full_env, timeout=120)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "fr.txt").write_text("Drones abattus\n\n" + BODY, encoding="utf-8")
    (folder / "en.md").write_text(
        "# Drones downed\n\nThe air force said on Tuesday, November 26, 2024 that 76 drones were shot down over seventeen regions overnight.\n",
        encoding="utf-8",
    )
    (folder / "mixed.txt").write_text(
        "Bilingue\n\n"
        + BODY
        + "\nThe defence ministry said on Tuesday that seventy-six drones had been shot down over seventeen regions during the night.\n",
        encoding="utf-8",
    )
    return folder


def test_import_list_show_roundtrip(tmp_path: Path, files: Path) -> None:
    db = str(tmp_path / "lib.sqlite")
    result = gloss("import", str(files), "--json", db=db)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["counts"]["imported"] == 3 and report["failed"] == []

    listed = json.loads(gloss("list", "--json", db=db).stdout)
    assert {"id", "title", "language", "status", "source"} <= set(listed[0])
    assert sorted(a["title"] for a in listed) == ["Bilingue", "Drones abattus", "Drones downed"]

    mixed = next(a for a in listed if a["title"] == "Bilingue")
    shown = json.loads(gloss("show", str(mixed["id"]), "--json", db=db).stdout)
    for key in (
        "id",
        "title",
        "language",
        "languages",
        "published",
        "source",
        "text",
        "paragraphs",
        "translations",
        "entities",
        "events",
    ):
        assert key in shown
    assert shown["published"] == "2024-11-26"
    assert set(shown["languages"]) == {"fr", "en"}
    assert [p["language"] for p in shown["paragraphs"]] == ["fr", "fr", "en"]
    assert set(shown["paragraphs"][0]) == {"index", "start", "end", "language", "boilerplate"}
    assert shown["translations"] == {} and shown["entities"] == [] and shown["events"] == []

    again = gloss("import", str(files), db=db)
    assert again.returncode == 0 and "3 duplicates skipped" in again.stdout


def test_list_filters_and_search(tmp_path: Path, files: Path) -> None:
    db = str(tmp_path / "lib.sqlite")
    gloss("import", str(files), db=db)

    def titles(*args: str) -> list[str]:
        return sorted(a["title"] for a in json.loads(gloss("list", "--json", *args, db=db).stdout))

    assert titles("--lang", "en") == ["Bilingue", "Drones downed"]
    assert titles("--lang", "fr") == ["Bilingue", "Drones abattus"]
    assert titles("--search", "abattus") == ["Bilingue", "Drones abattus"]
    assert titles("--search", "ministere") == ["Bilingue", "Drones abattus"]  # accents ignored
    assert titles("--search", '"shot down"') == ["Bilingue", "Drones downed"]
    assert titles("--search", "seventee*") == ["Bilingue", "Drones downed"]
    assert titles("--search", "nothingmatches") == []
    assert titles("--status", "new") == ["Bilingue", "Drones abattus", "Drones downed"]
    assert titles("--status", "done") == []


def test_exit_codes(tmp_path: Path, files: Path) -> None:
    db = str(tmp_path / "lib.sqlite")
    (files / "empty.txt").write_text("")
    result = gloss("import", str(files), db=db)
    assert result.returncode == 1
    assert "empty.txt: empty file" in result.stderr
    assert "3 imported" in result.stdout  # the good ones are still imported
    assert gloss("import", db=db).returncode == 2  # usage error: no path
    assert gloss("import", str(files), "--format", "docx", db=db).returncode == 2
    assert gloss("show", "999", db=db).returncode == 1


def test_forced_format(tmp_path: Path) -> None:
    db = str(tmp_path / "lib.sqlite")
    src = tmp_path / "feed.data"
    src.write_text(json.dumps({"text": BODY, "title": "From feed"}) + "\n")
    result = json.loads(gloss("import", str(src), "--format", "jsonl", "--json", db=db).stdout)
    assert result["imported"][0]["title"] == "From feed"


def test_gloss_db_environment_variable(tmp_path: Path, files: Path) -> None:
    path = tmp_path / "env.sqlite"
    env = {"GLOSS_DB": f"sqlite:///{path}"}
    assert gloss("import", str(files / "fr.txt"), env=env).returncode == 0
    assert path.exists()
    assert len(json.loads(gloss("list", "--json", env=env).stdout)) == 1


def test_demo_library(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.sqlite")
    first = gloss("demo", "--json", db=db)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["counts"]["imported"] >= 6 and report["failed"] == []
    articles = json.loads(gloss("list", "--json", db=db).stdout)
    langs = {lang for a in articles for lang in a["languages"]}
    assert {"fr", "en"} <= langs
    assert any(set(a["languages"]) == {"fr", "en"} for a in articles)
    second = json.loads(gloss("demo", "--json", db=db).stdout)
    assert second["counts"]["imported"] == 0 and second["counts"]["duplicates"] == len(articles)


def test_help_lists_commands() -> None:
    out = gloss("--help").stdout
    for command in ("import", "list", "show", "demo"):
        assert command in out
