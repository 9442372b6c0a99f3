import datetime as dt

import pytest

from core.annotation.when import resolve

TUESDAY = dt.date(2024, 11, 26)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("overnight", ("2024-11-25", "2024-11-26", "day")),
        ("dans la nuit de lundi à mardi", ("2024-11-25", "2024-11-26", "day")),
        ("Tuesday", ("2024-11-26", "2024-11-26", "day")),
        ("lundi", ("2024-11-25", "2024-11-25", "day")),
        ("jeudi", ("2024-11-21", "2024-11-21", "day")),  # the last Thursday before
        ("hier", ("2024-11-25", "2024-11-25", "day")),
        ("aujourd'hui", ("2024-11-26", "2024-11-26", "day")),
        ("le 23 novembre", ("2024-11-23", "2024-11-23", "day")),
        ("November 19", ("2024-11-19", "2024-11-19", "day")),
        ("le 28 décembre", ("2023-12-28", "2023-12-28", "day")),  # not in the future
        ("mardi 26 novembre 2024", ("2024-11-26", "2024-11-26", "day")),
        ("la semaine dernière", ("2024-11-18", "2024-11-24", "week")),
        ("en novembre", ("2024-11-01", "2024-11-30", "month")),
        ("in February", ("2024-02-01", "2024-02-29", "month")),
    ],
)
def test_resolve(expression: str, expected: tuple[str, str, str]) -> None:
    start, end, precision = resolve(expression, TUESDAY)
    assert (start.isoformat(), end.isoformat(), precision) == expected


def test_unresolved() -> None:
    assert resolve("soon", TUESDAY) is None
    assert resolve("overnight", None) is None
    assert resolve("2024-11-20", None)[0] == dt.date(2024, 11, 20)
