"""HTML: the main text, as paragraphs; scripts, styles, navigation and asides dropped.

Parsed with selectolax (Lexbor); nothing is fetched, no script runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.ingest.readers.base import Record, RecordError
from core.text.dates import parse_date

DROP_TAGS = (
    "script, style, noscript, template, iframe, object, embed, svg, canvas, nav, aside, "
    "footer, form, button, select, input, textarea, dialog, "
    "[role=navigation], [role=banner], [role=contentinfo], [role=complementary], "
    "[aria-hidden=true], [hidden]"
)
_NOISE_WORDS = {
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "share", "sharing",
    "social", "cookie", "cookies", "newsletter", "related", "comments", "sidebar", "advert",
    "ads", "promo", "subscribe", "paywall",
}  # fmt: skip
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption", "table",
    "tr", "td", "th", "caption", "address", "hr", "body", "center", "details", "summary",
}  # fmt: skip
_SPACES = re.compile(r"[ \t\f\v\u00a0\u200b\r\n]+")
_WORDS = re.compile(r"[a-z]+")


def _is_noise(node: LexborNode) -> bool:
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return bool(_NOISE_WORDS.intersection(_WORDS.findall(names)))


def _walk(node: LexborNode, out: list[str]) -> None:
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            out.append(child.text_content or "")
        elif tag == "br":
            out.append("\n")
        elif tag in BLOCK_TAGS:
            out.append("\n\n")
            _walk(child, out)
            out.append("\n\n")
        elif tag is not None and not tag.startswith("-"):
            _walk(child, out)
        child = child.next


def _paragraphs(root: LexborNode) -> str:
    out: list[str] = []
    try:
        _walk(root, out)
        raw = "".join(out)
    except RecursionError:
        raw = root.text(separator="\n\n")
    paragraphs = []
    for block in re.split(r"\n\s*\n", raw):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _meta(tree: LexborHTMLParser, *selectors: str) -> str:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            value = node.attributes.get("content") or node.attributes.get("datetime")
            if not value and node.tag in ("title", "h1"):
                value = node.text()
            if not value and node.tag == "link":
                value = node.attributes.get("href")
            if value and value.strip():
                return _SPACES.sub(" ", value).strip()
    return ""


def _main(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in ("article", "main", "[role=main]"):
        nodes = tree.css(selector)
        if nodes:
            return max(nodes, key=lambda n: len(n.text(strip=True)))
    return tree.body


def read(text: str) -> Iterator[Record | RecordError]:
    tree = LexborHTMLParser(text)
    title = _meta(tree, "h1", 'meta[property="og:title"]', "title")
    published = parse_date(
        _meta(
            tree,
            'meta[property="article:published_time"]',
            'meta[itemprop="datePublished"]',
            'meta[name="date"]',
            'meta[name="pubdate"]',
            "time[datetime]",
        )
    )
    source = _meta(tree, 'meta[property="og:site_name"]', 'meta[name="author"]')
    url = _meta(tree, 'link[rel="canonical"]', 'meta[property="og:url"]')
    html_node = tree.css_first("html")
    language = (html_node.attributes.get("lang") or "") if html_node is not None else ""
    for node in tree.css(DROP_TAGS):
        node.decompose()
    for node in tree.css("[class], [id]"):
        if node.tag not in ("html", "body", "article", "main") and _is_noise(node):
            node.decompose()
    root = _main(tree)
    body = _paragraphs(root) if root is not None else ""
    if not body.strip():
        yield RecordError(None, "no readable text in the HTML")
        return
    yield Record(
        text=body,
        title=title,
        source=source,
        url=url,
        published=published,
        language=language.split("-")[0].lower(),
        text_format="html",
    )
