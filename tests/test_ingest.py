"""Reading minutes into records (pipeline.ingest): formats, layouts, encodings, units, rejects."""

from __future__ import annotations

import os
import unicodedata

import pandas as pd
import pytest

from fixtures_ingest import MINUTES, MINUTES_TEXTS, make_docx, make_xls, make_xlsx, set_cached_value
from legacy import encode_cp1258, encode_legacy
from pipeline import schemas as S
from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.ingest import column_role, read_minutes, unit_from_path

CFG = Config()


def read(folder):
    return read_minutes(folder, CFG)


def rows(res, file=None):
    rec = res.records if file is None else res.records[res.records[S.SOURCE_FILE] == file]
    return list(zip(rec[S.UNIT], rec[S.SOURCE_REF], rec[S.SPEAKER], rec[S.TEXT_RAW], rec[S.ANSWERED]))


TITLE_BLOCK = [
    ["ỦY BAN MTTQ VIỆT NAM"],
    ["XÃ KIM SƠN"],
    ["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI"],
    ["(Hội nghị tiếp xúc cử tri ngày 15 tháng 10 năm 2026)"],
    [],
]


# --------------------------------------------------------------------------- Excel layouts
def test_sheet_per_unit_with_title_block_and_merged_two_row_header(tmp_path):
    header = [
        ["STT", "Cử tri", None, "Nội dung ý kiến, kiến nghị", "Lĩnh vực", "Thẩm quyền", "Ghi chú"],
        [None, "Họ và tên", "Địa chỉ", None, None, None, None],
    ]
    data = [
        [1, "Ma Văn Tài", "thôn Bản Pác", "Đề nghị sửa cầu treo Nà Mò.", "Giao thông", "Địa phương", None],
        [2, "Lò Thị Nga", None, "- Đề nghị tăng phụ cấp trưởng thôn.", "Nội vụ", "Trung ương", "Đã trả lời tại hội nghị"],
    ]
    other = [["UBND PHƯỜNG HÀ PHONG"], [], ["STT", "Họ tên cử tri", "Nội dung kiến nghị"],
             [1, "Đỗ Văn Long", "Đề nghị nạo vét cống thoát nước tổ 5."]]
    make_xlsx(
        tmp_path / "tong_hop" / "kien_nghi.xlsx",
        {"Kim Sơn": TITLE_BLOCK + header + data, "Ha Phong": other, "Nháp": [["STT", "Nội dung"], [1, "ghi tạm"]]},
        merges={"Kim Sơn": ["A6:A7", "B6:C6", "D6:D7", "E6:E7", "F6:F7", "G6:G7", "A3:G3"]},
        hidden=("Nháp",),
    )
    res = read(tmp_path)
    assert rows(res) == [
        ("Xã Kim Sơn", "Kim Sơn!R8", "Ma Văn Tài, thôn Bản Pác", "Đề nghị sửa cầu treo Nà Mò.", False),
        ("Xã Kim Sơn", "Kim Sơn!R9", "Lò Thị Nga", "Đề nghị tăng phụ cấp trưởng thôn.", True),
        ("Phường Hà Phong", "Ha Phong!R4", "Đỗ Văn Long", "Đề nghị nạo vét cống thoát nước tổ 5.", False),
    ]
    assert list(res.records.columns) == S.RAW_COLUMNS
    assert res.records[S.SEQ].tolist() == [1, 2, 3]
    assert res.rejects[["location", "reason"]].values.tolist() == [["Nháp", "Trang tính 'Nháp' bị ẩn, không đọc"]]
    meetings = res.meetings.set_index(S.UNIT)
    assert meetings.loc["Xã Kim Sơn", "date"] == "2026-10-15"
    assert list(res.meetings.columns) == [c for c in S.MEETING_COLUMNS if c != "n_items"]
    assert res.records[S.MEETING_ID].nunique() == 2


