"""What every reader yields: records to import, or errors naming the bad record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass
class Record:
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: dt.date | None = None
    language: str = ""
    text_format: str = "txt"
    line: int | None = None  # line (jsonl, csv) or record number (json array) in the file


@dataclass
class RecordError:
    line: int | None
    reason: str


@dataclass(frozen=True)
class Details:
    """What a person says of a pasted text (empty: found in the text, or left empty)."""

    title: str = ""
    source: str = ""
    url: str = ""
    published: dt.date | None = None
