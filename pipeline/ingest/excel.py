"""Excel workbooks: .xlsx (python-calamine, openpyxl where they could differ) and .xls (xlrd)."""

from __future__ import annotations

import contextlib
import math
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..config import Config
from ..errors import FileReject
from ..normalize import normalize_text, repair_legacy
from .out import _Out
from .segment import canonical_unit, fold, has_unit_kind
from .sniff import _PASSWORD_HINT, check_office_zip
from .table import _GENERIC_SHEET, _cell_str, parse_table
from .xlsx_extent import MAX_GRID_CELLS, SparseSheet, lay_out, load_sparse, needs_sparse

@dataclass
class _Sheet:
    name: str
    grid: list[list]
    merges: list[tuple[int, int, int, int]]
    hidden: bool
    rows: list[int] | None = None  # sheet row of each grid row, when read sparsely (xlsx_extent)
    too_big: str | None = None  # why the sheet is not read (its values alone pass the grid bound)


def _legacy_convert_grids(sheets: list[_Sheet]) -> str | None:
    sample = []
    size = 0
    for sh in sheets:
        for row in sh.grid:
            for v in row:
                if isinstance(v, str) and v.strip():
                    sample.append(v)
                    size += len(v)
            if size > 20000:
                break
    if not sample:
        return None
    _, enc = repair_legacy("\n".join(sample))
    if enc:
        for sh in sheets:
            sh.grid = [[repair_legacy(v, enc)[0] if isinstance(v, str) else v for v in row] for row in sh.grid]
    return enc


def _load_xlsx(path: Path) -> list[_Sheet]:
    """Sheets of an .xlsx with cached formula values (what Excel last computed).

    Read with python-calamine (its parse is ~13× faster than openpyxl's full loader;
    with the checks that keep the result exact, the whole read is ~4× faster) into
    exactly the sheets openpyxl gives (``_load_xlsx_calamine``). A workbook calamine
    cannot read, or one holding anything where the two readers could differ, is
    read by openpyxl as before (``_load_xlsx_openpyxl``), with its reject messages.
    """
    check_office_zip(path, "Excel")
    if needs_sparse(path):  # a grid of billions of cells: never built, only the cells with a value
        try:
            sheets = [_Sheet(sh.name, sh.grid, sh.merges, sh.hidden, sh.rows, sh.too_big) for sh in load_sparse(path)]
        except Exception as exc:
            raise FileReject(f"tệp Excel bị hỏng hoặc không phải .xlsx ({type(exc).__name__})") from None
    else:
        try:
            sheets = _load_xlsx_calamine(path)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # _NotExact, calamine's errors, and a panic in its Rust code (not an Exception)
            sheets = _load_xlsx_openpyxl(path)
    for sh in sheets:
        _decode_control_escapes(sh.grid)
    return sheets


# "_x000B_": how Excel stores a control character (VT from Alt+Enter in some versions, a tab,
# a CR) inside a cell's text; the readers hand it over as written. Decoded, the character is
# then a line break or removed like any other (text hygiene). Printable escapes ("_x0041_")
# are left alone: only a control character is ever stored this way.
_CONTROL_ESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f]|007[Ff]|008[0-9A-Fa-f]|009[0-9A-Fa-f])_")


def _decode_control_escapes(grid: list) -> None:
    for r, row in enumerate(grid):
        if any(isinstance(v, str) and "_x" in v for v in row):
            row = list(row)
            for c, v in enumerate(row):
                if isinstance(v, str) and "_x" in v:
                    row[c] = _CONTROL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), v)
            grid[r] = row


def _load_xlsx_openpyxl(path: Path) -> list[_Sheet]:
    """Sheets of an .xlsx read by openpyxl (the reference reading, and the fallback)."""
    import openpyxl

    try:
        with open(path, "rb") as fh:  # a file object: openpyxl would refuse a workbook named .xls
            wb = openpyxl.load_workbook(fh, data_only=True, read_only=False)
        sheets = []
        try:
            for ws in wb.worksheets:
                grid = [list(r) for r in ws.iter_rows(values_only=True)]
                merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
                sheets.append(_Sheet(ws.title, grid, merges, ws.sheet_state != "visible"))
        finally:
            wb.close()
    except FileReject:
        raise
    except Exception as exc:  # openpyxl, zipfile, zlib and lxml raise many kinds of errors on damaged files
        raise FileReject(f"tệp Excel bị hỏng hoặc không phải .xlsx ({type(exc).__name__})") from None
    return sheets