def test_summary_sheet_with_unit_column_and_headers_without_diacritics(tmp_path):
    sheet = [
        ["TONG HOP Y KIEN CU TRI"],
        [],
        ["STT", "Don vi", "Ho ten cu tri", "Noi dung kien nghi", "Ghi chu"],
        [1, "xã Phúc Hòa", "Hà Văn Hải", "Đề nghị xây kè chống sạt lở bờ sông Lô.", None],
        [2, None, "Vũ Thị Lan", "Đề nghị hỗ trợ giống ngô lai.", "Da giai trinh tai hoi nghi"],
        [3, "PHƯỜNG LAM SƠN", "", "Đề nghị lắp đèn tín hiệu ngã tư chợ.", None],
        [4, "Yên Thịnh", None, "Đề nghị sửa nhà văn hóa thôn Làng Mới.", None],
    ]
    make_xlsx(tmp_path / "tong_hop.xlsx", {"Tong hop": sheet}, merges={"Tong hop": ["B4:B5"]})
    res = read(tmp_path)
    assert [(u, t, a) for u, _, _, t, a in rows(res)] == [
        ("Xã Phúc Hòa", "Đề nghị xây kè chống sạt lở bờ sông Lô.", False),
        ("Xã Phúc Hòa", "Đề nghị hỗ trợ giống ngô lai.", True),
        ("Phường Lam Sơn", "Đề nghị lắp đèn tín hiệu ngã tư chợ.", False),
        ("Yên Thịnh", "Đề nghị sửa nhà văn hóa thôn Làng Mới.", False),
    ]
    assert res.meetings[S.UNIT].tolist() == ["Xã Phúc Hòa", "Phường Lam Sơn", "Yên Thịnh"]


def test_unit_column_named_xa_adds_the_kind(tmp_path):
    make_xlsx(tmp_path / "th.xlsx", {"TH": [["STT", "Xã", "Nội dung kiến nghị"], [1, "Hợp Thành", "Đề nghị làm cầu tràn Khe Thuyền."]]})
    assert read(tmp_path).records[S.UNIT].tolist() == ["Xã Hợp Thành"]


def test_xls_other_column_order_groups_blank_and_total_rows(tmp_path):
    sheet = [
        ["UBND PHƯỜNG HÀ PHONG"],
        ["DANH SÁCH Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI"],
        ["(Tiếp xúc cử tri ngày 14/10/2026)"],
        [],
        ["TT", "Nội dung kiến nghị", "Họ tên cử tri", "Thôn, xóm", "Thẩm quyền"],
        ["I. THẨM QUYỀN ĐỊA PHƯƠNG"],
        [1, "Đề nghị cải tạo chợ trung tâm phường.", "Nông Văn Bình", "tổ 2", "Địa phương"],
        [],
        [2, "Đề nghị lắp camera tại ngã ba Đồng Bòng.", "Triệu Thị Mai", "tổ 9", "Địa phương"],
        ["II. THẨM QUYỀN TRUNG ƯƠNG"],
        [1, "Đề nghị tăng lương hưu.", "Lê Văn Cường", None, "Trung ương"],
        [None, None, "Hoàng Văn Nam", "tổ 5"],
        ["Tổng cộng", "3 kiến nghị"],
    ]
    make_xls(tmp_path / "phuong_ha_phong" / "kien_nghi.xls", sheet)
    res = read(tmp_path)
    assert [(u, ref, sp, t) for u, ref, sp, t, _ in rows(res)] == [
        ("Phường Hà Phong", "Sheet1!R7", "Nông Văn Bình, tổ 2", "Đề nghị cải tạo chợ trung tâm phường."),
        ("Phường Hà Phong", "Sheet1!R9", "Triệu Thị Mai, tổ 9", "Đề nghị lắp camera tại ngã ba Đồng Bòng."),
        ("Phường Hà Phong", "Sheet1!R11", "Lê Văn Cường", "Đề nghị tăng lương hưu."),
    ]
    assert res.meetings["date"].tolist() == ["2026-10-14"]
    skipped = dict(zip(res.skipped["location"], res.skipped["reason"]))
    assert skipped == {"Sheet1!R6": "tiêu đề nhóm trong bảng", "Sheet1!R10": "tiêu đề nhóm trong bảng",
                       "Sheet1!R13": "dòng tổng cộng"}
    (reject,) = res.rejects.to_dict("records")
    assert reject["location"] == "Sheet1!R12"
    assert reject["reason"] == "Dòng có dữ liệu nhưng không có nội dung kiến nghị"
    assert reject["raw_text"] == "Hoàng Văn Nam | tổ 5"
    assert res.files[0]["status"] == "ok" and res.files[0]["format"] == "xls"


