"""``gloss suggest``: the suggestions for some articles (or all), printed or as JSON, and with
``--accept`` stored as tags and events by the annotator ``gloss-suggest`` (pipelines can
pre-annotate, then export)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any


def add_commands(add: Callable[[str, str], argparse.ArgumentParser], library: Any) -> None:
    p = add("suggest", "propose tags and events (registry, gazetteers, rules, statistical NER)")
    p.add_argument("ids", nargs="*", type=int, metavar="ID")
    p.add_argument("--all", action="store_true", help="every article of the library")
    p.add_argument("--types", metavar="T,T", help="only these tag and event types")
    p.add_argument("--min-score", type=float, default=0.5, metavar="S", help="0 to 1 (default 0.5)")
    p.add_argument("--json", action="store_true", help="one JSON object per article, a line each")
    p.add_argument(
        "--accept", action="store_true", help="store them, by the annotator gloss-suggest"
    )
    p.add_argument(
        "--workers", type=int, metavar="N",
        help="processes computing suggestions (default: one per core, at most 4, when there are "
        "enough articles; 1 runs in this process)",
    )  # fmt: skip
    p.add_argument(
        "--train", action="store_true",
        help="train the model of the library's own tags now (the trained source), then suggest "
        "for the ids given, if any",
    )  # fmt: skip
    p.set_defaults(func=lambda args: cmd_suggest(args, library(args)))


def _train(library: Any) -> None:
    done = library.suggestions.train(force=True)
    if done is None:
        print("gloss suggest: nothing to train on (no tagged paragraphs, or spaCy is not "
              "installed)", file=sys.stderr)  # fmt: skip
        return
    print(f"trained on {done.paragraphs} paragraph(s), {done.tags} tag(s) "
          f"({', '.join(done.labels)}) in {done.seconds:.1f} s", file=sys.stderr)  # fmt: skip


def _suggestions(
    library: Any, ids: list[int], options: Any, accept: bool, workers: int | None
) -> Iterator[Any]:
    """In this process, or in worker processes when there are enough articles (and the
    library is one they can open)."""
    from core.library import suggest_pool
    from core.library.suggest_process import usable

    if usable(library.url) and suggest_pool.workers_for(len(ids), workers) > 1:
        return suggest_pool.suggest_many(library.url, ids, options, accept, workers)
    return iter(library.suggestions.many(ids, options, accept=accept))


def cmd_suggest(args: argparse.Namespace, library: Any) -> int:
    from core.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
    from core.suggest.engine import Options

    if args.ids and args.all:
        print("gloss suggest: give article ids or --all (not both)", file=sys.stderr)
        return EXIT_USAGE
    if args.train:
        _train(library)
        if not (args.ids or args.all):
            return EXIT_OK
    if not (args.ids or args.all):
        print("gloss suggest: give article ids or --all", file=sys.stderr)
        return EXIT_USAGE
    if args.workers is not None and args.workers < 1:
        print("gloss suggest: --workers is 1 or more", file=sys.stderr)
        return EXIT_USAGE
    if not 0 <= args.min_score <= 1:
        print("gloss suggest: --min-score is between 0 and 1", file=sys.stderr)
        return EXIT_USAGE
    schema = library.schema.current()
    types = None
    if args.types:
        types = frozenset(t.strip() for t in args.types.split(",") if t.strip())
        unknown = sorted(types - {t.key for t in schema.types})
        if unknown:
            print(
                f"gloss suggest: --types: not in the schema: {', '.join(unknown)}", file=sys.stderr
            )
            return EXIT_USAGE
    known = set(library.articles.ids())
    ids = sorted(known) if args.all else list(args.ids)
    missing = [i for i in ids if i not in known]
    if missing:
        print(f"gloss suggest: no article with id {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_FAILED
    options = Options(types=types, min_score=args.min_score)
    missing_models: set[str] = set()
    accepted = [0, 0]
    for result in _suggestions(library, ids, options, args.accept, args.workers):
        missing_models.update(result.missing)
        accepted[0] += len(result.spans)
        accepted[1] += len(result.events)
        if args.json:
            print(json.dumps(result.as_json(), ensure_ascii=False))
            continue
        print(f"#{result.article_id}: {len(result.spans)} tag(s), {len(result.events)} event(s)")
        for s in result.spans:
            print(
                f"  {s.label:<8} «{s.text}» ({s.layer} {s.start}-{s.end}, {s.source} {s.score:.2f})"
            )
        for e in result.events:
            counts = ", ".join(f"{k} {n}" for k, n, _s in e.counts)
            roles = ", ".join(f"{r}: «{s.text}»" for r, s in e.arguments)
            if e.reporter is not None:
                roles = "; ".join(filter(None, [roles, f"reported by «{e.reporter.text}»"]))
            print(f"  {e.type} «{e.text}» ({e.layer} {e.start}-{e.end}) {roles} {counts}".rstrip())
    for why in sorted(missing_models):
        print(f"gloss suggest: statistical suggestions off: {why}", file=sys.stderr)
    if args.accept:
        print(f"accepted: {accepted[0]} tag(s), {accepted[1]} event(s), by gloss-suggest",
              file=sys.stderr)  # fmt: skip
    return EXIT_OK
