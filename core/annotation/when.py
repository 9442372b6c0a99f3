"""Event dates resolved from a time expression and the article's publication date.

``resolve("overnight", Tuesday)`` is Monday–Tuesday (day precision); "mardi" in a report
published on Thursday is that Tuesday; "26 novembre" takes the publication year (the year
before when that would put it in the future); "la semaine dernière" is last week (week
precision); "en novembre" a month. French and English; None when nothing is recognised.
"""

from __future__ import annotations

import datetime as dt
import re

from core.text.dates import MONTHS, find_date
from core.text.fold import fold

WEEKDAYS = {
    name: n
    for n, names in enumerate(
        [
            "monday lundi",
            "tuesday mardi",
            "wednesday mercredi",
            "thursday jeudi",
            "friday vendredi",
            "saturday samedi",
            "sunday dimanche",
        ]
    )
    for name in names.split()
}
Resolved = tuple[dt.date, dt.date, str]  # start, end, precision (day, week, month)


_MONTH_NAMES = {fold(k): v for k, v in MONTHS.items()}
_OVERNIGHT = re.compile(
    r"\b(overnight|last night|during the night|la nuit derniere|cette nuit|dans la nuit|pendant la nuit|nuit de \w+ a \w+)\b"
)
_TODAY = re.compile(
    r"\b(today|this morning|this afternoon|this evening|tonight|aujourd'?hui|ce matin|cet apres-midi|ce soir)\b"
)
_YESTERDAY = re.compile(r"\b(yesterday|hier)\b")
_LAST_WEEK = re.compile(r"\b(last week|la semaine derniere|la semaine passee)\b")
_THIS_WEEK = re.compile(r"\b(this week|cette semaine)\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:er|st|nd|rd|th)?\s+([a-z]+)")
_MONTH_DAY = re.compile(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b")


def _month_range(year: int, month: int) -> Resolved:
    start = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1), "month"


def into_attributes(found: Resolved, parts: dict[str, str]) -> dict[str, str]:
    """A resolved date's start, end and precision as the values of the attributes that
    receive them (``parts``: the schema's ``date_parts``)."""
    start, end, precision = found
    values = {"start": start.isoformat(), "end": end.isoformat(), "precision": precision}
    return {key: values[part] for part, key in parts.items()}


def resolve(expression: str, published: dt.date | None) -> Resolved | None:
    text = fold(expression).strip()
    explicit = find_date(expression)
    if explicit is not None:
        return explicit, explicit, "day"
    if published is None:
        return None
    if _OVERNIGHT.search(text):
        return published - dt.timedelta(days=1), published, "day"
    if _TODAY.search(text):
        return published, published, "day"
    if _YESTERDAY.search(text):
        day = published - dt.timedelta(days=1)
        return day, day, "day"
    if _LAST_WEEK.search(text):
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return monday, monday + dt.timedelta(days=6), "week"
    if _THIS_WEEK.search(text):
        monday = published - dt.timedelta(days=published.weekday())
        return monday, published, "week"
    pairs = [(m.group(1), m.group(2)) for m in _DAY_MONTH.finditer(text)]
    pairs += [(m.group(2), m.group(1)) for m in _MONTH_DAY.finditer(text)]
    for day_text, month_name in pairs:
        month = _MONTH_NAMES.get(month_name)
        if month is None:
            continue
        try:
            date = dt.date(published.year, month, int(day_text))
        except ValueError:
            continue
        if date > published + dt.timedelta(days=2):
            date = date.replace(year=date.year - 1)
        return date, date, "day"
    for word in re.findall(r"[a-z]+", text):
        if word in WEEKDAYS:
            back = (published.weekday() - WEEKDAYS[word]) % 7
            day = published - dt.timedelta(days=back)
            return day, day, "day"
    for word in re.findall(r"[a-z]+", text):
        month = _MONTH_NAMES.get(word)
        if month is not None and len(word) > 3:
            year = published.year if month <= published.month else published.year - 1
            return _month_range(year, month)
    return None
