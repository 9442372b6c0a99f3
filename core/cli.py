"""The ``gloss`` command. With no sub-command it opens the app; everything else runs
headless (no display needed)."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from core import __version__
from core.json_output import print_json as _print_json

if TYPE_CHECKING:
    from core.library import Library

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


_OPENED: list[Library] = []  # the libraries the running command opened: closed when it ends


def _library(args: argparse.Namespace) -> Library:
    from core.library import Library

    library = Library.open(args.db)
    _OPENED.append(library)
    return library


def _close_opened() -> None:
    """Close what the command opened: SQLite folds its write-ahead log back into the file,
    so the .sqlite file alone is the whole library once the command is done."""
    while _OPENED:
        _OPENED.pop().close()


def _filter(args: argparse.Namespace) -> Any:
    """The article filter named by the command's --search/--lang/--status/--label/--limit."""
    from core.listing import ArticleFilter

    return ArticleFilter(
        search=getattr(args, "search", None) or "",
        language=getattr(args, "lang", None) or "",
        status=getattr(args, "status", None) or "",
        label=getattr(args, "label", None) or "",
        limit=getattr(args, "limit", None),
    )


def _refused(library: Library, command: str, flt: Any, types: Any = ()) -> bool:
    """Name each filter value that matches nothing in the library (exit 2), instead of an
    empty result that looks like an answer."""
    problems = library.articles.filter_problems(flt, types)
    for problem in problems:
        print(f"gloss {command}: {problem}", file=sys.stderr)
    return bool(problems)


def cmd_list(args: argparse.Namespace) -> int:
    library, flt = _library(args), _filter(args)
    if _refused(library, "list", flt):
        return EXIT_USAGE
    rows = library.articles.summaries(flt)
    if args.json:
        _print_json(rows)
        return EXIT_OK
    for row in rows:
        langs = ",".join(row["languages"]) or row["language"]
        date = row["published"] or "—"
        print(f"{row['id']:>6}  {date:<10}  {langs:<8}  {row['status']:<12}  {row['title']}")
    print(f"{len(rows)} article(s)", file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from core.library import NotFound
    from core.printout import article_lines

    library = _library(args)
    try:
        detail = library.articles.detail(args.id)
    except NotFound as exc:
        print(f"gloss: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        _print_json(detail)
        return EXIT_OK
    links = library.schema.current().mention_keys  # attributes whose value is a tag
    print("\n".join(article_lines(detail, links)))
    return EXIT_OK


def cmd_translate(args: argparse.Namespace) -> int:
    from core.secrets import KeyringUnavailable, get_api_key, set_api_key
    from core.translation.providers import PROVIDERS
    from core.translation.service import options_for

    if not args.ids and not args.all:
        print("gloss translate: give article ids or --all", file=sys.stderr)
        return EXIT_USAGE
    spec = PROVIDERS[args.provider]
    key = args.api_key or get_api_key(args.provider)
    if args.api_key and args.save_key:
        try:
            set_api_key(args.provider, args.api_key)
        except KeyringUnavailable as exc:
            print(f"gloss: {exc}", file=sys.stderr)
    if spec.needs_key and not key:
        print(f"gloss: {spec.label} needs an API key (--api-key)", file=sys.stderr)
        return EXIT_USAGE
    library = _library(args)
    ids = library.articles.ids() if args.all else args.ids
    options = options_for(
        args.provider, args.url or "", args.target, args.timeout, api_key=key or "",
        workers=args.workers, force=args.force,
    )  # fmt: skip
    from core.progress import terminal_progress

    update, close = terminal_progress(not args.json)
    try:
        report = library.translations.translate(ids, options, lambda d, t: update(d, t, ""))
    except LookupError as exc:
        print(f"gloss: {exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        close()
    if args.json:
        _print_json(report.to_json())
    else:
        counts = report.counts()
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        for outcome in report.failed:
            print(
                f"FAILED    article #{outcome.article_id} paragraph {outcome.index}: {outcome.error}",
                file=sys.stderr,
            )
        print(f"paragraphs: {summary or 'none'}; {report.requests} request(s) sent")
    return report.exit_code


def _language(value: str) -> str:
    from core.translation.languages import target_language

    try:
        return target_language(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _date(value: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def cmd_export(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from pathlib import Path

    from core.export.run import ExportError, ExportOptions

    library = _library(args)
    flt = replace(
        _filter(args),
        published_from=args.since,
        published_to=args.until,
        annotator=args.annotator or "",
    )
    types = frozenset(t.strip() for t in args.types.split(",") if t.strip()) if args.types else None
    if _refused(library, "export", flt, types or ()):
        return EXIT_USAGE
    options = ExportOptions(
        format=args.format,
        side=args.side,
        target=args.target,
        types=types,
        annotator=args.annotator or None,
    )
    from core.progress import terminal_progress

    update, close = terminal_progress(not args.json)
    try:
        report = library.exchange.export(
            flt, Path(args.output), options, lambda d, t: update(d, t, "")
        )
    except ExportError as exc:
        print(f"gloss export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        close()
    if args.json:
        _print_json(report.to_json())
    else:
        for line in report.lines():
            print(line, file=sys.stderr)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from core.cli_import import print_report
    from core.demo import load_demo

    library = _library(args)
    report = load_demo(library)
    print_report(report, args.json)
    return int(report.exit_code)


GuiLauncher = Callable[[str | None, bool], int]


def build_parser() -> argparse.ArgumentParser:
    from core.cli_import import add_commands as add_import

    parser = argparse.ArgumentParser(
        prog="gloss", description="Read foreign-language news beside its translation and tag it."
    )
    parser.add_argument("--version", action="version", version=f"gloss {__version__}")
    parser.add_argument(
        "--db", help="SQLAlchemy URL or SQLite file (default: $GLOSS_DB, then the user data dir)"
    )
    parser.add_argument("--quit-after-paint", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", default=argparse.SUPPRESS, help="SQLAlchemy URL or SQLite file")
        return p

    add_import(add, _library)

    p = add("list", "list articles")
    p.add_argument("--search", metavar="TEXT", help='full-text search ("phrases", prefix*)')
    p.add_argument("--lang", metavar="L", help="only articles with text in this language")
    p.add_argument("--status", metavar="S", help="only articles with this status")
    p.add_argument("--label", metavar="LABEL", help="only articles with this label")
    p.add_argument("--limit", type=int, default=None, help="at most this many")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = add("show", "show one article")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    from core.translation.providers import PROVIDERS

    p = add("translate", "translate articles paragraph by paragraph (cached in the library)")
    p.add_argument("ids", nargs="*", type=int, metavar="ID")
    p.add_argument("--all", action="store_true", help="every article in the library")
    p.add_argument("--provider", choices=sorted(PROVIDERS), default="google")
    p.add_argument("--url", help="server URL (LibreTranslate)")
    p.add_argument("--api-key", help="API key (default: the one in the system keyring)")
    p.add_argument("--save-key", action="store_true", help="store --api-key in the system keyring")
    p.add_argument("--target", default="en", type=_language, metavar="LANG",
                   help="target language: a code or a name (default en)")  # fmt: skip
    p.add_argument(
        "--timeout", type=float, default=30.0, metavar="SECONDS", help="deadline per call"
    )
    p.add_argument("--workers", type=int, default=6, help="parallel calls (default 6)")
    p.add_argument("--force", action="store_true", help="also replace translations edited by hand")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_translate)

    from core.export.formats import FORMATS as EXPORT_FORMATS
    from core.export.formats import SIDES, describe

    p = add("export", "export a dataset (native: lossless JSONL, re-importable)")
    p.add_argument(
        "--format", choices=EXPORT_FORMATS, default="native",
        help="; ".join(f"{name}: {describe(name)}" for name in EXPORT_FORMATS),
    )  # fmt: skip
    p.add_argument("-o", "--output", required=True, metavar="PATH", help="file (brat: folder)")
    p.add_argument(
        "--side", "--layer", dest="side", choices=SIDES, default="original",
        help="text to export: the original, the translation, or both paragraph by paragraph",
    )  # fmt: skip
    p.add_argument("--target", default="en", type=_language, metavar="LANG",
                   help="translation language: a code or a name (default en)")  # fmt: skip
    p.add_argument("--search", metavar="TEXT", help="only articles matching this search")
    p.add_argument("--lang", metavar="L", help="only articles with text in this language")
    p.add_argument("--status", metavar="S", help="only articles with this status")
    p.add_argument("--label", metavar="LABEL", help="only articles with this label")
    p.add_argument("--since", type=_date, metavar="DATE", help="published on or after DATE")
    p.add_argument("--until", type=_date, metavar="DATE", help="published on or before DATE")
    p.add_argument("--types", metavar="T,T", help="only these entity and event types")
    p.add_argument("--annotator", metavar="NAME", help="only this annotator's annotations")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_export)

    from core.cli_edit import add_commands
    from core.cli_suggest import add_commands as add_suggest

    add_commands(add, _library)
    add_suggest(add, _library)

    p = add("demo", "load the demo library")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo)
    return parser


def main(
    argv: Sequence[str] | None = None,
    launch_gui: GuiLauncher | None = None,
    process_ends: bool = False,
) -> int:
    """Run a command; with none, start the desktop app through ``launch_gui`` (given by the
    ``gloss`` entry point in gui/, since core never imports the GUI). ``process_ends``: the
    caller exits with the command (the console script, ``python -m core.cli``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        if launch_gui is None:
            parser.print_help()
            return EXIT_USAGE
        return launch_gui(args.db, args.quit_after_paint)
    try:
        return _run(args)
    finally:
        _close_opened()
        if process_ends:
            # What the command made lives until the exit, which would traverse all of it
            # in a last garbage pass: ~0.1 s of every command (libraries closed above).
            gc.freeze()


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("gloss: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: a clear message, not a traceback
        from sqlalchemy.exc import SQLAlchemyError

        from core.library import LibraryError

        if isinstance(exc, LibraryError):
            print(f"gloss: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if isinstance(exc, SQLAlchemyError | OSError):
            print(f"gloss: {exc}", file=sys.stderr)
            return EXIT_FAILED
        raise


if __name__ == "__main__":
    sys.exit(main(process_ends=True))
