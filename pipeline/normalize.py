"""Text normalization: legacy encodings, NFC, modern tone placement, whitespace.

Pure functions, no file access. ``decode_bytes`` turns the bytes of a text file
into Unicode and says which encoding it found; ``repair_legacy`` converts text
typed in the legacy font encodings (TCVN3/ABC, VNI) that survived inside Word or
Excel cells; ``normalize_text`` gives the canonical form used everywhere else.

>>> normalize_text("  Hoà   bình,  KHOẺ  ")
'Hòa bình, KHỎE'
>>> normalize_text(normalize_text("thuỷ lợi")) == normalize_text("thuỷ lợi")
True
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from functools import lru_cache

# Common Vietnamese words, used to score candidate decodings of unknown bytes.
_VI_WORDS = frozenset(
    "của và các có cho không được là trong người những đã với này đề nghị cử tri xã thôn "
    "đường nhân dân xây dựng đầu tư hỗ trợ kiến ý hiện nay việc tại về theo một để đến năm "
    "huyện tỉnh phường tổ ông bà kinh phí sớm xem xét quan tâm làm như từ trên bị đất điện".split()
)
_VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")
_VI_LETTER_SET = frozenset(_VI_LETTERS.pattern[1:-1])

# Old → modern tone placement for the open diphthongs oa, oe, uy (hoà → hòa, thuỷ → thủy).
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook, tilde, dot below
_OLD_TONE = re.compile(
    r"(?<![qQ])([oOuU])([aAeEyY])([" + _TONES + r"])(?![\w\u0300-\u036f])"
)
# In NFC text, the only places _OLD_TONE can match in NFD: o/u before a precomposed a/e/y
# with one tone, not followed by a word character (every word character's NFD starts with
# a word character or a combining mark, so this finds a superset of _OLD_TONE's matches).
_OLD_TONE_NFC = re.compile("[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?!\\w)")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# zero-width characters, soft hyphen, and the bidirectional controls (LRM/RLM, ALM, embeddings and
# overrides U+202A-202E, isolates U+2066-2069): invisible, they would make "Xã A" and "Xã A\u202e"
# two units and reverse text in a report; removed from `text` and units (kept in `text_raw`)
_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u061c]")
# line breaks besides CR and LF: NEL, line and paragraph separators (VT and FF are controls)
_OTHER_BREAKS = re.compile(r"[\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fold(text) -> str:
    """The project's one diacritic fold, for matching headers, labels, cues and headings:
    lower case, no diacritics, đ → d, "_" as a space, single spaces; None gives "".

    >>> fold("  Lĩnh vực   ĐÚNG ")
    'linh vuc dung'
    """
    s = unicodedata.normalize("NFD", ("" if text is None else str(text)).strip().lower())
    s = "".join(c for c in s.replace("đ", "d").replace("_", " ") if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", s).strip()


def modern_tone_placement(text: str) -> str:
    """Move the tone mark of open oa/oe/uy syllables to the first vowel (hoà → hòa).

    Works on NFD internally; returns NFC. Syllables with a final consonant
    (hoàng, khoảng, thuyền) and qu- syllables (quý) are left alone.
    """
    if not _OLD_TONE_NFC.search(text) and unicodedata.is_normalized("NFC", text):
        return text  # nothing to move (the common case: a quick scan instead of NFD and back)
    nfd = unicodedata.normalize("NFD", text)
    fixed = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), nfd)
    return unicodedata.normalize("NFC", fixed)


def normalize_text(text: str) -> str:
    """Canonical form of a recommendation's text.

    NFC, modern tone placement, no control or zero-width characters, single
    spaces, trimmed. Idempotent: ``normalize_text(normalize_text(x)) == normalize_text(x)``.
    """
    if not text:
        return ""
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _OTHER_BREAKS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = modern_tone_placement(text)
    lines = [_WS.sub(" ", ln).strip() for ln in text.split("\n")]
    text = " ".join(ln for ln in lines if ln)
    # "quý" may carry a decomposed tone after NFC in odd inputs; NFC again is cheap and keeps idempotence.
    return unicodedata.normalize("NFC", text)


def is_all_caps(text: str) -> bool:
    """True for a shouted line (two or more words, all letters upper case).

    A lone abbreviation such as "BHYT" or "UBND" is not a shouted line.
    """
    letters = 0
    for c in text:  # most lines have a lower-case letter within a few characters: stop there
        if c.isalpha():
            if not c.isupper():
                return False
            letters += 1
    return letters >= 6 and sum(1 for w in text.split() if any(c.isalpha() for c in w)) >= 2


def sentence_case(text: str) -> str:
    """Sentence-case a line written in ALL CAPS; other text is returned unchanged.

    >>> sentence_case("ĐỀ NGHỊ SỬA ĐƯỜNG LIÊN XÃ")
    'Đề nghị sửa đường liên xã'
    """
    if not is_all_caps(text):
        return text
    lower = text.lower()
    for i, ch in enumerate(lower):
        if ch.isalpha():
            return lower[:i] + ch.upper() + lower[i + 1 :]
    return lower


def vietnamese_score(text: str) -> float:
    """Share of words that are common Vietnamese words or carry Vietnamese letters.

    Each common word counts 2, each word holding a letter of _VI_LETTERS (an ASCII
    word cannot) counts 1, out of 3 per word; every distinct word is looked at once.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    known = _WORD_POINTS
    points = 0
    for word, n in Counter(words).items():
        p = known.get(word)
        if p is None:
            p = _word_points(word)
        points += n * p
    return points / (3 * len(words))


