"""Counts of opinions ("(3 lượt ý kiến)") and answers read under narrative recommendations
(issue 16), through the real readers: .txt, .docx and .xlsx written here."""

from __future__ import annotations

import pytest
from fixtures_ingest import make_docx, make_xlsx

from pipeline import schemas as S
from pipeline.config import Config, IngestSettings
from pipeline.ingest import cues, read_minutes, segment_minutes
from pipeline.records import build_recommendations

REPORT = [
    "ỦY BAN NHÂN DÂN HUYỆN THIỆU HÓA",
    "BÁO CÁO",
    "Tổng hợp ý kiến, kiến nghị của cử tri trước kỳ họp thứ 10",
    "I. LĨNH VỰC NÔNG NGHIỆP",
    "1. Cử tri xã Thiệu Giang, xã Thiệu Hợp kiến nghị: nạo vét kênh Nam đoạn qua hai xã, "
    "bùn đất bồi lấp gây úng cục bộ (3 lượt ý kiến).",
    "2. Đề nghị hỗ trợ giá giống lúa lai cho vụ chiêm xuân năm 2027 (02 ý kiến).",
    "3. Có 5 lượt cử tri kiến nghị: sớm chi trả tiền bồi thường giải phóng mặt bằng tuyến đường tránh.",
    "4. Kiến nghị kiểm tra chất lượng phân bón bán trên địa bàn, nhiều lô hàng kém chất lượng.",
    "Trên đây là tổng hợp ý kiến, kiến nghị của cử tri huyện Thiệu Hóa./.",
]
# (unit, key phrase, n_opinions)
REPORT_TRUTH = [
    ("Xã Thiệu Giang", "nạo vét kênh Nam", 2),  # 3 opinions written once for two communes: the total stays 3
    ("Xã Thiệu Hợp", "nạo vét kênh Nam", 1),
    ("Huyện Thiệu Hóa", "giá giống lúa lai", 2),
    ("Huyện Thiệu Hóa", "tiền bồi thường giải phóng mặt bằng", 5),
    ("Huyện Thiệu Hóa", "chất lượng phân bón", 1),
]


def _check_counts(records):
    got = [(r[S.UNIT], r[S.N_OPINIONS]) for _, r in records.iterrows()]
    want = []
    for unit, phrase, n in REPORT_TRUTH:
        [row] = [r for _, r in records.iterrows() if phrase in r[S.TEXT_RAW] and r[S.UNIT] == unit]
        want.append((row[S.UNIT], row[S.N_OPINIONS]))
        assert row[S.N_OPINIONS] == n, phrase
        assert "ý kiến)" not in row[S.TEXT_RAW] and "lượt" not in row[S.TEXT_RAW], row[S.TEXT_RAW]
    assert len(got) == len(REPORT_TRUTH)
    assert int(records[S.N_OPINIONS].sum()) == 11


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_counts_of_opinions_in_a_narrative_report(tmp_path, fmt):
    if fmt == "txt":
        (tmp_path / "bao_cao.txt").write_text("\n".join(REPORT), encoding="utf-8")
    else:
        make_docx(tmp_path / "bao_cao.docx", REPORT)
    res = read_minutes(tmp_path, Config())
    assert list(res.records.columns) == S.RAW_COLUMNS
    _check_counts(res.records)
    items, rejects = build_recommendations(res.records, IngestSettings())
    assert rejects.empty
    assert items[S.N_OPINIONS].dtype.kind == "i" and int(items[S.N_OPINIONS].sum()) == 11
    row = items[items[S.TEXT].str.contains("giá giống lúa lai")].iloc[0]
    assert row[S.TEXT] == "Đề nghị hỗ trợ giá giống lúa lai cho vụ chiêm xuân năm 2027."


