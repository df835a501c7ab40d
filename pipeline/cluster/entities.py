"""The guard: names and numbers that must agree before two items merge.

``extract_entities`` finds place names (capitalized syllable runs not at a sentence start,
names after "thôn/xã/đường/cầu/trường ..."), road codes ("ĐT 293", "QL 2C", "quốc lộ 2C"),
legal documents ("Nghị định 178") and numbers with units (money, %, years, ages, areas
...); ``request_objects`` finds what is being asked about (phụ cấp, lương hưu, học phí
...). Two items can merge only if (a) both or neither name a place, (b) when both do,
they share at least one place, and (c) for every kind of entity that both mention
(request objects included), one item's values contain the other's ({75 tuổi} fits
{80 tuổi, 75 tuổi}, but {80, 70} does not fit {80, 75}; ĐT 293 ≠ ĐT 294). The word
lists are data (``cluster_lexicon.toml``, read by ``lexicon()``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..normalize import normalize_text
from .lexicon import Lexicon, lexicon, phrase_pattern  # noqa: F401  (phrase_pattern: re-exported)

_NUM = r"(\d+(?:[.,]\d+)*)"
_ROAD_ABBR_RE = re.compile(r"(?<![\w])(QL|ĐT|DT|TL|ĐH|DH|HL|ĐX)\s*[.\-]?\s*(\d+[A-Za-z]?)(?![\w])")
_ROAD_FULL_RE = re.compile(
    r"(?<![\w])(quốc lộ|tỉnh lộ|đường tỉnh|huyện lộ|đường huyện|đường xã)\s*(?:số\s*)?(\d+[a-z]?)(?![\w])"
)
_DOC_WORD_RE = re.compile(
    r"(?<![\w])(nghị định|thông tư|quyết định|nghị quyết|chỉ thị|kết luận|công văn)\s+(?:số\s+)?(\d+)(?![\d])"
)
_DOC_CODE_RE = re.compile(r"(?<![\w/])(\d+)/(?:\d{4}/)?(nđ|qđ|tt|nq|ct|kl)(?:-[\w]+)*")
# an age written after the word: "ở tuổi 55", "nâng tuổi nghỉ hưu lên" is not one (no number)
_AGE_AFTER_RE = re.compile(r"(?<![\w])tuổi\s+(\d{2,3})(?![\w]|[.,]\d)")
_KM_RE = re.compile(r"(?<![\w])Km\s*(\d+)(?![\w])")
_DATE_RE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/((?:19|20)\d{2})(?![\d/])")
# the year of a law's name ("Luật Đất đai 2024", "Bộ luật Lao động năm 2019") names a document, not
# a year of the request: "luật2024" is compared with other laws' years, never with "trước năm 1993"
_LAW_YEAR_RE = re.compile(
    r"(?<![\w])(?<!kỷ )(?<!dự )(?<!pháp )(?:bộ\s+)?luật\s+(?!sư\b)"
    r"((?:(?!(?:quy|định|trước|sau|từ|đến|năm|vào|về|và|của|cho|đã|được|thì|có|là|khi)\s)[^\W\d_]+\s+){1,5}?)"
    r"(?:năm\s+)?((?:19|20)\d{2})(?!\w|[.,/]\d)"
)
_YEAR_RE = re.compile(r"(?<![\w.,/])((?:19|20)\d{2})(?!\w|[.,/]\d)")
_OPENERS = "\"'“‘(«[-–—•*"
_CLOSERS_BREAK = ",)\"'”’»]/–—"
_SENT_END = ".!?;:…"


@dataclass(frozen=True)
class _Patterns:
    """The patterns built from the lexicon's place triggers and number units."""

    place_num: re.Pattern
    unit: re.Pattern
    range: re.Pattern
    triggers: frozenset
    trigger_words: int
    needs_place_num: tuple


@functools.lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lex = lexicon()
    units = "|".join(re.escape(u) for u in sorted(lex.number_units, key=len, reverse=True))
    return _Patterns(
        place_num=re.compile(
            r"(?<![\w])(" + "|".join(re.escape(t) for t in sorted(lex.numbered_places, key=len, reverse=True))
            + r")\s+(?:số\s+)?(\d+)(?!\w|[.,]\d)"
        ),
        unit=re.compile(_NUM + r"\s*(" + units + r")(?![\w²])"),
        # a range or a change of a number: "từ 80 xuống 75 tuổi", "70 đến dưới 80 tuổi", "3-5 triệu đồng"
        range=re.compile(
            r"(?<![\w.,])" + _NUM + r"\s*(" + units + r")?(?:\s+(xuống|lên|đến|tới)\s+|\s*([-–])\s*)(dưới\s+|trên\s+)?"
            + _NUM + r"\s*(" + units + r")(?![\w²])"
        ),
        triggers=frozenset(" ".join(t.split()) for t in lex.place_triggers),
        trigger_words=max(len(t.split()) for t in lex.place_triggers),
        needs_place_num=tuple(lex.numbered_places),
    )


