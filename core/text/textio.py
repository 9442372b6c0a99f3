"""Bytes to clean text: encoding detection, newline normalisation, binary rejection."""

from __future__ import annotations

import codecs
import json
import os
import re
from typing import Any, NamedTuple

BINARY_SIGNATURES = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ",
    b"SQLite format 3",
    b"MZ",
)

WESTERN = ("cp1252", "latin_1", "iso8859_15")

# CRLF, lone CR, and the Unicode line/paragraph separators all become "\n".
_NEWLINES = re.compile("\r\n|\r|\u2028|\u2029|\x85")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_NUL_IN_WORD = re.compile(r"(?<=\w)\x00+(?=\w)")
# In a one-line field (title, source, URL, names): every control character, newlines too.
_FIELD_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why."""


class Decoded(NamedTuple):
    text: str
    encoding: str
    replaced: int = 0  # invalid bytes shown as U+FFFD (text that is UTF-8 but for a few bytes)

    @property
    def warning(self) -> str:
        if not self.replaced:
            return ""
        n = self.replaced
        return f"{n} invalid byte{'s' if n != 1 else ''} in otherwise UTF-8 text replaced by \ufffd"


# A UTF-8 multi-byte sequence (2, 3 or 4 bytes) and a byte that cannot start or continue one.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


FEW_BAD_BYTES = 4


def _mostly_utf8(data: bytes) -> tuple[bool, int]:
    """Whether bytes that fail strict UTF-8 are still UTF-8 but for a few bytes, and how many
    bytes are invalid. Legacy code pages almost never form valid multi-byte sequences, so
    text holding valid sequences and no more invalid bytes than that (or a handful) is UTF-8
    with damage, not cp1252."""
    valid = len(_UTF8_SEQUENCE.findall(data))
    invalid = data.decode("utf-8", errors="replace").count("\ufffd") - data.decode(
        "utf-8", errors="ignore"
    ).count("\ufffd")
    return valid > 0 and invalid <= max(valid, FEW_BAD_BYTES), invalid


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text with no byte-order mark: every other byte NUL in Latin-script text."""
    sample = data[:4096]
    if len(sample) < 8 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for name, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) > 0.9 * len(zeros) and other.count(0) < 0.1 * len(other):
            try:
                data.decode(name)
            except UnicodeDecodeError:
                return None
            return name
    return None


def looks_binary(data: bytes) -> bool:
    if data.startswith(BINARY_SIGNATURES):
        return True
    sample = data[:8192]
    if not sample:
        return False
    nul = sample.count(b"\x00")
    # A few NULs are stripped as noise; many mean binary (UTF-16 needs a BOM).
    return nul > max(4, len(sample) // 100)


def decode(data: bytes) -> Decoded:
    """The text and its encoding; raise :class:`DecodeError` for binary or undecodable bytes."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"not valid {name} despite its byte-order mark: {exc}") from exc
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return Decoded(data.decode(utf16), utf16)
    if looks_binary(data):
        raise DecodeError("binary file, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    damaged, invalid = _mostly_utf8(data)
    if damaged:
        return Decoded(data.decode("utf-8", errors="replace"), "utf-8", invalid)
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))
    if not results:
        raise DecodeError("could not detect the text encoding")
    best = results[0]
    encoding = best.encoding
    # Single-byte code pages often tie (cp1250 and cp1252 read "è" equally well); prefer the
    # Western ones, by far the most common legacy encodings in news text.
    tied = [
        r.encoding
        for r in results
        if abs(r.chaos - best.chaos) < 0.01 and abs(r.coherence - best.coherence) < 0.01
    ]
    for preferred in WESTERN:
        if preferred in tied:
            encoding = preferred
            break
    # latin-1 named for text with bytes 0x80-0x9f is really cp1252 (curly quotes, dashes).
    if encoding in ("latin_1", "iso8859_1", "iso8859_15") and re.search(rb"[\x80-\x9f]", data):
        encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(f"could not decode as {encoding}: {exc}") from exc
    if _CONTROL.sub("", text) != text and len(_CONTROL.findall(text)) > len(text) // 20:
        raise DecodeError("binary file, not text")
    return Decoded(text, encoding)


def normalise(text: str) -> str:
    """Newlines to ``\\n``; NUL, other control characters and lone surrogates removed."""
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = _NEWLINES.sub("\n", text)
    if "\x00" in text:
        text = _NUL_IN_WORD.sub(" ", text)  # "avec\0des" is two words, not "avecdes"
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (from JSON "\\ud83d" escapes, say)
        text = _LONE_SURROGATE.sub("\ufffd", text)
        data = text.encode("utf-8")
    # Looked for in the UTF-8 bytes, where each is a byte of its own: 6x faster than a regex
    # search of the text.
    if len(data.translate(None, _CONTROL_BYTES)) != len(data):
        text = _CONTROL.sub("", text)
    return text


def read_text(data: bytes) -> Decoded:
    text, encoding, replaced = decode(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    return Decoded(normalise(text), encoding, replaced)


def clean_field(value: str) -> str:
    """A one-line metadata value (title, source, URL...) with control characters (ESC, BEL,
    newlines...) turned into spaces and the ends trimmed, so nothing reaches a terminal or a
    label as a control sequence; lone surrogates (half an emoji, from JSON escapes) become
    U+FFFD as in the text. Other characters (no-break spaces included) are kept."""
    if not value:
        return value
    if not value.isascii():
        value = _LONE_SURROGATE.sub("\ufffd", value)
    return _FIELD_CONTROL.sub(" ", value).strip()


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def json_loads(raw: str) -> Any:
    """JSON parsed, with each lone surrogate its escapes made (``"\\ud83d"``: an emoji cut
    in two by the tool that wrote it) turned into U+FFFD, one character for one, so offsets
    into its strings still hold; nothing else changes. JSON nested too deeply for the parser
    is malformed JSON (:class:`json.JSONDecodeError`), not a crash."""
    try:
        value = json.loads(raw)
        return value if _SURROGATE_ESCAPE.search(raw) is None else _whole(value)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", raw, 0) from None


def _whole(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_whole(item) for item in value]
    if isinstance(value, dict):
        return {_whole(key): _whole(item) for key, item in value.items()}
    return value


def shown_path(name: str) -> str:
    """A file name as text that can be stored, printed and sent as JSON: name bytes that
    are not UTF-8 (which Python keeps as lone surrogates) are written as ``\\xe9`` escapes."""
    if name.isascii() or _LONE_SURROGATE.search(name) is None:
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace")
