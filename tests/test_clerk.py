"""A clerk's first week, through the real command line and the real output files: the out
folder belongs to its input, the report is a draft until reviewed, files are shared with
the user's permissions, the summary counts files and rows apart, clutter is no reject,
and every message (usage errors included) is Vietnamese."""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest
from docx import Document
from typer.testing import CliRunner

from cli import app
from fixtures_ingest import MINUTES

runner = CliRunner()

DRAFT = "DỰ THẢO"
MACHINE_NOTE = "chưa có điều chỉnh của chuyên viên"


def _folder(path, lines=MINUTES, clutter=True):
    path.mkdir(parents=True)
    (path / "bien_ban_xa_yen_phu.txt").write_text("\n".join(lines), encoding="utf-8")
    if clutter:  # what Windows, macOS and Office leave in a shared folder
        (path / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
        (path / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")
        (path / "~$bien_ban.docx").write_bytes(b"\x00lock")
        (path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    return path


def _docx_text(path) -> list[str]:
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs]


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("clerk")
    folder = _folder(base / "nam_2026" / "dot_1")
    out = base / "ket_qua" / "dot_1"
    result = runner.invoke(app, ["run", str(folder), "--out", str(out), "--date", "2026-11-05", "--strict"])
    return base, folder, out, result


def test_clutter_is_no_reject_and_strict_passes(first_run):
    _base, _folder_, out, result = first_run
    assert result.exit_code == 0, result.output
    assert "Bị loại" not in result.output
    rejects = (out / "rejects.csv").read_text(encoding="utf-8-sig")
    assert rejects.strip() == "file,location,reason,raw_text"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [f["path"] for f in manifest["files"]] == ["bien_ban_xa_yen_phu.txt"]
    assert re.search(r"Đã đọc 1 tệp: 1 biên bản của 1 đơn vị, \d+ kiến nghị", result.output)
    assert "0 dòng bị loại" in result.output


def test_manifest_records_the_input_path_and_fingerprint(first_run):
    _base, folder, out, _ = first_run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["input_path"] == str(folder.resolve())
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["input_fingerprint"])


def test_outputs_have_the_users_permissions(first_run):
    _base, _folder_, out, _ = first_run
    mask = os.umask(0)
    os.umask(mask)
    for name in ("report.docx", "report.xlsx", "report.html", "review.xlsx", "recommendations.csv", "manifest.json"):
        assert (out / name).stat().st_mode & 0o777 == 0o666 & ~mask, name


def test_report_is_a_draft_until_reviewed(first_run):
    _base, _folder_, out, _ = first_run
    text = _docx_text(out / "report.docx")
    assert text[0] == DRAFT  # the first line of the document, boxed at the top right
    assert not any(MACHINE_NOTE in t or t.startswith("Ghi chú:") for t in text)
    assert MACHINE_NOTE in (out / "report.html").read_text(encoding="utf-8")
    from openpyxl import load_workbook

    ws = load_workbook(out / "review.xlsx")["Rà soát"] if "Rà soát" in load_workbook(out / "review.xlsx").sheetnames \
        else load_workbook(out / "review.xlsx").worksheets[0]
    assert MACHINE_NOTE in str(ws["A2"].value)


def test_another_input_into_the_same_out_folder_is_refused(first_run):
    base, _folder_, out, _ = first_run
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    other = _folder(base / "nam_2027" / "dot_1", lines=[line.replace("2026", "2027") for line in MINUTES],
                    clutter=False)
    result = runner.invoke(app, ["run", str(other), "--out", str(out), "--date", "2027-11-05"])
    assert result.exit_code == 1
    assert f"Thư mục kết quả {out} đang chứa kết quả của một đợt khác" in result.output
    assert "--out" in result.output and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before  # nothing overwritten


def test_final_report_has_no_draft_mark_nor_machine_note_and_summary_counts_files_apart(first_run):
    base, folder, _out, _ = first_run
    again = base / "lan_2" / "dot_1"
    shutil.copytree(folder, again)
    (again / "anh_hop.jpg").write_bytes(b"\xff\xd8\xff\xe0JFIF")
    (again / "hong.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    out = base / "ket_qua_2"
    result = runner.invoke(app, ["run", str(again), "--out", str(out), "--date", "2026-11-05", "--final"])
    assert result.exit_code == 0, result.output
    text = _docx_text(out / "report.docx")
    assert DRAFT not in text and not any(MACHINE_NOTE in t for t in text)
    # files and rows counted apart, each rejected file named once, no exception class names
    assert "Đã đọc 1 tệp (2 tệp bị loại)" in result.output
    assert "0 dòng bị loại" in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Bị loại")]
    assert len(lines) == 2
    for line in lines:
        name = "anh_hop.jpg" if "anh_hop" in line else "hong.xlsx"
        assert line.count(name) == 1, line
    assert not re.search(r"[A-Z][a-z]+[A-Z]\w*(Error|File|Exception)", result.output)


def test_failed_run_leaves_no_new_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "anh.png").write_bytes(b"\x89PNG")
    out = tmp_path / "moi" / "ket_qua" / "dot_1"
    result = runner.invoke(app, ["run", str(folder), "--out", str(out)])
    assert result.exit_code == 1
    assert not (tmp_path / "moi").exists()


@pytest.mark.parametrize("args, expected", [
    (["run", "x", "--strcit"], "Lỗi: Không có tùy chọn --strcit. Có phải ý bạn là --strict?"),
    (["run"], "Lỗi: Thiếu đối số THƯ_MỤC_BIÊN_BẢN."),
    (["run", "x", "--jobs", "hai"], "Lỗi: Giá trị không hợp lệ cho --jobs / -j: phải là một số nguyên."),
    (["run", "x", "--jobs"], "Lỗi: Tùy chọn --jobs cần một giá trị."),
    (["rn"], "Lỗi: Không có lệnh 'rn'. Có phải ý bạn là 'run'?"),
    (["register", "remove"], "Lỗi: Thiếu tùy chọn --round."),
    (["answers"], "Lỗi: Thiếu đối số VĂN_BẢN_TRẢ_LỜI."),
    (["run", "a", "b"], "Lỗi: Thừa đối số: b."),
])
def test_usage_errors_are_vietnamese(args, expected):
    result = runner.invoke(app, args, prog_name="cutri")
    assert result.exit_code == 2
    assert expected in result.output
    if args[-1] != "--jobs":  # Click raises that one without the command's context: no usage line
        assert "Cách dùng: cutri" in result.output and "--help' để biết cách dùng." in result.output
    for english in ("Usage:", "Error:", "Try '", "Missing", "No such", "[OPTIONS]"):
        assert english not in result.output


def test_help_frame_metavars_and_version():
    result = runner.invoke(app, ["run", "--help"], prog_name="cutri")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("Cách dùng: cutri run [TÙY_CHỌN] THƯ_MỤC_BIÊN_BẢN")
    for vi in ("Đối số:", "Tùy chọn:", "[bắt buộc]", "Hiện hướng dẫn này rồi thoát.", "--out THƯ_MỤC",
               "--corrections TỆP", "--jobs SỐ", "--date NGÀY", "--final"):
        assert vi in out, vi
    for internal in ("<list[Path]>", "<path>", "<int>", "<str>", "{input_dir}", "Options:", "Arguments:",
                     "Show this message"):
        assert internal not in out, internal
    top = runner.invoke(app, ["--help"]).output
    assert "Lệnh:" in top and "LỆNH [ĐỐI_SỐ]..." in top and "Commands:" not in top
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"cutri {version('cutri')}"


def test_workbooks_print_legibly_and_rows_fit_their_text(first_run):
    from openpyxl import load_workbook

    _base, _folder_, out, _ = first_run
    wb = load_workbook(out / "report.xlsx")
    ws = wb["Tất cả kiến nghị"]
    header = [c.value for c in ws[1]]
    assert "Độ tin cậy lĩnh vực" not in header and "Cần rà soát" not in header
    text_col = header.index("Nội dung ý kiến, kiến nghị") + 1
    width = ws.column_dimensions[ws.cell(1, text_col).column_letter].width
    for r in range(2, ws.max_row + 1):
        text = ws.cell(r, text_col).value or ""
        if len(text) > 2 * width:  # needs three lines or more: the row is that tall
            assert ws.row_dimensions[r].height >= 45, (r, text)
    for sheet in wb.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        # fitToWidth absent = 1 (the OOXML default; XlsxWriter leaves it out of report.xlsx)
        assert (sheet.page_setup.fitToWidth or 1) == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows.replace("$", "") == "1:1"
    review = load_workbook(out / "review.xlsx").worksheets[0]
    assert review.page_setup.orientation == "landscape" and review.page_setup.fitToWidth == 2
    assert review.print_title_rows and review.print_title_cols.replace("$", "") == "A:A"
    from pipeline.corrections import HEADER_ROW, REVIEW_COLUMNS

    widths = {key: w for key, _h, w, _e in REVIEW_COLUMNS}
    text_col = [key for key, *_ in REVIEW_COLUMNS].index("text") + 1
    tall = 0
    for r in range(HEADER_ROW + 1, review.max_row + 1):
        text = review.cell(r, text_col).value or ""
        if len(text) > 2 * widths["text"]:
            assert review.row_dimensions[r].height >= 45, (r, text)
            tall += 1
    assert MACHINE_NOTE in str(review["A2"].value)


@pytest.mark.parametrize("args, expected", [
    (["--out", ""], "Lỗi: --out: tên thư mục kết quả đang để trống"),
    (["--date", "9999-12-31"], "Lỗi: --date: ngày '9999-12-31' nằm ngoài khoảng cho phép (năm 1980–2107)."),
    (["--date", "2026-13-01"], "Lỗi: --date: ngày không hợp lệ: '2026-13-01'"),
])
def test_bad_options_stop_before_anything_is_written(tmp_path, monkeypatch, args, expected):
    """Before: --out "" wrote every output into the current folder; a far date ran the whole round,
    then failed with "ushort format requires 0 <= number <= 65535"."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bien_ban.txt").write_text("Cử tri thôn Đông đề nghị sửa chữa cầu treo qua suối.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["run", str(folder), *args])
    assert result.exit_code == 1
    assert expected in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]  # nothing written anywhere


def test_jobs_are_capped_at_the_cores():
    import os

    from pipeline.runner import resolve_jobs

    cores = os.cpu_count() or 1
    assert resolve_jobs(48 * cores) == cores
    assert resolve_jobs(1) == 1
    assert resolve_jobs(0) == cores
