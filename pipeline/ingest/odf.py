"""OpenDocument text (.odt) content and spreadsheets (.ods), shared by minutes reading
and answer documents. content.xml is parsed with the standard library after the same
zip/DTD safety checks as Office files; repeated rows and columns are capped."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from ..errors import FileReject
from .sniff import check_office_zip

_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_MAX_REPEAT = 64  # a "repeated 1048576 times" empty column or row is read this many times at most


def _text(el) -> str:
    """The text of a paragraph: spans, <text:s/> spaces, tabs and line breaks."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "s":
            parts.append(" " * int(child.get(f"{{{_TEXT}}}c", "1") or 1))
        elif tag == "tab":
            parts.append("\t")
        elif tag == "line-break":
            parts.append("\n")
        else:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _cell_text(cell) -> str:
    return "\n".join(_text(p) for p in cell.iter() if p.tag in (f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"))


def _table_grid(table) -> list[list[str | None]]:
    """Rows of cells; a cell covered by a merge is None (as python-docx's repeated cell)."""
    grid = []
    for row in table.iter(f"{{{_TABLE}}}table-row"):
        cells: list[str | None] = []
        for cell in row:
            tag = cell.tag.rsplit("}", 1)[-1]
            if tag not in ("table-cell", "covered-table-cell"):
                continue
            rep = min(int(cell.get(f"{{{_TABLE}}}number-columns-repeated", "1") or 1), _MAX_REPEAT)
            value = _cell_text(cell) if tag == "table-cell" else None
            cells.extend([value] * rep)
        grid.append(cells)
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid]


def odt_blocks(path: Path) -> list[tuple[str, object]]:
    """("p", text) and ("table", grid) blocks of a .odt body, in document order."""
    check_office_zip(path, "OpenDocument")
    try:
        with zipfile.ZipFile(path) as z:
            root = ET.fromstring(z.read("content.xml"))
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, ValueError) as exc:
        raise FileReject(f"tệp OpenDocument bị hỏng hoặc không đọc được ({type(exc).__name__})") from None
    body = root.find(f".//{{{_OFFICE}}}text")
    blocks: list[tuple[str, object]] = []

    def walk(parent) -> None:
        for el in parent:
            tag = el.tag
            if tag in (f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"):
                blocks.append(("p", _text(el)))
            elif tag == f"{{{_TABLE}}}table":
                blocks.append(("table", _table_grid(el)))
            elif tag in (f"{{{_TEXT}}}list", f"{{{_TEXT}}}list-item", f"{{{_TEXT}}}section",
                         f"{{{_TEXT}}}list-header"):
                walk(el)

    if body is not None:
        walk(body)
    return blocks


def load_ods(path: Path):
    """The sheets of a .ods as ``excel._Sheet`` (python-calamine reads OpenDocument sheets)."""
    from python_calamine import CalamineWorkbook

    from .excel import _Sheet

    check_office_zip(path, "OpenDocument")
    try:
        wb = CalamineWorkbook.from_path(str(path))
        sheets = []
        for meta in wb.sheets_metadata:
            rows = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            grid = [[None if v == "" else (int(v) if isinstance(v, float) and v.is_integer() else v) for v in r]
                    for r in rows]
            sheets.append(_Sheet(meta.name, grid, [], str(meta.visible).lower().endswith("hidden")))
    except BaseException as exc:  # calamine's errors and a panic in its Rust code
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        if "limit" not in str(exc).lower():
            raise FileReject(f"tệp bảng tính OpenDocument (.ods) bị hỏng hoặc không đọc được ({type(exc).__name__})") from None
        # calamine refuses a sheet whose grid reaches far (a cell at XFD1048576 asks for 17 billion
        # cells, over its limit of 100 million): read the cells holding a value, like a far .xlsx
        try:
            return load_ods_sparse(path)
        except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, ValueError) as exc2:
            raise FileReject(f"tệp bảng tính OpenDocument (.ods) bị hỏng hoặc không đọc được ({type(exc2).__name__})") from None
    return sheets


def _ods_value(cell):
    """A cell's value as calamine gives it: a number for float/percentage/currency, the
    date or time as written, True/False, else the text of its paragraphs (None when empty)."""
    kind = cell.get(f"{{{_OFFICE}}}value-type", "")
    if kind in ("float", "percentage", "currency"):
        try:
            num = float(cell.get(f"{{{_OFFICE}}}value", ""))
            return int(num) if num.is_integer() and abs(num) < 2**53 else num
        except ValueError:
            pass
    elif kind == "date":
        return cell.get(f"{{{_OFFICE}}}date-value") or None
    elif kind == "time":
        return cell.get(f"{{{_OFFICE}}}time-value") or None
    elif kind == "boolean":
        return cell.get(f"{{{_OFFICE}}}boolean-value", "").lower() == "true"
    text = _cell_text(cell)
    return text if text.strip() else None


def load_ods_sparse(path: Path):
    """The sheets of a .ods from the cells holding a value (``xlsx_extent.lay_out``): repeated
    empty rows and cells only move the position, a repeated value is read ``_MAX_REPEAT`` times
    at most, spanned cells are merged ranges. Sheet visibility is not looked at here (styles):
    every sheet is read."""
    from .excel import _Sheet
    from .xlsx_extent import SparseSheet, lay_out

    sheets = []
    t_table, t_row = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row"
    cell_tags = (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell")
    rep_r, rep_c = f"{{{_TABLE}}}number-rows-repeated", f"{{{_TABLE}}}number-columns-repeated"
    span_r, span_c = f"{{{_TABLE}}}number-rows-spanned", f"{{{_TABLE}}}number-columns-spanned"
    with zipfile.ZipFile(path) as z:
        values: dict = {}
        merges: list = []
        row = 0
        for event, el in ET.iterparse(z.open("content.xml"), events=("start", "end")):
            if event == "start":
                if el.tag == t_table:
                    values, merges, row = {}, [], 0
                continue
            if el.tag == t_row:
                rows = max(int(el.get(rep_r, "1") or 1), 1)
                col, found = 0, []
                for cell in el:
                    if cell.tag not in cell_tags:
                        continue
                    cols = max(int(cell.get(rep_c, "1") or 1), 1)
                    v = _ods_value(cell) if cell.tag == cell_tags[0] else None
                    if v is not None:
                        found += [(col + k, v) for k in range(min(cols, _MAX_REPEAT))]
                        rs, cs = int(cell.get(span_r, "1") or 1), int(cell.get(span_c, "1") or 1)
                        if rs > 1 or cs > 1:
                            merges.append((row, col, row + rs - 1, col + cs - 1))
                    col += cols
                for k in range(min(rows, _MAX_REPEAT) if found else 0):
                    for c, v in found:
                        values[(row + k, c)] = v
                row += rows
                el.clear()
            elif el.tag == t_table:
                name = el.get(f"{{{_TABLE}}}name", "") or f"Sheet{len(sheets) + 1}"
                sp = lay_out(SparseSheet(name, False), values, merges)
                sheets.append(_Sheet(name, sp.grid, sp.merges, False, sp.rows, sp.too_big))
                el.clear()
    return sheets
