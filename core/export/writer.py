"""The shape every flat exporter shares: open a target, add views one by one, close."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from core.annotation.types import Schema
from core.export.views import DocView, Losses

Labels = Sequence[str]


class Writer:
    """Writes one format to ``path`` (a file, or a folder when ``folder`` is set).

    The class attributes say what the format can hold; whatever it cannot is counted in
    ``losses`` by :meth:`count_losses`, so no exporter drops anything silently.
    """

    name: ClassVar[str] = ""  # its entry in core.export.formats.FORMATS
    text_file: ClassVar[bool] = True  # the writer writes text through ``handle``
    needs_labels: ClassVar[bool] = False  # the mention labels in the whole library
    holds_events: ClassVar[bool] = True  # False: entity mentions only
    holds_arguments: ClassVar[bool] = False
    holds_attributes: ClassVar[bool] = False
    holds_links: ClassVar[bool] = False

    def __init__(
        self, path: Path, final: Path, schema: Schema, losses: Losses, labels: Labels = ()
    ) -> None:
        self.path = path  # where to write (a temporary name, renamed to ``final`` when done)
        self.final = final
        self.schema = schema
        self.labels_in_library = labels  # given when ``needs_labels``
        self.losses = losses
        self.companions: list[tuple[Path, Path]] = []  # more files: (written, final name)
        self.handle = path.open("w", encoding="utf-8", newline="\n") if self.text_file else None

    def add(self, view: DocView) -> None:
        raise NotImplementedError

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()

    def count_losses(self, view: DocView) -> None:
        name = self.name
        if not self.holds_events:
            self.losses.drop(f"events ({name} holds entity mentions only)", len(view.events))
        elif not self.holds_arguments:
            self.losses.drop(
                f"event arguments ({name} has no place for them)",
                sum(len(e.arguments) for e in view.events),
            )
        if self.holds_events and not self.holds_attributes:
            self.losses.drop(
                f"event attributes ({name} has no place for them)",
                sum(len(e.attributes) + len(e.links) for e in view.events),
            )
        if not self.holds_links:
            self.losses.drop(
                f"links from mentions to entities ({name} has no place for them)",
                sum(1 for m in view.mentions if m.entity),
            )
        if view.translation is not None:
            self.count_losses(view.translation)