_WORD_POINTS: dict[str, int] = {}  # word → its vietnamese_score points; words repeat from file to file


def _word_points(word: str) -> int:
    p = (2 if word in _VI_WORDS else 0) + (0 if word.isascii() or _VI_LETTER_SET.isdisjoint(word) else 1)
    if len(_WORD_POINTS) >= 200_000:
        _WORD_POINTS.clear()
    _WORD_POINTS[word] = p
    return p


_WORD = re.compile(r"\w+")
LEGACY_NAMES = ("tcvn3", "vni")

# --------------------------------------------------------------------------- legacy font conversion
# ``_fix(text, name)`` is ``NFC(viparse.fix(text, encoding=name))``. With the fast path
# (``pipeline.fast.legacy``: viparse's tables by one compiled regular expression, verified on
# named viparse versions and self-checked at load) the same result comes without viparse's
# per-character loops; with ``CUTRI_FAST=0`` or an unverified viparse, viparse.fix is called.


def _fast():
    from .fast.legacy import legacy

    return legacy()


@lru_cache(maxsize=1 << 13)
def _fix(text: str, name: str) -> str:
    """``text`` converted from legacy encoding ``name``, in NFC; cached per distinct string."""
    fast = _fast()
    if fast is not None:
        return fast.fix(text, name)
    import viparse

    return unicodedata.normalize("NFC", viparse.fix(text, encoding=name))


def could_be_legacy(text: str) -> bool:
    """False when ``text`` has none of the non-ASCII characters TCVN3 or VNI sequences use.

    Such text comes out of either conversion unchanged except for NFC and
    whitespace, so it cannot be legacy-encoded; an exact test, not a guess. Without the
    fast path (which knows the tables) every text could be legacy.
    """
    fast = _fast()
    return True if fast is None else fast.could_be(text)


def _candidate_score(text: str, name: str) -> float:
    """``vietnamese_score(_fix(text, name))``, converting without the clean-up when it could
    not change a word (no control character to drop: only whitespace would change)."""
    fast = _fast()
    if fast is not None:
        from .fast.legacy import no_control_chars

        converted = fast.convert(text, name)
        if no_control_chars(converted):
            return vietnamese_score(converted)
    return vietnamese_score(_fix(text, name))


def _legacy_candidates(text: str) -> list[tuple[str, str]]:
    """Convert ``text`` from each legacy font encoding; returns (name, converted)."""
    out = []
    for name in LEGACY_NAMES:
        try:
            out.append((name, _fix(text, name)))
        except Exception:  # a converter failure only means "not this encoding"
            continue
    return out