def _parse_number(s: str) -> float | None:
    if "." in s and "," in s:
        s = s.replace(".", "").replace(",", ".")
    elif "," in s:
        parts = s.split(",")
        s = s.replace(",", "") if all(len(p) == 3 for p in parts[1:]) and len(parts) > 2 else s.replace(",", ".")
    elif "." in s:
        parts = s.split(".")
        if all(len(p) == 3 for p in parts[1:]):
            s = s.replace(".", "")
    try:
        return float(s)
    except ValueError:
        return None


def _fmt(v: float) -> str:
    return str(int(round(v))) if abs(v - round(v)) < 1e-9 else f"{v:.6f}".rstrip("0")


_BREAK_AFTER = _CLOSERS_BREAK + _SENT_END
_CORE_STRIP = _OPENERS + _BREAK_AFTER


def _capitalized_names(text: str) -> set[str]:
    lex, pat = lexicon(), _patterns()
    names: set[str] = set()
    if text[1:].islower() or not text:
        return names
    raws = text.split()
    n = len(raws)
    # Word k is capitalized when its core (the word without opening, closing and
    # sentence punctuation) starts upper case, is all letters and not an
    # abbreviation. A word with no upper-case letter at all is skipped at once.
    caps = set()
    for k, raw in enumerate(raws):
        if not raw.islower():
            core = raw.strip(_CORE_STRIP)
            if core and core[0].isupper() and core.isalpha() and (len(core) == 1 or not core[1:].isupper()):
                caps.add(k)
    if not caps:
        return names

    def lead(k: int) -> int:  # opening punctuation in front of word k
        return len(raws[k]) - len(raws[k].lstrip(_OPENERS))

    def starts(k: int) -> bool:  # word k starts a sentence or a list entry
        return k == 0 or raws[k - 1][-1] in _SENT_END or (lead(k) > 0 and raws[k][0] in "-–—•*")

    def brk(k: int) -> bool:  # a run of names cannot continue after word k
        return raws[k][-1] in _BREAK_AFTER or (k + 1 < n and lead(k + 1) > 0)

    def lower(k: int) -> str:
        return raws[k].strip(_CORE_STRIP).lower()

    i = 0
    for first in sorted(caps):
        if first < i:
            continue
        j = first
        run = [first]
        while not brk(j) and j + 1 < n and j + 1 in caps and not starts(j + 1):
            j += 1
            run.append(j)
        if starts(first):
            run = run[1:]
        i = j + 1
        if not run:
            continue
        start = run[0]
        triggered = False  # a place trigger ("thôn", "tổ dân phố" ...) right before the run
        if start > 0 and not brk(start - 1):
            phrase = lower(start - 1)
            for m in range(start - 1, max(start - pat.trigger_words, 0), -1):
                if phrase in pat.triggers:
                    break
                phrase = lower(m - 1) + " " + phrase
            triggered = phrase in pat.triggers
        if lower(start) in lex.name_skip_heads and not triggered:
            continue
        if start > 0 and lower(start - 1) in lex.scope_words and not brk(start - 1):
            continue  # "tỉnh Tuyên Quang": the province is the scope of the whole report
        if start > 0 and not brk(start - 1) and (
                lower(start - 1) in lex.person_titles
                or (start > 1 and f"{lower(start - 2)} {lower(start - 1)}" in lex.person_titles)):
            continue  # "Ông Phạm Văn Hòe", "Cử tri Y Thuột Niê": a person, not a place
        if len(run) >= 2 or triggered:
            names.add(" ".join(lower(k) for k in run))
    return names


def extract_entities(text: str) -> dict[str, frozenset[str]]:
    """Names and numbers that must agree before two items merge.

    Returns kind → values. Kinds: ``name`` (places, facilities), ``code`` (road
    codes), ``doc`` (legal documents), and one kind per number unit family
    (``money``, ``percent``, ``year``, ``age``, ``area`` ...).

    >>> e = extract_entities("Đề nghị nâng cấp ĐT 293 đoạn qua thôn Nà Ngoa, xã Tân Lập.")
    >>> sorted(e["name"]), sorted(e["code"])
    (['nà ngoa', 'tân lập'], ['đt293'])
    >>> extract_entities("Đề nghị tăng phụ cấp lên 1,5 triệu đồng/tháng")["money"]
    frozenset({'1500000'})
    """
    return _entities(normalize_text(text or ""))


