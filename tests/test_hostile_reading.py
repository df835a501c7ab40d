"""Issue 23, the remaining reading gaps, each beside good files through the real CLI: far cells
in .xls and .ods, a request in a Word footer, an embedded document inside a table cell, and
control characters stored as "_x000B_" in .xlsx cells. Every case: exit status 0, the
Vietnamese note or reason, every good row kept, peak memory far under the per-file budget."""

from __future__ import annotations

import json

import hostile_inputs as H
from pipeline import schemas as S
from pipeline.ingest.word import R_ALT_CHUNK

from test_hostile_bounds import BUDGET_MB, good_texts_kept, run_cli, table

NOTE = "Trang tính 'Quảng Phú' có ô ở rất xa (lưới quá lớn): chỉ đọc các ô có nội dung"


def _run(tmp_path):
    got = run_cli("run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--date", "2026-11-20")
    assert got["code"] == 0, got["out"] + got["err"]
    assert "Traceback" not in got["out"] + got["err"] and "Lỗi không mong đợi" not in got["out"] + got["err"]
    return got


def _notes(out):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {f["path"]: f for f in manifest["files"]}


def test_far_cells_in_xls_and_ods_are_read_sparsely(tmp_path):
    """Before: an .xls with one cell at IV65536 took 49 s and 450 MB to build its grid; an .ods
    with a cell at XFD1048576 was rejected whole as damaged (calamine's cell limit), its good
    rows lost. Now both are read from the cells holding a value, rows keep the sheet's numbers."""
    folder = H.good_folder(tmp_path / "in")
    H.far_cell_xls(folder / "xa_xa.xls")
    H.far_cell_ods(folder / "xa_gia_tri.ods", "value")
    H.far_cell_ods(folder / "xa_dinh_dang.ods", "styled")
    got = _run(tmp_path)
    assert got["peak_mb"] < BUDGET_MB / 4, got["peak_mb"]
    rows = good_texts_kept(tmp_path / "out")
    for name in ("xa_xa.xls", "xa_gia_tri.ods", "xa_dinh_dang.ods"):
        mine = [r for r in rows if r[S.SOURCE_FILE] == name]
        assert [r[S.TEXT_RAW] for r in mine] == H.FAR_TEXTS, name
        assert [r[S.SOURCE_REF] for r in mine] == ["Quảng Phú!R3", "Quảng Phú!R4"]
    files = _notes(tmp_path / "out")
    assert files["xa_xa.xls"]["notes"] == [NOTE] and files["xa_gia_tri.ods"]["notes"] == [NOTE]
    assert files["xa_xa.xls"]["status"] == "ok"
    far = {(r["file"], r["location"], r["raw_text"]) for r in table(tmp_path / "out" / "rejects.csv")}
    assert ("xa_xa.xls", "Quảng Phú!R65536", H.FAR_NOTE) in far  # the far cell itself is listed
    assert ("xa_gia_tri.ods", "Quảng Phú!R1048576", H.FAR_NOTE) in far


def test_footer_text_is_read_and_an_altchunk_in_a_cell_is_listed(tmp_path):
    """Before: a request in the page footer and an embedded document in a table cell were
    dropped without a line anywhere. Now the footer is read after the body (like headers) and
    the altChunk goes to skipped.csv with its reason and table."""
    folder = H.good_folder(tmp_path / "in")
    H.footer_and_cell_chunk_docx(folder / "yen_thuan.docx")
    _run(tmp_path)
    rows = good_texts_kept(tmp_path / "out", extra=[H.FOOTER_TEXT, H.CELL_TEXT])
    footer = [r for r in rows if r[S.TEXT_RAW] == H.FOOTER_TEXT]
    assert [(r[S.SOURCE_FILE], r[S.SOURCE_REF]) for r in footer] == [("yen_thuan.docx", "chân trang, đoạn 1")]
    skipped = [(r["location"], r["reason"]) for r in table(tmp_path / "out" / "skipped.csv") if r["file"] == "yen_thuan.docx"]
    assert ("bảng 1", R_ALT_CHUNK) in skipped


def test_escaped_control_characters_in_xlsx_cells_are_decoded(tmp_path):
    """Before: "_x000B_" (a vertical tab as Excel stores it) reached the report as text. Now the
    escape is decoded and the character cleaned like a typed one (a break inside the cell)."""
    folder = H.good_folder(tmp_path / "in")
    H.escaped_controls_xlsx(folder / "yen_thuan.xlsx")
    _run(tmp_path)
    rows = good_texts_kept(tmp_path / "out")
    mine = [r for r in rows if r[S.SOURCE_FILE] == "yen_thuan.xlsx"]
    assert [r[S.TEXT] for r in mine] == [
        "Đề nghị sửa đường thôn Nà Ngoa. Đề nghị làm cầu treo qua suối Khuổi Luông.",
        "Đề nghị cấp nước sạch cho tổ 5.",
    ]
    for path in (tmp_path / "out").glob("*.csv"):
        assert "_x000" not in path.read_text(encoding="utf-8-sig")
    assert "_x000" not in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
