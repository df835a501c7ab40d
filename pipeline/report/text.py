"""Text helpers of the report: plain values, dates, Vietnamese sort order and search keys, roman numerals."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

import pandas as pd

# --------------------------------------------------------------------------- data preparation


def _truthy(values) -> list[bool]:
    """Flags as plain bools; missing values count as False."""
    return [False if (v is None or v is pd.NA or (isinstance(v, float) and v != v)) else bool(v) for v in values]


def _str(v) -> str:
    if type(v) is str:
        return v
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    return str(v)


def _num(v):
    """A meeting figure as int, or None when missing."""
    try:
        x = pd.to_numeric(v, errors="coerce")
    except (TypeError, ValueError):
        return None
    if x is None or pd.isna(x):
        return None
    return int(x)


def _parse_date(v) -> dt.date | None:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, (dt.datetime, pd.Timestamp)):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = str(v).strip()
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.match(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", s)
        if not m:
            return None
        d, mo, y = map(int, m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def _dmy(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


class _SearchFold(dict):
    """str.translate table, filled on first sight of each character: "đ"/"Đ" → "d"/"D", other
    characters → their canonical decomposition without combining marks. Dropping the marks makes
    per-character decomposition equal to decomposing the whole string (canonical reordering only
    moves the marks themselves)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "đĐ":
            out = "d" if ch == "đ" else "D"
        else:
            out = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        self[code] = out
        return out


_SEARCH_FOLD = _SearchFold()


def search_key(text: str) -> str:
    """Lower case without diacritics, for the HTML search box: "Đường" → "duong"."""
    return text.translate(_SEARCH_FOLD).lower()


_VI_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_VI_RANK = {c: i for i, c in enumerate(_VI_ALPHABET)}
_VI_SHAPE = {"\u0306": "ă", "\u0302": {"a": "â", "e": "ê", "o": "ô"}, "\u031b": {"o": "ơ", "u": "ư"}}
_VI_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def vi_sort_key(text: str) -> tuple:
    """Sort key in Vietnamese dictionary order: a < ă < â < b … d < đ … o < ô < ơ …, letters before
    tone marks, numbers by value ("Xã Đồng Tiến" after "Xã Dương" and before "Xã Yên Thịnh", where
    code-point order puts every "Đ" after "Y"; "Phường 2" before "Phường 10")."""
    letters, tones = [], []
    for token in re.findall(r"\d+|\D", unicodedata.normalize("NFD", str(text).lower())):
        if token.isdigit():
            letters.append((-1, int(token)))
            tones.append(0)
        elif token in _VI_TONES:
            if tones:
                tones[-1] = _VI_TONES[token]
        elif token in _VI_SHAPE:
            base = _VI_ALPHABET[letters[-1][1]] if letters and letters[-1][0] == 0 else ""
            shape = _VI_SHAPE[token]
            new = (shape if base == "a" else None) if isinstance(shape, str) else shape.get(base)
            if new:
                letters[-1] = (0, _VI_RANK[new])
        elif not unicodedata.combining(token):
            letters.append((0, _VI_RANK[token]) if token in _VI_RANK else (1, ord(token)))
            tones.append(0)
    return (tuple(letters), tuple(tones), text)


# unit names repeat across thousands of items: compute each key once
_vi_sort_key_cached = functools.lru_cache(maxsize=1 << 16)(vi_sort_key)


def vi_sorted(values) -> list:
    return sorted(values, key=_vi_sort_key_cached)


def unit_phrase(unit: str, type_words) -> str:
    """ "Xã Tân Lập" → "xã Tân Lập": the unit-type word in lower case, as inside "(Cử tri ...)"."""
    for word in type_words:
        if unit[: len(word)].lower() == word.lower() and (len(unit) == len(word) or unit[len(word)] == " "):
            return word.lower() + unit[len(word):]
    return unit


def nd30_date(date: dt.date) -> str:
    """ "ngày 05 tháng 11 năm 2026": NĐ 30/2020 writes a leading zero for days below 10 and for
    months 1 and 2 only ("ngày 09 tháng 3 năm 2026", "ngày 15 tháng 02 năm 2026")."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def roman_numeral(n: int) -> str:
    """4 → "IV"."""
    out = []
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def _fit(widths: list[float], total: float) -> list[float]:
    s = sum(widths)
    return [w * total / s for w in widths] if s > total else widths


def _dash(n):
    return "-" if n is None else int(n)


def _sentence(text: str) -> str:
    """Body text of a consolidated item: no bullet mark from the minutes, capital first letter, no final
    full stop (it follows the units): "-đề nghị sửa đường." → "Đề nghị sửa đường"."""
    text = " ".join(str(text).split()).rstrip(" .;").lstrip("-+–•*· ")
    return text[:1].upper() + text[1:] if text else text
