"""The native JSONL's identity: its ``format`` and ``version`` fields, shared by the
writer (core.export.native) and the reader (core.ingest.datasets.native)."""

FORMAT = "gloss-native"
VERSION = 1