def test_header_on_row_six_and_a_sheet_without_header(tmp_path):
    sheet = [["BẢNG TỔNG HỢP"], ["PHƯỜNG MINH XUÂN"], [], [], [],
             ["STT", "Họ và tên", "Nơi ở", "Nội dung"],
             [1, "Phạm Thị Dung", "tổ dân phố 12", "Đề nghị mở rộng ngõ 45 phố Chợ."]]
    make_xlsx(tmp_path / "a.xlsx", {"Sheet1": sheet, "Ghi chú": [["XÃ TÂN LẬP"], ["Không có kiến nghị mới."]]})
    res = read(tmp_path)
    assert rows(res) == [("Phường Minh Xuân", "Sheet1!R7", "Phạm Thị Dung, tổ dân phố 12", "Đề nghị mở rộng ngõ 45 phố Chợ.", False)]
    (reject,) = res.rejects.to_dict("records")
    assert reject["location"] == "Ghi chú"
    assert "Trang tính 'Ghi chú' không có dòng tiêu đề cột" in reject["reason"]


def test_unit_from_sheet_name_then_file_name(tmp_path):
    table = [["STT", "Nội dung kiến nghị"], [1, "Đề nghị sửa đường ĐH 12."]]
    make_xlsx(tmp_path / "dot_1" / "xa_hop_thanh.xlsx", {"Sheet1": table})
    make_xlsx(tmp_path / "dot_1" / "tong_hop.xlsx", {"Xã Tân Lập": table, "Yên Thịnh": table, "Tổng hợp": table})
    res = read(tmp_path)
    assert list(zip(res.records[S.SOURCE_FILE], res.records[S.UNIT])) == [
        ("dot_1/tong_hop.xlsx", "Xã Tân Lập"), ("dot_1/tong_hop.xlsx", "Yên Thịnh"),
        ("dot_1/tong_hop.xlsx", "Dot 1"),  # generic sheet and file names: the folder names the unit
        ("dot_1/xa_hop_thanh.xlsx", "Xã Hop Thanh"),
    ]


def test_workbook_without_any_table_is_rejected_with_its_sheets(tmp_path):
    make_xlsx(tmp_path / "a.xlsx", {"Trang 1": [["XÃ AN PHÚ"], ["Danh sách đại biểu"]]})
    (tmp_path / "b.txt").write_text("\n".join(MINUTES), encoding="utf-8")
    res = read(tmp_path)
    assert res.files[0]["status"] == "rejected"
    assert res.rejects["location"].tolist() == ["Trang 1", ""]
    assert res.rejects["reason"].tolist()[1].startswith("Không đọc được tệp a.xlsx: không có trang tính nào đọc được")


def test_formula_cells(tmp_path):
    path = make_xlsx(tmp_path / "f.xlsx", {"Sheet1": [
        ["XÃ AN PHÚ"], ["STT", "Nội dung kiến nghị"],
        ["=ROW()-2", '=CONCATENATE("Đề nghị nạo vét ", "kênh Soi Đúng.")'],
        ["=ROW()-2", "=1+1"],
    ]})
    set_cached_value(path, 1, "B3", "Đề nghị nạo vét kênh Soi Đúng.")
    res = read(tmp_path)
    # the cached value is read; a formula saved without a result reads as empty, without error
    assert res.records[S.TEXT_RAW].tolist() == ["Đề nghị nạo vét kênh Soi Đúng."]
    assert res.files[0]["status"] == "ok"


