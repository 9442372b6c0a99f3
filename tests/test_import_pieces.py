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
