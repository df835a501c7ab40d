"""Minutes and reports in layouts offices hold, written in code, each with its truth.

Every case is ``(name, build, truth)``: ``build(folder)`` writes the file(s) and
``truth`` lists the recommendations as ``(unit, key phrase, answered, sector_hint
or None)``. A key phrase is a distinctive part of the request; the reader must
give exactly one record containing it, and no record matching no phrase (every
other line is an answer, the document's frame, a heading or an agreement).
Used by tests/test_reading_cases.py and benchmarks/reading_benchmark.py.
"""

from __future__ import annotations

from pathlib import Path

from fixtures_ingest import make_docx, make_xlsx

# ----------------------------------------------------------------- narrative minutes, CRLF, answers without names
DINH_TAN = [
    "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM XÃ ĐỊNH TÂN",
    "BIÊN BẢN HỘI NGHỊ TIẾP XÚC CỬ TRI XÃ ĐỊNH TÂN",
    "Thời gian: ngày 14 tháng 11 năm 2026, tại Nhà văn hóa thôn Đông Cao.",
    "II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
    "1. Lĩnh vực giao thông",
    "- Cử tri thôn Đông Cao đề nghị nâng cấp tuyến đường từ thôn Đông Cao đi trung tâm xã, mặt đường đã xuống cấp.",
    "Trả lời: UBND xã đã đưa tuyến đường vào kế hoạch đầu tư công năm 2027.",
    "- Cử tri thôn Yên Lạc đề nghị lắp đặt biển báo giao thông tại ngã ba chợ Định Tân.",
    "2. Lĩnh vực y tế",
    "- Đề nghị bổ sung bác sĩ cho trạm y tế xã, hiện chỉ có một y sĩ trực đêm.",
    "ý kiến trả lời của lãnh đạo xã:",
    "- Xã sẽ đề nghị Trung tâm Y tế huyện tăng cường bác sĩ luân phiên về trạm.",
    "- Đề nghị cử tri thông cảm vì biên chế y tế do tỉnh giao.",
    "Về vấn đề này, đồng chí Phó Chủ tịch UBND xã trả lời như sau: kinh phí sửa trạm đã được bố trí.",
    "Cử tri Lê Thị Hoa (thôn Đông Cao) đề nghị: sớm chi trả tiền hỗ trợ chuyển đổi cây trồng vụ đông năm 2026.",
    "Cử tri phấn khởi trước kết quả phát triển kinh tế - xã hội của xã trong năm qua.",
    "Về lĩnh vực sản xuất: đề nghị hỗ trợ giống lúa chất lượng cao cho các hộ bị thiệt hại do mưa lũ.",
    "Trên đây là tổng hợp ý kiến, kiến nghị của cử tri xã Định Tân.",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT.",
    "TM. BAN THƯỜNG TRỰC",
    "CHỦ TỊCH",
    "Nguyễn Văn Tám",
]
DINH_TAN_TRUTH = [
    ("Xã Định Tân", "nâng cấp tuyến đường từ thôn Đông Cao", True, "1. Lĩnh vực giao thông"),  # "Trả lời: ..."
    ("Xã Định Tân", "lắp đặt biển báo giao thông", False, "1. Lĩnh vực giao thông"),
    ("Xã Định Tân", "bổ sung bác sĩ cho trạm y tế", True, "2. Lĩnh vực y tế"),  # "ý kiến trả lời ...:"
    ("Xã Định Tân", "chi trả tiền hỗ trợ chuyển đổi cây trồng", False, "2. Lĩnh vực y tế"),
    ("Xã Định Tân", "hỗ trợ giống lúa chất lượng cao", False, "Về lĩnh vực sản xuất"),
]


