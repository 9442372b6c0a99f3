"""Translations and the translation cache in the library."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.layers import rebase_translation
from core.storage.models import Paragraph, Translation, TranslationCache

MANUAL = "manual"  # provider name of translations typed or pasted by the user
SAME = "as-is"  # provider name of paragraphs already in the target language, kept as they are


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached(session: Session, text: str, provider: str, source: str, target: str) -> str | None:
    return session.scalar(
        select(TranslationCache.translated).where(
            TranslationCache.text_hash == text_hash(text),
            TranslationCache.provider == provider,
            TranslationCache.source_lang == source,
            TranslationCache.target_lang == target,
        )
    )


def remember(
    session: Session, text: str, translated: str, provider: str, source: str, target: str
) -> None:
    if cached(session, text, provider, source, target) is not None:
        return
    try:
        with session.begin_nested():
            session.add(
                TranslationCache(
                    text_hash=text_hash(text),
                    provider=provider,
                    source_lang=source,
                    target_lang=target,
                    translated=translated,
                )
            )
    except IntegrityError:  # another process cached it meanwhile
        pass


def save(
    session: Session, paragraph_id: int, target: str, text: str, provider: str, edited: bool
) -> int:
    """Create or replace the translation of one paragraph: the one place a translation's
    text changes, so the tags on that translation layer are kept on their words here.
    Returns how many of them now need review (their words are gone)."""
    row = session.scalar(
        select(Translation).where(
            Translation.paragraph_id == paragraph_id, Translation.target_lang == target
        )
    )
    flagged = 0
    if row is None or row.text != text:
        flagged = rebase_translation(session, paragraph_id, target, text)
    if row is None:
        row = Translation(paragraph_id=paragraph_id, target_lang=target)
        session.add(row)
    row.text = text
    row.provider = provider
    row.edited = edited
    row.updated_at = utcnow()
    session.flush()
    return flagged


def set_by_hand(session: Session, article_id: int, index: int, target: str, text: str) -> int:
    """A translation typed or pasted by the user: kept, marked edited, never overwritten by a
    re-translation unless the user forces it."""
    paragraph_id = session.scalar(
        select(Paragraph.id).where(Paragraph.article_id == article_id, Paragraph.index == index)
    )
    if paragraph_id is None:
        raise LookupError(f"article {article_id} has no paragraph {index}")
    return save(session, paragraph_id, target, text, MANUAL, edited=True)
