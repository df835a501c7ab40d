"""A fourth held-out set (issue 16, closing round): six documents in layouts used nowhere else in
the repository, written with their truth BEFORE the reader was run on them; the figures they
first gave and the figures after the general fixes are in docs/reading.md.

Every case is ``(name, build, truth)`` like tests/reading_cases.py (``truth``: ``(unit, key
phrase, answered, sector_hint or None)``); ``OPINIONS`` gives ``n_opinions`` where it is not 1,
keyed by ``(unit, key phrase)``. Used by benchmarks/reading_benchmark.py and
tests/test_reading_cases.py.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import office_formats as OF
from fixtures_ingest import make_docx, make_xlsx


# ----------------------------------------------------------------- a province's report (.docx)
def thanh_hoa_province_docx(folder: Path) -> None:
    """National-level input: a province's delegation report, Roman parts, Arabic sectors, items
    attributed to several districts with "các huyện A, B và thị xã C"."""
    make_docx(folder / "bao_cao_doan_dbqh_tinh.docx", [
        "ĐOÀN ĐẠI BIỂU QUỐC HỘI TỈNH THANH HÓA",
        "Số: 45/BC-ĐĐBQH",
        "BÁO CÁO",
        "Tổng hợp ý kiến, kiến nghị của cử tri tỉnh Thanh Hóa gửi tới Kỳ họp thứ mười, Quốc hội khóa XV",
        "Thực hiện chương trình tiếp xúc cử tri, Đoàn đại biểu Quốc hội tỉnh đã tiếp xúc cử tri tại "
        "27 huyện, thị xã, thành phố; tổng hợp ý kiến, kiến nghị của cử tri như sau:",
        "I. KIẾN NGHỊ THUỘC THẨM QUYỀN CỦA TRUNG ƯƠNG",
        "1. Lĩnh vực nông nghiệp và phát triển nông thôn",
        "Cử tri các huyện Nông Cống, Triệu Sơn và thị xã Nghi Sơn kiến nghị Chính phủ nâng mức hỗ trợ "
        "cho người trồng lúa khi giá vật tư nông nghiệp tăng cao (07 lượt ý kiến).",
        "Cử tri huyện Hoằng Hóa phản ánh tình trạng bỏ ruộng không canh tác ngày càng nhiều; đề nghị có "
        "chính sách khuyến khích tích tụ ruộng đất.",
        "2. Lĩnh vực lao động, thương binh và xã hội",
        "Đề nghị sửa đổi quy định về tuổi hưởng trợ cấp xã hội đối với người cao tuổi từ 80 xuống 75 tuổi "
        "(Cử tri huyện Như Thanh, huyện Như Xuân).",
        "II. KIẾN NGHỊ THUỘC THẨM QUYỀN CỦA ĐỊA PHƯƠNG",
        "1. Lĩnh vực giao thông",
        "Cử tri thành phố Sầm Sơn đề nghị sớm hoàn thành tuyến đường ven biển đoạn qua phường Quảng Châu, "
        "đồng thời đề nghị bố trí tái định cư cho các hộ bị ảnh hưởng.",
        "2. Lĩnh vực y tế",
        "Cử tri kiến nghị giải quyết tình trạng thiếu thuốc bảo hiểm y tế tại các bệnh viện tuyến huyện.",
        "Trên đây là báo cáo tổng hợp ý kiến, kiến nghị của cử tri tỉnh Thanh Hóa, Đoàn ĐBQH tỉnh trân "
        "trọng báo cáo./.",
        "Nơi nhận:",
        "- Ban Dân nguyện (để b/c);",
        "- Thường trực Tỉnh ủy;",
        "- Lưu: VT, HC-TC.",
        "TRƯỞNG ĐOÀN",
        "Lê Văn Thành",
    ])


THANH_HOA_TRUTH = [
    ("Huyện Nông Cống", "nâng mức hỗ trợ cho người trồng lúa", False, "1. Lĩnh vực nông nghiệp và phát triển nông thôn"),
    ("Huyện Triệu Sơn", "nâng mức hỗ trợ cho người trồng lúa", False, "1. Lĩnh vực nông nghiệp và phát triển nông thôn"),
    ("Thị xã Nghi Sơn", "nâng mức hỗ trợ cho người trồng lúa", False, "1. Lĩnh vực nông nghiệp và phát triển nông thôn"),
    ("Huyện Hoằng Hóa", "tích tụ ruộng đất", False, "1. Lĩnh vực nông nghiệp và phát triển nông thôn"),
    ("Huyện Như Thanh", "tuổi hưởng trợ cấp xã hội", False, "2. Lĩnh vực lao động, thương binh và xã hội"),
    ("Huyện Như Xuân", "tuổi hưởng trợ cấp xã hội", False, "2. Lĩnh vực lao động, thương binh và xã hội"),
    ("Thành phố Sầm Sơn", "tuyến đường ven biển", False, "1. Lĩnh vực giao thông"),
    ("Thành phố Sầm Sơn", "tái định cư cho các hộ bị ảnh hưởng", False, "1. Lĩnh vực giao thông"),
    ("Tỉnh Thanh Hóa", "thiếu thuốc bảo hiểm y tế", False, "2. Lĩnh vực y tế"),
]


# ----------------------------------------------------------------- a ward cluster's summary (.ods)
def cum_phuong_ods(folder: Path) -> None:
    """A ward cluster's summary sheet: a ward column, two answer columns, group rows, two
    "- Đề nghị" bullets in one cell, a total row."""
    rows = [
        ["TỔ ĐẠI BIỂU HĐND THÀNH PHỐ - CỤM PHƯỜNG PHÍA NAM"],
        ["BẢNG TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỬ TRI VÀ KẾT QUẢ TRẢ LỜI"],
        ["STT", "Phường", "Ý kiến, kiến nghị của cử tri", "Cơ quan trả lời", "Nội dung trả lời", "Ghi chú"],
        ["I", "Ý KIẾN THUỘC THẨM QUYỀN THÀNH PHỐ"],
        ["1", "Phường Quảng Thắng", "Đề nghị lát lại vỉa hè đường Bà Triệu đoạn trước chợ Quảng Thắng, "
         "nhiều chỗ bong tróc gây nguy hiểm.", "UBND thành phố",
         "Đã giao Ban Quản lý dự án lập hồ sơ, thi công trong quý II năm 2027.", ""],
        ["2", "Phường Quảng Thịnh", "- Đề nghị bổ sung thùng rác công cộng tại công viên Quảng Thịnh.\n"
         "- Đề nghị tăng tần suất thu gom rác lên hai lần mỗi ngày.", "Công ty Môi trường đô thị", "", ""],
        ["II", "Ý KIẾN THUỘC THẨM QUYỀN PHƯỜNG"],
        ["3", "Phường Quảng Hưng", "Cử tri phản ánh đèn chiếu sáng ngõ 12 khu phố 3 hỏng đã lâu, "
         "đề nghị phường sớm thay thế.", "UBND phường Quảng Hưng", "Đã thay bóng đèn ngày 28/11/2026.", ""],
        ["4", "Phường Quảng Thắng", "Kiến nghị xử lý việc lấn chiếm lòng đường để kinh doanh ở ngõ chợ.",
         "", "", "04 lượt ý kiến"],
        ["", "Cộng", "5 ý kiến", "", "", ""],
    ]
    OF.write_ods(folder / "tong_hop_cum_phuong_nam.ods", rows, sheet="Cụm phía Nam")


CUM_PHUONG_TRUTH = [
    ("Phường Quảng Thắng", "vỉa hè đường Bà Triệu", True, None),
    ("Phường Quảng Thịnh", "thùng rác công cộng", False, None),
    ("Phường Quảng Thịnh", "tần suất thu gom rác", False, None),
    ("Phường Quảng Hưng", "đèn chiếu sáng ngõ 12", True, None),
    ("Phường Quảng Thắng", "lấn chiếm lòng đường", False, None),
]


# ----------------------------------------------------------------- minutes as a PDF, table on page 2
_HOANG_LY_PAGE1 = [
    "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM XÃ HOẰNG LÝ",
    "BIÊN BẢN",
    "Hội nghị tiếp xúc cử tri của đại biểu HĐND huyện Hoằng Hóa tại xã Hoằng Lý",
    "Thời gian: 14 giờ ngày 26 tháng 11 năm 2026. Số cử tri dự: 112 người.",
    "PHẦN I. CỬ TRI PHÁT BIỂU Ý KIẾN",
    "Ông Lê Đình Khoa, thôn Lý Nhân: Đường trục xã đoạn qua thôn Lý Nhân xuống cấp, xe tải chở "
    "vật liệu đi lại nhiều; đề nghị huyện sớm đầu tư nâng cấp.",
    "Bà Trần Thị Nga, thôn Phú Lý: đề nghị kiên cố hóa trường mầm non điểm lẻ Phú Lý, phòng học "
    "đang phải mượn nhà văn hóa thôn.",
    "PHẦN II. GIẢI TRÌNH, TRẢ LỜI Ý KIẾN CỬ TRI",
    "Tuyến đường trục xã đã được huyện phê duyệt chủ trương đầu tư, khởi công trong năm 2027.",
    "Việc xây phòng học điểm lẻ Phú Lý xã sẽ báo cáo huyện đưa vào kế hoạch trung hạn.",
    "Các ý kiến gửi bằng văn bản được tổng hợp ở bảng dưới đây.",
]
_HOANG_LY_TABLE = [
    ["TT", "Họ tên, địa chỉ cử tri", "Nội dung ý kiến"],
    ["1", "Nguyễn Văn Sơn, thôn Lý Hòa", "Đề nghị hỗ trợ kinh phí xây dựng nghĩa trang nhân dân tập trung."],
    ["2", "Hoàng Thị Yến, thôn Lý Nhân", "Đề nghị sớm cấp bù tiền miễn thủy lợi phí năm 2026 cho hợp tác xã."],
]
_HOANG_LY_END = [
    "Hội nghị kết thúc lúc 16 giờ 30 phút cùng ngày.",
    "THƯ KÝ                                   CHỦ TRÌ",
]


def hoang_ly_pdf(folder: Path) -> None:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.add_font("vn", fname=str(OF.unicode_font()))
    pdf.set_font("vn", size=11)
    pdf.add_page()
    for line in _HOANG_LY_PAGE1:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.multi_cell(0, 6, "BẢNG TỔNG HỢP Ý KIẾN CỬ TRI GỬI BẰNG VĂN BẢN", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(10, 60, 100), headings_style=FontFace(emphasis=None)) as table:
        for values in _HOANG_LY_TABLE:
            row = table.row()
            for v in values:
                row.cell(v)
    for line in _HOANG_LY_END:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(folder / "bien_ban_hoang_ly.pdf"))


HOANG_LY_TRUTH = [
    ("Xã Hoằng Lý", "trục xã đoạn qua thôn Lý Nhân", True, None),
    ("Xã Hoằng Lý", "trường mầm non điểm lẻ Phú Lý", True, None),
    ("Xã Hoằng Lý", "nghĩa trang nhân dân tập trung", False, None),
    ("Xã Hoằng Lý", "tiền miễn thủy lợi phí", False, None),
]


# ----------------------------------------------------------------- CRLF text typed without diacritics
_THIEU_GIAO = [
    "UBND XA THIEU GIAO",
    "BIEN BAN TIEP XUC CU TRI",
    "Ngay 19/11/2026, tai hoi truong UBND xa Thieu Giao",
    "A. Y KIEN KIEN NGHI CUA CU TRI",
    "- Cu tri thon Giao Cu phan anh muong tieu Dong Be bi boi lap, de nghi xa nao vet truoc vu chiem.",
    "- Ngoai ra, cu tri Le Van Duc (thon Giao Ha) de nghi: lap dat camera tai nga tu cho Giao.",
    "- De nghi ho tro kinh phi sua chua nha van hoa thon Giao Thuong bi dot nat.",
    "B. Y KIEN TRA LOI CUA LANH DAO XA",
    "- Muong tieu Dong Be se duoc nao vet bang nguon kinh phi thuy loi nam 2027.",
    "- De nghi cac thon tuyen truyen nhan dan khong do rac xuong muong.",
    "Cu tri nhat tri voi noi dung tra loi.",
    "Tren day la bien ban hoi nghi tiep xuc cu tri xa Thieu Giao.",
    "Noi nhan:",
    "- TT HDND huyen;",
    "- Luu VP.",
]


def thieu_giao_txt(folder: Path) -> None:
    (folder / "bb_thieu_giao.txt").write_bytes("\r\n".join(_THIEU_GIAO).encode("ascii") + b"\r\n")


THIEU_GIAO_TRUTH = [
    ("Xã Thieu Giao", "muong tieu Dong Be", True, None),
    ("Xã Thieu Giao", "camera tai nga tu cho Giao", False, None),
    ("Xã Thieu Giao", "nha van hoa thon Giao Thuong", False, None),
]


# ----------------------------------------------------------------- a workbook with answers typed as rows
def vinh_loc_xlsx(folder: Path) -> None:
    """Items by hamlet; an answer typed on the rows under its item with an empty STT, once as a
    named official's introduction; a row continuing the sentence above; a sum row."""
    rows = [
        ["HĐND XÃ VĨNH HÙNG"],
        ["TỔNG HỢP Ý KIẾN CỬ TRI TẠI HỘI NGHỊ TIẾP XÚC NGÀY 21/11/2026"],
        [],
        ["Số TT", "Thôn", "Ý kiến cử tri"],
        [1, "Thôn Bồng Thượng", "Đề nghị làm đường điện chiếu sáng tuyến từ cầu Bồng đến trường THCS"],
        [None, None, "vì học sinh đi học buổi tối không an toàn."],
        [None, None, "Ông Trịnh Xuân Hòa - Chủ tịch UBND xã trả lời: xã đã đưa vào kế hoạch năm 2027."],
        [2, "Thôn Đông Môn", "Kiến nghị thu hồi đất của doanh nghiệp bỏ hoang nhiều năm ở khu đồng Mả Mít."],
        [None, None, "Giải đáp: xã đã báo cáo huyện đề nghị thu hồi."],
        [None, None, "Huyện đang lập hồ sơ xử lý."],
        [3, "Thôn Yên Tôn", "Đề nghị trả tiền hỗ trợ bảo hiểm y tế cho hộ cận nghèo năm 2026."],
        [None, "Tổng cộng", "03 ý kiến"],
    ]
    make_xlsx(folder / "y_kien_vinh_hung.xlsx", {"Tổng hợp": rows})


