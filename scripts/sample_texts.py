"""Text pool of the sample-round generator (all texts invented for cutri).

Slots filled by the generator: ``{thon}`` a village or residential group of the
unit, ``{xa}`` the unit's short name. Rules every text follows, so that the
expected split of the minutes is known exactly:

* one request per text, no ";" and no ":" inside it;
* at most one sentence that opens with "Đề nghị"/"Kiến nghị", and then the
  sentences before it carry no request word;
* it never starts with "Cử tri", "Ông" or "Bà".

Labels: ``sector`` is a slug of pipeline/data/taxonomy.toml, ``authority`` is
``trung_uong`` (central) or ``dia_phuong`` (local).
"""

from __future__ import annotations

C, L = "trung_uong", "dia_phuong"

# --------------------------------------------------------------------------- units
# (unit name, villages / residential groups)
UNITS = [
    ("Xã Tân Lập", ["thôn Đồng Bục", "thôn Nà Ngoa", "thôn Khuổi Phầy", "thôn Làng Chùa"]),
    ("Phường Minh Xuân", ["tổ dân phố 3", "tổ dân phố 7", "tổ dân phố 12", "tổ dân phố Tân Hà"]),
    ("Xã Đồng Tiến", ["thôn Cầu Xi", "thôn Gò Găng", "thôn Đồng Mới", "thôn Tiền Phong"]),
    ("Xã An Phú", ["thôn Phú Lâm", "thôn Soi Đúng", "thôn Bến Đền", "thôn Cây Thông"]),
    ("Phường Hà Phong", ["tổ dân phố 2", "tổ dân phố 5", "tổ dân phố 9", "tổ dân phố Đồng Bòng"]),
    ("Xã Kim Sơn", ["thôn Khuổi Lừa", "thôn Nà Mò", "thôn Bản Pác", "thôn Phiêng Tạ"]),
    ("Xã Phúc Hòa", ["xóm Đầm", "xóm Chợ", "xóm Thượng", "xóm Gốc Gạo"]),
    ("Xã Yên Thịnh", ["thôn Yên Thượng", "thôn Làng Mới", "thôn Thác Cái", "thôn Nậm Kép"]),
    ("Phường Lam Sơn", ["tổ dân phố Lam Hạ", "tổ dân phố 4", "tổ dân phố 8", "tổ dân phố Sông Lô"]),
    ("Xã Hợp Thành", ["thôn Đồng Chằm", "thôn Làng Nhà", "thôn Hợp Hòa", "thôn Khe Thuyền"]),
    ("Xã Thái Bình", ["thôn Bình Ca", "thôn Thái Ninh", "thôn Bãi Cát", "thôn Đồng Dầy"]),
]

# extra invented names for large benchmark rounds (combined as "<first> <second>")
NAME_FIRST = ["Tân", "Minh", "Đồng", "Phú", "Hà", "Kim", "Phúc", "Yên", "Lam", "Hợp", "Thái", "Bình", "Vĩnh",
              "Trung", "Thượng", "Hạ", "Quang", "Hưng", "Thanh", "Xuân", "Hòa", "Lạc", "Trường", "Nghĩa"]
NAME_SECOND = ["Lập", "Xuân", "Tiến", "Thành", "Phong", "Sơn", "Hòa", "Thịnh", "An", "Lộc", "Long", "Hưng",
               "Khánh", "Yên", "Ninh", "Định", "Quý", "Thuận", "Tường", "Kiều", "Mỹ", "Lâm", "Vân", "Đức"]
VILLAGE_WORDS = ["Đồng", "Nà", "Khuổi", "Bản", "Làng", "Cầu", "Gò", "Soi", "Bến", "Phiêng", "Thác", "Nậm",
                 "Mới", "Chùa", "Găng", "Pác", "Tạ", "Mò", "Cái", "Kép", "Dầy", "Cát", "Ninh", "Chằm"]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ", "Vũ", "Bùi", "Đặng", "Ma", "Nông", "Lò", "Triệu",
            "Hà", "Quan", "La", "Lương", "Dương"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Ngọc", "Xuân", "Quang"]
MIDDLE_F = ["Thị", "Thanh", "Ngọc", "Thu"]
GIVEN_M = ["Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam", "Phong", "Quang", "Sơn",
           "Thắng", "Trung", "Tuấn", "Lực", "Thành", "Kiên", "Hiếu", "Toàn"]
GIVEN_F = ["Hoa", "Hương", "Lan", "Mai", "Nga", "Thảo", "Vân", "Yến", "Hà", "Dung", "Huệ", "Liên", "Nhung"]

