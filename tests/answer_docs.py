"""Answer documents written by code for the answers tests and benchmark.

``register_frame()`` gives the candidate recommendations (as the register returns them);
``write_answer_set(folder)`` writes ministry letters, a UBND table, a narrative report and bad
inputs, and returns the truth: for each quoted recommendation (file, a phrase of the quote)
the register ids it answers (empty: not in the register) and its status.
``write_fresh_set(folder)`` writes layouts the reader was not tuned on.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.answers.rules import fold as _fold

# register_id, text, sector, authority, units, round
REGISTER = [
    ("KN-BHYT01", "Cử tri đề nghị Chính phủ nâng mức hỗ trợ đóng bảo hiểm y tế cho hộ cận nghèo lên 100%.", "y_te", "trung_uong"),
    ("KN-BHYT02", "Đề nghị Bộ Y tế sớm ban hành danh mục thuốc mới được bảo hiểm y tế thanh toán, bổ sung thuốc điều trị ung thư.", "y_te", "trung_uong"),
    ("KN-YTE03", "Cử tri phản ánh tình trạng thiếu thuốc, vật tư y tế tại các bệnh viện tuyến huyện, đề nghị Bộ Y tế có giải pháp khắc phục.", "y_te", "trung_uong"),
    ("KN-YTE04", "Đề nghị tăng phụ cấp cho nhân viên y tế thôn, bản lên 1,5 triệu đồng/tháng.", "y_te", "trung_uong"),
    ("KN-YTE05", "Đề nghị có chính sách thu hút bác sĩ về công tác tại trạm y tế xã vùng sâu, vùng xa.", "y_te", "trung_uong"),
    ("KN-GT06", "Cử tri đề nghị Bộ Giao thông vận tải sớm nâng cấp Quốc lộ 3B đoạn qua huyện Chợ Đồn bị xuống cấp nghiêm trọng.", "giao_thong", "trung_uong"),
    ("KN-GT07", "Đề nghị đầu tư xây dựng cầu vượt tại nút giao Quốc lộ 3 với đường tỉnh 254 để bảo đảm an toàn giao thông.", "giao_thong", "trung_uong"),
    ("KN-GT08", "Cử tri đề nghị xem xét giảm phí sử dụng đường bộ tại trạm thu phí BOT Bắc Thăng Long cho người dân địa phương.", "giao_thong", "trung_uong"),
    ("KN-LD09", "Đề nghị điều chỉnh tăng lương hưu cho người nghỉ hưu trước năm 1995 có mức hưởng thấp.", "lao_dong_xa_hoi", "trung_uong"),
    ("KN-LD10", "Cử tri đề nghị giảm độ tuổi hưởng trợ cấp hưu trí xã hội từ 80 tuổi xuống 75 tuổi.", "lao_dong_xa_hoi", "trung_uong"),
    ("KN-GD11", "Đề nghị Bộ Giáo dục và Đào tạo ổn định chương trình, sách giáo khoa, không thay đổi hằng năm gây tốn kém cho phụ huynh.", "giao_duc", "trung_uong"),
    ("KN-GD12", "Đề nghị có chính sách hỗ trợ giáo viên mầm non hợp đồng, nâng phụ cấp ưu đãi nghề.", "giao_duc", "trung_uong"),
    ("KN-DP13", "Cử tri xã Tân Lập đề nghị nâng cấp tuyến đường ĐT 293 đoạn qua thôn Nà Ngoa bị sạt lở.", "giao_thong", "dia_phuong"),
    ("KN-DP14", "Đề nghị sửa chữa kênh mương nội đồng thôn Khuổi Hẻo, xã Yên Phú bị hư hỏng, không đủ nước tưới.", "nong_nghiep", "dia_phuong"),
    ("KN-DP15", "Cử tri đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân tổ 5, phường Sông Cầu.", "dat_dai_moi_truong", "dia_phuong"),
    ("KN-DP16", "Đề nghị chi trả tiền bồi thường giải phóng mặt bằng dự án đường tránh thị trấn Bằng Lũng cho các hộ dân.", "dat_dai_moi_truong", "dia_phuong"),
    ("KN-DP17", "Đề nghị đầu tư đường điện lưới quốc gia cho thôn Nà Bản, xã Cao Sơn, hiện 40 hộ chưa có điện.", "cong_thuong", "dia_phuong"),
    ("KN-DP18", "Cử tri phản ánh bãi rác thị trấn Phủ Thông gây ô nhiễm môi trường, đề nghị di dời hoặc xử lý.", "dat_dai_moi_truong", "dia_phuong"),
    ("KN-DP19", "Đề nghị xây dựng nhà văn hóa thôn Bản Piềng, xã Bằng Thành.", "van_hoa_the_thao", "dia_phuong"),
    ("KN-DP20", "Đề nghị bố trí kinh phí xây dựng phòng học cho điểm trường Nà Khoang, xã Xuân Lạc.", "giao_duc", "dia_phuong"),
    ("KN-DP21", "Cử tri đề nghị lắp đặt hệ thống đèn chiếu sáng tuyến đường từ trung tâm xã Yến Dương đến thôn Nà Đán.", "giao_thong", "dia_phuong"),
    ("KN-DP22", "Đề nghị kiểm tra, xử lý tình trạng khai thác cát trái phép trên sông Cầu đoạn qua xã Thanh Bình.", "dat_dai_moi_truong", "dia_phuong"),
    ("KN-DP23", "Đề nghị hỗ trợ giống cây trồng cho các hộ bị thiệt hại do lũ quét năm 2024 tại xã Thượng Quan.", "nong_nghiep", "dia_phuong"),
    ("KN-DP24", "Đề nghị sửa chữa trạm y tế xã Nghiên Loan đã xuống cấp, mùa mưa bị dột.", "y_te", "dia_phuong"),
    ("KN-DP25", "Đề nghị nâng cấp tuyến đường ĐT 258 đoạn qua xã Quảng Khê.", "giao_thong", "dia_phuong"),
]
# a re-cut pair: the answer quotes one item the register keeps as two
REGISTER += [
    ("KN-DP26", "Đề nghị cấp nước sinh hoạt tập trung cho thôn Pác Châm, xã Hà Hiệu.", "xay_dung", "dia_phuong"),
    ("KN-DP27", "Đề nghị sửa chữa công trình nước sinh hoạt tập trung thôn Nà Phai, xã Hà Hiệu bị hỏng đường ống.", "xay_dung", "dia_phuong"),
]


def register_frame(round_name: str = "Kỳ họp thứ 9") -> pd.DataFrame:
    return pd.DataFrame([dict(register_id=r, text=t, sector=s, authority=a, units="Tổ đại biểu số 1", round=round_name)
                         for r, t, s, a in REGISTER])


def _docx(path: Path, paragraphs: list[str], tables: list[list[list[str]]] = ()) -> None:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    for grid in tables:
        t = d.add_table(rows=len(grid), cols=len(grid[0]))
        for i, row in enumerate(grid):
            for j, v in enumerate(row):
                t.cell(i, j).text = v
    d.save(str(path))


def _xlsx(path: Path, sheets: dict[str, list[list[str]]]) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, grid in sheets.items():
        ws = wb.create_sheet(name)
        for row in grid:
            ws.append(row)
    wb.save(str(path))


LETTER_BYT = [
    "BỘ Y TẾ", "Số: 4737/BYT-VPB1", "V/v trả lời kiến nghị của cử tri tỉnh Bắc Kạn gửi tới sau Kỳ họp thứ 9, Quốc hội khóa XV",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 15 tháng 8 năm 2025",
    "Kính gửi: Đoàn đại biểu Quốc hội tỉnh Bắc Kạn",
    "Bộ Y tế nhận được kiến nghị của cử tri tỉnh Bắc Kạn do Ban Dân nguyện chuyển đến. Sau khi nghiên cứu, Bộ Y tế xin trả lời như sau:",
    "1. Cử tri tỉnh Bắc Kạn kiến nghị: “Đề nghị nâng mức hỗ trợ mua bảo hiểm y tế cho người thuộc hộ cận nghèo lên 100%”.",
    "Trả lời:",
    "Theo quy định của Luật Bảo hiểm y tế, ngân sách nhà nước hỗ trợ tối thiểu 70% mức đóng cho người thuộc hộ cận nghèo; địa phương có thể dùng ngân sách để hỗ trợ thêm. Bộ Y tế đang nghiên cứu, đề xuất nâng mức hỗ trợ trong dự thảo Luật sửa đổi, bổ sung Luật Bảo hiểm y tế.",
    "2. Cử tri kiến nghị: Bổ sung thuốc điều trị ung thư vào danh mục thuốc do quỹ bảo hiểm y tế chi trả.",
    "Về vấn đề này, Bộ Y tế xin trả lời như sau: Bộ Y tế đã ban hành Thông tư số 37/2024/TT-BYT quy định danh mục thuốc hóa dược thuộc phạm vi thanh toán của quỹ bảo hiểm y tế, trong đó đã bổ sung 62 thuốc điều trị ung thư. Thông tư đã có hiệu lực từ ngày 01/01/2025.",
    "3. Cử tri các tỉnh Bắc Kạn kiến nghị:",
    "- Bệnh viện huyện còn thiếu thuốc và vật tư y tế, đề nghị Bộ có giải pháp.",
    "- Tăng phụ cấp hằng tháng cho nhân viên y tế thôn bản lên mức 1,5 triệu đồng.",
    "Trả lời:",
    "Về tình trạng thiếu thuốc, Bộ Y tế đã trình Chính phủ ban hành Nghị định số 07/2023/NĐ-CP và đang tiếp tục hoàn thiện quy định về đấu thầu thuốc. Về phụ cấp nhân viên y tế thôn bản, Bộ Y tế đang phối hợp với Bộ Nội vụ nghiên cứu, đề xuất điều chỉnh trong quá trình cải cách chính sách tiền lương.",
    "4. Cử tri kiến nghị có cơ chế đặc thù cho cán bộ y tế làm việc tại các bệnh viện tâm thần, phong, lao.",
    "Trả lời: Nội dung này đã được quy định tại Nghị định số 05/2023/NĐ-CP về chế độ phụ cấp ưu đãi theo nghề; Bộ Y tế xin thông tin để cử tri được biết.",
    "5. Đề nghị có chính sách thu hút, đãi ngộ để bác sĩ về làm việc ở trạm y tế xã vùng sâu, vùng xa.",
    "Trả lời: Chính phủ đã ban hành Nghị định số 05/2023/NĐ-CP, trong đó nâng phụ cấp ưu đãi nghề lên 100% cho bác sĩ công tác tại trạm y tế xã vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn. Chính sách đã được triển khai từ năm 2023.",
    "Trên đây là trả lời của Bộ Y tế đối với kiến nghị của cử tri tỉnh Bắc Kạn.",
    "Nơi nhận:", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG",
]
TRUTH_BYT = [  # (phrase of the quote, register ids, status)
    ("ho can ngheo len 100", {"KN-BHYT01"}, "dang_giai_quyet"),
    ("thuoc dieu tri ung thu", {"KN-BHYT02"}, "da_giai_quyet"),
    ("thieu thuoc va vat tu", {"KN-YTE03"}, "dang_giai_quyet"),
    ("nhan vien y te thon ban len muc", {"KN-YTE04"}, "dang_giai_quyet"),
    ("benh vien tam than", set(), "da_giai_trinh"),
    ("thu hut, dai ngo", {"KN-YTE05"}, "da_giai_quyet"),
]

LETTER_BGTVT = [
    "BỘ GIAO THÔNG VẬN TẢI", "Số: 8812/BGTVT-KHĐT", "Hà Nội, ngày 02 tháng 9 năm 2025",
    "V/v trả lời kiến nghị của cử tri tỉnh Bắc Kạn",
    "Câu 1: Cử tri đề nghị Bộ sớm nâng cấp, cải tạo QL3B đoạn qua địa bàn huyện Chợ Đồn vì đã xuống cấp nghiêm trọng.",
    "Trả lời: Bộ Giao thông vận tải đã bố trí vốn bảo trì năm 2025 để sửa chữa mặt đường Quốc lộ 3B đoạn Km10 - Km25; công trình đã thi công xong, bàn giao đưa vào sử dụng tháng 6/2025.",
    "Câu 2: Đề nghị xây dựng cầu vượt tại nút giao Quốc lộ 3 và đường tỉnh 254.",
    "Trả lời: Bộ đã giao Cục Đường bộ Việt Nam rà soát; dự án sẽ được xem xét bố trí vốn trong kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030.",
    "Câu 3: Cử tri đề nghị giảm phí qua trạm BOT Ninh Bình cho người dân sống gần trạm.",
    "Trả lời: Trạm thu phí đã thực hiện miễn, giảm giá vé cho phương tiện của người dân các xã lân cận theo Thông tư số 45/2021/TT-BGTVT; Bộ xin thông tin để cử tri được biết.",
    "Nơi nhận:", "BỘ TRƯỞNG",
]
TRUTH_BGTVT = [
    ("ql3b", {"KN-GT06"}, "da_giai_quyet"),
    ("cau vuot", {"KN-GT07"}, "dang_giai_quyet"),
    ("bot ninh binh", set(), "da_giai_trinh"),   # look-alike: another toll station
]

TABLE_UBND = [
    ["ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "", "", "", ""],
    ["BẢNG TỔNG HỢP KẾT QUẢ GIẢI QUYẾT KIẾN NGHỊ CỬ TRI SAU KỲ HỌP THỨ 9", "", "", "", ""],
    ["STT", "Nội dung kiến nghị", "Cơ quan giải quyết", "Kết quả giải quyết", "Tình trạng"],
    ["I", "LĨNH VỰC GIAO THÔNG", "", "", ""],
    ["1", "Nâng cấp đường ĐT 293 đoạn qua thôn Nà Ngoa, xã Tân Lập (sạt lở)", "Sở Xây dựng",
     "Đã bố trí vốn khắc phục sạt lở, công trình hoàn thành tháng 5/2025.", "Đã giải quyết"],
    ["2", "Nâng cấp đường ĐT 293 đoạn qua thôn Nà Pài, xã Tân Lập", "Sở Xây dựng",
     "Đưa vào danh mục đầu tư giai đoạn 2026-2030.", "Đang giải quyết"],
    ["3", "Lắp đèn chiếu sáng đường trung tâm xã Yến Dương - thôn Nà Đán", "UBND huyện Ba Bể",
     "UBND huyện đang lập hồ sơ, dự kiến thi công quý IV/2025.", "Đang giải quyết"],
    ["4", "Nâng cấp đường ĐT 258 qua xã Quảng Khê", "Sở Xây dựng", "", "Chưa trả lời"],
    ["II", "LĨNH VỰC TÀI NGUYÊN, MÔI TRƯỜNG", "", "", ""],
    ["5", "Cấp giấy chứng nhận quyền sử dụng đất cho hộ dân tổ 5 phường Sông Cầu", "Sở Nông nghiệp và Môi trường",
     "Đã cấp 37/40 giấy chứng nhận; 3 hộ đang tranh chấp, đang hướng dẫn hòa giải.", "Đang giải quyết"],
    ["6", "Chi trả tiền bồi thường GPMB đường tránh thị trấn Bằng Lũng", "UBND huyện Chợ Đồn",
     "Đã chi trả xong cho 58 hộ.", "Đã giải quyết"],
    ["7", "Khai thác cát trái phép trên sông Cầu đoạn qua xã Thanh Bình", "Sở Nông nghiệp và Môi trường",
     "Khai thác cát do Luật Khoáng sản quy định; UBND tỉnh đã giải trình tại kỳ họp.", "Đã giải trình"],
    ["8", "Xử lý khai thác cát trái phép trên sông Năng đoạn qua xã Khang Ninh", "Sở Nông nghiệp và Môi trường",
     "Đã kiểm tra, xử phạt 2 trường hợp.", "Đã giải quyết"],
    ["III", "LĨNH VỰC NÔNG NGHIỆP", "", "", ""],
    ["9", "Sửa chữa kênh mương nội đồng thôn Khuổi Hẻo xã Yên Phú", "UBND huyện Ba Bể",
     "Đã sửa chữa xong 1,2 km kênh.", "Hoàn thành"],
    ["10", "Nước sinh hoạt tập trung cho thôn Pác Châm và sửa chữa công trình nước thôn Nà Phai, xã Hà Hiệu",
     "Sở Xây dựng", "Đang khảo sát, lập dự án.", "Đang giải quyết"],
]
TRUTH_UBND = [
    ("na ngoa", {"KN-DP13"}, "da_giai_quyet"),
    ("na pai", set(), "dang_giai_quyet"),
    ("yen duong", {"KN-DP21"}, "dang_giai_quyet"),
    ("quang khe", {"KN-DP25"}, "chua_tra_loi"),
    ("to 5 phuong song cau", {"KN-DP15"}, "dang_giai_quyet"),
    ("bang lung", {"KN-DP16"}, "da_giai_quyet"),
    ("thanh binh", {"KN-DP22"}, "da_giai_trinh"),
    ("khang ninh", set(), "da_giai_quyet"),
    ("khuoi heo", {"KN-DP14"}, "da_giai_quyet"),
    ("pac cham", {"KN-DP26", "KN-DP27"}, "dang_giai_quyet"),
]

NARRATIVE = [
    "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "Số: 215/BC-UBND", "Bắc Kạn, ngày 20 tháng 10 năm 2025",
    "BÁO CÁO", "Kết quả giải quyết kiến nghị của cử tri trước và sau Kỳ họp thứ 9",
    "Thực hiện chương trình giám sát, UBND tỉnh báo cáo kết quả như sau:",
    "I. LĨNH VỰC CÔNG THƯƠNG",
    "- Về kiến nghị đầu tư điện lưới quốc gia cho thôn Nà Bản, xã Cao Sơn: Dự án cấp điện nông thôn đã hoàn thành, đóng điện cho 40 hộ từ tháng 7/2025.",
    "II. LĨNH VỰC TÀI NGUYÊN VÀ MÔI TRƯỜNG",
    "- Về kiến nghị xử lý ô nhiễm bãi rác thị trấn Phủ Thông: UBND huyện Bạch Thông đang lập dự án xây dựng khu xử lý rác mới, dự kiến khởi công năm 2026.",
    "III. LĨNH VỰC VĂN HÓA, GIÁO DỤC",
    "- Về kiến nghị xây dựng nhà văn hóa thôn Bản Piềng, xã Bằng Thành: Hiện ngân sách chưa đủ điều kiện bố trí; UBND huyện đã giải trình với cử tri tại buổi tiếp xúc.",
    "- Về kiến nghị xây phòng học điểm trường Nà Khoang, xã Xuân Lạc: Công trình 2 phòng học đã xây dựng xong, bàn giao đưa vào sử dụng từ năm học 2025 - 2026.",
    "- Về kiến nghị xây phòng học điểm trường Khuổi Ún, xã Xuân Lạc: Sở Giáo dục đang rà soát, tổng hợp vào kế hoạch năm 2026.",
    "IV. LĨNH VỰC NÔNG NGHIỆP, Y TẾ",
    "- Về kiến nghị hỗ trợ giống cây trồng cho hộ bị thiệt hại do lũ quét năm 2024 ở xã Thượng Quan: Đã cấp phát 12 tấn giống lúa, ngô cho 230 hộ.",
    "- Về kiến nghị sửa chữa trạm y tế xã Nghiên Loan: Sở Y tế sẽ xem xét bố trí kinh phí sửa chữa trong năm 2026.",
    "Trên đây là báo cáo kết quả giải quyết kiến nghị cử tri của UBND tỉnh.",
]
TRUTH_NARR = [
    ("na ban", {"KN-DP17"}, "da_giai_quyet"),
    ("phu thong", {"KN-DP18"}, "dang_giai_quyet"),
    ("ban pieng", {"KN-DP19"}, "da_giai_trinh"),
    ("na khoang", {"KN-DP20"}, "da_giai_quyet"),
    ("khuoi un", set(), "dang_giai_quyet"),
    ("thuong quan", {"KN-DP23"}, "da_giai_quyet"),
    ("nghien loan", {"KN-DP24"}, "dang_giai_quyet"),
]


def write_answer_set(folder: Path) -> dict[str, list]:
    folder.mkdir(parents=True, exist_ok=True)
    _docx(folder / "bo_y_te_4737.docx", LETTER_BYT)
    (folder / "bo_gtvt_8812.txt").write_text("\n".join(LETTER_BGTVT), encoding="utf-8")
    _xlsx(folder / "ubnd_ket_qua.xlsx", {"Kết quả": TABLE_UBND})
    _docx(folder / "ubnd_bao_cao_215.docx", NARRATIVE)
    return {"bo_y_te_4737.docx": TRUTH_BYT, "bo_gtvt_8812.txt": TRUTH_BGTVT,
            "ubnd_ket_qua.xlsx": TRUTH_UBND, "ubnd_bao_cao_215.docx": TRUTH_NARR}


def write_bad_set(folder: Path) -> None:
    """A scanned PDF, a document quoting nothing, a table without a content column."""
    from pypdf import PdfWriter

    folder.mkdir(parents=True, exist_ok=True)
    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    with open(folder / "cong_van_scan.pdf", "wb") as fh:
        w.write(fh)
    _docx(folder / "cong_van_chuyen.docx", ["BỘ TÀI CHÍNH", "Số: 101/BTC-VP", "Bộ Tài chính đã nhận được văn bản và sẽ chuyển các đơn vị liên quan."])
    _xlsx(folder / "bang_thieu_cot.xlsx", {"TH": [["STT", "Cơ quan giải quyết", "Kết quả giải quyết", "Tình trạng"],
                                                 ["1", "Sở Y tế", "Đã sửa xong", "Đã giải quyết"]]})


def _soffice_convert(src: Path, to: str, dest: Path, work: Path) -> Path:
    import shutil
    import subprocess

    from office_formats import soffice

    subprocess.run([soffice(), f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                    "--convert-to", to, "--outdir", str(work), str(src)],
                   check=True, timeout=180, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.move(str(work / f"{src.stem}.{to}"), dest)
    return dest


def write_format_doc(fmt: str, folder: Path, work: Path) -> dict[str, list]:
    """One answer document in ``fmt`` (pdf, ods, odt, xls, doc) in ``folder``, with its truth.
    xls and doc are made by LibreOffice (the caller skips them when it is not installed)."""
    import office_formats as F

    folder.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":  # a ministry letter with a text layer
        F.write_pdf(folder / "bo_gtvt_8812.pdf", LETTER_BGTVT, F.unicode_font())
        return {"bo_gtvt_8812.pdf": TRUTH_BGTVT}
    if fmt == "ods":  # the UBND table
        F.write_ods(folder / "ubnd_ket_qua.ods", TABLE_UBND, sheet="Kết quả")
        return {"ubnd_ket_qua.ods": TRUTH_UBND}
    if fmt == "odt":  # the narrative report grouped by sector
        F.write_odt(folder / "ubnd_bao_cao_215.odt", NARRATIVE)
        return {"ubnd_bao_cao_215.odt": TRUTH_NARR}
    if fmt == "xls":
        _xlsx(work / "ubnd_ket_qua.xlsx", {"Kết quả": TABLE_UBND})
        _soffice_convert(work / "ubnd_ket_qua.xlsx", "xls", folder / "ubnd_ket_qua.xls", work)
        return {"ubnd_ket_qua.xls": TRUTH_UBND}
    if fmt == "doc":
        _docx(work / "bo_y_te_4737.docx", LETTER_BYT)
        _soffice_convert(work / "bo_y_te_4737.docx", "doc", folder / "bo_y_te_4737.doc", work)
        return {"bo_y_te_4737.doc": TRUTH_BYT}
    raise ValueError(fmt)


# ------------------------------------------------------------------ a layout not tuned for
FRESH_LETTER = [
    "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Số: 3021/LĐTBXH-VP", "Hà Nội, ngày 11 tháng 9 năm 2025",
    "Kính gửi: Ban Dân nguyện",
    "Kiến nghị số 1. Cử tri mong muốn Nhà nước điều chỉnh lương hưu cho những người về hưu trước năm 1995 vì mức lương hiện quá thấp.",
    "Ý kiến trả lời: Chính phủ đã ban hành Nghị định số 75/2024/NĐ-CP điều chỉnh tăng 15% lương hưu từ ngày 01/7/2024, riêng người nghỉ hưu trước năm 1995 có mức hưởng thấp được tăng thêm; chính sách đã được chi trả đầy đủ.",
    "Kiến nghị số 2. Hạ tuổi được hưởng trợ cấp hưu trí xã hội từ 80 xuống 75 tuổi.",
    "Ý kiến trả lời: Luật Bảo hiểm xã hội năm 2024 đã quy định giảm độ tuổi hưởng trợ cấp hưu trí xã hội xuống 75 tuổi, có hiệu lực từ ngày 01/7/2025; Bộ xin thông tin để cử tri được biết.",
    "Kiến nghị số 3. Đề nghị tăng mức trợ cấp cho người có công với cách mạng.",
    "Ý kiến trả lời: Bộ đang tổng hợp, nghiên cứu đề xuất điều chỉnh mức chuẩn trợ cấp ưu đãi người có công trong năm 2026.",
]
FRESH_TRUTH_LETTER = [
    ("truoc nam 1995", {"KN-LD09"}, "da_giai_quyet"),
    ("80 xuong 75", {"KN-LD10"}, "da_giai_trinh"),
    ("nguoi co cong", set(), "dang_giai_quyet"),
]
FRESH_TABLE = [
    ["TT", "Ý kiến cử tri", "Đơn vị chủ trì", "Nội dung trả lời", "Phân loại kết quả"],
    ["1", "Ổn định SGK, không thay đổi mỗi năm học gây tốn kém", "Bộ Giáo dục và Đào tạo",
     "Bộ đã ban hành Thông tư ổn định bộ sách giáo khoa, các trường sử dụng ổn định nhiều năm.", "Đã giải quyết xong"],
    ["2", "Nâng phụ cấp ưu đãi cho giáo viên mầm non hợp đồng", "Bộ Giáo dục và Đào tạo",
     "Đang phối hợp Bộ Nội vụ nghiên cứu trong lộ trình cải cách tiền lương.", "Đang giải quyết"],
    ["3", "Hỗ trợ học phí cho sinh viên ngành sư phạm ở vùng khó khăn", "Bộ Giáo dục và Đào tạo",
     "Đã quy định tại Nghị định 116/2020/NĐ-CP.", "Đã giải trình, thông tin với cử tri"],
]
FRESH_TRUTH_TABLE = [
    ("sgk", {"KN-GD11"}, "da_giai_quyet"),
    ("mam non", {"KN-GD12"}, "dang_giai_quyet"),
    ("nganh su pham", set(), "da_giai_trinh"),
]


def write_fresh_set(folder: Path) -> dict[str, list]:
    """Layouts the reader was not tuned on: 'Kiến nghị số N.' / 'Ý kiến trả lời:' items,
    an .odt letter, and a Word table with other column names."""
    folder.mkdir(parents=True, exist_ok=True)
    _docx(folder / "bo_ldtbxh_3021.docx", FRESH_LETTER)
    _docx(folder / "bo_gddt_bang.docx", ["BỘ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 990/BGDĐT-VP", "Hà Nội, ngày 5 tháng 9 năm 2025"],
          [FRESH_TABLE])
    (folder / "ubnd_huyen_77.txt").write_text("\n".join(FRESH_PLAIN), encoding="utf-8")
    _docx(folder / "bo_nnmt_5120.docx", FRESH_BNN)
    return {"bo_ldtbxh_3021.docx": FRESH_TRUTH_LETTER, "bo_gddt_bang.docx": FRESH_TRUTH_TABLE,
            "ubnd_huyen_77.txt": FRESH_TRUTH_PLAIN, "bo_nnmt_5120.docx": FRESH_TRUTH_BNN}


# a second fresh set (paragraphs without bullets; "Nội dung kiến nghị N:" / "Ý kiến của Bộ:"):
# it showed two gaps (item and marker wording, "công trình hoàn thành tháng ...") now covered
FRESH_PLAIN = [
    "UBND HUYỆN BA BỂ", "Số: 77/BC-UBND", "Ba Bể, ngày 3 tháng 11 năm 2025", "BÁO CÁO giải quyết ý kiến cử tri",
    "Cử tri xã Yên Phú phản ánh kênh mương nội đồng ở thôn Khuổi Hẻo hư hỏng, thiếu nước tưới. UBND huyện đã bố trí 800 triệu đồng sửa chữa, công trình hoàn thành tháng 4/2025.",
    "Cử tri thị trấn Chợ Rã đề nghị mở rộng chợ trung tâm. Hiện UBND huyện đang lập quy hoạch chi tiết, dự kiến trình phê duyệt năm 2026.",
    "Cử tri xã Xuân Lạc đề nghị xây phòng học cho điểm trường Nà Khoang. Nội dung này UBND huyện đã thực hiện xong, đưa vào sử dụng từ tháng 9/2025.",
]
FRESH_TRUTH_PLAIN = [("khuoi heo", {"KN-DP14"}, "da_giai_quyet"), ("cho trung tam", set(), "dang_giai_quyet"),
                     ("na khoang", {"KN-DP20"}, "da_giai_quyet")]
FRESH_BNN = [
    "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Số: 5120/BNNMT-VP", "Hà Nội, ngày 9 tháng 10 năm 2025",
    "Nội dung kiến nghị 1: Khai thác cát trái phép trên sông Cầu đoạn xã Thanh Bình cần được xử lý dứt điểm.",
    "Ý kiến của Bộ: Việc xử lý khai thác cát thuộc thẩm quyền của UBND tỉnh; Bộ đã có văn bản đề nghị tỉnh kiểm tra, giải trình với cử tri.",
    "Nội dung kiến nghị 2: Hỗ trợ giống cho nông dân bị lũ quét tại xã Thượng Quan.",
    "Ý kiến của Bộ: Bộ đã hỗ trợ 12 tấn giống lúa từ nguồn dự trữ quốc gia.",
]
FRESH_TRUTH_BNN = [("thanh binh", {"KN-DP22"}, "da_giai_trinh"), ("thuong quan", {"KN-DP23"}, "da_giai_quyet")]


def score(linked, truth: dict[str, list]) -> dict:
    """Figures of one linking against the truth (file → [(phrase, ids, status)])."""
    tp = fp = 0
    status_ok = 0
    outside_linked = 0
    found = set()
    missing_rows = 0
    for file, items in truth.items():
        sub = linked[linked["source_file"] == file]
        for phrase, ids, status in items:
            rows = sub[sub["recommendation_text"].map(lambda t: phrase in _fold(t))]
            if rows.empty:
                missing_rows += 1
                continue
            got = {r for r in rows["register_id"] if r}
            for r in got:
                if r in ids:
                    tp += 1
                    found.add((file, phrase, r))
                    st = rows.loc[rows["register_id"] == r, "status"].iloc[0] if "status" in rows else ""
                    status_ok += int(st == status)
                else:
                    fp += 1
            if not ids and got:
                outside_linked += 1
    n_truth = sum(len(ids) for items in truth.values() for _p, ids, _s in items)
    return dict(precision=tp / (tp + fp) if tp + fp else 1.0, recall=tp / n_truth if n_truth else 1.0,
                status=status_ok / tp if tp else 0.0, tp=tp, fp=fp, truth_links=n_truth,
                outside_linked=outside_linked, quotes_not_read=missing_rows)




def round_frames(round_no: int, ids: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(recommendations, clusters) of a round raising the register items ``ids``
    (cluster_id = the item's id here, so tests can map it to the register's id)."""
    by = {r: (t, s, a) for r, t, s, a in REGISTER}
    recs, cl = [], []
    for i, rid in enumerate(ids):
        t, s, a = by[rid]
        unit = f"Tổ đại biểu số {1 + i % 3}"
        recs.append(dict(item_id=f"{round_no}-{rid}", unit=unit, source_file=f"to{1 + i % 3}.txt", source_ref=f"dòng {i + 3}",
                         text=t, sector=s, authority=a, cluster_id=rid, not_recommendation=False))
        cl.append(dict(cluster_id=rid, sector=s, sector_label=s, authority=a, representative_text=t, n_items=1, n_units=1,
                       units=unit, item_ids=f"{round_no}-{rid}"))
    return pd.DataFrame(recs), pd.DataFrame(cl)


