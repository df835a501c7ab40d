"""Hostile and broken input (issue #8): every bad file is rejected with a Vietnamese
reason naming it, every good file of the same folder is still read, nothing is
written outside the output folder, and outputs are safe to open.

Inputs are built by ``hostile_inputs``; each ingest case mixes one bad file with
three good ones (txt, xlsx, docx) and checks the good rows are all there.
"""

from __future__ import annotations

import csv
import hashlib
import os
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import hostile_inputs as H
from cli import app
from pipeline import io as pio
from pipeline import schemas as S
from pipeline.config import Config
from pipeline.ingest import read_minutes

CFG = Config()
csv.field_size_limit(sys.maxsize)


def read_with_good(tmp_path: Path, name: str, build, *args):
    folder = H.good_folder(tmp_path / "in")
    made = build(folder / name, *args)
    return read_minutes(folder, CFG), made


def assert_good_rows_read(res, extra=()):
    texts = res.records[S.TEXT_RAW].tolist()
    for t in H.GOOD_TEXTS + list(extra):
        assert t in texts, t
    ok = {f["path"]: f["status"] for f in res.files}
    assert ok["a_tot.txt"] == ok["a_tot.xlsx"] == ok["a_tot.docx"] == "ok"


def rejects_of(res, name):
    rj = res.rejects[res.rejects["file"] == name]
    return list(zip(rj["location"], rj["reason"], rj["raw_text"]))


def status_of(res, name):
    return {f["path"]: f for f in res.files}[name]


# --------------------------------------------------------------------------- broken or mislabelled files
@pytest.mark.parametrize("name", ["rong.xlsx", "rong.xls", "rong.docx", "rong.txt"])
def test_zero_byte_file(tmp_path, name):
    res, _ = read_with_good(tmp_path, name, H.zero_byte)
    assert rejects_of(res, name) == [("", f"Không đọc được tệp {name}: tệp rỗng.", "")]
    assert status_of(res, name)["status"] == "rejected"
    assert_good_rows_read(res)


@pytest.mark.parametrize("name, kind", [("hong.xlsx", "Excel"), ("hong.docx", "Word")])
def test_truncated_zip(tmp_path, name, kind):
    res, _ = read_with_good(tmp_path, name, H.truncated_zip)
    assert rejects_of(res, name) == [
        ("", f"Không đọc được tệp {name}: tệp {kind} bị hỏng (dữ liệu nén lỗi: BadZipFile); hãy mở và lưu lại tệp.", "")
    ]
    assert_good_rows_read(res)


@pytest.mark.parametrize("name, kind", [("crc.xlsx", "Excel"), ("crc.docx", "Word")])
def test_zip_with_damaged_part(tmp_path, name, kind):
    res, _ = read_with_good(tmp_path, name, H.crc_broken_zip)
    [(loc, reason, _raw)] = rejects_of(res, name)
    assert reason.startswith(f"Không đọc được tệp {name}: tệp {kind} bị hỏng")
    assert status_of(res, name)["status"] == "rejected"
    assert_good_rows_read(res)


@pytest.mark.parametrize("name", ["mat_khau.xlsx", "mat_khau.xls", "mat_khau.docx"])
def test_password_protected_office_file(tmp_path, name):
    res, path = read_with_good(tmp_path, name, H.encrypted_office)
    assert path.read_bytes().startswith(H.OLE_MAGIC)
    assert rejects_of(res, name) == [(
        "",
        f"Không đọc được tệp {name}: tệp được đặt mật khẩu (đã mã hóa), không đọc được; hãy mở tệp, bỏ mật khẩu "
        "(Tệp → Thông tin → Bảo vệ → Mã hóa bằng mật khẩu, xóa mật khẩu) rồi lưu lại.",
        "",
    )]
    assert_good_rows_read(res)


