"""Article import on real SQLite files: formats, duplicates, every bad-input case."""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import func, select, text

from core.articles import article_detail
from core.ingest.run import import_paths, import_text
from core.library import Library
from core.storage.models import Article, Paragraph

BODY = (
    "Ukraine's air force said on Wednesday, December 4, 2024 that Russian forces had launched "
    "dozens of attack drones overnight, most of which were shot down over central regions.\n\n"
    "Officials in several cities reported damage to power lines and to private houses, and "
    "said that repair crews were at work before dawn to restore heating and water.\n"
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def count(library: Library) -> int:
    with library.session() as s:
        return int(s.scalar(select(func.count(Article.id))) or 0)


def reasons(report) -> dict[str, str]:
    return {
        Path(f["path"]).name + (f":{f['line']}" if f["line"] else ""): f["reason"]
        for f in report.failed
    }


def test_folder_import_recursive_all_formats(tmp_path: Path, library: Library) -> None:
    write(tmp_path / "in" / "a.txt", "Title A\n\n" + BODY)
    write(tmp_path / "in" / "sub" / "b.md", "# Title B\n\n" + BODY.replace("Wednesday", "Thursday"))
    write(
        tmp_path / "in" / "sub" / "deeper" / "c.html",
        f"<html><body><h1>Title C</h1><p>{BODY.replace('drones', 'missiles')}</p></body></html>",
    )
    write(
        tmp_path / "in" / "d.jsonl",
        json.dumps({"text": BODY.replace("air", "naval"), "title": "Title D"}) + "\n",
    )
    write(
        tmp_path / "in" / "e.csv", 'title,text\nTitle E,"' + BODY.replace("cities", "towns") + '"\n'
    )
    write(tmp_path / "in" / "notes.docx", b"PK\x03\x04 not ours")
    write(tmp_path / "in" / ".hidden.txt", "hidden")
    report = import_paths(library, [tmp_path / "in"])
    assert report.failed == []
    assert sorted(i["title"] for i in report.imported) == [f"Title {c}" for c in "ABCDE"]
    assert [Path(p).name for p in report.ignored] == ["notes.docx"]
    assert report.exit_code == 0
    assert count(library) == 5


def test_paragraph_offsets_slice_the_stored_text(library: Library) -> None:
    text = "Titre 😀🇺🇦\n\nPremier 𝔐 paragraphe avec e\u0301 accent.\nSecond.\n"
    report = import_text(library, text)
    with library.session() as s:
        detail = article_detail(s, report.imported[0]["id"])
    assert detail["text"] == text
    assert [text[p["start"] : p["end"]] for p in detail["paragraphs"]] == [
        "Titre 😀🇺🇦",
        "Premier 𝔐 paragraphe avec e\u0301 accent.",
        "Second.",
    ]


def test_exact_duplicates_skipped_and_reported(tmp_path: Path, library: Library) -> None:
    write(tmp_path / "one.txt", BODY)
    write(tmp_path / "copy.txt", BODY.replace("\n\n", "\n\n\n"))  # same text once normalised
    write(tmp_path / "copy.jsonl", json.dumps({"text": BODY}) + "\n")
    first = import_paths(library, [tmp_path / "one.txt"])
    again = import_paths(library, [tmp_path])
    assert len(first.imported) == 1
    assert {Path(d["path"]).name for d in again.duplicates} == {"one.txt", "copy.txt", "copy.jsonl"}
    assert all(d["duplicate_of"] == first.imported[0]["id"] for d in again.duplicates)
    assert again.exit_code == 0 and count(library) == 1


LONG = "\n\n".join(
    BODY.replace("Wednesday", day).replace("central", region)
    for day, region in [
        ("Monday", "northern"),
        ("Tuesday", "eastern"),
        ("Friday", "southern"),
        ("Sunday", "western"),
    ]
)


def test_near_duplicates_flagged(tmp_path: Path, library: Library) -> None:
    write(tmp_path / "a.txt", LONG)
    # The same report with a new teaser line and one word changed.
    write(tmp_path / "b.txt", "LIRE AUSSI : autre chose\n\n" + LONG.replace("dozens", "scores", 1))
    write(
        tmp_path / "c.txt", "An unrelated article about grain exports from the port of Odesa, " * 12
    )
    report = import_paths(library, [tmp_path])
    ids = {Path(i["path"]).name: i for i in report.imported}
    assert ids["a.txt"]["near_duplicate_of"] is None
    assert ids["b.txt"]["near_duplicate_of"] == ids["a.txt"]["id"]
    assert ids["c.txt"]["near_duplicate_of"] is None
    assert report.to_json()["counts"]["near_duplicates"] == 1


def test_every_bad_input_is_named_and_harms_nothing(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "batch"
    write(folder / "good.txt", BODY)
    write(folder / "empty.txt", b"")
    write(folder / "blank.txt", "  \n\t\n   ")
    write(folder / "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    write(folder / "broken-utf16.txt", b"\xff\xfe\x00\xd8\x41")
    write(folder / "huge.txt", "x" * 3000)
    os.symlink(tmp_path / "missing-target.txt", folder / "unreadable.txt")
    write(
        folder / "records.jsonl",
        json.dumps({"text": BODY.replace("drones", "rockets"), "title": "line one"})
        + "\n{broken\n"
        + json.dumps({"title": "no text here"})
        + "\n"
        + json.dumps({"text": BODY.replace("drones", "shells"), "title": "line four"})
        + "\n",
    )
    write(
        folder / "rows.csv", "title,text\nok," + '"' + BODY.replace("drones", "jets") + '"\nnone,\n'
    )
    report = import_paths(library, [folder, tmp_path / "does-not-exist"], max_bytes=2048)
    got = reasons(report)
    assert got == {
        "empty.txt": "empty file",
        "blank.txt": "empty file",
        "image.txt": "binary file, not text",
        "broken-utf16.txt": got["broken-utf16.txt"],
        "huge.txt": got["huge.txt"],
        "unreadable.txt": got["unreadable.txt"],
        "records.jsonl:2": got["records.jsonl:2"],
        "records.jsonl:3": "record has no text",
        "rows.csv:6": "row has no text",  # the row before spans lines 2-5
        "does-not-exist": "no such file or folder",
    }
    assert "utf-16" in got["broken-utf16.txt"]
    assert got["huge.txt"].startswith("file too large")
    assert got["unreadable.txt"].startswith("cannot read the file")
    assert got["records.jsonl:2"].startswith("malformed JSON")
    assert sorted(i["title"] for i in report.imported) == sorted(
        [report.imported[0]["title"], "line one", "line four", "ok"]
    )
    assert len(report.imported) == 4 and report.exit_code == 1
    with library.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert count(library) == 4


def test_paste_text_as_article(library: Library) -> None:
    report = import_text(library, "Pasted line one\r\nPasted line two", title="My paste")
    assert report.imported[0]["title"] == "My paste"
    assert import_text(library, "   ").failed[0]["reason"] == "empty text"


def test_corpus_articles(corpus: Path, library: Library) -> None:
    report = import_paths(library, [corpus])
    assert report.failed == [] and len(report.imported) == 3
    with library.session() as s:
        details = [article_detail(s, i["id"]) for i in report.imported]
        assert s.scalar(select(func.count(Paragraph.id))) == sum(
            len(d["paragraphs"]) for d in details
        )
    by_lang = {d["title"][:20]: d for d in details}
    for d in details:
        for p in d["paragraphs"]:
            piece = d["text"][p["start"] : p["end"]]
            assert piece and piece == piece.strip()
    english = next(d for d in details if d["language"] == "en")
    french = [d for d in details if d["language"] == "fr"]
    assert len(french) == 2 and english["languages"] == ["en"]

    def flagged(d):
        return [d["text"][p["start"] : p["end"]] for p in d["paragraphs"] if p["boilerplate"]]

    assert sum(t.startswith("READ ALSO") for t in flagged(english)) == 3
    assert "lep-life-health-03" in flagged(english)
    kiev = next(d for d in french if d["title"].startswith("Kiev"))
    assert "Related Articles" in flagged(kiev)
    assert any("cookies" in t for t in flagged(kiev))
    assert any(t.startswith("Home »") for t in flagged(kiev))
    # The French report dated in its first sentence.
    assert any(d["published"] == "2024-11-26" for d in french)
    assert by_lang
    # Importing the corpus again skips every article as a duplicate.
    again = import_paths(library, [corpus])
    assert len(again.duplicates) == 3 and again.imported == []


def test_a_text_without_a_title_line_gets_its_first_sentence(library: Library) -> None:
    """As found: a .txt whose first paragraph is long got that whole paragraph as title."""
    from core.ingest.analysis import DERIVED_TITLE, title_from_text

    long = (
        "Dans la nuit de lundi à mardi, la Russie a lancé 188 drones contre l'Ukraine, un "
        "record depuis le début de la guerre, selon l'armée de l'air ukrainienne qui en a "
        "abattu 76 au-dessus de dix-sept régions. Le reste a été perdu."
    )
    report = import_text(library, long + "\n\nSecond paragraphe.")
    title = report.imported[0]["title"]
    assert title.endswith("…") and len(title) <= DERIVED_TITLE + 1
    assert long.startswith(title[:-1]) and title[-2] != " "  # cut at a word
    assert title_from_text("Kyiv attaquée. Suite du texte ici.") == "Kyiv attaquée."
    assert title_from_text("Un titre court") == "Un titre court"