def test_counts_of_opinions_in_a_workbook(tmp_path):
    rows = [
        ["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI XÃ THIỆU GIANG"],
        ["STT", "Nội dung kiến nghị", "Ghi chú"],
        [1, "Đề nghị nâng cấp trạm bơm Thiệu Giang, máy bơm hỏng nhiều lần (3 lượt ý kiến)", None],
        [2, "Đề nghị bổ sung thùng rác công cộng tại chợ xã", None],
        [3, "Có 4 lượt cử tri kiến nghị cấp nước sạch cho thôn 5, giếng khoan nhiễm phèn.", None],
    ]
    make_xlsx(tmp_path / "tong_hop.xlsx", {"Tổng hợp": rows})
    res = read_minutes(tmp_path, Config())
    assert res.records[S.N_OPINIONS].tolist() == [3, 1, 4]
    assert res.records[S.TEXT_RAW].tolist()[0] == "Đề nghị nâng cấp trạm bơm Thiệu Giang, máy bơm hỏng nhiều lần"
    assert "lượt" not in res.records[S.TEXT_RAW].tolist()[2]


def test_a_number_in_brackets_that_is_no_count_stays():
    assert cues.opinion_count("Hỗ trợ nhà ở cho hộ nghèo (12 hộ) thôn Đông.") == (
        "Hỗ trợ nhà ở cho hộ nghèo (12 hộ) thôn Đông.", 0)
    assert cues.opinion_count("Đề nghị sửa cầu (3 lượt) và đường.") == ("Đề nghị sửa cầu và đường.", 3)


# ----------------------------------------------------------------- answers read under narrative turns
INTERLEAVED = [
    "BIÊN BẢN TIẾP XÚC CỬ TRI PHƯỜNG ĐÔNG SƠN",
    "Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
    "Cử tri Lê Văn Quý, tổ dân phố 4 đề nghị: sửa chữa cống thoát nước đường Trần Phú, mưa lớn là ngập.",
    "Trả lời:",
    "Phường đã lập dự toán, sẽ thi công trong quý I năm 2027.",
    "Cử tri Phạm Thị Thu, tổ dân phố 6 kiến nghị: lắp đèn chiếu sáng ngõ 12; "
    "bố trí điểm tập kết rác xa khu dân cư.",
    "Ý kiến giải trình của đồng chí Chủ tịch UBND phường: đèn ngõ 12 sẽ lắp trong tháng 12.",
    "Cử tri Lê Văn Quý nói thêm: chưa đồng ý với trả lời, đề nghị làm ngay trước mùa mưa năm sau.",
    "Về vấn đề này, đồng chí Phó Chủ tịch UBND phường trả lời như sau: phường sẽ ưu tiên vốn sự nghiệp.",
    "Cử tri Hoàng Văn Nam, tổ dân phố 1 đề nghị: tăng cường kiểm tra an toàn thực phẩm ở cổng trường.",
    "Hội nghị kết thúc lúc 11 giờ.",
]


def _answers(res):
    return {t: (bool(a), x) for t, a, x in zip(res.records[S.TEXT_RAW], res.records[S.ANSWERED],
                                                 res.records[S.ANSWER_TEXT])}


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_narrative_answers_are_read_into_the_item_they_follow(tmp_path, fmt):
    if fmt == "txt":
        (tmp_path / "bb.txt").write_bytes("\r\n".join(INTERLEAVED).encode("utf-8"))
    else:
        make_docx(tmp_path / "bb.docx", INTERLEAVED)
    res = read_minutes(tmp_path, Config())
    got = _answers(res)
    assert len(got) == 5  # the voter who speaks again after the answer is a new recommendation
    quy = got["sửa chữa cống thoát nước đường Trần Phú, mưa lớn là ngập."]
    assert quy == (True, "Trả lời: Phường đã lập dự toán, sẽ thi công trong quý I năm 2027.")
    for text in ("lắp đèn chiếu sáng ngõ 12", "bố trí điểm tập kết rác xa khu dân cư."):
        assert got[text][0] and got[text][1].startswith("Ý kiến giải trình của đồng chí Chủ tịch"), text
    again = got["chưa đồng ý với trả lời, đề nghị làm ngay trước mùa mưa năm sau."]
    assert again[0] and "ưu tiên vốn sự nghiệp" in again[1]
    assert got["tăng cường kiểm tra an toàn thực phẩm ở cổng trường."] == (False, "")
    reasons = dict(zip(res.skipped["text"], res.skipped["reason"]))
    assert reasons["Trả lời:"] == cues.R_ANSWER_READ
    items, _ = build_recommendations(res.records, IngestSettings())
    assert items[S.ANSWERED].sum() == 4 and (items[S.ANSWER_TEXT] != "").sum() == 4


