"""The entity registry: canonical names with aliases, and the tags linked to them.

Each change has its inverse here, so an operation only pairs them (link ↔ unlink)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from core.annotation.service import _get, get_mention
from core.storage.models import Entity, Mention
from core.text.fold import fold


def link_entity(session: Session, mention_id: int, entity_id: int | None) -> int | None:
    mention = get_mention(session, mention_id)
    if entity_id is not None:
        _get(session, Entity, entity_id, "entity")
    old = mention.entity_id
    mention.entity_id = entity_id
    return old


# -- entities ------------------------------------------------------------------------------
def create_entity(
    session: Session, name: str, type_: str, aliases: list[str] | None = None
) -> Entity:
    entity = Entity(canonical_name=name, type=type_, aliases=sorted(set(aliases or [])))
    session.add(entity)
    session.flush()
    return entity


def named(text: str) -> ColumnElement[bool]:
    """The entities whose name or an alias is ``text``, case and accents folded."""
    return Entity.search_key.contains(f"\n{fold(text)}\n", autoescape=True)


def find_entities(session: Session, text: str) -> list[Entity]:
    """Entities whose name or an alias is ``text`` (case and accents folded)."""
    return list(session.scalars(select(Entity).where(named(text)).order_by(Entity.id)))


def spec(entity: Any) -> dict[str, Any] | None:
    """An entity as exports carry it (name, type, aliases; its external id when it has one),
    read back by the importers."""
    if entity is None:
        return None
    out = {"name": entity.canonical_name, "type": entity.type,
           "aliases": sorted(entity.aliases or [])}  # fmt: skip
    if getattr(entity, "external_id", ""):
        out["external_id"] = entity.external_id
    return out


@dataclass
class Linked:
    """What :func:`link_by_name` changed, enough for :func:`unlink` to take it back."""

    mention_id: int
    entity_id: int
    previous: int | None  # the entity the tag was linked to before
    created: bool  # the entity was made for this link
    alias: str | None  # the alias added to an existing entity


def link_by_name(
    session: Session, mention_id: int, name: str, entity_id: int | None = None
) -> Linked:
    """Link a tag to the entity ``entity_id``, or else to the one called ``name`` (its name
    or an alias, folded); without one, a new entity of the tag's type is made. The tag's
    words become an alias."""
    mention = get_mention(session, mention_id)
    name = name.strip()
    if entity_id is not None:
        found = [_get(session, Entity, entity_id, "entity")]
    else:
        found = find_entities(session, name)
    alias: str | None = None
    if found:
        entity = found[0]
        if mention.text != entity.canonical_name and mention.text not in (entity.aliases or []):
            alias = mention.text
            entity.aliases = sorted({*(entity.aliases or []), alias})
    else:
        aliases = [mention.text] if mention.text != name else []
        entity = create_entity(session, name, mention.label, aliases)
    previous = link_entity(session, mention_id, entity.id)
    return Linked(mention_id, entity.id, previous, not found, alias)


def unlink(session: Session, linked: Linked) -> None:
    """Undo :func:`link_by_name`: the tag's old link, the alias, the entity made for it
    (kept if other tags were linked to it since)."""
    get_mention(session, linked.mention_id).entity_id = linked.previous
    session.flush()
    entity = session.get(Entity, linked.entity_id)
    if entity is None:
        return
    if linked.alias is not None:
        entity.aliases = [a for a in entity.aliases or [] if a != linked.alias]
    users = session.scalar(select(func.count(Mention.id)).where(Mention.entity_id == entity.id))
    if linked.created and not users:
        session.delete(entity)
