"""Realistic labelled items of one office, and past reports built from them (written for cutri).

The office's habits differ from the seed corpus in places, as real offices do: rural clean
water (nước sạch nông thôn) goes to agriculture (the provincial rural water centre belongs
to the agriculture department), the one-stop counter and land-record service go to home
affairs, and the office uses its own place names and programme names. Items are built
from request templates per sector filled with the office's places, so half of them can
teach a model what the other half means.
"""

from __future__ import annotations

import random

PLACES = ["thôn Nà Pồng", "bản Khuổi Nọi", "thôn Đông Hòa", "tổ dân phố 5", "xóm Bãi Sậy", "thôn Phiêng Luông",
          "bản Nặm Cằm", "thôn Tân Thịnh"]
UNITS = ["xã Tân Lập", "xã Đồng Tiến", "xã Yên Phú", "thị trấn Nà Phặc", "xã Bằng Vân", "xã Thượng Ân"]

# (sector, authority, templates); {p} is a place
TEMPLATES = [
    ("nong_nghiep", "dia_phuong", [
        "Đề nghị đầu tư công trình cấp nước sinh hoạt tập trung cho {p}, hệ thống cũ đã hỏng nhiều năm",
        "Đề nghị Trung tâm Nước sạch và Vệ sinh môi trường nông thôn sửa chữa bể lọc nước của {p}",
        "Đề nghị nâng cấp đường ống dẫn nước tự chảy về {p}, mùa khô người dân thiếu nước sinh hoạt",
        "Đề nghị hỗ trợ bồn chứa nước cho các hộ nghèo ở {p} chưa có nước hợp vệ sinh",
        "Đề nghị kiên cố hóa kênh mương nội đồng {p} để chủ động nước tưới vụ xuân",
        "Đề nghị hỗ trợ giống ngô, phân bón cho bà con {p} bị thiệt hại do rét đậm",
    ]),
    ("noi_vu", "dia_phuong", [
        "Đề nghị bộ phận một cửa của xã niêm yết công khai thời gian trả kết quả hồ sơ cho người dân {p}",
        "Đề nghị rút ngắn thời gian giải quyết thủ tục tại bộ phận tiếp nhận và trả kết quả, người dân {p} phải đi lại nhiều lần",
        "Đề nghị bố trí đủ công chức văn hóa - xã hội sau sáp nhập để phục vụ người dân {p}",
        "Đề nghị giải quyết chế độ cho người hoạt động không chuyên trách ở {p} nghỉ việc do sắp xếp thôn",
        "Đề nghị hướng dẫn người dân {p} nộp hồ sơ trực tuyến trên Cổng dịch vụ công",
    ]),
    ("giao_thong", "dia_phuong", [
        "Đề nghị sửa chữa tuyến đường liên thôn qua {p} bị sạt lở sau mưa lũ",
        "Đề nghị làm cầu tràn qua suối ở {p}, mùa mưa học sinh không đến trường được",
        "Đề nghị lắp biển báo và gờ giảm tốc tại đoạn cua gấp gần {p}",
        "Đề nghị đổ bê tông đường ngõ xóm {p} theo phương châm nhà nước và nhân dân cùng làm",
    ]),
    ("y_te", "dia_phuong", [
        "Đề nghị tăng cường bác sĩ về trạm y tế xã để người dân {p} được khám chữa bệnh tại chỗ",
        "Đề nghị cấp đủ thuốc bảo hiểm y tế cho trạm y tế, người dân {p} phải mua thuốc ngoài",
        "Đề nghị tổ chức khám sàng lọc miễn phí cho người cao tuổi ở {p}",
        "Đề nghị kiểm tra an toàn thực phẩm tại các quán ăn quanh trường học gần {p}",
    ]),
    ("giao_duc", "dia_phuong", [
        "Đề nghị sửa chữa phòng học cấp bốn đã xuống cấp của điểm trường {p}",
        "Đề nghị xây nhà bán trú cho học sinh {p} ở xa trường",
        "Đề nghị bố trí đủ giáo viên tiếng Anh, tin học cho điểm trường {p}",
        "Đề nghị hỗ trợ tiền ăn trưa cho học sinh mẫu giáo người dân tộc thiểu số ở {p}",
    ]),
    ("dat_dai_moi_truong", "dia_phuong", [
        "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho các hộ {p} đã nộp hồ sơ từ lâu",
        "Đề nghị đo đạc lại bản đồ địa chính {p}, diện tích trên sổ sai lệch so với thực tế",
        "Đề nghị xử lý tình trạng khai thác cát trái phép trên sông đoạn qua {p}",
        "Đề nghị bố trí điểm thu gom rác thải cho {p}, rác đổ bừa bãi ven đường",
    ]),
    ("lao_dong_xa_hoi", "dia_phuong", [
        "Đề nghị xem xét hồ sơ hộ cận nghèo của các gia đình ở {p} bị bỏ sót khi rà soát",
        "Đề nghị mở lớp dạy nghề may, sửa chữa xe máy cho thanh niên {p}",
        "Đề nghị giải quyết trợ cấp cho người khuyết tật nặng ở {p} chưa được hưởng",
    ]),
    ("cong_thuong", "dia_phuong", [
        "Đề nghị ngành điện nâng công suất trạm biến áp cho {p}, điện yếu vào giờ cao điểm",
        "Đề nghị kéo điện lưới quốc gia về các hộ ở {p} còn dùng thủy điện nhỏ",
        "Đề nghị kiểm tra hàng giả, hàng kém chất lượng bán ở chợ phiên gần {p}",
    ]),
    ("an_ninh_tu_phap", "dia_phuong", [
        "Đề nghị công an xã tăng cường tuần tra, tình trạng trộm cắp gia súc ở {p} diễn ra nhiều",
        "Đề nghị xử lý nghiêm các đối tượng đánh bạc, ma túy tụ tập ở {p}",
        "Đề nghị trợ giúp pháp lý miễn phí cho người dân {p} trong tranh chấp hợp đồng",
    ]),
    ("van_hoa_the_thao_du_lich", "dia_phuong", [
        "Đề nghị hỗ trợ kinh phí sửa chữa nhà văn hóa {p} sau sáp nhập thôn",
        "Đề nghị đầu tư sân thể thao cho thanh niên {p}",
        "Đề nghị phục dựng lễ hội truyền thống của đồng bào ở {p} để phát triển du lịch cộng đồng",
    ]),
    ("quoc_hoi_phap_luat", "trung_uong", [
        "Đề nghị Quốc hội sớm sửa đổi quy định về hòa giải ở cơ sở cho phù hợp thực tế {p}",
        "Đề nghị Quốc hội giám sát việc thi hành luật tại các địa bàn khó khăn như {p}",
    ]),
    ("lao_dong_xa_hoi", "trung_uong", [
        "Đề nghị Chính phủ nâng mức trợ cấp xã hội hằng tháng cho người cao tuổi, mức hiện nay quá thấp so với đời sống ở {p}",
        "Đề nghị sửa đổi Luật Bảo hiểm xã hội để lao động tự do ở {p} dễ tham gia",
    ]),
]


