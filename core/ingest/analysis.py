"""From a record to an article ready to store: paragraphs, languages, boilerplate, title,
date and fingerprints."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from core.clock import utcnow
from core.ingest.readers.base import Record
from core.text import boilerplate, fingerprint, language, segment
from core.text.dates import find_date
from core.text.textio import clean_field

TITLE_MAX = 200


class ParagraphInfo(NamedTuple):  # a tuple: cheap to send back from worker processes
    start: int
    end: int
    language: str
    boilerplate: bool


@dataclass
class Prepared:
    text: str
    title: str
    source: str
    url: str
    published: dt.date | None
    language: str
    languages: list[str]
    text_format: str
    content_hash: str
    simhash: int
    paragraphs: list[ParagraphInfo] = field(default_factory=list)  # last: see __reduce__

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled as plain values (a worker sends every analysed article back): a quarter
        of the time a dataclass and its named tuples take, on both sides."""
        *values, paragraphs = vars(self).values()  # the fields in order, paragraphs last
        return _prepared, (*values, [tuple(p) for p in paragraphs])

    def article_row(self, origin: str) -> dict[str, Any]:
        return {
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "text": self.text,
            "content_hash": self.content_hash,
            "simhash": self.simhash,
            "language": self.language,
            "languages": self.languages,
            "text_format": self.text_format,
            "origin": origin,
            "imported_at": utcnow(),
            "status": "new",
            "notes": "",
            "labels": [],
        }


_paragraph = partial(tuple.__new__, ParagraphInfo)  # a named tuple from a tuple, in C


def _prepared(*values: Any) -> Prepared:
    *fields, paragraphs = values
    prepared = Prepared(*fields)
    prepared.paragraphs = list(map(_paragraph, paragraphs))
    return prepared


def _clean_title(line: str) -> str:
    line = clean_field(line).lstrip("#").strip()
    if len(line) > TITLE_MAX:
        line = line[: TITLE_MAX - 1].rstrip() + "…"
    return line


SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")
DERIVED_TITLE = 120  # characters, about: a title made from the text is cut at a word near it


def title_from_text(line: str) -> str:
    """A title for a text without a title line: its first sentence, cut at a word near
    :data:`DERIVED_TITLE` characters (a whole paragraph made a useless title)."""
    line = " ".join(line.split())
    sentence = SENTENCE_END.split(line, maxsplit=1)[0]
    if len(sentence) <= DERIVED_TITLE:
        return sentence
    cut = sentence.rfind(" ", 0, DERIVED_TITLE)
    return sentence[: cut if cut > DERIVED_TITLE // 2 else DERIVED_TITLE].rstrip(" ,;:–-") + "…"


def analyse(record: Record) -> Prepared:
    text = record.text
    spans = segment.paragraphs(text)
    langs = language.paragraph_languages(text, spans)
    flags = [boilerplate.match(text[s:e]) is not None for s, e in spans]
    paragraphs = [
        ParagraphInfo(s, e, lang, flag)
        for (s, e), lang, flag in zip(spans, langs, flags, strict=True)
    ]
    content = [p for p in paragraphs if not p.boilerplate] or paragraphs
    main = clean_field(record.language) or language.main_language(
        [p.language for p in content], [p.end - p.start for p in content]
    )
    found = sorted({p.language for p in paragraphs if p.language != language.UNKNOWN})
    if main != language.UNKNOWN and main not in found:
        found.insert(0, main)
    title = clean_field(record.title)
    if not title and content:
        first = content[0]
        title = title_from_text(text[first.start : first.end].split("\n", 1)[0])
    return Prepared(
        text=text,
        title=_clean_title(title),
        source=clean_field(record.source),
        url=clean_field(record.url),
        published=record.published or find_date(text),
        language=main,
        languages=sorted(found, key=lambda lang: (lang != main, lang)),
        text_format=record.text_format,
        content_hash=fingerprint.content_hash(text),
        # Near-duplicates are judged on the content, so other boilerplate does not count.
        simhash=fingerprint.simhash("\n".join(text[p.start : p.end] for p in content)),
        paragraphs=paragraphs,
    )