class _NotExact(Exception):
    """The workbook holds something calamine may read unlike openpyxl: read it with openpyxl."""


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_XML_ENCODING = re.compile(rb'(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["\']([^"\']*)')
# every <c> of a sheet, in the attribute order Excel, LibreOffice and openpyxl write; a cell
# written otherwise gives an empty column and the workbook goes to openpyxl
_CELL_TAG = re.compile(
    rb'<c(?=[\s/>])(?: r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="([0-9]{1,9})")?(?: t="[a-zA-Z]{1,9}")?'
    rb'(?: (?:cm|vm|ph)="[^"]*")*\s*/?>)?'
)
_CELL_VALUE = rb'(?: (?:cm|vm|ph)="[^"]*")*\s*>\s*(?:<f\b[^>]*/>\s*|<f\b[^>]*>[^<]*</f>\s*)?<v>([^<&]*)</v>'
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="[0-9]{1,9}")? t="e"' + _CELL_VALUE)
_BOOL_CELL = re.compile(rb'<c r="[A-Z]{1,3}[1-9][0-9]{0,6}"(?: s="[0-9]{1,9}")? t="b"' + _CELL_VALUE)
_DOTTED_NUMBER = re.compile(rb"<v>([^<]*[.eE][^<]*)</v>")
_MERGE_TAG = re.compile(rb'<mergeCell ref="([A-Z]{1,3})([1-9][0-9]{0,6})(?::([A-Z]{1,3})([1-9][0-9]{0,6}))?"\s*/>')
_COMMENT_TAG = re.compile(rb'<comment ref="([A-Z]{1,3})([1-9][0-9]{0,6})"')
# text that calamine reads unlike openpyxl (_odd_text)
_ESCAPED_CHAR = re.compile(rb"_x[0-9A-Fa-f]{4}_")  # openpyxl keeps "_x000D_" as written, calamine decodes it
_EMPTY_ITEM = re.compile(rb"<(?:si|is)(?:\s*/>|>\s*(?:</(?:si|is)>|<rPh\b|<phoneticPr\b))")  # '' for openpyxl
# <t/>, <t></t> (''), or a text starting with a space, tab, CR or LF, as such or as a character reference:
# calamine trims the ends of a text not marked xml:space="preserve", openpyxl keeps them
_T_EMPTY_OR_LEADING = re.compile(rb"<t(\s[^>]*)?(?:(/>|></t>)|>(?:[ \t\r\n]|&#(?:0|9;|10;|13;|32;|[xX](?:0|9;|[aAdD];|20;))))")
# a text ending in a space, tab, CR or LF, or in what may be a reference to one (checked by _WS_CHARREF)
_T_TRAILING = re.compile(
    rb"</t>(?:(?<=[ \t\r\n]</t>)|(?<=[#xX0]9;</t>)|(?<=1[03];</t>)|(?<=[23][02];</t>)|(?<=[xX0][aAdD];</t>))"
)
_WS_CHARREF = re.compile(rb"&#(?:0*(?:9|10|13|32)|[xX]0*(?:9|[aAdD]|20));")


def _odd_text(x: bytes, items: bytes) -> bool:
    """Whether XML ``x`` (shared strings, or a sheet with inline strings) holds text
    calamine reads unlike openpyxl; ``items`` is b"<si" or b"<is"."""
    if b"<!--" in x or b"<![CDATA[" in x or b"x005F_" in x:
        return True
    if b"_x" in x and _ESCAPED_CHAR.search(x):
        return True
    if items in x and _EMPTY_ITEM.search(x):
        return True
    for m in _T_EMPTY_OR_LEADING.finditer(x):
        if m.group(2) or b"preserve" not in (m.group(1) or b""):
            return True
    for m in _T_TRAILING.finditer(x):
        end = m.start()
        if x[end - 1] == 59:  # ";": only a reference to a space, tab, CR or LF counts
            ref = x.rfind(b"&#", max(0, end - 16), end)
            if ref < 0 or not _WS_CHARREF.fullmatch(x, ref, end):
                continue
        tag = x.rfind(b"<t", 0, end)
        if b"preserve" not in x[tag:x.index(b">", tag)]:
            return True
    return False


