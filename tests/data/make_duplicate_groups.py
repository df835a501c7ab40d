"""Write tests/data/duplicate_groups.csv: hand-written groups of duplicate recommendations.

Each group is the same request raised by 1–5 units in different words. Groups
with a single item, or about the same topic in another place, with other
amounts or another request at the same place, are hard negatives: they must
stay apart from the groups they look like.

Run: .venv/bin/python tests/data/make_duplicate_groups.py
"""

from __future__ import annotations

import csv
from pathlib import Path

TW = "trung_uong"
DP = "dia_phuong"

# (group_id, sector, authority, [(unit, text), ...])
GROUPS: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    # ---------------- central authority: national requests ----------------
    ("G01", "lao_dong_xa_hoi", TW, [
        ("xã Tân Lập", "Đề nghị Chính phủ điều chỉnh tăng lương hưu cho người nghỉ hưu trước năm 1995 vì mức lương hiện nay quá thấp, không đủ trang trải cuộc sống."),
        ("xã Yên Phú", "Cử tri kiến nghị xem xét nâng mức lương hưu đối với cán bộ nghỉ hưu trước năm 1995 để tương xứng với người nghỉ hưu sau này."),
        ("phường Minh Xuân", "Lương hưu của người nghỉ hưu trước 1995 còn thấp, đề nghị Nhà nước sớm điều chỉnh tăng lương hưu."),
        ("xã Hùng Lợi", "Đề nghị có chính sách tăng lương hưu cho những người đã nghỉ hưu trước năm 1995, đời sống của họ còn nhiều khó khăn."),
    ]),
    ("G02", "noi_vu", TW, [
        ("xã Kim Bình", "Đề nghị tăng mức phụ cấp cho người hoạt động không chuyên trách ở thôn, tổ dân phố vì mức phụ cấp hiện nay quá thấp so với khối lượng công việc."),
        ("xã Bình An", "Phụ cấp của người hoạt động không chuyên trách ở thôn, tổ dân phố còn thấp, đề nghị Chính phủ xem xét nâng mức phụ cấp."),
        ("phường Nông Tiến", "Cử tri kiến nghị nâng phụ cấp cho người hoạt động không chuyên trách ở thôn và tổ dân phố để họ yên tâm công tác."),
    ]),
    ("G03", "cong_thuong", TW, [
        ("xã Tân Lập", "Giá điện sinh hoạt theo bậc thang hiện nay quá cao, đề nghị Bộ Công Thương xem xét điều chỉnh giảm giá điện."),
        ("xã Minh Quang", "Đề nghị giảm giá điện sinh hoạt, cách tính giá điện bậc thang làm tiền điện của các hộ gia đình tăng cao trong mùa hè."),
        ("phường An Tường", "Cử tri phản ánh tiền điện mùa nắng nóng tăng vọt, đề nghị xem xét lại biểu giá điện bậc thang cho điện sinh hoạt."),
        ("xã Lâm Bình", "Đề nghị điều chỉnh giảm giá điện sinh hoạt bậc thang, giá điện cao gây khó khăn cho người dân."),
    ]),
    ("G04", "y_te", TW, [
        ("xã Hồng Thái", "Đề nghị cấp thẻ BHYT miễn phí cho người cao tuổi từ đủ 70 tuổi đến dưới 80 tuổi không có lương hưu, trợ cấp."),
        ("xã Trung Hà", "Kiến nghị Nhà nước hỗ trợ thẻ bảo hiểm y tế cho người từ 70 tuổi đến dưới 80 tuổi chưa có lương hưu hoặc trợ cấp bảo hiểm xã hội."),
        ("xã Xuân Vân", "Người cao tuổi từ 70 đến dưới 80 tuổi không có lương hưu đề nghị được cấp thẻ bảo hiểm y tế miễn phí."),
    ]),
    ("G05", "tai_chinh_dau_tu", TW, [
        ("xã Đạo Viện", "Giá phân bón, thuốc bảo vệ thực vật tăng cao trong khi giá nông sản thấp, đề nghị Nhà nước có biện pháp bình ổn giá vật tư nông nghiệp."),
        ("xã Phúc Ứng", "Đề nghị có giải pháp kiểm soát, bình ổn giá phân bón và vật tư nông nghiệp vì giá tăng liên tục, nông dân thua lỗ."),
        ("xã Hòa Phú", "Cử tri kiến nghị bình ổn giá vật tư nông nghiệp, nhất là phân bón, để người nông dân yên tâm sản xuất."),
    ]),
    ("G06", "an_ninh_tu_phap", TW, [
        ("phường Minh Xuân", "Tình trạng lừa đảo qua mạng, gọi điện giả danh công an để chiếm đoạt tài sản diễn ra phức tạp, đề nghị có biện pháp ngăn chặn và xử lý nghiêm."),
        ("xã Yên Phú", "Đề nghị các cơ quan chức năng xử lý nghiêm các đối tượng lừa đảo chiếm đoạt tài sản qua mạng, qua điện thoại giả danh công an."),
        ("phường Nông Tiến", "Kiến nghị tăng cường phòng chống lừa đảo trên không gian mạng, nhiều người dân bị kẻ gian giả danh cơ quan công an gọi điện lừa chiếm đoạt tiền."),
        ("xã Kiên Đài", "Đề nghị ngăn chặn tình trạng lừa đảo qua điện thoại, qua mạng xã hội, có người giả danh công an yêu cầu chuyển tiền."),
    ]),
    ("G07", "giao_duc", TW, [
        ("xã Tri Phú", "Sách giáo khoa thay đổi liên tục, mỗi năm phụ huynh lại phải mua sách mới rất tốn kém, đề nghị Bộ Giáo dục và Đào tạo biên soạn một bộ sách giáo khoa thống nhất."),
        ("xã Tân Lập", "Đề nghị Bộ Giáo dục và Đào tạo sớm có một bộ sách giáo khoa thống nhất toàn quốc, sử dụng ổn định lâu dài để tránh lãng phí."),
        ("phường An Tường", "Cử tri kiến nghị chỉ nên có một bộ sách giáo khoa dùng chung cả nước và không thay đổi hằng năm, giảm chi phí cho phụ huynh."),
    ]),
    ("G08", "giao_duc", TW, [
        ("xã Minh Quang", "Lương giáo viên mầm non còn thấp so với áp lực công việc, đề nghị có chính sách tăng lương và phụ cấp cho giáo viên mầm non."),
        ("xã Lâm Bình", "Đề nghị quan tâm cải thiện thu nhập cho giáo viên mầm non, nâng phụ cấp ưu đãi để giáo viên yên tâm gắn bó với nghề."),
        ("xã Hồng Thái", "Kiến nghị Chính phủ tăng lương, phụ cấp cho đội ngũ giáo viên mầm non vì thu nhập chưa tương xứng."),
    ]),
    ("G09", "lao_dong_xa_hoi", TW, [
        ("xã Trung Hà", "Đề nghị nâng mức trợ cấp hằng tháng cho người có công với cách mạng và thân nhân liệt sĩ cho phù hợp với mức sống hiện nay."),
        ("xã Đạo Viện", "Mức trợ cấp ưu đãi đối với người có công và thân nhân liệt sĩ còn thấp, đề nghị Nhà nước điều chỉnh tăng."),
        ("xã Xuân Vân", "Cử tri kiến nghị tăng trợ cấp cho người có công với cách mạng, thân nhân của liệt sĩ."),
    ]),
    ("G10", "tai_chinh_dau_tu", TW, [
        ("xã Lâm Bình", "Đề nghị Ngân hàng Chính sách xã hội nâng mức cho vay và kéo dài thời hạn vay vốn ưu đãi cho hộ đồng bào dân tộc thiểu số phát triển sản xuất."),
        ("xã Kiên Đài", "Kiến nghị tăng hạn mức vay vốn ưu đãi, kéo dài thời gian cho vay đối với hộ đồng bào DTTS để làm kinh tế."),
        ("xã Hòa Phú", "Đề nghị nâng hạn mức và thời hạn cho vay vốn ưu đãi tại Ngân hàng Chính sách xã hội cho đồng bào dân tộc thiểu số."),
    ]),
    ("G11", "noi_vu", TW, [
        ("xã Yên Phú", "Đề nghị có chính sách hỗ trợ thỏa đáng cho cán bộ, công chức cấp xã dôi dư sau khi sắp xếp đơn vị hành chính."),
        ("xã Kim Bình", "Sau sắp xếp đơn vị hành chính nhiều cán bộ, công chức xã bị dôi dư, cử tri kiến nghị Chính phủ có chính sách giải quyết chế độ cho số cán bộ này."),
        ("phường Nông Tiến", "Kiến nghị sớm ban hành chính sách đối với cán bộ công chức cấp xã dôi dư do sắp xếp đơn vị hành chính để họ yên tâm."),
        ("xã Phúc Ứng", "Đề nghị giải quyết chế độ, chính sách cho cán bộ, công chức dôi dư khi sắp xếp lại đơn vị hành chính cấp xã."),
    ]),
    ("G12", "y_te", TW, [
        ("xã Tân Lập", "Bệnh viện thường xuyên thiếu thuốc BHYT, người bệnh phải tự bỏ tiền mua thuốc bên ngoài, đề nghị Bộ Y tế có giải pháp khắc phục."),
        ("xã Bình An", "Đề nghị khắc phục tình trạng thiếu thuốc trong danh mục bảo hiểm y tế tại các bệnh viện, người có thẻ bảo hiểm y tế vẫn phải mua thuốc ngoài."),
        ("phường Minh Xuân", "Cử tri phản ánh khi khám chữa bệnh bằng thẻ BHYT thường bị thiếu thuốc, phải ra ngoài mua, đề nghị bảo đảm đủ thuốc cho người bệnh."),
        ("xã Tri Phú", "Kiến nghị có giải pháp bảo đảm cung ứng đủ thuốc bảo hiểm y tế, tránh để người bệnh phải tự mua thuốc."),
    ]),
    ("G13", "lao_dong_xa_hoi", TW, [
        ("xã Minh Quang", "Đề nghị hạ độ tuổi hưởng trợ cấp xã hội hằng tháng đối với người cao tuổi từ 80 tuổi xuống 75 tuổi."),
        ("xã Hùng Lợi", "Kiến nghị giảm tuổi được hưởng trợ cấp xã hội cho người cao tuổi xuống 75 tuổi vì nhiều cụ có hoàn cảnh khó khăn."),
        ("xã Đạo Viện", "Cử tri đề nghị Nhà nước cho người từ đủ 75 tuổi được hưởng trợ cấp xã hội hằng tháng."),
    ]),
    ("G14", "lao_dong_xa_hoi", TW, [
        ("xã Hòa Phú", "Đề nghị hạ độ tuổi hưởng trợ cấp xã hội hằng tháng của người cao tuổi từ 80 tuổi xuống 70 tuổi ở vùng đồng bào dân tộc thiểu số."),
    ]),
    ("G15", "y_te", TW, [
        ("phường An Tường", "Thuốc lá điện tử đang lan rộng trong học sinh, đề nghị sớm cấm sản xuất, kinh doanh và sử dụng thuốc lá điện tử."),
        ("xã Hồng Thái", "Kiến nghị Quốc hội, Chính phủ có quy định cấm thuốc lá điện tử vì ảnh hưởng xấu đến sức khỏe của giới trẻ, học sinh."),
        ("phường Nông Tiến", "Đề nghị cấm kinh doanh và sử dụng thuốc lá điện tử, hiện nhiều học sinh đã sử dụng loại thuốc lá này."),
    ]),
    ("G16", "nong_nghiep", TW, [
        ("xã Trung Hà", "Dịch tả lợn châu Phi tái phát gây thiệt hại lớn, đề nghị Nhà nước nâng mức hỗ trợ cho hộ chăn nuôi có lợn bị tiêu hủy."),
        ("xã Kiên Đài", "Đề nghị tăng mức hỗ trợ cho người chăn nuôi có lợn mắc bệnh dịch tả lợn châu Phi phải tiêu hủy, mức hỗ trợ hiện nay chưa bù đắp thiệt hại."),
        ("xã Xuân Vân", "Kiến nghị hỗ trợ kịp thời và nâng mức hỗ trợ cho các hộ chăn nuôi bị thiệt hại do dịch tả lợn châu Phi."),
    ]),
    ("G17", "khoa_hoc_cong_nghe_thong_tin", TW, [
        ("xã Lâm Bình", "Nhiều thôn vùng sâu còn lõm sóng điện thoại, không có internet, đề nghị các nhà mạng đầu tư trạm phát sóng để phủ sóng."),
        ("xã Phúc Ứng", "Đề nghị đầu tư xây dựng trạm phát sóng di động, phủ sóng điện thoại và internet cho các thôn còn lõm sóng."),
        ("xã Kim Bình", "Kiến nghị Bộ Khoa học và Công nghệ chỉ đạo doanh nghiệp viễn thông phủ sóng di động và internet cho vùng lõm sóng để người dân, học sinh học tập."),
    ]),
    ("G18", "lao_dong_xa_hoi", TW, [
        ("phường Minh Xuân", "Thủ tục giải quyết hưởng BHXH một lần còn rườm rà, thời gian chờ lâu, đề nghị cải cách thủ tục cho người lao động."),
        ("xã Tân Lập", "Đề nghị đơn giản hóa thủ tục và rút ngắn thời gian giải quyết bảo hiểm xã hội một lần cho người lao động nghỉ việc."),
        ("phường An Tường", "Kiến nghị rút gọn thủ tục hưởng bảo hiểm xã hội một lần, người lao động phải đi lại nhiều lần mới được giải quyết."),
    ]),
    ("G19", "y_te", TW, [
        ("xã Hùng Lợi", "Mức đóng bảo hiểm y tế theo hộ gia đình ngày càng cao, đề nghị xem xét giảm mức đóng cho các hộ có thu nhập thấp."),
        ("xã Bình An", "Đề nghị giảm mức đóng BHYT hộ gia đình, nhiều gia đình đông người không đủ tiền mua thẻ cho tất cả thành viên."),
        ("xã Yên Phú", "Kiến nghị điều chỉnh giảm mức đóng bảo hiểm y tế hộ gia đình để người dân tham gia đầy đủ."),
    ]),
    ("G20", "dan_toc_ton_giao", TW, [
        ("xã Lâm Bình", "Nhiều thôn đặc biệt khó khăn sau khi xã đạt chuẩn nông thôn mới bị cắt các chính sách hỗ trợ, đề nghị Chính phủ xem xét duy trì chính sách cho đồng bào."),
        ("xã Kiên Đài", "Đề nghị tiếp tục thực hiện chính sách hỗ trợ cho các thôn đặc biệt khó khăn dù xã đã về đích NTM vì đời sống đồng bào còn nhiều khó khăn."),
        ("xã Hòa Phú", "Kiến nghị không cắt chính sách hỗ trợ vùng đặc biệt khó khăn khi xã đạt chuẩn nông thôn mới, người dân ở thôn đặc biệt khó khăn vẫn cần được hỗ trợ."),
    ]),
    ("G21", "an_ninh_tu_phap", TW, [
        ("phường Nông Tiến", "Tín dụng đen, cho vay nặng lãi vẫn hoạt động tràn lan, đề nghị các cơ quan chức năng xử lý mạnh tay."),
        ("xã Hồng Thái", "Đề nghị tăng cường đấu tranh, triệt phá các đường dây tín dụng đen, cho vay lãi nặng trên địa bàn nông thôn."),
        ("phường An Tường", "Kiến nghị xử lý nghiêm hoạt động tín dụng đen và cho vay nặng lãi, nhiều gia đình lâm vào cảnh nợ nần."),
    ]),
    ("G22", "lao_dong_xa_hoi", TW, [
        ("xã Tri Phú", "Chuẩn nghèo hiện nay chưa phù hợp với thực tế, nhiều hộ thực sự khó khăn nhưng không được công nhận hộ nghèo, đề nghị điều chỉnh tiêu chí chuẩn nghèo."),
        ("xã Xuân Vân", "Đề nghị Chính phủ xem xét điều chỉnh tiêu chí xác định hộ nghèo, hộ cận nghèo cho sát với thực tế."),
        ("xã Trung Hà", "Kiến nghị sửa đổi tiêu chí chuẩn nghèo vì có hộ đời sống rất khó khăn vẫn không được xét là hộ nghèo."),
    ]),
    ("G23", "khoa_hoc_cong_nghe_thong_tin", TW, [
        ("xã Minh Quang", "Người cao tuổi gặp nhiều khó khăn khi cài đặt và sử dụng ứng dụng VNeID, đề nghị đơn giản hóa thao tác và có hướng dẫn cụ thể."),
        ("phường Minh Xuân", "Đề nghị đơn giản hóa ứng dụng định danh điện tử VNeID vì người già, người không rành công nghệ rất khó sử dụng."),
        ("xã Đạo Viện", "Kiến nghị có giải pháp hỗ trợ người cao tuổi sử dụng ứng dụng VNeID, nhiều cụ không biết thao tác."),
    ]),
    ("G24", "giao_thong", TW, [
        ("xã Phúc Ứng", "Đề nghị Bộ Xây dựng kiểm soát chặt xe chở quá tải trên các tuyến quốc lộ, xe quá tải làm hư hỏng mặt đường nhanh chóng."),
        ("xã Hùng Lợi", "Kiến nghị tăng cường xử lý xe tải chở quá tải trọng trên các tuyến quốc lộ gây hư hỏng đường."),
    ]),
    ("G25", "noi_vu", TW, [
        ("xã Kim Bình", "Đề nghị sớm có hướng dẫn thực hiện chính sách nghỉ hưu trước tuổi theo Nghị định 178/2024/NĐ-CP cho cán bộ cấp xã khi sắp xếp bộ máy."),
        ("xã Yên Phú", "Kiến nghị hướng dẫn cụ thể việc giải quyết chế độ nghỉ hưu trước tuổi theo Nghị định số 178 cho cán bộ, công chức xã."),
    ]),
    ("G26", "noi_vu", TW, [
        ("xã Bình An", "Đề nghị hướng dẫn cụ thể việc thực hiện chính sách tinh giản biên chế theo Nghị định 29/2023/NĐ-CP cho cán bộ, công chức cấp xã."),
    ]),
    ("G27", "tai_chinh_dau_tu", TW, [
        ("xã Tân Lập", "Bảo hiểm bắt buộc xe máy thu tiền nhưng khi xảy ra tai nạn thủ tục bồi thường rất khó khăn, đề nghị xem xét bỏ bảo hiểm bắt buộc đối với xe máy."),
        ("phường An Tường", "Đề nghị bỏ quy định mua bảo hiểm trách nhiệm dân sự bắt buộc đối với xe mô tô, xe máy vì người dân hầu như không được bồi thường."),
        ("xã Hồng Thái", "Kiến nghị xem xét lại việc bắt buộc mua bảo hiểm xe máy, thủ tục bồi thường phức tạp nên người dân không được hưởng quyền lợi."),
    ]),
    ("G28", "cong_thuong", TW, [
        ("xã Trung Hà", "Đề nghị nâng mức hỗ trợ tiền điện hằng tháng cho hộ nghèo và hộ chính sách xã hội."),
        ("xã Xuân Vân", "Mức hỗ trợ tiền điện cho hộ nghèo, hộ chính sách còn thấp, kiến nghị điều chỉnh tăng cho phù hợp với giá điện."),
    ]),
    ("G29", "giao_duc", TW, [
        ("phường Nông Tiến", "Đề nghị Bộ Giáo dục và Đào tạo giảm tải chương trình học, học sinh tiểu học phải học thêm quá nhiều."),
    ]),
    ("G30", "y_te", TW, [
        ("xã Tri Phú", "Đề nghị cấp thẻ bảo hiểm y tế miễn phí cho học sinh thuộc hộ cận nghèo để giảm gánh nặng cho phụ huynh."),
    ]),
    ("G31", "quoc_hoi_phap_luat", TW, [
        ("phường Minh Xuân", "Đề nghị Quốc hội sửa Luật Đất đai theo hướng đơn giản thủ tục cấp giấy chứng nhận quyền sử dụng đất lần đầu."),
        ("xã Bình An", "Kiến nghị sửa đổi quy định của Luật Đất đai để việc cấp giấy chứng nhận quyền sử dụng đất lần đầu đơn giản, nhanh gọn hơn."),
    ]),
    ("G32", "lao_dong_xa_hoi", TW, [
        ("xã Hùng Lợi", "Đề nghị nâng mức trợ cấp hằng tháng cho người khuyết tật đặc biệt nặng và người chăm sóc họ."),
        ("xã Kiên Đài", "Kiến nghị tăng trợ cấp xã hội cho người khuyết tật đặc biệt nặng, gia đình có người khuyết tật rất vất vả."),
    ]),
    ("G33", "nong_nghiep", TW, [
        ("xã Đạo Viện", "Đề nghị có chính sách bảo hiểm nông nghiệp phù hợp, hỗ trợ phí bảo hiểm cho người trồng lúa, chăn nuôi trước rủi ro thiên tai."),
        ("xã Phúc Ứng", "Kiến nghị Nhà nước hỗ trợ phí bảo hiểm nông nghiệp để nông dân yên tâm sản xuất khi gặp thiên tai, dịch bệnh."),
    ]),
    ("G34", "tai_chinh_dau_tu", TW, [
        ("xã Hòa Phú", "Đề nghị nâng mức giảm trừ gia cảnh khi tính thuế thu nhập cá nhân vì giá cả sinh hoạt đã tăng nhiều."),
        ("phường An Tường", "Mức giảm trừ gia cảnh đối với thuế thu nhập cá nhân đã lạc hậu, cử tri đề nghị điều chỉnh tăng."),
        ("phường Minh Xuân", "Kiến nghị sớm sửa đổi mức giảm trừ gia cảnh trong thuế thu nhập cá nhân cho phù hợp với thu nhập hiện nay."),
    ]),
    # ---------------- local authority ----------------
    ("L01", "giao_thong", DP, [
        ("xã Tân Lập", "Đề nghị tỉnh sớm đầu tư nâng cấp tuyến ĐT 293, mặt đường xuống cấp nghiêm trọng, nhiều ổ gà gây mất an toàn giao thông."),
        ("xã Yên Phú", "Tuyến đường tỉnh 293 hư hỏng nặng, nhiều ổ voi ổ gà, cử tri đề nghị sớm sửa chữa, nâng cấp."),
        ("xã Minh Quang", "Kiến nghị UBND tỉnh bố trí vốn nâng cấp, cải tạo đường tỉnh ĐT.293 vì xuống cấp, đi lại khó khăn, nhất là mùa mưa."),
    ]),
    ("L02", "giao_thong", DP, [
        ("xã Hùng Lợi", "Đề nghị tỉnh sớm đầu tư nâng cấp tuyến ĐT 294, mặt đường xuống cấp, nhiều ổ gà gây nguy hiểm cho người tham gia giao thông."),
        ("xã Kim Bình", "Tuyến đường tỉnh 294 xuống cấp nghiêm trọng, đề nghị bố trí kinh phí sửa chữa, nâng cấp."),
    ]),
    ("L03", "giao_thong", DP, [
        ("xã Tân Lập", "Đề nghị sửa chữa tuyến đường liên xã Tân Lập bị sạt lở, hư hỏng sau mưa lũ, xe cộ đi lại rất khó khăn."),
        ("xã Tân Lập", "Cử tri kiến nghị sớm khắc phục đoạn đường liên xã Tân Lập bị sạt lở, hư hỏng do mưa lũ."),
    ]),
    ("L04", "giao_thong", DP, [
        ("xã Yên Phú", "Đề nghị sửa chữa tuyến đường liên xã Yên Phú bị sạt lở, hư hỏng sau mưa lũ, xe cộ đi lại rất khó khăn."),
        ("xã Yên Phú", "Kiến nghị sớm sửa chữa đường liên xã Yên Phú, nhiều đoạn sạt lở sau đợt mưa lũ vừa qua."),
    ]),
    ("L05", "giao_thong", DP, [
        ("xã Lâm Bình", "Cầu treo Nà Ngoa đã hư hỏng, ván cầu mục nát, dây cáp han gỉ, đề nghị sớm sửa chữa để bảo đảm an toàn cho học sinh và người dân."),
        ("xã Lâm Bình", "Đề nghị đầu tư sửa chữa cầu treo Nà Ngoa vì cầu xuống cấp, mặt cầu mục, rất nguy hiểm khi qua lại."),
    ]),
    ("L06", "giao_thong", DP, [
        ("xã Kiên Đài", "Cầu treo Khuổi Phầy đã hư hỏng, ván cầu mục nát, dây cáp han gỉ, đề nghị sớm sửa chữa để bảo đảm an toàn cho người dân."),
        ("xã Kiên Đài", "Đề nghị sớm sửa chữa cầu treo Khuổi Phầy, mặt cầu mục, dây cáp gỉ sét, mất an toàn."),
    ]),
    ("L07", "giao_duc", DP, [
        ("phường Nông Tiến", "Trường mầm non Hoa Sen thiếu phòng học, các cháu phải học ở phòng mượn, đề nghị đầu tư xây thêm phòng học."),
        ("phường Nông Tiến", "Đề nghị sớm xây dựng bổ sung phòng học cho Trường mầm non Hoa Sen vì hiện còn thiếu nhiều phòng, phải học nhờ."),
    ]),
    ("L08", "giao_duc", DP, [
        ("xã Hồng Thái", "Trường tiểu học Kim Đồng thiếu phòng học, học sinh phải học ghép, đề nghị đầu tư xây thêm phòng học."),
        ("xã Hồng Thái", "Đề nghị xây bổ sung phòng học cho Trường tiểu học Kim Đồng, hiện thiếu phòng nên phải học ghép lớp."),
    ]),
    ("L09", "cong_thuong", DP, [
        ("xã Hùng Lợi", "Chợ trung tâm xã Hùng Lợi xuống cấp, mái tôn thủng dột, đề nghị đầu tư cải tạo, nâng cấp chợ."),
        ("xã Hùng Lợi", "Đề nghị sửa chữa, nâng cấp chợ Hùng Lợi vì chợ đã xuống cấp, mưa to là dột nát."),
    ]),
    ("L10", "cong_thuong", DP, [
        ("xã Hùng Lợi", "Đề nghị xem xét di dời chợ Hùng Lợi ra khỏi khu vực sát đường tỉnh vì họp chợ lấn chiếm lòng đường, gây ùn tắc."),
    ]),
    ("L11", "dat_dai_moi_truong", DP, [
        ("xã Bình An", "Bờ sông Lô đoạn qua thôn Bắc Mục sạt lở nghiêm trọng, nhiều hộ dân có nguy cơ mất nhà, đề nghị sớm xây kè chống sạt lở."),
        ("xã Bình An", "Đề nghị đầu tư xây dựng kè chống sạt lở bờ sông Lô đoạn qua thôn Bắc Mục để bảo vệ nhà cửa, đất sản xuất của nhân dân."),
    ]),
    ("L12", "dat_dai_moi_truong", DP, [
        ("xã Lâm Bình", "Bờ sông Gâm đoạn qua bản Pác Ban bị sạt lở nghiêm trọng, đề nghị sớm xây kè bảo vệ nhà cửa của người dân."),
        ("xã Lâm Bình", "Đề nghị xây kè chống sạt lở bờ sông Gâm tại bản Pác Ban, nhiều hộ dân sống sát bờ sông rất lo lắng."),
    ]),
    ("L13", "giao_thong", DP, [
        ("xã Tri Phú", "Đề nghị lắp đặt đèn tín hiệu giao thông tại ngã ba QL 2C giao với đường vào trường học để bảo đảm an toàn cho học sinh."),
        ("xã Đạo Viện", "Ngã ba giao giữa quốc lộ 2C và đường vào trường thường xuyên xảy ra tai nạn, đề nghị sớm lắp đèn tín hiệu giao thông."),
        ("xã Phúc Ứng", "Kiến nghị lắp đèn tín hiệu, biển báo giảm tốc tại nút giao Quốc lộ 2C với đường vào trường học."),
    ]),
    ("L14", "giao_thong", DP, [
        ("xã Hòa Phú", "Đề nghị lắp đặt đèn tín hiệu giao thông tại ngã ba QL 37 giao với đường vào chợ để bảo đảm an toàn."),
    ]),
    ("L15", "dat_dai_moi_truong", DP, [
        ("xã Tân Lập", "Việc bồi thường GPMB dự án đường cao tốc Tuyên Quang - Hà Giang còn chậm, đơn giá bồi thường thấp, đề nghị tỉnh xem xét giải quyết."),
        ("xã Yên Phú", "Đề nghị đẩy nhanh tiến độ bồi thường, giải phóng mặt bằng dự án cao tốc Tuyên Quang - Hà Giang và xem xét lại đơn giá bồi thường."),
        ("xã Minh Quang", "Cử tri có đất bị thu hồi làm cao tốc Tuyên Quang – Hà Giang phản ánh tiền bồi thường chậm, giá bồi thường chưa thỏa đáng, đề nghị sớm giải quyết."),
    ]),
    ("L16", "dat_dai_moi_truong", DP, [
        ("xã Kim Bình", "Trang trại chăn nuôi lợn ở thôn Làng Mới xả thải gây ô nhiễm, mùi hôi thối ảnh hưởng đến sinh hoạt của nhân dân, đề nghị kiểm tra xử lý."),
        ("xã Kim Bình", "Đề nghị cơ quan chức năng kiểm tra, xử lý trang trại lợn tại thôn Làng Mới gây ô nhiễm môi trường, nước thải chảy ra suối."),
    ]),
    ("L17", "dat_dai_moi_truong", DP, [
        ("xã Xuân Vân", "Nhà máy chế biến gỗ ở thôn Đồng Tâm gây tiếng ồn, bụi bẩn ảnh hưởng đến khu dân cư, đề nghị kiểm tra xử lý."),
    ]),
    ("L18", "xay_dung_do_thi", DP, [
        ("phường Minh Xuân", "Nhà máy nước Đông Thọ cấp nước không ổn định, có ngày mất nước, nước đục, đề nghị khắc phục."),
        ("phường An Tường", "Đề nghị Công ty cấp nước bảo đảm chất lượng và cấp nước ổn định từ nhà máy nước Đông Thọ, thời gian qua nước thường bị đục và mất nước."),
    ]),
    ("L19", "xay_dung_do_thi", DP, [
        ("xã Lâm Bình", "Đề nghị đầu tư công trình nước sinh hoạt tập trung cho bản Khuổi Nhừ vì người dân phải dùng nước suối."),
    ]),
    ("L20", "cong_thuong", DP, [
        ("xã Trung Hà", "Thôn 3 đến nay chưa có điện lưới quốc gia, đề nghị tỉnh đầu tư kéo điện để người dân có điện sinh hoạt."),
        ("xã Trung Hà", "Đề nghị sớm đầu tư đường điện lưới quốc gia về thôn 3, bà con vẫn phải dùng máy phát điện nhỏ."),
    ]),
    ("L21", "cong_thuong", DP, [
        ("xã Trung Hà", "Thôn 5 chưa có điện lưới quốc gia, đề nghị đầu tư kéo điện về thôn."),
    ]),
    ("L22", "noi_vu", DP, [
        ("xã Phúc Ứng", "Đề nghị HĐND tỉnh nâng mức phụ cấp hằng tháng cho trưởng thôn lên 3 triệu đồng để tương xứng với khối lượng công việc."),
        ("xã Hòa Phú", "Kiến nghị tăng phụ cấp của trưởng thôn lên 3.000.000 đồng/tháng vì công việc ở thôn ngày càng nhiều."),
    ]),
    ("L23", "noi_vu", DP, [
        ("xã Đạo Viện", "Đề nghị nâng mức phụ cấp hằng tháng cho trưởng thôn lên 2,5 triệu đồng."),
    ]),
    ("L24", "lao_dong_xa_hoi", DP, [
        ("xã Kiên Đài", "Đề nghị nâng mức hỗ trợ xóa nhà tạm, nhà dột nát cho hộ nghèo từ 40 triệu đồng lên 60 triệu đồng mỗi căn vì giá vật liệu tăng."),
        ("xã Lâm Bình", "Mức hỗ trợ 40 triệu đồng một căn để xóa nhà tạm không đủ, kiến nghị tăng lên 60 triệu đồng cho hộ nghèo làm nhà."),
    ]),
    ("L25", "lao_dong_xa_hoi", DP, [
        ("xã Minh Quang", "Đề nghị hỗ trợ 80 triệu đồng mỗi căn cho hộ nghèo xóa nhà tạm, nhà dột nát."),
    ]),
    ("L26", "dat_dai_moi_truong", DP, [
        ("xã Tri Phú", "Nhiều thôn chưa có dịch vụ thu gom rác thải sinh hoạt, rác vứt bừa bãi ra đường, đề nghị tổ chức thu gom rác thải."),
        ("xã Hồng Thái", "Đề nghị mở rộng dịch vụ thu gom, vận chuyển rác thải sinh hoạt đến các thôn xa, hiện người dân phải tự đốt rác."),
        ("xã Xuân Vân", "Kiến nghị bố trí điểm tập kết và thu gom rác thải sinh hoạt ở các thôn, tránh tình trạng vứt rác bừa bãi gây ô nhiễm."),
    ]),
    ("L27", "xay_dung_do_thi", DP, [
        ("phường Minh Xuân", "Tuyến đường Nguyễn Trãi chưa có đèn chiếu sáng, buổi tối đi lại rất nguy hiểm, đề nghị lắp đặt hệ thống chiếu sáng công cộng."),
        ("phường Minh Xuân", "Đề nghị lắp đèn chiếu sáng công cộng trên đường Nguyễn Trãi để người dân đi lại ban đêm an toàn."),
    ]),
    ("L28", "xay_dung_do_thi", DP, [
        ("phường An Tường", "Đề nghị lắp đèn chiếu sáng công cộng trên đường Lê Lợi, buổi tối rất tối, dễ xảy ra tai nạn."),
    ]),
    ("L29", "nong_nghiep", DP, [
        ("xã Bình An", "Sau đợt mưa lũ vừa qua nhiều diện tích lúa, hoa màu bị mất trắng, đề nghị tỉnh hỗ trợ giống cây trồng để bà con khôi phục sản xuất."),
        ("xã Hùng Lợi", "Đề nghị hỗ trợ giống lúa, giống ngô cho các hộ bị thiệt hại do mưa lũ để kịp gieo trồng vụ mới."),
        ("xã Tân Lập", "Kiến nghị tỉnh sớm hỗ trợ giống cây trồng cho nông dân bị thiệt hại hoa màu do mưa lũ."),
    ]),
    ("L30", "nong_nghiep", DP, [
        ("xã Lâm Bình", "Kênh mương nội đồng ở bản Nà Ngoa bị bồi lấp, không dẫn được nước vào ruộng, đề nghị đầu tư nạo vét, kiên cố hóa kênh mương."),
    ]),
    ("L31", "y_te", DP, [
        ("xã Kim Bình", "Trạm y tế xã Kim Bình thiếu bác sĩ, người dân phải đi xa để khám bệnh, đề nghị bố trí thêm bác sĩ cho trạm."),
        ("xã Kim Bình", "Đề nghị tăng cường bác sĩ về trạm y tế xã Kim Bình, hiện trạm chỉ có y sĩ, chưa đáp ứng nhu cầu khám chữa bệnh."),
    ]),
    ("L32", "y_te", DP, [
        ("xã Kim Bình", "Trạm y tế xã Kim Bình xây dựng đã lâu, tường nứt, mái dột, đề nghị đầu tư sửa chữa, nâng cấp."),
    ]),
    ("L33", "dat_dai_moi_truong", DP, [
        ("phường Nông Tiến", "Các hộ dân tái định cư tại khu Đồng Bụt đã nhận đất nhiều năm nhưng chưa được cấp giấy chứng nhận quyền sử dụng đất, đề nghị sớm cấp sổ đỏ."),
        ("phường Nông Tiến", "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ ở khu tái định cư Đồng Bụt."),
    ]),
    ("L34", "giao_duc", DP, [
        ("xã Yên Phú", "Đầu năm học nhà trường thu nhiều khoản ngoài học phí, đề nghị ngành giáo dục kiểm tra, chấn chỉnh tình trạng lạm thu."),
        ("phường An Tường", "Đề nghị kiểm tra việc các trường thu nhiều khoản đóng góp đầu năm học, gây khó khăn cho phụ huynh."),
        ("xã Phúc Ứng", "Kiến nghị chấn chỉnh tình trạng lạm thu trong trường học, nhiều khoản thu ngoài quy định vào đầu năm học."),
    ]),
    ("L35", "dat_dai_moi_truong", DP, [
        ("xã Hòa Phú", "Bảng giá đất mới tăng cao làm tiền sử dụng đất khi chuyển mục đích quá lớn, người dân không đủ khả năng nộp, đề nghị tỉnh điều chỉnh."),
        ("xã Đạo Viện", "Đề nghị xem xét lại bảng giá đất vì giá đất tăng quá cao, người dân chuyển mục đích sử dụng đất phải nộp tiền rất lớn."),
        ("xã Trung Hà", "Kiến nghị điều chỉnh bảng giá đất cho phù hợp, tiền sử dụng đất khi chuyển đổi mục đích quá cao so với thu nhập của người dân."),
    ]),
    ("L36", "giao_thong", DP, [
        ("xã Xuân Vân", "Đường từ thôn Đồng Tâm đi thôn Khe Thuyền là đường đất, mùa mưa lầy lội, đề nghị hỗ trợ xi măng để bê tông hóa."),
        ("xã Xuân Vân", "Đề nghị hỗ trợ kinh phí bê tông hóa tuyến đường từ thôn Đồng Tâm đi thôn Khe Thuyền, mùa mưa đi lại rất khó."),
    ]),
    ("L37", "giao_thong", DP, [
        ("xã Xuân Vân", "Đề nghị hỗ trợ xi măng bê tông hóa đường từ thôn Tân Thành đi thôn Khe Thuyền."),
    ]),
    ("L38", "an_ninh_tu_phap", DP, [
        ("xã Hồng Thái", "Tình trạng khai thác cát trái phép trên sông Lô đoạn qua thôn Cầu Trôi diễn ra ban đêm, gây sạt lở, đề nghị xử lý dứt điểm."),
        ("xã Hồng Thái", "Đề nghị lực lượng chức năng xử lý nghiêm việc khai thác cát trái phép trên sông Lô tại thôn Cầu Trôi."),
    ]),
    ("L39", "an_ninh_tu_phap", DP, [
        ("xã Bình An", "Đề nghị xử lý nghiêm các tàu hút cát trái phép trên sông Lô khu vực thôn Bắc Mục."),
    ]),
    ("L40", "van_hoa_the_thao_du_lich", DP, [
        ("xã Minh Quang", "Nhà văn hóa thôn Khuổi Nhùng xuống cấp, không đủ chỗ sinh hoạt, đề nghị hỗ trợ kinh phí xây dựng lại."),
        ("xã Minh Quang", "Đề nghị hỗ trợ kinh phí làm lại nhà văn hóa thôn Khuổi Nhùng vì nhà đã cũ, hư hỏng."),
    ]),
    ("L41", "van_hoa_the_thao_du_lich", DP, [
        ("xã Tri Phú", "Đề nghị quan tâm đầu tư sân thể thao cho các thôn để thanh niên có nơi luyện tập, vui chơi."),
        ("xã Hùng Lợi", "Kiến nghị tỉnh hỗ trợ xây dựng sân thể thao thôn, nhiều thôn chưa có nơi tập luyện thể dục thể thao."),
    ]),
    ("L42", "nong_nghiep", DP, [
        ("xã Kiên Đài", "Đề nghị tỉnh có chính sách hỗ trợ trồng rừng gỗ lớn, hỗ trợ cây giống và lãi suất vay cho người trồng rừng."),
        ("xã Lâm Bình", "Kiến nghị hỗ trợ cây giống, vốn vay cho các hộ trồng rừng gỗ lớn để nâng cao giá trị rừng trồng."),
    ]),
    ("L43", "nong_nghiep", DP, [
        ("xã Đạo Viện", "Đề nghị hỗ trợ kinh phí kiên cố hóa kênh mương thủy lợi để bảo đảm nước tưới cho vụ xuân."),
        ("xã Trung Hà", "Kiến nghị tỉnh hỗ trợ xi măng kiên cố hóa kênh mương nội đồng, nhiều tuyến kênh đất bị sạt lở, thất thoát nước tưới."),
    ]),
    ("L44", "an_ninh_tu_phap", DP, [
        ("phường Minh Xuân", "Đề nghị lắp đặt camera an ninh ở các tuyến phố, ngã tư để phòng ngừa trộm cắp và giữ gìn trật tự."),
        ("phường Nông Tiến", "Kiến nghị đầu tư hệ thống camera giám sát an ninh tại các tuyến đường, khu dân cư để phòng chống tội phạm."),
    ]),
    ("L45", "xay_dung_do_thi", DP, [
        ("phường An Tường", "Mưa lớn là các tuyến phố bị ngập úng do hệ thống thoát nước nhỏ, đề nghị cải tạo, mở rộng hệ thống thoát nước."),
        ("phường Minh Xuân", "Đề nghị nâng cấp hệ thống thoát nước đô thị vì mỗi khi mưa to nhiều tuyến phố bị ngập sâu."),
    ]),
    ("L46", "giao_thong", DP, [
        ("xã Tân Lập", "Đề nghị sớm đầu tư xây dựng cầu qua suối Nậm Vạc, mùa lũ người dân và học sinh không qua lại được."),
        ("xã Tân Lập", "Mùa mưa lũ nước suối Nậm Vạc dâng cao, học sinh phải nghỉ học, kiến nghị làm cầu qua suối."),
    ]),
    ("L47", "giao_thong", DP, [
        ("xã Yên Phú", "Đề nghị xây cầu qua suối Khuổi Lù để học sinh và người dân đi lại an toàn trong mùa mưa lũ."),
    ]),
]


def main() -> None:
    out = Path(__file__).with_name("duplicate_groups.csv")
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["group_id", "unit", "text", "sector", "authority"])
        for gid, sector, authority, rows in GROUPS:
            for unit, text in rows:
                w.writerow([gid, unit, text, sector, authority])


if __name__ == "__main__":
    main()
