"""The façade's entity registry: what the registry panel, the link dialog and scripts use."""

from __future__ import annotations

from typing import Any

from core.annotation import entity_ops, ops, registry
from core.annotation.registry import EntityRow
from core.library.manager import Manager


class Entities(Manager):
    """The entity registry: canonical names, aliases in any language, an optional external
    id (e.g. a Wikidata QID), and the tags linked to them. Reads are plain
    :class:`EntityRow` values; changes are undoable operations."""

    def count(self, query: str = "", type_: str | None = None) -> int:
        """How many entities have a name or alias containing ``query`` (case and accents
        folded), of ``type_`` if given."""
        with self._library.reading() as session:
            return registry.count(session, query, type_)

    def page(self, query: str = "", type_: str | None = None, sort: str = "name",
             descending: bool = False, offset: int = 0, limit: int = 200) -> list[EntityRow]:  # fmt: skip
        """One page of matching entities with their mention and article counts; ``sort`` is
        one of ``name``, ``type``, ``mentions``, ``articles``."""
        with self._library.reading() as session:
            return registry.page(session, query, type_, sort, descending, offset, limit)

    def order(self, query: str = "", type_: str | None = None, sort: str = "mentions",
              descending: bool = True) -> list[int]:  # fmt: skip
        """Every matching entity id in ``sort`` order (counted once; read them with
        :meth:`rows`)."""
        with self._library.reading() as session:
            return registry.order(session, query, type_, sort, descending)

    def rows(self, ids: list[int]) -> list[EntityRow]:
        with self._library.reading() as session:
            return registry.rows(session, ids)

    def get(self, entity_id: int) -> EntityRow:
        with self._library.reading() as session:
            return registry.get(session, entity_id)

    def find(self, text: str) -> list[dict[str, Any]]:
        """Entities whose name or an alias is ``text`` (case and accents folded)."""
        from core.annotation.entities import find_entities

        with self._library.reading() as session:
            return [
                {"id": e.id, "name": e.canonical_name, "type": e.type, "aliases": list(e.aliases)}
                for e in find_entities(session, text)
            ]

    def proposals(self, text: str, type_: str | None = None, limit: int = 8) -> list[EntityRow]:
        """Entities a tag reading ``text`` may be, best first (see
        :func:`core.annotation.registry.proposals`)."""
        with self._library.reading() as session:
            return registry.proposals(session, text, type_, limit)

    def articles(self, entity_id: int) -> list[tuple[int, str, int]]:
        """(article id, title, mentions) of the articles that mention the entity."""
        with self._library.reading() as session:
            return registry.articles_of(session, entity_id)

    def link(self, mention_id: int, name: str, entity_id: int | None = None) -> ops.LinkByName:
        """Link a tag to the entity ``entity_id`` or called ``name`` (an existing name or
        alias links to it; otherwise a new entity is made); the tag's words become an alias.
        Undoable whole."""
        return self._library.annotations.run(ops.LinkByName(mention_id, name, entity_id=entity_id))

    def link_to(self, mention_id: int, entity_id: int | None) -> ops.LinkEntity:
        """Link a tag to the entity ``entity_id`` (None: unlink)."""
        return self._library.annotations.run(ops.LinkEntity(mention_id, entity_id))

    def edit(self, entity_id: int, **values: Any) -> entity_ops.EditEntity:
        """Change any of ``canonical_name``, ``type``, ``aliases``, ``external_id``."""
        return self._library.annotations.run(entity_ops.EditEntity(entity_id, values))

    def merge(self, keep: int, drop: int) -> entity_ops.MergeEntities:
        """Merge ``drop`` into ``keep``: its tags, name and aliases move over."""
        return self._library.annotations.run(entity_ops.MergeEntities(keep, drop))

    def delete(self, entity_id: int) -> entity_ops.DeleteEntity:
        """Delete an entity; its tags stay, unlinked."""
        return self._library.annotations.run(entity_ops.DeleteEntity(entity_id))

    def create(self, name: str, type_: str, aliases: list[str] | None = None,
               external_id: str = "") -> entity_ops.CreateEntity:  # fmt: skip
        return self._library.annotations.run(
            entity_ops.CreateEntity(name, type_, list(aliases or []), external_id)
        )