def repair_legacy(text: str, encoding: str | None = None) -> tuple[str, str | None]:
    """Repair text typed in TCVN3 (ABC) or VNI, read as if it were cp1252/Unicode.

    With ``encoding`` given ("tcvn3"/"vni") that converter is applied. Otherwise
    the text is converted only when a converter raises its Vietnamese score
    clearly; text that is already good Unicode is returned unchanged. Returns
    ``(text, encoding_used_or_None)``. Detect once per file, not per line.
    Results are cached per distinct string (cells and lines repeat).
    """
    if not text:
        return text, None
    return _repair_legacy(text, encoding)


@lru_cache(maxsize=1 << 13)
def _repair_legacy(text: str, encoding: str | None) -> tuple[str, str | None]:
    if encoding:
        if encoding not in LEGACY_NAMES:
            return text, None
        try:
            return _fix(text, encoding), encoding
        except Exception:  # a converter failure only means "not this encoding"
            return text, None
    base = vietnamese_score(text)
    if base >= 0.5:
        return text, None
    if not could_be_legacy(text) and unicodedata.is_normalized("NFC", text) and _printable(text):
        # both conversions would only tidy whitespace: the same words, the same score,
        # so neither could be chosen
        return text, None
    best, chosen = base + 0.15, None
    for name in LEGACY_NAMES:
        try:
            score = _candidate_score(text, name)
        except Exception:  # a converter failure only means "not this encoding"
            continue
        if score > best:
            best, chosen = score, name
    return (_fix(text, chosen), chosen) if chosen else (text, None)


def _printable(text: str) -> bool:
    """No control or format character (nothing a legacy conversion's clean-up would drop)."""
    return not re.search(r"[\x1c-\x1f\x85]", text) and "".join(text.split()).isprintable()