VINH_HUNG_TRUTH = [
    ("Xã Vĩnh Hùng", "đường điện chiếu sáng tuyến từ cầu Bồng", True, None),
    ("Xã Vĩnh Hùng", "doanh nghiệp bỏ hoang", True, None),
    ("Xã Vĩnh Hùng", "hỗ trợ bảo hiểm y tế cho hộ cận nghèo", False, None),
]


# ----------------------------------------------------------------- a legacy .doc with a table, made by LibreOffice
_NGA_SON_INTRO = [
    "HỘI ĐỒNG NHÂN DÂN THỊ TRẤN NGA SƠN",
    "BÁO CÁO",
    "Kết quả tiếp xúc cử tri trước kỳ họp thứ 8 HĐND thị trấn",
    "Các ý kiến, kiến nghị của cử tri được tổng hợp như sau:",
]
_NGA_SON_TABLE = [
    ["TT", "Nội dung cử tri phản ánh, kiến nghị", "Cử tri (tiểu khu)", "Ý kiến giải trình của UBND thị trấn"],
    ["1", "Đề nghị nạo vét hệ thống mương thoát nước tiểu khu Ba Đình, mùa mưa nước tràn vào nhà dân.",
     "Tiểu khu Ba Đình", "Thị trấn đã ký hợp đồng nạo vét, hoàn thành trước 15/12/2026."],
    ["2", "Đề nghị cấm xe tải trọng lớn đi vào đường Trần Phú giờ học sinh tan trường; đồng thời đề nghị "
     "kẻ vạch đi bộ trước cổng trường tiểu học.", "Tiểu khu Hưng Long", ""],
    ["3", "Kiến nghị sớm chi trả phụ cấp cho tổ bảo vệ an ninh trật tự cơ sở.", "Tiểu khu Trung Sơn", ""],
]


