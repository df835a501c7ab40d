"""A workbook's real extent, looked at before any reader builds a grid, and a sparse reading
for sheets whose grid would be huge (one cell at XFD1048576, a styled empty cell there, a
merged range stretching to it).

A sheet's grid runs from A1 to its farthest cell, styled empty cells and merged ranges
included: one cell at XFD1048576 makes 17 billion cells (calamine aborts the process asking
for 549 GB; openpyxl's grid takes 6 GB). ``workbook_extent`` reads the ``<dimension>``, every
cell reference and merged range of each sheet (a scan of the XML, nothing built), and
``needs_sparse`` says whether any grid would pass ``MAX_GRID_CELLS``. Such a workbook is
read by ``load_sparse``: only the cells holding a value, laid out on the rows and columns
that hold one (row numbers in messages stay those of the sheet), merged ranges clipped to
them. A sheet whose values alone would still pass the bound is a reject with its reason.
"""

from __future__ import annotations

import bisect
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

MAX_GRID_CELLS = 10_000_000  # rows × columns of one sheet's grid read densely
MAX_SPARSE_CELLS = 10_000_000  # rows × columns holding a value, read sparsely; beyond: a reject

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REF = re.compile(rb'<(?:[A-Za-z]\w*:)?c\b[^>]*?\sr="\$?([A-Za-z]{1,3})\$?([0-9]{1,7})"')
_ANY_CELL = re.compile(rb"<(?:[A-Za-z]\w*:)?c[\s/>]")
_DIMENSION = re.compile(rb'<(?:[A-Za-z]\w*:)?dimension\b[^>]*?\sref="([^"]*)"')
_MERGE = re.compile(rb'<(?:[A-Za-z]\w*:)?mergeCell\b[^>]*?\sref="([^"]*)"')
_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def col_number(letters: str | bytes) -> int:
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _range(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, first col, last row, last col), 1-based, of "B2:D9" or "B2"."""
    parts = [_A1.fullmatch(p.strip()) for p in ref.split(":")]
    if not parts or len(parts) > 2 or not all(parts):
        return None
    (c1, r1), (c2, r2) = (parts[0].groups(), (parts[-1].groups()))
    a = (int(r1), col_number(c1), int(r2), col_number(c2))
    return (min(a[0], a[2]), min(a[1], a[3]), max(a[0], a[2]), max(a[1], a[3]))


@dataclass
class SheetExtent:
    part: str
    rows: int = 0  # farthest row / column of any cell, merged range or the dimension
    cols: int = 0
    unplaced: bool = False  # a cell without a reference: its place is known only by reading

    @property
    def cells(self) -> int:
        return self.rows * self.cols


def _worksheet_parts(z: zipfile.ZipFile) -> list[tuple[str, str, bool]]:
    """(sheet name, worksheet part, hidden) in workbook order; chartsheets left out."""
    book = ET.fromstring(z.read("xl/workbook.xml"))
    targets = {}
    try:
        for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(_PKG_REL):
            t = r.get("Target", "")
            targets[r.get("Id")] = (r.get("Type", ""), t[1:] if t.startswith("/") else posixpath.normpath(
                posixpath.join("xl", t)))
    except KeyError:
        pass
    out = []
    sheets = book.find(_NS + "sheets")
    for el in [] if sheets is None else sheets:
        typ, part = targets.get(el.get(_REL_ID), ("", ""))
        if typ.endswith("/worksheet"):
            out.append((el.get("name") or "", part, el.get("state") not in (None, "visible")))
    return out


def workbook_extent(path: Path) -> list[SheetExtent]:
    """The extent of every worksheet, from a scan of its XML (no grid built)."""
    found = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        for _, part, _ in _worksheet_parts(z):
            ext = SheetExtent(part)
            if part not in names:
                continue
            x = z.read(part)
            for m in _DIMENSION.finditer(x):
                rng = _range(m.group(1).decode("ascii", "replace"))
                if rng:
                    ext.rows, ext.cols = max(ext.rows, rng[2]), max(ext.cols, rng[3])
            n = 0
            for m in _REF.finditer(x):
                n += 1
                r, c = int(m.group(2)), col_number(m.group(1))
                if r > ext.rows:
                    ext.rows = r
                if c > ext.cols:
                    ext.cols = c
            ext.unplaced = n != len(_ANY_CELL.findall(x))
            for m in _MERGE.finditer(x):
                rng = _range(m.group(1).decode("ascii", "replace"))
                if rng:
                    ext.rows, ext.cols = max(ext.rows, rng[2]), max(ext.cols, rng[3])
            found.append(ext)
    return found


def needs_sparse(path: Path) -> bool:
    """True when a sheet's grid would pass ``MAX_GRID_CELLS`` (or its extent cannot be known)."""
    limit = MAX_GRID_CELLS
    try:
        return any(e.unplaced or e.cells > limit for e in workbook_extent(path))
    except (KeyError, ET.ParseError, zipfile.BadZipFile, ValueError):
        return False  # not a normal package: the readers give their own reject


