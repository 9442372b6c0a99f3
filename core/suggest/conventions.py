"""The span conventions of the gold annotations (``shared/gold/README.md``), applied to every
source's spans: determiners and punctuation stay outside a span."""

from __future__ import annotations

import re

# Articles, elided articles and a lower-case "de"/"of" that open a span in some sources'
# output ("la Russie", "l'armée", "the Kremlin", "l'ambassadeur de Russie"); the gold leaves
# them outside. ("De" capitalised may open a name: "De Standaard".)
_LEADING = re.compile(
    r"(?:(?:la|le|les|the|un|une|des|du|a|an|(?-i:de|of))\s+|[ld][’'])", re.IGNORECASE
)
_EDGES = ' \t\n"“”«»()[],.;:!?'


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` without leading determiners and edge punctuation or blanks."""
    while start < end and text[start] in _EDGES:
        start += 1
    while end > start and text[end - 1] in _EDGES:
        end -= 1
    lead = _LEADING.match(text, start, end)
    if lead and lead.end() < end:
        start = lead.end()
    return start, end
