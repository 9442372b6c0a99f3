"""Folding for matching names: case and accents ignored, so "Kyïv", "KYIV" and "kyiv" are one
key (ligatures too: "Œuvre" = "oeuvre"). Used by the entity registry and date words."""

from __future__ import annotations

import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'"})


def fold(text: str) -> str:
    """``text`` case-folded, without combining accents, inner blanks as one space."""
    if text.isascii():  # most words: nothing to decompose (ASCII case-folds as lower)
        return " ".join(text.lower().split())
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def names_key(names: list[str]) -> str:
    """One searchable string for a set of names: each folded, sorted, between newlines, so
    ``LIKE '%\\nkyiv\\n%'`` is an exact name match and ``LIKE '%kyi%'`` a substring one."""
    folded = sorted({fold(name) for name in names if name.strip()})
    return "\n" + "\n".join(folded) + "\n" if folded else "\n"