def test_other_ole_file_named_xlsx(tmp_path):
    res, _ = read_with_good(tmp_path, "la.xlsx", H.ole_without_workbook)
    assert rejects_of(res, "la.xlsx") == [
        ("", "Không đọc được tệp la.xlsx: tệp không phải Excel (.xlsx): là một tệp Office cũ không phải Excel hay Word.", "")
    ]
    assert_good_rows_read(res)


@pytest.mark.parametrize("name, build, fmt", [
    ("doi_ten.xls", H.xlsx_named_xls, "xlsx"),
    ("doi_ten.xlsx", H.xls_named_xlsx, "xls"),
])
def test_workbook_with_the_wrong_extension_is_read_by_content(tmp_path, name, build, fmt):
    folder = tmp_path / "in"
    H.good_txt(folder / "a_tot.txt")
    build(folder / name)
    res = read_minutes(folder, CFG)
    assert res.rejects.empty
    assert status_of(res, name) | {"sha256": None} == {
        "path": name, "sha256": None, "format": fmt, "encoding": None, "status": "ok", "n_records": 2, "no_diacritics": False}
    assert res.records[S.TEXT_RAW].tolist() == H.MINUTES_TEXTS + H.GOOD_XLSX_TEXTS


@pytest.mark.parametrize("name", ["word.xlsx", "word.txt"])
def test_word_file_with_another_extension_is_read_by_content(tmp_path, name):
    build = H.docx_named_xlsx if name.endswith(".xlsx") else H.zip_named_txt
    folder = tmp_path / "in"
    H.good_txt(folder / "a_tot.txt")
    build(folder / name)
    res = read_minutes(folder, CFG)
    assert status_of(res, name)["format"] == "docx"
    assert res.records[S.TEXT_RAW].tolist() == H.MINUTES_TEXTS + H.GOOD_DOCX_TEXTS


def test_binary_file_named_txt(tmp_path):
    res, _ = read_with_good(tmp_path, "anh.txt", H.binary_named_txt)
    assert rejects_of(res, "anh.txt") == [
        ("", "Không đọc được tệp anh.txt: tệp không phải văn bản (có thể là tệp nhị phân).", "")
    ]
    assert_good_rows_read(res)


# --------------------------------------------------------------------------- awkward content
def test_200000_character_cell_is_kept_whole(tmp_path):
    res, (_, huge) = read_with_good(tmp_path, "dai.xlsx", H.huge_cell_xlsx)
    rec = res.records[res.records[S.SOURCE_FILE] == "dai.xlsx"]
    assert rec[S.SOURCE_REF].tolist() == ["Sheet1!R2", "Sheet1!R3"]
    assert rec[S.TEXT_RAW].iloc[0] == huge and len(huge) == H.HUGE_CHARS
    assert res.rejects.empty
    assert_good_rows_read(res)


def test_200000_character_line_in_text_minutes(tmp_path):
    res, (_, huge) = read_with_good(tmp_path, "dai.txt", H.huge_line_txt)
    rec = res.records[res.records[S.SOURCE_FILE] == "dai.txt"]
    assert rec[S.TEXT_RAW].tolist() == [huge, H.MINUTES_TEXTS[1]]
    assert_good_rows_read(res)


def test_formulas_use_cached_values_and_uncomputed_ones_are_rejected_with_the_formula(tmp_path):
    res, _ = read_with_good(tmp_path, "cong_thuc.xlsx", H.formulas_xlsx)
    rec = res.records[res.records[S.SOURCE_FILE] == "cong_thuc.xlsx"]
    assert list(zip(rec[S.SOURCE_REF], rec[S.TEXT_RAW])) == [
        ("Sheet1!R2", "Đề nghị sửa cầu treo Nà Mò."), ("Sheet1!R4", "Đề nghị nạo vét kênh mương nội đồng.")]
    assert rejects_of(res, "cong_thuc.xlsx") == [(
        "Sheet1!R3",
        "Ô nội dung kiến nghị là công thức chưa có giá trị tính sẵn (=B2&C2); "
        "hãy mở tệp bằng Excel để công thức được tính rồi lưu lại",
        "2 | Lò Thị Nga | =B2&C2",
    )]
    assert_good_rows_read(res)


