"""Bytes to text: refuse binary files with a reason, detect the encoding, decode."""

from __future__ import annotations

import codecs

import charset_normalizer

from dashboard.preprocessing import patterns

# Signatures of binary formats people drop into a corpus folder by mistake (PDF and Word
# files are containers, read in `containers.py`).
_KNOWN_BINARY = (
    (b"PK\x03\x04", "a ZIP archive (or an Excel file); unpack it or export the articles as .txt or .csv"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Excel file; export the articles as .txt or .csv"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"\x89PNG", "a PNG image, not an article"),
    (b"\xff\xd8\xff", "a JPEG image, not an article"),
    (b"GIF8", "a GIF image, not an article"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of control characters above which decoded "text" is really binary.
MAX_CONTROL_SHARE = 0.05


class NotText(ValueError):
    """The bytes are not a text document; the message says what they look like."""


def binary_kind(head: bytes) -> str | None:
    """What a binary file is, from its first bytes; None when it may be text."""
    for signature, description in _KNOWN_BINARY:
        if head.startswith(signature):
            return description
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head:
        return "a binary file (it contains NUL bytes), not text"
    return None


def encoding_of(data: bytes) -> str:
    """The encoding of `data`: a byte-order mark, else UTF-8 when it decodes, else detected.

    A cut multi-byte character at the very end (a head read from a longer file) does not
    count against UTF-8.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return "cp1252"
    # Short Western text fits several Latin code pages equally well (naïve reads as naďve in
    # cp1250); the detector breaks the tie arbitrarily, we break it towards cp1252.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos and match.coherence >= best.coherence:
            return "cp1252"
    return best.encoding


def text_from_bytes(data: bytes) -> str:
    """Decoded text of a document; raises NotText for binary content."""
    kind = binary_kind(data[:4096])
    if kind:
        raise NotText(kind)
    encoding = encoding_of(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte, so this never fails.
        text = data.decode("latin-1")
    if text.startswith("\ufeff"):
        text = text[1:]
    sample = text[:20000]
    if sample and len(patterns.CONTROL_CHARACTERS.findall(sample)) / len(sample) > MAX_CONTROL_SHARE:
        raise NotText("a binary file (mostly control characters), not text")
    return text