def _may_match(text: str, needles: tuple[str, ...]) -> bool:
    """False when none of the literal parts a pattern needs occurs in ``text`` (the pattern cannot match)."""
    return any(nd in text for nd in needles)


# Literal text that each entity pattern needs (a cheap test before running the pattern).
_NEEDS_ROAD_ABBR = ("QL", "ĐT", "DT", "TL", "ĐH", "DH", "HL", "ĐX")
_NEEDS_KM = ("Km",)
_NEEDS_ROAD_FULL = ("quốc lộ", "tỉnh lộ", "đường tỉnh", "huyện lộ", "đường huyện", "đường xã")
_NEEDS_DOC_WORD = ("nghị định", "thông tư", "quyết định", "nghị quyết", "chỉ thị", "kết luận", "công văn")
_NEEDS_SLASH = ("/",)
_NEEDS_YEAR = ("19", "20")


def _entities(text: str) -> dict[str, frozenset[str]]:
    """``extract_entities`` of a text already normalized."""
    lex, pat = lexicon(), _patterns()
    out: dict[str, set[str]] = {}

    def add(kind: str, value: str) -> None:
        out.setdefault(kind, set()).add(value)

    def blank(m: re.Match) -> str:
        return " " * (m.end() - m.start())

    def road(m: re.Match) -> str:
        add("code", lex.road_codes[m.group(1).lower()] + m.group(2).lower().lstrip("0"))
        return blank(m)

    def km(m: re.Match) -> str:
        add("code", "km" + m.group(1).lstrip("0"))
        return blank(m)

    def doc_word(m: re.Match) -> str:
        add("doc", lex.doc_types[m.group(1)] + str(int(m.group(2))))
        return blank(m)

    def doc_code(m: re.Match) -> str:
        add("doc", lex.doc_types[m.group(2)] + str(int(m.group(1))))
        return blank(m)

    def place_num(m: re.Match) -> str:
        add("name", lex.numbered_places[m.group(1)] + " " + str(int(m.group(2))))
        return blank(m)

    def law_year(m: re.Match) -> str:
        add("doc", "luật" + m.group(2))
        return m.group(0)[: m.start(2) - m.start()] + " " * 4

    def date(m: re.Match) -> str:
        add("year", m.group(1))
        return blank(m)

    def unit(m: re.Match) -> str:
        v = _parse_number(m.group(1))
        u = m.group(2)
        if v is None or (u == "năm" and re.fullmatch(r"(19|20)\d\d", m.group(1))):
            return m.group(0)
        kind, mult = lex.number_units[u]
        add(kind, _fmt(v * mult))
        return blank(m)

    def age_after(m: re.Match) -> str:
        add("age", _fmt(float(m.group(1))))
        return blank(m)

    def span(m: re.Match) -> str:
        # both ends count as values, and the range itself is one more value, so "từ 80
        # xuống 75 tuổi" fits "75 tuổi" but never "từ 70 đến dưới 80 tuổi"
        u2 = m.group(7)
        u1 = m.group(2) or u2
        v1, v2 = _parse_number(m.group(1)), _parse_number(m.group(6))
        if v1 is None or v2 is None or lex.number_units[u1][0] != lex.number_units[u2][0]:
            return m.group(0)
        if u2 == "năm" and re.fullmatch(r"(19|20)\d\d", m.group(6)):
            return m.group(0)
        kind = lex.number_units[u2][0]
        a, b = _fmt(v1 * lex.number_units[u1][1]), _fmt(v2 * lex.number_units[u2][1])
        arrow = "→" if m.group(3) in ("xuống", "lên") else ".."
        bound = (m.group(5) or "").strip()
        add(kind, a)
        add(kind, b)
        add(kind, a + arrow + ("<" if bound == "dưới" else ">" if bound == "trên" else "") + b)
        return blank(m)

    has_digit = any(map(str.isdigit, text))
    names_text = text
    if has_digit:
        # each pattern runs only on a text containing the literal parts it needs
        if _may_match(names_text, _NEEDS_ROAD_ABBR):
            names_text = _ROAD_ABBR_RE.sub(road, names_text)
        if _may_match(names_text, _NEEDS_KM):
            names_text = _KM_RE.sub(km, names_text)
    for name in _capitalized_names(names_text):
        add("name", name)
    if has_digit:
        low = names_text.lower()
        for pattern, repl, needs in (
            (_ROAD_FULL_RE, road, _NEEDS_ROAD_FULL),
            (_DOC_WORD_RE, doc_word, _NEEDS_DOC_WORD),
            (_DOC_CODE_RE, doc_code, _NEEDS_SLASH),
            (pat.place_num, place_num, pat.needs_place_num),
            (_DATE_RE, date, _NEEDS_SLASH),
            (_LAW_YEAR_RE, law_year, ("luật",)),
        ):
            if _may_match(low, needs):
                low = pattern.sub(repl, low)
        low = pat.range.sub(span, low)
        low = pat.unit.sub(unit, low)
        if "tuổi" in low:
            low = _AGE_AFTER_RE.sub(age_after, low)
        if _may_match(low, _NEEDS_YEAR):
            for m in _YEAR_RE.finditer(low):
                add("year", m.group(1))
    return {k: frozenset(v) for k, v in out.items()}


