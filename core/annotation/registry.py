"""The entity registry read and changed whole: pages of entities with their mention and
article counts, search and link proposals over folded names, rename, aliases, external ids,
merge and delete. Each change returns what its inverse needs (``ops`` pairs them).

Pages are read a screenful at a time and counted only for the ids shown (an index from
mentions to entities), so a registry of 50,000 entities over a million mentions opens at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, delete, distinct, func, insert, select, update
from sqlalchemy.orm import Session

from core.annotation.entities import named
from core.annotation.service import AnnotationError, _get
from core.annotation.undo import whole
from core.storage.models import Article, Entity, Mention
from core.text.fold import fold

SORTS = ("name", "type", "mentions", "articles")
_CHUNK = 900  # ids per IN (...): under every SQLite build's variable limit


@dataclass(frozen=True)
class EntityRow:
    id: int
    name: str
    type: str
    aliases: tuple[str, ...]
    external_id: str
    mentions: int
    articles: int


def _filtered(query: str, type_: str | None) -> Select[Any]:
    columns = (Entity.id, Entity.canonical_name, Entity.type, Entity.aliases, Entity.external_id)
    statement: Select[Any] = select(*columns)  # type: ignore[assignment]
    if query.strip():
        statement = statement.where(Entity.search_key.contains(fold(query), autoescape=True))
    if type_:
        statement = statement.where(Entity.type == type_)
    return statement


def _counts(session: Session, ids: list[int]) -> dict[int, tuple[int, int]]:
    counts: dict[int, tuple[int, int]] = {}
    for at in range(0, len(ids), _CHUNK):
        rows = session.execute(
            select(Mention.entity_id, func.count(), func.count(distinct(Mention.article_id)))
            .where(Mention.entity_id.in_(ids[at : at + _CHUNK]))
            .group_by(Mention.entity_id)
        )
        counts.update({int(e or 0): (int(n), int(a)) for e, n, a in rows})
    return counts


def _rows(session: Session, statement: Select[Any]) -> list[EntityRow]:
    found = session.execute(statement).all()
    counts = _counts(session, [row[0] for row in found])
    return [
        EntityRow(
            ident, name, type_, tuple(aliases or ()), external or "", *counts.get(ident, (0, 0))
        )
        for ident, name, type_, aliases, external in found
    ]


def count(session: Session, query: str = "", type_: str | None = None) -> int:
    """How many entities match ``query`` (a part of a name or alias, folded) and ``type_``."""
    inner = _filtered(query, type_).subquery()
    return int(session.scalar(select(func.count()).select_from(inner)) or 0)


def page(
    session: Session,
    query: str = "",
    type_: str | None = None,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[EntityRow]:
    """One page of the matching entities in ``sort`` order (see :data:`SORTS`)."""
    return _rows(session, _ordered(query, type_, sort, descending).offset(offset).limit(limit))


def _ordered(query: str, type_: str | None, sort: str, descending: bool) -> Select[Any]:
    if sort not in SORTS:
        raise AnnotationError(f"unknown sort {sort!r} (one of {', '.join(SORTS)})")
    statement = _filtered(query, type_)
    if sort in ("mentions", "articles"):
        totals = (
            select(Mention.entity_id.label("entity_id"), func.count().label("mentions"),
                   func.count(distinct(Mention.article_id)).label("articles"))
            .where(Mention.entity_id.is_not(None))
            .group_by(Mention.entity_id)
            .subquery()
        )  # fmt: skip
        key: Any = func.coalesce(totals.c[sort], 0)
        statement = statement.outerjoin(totals, totals.c.entity_id == Entity.id)
    else:
        key = Entity.canonical_name if sort == "name" else Entity.type
    key = key.desc() if descending else key.asc()
    return statement.order_by(key, Entity.id)


def order(
    session: Session, query: str = "", type_: str | None = None, sort: str = "mentions",
    descending: bool = True,
) -> list[int]:  # fmt: skip
    """Every matching entity's id in ``sort`` order: counted once (over every tag), then
    read a page at a time with :func:`rows` — a long list scrolls without counting again."""
    return [row[0] for row in session.execute(_ordered(query, type_, sort, descending))]


def rows(session: Session, ids: list[int]) -> list[EntityRow]:
    """The entities ``ids``, in that order, with their counts."""
    found: dict[int, EntityRow] = {}
    for at in range(0, len(ids), _CHUNK):
        chunk = ids[at : at + _CHUNK]
        found.update(
            (r.id, r) for r in _rows(session, _filtered("", None).where(Entity.id.in_(chunk)))
        )
    return [found[ident] for ident in ids if ident in found]


def get(session: Session, entity_id: int) -> EntityRow:
    _get(session, Entity, entity_id, "entity")
    return _rows(session, _filtered("", None).where(Entity.id == entity_id))[0]


def proposals(
    session: Session, text: str, type_: str | None = None, limit: int = 8
) -> list[EntityRow]:
    """Entities a tag reading ``text`` may be: those with ``text`` as their name or an alias
    (case and accents folded: Kyïv = KYIV = kyiv) first, those of ``type_`` before others,
    then those whose names contain it or are contained in it."""
    wanted = fold(text)
    if not wanted:
        return []
    exact = _filtered("", None).where(named(text))
    found = _rows(session, exact.limit(200))
    if len(found) < limit:
        seen = {row.id for row in found}
        near = _rows(session, _filtered(text, None).limit(200))
        found += [row for row in near if row.id not in seen]
    found.sort(
        key=lambda row: (not is_named(row, text), row.type != type_, -row.mentions, row.name)
    )
    return found[:limit]


def is_named(row: EntityRow, text: str) -> bool:
    """``text`` is the entity's name or one of its aliases, folded."""
    wanted = fold(text)
    return wanted in {fold(row.name), *map(fold, row.aliases)}


