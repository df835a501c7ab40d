"""Issue 23: nothing a folder can hold stops the run or loses a row. Each case is built in code
(``hostile_inputs_23``), run beside good files through the real CLI in a child process, and
checked for exit status, the Vietnamese message, every good row kept and the peak memory of
the run (``resource.getrusage`` of the child processes, never wall time)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path


import hostile_inputs_23 as H
from hostile_inputs_23 import run_cli
from pipeline import schemas as S
from pipeline.config import Config
from pipeline.ingest import read_minutes

ROOT = Path(__file__).resolve().parents[1]
CFG = Config()
csv.field_size_limit(sys.maxsize)
BUDGET_MB = Config().ingest.file_memory_mb  # the README's stated bound for one file

def table(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def good_texts_kept(out: Path, extra=()) -> list[dict]:
    rows = table(out / "recommendations.csv")
    texts = [r[S.TEXT_RAW] for r in rows]
    for t in H.GOOD_TEXTS + list(extra):
        assert t in texts, t
    return rows


# --------------------------------------------------------------------------- 1. bounded work per file
def test_sheets_reaching_xfd1048576_are_read_sparsely_through_the_cli(tmp_path):
    """Before: one real cell at XFD1048576 aborted the run (exit 134, 549 GB asked, no outputs);
    a styled empty cell or a merged range there took 6.4 GB. Now each is read from its cells
    holding a value: the good rows are kept, the far cell is listed, memory stays small."""
    folder = H.good_folder(tmp_path / "in")
    for kind in ("value", "styled", "merged", "dimension"):
        H.far_cell_xlsx(folder / f"xa_{kind}.xlsx", kind)
    got = run_cli("run", str(folder), "--out", str(tmp_path / "out"), "--date", "2026-11-20")
    assert got["code"] == 0, got["out"] + got["err"]
    assert "Traceback" not in got["out"] + got["err"]
    assert got["peak_mb"] < BUDGET_MB, got["peak_mb"]
    rows = good_texts_kept(tmp_path / "out")
    for kind in ("value", "styled", "merged", "dimension"):
        mine = [r for r in rows if r[S.SOURCE_FILE] == f"xa_{kind}.xlsx"]
        assert [r[S.TEXT_RAW] for r in mine] == H.FAR_XLSX_TEXTS
        assert [r[S.SOURCE_REF] for r in mine] == ["Quảng Phú!R3", "Quảng Phú!R4"]  # the sheet's own rows
    far = [r for r in table(tmp_path / "out" / "rejects.csv") if r["file"] == "xa_value.xlsx"]
    assert [(r["location"], r["raw_text"]) for r in far] == [("Quảng Phú!R1048576", "Ghi chú cuối trang tính")]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    notes = {f["path"]: f.get("notes") for f in manifest["files"]}
    assert notes["xa_styled.xlsx"] == ["Trang tính 'Quảng Phú' có ô ở rất xa (lưới quá lớn): chỉ đọc các ô có nội dung"]
    assert notes["a_tot.xlsx"] is None


def test_a_sheet_whose_values_alone_pass_the_bound_is_a_reject(tmp_path, monkeypatch):
    from pipeline.ingest import xlsx_extent

    monkeypatch.setattr(xlsx_extent, "MAX_SPARSE_CELLS", 6)
    folder = H.good_folder(tmp_path / "in")
    H.far_cell_xlsx(folder / "xa.xlsx", "value")
    res = read_minutes(folder, CFG)
    rj = res.rejects[res.rejects["file"] == "xa.xlsx"]
    assert rj["reason"].tolist() == ["Trang tính 'Quảng Phú' có 11 ô có nội dung trải trên 5 hàng × 4 cột, "
                                     "quá giới hạn 6 ô; không đọc",
                                     "Không đọc được tệp xa.xlsx: không có trang tính nào đọc được "
                                     "(không tìm thấy cột 'Nội dung kiến nghị')."]
    assert sorted(res.records[S.TEXT_RAW]) == sorted(H.GOOD_TEXTS)


def _patched_reader(monkeypatch, rel: str, action):
    import pipeline.ingest as ingest

    real = ingest._read_file

    def reader(path, name, cfg):
        if name == rel:
            action()
        return real(path, name, cfg)

    monkeypatch.setattr(ingest.core, "_read_file", reader)


def test_a_file_over_the_memory_budget_is_a_reject(tmp_path, monkeypatch):
    folder = H.good_folder(tmp_path / "in")
    H.good_txt(folder / "b_lon.txt")
    import pipeline.ingest.core as core

    real = core._read_txt

    def greedy_reader(path, out, cfg, unit):
        if path.name == "b_lon.txt":
            bytearray(1 << 30)  # 1 GiB at once, inside the reader
        return real(path, out, cfg, unit)

    monkeypatch.setattr(core, "_read_txt", greedy_reader)
    cfg = Config(ingest=type(CFG.ingest)(file_memory_mb=256))
    res = read_minutes(folder, cfg)
    rj = res.rejects[res.rejects["file"] == "b_lon.txt"]["reason"].tolist()
    assert rj == ["Không đọc được tệp b_lon.txt: tệp cần quá 256 MB bộ nhớ (file_memory_mb trong mục [ingest])."]
    assert sorted(res.records[S.TEXT_RAW]) == sorted(H.GOOD_TEXTS)


def test_a_file_over_the_time_budget_is_a_reject(tmp_path, monkeypatch):
    import time

    folder = H.good_folder(tmp_path / "in")
    H.good_txt(folder / "b_cham.txt")
    _patched_reader(monkeypatch, "b_cham.txt", lambda: time.sleep(600))
    cfg = Config(ingest=type(CFG.ingest)(file_seconds=1))
    res = read_minutes(folder, cfg, jobs=2)
    rj = res.rejects[res.rejects["file"] == "b_cham.txt"]["reason"].tolist()
    assert rj == ["Không đọc được tệp b_cham.txt: đọc tệp quá 1 giây (giới hạn thời gian cho một tệp, "
                  "file_seconds trong mục [ingest] của cấu hình); tệp không được đọc."]
    assert sorted(res.records[S.TEXT_RAW]) == sorted(H.GOOD_TEXTS)


# --------------------------------------------------------------------------- 2. every visible word of a .docx
def test_every_visible_word_of_a_docx_is_read_through_the_cli(tmp_path):
    """Before: requests in a tracked insertion, content controls, a smart tag, a nested table
    and a text box were dropped (5 of 6 lost, exit 0, listed nowhere). Now each is a
    recommendation, the text box once; deleted text and comments are not read; the footnote
    and the header are listed in skipped.csv."""
    folder = H.good_folder(tmp_path / "in")
    H.visible_words_docx(folder / "bb_tan_huong.docx")
    got = run_cli("run", str(folder), "--out", str(tmp_path / "out"), "--date", "2026-11-20")
    assert got["code"] == 0, got["out"] + got["err"]
    rows = good_texts_kept(tmp_path / "out")
    mine = [r[S.TEXT_RAW] for r in rows if r[S.SOURCE_FILE] == "bb_tan_huong.docx"]
    assert sorted(mine) == sorted(list(H.VISIBLE_REQUESTS.values()) + ["làm rãnh thoát nước bản Hon."])
    assert {r[S.UNIT] for r in rows if r[S.SOURCE_FILE] == "bb_tan_huong.docx"} == {"Xã Tân Hương"}
    skipped = [r for r in table(tmp_path / "out" / "skipped.csv") if r["file"] == "bb_tan_huong.docx"]
    assert ("chú thích 1", H.FOOTNOTE_TEXT) in [(r["location"], r["text"]) for r in skipped]
    assert H.HEADER_TEXT in [r["text"] for r in skipped]
    everything = "".join(p.read_text(encoding="utf-8", errors="replace")
                         for p in (tmp_path / "out").iterdir() if p.suffix in (".csv", ".html", ".json"))
    assert H.DELETED_TEXT not in everything and "kiểm tra lại số hộ" not in everything


# --------------------------------------------------------------------------- 3. text hygiene
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_text_hygiene_through_the_cli(tmp_path):
    """Before: one NUL rejected the whole .txt; the stray cp1252 quotes turned their line into
    TCVN3 mojibake with no warning; U+202E made its own unit and reached report.html. Now the
    NUL is dropped where it is and noted, the line stays UTF-8 (noted), bidi and zero-width
    characters are gone from text and unit (kept in text_raw), and every line break counts."""
    folder = H.good_folder(tmp_path / "in")
    H.hygiene_txt(folder / "bb_phuc_loc.txt")
    H.split_formula_xlsx(folder / "pac_nam.xlsx")
    got = run_cli("run", str(folder), "--out", str(tmp_path / "out"), "--date", "2026-11-20")
    assert got["code"] == 0, got["out"] + got["err"]
    out = tmp_path / "out"
    rows = good_texts_kept(out)
    mine = [r for r in rows if r[S.SOURCE_FILE] == "bb_phuc_loc.txt"]
    assert [r[S.TEXT] for r in mine] == H.HYGIENE_REQUESTS
    assert "\u202e" in mine[2][S.TEXT_RAW] and "\u200b" in mine[3][S.TEXT_RAW]  # as read
    assert {r[S.UNIT] for r in mine} == {"Xã Phúc Lộc"}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = next(f for f in manifest["files"] if f["path"] == "bb_phuc_loc.txt")
    assert entry["status"] == "ok" and entry["encoding"] is None
    assert entry["notes"] == ["Đã bỏ ký tự NUL (mã 0) ở dòng 5",
                              "Byte lạ (không phải UTF-8) được đọc theo bảng mã Windows-1252 ở dòng 6"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "\u202e" not in html and "\u200b" not in html and "Đường cong nguy hiểm" in html
    for name in ("recommendations.csv", "skipped.csv", "rejects.csv", "clusters.csv"):
        for row in table(out / name):
            for value in row.values():
                assert not (value or "").startswith(FORMULA_START), (name, value)
    dashed = [r[S.TEXT] for r in rows if r[S.SOURCE_FILE] == "pac_nam.xlsx"]
    assert any("=cmd|" in t for t in dashed)  # read, and written defused (checked above)


# --------------------------------------------------------------------------- 4. names that are not UTF-8
def test_a_file_name_that_is_not_utf8_is_read_and_shown_decoded(tmp_path):
    """Before: the run ended with "Lỗi không mong đợi (UnicodeEncodeError…)". Now the file is
    read and its name shown decoded in outputs and on the terminal; hidden files and folders
    and Office lock files are counted in the manifest."""
    folder = H.good_folder(tmp_path / "in")
    made = H.windows_named_txt(folder)
    assert made.exists() and made.name != H.WINDOWS_NAME
    H.windows_named_txt(folder, "Tệp hỏng xã Tân Lập.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "~$a_tot.docx").write_bytes(b"lock")
    (folder / ".an").mkdir()
    H.good_txt(folder / ".an" / "ban_nhap.txt")
    got = run_cli("run", str(folder), "--out", str(tmp_path / "out"), "--date", "2026-11-20", "--show-names")
    assert got["code"] == 0, got["out"] + got["err"]
    assert "Lỗi không mong đợi" not in got["out"] + got["err"]
    assert "Bị loại: Tệp hỏng xã Tân Lập.txt" in got["out"] + got["err"]  # the terminal shows the name decoded
    rows = good_texts_kept(tmp_path / "out")
    assert sum(r[S.SOURCE_FILE] == H.WINDOWS_NAME for r in rows) == len(H.MINUTES_TEXTS)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert {f["path"]: f["status"] for f in manifest["files"]}[H.WINDOWS_NAME] == "ok"
    assert manifest["ignored_files"] == [".an/", "~$a_tot.docx"]
