"""The translation providers Gloss offers, all through deep-translator.

Each entry says how to build the deep-translator object, how long a text it takes in one
call, and what it needs (a server URL, an API key). Language codes are ISO 639-1 in Gloss
and mapped here to what each provider expects (MyMemory wants ``fr-FR``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from core.translation.credentials import Credentials

AUTO = "auto"


@dataclass(frozen=True)
class ProviderSpec:
    name: str
    label: str
    factory: Callable[..., Any]
    max_chars: int
    needs_key: bool = False
    needs_url: bool = False
    auto_source: bool = True  # accepts "auto" as the source language
    options: tuple[str, ...] = field(default_factory=tuple)
    credentials: Credentials = field(default_factory=Credentials)  # keys out of the URL


@dataclass
class ProviderConfig:
    name: str = "google"
    url: str = ""
    api_key: str = ""
    region: str = ""

    @property
    def cache_key(self) -> str:
        """Who answered, for the cache: another server may translate differently (the same
        server written another way, ``HTTP://Host:5000/`` or ``http://host:5000``, is one)."""
        url = normalise_url(self.url)
        return f"{self.name}@{url}" if url else self.name


def normalise_url(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def _google(source: str, target: str, cfg: ProviderConfig) -> Any:
    from deep_translator import GoogleTranslator

    return GoogleTranslator(source=source, target=target)


def _libre(source: str, target: str, cfg: ProviderConfig) -> Any:
    from deep_translator import LibreTranslator

    url = cfg.url or "https://libretranslate.com/"
    if not url.endswith("/"):
        url += "/"  # deep-translator appends "translate" to it
    # deep-translator insists on a key even for servers that ignore it.
    return LibreTranslator(
        source=source,
        target=target,
        api_key=cfg.api_key or "none",
        custom_url=url,
        use_free_api=not cfg.api_key,
    )


def _mymemory(source: str, target: str, cfg: ProviderConfig) -> Any:
    from deep_translator import MyMemoryTranslator
    from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

    def code(lang: str) -> str:
        for value in MY_MEMORY_LANGUAGES_TO_CODES.values():
            if value == lang or value.split("-")[0] == lang:
                return str(value)
        return lang

    return MyMemoryTranslator(source=code(source), target=code(target))


def _deepl(source: str, target: str, cfg: ProviderConfig) -> Any:
    from deep_translator import DeeplTranslator

    return DeeplTranslator(
        api_key=cfg.api_key, source=source, target=target, use_free_api=cfg.api_key.endswith(":fx")
    )


def _microsoft(source: str, target: str, cfg: ProviderConfig) -> Any:
    from deep_translator import MicrosoftTranslator

    return MicrosoftTranslator(
        api_key=cfg.api_key, region=cfg.region or None, source=source, target=target
    )


PROVIDERS: dict[str, ProviderSpec] = {
    spec.name: spec
    for spec in (
        ProviderSpec("google", "Google Translate (web)", _google, 4900),
        ProviderSpec(
            "libre",
            "LibreTranslate (self-hosted or libretranslate.com)",
            _libre,
            4900,
            needs_url=True,
            credentials=Credentials(form_body=True),
        ),
        ProviderSpec("mymemory", "MyMemory", _mymemory, 480, auto_source=False),
        ProviderSpec(
            "deepl",
            "DeepL API",
            _deepl,
            4900,
            needs_key=True,
            auto_source=False,
            credentials=Credentials(
                key_param="auth_key", key_header="Authorization: DeepL-Auth-Key {key}"
            ),
        ),
        ProviderSpec("microsoft", "Microsoft Translator", _microsoft, 9000, needs_key=True),
    )
}


def build(cfg: ProviderConfig, source: str, target: str) -> Any:
    spec = PROVIDERS[cfg.name]
    return spec.factory(source, target, cfg)
