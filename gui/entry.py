"""The ``gloss`` console script: core's CLI, which opens the app when given no command.

Qt is imported only when the app starts, so ``gloss import``/``list``/``show`` run on
machines with no display (and even without PySide6 installed).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def launch(db: str | None, quit_after_paint: bool) -> int:
    try:
        from gui.app import run
    except ImportError as exc:
        print(f"gloss: the desktop app needs PySide6 ({exc})", file=sys.stderr)
        return 1
    return run(db, quit_after_paint=quit_after_paint)


def main(argv: Sequence[str] | None = None) -> int:
    from core.cli import main as cli_main

    return cli_main(argv, launch_gui=launch)


if __name__ == "__main__":
    sys.exit(main())
