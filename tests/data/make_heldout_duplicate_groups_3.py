"""Generate tests/data/heldout_duplicate_groups_3.csv (third held-out duplicate set).

This is a HELD-OUT evaluation set for the duplicate-merging step. It was
written by hand WITHOUT seeing the clustering rules, the lexicons or any other
file under pipeline/ (only the sector slugs of the taxonomy were consulted),
and without reading the other duplicate-group sets. All province, commune,
hamlet, road and person names are invented.

Use it ONLY to MEASURE merging quality. Do NOT tune thresholds, synonym lists,
stop-word lists or any other rule against it: once it has been used for tuning
it is no longer held out and its numbers mean nothing.

Layout of the csv (UTF-8, NFC): group_id,unit,text,sector,authority
  * one row per recommendation (kiến nghị) as a clerk would receive it;
  * rows sharing a group_id are the same request and should be merged;
  * rows with different group_ids must stay apart.

Content:
  * national policy requests raised by 2-4 units, worded very differently
    (telegraphic / minutes-style with a voter's name / question or complaint);
  * local requests about one named place raised by 2-3 voters or units;
  * look-alike groups (see LOOKALIKE_OF below): same topic as another group
    but another place, another number, another beneficiary group or the
    opposite direction. They must NOT be merged with the group they resemble.

The script is deterministic (no randomness); group ids are assigned in the
order the groups are listed.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from pathlib import Path

OUT = Path(__file__).with_name("heldout_duplicate_groups_3.csv")

SECTORS = {
    "nong_nghiep", "dat_dai_moi_truong", "giao_thong", "xay_dung_do_thi",
    "cong_thuong", "tai_chinh_dau_tu", "lao_dong_xa_hoi", "y_te", "giao_duc",
    "van_hoa_the_thao_du_lich", "noi_vu", "an_ninh_tu_phap",
    "khoa_hoc_cong_nghe_thong_tin", "dan_toc_ton_giao", "quoc_hoi_phap_luat",
    "khac",
}
AUTHORITIES = {"trung_uong", "dia_phuong"}

# Each group: key, sector, authority, rows [(unit, text)].
# Keys are only for documentation (LOOKALIKE_OF); the csv gets R01, R02, ...
GROUPS: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    # ------------------------------------------------------------------
    # National policy requests (and their look-alikes right after them)
    # ------------------------------------------------------------------
    ("luong_huu_truoc_1995", "lao_dong_xa_hoi", "trung_uong", [
        ("xã Phú Điền",
         "Đề nghị tăng lương hưu cho người nghỉ hưu trước năm 1995."),
        ("phường Trà Lân",
         "Ông Lê Quang Thiện, 92 tuổi, tổ dân phố số 7, nguyên cán bộ ngành "
         "thương nghiệp, nghỉ hưu từ năm 1993, phát biểu: cùng chức vụ, cùng "
         "số năm công tác nhưng người về hưu trước năm 1995 hiện chỉ nhận "
         "lương hưu chưa bằng một nửa người nghỉ sau này; mỗi lần điều chỉnh "
         "theo tỷ lệ phần trăm thì khoảng cách lại càng xa. Ông kiến nghị "
         "Quốc hội, Chính phủ có lộ trình điều chỉnh riêng cho nhóm hưu trí "
         "này để bảo đảm công bằng."),
        ("xã Vĩnh Phước Tây",
         "Cán bộ về hưu trước 1995 thắc mắc: tại sao mức hưởng của họ thấp "
         "hơn hẳn người về sau, trong khi giá cả sinh hoạt ngày càng tăng? "
         "Nhà nước đã có kế hoạch nâng mức cho đối tượng này chưa?"),
        ("xã Cao Minh",
         "Cử tri là người nghỉ hưu các xã Cao Minh, Định Hòa tiếp tục phản "
         "ánh sự chênh lệch lương hưu giữa người nghỉ trước và sau năm 1995, "
         "mong Trung ương sớm có giải pháp điều chỉnh."),
    ]),
    ("tro_cap_15_20_nam_truoc_1995", "lao_dong_xa_hoi", "trung_uong", [
        ("xã Lạc Thủy Nam",
         "Bà Đinh Thị Huê, thôn Đồng Chùa, có 17 năm công tác tại hợp tác xã "
         "mua bán, nghỉ việc từ năm 1992; do chưa đủ 20 năm nên không được "
         "hưởng lương hưu mà chỉ nhận trợ cấp hằng tháng, số tiền rất ít. Bà "
         "đề nghị Nhà nước nâng mức trợ cấp cho những người nghỉ việc trước "
         "năm 1995 có từ đủ 15 năm đến dưới 20 năm công tác."),
        ("xã Hòa Xuân Nam",
         "Đề nghị điều chỉnh mức trợ cấp hằng tháng cho người nghỉ việc "
         "trước 1995 có 15 - dưới 20 năm công tác, chưa đủ điều kiện hưởng "
         "lương hưu."),
    ]),
    ("tuoi_huu_tri_xa_hoi_70", "lao_dong_xa_hoi", "trung_uong", [
        ("xã Tam Đa",
         "Đề nghị hạ độ tuổi hưởng trợ cấp hưu trí xã hội từ 75 tuổi xuống "
         "70 tuổi."),
        ("phường Bình Châu",
         "Ông Nguyễn Hữu Lộc, khu phố 3, nêu ý kiến: Luật Bảo hiểm xã hội năm "
         "2024 đã giảm tuổi hưởng trợ cấp hưu trí xã hội từ 80 xuống 75, cử "
         "tri rất phấn khởi. Tuy nhiên người từ 70 đến dưới 75 tuổi chỉ được "
         "hưởng nếu thuộc hộ nghèo, cận nghèo, trong khi nhiều cụ ở nông thôn "
         "không có lương hưu, sức khỏe yếu, không còn làm ruộng được. Kiến "
         "nghị Quốc hội nghiên cứu mở rộng cho tất cả người từ đủ 70 tuổi "
         "không có lương hưu."),
        ("xã Thạch Lũy",
         "Người già 70 tuổi ở quê không lương hưu, không có con cái phụng "
         "dưỡng thì sống bằng gì? Sao phải đợi đến 75 tuổi mới được nhận "
         "tiền trợ cấp của Nhà nước?"),
    ]),
    ("muc_huu_tri_xa_hoi_1_trieu", "lao_dong_xa_hoi", "trung_uong", [
        ("xã Định Hòa",
         "Mức trợ cấp hưu trí xã hội cho người từ đủ 75 tuổi hiện là "
         "500.000 đồng/tháng, quá thấp so với giá cả; đề nghị Chính phủ nâng "
         "lên tối thiểu 1 triệu đồng/tháng."),
    ]),
    ("bhyt_ho_gia_dinh_giam_muc_dong", "y_te", "trung_uong", [
        ("xã Hưng Long Đông",
         "Đề nghị giảm mức đóng BHYT hộ gia đình."),
        ("xã Yên Phú Thượng",
         "Bà Hà Thị Nguyệt, thôn Làng Trù, phản ánh: gia đình bà có 5 người "
         "phải mua bảo hiểm y tế theo hộ gia đình, mỗi lần lương cơ sở tăng "
         "thì tiền mua thẻ lại tăng theo, năm nay cả nhà đóng hơn 4 triệu "
         "đồng, với hộ làm nông là khoản rất lớn nên nhiều nhà bỏ không mua. "
         "Đề nghị Bộ Y tế nghiên cứu giảm mức đóng hoặc tăng mức giảm trừ từ "
         "người thứ hai trở đi để bà con duy trì tham gia."),
        ("phường Tây Giang",
         "Tiền mua thẻ BHYT theo hộ gia đình năm nào cũng tăng, người lao "
         "động tự do không kham nổi. Cử tri hỏi có cách nào giảm mức đóng "
         "không?"),
    ]),
    ("bhyt_can_ngheo_100", "y_te", "trung_uong", [
        ("xã Cao Minh",
         "Đề nghị ngân sách nhà nước hỗ trợ 100% mức đóng BHYT cho người "
         "thuộc hộ cận nghèo, thay vì 70% như hiện nay."),
    ]),
    ("phu_cap_gv_mam_non", "giao_duc", "trung_uong", [
        ("xã Thạch Lũy",
         "Đề nghị nâng phụ cấp ưu đãi nghề cho giáo viên mầm non."),
        ("phường Trà Lân",
         "Cô Phan Thị Ngọc Hà, giáo viên Trường Mầm non Hoa Sen, cho biết: "
         "giáo viên mầm non làm việc từ 6 giờ 30 sáng đến gần 6 giờ chiều, "
         "vừa dạy vừa chăm trẻ, áp lực bảo đảm an toàn cho trẻ rất lớn, nhưng "
         "người mới vào nghề thực lĩnh chỉ khoảng 6 triệu đồng/tháng, nhiều "
         "người đã bỏ nghề. Cô đề nghị Chính phủ tăng mức phụ cấp ưu đãi theo "
         "nghề đối với giáo viên mầm non để giữ chân đội ngũ."),
        ("xã Vĩnh Phước Tây",
         "Cử tri ngành giáo dục phản ánh thu nhập của GV mầm non quá thấp so "
         "với công sức bỏ ra; kiến nghị Trung ương sớm có chế độ phụ cấp cao "
         "hơn cho bậc học này theo tinh thần Luật Nhà giáo."),
    ]),
    ("gv_mam_non_nghi_huu_som", "giao_duc", "trung_uong", [
        ("xã Định Hòa",
         "Đề nghị sớm hướng dẫn chế độ nghỉ hưu trước tuổi, không bị trừ tỷ "
         "lệ lương hưu đối với giáo viên mầm non."),
        ("phường Bình Châu",
         "Nhiều cô giáo mầm non ngoài 55 tuổi vẫn phải bế trẻ, dọn vệ sinh, "
         "sức khỏe không bảo đảm. Giáo viên mong được nghỉ hưu sớm hơn mà "
         "lương hưu không bị cắt giảm; khi nào thì có hướng dẫn cụ thể?"),
        ("xã Hòa Xuân Nam",
         "Cử tri là giáo viên mầm non các trường trên địa bàn kiến nghị Bộ "
         "Giáo dục và Đào tạo, Bộ Nội vụ khẩn trương hướng dẫn để giáo viên "
         "mầm non được nghỉ hưu ở tuổi thấp hơn, tối đa 5 năm, mà không bị "
         "giảm mức hưởng lương hưu."),
    ]),
    ("tien_sdd_giao_trai_tham_quyen_1993", "dat_dai_moi_truong", "trung_uong", [
        ("xã Kim Bảng Hạ",
         "Đề nghị miễn tiền sử dụng đất khi cấp sổ đỏ lần đầu cho đất được "
         "giao trái thẩm quyền trước ngày 15/10/1993."),
        ("xã Phú Điền",
         "Ông Võ Văn Sáu, ấp Bàu Tràm, trình bày: năm 1989 gia đình ông được "
         "hợp tác xã giao đất làm nhà, đã ở ổn định hơn 35 năm, nay làm thủ "
         "tục cấp giấy chứng nhận quyền sử dụng đất thì được thông báo phải "
         "nộp hơn 200 triệu đồng tiền sử dụng đất, gia đình không có khả "
         "năng. Ông kiến nghị Quốc hội, Chính phủ xem xét miễn hoặc giảm mạnh "
         "tiền sử dụng đất cho các trường hợp được giao đất không đúng thẩm "
         "quyền từ trước năm 1993."),
        ("xã Tam Đa",
         "Vì sao đất HTX cấp cho dân làm nhà từ những năm 1980, nay xin GCN "
         "QSDĐ lại bị tính tiền sử dụng đất theo giá đất mới? Cử tri cho rằng "
         "như vậy là không hợp lý, đề nghị xem xét lại."),
    ]),
    ("gcn_giao_trai_tham_quyen_2004_2014", "dat_dai_moi_truong", "trung_uong", [
        ("xã Hưng Long Đông",
         "Nhiều hộ được UBND xã giao đất ở trái thẩm quyền trong giai đoạn từ "
         "01/7/2004 đến trước 01/7/2014 đến nay vẫn chưa được cấp GCN QSDĐ vì "
         "chưa có hướng dẫn cụ thể; đề nghị Bộ Nông nghiệp và Môi trường sớm "
         "ban hành văn bản hướng dẫn."),
    ]),
    ("gia_dien_bac_1_100kwh", "cong_thuong", "trung_uong", [
        ("phường Tây Giang",
         "Đề nghị điều chỉnh biểu giá điện bậc thang, nâng bậc 1 từ "
         "0 - 50 kWh lên 0 - 100 kWh."),
        ("xã Yên Phú Thượng",
         "Ông Bùi Đức Thuận, thôn Nà Lạn, phản ánh: mùa hè nắng nóng, một hộ "
         "gia đình bình thường dùng 300 - 400 kWh mỗi tháng, phần lớn bị tính "
         "ở các bậc giá cao nên hóa đơn tiền điện tăng gấp đôi so với mùa "
         "đông. Bậc thấp nhất chỉ có 50 kWh là không sát với nhu cầu sinh "
         "hoạt hiện nay. Ông đề nghị Bộ Công Thương, EVN sửa đổi cách tính "
         "giá điện sinh hoạt, giảm số bậc và mở rộng khoảng tiêu thụ của bậc "
         "thấp."),
        ("xã Hòa Xuân Nam",
         "Giá điện sinh hoạt chia quá nhiều bậc, dùng càng nhiều thì giá "
         "càng cao; bậc đầu tiên chỉ 50 số điện thì hộ nào cũng vượt. Có nên "
         "tính lại cho hợp lý không?"),
    ]),
    ("ho_tro_tien_dien_ho_ngheo_50kwh", "cong_thuong", "trung_uong", [
        ("xã Lạc Thủy Nam",
         "Đề nghị nâng mức hỗ trợ tiền điện cho hộ nghèo, hộ chính sách xã "
         "hội từ 30 kWh/tháng lên 50 kWh/tháng."),
    ]),
    ("tro_cap_xuat_ngu", "an_ninh_tu_phap", "trung_uong", [
        ("xã Cao Minh",
         "Trợ cấp xuất ngũ cho quân nhân hoàn thành nghĩa vụ quân sự còn "
         "thấp."),
        ("xã Vĩnh Phước Tây",
         "Anh Trịnh Minh Khoa, đoàn viên thôn Phước Thọ, vừa hoàn thành hai "
         "năm nghĩa vụ quân sự, cho biết: khoản trợ cấp xuất ngũ một lần và "
         "trợ cấp tạo việc làm chỉ đủ chi tiêu vài tháng, nhiều bạn trẻ trở "
         "về địa phương chưa có việc làm ổn định. Đề nghị Bộ Quốc phòng "
         "nghiên cứu nâng mức trợ cấp khi ra quân, kèm chính sách ưu tiên học "
         "nghề, giới thiệu việc làm cho bộ đội xuất ngũ."),
        ("phường Bình Châu",
         "Thanh niên đi nghĩa vụ về chỉ được nhận mấy triệu đồng tiền xuất "
         "ngũ, có thỏa đáng với hai năm cống hiến không? Cử tri mong khoản "
         "hỗ trợ cho hạ sĩ quan, binh sĩ khi ra quân được điều chỉnh cao hơn."),
    ]),
    ("adn_hai_cot_liet_si", "lao_dong_xa_hoi", "trung_uong", [
        ("xã Định Hòa",
         "Đề nghị đẩy nhanh giám định ADN xác định danh tính hài cốt liệt sĩ."),
        ("xã Thạch Lũy",
         "Bà Lương Thị Mến, 79 tuổi, thôn Khe Vải, em gái liệt sĩ Lương Văn "
         "Thắng hy sinh năm 1972 tại chiến trường Quảng Trị, cho biết gia "
         "đình đã nộp mẫu sinh phẩm từ năm 2021 nhưng đến nay chưa có kết "
         "quả. Thân nhân các liệt sĩ tuổi đã cao, mong Nhà nước bố trí thêm "
         "kinh phí, đẩy nhanh tiến độ giám định gen để sớm đưa các anh về với "
         "gia đình."),
        ("xã Kim Bảng Hạ",
         "Cử tri là thân nhân thương binh, liệt sĩ hỏi: còn rất nhiều mộ liệt "
         "sĩ chưa biết tên, việc lấy mẫu xét nghiệm ADN để đối chiếu bao giờ "
         "mới làm xong?"),
        ("xã Hưng Long Đông",
         "Cử tri các thôn tiếp tục kiến nghị Bộ Nội vụ phối hợp với Bộ Quốc "
         "phòng, Bộ Công an tăng tốc xác định danh tính hài cốt liệt sĩ còn "
         "thiếu thông tin bằng phương pháp giám định ADN."),
    ]),
    ("ho_tro_tham_vieng_mo_liet_si", "lao_dong_xa_hoi", "trung_uong", [
        ("phường Tây Giang",
         "Đề nghị tăng mức hỗ trợ tiền tàu xe, chi phí cho thân nhân liệt sĩ "
         "đi thăm viếng mộ liệt sĩ ở các tỉnh xa, vì mức hỗ trợ hiện nay "
         "không đủ chi phí đi lại."),
        ("xã Yên Phú Thượng",
         "Thân nhân liệt sĩ mỗi lần vào các nghĩa trang phía Nam viếng mộ "
         "phải tự bỏ ra vài triệu đồng tiền xe; cử tri mong Nhà nước nâng mức "
         "hỗ trợ thăm viếng mộ liệt sĩ hằng năm."),
    ]),
    ("vay_tin_chap_nong_nghiep", "tai_chinh_dau_tu", "trung_uong", [
        ("xã Hưng Long Đông",
         "Đề nghị nâng hạn mức cho vay không có tài sản bảo đảm đối với hộ "
         "sản xuất nông nghiệp."),
        ("xã Phú Điền",
         "Ông Huỳnh Tấn Lực, ấp Rạch Gốc, nuôi 3 ha tôm kết hợp trồng lúa, "
         "cho biết: vốn đầu tư mỗi vụ lên tới vài trăm triệu đồng, nhưng ngân "
         "hàng chỉ cho vay tín chấp một phần nhỏ, muốn vay thêm phải thế chấp "
         "sổ đỏ, thủ tục kéo dài. Ông đề nghị Ngân hàng Nhà nước nâng mức cho "
         "vay không thế chấp đối với nông dân để bà con mạnh dạn đầu tư sản "
         "xuất."),
        ("xã Vĩnh Phước Tây",
         "Nông dân cần vốn mở rộng chăn nuôi, trồng trọt nhưng vay ngân hàng "
         "thì phải có tài sản thế chấp; cử tri kiến nghị tăng mức vay tín "
         "chấp cho hộ nông dân và đơn giản hóa thủ tục."),
    ]),
    ("nhcsxh_can_ngheo_200_trieu", "tai_chinh_dau_tu", "trung_uong", [
        ("xã Thạch Lũy",
         "Đề nghị nâng mức cho vay đối với hộ cận nghèo tại Ngân hàng Chính "
         "sách xã hội từ 100 triệu đồng lên 200 triệu đồng/hộ."),
        ("xã Định Hòa",
         "Hộ mới thoát nghèo, cận nghèo vay vốn NHCSXH tối đa 100 tr.đ, không "
         "đủ để làm chuồng trại, mua con giống; đề nghị Trung ương nâng hạn "
         "mức lên 200 tr.đ."),
    ]),
    ("phu_cap_can_bo_thon", "noi_vu", "trung_uong", [
        ("phường Trà Lân",
         "Đề nghị tăng phụ cấp cho người hoạt động không chuyên trách ở thôn, "
         "tổ dân phố."),
        ("xã Lạc Thủy Nam",
         "Ông Đoàn Văn Chiến, trưởng thôn Đồng Chùa, phản ánh: sau khi sáp "
         "nhập thôn, địa bàn rộng gấp đôi, công việc của trưởng thôn, bí thư "
         "chi bộ, trưởng ban công tác Mặt trận rất nhiều, nhưng phụ cấp hằng "
         "tháng chỉ khoảng 2,5 triệu đồng, không đủ tiền xăng xe. Đề nghị "
         "Chính phủ nâng mức khoán quỹ phụ cấp theo Nghị định 33/2023/NĐ-CP "
         "để động viên những người làm công tác ở thôn."),
        ("xã Cao Minh",
         "Trưởng thôn hiện nhận 2.500.000 đồng/tháng trong khi phải đi họp, "
         "vận động dân gần như cả ngày, có hợp lý không? Cử tri mong phụ cấp "
         "cho cán bộ thôn được điều chỉnh tương xứng."),
    ]),
    ("giay_chuyen_tuyen_benh_man_tinh", "y_te", "trung_uong", [
        ("xã Yên Phú Thượng",
         "Giấy chuyển tuyến BHYT cho người bệnh mạn tính phải xin lại hằng "
         "năm, gây phiền hà."),
        ("phường Bình Châu",
         "Bà Châu Thị Lan, khu phố 6, bị tiểu đường và tăng huyết áp nhiều "
         "năm, điều trị định kỳ tại Bệnh viện đa khoa tỉnh, phản ánh: cứ đầu "
         "năm lại phải về trạm y tế xin giấy chuyển viện mới được hưởng đủ "
         "quyền lợi bảo hiểm y tế, người già đi lại vất vả, mất nhiều thời "
         "gian. Bà đề nghị Bộ Y tế cho giấy chuyển tuyến đối với bệnh mạn "
         "tính có giá trị lâu dài hoặc bỏ hẳn thủ tục này."),
        ("xã Hòa Xuân Nam",
         "Người mắc bệnh mãn tính năm nào cũng phải xin giấy chuyển tuyến, "
         "thủ tục rườm rà; vì sao không cho dùng một lần cho cả quá trình "
         "điều trị?"),
    ]),
    ("lua_dao_qua_mang", "an_ninh_tu_phap", "trung_uong", [
        ("xã Phú Điền",
         "Đề nghị xử lý nghiêm các đối tượng lừa đảo qua điện thoại, mạng xã "
         "hội."),
        ("phường Tây Giang",
         "Cử tri phường phản ánh thời gian gần đây liên tục có cuộc gọi giả "
         "danh công an, cán bộ thuế, nhân viên điện lực yêu cầu cài ứng dụng, "
         "cung cấp mã OTP; đã có người cao tuổi bị chiếm đoạt hơn 300 triệu "
         "đồng tiền tiết kiệm. Kiến nghị Bộ Công an, Bộ Khoa học và Công nghệ "
         "phối hợp với nhà mạng, ngân hàng ngăn chặn triệt để, truy vết và xử "
         "lý nghiêm các đối tượng, đồng thời tăng cường tuyên truyền để người "
         "dân cảnh giác."),
        ("xã Tam Đa",
         "Tình trạng mạo danh cơ quan nhà nước gọi điện lừa tiền vẫn diễn ra "
         "tràn lan, tại sao chưa ngăn chặn được?"),
    ]),
    ("rut_bhxh_mot_lan", "lao_dong_xa_hoi", "trung_uong", [
        ("phường Bình Châu",
         "Đề nghị cho người lao động nghỉ việc được rút BHXH một lần khi có "
         "nhu cầu."),
        ("xã Hưng Long Đông",
         "Chị Mai Thị Thu Trang, công nhân một công ty may, nghỉ việc do công "
         "ty cắt giảm đơn hàng, cho biết: theo luật mới, việc hưởng bảo hiểm "
         "xã hội một lần bị siết chặt, phải chờ đủ 12 tháng và nhiều trường "
         "hợp không được nhận, trong khi chị đang rất cần tiền để trang trải "
         "và chữa bệnh cho con. Chị đề nghị Quốc hội xem xét để người lao "
         "động được quyền lựa chọn nhận bảo hiểm xã hội một lần."),
        ("phường Tây Giang",
         "Công nhân thất nghiệp hỏi: tiền BHXH là do người lao động đóng, sao "
         "lúc khó khăn lại không được rút ra?"),
    ]),
    ("han_che_rut_bhxh_mot_lan", "lao_dong_xa_hoi", "trung_uong", [
        ("xã Định Hòa",
         "Cử tri là cán bộ hưu trí đề nghị có giải pháp hạn chế tình trạng "
         "người lao động rút bảo hiểm xã hội một lần, vì về già sẽ không có "
         "lương hưu, trở thành gánh nặng cho gia đình và xã hội; cần tăng "
         "sức hấp dẫn của việc bảo lưu thời gian đóng."),
        ("xã Hòa Xuân Nam",
         "Không nên để người lao động dễ dàng rút BHXH một lần; đề nghị tăng "
         "cường tuyên truyền, có chính sách khuyến khích bảo lưu để sau này "
         "hưởng lương hưu."),
    ]),
    # ------------------------------------------------------------------
    # Local requests about one named place (and local look-alikes)
    # ------------------------------------------------------------------
    ("dh12_phu_dien_cao_minh", "giao_thong", "dia_phuong", [
        ("xã Phú Điền",
         "Đề nghị nâng cấp đường ĐH.12 đoạn từ chợ Phú Điền đi xã Cao Minh."),
        ("xã Cao Minh",
         "Ông Tạ Quang Vinh, ấp Cây Sung, phản ánh: tuyến đường huyện 12 nối "
         "xã Cao Minh với chợ Phú Điền dài khoảng 6 km, mặt đường nhựa bong "
         "tróc, nhiều ổ gà sâu gần 20 cm, học sinh đi xe đạp thường xuyên bị "
         "té ngã, xe chở nông sản đi lại rất khó khăn. Đề nghị UBND tỉnh sớm "
         "bố trí vốn sửa chữa, nâng cấp."),
        ("xã Phú Điền",
         "Cử tri hai xã Phú Điền, Cao Minh tiếp tục phản ánh tuyến ĐH12 xuống "
         "cấp nghiêm trọng, ổ gà chi chít, đi lại nguy hiểm."),
    ]),
    ("dh14_cao_minh_tam_da", "giao_thong", "dia_phuong", [
        ("xã Tam Đa",
         "Đường ĐH.14 từ trung tâm xã Tam Đa đi xã Cao Minh mặt đường chỉ rộng "
         "3,5 m, hai xe tải không tránh được nhau; đề nghị mở rộng lên 7 m."),
        ("xã Cao Minh",
         "Cử tri ấp Bưng Sen đề nghị tỉnh đầu tư mở rộng tuyến đường huyện 14 "
         "nối sang Tam Đa, vì đường quá hẹp, thường xuyên xảy ra va quẹt."),
    ]),
    ("cau_treo_khe_vai", "giao_thong", "dia_phuong", [
        ("xã Thạch Lũy",
         "Đề nghị xây mới cầu treo Khe Vải bắc qua sông Bến Vạn."),
        ("xã Thạch Lũy",
         "Ông Nguyễn Đình Tứ, thôn Khe Vải, phát biểu: cầu treo Khe Vải xây "
         "từ năm 2003, nay dây cáp gỉ sét, ván mặt cầu mục nát, mỗi lần có "
         "người đi qua cầu rung lắc mạnh; hơn 60 học sinh phải qua cầu hằng "
         "ngày để đến trường. Ông đề nghị cấp trên khẩn trương khảo sát, đầu "
         "tư xây dựng cầu mới kiên cố để bảo đảm an toàn cho nhân dân."),
        ("xã Định Hòa",
         "Cầu treo thôn Khe Vải (xã Thạch Lũy) xuống cấp nguy hiểm, người dân "
         "Định Hòa đi làm rẫy cũng phải qua đây; bao giờ thì được làm cầu "
         "mới?"),
    ]),
    ("ngap_khu_pho_4_tra_lan", "xay_dung_do_thi", "dia_phuong", [
        ("phường Trà Lân",
         "Ngập úng tại khu phố 4 mỗi khi mưa lớn."),
        ("phường Trà Lân",
         "Bà Vũ Thị Thanh Xuân, khu phố 4, cho biết: chỉ cần mưa khoảng 30 "
         "phút là nước ngập sâu 40 - 50 cm trên đoạn đường Lê Văn Hưu trước "
         "chợ, tràn vào nhà dân; nguyên nhân là mương thoát nước dọc tuyến bị "
         "lấn chiếm, bồi lắng nhiều năm chưa được nạo vét. Đề nghị UBND phường "
         "và các ngành chức năng nạo vét, cải tạo hệ thống thoát nước."),
        ("phường Trà Lân",
         "Cử tri khu phố 4 hỏi: tình trạng ngập nước đoạn trước chợ đã phản "
         "ánh nhiều lần, vì sao đến nay chưa có phương án xử lý dứt điểm? Đề "
         "nghị HĐND phường giám sát việc này."),
    ]),
    ("diem_le_tieu_hoc_lang_tru", "giao_duc", "dia_phuong", [
        ("xã Yên Phú Thượng",
         "Đề nghị sửa chữa phòng học điểm lẻ thôn Làng Trù của Trường Tiểu "
         "học Yên Phú Thượng."),
        ("xã Yên Phú Thượng",
         "Ông Hoàng Văn Pao, trưởng thôn Làng Trù, phản ánh: 4 phòng học ở "
         "điểm trường tiểu học của thôn xây từ năm 2005, nay tường nứt, mái "
         "tôn thủng, trời mưa học sinh phải kê bàn tránh dột; nhà vệ sinh hư "
         "hỏng không sử dụng được. Đề nghị xã, tỉnh bố trí kinh phí cải tạo "
         "trước năm học mới."),
    ]),
    ("thcs_yen_phu_thuong_phong_bo_mon", "giao_duc", "dia_phuong", [
        ("xã Yên Phú Thượng",
         "Trường THCS Yên Phú Thượng chưa có phòng học bộ môn tin học, ngoại "
         "ngữ, học sinh phải học chung trong phòng thường; cử tri đề nghị đầu "
         "tư xây bổ sung."),
        ("xã Yên Phú Thượng",
         "Đề nghị xây thêm phòng bộ môn, phòng thí nghiệm cho Trường trung học "
         "cơ sở xã Yên Phú Thượng để đạt chuẩn quốc gia."),
    ]),
    ("tram_y_te_tam_da_thieu_bac_si", "y_te", "dia_phuong", [
        ("xã Tam Đa",
         "Trạm y tế xã Tam Đa không có bác sĩ thường trực, thuốc BHYT thiếu, "
         "người dân phải lên tuyến trên; đề nghị Sở Y tế bố trí bác sĩ về "
         "trạm."),
        ("xã Tam Đa",
         "Bà con thôn Đá Mài hỏi: trạm y tế xã từ đầu năm chỉ còn y sĩ và nữ "
         "hộ sinh, đi khám cấp thuốc bảo hiểm thường xuyên hết thuốc, khi nào "
         "tỉnh tăng cường bác sĩ và bổ sung thuốc cho trạm?"),
    ]),
    ("bai_rac_go_mit", "dat_dai_moi_truong", "dia_phuong", [
        ("xã Kim Bảng Hạ",
         "Đề nghị xử lý bãi rác thôn Gò Mít gây ô nhiễm."),
        ("xã Kim Bảng Hạ",
         "Ông Quách Văn Đạt, thôn Gò Mít, phản ánh: bãi chứa rác tạm của xã "
         "đặt cách khu dân cư chưa đến 300 m, từ lâu đã quá tải, rác chất "
         "thành đống, thường xuyên bốc mùi hôi thối, ruồi nhặng nhiều, nước "
         "rỉ rác chảy xuống ruộng lúa. Đề nghị UBND xã và Sở Nông nghiệp và "
         "Môi trường có phương án đóng cửa bãi rác, vận chuyển rác về khu xử "
         "lý tập trung."),
        ("xã Lạc Thủy Nam",
         "Bãi rác Gò Mít bên xã Kim Bảng Hạ bốc mùi ảnh hưởng đến cả các hộ "
         "giáp ranh ở thôn Đồng Chùa; cử tri mong sớm xử lý dứt điểm."),
    ]),
    ("rac_do_trom_tl9_bau_sen", "dat_dai_moi_truong", "dia_phuong", [
        ("xã Kim Bảng Hạ",
         "Cử tri thôn Bàu Sen phản ánh có người nơi khác chở rác đổ trộm ven "
         "tỉnh lộ 9, đoạn qua cánh đồng Bàu Sen, gây mất vệ sinh; đề nghị xã "
         "lắp camera, xử phạt và tổ chức thu dọn."),
    ]),
    ("kenh_n3_cong_do", "nong_nghiep", "dia_phuong", [
        ("xã Hưng Long Đông",
         "Đề nghị nạo vét, kiên cố hóa kênh N3 trạm bơm Cống Đỏ."),
        ("xã Hưng Long Đông",
         "Cử tri các thôn Đông Hạ, Đông Thượng phản ánh kênh tưới N3 sau trạm "
         "bơm Cống Đỏ bị bồi lấp, bờ kênh sạt lở nhiều đoạn, vụ Đông Xuân vừa "
         "qua gần 40 ha lúa cuối kênh thiếu nước; kiến nghị Công ty khai thác "
         "công trình thủy lợi và UBND xã sớm nạo vét, bê tông hóa lòng kênh."),
        ("xã Hòa Xuân Nam",
         "Ruộng của bà con Hòa Xuân Nam ở cuối kênh N3 (trạm bơm Cống Đỏ) năm "
         "nào cũng thiếu nước tưới do kênh đất bị sạt; bao giờ kênh được sửa?"),
    ]),
    ("tdc_ben_dinh_chua_co_so", "dat_dai_moi_truong", "dia_phuong", [
        ("phường Tây Giang",
         "Đề nghị cấp sổ đỏ cho các hộ khu tái định cư Bến Đình."),
        ("phường Tây Giang",
         "Ông Phùng Văn Hải, tổ 12, phản ánh: năm 2019 gia đình ông cùng 46 hộ "
         "bị thu hồi đất làm đường vành đai và được bố trí vào khu tái định "
         "cư Bến Đình, đã nộp đủ tiền sử dụng đất, xây nhà ở ổn định nhưng "
         "sau hơn 6 năm vẫn chưa được cấp giấy chứng nhận quyền sử dụng đất, "
         "không thể thế chấp vay vốn hay chuyển nhượng. Đề nghị UBND tỉnh chỉ "
         "đạo hoàn thiện hồ sơ, cấp giấy cho các hộ."),
        ("phường Tây Giang",
         "Các hộ TĐC Bến Đình đến nay vẫn chưa có GCN QSDĐ, trách nhiệm chậm "
         "trễ thuộc về cơ quan nào? Đề nghị HĐND tỉnh giám sát."),
    ]),
]

# look-alike group key -> key of the group it resembles but must not join
LOOKALIKE_OF = {
    "tro_cap_15_20_nam_truoc_1995": "luong_huu_truoc_1995",        # other beneficiary
    "muc_huu_tri_xa_hoi_1_trieu": "tuoi_huu_tri_xa_hoi_70",       # amount, not age
    "bhyt_can_ngheo_100": "bhyt_ho_gia_dinh_giam_muc_dong",       # other beneficiary
    "gcn_giao_trai_tham_quyen_2004_2014": "tien_sdd_giao_trai_tham_quyen_1993",  # period
    "ho_tro_tien_dien_ho_ngheo_50kwh": "gia_dien_bac_1_100kwh",   # subsidy vs tariff
    "ho_tro_tham_vieng_mo_liet_si": "adn_hai_cot_liet_si",        # other request
    "nhcsxh_can_ngheo_200_trieu": "vay_tin_chap_nong_nghiep",     # other lender/group
    "han_che_rut_bhxh_mot_lan": "rut_bhxh_mot_lan",               # opposite direction
    "dh14_cao_minh_tam_da": "dh12_phu_dien_cao_minh",             # other road
    "thcs_yen_phu_thuong_phong_bo_mon": "diem_le_tieu_hoc_lang_tru",  # other school
    "rac_do_trom_tl9_bau_sen": "bai_rac_go_mit",                  # other hamlet
}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def build_rows() -> list[dict[str, str]]:
    keys = [g[0] for g in GROUPS]
    assert len(keys) == len(set(keys)), "duplicate group key"
    for a, b in LOOKALIKE_OF.items():
        assert a in keys and b in keys, (a, b)
    rows = []
    for i, (key, sector, authority, items) in enumerate(GROUPS, start=1):
        assert sector in SECTORS, (key, sector)
        assert authority in AUTHORITIES, (key, authority)
        assert items, key
        gid = f"R{i:02d}"
        for unit, text in items:
            rows.append({
                "group_id": gid,
                "unit": nfc(unit.strip()),
                "text": nfc(" ".join(text.split())),
                "sector": sector,
                "authority": authority,
            })
    texts = Counter(r["text"] for r in rows)
    assert all(c == 1 for c in texts.values()), "duplicate text"
    return rows


def main() -> None:
    rows = build_rows()
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["group_id", "unit", "text", "sector", "authority"])
        w.writeheader()
        w.writerows(rows)
    n_groups = len({r["group_id"] for r in rows})
    print(f"wrote {OUT.name}: {len(rows)} rows, {n_groups} groups, "
          f"{len(LOOKALIKE_OF)} look-alike groups")


if __name__ == "__main__":
    main()
