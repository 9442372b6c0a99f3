"""How a provider takes its API key (no network code: the CLI lists providers without
loading requests)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Credentials:
    """Where a provider's API key goes instead of the URL."""

    form_body: bool = False  # POST: send the query parameters (key, text) as a form body
    key_param: str = ""  # a query parameter holding the key...
    key_header: str = ""  # ...sent instead as this header, "{key}" replaced by its value