def labelled_items() -> list[tuple[str, str, str]]:
    """(text, sector, authority): every template with two places, in a fixed order."""
    rng = random.Random(18)
    out = []
    for sector, authority, templates in TEMPLATES:
        for t in templates:
            for p in rng.sample(PLACES, 2):
                out.append((t.format(p=p), sector, authority))
    return out


def split_half(items, seed: int = 7):
    """Two halves, each template on both sides where it has two places."""
    rng = random.Random(seed)
    a, b = [], []
    for i in range(0, len(items), 2):
        pair = list(items[i:i + 2])
        rng.shuffle(pair)
        a.append(pair[0])
        b.extend(pair[1:])
    return a, b


def _units(i: int) -> str:
    us = [UNITS[i % len(UNITS)], UNITS[(i * 3 + 1) % len(UNITS)]]
    return ", ".join(dict.fromkeys(us))


def build_report_docx(path, items, taxonomy_labels: dict[str, str], layout: str = "numbered"):
    """A past consolidated report of ``items``.

    layout: "numbered" - Roman authority sections, "1. <label>" bold headings, numbered items;
    "ve_linh_vuc" - "Kiến nghị với Quốc hội, Chính phủ" / "Kiến nghị với UBND tỉnh", headings
    "Về lĩnh vực <short name>" in a Heading style, items with "-" bullets and counts;
    "table" - one table per authority, a merged bold row per sector, rows STT | nội dung | đơn vị.
    """
    from docx import Document

    doc = Document()
    doc.add_paragraph("ĐOÀN ĐẠI BIỂU QUỐC HỘI TỈNH BẮC KẠN")
    doc.add_paragraph().add_run("BÁO CÁO").bold = True
    doc.add_paragraph("Tổng hợp ý kiến, kiến nghị của cử tri trước Kỳ họp thứ Chín, Quốc hội khóa XV")
    doc.add_paragraph("Thực hiện chương trình tiếp xúc cử tri, Đoàn đại biểu Quốc hội tỉnh tổng hợp như sau:")
    by_auth: dict[str, dict[str, list[str]]] = {}
    for text, sector, auth in items:
        by_auth.setdefault(auth, {}).setdefault(sector, []).append(text)
    sections = [("trung_uong", {"numbered": "I. KIẾN NGHỊ THUỘC THẨM QUYỀN TRUNG ƯƠNG",
                                "ve_linh_vuc": "A. Kiến nghị với Quốc hội, Chính phủ",
                                "table": "Phần thứ nhất: Kiến nghị thuộc thẩm quyền Trung ương"}),
                ("dia_phuong", {"numbered": "II. KIẾN NGHỊ THUỘC THẨM QUYỀN ĐỊA PHƯƠNG",
                                "ve_linh_vuc": "B. Kiến nghị với UBND tỉnh",
                                "table": "Phần thứ hai: Kiến nghị thuộc thẩm quyền địa phương"})]
    n = 0
    for auth, titles in sections:
        sectors = by_auth.get(auth, {})
        if not sectors:
            continue
        doc.add_paragraph().add_run(titles[layout]).bold = True
        if layout == "table":
            table = doc.add_table(rows=1, cols=3)
            for c, h in zip(table.rows[0].cells, ("STT", "Nội dung kiến nghị", "Đơn vị")):
                c.paragraphs[0].add_run(h).bold = True
        for k, (sector, texts) in enumerate(sorted(sectors.items()), start=1):
            label = taxonomy_labels[sector]
            if layout == "numbered":
                doc.add_paragraph().add_run(f"{k}. {label}").bold = True
            elif layout == "ve_linh_vuc":
                doc.add_paragraph(f"Về lĩnh vực {label.split(',')[0].lower()}", style="Heading 2")
            else:
                row = table.add_row()
                merged = row.cells[0].merge(row.cells[2])
                merged.paragraphs[0].add_run(label).bold = True
            for j, text in enumerate(texts, start=1):
                n += 1
                if layout == "numbered":
                    doc.add_paragraph(f"{j}. {text} (Cử tri {_units(n)}).")
                elif layout == "ve_linh_vuc":
                    doc.add_paragraph(f"- Cử tri {text[0].lower() + text[1:]} ({1 + n % 3} lượt ý kiến).")
                else:
                    row = table.add_row().cells
                    row[0].text, row[1].text, row[2].text = str(j), text, _units(n)
    doc.add_paragraph("Trên đây là tổng hợp ý kiến, kiến nghị của cử tri, kính đề nghị các cơ quan xem xét, trả lời.")
    doc.add_paragraph().add_run("Nơi nhận:").bold = True
    doc.add_paragraph("- Ban Dân nguyện;")
    doc.save(path)