# ------------------------------------------------------------------ held-out set
# Written after the reader, the linker and the lexicon were settled, in layouts used nowhere
# else in the repository: a provincial UBND table grouped by district (other column names),
# a ministry letter with sub-numbered items ("1.1.") under numbered topics and answers
# without any "Trả lời:" marker, and a plain-text district report typed without diacritics.
HELDOUT_DISTRICT_TABLE = [
    ["TT", "Nội dung ý kiến, kiến nghị của cử tri", "Đơn vị thực hiện", "Kết quả thực hiện", "Đánh giá"],
    ["A", "HUYỆN BA BỂ", "", "", ""],
    ["1", "Cử tri xã Yên Phú phản ánh kênh mương nội đồng thôn Khuổi Hẻo bị hỏng, thiếu nước tưới", "UBND huyện Ba Bể",
     "Đã sửa chữa 1,2 km kênh bằng nguồn vốn sự nghiệp thủy lợi năm 2025.", "Đã giải quyết"],
    ["2", "Lắp đèn chiếu sáng từ trung tâm xã Yến Dương tới thôn Nà Đán", "UBND huyện Ba Bể",
     "Đã lập dự toán, dự kiến lắp đặt trong quý I/2026.", "Đang thực hiện"],
    ["B", "HUYỆN CHỢ ĐỒN", "", "", ""],
    ["3", "Chi trả tiền bồi thường GPMB dự án đường tránh thị trấn Bằng Lũng", "UBND huyện Chợ Đồn",
     "Đã chi trả xong cho các hộ dân.", "Hoàn thành"],
    ["4", "Nâng cấp đường ĐT 293 qua thôn Nà Ngoa, xã Tân Lập bị sạt lở", "Sở Xây dựng",
     "Tỉnh đã giao Sở Xây dựng khảo sát, đưa vào kế hoạch vốn năm 2026.", "Đang giải quyết"],
    ["5", "Sửa chữa đường vào thôn Bản Mạn, xã Bình Trung", "UBND huyện Chợ Đồn",
     "Chưa có nguồn vốn; UBND huyện đã giải trình với cử tri.", "Giải trình"],
    ["C", "THÀNH PHỐ BẮC KẠN VÀ HUYỆN BẠCH THÔNG", "", "", ""],
    ["6", "Cấp giấy chứng nhận quyền sử dụng đất cho các hộ tổ 5, phường Sông Cầu", "UBND thành phố Bắc Kạn",
     "Đã cấp cho 40/40 hộ.", "Đã giải quyết xong"],
    ["7", "Di dời bãi rác thị trấn Phủ Thông gây ô nhiễm", "UBND huyện Bạch Thông", "", "Chưa có kết quả"],
]
HELDOUT_TRUTH_TABLE = [
    ("khuoi heo", {"KN-DP14"}, "da_giai_quyet"), ("yen duong", {"KN-DP21"}, "dang_giai_quyet"),
    ("bang lung", {"KN-DP16"}, "da_giai_quyet"), ("na ngoa", {"KN-DP13"}, "dang_giai_quyet"),
    ("ban man", set(), "da_giai_trinh"), ("to 5", {"KN-DP15"}, "da_giai_quyet"),
    ("phu thong", {"KN-DP18"}, "chua_tra_loi"),
]
HELDOUT_SUBNUMBERED = [
    "BỘ NỘI VỤ", "Số: 6120/BNV-VP", "V/v trả lời kiến nghị của cử tri tỉnh Bắc Kạn gửi tới sau Kỳ họp thứ 9",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 24 tháng 9 năm 2025",
    "Kính gửi: Ban Dân nguyện thuộc Ủy ban Thường vụ Quốc hội",
    "Bộ Nội vụ nhận được kiến nghị của cử tri tỉnh Bắc Kạn; sau khi nghiên cứu, Bộ Nội vụ trả lời như sau:",
    "1. Về chính sách tiền lương, bảo hiểm xã hội",
    "1.1. Cử tri đề nghị điều chỉnh lương hưu đối với người nghỉ hưu trước năm 1995 vì mức hưởng còn thấp.",
    "Bộ Nội vụ đã trình Chính phủ ban hành Nghị định số 75/2024/NĐ-CP, theo đó người nghỉ hưu trước năm 1995 có mức "
    "hưởng thấp được điều chỉnh tăng thêm; chính sách đã được thực hiện từ ngày 01/7/2024.",
    "1.2. Cử tri kiến nghị hạ độ tuổi hưởng trợ cấp hưu trí xã hội xuống 75 tuổi.",
    "Nội dung này đã được quy định tại Luật Bảo hiểm xã hội năm 2024 (có hiệu lực từ ngày 01/7/2025); Bộ Nội vụ xin "
    "thông tin để cử tri được biết.",
    "2. Về chế độ đối với người làm việc ở y tế, giáo dục và cơ sở",
    "2.1. Đề nghị nâng mức phụ cấp cho nhân viên y tế thôn, bản lên 1,5 triệu đồng mỗi tháng.",
    "Bộ Nội vụ đang phối hợp với Bộ Y tế nghiên cứu, sẽ đề xuất trong lộ trình cải cách chính sách tiền lương.",
    "2.2. Đề nghị tăng phụ cấp ưu đãi cho giáo viên mầm non hợp đồng.",
    "Bộ Nội vụ đang tổng hợp ý kiến của các địa phương để đề xuất sửa đổi chế độ phụ cấp ưu đãi theo nghề.",
    "2.3. Đề nghị có chế độ hỗ trợ cho người hoạt động không chuyên trách ở thôn sau khi sắp xếp.",
    "Chính phủ đã ban hành Nghị định số 33/2023/NĐ-CP quy định cụ thể chế độ này; Bộ Nội vụ xin giải trình để cử "
    "tri được biết.",
    "Trên đây là trả lời của Bộ Nội vụ đối với kiến nghị của cử tri tỉnh Bắc Kạn.",
    "Nơi nhận:", "BỘ TRƯỞNG",
]
HELDOUT_TRUTH_SUB = [
    ("truoc nam 1995", {"KN-LD09"}, "da_giai_quyet"), ("75 tuoi", {"KN-LD10"}, "da_giai_trinh"),
    ("1,5 trieu", {"KN-YTE04"}, "dang_giai_quyet"), ("mam non", {"KN-GD12"}, "dang_giai_quyet"),
    ("khong chuyen trach", set(), "da_giai_trinh"),
]
HELDOUT_PLAIN_ASCII = [
    "UY BAN NHAN DAN HUYEN CHO DON", "So: 312/BC-UBND", "Cho Don, ngay 14 thang 11 nam 2025",
    "BAO CAO ket qua giai quyet y kien, kien nghi cua cu tri",
    "1. Cu tri xa Nghien Loan de nghi sua chua tram y te xa da xuong cap, mua mua bi dot.",
    "Tra loi: UBND huyen da bo tri 500 trieu dong sua chua, cong trinh da hoan thanh thang 10/2025.",
    "2. Cu tri xa Thuong Quan de nghi ho tro giong cay trong cho cac ho bi thiet hai do lu quet nam 2024.",
    "Tra loi: Da cap phat 12 tan giong lua, ngo cho 230 ho.",
    "3. Cu tri thon Na Ban, xa Cao Son de nghi dau tu dien luoi quoc gia.",
    "Tra loi: Du an dang thi cong, du kien dong dien trong quy I/2026.",
    "4. Cu tri xa Ban Thi de nghi nang cap duong vao mo chi.",
    "Tra loi: Huyen se xem xet bo tri von trong ke hoach dau tu cong giai doan 2026 - 2030.",
    "Noi nhan:",
]
HELDOUT_TRUTH_ASCII = [
    ("nghien loan", {"KN-DP24"}, "da_giai_quyet"), ("thuong quan", {"KN-DP23"}, "da_giai_quyet"),
    ("na ban", {"KN-DP17"}, "dang_giai_quyet"), ("ban thi", set(), "dang_giai_quyet"),
]


