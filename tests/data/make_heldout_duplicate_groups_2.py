"""Write tests/data/heldout_duplicate_groups_2.csv: a second held-out set of duplicate groups.

Written as a held-out set: nothing in the clustering (settings, synonyms, stop
phrases, guards) has been or should be tuned on it. It was written without reading
the clustering code or its data files, in a voice the other sets do not use: meeting
minutes that name the speaker and the hamlet ("Ông ..., xóm ...: ..."), spoken first
person, bare questions to the delegates, very short requests and long complaints,
typed abbreviations (BHYT, GCNQSDĐ, UBND, THCS, ĐH, GTGT, PCCC, SGK), numbers and
dates. Local groups (dia_phuong) are mostly several voters of one meeting (same
unit) about one named hamlet or facility, sometimes a neighbouring commune; national
groups (trung_uong) are one policy request raised by several units.

Look-alike groups, which must stay apart from their sibling, are marked with a
comment naming the sibling. Three kinds:
  * another hamlet or road number (same request elsewhere);
  * another age or amount (same allowance, other figure);
  * another request about the same named place or facility.

Run:     .venv/bin/python tests/data/make_heldout_duplicate_groups_2.py
Measure: .venv/bin/python benchmarks/cluster_benchmark.py --predicted --data tests/data/heldout_duplicate_groups_2.csv
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path
from typing import NamedTuple

TW = "trung_uong"
DP = "dia_phuong"

OUT = Path(__file__).with_name("heldout_duplicate_groups_2.csv")


class Group(NamedTuple):
    gid: str
    sector: str
    authority: str
    items: list[tuple[str, str]]  # (unit, text)


GROUPS: list[Group] = [
    # ---- local: one hamlet, one road ------------------------------------------------
    Group("K01", "giao_thong", DP, [
        ("xã Nghĩa Hưng", "Ông Phạm Văn Hòe, xóm Bãi Sậy: đường trục xóm dài gần 1 km vẫn là đường đất, trời mưa trơn như đổ mỡ, xe chở lúa không vào được. Đề nghị xã đưa vào kế hoạch bê tông hóa năm 2026."),
        ("xã Nghĩa Hưng", "Bà con xóm Bãi Sậy hỏi bao giờ đường trục xóm mới được cứng hóa mặt đường, vì mấy kỳ tiếp xúc cử tri đều được hứa mà chưa làm?"),
        ("xã Nghĩa Thịnh", "Học sinh bên Nghĩa Thịnh sang trường phải đi qua đường trục xóm Bãi Sậy (xã Nghĩa Hưng), mùa mưa lầy lội, bùn ngập bánh xe; mong hai xã phối hợp đổ bê tông tuyến này."),
    ]),
    # look-alike of K01: another request (street lights) about the same xóm Bãi Sậy
    Group("K02", "xay_dung_do_thi", DP, [
        ("xã Nghĩa Hưng", "Xóm Bãi Sậy đến giờ chưa có một bóng đèn đường nào, tối đi họp về phải soi đèn pin. Đề nghị lắp điện chiếu sáng dọc trục xóm."),
        ("xã Nghĩa Hưng", "Cử tri Nguyễn Thị Lài (xóm Bãi Sậy) mong UBND xã hỗ trợ kinh phí lắp đèn chiếu sáng công cộng cho xóm, bà con sẵn sàng góp ngày công trồng cột."),
    ]),
    # look-alike of K01: the same request (pave the road) about another hamlet, xóm Đồng Chùa
    Group("K03", "giao_thong", DP, [
        ("xã Nghĩa Hưng", "Ông Đỗ Văn Khiêm, xóm Đồng Chùa: đường trục xóm toàn ổ trâu ổ gà, đề nghị xã đưa vào kế hoạch bê tông hóa."),
        ("xã Nghĩa Hưng", "Xóm Đồng Chùa còn khoảng 600 m đường đất chưa được cứng hóa, xin xã hỗ trợ xi măng để nhân dân tự làm."),
    ]),

    # ---- local: one health station -----------------------------------------------------
    Group("K04", "y_te", DP, [
        ("xã Ea Kiết", "Trạm y tế xã Ea Kiết mùa mưa dột khắp nơi, phòng tiêm chủng phải căng bạt che tủ thuốc. Đề nghị tỉnh bố trí vốn sửa chữa."),
        ("xã Ea Kiết", "Cử tri Y Thuột Niê, buôn Ea Khăl: mái tôn trạm y tế xã mục hết rồi, nước mưa chảy vào cả phòng khám, xin sớm thay mái."),
        ("xã Ea Kiết", "Khi nào trạm y tế Ea Kiết được làm lại mái và trần? Bà con ngồi chờ khám chỗ nào cũng bị nước nhỏ giọt."),
    ]),
    # look-alike of K04: another request (night duty) about the same trạm y tế xã Ea Kiết
    Group("K05", "y_te", DP, [
        ("xã Ea Kiết", "Ban đêm trạm y tế xã Ea Kiết đóng cửa, không ai trực, cháu nhỏ sốt cao phải chở hơn 20 km đi bệnh viện. Đề nghị tổ chức trực 24/24."),
        ("xã Ea Kiết", "Đề nghị trạm y tế xã Ea Kiết bố trí người trực đêm."),
    ]),

    # ---- local: one irrigation canal ---------------------------------------------------
    Group("K06", "nong_nghiep", DP, [
        ("xã Long Hựu", "Ông Trần Văn Út, ấp Long Hòa: kênh Ông Cả bị lục bình với bùn lấp gần hết, nước ròng là ruộng khô queo. Xin xã khơi thông trước vụ hè thu."),
        ("xã Long Hựu", "Đề nghị nạo vét kênh nội đồng ấp Long Hòa, hiện bồi lắng nặng, ghe không vô được, nước tưới không đủ."),
        ("xã Long Hựu", "Bà con ấp Long Hòa muốn biết năm nay xã có nạo vét kênh Ông Cả không, kênh cạn quá, máy bơm hút không lên nước."),
    ]),
    # look-alike of K06: another request (an electric pumping station) for the same ấp Long Hòa
    Group("K07", "nong_nghiep", DP, [
        ("xã Long Hựu", "Ấp Long Hòa có gần 150 ha lúa mà chưa có trạm bơm điện, bà con phải chạy máy dầu rất tốn kém; đề nghị đầu tư trạm bơm cho ấp."),
        ("xã Long Hựu", "Xin tỉnh hỗ trợ xây trạm bơm tập trung ở ấp Long Hòa để giảm chi phí bơm tát cho nông dân."),
    ]),
    # look-alike of K06: the same request (dredge the canal) about another ấp, Long Thạnh
    Group("K08", "nong_nghiep", DP, [
        ("xã Long Hựu", "Ông Lê Văn Bé Tư, ấp Long Thạnh: kênh thủy lợi của ấp bồi lấp, cỏ mọc kín lòng kênh, đề nghị xã cho nạo vét."),
        ("xã Long Hựu", "Xin nạo vét kênh nội đồng ấp Long Thạnh."),
    ]),

    # ---- local: weak power in a buôn ---------------------------------------------------
    Group("K09", "cong_thuong", DP, [
        ("xã Cư Pơng", "Điện ở buôn Kmang cứ chiều tối là chập chờn, bóng đèn chỉ đỏ dây tóc, tủ lạnh không chạy. Đề nghị điện lực nâng công suất trạm biến áp."),
        ("xã Cư Pơng", "H'Lin Êban (buôn Kmang) phản ánh điện yếu, mùa khô bơm nước tưới cà phê không nổi, đề nghị lắp thêm trạm biến áp cho buôn."),
        ("xã Cư Pơng", "Xin hỏi ngành điện: trạm biến áp buôn Kmang quá tải mấy năm nay, đến bao giờ mới được nâng cấp?"),
    ]),

    # ---- local: one bản without mobile coverage --------------------------------------------
    Group("K10", "khoa_hoc_cong_nghe_thong_tin", DP, [
        ("xã Chiềng Sại", "Bản Huổi Lóng đến nay vẫn chưa có sóng điện thoại, muốn gọi phải trèo lên đồi sau bản. Đề nghị nhà mạng lắp trạm BTS."),
        ("xã Chiềng Sại", "Ông Lò Văn Pánh, trưởng bản Huổi Lóng: học sinh không học trực tuyến được, có người ốm cũng không báo được ai, mong sớm phủ sóng di động về bản."),
        ("xã Mường Khoa", "Đề nghị lắp trạm BTS cho bản Huổi Lóng."),
    ]),
    # look-alike of K10: another request (grid electricity) about the same bản Huổi Lóng
    Group("K11", "cong_thuong", DP, [
        ("xã Chiềng Sại", "Bản Huổi Lóng chưa có điện lưới quốc gia, các hộ vẫn dùng máy thủy điện nhỏ tự chế, mùa khô suối cạn là tắt hết. Đề nghị tỉnh kéo điện về bản."),
        ("xã Chiềng Sại", "Quàng Thị Ơn, bản Huổi Lóng: bà con mong có điện lưới để con cháu học bài buổi tối, đề nghị đầu tư đường dây hạ thế về bản."),
    ]),

    # ---- local: one market --------------------------------------------------------------
    Group("K12", "cong_thuong", DP, [
        ("phường Tân Hiệp", "Chợ Cầu Sắt sạp hàng san sát, dây điện câu móc chằng chịt, chỉ có vài bình chữa cháy đã hết hạn. Đề nghị phường kiểm tra và đầu tư hệ thống PCCC cho chợ."),
        ("phường Tân Hiệp", "Tiểu thương chợ Cầu Sắt rất lo cháy chợ, xin lắp trụ nước chữa cháy và đi lại toàn bộ đường điện trong chợ."),
    ]),
    # look-alike of K12: another request (stall rent) about the same chợ Cầu Sắt
    Group("K13", "cong_thuong", DP, [
        ("phường Tân Hiệp", "Từ tháng 3/2025 tiền thuê sạp ở chợ Cầu Sắt tăng gần gấp đôi trong khi buôn bán ế ẩm. Đề nghị phường xem lại mức giá."),
        ("phường Tân Hiệp", "Bà Vũ Thị Hạnh, khu phố 4: phí thuê ki-ốt chợ Cầu Sắt quá cao so với thu nhập của tiểu thương, mong được điều chỉnh giảm."),
        ("phường Tân Hiệp", "Ban quản lý chợ Cầu Sắt căn cứ vào đâu để nâng giá thuê điểm kinh doanh?"),
    ]),

    # ---- local: a district road ------------------------------------------------------------
    Group("K14", "giao_thong", DP, [
        ("xã Đắk Ha", "Đường ĐH 27 đoạn qua xã Đắk Ha bong tróc hết lớp nhựa, xe tải chở mì chạy suốt ngày đêm, đề nghị tỉnh sớm bố trí vốn sửa chữa."),
        ("xã Đắk Pxi", "Tuyến huyện lộ 27 nối Đắk Pxi với Đắk Ha ổ gà liên tục, tháng trước đã có người ngã xe gãy tay; mong được nâng cấp mặt đường."),
        ("xã Đắk Ha", "Cử tri thôn 3 hỏi khi nào ĐH27 được thảm nhựa lại?"),
    ]),
    # look-alike of K14: the same request about another road number, ĐH 29
    Group("K15", "giao_thong", DP, [
        ("xã Đắk Ha", "Mặt đường ĐH 29 qua thôn 7 xã Đắk Ha sụt lún, nhiều ổ gà lớn, đề nghị tỉnh sớm sửa chữa."),
        ("xã Đắk Ha", "Huyện lộ 29 xuống cấp từ lâu, mưa xuống nước đọng thành vũng, xe máy đi rất nguy hiểm, mong được nâng cấp."),
    ]),

    # ---- local: one school -----------------------------------------------------------------
    Group("K16", "giao_duc", DP, [
        ("xã Hòa Tiến", "Tường rào phía sau Trường THCS Hòa Tiến bị đổ từ cơn bão tháng 9, trâu bò vào tận sân trường. Đề nghị xây lại tường rào."),
        ("xã Hòa Tiến", "Phụ huynh lo học sinh THCS Hòa Tiến trốn học ra ngoài qua chỗ tường bị sập, đề nghị xã và nhà trường sớm khắc phục."),
    ]),
    # look-alike of K16: another request (speed bumps, signs) about the same Trường THCS Hòa Tiến
    Group("K17", "giao_thong", DP, [
        ("xã Hòa Tiến", "Cổng Trường THCS Hòa Tiến nằm sát đường tỉnh, xe chạy rất nhanh; đề nghị làm gờ giảm tốc và cắm biển báo khu vực trường học."),
        ("xã Hòa Tiến", "Giờ tan học trước trường THCS Hòa Tiến rất dễ xảy ra tai nạn, mong được kẻ vạch sơn, đặt biển cảnh báo và có người phân luồng."),
    ]),

    # ---- national ----------------------------------------------------------------------------
    Group("K18", "lao_dong_xa_hoi", TW, [
        ("xã Nghĩa Hưng", "Ông Hoàng Đình Xiêm, nguyên chủ tịch xã nghỉ việc năm 1996: trợ cấp hằng tháng theo Quyết định 130-CP chỉ hơn 2 triệu đồng, đề nghị Chính phủ điều chỉnh tăng cho tương xứng."),
        ("xã Long Hựu", "Cán bộ xã nghỉ việc hưởng trợ cấp theo Quyết định 111-HĐBT đa số tuổi cao, sống rất chật vật, đề nghị Trung ương nâng mức trợ cấp cho họ."),
        ("phường Tân Hiệp", "Vì sao cán bộ xã già yếu nghỉ việc lại được điều chỉnh trợ cấp thấp hơn người hưởng lương hưu? Tôi đề nghị cho họ hưởng ít nhất bằng mức lương hưu thấp nhất."),
    ]),
    Group("K19", "y_te", TW, [
        ("xã Ea Kiết", "Người có thẻ BHYT tự lên bệnh viện tỉnh khám vẫn bị giảm quyền lợi, đề nghị mở rộng thông tuyến lên tuyến tỉnh cho người dân."),
        ("xã Chiềng Sại", "Bà con ở xa đi thẳng lên tỉnh khám bệnh, tiền xe tiền trọ đã tốn mà bảo hiểm y tế lại không thanh toán đủ; mong Quốc hội sửa luật để được hưởng 100%."),
        ("xã Hòa Tiến", "Xin hỏi: cùng đóng BHYT như nhau, tại sao khám vượt tuyến lên bệnh viện tỉnh chỉ được chi trả một phần?"),
    ]),
    Group("K20", "giao_duc", TW, [
        ("xã Hòa Tiến", "Giáo viên mầm non đứng lớp đến 60 tuổi là quá sức, đề nghị cho nghỉ hưu ở tuổi 55 mà không bị trừ tỷ lệ lương hưu."),
        ("phường Tân Hiệp", "Cô Đinh Thị Nga, giáo viên mầm non: kiến nghị Quốc hội quy định giáo viên mầm non được nghỉ hưu khi đủ 55 tuổi, hưởng đủ chế độ."),
    ]),
    # look-alike of K20: the same retirement request with another age (58 instead of 55)
    Group("K21", "giao_duc", TW, [
        ("xã Cư Pơng", "Đề nghị cho giáo viên mầm non được nghỉ hưu khi đủ 58 tuổi, không áp dụng lộ trình lên 60 tuổi như các ngành khác và không bị giảm lương hưu."),
        ("xã Nghĩa Hưng", "Chị em giáo viên mầm non mong được về hưu ở tuổi 58 vì công việc chăm trẻ rất vất vả."),
    ]),
    Group("K22", "giao_duc", TW, [
        ("xã Chiềng Sại", "Mức hỗ trợ tiền ăn trưa 160.000 đồng/tháng cho trẻ mẫu giáo vùng khó khăn không còn đủ mua thức ăn, đề nghị nâng lên 300.000 đồng."),
        ("xã Đắk Pxi", "Đề nghị Chính phủ tăng hỗ trợ ăn trưa cho trẻ 3 - 5 tuổi ở xã đặc biệt khó khăn lên 300 nghìn đồng mỗi tháng."),
    ]),
    # look-alike of K22: the same lunch allowance with another amount (500.000 instead of 300.000)
    Group("K23", "giao_duc", TW, [
        ("xã Cư Pơng", "Xin nâng tiền hỗ trợ ăn trưa cho các cháu mẫu giáo người đồng bào lên 500.000 đồng/tháng, mức hiện nay quá thấp so với giá thực phẩm."),
        ("xã Ea Kiết", "Cử tri buôn Ea Khăl đề nghị hỗ trợ ăn trưa cho trẻ mẫu giáo ít nhất 500 nghìn đồng mỗi tháng."),
    ]),
    Group("K24", "dat_dai_moi_truong", TW, [
        ("xã Long Hựu", "Nhiều hộ sử dụng đất ổn định từ trước năm 1993 nhưng không có giấy tờ, đến nay vẫn chưa được cấp GCNQSDĐ. Đề nghị Bộ Nông nghiệp và Môi trường hướng dẫn cụ thể."),
        ("xã Đắk Ha", "Đất gia đình tôi khai hoang từ những năm 1990, ở liên tục, không tranh chấp mà xin sổ đỏ mãi không được; mong Trung ương tháo gỡ vướng mắc về cấp giấy lần đầu."),
        ("xã Nghĩa Hưng", "Đề nghị sớm có văn bản hướng dẫn Luật Đất đai 2024 về cấp giấy chứng nhận cho đất không có giấy tờ về quyền sử dụng, cán bộ địa chính xã cũng còn lúng túng."),
    ]),
    Group("K25", "nong_nghiep", TW, [
        ("xã Long Hựu", "Từ khi phân bón chịu thuế giá trị gia tăng 5%, bao phân nào cũng lên giá, nông dân trồng lúa thiệt đủ đường. Đề nghị Quốc hội xem lại."),
        ("xã Cư Pơng", "Đánh thuế VAT vào phân bón thì cuối cùng người gánh vẫn là nông dân; đề nghị có chính sách để giá phân không tăng theo thuế."),
        ("xã Hòa Tiến", "Đề nghị đưa phân bón trở lại diện không chịu thuế GTGT như trước đây."),
    ]),
    Group("K26", "giao_duc", TW, [
        ("phường Tân Hiệp", "Mỗi trường chọn một bộ sách khác nhau, con chuyển trường là phải mua lại cả bộ. Đề nghị Bộ GD&ĐT biên soạn một bộ SGK dùng chung cả nước."),
        ("xã Đắk Pxi", "Cử tri mong Nhà nước sớm có bộ sách giáo khoa thống nhất toàn quốc và cấp miễn phí cho học sinh."),
        ("xã Mường Khoa", "Nên chăng cả nước chỉ học một bộ sách giáo khoa cho đỡ tốn kém và đỡ rối cho phụ huynh?"),
    ]),
    Group("K27", "an_ninh_tu_phap", TW, [
        ("phường Tân Hiệp", "Kẻ lừa đảo dùng sim không chính chủ và tài khoản ngân hàng mua bán trên mạng nên công an rất khó truy vết; đề nghị siết chặt quản lý thuê bao và việc mở tài khoản."),
        ("xã Hòa Tiến", "Ông Trịnh Văn Lực: tôi bị lừa gần 80 triệu đồng qua cuộc gọi giả danh nhân viên điện lực. Đề nghị xử lý triệt để nạn mua bán tài khoản ngân hàng và sim rác."),
        ("xã Nghĩa Hưng", "Việc cho thuê, mua bán tài khoản ngân hàng, sim rác để lừa đảo phải bị xử lý thật nghiêm."),
    ]),
    Group("K28", "giao_duc", TW, [
        ("xã Đắk Ha", "Giáo viên hợp đồng ở trường công lập dạy như giáo viên biên chế nhưng không được hưởng phụ cấp ưu đãi nghề, phụ cấp thâm niên. Đề nghị có chính sách công bằng cho họ."),
        ("xã Mường Khoa", "Đề nghị cho giáo viên hợp đồng được hưởng phụ cấp đứng lớp như giáo viên trong biên chế."),
    ]),
    Group("K29", "an_ninh_tu_phap", TW, [
        ("phường Tân Hiệp", "Quy định PCCC đối với nhà ở kết hợp kinh doanh đặt ra quá nhiều yêu cầu, hộ buôn bán nhỏ phải bỏ vài chục triệu làm lối thoát nạn thứ hai. Đề nghị Bộ Công an điều chỉnh cho phù hợp."),
        ("phường Tân Hiệp", "Hộ kinh doanh nhỏ trong hẻm không đủ điều kiện làm theo quy chuẩn phòng cháy mới, xin có lộ trình và giảm bớt yêu cầu."),
    ]),
    Group("K30", "nong_nghiep", TW, [
        ("xã Long Hựu", "Vụ nào được mùa là thương lái ép giá, lúa tươi có lúc xuống còn 5.000 đồng/kg. Đề nghị Chính phủ có cơ chế thu mua tạm trữ lúa cho nông dân."),
        ("xã Nghĩa Hưng", "Đề nghị Nhà nước mua tạm trữ thóc khi giá xuống thấp để bà con không bị lỗ."),
    ]),
]


def main() -> None:
    rows = 0
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["group_id", "unit", "text", "sector", "authority"])
        for group in GROUPS:
            for unit, text in group.items:
                writer.writerow([
                    group.gid,
                    unicodedata.normalize("NFC", unit),
                    unicodedata.normalize("NFC", text),
                    group.sector,
                    group.authority,
                ])
                rows += 1
    print(f"wrote {OUT} ({len(GROUPS)} groups, {rows} items)")


if __name__ == "__main__":
    main()
