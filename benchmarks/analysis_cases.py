"""Realistic analysis cases written for issue 19's benchmark (never tuned on the dev set).

``groups()`` gives duplicate groups: the same request raised by several units in
different words (paraphrases with synonyms and other request verbs), and look-alikes
that must stay apart (the same wording about another place, another number or age,
another request object). Every item carries its sector, an acceptable alternative
sector (or "") and the authority that must answer.

``labelled()`` flattens them into labelled recommendations; ``without_diacritics()``
gives the same items typed without diacritics (``corrections.fold``).
"""

from __future__ import annotations

import pandas as pd

C, L = "trung_uong", "dia_phuong"

# (group id, sector, alternative sector, authority, [(unit, text), ...])
GROUPS: list[tuple[str, str, str, str, list[tuple[str, str]]]] = [
    ("P01", "lao_dong_xa_hoi", "", C, [
        ("xã Hương Sơn", "Cử tri đề nghị Chính phủ điều chỉnh tăng lương hưu cho người nghỉ hưu trước năm 1995, mức hưởng hiện nay quá thấp."),
        ("xã Tân Hòa", "Người về hưu trước năm 1995 có lương hưu thấp, đề nghị nâng mức lương hưu cho đối tượng này."),
        ("phường Đông Xuyên", "Kiến nghị Nhà nước xem xét tăng chế độ hưu trí đối với cán bộ nghỉ hưu trước năm 1995 cho tương xứng."),
    ]),
    ("P02", "lao_dong_xa_hoi", "", C, [
        ("xã Hương Sơn", "Đề nghị hạ độ tuổi hưởng trợ cấp xã hội hằng tháng đối với người cao tuổi từ 80 tuổi xuống 75 tuổi."),
        ("thị trấn Phú Minh", "Cử tri kiến nghị giảm tuổi hưởng trợ cấp xã hội cho người cao tuổi xuống 75 tuổi như nhiều nước."),
    ]),
    ("P03", "y_te", "lao_dong_xa_hoi", C, [
        ("xã Tân Hòa", "Đề nghị Nhà nước cấp thẻ BHYT miễn phí cho người cao tuổi từ 70 tuổi đến dưới 80 tuổi."),
        ("xã Nghĩa Trung", "Kiến nghị hỗ trợ thẻ bảo hiểm y tế cho người già từ 70 đến dưới 80 tuổi không có lương hưu."),
    ]),
    ("P04", "dat_dai_moi_truong", "", L, [
        ("xã Yên Lạc", "Nhiều hộ dân thôn Đồng Mới đã nộp hồ sơ hơn hai năm nhưng chưa được cấp sổ đỏ, đề nghị huyện sớm giải quyết."),
        ("xã Yên Lạc", "Cử tri thôn Đồng Mới phản ánh việc cấp giấy chứng nhận quyền sử dụng đất quá chậm, đề nghị đẩy nhanh."),
        ("xã Yên Lạc", "Đề nghị đẩy nhanh tiến độ cấp GCN QSDĐ cho các hộ ở thôn Đồng Mới."),
    ]),
    ("P05", "dat_dai_moi_truong", "", L, [  # look-alike of P04: another hamlet
        ("xã Yên Lạc", "Đề nghị đẩy nhanh tiến độ cấp GCN QSDĐ cho các hộ ở thôn Bãi Sậy."),
    ]),
    ("P06", "giao_thong", "", L, [
        ("xã Minh Tân", "Đường tỉnh 293 đoạn qua xã Minh Tân hư hỏng nặng, nhiều ổ voi, đề nghị tỉnh bố trí vốn sửa chữa."),
        ("xã Minh Tân", "Kiến nghị UBND tỉnh sớm cấp kinh phí khắc phục mặt đường ĐT 293 qua xã Minh Tân đang xuống cấp."),
        ("xã Minh Tân", "Tuyến ĐT.293 đoạn qua địa bàn xã Minh Tân có nhiều ổ gà gây mất an toàn, đề nghị sớm tu sửa."),
    ]),
    ("P07", "giao_thong", "", L, [  # look-alike of P06: another road number
        ("xã Minh Tân", "Tuyến ĐT.295 đoạn qua địa bàn xã Minh Tân có nhiều ổ gà gây mất an toàn, đề nghị sớm tu sửa."),
    ]),
    ("P08", "an_ninh_tu_phap", "", L, [
        ("phường Quang Trung", "Tình trạng cho vay nặng lãi diễn biến phức tạp, đề nghị công an có biện pháp xử lý dứt điểm."),
        ("phường Trần Phú", "Đề nghị tăng cường đấu tranh, triệt phá các đường dây tín dụng đen đang hoạt động trên địa bàn."),
        ("phường Lê Lợi", "Cử tri phản ánh tín dụng đen, vay nặng lãi vẫn tràn lan, đề nghị xử lý nghiêm các đối tượng."),
    ]),
    ("P09", "giao_duc", "", C, [
        ("xã Đông Phong", "Đề nghị Bộ Giáo dục và Đào tạo chỉ ban hành một bộ sách giáo khoa thống nhất dùng chung cả nước."),
        ("xã Quang Minh", "Sách giáo khoa thay đổi liên tục gây tốn kém cho phụ huynh, kiến nghị chỉ dùng một bộ SGK chung trên cả nước."),
    ]),
    ("P10", "noi_vu", "lao_dong_xa_hoi", C, [
        ("xã Tân Hòa", "Đề nghị nâng mức phụ cấp cho người hoạt động không chuyên trách ở thôn, tổ dân phố vì hiện nay quá thấp."),
        ("xã Nghĩa Trung", "Phụ cấp của người hoạt động không chuyên trách ở thôn còn thấp, đề nghị Chính phủ điều chỉnh tăng."),
    ]),
    ("P11", "noi_vu", "", C, [  # look-alike of P10: another request object
        ("xã Tân Hòa", "Đề nghị quy định lại số lượng người hoạt động không chuyên trách ở thôn, tổ dân phố cho phù hợp."),
    ]),
    ("P12", "cong_thuong", "", C, [
        ("phường Đông Xuyên", "Giá điện bậc thang tăng cao vào mùa hè, đề nghị Bộ Công Thương xem xét lại cách tính giá bán điện."),
        ("phường Lê Lợi", "Cử tri phản ánh tiền điện tăng bất thường trong mùa nắng nóng, kiến nghị điều chỉnh biểu giá điện bậc thang."),
    ]),
    ("P13", "xay_dung_do_thi", "", L, [
        ("phường Quang Trung", "Thành phố nên sớm cải tạo hệ thống thoát nước đường Nguyễn Văn Cừ, mỗi khi mưa lớn lại ngập sâu."),
        ("phường Quang Trung", "Đề nghị thành phố nâng cấp cống thoát nước trên đường Nguyễn Văn Cừ để chống ngập khi mưa to."),
    ]),
    ("P14", "xay_dung_do_thi", "", L, [  # look-alike of P13: another street
        ("phường Trần Phú", "Đề nghị thành phố nâng cấp cống thoát nước trên đường Lê Duẩn để chống ngập khi mưa to."),
    ]),
    ("P15", "y_te", "", L, [
        ("xã Đông Phong", "Trạm y tế xã Đông Phong xuống cấp, thiếu trang thiết bị, đề nghị tỉnh bố trí kinh phí nâng cấp."),
        ("xã Đông Phong", "Kiến nghị đầu tư sửa chữa, bổ sung thiết bị cho trạm y tế xã Đông Phong đã hư hỏng nhiều."),
    ]),
    ("P16", "an_ninh_tu_phap", "khoa_hoc_cong_nghe_thong_tin", L, [
        ("phường Trần Phú", "Đề nghị lắp đặt camera an ninh tại các ngã tư, tuyến phố chính để phòng ngừa tội phạm."),
        ("phường Lê Lợi", "Kiến nghị đầu tư hệ thống camera giám sát tại các tuyến phố, ngã tư để giữ gìn an ninh trật tự."),
    ]),
    ("P17", "quoc_hoi_phap_luat", "", C, [
        ("xã Quang Minh", "Đề nghị Quốc hội sớm sửa đổi Luật Đất đai về bồi thường khi Nhà nước thu hồi đất cho sát giá thị trường."),
        ("xã Đông Phong", "Giá bồi thường khi thu hồi đất còn thấp so với giá thị trường, kiến nghị sửa đổi Luật Đất đai cho phù hợp."),
    ]),
    ("P18", "nong_nghiep", "", L, [
        ("xã Nghĩa Trung", "Đề nghị huyện hỗ trợ giống lúa cho bà con thôn Trung Hòa bị thiệt hại do lũ vừa qua."),
        ("xã Nghĩa Trung", "Sau đợt lũ, nhiều hộ ở thôn Trung Hòa mất trắng, đề nghị hỗ trợ giống để kịp gieo cấy vụ mới."),
    ]),
    ("P19", "van_hoa_the_thao_du_lich", "", L, [
        ("xã Hương Sơn", "Nhà văn hóa thôn Bắc Sơn đã xuống cấp, đề nghị bố trí kinh phí sửa chữa để nhân dân sinh hoạt."),
        ("xã Hương Sơn", "Đề nghị hỗ trợ kinh phí tu sửa nhà văn hóa thôn Bắc Sơn bị dột nát."),
    ]),
    ("P20", "giao_duc", "", L, [
        ("xã Quang Minh", "Trường tiểu học Quang Minh thiếu 4 phòng học, học sinh phải học nhờ, đề nghị sớm đầu tư xây thêm."),
        ("xã Quang Minh", "Đề nghị bố trí vốn xây bổ sung phòng học cho trường tiểu học Quang Minh vì các cháu đang phải học nhờ."),
    ]),
]


def groups() -> pd.DataFrame:
    rows = []
    for gid, sector, alt, auth, members in GROUPS:
        for unit, text in members:
            rows.append({"group_id": gid, "unit": unit, "text": text, "sector": sector,
                         "sector_alt": alt, "authority": auth})
    out = pd.DataFrame(rows)
    return out.assign(item_id=[f"A{k:03d}" for k in range(len(out))])


def labelled() -> pd.DataFrame:
    return groups()[["item_id", "unit", "text", "sector", "sector_alt", "authority"]]


def without_diacritics() -> pd.DataFrame:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from pipeline.corrections import fold

    df = labelled()
    return df.assign(text=[fold(t) for t in df["text"]])
