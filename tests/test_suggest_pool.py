"""Pre-annotation in worker processes (``core.library.suggest_pool``): the same suggestions,
in the same order, as one process; stored by gloss-suggest; cancel keeps and counts what the
chunks under way stored."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sqlalchemy import select

from core.ingest.run import import_text
from core.library import Library, suggest_pool
from core.storage.models import Annotator, Mention
from core.suggest.engine import Options

PLACES = ["Odessa", "Kharkiv", "Kherson", "Dnipro", "Lviv", "Zaporijia", "Soumy", "Poltava"]


def _library(tmp_path: Path, count: int) -> tuple[Library, list[int]]:
    library = Library(f"sqlite:///{tmp_path / 'library.sqlite'}")
    ids = [int(import_text(library, f"Jour {n}\n\nLa Russie a lancé {n + 3} drones contre "
                                    f"{PLACES[n % len(PLACES)]} mardi soir.").imported[0]["id"])
           for n in range(count)]  # fmt: skip
    return library, ids


def _stored(library: Library) -> set[int]:
    with library.session() as session:
        return set(session.scalars(
            select(Mention.article_id).join(Annotator, Annotator.id == Mention.annotator_id)
            .where(Annotator.name == "gloss-suggest")
        ))  # fmt: skip


def test_workers_for_a_selection() -> None:
    assert suggest_pool.workers_for(10, 2) == 1  # one chunk: one worker, whatever was asked
    assert suggest_pool.workers_for(suggest_pool.CHUNK + 1, 2) == 2
    assert suggest_pool.workers_for(suggest_pool.CHUNK * 8, 16) == 8
    assert suggest_pool.workers_for(suggest_pool.ARTICLES_PER_WORKER - 1) == 1  # start-up dearer
    assert 1 <= suggest_pool.workers_for(100_000) <= suggest_pool.MAX_WORKERS


def test_cli_suggestions_from_two_workers_are_those_of_one_process(tmp_path: Path) -> None:
    library, ids = _library(tmp_path, suggest_pool.CHUNK * 2 + 5)
    library.close()

    def run(workers: str) -> list[dict[str, object]]:
        out = subprocess.run(
            [sys.executable, "-m", "core.cli", "--db", str(tmp_path / "library.sqlite"),
             "suggest", "--all", "--json", "--workers", workers],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        return [json.loads(line) for line in out.stdout.splitlines()]

    alone, pooled = run("1"), run("2")
    assert [r["article"] for r in pooled] == ids  # in the order asked for
    assert pooled == alone
    assert all(any(s["label"] == "GPE" for s in r["suggestions"]) for r in pooled)
    bad = subprocess.run([sys.executable, "-m", "core.cli", "--db", str(tmp_path / "library.sqlite"),
                          "suggest", "--all", "--workers", "0"], capture_output=True, text=True)  # fmt: skip
    assert bad.returncode == 2 and "--workers" in bad.stderr


def test_pre_annotating_in_workers_stores_counts_and_cancels(tmp_path: Path) -> None:
    library, ids = _library(tmp_path, suggest_pool.CHUNK * 6)
    seen: list[tuple[int, int]] = []
    pool = ProcessPoolExecutor(2, multiprocessing.get_context("spawn"))  # both runs share it
    found = suggest_pool.suggest_many(library.url, ids, Options(), accept=True, workers=2,
                                      keep=False, progress=lambda d, t: seen.append((d, t)),
                                      cancelled=lambda: bool(seen), pool=pool)  # fmt: skip
    assert list(found) == []  # not kept: only counted
    done = seen[-1][0]
    assert seen[0] == (suggest_pool.CHUNK, len(ids)) and done < len(ids)
    assert done % suggest_pool.CHUNK == 0
    # What the chunks under way stored is kept and counted: exactly the first articles.
    assert _stored(library) == set(ids[:done])
    rest = list(suggest_pool.suggest_many(library.url, ids[done:], Options(), accept=True,
                                          workers=2, pool=pool))  # fmt: skip
    pool.shutdown()
    assert [r.article_id for r in rest] == ids[done:]
    assert _stored(library) == set(ids)
    library.close()