@dataclass
class SparseSheet:
    name: str
    hidden: bool
    grid: list[list] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # sheet row (0-based) of each grid row
    too_big: str | None = None  # reason the sheet is not read


def _shared_strings(z: zipfile.ZipFile, names: set[str]) -> list[str]:
    part = "xl/sharedStrings.xml"
    if part not in names:
        return []
    out = []
    for _, el in ET.iterparse(z.open(part)):
        if el.tag == _NS + "si":
            out.append(_item_text(el))
            el.clear()
    return out


def _item_text(el) -> str:
    """Text of an <si> or <is>: its <t> and rich-text runs, phonetic guides left out."""
    parts = []
    for child in el:
        if child.tag == _NS + "t":
            parts.append(child.text or "")
        elif child.tag == _NS + "r":
            parts.extend(t.text or "" for t in child.iter(_NS + "t"))
    return "".join(parts)


def _value(c, sst: list[str]) -> Any:
    t = c.get("t", "n")
    if t == "inlineStr":
        node = c.find(_NS + "is")
        return (_item_text(node) if node is not None else "") or None
    v = c.find(_NS + "v")
    if v is None or v.text is None:
        return None
    text = v.text
    if t == "s":
        try:
            return sst[int(text)] or None
        except (ValueError, IndexError):
            return None
    if t in ("str", "e"):
        return text or None
    if t == "b":
        return text.strip() in ("1", "true")
    try:
        num = float(text)
    except ValueError:
        return text
    return int(num) if num.is_integer() and abs(num) < 2**53 else num


def _read_values(z: zipfile.ZipFile, part: str, sst: list[str]) -> tuple[dict[tuple[int, int], Any], list]:
    """The cells holding a value (0-based positions) and the merged ranges of one sheet."""
    values: dict[tuple[int, int], Any] = {}
    merges = []
    row, col = -1, -1
    for event, el in ET.iterparse(z.open(part), events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == _NS + "row":
                r = el.get("r", "")
                row, col = (int(r) - 1 if r.isdigit() else row + 1), -1
            continue
        if tag == _NS + "c":
            ref = _A1.fullmatch(el.get("r", ""))
            if ref:
                row, col = int(ref.group(2)) - 1, col_number(ref.group(1)) - 1
            else:
                col += 1
            v = _value(el, sst)
            if v is not None and not (isinstance(v, str) and not v.strip()):
                values[(row, col)] = v
            el.clear()
        elif tag == _NS + "row":
            el.clear()
        elif tag == _NS + "mergeCell":
            rng = _range(el.get("ref", ""))
            if rng:
                merges.append(tuple(x - 1 for x in rng))
    return values, merges


def lay_out(sh: SparseSheet, values: dict[tuple[int, int], Any], merges: list, limit: int | None = None) -> SparseSheet:
    """Fill ``sh`` from the cells holding a value (0-based (row, col) → value) and the merged
    ranges (0-based, inclusive), laid out on the rows and columns that hold a value; a sheet
    whose values alone span more than ``limit`` cells gets ``too_big`` instead. Shared by the
    .xlsx, .xls and .ods readers."""
    limit = MAX_SPARSE_CELLS if limit is None else limit
    rows = sorted({r for r, _ in values})
    cols = sorted({c for _, c in values})
    if len(rows) * len(cols) > limit:
        sh.too_big = (f"trang tính '{sh.name}' có {len(values):,} ô có nội dung trải trên "
                      f"{len(rows):,} hàng × {len(cols):,} cột, quá giới hạn {limit:,} ô; không đọc")
        return sh
    ri = {r: k for k, r in enumerate(rows)}
    ci = {c: k for k, c in enumerate(cols)}
    grid = [[None] * len(cols) for _ in rows]
    for (r, c), v in values.items():
        grid[ri[r]][ci[c]] = v
    for r1, c1, r2, c2 in merges:
        if (r1, c1) not in values:
            continue  # an empty range has nothing to spread
        last_r = bisect.bisect_right(rows, r2) - 1  # the last row (column) with a value in the range
        last_c = bisect.bisect_right(cols, c2) - 1
        for k in range(ri[r1], last_r + 1):
            for j in range(ci[c1], last_c + 1):
                if (k, j) != (ri[r1], ci[c1]):
                    grid[k][j] = None  # a merged range shows its first cell only
        if (last_r, last_c) != (ri[r1], ci[c1]):
            sh.merges.append((ri[r1], ci[c1], last_r, last_c))
    sh.grid, sh.rows = grid, rows
    return sh


def load_sparse(path: Path) -> list[SparseSheet]:
    """Every worksheet read from its cells holding a value, laid out compactly (see module)."""
    sheets = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        sst = _shared_strings(z, names)
        for name, part, hidden in _worksheet_parts(z):
            sh = SparseSheet(name, hidden)
            sheets.append(sh)
            if part not in names:
                continue
            values, merges = _read_values(z, part, sst)
            lay_out(sh, values, merges)
    return sheets
