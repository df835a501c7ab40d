"""``DataFrame.to_csv(index=False, lineterminator="\\n")`` formatted with pyarrow compute.

Stands in for: ``pandas.DataFrame.to_csv(index=False, lineterminator="\\n")`` (the bytes
after the BOM that ``io.write_csv`` writes).
Verified on: pandas 3.1 with pyarrow 26 (``VERIFIED``).

pandas formats a CSV row by row through the csv module; on the 200,000-row tables of a
large round that took several seconds per table. ``csv_pieces`` formats text, bool,
int64 and float64 columns column by column with pyarrow compute and gives the same
bytes. It returns None, and the caller lets pandas write, for any other kind of frame,
when the installed versions are not the verified ones, or when a self-check on a frame
of awkward values (quotes, commas, line breaks, NUL, floats, arrow strings) does not
give pandas' bytes.
"""

from __future__ import annotations

import functools

import pandas as pd

from . import versions_match

VERIFIED = {"pandas": ("3.1",), "pyarrow": ("26",)}
ROWS_PER_PIECE = 100_000

@functools.lru_cache(maxsize=1)
def special_pattern() -> str:
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


def _format(df: pd.DataFrame):
    """The UTF-8 bytes of ``df.to_csv(index=False, lineterminator="\n")`` as an iterator of
    pieces, or None when a column is of a kind formatted here only by pandas.

    Text columns (str, or object holding str and missing values): missing → empty, a value
    holding a character of ``special_pattern`` is quoted with inner quotes doubled (the
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
    special = special_pattern()

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
        for start in range(0, len(df), ROWS_PER_PIECE):
            part = df.iloc[start : start + ROWS_PER_PIECE]
            fields = [field(part[name], kind) for name, kind in zip(df.columns, kinds)]
            fields[-1] = pc.binary_join_element_wise(fields[-1], empty, newline)  # every row ends with "\n"
            lines = pc.binary_join_element_wise(*fields, pa.scalar(",", type=text))
            del fields
            offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset : lines.offset + len(lines) + 1]
            yield memoryview(lines.buffers()[2][int(offsets[0]) : int(offsets[-1])])

    return pieces()




def _pandas_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


@functools.lru_cache(maxsize=1)
def _trusted() -> bool:
    """The verified versions are installed and a frame of awkward values comes out as pandas writes it."""
    if not versions_match(VERIFIED):
        return False
    import numpy as np

    check = pd.DataFrame({
        "chữ, 1": ["Đề nghị \"sửa\" đường", None, "a\nb", "x,y", " ", "\t", "a\x00b", ""],
        'b"': pd.array(["thôn 1", None, "ĐT.741", "=1+1", "😀", "p;q", "r", "s"], dtype="string[pyarrow]"),
        "c": [True, False, True, False, True, False, True, False],
        "d": np.array([0, -1, 10**12, 7, 8, 9, -10**12, 3], dtype=np.int64),
        "e": [0.1, np.nan, 1e-7, 2.5, -0.0, 1e20, 0.30000000000000004, np.inf],
    })
    try:
        pieces = _format(check)
        return pieces is not None and b"".join(bytes(p) for p in pieces) == _pandas_bytes(check)
    except Exception:  # noqa: BLE001 - another pyarrow/pandas behaviour: pandas writes
        return False


def csv_pieces(df: pd.DataFrame):
    """The bytes pandas would write for ``df``, as an iterator of pieces, or None (then pandas writes)."""
    return _format(df) if _trusted() else None
