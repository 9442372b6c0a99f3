"""Datasets in and out: the lossless native JSONL (more formats to come)."""
