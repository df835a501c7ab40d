"""Text typed without diacritics ("Cu tri de nghi sua duong"), per file, and unit names
spelled without diacritics matched to the same unit spelled with them elsewhere."""

from __future__ import annotations

import re

from .units import fold

_WORD = re.compile(r"[^\W\d_]{2,}")
MIN_WORDS = 20  # fewer words than this: too little text to judge
MAX_SHARE = 0.05  # Vietnamese prose has diacritics on about half of its words


def lacks_diacritics(texts: list[str]) -> bool:
    """True when the words of ``texts`` are (almost) all plain ASCII letters."""
    words = [w for t in texts for w in _WORD.findall(str(t))]
    if len(words) < MIN_WORDS:
        return False
    marked = sum(1 for w in words if not w.isascii())
    return marked / len(words) < MAX_SHARE


def unit_spellings(units: list[str]) -> dict[str, str]:
    """unit → the spelling with the most diacritics of the same unit ("Xã Dinh Tan" → "Xã Định Tân").

    >>> unit_spellings(["Xa Dinh Tan", "Xã Định Tân", "Xã Yên Phú"])
    {'Xa Dinh Tan': 'Xã Định Tân'}
    """
    best: dict[str, str] = {}
    for u in sorted(set(units)):
        key = fold(u)
        cur = best.get(key)
        if cur is None or sum(not c.isascii() for c in u) > sum(not c.isascii() for c in cur):
            best[key] = u
    # only a name typed wholly without diacritics is mapped: "Xã Yên Phú" and "Xã Yên Phụ" stay two units
    return {u: best[fold(u)] for u in sorted(set(units)) if best[fold(u)] != u and _LABEL.sub("", u).isascii()}


_LABEL = re.compile(r"^(Xã|Phường|Thị trấn|Thị xã|Đặc khu|Huyện|Thành phố|Tỉnh|Đơn vị bầu cử)\s+")
