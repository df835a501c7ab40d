"""viparse's legacy font conversion (TCVN3/ABC, VNI) by one compiled regular expression.

Stands in for: ``unicodedata.normalize("NFC", viparse.fix(text, encoding=name))`` with
``name`` "tcvn3" or "vni".
Verified on: viparse 0.1.31 (``VERIFIED``).

viparse walks the text character by character in Python, twice (its table, then its
clean-up), and a file used to be converted both ways just to score the result. Here
viparse's own table (``viparse.normalize.encodings.get_charmap``) is applied by one
regular expression (longest sequence first, left to right: the rule of viparse's loop),
after viparse's ``_restore_substituted_glyphs``, and its clean-up (``clean_text``) is
reproduced for text holding no character it would drop. ``legacy()`` returns None, and
``pipeline.normalize`` calls ``viparse.fix`` itself, when ``CUTRI_FAST=0``, when viparse
is not a verified version, its internals are laid out differently, or the result differs
from ``viparse.fix`` on ``SELF_CHECK`` and on every sequence of both tables. Measured
(``benchmarks/synth.py`` round of 20,000 items, reading and records with ``--jobs 1``, on a
shared 2-core machine, two runs each): 17.5 and 18.3 s with this module against 24.4 and
22.5 s with ``viparse.fix`` (about 5 s saved; same records).
"""

from __future__ import annotations

import re
import unicodedata

from . import enabled, versions_match

VERIFIED = {"viparse": ("0.1.31",)}
NAMES = ("tcvn3", "vni")
# Written for cutri: Unicode text, control characters and line breaks the clean-up handles.
SELF_CHECK = (
    "Cử tri xã Tân Phú đề nghị sửa đường",
    "Dòng một\r\ndòng hai\rdòng ba\x0bdòng bốn\x0cnăm\n\n\n\nsáu  \t bảy\u00a0tám",
    "  \x85 ký tự \x1c điều khiển \x07 và \u200b định dạng ",
    "Ông Lê \u2212 bà Hà \u2219",
)


class Converter:
    """viparse's conversion for one legacy encoding, compiled once per process."""

    def __init__(self, name: str):
        from viparse.normalize.encodings import get_charmap
        from viparse.normalize.tables import _restore_substituted_glyphs

        charmap = get_charmap(name)
        if charmap is None:
            raise LookupError(name)
        self.restore = _restore_substituted_glyphs
        self.table = dict(charmap.pairs)
        # pairs are sorted longest first: the alternation tries a two-character VNI form
        # (base + mark) before the single character it starts with, as viparse does
        self.pattern = re.compile("|".join(re.escape(seq) for seq, _ in charmap.pairs))
        # every sequence has a character outside ASCII (VNI: a vowel + a mark such as "ø"):
        # text with none of those characters is left as it is
        if any(seq.isascii() for seq in self.table):
            raise ValueError(f"{name}: an ASCII-only legacy sequence")
        self.chars = frozenset(ch for seq in self.table for ch in seq if not ch.isascii())

    def convert(self, text: str) -> str:
        """The table applied, without the clean-up."""
        table = self.table
        return unicodedata.normalize("NFC", self.pattern.sub(lambda m: table[m.group()], self.restore(text)))


# What viparse's clean-up does besides dropping control (Cc) and format (Cf) characters.
_LINE_BREAKS = str.maketrans({"\x0c": "\n", "\x0b": "\n"})
_HORIZONTAL_WS = re.compile(r"[^\S\t\n]+")
_BLANK_RUN = re.compile(r"\n{3,}")
# control characters that str.split() would take for whitespace (\t \n \r \x0b \x0c are kept
# or turned into line breaks by the clean-up, so they never join two words)
_SPACE_CONTROLS = re.compile(r"[\x1c-\x1f\x85]")


def no_control_chars(text: str) -> bool:
    """True when ``text`` has no character viparse's clean-up would drop (a quick, safe test:
    other unprintable characters, private or unassigned, also answer False)."""
    return not _SPACE_CONTROLS.search(text) and "".join(text.split()).isprintable()


def clean(text: str) -> str:
    """viparse's ``clean_text(text, "NFC")``, without its per-character loop when it has nothing to drop."""
    if not no_control_chars(text):
        from viparse.normalize.cleanup import clean_text

        return clean_text(text, "NFC")
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    lines = [_HORIZONTAL_WS.sub(" ", line).strip(" ") for line in text.split("\n")]
    return unicodedata.normalize("NFC", _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n"))


class Legacy:
    """Both converters, with the set of characters their sequences use."""

    def __init__(self):
        self.converters = {name: Converter(name) for name in NAMES}
        # plus the glyphs viparse reads back as TCVN3 letters (U+2212 → ư, U+2219 → ã)
        chars = sorted(set().union(*(c.chars for c in self.converters.values())) | {"\u2212", "\u2219"})
        self.legacy_chars = re.compile("[" + "".join(re.escape(ch) for ch in chars) + "]")

    def convert(self, text: str, name: str) -> str:
        return self.converters[name].convert(text)

    def fix(self, text: str, name: str) -> str:
        """``NFC(viparse.fix(text, encoding=name))``."""
        return unicodedata.normalize("NFC", clean(self.convert(text, name)))

    def could_be(self, text: str) -> bool:
        """False when ``text`` has none of the characters either table's sequences use."""
        return self.legacy_chars.search(text) is not None


def _self_check(fast: Legacy) -> bool:
    import viparse

    for name, conv in fast.converters.items():
        every = " ".join(sorted(conv.table)) + " xã " + "".join(sorted(conv.table)[:40])
        for text in SELF_CHECK + (every,):
            if fast.fix(text, name) != unicodedata.normalize("NFC", viparse.fix(text, encoding=name)):
                return False
    return True


_LOADED: list = []


def legacy() -> Legacy | None:
    """The fast converters, or None when they cannot be trusted here (see the module docstring)."""
    if not enabled("legacy"):
        return None
    if not _LOADED:
        fast = None
        if versions_match(VERIFIED):
            try:
                fast = Legacy()
                if not _self_check(fast):
                    fast = None
            except Exception:  # noqa: BLE001 - another viparse layout: viparse.fix itself
                fast = None
        _LOADED.append(fast)
    return _LOADED[0]
