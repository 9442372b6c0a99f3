"""CSV/TSV: one article per row, from a text column (``text``, ``content``, ``body``...)."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator

from core.ingest.readers.base import Record, RecordError
from core.text.dates import parse_date
from core.text.textio import normalise

TEXT_COLUMNS = ("text", "content", "body", "article", "full_text", "texte", "contenu")
FIELDS = {
    "title": ("title", "headline", "titre"),
    "source": ("source", "site", "publisher"),
    "url": ("url", "link", "lien"),
    "published": ("published", "date", "published_at", "pubdate"),
    "language": ("language", "lang", "langue"),
}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _find(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.strip().lower().lstrip("\ufeff"): h for h in header}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def read(text: str, delimiter: str | None = None) -> Iterator[Record | RecordError]:
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = reader.fieldnames or []
    text_col = _find(list(header), TEXT_COLUMNS)
    if text_col is None:
        yield RecordError(1, "no text column (expected one of: " + ", ".join(TEXT_COLUMNS) + ")")
        return
    cols = {key: _find(list(header), names) for key, names in FIELDS.items()}
    row_start = reader.line_num + 1
    try:
        for row in reader:
            line = row_start
            row_start = reader.line_num + 1

            def get(key: str, row: dict[str, str | None] = row) -> str:
                col = cols[key]
                return (row.get(col) or "").strip() if col else ""

            body = row.get(text_col) or ""
            if not body.strip():
                yield RecordError(line, "row has no text")
                continue
            yield Record(
                text=normalise(body),
                title=get("title"),
                source=get("source"),
                url=get("url"),
                published=parse_date(get("published")),
                language=get("language").split("-")[0].lower(),
                text_format="txt",
                line=line,
            )
    except csv.Error as exc:
        yield RecordError(reader.line_num, f"malformed CSV: {exc}")
