"""A terminal progress bar for long batches (tqdm on stderr, only on a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

SHOW_FROM = 20  # batches smaller than this finish before a bar is worth drawing


def terminal_progress(
    enabled: bool = True,
) -> tuple[Callable[[int, int, str], None], Callable[[], None]]:
    """Return ``(update, close)`` callbacks; both do nothing when stderr is not a terminal."""
    bar: dict[str, Any] = {}

    def update(done: int, total: int, _name: str) -> None:
        if not enabled or total < SHOW_FROM or not sys.stderr.isatty():
            return
        if "bar" not in bar:
            from tqdm import tqdm

            bar["bar"] = tqdm(total=total, unit="file", file=sys.stderr, leave=False)
        bar["bar"].update(done - bar["bar"].n)

    def close() -> None:
        if "bar" in bar:
            bar["bar"].close()

    return update, close
