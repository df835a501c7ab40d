"""Encoders for the legacy Vietnamese font encodings, to build test inputs.

They invert viparse's conversion tables (legacy string → Unicode). A character
with no legacy form is kept as is, which is how old files mix encodings.
"""

from __future__ import annotations

import unicodedata


def _table(name: str) -> dict[str, str]:
    # the sample round generator already inverts viparse's tables: one place for it
    from scripts.sample_encodings import _legacy_table

    return _legacy_table(name)


def to_legacy(text: str, name: str) -> str:
    """Unicode text → the string a legacy font would display (latin-1 range)."""
    table = _table(name)
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def encode_legacy(text: str, name: str) -> bytes:
    """Unicode text → the bytes of a file typed with a TCVN3 or VNI font."""
    return to_legacy(text, name).encode("latin-1")


def encode_cp1258(text: str) -> bytes:
    """Unicode text → Windows-1258 bytes (precomposed base letters + combining tones)."""
    from scripts.sample_encodings import encode_cp1258 as encode

    return encode(text)
