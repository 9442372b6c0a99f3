"""What every manager of the façade holds: the library it works on."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.library import Library


class Manager:
    def __init__(self, library: Library) -> None:
        self._library = library
