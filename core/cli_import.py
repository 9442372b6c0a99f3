"""``gloss import``: files and folders into the library, and the report of what was
imported, skipped and refused (also printed by ``gloss demo``)."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from typing import Any

from core.json_output import print_json_streamed


def add_commands(
    add: Callable[[str, str], argparse.ArgumentParser],
    open_library: Callable[[argparse.Namespace], Any],
) -> None:
    from core.ingest.formats import FORMAT_KEYS, IMPORT_FORMATS

    p = add("import", "import articles from files and folders")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--format", choices=FORMAT_KEYS, default="auto",
        help="auto (default): by file name, then by content; "
        + "; ".join(f"{f.key}: {f.name}" for f in IMPORT_FORMATS),
    )  # fmt: skip
    p.add_argument(
        "--max-size-mb", type=float, default=None, help="skip files larger than this (default 64)"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=lambda args: cmd_import(args, open_library))


def print_report(report: Any, as_json: bool) -> None:
    if as_json:
        print_json_streamed(report.to_json(), "imported")
        return
    for item in report.imported:
        near = (
            f" (near-duplicate of #{item['near_duplicate_of']})"
            if item["near_duplicate_of"]
            else ""
        )
        print(f"imported  #{item['id']}  {item['title']}{near}")
    for item in report.duplicates:
        where = f"{item['path']}" + (f":{item['line']}" if item["line"] else "")
        print(f"duplicate {where} (same text as #{item['duplicate_of']})")
    for line in report.problems():
        print(line, file=sys.stderr)
    for path in report.ignored:
        print(f"ignored   {path} (not a format Gloss reads)")
    print(report.summary())


def cmd_import(args: argparse.Namespace, open_library: Callable[[argparse.Namespace], Any]) -> int:
    from core.config import database_url, max_file_bytes
    from core.ingest.pool import start
    from core.progress import terminal_progress

    limit = max_file_bytes(args.max_size_mb)
    # The workers start reading before the library (and its database code) opens.
    started = start(args.paths, database_url(args.db), args.format, limit)
    try:
        library = open_library(args)
    except BaseException:
        if started is not None:
            started.analysis.close()  # no work left running for a library that did not open
        raise
    update, close = terminal_progress(not args.json)
    try:
        report = library.exchange.import_paths(
            args.paths, progress=update, fmt=args.format, max_bytes=limit, started=started
        )
    finally:
        close()
    # The library's last write-ahead pages are folded into its file while the report prints.
    closing = threading.Thread(target=library.close, name="gloss-close-library")
    closing.start()
    try:
        print_report(report, args.json)
    finally:
        closing.join()
    return int(report.exit_code)