# officials of the meeting (chair, answers)
OFFICIAL_TITLES = [
    "Chủ tịch UBND {kind}", "Phó Chủ tịch UBND {kind}", "Bí thư Đảng ủy {kind}", "Trưởng Công an {kind}",
    "công chức Địa chính - Xây dựng {kind}",
]
ANSWERS = [
    "UBND {kind} tiếp thu ý kiến, sẽ kiểm tra thực tế và báo cáo cấp có thẩm quyền trong quý tới.",
    "nội dung này thuộc thẩm quyền của tỉnh, {kind} đã tổng hợp gửi các sở, ngành xem xét.",
    "hồ sơ của các hộ đã được tiếp nhận, hiện đang chờ kết quả đo đạc lại ranh giới thửa đất.",
    "công trình đã có trong kế hoạch đầu tư công trung hạn, dự kiến khởi công trong năm tới.",
    "{kind} sẽ phối hợp với công an và các thôn tăng cường tuần tra vào ban đêm.",
    "kinh phí hỗ trợ đã được phân bổ, đề nghị các thôn hoàn thiện hồ sơ thanh toán trước ngày 30.",
    "đơn vị điện lực đã khảo sát, sẽ thay máy biến áp có công suất lớn hơn.",
]
ANSWER_POINTS = [
    "Về tuyến đường liên thôn, {kind} đã đưa vào danh mục duy tu năm tới.",
    "Về chế độ chính sách, đây là quy định của Trung ương, {kind} ghi nhận và báo cáo lên trên.",
    "Về việc cấp giấy chứng nhận, bộ phận một cửa sẽ rà soát từng hồ sơ còn tồn.",
    "Về nước sinh hoạt, {kind} đã làm việc với đơn vị cấp nước để mở rộng đường ống.",
    "Về an ninh trật tự, công an {kind} đã lập chuyên án và sẽ thông báo kết quả.",
]

