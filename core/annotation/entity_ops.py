"""Undoable changes to the entity registry (rename, aliases, external id, type; merge;
delete; create). Like :mod:`core.annotation.ops`, each pairs two calls of
:mod:`core.annotation.registry` and keeps what the second needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.annotation import registry
from core.annotation.ops import Operation
from core.storage.db import Database


@dataclass
class EditEntity(Operation):
    """Set an entity's name, type, aliases or external id (any of them)."""

    entity_id: int
    values: dict[str, Any]
    old: dict[str, Any] = field(default_factory=dict)
    title = "edit entity"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.old = registry.edit(session, self.entity_id, **self.values)

    def undo(self, library: Database) -> None:
        with library.session() as session:
            registry.edit(session, self.entity_id, **self.old)


@dataclass
class MergeEntities(Operation):
    """``drop``'s tags, name and aliases go to ``keep``; ``drop`` is deleted."""

    keep: int
    drop: int
    merged: registry.Merged | None = None
    title = "merge entities"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.merged = registry.merge(session, self.keep, self.drop)

    def undo(self, library: Database) -> None:
        assert self.merged is not None
        with library.session() as session:
            registry.unmerge(session, self.merged)


@dataclass
class DeleteEntity(Operation):
    """Delete an entity; its tags stay, unlinked."""

    entity_id: int
    deleted: registry.Deleted | None = None
    title = "delete entity"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.deleted = registry.remove(session, self.entity_id)

    def undo(self, library: Database) -> None:
        assert self.deleted is not None
        with library.session() as session:
            registry.restore(session, self.deleted)


@dataclass
class CreateEntity(Operation):
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    external_id: str = ""
    entity_id: int | None = None
    title = "new entity"

    def do(self, library: Database) -> None:
        with library.session() as session:
            self.entity_id = registry.create(
                session, self.name, self.type, self.aliases, self.external_id
            )

    def undo(self, library: Database) -> None:
        assert self.entity_id is not None
        with library.session() as session:
            registry.remove(session, self.entity_id)
