"""``gloss edit`` and ``gloss delete``: an article's details, and articles gone with their
annotations (the app can undo a deletion; the command asks first, or takes ``--yes``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

EDITABLE = ("title", "source", "url", "published", "language")


def add_commands(add: Callable[[str, str], argparse.ArgumentParser], library: Any) -> None:
    p = add("edit", "change an article's title, source, URL, publication date or language")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--title")
    p.add_argument("--source")
    p.add_argument("--url")
    p.add_argument("--published", metavar="DATE", help="YYYY-MM-DD, or '' to clear it")
    p.add_argument("--language", metavar="L", help="main language (fr, en, uk…)")
    p.set_defaults(func=lambda args: cmd_edit(args, library(args)))
    p = add("delete", "delete articles with their translations and annotations")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p.add_argument("--yes", action="store_true", help="do not ask")
    p.set_defaults(func=lambda args: cmd_delete(args, library(args)))


def cmd_edit(args: argparse.Namespace, library: Any) -> int:
    from core.annotation.service import AnnotationError
    from core.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
    from core.library import NotFound

    changes = {name: getattr(args, name) for name in EDITABLE if getattr(args, name) is not None}
    if not changes:
        print("gloss edit: give at least one of --" + ", --".join(EDITABLE), file=sys.stderr)
        return EXIT_USAGE
    try:
        library.articles.detail(args.id)
    except NotFound as exc:
        print(f"gloss edit: {exc}", file=sys.stderr)
        return EXIT_FAILED
    for name, value in changes.items():
        try:
            library.articles.set_field(args.id, name, value)
        except AnnotationError as exc:
            print(f"gloss edit: --{name}: {exc}", file=sys.stderr)
            return EXIT_USAGE
        print(f"#{args.id} {name}: {value}")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace, library: Any) -> int:
    from core.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE

    known = set(library.articles.ids())
    missing = [i for i in args.ids if i not in known]
    if missing:
        print(f"gloss delete: no article with id {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_FAILED
    rows = library.articles.rows(args.ids)
    for article_id in args.ids:
        row = rows[article_id]
        print(f"#{article_id}  {row['title']}  ({row['annotations']} annotation(s))")
    if not args.yes:
        if not sys.stdin.isatty():
            print("gloss delete: add --yes to delete without being asked", file=sys.stderr)
            return EXIT_USAGE
        answer = input(f"Delete {len(args.ids)} article(s) and their annotations? [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "o", "oui"):
            print("nothing deleted")
            return EXIT_OK
    library.articles.delete(args.ids)
    print(f"{len(args.ids)} article(s) deleted")
    return EXIT_OK
