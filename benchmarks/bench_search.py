"""Full-text search over 100,000 articles."""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.fixtures import search_library
from benchmarks.harness import record, timed


def bench_search(work: Path) -> None:
    from core.library import Library
    from core.listing import ArticleFilter, list_articles

    n = 100_000
    db = work / "search.sqlite"
    start = time.perf_counter()
    search_library(db, n)
    print(f"     (built a {n:,}-article library in {time.perf_counter() - start:.0f} s)")
    library = Library(f"sqlite:///{db}")
    for label, query in (
        ("rare word", "Zaporizhzhia"),
        ("phrase", '"nuclear plant"'),
        ("two common words", "drones nuit"),
        ("prefix", "infrastruct*"),
    ):
        flt = ArticleFilter(search=query, limit=100)

        def run(flt: ArticleFilter = flt) -> object:
            with library.session() as session:
                return list_articles(session, flt)

        seconds = timed(run)
        record(
            f"search over {n:,} articles, {label} `{query}` (first 100: by relevance, newest first past 5,000 matches)",
            f"{seconds * 1000:.1f} ms",
            "<= 50 ms",
            seconds <= 0.050,
        )
    library.close()
