"""The façade's ``schema`` manager: the active annotation schema (data, never code), and
schema files loaded and saved — never the library's own files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.annotation import schema as _schema
from core.annotation.types import Schema
from core.library.manager import Manager as _Manager
from core.storage.files import OwnFiles


class Schemas(_Manager):
    """The active annotation schema (data: types, roles, attributes, keys, colours)."""

    def current(self) -> Schema:
        """The active schema, typed (``.body`` is its JSON); the shipped default is
        installed on first use."""
        with self._library.reading() as session:
            body = _schema.active_body(session)
        if body is None:
            with self._library.session() as session:
                body = _schema.ensure_default(session).body
        return Schema.of(body)

    def activate(self, body: dict[str, Any]) -> dict[str, int]:
        """Make ``body`` the active schema; returns the types in use it lacks, with counts."""
        with self._library.session() as session:
            _schema.activate(session, body)
            return _schema.unknown_types(session)

    def load(self, path: Path) -> tuple[Schema, dict[str, int]]:
        """Validate, then activate, a schema file (``SchemaError`` says what is wrong)."""
        body = _schema.load_file(self._not_the_library(path))
        return Schema.of(body), self.activate(body)

    def save(self, path: Path) -> None:
        with self._library.reading() as session:
            _schema.save_file(session, self._not_the_library(path))

    def _not_the_library(self, path: Path) -> Path:
        if OwnFiles(self._library.files()).match(path) is not None:
            raise _schema.SchemaError(f"{path} is the library itself: choose another file")
        return path

    def unknown_types(self) -> dict[str, int]:
        with self._library.reading() as session:
            return _schema.unknown_types(session)
