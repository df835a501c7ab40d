"""Shared by the corrections tests: the round's rows as the classifier would give them."""

from __future__ import annotations

from pipeline import schemas as S
from pipeline.config import Config

CFG = Config()
TAN_LAP, HUNG_LOI, MINH_XUAN = "Xã Tân Lập", "Xã Hùng Lợi", "Phường Minh Xuân"

# (unit, text, predicted sector, authority, needs_review)
ROWS = [
    (TAN_LAP, "Đề nghị nâng cấp, sửa chữa tuyến đường liên xã Tân Lập đi Hùng Lợi đã xuống cấp nghiêm trọng.",
     "giao_thong", S.LOCAL, False),
    (HUNG_LOI, "Đề nghị sớm sửa chữa tuyến đường liên xã Tân Lập đi Hùng Lợi đã xuống cấp nghiêm trọng.",
     "giao_thong", S.LOCAL, False),
    (MINH_XUAN, "Đề nghị tăng mức phụ cấp cho cán bộ không chuyên trách ở thôn, tổ dân phố.",
     "lao_dong_xa_hoi", S.LOCAL, True),
    (TAN_LAP, "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân thôn Nà Ngoa.",
     "dat_dai_moi_truong", S.LOCAL, False),
    (HUNG_LOI, "Cử tri phản ánh tình trạng thiếu nước sinh hoạt vào mùa khô tại thôn Khuổi Phầy.",
     "xay_dung_do_thi", S.LOCAL, False),
    (MINH_XUAN, "Đồng chí Chủ tịch UBND phường đã trả lời tại hội nghị về việc thu gom rác thải.",
     "dat_dai_moi_truong", S.LOCAL, True),
    (MINH_XUAN, "=SUM(A1) đề nghị kiểm tra việc thu phí vệ sinh môi trường trên địa bàn phường.",
     "tai_chinh_dau_tu", S.LOCAL, False),
    (TAN_LAP, "Đề nghị Chính phủ nghiên cứu tăng mức hỗ trợ cho người hoạt động không chuyên trách ở thôn.",
     "noi_vu", S.CENTRAL, False),
]
