"""Writer processes for the concurrency and crash tests: ``python -m tests.workers ACTION URL
START_AT [ARGS...]``. Each opens the library, waits until START_AT (a time.time() value, so
several processes act at the same moment), does ACTION, and prints one line per
acknowledged action (``ok KIND ID``), flushed at once: what a process printed before it was
killed is what it acknowledged."""

from __future__ import annotations

import sys
import time


def _wait(start_at: float) -> None:
    delay = start_at - time.time()
    if delay > 0:
        time.sleep(delay)


def ack(kind: str, ident: object) -> None:
    print(f"ok {kind} {ident}", flush=True)


def main(argv: list[str]) -> int:
    action, url, start_at, *rest = argv
    from sqlalchemy import select

    from core.annotation.ops import AddMention, TagAll
    from core.ingest.run import import_paths
    from core.library import Library
    from core.storage.models import Article

    library = Library(url)
    _wait(float(start_at))
    if action == "first-tag":  # the first annotation of a fresh library
        op = AddMention(int(rest[0]), 0, 4, rest[1] if len(rest) > 1 else "GPE")
        op.do(library)
        ack("mention", op.mention_id)
    elif action == "tag-all":
        op = TagAll(rest[0], rest[1])
        op.do(library)
        ack("tag-all", len(op.made))
    elif action == "import":
        report = import_paths(library, rest)
        for item in report.imported:
            ack("article", item["id"])
        for item in report.duplicates:
            ack("duplicate", item["duplicate_of"])
        for item in report.failed:
            print(f"FAILED {item['path']}: {item['reason']}", flush=True)
        return int(report.exit_code)
    elif action == "tag-loop":  # tag words of the article one after the other, until killed
        article_id, count = int(rest[0]), int(rest[1])
        from core.annotation.service import layer_text

        with library.reading() as session:
            text = layer_text(session, article_id, "original")
        import random
        import re

        from core.annotation.service import AnnotationError

        words = [m.span() for m in re.finditer(r"\w{4,}", text)]
        labels = ["GPE", "ORG", "WEA", "QTY", "DATE", "PER"]
        for _ in range(count):
            start, end = random.choice(words)
            op = AddMention(article_id, start, end, random.choice(labels))
            try:
                op.do(library)
            except AnnotationError:  # the same words and type already tagged: refused
                continue
            ack("mention", op.mention_id)
    elif action == "translate":  # every article, through the server at rest[0]
        from core.translation.providers import ProviderConfig
        from core.translation.service import TranslateOptions, translate_articles

        with library.reading() as session:
            ids = sorted(session.scalars(select(Article.id)))
        options = TranslateOptions(provider=ProviderConfig("libre", url=rest[0]), timeout=5)
        report = translate_articles(library, ids, options)
        ack("translated", len(report.outcomes) - len(report.failed))
    elif action == "export":  # a native export on worker processes, whatever its size
        from pathlib import Path

        from core.export import parallel
        from core.export.run import ExportOptions, export

        parallel.MIN_ARTICLES, parallel.CHUNK = 1, int(rest[1])
        with library.reading() as session:
            ids = sorted(session.scalars(select(Article.id)))
        export(library, ids, Path(rest[0]), ExportOptions(format="native"))
        ack("export", len(ids))
    else:
        raise SystemExit(f"unknown action {action}")
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