_INVALID_TITLE = re.compile(r"[\\*?:/\[\]]")  # openpyxl refuses these in a sheet title


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _openpyxl_value(v: Any) -> Any:
    """The value openpyxl gives for calamine's non-text value ``v``."""
    if type(v) is float:
        if v.is_integer():
            if abs(v) >= 2**53:
                raise _NotExact("a whole number beyond 2**53")  # openpyxl keeps every digit of "12345678901234567890"
            return int(v)  # "12" is an int for openpyxl ("1.0" and "1E3" were sent to openpyxl before)
        if v != v or v in (math.inf, -math.inf):
            raise _NotExact("inf or nan")
        return v
    if type(v) is bool or type(v) is int:
        return v
    raise _NotExact("a date or time")  # calamine read as a date a format openpyxl may not


def _load_xlsx_calamine(path: Path) -> list[_Sheet]:
    """The sheets ``_load_xlsx_openpyxl`` gives, read with python-calamine.

    calamine gives the cached values of the cells; the rest of what openpyxl gives
    is rebuilt from a quick look at the package's XML:

    * the grid runs from A1 to the last ``<c>`` element of the sheet, styled empty
      cells included, and to the last cell of every merged range and of every cell
      with a comment (openpyxl creates those cells); a sheet without any is empty;
    * '' (calamine's empty cell) is None; a whole number is an int, as openpyxl reads
      ``<v>12</v>``; error cells (#N/A, #DIV/0!) keep their text; the cells of a
      merged range other than its first are None;
    * merged ranges come in the order of openpyxl's set of ranges;
    * chartsheets are left out, hidden means "hidden" or "veryHidden".

    Raises ``_NotExact`` when the workbook holds anything the two readers may read
    differently: numbers formatted as dates or times, ISO dates, booleans other than
    0/1, numbers written "1.0" or beyond 2**53, text calamine would trim or decode
    (``_x000D_``), empty strings, hyperlinks, XML written in an unusual form, style
    or sheet definitions openpyxl would refuse. Anything else calamine fails on
    raises its own error. The caller then reads the workbook with openpyxl.
    """
    import io
    import posixpath
    import xml.etree.ElementTree as ET
    import xml.parsers.expat

    from openpyxl.styles.numbers import builtin_format_code, is_date_format
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())

        def part(name: str, check: bool = True) -> bytes:
            """The XML part ``name``, well-formed (calamine reads some broken XML that openpyxl refuses;
            ``check=False`` for a part parsed here anyway)."""
            if name not in names:
                raise _NotExact(f"no part {name}")
            x = z.read(name)
            m = _XML_ENCODING.match(x)
            if x[:2] in (b"\xff\xfe", b"\xfe\xff") or (m and m.group(1).lower() not in (b"utf-8", b"utf8")):
                raise _NotExact(f"{name} is not UTF-8")
            if check:
                xml.parsers.expat.ParserCreate().Parse(x, True)  # ExpatError: openpyxl's reject
            return x

        def rels(name: str) -> list[tuple[str, str, str]]:
            """(type, id, part) of the relationships in ``name``, parts resolved as openpyxl does
            (an external target gives "")."""
            parent = posixpath.split(posixpath.dirname(name))[0]
            out = []
            for r in ET.fromstring(part(name, check=False)).iter(_NS_PKG_REL):
                if r.get("TargetMode") == "External":
                    out.append((r.get("Type", ""), r.get("Id", ""), ""))
                    continue
                t = r.get("Target", "")
                out.append((r.get("Type", ""), r.get("Id", ""),
                            t[1:] if t.startswith("/") else posixpath.normpath(posixpath.join(parent, t))))
            return out

        if b'PartName="/xl/workbook.xml"' not in part("[Content_Types].xml"):
            raise _NotExact("workbook part elsewhere")
        by_id: dict[str, tuple[str, str]] = {}
        for typ, rid, target in rels("xl/_rels/workbook.xml.rels"):
            by_id.setdefault(rid, (typ, target))
        book = ET.fromstring(part("xl/workbook.xml", check=False))
        listed = book.find(_NS_MAIN + "sheets")
        entries = []  # (name, hidden, worksheet part or None for a chartsheet)
        for el in ([] if listed is None else listed):
            name, state, rid = el.get("name"), el.get("state"), el.get(_NS_REL_ID)
            typ, target = by_id.get(rid, ("", ""))
            if (el.tag != _NS_MAIN + "sheet" or not name or _INVALID_TITLE.search(name) or not target
                    or target not in names or state not in (None, "visible", "hidden", "veryHidden")):
                raise _NotExact(f"sheet {name!r}")
            if "chartsheet" in typ:
                entries.append((name, False, None))
            elif typ.endswith("/worksheet"):
                entries.append((name, state not in (None, "visible"), target))
            else:
                raise _NotExact(f"sheet {name!r} of type {typ}")
        if len({e[0].lower() for e in entries}) != len(entries):
            raise _NotExact("sheet titles openpyxl would rename")

        # styles: openpyxl turns numbers in date-formatted cells into dates (left to openpyxl)
        n_styles, date_styles = 1, set()
        if "xl/styles.xml" in names:
            root = ET.fromstring(part("xl/styles.xml", check=False))
            custom = {int(e.get("numFmtId")): e.get("formatCode")
                      for e in root.iterfind(f"{_NS_MAIN}numFmts/{_NS_MAIN}numFmt")}
            xfs = root.findall(f"{_NS_MAIN}cellXfs/{_NS_MAIN}xf")
            if xfs:  # openpyxl keeps its own default style when there is none
                n_styles = len(xfs)
                for k, xf in enumerate(xfs):
                    fid = int(xf.get("numFmtId", 0))
                    if is_date_format(custom[fid] if fid in custom else builtin_format_code(fid)):
                        date_styles.add(k)
        if 0 in date_styles:
            raise _NotExact("default style is a date format")
        for name in names:
            if name.lower().endswith("sharedstrings.xml") and _odd_text(part(name), b"<si"):
                raise _NotExact("shared strings calamine reads differently")

        cw = CalamineWorkbook.from_filelike(io.BytesIO(data))
        metas = cw.sheets_metadata
        if [m.name for m in metas] != [e[0] for e in entries]:
            raise _NotExact("sheet list")
        sheets = []
        for meta, (name, hidden, target) in zip(metas, entries):
            if target is None:
                if meta.typ != SheetTypeEnum.ChartSheet:
                    raise _NotExact(f"sheet {name!r} type")
                continue
            if meta.typ != SheetTypeEnum.WorkSheet:
                raise _NotExact(f"sheet {name!r} type")
            x = part(target)
            if b":sheetData" in x or b"<hyperlink" in x or b' t="d"' in x or _odd_text(x, b"<is"):
                raise _NotExact(f"sheet {name!r} content")
            for text in _DOTTED_NUMBER.findall(x):
                with contextlib.suppress(ValueError):
                    if float(text).is_integer():
                        raise _NotExact("a whole number written with a point or exponent")

            # the cells openpyxl holds: every <c>, merged ranges, cells with a comment
            tags = _CELL_TAG.findall(x)
            cols, rows, styles = zip(*tags) if tags else ((), (), ())
            col_set = set(cols)
            if b"" in col_set:
                raise _NotExact(f"sheet {name!r}: a cell written unusually")
            used = {int(s) for s in set(styles) if s}
            if used and max(used) >= n_styles:
                raise _NotExact(f"sheet {name!r}: a style openpyxl does not have")
            dated = used & date_styles
            if dated:  # the cells formatted as dates: a number there is a date for openpyxl
                dated = [(int(r) - 1, _col_index(c) - 1) for c, r, s in tags if s and int(s) in dated]
            height = max(map(int, set(rows)), default=0)
            width = max(map(_col_index, col_set), default=0)
            n_merge = x.count(b"<mergeCell ")
            found = _MERGE_TAG.findall(x) if n_merge else []
            if len(found) != n_merge:
                raise _NotExact(f"sheet {name!r}: merged ranges written unusually")
            merges = []
            for c1, r1, c2, r2 in found:
                m = (int(r1), _col_index(c1), int(r2 or r1), _col_index(c2 or c1))
                if m[0] > m[2] or m[1] > m[3]:
                    raise _NotExact("reversed merged range")  # openpyxl refuses it
                merges.append(m)
                height, width = max(height, m[2]), max(width, m[3])
            sheet_rels = posixpath.join(posixpath.dirname(target), "_rels", posixpath.basename(target) + ".rels")
            if sheet_rels in names:
                for typ, _, comments in rels(sheet_rels):
                    if typ != _REL_COMMENTS:
                        continue
                    cx = part(comments)
                    refs = _COMMENT_TAG.findall(cx)
                    if len(refs) != cx.count(b"<comment "):
                        raise _NotExact("comments written unusually")
                    for c, r in refs:
                        height, width = max(height, int(r)), max(width, _col_index(c))

            sh = cw.get_sheet_by_name(name)
            cal_merges = sh.merged_cell_ranges or []
            if sorted((r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in cal_merges) != sorted(merges):
                raise _NotExact("merged ranges")
            grid = sh.to_python(skip_empty_area=False)
            if len(grid) > height or (grid and len(grid[0]) > width):
                raise _NotExact("calamine found cells beyond the sheet's cells")
            for row in grid:
                row[:] = [(v or None) if type(v) is str else _openpyxl_value(v) for v in row]
                row.extend([None] * (width - len(row)))
            grid.extend([None] * width for _ in range(height - len(grid)))
            for r, c in dated:
                if grid[r][c] is not None and type(grid[r][c]) is not str and type(grid[r][c]) is not bool:
                    raise _NotExact("a number formatted as a date")  # openpyxl's date conversion stays its own

            n_err = x.count(b' t="e"')
            if n_err:
                errors = _ERROR_CELL.findall(x)
                if len(errors) != n_err:
                    raise _NotExact("error cells written unusually")
                for c, r, text in errors:
                    grid[int(r) - 1][_col_index(c) - 1] = text.decode() or None
            n_bool = x.count(b' t="b"')
            if n_bool:  # calamine reads "0" and "1" as openpyxl does; anything else goes to openpyxl
                bools = _BOOL_CELL.findall(x)
                if len(bools) != n_bool or not set(bools) <= {b"0", b"1"}:
                    raise _NotExact("booleans written unusually")
            for r1, c1, r2, c2 in merges:  # openpyxl empties every cell of a merged range but the first
                for r in range(r1 - 1, r2):
                    row = grid[r]
                    for c in range(c1 - 1, c2):
                        if r != r1 - 1 or c != c1 - 1:
                            row[c] = None
            # openpyxl keeps the ranges in a set (MultiCellRange), made from a set of the ranges as
            # listed: the same steps on tuples with the same hashes give the same order
            order = set(m for m in set(merges))
            sheets.append(_Sheet(name, grid, [(a - 1, b - 1, c - 1, d - 1) for a, b, c, d in order], hidden))
        cw.close()
    return sheets


class _Formulas:
    """Formula text of xlsx cells, loaded only when a content cell is read as empty."""

    def __init__(self, path: Path):
        self.path = path
        self._grids: dict[str, list[tuple]] | None = None

    def lookup(self, sheet: str) -> Callable[[int, int], str | None]:
        def at(r: int, c: int) -> str | None:
            if self._grids is None:
                self._grids = {}
                try:
                    import openpyxl

                    with open(self.path, "rb") as fh:
                        wb = openpyxl.load_workbook(fh, data_only=False, read_only=True)
                        try:
                            for ws in wb.worksheets:
                                self._grids[ws.title] = [tuple(row) for row in ws.iter_rows(values_only=True)]
                        finally:
                            wb.close()
                except Exception:  # the values were readable; missing formulas only lose the hint
                    pass
            grid = self._grids.get(sheet, [])
            v = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
            return v if isinstance(v, str) and v.startswith("=") else None

        return at


def _load_xls(path: Path) -> list[_Sheet]:
    import xlrd

    try:
        with open(os.devnull, "w") as quiet:  # xlrd prints warnings to stdout by default
            try:
                book = xlrd.open_workbook(str(path), formatting_info=True, logfile=quiet, ragged_rows=True)
            except (NotImplementedError, xlrd.XLRDError):
                book = xlrd.open_workbook(str(path), logfile=quiet, ragged_rows=True)
    except Exception as exc:  # xlrd raises many kinds of errors on damaged files
        if "encrypted" in str(exc).lower():  # an Excel 97 workbook with an opening password
            raise FileReject(_PASSWORD_HINT) from None
        raise FileReject(f"tệp Excel .xls bị hỏng hoặc không đọc được ({type(exc).__name__})") from None
    sheets = []
    for sh in book.sheets():
        # rows are read as long as their last cell (ragged): one cell at IV65536 no longer makes
        # 65,536 rows of 256 cells (49 s, 450 MB); a grid past MAX_GRID_CELLS is laid out sparsely
        merges = [(r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in getattr(sh, "merged_cells", [])]
        hidden = getattr(sh, "visibility", 0) != 0
        width = max((sh.row_len(r) for r in range(sh.nrows)), default=0)
        far = max([width] + [c2 + 1 for _, _, _, c2 in merges]) * max([sh.nrows] + [r2 + 1 for _, _, r2, _ in merges])
        if far > MAX_GRID_CELLS:
            values = {(r, c): v for r in range(sh.nrows) for c in range(sh.row_len(r))
                      if (v := _xls_value(sh.cell(r, c), book, xlrd)) is not None
                      and not (isinstance(v, str) and not v.strip())}
            sp = lay_out(SparseSheet(sh.name, hidden), values, merges)
            sheets.append(_Sheet(sh.name, sp.grid, sp.merges, hidden, sp.rows, sp.too_big))
            continue
        grid = []
        for r in range(sh.nrows):
            row = [_xls_value(sh.cell(r, c), book, xlrd) for c in range(sh.row_len(r))]
            grid.append(row + [None] * (width - len(row)))
        sheets.append(_Sheet(sh.name, grid, merges, hidden))
    return sheets


def _xls_value(cell, book, xlrd) -> Any:
    v = cell.value
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            v = xlrd.xldate.xldate_as_datetime(v, book.datemode)
        except Exception:
            pass
    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        v = None
    return v


def _sheet_text(grid: list[list]) -> str:
    """The non-empty rows of a sheet, one per line, cells joined by " | " (raw text of a reject)."""
    lines = []
    for row in grid:
        cells = [_cell_str(v).strip() for v in row]
        if any(cells):
            lines.append(" | ".join(v for v in cells if v))
    return "\n".join(lines)


R_HEADERS_ONLY = "trang tính chỉ có dòng tiêu đề cột, không có dòng kiến nghị nào"


def _read_excel(path: Path, out: _Out, fmt: str, cfg: Config, default_unit: str) -> None:
    if fmt == "ods":
        from .odf import load_ods

        sheets = load_ods(path)
    else:
        sheets = _load_xlsx(path) if fmt == "xlsx" else _load_xls(path)
    sparse = [sh for sh in sheets if sh.rows is not None or sh.too_big]
    formulas = _Formulas(path) if fmt == "xlsx" and not sparse else None
    for sh in sparse:
        out.notes.append(f"Trang tính '{sh.name}' có ô ở rất xa (lưới quá lớn): chỉ đọc các ô có nội dung")
    out.encoding = _legacy_convert_grids(sheets)
    visible = [s for s in sheets if not s.hidden or cfg.ingest.read_hidden_sheets]
    n_visible = len(visible)
    read_any = False
    for order, sh in enumerate(sheets):
        if sh.hidden and not cfg.ingest.read_hidden_sheets:
            out.reject(sh.name, f"Trang tính '{sh.name}' bị ẩn, không đọc", _sheet_text(sh.grid))
            continue
        if sh.too_big:
            out.reject(sh.name, sh.too_big[0].upper() + sh.too_big[1:])
            continue
        if not any(_cell_str(v).strip() for row in sh.grid for v in row):
            continue
        hint = None
        name_fold = fold(normalize_text(sh.name))
        if has_unit_kind(sh.name) or (n_visible > 1 and not _GENERIC_SHEET.match(name_fold)):
            hint = canonical_unit(sh.name)
        n_rows = parse_table(
            sh.grid, sh.merges, out=out, part=sh.name, unit=default_unit, sheet_unit_hint=hint,
            ref=lambda r, n=sh.name, rows=sh.rows: f"{n}!R{(rows[r] if rows else r) + 1}",
            key=lambda r, o=order, rows=sh.rows: (o, rows[r] if rows else r),
            formula=formulas.lookup(sh.name) if formulas else None,
        )
        if n_rows is not None:
            read_any = True
            if n_rows == 0:
                out.skip(sh.name, R_HEADERS_ONLY, _sheet_text(sh.grid))
        else:
            out.reject(
                sh.name,
                f"Trang tính '{sh.name}' không có dòng tiêu đề cột nhận ra được "
                "(cần cột 'Nội dung kiến nghị' và ít nhất một cột khác như 'STT', 'Họ tên cử tri')",
                _sheet_text(sh.grid),
            )
    if not read_any:
        raise FileReject("không có trang tính nào đọc được (không tìm thấy cột 'Nội dung kiến nghị')")
    if not out.records and not out.rejects:
        out.reject("", "Không tìm thấy ý kiến, kiến nghị nào của cử tri trong tệp")