def test_hidden_rows_are_read_and_hidden_sheets_are_rejected_with_their_content(tmp_path):
    res, _ = read_with_good(tmp_path, "an.xlsx", H.hidden_xlsx)
    rec = res.records[res.records[S.SOURCE_FILE] == "an.xlsx"]
    assert rec[S.SOURCE_REF].tolist() == ["Kim Sơn!R2", "Kim Sơn!R3"]  # R3 is a hidden row
    assert rejects_of(res, "an.xlsx") == [
        ("Nháp", "Trang tính 'Nháp' bị ẩn, không đọc",
         "STT | Nội dung kiến nghị | Ghi chú\n1 | Đề nghị làm sân thể thao thôn Bản Cuôn. | chưa chốt"),
        ("Ẩn hẳn", "Trang tính 'Ẩn hẳn' bị ẩn, không đọc", "ghi chú riêng"),
    ]
    assert_good_rows_read(res)


def test_hidden_sheets_are_read_when_configured(tmp_path):
    folder = tmp_path / "in"
    H.hidden_xlsx(folder / "an.xlsx")
    cfg = CFG.replace(ingest={"read_hidden_sheets": True})
    res = read_minutes(folder, cfg)
    assert "Đề nghị làm sân thể thao thôn Bản Cuôn." in res.records[S.TEXT_RAW].tolist()


def test_sheet_with_headers_only(tmp_path):
    res, _ = read_with_good(tmp_path, "chi_tieu_de.xlsx", H.headers_only_xlsx)
    assert rejects_of(res, "chi_tieu_de.xlsx") == [
        ("", "Không tìm thấy ý kiến, kiến nghị nào của cử tri trong tệp", "")]
    sk = res.skipped[res.skipped["file"] == "chi_tieu_de.xlsx"]
    assert sk[["location", "reason"]].values.tolist() == [
        ["Sheet1", "trang tính chỉ có dòng tiêu đề cột, không có dòng kiến nghị nào"]]
    assert status_of(res, "chi_tieu_de.xlsx")["status"] == "ok"
    assert_good_rows_read(res)


def test_table_without_a_recognizable_header_keeps_its_text_in_rejects(tmp_path):
    res, _ = read_with_good(tmp_path, "khong_tieu_de.xlsx", H.no_header_xlsx)
    assert rejects_of(res, "khong_tieu_de.xlsx") == [
        ("Ghi chép",
         "Trang tính 'Ghi chép' không có dòng tiêu đề cột nhận ra được (cần cột 'Nội dung kiến nghị' "
         "và ít nhất một cột khác như 'STT', 'Họ tên cử tri')",
         "Ghi chép nhanh\n1 | Đề nghị sửa đường thôn 3.\n2 | Hỏi về chế độ cho người có công."),
        ("", "Không đọc được tệp khong_tieu_de.xlsx: không có trang tính nào đọc được "
             "(không tìm thấy cột 'Nội dung kiến nghị').", ""),
    ]
    assert_good_rows_read(res)


def test_mixed_encodings_in_one_text_file(tmp_path):
    res, _ = read_with_good(tmp_path, "tron.txt", H.mixed_encodings_txt)
    rec = res.records[res.records[S.SOURCE_FILE] == "tron.txt"]
    assert rec[S.TEXT_RAW].tolist() == H.MIXED_TEXTS
    assert status_of(res, "tron.txt")["encoding"] == "utf-8+tcvn3+vni"
    assert_good_rows_read(res)