def test_answers_follow_the_turn_right_above_them_unless_they_answer_several():
    lines = [
        "Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
        "Cử tri Lê Văn A, thôn 1 đề nghị: sửa cầu treo bản Mường.",
        "Cử tri Lò Thị B, thôn 2 đề nghị: cấp nước sạch cho bản Lướt.",
        "Trả lời:",
        "- Nước sạch chờ vốn tỉnh.",
    ]
    seg = segment_minutes(lines)  # voter A got no answer; the answer right under B is B's
    assert [(i.answered, i.answer_text) for i in seg.items] == [(False, ""), (True, "Trả lời: - Nước sạch chờ vốn tỉnh.")]
    seg = segment_minutes(lines[:3] + ["Trả lời các ý kiến trên:", "- Cầu treo đã có kế hoạch; nước sạch chờ vốn tỉnh."])
    assert [(i.answered, i.answer_text) for i in seg.items] == [(False, ""), (False, "")]
    assert {s.reason for s in seg.skipped if s.line >= 3} == {"giải trình của cán bộ"}


def test_sibling_bullets_of_a_consolidated_report_keep_their_own_units():
    seg = segment_minutes([
        "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
        "1. Lĩnh vực giao thông",
        "- Cử tri xã Minh Sơn, xã Minh Tiến kiến nghị: nâng cấp đường tỉnh 519 (3 lượt ý kiến).",
        "- Đề nghị hoàn thành cầu Cẩm Ngọc (Cử tri xã Cao Ngọc, thị trấn Ngọc Lặc).",
        "- Đề nghị lắp biển báo tại dốc Ba Si.",
        "Cử tri Lê Văn Hòa, thôn 3 kiến nghị một số nội dung sau:",
        "- sửa cống thôn 3;",
        "- lắp đèn ngõ.",
    ])
    got = [(i.text, i.units, i.speaker, i.n_opinions) for i in seg.items]
    assert got == [
        ("nâng cấp đường tỉnh 519.", ("Xã Minh Sơn", "Xã Minh Tiến"), "", 3),
        ("Đề nghị hoàn thành cầu Cẩm Ngọc.", ("Xã Cao Ngọc", "Thị trấn Ngọc Lặc"), "", 0),
        ("Đề nghị lắp biển báo tại dốc Ba Si.", (), "", 0),
        ("sửa cống thôn 3", (), "Lê Văn Hòa, thôn 3", 0),  # points under an introduction stay the voter's
        ("lắp đèn ngõ.", (), "Lê Văn Hòa, thôn 3", 0),
    ]


def test_an_answer_goes_to_the_open_turn_it_speaks_about():
    seg = segment_minutes([
        "Ý kiến 1: Ông Bùi Văn Thắng, làng Đồng Lạc: đề nghị làm ngầm tràn qua suối Đồng Lạc.",
        "Ý kiến 2: Bà Quách Thị Hương, làng Kim Mẫm: đề nghị hỗ trợ xi măng làm đường nội đồng.",
        "Ông Chủ tịch UBND xã trả lời: ngầm tràn đã có trong đề án của huyện.",
        "Ý kiến 3: Ông Trương Văn Dũng: kiến nghị cấp điện lưới cho 15 hộ ở khe Ông Lê.",
    ])
    assert [i.answered for i in seg.items] == [True, False, False]
    assert seg.items[0].answer_text == "Ông Chủ tịch UBND xã trả lời: ngầm tràn đã có trong đề án của huyện."
