"""Encoders for the legacy Vietnamese font encodings, to build test inputs.

They invert viparse's conversion tables (legacy string → Unicode). A character
with no legacy form is kept as is, which is how old files mix encodings.
"""

from __future__ import annotations

import unicodedata


def _table(name: str) -> dict[str, str]:
    # the sample round generator already inverts viparse's tables: one place for it
    from scripts.sample_round import _legacy_table

    return _legacy_table(name)


def to_legacy(text: str, name: str) -> str:
    """Unicode text → the string a legacy font would display (latin-1 range)."""
    table = _table(name)
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def encode_legacy(text: str, name: str) -> bytes:
    """Unicode text → the bytes of a file typed with a TCVN3 or VNI font."""
    return to_legacy(text, name).encode("latin-1")


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Unicode text → Windows-1258 bytes (precomposed base letters + combining tones)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
            out += base.encode("cp1258") + "".join(c for c in d if c in _TONES).encode("cp1258")
    return bytes(out)
