"""Held-out duplicate groups, set 4 (fictional tỉnh Tân Giang).

This set was written by hand WITHOUT seeing the clustering rules or any other
test data of the project.  It is meant ONLY for measuring how well duplicate
recommendations (kiến nghị cử tri) are merged; it must never be used for
tuning thresholds, keyword lists or any other rule.  If a rule is changed
because of a result on this file, the file is no longer held out.

Layout of the output ``heldout_duplicate_groups_4.csv`` (UTF-8, NFC):
    group_id,unit,text,sector,authority
One row per recommendation.  Rows that share a group_id are the same request
(raised by different units / voters, worded differently) and should be merged;
rows with different group_ids must stay apart.

Groups
    S01–S12  national policy requests (authority trung_uong)
    S13–S20  local requests about one named place (authority dia_phuong)
    S21–S32  look-alike groups: each resembles one group above (same topic) but
             differs in place, number, beneficiary, facility part or direction,
             so it must NOT be merged with it.  See LOOKALIKE_OF.

The province (tỉnh Tân Giang) and all its units are invented:
    huyện Đồng Xuyên: thị trấn Cầu Gạo, xã Phú Điền, xã Tân Hội, xã Đồng Xuyên,
                      xã Minh Lộc
    huyện Vân Sơn:    xã Vân Sơn, xã Hòa Mỹ
    thành phố Tân Giang: phường Bến Đá
All persons named are invented.  The script is deterministic (no randomness).
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

OUT = Path(__file__).with_name("heldout_duplicate_groups_4.csv")

TW = "trung_uong"
DP = "dia_phuong"

# group_id -> (sector, authority, [(unit, text), ...])
GROUPS: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    # ------------------------------------------------------------------
    # National policy requests
    # ------------------------------------------------------------------
    "S01": ("lao_dong_xa_hoi", TW, [
        ("xã Phú Điền",
         "Đề nghị điều chỉnh lương hưu cho người nghỉ hưu trước năm 1995, hiện mức hưởng quá thấp."),
        ("xã Minh Lộc",
         "Ông Lê Văn Thạc, thôn Đông Hạ, cán bộ nghỉ hưu từ năm 1993, phản ánh: lương hưu của ông hiện "
         "chỉ hơn 3,2 triệu đồng/tháng, trong khi người cùng chức vụ, cùng thâm niên nhưng nghỉ sau này "
         "hưởng gấp đôi. Cử tri đề nghị Quốc hội, Chính phủ có lộ trình điều chỉnh riêng cho nhóm nghỉ "
         "hưu trước năm 1995 để thu hẹp chênh lệch."),
        ("huyện Đồng Xuyên",
         "Nhiều cử tri là cán bộ hưu trí nghỉ việc trước ngày 01/01/1995 kiến nghị Trung ương tiếp tục "
         "tăng lương hưu đối với đối tượng này, bảo đảm tương quan hợp lý với người nghỉ hưu về sau."),
    ]),
    "S02": ("y_te", TW, [
        ("xã Hòa Mỹ",
         "Thuốc BHYT ở bệnh viện huyện thường xuyên thiếu, bệnh nhân phải tự bỏ tiền mua ngoài."),
        ("phường Bến Đá",
         "Bà Trần Thị Nguyệt, tổ dân phố 6, có chồng điều trị tiểu đường lâu năm, cho biết nhiều tháng "
         "nay khi tái khám tại Trung tâm Y tế chỉ được cấp một phần thuốc, phần còn lại bác sĩ kê đơn "
         "ra nhà thuốc tư nhân mua, mỗi tháng tốn thêm hơn 600 nghìn đồng. Đề nghị Bộ Y tế sớm có cơ chế "
         "để quỹ bảo hiểm y tế chi trả cho người bệnh khi cơ sở khám chữa bệnh không đủ thuốc."),
        ("xã Tân Hội",
         "Cử tri hỏi: người tham gia bảo hiểm y tế đóng tiền đầy đủ, vì sao đi khám lại phải bỏ tiền túi "
         "mua thuốc do bệnh viện hết thuốc? Đề nghị thanh toán lại tiền thuốc mua ngoài cho người có thẻ."),
    ]),
    "S03": ("noi_vu", TW, [
        ("xã Vân Sơn",
         "Phụ cấp trưởng thôn quá thấp, đề nghị tăng."),
        ("xã Đồng Xuyên",
         "Ông Nguyễn Hữu Khang, trưởng thôn Bình An, phát biểu: sau khi sáp nhập thôn, một trưởng thôn "
         "phải phụ trách hơn 400 hộ, công việc từ thu các khoản quỹ, hòa giải mâu thuẫn đến vận động hiến "
         "đất làm đường, nhưng phụ cấp mỗi tháng chỉ khoảng 2,3 triệu đồng, chưa đủ tiền xăng xe. Cử tri "
         "đề nghị Chính phủ nâng mức khoán quỹ phụ cấp cho người hoạt động không chuyên trách ở thôn, "
         "tổ dân phố."),
        ("huyện Vân Sơn",
         "Cử tri các xã tiếp tục phản ánh chế độ đối với người hoạt động không chuyên trách ở thôn, TDP "
         "(trưởng thôn, tổ trưởng TDP) chưa tương xứng với khối lượng công việc; kiến nghị Trung ương "
         "sửa đổi Nghị định 33/2023/NĐ-CP theo hướng tăng mức phụ cấp."),
    ]),
    "S04": ("tai_chinh_dau_tu", TW, [
        ("xã Tân Hội",
         "Giá phân bón, thuốc BVTV tăng cao trong khi lúa bán giá thấp, nông dân làm không có lãi."),
        ("xã Phú Điền",
         "Bà Đỗ Thị Lành, xóm Trại, cho biết một bao phân NPK loại 50 kg vụ này đã lên gần 700.000 đồng, "
         "trong khi giá lúa tươi chỉ khoảng 6.500 đồng/kg, trừ chi phí thì gần như không còn gì. Đề nghị "
         "Chính phủ có biện pháp bình ổn giá phân bón, kiểm soát tình trạng găm hàng, đẩy giá."),
        ("huyện Đồng Xuyên",
         "Cử tri kiến nghị Nhà nước tăng cường quản lý giá vật tư nông nghiệp, nhất là phân bón, tránh để "
         "giá biến động bất thường gây thiệt hại cho người sản xuất."),
    ]),
    "S05": ("an_ninh_tu_phap", TW, [
        ("thị trấn Cầu Gạo",
         "Tình trạng giả danh công an gọi điện lừa chuyển tiền ngày càng nhiều, đề nghị xử lý mạnh tay."),
        ("xã Minh Lộc",
         "Ông Vũ Đình Phong, thôn Thượng, kể lại việc mẹ ông 72 tuổi nhận cuộc gọi của người tự xưng là "
         "cán bộ công an, nói bà liên quan đến một vụ rửa tiền, yêu cầu chuyển 85 triệu đồng vào \"tài "
         "khoản tạm giữ\" để xác minh; may gia đình phát hiện kịp nên không mất tiền. Cử tri đề nghị Bộ "
         "Công an, Bộ Khoa học và Công nghệ siết chặt quản lý thuê bao di động, tài khoản ngân hàng, truy "
         "vết và xử lý nghiêm các đối tượng lừa đảo qua điện thoại, mạng xã hội."),
        ("phường Bến Đá",
         "Lừa đảo qua mạng: mạo danh cơ quan công an, tòa án, ngân hàng để chiếm đoạt tài sản, nạn nhân "
         "chủ yếu là người cao tuổi. Kiến nghị có giải pháp căn cơ để ngăn chặn."),
    ]),
    "S06": ("lao_dong_xa_hoi", TW, [
        ("xã Vân Sơn",
         "Đề nghị xem xét chế độ cho cháu (thế hệ thứ ba) của người nhiễm chất độc hóa học bị dị dạng, "
         "dị tật."),
        ("xã Hòa Mỹ",
         "Cử tri Phan Văn Lực, thôn Đồng Cát, cựu chiến binh, là người hoạt động kháng chiến bị nhiễm chất "
         "độc hóa học, cho biết con gái ông đã được hưởng trợ cấp, nhưng cháu nội năm nay 9 tuổi cũng bị "
         "dị tật bẩm sinh, không tự đi lại được mà không được hưởng chế độ gì. Ông đề nghị Quốc hội sửa "
         "Pháp lệnh Ưu đãi người có công với cách mạng để mở rộng đối tượng hưởng sang thế hệ thứ ba."),
        ("huyện Vân Sơn",
         "Kiến nghị Trung ương nghiên cứu, bổ sung chính sách trợ cấp đối với cháu của người hoạt động "
         "kháng chiến bị nhiễm CĐHH bị dị tật, dị dạng do ảnh hưởng của chất độc."),
    ]),
    "S07": ("giao_duc", TW, [
        ("xã Tân Hội",
         "Lương giáo viên mầm non thấp, đề nghị tăng phụ cấp ưu đãi."),
        ("thị trấn Cầu Gạo",
         "Cô Hoàng Thị Mai, giáo viên Trường Mầm non Cầu Gạo, cho biết giáo viên mầm non làm việc từ 6 giờ "
         "30 sáng đến hơn 5 giờ chiều, trông trẻ cả buổi trưa, nhưng lương mới vào nghề chỉ hơn 5 triệu "
         "đồng, nhiều bạn trẻ đã bỏ nghề. Đề nghị Quốc hội, Chính phủ quan tâm nâng phụ cấp ưu đãi nghề và "
         "có chế độ trả tiền làm thêm giờ cho giáo viên mầm non."),
        ("xã Minh Lộc",
         "Vì sao giáo viên mầm non vất vả nhất ngành mà thu nhập lại thấp nhất? Cử tri mong có chính sách "
         "tiền lương riêng cho bậc học này."),
    ]),
    "S08": ("dat_dai_moi_truong", TW, [
        ("xã Đồng Xuyên",
         "Bảng giá đất mới tăng quá cao, tiền chuyển mục đích sử dụng đất vượt khả năng của người dân."),
        ("thị trấn Cầu Gạo",
         "Ông Trịnh Quốc Bảo, khu phố 3, có 200 m² đất vườn liền kề đất ở, muốn chuyển sang đất ở để làm "
         "nhà cho con; trước đây tiền sử dụng đất phải nộp khoảng 120 triệu đồng, nay áp theo bảng giá mới "
         "lên tới hơn 400 triệu, gia đình không thể lo nổi. Cử tri đề nghị Chính phủ xem xét lại cách tính "
         "tiền sử dụng đất khi chuyển mục đích đối với đất vườn, ao trong cùng thửa có nhà ở của hộ gia đình."),
        ("huyện Đồng Xuyên",
         "Sau khi Luật Đất đai 2024 có hiệu lực, giá đất tiệm cận thị trường làm tiền SDĐ khi chuyển mục "
         "đích tăng gấp nhiều lần; cử tri kiến nghị có cơ chế giảm, cho ghi nợ hoặc nộp dần đối với hộ gia "
         "đình, cá nhân chuyển mục đích trong hạn mức."),
    ]),
    "S09": ("giao_thong", TW, [
        ("xã Hòa Mỹ",
         "Đề nghị phân mức xử phạt nồng độ cồn, không nên cấm tuyệt đối với người đi xe máy."),
        ("xã Vân Sơn",
         "Ông Lò Văn Pấng, bản Khe Mây, cho rằng ở vùng cao, đám cưới, đám giỗ uống chén rượu là phong tục; "
         "có người chỉ uống một chén rồi đi xe máy về nhà cách vài cây số cũng bị phạt tiền, tước GPLX, "
         "mất cả tháng thu nhập. Ông đề nghị Quốc hội nghiên cứu quy định một ngưỡng nồng độ cồn cho phép "
         "thay vì mức 0, nhất là đối với xe mô tô, xe gắn máy."),
        ("phường Bến Đá",
         "Quy định cứ có nồng độ cồn là xử phạt liệu có quá cứng nhắc? Có cử tri kiến nghị sửa Luật "
         "TTATGT đường bộ để có ngưỡng cồn phù hợp, tránh trường hợp ăn trái cây lên men, uống thuốc bổ "
         "cũng bị phạt."),
    ]),
    "S10": ("nong_nghiep", TW, [
        ("xã Tân Hội",
         "Đề nghị mở rộng bảo hiểm nông nghiệp cho chăn nuôi lợn, nhất là rủi ro dịch tả lợn châu Phi."),
        ("xã Đồng Xuyên",
         "Cử tri chăn nuôi phản ánh: mỗi lần dịch tả lợn châu Phi bùng phát, nhiều hộ mất trắng cả đàn mà "
         "tiền hỗ trợ của Nhà nước chỉ bằng một phần nhỏ giá trị; hiện chưa có sản phẩm bảo hiểm nào nhận "
         "bảo hiểm rủi ro dịch bệnh vật nuôi. Đề nghị Chính phủ có chính sách hỗ trợ phí bảo hiểm và "
         "khuyến khích doanh nghiệp bảo hiểm tham gia."),
    ]),
    "S11": ("lao_dong_xa_hoi", TW, [
        ("xã Minh Lộc",
         "Trợ cấp một lần cho dân công hỏa tuyến chỉ từ 2,1 đến 3,3 triệu đồng, quá thấp so với công sức "
         "đóng góp; đề nghị nâng mức và xem xét trợ cấp hằng tháng cho người già yếu, cô đơn."),
        ("huyện Vân Sơn",
         "Ông Hà Văn Tấn, 82 tuổi, bản Nà Lương, xã Vân Sơn, từng đi dân công hỏa tuyến phục vụ chiến dịch "
         "năm 1972, chỉ nhận trợ cấp một lần 2.100.000 đồng, nay già yếu, sống một mình. Cử tri đề nghị "
         "Trung ương xem xét nâng mức trợ cấp và có trợ cấp hằng tháng đối với dân công hỏa tuyến có hoàn "
         "cảnh khó khăn."),
    ]),
    "S12": ("an_ninh_tu_phap", TW, [
        ("xã Phú Điền",
         "Đã bỏ sổ hộ khẩu, có CCCD gắn chip và VNeID mà nhiều nơi vẫn đòi giấy xác nhận cư trú, đề nghị "
         "chấn chỉnh."),
        ("phường Bến Đá",
         "Cử tri phản ánh khi làm thủ tục vay vốn ngân hàng, nhập học cho con, đăng ký xe... vẫn bị yêu cầu "
         "nộp bản giấy xác nhận thông tin về cư trú, phải đi lại nhiều lần. Đề nghị Bộ Công an hướng dẫn "
         "thống nhất việc khai thác Cơ sở dữ liệu quốc gia về dân cư, không bắt người dân nộp giấy tờ mà "
         "cơ quan nhà nước đã có dữ liệu."),
        ("xã Hòa Mỹ",
         "Có căn cước công dân rồi sao mỗi lần làm hồ sơ vẫn phải lên công an xã xin giấy xác nhận cư trú?"),
    ]),
    # ------------------------------------------------------------------
    # Local requests about one named place
    # ------------------------------------------------------------------
    "S13": ("giao_thong", DP, [
        ("xã Vân Sơn",
         "Cầu treo bản Khe Mây xuống cấp nghiêm trọng, ván mặt cầu mục, dây cáp gỉ; đề nghị sửa chữa gấp."),
        ("xã Vân Sơn",
         "Ông Lò Văn Sinh, trưởng bản Khe Mây, phản ánh chiếc cầu treo qua suối Nậm Khe làm từ năm 2009, "
         "nay nhiều tấm ván đã gãy, cáp neo han gỉ, cầu rung lắc mạnh; hằng ngày hơn 60 học sinh phải đi "
         "qua cầu đến trường, mùa lũ rất nguy hiểm. Bà con đề nghị UBND huyện, tỉnh bố trí kinh phí thay "
         "mặt cầu, gia cố cáp hoặc xây cầu mới."),
        ("huyện Vân Sơn",
         "Cầu treo Khe Mây (xã Vân Sơn) hư hỏng, mất an toàn cho người dân và học sinh qua lại – kiến nghị "
         "tỉnh hỗ trợ vốn sửa chữa, nâng cấp trước mùa mưa lũ."),
    ]),
    "S14": ("giao_thong", DP, [
        ("xã Phú Điền",
         "ĐT.628 đoạn qua xã Phú Điền nhiều ổ gà, ổ voi."),
        ("xã Phú Điền",
         "Bà Lương Thị Thu, xóm Trại, phản ánh đoạn đường tỉnh 628 từ cầu Ông Độ đến ngã ba chợ Phú Điền "
         "dài khoảng 2 km bị xe tải chở cát cày nát, mặt đường bong tróc, mưa xuống thành vũng, đã xảy ra "
         "nhiều vụ ngã xe. Đề nghị Sở Xây dựng sớm sửa chữa, thảm lại mặt đường và kiểm soát xe quá tải."),
        ("huyện Đồng Xuyên",
         "Kiến nghị tỉnh duy tu, sửa chữa mặt đường tỉnh lộ 628 qua địa bàn xã Phú Điền đã hư hỏng nặng, "
         "ảnh hưởng đi lại và ATGT."),
    ]),
    "S15": ("xay_dung_do_thi", DP, [
        ("phường Bến Đá",
         "Mưa lớn là tổ dân phố 4 ngập sâu, nước tràn vào nhà, do cống thoát nước trên đường Lê Quý Đôn "
         "bị tắc và quá nhỏ. Đề nghị nạo vét, cải tạo hệ thống thoát nước."),
        ("phường Bến Đá",
         "Ông Đinh Công Hùng, TDP 4, cho biết từ khi khu dân cư mới phía sau được san nền cao, mỗi trận mưa "
         "to đoạn đường Lê Quý Đôn trước nhà ông ngập 40–50 cm, kéo dài vài giờ, xe máy chết máy hàng loạt. "
         "Cử tri đề nghị UBND phường và thành phố khảo sát, nâng cấp cống, mở rộng mương thoát ra sông Bến."),
    ]),
    "S16": ("giao_duc", DP, [
        ("xã Hòa Mỹ",
         "Mái tôn các phòng học ở điểm trường Đồng Cát (Trường TH Hòa Mỹ) dột nát, mưa là học sinh phải "
         "dồn bàn."),
        ("xã Hòa Mỹ",
         "Chị Phạm Thị Hoa, phụ huynh thôn Đồng Cát, phản ánh 4 phòng học ở điểm trường lẻ Đồng Cát của "
         "Trường Tiểu học Hòa Mỹ xây từ những năm 1990, mái tôn thủng nhiều chỗ, xà gồ mục, trời mưa nước "
         "chảy xuống bàn học, có hôm giáo viên phải cho học sinh nghỉ. Đề nghị huyện bố trí vốn thay mái, "
         "sửa chữa trước năm học mới."),
        ("huyện Vân Sơn",
         "Đề nghị hỗ trợ kinh phí sửa chữa mái phòng học bị dột tại điểm trường Đồng Cát, Trường Tiểu học "
         "Hòa Mỹ."),
    ]),
    "S17": ("y_te", DP, [
        ("xã Minh Lộc",
         "Trạm y tế xã Minh Lộc hơn một năm nay không có bác sĩ, chỉ có y sĩ và điều dưỡng, người dân phải "
         "lên tuyến huyện khám."),
        ("huyện Đồng Xuyên",
         "Cử tri xã Minh Lộc đề nghị Sở Y tế, Trung tâm Y tế huyện bố trí bác sĩ về làm việc thường xuyên "
         "tại trạm y tế xã, hoặc luân phiên bác sĩ tuyến trên về khám định kỳ."),
    ]),
    "S18": ("nong_nghiep", DP, [
        ("xã Tân Hội",
         "Kênh N2 trạm bơm Bàu Sen bị sạt lở, bồi lắng, nước không về được cuối kênh."),
        ("xã Tân Hội",
         "Ông Bùi Văn Nghĩa, thôn Tân Thành, phản ánh tuyến kênh N2 dẫn nước từ trạm bơm Bàu Sen là kênh "
         "đất, nhiều đoạn bờ bị sạt, lòng kênh đầy bùn và cỏ; vụ đông xuân vừa qua khoảng 30 ha lúa cuối "
         "kênh thiếu nước, phải chạy máy dầu bơm tưới bổ sung. Đề nghị Công ty TNHH MTV Khai thác công "
         "trình thủy lợi nạo vét và có kế hoạch kiên cố hóa tuyến kênh."),
        ("huyện Đồng Xuyên",
         "Đề nghị nạo vét, sửa chữa kênh tưới N2 (TB Bàu Sen, xã Tân Hội) bảo đảm đủ nước phục vụ sản xuất "
         "vụ hè thu."),
    ]),
    "S19": ("xay_dung_do_thi", DP, [
        ("xã Đồng Xuyên",
         "Thôn Bình An chưa có nước sạch, đề nghị kéo đường ống từ nhà máy nước Đồng Xuyên về thôn."),
        ("xã Đồng Xuyên",
         "Bà Mạc Thị Yến, thôn Bình An, cho biết đường ống nước sạch đã về đến thôn bên cạnh, cách chỉ hơn "
         "1 km, nhưng Bình An với gần 180 hộ vẫn phải dùng nước giếng khoan nhiễm phèn, đun sôi vẫn đóng "
         "cặn. Bà con sẵn sàng góp tiền đấu nối, đề nghị huyện và đơn vị cấp nước sớm mở rộng mạng lưới."),
    ]),
    "S20": ("dat_dai_moi_truong", DP, [
        ("thị trấn Cầu Gạo",
         "Các hộ ở khu tái định cư Đồi Thông nhận đất từ năm 2019 đến nay vẫn chưa được cấp giấy chứng nhận "
         "QSDĐ, đề nghị giải quyết dứt điểm."),
        ("huyện Đồng Xuyên",
         "Ông Tạ Văn Lợi, khu TĐC Đồi Thông, thị trấn Cầu Gạo, hỏi: gia đình đã nộp đủ tiền sử dụng đất "
         "từ 6 năm trước, vì sao vẫn chưa có sổ đỏ để yên tâm xây nhà, thế chấp vay vốn? Đề nghị cơ quan "
         "chức năng trả lời rõ vướng mắc và thời hạn cấp GCN."),
    ]),
    # ------------------------------------------------------------------
    # Look-alike groups (must NOT be merged with the group they resemble)
    # ------------------------------------------------------------------
    # other cohort / year than S01
    "S21": ("lao_dong_xa_hoi", TW, [
        ("thị trấn Cầu Gạo",
         "Lao động nữ nghỉ hưu từ năm 2018 đến nay có tỷ lệ hưởng lương hưu thấp hơn người nghỉ trước năm "
         "2018 dù cùng số năm đóng BHXH, do thay đổi cách tính; đề nghị xem xét bù phần chênh lệch."),
        ("xã Tân Hội",
         "Chị em công nhân nghỉ hưu mấy năm gần đây hỏi vì sao đóng BHXH 25 năm mà chỉ được hưởng 65%, "
         "thấp hơn người nghỉ trước 2018? Đề nghị có chính sách điều chỉnh cho công bằng."),
    ]),
    # other beneficiary than S03
    "S22": ("y_te", TW, [
        ("xã Vân Sơn",
         "Nhân viên y tế thôn bản hiện chỉ hưởng phụ cấp bằng 0,3 hoặc 0,5 mức lương cơ sở, không đủ sống; "
         "đề nghị Trung ương nâng phụ cấp để giữ chân người làm."),
        ("xã Hòa Mỹ",
         "Cô đỡ thôn bản và nhân viên y tế thôn làm việc gần như cả ngày mà phụ cấp thấp, nhiều người đã "
         "bỏ việc. Kiến nghị tăng phụ cấp cho đội ngũ này."),
    ]),
    # opposite direction to S09
    "S23": ("giao_thong", TW, [
        ("phường Bến Đá",
         "Cử tri ủng hộ giữ nguyên quy định cấm tuyệt đối nồng độ cồn khi lái xe, đề nghị tăng cường kiểm "
         "tra cả ban đêm và trên các tuyến đường nông thôn."),
        ("xã Minh Lộc",
         "Bà Nông Thị Hiền, thôn Đông Hạ, có con trai bị người say rượu lái xe máy đâm gây thương tích, đề "
         "nghị không nới lỏng quy định về nồng độ cồn, xử lý thật nghiêm người uống rượu bia rồi lái xe."),
    ]),
    # same insurance, other request/percent than S02
    "S24": ("y_te", TW, [
        ("xã Vân Sơn",
         "Đề nghị nâng mức hỗ trợ đóng BHYT cho người thuộc hộ cận nghèo từ 70% lên 100% như hộ nghèo."),
        ("xã Minh Lộc",
         "Nhiều hộ cận nghèo vẫn phải tự đóng 30% tiền mua thẻ bảo hiểm y tế, thu nhập bấp bênh nên có hộ "
         "bỏ không mua; cử tri mong Nhà nước hỗ trợ toàn bộ."),
    ]),
    # same beneficiary family, other request than S06
    "S25": ("lao_dong_xa_hoi", TW, [
        ("xã Phú Điền",
         "Thủ tục xác nhận người hoạt động kháng chiến bị nhiễm chất độc hóa học còn rườm rà, nhiều người đã "
         "cao tuổi, giấy tờ thất lạc nên chưa được công nhận; đề nghị đơn giản hóa hồ sơ, giấy tờ chứng minh."),
        ("huyện Đồng Xuyên",
         "Một số cựu chiến binh từng hoạt động ở vùng quân đội Mỹ rải chất độc hóa học, nay mắc bệnh nhưng "
         "hồ sơ không đủ điều kiện vì thiếu giấy tờ gốc. Cử tri đề nghị Bộ Nội vụ hướng dẫn cách xác nhận "
         "linh hoạt hơn."),
    ]),
    # other bridge in the same commune as S13
    "S26": ("giao_thong", DP, [
        ("xã Vân Sơn",
         "Bản Nà Lương chưa có cầu qua suối, mùa mưa bà con phải lội hoặc đi bè; đề nghị đầu tư xây mới cầu "
         "treo dân sinh."),
        ("huyện Vân Sơn",
         "Đề nghị đưa cầu treo bản Nà Lương, xã Vân Sơn vào danh mục đầu tư cầu dân sinh giai đoạn "
         "2026–2030."),
    ]),
    # same road and commune as S14, other request
    "S27": ("giao_thong", DP, [
        ("xã Phú Điền",
         "Đề nghị lắp đèn tín hiệu, gờ giảm tốc trên ĐT.628 trước cổng Trường THCS Phú Điền, giờ tan học "
         "xe chạy nhanh rất nguy hiểm."),
        ("huyện Đồng Xuyên",
         "Phụ huynh Trường THCS Phú Điền lo lắng vì cổng trường mở thẳng ra đường tỉnh 628, chưa có biển "
         "báo khu vực trường học, vạch kẻ đường cho người đi bộ; kiến nghị bổ sung hệ thống an toàn giao "
         "thông tại đây."),
    ]),
    # same school site as S16, toilets instead of roof
    "S28": ("giao_duc", DP, [
        ("xã Hòa Mỹ",
         "Điểm trường Đồng Cát của Trường Tiểu học Hòa Mỹ chưa có nhà vệ sinh đạt chuẩn, hiện dùng nhà vệ "
         "sinh tạm, thiếu nước, mùi hôi; đề nghị xây mới khu vệ sinh cho học sinh."),
        ("huyện Vân Sơn",
         "Trường TH Hòa Mỹ (điểm Đồng Cát): khu vệ sinh xuống cấp, không có nước sạch, học sinh nữ ngại "
         "đi vệ sinh."),
    ]),
    # land price: raise (compensation) instead of lower (S08)
    "S29": ("dat_dai_moi_truong", DP, [
        ("xã Phú Điền",
         "Giá đất nông nghiệp trong bảng giá đất còn thấp so với thực tế, người bị thu hồi đất chịu thiệt; "
         "đề nghị điều chỉnh tăng giá đất nông nghiệp để bồi thường thỏa đáng."),
        ("xã Tân Hội",
         "Cử tri thôn Tân Thành có ruộng nằm trong dự án mở rộng ĐT.628 hỏi: tại sao đất lúa chỉ được bồi "
         "thường hơn 50.000 đồng một mét vuông, trong khi giá chuyển nhượng ngoài thị trường gấp mấy lần? "
         "Đề nghị HĐND tỉnh điều chỉnh tăng giá đất nông nghiệp trong bảng giá đất."),
    ]),
    # other canal of the same pumping station as S18
    "S30": ("nong_nghiep", DP, [
        ("xã Tân Hội",
         "Kênh N4 thuộc hệ thống trạm bơm Bàu Sen, đoạn qua thôn Hội Xuân, đã được bê tông nhưng nay nứt "
         "vỡ, rò rỉ nước; đề nghị sửa chữa."),
        ("huyện Đồng Xuyên",
         "Tuyến kênh N4 (trạm bơm Bàu Sen) qua thôn Hội Xuân bị nứt, rò rỉ nhiều đoạn, cử tri kiến nghị "
         "tu sửa."),
    ]),
    # other kind of online harm than S05
    "S31": ("an_ninh_tu_phap", TW, [
        ("thị trấn Cầu Gạo",
         "Nhiều người vay tiền qua ứng dụng trên điện thoại bị tính lãi cắt cổ, chậm trả là bị gọi điện "
         "khủng bố, bôi nhọ lên người thân, đồng nghiệp; đề nghị Bộ Công an và Ngân hàng Nhà nước xử lý "
         "triệt để các app cho vay trái phép."),
    ]),
    # other beneficiary than S07 (medical staff instead of teachers)
    "S32": ("y_te", TW, [
        ("xã Minh Lộc",
         "Y sĩ, điều dưỡng ở trạm y tế xã thu nhập thấp, trực cả đêm mà phụ cấp trực rất ít; nhiều người "
         "xin nghỉ chuyển ra làm cho phòng khám tư. Đề nghị Trung ương cải thiện chế độ tiền lương cho "
         "nhân viên y tế cơ sở."),
    ]),
}

# look-alike group -> the group it resembles (kept here, not in the csv)
LOOKALIKE_OF: dict[str, str] = {
    "S21": "S01",  # pension: women retiring from 2018 vs people retiring before 1995
    "S22": "S03",  # allowance: village health workers vs village heads
    "S23": "S09",  # alcohol rule: keep strict vs relax
    "S24": "S02",  # BHYT: near-poor premium 70% -> 100% vs paying for drugs bought outside
    "S25": "S06",  # agent orange: veterans' own recognition vs third generation
    "S26": "S13",  # suspension bridge: bản Nà Lương vs bản Khe Mây
    "S27": "S14",  # ĐT.628 at Phú Điền: traffic safety at school gate vs potholes
    "S28": "S16",  # điểm trường Đồng Cát: toilets vs roof
    "S29": "S08",  # land price: raise for compensation vs lower for conversion fee
    "S30": "S18",  # trạm bơm Bàu Sen: canal N4 vs canal N2
    "S31": "S05",  # online: lending apps vs impersonation calls
    "S32": "S07",  # pay: commune health staff vs preschool teachers
}

COLUMNS = ["group_id", "unit", "text", "sector", "authority"]


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def rows() -> list[dict[str, str]]:
    out = []
    for gid, (sector, authority, items) in GROUPS.items():
        for unit, text in items:
            out.append({
                "group_id": gid,
                "unit": nfc(unit),
                "text": nfc(" ".join(text.split())),
                "sector": sector,
                "authority": authority,
            })
    return out


def main() -> None:
    assert set(LOOKALIKE_OF) <= set(GROUPS)
    assert set(LOOKALIKE_OF.values()) <= set(GROUPS)
    assert not set(LOOKALIKE_OF) & set(LOOKALIKE_OF.values())
    data = rows()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
    print(f"wrote {OUT.name}: {len(GROUPS)} groups, {len(data)} rows, "
          f"{len(LOOKALIKE_OF)} look-alike groups")


if __name__ == "__main__":
    main()