def nga_son_doc(folder: Path) -> None:
    import shutil
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        src = OF.write_odt(work / "bao_cao_nga_son.odt", _NGA_SON_INTRO, _NGA_SON_TABLE,
                           after=["Trên đây là báo cáo kết quả tiếp xúc cử tri thị trấn Nga Sơn.", "Nơi nhận:",
                                  "- TT HĐND huyện;", "- Lưu: VT."])
        subprocess.run([OF.soffice(), f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                        "--convert-to", "doc", "--outdir", str(work), str(src)],
                       check=True, timeout=180, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.move(str(work / "bao_cao_nga_son.doc"), folder / "bao_cao_nga_son.doc")


NGA_SON_TRUTH = [
    ("Thị trấn Nga Sơn", "mương thoát nước tiểu khu Ba Đình", True, None),
    ("Thị trấn Nga Sơn", "cấm xe tải trọng lớn", False, None),
    ("Thị trấn Nga Sơn", "kẻ vạch đi bộ", False, None),
    ("Thị trấn Nga Sơn", "phụ cấp cho tổ bảo vệ an ninh", False, None),
]

# n_opinions where it is not 1: a count written once for several units stays a total (the first
# unit's row carries it minus one for each other unit, each other row 1; docs/reading.md)
OPINIONS = {
    ("Huyện Nông Cống", "nâng mức hỗ trợ cho người trồng lúa"): 5,
    ("Phường Quảng Thắng", "lấn chiếm lòng đường"): 4,
}

CASES = [
    ("docx_province_report_cac_huyen", thanh_hoa_province_docx, THANH_HOA_TRUTH),
    ("ods_ward_cluster_answer_columns", cum_phuong_ods, CUM_PHUONG_TRUTH),
    ("pdf_minutes_table_on_page_2", hoang_ly_pdf, HOANG_LY_TRUTH),
    ("txt_crlf_no_diacritics_bullets", thieu_giao_txt, THIEU_GIAO_TRUTH),
    ("xlsx_answer_rows_named_official", vinh_loc_xlsx, VINH_HUNG_TRUTH),
    ("doc_table_via_libreoffice", nga_son_doc, NGA_SON_TRUTH),
]
if OF.unicode_font() is None:
    CASES = [c for c in CASES if not c[0].startswith("pdf")]
if OF.soffice() is None:
    CASES = [c for c in CASES if not c[0].startswith("doc")]

# items of consolidated reports (the unit comes from the document, not its header or file name)
CONSOLIDATED = {"docx_province_report_cac_huyen", "ods_ward_cluster_answer_columns"}