# --------------------------------------------------------------------------- duplicate groups
# (group id, sector, authority, paraphrases raised by different units)
DUP_GROUPS = [
    # Members of a group are what a careful clerk merges: the same request about
    # the same object, worded differently, with the same addressee (so the same
    # authority). Loose "same topic" pairs belong in the hard negatives instead.
    ("D01", "lao_dong_xa_hoi", C, [
        "Đề nghị Chính phủ điều chỉnh tăng lương hưu cho người nghỉ hưu trước năm 1995, mức lương hưu của nhóm này còn thấp so với giá cả sinh hoạt.",
        "Lương hưu của cán bộ nghỉ hưu trước năm 1995 còn rất thấp, đề nghị Trung ương sớm có chính sách tăng cho phù hợp.",
        "Kiến nghị Chính phủ nâng mức lương hưu đối với những người về hưu trước năm 1995 để bảo đảm cuộc sống.",
        "Đề nghị Nhà nước xem xét tăng lương hưu cho người nghỉ hưu từ trước năm 1995 vì thu nhập hiện nay không đủ chi tiêu.",
    ]),
    ("D02", "y_te", C, [
        "Đề nghị Bộ Y tế mở rộng danh mục thuốc do quỹ bảo hiểm y tế chi trả, nhiều thuốc điều trị bệnh mạn tính người bệnh vẫn phải tự mua.",
        "Người bệnh mạn tính có thẻ BHYT vẫn phải tự mua nhiều thuốc ngoài danh mục, đề nghị Bộ Y tế bổ sung thêm thuốc vào danh mục thuốc BHYT chi trả.",
        "Kiến nghị Bộ Y tế mở rộng danh mục thuốc được bảo hiểm y tế thanh toán để người bệnh không phải tự mua thuốc bên ngoài.",
    ]),
    ("D03", "noi_vu", C, [
        "Đề nghị Chính phủ nâng mức phụ cấp cho người hoạt động không chuyên trách ở thôn, tổ dân phố vì khối lượng công việc nhiều mà phụ cấp thấp.",
        "Phụ cấp của người hoạt động không chuyên trách ở thôn như trưởng thôn, bí thư chi bộ hiện quá thấp, kiến nghị Trung ương điều chỉnh tăng mức phụ cấp.",
        "Đề nghị Chính phủ có chính sách tăng phụ cấp cho người hoạt động không chuyên trách ở thôn, tổ dân phố sau khi sáp nhập thôn.",
        "Kiến nghị Trung ương nâng mức phụ cấp hằng tháng cho người hoạt động không chuyên trách ở thôn để họ yên tâm gắn bó với công việc.",
    ]),
    ("D04", "khoa_hoc_cong_nghe_thong_tin", L, [
        "Đề nghị các doanh nghiệp viễn thông trên địa bàn tỉnh lắp thêm trạm phát sóng ở các thôn vùng sâu, nhiều nơi sóng điện thoại di động và internet rất yếu.",
        "Sóng điện thoại di động và internet ở các thôn vùng cao chập chờn, học sinh không học trực tuyến được, đề nghị các nhà mạng trên địa bàn tỉnh lắp thêm trạm phát sóng.",
        "Kiến nghị các nhà mạng trên địa bàn tỉnh lắp đặt thêm trạm phát sóng để cải thiện sóng điện thoại di động và internet cho các thôn xa trung tâm.",
    ]),
    ("D05", "an_ninh_tu_phap", C, [
        "Đề nghị Bộ Công an có biện pháp mạnh xử lý tình trạng lừa đảo qua điện thoại, mạng xã hội đang diễn biến phức tạp.",
        "Thời gian qua nhiều người dân bị lừa đảo chiếm đoạt tiền qua điện thoại và mạng xã hội, đề nghị Bộ Công an xử lý nghiêm các đối tượng.",
        "Kiến nghị Bộ Công an quyết liệt ngăn chặn, xử lý các đối tượng lừa đảo qua điện thoại, mạng xã hội giả danh cơ quan nhà nước.",
        "Tình trạng lừa đảo qua mạng xã hội và điện thoại ngày càng tinh vi, đề nghị Bộ Công an tăng cường phòng ngừa, xử lý nghiêm.",
    ]),
    ("D06", "nong_nghiep", C, [
        "Giá phân bón, thức ăn chăn nuôi tăng cao trong khi giá nông sản bấp bênh, đề nghị Chính phủ có giải pháp bình ổn giá phân bón, thức ăn chăn nuôi.",
        "Đề nghị Chính phủ có chính sách kiểm soát giá phân bón, thức ăn chăn nuôi để người nông dân đỡ thua lỗ.",
        "Kiến nghị Chính phủ điều tiết, bình ổn giá vật tư nông nghiệp, nhất là phân bón và thức ăn chăn nuôi.",
    ]),
    ("D07", "giao_duc", C, [
        "Đề nghị Bộ Giáo dục và Đào tạo ổn định bộ sách giáo khoa, hạn chế thay đổi hằng năm gây lãng phí cho phụ huynh.",
        "Sách giáo khoa thay đổi liên tục, học sinh không dùng lại được sách cũ, kiến nghị Bộ Giáo dục và Đào tạo sử dụng ổn định một bộ sách giáo khoa.",
        "Đề nghị Bộ Giáo dục và Đào tạo thống nhất một bộ sách giáo khoa dùng ổn định lâu dài để giảm chi phí mua sách cho phụ huynh.",
    ]),
    ("D08", "dat_dai_moi_truong", L, [
        "Thủ tục cấp giấy chứng nhận quyền sử dụng đất lần đầu còn chậm, đề nghị UBND tỉnh chỉ đạo đẩy nhanh tiến độ giải quyết hồ sơ cho người dân.",
        "Nhiều hộ nộp hồ sơ cấp sổ đỏ lần đầu đã lâu nhưng chưa được giải quyết, đề nghị UBND tỉnh chỉ đạo đẩy nhanh việc cấp giấy chứng nhận quyền sử dụng đất.",
        "Kiến nghị UBND tỉnh đẩy nhanh việc cấp giấy chứng nhận quyền sử dụng đất lần đầu cho các hộ đã đủ điều kiện.",
    ]),
    ("D09", "lao_dong_xa_hoi", C, [
        "Đề nghị Chính phủ hạ độ tuổi được hưởng trợ cấp xã hội hằng tháng đối với người cao tuổi từ 75 tuổi xuống 70 tuổi.",
        "Kiến nghị Chính phủ giảm tuổi hưởng trợ cấp hằng tháng cho người cao tuổi không có lương hưu xuống 70 tuổi.",
        "Người cao tuổi không có lương hưu phải đủ 75 tuổi mới được hưởng trợ cấp hằng tháng, đề nghị Chính phủ hạ độ tuổi này xuống 70 tuổi.",
    ]),
    ("D10", "quoc_hoi_phap_luat", C, [
        "Đề nghị Quốc hội tăng cường giám sát việc giải quyết kiến nghị của cử tri và thông báo kịp thời kết quả giải quyết cho cử tri biết.",
        "Nhiều ý kiến cử tri nêu từ các kỳ tiếp xúc trước chưa được trả lời, đề nghị Quốc hội giám sát chặt chẽ việc giải quyết và thông báo kết quả cho cử tri.",
        "Kiến nghị Quốc hội giám sát việc các bộ, ngành giải quyết kiến nghị của cử tri, thông báo kết quả giải quyết để cử tri được biết.",
    ]),
    ("D11", "cong_thuong", C, [
        "Đề nghị Bộ Công Thương rà soát cách tính giá điện bậc thang vì tiền điện các tháng nắng nóng tăng cao bất thường.",
        "Tiền điện mùa hè tăng gấp đôi trong khi sử dụng như mọi năm, kiến nghị Bộ Công Thương xem xét lại cách tính giá điện bậc thang.",
        "Đề nghị Bộ Công Thương điều chỉnh số bậc và cách tính giá điện sinh hoạt bậc thang để giảm tiền điện cho hộ gia đình.",
    ]),
    ("D12", "van_hoa_the_thao_du_lich", L, [
        "Đề nghị hỗ trợ kinh phí mua sắm bàn ghế, loa đài cho nhà văn hóa các thôn, tổ dân phố sau sáp nhập.",
        "Nhà văn hóa của thôn sau khi sáp nhập thiếu bàn ghế, loa đài, đề nghị UBND tỉnh hỗ trợ kinh phí mua sắm.",
        "Kiến nghị bố trí kinh phí mua sắm bàn ghế, âm thanh cho các nhà văn hóa thôn mới sáp nhập.",
    ]),
    ("D13", "nong_nghiep", L, [
        "Đề nghị UBND tỉnh tiếp tục hỗ trợ các hợp tác xã nâng hạng sản phẩm OCOP và tìm đầu ra ổn định cho sản phẩm.",
        "Sản phẩm OCOP của các hợp tác xã khó tiêu thụ, đề nghị UBND tỉnh hỗ trợ kết nối thị trường, tìm đầu ra cho sản phẩm.",
        "Kiến nghị UBND tỉnh có thêm chính sách hỗ trợ các hợp tác xã tiêu thụ sản phẩm OCOP, tìm đầu ra ổn định.",
    ]),
    ("D14", "y_te", L, [
        "Trạm y tế xã hiện chỉ có y sĩ, chưa có bác sĩ thường trực, đề nghị Sở Y tế bố trí bác sĩ về làm việc tại trạm.",
        "Đề nghị Sở Y tế tăng cường bác sĩ cho trạm y tế xã để người dân được khám chữa bệnh ngay tại xã.",
        "Kiến nghị bổ sung bác sĩ cho trạm y tế xã, hiện người dân phải lên tuyến trên khám bệnh.",
    ]),
    ("D15", "dan_toc_ton_giao", C, [
        "Đề nghị Trung ương sớm ban hành hướng dẫn thống nhất để thực hiện Chương trình MTQG phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi.",
        "Văn bản hướng dẫn Chương trình MTQG vùng đồng bào dân tộc thiểu số còn chồng chéo, kiến nghị các bộ sửa đổi cho dễ thực hiện.",
        "Kiến nghị đơn giản hóa thủ tục giải ngân vốn Chương trình MTQG vùng đồng bào dân tộc thiểu số và miền núi.",
    ]),
]

