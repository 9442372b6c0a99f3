"""Speed suite: `make bench` (`make bench ARGS="import search"` runs some groups). Each group
lives in a ``bench_*.py`` module; results go to docs/benchmarks.md with the machine and date."""

from __future__ import annotations

import importlib
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import GROUP, write_report

#: group name -> (module, function), in report order.
GROUPS = {
    "import": ("bench_import", "bench_import"),
    "dataset-import": ("bench_import", "bench_annotated_import"),
    "import-memory": ("bench_import", "bench_import_memory"),
    "search": ("bench_search", "bench_search"),
    "start": ("bench_start", "bench_cold_start"),
    "translate": ("bench_translate", "bench_translate"),
    "gui": ("bench_gui", "bench_gui"),
    "annotate": ("bench_annotate", "bench_annotate"),
    "export": ("bench_export", "bench_export"),
    "registry": ("bench_registry", "bench_registry"),
    "suggest": ("bench_suggest", "bench_suggest"),
}


def main(argv: list[str] | None = None) -> int:
    chosen = (sys.argv[1:] if argv is None else argv) or list(GROUPS)
    unknown = [name for name in chosen if name not in GROUPS]
    if unknown:
        print(f"unknown group(s): {', '.join(unknown)}; known: {', '.join(GROUPS)}")
        return 2
    with tempfile.TemporaryDirectory(prefix="gloss-bench-") as tmp:
        for name in chosen:
            module, function = GROUPS[name]
            GROUP["name"] = name
            work = Path(tmp) / name
            work.mkdir()
            getattr(importlib.import_module(f"benchmarks.{module}"), function)(work)
    write_report(list(GROUPS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
