"""Annotation in core: mentions, entities, events and undoable operations over them.

Scripts annotate with these calls; the app's undo stack wraps the same operations.
"""
