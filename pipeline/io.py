"""File output helpers: atomic writes, CSV for Excel, parquet, JSON, hashing.

All writes go to a temporary file in the destination folder and are renamed
into place, so an interrupted run never leaves a half-written output and the
previous run's files stay intact until the new ones are complete.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Iterator

import pandas as pd

from . import fast
from .errors import OutputError
from .fast import csv_format

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Deflate level of the .docx and .xlsx outputs. Measured on a 20,000-item round (about
# 45 MB of XML in each file): level 3 compresses 2.5-3x faster than zlib's default 6 and
# the files are about 25% larger (report.docx 2.4 -> 3.0 MB, report.xlsx 4.4 -> 5.3 MB).
ZIP_LEVEL = 3


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_ERRNO_VI = {
    getattr(errno, name): reason
    for name, reason in (
        ("EACCES", "không có quyền ghi"),
        ("EPERM", "không có quyền ghi"),
        ("EROFS", "ổ đĩa chỉ cho đọc"),
        ("ENOSPC", "ổ đĩa đã đầy"),
        ("EEXIST", "đã có một tệp (không phải thư mục) trùng tên"),
        ("ENOTDIR", "một phần của đường dẫn là tệp, không phải thư mục"),
        ("ENAMETOOLONG", "đường dẫn quá dài"),
        ("EDQUOT", "vượt hạn mức dung lượng"),
    )
    if hasattr(errno, name)
}


def os_reason(exc: OSError) -> str:
    """A Vietnamese reason for an OS error (the English strerror is not shown to clerks)."""
    return _ERRNO_VI.get(exc.errno, f"lỗi hệ thống (mã {exc.errno})" if exc.errno else "lỗi hệ thống")


def ensure_writable_dir(path: Path) -> None:
    """Create the output folder; OutputError (exit 1) with a Vietnamese reason when it cannot be written."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputError(f"Không ghi được kết quả vào {path}: đã có một tệp (không phải thư mục) trùng tên.")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Không tạo được thư mục kết quả {path}: {os_reason(exc)}.") from None
    try:  # os.access is not enough (root, network and read-only file systems): really try
        fd, probe = tempfile.mkstemp(prefix=".cutri-probe.", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"Không ghi được vào thư mục kết quả {path}: {os_reason(exc)}.") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputError(f"Không ghi được vào thư mục kết quả {path}: không có quyền ghi.")


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put the same one back at once
    os.umask(mask)
    return mask


# Outputs get the permissions of any file the user creates (0666 less the umask), as a
# plain open() would give: colleagues on a shared office folder can open report.docx.
# mkstemp alone would leave them readable by their owner only (0600).
FILE_MODE = 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_path(dest: Path) -> Iterator[Path]:
    """Yield a temp path beside ``dest``; on success rename it to ``dest``."""
    dest = Path(dest)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    except OSError as exc:
        raise OutputError(f"Không ghi được tệp kết quả {dest}: {os_reason(exc)}.") from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if tmp_path.exists():
            os.chmod(tmp_path, FILE_MODE)
        os.replace(tmp_path, dest)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"Không ghi được tệp kết quả {dest}: {os_reason(exc)}.") from None
        raise


def write_bytes(dest: Path, data: bytes) -> None:
    with atomic_path(dest) as tmp:
        tmp.write_bytes(data)


def write_text(dest: Path, text: str) -> None:
    write_bytes(dest, text.encode("utf-8"))


def read_toml(path: Path, what: str) -> dict:
    """The project's one TOML reader: ``path`` parsed, or a ``ConfigError`` naming ``what``
    (Vietnamese, e.g. "tệp cấu hình") and the file. UTF-8 with or without a BOM is read, and
    UTF-16 with a BOM (what Windows Notepad saves as "Unicode")."""
    import codecs
    import tomllib

    from .errors import ConfigError

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"Không tìm thấy {what}: {path}") from None
    except OSError as exc:
        raise ConfigError(f"Không đọc được {what} {path}: {os_reason(exc)}") from None
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ConfigError(f"{what[:1].upper()}{what[1:]} {path} không phải văn bản UTF-8; hãy mở tệp và lưu lại "
                              "với mã hóa UTF-8.") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{what[:1].upper()}{what[1:]} {path} không đúng định dạng TOML: {exc}") from None