def decode_bytes(data: bytes, notes: list[str] | None = None) -> tuple[str, str]:
    """Decode the bytes of a text file; returns ``(text, encoding_name)``.

    Recognizes UTF-8 (with or without BOM), UTF-16 (with BOM, or LE/BE without
    it), Windows-1258, and the legacy font encodings TCVN3 and VNI (stored as
    single bytes). The encoding name is one of "utf-8", "utf-8-sig", "utf-16",
    "cp1258", "tcvn3", "vni", or "utf-8+<names>" when single lines in another
    encoding were converted one by one (mixed files, e.g. "utf-8+tcvn3+vni").
    Raises ``ValueError`` for data that is not text. A few NUL bytes are removed where they are, not taken for binary data; a stray single byte in a
    UTF-8 line (cp1252 typed into UTF-8) is read as cp1252 in that line only, which stays
    UTF-8. (More than 8 NULs and 1% of the file is binary data.) Both are described in ``notes`` (Vietnamese, one entry each) when given.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if len(data) >= 4:
        even_nul = data[0::2].count(0)
        odd_nul = data[1::2].count(0)
        half = len(data) / 2
        if odd_nul > 0.3 * half and even_nul < 0.05 * half:
            return data.decode("utf-16-le", errors="replace"), "utf-16"
        if even_nul > 0.3 * half and odd_nul < 0.05 * half:
            return data.decode("utf-16-be", errors="replace"), "utf-16"
    if b"\x00" in data:
        n_nul = data.count(0)
        if n_nul > 8 and n_nul * 100 > len(data):  # more than a few stray NULs: binary data
            raise ValueError("binary")
        nul_lines = sorted({_line_number(data, m.start()) for m in re.finditer(b"\x00", data)})
        data = data.replace(b"\x00", b"")
        if notes is not None:
            notes.append("Đã bỏ ký tự NUL (mã 0) ở " + _lines_named(nul_lines))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        fixed, enc = repair_legacy(text)
        if enc:
            return fixed, enc
        fixed, encs = repair_legacy_lines(text)
        return (fixed, "+".join(["utf-8"] + encs)) if encs else (text, "utf-8")
    mixed = _decode_mixed_lines(data)
    if mixed is not None:
        text, name, strays = mixed
        if _looks_binary(text):
            raise ValueError("binary")
        if strays and notes is not None:
            notes.append("Byte lạ (không phải UTF-8) được đọc theo bảng mã Windows-1252 ở " + _lines_named(strays))
        return text, name
    # Single-byte: Windows-1258, or a legacy font encoding stored through cp1252.
    score, name, text = _decode_single_bytes(data)
    if _looks_binary(text):
        raise ValueError("binary")
    return text, name


def _decode_single_bytes(data: bytes) -> tuple[float, str, str]:
    """Best (score, encoding, text) among Windows-1258, TCVN3 and VNI for single-byte data."""
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    candidates = [(vietnamese_score(cp1258), "cp1258", cp1258)]
    latin = data.decode("cp1252", errors="replace")
    for name, conv in _legacy_candidates(latin):
        candidates.append((vietnamese_score(conv), name, conv))
    return max(candidates, key=lambda c: c[0])


# the line breaks str.splitlines() knows, in UTF-8 bytes: line numbers in notes are the reader's
_BYTE_BREAKS = re.compile(rb"\r\n|[\n\r\x0b\x0c\x1c-\x1e]|\xc2\x85|\xe2\x80[\xa8\xa9]")


def _line_number(data: bytes, offset: int) -> int:
    return len(_BYTE_BREAKS.findall(data, 0, offset)) + 1


def _lines_named(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return f"dòng {shown}" + (f" và {len(numbers) - 10} dòng khác" if len(numbers) > 10 else "")


def _stray_as_cp1252(exc: UnicodeDecodeError) -> tuple[str, int]:
    bad = exc.object[exc.start:exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error("cutri-stray-cp1252", _stray_as_cp1252)


def _utf8_with_stray_bytes(line: bytes) -> str | None:
    """A UTF-8 line holding a few bytes that are not UTF-8 (a cp1252 quote or dash pasted into
    it), decoded as UTF-8 with those bytes read as cp1252; None for a line in another encoding.

    The line counts as UTF-8 when its valid multi-byte characters are at least twice its
    invalid bytes, and those are at most 3: a TCVN3 or VNI line is mostly invalid bytes.
    """
    loose = line.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd") - line.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in loose if ord(ch) > 0x7F and ch != "\ufffd")
    if bad > 3 or good < 2 * bad or good == 0:
        return None
    return line.decode("utf-8", errors="cutri-stray-cp1252")


def _decode_mixed_lines(data: bytes) -> tuple[str, str, list[int]] | None:
    """A file whose lines mix UTF-8 with single-byte legacy encodings (pasted from old files).

    Returns None unless some line is non-ASCII UTF-8 and some other line is not
    UTF-8 at all; then each line is decoded on its own. The encoding name lists
    what was found, e.g. "utf-8+tcvn3+vni". A UTF-8 line with a few stray bytes
    (``_utf8_with_stray_bytes``) stays UTF-8; its line number is in the third item.
    """
    lines = data.split(b"\n")
    utf8_lines = 0
    out, encs, strays = [], [], []
    start = 0
    for line in lines:
        at, start = start, start + len(line) + 1
        try:
            out.append(line.decode("utf-8"))
            utf8_lines += any(b >= 0x80 for b in line)
        except UnicodeDecodeError as exc:
            stray = _utf8_with_stray_bytes(line)
            if stray is not None:
                out.append(stray)
                strays.append(_line_number(data, at + exc.start))
                utf8_lines += 1
                continue
            _, name, text = _decode_single_bytes(line)
            out.append(text)
            if name not in encs:
                encs.append(name)
    if not utf8_lines or not (encs or strays):
        return None
    return "\n".join(out), "+".join(["utf-8"] + sorted(encs)), strays


_LEGACY_CHARS = re.compile(r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def repair_legacy_lines(text: str) -> tuple[str, list[str]]:
    """Repair single lines typed in TCVN3/VNI inside otherwise good Unicode text.

    Only lines that score low as Vietnamese and contain Latin-1/cp1252 characters
    (what legacy fonts look like when read as Unicode) are tried, each on its own.
    Returns the text and the sorted names of the encodings converted.
    """
    lines = text.split("\n")
    encs: set[str] = set()
    for i, line in enumerate(lines):
        if len(line) < 8 or not _LEGACY_CHARS.search(line) or vietnamese_score(line) >= 0.5:
            continue
        fixed, enc = repair_legacy(line)
        if enc:
            lines[i] = fixed
            encs.add(enc)
    return ("\n".join(lines), sorted(encs)) if encs else (text, [])


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for c in text if (unicodedata.category(c) in ("Cc", "Co", "Cn") and c not in "\n\r\t") or c == "\ufffd")
    return bad / len(text) > 0.05
