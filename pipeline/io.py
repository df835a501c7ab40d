"""File output helpers: atomic writes, CSV for Excel, parquet, JSON, hashing.

All writes go to a temporary file in the destination folder and are renamed
into place, so an interrupted run never leaves a half-written output and the
previous run's files stay intact until the new ones are complete.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Iterator

import pandas as pd

from .errors import OutputError

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
            if isinstance(content, (bytes, bytearray)):
                dst.writestr(fixed, content, compresslevel=ZIP_LEVEL)
            else:
                fixed._compresslevel = ZIP_LEVEL  # what writestr(compresslevel=...) sets
                with dst.open(fixed, "w") as entry:
                    for piece in content:
                        entry.write(piece)
    return buf.getvalue()


def write_csv(dest: Path, df: pd.DataFrame) -> None:
    """CSV in UTF-8 with BOM (Excel opens it), formula-looking cells defused.

    The bytes are those of ``DataFrame.to_csv(index=False, encoding="utf-8-sig",
    lineterminator="\n")``; frames of text, bool, int64 and float64 columns are formatted
    column by column with pyarrow (``_csv_pieces``, several times faster on large tables),
    anything else by pandas.
    """
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            try:  # the cells that defuse_formula changes: strings starting like a formula
                risky = out[col].str.startswith(FORMULA_PREFIXES, na=False).to_numpy(dtype=bool)
            except AttributeError:  # no strings in the column
                continue
            if risky.any():
                values = out[col].to_numpy(dtype=object, copy=True)
                values[risky] = [defuse_formula(v) for v in values[risky]]
                out[col] = values
    pieces = _csv_pieces(out)
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


_CSV_ROWS_PER_PIECE = 100_000


@functools.lru_cache(maxsize=1)
def _csv_special_pattern() -> str:
    """A regular expression of the characters that make Python's csv writer (which pandas
    uses) quote a field, with "," and '"' and a "\n" line terminator: asked of the csv module
    itself, whose rules for "\r" and NUL changed between Python versions. One expression:
    a single pass over a column, faster than one search per character."""
    import csv
    import io as text_io

    special = ""
    for ch in ',"\n\r\x00 \t':
        buf = text_io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(["a" + ch + "b", "c"])
        if buf.getvalue().startswith('"'):
            special += ch
    return "[" + "".join("\\x%02x" % ord(c) for c in special) + "]"


def _csv_pieces(df: pd.DataFrame):
    """The UTF-8 bytes of ``df.to_csv(index=False, lineterminator="\n")`` as an iterator of
    pieces, or None when a column is of a kind formatted here only by pandas.

    Text columns (str, or object holding str and missing values): missing → empty, a value
    holding a character of ``_csv_special_pattern`` is quoted with inner quotes doubled (the
    csv module's QUOTE_MINIMAL). bool → "True"/"False"; int64 → digits; float64 → numpy's
    str (what pandas writes), NaN → empty. Frames of one column (the csv module writes a
    lone empty field as '""') and without rows are left to pandas.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if df.shape[1] < 2 or len(df) == 0 or not df.columns.is_unique or not all(isinstance(c, str) for c in df.columns):
        return None
    kinds = []
    for name in df.columns:
        col = df[name]
        if col.dtype == bool:
            kinds.append("bool")
        elif col.dtype == np.int64:
            kinds.append("int")
        elif col.dtype == np.float64:
            kinds.append("float")
        elif pd.api.types.is_string_dtype(col.dtype) and (
                col.dtype != object or pd.api.types.infer_dtype(col, skipna=True) in ("string", "empty")):
            kinds.append("text")
        else:
            return None
    special = _csv_special_pattern()

    text = pa.large_string()  # 64-bit offsets: a piece of a large table can pass 2 GB
    quote, empty, newline = (pa.scalar(c, type=text) for c in ('"', "", "\n"))

    def quoted(arr):
        needs = pc.match_substring_regex(arr, special)
        if not pc.any(needs).as_py():
            return arr
        wrapped = pc.binary_join_element_wise(quote, pc.replace_substring(arr, '"', '""'), quote, empty)
        return pc.if_else(needs, wrapped, arr)

    def field(values, kind):
        if kind == "bool":
            return pa.array(np.where(values.to_numpy(), "True", "False"), type=text)
        if kind == "int":
            return pc.cast(pa.array(values.to_numpy()), text)
        if kind == "float":
            v = values.to_numpy()
            shown = v.astype(str)
            shown[np.isnan(v)] = ""
            return pa.array(shown, type=text)
        if values.dtype != object and getattr(values.dtype, "storage", None) == "pyarrow":
            arr = pa.array(values)  # the column's own arrow data, not a copy through Python strings
            if isinstance(arr, pa.ChunkedArray):
                arr = arr.combine_chunks()
            arr = arr.cast(text)
        else:
            arr = pa.array(values.to_numpy(dtype=object, na_value=None), type=text, from_pandas=True)
        return pc.fill_null(quoted(arr), empty)

    def pieces():
        header = ",".join(quoted(pa.array(list(df.columns), type=text)).to_pylist())
        yield (header + "\n").encode("utf-8")
        for start in range(0, len(df), _CSV_ROWS_PER_PIECE):
            part = df.iloc[start : start + _CSV_ROWS_PER_PIECE]
            fields = [field(part[name], kind) for name, kind in zip(df.columns, kinds)]
            fields[-1] = pc.binary_join_element_wise(fields[-1], empty, newline)  # every row ends with "\n"
            lines = pc.binary_join_element_wise(*fields, pa.scalar(",", type=text))
            del fields
            offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset : lines.offset + len(lines) + 1]
            yield memoryview(lines.buffers()[2][int(offsets[0]) : int(offsets[-1])])

    return pieces()


def write_parquet(dest: Path, df: pd.DataFrame) -> None:
    with atomic_path(dest) as tmp:
        df.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd")
