"""Publication dates found in article text: French, English, German, Spanish, ISO.

Hand-written because the general parsers (dateparser) are slow on whole articles and find
dates in any number; here only a full date with a year counts, and the first one wins.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS: dict[str, int] = {}
for number, names in enumerate(
    [
        "january janvier januar enero jan janv ene",
        "february février fevrier februar febrero feb fév fev févr fevr",
        "march mars märz marz marzo mar",
        "april avril abril apr avr abr",
        "may mai mayo",
        "june juin juni junio jun",
        "july juillet juli julio jul juil",
        "august août aout agosto aug",
        "september septembre septiembre sept sep",
        "october octobre oktober octubre oct okt",
        "november novembre noviembre nov",
        "december décembre decembre dezember diciembre dec déc dez dic",
    ],
    start=1,
):
    for name in names.split():
        MONTHS[name] = number

_MONTH = "(" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:er|st|nd|rd|th|\.|º)?"
_YEAR = r"((?:19|20)\d{2})"

# 26 novembre 2024 / mardi 26 novembre 2024 / 26. November 2024 / 26 de noviembre de 2024
_DMY = re.compile(rf"\b{_DAY}\s+(?:de\s+)?{_MONTH}\s+(?:de\s+)?{_YEAR}\b", re.IGNORECASE)
# Tuesday, November 26, 2024 / Nov. 26, 2024
_MDY = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)
_ISO = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")


def _make(year: str, month: int, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


# Two patterns with literal prefixes: the regex engine scans for a literal far faster than for
# an alternation, and most articles hold no year at all.
_YEARS = (re.compile(r"19\d\d\b"), re.compile(r"20\d\d\b"))
_WINDOW = 40  # a full date ends with its year; look this far back from each year


def find_date(text: str, limit: int = 3000) -> dt.date | None:
    """The first complete date in the first ``limit`` characters, or None.

    Only the few places where a year stands are examined, which keeps this cheap on long
    articles full of other numbers.
    """
    head = text[:limit]
    years = sorted(
        (m.start(), m.end())
        for pattern in _YEARS
        for m in pattern.finditer(head)
        if m.start() == 0 or not head[m.start() - 1].isalnum()
    )
    for year_start, year_end in years:
        lo = max(0, year_start - _WINDOW)
        window = head[lo : year_end + 6]
        found: list[tuple[int, dt.date]] = []
        for m in _DMY.finditer(window):
            date = _make(m.group(3), MONTHS[m.group(2).lower()], m.group(1))
            if date and lo + m.end(3) == year_end:
                found.append((m.start(), date))
        for m in _MDY.finditer(window):
            date = _make(m.group(3), MONTHS[m.group(1).lower()], m.group(2))
            if date and lo + m.end(3) == year_end:
                found.append((m.start(), date))
        for m in _ISO.finditer(window):
            date = _make(m.group(1), int(m.group(2)), m.group(3))
            if date and lo + m.end(1) == year_end:
                found.append((m.start(), date))
        if found:
            return min(found)[1]
    return None


def parse_date(value: object) -> dt.date | None:
    """A metadata value (ISO string, date, or text with a date) to a date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return find_date(text)
