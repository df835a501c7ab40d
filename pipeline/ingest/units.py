"""Text helpers shared by the readers: folding, unit names, and the facts of a minutes' header."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from ..normalize import normalize_text


# --------------------------------------------------------------------------- text helpers
class _FoldTable(dict):
    """ord → folded character, filled on first use (str.translate calls __missing__)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "đĐ":
            out = "d"
        else:
            base = unicodedata.normalize("NFD", ch)[0].lower()
            out = base if len(base) == 1 else ch
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, diacritic-free form of NFC ``text``, of the same length (lines of up to
    1,000 characters cached: the readers' cue checks fold the same line several times; a
    huge cell is folded each time rather than kept).

    Each character maps to exactly one character, so a match found in the
    folded text gives positions in the original.

    >>> fold("Đề nghị UBND xã")
    'de nghi ubnd xa'
    """
    return _fold_line(text) if len(text) <= 1000 else text.translate(_FOLD)


@functools.lru_cache(maxsize=1 << 16)
def _fold_line(text: str) -> str:
    return text.translate(_FOLD)


class _Aligned:
    """NFC view of a raw line with a map back to raw positions.

    Matching happens on the NFC (and folded) text; slices are taken from the raw
    line, so ``text_raw`` keeps the characters exactly as read.
    """

    def __init__(self, raw: str):
        self.raw = raw
        if unicodedata.is_normalized("NFC", raw):
            self.nfc = raw
            self._pos = None
        else:
            parts, pos, start = [], [], 0
            clusters = []
            for i, ch in enumerate(raw):
                if i > 0 and unicodedata.combining(ch) == 0:
                    clusters.append((start, i))
                    start = i
            clusters.append((start, len(raw)))
            for a, b in clusters:
                n = unicodedata.normalize("NFC", raw[a:b])
                parts.append(n)
                pos.extend([a] * len(n))
            pos.append(len(raw))
            self.nfc = "".join(parts)
            self._pos = pos
        self.folded = fold(self.nfc)

    def raw_slice(self, a: int, b: int) -> str:
        if self._pos is None:
            return self.raw[a:b]
        return self.raw[self._pos[a] : self._pos[b]]


def _strip_span(s: str, a: int, b: int, chars: str = " \t\u00a0") -> tuple[int, int]:
    while a < b and (s[a] in chars or s[a].isspace()):
        a += 1
    while b > a and (s[b - 1] in chars or s[b - 1].isspace()):
        b -= 1
    return a, b


def _titlecase(text: str) -> str:
    words = []
    for w in text.split(" "):
        if not w or any(c.isdigit() for c in w) or (w.isupper() and set(w) <= set("IVXLC")):
            words.append(w)
        else:
            words.append(w[0].upper() + w[1:].lower())
    return " ".join(words)


_UNIT_KIND = re.compile(
    r"^(dac khu|thi tran|thi xa|thanh pho|tp\.?|phuong|p\.|xa|x\.|huyen|don vi bau cu)(?:\s+|(?<=\.))(?=\S)"
)
_KIND_LABEL = {
    "dac khu": "Đặc khu", "thi tran": "Thị trấn", "thi xa": "Thị xã", "thanh pho": "Thành phố",
    "tp": "Thành phố", "tp.": "Thành phố", "phuong": "Phường", "p.": "Phường", "xa": "Xã", "x.": "Xã",
    "huyen": "Huyện", "don vi bau cu": "Đơn vị bầu cử",
}


def canonical_unit(name: str) -> str:
    """Consistent spelling of a unit name: NFC, single spaces, capitalized words.

    >>> canonical_unit("XÃ TÂN LẬP"), canonical_unit("phường  minh xuân"), canonical_unit("xa_tan_lap")
    ('Xã Tân Lập', 'Phường Minh Xuân', 'Xã Tan Lap')
    >>> canonical_unit("Đơn vị bầu cử số 2")
    'Đơn vị bầu cử số 2'
    """
    text = normalize_text(str(name).replace("_", " "))
    text = re.sub(r"\s+", " ", text).strip(" .,:;-–—")
    if not text:
        return ""
    m = _UNIT_KIND.match(fold(text))
    if m:
        label = _KIND_LABEL[m.group(1)]
        rest = text[m.end() :].strip(" .,:;-–—")
        rest = rest if label == "Đơn vị bầu cử" else _titlecase(rest)
        return f"{label} {rest}".strip()
    return _titlecase(text)


def has_unit_kind(name: str) -> bool:
    """True when ``name`` starts with xã/phường/thị trấn/... (diacritics optional)."""
    return bool(_UNIT_KIND.match(fold(normalize_text(str(name).replace("_", " ")))))


# header facts
_DATE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_DATE_NUM = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_PLACE = re.compile(r"^\s*(?:[-+•]\s*)?dia diem\s*:\s*")
_DEPUTIES = re.compile(r"^\s*(?:[-+•]\s*)?(?:cac\s+)?dai bieu[^:]{0,80}\b(?:tham du|du)\b[^:]{0,20}:\s*")
_VOTERS_A = re.compile(r"(?:so\s+)?cu tri\s+(?:tham du|du|co mat)[^0-9]{0,20}(\d[\d.]*)")
_VOTERS_B = re.compile(r"(\d[\d.]*)\s+(?:luot\s+)?cu tri\s+(?:tham du|du|co mat|den du)")
_TURNS = re.compile(r"(\d+)\s+luot(?:\s+cu tri)?\s+(?:phat bieu|y kien)")
_UNIT_IN_LINE = re.compile(r"\b(dac khu|thi tran|thi xa|phuong|xa)\s+(?!hoi\b)(\S.*)$")
_DISTRICT_LINE = re.compile(
    r"^(?:uy ban nhan dan|ubnd|hdnd|hoi dong nhan dan|uy ban mttq|ubmttq|doan dbqh|doan dai bieu quoc hoi)\s+"
    r"(huyen|thanh pho|thi xa|tinh)\s+(\S.*)$"
)
# one unit named inside a text: "xã Định Tân", "phường Bắc Sơn", "thị trấn Quán Lào"
_UNIT_MENTION = re.compile(
    r"\b(dac khu|thi tran|phuong|xa)\s+(?!hoi\b|viec\b)((?:[^\W\d_]+\s*){1,4}?)"
    r"(?=\s*(?:[,;()]|\s-\s|\bva\b|\bkien nghi\b|\bde nghi\b|\bphan anh\b|\bde xuat\b|\bneu\b|:|\.|$))"
)
_UNIT_STOP = re.compile(
    r"\s*(?:[,;(–—]|\s-\s|\btruoc\b|\bsau\b|\bcua\b|\bvoi\b|\bnam\b|\bngay\b|\bnhiem ky\b|\bky hop\b|\bkhoa\b|\blan\b)"
)


@dataclass
class MeetingFacts:
    """Facts of one meeting read from the minutes' header (None when absent)."""

    unit: str | None = None
    date: str | None = None
    place: str | None = None
    deputies: str | None = None
    voters_attending: int | None = None
    speaking_turns: int | None = None
    _unit_priority: int = field(default=99, repr=False)

    def set_unit(self, name: str, priority: int) -> None:
        name = canonical_unit(name)
        if name and priority < self._unit_priority:
            self.unit, self._unit_priority = name, priority


