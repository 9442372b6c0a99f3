"""Translating an article against a local server with a fixed delay, then again (cached)."""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.harness import record


def bench_translate(work: Path) -> None:
    from core.ingest.run import import_text
    from core.library import Library
    from core.translation.providers import ProviderConfig
    from core.translation.service import TranslateOptions, translate_articles
    from support.libre_server import libre_server

    library = Library(f"sqlite:///{work / 'translate.sqlite'}")
    paragraphs = [
        f"Paragraphe {n} : la défense aérienne a abattu des drones au-dessus de la région {n}."
        for n in range(40)
    ]
    article_id = import_text(library, "\n\n".join(paragraphs)).imported[0]["id"]
    with libre_server() as server:
        server.delay = 0.2
        options = TranslateOptions(provider=ProviderConfig("libre", url=server.url))
        start = time.perf_counter()
        report = translate_articles(library, [article_id], options)
        first = time.perf_counter() - start
        assert report.counts() == {"translated": 40}, report.counts()
        sent = len(server.requests)
        start = time.perf_counter()
        translate_articles(library, [article_id], options)
        second = time.perf_counter() - start
        again = len(server.requests) - sent
    record(
        "translate a 40-paragraph article, local server answering each call in 200 ms",
        f"{first:.2f} s ({sent} requests, {options.workers} in parallel)",
        "<= 2.5 s",
        first <= 2.5,
    )
    record(
        "translate the same article again",
        f"{again} requests, {second * 1000:.0f} ms",
        "0 requests",
        again == 0,
    )
    library.close()