def test_legacy_font_lines_inside_a_utf8_file(tmp_path):
    from legacy import to_legacy

    folder = H.good_folder(tmp_path / "in")
    lines = H.MIXED_UTF8 + [to_legacy(H.MIXED_TCVN3, "tcvn3")]
    (folder / "tron.txt").write_text("\n".join(lines), encoding="utf-8")
    res = read_minutes(folder, CFG)
    rec = res.records[res.records[S.SOURCE_FILE] == "tron.txt"]
    assert rec[S.TEXT_RAW].tolist() == H.MIXED_TEXTS[:2]
    assert status_of(res, "tron.txt")["encoding"] == "utf-8+tcvn3"
    assert_good_rows_read(res)


# --------------------------------------------------------------------------- hostile files
@pytest.mark.parametrize("kind", ["laughs", "xxe"])
@pytest.mark.parametrize("name, build, part", [
    ("bom.docx", H.entity_bomb_docx, "word/document.xml"),
    ("bom.xlsx", H.entity_bomb_xlsx, "xl/worksheets/sheet1.xml"),
])
def test_xml_entity_declarations_are_refused(tmp_path, name, build, part, kind):
    res, path = read_with_good(tmp_path, name, build, kind)
    assert rejects_of(res, name) == [(
        "",
        f"Không đọc được tệp {name}: phần '{part}' của tệp chứa khai báo DOCTYPE/ENTITY (thực thể XML), "
        "có thể là tệp độc hại (XML bomb, thực thể ngoài); không đọc.",
        "",
    )]
    assert not any("root:" in t for t in res.records[S.TEXT_RAW])
    assert_good_rows_read(res)


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    res, _ = read_with_good(tmp_path, "bom_zip.xlsx", H.zip_bomb_xlsx, 64 * 1024 * 1024)
    [(loc, reason, _raw)] = rejects_of(res, "bom_zip.xlsx")
    assert reason == ("Không đọc được tệp bom_zip.xlsx: tệp Excel có phần 'xl/media/padding.bin' giải nén ra "
                      "quá lớn (64 MB), nghi là tệp độc hại (zip bomb); không đọc.")
    assert_good_rows_read(res)


# --------------------------------------------------------------------------- odd paths
def test_vietnamese_names_with_spaces_in_nfc_and_nfd(tmp_path):
    folder = tmp_path / "in"
    H.good_txt(folder / H.nfd("Xã Tân Lập") / H.nfd("biên bản tiếp xúc.txt"))
    H.good_xlsx(folder / H.nfc("Phường Hà Phong") / H.nfc("tổng hợp ý kiến.xlsx"))
    res = read_minutes(folder, CFG)
    paths = [f["path"] for f in res.files]
    assert paths == sorted(paths)
    assert set(paths) == {"Phường Hà Phong/tổng hợp ý kiến.xlsx", "Xã Tân Lập/biên bản tiếp xúc.txt"}
    assert all(unicodedata.is_normalized("NFC", p) for p in paths + res.records[S.SOURCE_FILE].tolist())
    assert res.records[S.TEXT_RAW].tolist() == H.GOOD_XLSX_TEXTS + H.MINUTES_TEXTS
    assert res.rejects.empty


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_symlink_loops_in_the_input_folder(tmp_path):
    folder = H.good_folder(tmp_path / "in")
    (folder / "vong").symlink_to(folder, target_is_directory=True)
    (folder / "x.txt").symlink_to(folder / "y.txt")
    (folder / "y.txt").symlink_to(folder / "x.txt")
    res = read_minutes(folder, CFG)
    assert sorted(res.records[S.TEXT_RAW]) == sorted(H.GOOD_TEXTS)
    assert rejects_of(res, "x.txt") == [("", "Không đọc được tệp x.txt: liên kết tượng trưng (symlink) bị hỏng "
                                             "hoặc trỏ vòng, không có tệp thật để đọc.", "")]
    assert len(rejects_of(res, "y.txt")) == 1


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_symlinks_out_of_the_input_folder_are_not_followed(tmp_path):
    """Before: a link to a file outside the round (say /etc/passwd) was read, its lines reached
    skipped.csv. Now it is a reject with its reason; a link inside the folder is still read."""
    folder = H.good_folder(tmp_path / "in")
    secret = tmp_path / "ngoai.txt"
    secret.write_text("Cử tri đề nghị nội dung bí mật nằm ngoài thư mục biên bản.\n", encoding="utf-8")
    (folder / "lien_ket.txt").symlink_to(secret)
    (folder / "sub").mkdir()
    res = read_minutes(folder, CFG)
    assert rejects_of(res, "lien_ket.txt") == [("", "Không đọc được tệp lien_ket.txt: liên kết tượng trưng (symlink) "
                                                    "trỏ ra ngoài thư mục biên bản, không đọc.", "")]
    assert not any("bí mật" in t for t in res.records[S.TEXT_RAW])
    assert not any("bí mật" in t for t in res.skipped["text"])
    assert sorted(res.records[S.TEXT_RAW]) == sorted(H.GOOD_TEXTS)
    entry = next(f for f in res.files if f["path"] == "lien_ket.txt")
    assert entry["sha256"] is None  # the outside file is not even opened for hashing


