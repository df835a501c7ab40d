"""Unicode → the bytes of the legacy Vietnamese encodings the sample round's text minutes use
(TCVN3/ABC and VNI font files, Windows-1258 with combining tones). Split from sample_round.py."""

from __future__ import annotations

import unicodedata


def _legacy_table(name: str) -> dict[str, str]:
    from viparse.normalize import tcvn3, vni

    entries = {"tcvn3": tcvn3._ENTRIES, "vni": vni._ENTRIES}[name]
    table: dict[str, str] = {}
    for legacy, uni in entries:
        table.setdefault(unicodedata.normalize("NFC", uni), legacy)
    return table


def encode_legacy(text: str, name: str) -> bytes:
    """Unicode → bytes of a TCVN3 (ABC) or VNI font file.

    TCVN3 has no upper-case toned letters: like the .VnTimeH fonts, those are
    written with the lower-case code (so headings come back in lower case).
    """
    table = _legacy_table(name)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in table:
            out.append(table[ch])
        elif ord(ch) < 128:
            out.append(ch)
        elif ch.lower() in table:
            out.append(table[ch.lower()])
        else:
            raise ValueError(f"{name} cannot encode {ch!r}")
    return "".join(out).encode("latin-1")


def legacy_exact(text: str, name: str) -> bool:
    """True when ``text`` round-trips through the legacy encoding unchanged."""
    table = _legacy_table(name)
    return all(ord(ch) < 128 or ch in table for ch in unicodedata.normalize("NFC", text))


def encode_cp1258(text: str) -> bytes:
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
            out += base.encode("cp1258") + "".join(c for c in d if c in tones).encode("cp1258")
    return bytes(out)
