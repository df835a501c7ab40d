"""Narrative minutes → recommendations and skipped text (pipeline.segment)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import segment as sg
from pipeline.segment import canonical_unit, segment_minutes, unit_from_line


def texts(seg):
    return [i.text for i in seg.items]


def reasons(seg):
    return {s.text: s.reason for s in seg.skipped}


HEADER = [
    "ỦY BAN MTTQ VIỆT NAM",
    "XÃ TÂN LẬP",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "BIÊN BẢN",
    "HỘI NGHỊ TIẾP XÚC CỬ TRI PHƯỜNG MINH XUÂN TRƯỚC KỲ HỌP THỨ MƯỜI",
    "Hôm nay, ngày 12 tháng 10 năm 2026, tại Nhà văn hóa tổ dân phố 3.",
    "Địa điểm: Nhà văn hóa tổ dân phố 3, phường Minh Xuân",
    "Thành phần tham dự:",
    "- Đại biểu Quốc hội tham dự: ông Nguyễn Văn Hải, bà Lò Thị Mai.",
    "- Ông Hoàng Văn Tùng, Chủ tịch UBND phường.",
    "Hội nghị có 135 cử tri tham dự.",
    "Chủ trì: ông Phạm Văn Lực, Chủ tịch Ủy ban MTTQ phường.",
    "Thư ký: bà Đinh Thị Hương.",
    "Ông Phạm Văn Lực tuyên bố lý do, giới thiệu đại biểu.",
    "II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
    "Hội nghị có 9 lượt cử tri phát biểu, cụ thể như sau:",
]


def test_header_facts_and_skipped_reasons():
    seg = segment_minutes(HEADER)
    f = seg.facts
    assert f.unit == "Phường Minh Xuân"  # the title line wins over the issuer's "XÃ TÂN LẬP"
    assert f.date == "2026-10-12"
    assert f.place == "Nhà văn hóa tổ dân phố 3, phường Minh Xuân"
    assert f.deputies == "ông Nguyễn Văn Hải, bà Lò Thị Mai"
    assert f.voters_attending == 135
    assert f.speaking_turns == 9
    assert seg.items == []
    r = reasons(seg)
    assert r["Thành phần tham dự:"] == sg.R_ATTENDANCE
    assert r["- Ông Hoàng Văn Tùng, Chủ tịch UBND phường."] == sg.R_ATTENDANCE
    assert r["Chủ trì: ông Phạm Văn Lực, Chủ tịch Ủy ban MTTQ phường."] == sg.R_PROCEDURE
    assert r["Ông Phạm Văn Lực tuyên bố lý do, giới thiệu đại biểu."] == sg.R_PROCEDURE
    assert r["BIÊN BẢN"] == sg.R_HEADER
    assert r["II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI"] == sg.R_HEADING
    assert len(seg.skipped) == len(HEADER)


def test_unit_from_dedicated_line_beats_title():
    seg = segment_minutes(["HỘI NGHỊ TIẾP XÚC CỬ TRI XÃ AN PHÚ", "Đơn vị: phường Hà Phong"])
    assert seg.facts.unit == "Phường Hà Phong"


def test_voter_turn_with_colon():
    seg = segment_minutes(HEADER + ["Cử tri Nguyễn Văn An, thôn Đồng Bục phản ánh: Đường ĐT 293 xuống cấp, đề nghị sửa chữa."])
    (item,) = seg.items
    assert item.speaker == "Nguyễn Văn An, thôn Đồng Bục"
    assert item.text == "Đường ĐT 293 xuống cấp, đề nghị sửa chữa."
    assert item.ref == f"dòng {len(HEADER) + 1}"
    assert not item.answered


def test_voter_turn_without_colon_keeps_the_verb():
    seg = segment_minutes(["Cử tri Lê Thị Lan, tổ dân phố 7 đề nghị lắp đèn chiếu sáng ngõ 12."])
    assert [(i.speaker, i.text) for i in seg.items] == [("Lê Thị Lan, tổ dân phố 7", "đề nghị lắp đèn chiếu sáng ngõ 12.")]


def test_ong_ba_turn_with_address_in_brackets():
    seg = segment_minutes(["Bà Trần Thị Cúc (tổ dân phố 3): Đề nghị nạo vét cống thoát nước."])
    assert [(i.speaker, i.text) for i in seg.items] == [("Trần Thị Cúc, tổ dân phố 3", "Đề nghị nạo vét cống thoát nước.")]


def test_split_on_semicolon():
    seg = segment_minutes(["Cử tri Hà Văn Nam, thôn Khuổi Phầy kiến nghị: sửa cầu treo Nà Ngoa; lắp đặt loa truyền thanh thôn."])
    assert [(i.ref, i.text) for i in seg.items] == [
        ("dòng 1.1", "sửa cầu treo Nà Ngoa"),
        ("dòng 1.2", "lắp đặt loa truyền thanh thôn."),
    ]
    assert {i.speaker for i in seg.items} == {"Hà Văn Nam, thôn Khuổi Phầy"}


def test_short_semicolon_parts_are_not_split():
    seg = segment_minutes(["Ý KIẾN CỬ TRI", "- Đề nghị hỗ trợ giống lúa, ngô; khoai."], ref_prefix="đoạn")
    assert texts(seg) == ["Đề nghị hỗ trợ giống lúa, ngô; khoai."]
    assert seg.items[0].ref == "đoạn 2"


def test_split_on_second_request_sentence():
    line = ("Ông Vũ Đức Hùng (thôn Làng Chùa): Đề nghị tăng lương hưu cho người nghỉ hưu trước năm 1995. "
            "Đồng thời, đề nghị hỗ trợ người cao tuổi khám sức khỏe.")
    seg = segment_minutes([line])
    assert texts(seg) == [
        "Đề nghị tăng lương hưu cho người nghỉ hưu trước năm 1995.",
        "Đồng thời, đề nghị hỗ trợ người cao tuổi khám sức khỏe.",
    ]


def test_description_then_request_is_one_item():
    seg = segment_minutes(["Cử tri Đỗ Văn Long, thôn Nà Mò phản ánh: Đường ĐH 12 sạt lở. Đề nghị sớm khắc phục."])
    assert texts(seg) == ["Đường ĐH 12 sạt lở. Đề nghị sớm khắc phục."]


def test_the_attribution_verb_does_not_split_a_description_from_its_request():
    seg = segment_minutes(["Cử tri Đỗ Văn Long, thôn Nà Mò đề nghị: Cầu tràn bị ngập. Đề nghị xây cầu cứng."])
    assert texts(seg) == ["Cầu tràn bị ngập. Đề nghị xây cầu cứng."]


def test_clean_point():
    assert sg.clean_point("  + Đề nghị lắp đèn (đã trả lời tại hội nghị).") == ("Đề nghị lắp đèn", True)
    assert sg.clean_point("3. Đề nghị nạo vét kênh") == ("Đề nghị nạo vét kênh", False)


def test_abbreviation_does_not_end_a_sentence():
    seg = segment_minutes(["Ý KIẾN CỬ TRI", "1. Đề nghị mở tuyến xe buýt đi TP. Đề nghị xem xét sớm."])
    assert len(seg.items) == 1


def test_short_words_end_sentences():
    seg = segment_minutes(["Ý KIẾN CỬ TRI", "- Cơ sở gỗ gây ồn, đề nghị kiểm tra xử lý. Đề nghị tăng tiền khoán bảo vệ rừng."])
    assert texts(seg) == ["Cơ sở gỗ gây ồn, đề nghị kiểm tra xử lý.", "Đề nghị tăng tiền khoán bảo vệ rừng."]


def test_a_bare_list_of_requests_is_read():
    seg = segment_minutes(["Danh sách kiến nghị tổ dân phố 5", "1. Đề nghị sửa đường ngõ 4.", "2. Đề nghị lắp camera an ninh."])
    assert texts(seg) == ["Đề nghị sửa đường ngõ 4.", "Đề nghị lắp camera an ninh."]
    assert [s.reason for s in seg.skipped] == [sg.R_OTHER]


def test_intro_and_sub_bullets_inherit_the_speaker():
    seg = segment_minutes([
        "Cử tri Lê Văn Dũng, thôn Khuổi Phầy kiến nghị một số nội dung sau:",
        "- Đề nghị cấp sổ đỏ cho 20 hộ dân.",
        "+ Đề nghị làm mương thoát nước.",
        "• Đề nghị kéo điện về cuối thôn.",
    ])
    assert texts(seg) == ["Đề nghị cấp sổ đỏ cho 20 hộ dân.", "Đề nghị làm mương thoát nước.", "Đề nghị kéo điện về cuối thôn."]
    assert {i.speaker for i in seg.items} == {"Lê Văn Dũng, thôn Khuổi Phầy"}
    assert reasons(seg)["Cử tri Lê Văn Dũng, thôn Khuổi Phầy kiến nghị một số nội dung sau:"] == sg.R_INTRO


def test_numbered_points_under_the_voter_section():
    seg = segment_minutes([
        "Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
        "1. Đề nghị nâng cấp trạm y tế xã.",
        "2) Đề nghị xây tường rào trường mầm non.",
        "a) Đề nghị mua thêm bàn ghế.",
    ])
    assert texts(seg) == ["Đề nghị nâng cấp trạm y tế xã.", "Đề nghị xây tường rào trường mầm non.", "Đề nghị mua thêm bàn ghế."]
    assert [i.speaker for i in seg.items] == ["", "", ""]


def test_bullets_outside_the_voter_section_are_not_items():
    seg = segment_minutes(["Thành phần:", "- Ông Nguyễn Văn A, Bí thư Đảng ủy xã", "- Bà Lê Thị B, đại biểu HĐND tỉnh"])
    assert seg.items == []
    assert {s.reason for s in seg.skipped} == {sg.R_ATTENDANCE}


def test_officials_answers_are_skipped():
    seg = segment_minutes([
        "II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
        "1. Cử tri Ma Văn Tài, thôn Bản Pác đề nghị: làm đường vào khu sản xuất.",
        "Ông Hoàng Văn Tùng, Phó Chủ tịch UBND xã giải trình: đã có kế hoạch năm 2027.",
        "- Về kinh phí, xã sẽ đề nghị tỉnh hỗ trợ.",
        "Đại diện Điện lực trả lời: sẽ thay máy biến áp.",
        "2. Cử tri Lò Thị Nga, thôn Nà Mò kiến nghị: tăng cường tuần tra ban đêm.",
        "III. Ý KIẾN GIẢI TRÌNH CỦA LÃNH ĐẠO XÃ",
        "Đề nghị các thôn phối hợp rà soát.",
        "- Về đường vào khu sản xuất: đã khảo sát.",
        "Hội nghị kết thúc lúc 11 giờ.",
        "THƯ KÝ    CHỦ TRÌ",
    ])
    assert texts(seg) == ["làm đường vào khu sản xuất.", "tăng cường tuần tra ban đêm."]
    r = reasons(seg)
    # the answers right under item 1 are its answer_text; under heading III each line goes to the
    # item it clearly speaks about ("đường vào khu sản xuất"), a line about none to no item
    assert r["- Về kinh phí, xã sẽ đề nghị tỉnh hỗ trợ."] == sg.cues.R_ANSWER_READ
    assert r["Đại diện Điện lực trả lời: sẽ thay máy biến áp."] == sg.cues.R_ANSWER_READ
    assert r["- Về đường vào khu sản xuất: đã khảo sát."] == sg.cues.R_ANSWER_READ
    assert r["Đề nghị các thôn phối hợp rà soát."] == sg.R_ANSWER
    assert seg.items[0].answered and seg.items[0].answer_text.splitlines() == [
        "Ông Hoàng Văn Tùng, Phó Chủ tịch UBND xã giải trình: đã có kế hoạch năm 2027.",
        "- Về kinh phí, xã sẽ đề nghị tỉnh hỗ trợ.", "Đại diện Điện lực trả lời: sẽ thay máy biến áp.",
        "- Về đường vào khu sản xuất: đã khảo sát."]
    assert not seg.items[1].answered and seg.items[1].answer_text == ""
    assert r["Đề nghị các thôn phối hợp rà soát."] == sg.R_ANSWER
    assert r["Hội nghị kết thúc lúc 11 giờ."] == sg.R_PROCEDURE
    assert r["THƯ KÝ    CHỦ TRÌ"] == sg.R_PROCEDURE


def test_voter_section_continuations_and_deputies():
    seg = segment_minutes([
        "Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
        "Cử tri Lò Văn Sáu, bản Pác phản ánh: Dự án nước sạch kết thúc từ năm 2020 nhưng chưa bàn giao, đề nghị kiểm tra.",
        "UBND xã cần công khai kinh phí làm đường, đề nghị làm rõ.",
        "Đại biểu Hoàng Thị Vân tiếp thu và trả lời một số ý kiến.",
        "Hội nghị nghỉ giải lao 10 phút.",
    ])
    assert texts(seg) == ["Dự án nước sạch kết thúc từ năm 2020 nhưng chưa bàn giao, đề nghị kiểm tra.",
                          "UBND xã cần công khai kinh phí làm đường, đề nghị làm rõ."]
    assert seg.items[1].speaker == "Lò Văn Sáu, bản Pác"
    r = reasons(seg)
    # "một số ý kiến": an answer to several opinions is read into none of them
    assert r["Đại biểu Hoàng Thị Vân tiếp thu và trả lời một số ý kiến."] == sg.R_ANSWER
    assert [i.answered for i in seg.items] == [False, False]
    assert r["Hội nghị nghỉ giải lao 10 phút."] == sg.R_PROCEDURE


def test_voter_with_a_title_who_asks_is_a_voter():
    seg = segment_minutes(["Ông Triệu Văn Sáu, Chủ tịch Hội Người cao tuổi xã kiến nghị: tăng mức quà mừng thọ."])
    assert texts(seg) == ["tăng mức quà mừng thọ."]


def test_answered_marker_inline_and_on_its_own_line():
    seg = segment_minutes([
        "Cử tri Bùi Thị Hoa, thôn Đồng Mới đề nghị: sửa nhà văn hóa thôn (Đã được giải trình tại hội nghị).",
        "Cử tri Bùi Văn Toàn, thôn Đồng Mới đề nghị: nạo vét kênh Bó Ca.",
        "(Đã trả lời tại hội nghị)",
        "Cử tri Ma Văn Kiên, thôn Cầu Xi đề nghị: cứng hóa đường nội đồng.",
    ])
    assert [(i.text, i.answered) for i in seg.items] == [
        ("sửa nhà văn hóa thôn", True),
        ("nạo vét kênh Bó Ca.", True),
        ("cứng hóa đường nội đồng.", False),
    ]
    assert reasons(seg)["(Đã trả lời tại hội nghị)"] == sg.R_MARKER


def test_minutes_without_diacritics():
    seg = segment_minutes(["Cu tri Nguyen Van An, thon Dong Buc de nghi: sua chua cau treo Na Ngoa."])
    assert [(i.speaker, i.text) for i in seg.items] == [("Nguyen Van An, thon Dong Buc", "sua chua cau treo Na Ngoa.")]


def test_decomposed_text_is_kept_exactly_as_read():
    line = unicodedata.normalize("NFD", "Cử tri Lê Văn Hòa, thôn Đồng Bục đề nghị: sửa cầu treo; lắp đèn đường thôn.")
    seg = segment_minutes([line])
    assert [i.text for i in seg.items] == [unicodedata.normalize("NFD", "sửa cầu treo"),
                                           unicodedata.normalize("NFD", "lắp đèn đường thôn.")]
    assert seg.items[0].speaker == "Lê Văn Hòa, thôn Đồng Bục"


def test_not_a_person_and_not_a_turn():
    seg = segment_minutes(["Ý KIẾN CỬ TRI", "- Ba hộ dân thôn Nà Ngoa chưa có điện lưới, đề nghị kéo điện."])
    assert [(i.speaker, i.text) for i in seg.items] == [("", "Ba hộ dân thôn Nà Ngoa chưa có điện lưới, đề nghị kéo điện.")]


def test_custom_refs():
    seg = segment_minutes(["Cử tri Lê Văn Sơn, thôn Bản Mạ đề nghị: sửa mương nội đồng; làm cầu tràn Khe Thuyền"],
                          refs=["đoạn 7"])
    assert [i.ref for i in seg.items] == ["đoạn 7.1", "đoạn 7.2"]


@pytest.mark.parametrize("raw, expected", [
    ("XÃ TÂN LẬP", "Xã Tân Lập"),
    ("phường  minh xuân", "Phường Minh Xuân"),
    ("xa_tan_lap", "Xã Tan Lap"),
    ("P. Hà Phong", "Phường Hà Phong"),
    ("Thị trấn Na Hang", "Thị trấn Na Hang"),
    ("Đơn vị bầu cử số 2", "Đơn vị bầu cử số 2"),
    ("Xã Phúc Hoà", "Xã Phúc Hòa"),
    ("Kim Sơn", "Kim Sơn"),
])
def test_canonical_unit(raw, expected):
    assert canonical_unit(raw) == expected


@pytest.mark.parametrize("line, expected", [
    ("HỘI NGHỊ TIẾP XÚC CỬ TRI TẠI XÃ YÊN PHÚ, NGÀY 12/10/2026", "Xã Yên Phú"),
    ("BIÊN BẢN TIẾP XÚC CỬ TRI CỦA ĐẠI BIỂU HĐND TỈNH TẠI PHƯỜNG LAM SƠN", "Phường Lam Sơn"),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None),
    ("Đề nghị hỗ trợ bảo trợ xã hội", None),
])
def test_unit_from_line(line, expected):
    assert unit_from_line(line) == expected


LINE_PARTS = st.sampled_from([
    "Cử tri Nguyễn Văn An, thôn Đồng Bục đề nghị: ", "Bà Lê Thị Mai (tổ 3): ", "Ông Hà Văn Sơn, Chủ tịch UBND xã giải trình: ",
    "1. ", "- ", "a) ", "II. ", "Ý KIẾN CỬ TRI", "Ý KIẾN GIẢI TRÌNH", "sửa đường; làm cầu treo mới", "Đề nghị xây trường. ",
    "Đề nghị sửa cống", "(Đã được giải trình tại hội nghị)", "Hội nghị kết thúc", "Chủ trì:", ":", ";", ".", " ", "\u200b",
    "\u0301", "tham dự: 120 người", "TỔNG CỘNG", "x",
])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.lists(LINE_PARTS, max_size=5).map("".join), st.text(max_size=30)), max_size=25))
def test_no_line_is_lost(lines):
    seg = segment_minutes(lines)
    placed = {i.line for i in seg.items} | {s.line for s in seg.skipped}
    expected = {k for k, line in enumerate(lines) if line.strip()}
    assert expected <= placed
    skipped_lines = [s.line for s in seg.skipped]
    assert len(skipped_lines) == len(set(skipped_lines))
    assert not ({i.line for i in seg.items} & set(skipped_lines))


@pytest.mark.parametrize("text, has_request, expected", [
    # a situation, then "; đề nghị ...": one request
    ("Đường từ bản Nà Lốc ra trung tâm xã bị sạt lở sau mưa lũ, xe máy không đi được; "
     "đề nghị tỉnh sớm bố trí kinh phí khắc phục.", False, 1),
    ("Giá phân bón tăng cao; giá thức ăn chăn nuôi cũng tăng; đề nghị bình ổn giá vật tư.", False, 1),
    # two requests: two
    ("Đề nghị sửa cầu treo thôn Đông; đề nghị lắp đèn đường liên thôn.", False, 2),
    ("Đề nghị sửa cầu treo thôn Đông; đường thôn Tây hư hỏng nặng; đề nghị nâng cấp đường thôn Tây.", False, 2),
    # after "đề nghị:" in the turn's lead, a list of requests stays a list
    ("sửa cầu treo ở thôn Đông; lắp đèn đường thôn Bắc", True, 2),
    ("sửa cầu treo ở thôn Đông; đề nghị lắp đèn đường thôn Bắc", True, 2),
])
def test_a_situation_before_its_request_is_not_split(text, has_request, expected):
    from pipeline.ingest.segment import split_requests

    spans = split_requests(text, 0, len(text), has_request=has_request)
    assert len(spans) == expected, [text[a:b] for a, b in spans]
    if expected == 1:  # the one request keeps the situation that explains it
        assert text[spans[0][0]:spans[0][1]].rstrip(".") == text.rstrip(".")