# --------------------------------------------------------------------------- one whole run through the CLI
def _tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


BAD_FILES = {
    "b_rong.xlsx": H.zero_byte,
    "b_hong.docx": H.truncated_zip,
    "b_mat_khau.xlsx": H.encrypted_office,
    "b_doi_ten.xls": H.xlsx_named_xls,
    "b_nhi_phan.txt": H.binary_named_txt,
    "b_bom.docx": H.entity_bomb_docx,
    "b_xxe.xlsx": lambda p: H.entity_bomb_xlsx(p, "xxe"),
    "b_an.xlsx": H.hidden_xlsx,
    "b_khong_tieu_de.xlsx": H.no_header_xlsx,
    "b_tron.txt": H.mixed_encodings_txt,
    "b_dai.xlsx": lambda p: H.huge_cell_xlsx(p)[0],
    "b_tiem.xlsx": H.injection_xlsx,
    "b_crc.xlsx": H.crc_broken_zip,
    "b_cong_thuc.xlsx": H.formulas_xlsx,
    "b_chi_tieu_de.xlsx": H.headers_only_xlsx,
    "b_word.txt": H.zip_named_txt,
    H.nfd("c biên bản xã Đồng Tiến.txt"): H.good_txt,
}
EXPECTED_REJECTED = {"b_rong.xlsx", "b_hong.docx", "b_mat_khau.xlsx", "b_nhi_phan.txt", "b_bom.docx",
                     "b_xxe.xlsx", "b_khong_tieu_de.xlsx", "b_crc.xlsx"}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    folder = H.good_folder(base / "in")
    for name, build in BAD_FILES.items():
        build(folder / name)
    if os.name != "nt":
        (folder / "vong").symlink_to(folder, target_is_directory=True)
    before = _tree_digest(folder)
    listing_before = sorted(p.name for p in base.iterdir())
    cwd = os.getcwd()
    os.chdir(base)  # anything written to the working directory would show up here
    try:
        result = CliRunner().invoke(app, ["run", str(folder), "--out", str(base / "out"), "--date", "2026-11-01",
                                          "--show-names"])
    finally:
        os.chdir(cwd)
    return base, folder, result, before, listing_before


def test_whole_run_exit_code_and_messages(hostile_run):
    base, folder, result, _, _ = hostile_run
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    for name in EXPECTED_REJECTED:
        assert f"Bị loại: {name}" in result.output
    assert f"({len(EXPECTED_REJECTED)} tệp bị loại)" in result.output


