"""Benchmark libraries, built the way users build theirs: native JSONL records stored by the
importer through the façade (no raw rows, so a migration never has to be repeated here).

A built library is kept in a cache folder (``GLOSS_BENCH_CACHE``, by default
``~/.cache/gloss-bench``) under a name holding its parameters and the schema revision, and
copied with SQLite's backup API: the second run of a group starts at once."""

from __future__ import annotations

import os
import random
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from benchmarks.textgen import article
from core.library import Library
from core.native_format import FORMAT, VERSION
from core.storage.db import HEAD_REVISION
from core.text.segment import paragraphs

LABELS = ["PER", "ORG", "GPE", "LOC", "WEA", "QTY", "DATE"]
WORD = re.compile(r"\w+")
CHUNK = 5_000  # records per fixture file


def _cache() -> Path:
    folder = Path(os.environ.get("GLOSS_BENCH_CACHE") or Path.home() / ".cache" / "gloss-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _copy(source: Path, target: Path) -> None:
    """Copy a library with SQLite's own backup (the driver opens both files)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def record(
    text: str,
    title: str = "",
    mentions: list[tuple[int, int, str]] = (),  # type: ignore[assignment]
    events: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    """A native record: paragraphs as Gloss segments them, ``mentions`` as (start, end,
    label) with ids m1, m2…, ``events`` already in the native shape."""
    return {
        "format": FORMAT, "version": VERSION, "title": title or text.split("\n", 1)[0][:120],
        "text": text, "language": "fr", "languages": ["fr"],
        "paragraphs": [
            {"index": n, "start": s, "end": e, "language": "fr", "boilerplate": False}
            for n, (s, e) in enumerate(paragraphs(text))
        ],
        "mentions": [
            {"id": f"m{n}", "layer": "original", "start": s, "end": e, "label": label,
             "text": text[s:e], "annotator": "bench"}
            for n, (s, e, label) in enumerate(mentions, start=1)
        ],
        "events": list(events),
    }  # fmt: skip


def event(
    n: int, text: str, span: tuple[int, int], arguments: list[tuple[str, int]]
) -> dict[str, Any]:
    """An AIR_DRONE_STRIKE event triggered by ``span``; arguments as (role, mention number)."""
    start, end = span
    return {
        "id": f"e{n}", "type": "AIR_DRONE_STRIKE",
        "trigger": {"layer": "original", "start": start, "end": end, "text": text[start:end]},
        "arguments": [{"role": r, "mention": f"m{m}", "annotator": "bench"} for r, m in arguments],
        "attributes": {"launched": 188}, "annotator": "bench",
    }  # fmt: skip


def _build(db: Path, key: str, records: Callable[[], Iterator[dict[str, Any]]]) -> Path:
    """The library ``key`` at ``db``: from the cache, or imported from ``records``."""
    cached = _cache() / f"{key}-r{HEAD_REVISION}.sqlite"
    if not cached.exists():
        # Files of CHUNK records: read and analysed in parallel, each well under the size
        # limit of one input file.
        source = db.with_name(db.stem + "-records")
        source.mkdir()
        out = None
        for n, item in enumerate(records()):
            if n % CHUNK == 0:
                if out is not None:
                    out.close()
                out = (source / f"{n // CHUNK:05d}.jsonl").open("wb")
            assert out is not None
            out.write(orjson.dumps(item) + b"\n")
        if out is not None:
            out.close()
        partial = cached.with_suffix(".part")
        partial.unlink(missing_ok=True)
        library = Library(f"sqlite:///{partial}")
        report = library.exchange.import_paths([source], fmt="native")
        library.close()
        if report.failed:
            raise RuntimeError(f"fixture {key}: {report.failed[:3]}")
        for path in source.iterdir():
            path.unlink()
        source.rmdir()
        partial.replace(cached)
    _copy(cached, db)
    return db


def search_library(db: Path, n: int) -> Path:
    """n articles of ~1,500 characters; one in 10,000 mentions Zaporizhzhia."""

    def records() -> Iterator[dict[str, Any]]:
        rng = random.Random(2)
        for i in range(n):
            text = article(rng, 1500) + f"\nRef {i}.\n"
            if i % 10_000 == 0:
                text += "\nRarissime mention of Zaporizhzhia nuclear plant.\n"
            yield record(text)

    return _build(db, f"search-{n}", records)


def export_library(db: Path, n: int, mentions_per_article: int) -> Path:
    """n articles of ~1,500 characters with mentions; every other one has an event with two
    arguments."""

    def records() -> Iterator[dict[str, Any]]:
        rng = random.Random(3)
        for i in range(1, n + 1):
            text = article(rng, 1500) + f"\nRef {i}.\n"
            words = [m.span() for m in WORD.finditer(text)]
            picked = sorted(rng.sample(words, min(mentions_per_article, len(words))))
            mentions = [(s, e, rng.choice(LABELS)) for s, e in picked]
            events = []
            if i % 2 == 0 and len(picked) > 2:
                events.append(event(1, text, picked[0], [("Attacker", 2), ("Target", 3)]))
            yield record(text, mentions=mentions, events=events)

    return _build(db, f"export-{n}-{mentions_per_article}", records)


ANNOTATE_SENTENCE = (
    "Les forces russes ont lancé 25 drones contre Kharkiv et Odessa pendant la nuit. "
)


def annotate_paragraphs() -> list[str]:
    return [f"{p} " + ANNOTATE_SENTENCE * 3 for p in range(80)]


def annotate_library(db: Path) -> Path:
    """One article of 80 paragraphs with 2,000 mentions and 300 events (one argument each),
    and a short second article."""

    def records() -> Iterator[dict[str, Any]]:
        text = "\n\n".join(annotate_paragraphs())
        words = [m.span() for m in WORD.finditer(text)]
        mentions = [(s, e, LABELS[n % 5]) for n, (s, e) in enumerate(words[:2000])]
        events = [
            event(n, text, span, [("Place", n)]) for n, span in enumerate(words[2000:2300], start=1)
        ]
        yield record(text, mentions=mentions, events=events)
        yield record("Un autre article.\n\nCourt.")

    return _build(db, "annotate", records)


REGISTRY_BIG = 10_000  # mentions of each of the two entities a merge benchmark joins


def registry_library(db: Path, entities: int = 50_000, mentions: int = 1_000_000) -> Path:
    """``mentions`` tags over articles of 20 tags each, linked to ``entities`` entities with
    an alias each; entities 0 and 1 have :data:`REGISTRY_BIG` tags each, the others share the
    rest at random."""
    per_article = 20

    def records() -> Iterator[dict[str, Any]]:
        rng = random.Random(5)
        owners = [0] * REGISTRY_BIG + [1] * REGISTRY_BIG
        owners += [rng.randrange(2, entities) for _ in range(mentions - len(owners))]
        owners[2 * REGISTRY_BIG : 2 * REGISTRY_BIG + entities - 2] = range(2, entities)  # all used
        rng.shuffle(owners)
        for i in range(mentions // per_article):
            words = [f"Lieu{owners[i * per_article + n]}" for n in range(per_article)]
            text = f"Article {i}. " + " et ".join(words) + "."
            spans = [m.span() for m in re.finditer(r"Lieu\d+", text)]
            record_ = record(text, mentions=[(s, e, "GPE") for s, e in spans])
            for mention, (s, e) in zip(record_["mentions"], spans, strict=True):
                k = int(text[s + 4 : e])
                mention["entity"] = {"name": f"Entity {k:05d}", "type": "GPE",
                                     "aliases": [text[s:e], f"Ville {k}"]}  # fmt: skip
            yield record_

    return _build(db, f"registry-{entities}-{mentions}", records)
