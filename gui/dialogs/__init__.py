"""Dialogs: file choosers that open nothing, export, schema editor, small forms."""
