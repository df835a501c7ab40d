"""Golden and property tests of pipeline.normalize."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures_ingest import MINUTES
from legacy import encode_cp1258, encode_legacy
from pipeline.normalize import (
    decode_bytes,
    is_all_caps,
    modern_tone_placement,
    normalize_text,
    repair_legacy,
    sentence_case,
)

SENTENCES = [
    "Cử tri thôn Nà Ngoa đề nghị sửa chữa tuyến đường liên xã đã xuống cấp nghiêm trọng.",
    "Đề nghị hỗ trợ kinh phí xây dựng nhà văn hóa thôn Khuôn Thống, hiện nay nhà văn hóa đã hư hỏng.",
    "Sớm cấp giấy chứng nhận quyền sử dụng đất cho 120 hộ dân đã dồn điền đổi thửa từ năm 2003.",
    "Nâng mức phụ cấp cho người hoạt động không chuyên trách ở thôn, tổ dân phố.",
]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("hoà bình", "hòa bình"),
        ("sức khoẻ", "sức khỏe"),
        ("thuỷ lợi", "thủy lợi"),
        ("HOÀ", "HÒA"),
        ("Thuỵ Điển", "Thụy Điển"),
        ("hoàng hôn", "hoàng hôn"),  # closed syllable: unchanged
        ("khoảng cách", "khoảng cách"),
        ("quý khách", "quý khách"),  # qu- is a consonant cluster: unchanged
        ("thuyền", "thuyền"),
        ("hoà.", "hòa."),
    ],
)
def test_modern_tone_placement(raw, expected):
    assert modern_tone_placement(raw) == expected


def _tone_placement_via_nfd(text: str) -> str:
    """modern_tone_placement without its quick exit: NFD, move the marks, NFC."""
    from pipeline.normalize import _OLD_TONE

    fixed = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", fixed)


_TONE_ALPHABET = (
    "oOuUqQaAeEyYàáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴôêâăơưđng _.-1"
    "\u0300\u0301\u0309\u0303\u0323\u0302\u0306\u031b"
)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_TONE_ALPHABET, max_size=10))
def test_tone_placement_quick_exit_changes_nothing(text):
    # the quick exit (no old-style tone in NFC text) must give what the NFD round trip gives
    assert modern_tone_placement(text) == _tone_placement_via_nfd(text)


def test_tone_placement_quick_exit_on_minutes():
    lines = MINUTES + SENTENCES + ["Hoà, THUỶ, khoẻ. Hoàng, quý, ủy.", "sức khoẻ\u0301 thuỷ\u0323"]
    for line in lines + [unicodedata.normalize("NFD", ln) for ln in lines]:
        assert modern_tone_placement(line) == _tone_placement_via_nfd(line)


def _score_word_by_word(text: str) -> float:
    """vietnamese_score as first written: every word looked at in turn."""
    import re

    from pipeline.normalize import _VI_LETTER_SET, _VI_WORDS

    words = re.findall(r"\w+", text.lower())
    if not words:
        return 0.0
    hits = sum(w in _VI_WORDS for w in words)
    marked = sum(1 for w in words if any(c in _VI_LETTER_SET for c in w))
    return (2 * hits + marked) / (3 * len(words))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="cácủavàđườngxãthônĐỀNGHỊ \n,.ÀÁaeiou1_", max_size=60))
def test_vietnamese_score_counts_each_word(text):
    from pipeline.normalize import vietnamese_score

    assert vietnamese_score(text) == _score_word_by_word(text)


def test_vietnamese_score_on_minutes_and_legacy_text():
    from pipeline.normalize import vietnamese_score

    unicode = ["\n".join(MINUTES)] + SENTENCES
    legacy = [encode_legacy(t, name).decode("cp1252", "replace") for t in SENTENCES for name in ("vni", "tcvn3")]
    scores = [vietnamese_score(t) for t in unicode + legacy]
    assert scores == [_score_word_by_word(t) for t in unicode + legacy]
    assert min(scores[: len(unicode)]) > max(scores[len(unicode) :])


def test_normalize_text_nfd_spaces_and_controls():
    raw = unicodedata.normalize("NFD", "  Cử tri\u00a0 đề nghị\t sửa đường\u200b\r\n liên xã  ")
    assert normalize_text(raw) == "Cử tri đề nghị sửa đường liên xã"
    assert unicodedata.is_normalized("NFC", normalize_text(raw))


def test_normalize_empty():
    assert normalize_text("") == ""
    assert normalize_text("   \n\t ") == ""


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_normalize_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


VI_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐEÔƠƯ \u0300\u0301\u0303\u0309\u0323,.;:"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=VI_ALPHABET, max_size=60))
def test_normalize_idempotent_on_vietnamese_like_text(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)


def test_sentence_case_only_all_caps():
    assert sentence_case("ĐỀ NGHỊ SỬA ĐƯỜNG LIÊN XÃ") == "Đề nghị sửa đường liên xã"
    assert sentence_case("- ĐỀ NGHỊ XÂY CẦU") == "- Đề nghị xây cầu"
    assert sentence_case("Đề nghị UBND xã sửa đường") == "Đề nghị UBND xã sửa đường"
    assert not is_all_caps("BHYT")  # short abbreviations are not shouted lines


@given(st.text(alphabet=VI_ALPHABET.upper() + VI_ALPHABET[:8] + " -.,0123456789ß", max_size=40))
def test_all_caps_check_stops_early_but_decides_as_defined(text):
    """The early-exit loop decides like the definition: ≥ 2 words with letters, ≥ 6 letters, all upper."""
    letters = [c for c in text if c.isalpha()]
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    assert is_all_caps(text) == (len(words) >= 2 and len(letters) >= 6 and all(c.isupper() for c in letters))


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_decode_legacy_font_encodings(encoding):
    text = "\n".join(SENTENCES)
    decoded, name = decode_bytes(encode_legacy(text, encoding))
    assert name == encoding
    assert decoded == text


@pytest.mark.parametrize(
    "codec, expected_name",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16")],
)
def test_decode_unicode_encodings(codec, expected_name):
    text = "\n".join(SENTENCES)
    decoded, name = decode_bytes(text.encode(codec))
    assert name == expected_name
    assert decoded == text


def test_decode_windows_1258():
    text = "\n".join(SENTENCES)
    decoded, name = decode_bytes(encode_cp1258(text))
    assert name == "cp1258"
    assert unicodedata.normalize("NFC", decoded) == text


def test_decode_rejects_binary():
    with pytest.raises(ValueError):
        decode_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)


def test_repair_legacy_leaves_unicode_alone():
    for s in SENTENCES:
        assert repair_legacy(s) == (s, None)


def test_repair_legacy_detects_tcvn3_text_inside_cells():
    # A Word/Excel cell typed with a .VnTime font arrives as mojibake Unicode.
    from legacy import to_legacy

    mojibake = to_legacy(SENTENCES[0] + " " + SENTENCES[1], "tcvn3")
    fixed, name = repair_legacy(mojibake)
    assert name == "tcvn3"
    assert fixed == SENTENCES[0] + " " + SENTENCES[1]


# --------------------------------------------------------------------------- fast legacy conversion
# ``repair_legacy`` converts with viparse's tables through a compiled pattern and skips text
# that no legacy sequence can touch. These tests hold it to viparse itself: same converted
# text, same decision, for legacy and Unicode text alike.
def _viparse_fix(text: str, name: str) -> str:
    import viparse

    return unicodedata.normalize("NFC", viparse.fix(text, encoding=name))


def _reference_repair(text: str) -> tuple[str, str | None]:
    """The detection rule of repair_legacy, spelled out with viparse.fix."""
    from pipeline.normalize import vietnamese_score

    if not text:
        return text, None
    base = vietnamese_score(text)
    if base >= 0.5:
        return text, None
    best = (base + 0.15, text, None)
    for name in ("tcvn3", "vni"):
        conv = _viparse_fix(text, name)
        if vietnamese_score(conv) > best[0]:
            best = (vietnamese_score(conv), conv, name)
    return best[1], best[2]


LEGACY_SOURCE = "".join(chr(c) for c in range(0xA1, 0xFF)) + "\u2212\u2219"
MIXED_ALPHABET = VI_ALPHABET + LEGACY_SOURCE + "AEIOUYaeiouy0123456789\t\n\r\x0b\x0c\x00\x1f\x85\u00a0\u200b\ufeff\u2028"
ODD_TEXTS = [
    "", " ", "\n\n\n\nx", "\r\n a \t b  \u00a0 c \r", "Vieät Nam\x00 ñeà nghò", "nhµ n\u2212íc vµ 12\u22123",
    "b\u00adu ®iÖn", "đề\u200bnghị", "de\u0300 nghi\u0323", "x\x0by\x0cz", "\ue000 \U0001F600 \u2029",
]


@pytest.mark.parametrize("text", ODD_TEXTS + SENTENCES)
@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_fast_conversion_equals_viparse_on_odd_text(text, name):
    from pipeline.normalize import _fix

    assert _fix(text, name) == _viparse_fix(text, name)


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_fast_conversion_equals_viparse_on_legacy_text(name):
    from legacy import to_legacy

    from pipeline.normalize import _fix

    for s in SENTENCES + [s.upper() for s in SENTENCES]:
        for text in (to_legacy(s, name), to_legacy(s, "tcvn3" if name == "vni" else "vni"), s):
            assert _fix(text, name) == _viparse_fix(text, name)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=MIXED_ALPHABET, max_size=80))
def test_fast_conversion_and_detection_equal_viparse(text):
    from pipeline.normalize import _fix

    for name in ("tcvn3", "vni"):
        assert _fix(text, name) == _viparse_fix(text, name)
        assert repair_legacy(text, name) == ((_viparse_fix(text, name), name) if text else (text, None))
    assert repair_legacy(text) == _reference_repair(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_text_the_precheck_skips_is_unchanged_by_both_converters(text):
    from pipeline.normalize import _fix, could_be_legacy, vietnamese_score

    if not could_be_legacy(text):
        for name in ("tcvn3", "vni"):
            assert vietnamese_score(_fix(text, name)) == vietnamese_score(unicodedata.normalize("NFC", text)) or (
                not text.isprintable()
            )
    assert repair_legacy(text) == _reference_repair(text)


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_precheck_never_skips_a_legacy_string(name):
    from legacy import to_legacy

    from pipeline.normalize import could_be_legacy

    for s in SENTENCES + MINUTES:
        legacy = to_legacy(s, name)
        if legacy != s:  # a line of plain ASCII is the same in every encoding
            assert could_be_legacy(legacy)
    mojibake = to_legacy(" ".join(SENTENCES), name)
    assert repair_legacy(mojibake) == (" ".join(SENTENCES), name)


def test_plain_unicode_and_ascii_need_no_conversion():
    from pipeline.normalize import could_be_legacy

    assert not could_be_legacy("Phường Hưng Lộc đề nghị sửa đường")
    assert not could_be_legacy("STT 1 2 3 Ho ten")
    assert could_be_legacy("Xã Yên Phú")  # "ã" is also a TCVN3 letter: the converters must look
    assert repair_legacy("Xã Yên Phú") == ("Xã Yên Phú", None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))
def test_control_check_never_misses_a_character_the_clean_up_drops(text):
    from pipeline.fast.legacy import no_control_chars as _no_control_chars

    if _no_control_chars(text):
        # viparse's clean-up drops Cc/Cf except tab and newline; \r, \x0b and \x0c become newlines
        assert all(unicodedata.category(c) not in ("Cc", "Cf") or c in "\t\n\r\x0b\x0c" for c in text)


@pytest.mark.parametrize("char", ["\x00", "\x1c", "\x1f", "\x85", "\x7f", "\x9f", "\u00ad", "\u200b", "\u200e", "\u2060", "\ufeff"])
def test_control_check_sees_controls_that_look_like_spaces(char):
    from pipeline.fast.legacy import no_control_chars as _no_control_chars

    assert not _no_control_chars(f"đề{char}nghị")
    assert _no_control_chars("đề nghị\t sửa\r\n đường\u00a0\u3000x\x0b\x0c")


def test_nul_bytes_are_removed_where_they_are_and_noted():
    notes = []
    text, name = decode_bytes("Cử tri đề nghị\nsửa đường\x00 liên thôn\nlàm cầu".encode(), notes)
    assert text == "Cử tri đề nghị\nsửa đường liên thôn\nlàm cầu" and name == "utf-8"
    assert notes == ["Đã bỏ ký tự NUL (mã 0) ở dòng 2"]
    with pytest.raises(ValueError):
        decode_bytes(b"\x00\x01\x02\x00" * 50 + "đề nghị".encode())  # many NULs: binary


def test_a_stray_cp1252_byte_leaves_its_utf8_line_utf8():
    notes = []
    line = "Cử tri đề nghị lắp biển “Cấm vượt” ở dốc Khau Phạ.".encode().replace(
        "“".encode(), b"\x93").replace("”".encode(), b"\x94")
    text, name = decode_bytes("Biên bản tiếp xúc cử tri\n".encode() + line, notes)
    assert text.splitlines()[1] == "Cử tri đề nghị lắp biển “Cấm vượt” ở dốc Khau Phạ."
    assert name == "utf-8"
    assert notes == ["Byte lạ (không phải UTF-8) được đọc theo bảng mã Windows-1252 ở dòng 2"]


def test_bidi_controls_and_other_line_breaks_are_cleaned_from_text():
    assert normalize_text("Xã Phúc\u202e Lộc\u2066") == "Xã Phúc Lộc"
    assert normalize_text("sửa\u200f đường\u2028liên\x85thôn\u2029Nà\x0bPài") == "sửa đường liên thôn Nà Pài"


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_plain_viparse_path_gives_the_same_repairs(name, monkeypatch):
    """CUTRI_FAST=0: viparse.fix itself, no pre-check; the same texts and encodings."""
    from legacy import to_legacy

    from pipeline import normalize
    from pipeline.fast import legacy as fast_legacy

    assert fast_legacy.legacy() is not None  # verified viparse, self-check passed
    texts = [to_legacy(s, name) for s in SENTENCES + MINUTES] + SENTENCES + ["Dòng\x0bhai\r\nba \x85 bốn"]
    fast = [repair_legacy(t) for t in texts] + [normalize._fix(t, name) for t in texts]
    monkeypatch.setenv("CUTRI_FAST", "0")
    normalize._fix.cache_clear()
    normalize._repair_legacy.cache_clear()
    try:
        assert normalize._fast() is None and normalize.could_be_legacy("Phường Hưng Lộc")
        plain = [repair_legacy(t) for t in texts] + [normalize._fix(t, name) for t in texts]
    finally:
        normalize._fix.cache_clear()
        normalize._repair_legacy.cache_clear()
    assert plain == fast