# --------------------------------------------------------------------------- facts
def _int(s: str) -> int | None:
    try:
        return int(s.replace(".", ""))
    except ValueError:
        return None


def unit_from_line(line: str) -> str | None:
    """The unit named in a title line ("... TIẾP XÚC CỬ TRI TẠI XÃ TÂN LẬP"), or None.

    >>> unit_from_line("HỘI NGHỊ TIẾP XÚC CỬ TRI PHƯỜNG MINH XUÂN, NGÀY 12/10/2026")
    'Phường Minh Xuân'
    """
    nfc = unicodedata.normalize("NFC", line).strip()
    f = fold(nfc)
    if "cong hoa xa hoi" in f:
        return None
    matches = list(_UNIT_IN_LINE.finditer(f))
    if not matches:
        return None
    m = matches[-1]
    start = m.start(1)
    rest_start = m.start(2)
    stop = _UNIT_STOP.search(f, rest_start)
    end = stop.start() if stop else len(f)
    name_words = nfc[rest_start:end].split()
    if not name_words or len(name_words) > 5:
        return None
    return canonical_unit(nfc[start:m.end(1)] + " " + " ".join(name_words))


def extract_facts(line: str, facts: MeetingFacts, *, in_header: bool) -> None:
    """Update ``facts`` with what a non-recommendation line says."""
    nfc = unicodedata.normalize("NFC", line).strip()
    f = fold(nfc)
    m = re.match(r"^\s*(?:[-+•]\s*)?don vi\s*:\s*", f)
    if m and nfc[m.end() :].strip():
        facts.set_unit(nfc[m.end() :].strip(), 1)
    elif in_header:
        unit = unit_from_line(nfc)
        if unit:
            prio = 2 if ("tiep xuc cu tri" in f or "bien ban" in f or f.startswith("tai ")) else 3
            if re.match(r"^(uy ban|ubnd|ubmttq|mat tran|hdnd|hoi dong|dang uy)", f):
                prio = 4
            facts.set_unit(unit, prio)
        else:
            d = _DISTRICT_LINE.match(f)
            if d:  # a district's or province's report: "UBND HUYỆN YÊN ĐỊNH" (below any commune named)
                stop = _UNIT_STOP.search(f, d.start(2))
                words = nfc[d.start(2) : stop.start() if stop else len(f)].split()
                if 0 < len(words) <= 4:
                    facts.set_unit(nfc[d.start(1) : d.end(1)] + " " + " ".join(words), 5)
    if facts.date is None:
        d = _DATE.search(f) or _DATE_NUM.search(f)
        if d:
            day, month, year = int(d.group(1)), int(d.group(2)), int(d.group(3))
            if 1 <= day <= 31 and 1 <= month <= 12:
                facts.date = f"{year:04d}-{month:02d}-{day:02d}"
    if facts.place is None:
        p = _PLACE.match(f)
        if p and nfc[p.end() :].strip():
            facts.place = nfc[p.end() :].strip().rstrip(".")
    if facts.deputies is None:
        dep = _DEPUTIES.match(f)
        if dep and nfc[dep.end() :].strip():
            facts.deputies = nfc[dep.end() :].strip().rstrip(".")
    if facts.voters_attending is None:
        v = _VOTERS_A.search(f) or _VOTERS_B.search(f)
        if v:
            facts.voters_attending = _int(v.group(1))
    if facts.speaking_turns is None:
        t = _TURNS.search(f)
        if t:
            facts.speaking_turns = _int(t.group(1))


