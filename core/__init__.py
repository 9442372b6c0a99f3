"""Gloss core: storage, import, translation, annotation, export and CLI. Never imports Qt."""

__version__ = "0.1.0"
