"""How a translation layer's text is made from its paragraphs (no database: the import's
worker processes check records against it)."""

from __future__ import annotations

LAYER_GAP = "\n\n"


def join_layer(texts: list[str]) -> tuple[str, list[int]]:
    """A translation layer: the paragraph translations joined by a blank line, and where
    each one starts in it (the one rule the reader, the annotations and exports share)."""
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + len(LAYER_GAP)
    return LAYER_GAP.join(texts), starts
