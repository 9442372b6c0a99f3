"""API keys live in the operating system's keyring, never in the library or a config file."""

from __future__ import annotations

import contextlib

SERVICE = "gloss"


class KeyringUnavailable(RuntimeError):
    pass


def get_api_key(provider: str) -> str:
    """The stored key for ``provider``, or "" (also when no keyring is available)."""
    try:
        import keyring

        return keyring.get_password(SERVICE, provider) or ""
    except Exception:  # no backend on a headless machine: behave as "no key stored"
        return ""


def set_api_key(provider: str, key: str) -> None:
    try:
        import keyring

        if key:
            keyring.set_password(SERVICE, provider, key)
        else:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password(SERVICE, provider)
    except Exception as exc:
        raise KeyringUnavailable(
            f"cannot store the API key: no usable system keyring ({exc})"
        ) from exc
