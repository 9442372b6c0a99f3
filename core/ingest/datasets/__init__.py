"""Annotated datasets from other tools and Gloss's own native JSONL."""
