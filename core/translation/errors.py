"""Provider failures in words a user can act on."""

from __future__ import annotations

import json


class TranslationFailed(Exception):
    """One call failed; ``kind`` groups causes (network, rate-limit, server, key, garbage...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def classify(exc: BaseException) -> TranslationFailed:
    if isinstance(exc, TranslationFailed):
        return exc
    import requests
    from deep_translator import exceptions as dt

    name = type(exc).__name__
    if isinstance(exc, dt.TooManyRequests) or "TOO_MANY_REQUESTS" in str(exc):
        return TranslationFailed(
            "rate-limit", "the service is rate-limiting (HTTP 429); retry later"
        )
    if isinstance(exc, dt.ApiKeyException | dt.AuthorizationException):
        return TranslationFailed("key", "missing or refused API key")
    if isinstance(exc, requests.Timeout | TimeoutError):
        return TranslationFailed("timeout", "the service did not answer in time")
    if isinstance(exc, requests.ConnectionError | ConnectionError):
        return TranslationFailed("network", "cannot reach the translation service (no network?)")
    if isinstance(exc, dt.ServerException | dt.RequestError):
        return TranslationFailed("server", f"the service failed ({exc})")
    if isinstance(exc, json.JSONDecodeError | ValueError | KeyError | TypeError):
        return TranslationFailed("garbage", f"unreadable answer from the service ({name})")
    if isinstance(exc, dt.TranslationNotFound | dt.ElementNotFoundInGetRequest):
        return TranslationFailed("garbage", "the service returned no translation")
    if isinstance(exc, dt.NotValidLength | dt.NotValidPayload):
        return TranslationFailed("input", f"the service refused the text ({name})")
    if isinstance(exc, dt.LanguageNotSupportedException | dt.InvalidSourceOrTargetLanguage):
        return TranslationFailed("language", f"language not supported by this service ({exc})")
    return TranslationFailed("error", f"{name}: {exc}")