_KIND = r"(dac khu|thi tran|thi xa|thanh pho|phuong|xa|huyen)"
_NAME = (r"((?:[^\W\d_]+\s*){1,4}?)(?=\s*(?:[,;()]|\s-\s|\bva\b|\bkien nghi\b|\bde nghi\b|\bphan anh\b"
         r"|\bde xuat\b|\bneu\b|:|\.|$))")
# "các huyện Nông Cống, Triệu Sơn và thị xã Nghi Sơn": a kind, then one or more names
_LIST_HEAD = re.compile(r"\b(?:cac\s+)?" + _KIND + r"\s+(?!hoi\b|viec\b)" + _NAME)
_LIST_NEXT = re.compile(r"\s*(?:,|\bva\b)\s*(?!(?:cac\s+)?(?:" + _KIND[1:] + r"\s)" + _NAME)
_COMMUNE_KINDS = frozenset({"dac khu", "thi tran", "phuong", "xa"})


def unit_spans(text: str) -> list[tuple[str, int, int, bool]]:
    """(unit, start, end, commune level) for each unit named in NFC ``text``: "xã A, xã B",
    "các huyện A, B và thị xã C" (a name after a comma or "và" keeps the kind before it)."""
    nfc = unicodedata.normalize("NFC", text)
    f = fold(nfc)
    out = []
    for m in _LIST_HEAD.finditer(f):
        kind = nfc[m.start(1) : m.end(1)]
        commune = m.group(1) in _COMMUNE_KINDS
        names = [(m.start(2), m.end(2))]
        end = m.end()
        while True:
            n = _LIST_NEXT.match(f, end)
            if not n or not nfc[n.start(1) : n.end(1)].strip()[:1].isupper():
                break
            names.append((n.start(1), n.end(1)))
            end = n.end()
        start = m.start()
        for a, b in names:
            name = nfc[a:b].strip()
            if name and name[0].isupper():
                out.append((canonical_unit(kind + " " + name), start, b, commune))
            start = b
    return out


def units_in(text: str) -> list[str]:
    """Units named in ``text``, in order, without repeats: communes and wards, or districts,
    towns and cities when no commune is named ("xã A, huyện B" is xã A).

    >>> units_in("xã Định Tân, xã Định Hải")
    ['Xã Định Tân', 'Xã Định Hải']
    >>> units_in("các huyện Nông Cống, Triệu Sơn và thị xã Nghi Sơn")
    ['Huyện Nông Cống', 'Huyện Triệu Sơn', 'Thị xã Nghi Sơn']
    >>> units_in("xã Định Tân, huyện Yên Định")
    ['Xã Định Tân']
    """
    spans = unit_spans(text)
    if any(c for *_, c in spans):
        spans = [s for s in spans if s[3]]
    found = []
    for unit, *_ in spans:
        if unit not in found:
            found.append(unit)
    return found


def without_units(text: str) -> str:
    """Folded ``text`` with the units it names cut out (is a speaker only an attribution?)."""
    f = fold(unicodedata.normalize("NFC", text))
    for _, a, b, _ in reversed(unit_spans(text)):
        f = f[:a] + " " + f[b:]
    return f
