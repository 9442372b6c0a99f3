"""The app's settings, typed: one place knows each key, its type and its default."""

from __future__ import annotations

import hashlib
import re
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings

from core.suggest.engine import SOURCES, Options
from core.translation.languages import target_language

CODE = re.compile("[a-z]{2}")

DEFAULT_FONT = 11.0


@dataclass
class TranslationSettings:
    provider: str = "google"
    url: str = ""
    target: str = "en"
    timeout: float = 30.0


def _bool(value: Any) -> bool:
    return value in (True, "true", 1, "1")


def _flag(key: str, default: bool) -> Any:
    """A yes/no setting stored under ``key`` (QSettings gives booleans back as text)."""

    def read(self: Settings) -> bool:
        return _bool(self._get(key, default))

    def write(self: Settings, value: bool) -> None:
        self._set(key, value)

    return property(read, write)


def _last_article_key(library_url: str) -> str:
    return "reader/last_article/" + hashlib.sha256(library_url.encode("utf-8")).hexdigest()[:16]


class Settings:
    """A typed view of QSettings (the store stays Qt's: per user, per platform)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings("Gloss", "Gloss")

    def _get(self, key: str, default: Any) -> Any:
        return self.store.value(key, default)

    def _set(self, key: str, value: Any) -> None:
        self.store.setValue(key, value)

    # -- translation ------------------------------------------------------------------------
    @property
    def translation(self) -> TranslationSettings:
        d = TranslationSettings()
        target = str(self._get("translation/target", d.target))
        if not CODE.fullmatch(target):  # a name saved before names were read as codes
            with suppress(ValueError):  # (babel's names are read only then: start-up time)
                target = target_language(target)
        return TranslationSettings(
            provider=str(self._get("translation/provider", d.provider)),
            url=str(self._get("translation/url", d.url)),
            target=target,
            timeout=float(self._get("translation/timeout", d.timeout)),
        )

    @translation.setter
    def translation(self, value: TranslationSettings) -> None:
        for key in ("provider", "url", "target", "timeout"):
            self._set(f"translation/{key}", getattr(value, key))

    # -- reading ---------------------------------------------------------------------------
    @property
    def font_size(self) -> float:
        return float(self._get("reader/font_size", DEFAULT_FONT))

    @font_size.setter
    def font_size(self, value: float) -> None:
        self._set("reader/font_size", value)

    hide_boilerplate = _flag("reader/hide_boilerplate", False)
    show_suggestions = _flag("suggest/show", True)
    click_accepts = _flag("suggest/click", True)  # a plain click on a suggestion accepts it

    @property
    def suggest_options(self) -> Options:
        """Which sources and types suggest (no types saved: all of them), the least score."""
        sources = self._get("suggest/sources", None)
        types = self._get("suggest/types", "")
        return Options(
            frozenset(str(sources).split(",")) - {""}
            if sources is not None
            else frozenset(SOURCES),
            frozenset(str(types).split(",")) if types else None,
            float(self._get("suggest/min_score", 0.5)),
        )

    @suggest_options.setter
    def suggest_options(self, value: Options) -> None:
        self._set("suggest/sources", ",".join(sorted(value.sources)))
        self._set("suggest/types", ",".join(sorted(value.types or ())))
        self._set("suggest/min_score", value.min_score)

    @property
    def theme(self) -> str:
        return str(self._get("view/theme", "system"))

    @theme.setter
    def theme(self, value: str) -> None:
        self._set("view/theme", value)

    def last_article(self, library_url: str) -> int | None:
        """The article last open in the library at ``library_url`` (each library its own:
        another library's id would open an unrelated article)."""
        value = self._get(_last_article_key(library_url), None)
        return int(value) if value is not None else None

    def set_last_article(self, library_url: str, article_id: int) -> None:
        self._set(_last_article_key(library_url), article_id)

    def sizes(self, key: str) -> list[int] | None:
        """Splitter sizes (``window/splitter``, ``reader/splitter``)."""
        value = self._get(key, None)
        return [int(s) for s in value] if value else None

    def set_sizes(self, key: str, sizes: list[int]) -> None:
        self._set(key, sizes)

    @property
    def geometry(self) -> Any:
        return self._get("window/geometry", None)

    @geometry.setter
    def geometry(self, value: Any) -> None:
        self._set("window/geometry", value)

    # -- annotating, import, export -------------------------------------------------------
    def annotator(self, default: str) -> str:
        return str(self._get("annotation/annotator", default))

    def set_annotator(self, name: str) -> None:
        self._set("annotation/annotator", name)

    def folder(self, job: str, default: str = "") -> str:
        """The folder last used to ``import`` or ``export``."""
        return str(self._get(f"{job}/dir", default))

    def set_folder(self, job: str, folder: str) -> None:
        self._set(f"{job}/dir", folder)

    @property
    def last_export(self) -> tuple[str, str]:
        """(format, layer) of the last export."""
        return str(self._get("export/format", "native")), str(self._get("export/layer", "original"))

    @last_export.setter
    def last_export(self, value: tuple[str, str]) -> None:
        self._set("export/format", value[0])
        self._set("export/layer", value[1])
