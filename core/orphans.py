"""No process or scratch file outlives the run that made it.

Worker processes (import analysis, parallel export) call :func:`die_with_parent` first: on
Linux the kernel sends them SIGKILL when their parent dies (``PR_SET_PDEATHSIG``), and on
every system a watcher thread ends them once their parent is gone. Scratch folders carry
their creator's pid in their name, so the next run removes those whose creator is dead.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

_PR_SET_PDEATHSIG = 1


def die_with_parent(poll_seconds: float = 1.0) -> None:
    """Make this process end when the process that started it ends (even by kill -9)."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent or parent == 1:  # it died before the line above
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os._exit(1)

    threading.Thread(target=watch, name="gloss-parent-watch", daemon=True).start()


SCRATCH_PREFIX = ".gloss-export-"
_SCRATCH = re.compile(re.escape(SCRATCH_PREFIX) + r"(\d+)-")


def scratch_prefix() -> str:
    """The name start of this process's scratch folders (its pid inside)."""
    return f"{SCRATCH_PREFIX}{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# An export's output before it is whole, and an earlier export set aside while replaced.
_LEFTOVER = re.compile(r"\..+\.(\d+)\.gloss-(?:part|old)")


def remove_stale_scratch(folder: Path) -> list[Path]:
    """Remove what runs that died left in ``folder``; returns it. Only names Gloss gives
    (with the pid of their creator, now gone) are touched: scratch folders holding only
    chunk files, and unfinished or set-aside exports."""
    removed: list[Path] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if entry.is_symlink():
            continue
        scratch, leftover = _SCRATCH.match(entry.name), _LEFTOVER.fullmatch(entry.name)
        if scratch and entry.is_dir() and not _alive(int(scratch[1])):
            if all(re.fullmatch(r"\d{6}\.jsonl", child.name) for child in entry.iterdir()):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
        elif leftover and not _alive(int(leftover[1])):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed
