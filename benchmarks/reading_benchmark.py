"""Reading benchmark (run by hand; prints figures): are all requests found, and nothing else?

    .venv/bin/python benchmarks/reading_benchmark.py

Reads, through ``pipeline.ingest.read_minutes``, (1) the cases of tests/reading_cases.py
(the layouts the answer/frame rules were written against) and (2) HELD_OUT below:
documents in layouts the rules were NOT tuned on (written once, run, and reported as
they came out). For each set it prints:

* recall: truth requests found in exactly one record (target ≥ 0.98);
* not-a-recommendation share: records matching no truth request (target ≤ 2%);
* unit accuracy: records of a found request whose unit is the truth's.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import reading_cases as RC  # noqa: E402
from fixtures_ingest import make_docx, make_xlsx  # noqa: E402

from pipeline.config import Config  # noqa: E402
from pipeline.ingest import read_minutes  # noqa: E402


def _bao_loc_txt(folder: Path) -> None:
    lines = [
        "MẶT TRẬN TỔ QUỐC VIỆT NAM",
        "ỦY BAN MTTQ PHƯỜNG BẢO LỘC",
        "BIÊN BẢN",
        "Hội nghị tiếp xúc cử tri của Đại biểu HĐND tỉnh tại phường Bảo Lộc",
        "Ý kiến của cử tri:",
        "a) Ông Nguyễn Hữu Tài - tổ dân phố 4: Đề nghị cải tạo hệ thống thoát nước đường Trần Phú, mưa to là ngập.",
        "b) Bà Lý Thị Thu - tổ dân phố 7: Đề nghị sớm hoàn thành dự án nâng cấp chợ Bảo Lộc.",
        "+ Đồng thời đề nghị bố trí bãi giữ xe tạm cho tiểu thương trong thời gian thi công.",
        "Đại biểu Hồ Văn Lực tiếp thu và trả lời:",
        "+ Dự án chợ đang hoàn thiện thủ tục, dự kiến khởi công quý II.",
        "+ Việc thoát nước đã giao Công ty Công trình đô thị khảo sát.",
        "c) Ông Đặng Minh Quân - tổ dân phố 2: Kiến nghị tăng cường kiểm tra vệ sinh an toàn thực phẩm tại cổng trường.",
        "Cử tri đánh giá cao sự chuẩn bị chu đáo của hội nghị.",
        "Hội nghị kết thúc vào lúc 11 giờ cùng ngày.",
        "THƯ KÝ                         CHỦ TỌA",
    ]
    (folder / "bien_ban_bao_loc.txt").write_text("\n".join(lines), encoding="utf-8")


def _quang_tri_xlsx(folder: Path) -> None:
    rows = [
        ["HĐND XÃ HẢI LĂNG"],
        ["BẢNG TỔNG HỢP Ý KIẾN CỬ TRI SAU KỲ HỌP"],
        ["TT", "Người phản ánh", "Địa chỉ", "Ý kiến cử tri", "Cơ quan trả lời", "Nội dung trả lời"],
        ["A", "B", "C", "1", "2", "3"],
        ["1", "Hồ Văn Nam", "thôn Câu Nhi", "Đề nghị sửa chữa trạm bơm Câu Nhi hỏng từ vụ hè thu.", "UBND xã",
         "Đã sửa xong trong tháng 9."],
        ["2", "Lê Thị Sen", "thôn Mai Đàn", "Đề nghị cấp kinh phí làm đường bê tông xóm Mai Đàn.", "", ""],
        ["", "", "", "Trả lời: đường xóm Mai Đàn đã có trong kế hoạch nông thôn mới.", "", ""],
        ["3", "Trần Quang", "thôn Diên Khánh", "Đề nghị hỗ trợ sửa chữa nhà văn hóa thôn bị tốc mái do bão.", "", ""],
    ]
    make_xlsx(folder / "ykien_hai_lang.xlsx", {"Sheet1": rows})


def _an_phu_docx(folder: Path) -> None:
    paragraphs = [
        "UBND THỊ TRẤN AN PHÚ",
        "BÁO CÁO KẾT QUẢ TIẾP XÚC CỬ TRI THỊ TRẤN AN PHÚ",
        "I. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
        "1. Về lĩnh vực đất đai:",
        "Cử tri khóm An Hưng đề nghị đẩy nhanh việc đo đạc, cấp đổi giấy chứng nhận cho các hộ ven kênh Vĩnh Tế.",
        "2. Về lĩnh vực lao động, việc làm:",
        "Cử tri khóm An Thịnh đề nghị mở lớp dạy nghề ngắn hạn cho lao động nông thôn.",
        "II. Ý KIẾN GIẢI TRÌNH CỦA LÃNH ĐẠO ĐỊA PHƯƠNG",
        "1. Việc cấp đổi giấy chứng nhận đang làm theo kế hoạch của huyện.",
        "2. Thị trấn phối hợp Trung tâm Giáo dục nghề nghiệp mở 2 lớp trong năm.",
        "Trên đây là báo cáo kết quả tiếp xúc cử tri.",
        "Nơi nhận:",
        "- TT HĐND huyện;",
        "- Lưu: VT.",
    ]
    make_docx(folder / "bao_cao_an_phu.docx", paragraphs)


HELD_OUT = [
    ("txt_letters_plus_bullets", _bao_loc_txt, [
        ("Phường Bảo Lộc", "thoát nước đường Trần Phú", False, None),
        ("Phường Bảo Lộc", "nâng cấp chợ Bảo Lộc", False, None),
        ("Phường Bảo Lộc", "bãi giữ xe tạm", False, None),
        ("Phường Bảo Lộc", "an toàn thực phẩm tại cổng trường", False, None),
    ]),
    ("xlsx_letter_column_numbers", _quang_tri_xlsx, [
        ("Xã Hải Lăng", "trạm bơm Câu Nhi", True, None),
        ("Xã Hải Lăng", "đường bê tông xóm Mai Đàn", True, None),
        ("Xã Hải Lăng", "nhà văn hóa thôn bị tốc mái", False, None),
    ]),
    ("docx_report_roman_answers", _an_phu_docx, [
        ("Thị trấn An Phú", "cấp đổi giấy chứng nhận cho các hộ ven kênh", False, None),
        ("Thị trấn An Phú", "mở lớp dạy nghề ngắn hạn", False, None),
    ]),
]


# A second held-out set, written after the first was fixed; run as it came out.
def _cam_thuy_txt(folder: Path) -> None:
    lines = [
        "ĐẢNG BỘ XÃ CẨM THỦY",
        "BIÊN BẢN TIẾP XÚC CỬ TRI XÃ CẨM PHONG",
        "Ý kiến 1: Ông Bùi Văn Thắng, làng Đồng Lạc: đề nghị làm ngầm tràn qua suối Đồng Lạc, mùa mưa học sinh không đi học được.",
        "Ý kiến 2: Bà Quách Thị Hương, làng Kim Mẫm: đề nghị hỗ trợ xi măng làm đường giao thông nội đồng.",
        "Ông Chủ tịch UBND xã trả lời: ngầm tràn đã có trong đề án của huyện.",
        "Ý kiến 3: Ông Trương Văn Dũng: kiến nghị cấp điện lưới cho 15 hộ ở khe Ông Lê.",
        "Các ý kiến đã được lãnh đạo xã tiếp thu.",
        "Biên bản được lập xong lúc 11 giờ 15 phút cùng ngày.",
        "CHỦ TRÌ HỘI NGHỊ                THƯ KÝ",
    ]
    (folder / "bb_cam_phong.txt").write_text("\n".join(lines), encoding="utf-8")


def _cum_phuong_xlsx(folder: Path) -> None:
    rows = [
        ["TỔ ĐẠI BIỂU HĐND TỈNH - CỤM PHƯỜNG BẮC"],
        ["STT", "Đơn vị", "Nội dung ý kiến, kiến nghị", "Số lượt ý kiến", "Ghi chú"],
        ["A", "THẨM QUYỀN TRUNG ƯƠNG"],
        ["1", "Phường Điện Biên", "Đề nghị sửa đổi quy định về cấp giấy phép xây dựng nhà ở riêng lẻ.", "3", ""],
        ["B", "THẨM QUYỀN ĐỊA PHƯƠNG"],
        ["2", "Phường Ba Đình", "Đề nghị chỉnh trang vỉa hè phố Lê Hoàn bị lún sụt.", "2", ""],
        ["3", "Phường Đông Thọ", "Đề nghị bố trí điểm tập kết rác thải tạm thời tại khu tập thể.", "1", ""],
        ["", "Tổng cộng", "", "6", ""],
    ]
    make_xlsx(folder / "tong_hop_cum_bac.xlsx", {"TH": rows})


HELD_OUT_2 = [
    ("txt_numbered_opinions_closing", _cam_thuy_txt, [
        ("Xã Cẩm Phong", "ngầm tràn qua suối Đồng Lạc", False, None),
        ("Xã Cẩm Phong", "hỗ trợ xi măng", False, None),
        ("Xã Cẩm Phong", "cấp điện lưới cho 15 hộ", False, None),
    ]),
    ("xlsx_cluster_report_unit_column", _cum_phuong_xlsx, [
        ("Phường Điện Biên", "giấy phép xây dựng", False, None),
        ("Phường Ba Đình", "vỉa hè phố Lê Hoàn", False, None),
        ("Phường Đông Thọ", "tập kết rác thải", False, None),
    ]),
]


def measure(cases) -> dict:
    n_truth = n_found = n_records = n_extra = n_unit_ok = 0
    for name, build, truth in cases:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            build(folder)
            res = read_minutes(folder, Config())
        found, extra = RC.match(res.records, truth)
        units = res.records["unit"].tolist()
        texts = res.records["text_raw"].tolist()
        ok_units = sum(1 for unit, phrase, _, _ in truth
                       for k in found if phrase in texts[k] and units[k] == unit)
        n_truth += len(truth)
        n_found += len(found)
        n_records += len(res.records)
        n_extra += len(extra)
        n_unit_ok += ok_units
        flag = "" if len(found) == len(truth) and not extra else "   <-- " + "; ".join(
            [f"missed {len(truth) - len(found)}"] + [f"extra: {e[:70]}" for e in extra])
        print(f"  {name:32s} truth {len(truth):3d}  found {len(found):3d}  records {len(res.records):3d}  "
              f"units right {ok_units}{flag}")
    return {"recall": n_found / max(n_truth, 1), "not_rec": n_extra / max(n_records, 1),
            "units": n_unit_ok / max(n_found, 1)}


def main() -> None:
    for title, cases in (("cases the rules were written against (tests/reading_cases.py)", RC.CASES),
                         ("held-out layouts (not tuned)", HELD_OUT),
                         ("second held-out set (written after the first was fixed, not tuned)", HELD_OUT_2)):
        print(title)
        m = measure(cases)
        print(f"  recall {m['recall']:.3f} (target >= 0.98)   not-a-recommendation share {m['not_rec']:.1%} "
              f"(target <= 2%)   units right {m['units']:.1%}")


if __name__ == "__main__":
    main()
