"""An event attribute's value, typed as the schema says (a whole number, one of a list, a
date, a tag's id, text), or an error naming the problem."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.annotation.errors import AnnotationError
from core.annotation.types import Schema


def typed_value(schema: Schema, key: str, value: Any) -> Any:
    """The value typed (None for an empty one: the attribute is cleared). A tag's id is
    only typed here; whether that tag exists is the caller's to check."""
    spec = schema.attribute(key)
    if spec is None:
        raise AnnotationError(f"{key!r} is not an event attribute of the schema")
    kind = spec.kind
    if value is None or value == "":
        return None
    if kind == "integer":
        if isinstance(value, bool) or not (
            isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())
        ):
            raise AnnotationError(f"{key} must be a whole number, not {value!r}")
        number = int(value)
        if number < (spec.minimum or 0):
            raise AnnotationError(f"{key} must be at least {spec.minimum or 0}")
        return number
    if kind == "enum":
        if value not in spec.values:
            raise AnnotationError(f"{key} must be one of {', '.join(spec.values)}")
        return value
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError as exc:
            raise AnnotationError(f"{key} must be a date (YYYY-MM-DD)") from exc
    if kind == "mention":
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise AnnotationError(f"{key} must be a tag's id, not {value!r}")
        try:
            return int(value)
        except ValueError as exc:
            raise AnnotationError(f"{key} must be a tag's id, not {value!r}") from exc
    return str(value)