def request_objects(text: str) -> frozenset[str]:
    """Concepts of the lexicon's ``request_objects`` named in a text (what is being asked about).

    >>> sorted(request_objects("Đề nghị nâng phụ cấp, không tăng số lượng người hoạt động không chuyên trách"))
    ['phụ cấp', 'số lượng']
    """
    return _objects(normalize_text(text or "").lower())


def _objects(low: str) -> frozenset[str]:
    """``request_objects`` of a text already normalized and lowercased."""
    lex = lexicon()
    return frozenset(lex.object_of[" ".join(m.group(0).replace("_", " ").split())] for m in lex.object_re.finditer(low))


# upper-case letters of the scripts Vietnamese text uses (Latin, Latin Extended Additional)
_UPPER = re.escape("".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper()))


@functools.lru_cache(maxsize=1)
def _residential_re() -> re.Pattern:
    kinds = sorted(lexicon().residential_places, key=lambda k: (-len(k), k))
    alternation = "|".join(r"\s+".join(map(re.escape, k.split())) for k in kinds)
    name = rf"[{_UPPER}][^\W\d_]*"
    # the kind in any case, then "số 4", "4", "4A" or a run of capitalized syllables
    return re.compile(rf"(?<!\w)((?i:{alternation}))\s+(?:(?i:số)\s+)?(\d+[A-Za-z]?(?!\w)|{name}(?:\s+{name}){{0,3}})(?!\w)")


def residential_places(text: str) -> frozenset[str]:
    """Hamlets and residential groups a text names ("kind name", lowercase), for
    ``ClusterSettings.same_place_bonus``. A name is a number or capitalized syllables.

    >>> sorted(residential_places("Cử tri thôn Khe Ngang và tổ dân phố số 4 đề nghị ..."))
    ['thôn khe ngang', 'tổ 4']
    """
    kind_of = lexicon().numbered_places  # "tổ dân phố" → "tổ", "tiểu khu" → "khu"
    out = set()
    for m in _residential_re().finditer(normalize_text(text or "")):
        kind = " ".join(m.group(1).lower().split())
        out.add(f"{kind_of.get(kind, kind)} {' '.join(m.group(2).lower().split())}")
    return frozenset(out)


def guard_entities(text: str) -> dict[str, frozenset[str]]:
    """Everything the guard compares: ``extract_entities`` plus ``object`` (``request_objects``)."""
    norm = normalize_text(text or "")
    return _guard_entities(norm, norm.lower())


def _guard_entities(norm: str, low: str) -> dict[str, frozenset[str]]:
    """``guard_entities`` of a normalized text ``norm`` and its lowercase ``low``."""
    ents = _entities(norm)
    objects = _objects(low)
    return {**ents, "object": objects} if objects else ents


