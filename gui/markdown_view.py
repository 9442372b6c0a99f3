"""Markdown paragraphs rendered with the ``markdown`` package and sanitised with nh3: no
scripts, no images, no ``file://`` or other non-web links, nothing loaded from anywhere."""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "br", "sub", "sup", "del", "s",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render(text: str) -> str:
    """Sanitised HTML for one Markdown paragraph."""
    html = markdown.markdown(text, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