# --------------------------------------------------------------------------- hard negatives
# same topic, different named places or works: must NOT be merged
HARD_NEGATIVES = [
    ("N01", "giao_thong", L, [
        "Đường ĐT 293 đoạn qua {thon} xuống cấp, nhiều ổ gà, đề nghị sớm sửa chữa.",
        "Đường ĐH 12 đoạn từ trung tâm xã đi {thon} bị sạt lở taluy, đề nghị sớm sửa chữa.",
    ]),
    ("N02", "nong_nghiep", L, [
        "Đập Khuổi Lừa ở {thon} bị rò rỉ thân đập, đề nghị đầu tư sửa chữa trước mùa mưa bão.",
        "Đập Bó Ca cấp nước tưới cho {thon} bị bồi lắng, đề nghị nạo vét và sửa chữa cửa cống.",
    ]),
    ("N03", "cong_thuong", L, [
        "Trạm biến áp {thon} thường xuyên quá tải, điện yếu vào giờ cao điểm, đề nghị ngành điện nâng công suất.",
        "Đường dây hạ thế từ trạm biến áp Cây Đa về {thon} đã cũ, hay mất điện, đề nghị thay mới.",
    ]),
    ("N04", "giao_duc", L, [
        "Điểm trường mầm non {thon} còn học nhờ nhà văn hóa, đề nghị đầu tư xây dựng hai phòng học.",
        "Trường tiểu học {xa} thiếu phòng học bộ môn, đề nghị bố trí vốn xây thêm nhà lớp học.",
    ]),
    ("N05", "van_hoa_the_thao_du_lich", L, [
        "Nhà văn hóa {thon} xây từ năm 2005 nay dột nát, đề nghị hỗ trợ kinh phí sửa chữa.",
        "Sân thể thao {thon} bị ngập khi mưa, đề nghị hỗ trợ tôn nền và làm rãnh thoát nước.",
    ]),
    ("N06", "giao_thong", L, [
        "Cầu treo Nà Mò bị hỏng mặt cầu, người dân qua lại nguy hiểm, đề nghị sửa chữa gấp.",
        "Cầu tràn Khe Thuyền mùa mưa thường bị ngập sâu, đề nghị xây cầu cứng thay thế.",
    ]),
]

