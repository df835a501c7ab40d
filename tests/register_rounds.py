"""Rounds written for the register tests: requests that recur in other words across
rounds, and look-alikes about other places or numbers that must not be linked.

Each round is (recommendations, clusters) as ``cutri run`` makes them: one cluster per
item here, so the register's matching is tested alone.
"""

from __future__ import annotations

import hashlib

import pandas as pd

# key: what the item is about (same key in two rounds = a repeat); None = not a repeat of anything
ROUND_8 = [
    ("dt293", "xa_tan_lap", "giao_thong", "dia_phuong",
     "Đề nghị sớm nâng cấp, sửa chữa tuyến đường ĐT 293 đoạn qua xã Tân Lập vì đường xuống cấp nghiêm trọng."),
    ("luong_huu", "phuong_minh_xuan", "lao_dong", "trung_uong",
     "Cử tri đề nghị Chính phủ điều chỉnh tăng lương hưu cho người nghỉ hưu trước năm 1995."),
    ("kenh_yen_phu", "xa_yen_phu", "nong_nghiep", "dia_phuong",
     "Đề nghị nạo vét, kiên cố hóa kênh mương nội đồng thôn Nà Ngoa, xã Yên Phú để phục vụ sản xuất."),
    ("bhyt", "xa_thai_long", "y_te", "trung_uong",
     "Đề nghị tiếp tục hỗ trợ 100% mức đóng bảo hiểm y tế cho người thuộc hộ cận nghèo."),
    ("truong_kim_phu", "xa_kim_phu", "giao_duc", "dia_phuong",
     "Đề nghị đầu tư xây dựng thêm phòng học cho Trường Tiểu học Kim Phú do thiếu phòng học."),
]
ROUND_9 = [
    # repeats in other words
    ("dt293", "xa_tan_lap", "giao_thong", "dia_phuong",
     "Cử tri xã Tân Lập tiếp tục kiến nghị tỉnh quan tâm sửa chữa đường ĐT 293 đoạn qua xã, mặt đường hư hỏng nặng, đi lại khó khăn."),
    ("luong_huu", "phuong_tan_ha", "lao_dong", "trung_uong",
     "Kiến nghị Chính phủ có chính sách điều chỉnh tăng lương hưu đối với người nghỉ hưu trước năm 1995 để bảo đảm cuộc sống."),
    ("bhyt", "xa_thai_long", "y_te", "trung_uong",
     "Cử tri đề nghị Nhà nước tiếp tục hỗ trợ 100% mức đóng bảo hiểm y tế cho người thuộc hộ cận nghèo như trước đây."),
    # look-alikes: another road, another commune, another school
    (None, "xa_thang_quan", "giao_thong", "dia_phuong",
     "Đề nghị sớm nâng cấp, sửa chữa tuyến đường ĐT 186 đoạn qua xã Thắng Quân vì đường xuống cấp nghiêm trọng."),
    (None, "xa_lang_quan", "nong_nghiep", "dia_phuong",
     "Đề nghị nạo vét, kiên cố hóa kênh mương nội đồng thôn Khuôn Thống, xã Lang Quán để phục vụ sản xuất."),
    (None, "xa_an_khang", "giao_duc", "dia_phuong",
     "Đề nghị đầu tư xây dựng thêm phòng học cho Trường Tiểu học An Khang do thiếu phòng học."),
    # a new request
    (None, "phuong_hung_thanh", "moi_truong", "dia_phuong",
     "Đề nghị xử lý tình trạng ô nhiễm khói bụi từ nhà máy gạch tại tổ 5, phường Hưng Thành."),
]
ROUND_10 = [
    ("dt293", "xa_tan_lap", "giao_thong", "dia_phuong",
     "Đường tỉnh 293 qua địa bàn xã Tân Lập xuống cấp đã nhiều năm, cử tri đề nghị sớm bố trí vốn sửa chữa."),
    ("luong_huu", "phuong_minh_xuan", "lao_dong", "trung_uong",
     "Đề nghị điều chỉnh tăng lương hưu cho người nghỉ hưu trước năm 1995, hiện mức lương hưu thấp."),
    (None, "xa_trung_mon", "y_te", "dia_phuong",
     "Đề nghị bổ sung bác sĩ cho Trạm y tế xã Trung Môn."),
]

UNIT_NAMES = {"xa_tan_lap": "Xã Tân Lập", "phuong_minh_xuan": "Phường Minh Xuân", "xa_yen_phu": "Xã Yên Phú",
              "xa_thai_long": "Xã Thái Long", "xa_kim_phu": "Xã Kim Phú", "phuong_tan_ha": "Phường Tân Hà",
              "xa_thang_quan": "Xã Thắng Quân", "xa_lang_quan": "Xã Lang Quán", "xa_an_khang": "Xã An Khang",
              "phuong_hung_thanh": "Phường Hưng Thành", "xa_trung_mon": "Xã Trung Môn"}


def frames(rows) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """(recommendations, clusters, cluster_id → key) of a round."""
    recs, clusters, keys = [], [], {}
    for i, (key, unit, sector, authority, text) in enumerate(rows):
        item_id = hashlib.sha1(f"{unit}|{text}".encode()).hexdigest()[:12]
        cid = "C" + item_id
        unit_name = UNIT_NAMES[unit]
        recs.append(dict(item_id=item_id, unit=unit_name, source_file=f"{unit}.txt", source_ref=f"dòng {i + 3}",
                         text=text, sector=sector, authority=authority, cluster_id=cid, not_recommendation=False))
        clusters.append(dict(cluster_id=cid, sector=sector, sector_label=sector, authority=authority,
                             representative_text=text, n_items=1, n_units=1, units=unit_name, item_ids=item_id))
        keys[cid] = key
    return pd.DataFrame(recs), pd.DataFrame(clusters), keys
