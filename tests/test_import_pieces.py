"""A large file of one record per line is read in pieces by several worker processes: every
record is imported once, failures keep their true line numbers, annotations arrive whole,
and the progress counts files, not pieces."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from core.articles import article_detail
from core.ingest import pool
from core.ingest.run import import_paths
from core.library import Library

WORDS = [
    "drones",
    "Kyiv",
    "Odessa",
    "frappe",
    "nuit",
    "missiles",
    "défense",
    "aérienne",
    "région",
    "Kharkiv",
]


def _text(rng: random.Random, n: int) -> str:
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(40)) + "." for _ in range(4)]
    return f"Article {n}\n\n" + "\n\n".join(paragraphs)


def _dataset(path: Path, count: int, bad: set[int]) -> dict[int, list[list[object]]]:
    """A doccano file of ``count`` records; lines in ``bad`` are broken JSON. Returns the
    spans of each good line, by line number."""
    rng = random.Random(count)
    spans: dict[int, list[list[object]]] = {}
    with path.open("w", encoding="utf-8") as out:
        for line in range(1, count + 1):
            if line in bad:
                out.write('{"text": "broken\n')
                continue
            text = _text(rng, line)
            at = text.index("\n\n") + 2
            word = text[at:].split(" ", 1)[0]
            spans[line] = [[at, at + len(word), "GPE"]]
            out.write(json.dumps({"text": text, "label": spans[line]}, ensure_ascii=False) + "\n")
    return spans


@pytest.mark.parametrize("workers", [1, 2])
def test_a_large_dataset_in_pieces_loses_nothing_and_names_lines(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(pool, "PIECE_CHARS", 4000)  # pieces of a few records each
    monkeypatch.setattr(pool, "PARALLEL_BYTES", 1000)
    path = tmp_path / "big.jsonl"
    bad = {2, 57, 120}
    spans = _dataset(path, 150, bad)
    assert path.stat().st_size > 20 * pool.PIECE_CHARS  # many pieces
    seen: list[tuple[int, int]] = []
    report = import_paths(
        library,
        [path],
        workers=workers,
        progress=lambda done, total, _n: seen.append((done, total)),
    )
    assert sorted(f["line"] for f in report.failed) == sorted(bad)
    assert all(f["path"] == str(path) for f in report.failed)
    lines = [item["line"] for item in report.imported]
    assert lines == sorted(spans)  # each good record once, in file order
    for item in report.imported:
        with library.session() as s:
            detail = article_detail(s, item["id"])
        got = [[m["start"], m["end"], m["label"]] for m in detail["entities"]]
        assert got == spans[item["line"]], item["line"]
        assert detail["text"].startswith(f"Article {item['line']}\n")
    assert seen[-1] == (1, 1) and all(done <= 1 for done, _t in seen)  # one file, not pieces


def test_plain_json_lines_in_pieces_keep_line_numbers(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "PIECE_CHARS", 3000)
    monkeypatch.setattr(pool, "PARALLEL_BYTES", 1000)
    rng = random.Random(7)
    path = tmp_path / "plain.jsonl"
    rows = [json.dumps({"text": _text(rng, n), "title": f"T{n}"}) for n in range(1, 81)]
    rows[64] = json.dumps({"title": "no text"})  # line 65
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = import_paths(library, [path], workers=2)
    assert [(f["line"], f["reason"]) for f in report.failed] == [(65, "record has no text")]
    assert [i["title"] for i in report.imported] == [f"T{n}" for n in range(1, 81) if n != 65]


def _folder(tmp_path: Path, count: int) -> Path:
    """Plain articles, with a doccano dataset among them (it needs the library's schema)."""
    rng = random.Random(count)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03d}.txt").write_text(_text(rng, n), encoding="utf-8")
    _dataset(folder / f"{count // 2:03d}-data.jsonl", 5, set())
    return folder