@pytest.mark.parametrize("label, role", [
    ("Nội dung kiến nghị", "content"), ("Noi dung kien nghi", "content"), ("Nội dung ý kiến, kiến nghị", "content"),
    ("Ý kiến, kiến nghị của cử tri", "content"), ("Nội dung", "content"), ("STT", "stt"), ("TT", "stt"),
    ("Họ tên cử tri", "name"), ("Họ và tên", "name"), ("Địa chỉ", "address"), ("Thôn, xóm", "address"),
    ("Nơi ở", "address"), ("Lĩnh vực", "sector"), ("Thẩm quyền giải quyết", "authority"), ("Ghi chú", "note"),
    ("Đơn vị", "unit"), ("Xã", "unit"), ("Phường", "unit"), ("Địa phương", "unit"), ("Số tiền", None),
])
def test_column_roles(label, role):
    assert column_role(label) == role


# --------------------------------------------------------------------------- narrative formats and encodings
ENCODERS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-sig": lambda t: t.encode("utf-8-sig"),
    "utf-16": lambda t: t.encode("utf-16"),
    "cp1258": encode_cp1258,
    "tcvn3": lambda t: encode_legacy(t, "tcvn3"),
    "vni": lambda t: encode_legacy(t, "vni"),
}
CONVERTED = {"utf-8": None, "utf-8-sig": None, "utf-16": "utf-16", "cp1258": "cp1258", "tcvn3": "tcvn3", "vni": "vni"}


@pytest.mark.parametrize("encoding", list(ENCODERS))
def test_text_minutes_in_each_encoding(tmp_path, encoding):
    lines = list(MINUTES)
    if encoding == "tcvn3":  # TCVN3 has no upper-case toned letters (.VnTimeH): headings in sentence case
        lines[:2] = ["Biên bản", "Hội nghị tiếp xúc cử tri xã Yên Phú"]
        lines[4] = "II. Các ý kiến, kiến nghị của cử tri"
    (tmp_path / "bien_ban.txt").write_bytes(ENCODERS[encoding]("\r\n".join(lines)))
    res = read(tmp_path)
    assert res.records[S.TEXT_RAW].map(lambda t: unicodedata.normalize("NFC", t)).tolist() == MINUTES_TEXTS
    assert set(res.records[S.UNIT]) == {"Xã Yên Phú"}
    assert res.records[S.SOURCE_REF].tolist() == ["dòng 6", "dòng 7"]
    assert res.files[0]["encoding"] == CONVERTED[encoding]
    assert res.meetings["voters_attending"].tolist() == [95]
    assert res.meetings["date"].tolist() == ["2026-10-05"]
    # the official's answer under the last voter is read into its answer_text (issue 16)
    assert "giải trình của cán bộ, ghi vào cột answer_text của kiến nghị phía trên" in set(res.skipped["reason"])
    assert res.records["answered"].tolist() == [False, True]
    assert res.rejects.empty


def test_word_minutes_paragraphs_and_tables(tmp_path):
    paragraphs = MINUTES[:6] + ["Cử tri các thôn có một số kiến nghị tổng hợp trong bảng sau:"] + MINUTES[6:]
    table = [["STT", "Họ tên cử tri", "Nội dung kiến nghị"],
             ["1", "Lục Văn Phong", "Đề nghị xây nhà lớp học điểm trường Bản Cuôn."]]
    make_docx(tmp_path / "xa_yen_phu" / "bien_ban.docx", paragraphs, tables=[(6, table)])
    res = read(tmp_path)
    assert [(ref, sp, t) for _, ref, sp, t, _ in rows(res)] == [
        ("đoạn 6", "Hà Văn Sơn, thôn Nà Lừa", MINUTES_TEXTS[0]),
        ("bảng 1, hàng 2", "Lục Văn Phong", "Đề nghị xây nhà lớp học điểm trường Bản Cuôn."),
        ("đoạn 8", "Ma Thị Huệ, thôn Bản Cuôn", MINUTES_TEXTS[1]),
    ]
    assert res.records[S.SEQ].tolist() == [1, 2, 3]
    assert set(res.records[S.UNIT]) == {"Xã Yên Phú"}
    assert res.records[S.MEETING_ID].nunique() == 1
    assert res.files[0]["encoding"] is None


def test_word_table_without_header_is_read_as_text(tmp_path):
    make_docx(tmp_path / "b.docx", ["Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI"],
              tables=[(0, [["1", "Cử tri Hà Thị Yến, thôn Nà Ngoa đề nghị: sửa đường vào thôn Nà Ngoa."]])])
    res = read(tmp_path)
    assert rows(res)[0][1:4] == ("bảng 1, hàng 1, ô 2", "Hà Thị Yến, thôn Nà Ngoa", "sửa đường vào thôn Nà Ngoa.")
    assert res.skipped["location"].tolist() == ["đoạn 1", "bảng 1, hàng 1, ô 1"]


def test_word_text_typed_in_a_legacy_font_is_converted(tmp_path):
    from legacy import to_legacy

    lines = ["Biên bản hội nghị tiếp xúc cử tri xã Thái Bình", "Các ý kiến, kiến nghị của cử tri như sau:",
             "Cử tri Đặng Văn Hùng, thôn Bãi Cát đề nghị: hỗ trợ nước sinh hoạt cho các hộ vùng cao."]
    make_docx(tmp_path / "tb.docx", [to_legacy(ln, "vni") for ln in lines])
    res = read(tmp_path)
    assert rows(res) == [("Xã Thái Bình", "đoạn 3", "Đặng Văn Hùng, thôn Bãi Cát",
                          "hỗ trợ nước sinh hoạt cho các hộ vùng cao.", False)]
    assert res.files[0]["encoding"] == "vni"


# --------------------------------------------------------------------------- units
def test_unit_priority_header_then_file_name_then_folder(tmp_path):
    body = "Ý KIẾN CỬ TRI\nCử tri Lò Văn Minh, bản Pác đề nghị: kéo điện lưới về bản Pác.\n"
    (tmp_path / "xa_an_phu").mkdir()
    (tmp_path / "xa_an_phu" / "bien_ban.txt").write_text(body, encoding="utf-8")  # folder
    (tmp_path / "xa_an_phu" / "phuong_lam_son.txt").write_text(body, encoding="utf-8")  # file name
    (tmp_path / "xa_an_phu" / "z.txt").write_text("Đơn vị: xã Hợp Thành\n" + body, encoding="utf-8")  # header
    res = read(tmp_path)
    assert dict(zip(res.records[S.SOURCE_FILE], res.records[S.UNIT])) == {
        "xa_an_phu/bien_ban.txt": "Xã An Phu",
        "xa_an_phu/phuong_lam_son.txt": "Phường Lam Son",
        "xa_an_phu/z.txt": "Xã Hợp Thành",
    }


@pytest.mark.parametrize("rel, unit", [
    ("tong_hop/bien_ban_xa_tan_lap.txt", "Xã Tan Lap"),
    ("Phường Minh Xuân/bien_ban.docx", "Phường Minh Xuân"),
    ("dot_1/Kim Sơn.xlsx", "Kim Sơn"),
    ("Yên Thịnh/bien_ban.txt", "Yên Thịnh"),
    ("bien_ban.txt", "Bien Ban"),
])
def test_unit_from_path(rel, unit):
    assert unit_from_path(rel) == unit


# --------------------------------------------------------------------------- rejects and errors
def test_bad_files_become_rejects_and_the_rest_is_read(tmp_path):
    (tmp_path / "a_ok.txt").write_text("\n".join(MINUTES), encoding="utf-8")
    (tmp_path / "b_hong.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (tmp_path / "c_rong.txt").write_bytes(b"")
    (tmp_path / "d_nhi_phan.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "e_anh.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "f_hong.docx").write_bytes(b"hello")
    (tmp_path / "g_rong.xls").write_bytes(b"")
    (tmp_path / "~$a_ok.xlsx").write_bytes(b"lock")
    (tmp_path / ".an.txt").write_text("ẩn", encoding="utf-8")
    calls = []
    res = read_minutes(tmp_path, CFG, progress=calls.append)
    assert calls == [1] * 7
    assert res.records[S.TEXT_RAW].tolist() == MINUTES_TEXTS
    status = {f["path"]: f["status"] for f in res.files}
    assert status == {"a_ok.txt": "ok", "b_hong.xlsx": "rejected", "c_rong.txt": "rejected",
                      "d_nhi_phan.txt": "rejected", "e_anh.png": "rejected", "f_hong.docx": "rejected",
                      "g_rong.xls": "rejected"}
    reasons = dict(zip(res.rejects["file"], res.rejects["reason"]))
    assert reasons["b_hong.xlsx"].startswith("Không đọc được tệp b_hong.xlsx: tệp Excel bị hỏng")
    assert reasons["c_rong.txt"] == "Không đọc được tệp c_rong.txt: tệp rỗng."
    assert reasons["d_nhi_phan.txt"] == "Không đọc được tệp d_nhi_phan.txt: tệp không phải văn bản (có thể là tệp nhị phân)."
    assert reasons["e_anh.png"].startswith("Tệp e_anh.png: định dạng không hỗ trợ (.png)")
    assert reasons["f_hong.docx"].startswith("Không đọc được tệp f_hong.docx: tệp Word bị hỏng")
    assert reasons["g_rong.xls"] == "Không đọc được tệp g_rong.xls: tệp rỗng."
    for reason in reasons.values():
        assert unicodedata.is_normalized("NFC", reason)
    assert all(len(f["sha256"]) == 64 for f in res.files)


def test_minutes_without_any_recommendation_are_flagged(tmp_path):
    (tmp_path / "x.txt").write_text("BIÊN BẢN\nHội nghị kết thúc lúc 10 giờ.\n", encoding="utf-8")
    res = read(tmp_path)
    assert res.records.empty
    assert res.rejects["reason"].tolist() == ["Không tìm thấy ý kiến, kiến nghị nào của cử tri trong biên bản"]
    assert len(res.skipped) == 2


def test_input_errors(tmp_path):
    with pytest.raises(InputError, match="Không tìm thấy thư mục đầu vào"):
        read(tmp_path / "khong_co")
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="phải là một thư mục"):
        read(tmp_path / "f.txt")
    empty = tmp_path / "rong"
    (empty / "con").mkdir(parents=True)
    (empty / "ghi_chu.png").write_bytes(b"\x89PNG")
    with pytest.raises(InputError, match="không có biên bản nào"):
        read(empty)


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_sorted_walk_and_symlink_loops(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "bien_ban.txt").write_text("\n".join(MINUTES), encoding="utf-8")
    (tmp_path / "a" / "bien_ban.txt").write_text("\n".join(MINUTES), encoding="utf-8")
    (tmp_path / "a" / "vong").symlink_to(tmp_path, target_is_directory=True)
    res = read(tmp_path)
    assert [f["path"] for f in res.files] == ["a/bien_ban.txt", "b/bien_ban.txt"]
    assert len(res.records) == 4


