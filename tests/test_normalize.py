"""Golden and property tests of pipeline.normalize."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
