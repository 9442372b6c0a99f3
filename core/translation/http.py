"""Deadlines and credentials for deep-translator's HTTP calls.

deep-translator calls ``requests.get``/``requests.post`` with no timeout, which requests takes
as an explicit "wait forever": ``socket.setdefaulttimeout`` has no effect and a hung server
holds the calling thread for good. Within :func:`bounded` (one translation call), those
module-level functions go through a per-thread ``requests.Session`` that

- bounds the whole call by a deadline: connect and every read wait at most what is left of
  it, and the body is read one receive at a time, so a server that trickles bytes is cut off
  at the deadline too (``requests.Timeout``);
- moves credentials out of the URL where the service allows (a form body for
  LibreTranslate, an ``Authorization`` header for DeepL), so keys do not end up in server
  and proxy logs;
- remembers the HTTP status of the last answer, so a failure is named by its status
  ("404: wrong URL") rather than by deep-translator's generic message.

Outside :func:`bounded` (another library using requests), nothing changes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
import requests.api
import urllib3.exceptions

from core.translation.credentials import Credentials

READ_SIZE = 65536


class _State(threading.local):
    deadline: float | None = None  # time.monotonic() value
    credentials: Credentials = Credentials()
    session: requests.Session | None = None
    status: int | None = None


_state = _State()
_original_request = requests.api.request


def _remaining() -> float:
    assert _state.deadline is not None
    left = _state.deadline - time.monotonic()
    if left <= 0:
        raise requests.Timeout("the call's deadline passed")
    return left


def _session() -> requests.Session:
    if _state.session is None:
        _state.session = requests.Session()
    return _state.session


def _rewrite(method: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    creds = _state.credentials
    params = dict(kwargs.get("params") or {})
    headers = dict(kwargs.get("headers") or {})
    if creds.key_param and creds.key_param in params:
        key = params.pop(creds.key_param)
        if creds.key_header:
            name, _, value = creds.key_header.partition(":")
            headers[name.strip()] = value.strip().replace("{key}", str(key))
    if (
        creds.form_body
        and method.lower() == "post"
        and params
        and not kwargs.get("data")
        and not kwargs.get("json")
    ):
        kwargs["data"], params = params, {}
    kwargs["params"], kwargs["headers"] = params or None, headers or None
    return kwargs


def _request(method: str, url: str, **kwargs: Any) -> requests.Response:
    if _state.deadline is None:
        return _original_request(method, url, **kwargs)
    kwargs = _rewrite(method, kwargs)
    left = _remaining()
    kwargs["timeout"] = (left, left)
    kwargs["stream"] = True
    kwargs.setdefault("allow_redirects", True)
    response = _session().request(method, url, **kwargs)
    _state.status = response.status_code
    try:
        chunks = []
        while True:
            # Each wait for bytes is bounded by the time left; between receives we look.
            _set_read_timeout(response, _remaining())
            chunk = response.raw.read1(READ_SIZE, decode_content=True)
            if not chunk:
                break
            chunks.append(chunk)
    except (urllib3.exceptions.ReadTimeoutError, TimeoutError) as exc:
        response.close()
        raise requests.Timeout(f"no answer within the deadline ({exc})") from exc
    except urllib3.exceptions.HTTPError as exc:
        response.close()
        raise requests.ConnectionError(str(exc)) from exc
    except BaseException:
        response.close()
        raise
    response._content = b"".join(chunks)  # the body, read: .json() and .text work as usual
    response._content_consumed = True
    response.close()
    return response


def _set_read_timeout(response: requests.Response, seconds: float) -> None:
    sock = getattr(getattr(response.raw, "_connection", None), "sock", None)
    if sock is None:
        fp = getattr(response.raw, "_fp", None)
        sock = getattr(getattr(getattr(fp, "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(seconds)


requests.api.request = _request  # type: ignore[assignment]  # deep-translator's requests.get/post end up here


@contextmanager
def bounded(seconds: float, credentials: Credentials | None = None) -> Iterator[None]:
    """Within this block, this thread's requests calls end by ``seconds`` from now."""
    previous = (_state.deadline, _state.credentials)
    _state.deadline = time.monotonic() + seconds
    _state.credentials = credentials or Credentials()
    _state.status = None
    try:
        yield
    finally:
        _state.deadline, _state.credentials = previous


def last_status() -> int | None:
    """The HTTP status of this thread's last answer within :func:`bounded`."""
    return _state.status
