"""The legend above the text: each tag type's key and name tinted in its colour, as the reader
paints its tags. The schema editor previews it as you edit."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from core.library import Schema


def tag_colour(color: str) -> QColor:
    """A type's colour as tags are tinted with it: on a dark base a dark colour (a slate
    blue, a maroon) is lightened, else its tint would vanish into the background."""
    c = QColor(color)
    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    if base.lightness() < 128 and c.lightness() < 130:
        c = QColor.fromHsl(max(c.hslHue(), 0), c.hslSaturation(), 160, c.alpha())
    return c


def legend_entry(key: str, shortcut: str, color: str) -> str:
    c = tag_colour(color)
    rgba = f"rgba({c.red()},{c.green()},{c.blue()},0.3)"
    return (
        f'<span style="background-color:{rgba}">&nbsp;{escape(shortcut)} {escape(key)}&nbsp;</span>'
    )


def legend_html(schema: Schema) -> str:
    """The reader's legend line: the entity types."""
    return " ".join(legend_entry(t.key, t.shortcut, t.color) for t in schema.entity_types)


def preview_html(schema: Schema) -> str:
    """Entity and event types with names, keys and colours, as the schema editor shows them."""
    rows = []
    for title, types in (("Entities", schema.entity_types), ("Events", schema.event_types)):
        rows.append(f"<p><b>{title}</b></p>")
        for t in types:
            name = f" — {escape(t.name)}" if t.name and t.name != t.key else ""
            rows.append(f"<p>{legend_entry(t.key, t.shortcut, t.color)}{name}</p>")
    return "".join(rows)
