"""Split text longer than a provider's limit at sentence boundaries (and join it back)."""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")


def sentences(text: str, lang: str) -> list[str]:
    from simplemma import split_sentences

    try:
        parts = split_sentences(text, lang=lang) if lang and lang != "und" else None
    except (ValueError, KeyError):
        parts = None
    if not parts:
        parts = re.split(r"(?<=[.!?…])\s+", text)
    return [p for p in parts if p.strip()]


def split(text: str, limit: int, lang: str = "") -> list[str]:
    """Pieces of at most ``limit`` characters, cut between sentences where possible."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in sentences(text, lang):
        while len(sentence) > limit:  # a monster sentence: cut at the last space before limit
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        candidate = f"{current} {sentence}" if current else sentence
        if len(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = sentence
    if current:
        pieces.append(current)
    return [p for p in pieces if p]


def join(pieces: list[str]) -> str:
    return " ".join(p.strip() for p in pieces if p.strip())
