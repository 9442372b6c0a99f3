"""An article as ``gloss show`` prints it for a person: metadata, paragraphs, translations,
tags, events, labels and notes (``--json`` gives the same data whole)."""

from __future__ import annotations

from typing import Any

from core.articles import review_lines


def _span(item: dict[str, Any]) -> str:
    return f"{item['layer']} {item['start']}–{item['end']}"


def article_lines(detail: dict[str, Any], links: frozenset[str] = frozenset()) -> list[str]:
    lines = [
        f"#{detail['id']}  {detail['title']}",
        f"source: {detail['source'] or '—'}   published: {detail['published'] or '—'}   "
        f"languages: {', '.join(detail['languages']) or '—'}   status: {detail['status']}",
        f"labels: {', '.join(detail['labels']) or '—'}",
    ]
    if detail["url"]:
        lines.append(f"url: {detail['url']}")
    if detail["notes"]:
        lines += ["notes:", *(f"  {line}" for line in detail["notes"].splitlines())]
    text = detail["text"]
    lines.append("")
    for p in detail["paragraphs"]:
        mark = "  [boilerplate]" if p["boilerplate"] else ""
        lines.append(f"[{p['index']} {p['language']}]{mark} {text[p['start'] : p['end']]}")
    for lang, paragraphs in sorted(detail["translations"].items()):
        lines += ["", f"translation ({lang}):"]
        for t in paragraphs:
            edited = "  [edited]" if t["edited"] else ""
            lines.append(f"[{t['index']}]{edited} {t['text']}")
    mentions = {m["id"]: m for m in detail["entities"]}
    if mentions:
        lines += ["", f"tags ({len(mentions)}):"]
        for m in detail["entities"]:
            link = f"  → entity #{m['entity_id']}" if m["entity_id"] else ""
            lines.append(f"  {m['label']:<8} «{m['text']}» ({_span(m)}){link}")
    if detail["events"]:
        lines += ["", f"events ({len(detail['events'])}):"]
        for e in detail["events"]:
            lines.append(f"  {e['type']} «{e['trigger']['text']}» ({_span(e['trigger'])})")
            for a in e["arguments"]:
                arg = mentions.get(a["mention_id"])
                lines.append(f"    {a['role']}: «{arg['text'] if arg else '?'}»")
            for key, value in sorted(e["attributes"].items()):
                if isinstance(value, int) and value in mentions and key in links:
                    value = f"«{mentions[value]['text']}»"
                lines.append(f"    {key} = {value}")
    review = review_lines(detail)
    if review:
        lines += ["", f"needs review ({len(review)}):", *(f"  {line}" for line in review)]
    return lines