def articles_of(session: Session, entity_id: int) -> list[tuple[int, str, int]]:
    """The articles that mention an entity: (id, title, mentions), most mentions first."""
    rows = session.execute(
        select(Article.id, Article.title, func.count())
        .join(Mention, Mention.article_id == Article.id)
        .where(Mention.entity_id == entity_id)
        .group_by(Article.id, Article.title)
        .order_by(func.count().desc(), Article.id)
    )
    return [(int(a), title or "", int(n)) for a, title, n in rows]


# -- changes -----------------------------------------------------------------------------------
EDITABLE = ("canonical_name", "type", "aliases", "external_id")


def edit(session: Session, entity_id: int, **values: Any) -> dict[str, Any]:
    """Set any of :data:`EDITABLE` (aliases deduplicated, the name never among them);
    returns the old values, which undo passes back to this function."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise AnnotationError(f"cannot edit {', '.join(sorted(unknown))} of an entity")
    entity = _get(session, Entity, entity_id, "entity")
    old = {key: getattr(entity, key) for key in values}
    name = str(values.get("canonical_name", entity.canonical_name)).strip()
    if not name:
        raise AnnotationError("an entity needs a name")
    if "canonical_name" in values:
        values["canonical_name"] = name
    if "aliases" in values:
        cleaned = {a.strip() for a in values["aliases"] if a.strip()}
        values["aliases"] = sorted(cleaned - {name})
    for key, value in values.items():
        setattr(entity, key, value)
    session.flush()
    return old


def create(session: Session, name: str, type_: str, aliases: list[str] | None = None,
           external_id: str = "") -> int:  # fmt: skip
    if not name.strip():
        raise AnnotationError("an entity needs a name")
    entity = Entity(canonical_name=name.strip(), type=type_, external_id=external_id.strip(),
                    aliases=sorted({a.strip() for a in aliases or [] if a.strip()} - {name.strip()}))  # fmt: skip
    session.add(entity)
    session.flush()
    return entity.id


def _mention_ids(session: Session, entity_id: int) -> list[int]:
    return list(session.scalars(select(Mention.id).where(Mention.entity_id == entity_id)))


def _relink(session: Session, ids: list[int], entity_id: int | None) -> None:
    for at in range(0, len(ids), _CHUNK):
        session.execute(
            update(Mention).where(Mention.id.in_(ids[at : at + _CHUNK])).values(entity_id=entity_id)
        )


@dataclass
class Merged:
    """What :func:`merge` changed, enough for :func:`unmerge` to put back."""

    kept: int
    dropped: dict[str, Any]  # the merged-away entity, whole
    moved: list[int] = field(default_factory=list)  # its mentions
    kept_before: dict[str, Any] = field(default_factory=dict)


def merge(session: Session, keep_id: int, drop_id: int) -> Merged:
    """Move ``drop_id``'s mentions to ``keep_id``; its name and aliases become aliases of
    the kept entity (and its external id, if the kept one has none); it is then deleted."""
    if keep_id == drop_id:
        raise AnnotationError("an entity cannot be merged into itself")
    keep = _get(session, Entity, keep_id, "entity")
    drop = _get(session, Entity, drop_id, "entity")
    merged = Merged(keep_id, whole(drop), _mention_ids(session, drop_id))
    changes: dict[str, Any] = {
        "aliases": [*(keep.aliases or []), drop.canonical_name, *(drop.aliases or [])]
    }
    if not keep.external_id and drop.external_id:
        changes["external_id"] = drop.external_id
    _relink(session, merged.moved, keep_id)
    session.delete(drop)
    session.flush()
    merged.kept_before = edit(session, keep_id, **changes)
    return merged


def unmerge(session: Session, merged: Merged) -> None:
    edit(session, merged.kept, **merged.kept_before)
    session.execute(insert(Entity), [merged.dropped])
    _relink(session, merged.moved, int(merged.dropped["id"]))


@dataclass
class Deleted:
    row: dict[str, Any]
    unlinked: list[int]


def remove(session: Session, entity_id: int) -> Deleted:
    """Delete an entity; its tags stay, unlinked."""
    entity = _get(session, Entity, entity_id, "entity")
    deleted = Deleted(whole(entity), _mention_ids(session, entity_id))
    _relink(session, deleted.unlinked, None)
    session.execute(delete(Entity).where(Entity.id == entity_id))
    return deleted


def restore(session: Session, deleted: Deleted) -> None:
    session.execute(insert(Entity), [deleted.row])
    _relink(session, deleted.unlinked, int(deleted.row["id"]))