def build_minutes_docx(path):
    """Minutes of a voter meeting (not labelled data)."""
    from docx import Document

    doc = Document()
    doc.add_paragraph().add_run("BIÊN BẢN TIẾP XÚC CỬ TRI").bold = True
    doc.add_paragraph("Hôm nay, ngày 12 tháng 10 năm 2025, tại nhà văn hóa thôn Nà Pồng, xã Tân Lập.")
    doc.add_paragraph("Đồng chí Hoàng Văn Sơn tuyên bố lý do, giới thiệu thành phần tham dự.")
    doc.add_paragraph().add_run("1. Về lĩnh vực giao thông").bold = True
    doc.add_paragraph("Cử tri Nông Văn Tài (thôn Nà Pồng): đề nghị sửa đường liên thôn bị sạt lở.")
    doc.add_paragraph("Ông Lý Văn Pháo, thôn Khuổi Nọi, phản ánh điện yếu vào giờ cao điểm.")
    doc.add_paragraph("Đồng chí Chủ tịch UBND xã trả lời: xã đã có kế hoạch sửa chữa trong năm 2026.")
    doc.add_paragraph("Bà Triệu Thị Mai, bản Nặm Cằm: đề nghị bố trí giáo viên tiếng Anh.")
    doc.add_paragraph("Hội nghị kết thúc hồi 11 giờ cùng ngày.")
    doc.save(path)