def write_heldout_set(folder: Path) -> dict[str, list]:
    folder.mkdir(parents=True, exist_ok=True)
    _docx(folder / "ubnd_tinh_theo_huyen.docx", ["ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "Số: 402/BC-UBND",
                                                 "Bắc Kạn, ngày 30 tháng 11 năm 2025",
                                                 "Phụ lục: kết quả giải quyết kiến nghị cử tri theo địa bàn"],
          [HELDOUT_DISTRICT_TABLE])
    _docx(folder / "bo_noi_vu_6120.docx", HELDOUT_SUBNUMBERED)
    (folder / "ubnd_cho_don_312.txt").write_text("\n".join(HELDOUT_PLAIN_ASCII), encoding="utf-8")
    return {"ubnd_tinh_theo_huyen.docx": HELDOUT_TRUTH_TABLE, "bo_noi_vu_6120.docx": HELDOUT_TRUTH_SUB,
            "ubnd_cho_don_312.txt": HELDOUT_TRUTH_ASCII}


# ------------------------------------------------------------------ second held-out set
# Written on 2026-12-05 after everything above was settled, in layouts used nowhere else:
# a provincial UBND report grouped by sector with Arabic-numbered sector headings, "a)", "b)"
# items whose answer is the next paragraph with no marker and a status only implied by the
# wording; a ministry letter that numbers the quotes "(1)", "(2)" and by the Ban Dân nguyện's
# list ("Kiến nghị số 14 trong danh mục"), one quote naming two requests; an .xlsx table with
# merged cells (title, a two-row header, district groups, an agency cell spanning rows) whose
# status is an "x" in one of three status columns.
HELDOUT2_SECTOR_REPORT = [
    "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "Số: 518/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Bắc Kạn, ngày 8 tháng 12 năm 2025",
    "BÁO CÁO",
    "Kết quả giải quyết ý kiến, kiến nghị của cử tri gửi đến Kỳ họp thứ 9, HĐND tỉnh khóa X",
    "Căn cứ kiến nghị của cử tri do Thường trực HĐND tỉnh chuyển đến, UBND tỉnh đã chỉ đạo các sở, ngành, "
    "UBND các huyện, thành phố xem xét, giải quyết. Kết quả cụ thể như sau:",
    "1. Lĩnh vực giao thông, xây dựng",
    "a) Cử tri xã Tân Lập, huyện Chợ Đồn phản ánh đoạn đường tỉnh ĐT 293 qua thôn Nà Ngoa bị sạt lở taluy, đề nghị sớm khắc phục, nâng cấp.",
    "Ngay sau khi tiếp nhận, Sở Xây dựng đã phối hợp với UBND huyện Chợ Đồn khắc phục điểm sạt lở; tuyến đường đã thông xe an toàn từ tháng 8/2025.",
    "b) Cử tri đề nghị lắp đặt đèn chiếu sáng trên tuyến đường từ trung tâm xã Yến Dương vào thôn Nà Đán, huyện Ba Bể.",
    "UBND huyện Ba Bể đã đưa nội dung này vào kế hoạch đầu tư công năm 2026, hiện đang hoàn thiện hồ sơ thiết kế.",
    "c) Cử tri thôn Nà Phai, xã Hà Hiệu phản ánh công trình nước sinh hoạt tập trung bị vỡ đường ống, nhiều hộ thiếu nước.",
    "Công trình đã được sửa chữa, thay thế 600 m đường ống; từ tháng 7/2025 các hộ đã có nước sinh hoạt ổn định.",
    "2. Lĩnh vực tài nguyên, môi trường",
    "a) Cử tri tổ 5, phường Sông Cầu đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ gia đình.",
    "Đến nay đã cấp 37/40 giấy chứng nhận; 3 hộ còn lại có tranh chấp ranh giới, UBND thành phố đang tổ chức hòa giải.",
    "b) Cử tri thị trấn Phủ Thông đề nghị di dời bãi rác thải gây ô nhiễm.",
    "Do nguồn ngân sách còn khó khăn, chưa thể bố trí vốn di dời bãi rác trong giai đoạn này; UBND huyện Bạch Thông đã chỉ đạo tăng cường phun chế phẩm khử mùi, đề nghị cử tri thông cảm, chia sẻ.",
    "c) Cử tri xã Đồng Phúc đề nghị xử lý bãi rác tự phát ven hồ Ba Bể.",
    "UBND huyện Ba Bể đã tổ chức thu gom, xử lý dứt điểm bãi rác, đồng thời lắp biển cấm đổ rác.",
    "3. Lĩnh vực y tế, giáo dục",
    "a) Cử tri xã Nghiên Loan đề nghị sửa chữa trạm y tế xã vì xuống cấp, mùa mưa bị dột.",
    "Sở Y tế đã thẩm định dự toán sửa chữa, dự kiến triển khai trong quý I năm 2026.",
    "b) Cử tri xã Xuân Lạc kiến nghị xây thêm phòng học tại điểm trường Nà Khoang.",
    "Nội dung này đã được giải quyết: 2 phòng học mới đã bàn giao, đưa vào sử dụng từ đầu năm học 2025 - 2026.",
    "Trên đây là báo cáo kết quả giải quyết ý kiến, kiến nghị của cử tri, UBND tỉnh trân trọng báo cáo.",
    "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
]
HELDOUT2_TRUTH_SECTOR = [
    ("na ngoa", {"KN-DP13"}, "da_giai_quyet"),
    ("yen duong", {"KN-DP21"}, "dang_giai_quyet"),
    ("na phai", {"KN-DP27"}, "da_giai_quyet"),
    ("to 5, phuong song cau", {"KN-DP15"}, "dang_giai_quyet"),
    ("phu thong", {"KN-DP18"}, "da_giai_trinh"),
    ("dong phuc", set(), "da_giai_quyet"),   # another commune's dump: not in the register
    ("nghien loan", {"KN-DP24"}, "dang_giai_quyet"),
    ("na khoang", {"KN-DP20"}, "da_giai_quyet"),
]
HELDOUT2_MINISTRY = [
    "BỘ Y TẾ", "Số: 6015/BYT-KHTC", "V/v trả lời kiến nghị của cử tri tỉnh Bắc Kạn",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 12 tháng 11 năm 2025",
    "Kính gửi: Ban Dân nguyện thuộc Ủy ban Thường vụ Quốc hội",
    "Bộ Y tế nhận được văn bản số 1120/BDN ngày 20/9/2025 của Ban Dân nguyện chuyển kiến nghị của cử tri tỉnh Bắc Kạn. "
    "Bộ Y tế xin trả lời từng nội dung như sau:",
    "(1) Kiến nghị số 14 trong danh mục: \"Cử tri đề nghị Nhà nước hỗ trợ 100% mức đóng bảo hiểm y tế cho người thuộc hộ cận nghèo.\"",
    "Trả lời: Luật Bảo hiểm y tế sửa đổi năm 2024 đã được Quốc hội thông qua; mức hỗ trợ cho người thuộc hộ cận nghèo sẽ "
    "được Chính phủ quy định trong Nghị định hướng dẫn, Bộ Y tế đang xây dựng dự thảo, dự kiến trình trong năm 2026.",
    "(2) Kiến nghị số 17 trong danh mục: \"Các bệnh viện tuyến huyện thiếu thuốc, vật tư y tế; đồng thời cử tri đề nghị "
    "có chính sách thu hút bác sĩ về trạm y tế xã vùng sâu, vùng xa.\"",
    "Trả lời: Về thiếu thuốc, vật tư: Bộ Y tế đã ban hành Thông tư số 07/2024/TT-BYT về đàm phán giá, tình trạng thiếu "
    "thuốc tại các bệnh viện tuyến huyện đã được khắc phục cơ bản. Về thu hút bác sĩ: Nghị định số 05/2023/NĐ-CP đã "
    "nâng phụ cấp ưu đãi nghề cho bác sĩ ở trạm y tế xã vùng khó khăn và đã được thực hiện từ năm 2023.",
    "(3) Kiến nghị số 21 trong danh mục: \"Đề nghị Bộ Y tế đầu tư xây dựng Bệnh viện Đa khoa khu vực Bắc Bắc Bộ tại tỉnh Bắc Kạn.\"",
    "Trả lời: Việc đầu tư bệnh viện tuyến tỉnh thuộc thẩm quyền của địa phương theo Luật Đầu tư công; Bộ Y tế xin thông tin để cử tri được biết.",
    "(4) Kiến nghị số 23 trong danh mục: \"Đề nghị bổ sung thuốc điều trị ung thư vào danh mục thuốc được quỹ bảo hiểm y tế thanh toán.\"",
    "Trả lời: Bộ Y tế đang rà soát, cập nhật danh mục thuốc; các thuốc điều trị ung thư mới sẽ được xem xét bổ sung trong lần sửa đổi Thông tư năm 2026.",
    "Bộ Y tế trân trọng cảm ơn sự quan tâm của cử tri tỉnh Bắc Kạn.",
    "Nơi nhận:", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG",
]
HELDOUT2_TRUTH_MINISTRY = [
    ("ho can ngheo", {"KN-BHYT01"}, "dang_giai_quyet"),
    ("thieu thuoc", {"KN-YTE03", "KN-YTE05"}, "da_giai_quyet"),
    ("bac bac bo", set(), "da_giai_trinh"),
    ("ung thu", {"KN-BHYT02"}, "dang_giai_quyet"),
]
HELDOUT2_MERGED = [  # (row, col) 1-based cells; merges below
    ["BIỂU TỔNG HỢP KẾT QUẢ GIẢI QUYẾT KIẾN NGHỊ CỬ TRI SAU KỲ HỌP THỨ 9 HĐND TỈNH", "", "", "", "", "", ""],
    ["(Kèm theo Báo cáo số 530/BC-UBND ngày 15/12/2025 của UBND tỉnh)", "", "", "", "", "", ""],
    ["STT", "Nội dung kiến nghị của cử tri", "Cơ quan giải quyết", "Kết quả giải quyết", "Tình trạng giải quyết", "", ""],
    ["", "", "", "", "Đã giải quyết", "Đang giải quyết", "Giải trình"],
    ["I", "HUYỆN BA BỂ", "", "", "", "", ""],
    ["1", "Kênh mương nội đồng thôn Khuổi Hẻo, xã Yên Phú hư hỏng, đề nghị sửa chữa", "UBND huyện Ba Bể",
     "Đã sửa chữa 1,2 km kênh, bảo đảm nước tưới vụ mùa.", "x", "", ""],
    ["2", "Hỗ trợ giống cây trồng cho hộ bị lũ quét năm 2024 ở xã Thượng Quan", "",
     "Tỉnh đã phân bổ giống lúa, ngô; huyện đang tiếp tục cấp cho các hộ còn lại.", "", "x", ""],
    ["3", "Nạo vét kênh mương nội đồng thôn Bản Váng, xã Đồng Phúc", "",
     "Đã nạo vét 800 m kênh.", "x", "", ""],
    ["II", "HUYỆN CHỢ ĐỒN", "", "", "", "", ""],
    ["4", "Chi trả bồi thường GPMB đường tránh thị trấn Bằng Lũng", "UBND huyện Chợ Đồn",
     "Đang thẩm định phương án bồi thường bổ sung cho 5 hộ.", "", "x", ""],
    ["5", "Xây dựng nhà văn hóa thôn Bản Piềng, xã Bằng Thành", "",
     "Ngân sách huyện chưa cân đối được; đề nghị xã vận động xã hội hóa.", "", "", "x"],
    ["6", "Đầu tư điện lưới quốc gia cho thôn Nà Bản, xã Cao Sơn", "Công ty Điện lực Bắc Kạn",
     "Đã đóng điện cho 40 hộ.", "x", "", ""],
]
HELDOUT2_MERGES = ["A1:G1", "A2:G2", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:G3", "B5:G5", "C6:C8",
                   "B9:G9", "C10:C11"]
