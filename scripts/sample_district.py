"""Two documents of the bundled sample round that show PDF and consolidated-report reading:

* ``tong_hop/bao_cao_huyen_ngoc_lac.docx``: a district's consolidated report (Roman group
  headings, Arabic sector headings, items attributed to several units, "(3 lượt ý kiến)");
* ``xa_thach_lap/bien_ban_tiep_xuc.pdf``: a commune's minutes as a PDF with a text layer, an
  answer read under the recommendation it answers.

Used by ``sample_round.generate_round`` (formats "report" and "pdf"). Fixed content, no
randomness. The PDF is written with fpdf2 (test extra) and a system font with Vietnamese
glyphs; where either is missing the committed copy in data/raw/sample is used as is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "data" / "raw" / "sample"

REPORT_FILE = "tong_hop/bao_cao_huyen_ngoc_lac.docx"
PDF_FILE = "xa_thach_lap/bien_ban_tiep_xuc.pdf"

REPORT = [
    "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 215/BC-UBND",
    "BÁO CÁO",
    "Tổng hợp ý kiến, kiến nghị của cử tri huyện Ngọc Lặc trước Kỳ họp thứ Mười",
    "Thực hiện Kế hoạch của Đoàn đại biểu Quốc hội tỉnh, UBND huyện tổng hợp ý kiến, kiến nghị "
    "của cử tri như sau:",
    "I. KIẾN NGHỊ THUỘC THẨM QUYỀN CỦA TỈNH, TRUNG ƯƠNG",
    "1. Lĩnh vực giao thông, xây dựng",
    "- Cử tri xã Minh Sơn, xã Minh Tiến kiến nghị: đầu tư nâng cấp tuyến đường tỉnh 519 đoạn qua hai "
    "xã, mặt đường nhiều ổ gà, mùa mưa xe khách không đi được (3 lượt ý kiến).",
    "- Đề nghị sớm hoàn thành cầu Cẩm Ngọc qua sông Âm, công trình thi công chậm hơn hai năm so với "
    "kế hoạch (Cử tri xã Cao Ngọc, thị trấn Ngọc Lặc).",
    "2. Lĩnh vực lao động, thương binh và xã hội",
    "- Có 4 lượt cử tri kiến nghị: điều chỉnh chuẩn hộ cận nghèo vùng đồng bào dân tộc thiểu số, "
    "nhiều hộ vừa thoát nghèo đã mất thẻ bảo hiểm y tế.",
    "II. KIẾN NGHỊ THUỘC THẨM QUYỀN CỦA HUYỆN",
    "1. Lĩnh vực nông nghiệp",
    "- Cử tri xã Ngọc Liên kiến nghị: hỗ trợ giống mía kháng bệnh chồi cỏ cho vùng nguyên liệu, "
    "năng suất mía giảm mạnh hai vụ liền (02 ý kiến).",
    "2. Lĩnh vực giáo dục",
    "- Đề nghị bố trí thêm giáo viên dạy tiếng Mường cho các trường tiểu học vùng cao của huyện.",
    "Trên đây là tổng hợp ý kiến, kiến nghị của cử tri huyện Ngọc Lặc./.",
    "Nơi nhận:",
    "- Đoàn ĐBQH tỉnh;",
    "- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Hà Văn Lộc",
]
_ROAD = "đầu tư nâng cấp tuyến đường tỉnh 519 đoạn qua hai xã, mặt đường nhiều ổ gà, mùa mưa xe khách không đi được."
_BRIDGE = "Đề nghị sớm hoàn thành cầu Cẩm Ngọc qua sông Âm, công trình thi công chậm hơn hai năm so với kế hoạch."
# (unit, text as read, sector, authority, dup_group, answered, n_opinions): one row per unit
REPORT_TRUTH = [
    ("Xã Minh Sơn", _ROAD, "giao_thong", "dia_phuong", "D90", False, 2),
    ("Xã Minh Tiến", _ROAD, "giao_thong", "dia_phuong", "D90", False, 1),
    ("Xã Cao Ngọc", _BRIDGE, "giao_thong", "dia_phuong", "D91", False, 1),
    ("Thị trấn Ngọc Lặc", _BRIDGE, "giao_thong", "dia_phuong", "D91", False, 1),
    ("Huyện Ngọc Lặc", "điều chỉnh chuẩn hộ cận nghèo vùng đồng bào dân tộc thiểu số, nhiều hộ vừa thoát "
     "nghèo đã mất thẻ bảo hiểm y tế.", "lao_dong_xa_hoi", "trung_uong", "", False, 4),
    ("Xã Ngọc Liên", "hỗ trợ giống mía kháng bệnh chồi cỏ cho vùng nguyên liệu, năng suất mía giảm mạnh "
     "hai vụ liền.", "nong_nghiep", "dia_phuong", "", False, 2),
    ("Huyện Ngọc Lặc", "Đề nghị bố trí thêm giáo viên dạy tiếng Mường cho các trường tiểu học vùng cao "
     "của huyện.", "giao_duc", "dia_phuong", "", False, 1),
]

# short lines: a PDF keeps visual lines, and each of these fits on one
MINUTES = [
    "ỦY BAN MTTQ VIỆT NAM XÃ THẠCH LẬP",
    "BIÊN BẢN",
    "HỘI NGHỊ TIẾP XÚC CỬ TRI XÃ THẠCH LẬP",
    "Hôm nay, ngày 16 tháng 10 năm 2026, tại Hội trường UBND xã Thạch Lập.",
    "Số cử tri tham dự: 96 người.",
    "II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
    "Cử tri Bùi Văn Thắng, thôn Lập Thành đề nghị: xây kè chống sạt lở bờ suối Âm đoạn qua thôn.",
    "Trả lời:",
    "Ông Phạm Văn Hưng, Chủ tịch UBND xã: xã đã báo cáo huyện, sẽ khảo sát trong quý IV.",
    "Bà Trương Thị Nhàn (thôn Thống Nhất): đề nghị kéo đường điện chiếu sáng ra chợ Thạch Lập.",
    "Cử tri Lê Đình Phú, thôn Lập Thành kiến nghị: hỗ trợ làm chuồng trại xa nhà cho hộ chăn nuôi.",
    "Cử tri Hà Văn Toản, thôn Thạch Yên đề nghị: sớm trả tiền bồi thường đất làm hồ Thạch Yên.",
    "Hội nghị kết thúc lúc 10 giờ 30 cùng ngày.",
]
PDF_TRUTH = [
    ("Xã Thạch Lập", "xây kè chống sạt lở bờ suối Âm đoạn qua thôn.", "nong_nghiep", "dia_phuong", "", True, 1),
    ("Xã Thạch Lập", "đề nghị kéo đường điện chiếu sáng ra chợ Thạch Lập.", "xay_dung_do_thi", "dia_phuong", "", False, 1),
    ("Xã Thạch Lập", "hỗ trợ làm chuồng trại xa nhà cho hộ chăn nuôi.", "nong_nghiep", "dia_phuong", "", False, 1),
    ("Xã Thạch Lập", "sớm trả tiền bồi thường đất làm hồ Thạch Yên.", "dat_dai_moi_truong", "dia_phuong", "", False, 1),
]

_FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
          Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
          Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")]


_kept: bytes | None = None


def keep_committed() -> None:
    """Hold the committed PDF in memory (the sample folder is removed before it is rewritten)."""
    global _kept
    if (COMMITTED / PDF_FILE).is_file():
        _kept = (COMMITTED / PDF_FILE).read_bytes()


def write_report(path: Path, write_docx) -> None:
    write_docx(path, REPORT)


def write_pdf(path: Path) -> None:
    """The minutes as a PDF with a text layer; the committed bytes when fpdf2 or a font is missing."""
    font = next((p for p in _FONTS if p.is_file()), None)
    try:
        from fpdf import FPDF
    except ImportError:
        FPDF = None
    if FPDF is None or font is None:
        path.write_bytes(_kept if _kept is not None else (COMMITTED / PDF_FILE).read_bytes())
        return
    pdf = FPDF(format="A4")
    pdf.set_creation_date(dt.datetime(2026, 10, 16, tzinfo=dt.timezone.utc))
    pdf.set_producer("cutri sample_round")
    pdf.set_margins(12, 15, 12)
    pdf.add_font("vn", fname=str(font))
    pdf.set_font("vn", size=10)
    pdf.add_page()
    for line in MINUTES:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
