"""The error an annotation refused for a reason the user can fix says."""

from __future__ import annotations


class AnnotationError(ValueError):
    pass
