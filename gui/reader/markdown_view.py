"""Markdown paragraphs rendered with the ``markdown`` package and sanitised with nh3: no
scripts, no images, no ``file://`` or other non-web links, nothing loaded from anywhere."""

from __future__ import annotations

import re
from html import escape

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "br", "sub", "sup", "del", "s",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


# Python-Markdown's link and nesting handling is quadratic or recursive on hostile input (20,000
# nested "[" took 42 s on the GUI thread; 3,000 nested list markers overflow the stack). What
# real articles never hold is not given to it: a paragraph with more markup or nesting than any
# article has, or that still fails, is shown as plain text.
MAX_BRACKETS = 64  # "[" in one paragraph before it is shown as plain text
MAX_INLINE = 2000  # other inline markup characters (each costs the parser a placeholder)
_DEEP_NESTING = re.compile(r"^(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])[ \t]+){16,}", re.MULTILINE)


def render(text: str) -> str:
    """Sanitised HTML for one Markdown paragraph, in bounded time."""
    if (
        _DEEP_NESTING.search(text)
        or text.count("[") > MAX_BRACKETS
        or sum(text.count(c) for c in "&<`*_!") > MAX_INLINE
    ):
        return f"<p>{escape(text)}</p>"
    try:
        html = markdown.markdown(text, output_format="html")
    except RecursionError:
        return f"<p>{escape(text)}</p>"
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
