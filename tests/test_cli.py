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


def test_show_prints_everything_a_person_needs(tmp_path: Path) -> None:
    """As found: `gloss show ID` printed no translations, tags, events, labels or notes."""
    from core.annotation import ops
    from core.library import Library
    from core.translation.store import save

    db = tmp_path / "lib.sqlite"
    library = Library.open(str(db))
    text = "Frappe\n\nLa Russie a lancé 188 drones contre Kyiv."
    article_id = library.exchange.import_text(text).imported[0]["id"]
    kyiv = library.annotations.tag(article_id, text.index("Kyiv"), text.index("Kyiv") + 4, "GPE")
    russia = library.annotations.tag(
        article_id, text.index("Russie"), text.index("Russie") + 6, "GPE"
    )
    strike = library.annotations.add_event(
        article_id, "AIR_DRONE_STRIKE", text.index("lancé"), text.index("lancé") + 5
    )
    library.annotations.add_argument(strike.event_id, "Attacker", russia.mention_id)
    library.annotations.set_attribute(strike.event_id, "launched", 188)
    library.annotations.set_attribute(strike.event_id, "claimed_by", kyiv.mention_id)
    library.articles.set_field(article_id, "labels", ["kyiv", "drones"])
    library.articles.set_field(article_id, "notes", "check the count")
    library.annotations.run(
        ops.EditTranslation(article_id, "en", index=1, text="Russia launched 188 drones at Kyiv.")
    )
    with library.session() as s:
        from core.storage.models import Paragraph

        first = s.query(Paragraph).filter_by(article_id=article_id, index=0).one().id
        save(s, first, "en", "Strike", "libre", edited=False)
    library.close()
    out = gloss("show", str(article_id), db=str(db))
    assert out.returncode == 0, out.stderr
    for expected in (
        "labels: drones, kyiv",
        "check the count",
        "translation (en):",
        "[1]  [edited] Russia launched 188 drones at Kyiv.",
        "GPE      «Kyiv» (original",
        "AIR_DRONE_STRIKE «lancé»",
        "Attacker: «Russie»",
        "launched = 188",
        "claimed_by = «Kyiv»",
    ):
        assert expected in out.stdout, (expected, out.stdout)


def test_filter_values_that_match_nothing_are_named(tmp_path: Path, files: Path) -> None:
    """As found: --types FOO, --annotator nobody, --status bogus passed silently (empty)."""
    db = str(tmp_path / "lib.sqlite")
    assert gloss("import", str(files), db=db).returncode == 0
    out = gloss("list", "--status", "bogus", db=db)
    assert out.returncode == 2 and "status 'bogus' is not one of: new" in out.stderr
    assert "done" in out.stderr
    out = gloss("export", "--format", "doccano", "-o", str(tmp_path / "x.jsonl"),
                "--types", "GPE,FOO", "--annotator", "nobody", db=db)  # fmt: skip
    assert out.returncode == 2, out.stderr
    assert "type 'FOO' is neither in the schema nor used" in out.stderr
    assert "annotator 'nobody' is unknown" in out.stderr
    assert "'GPE'" not in out.stderr.split("type 'FOO'")[0]  # GPE is a real type
    assert not (tmp_path / "x.jsonl").exists()
    out = gloss("list", "--label", "nope", db=db)
    assert out.returncode == 2 and "label 'nope' is on no article" in out.stderr
    assert gloss("list", "--status", "new", db=db).returncode == 0


def test_edit_and_delete_articles(tmp_path: Path, files: Path) -> None:
    db = str(tmp_path / "lib.sqlite")
    assert gloss("import", str(files), db=db).returncode == 0
    out = gloss("edit", "1", "--title", "Drones abattus (AFP)", "--source", "AFP",
                "--published", "2024-11-26", "--language", "fr", db=db)  # fmt: skip
    assert out.returncode == 0, out.stderr
    shown = json.loads(gloss("show", "1", "--json", db=db).stdout)
    assert (shown["title"], shown["source"], shown["published"]) == (
        "Drones abattus (AFP)", "AFP", "2024-11-26"
    )  # fmt: skip
    bad = gloss("edit", "1", "--published", "26/11/2024", db=db)
    assert bad.returncode == 2 and "--published" in bad.stderr and "not a date" in bad.stderr
    assert gloss("edit", "1", db=db).returncode == 2
    assert gloss("edit", "99", "--title", "x", db=db).returncode == 1
    refused = gloss("delete", "1", db=db)  # not a terminal, no --yes: nothing happens
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert gloss("delete", "1", "2", "--yes", db=db).returncode == 0
    listed = json.loads(gloss("list", "--json", db=db).stdout)
    assert [row["id"] for row in listed] == [3]
    assert gloss("delete", "1", "--yes", db=db).returncode == 1  # gone already: named


def test_a_long_report_is_written_in_chunks_as_valid_json(capsys) -> None:
    """The import report's article list goes out a chunk at a time (never whole as text);
    the output is the same JSON, key order kept."""
    from core.json_output import print_json_streamed as _print_json_streamed

    items = [{"id": n, "title": f"T{n} «é»", "near_duplicate_of": None} for n in range(7)]
    data = {"imported": items, "failed": [{"path": "x", "line": 3}], "counts": {"imported": 7}}
    _print_json_streamed(dict(data), "imported", chunk=3)
    out = capsys.readouterr().out
    assert json.loads(out) == data and list(json.loads(out)) == list(data)
    _print_json_streamed({"imported": [], "counts": {}}, "imported")
    assert json.loads(capsys.readouterr().out) == {"imported": [], "counts": {}}


def test_a_command_leaves_its_library_one_closed_file(tmp_path: Path, files: Path) -> None:
    """Each command closes the library it opened before the process ends (SQLite folds its
    write-ahead log back in): a copy of the .sqlite file alone is the whole library, after a
    command that succeeded and after one that failed."""
    db = tmp_path / "lib.sqlite"
    commands = [("import", str(files)), ("list",), ("show", "999"), ("edit", "1", "--title", "T")]
    for command in commands:
        result = gloss(*command, db=str(db))
        assert result.returncode in (0, 1), result.stderr
        assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["lib.sqlite"], command


def test_a_command_run_in_process_leaves_the_collector_alone(tmp_path: Path, files: Path) -> None:
    """Only a process that ends with the command skips the exit's final garbage pass
    (gc.freeze); main() called within a longer-lived process does not."""
    import gc

    from core.cli import main

    before = gc.get_freeze_count()
    assert main(["--db", str(tmp_path / "lib.sqlite"), "import", str(files)]) == 0
    assert gc.get_freeze_count() == before
