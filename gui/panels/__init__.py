"""Panels beside the reader (events)."""
