"""The ``gloss`` console script: core's CLI, which opens the app when given no command.

Qt is imported only when the app starts, so ``gloss import``/``list``/``show`` run on
machines with no display (and even without PySide6 installed).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def no_display() -> bool:
    """On X11/Wayland systems, no display to open a window on (and no platform chosen)."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return False
    env = os.environ
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def launch(db: str | None, quit_after_paint: bool) -> int:
    if no_display():
        print(
            "gloss: there is no display to open the app on (DISPLAY is not set).\n"
            "Every other command works without one: gloss import, list, show, translate, "
            "export (gloss --help).",
            file=sys.stderr,
        )
        return 1
    try:
        from gui.app import run
    except ImportError as exc:
        print(f"gloss: the desktop app needs PySide6 ({exc})", file=sys.stderr)
        return 1
    return run(db, quit_after_paint=quit_after_paint)


def main(argv: Sequence[str] | None = None) -> int:
    from core.cli import main as cli_main

    return cli_main(argv, launch_gui=launch, process_ends=True)


if __name__ == "__main__":
    sys.exit(main())