def test_whole_run_reads_every_good_row(hostile_run):
    base, *_ = hostile_run
    with open(base / "out" / "recommendations.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    raw = [r[S.TEXT_RAW].lstrip("'") for r in rows]
    for text in H.GOOD_TEXTS + H.MIXED_TEXTS + H.GOOD_XLSX_TEXTS + H.INJECTION_TEXTS + [H.SCRIPT_TEXT]:
        assert text in raw, text
    assert any(len(t) == H.HUGE_CHARS for t in raw)
    by_file = {}
    for r in rows:
        by_file.setdefault(r[S.SOURCE_FILE], []).append(r[S.TEXT_RAW])
    assert by_file["b_word.txt"] == H.GOOD_DOCX_TEXTS  # a .docx renamed .txt is read as Word
    assert by_file["b_doi_ten.xls"] == H.GOOD_XLSX_TEXTS  # a .xlsx renamed .xls
    assert by_file["c biên bản xã Đồng Tiến.txt"] == H.MINUTES_TEXTS  # NFD name on disk, NFC in outputs
    assert all(unicodedata.is_normalized("NFC", f) for f in by_file)
    assert "Đề nghị sửa cầu treo Nà Mò." in raw  # cached formula value


def test_whole_run_rejects_csv_names_file_location_reason_and_raw_text(hostile_run):
    base, *_ = hostile_run
    with open(base / "out" / "rejects.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == S.REJECT_COLUMNS == ["file", "location", "reason", "raw_text"]
    assert EXPECTED_REJECTED <= {r["file"] for r in rows}
    by = {(r["file"], r["location"]): r for r in rows}
    assert by[("b_an.xlsx", "Nháp")]["raw_text"].endswith("Đề nghị làm sân thể thao thôn Bản Cuôn. | chưa chốt")
    assert "mật khẩu" in by[("b_mat_khau.xlsx", "")]["reason"]
    for r in rows:
        assert r["reason"].startswith(("Không đọc được tệp " + r["file"], "Trang tính '", "Ô ", "Dòng ", "Nội dung",
                                       "Không tìm thấy ý kiến"))
        assert unicodedata.is_normalized("NFC", r["reason"])


def test_whole_run_writes_nothing_outside_the_output_folder(hostile_run):
    base, folder, _, before, listing_before = hostile_run
    assert _tree_digest(folder) == before
    assert sorted(p.name for p in base.iterdir()) == sorted(listing_before + ["out"])
    assert not [p for p in (base / "out").iterdir() if p.name.startswith(".")]  # no temp files left


def test_html_report_shows_script_as_text(hostile_run):
    base, *_ = hostile_run
    html = (base / "out" / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_formula_like_texts_stay_text_in_every_xlsx_and_csv(hostile_run):
    base, *_ = hostile_run
    out = base / "out"
    markers = ("HYPERLINK", "84 912 345 678", "1 hộ chưa được", "@SUM", "cmd|")
    xlsx_files = sorted(out.glob("*.xlsx"))
    assert {p.name for p in xlsx_files} >= {"report.xlsx", "review.xlsx"}
    seen = 0
    for path in xlsx_files:
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and any(m in c.value for m in markers):
                        seen += 1
                        assert c.data_type == "s", (path.name, ws.title, c.coordinate, c.value)
                    assert not (isinstance(c.value, str) and len(c.value) > 32767), (path.name, c.coordinate)
    assert seen >= 4
    csv_seen = 0
    for path in sorted(out.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for v in row:
                    assert not v.startswith(("=", "+", "-", "@")), (path.name, v[:60])
                    csv_seen += any(m in v for m in markers)
    assert csv_seen >= 4


# --------------------------------------------------------------------------- exit codes, strict, output safety
def test_strict_mode_fails_but_still_writes_the_outputs(tmp_path):
    folder = tmp_path / "in"
    H.good_txt(folder / "a_tot.txt")
    H.zero_byte(folder / "rong.xlsx")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(out), "--strict"])
    assert result.exit_code == 1
    assert "Bị loại: rong.xlsx: Không đọc được: tệp rỗng." in result.output  # the file named once
    assert f"Lỗi: Chế độ nghiêm ngặt (--strict): có 1 dòng/tệp bị loại, xem {out / 'rejects.csv'}." in result.output
    assert (out / "rejects.csv").exists() and (out / "report.html").exists()
    with open(out / "recommendations.csv", encoding="utf-8-sig", newline="") as fh:
        assert [r[S.TEXT_RAW] for r in csv.DictReader(fh)] == H.MINUTES_TEXTS


def test_output_folder_that_is_a_file(tmp_path):
    folder = tmp_path / "in"
    H.good_txt(folder / "a_tot.txt")
    blocker = tmp_path / "ket_qua"
    blocker.write_text("tệp chặn", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(blocker)])
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        f"Lỗi: Không ghi được kết quả vào {blocker}: đã có một tệp (không phải thư mục) trùng tên.")
    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(blocker / "con")])
    assert result.exit_code == 1
    assert (f"Lỗi: Không tạo được thư mục kết quả {blocker / 'con'}: "
            "một phần của đường dẫn là tệp, không phải thư mục.") in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.name == "nt" or not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="permissions are not enforced for root")
