"""Write tests/data/heldout_duplicate_groups.csv: duplicate groups kept apart from tuning.

Written after the clustering settings, synonyms and stop phrases of issue 19 were
chosen on tests/data/duplicate_groups.csv and benchmarks/analysis_cases.py, in other
sectors and other phrasings (questions, complaints that end in a request, the request
first or last, lists). Each group is one request raised by several units; the
look-alikes differ only by a hamlet, a road number, an age or an amount and must stay
apart. Nothing is tuned on this file: it measures (benchmarks/cluster_benchmark.py
--data tests/data/heldout_duplicate_groups.csv).

Run: .venv/bin/python tests/data/make_heldout_duplicate_groups.py
"""

from __future__ import annotations

import csv
from pathlib import Path

TW = "trung_uong"
DP = "dia_phuong"

GROUPS: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    ("H01", "y_te", TW, [
        ("xã Phú Mỹ", "Thuốc trong danh mục bảo hiểm y tế ở bệnh viện huyện thường xuyên thiếu, người bệnh phải tự mua ngoài, đề nghị Bộ Y tế có giải pháp bảo đảm đủ thuốc."),
        ("phường Đông Hà", "Tình trạng thiếu thuốc bảo hiểm y tế kéo dài, bệnh nhân phải ra nhà thuốc tư mua với giá cao. Cử tri mong Bộ Y tế sớm khắc phục."),
        ("xã Tam Hiệp", "Vì sao người có thẻ BHYT đi khám vẫn phải mua thuốc bên ngoài? Đề nghị giải quyết dứt điểm tình trạng thiếu thuốc BHYT."),
    ]),
    ("H02", "y_te", DP, [
        ("xã Hòa Bình", "Trạm y tế xã Hòa Bình chưa có bác sĩ thường trực, đề nghị huyện bố trí bác sĩ về trạm."),
        ("xã Hòa Bình", "Cử tri xã Hòa Bình kiến nghị sớm cử bác sĩ về công tác tại trạm y tế xã để người dân khám chữa bệnh thuận lợi."),
    ]),
    ("H03", "y_te", DP, [  # look-alike of H02: another commune
        ("xã Hòa Lạc", "Trạm y tế xã Hòa Lạc chưa có bác sĩ thường trực, đề nghị huyện bố trí bác sĩ về trạm."),
    ]),
    ("H04", "dat_dai_moi_truong", DP, [
        ("thị trấn Phố Lu", "Rác thải sinh hoạt ở tổ dân phố số 4 không được thu gom thường xuyên, bốc mùi hôi thối; đề nghị tăng số chuyến thu gom."),
        ("thị trấn Phố Lu", "Đề nghị đơn vị vệ sinh môi trường thu gom rác hằng ngày tại tổ dân phố số 4, hiện nay rác tồn đọng nhiều ngày gây ô nhiễm."),
        ("thị trấn Phố Lu", "Người dân tổ dân phố số 4 bức xúc vì rác thải không được thu gom kịp thời, đề nghị thị trấn chỉ đạo khắc phục."),
    ]),
    ("H05", "dat_dai_moi_truong", DP, [  # look-alike of H04: another residential group
        ("thị trấn Phố Lu", "Rác thải sinh hoạt ở tổ dân phố số 7 không được thu gom thường xuyên, bốc mùi hôi thối; đề nghị tăng số chuyến thu gom."),
    ]),
    ("H06", "giao_thong", DP, [
        ("xã Lương Sơn", "Cầu treo bản Khoang đã hư hỏng nặng, mùa mưa rất nguy hiểm cho học sinh qua lại, đề nghị tỉnh đầu tư xây cầu mới."),
        ("xã Lương Sơn", "Kiến nghị xây dựng cầu kiên cố thay cầu treo bản Khoang đã xuống cấp, không đảm bảo an toàn."),
        ("xã Lương Sơn", "Cầu treo ở bản Khoang xuống cấp nghiêm trọng, đề nghị cấp trên quan tâm đầu tư cầu mới để bà con đi lại an toàn."),
    ]),
    ("H07", "giao_thong", DP, [  # look-alike of H06: another village
        ("xã Lương Sơn", "Cầu treo bản Nà Phòn đã hư hỏng nặng, mùa mưa rất nguy hiểm cho học sinh qua lại, đề nghị tỉnh đầu tư xây cầu mới."),
    ]),
    ("H08", "giao_thong", DP, [
        ("xã Thạch Đà", "Quốc lộ 23 đoạn qua xã Thạch Đà thường xuyên ngập úng khi mưa lớn, đề nghị nâng cao nền đường và làm rãnh thoát nước."),
        ("xã Thạch Đà", "Đề nghị cải tạo hệ thống thoát nước trên QL23 đoạn qua địa bàn xã Thạch Đà, mỗi khi mưa to mặt đường ngập sâu."),
    ]),
    ("H09", "giao_thong", DP, [  # look-alike of H08: another road number
        ("xã Thạch Đà", "Quốc lộ 2 đoạn qua xã Thạch Đà thường xuyên ngập úng khi mưa lớn, đề nghị nâng cao nền đường và làm rãnh thoát nước."),
    ]),
    ("H10", "lao_dong_xa_hoi", TW, [
        ("xã An Thạnh", "Đề nghị hạ độ tuổi hưởng trợ cấp hưu trí xã hội từ 75 xuống 70 tuổi để nhiều người cao tuổi được thụ hưởng."),
        ("phường Bình Minh", "Cử tri kiến nghị Quốc hội điều chỉnh độ tuổi được nhận trợ cấp hưu trí xã hội xuống 70 tuổi thay vì từ 75 tuổi như hiện nay."),
        ("xã Long Hưng", "Người già từ 70 tuổi ở nông thôn không có lương hưu, đề nghị cho hưởng trợ cấp hưu trí xã hội từ 70 tuổi thay vì 75 tuổi."),
    ]),
    ("H11", "lao_dong_xa_hoi", TW, [  # look-alike of H10: another age
        ("xã Tân Hội", "Đề nghị hạ độ tuổi hưởng trợ cấp hưu trí xã hội từ 75 xuống 65 tuổi để nhiều người cao tuổi được thụ hưởng."),
    ]),
    ("H12", "lao_dong_xa_hoi", TW, [
        ("xã Vĩnh Hòa", "Mức trợ cấp hằng tháng cho người khuyết tật đặc biệt nặng quá thấp, đề nghị Chính phủ nâng mức chuẩn trợ giúp xã hội."),
        ("phường Tân An", "Đề nghị điều chỉnh tăng mức chuẩn trợ giúp xã hội đối với người khuyết tật đặc biệt nặng cho phù hợp với giá cả hiện nay."),
        ("xã Phước Lợi", "Cử tri đề nghị tăng trợ cấp hằng tháng cho người khuyết tật đặc biệt nặng vì mức hiện hưởng không đủ chi tiêu tối thiểu."),
    ]),
    ("H13", "cong_thuong", DP, [
        ("xã Đồng Văn", "Điện ở thôn Tả Phìn thường xuyên mất, điện áp yếu không chạy được máy bơm, đề nghị ngành điện nâng công suất trạm biến áp."),
        ("xã Đồng Văn", "Kiến nghị Điện lực huyện đầu tư thêm trạm biến áp cho thôn Tả Phìn, hiện điện yếu và hay bị cắt."),
    ]),
    ("H14", "cong_thuong", DP, [  # look-alike of H13: another hamlet
        ("xã Đồng Văn", "Điện ở thôn Sà Phìn thường xuyên mất, điện áp yếu không chạy được máy bơm, đề nghị ngành điện nâng công suất trạm biến áp."),
    ]),
    ("H15", "khoa_hoc_cong_nghe_thong_tin", DP, [
        ("xã Sơn Thủy", "Thôn Khe Ngang chưa có sóng điện thoại di động, việc liên lạc và học trực tuyến rất khó khăn, đề nghị doanh nghiệp viễn thông lắp trạm phát sóng."),
        ("xã Sơn Thủy", "Cử tri thôn Khe Ngang mong được phủ sóng di động và internet, hiện cả thôn gần như mất liên lạc."),
        ("xã Sơn Thủy", "Đề nghị tỉnh làm việc với các nhà mạng đầu tư trạm BTS tại thôn Khe Ngang vì chưa có sóng điện thoại."),
    ]),
    ("H16", "tai_chinh_dau_tu", TW, [
        ("phường Hòa Thuận", "Mức giảm trừ gia cảnh 11 triệu đồng một tháng đã lạc hậu so với giá cả, đề nghị Quốc hội sớm sửa Luật Thuế thu nhập cá nhân để nâng mức giảm trừ."),
        ("phường Thạc Gián", "Cử tri kiến nghị tăng mức giảm trừ gia cảnh khi tính thuế thu nhập cá nhân, mức 11 triệu đồng/tháng hiện nay không còn phù hợp."),
    ]),
    ("H17", "tai_chinh_dau_tu", TW, [  # look-alike of H16: another amount
        ("phường An Khê", "Đề nghị nâng mức giảm trừ gia cảnh cho người phụ thuộc từ 4,4 triệu đồng lên 6 triệu đồng mỗi tháng."),
    ]),
    ("H18", "an_ninh_tu_phap", DP, [
        ("phường Quyết Thắng", "Tình trạng thanh thiếu niên tụ tập đua xe trái phép vào ban đêm trên đường Nguyễn Huệ gây mất an ninh trật tự, đề nghị công an tăng cường tuần tra."),
        ("phường Quyết Thắng", "Đề nghị công an phường xử lý nghiêm nhóm thanh niên thường xuyên đua xe, lạng lách trên đường Nguyễn Huệ vào ban đêm."),
    ]),
    ("H19", "an_ninh_tu_phap", DP, [  # look-alike of H18: another street
        ("phường Quyết Thắng", "Đề nghị công an phường xử lý nghiêm nhóm thanh niên thường xuyên đua xe, lạng lách trên đường Lê Duẩn vào ban đêm."),
    ]),
    ("H20", "giao_duc", DP, [
        ("xã Ea Tul", "Điểm trường buôn Cuôr chưa có nhà vệ sinh và nước sạch cho học sinh, đề nghị huyện đầu tư xây dựng."),
        ("xã Ea Tul", "Học sinh điểm trường buôn Cuôr phải dùng nhà vệ sinh tạm, không có nước sạch; kiến nghị sớm xây công trình vệ sinh và giếng nước."),
    ]),
    ("H21", "nong_nghiep", DP, [
        ("xã Cẩm Thạch", "Kênh mương nội đồng thôn 5 bị bồi lấp, nước không về ruộng được, đề nghị xã nạo vét trước vụ đông xuân."),
        ("xã Cẩm Thạch", "Đề nghị sớm nạo vét kênh mương nội đồng ở thôn 5 để kịp phục vụ tưới tiêu cho vụ đông xuân."),
        ("xã Cẩm Thạch", "Mương tưới tiêu thôn 5 bồi lắng nghiêm trọng, bà con không lấy được nước vào ruộng, mong xã quan tâm nạo vét."),
    ]),
    ("H22", "nong_nghiep", DP, [  # look-alike of H21: another hamlet number
        ("xã Cẩm Thạch", "Đề nghị sớm nạo vét kênh mương nội đồng ở thôn 8 để kịp phục vụ tưới tiêu cho vụ đông xuân."),
    ]),
]


def write(path: Path) -> int:
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["group_id", "unit", "text", "sector", "authority"])
        for gid, sector, authority, items in GROUPS:
            for unit, text in items:
                w.writerow([gid, unit, text, sector, authority])
                rows += 1
    return rows


if __name__ == "__main__":
    out = Path(__file__).with_name("heldout_duplicate_groups.csv")
    print(f"{write(out)} rows → {out}")
