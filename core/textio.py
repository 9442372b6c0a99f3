"""Bytes to clean text: encoding detection, newline normalisation, binary rejection."""

from __future__ import annotations

import codecs
import re

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
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why."""


def looks_binary(data: bytes) -> bool:
    if data.startswith(BINARY_SIGNATURES):
        return True
    sample = data[:8192]
    if not sample:
        return False
    nul = sample.count(b"\x00")
    # A few NULs are stripped as noise; many mean binary (UTF-16 needs a BOM).
    return nul > max(4, len(sample) // 100)


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`DecodeError` for binary or undecodable bytes."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise DecodeError(f"not valid {name} despite its byte-order mark: {exc}") from exc
    if looks_binary(data):
        raise DecodeError("binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
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
    return text, encoding


def normalise(text: str) -> str:
    """Newlines to ``\\n``; NUL, other control characters and lone surrogates removed."""
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = _NEWLINES.sub("\n", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates (from JSON "\\ud83d" escapes, say)
            text = _LONE_SURROGATE.sub("\ufffd", text)
    return text


def read_text(data: bytes) -> tuple[str, str]:
    text, encoding = decode(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    return normalise(text), encoding