def test_plain_files_are_read_before_the_library_opens(tmp_path: Path) -> None:
    """`gloss import` sets the workers going before the library (and its database code)
    opens; only files that need no schema go early, and the import is the same as ever."""
    import concurrent.futures

    from core.config import to_url

    folder = _folder(tmp_path, 120)
    db = tmp_path / "library.sqlite"
    started = pool.start([folder], to_url(str(db)), "auto", 10**8)
    assert started is not None and started.analysis._pool is not None
    early = list(started.analysis._flight)
    assert early and all(pool.schema_free(t, "auto") for _f, b in early for t in b)
    assert started.analysis._held is not None  # the dataset waits for the schema
    assert any(t[1].endswith("-data.jsonl") for t in started.analysis._held)
    concurrent.futures.wait([early[0][0]])  # work done while no library exists
    assert not db.exists()
    library = Library(to_url(str(db)))
    try:
        report = import_paths(library, [folder], started=started)
        names = [Path(i["path"]).name for i in report.imported]
        assert [n for n in names if n.endswith(".txt")] == [f"{n:03d}.txt" for n in range(120)]
        data = [i["id"] for i in report.imported if i["path"].endswith("-data.jsonl")]
        assert len(data) == 5  # converted with the schema, annotations kept
        with library.session() as s:
            assert [m["label"] for m in article_detail(s, data[0])["entities"]] == ["GPE"]
        assert not report.failed
    finally:
        library.close()


def test_an_early_start_for_another_library_is_begun_again(
    tmp_path: Path, library: Library
) -> None:
    """Started for one library's files but stored into another: the early work is dropped
    and the import begins again with this library's files kept out."""
    from core.config import to_url

    folder = _folder(tmp_path, 70)
    started = pool.start([folder], to_url(str(tmp_path / "other.sqlite")), "auto", 10**8)
    assert started is not None and started.protected != library.files()
    report = import_paths(library, [folder], started=started)
    assert started.analysis._pool is None  # closed
    assert len(report.imported) == 75 and not report.failed


def test_library_files_told_from_the_url_are_the_open_library_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.config import library_files, to_url

    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub dir").mkdir()
    for url in (to_url(str(tmp_path / "sub dir" / "a.sqlite")), "sqlite:///relative.sqlite"):
        opened = Library(url)
        try:
            assert library_files(url) == opened.files()
        finally:
            opened.close()
    assert library_files("sqlite:///a%20b.sqlite") is None  # only SQLAlchemy can tell
    assert library_files("sqlite+pysqlite:///a.sqlite") is None
    assert library_files("sqlite:///a.sqlite?mode=ro") is None
    assert library_files("postgresql://u@localhost/gloss") == []
    assert pool.start([tmp_path], "sqlite:///a%20b.sqlite", "auto", 10**8) is None


def test_the_library_in_the_folder_is_kept_out_of_an_early_start(tmp_path: Path) -> None:
    from core.config import to_url

    folder = _folder(tmp_path, 3)
    db = folder / "library.sqlite"
    Library(to_url(str(db))).close()
    started = pool.start([folder], to_url(str(db)), "auto", 10**8)
    assert started is not None
    assert started.inputs.protected == [str(db)]
    assert str(db) not in started.inputs.files
    started.analysis.close()


def test_analysed_results_cross_processes_whole(tmp_path: Path) -> None:
    """Results are pickled as plain values (quicker): they arrive equal, named tuples too."""
    import pickle

    from core.ingest.analysis import ParagraphInfo
    from core.ingest.intake import read_file

    path = tmp_path / "a.txt"
    path.write_text("Titre\n\n" + _text(random.Random(1), 1) + "\n\nPublié le 3 mars 2024.")
    result = read_file(path, None)
    result.warnings.append((3, "a warning"))
    back = pickle.loads(pickle.dumps(result))
    assert back == result and back.prepared[0][1].published is not None
    assert all(type(p) is ParagraphInfo for p in back.prepared[0][1].paragraphs)