HELDOUT2_TRUTH_MERGED = [
    ("khuoi heo", {"KN-DP14"}, "da_giai_quyet"),
    ("thuong quan", {"KN-DP23"}, "dang_giai_quyet"),
    ("ban vang", set(), "da_giai_quyet"),
    ("bang lung", {"KN-DP16"}, "dang_giai_quyet"),
    ("ban pieng", {"KN-DP19"}, "da_giai_trinh"),
    ("na ban", {"KN-DP17"}, "da_giai_quyet"),
]


def _xlsx_merged(path: Path, sheet: str, grid: list[list[str]], merges: list[str]) -> None:
    """An .xlsx as an office keeps it: merged cells hold their value in the top-left cell only."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in grid:
        ws.append(row)
    for m in merges:
        ws.merge_cells(m)
    wb.save(str(path))


def write_heldout2_set(folder: Path) -> dict[str, list]:
    folder.mkdir(parents=True, exist_ok=True)
    _docx(folder / "ubnd_tinh_518.docx", HELDOUT2_SECTOR_REPORT)
    (folder / "bo_y_te_6015.txt").write_text("\n".join(HELDOUT2_MINISTRY), encoding="utf-8")
    _xlsx_merged(folder / "bieu_tong_hop_530.xlsx", "Biểu 01", HELDOUT2_MERGED, HELDOUT2_MERGES)
    return {"ubnd_tinh_518.docx": HELDOUT2_TRUTH_SECTOR, "bo_y_te_6015.txt": HELDOUT2_TRUTH_MINISTRY,
            "bieu_tong_hop_530.xlsx": HELDOUT2_TRUTH_MERGED}