def dinh_tan_txt(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bb_dinh_tan.txt").write_bytes("\r\n".join(DINH_TAN).encode("utf-8"))


# ----------------------------------------------------------------- workbook with answer column and answer rows
def dinh_hai_xlsx(folder: Path) -> None:
    rows = [
        ["UBND XÃ ĐỊNH HẢI"],
        ["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI XÃ ĐỊNH HẢI"],
        ["STT", "Họ tên cử tri", "Nội dung kiến nghị", "Ý kiến trả lời tại hội nghị"],
        ["(1)", "(2)", "(3)", "(4)"],
        ["I. LĨNH VỰC NÔNG NGHIỆP"],
        [1, "Trần Văn Mạnh", "Đề nghị nạo vét kênh tiêu Đồng Quan trước mùa mưa bão.",
         "Xã đã giao HTX dịch vụ nông nghiệp nạo vét trong tháng 4."],
        [2, "Lê Văn Thụ", "Đề nghị hỗ trợ tiêm phòng dịch tả lợn châu Phi cho các hộ chăn nuôi nhỏ.", None],
        [None, None, "Trả lời: Trạm thú y huyện sẽ cấp vắc-xin miễn phí đợt 2.", None],
        ["II. LĨNH VỰC VĂN HÓA - XÃ HỘI"],
        [3, "Phạm Thị Lan", "Đề nghị xây dựng sân chơi cho thiếu nhi tại thôn Hải Thanh.", "Đã trả lời tại hội nghị"],
        [4, "Đỗ Văn Bình", "Đề nghị xem xét chế độ cho người có công thôn Hải Hòa còn chậm.", None],
        [None, None, "giải trình: hồ sơ đã chuyển Phòng Lao động - TB&XH huyện thẩm định.", None],
    ]
    make_xlsx(folder / "th_dinh_hai.xlsx", {"Tổng hợp": rows})


DINH_HAI_TRUTH = [
    ("Xã Định Hải", "nạo vét kênh tiêu Đồng Quan", True, "I. LĨNH VỰC NÔNG NGHIỆP"),
    ("Xã Định Hải", "tiêm phòng dịch tả lợn", True, "I. LĨNH VỰC NÔNG NGHIỆP"),
    ("Xã Định Hải", "sân chơi cho thiếu nhi", True, "II. LĨNH VỰC VĂN HÓA - XÃ HỘI"),
    ("Xã Định Hải", "chế độ cho người có công", True, "II. LĨNH VỰC VĂN HÓA - XÃ HỘI"),
]
# answer_text each item must carry (key phrase → part of the answer)
DINH_HAI_ANSWERS = {
    "nạo vét kênh tiêu Đồng Quan": "HTX dịch vụ nông nghiệp",
    "tiêm phòng dịch tả lợn": "Trạm thú y huyện",
    "sân chơi cho thiếu nhi": "",
    "chế độ cho người có công": "Phòng Lao động",
}


# ----------------------------------------------------------------- Word: table with "Kết quả giải quyết", answers heading
def dinh_thanh_docx(folder: Path) -> None:
    paragraphs = [
        "HỘI ĐỒNG NHÂN DÂN XÃ ĐỊNH THÀNH",
        "BIÊN BẢN TIẾP XÚC CỬ TRI XÃ ĐỊNH THÀNH",
        "Ngày 20 tháng 11 năm 2026",
        "Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
        "Cử tri Vũ Đình Khang, thôn Thành Công đề nghị: làm lại mương nội đồng xứ Đồng Sau bị sạt lở.",
        "Ngoài ra, cử tri Trịnh Văn Hải (thôn Đông) kiến nghị: lắp camera an ninh tại cổng trường tiểu học.",
        "tiếp thu, giải trình",
        "Đồng chí Chủ tịch UBND xã cho biết mương Đồng Sau đã có trong danh mục sửa chữa.",
        "Xã cũng đề nghị công an xã tăng cường tuần tra giờ tan học.",
        "Bà Hoàng Thị Mai (thôn Thành Lợi) đề nghị: sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ còn tồn.",
        "Thống nhất cao với báo cáo kết quả kỳ họp của đại biểu.",
        "Đoàn đại biểu trân trọng báo cáo.",
    ]
    table = [
        ["STT", "Nội dung kiến nghị", "Kết quả giải quyết"],
        ["1", "Đề nghị nâng cấp chợ Định Thành, mái che bị dột nhiều năm.", "UBND xã bố trí 300 triệu đồng sửa mái."],
        ["2", "Đề nghị bổ sung đèn chiếu sáng tuyến đê tả sông Mã.", ""],
    ]
    make_docx(folder / "bien_ban_dinh_thanh.docx", paragraphs, tables=[(3, table)])


DINH_THANH_TRUTH = [
    ("Xã Định Thành", "mương nội đồng xứ Đồng Sau", False, None),
    ("Xã Định Thành", "camera an ninh tại cổng trường", False, None),  # speaker Trịnh Văn Hải, thôn Đông
    ("Xã Định Thành", "giấy chứng nhận quyền sử dụng đất cho 12 hộ", False, None),
    ("Xã Định Thành", "nâng cấp chợ Định Thành", True, None),
    ("Xã Định Thành", "đèn chiếu sáng tuyến đê", False, None),
]

# ----------------------------------------------------------------- a district's consolidated report
YEN_DINH = [
    "ỦY BAN NHÂN DÂN HUYỆN YÊN ĐỊNH",
    "BÁO CÁO",
    "Tổng hợp ý kiến, kiến nghị của cử tri trước kỳ họp thứ 9",
    "I. LĨNH VỰC GIAO THÔNG, XÂY DỰNG",
    "1. Cử tri xã Định Tân, xã Định Hải kiến nghị: nâng cấp tuyến đê hữu sông Mã đoạn qua hai xã, mặt đê hẹp và xuống cấp.",
    "2. Đề nghị đầu tư xây dựng cầu dân sinh qua kênh Bắc (Cử tri xã Yên Trường, thị trấn Quán Lào).",
    "II. LĨNH VỰC Y TẾ, GIÁO DỤC",
    "1. Cử tri xã Yên Phú kiến nghị: bổ sung giáo viên tiếng Anh cho trường tiểu học.",
    "2. Kiến nghị sớm cấp thẻ bảo hiểm y tế cho người cao tuổi còn thiếu.",
    "Trên đây là tổng hợp ý kiến, kiến nghị của cử tri huyện Yên Định./.",
]
YEN_DINH_TRUTH = [
    ("Xã Định Tân", "tuyến đê hữu sông Mã", False, "I. LĨNH VỰC GIAO THÔNG, XÂY DỰNG"),
    ("Xã Định Hải", "tuyến đê hữu sông Mã", False, "I. LĨNH VỰC GIAO THÔNG, XÂY DỰNG"),
    ("Xã Yên Trường", "cầu dân sinh qua kênh Bắc", False, "I. LĨNH VỰC GIAO THÔNG, XÂY DỰNG"),
    ("Thị trấn Quán Lào", "cầu dân sinh qua kênh Bắc", False, "I. LĨNH VỰC GIAO THÔNG, XÂY DỰNG"),
    ("Xã Yên Phú", "giáo viên tiếng Anh", False, "II. LĨNH VỰC Y TẾ, GIÁO DỤC"),
    ("Huyện Yên Định", "thẻ bảo hiểm y tế cho người cao tuổi", False, "II. LĨNH VỰC Y TẾ, GIÁO DỤC"),
]


def yen_dinh_docx(folder: Path) -> None:
    make_docx(folder / "bao_cao_tong_hop.docx", YEN_DINH)


CASES = [
    ("txt_crlf_answers_frame", dinh_tan_txt, DINH_TAN_TRUTH),
    ("xlsx_answer_column_rows", dinh_hai_xlsx, DINH_HAI_TRUTH),
    ("docx_answers_table", dinh_thanh_docx, DINH_THANH_TRUTH),
    ("docx_district_report", yen_dinh_docx, YEN_DINH_TRUTH),
]


def match_pairs(records, truth):
    """(pairs, extra): (truth index, record index) for each truth row found (as many rows as units
    share the phrase; the row of the truth's unit when there is one), and the records that match
    no key phrase."""
    texts = [str(t) for t in records["text_raw"].tolist()]
    pairs = []
    used = set()
    units = [str(u) for u in records["unit"].tolist()]
    for i, (unit, phrase, _, _) in enumerate(truth):
        n_rows = sum(1 for _, p, _, _ in truth if p == phrase)  # one row per unit it is attributed to
        hits = [k for k, t in enumerate(texts) if phrase in t]
        mine = [k for k in hits if units[k] == unit] or [k for k in hits if k not in used]
        if len(hits) == n_rows and mine and mine[0] not in used:
            pairs.append((i, mine[0]))
            used.add(mine[0])
    extra = [texts[k] for k in range(len(texts)) if k not in used and not any(p in texts[k] for _, p, _, _ in truth)]
    return pairs, extra


def match(records, truth):
    """(found, extra): record indexes of the truth rows found, and records matching no key phrase."""
    pairs, extra = match_pairs(records, truth)
    return [k for _, k in pairs], extra