def test_output_folder_without_write_permission(tmp_path):
    folder = tmp_path / "in"
    H.good_txt(folder / "a_tot.txt")
    out = tmp_path / "chi_doc"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = CliRunner().invoke(app, ["run", str(folder), "--out", str(out)])
    finally:
        out.chmod(0o700)
    assert result.exit_code == 1
    assert f"Lỗi: Không ghi được vào thư mục kết quả {out}: không có quyền ghi." in result.output


def test_write_failure_inside_the_output_folder_is_a_clear_error(tmp_path, monkeypatch):
    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pio.pd.DataFrame, "to_csv", no_space)
    dest = tmp_path / "x.csv"
    with pytest.raises(pio.OutputError, match=f"Không ghi được tệp kết quả {dest}: ổ đĩa đã đầy."):
        pio.write_csv(dest, pio.pd.DataFrame({"a": ["1"]}))
    assert list(tmp_path.iterdir()) == []


def test_interrupted_run_keeps_the_previous_outputs(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    H.good_txt(folder / "a_tot.txt")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["run", str(folder), "--out", str(out), "--date", "2026-11-01"]).exit_code == 0
    before = _tree_digest(out)
    H.good_xlsx(folder / "b_moi.xlsx")  # the second run would change the outputs

    real_to_csv = pio.pd.DataFrame.to_csv
    log = tmp_path / "csv_calls.txt"  # tables are written by a second process: count calls in a file

    def interrupted(self, path, *args, **kwargs):
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{Path(path).name}\n")
        # from the third table on (two processes may both be past it): half-way through, Ctrl-C
        if len(log.read_text(encoding="utf-8").splitlines()) >= 3:
            Path(path).write_text("nửa chừng", encoding="utf-8")
            raise KeyboardInterrupt
        return real_to_csv(self, path, *args, **kwargs)

    monkeypatch.setattr(pio.pd.DataFrame, "to_csv", interrupted)
    result = runner.invoke(app, ["run", str(folder), "--out", str(out), "--date", "2026-11-01"])
    assert result.exit_code == 1
    assert "Đã dừng theo yêu cầu (Ctrl-C). Kết quả của lần chạy trước vẫn được giữ nguyên." in result.output
    assert len(log.read_text(encoding="utf-8").splitlines()) >= 3
    after = _tree_digest(out)
    assert set(after) == set(before)  # no temp file left, nothing removed
    # every previous output is the old one, whole: the two tables written before the
    # interruption went to a staging folder, never over the old files
    assert after == before


