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


def find_date(text: str, limit: int = 4000) -> dt.date | None:
    """The first complete date in the first ``limit`` characters, or None."""
    head = text[:limit]
    found: list[tuple[int, dt.date]] = []
    for m in _DMY.finditer(head):
        date = _make(m.group(3), MONTHS[m.group(2).lower()], m.group(1))
        if date:
            found.append((m.start(), date))
            break
    for m in _MDY.finditer(head):
        date = _make(m.group(3), MONTHS[m.group(1).lower()], m.group(2))
        if date:
            found.append((m.start(), date))
            break
    for m in _ISO.finditer(head):
        date = _make(m.group(1), int(m.group(2)), m.group(3))
        if date:
            found.append((m.start(), date))
            break
    return min(found)[1] if found else None


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
