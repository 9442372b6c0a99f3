"""What a person may change on an article itself (status, notes, labels, title, source,
URL, publication date, main language), each value checked."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy.orm import Session

from core.annotation.service import AnnotationError, _get, typed_schema
from core.storage.models import Article
from core.text.textio import clean_field

ARTICLE_FIELDS = ("status", "notes", "labels", "title", "source", "url", "published", "language")
LANGUAGE_CODE = re.compile(r"^(?:[a-z]{2,3}|und)$")


def set_article_field(session: Session, article_id: int, name: str, value: Any) -> Any:
    """Set what a person may change on an article: status (one of the schema's document
    statuses), notes, labels, title, source, URL, publication date (ISO, or empty) and main
    language (a code such as fr, en); returns the old value."""
    article = _get(session, Article, article_id, "article")
    if name not in ARTICLE_FIELDS:
        raise AnnotationError(f"{name!r} is not an article field")
    if name == "status":
        allowed = typed_schema(session).statuses
        if allowed and value not in allowed:
            raise AnnotationError(f"status must be one of {', '.join(allowed)}")
    if name == "labels":
        value = sorted({str(v).strip() for v in value if str(v).strip()})
    if name == "notes":
        value = str(value)
    if name in ("title", "source", "url"):
        value = clean_field(str(value or ""))
        if name == "title" and not value:
            raise AnnotationError("a title cannot be empty")
    if name == "published":
        value = _date(value)
    if name == "language":
        value = str(value or "").strip().lower()
        if not LANGUAGE_CODE.match(value):
            raise AnnotationError(f"{value!r} is not a language code (fr, en, uk…)")
    old = getattr(article, name)
    setattr(article, name, value)
    return list(old) if isinstance(old, list) else old


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise AnnotationError(f"{value!r} is not a date (YYYY-MM-DD)") from None
