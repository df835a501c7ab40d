"""The command line: exit codes (0 ok, 1 error, 2 usage) and clean Vietnamese messages, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from cli import app
from fixtures_ingest import MINUTES

runner = CliRunner()


def minutes_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir(parents=True)
    (folder / "bien_ban_xa_yen_phu.txt").write_text("\n".join(MINUTES), encoding="utf-8")
    return folder


@pytest.mark.parametrize("args", [[], ["run"], ["run", "x", "--khong-co"], ["lenh-la"], ["run", "x", "--jobs", "hai"]])
def test_usage_errors_exit_2(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_missing_input_folder_exit_1(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path / "khong_co"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"Lỗi: Không tìm thấy thư mục đầu vào: {tmp_path / 'khong_co'}" in result.output
    assert not (tmp_path / "out").exists()


def test_input_that_is_a_file_exit_1(tmp_path):
    f = tmp_path / "bien_ban.txt"
    f.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["run", str(f), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"Lỗi: Đầu vào phải là một thư mục chứa biên bản: {f}" in result.output


def test_folder_without_supported_files_exit_1(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "anh.png").write_bytes(b"\x89PNG")
    result = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "không có biên bản nào ở định dạng được hỗ trợ (.xlsx, .xls, .ods, .docx, .doc, .odt, .pdf, .txt)" in result.output


def test_output_inside_the_input_folder_is_refused(tmp_path):
    folder = minutes_folder(tmp_path)
    result = runner.invoke(app, ["run", str(folder), "--out", str(folder / "ket_qua")])
    assert result.exit_code == 1
    assert "không được nằm trong thư mục đầu vào" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["bien_ban_xa_yen_phu.txt"]


def test_invalid_date_exit_1_before_anything_is_written(tmp_path):
    folder = minutes_folder(tmp_path)
    result = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "out"), "--date", "2026-13-01"])
    assert result.exit_code == 1
    assert "Lỗi: --date: ngày không hợp lệ: '2026-13-01' (dạng đúng: YYYY-MM-DD, ví dụ 2026-11-05)." in result.output
    assert not (tmp_path / "out").exists()


def test_unexpected_error_is_one_line_without_traceback(tmp_path, monkeypatch):
    from pipeline import runner as prunner

    def boom(*args, **kwargs):
        raise RuntimeError("hỏng bất ngờ")

    monkeypatch.setattr(prunner, "run", boom)
    monkeypatch.delenv("CUTRI_DEBUG", raising=False)
    result = runner.invoke(app, ["run", str(minutes_folder(tmp_path))])
    assert result.exit_code == 1
    assert "Lỗi không mong đợi: hỏng bất ngờ. Chạy lại với CUTRI_DEBUG=1 để xem chi tiết." in result.output
    assert "RuntimeError" not in result.output
    assert "Traceback" not in result.output
    monkeypatch.setenv("CUTRI_DEBUG", "1")
    result = runner.invoke(app, ["run", str(minutes_folder(tmp_path / "b"))])
    assert isinstance(result.exception, RuntimeError)


def test_console_script_exit_codes():
    """The installed entry point maps usage errors to 2 and library errors to 1 in a real process."""
    code = "import sys; sys.argv = ['cutri'] + sys.argv[1:]; import cli; cli.main()"
    usage = subprocess.run([sys.executable, "-c", code, "run"], capture_output=True, text=True)
    assert usage.returncode == 2
    missing = subprocess.run([sys.executable, "-c", code, "run", "/khong/co/thu/muc/nay"],
                             capture_output=True, text=True, env=None)
    assert missing.returncode == 1
    assert "Lỗi: Không tìm thấy thư mục đầu vào" in missing.stderr
    assert "Traceback" not in missing.stderr