def write_json(dest: Path, obj) -> None:
    write_text(dest, json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n")


def defuse_formula(value):
    """Keep a cell that starts like a formula as text in spreadsheet programs."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def rewrite_zip(data: bytes, date_time: tuple, edit: dict | None = None, create_system: int | None = None) -> bytes:
    """An Office file (zip) rewritten deterministically: same entries in the same order, each
    stamped ``date_time``, readable by its owner only, deflated at ZIP_LEVEL (and with
    ``create_system`` when given). ``edit``: entry name → function applied to that entry's
    bytes on the way; it returns the new bytes, or an iterable of byte pieces compressed as
    they come (a large round's sheet or annex is never whole in memory), the same bytes
    either way."""
    import io as bytes_io
    import zipfile

    from .fast import zip_stream

    edit = edit or {}
    src = zipfile.ZipFile(bytes_io.BytesIO(data))
    buf = bytes_io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            if create_system is not None:
                fixed.create_system = create_system
            content = src.read(info.filename)
            if info.filename in edit:
                content = edit[info.filename](content)
            set_level = None
            if not isinstance(content, (bytes, bytearray)):
                set_level = zip_stream.level_setter() if fast.enabled("zip_stream") else None
                if set_level is None:  # the plain call: the whole entry in memory
                    content = b"".join(content)
            if set_level is None:
                dst.writestr(fixed, content, compresslevel=ZIP_LEVEL)
            else:  # streamed, never whole in memory (pipeline/fast/zip_stream.py)
                set_level(fixed, ZIP_LEVEL)
                with dst.open(fixed, "w") as entry:
                    for piece in content:
                        entry.write(piece)
    return buf.getvalue()


def write_csv(dest: Path, df: pd.DataFrame) -> None:
    """CSV in UTF-8 with BOM (Excel opens it), formula-looking cells defused, line breaks
    inside a cell written as "\n" in a quoted field (a bare "\r" would end the row).

    The bytes are those of ``DataFrame.to_csv(index=False, encoding="utf-8-sig",
    lineterminator="\n")``; unless ``CUTRI_FAST=0``, frames of text, bool, int64 and
    float64 columns are formatted by ``pipeline.fast.csv_format`` (same bytes, several
    times faster on large tables).
    """
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            try:  # a carriage return becomes a line feed: csv quotes "\n", but not a bare "\r",
                # which spreadsheet programs would read as the end of the row
                has_cr = out[col].str.contains("\r", regex=False, na=False).to_numpy(dtype=bool)
            except AttributeError:  # no strings in the column
                continue
            if has_cr.any():
                values = out[col].to_numpy(dtype=object, copy=True)
                values[has_cr] = [v.replace("\r\n", "\n").replace("\r", "\n") for v in values[has_cr]]
                out[col] = values
            # the cells that defuse_formula changes: strings starting like a formula
            risky = out[col].str.startswith(FORMULA_PREFIXES, na=False).to_numpy(dtype=bool)
            if risky.any():
                values = out[col].to_numpy(dtype=object, copy=True)
                values[risky] = [defuse_formula(v) for v in values[risky]]
                out[col] = values
    pieces = csv_format.csv_pieces(out) if fast.enabled("csv_format") else None
    with atomic_path(dest) as tmp:
        if pieces is not None:
            try:
                with open(tmp, "wb") as fh:
                    fh.write(b"\xef\xbb\xbf")
                    for piece in pieces:
                        fh.write(piece)
                return
            except OSError:
                raise
            except Exception:  # a value pyarrow cannot take (or no pyarrow): pandas writes the file
                pass
        out.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n")


def write_parquet(dest: Path, df: pd.DataFrame) -> None:
    with atomic_path(dest) as tmp:
        df.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd")