def test_excel97_workbook_with_a_password(tmp_path, monkeypatch):
    import xlrd

    def encrypted(*args, **kwargs):
        raise xlrd.XLRDError("Workbook is encrypted")

    folder = tmp_path / "in"
    H.good_txt(folder / "a_tot.txt")
    H.xls_named_xlsx(folder / "cu.xls")
    monkeypatch.setattr(xlrd, "open_workbook", encrypted)
    res = read_minutes(folder, CFG)
    [(_, reason, _)] = rejects_of(res, "cu.xls")
    assert reason.startswith("Không đọc được tệp cu.xls: tệp được đặt mật khẩu (đã mã hóa)")
    assert res.records[S.TEXT_RAW].tolist() == H.MINUTES_TEXTS


def test_big_ole_file_whose_directory_is_not_scanned_goes_to_the_xls_reader(tmp_path, monkeypatch):
    from pipeline import ingest

    monkeypatch.setattr(ingest.sniff, "_OLE_SCAN", 512)  # only the header is scanned
    folder = tmp_path / "in"
    H.xls_named_xlsx(folder / "lon.xlsx")
    H.ole_without_workbook(folder / "khac.xls")
    res = read_minutes(folder, CFG)
    assert res.records[S.TEXT_RAW].tolist() == H.GOOD_XLSX_TEXTS
    assert rejects_of(res, "khac.xls") == [
        ("", "Không đọc được tệp khac.xls: tệp Excel .xls bị hỏng hoặc không đọc được (XLRDError).", "")]


def test_dtd_hidden_after_a_long_comment_is_refused(tmp_path):
    res, _ = read_with_good(tmp_path, "dai_dong.xlsx", H.dtd_after_long_comment_xlsx)
    [(_, reason, _)] = rejects_of(res, "dai_dong.xlsx")
    assert "chứa khai báo DOCTYPE/ENTITY (thực thể XML)" in reason
    assert_good_rows_read(res)


def test_empty_xml_part_is_not_mistaken_for_an_attack(tmp_path):
    res, _ = read_with_good(tmp_path, "rong_phan.xlsx", H.empty_xml_part_xlsx)
    assert rejects_of(res, "rong_phan.xlsx") == []
    assert res.records[S.SOURCE_FILE].tolist().count("rong_phan.xlsx") == 2
    assert_good_rows_read(res)


def test_cutris_own_files_in_the_round_folder_are_not_read_as_minutes(tmp_path):
    """Before: review_da_sua.xlsx saved in the round folder gave 15 recommendations instead of 5
    (item ids read as requests), and a copied out folder 30. Now they are listed once and left out."""
    folder = H.good_folder(tmp_path / "in")
    first = CliRunner().invoke(app, ["run", str(folder), "--out", str(tmp_path / "out1"), "--date", "2026-11-05"])
    assert first.exit_code == 0, first.output
    import json
    import shutil

    import pandas as pd

    def read_csv(path):
        return pd.read_csv(path, dtype=str, keep_default_na=False)

    n_first = len(read_csv(tmp_path / "out1" / "recommendations.csv"))
    shutil.copy(tmp_path / "out1" / "review.xlsx", folder / "review_da_sua.xlsx")  # given with --corrections
    shutil.copy(tmp_path / "out1" / "review.xlsx", folder / "ban_sao_ra_soat.xlsx")  # only lying there
    shutil.copytree(tmp_path / "out1", folder / "ket_qua_dot_truoc")
    second = CliRunner().invoke(app, ["run", str(folder), "--out", str(tmp_path / "out2"), "--date", "2026-11-05",
                                      "--corrections", str(folder / "review_da_sua.xlsx")])
    assert second.exit_code == 0, second.output
    assert len(read_csv(tmp_path / "out2" / "recommendations.csv")) == n_first
    assert second.output.count("ban_sao_ra_soat.xlsx; ket_qua_dot_truoc/; review_da_sua.xlsx") == 1  # listed once
    manifest = json.loads((tmp_path / "out2" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["own_files"] == ["ban_sao_ra_soat.xlsx", "ket_qua_dot_truoc/", "review_da_sua.xlsx"]
    assert not any(f["path"].startswith("ket_qua_dot_truoc/") for f in manifest["files"])