# --------------------------------------------------------------------------- reading in parallel
def _hostile_folder(folder):
    """Good minutes of every format, broken and hostile files, legacy encodings: one folder."""
    import hostile_inputs as H
    from legacy import to_legacy

    H.good_folder(folder)
    builders = {
        "b_rong.xlsx": H.zero_byte, "b_hong.docx": H.truncated_zip, "b_mat_khau.xlsx": H.encrypted_office,
        "b_doi_ten.xls": H.xlsx_named_xls, "b_nhi_phan.txt": H.binary_named_txt, "b_bom.docx": H.entity_bomb_docx,
        "b_an.xlsx": H.hidden_xlsx, "b_khong_tieu_de.xlsx": H.no_header_xlsx, "b_tron.txt": H.mixed_encodings_txt,
        "b_tiem.xlsx": H.injection_xlsx, "b_crc.xlsx": H.crc_broken_zip, "b_cong_thuc.xlsx": H.formulas_xlsx,
        "b_chi_tieu_de.xlsx": H.headers_only_xlsx, "b_word.txt": H.zip_named_txt, "b_ole.xlsx": H.ole_without_workbook,
        "b.pdf": lambda p: p.write_bytes(b"%PDF-1.4"),
    }
    for name, build in builders.items():
        build(folder / name)
    (folder / "leg").mkdir()
    for enc in ("tcvn3", "vni"):
        lines = [m.capitalize() if m.isupper() else m for m in MINUTES]  # TCVN3 has no upper-case toned letters
        (folder / "leg" / f"bb_{enc}.txt").write_bytes(encode_legacy("\r\n".join(lines), enc))
        make_xlsx(folder / "leg" / f"th_{enc}.xlsx", {"Yên Phú": [[to_legacy(v, enc) if isinstance(v, str) else v
                                                                   for v in row] for row in H.GOOD_XLSX_ROWS]})
    (folder / "leg" / "bb_cp1258.txt").write_bytes(encode_cp1258("\r\n".join(MINUTES)))
    return folder


def assert_same_result(a, b):
    import pandas as pd

    for name in ("records", "meetings", "skipped", "rejects"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert a.files == b.files


@pytest.mark.parametrize("where", ["sample", "hostile"])
def test_reading_in_parallel_gives_the_same_result(tmp_path, repo_root, where):
    folder = repo_root / "data" / "raw" / "sample" if where == "sample" else _hostile_folder(tmp_path / "in")
    serial = read_minutes(folder, CFG)
    calls = []
    parallel = read_minutes(folder, CFG, progress=lambda n: calls.append((n, os.getpid())), jobs=2)
    assert_same_result(serial, parallel)
    assert calls == [(1, os.getpid())] * len(serial.files)  # once per file, in this process
    if where == "hostile":
        encodings = {f["path"]: f["encoding"] for f in parallel.files}
        assert encodings["leg/th_vni.xlsx"] == "vni" and encodings["leg/bb_tcvn3.txt"] == "tcvn3"
        assert {f["status"] for f in parallel.files} == {"ok", "rejected"}


def test_a_crashed_worker_makes_its_file_a_reject_and_is_never_read_again(tmp_path, monkeypatch):
    """Before: the main process read the file of a dead worker again, and died of the same read.
    Now that file is a reject naming the crash; every other file is read as before."""
    import pipeline.ingest as ingest

    folder = _hostile_folder(tmp_path / "in")
    serial = read_minutes(folder, CFG)
    main, real = os.getpid(), ingest._read_file
    in_main = []

    def crash_in_worker(path, rel, cfg):
        if rel == "a_tot.xlsx":
            if os.getpid() == main:
                in_main.append(rel)
            else:
                os.abort()  # as a native reader does when an allocation fails
        return real(path, rel, cfg)

    monkeypatch.setattr(ingest.core, "_read_file", crash_in_worker)
    for jobs in (1, 2):
        got = read_minutes(folder, CFG, jobs=jobs)
        assert in_main == []
        entry = next(f for f in got.files if f["path"] == "a_tot.xlsx")
        assert entry["status"] == "rejected" and entry["n_records"] == 0 and entry["sha256"]
        reason = got.rejects[got.rejects["file"] == "a_tot.xlsx"]["reason"].tolist()
        assert len(reason) == 1 and "dừng bất thường (tín hiệu SIGABRT)" in reason[0]
        assert "không được đọc lại" in reason[0]
        keep = serial.records[serial.records["source_file"] != "a_tot.xlsx"].reset_index(drop=True)
        pd.testing.assert_frame_equal(got.records, keep, check_exact=True)


def test_processes_that_cannot_be_forked_read_in_this_process(tmp_path, monkeypatch):
    def no_fork():
        raise OSError("no more processes")

    folder = _hostile_folder(tmp_path / "in")
    serial = read_minutes(folder, CFG)
    monkeypatch.setattr(os, "fork", no_fork)
    assert_same_result(serial, read_minutes(folder, CFG, jobs=4))
