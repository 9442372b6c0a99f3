"""Provider failures in words a user can act on."""

from __future__ import annotations

import json


class TranslationFailed(Exception):
    """One call failed; ``kind`` groups causes (network, rate-limit, server, key, garbage...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


HTTP_STATUS = {
    400: ("input", "the service refused the request (HTTP 400)"),
    401: ("key", "missing or refused API key (HTTP 401)"),
    403: ("key", "missing or refused API key, or no access (HTTP 403)"),
    404: ("url", "nothing at that address (HTTP 404): check the server URL"),
    405: ("url", "that address is not a translation API (HTTP 405): check the server URL"),
    413: ("input", "the text is too long for the service (HTTP 413)"),
    429: ("rate-limit", "the service is rate-limiting (HTTP 429); retry later"),
    456: ("quota", "the service's quota is used up (HTTP 456)"),
}


def classify(exc: BaseException, status: int | None = None) -> TranslationFailed:
    """A failure in words a user can act on; ``status`` is the HTTP status of the answer
    that led to it, when there was one (deep-translator's own messages misname some, e.g.
    a 404 as ERR_DAILY_CHAR_LIMIT_EXCEEDED)."""
    if isinstance(exc, TranslationFailed):
        return exc
    import requests
    from deep_translator import exceptions as dt

    name = type(exc).__name__
    if status is not None and status >= 400:
        if status in HTTP_STATUS:
            return TranslationFailed(*HTTP_STATUS[status])
        if status >= 500:
            return TranslationFailed("server", f"the service failed (HTTP {status})")
        return TranslationFailed("server", f"the service refused the request (HTTP {status})")
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
