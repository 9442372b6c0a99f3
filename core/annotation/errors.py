"""The error an annotation refused for a reason the user can fix says."""

from __future__ import annotations


class AnnotationError(ValueError):
    pass


class ArticleGone(AnnotationError):
    """A step refused because its article was deleted meanwhile (another window, a terminal,
    a colleague): the message names it, and the app moves on from that article."""