# --------------------------------------------------------------------------- single requests
SINGLES = [
    # nông nghiệp
    ("nong_nghiep", L, "Kênh mương nội đồng {thon} bị sạt lở nhiều đoạn, đề nghị hỗ trợ xi măng để nhân dân tự cứng hóa."),
    ("nong_nghiep", L, "Đề nghị hỗ trợ giống lúa chịu hạn cho các hộ ở {thon} sau đợt hạn hán vừa qua."),
    ("nong_nghiep", L, "Dịch tả lợn châu Phi tái phát ở {thon}, đề nghị cơ quan thú y hỗ trợ hóa chất khử trùng và tiêm phòng."),
    ("nong_nghiep", C, "Đề nghị nâng mức hỗ trợ cho hộ chăn nuôi có lợn bị tiêu hủy do dịch bệnh, mức hiện nay quá thấp."),
    ("nong_nghiep", L, "Đề nghị hướng dẫn người dân {thon} chuyển đổi đất trồng lúa kém hiệu quả sang trồng cây ăn quả."),
    ("nong_nghiep", C, "Kiến nghị có chính sách bảo hiểm nông nghiệp phù hợp với hộ sản xuất nhỏ ở vùng thường bị thiên tai."),
    ("nong_nghiep", L, "Đề nghị sớm chi trả tiền hỗ trợ khắc phục thiệt hại do mưa lũ năm 2025 cho các hộ bị mất trắng hoa màu."),
    ("nong_nghiep", L, "Đề nghị bổ sung kinh phí duy tu các tuyến đê bao bảo vệ khu sản xuất của {thon}."),
    ("nong_nghiep", C, "Đề nghị tăng mức chi trả dịch vụ môi trường rừng cho các hộ nhận khoán bảo vệ rừng."),
    # đất đai, môi trường
    ("dat_dai_moi_truong", L, "Bãi rác tập trung của {xa} đã quá tải, gây ô nhiễm cho {thon}, đề nghị sớm có phương án xử lý."),
    ("dat_dai_moi_truong", L, "Đề nghị kiểm tra việc khai thác cát trái phép trên sông Lô đoạn qua {thon} làm sạt lở bờ sông."),
    ("dat_dai_moi_truong", L, "Dự án mở rộng đường ĐT 186 đã thu hồi đất từ năm 2023 nhưng chưa chi trả bồi thường dứt điểm, đề nghị sớm giải quyết."),
    ("dat_dai_moi_truong", L, "Đề nghị đo đạc lại bản đồ địa chính của {thon}, nhiều thửa đất trên bản đồ không khớp thực tế."),
    ("dat_dai_moi_truong", C, "Kiến nghị hướng dẫn cụ thể việc cấp giấy chứng nhận cho đất có nguồn gốc lấn chiếm trước năm 2014."),
    ("dat_dai_moi_truong", L, "Cơ sở chế biến gỗ gần {thon} xả bụi và tiếng ồn ảnh hưởng đến khu dân cư, đề nghị kiểm tra xử lý."),
    ("dat_dai_moi_truong", L, "Đề nghị công khai phương án bồi thường, hỗ trợ tái định cư của dự án khu công nghiệp phía nam {xa}."),
    ("dat_dai_moi_truong", C, "Đề nghị giảm tiền sử dụng đất khi chuyển mục đích từ đất vườn sang đất ở cho hộ gia đình trong cùng thửa."),
    # giao thông
    ("giao_thong", L, "Đề nghị đầu tư cứng hóa tuyến đường từ {thon} ra trung tâm xã, mùa mưa đường lầy lội xe máy không đi được."),
    ("giao_thong", L, "Xe chở đá quá tải chạy qua {thon} làm hỏng đường, đề nghị lực lượng chức năng kiểm soát tải trọng."),
    ("giao_thong", L, "Đề nghị lắp biển cảnh báo và gờ giảm tốc tại ngã ba trường học {xa}, nơi thường xảy ra va chạm."),
    ("giao_thong", L, "Đề nghị bố trí tuyến xe buýt đi qua {xa} để người dân và học sinh đi lại thuận tiện."),
    ("giao_thong", C, "Kiến nghị xem xét lại mức phí tại trạm thu phí BOT trên quốc lộ, người dân sống gần trạm phải trả phí nhiều lần."),
    ("giao_thong", L, "Đề nghị làm rãnh thoát nước dọc tuyến đường liên thôn {thon}, nước mưa chảy tràn làm hỏng mặt đường."),
    ("giao_thong", L, "Đường ngõ xóm ở {thon} hẹp, xe cứu hỏa không vào được, đề nghị hỗ trợ mở rộng."),
    ("giao_thong", C, "Đề nghị đơn giản hóa thủ tục đăng kiểm xe cơ giới, rút ngắn thời gian chờ đợi của người dân."),
    # xây dựng, đô thị, nước sạch
    ("xay_dung_do_thi", L, "Khu dân cư {thon} chưa có nước sạch, người dân phải dùng nước giếng nhiễm phèn, đề nghị đầu tư hệ thống cấp nước."),
    ("xay_dung_do_thi", L, "Đề nghị nạo vét hệ thống cống thoát nước ở {thon}, mỗi trận mưa lớn đường lại ngập sâu."),
    ("xay_dung_do_thi", L, "Đề nghị lắp đặt hệ thống đèn chiếu sáng công cộng trên trục đường chính của {thon}."),
    ("xay_dung_do_thi", L, "Quy hoạch chi tiết khu trung tâm {xa} đã lập nhiều năm nhưng chưa triển khai, đề nghị công bố rõ để người dân xây nhà."),
    ("xay_dung_do_thi", L, "Đề nghị rút ngắn thời gian cấp giấy phép xây dựng nhà ở riêng lẻ tại khu vực đô thị."),
    ("xay_dung_do_thi", C, "Kiến nghị có cơ chế cho người thu nhập thấp ở nông thôn được vay vốn mua nhà ở xã hội."),
    ("xay_dung_do_thi", L, "Nhà máy nước cấp cho {thon} thường xuyên mất nước vào mùa khô, đề nghị đơn vị cấp nước khắc phục."),
    ("xay_dung_do_thi", L, "Đề nghị xử lý dứt điểm các công trình xây dựng lấn chiếm hành lang thoát lũ tại {thon}."),
    # công thương
    ("cong_thuong", L, "Chợ {xa} xuống cấp, mái che bị dột, đề nghị đầu tư sửa chữa hoặc xây chợ mới."),
    ("cong_thuong", L, "Đề nghị ngành điện kéo điện lưới về các hộ ở cuối {thon} hiện vẫn phải câu nhờ điện."),
    ("cong_thuong", L, "Đề nghị tăng cường kiểm tra hàng giả, hàng kém chất lượng bán tại các phiên chợ vùng cao."),
    ("cong_thuong", L, "Cụm công nghiệp của {xa} chậm thu hút đầu tư, đề nghị tỉnh có giải pháp để tạo việc làm cho lao động địa phương."),
    ("cong_thuong", C, "Kiến nghị quản lý chặt giá xăng dầu ở khu vực nông thôn, nhiều cửa hàng bán cao hơn giá niêm yết."),
    ("cong_thuong", L, "Đề nghị hỗ trợ tiêu thụ cam sành của các hộ ở {thon}, năm nay được mùa nhưng giá xuống thấp."),
    ("cong_thuong", L, "Đề nghị điện lực thông báo lịch cắt điện sớm hơn để các cơ sở sản xuất chủ động."),
    # tài chính, đầu tư
    ("tai_chinh_dau_tu", L, "Đề nghị bố trí vốn trả nợ xây dựng cơ bản cho các công trình đã hoàn thành từ năm 2022 ở {xa}."),
    ("tai_chinh_dau_tu", C, "Kiến nghị nâng mức cho vay hộ nghèo, hộ cận nghèo tại Ngân hàng Chính sách xã hội lên 150 triệu đồng."),
    ("tai_chinh_dau_tu", C, "Đề nghị miễn thuế thu nhập cá nhân đối với thu nhập từ chuyển nhượng đất nông nghiệp giữa các hộ trong thôn."),
    ("tai_chinh_dau_tu", L, "Đề nghị bố trí kinh phí đối ứng cho các thôn làm đường giao thông nông thôn theo phương châm nhà nước và nhân dân cùng làm."),
    ("tai_chinh_dau_tu", C, "Kiến nghị gia hạn thời gian trả nợ cho các hộ vay vốn bị thiệt hại do thiên tai."),
    ("tai_chinh_dau_tu", L, "Đề nghị công khai các khoản đóng góp của người dân khi xây dựng nhà văn hóa {thon}."),
    ("tai_chinh_dau_tu", C, "Đề nghị giảm lệ phí trước bạ khi đăng ký xe máy cho người dân ở vùng đặc biệt khó khăn."),
    # lao động, xã hội
    ("lao_dong_xa_hoi", C, "Đề nghị xem xét công nhận chế độ cho người tham gia kháng chiến bị nhiễm chất độc hóa học đã nộp hồ sơ từ lâu."),
    ("lao_dong_xa_hoi", L, "Đề nghị rà soát lại danh sách hộ cận nghèo của {thon}, còn trường hợp khó khăn chưa được đưa vào."),
    ("lao_dong_xa_hoi", L, "Đề nghị tổ chức các lớp đào tạo nghề ngắn hạn cho lao động nông thôn gắn với nhu cầu của doanh nghiệp."),
    ("lao_dong_xa_hoi", C, "Kiến nghị có chính sách hỗ trợ đóng bảo hiểm xã hội tự nguyện cao hơn cho người lao động tự do."),
    ("lao_dong_xa_hoi", C, "Đề nghị tăng mức trợ cấp hằng tháng cho người khuyết tật nặng."),
    ("lao_dong_xa_hoi", L, "Đề nghị hỗ trợ sửa chữa nhà cho gia đình chính sách ở {thon} có nhà bị hư hỏng nặng."),
    ("lao_dong_xa_hoi", C, "Kiến nghị quy định rõ chế độ cho người lao động khi doanh nghiệp nợ đóng bảo hiểm xã hội rồi bỏ trốn."),
    ("lao_dong_xa_hoi", L, "Đề nghị giới thiệu việc làm cho thanh niên {xa} đi làm việc ở nước ngoài theo hợp đồng qua kênh tin cậy."),
    # y tế
    ("y_te", L, "Đề nghị tổ chức khám sức khỏe định kỳ miễn phí cho người cao tuổi ở {xa} ít nhất mỗi năm một lần."),
    ("y_te", L, "Đề nghị tăng cường kiểm tra an toàn thực phẩm tại các bếp ăn bán trú và quán ăn quanh trường học."),
    ("y_te", C, "Kiến nghị thông tuyến khám chữa bệnh BHYT tuyến tỉnh để người dân được hưởng đủ quyền lợi khi khám vượt tuyến."),
    ("y_te", L, "Trạm y tế {xa} xuống cấp, phòng khám chật hẹp, đề nghị đầu tư cải tạo."),
    ("y_te", C, "Đề nghị hỗ trợ mức đóng bảo hiểm y tế cho hộ làm nông, lâm nghiệp có mức sống trung bình."),
    ("y_te", L, "Đề nghị phun thuốc diệt muỗi phòng sốt xuất huyết ở {thon}, nơi đã có nhiều ca mắc."),
    ("y_te", C, "Kiến nghị khắc phục tình trạng thiếu thuốc, vật tư y tế tại các bệnh viện tuyến tỉnh."),
    # giáo dục
    ("giao_duc", L, "Đề nghị bố trí đủ giáo viên tiếng Anh và tin học cho trường trung học cơ sở {xa}."),
    ("giao_duc", C, "Kiến nghị miễn học phí cho học sinh trung học phổ thông ở các xã vùng khó khăn."),
    ("giao_duc", L, "Đề nghị hỗ trợ kinh phí nấu ăn cho học sinh bán trú ở điểm trường {thon}."),
    ("giao_duc", C, "Đề nghị giảm bớt các khoản thu đầu năm học và quy định rõ những khoản được thu."),
    ("giao_duc", L, "Sau khi sáp nhập điểm trường, học sinh {thon} phải đi học xa gần 7 km, đề nghị xem xét bố trí xe đưa đón."),
    ("giao_duc", C, "Kiến nghị có chế độ phụ cấp thu hút cho giáo viên mầm non công tác tại vùng đặc biệt khó khăn."),
    ("giao_duc", L, "Đề nghị xây tường rào và cổng trường cho trường mầm non {xa} để bảo đảm an toàn cho trẻ."),
    # văn hóa, thể thao, du lịch
    ("van_hoa_the_thao_du_lich", L, "Đề nghị quan tâm trùng tu đình làng {thon}, di tích đã được xếp hạng cấp tỉnh nhưng đang xuống cấp."),
    ("van_hoa_the_thao_du_lich", L, "Đề nghị xử lý các điểm karaoke hoạt động quá giờ gây ồn ào trong khu dân cư {thon}."),
    ("van_hoa_the_thao_du_lich", L, "Đề nghị đầu tư xây dựng sân vận động trung tâm {xa} để tổ chức các giải thể thao."),
    ("van_hoa_the_thao_du_lich", L, "Đề nghị hỗ trợ phát triển du lịch cộng đồng ở {thon}, nơi có cảnh quan thác nước đẹp."),
    ("van_hoa_the_thao_du_lich", L, "Kiến nghị hỗ trợ các câu lạc bộ hát then, đàn tính duy trì sinh hoạt thường xuyên."),
    ("van_hoa_the_thao_du_lich", C, "Đề nghị có chính sách bảo tồn nhà sàn truyền thống của đồng bào dân tộc ở các làng văn hóa."),
    # nội vụ
    ("noi_vu", L, "Sau sắp xếp đơn vị hành chính, trụ sở mới của {xa} ở xa, đề nghị bố trí điểm tiếp nhận hồ sơ tại trụ sở cũ."),
    ("noi_vu", C, "Kiến nghị có chính sách giải quyết cho cán bộ không chuyên trách cấp xã nghỉ việc do sắp xếp bộ máy."),
    ("noi_vu", L, "Đề nghị sớm điều chỉnh địa chỉ trên giấy tờ của người dân sau khi sáp nhập thôn mà không thu phí."),
    ("noi_vu", C, "Đề nghị quy định thống nhất số lượng người hoạt động không chuyên trách ở thôn có quy mô dân số lớn."),
    ("noi_vu", L, "Đề nghị công khai kết quả thi đua khen thưởng các thôn để nhân dân cùng giám sát."),
    ("noi_vu", C, "Kiến nghị sớm ban hành chính sách tiền lương mới cho cán bộ, công chức cấp xã sau sắp xếp."),
    # an ninh, tư pháp
    ("an_ninh_tu_phap", L, "Tình trạng trộm cắp gia súc ở {thon} gia tăng, đề nghị công an xã tăng cường tuần tra ban đêm."),
    ("an_ninh_tu_phap", L, "Đề nghị kiểm tra xử lý nhóm thanh niên tụ tập đua xe trên tuyến đường trung tâm {xa} vào đêm cuối tuần."),
    ("an_ninh_tu_phap", L, "Đề nghị giải quyết dứt điểm vụ tranh chấp đất giữa hai hộ ở {thon} kéo dài nhiều năm."),
    ("an_ninh_tu_phap", C, "Kiến nghị tăng nặng chế tài xử lý người sử dụng trái phép chất ma túy tái phạm."),
    ("an_ninh_tu_phap", L, "Đề nghị trang bị bình chữa cháy và tập huấn phòng cháy cho các hộ kinh doanh ở khu chợ {xa}."),
    ("an_ninh_tu_phap", C, "Đề nghị Tòa án đẩy nhanh việc xét xử các vụ án dân sự về tranh chấp đất đai còn tồn đọng."),
    ("an_ninh_tu_phap", L, "Đề nghị lắp camera an ninh tại các ngã ba, ngã tư của {thon} theo mô hình camera giữ bình yên."),
    # khoa học công nghệ, thông tin
    ("khoa_hoc_cong_nghe_thong_tin", L, "Hệ thống loa truyền thanh ở {thon} bị hỏng đã lâu, đề nghị sửa chữa để người dân nắm được thông tin."),
    ("khoa_hoc_cong_nghe_thong_tin", C, "Đề nghị ngăn chặn tình trạng tin nhắn rác, cuộc gọi quảng cáo làm phiền người dùng điện thoại."),
    ("khoa_hoc_cong_nghe_thong_tin", L, "Người cao tuổi gặp khó khăn khi dùng dịch vụ công trực tuyến, đề nghị bố trí người hướng dẫn tại bộ phận một cửa."),
    ("khoa_hoc_cong_nghe_thong_tin", C, "Kiến nghị khắc phục lỗi ứng dụng VNeID thường xuyên không đăng nhập được."),
    ("khoa_hoc_cong_nghe_thong_tin", L, "Đề nghị hỗ trợ thiết bị thông minh cho tổ công nghệ số cộng đồng ở {thon}."),
    ("khoa_hoc_cong_nghe_thong_tin", C, "Đề nghị phủ sóng truyền hình mặt đất cho các bản vùng cao chưa xem được truyền hình."),
    # dân tộc, tôn giáo
    ("dan_toc_ton_giao", L, "Đề nghị hỗ trợ đất sản xuất cho các hộ đồng bào dân tộc thiểu số ở {thon} còn thiếu đất canh tác."),
    ("dan_toc_ton_giao", C, "Kiến nghị tiếp tục công nhận {thon} là thôn đặc biệt khó khăn để người dân được hưởng chính sách."),
    ("dan_toc_ton_giao", L, "Đề nghị nâng mức hỗ trợ cho người có uy tín trong đồng bào dân tộc thiểu số."),
    ("dan_toc_ton_giao", L, "Đề nghị hướng dẫn thủ tục đăng ký sinh hoạt tôn giáo tập trung cho nhóm tín đồ ở {thon}."),
    ("dan_toc_ton_giao", C, "Kiến nghị sớm phân định lại vùng đồng bào dân tộc thiểu số theo tiêu chí mới để thực hiện chính sách."),
    ("dan_toc_ton_giao", L, "Đề nghị hỗ trợ nước sinh hoạt phân tán cho hộ đồng bào vùng cao ở {thon}."),
    # Quốc hội, pháp luật
    ("quoc_hoi_phap_luat", C, "Đề nghị Quốc hội sớm sửa đổi quy định về xử phạt vi phạm hành chính trong lĩnh vực đất đai cho phù hợp thực tế."),
    ("quoc_hoi_phap_luat", C, "Kiến nghị tổ chức tiếp xúc cử tri theo chuyên đề với nông dân và người sản xuất nhỏ."),
    ("quoc_hoi_phap_luat", L, "Đề nghị HĐND tỉnh giám sát việc thực hiện các dự án chậm tiến độ trên địa bàn {xa}."),
    ("quoc_hoi_phap_luat", C, "Đề nghị khi ban hành luật thì ban hành ngay văn bản hướng dẫn để địa phương thực hiện."),
    ("quoc_hoi_phap_luat", C, "Kiến nghị lấy ý kiến rộng rãi của nhân dân khi sửa đổi Luật Đất đai lần tới."),
    ("quoc_hoi_phap_luat", L, "Đề nghị thông báo lịch tiếp xúc cử tri sớm để người dân sắp xếp công việc tham dự."),
    # khác
    ("khac", L, "Thống nhất cao với báo cáo của đại biểu, mong các đại biểu tiếp tục lắng nghe ý kiến nhân dân."),
    ("khac", L, "Đề nghị biểu dương kịp thời những tấm gương người tốt việc tốt ở {thon} trên loa truyền thanh."),
]
