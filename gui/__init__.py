"""Gloss desktop app: Qt widgets and models, thin over core."""
