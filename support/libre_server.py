"""A LibreTranslate-compatible server on 127.0.0.1 for tests: deterministic answers, request
counting, and faults on demand (429, 500, hangs, garbage)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def fake_translation(text: str, source: str, target: str) -> str:
    """What the fake server answers: reversible, so tests can check who said what."""
    return f"<{target}> {text.upper()}"


class LibreServer:
    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self.queries: list[str] = []  # the raw query string of every request (URL part)
        self.answered = 0  # answers written in full to the client
        self.delay = 0.0
        self.faults: dict[
            str, str
        ] = {}  # substring of q -> "429" | "500" | "hang" | "garbage" | "empty"
        self.lock = threading.Lock()
        self.url = ""

    def handle(self, params: dict[str, str]) -> tuple[int, bytes]:
        with self.lock:
            self.requests.append(params)
        if self.delay:
            time.sleep(self.delay)
        q = params.get("q", "")
        for needle, fault in self.faults.items():
            if needle in q:
                if fault == "hang":
                    time.sleep(8)  # longer than the tests' deadlines
                    return 200, b"{}"
                if fault == "trickle":
                    return -1, b'{"translatedText": "' + b"x" * 200 + b'"}'
                if fault == "garbage":
                    return 200, b"<html>not json</html>"
                if fault == "empty":
                    return 200, json.dumps({"translatedText": ""}).encode()
                return int(fault), json.dumps({"error": fault}).encode()
        body = {
            "translatedText": fake_translation(
                q, params.get("source", ""), params.get("target", "")
            )
        }
        return 200, json.dumps(body).encode()


@contextmanager
def libre_server() -> Iterator[LibreServer]:
    state = LibreServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            parsed = urlparse(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            params = {k: v[0] for k, v in parse_qs(parsed.query).items()}
            with state.lock:
                state.queries.append(parsed.query)
            params.update({k: v[0] for k, v in parse_qs(body).items()})
            status, payload = state.handle(params)
            if status == -1:  # trickle: a byte every 0.2 s, 8 s at most (never a whole answer)
                self._trickle(payload)
                return
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                self.wfile.flush()
                with state.lock:
                    state.answered += 1
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _trickle(self, payload: bytes) -> None:
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                for byte in payload[:40]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