@dataclass(frozen=True)
class _Guard:
    """Guard state of an item or a cluster.

    ``common``: place values named by every member. ``kinds``: per entity kind,
    the distinct value sets of the members that mention that kind.
    """

    placed: bool
    common: frozenset
    kinds: tuple  # ((kind, frozenset of frozensets), ...) sorted by kind

    @classmethod
    def of(cls, ents: dict[str, frozenset[str]]) -> "_Guard":
        lex = lexicon()
        objects = ents.get("object", frozenset())
        if objects and objects <= lex.policy_objects and "name" in ents:
            # only national policies asked for: the places named are the voters', not the request's
            # (policy_objects); a road code still counts, and an item that also asks for local works
            # (a road, a school, the power line) keeps its places
            ents = {k: v for k, v in ents.items() if k != "name"}
        places = frozenset().union(*(ents.get(k, frozenset()) for k in lex.place_kinds))
        return cls(bool(places), places, tuple(sorted((k, frozenset([v])) for k, v in ents.items())))

    def compatible(self, other: "_Guard") -> bool:
        """Both or neither name a place; a place common to all; nested values per kind."""
        if self.placed != other.placed:
            return False
        if self.placed and not (self.common & other.common):
            return False
        mine = dict(self.kinds)
        for kind, sets in other.kinds:
            for x in mine.get(kind, ()):
                for y in sets:
                    if not (x <= y or y <= x):
                        return False
        return True

    def merge(self, other: "_Guard") -> "_Guard":
        kinds = dict(self.kinds)
        for kind, sets in other.kinds:
            kinds[kind] = kinds.get(kind, frozenset()) | sets
        return _Guard(self.placed, self.common & other.common, tuple(sorted(kinds.items())))


def guard_allows(text_a: str, text_b: str) -> bool:
    """True when the names and numbers of two texts allow them to merge.

    >>> guard_allows("Sửa đường liên xã Tân Lập", "Sửa đường liên xã Yên Phú")
    False
    >>> guard_allows("Đề nghị tăng lương hưu", "Kiến nghị Chính phủ điều chỉnh tăng lương hưu")
    True
    >>> guard_allows("Nâng phụ cấp người hoạt động không chuyên trách", "Quy định số lượng người hoạt động không chuyên trách")
    False
    """
    return _Guard.of(guard_entities(text_a)).compatible(_Guard.of(guard_entities(text_b)))



class _GuardTable:
    """The distinct item guards, and ``_Guard.compatible`` over arrays of guard ids.

    An item's guard has one value set per entity kind, so two items agree on
    a kind when the values they share are as many as the smaller set has
    (one set contains the other). Shared places and shared values per kind
    are counted with sparse products for many pairs at once.
    """

    def __init__(self, guards: list[_Guard]):
        self.guards = guards
        m = len(guards)
        self.placed = np.fromiter((g.placed for g in guards), dtype=bool, count=m)
        self.bare = np.fromiter((not g.kinds for g in guards), dtype=bool, count=m)
        place_id: dict[str, int] = {}
        value_id: dict[tuple[str, str], int] = {}
        kind_id: dict[str, int] = {}
        p_rows, p_cols, v_rows, v_cols = [], [], [], []
        for i, g in enumerate(guards):
            for v in g.common:
                p_rows.append(i)
                p_cols.append(place_id.setdefault(v, len(place_id)))
            for kind, sets in g.kinds:
                kind_id.setdefault(kind, len(kind_id))
                for values in sets:  # one set for an item
                    for v in values:
                        v_rows.append(i)
                        v_cols.append(value_id.setdefault((kind, v), len(value_id)))
        self.places = sp.csr_matrix((np.ones(len(p_rows), dtype=np.int64), (p_rows, p_cols)), shape=(m, len(place_id)))
        self.values = sp.csr_matrix((np.ones(len(v_rows), dtype=np.int64), (v_rows, v_cols)), shape=(m, len(value_id)))
        kind_of = np.asarray([kind_id[k] for k, _ in value_id], dtype=np.int64)
        self.kind = sp.csr_matrix(
            (np.ones(len(kind_of), dtype=np.int64), (np.arange(len(kind_of)), kind_of)), shape=(len(value_id), len(kind_id))
        )
        self.size = (self.values @ self.kind).toarray()  # values per kind of each guard

    def compatible(self, ga: np.ndarray, gb: np.ndarray, chunk: int = 50_000) -> np.ndarray:
        out = self.placed[ga] == self.placed[gb]
        # settled at once: places disagree, the same guard, or nothing named on one side
        settled = ~out | (ga == gb) | (~self.placed[ga] & (self.bare[ga] | self.bare[gb]))
        todo = np.flatnonzero(~settled)
        for s in range(0, len(todo), chunk):
            t = todo[s : s + chunk]
            x, y = ga[t], gb[t]
            shared = (self.values[x].multiply(self.values[y]) @ self.kind).toarray()
            sx, sy = self.size[x], self.size[y]
            nested = ((sx == 0) | (sy == 0) | (shared == np.minimum(sx, sy))).all(axis=1)
            place = np.asarray(self.places[x].multiply(self.places[y]).sum(axis=1)).ravel() > 0
            out[t] = nested & (place | ~self.placed[x])
        return out

