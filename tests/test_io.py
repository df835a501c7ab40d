"""pipeline.io: atomic writes, CSV for Excel (formula defusing, line breaks), JSON, hashing,
deterministic zips, Vietnamese reasons for OS errors, the out folder's write check."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import zipfile

import pandas as pd
import pytest

from pipeline import io
from pipeline.errors import OutputError


def test_csv_defuses_exactly_the_formula_looking_cells(tmp_path):
    """Only strings starting like a formula get the quote; other types and text stay as they are."""
    import pandas as pd

    from pipeline import io

    df = pd.DataFrame({
        "text": ["=HYPERLINK(\"x\")", "bình thường", "+84 912", "-5 hộ", "@all", "\tthụt", None, "a=b"],
        "mixed": [1, "=1+1", None, 2.5, True, "ok", "-", ""],
        "num": [1, 2, 3, 4, 5, 6, 7, 8],
        "empty": [None] * 8,
        "string": pd.array(["=x", "y", None, "+z", "w", "v", "u", "t"], dtype="string"),
    })
    io.write_csv(tmp_path / "a.csv", df)
    expected = df.copy()
    for col in ("text", "mixed", "string"):
        expected[col] = [io.defuse_formula(v) if isinstance(v, str) else v for v in df[col]]
    expected.to_csv(tmp_path / "b.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert "'=HYPERLINK" in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")


def test_carriage_returns_never_end_a_csv_row(tmp_path):
    """A bare CR in a cell would end the row in a spreadsheet and start a cell with a formula:
    it is written as a quoted line break, on both the fast and the plain path."""
    import csv as csv_module

    from pipeline import io

    df = pd.DataFrame({"text": ["Đề nghị sửa đường\r=cmd|' /C calc'!A0", "bình thường"],
                       "unit": ["Xã A\r\n@SUM(1)", "Xã B"]})
    for fast_flag in ("1", "0"):
        os.environ["CUTRI_FAST"] = fast_flag
        try:
            io.write_csv(tmp_path / "a.csv", df)
        finally:
            os.environ.pop("CUTRI_FAST")
        data = (tmp_path / "a.csv").read_bytes()
        assert b"\r" not in data
        rows = list(csv_module.reader(open(tmp_path / "a.csv", newline="", encoding="utf-8-sig")))
        assert rows[1] == ["Đề nghị sửa đường\n=cmd|' /C calc'!A0", "Xã A\n@SUM(1)"]
        assert all(not cell.startswith(("=", "@", "+")) for row in rows for cell in row)


def test_atomic_write_replaces_whole_or_leaves_the_old_file(tmp_path):
    dest = tmp_path / "bao_cao.txt"
    io.write_text(dest, "bản cũ")
    with pytest.raises(RuntimeError):
        with io.atomic_path(dest) as tmp:
            tmp.write_text("nửa chừng", encoding="utf-8")
            raise RuntimeError("stopped half-way")
    assert dest.read_text(encoding="utf-8") == "bản cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao_cao.txt"]  # no temp file left
    io.write_text(dest, "bản mới")
    assert dest.read_text(encoding="utf-8") == "bản mới"
    assert dest.stat().st_mode & 0o777 == io.FILE_MODE  # as a plain open() would give, not 0600


def test_an_os_error_while_writing_becomes_a_vietnamese_output_error(tmp_path):
    dest = tmp_path / "khong_co" / "a.csv"  # the folder does not exist
    with pytest.raises(OutputError, match="Không ghi được tệp kết quả .*a.csv"):
        io.write_bytes(dest, b"x")
    with pytest.raises(OutputError, match="ổ đĩa đã đầy"):
        with io.atomic_path(tmp_path / "b.csv"):
            raise OSError(errno.ENOSPC, "No space left on device")
    assert not list(tmp_path.glob(".b.csv.*"))


def test_os_reasons_are_vietnamese():
    assert io.os_reason(OSError(errno.EACCES, "x")) == "không có quyền ghi"
    assert io.os_reason(OSError(errno.EROFS, "x")) == "ổ đĩa chỉ cho đọc"
    assert io.os_reason(OSError(9999, "x")) == "lỗi hệ thống (mã 9999)"
    assert io.os_reason(OSError()) == "lỗi hệ thống"


def test_writable_dir_check(tmp_path):
    io.ensure_writable_dir(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir() and not list((tmp_path / "a" / "b").iterdir())  # the probe is gone
    (tmp_path / "tep").write_text("x")
    with pytest.raises(OutputError, match="đã có một tệp \\(không phải thư mục\\) trùng tên"):
        io.ensure_writable_dir(tmp_path / "tep")
    with pytest.raises(OutputError, match="một phần của đường dẫn là tệp"):
        io.ensure_writable_dir(tmp_path / "tep" / "con")


def test_json_is_sorted_utf8_and_ends_with_a_newline(tmp_path):
    io.write_json(tmp_path / "m.json", {"đơn_vị": "Xã Tân Lập", "a": [1, 2], "ngày": pd.Timestamp("2026-11-05")})
    text = (tmp_path / "m.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and "Xã Tân Lập" in text  # not \\u escapes
    assert list(json.loads(text)) == ["a", "ngày", "đơn_vị"]
    assert json.loads(text)["ngày"] == "2026-11-05 00:00:00"


def test_sha256_file_reads_in_blocks(tmp_path):
    data = os.urandom(3 * (1 << 20) + 17)  # more than one block
    (tmp_path / "x.bin").write_bytes(data)
    assert io.sha256_file(tmp_path / "x.bin") == hashlib.sha256(data).hexdigest()


def _zip(entries, when=(2020, 1, 1, 0, 0, 0)) -> bytes:
    import io as bytes_io

    buf = bytes_io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            zf.writestr(zipfile.ZipInfo(name, date_time=when), data)
    return buf.getvalue()


def test_rewrite_zip_is_deterministic_and_edits_entries(tmp_path):
    import io as bytes_io

    entries = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document>" + b"a" * 5000 + b"</w>")]
    one = io.rewrite_zip(_zip(entries, (2021, 5, 6, 7, 8, 10)), (2026, 11, 5, 0, 0, 0))
    two = io.rewrite_zip(_zip(entries, (2024, 1, 2, 3, 4, 6)), (2026, 11, 5, 0, 0, 0))
    assert one == two  # the input's timestamps do not matter
    zf = zipfile.ZipFile(bytes_io.BytesIO(one))
    assert [i.filename for i in zf.infolist()] == [n for n, _ in entries]
    assert {i.date_time for i in zf.infolist()} == {(2026, 11, 5, 0, 0, 0)}
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in zf.infolist())
    edited = io.rewrite_zip(_zip(entries), (2026, 11, 5, 0, 0, 0),
                            edit={"word/document.xml": lambda b: iter([b[:10], b"|", b[10:]])})
    got = zipfile.ZipFile(bytes_io.BytesIO(edited)).read("word/document.xml")
    assert got == entries[1][1][:10] + b"|" + entries[1][1][10:]  # pieces written as they come


def test_a_streamed_entry_has_the_bytes_of_the_plain_call(monkeypatch):
    """fast.zip_stream streams a large entry at ZIP_LEVEL; with CUTRI_FAST_OFF=zip_stream the
    entry is joined and written by ZipFile.writestr(compresslevel=ZIP_LEVEL): same file."""
    from pipeline.fast import zip_stream

    assert zip_stream.level_setter() is not None  # verified on this Python: the fast path is taken
    body = b"".join(b"<row r='%d'><c>ki\xe1\xba\xbfn ngh\xe1\xbb\x8b %d</c></row>" % (i, i * 7) for i in range(4000))
    entries = [("[Content_Types].xml", b"<Types/>"), ("xl/worksheets/sheet1.xml", body)]

    def rewritten() -> bytes:
        return io.rewrite_zip(_zip(entries), (2026, 11, 5, 0, 0, 0),
                              edit={"xl/worksheets/sheet1.xml": lambda b: (b[k:k + 997] for k in range(0, len(b), 997))})

    fast = rewritten()
    monkeypatch.setenv("CUTRI_FAST_OFF", "zip_stream")
    plain = rewritten()
    assert fast == plain
    info = zipfile.ZipFile(__import__("io").BytesIO(fast)).getinfo("xl/worksheets/sheet1.xml")
    assert info.compress_size < len(body) / 5  # deflated, not stored
