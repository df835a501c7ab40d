"""report.xlsx: the annex workbook (all items, per sector, per unit, consolidated items, meetings)."""

from __future__ import annotations

import functools
import io as _bytes_io
import re
import zipfile

from .. import schemas as S
from . import base
from .base import NOT_RECOMMENDATION_NOTE, _fixed_datetime, normalize_zip
from .context import _by_unit
from .figures import _sector_label
from .text import _sentence, _str

SHEET_ITEMS = "Tất cả kiến nghị"
SHEET_SECTORS = "Theo lĩnh vực"
SHEET_UNITS = "Theo đơn vị"
SHEET_CLUSTERS = "Kiến nghị tổng hợp"
SHEET_MEETINGS = "Hội nghị"


def _xlsx_styles(wb) -> None:
    """Named cell styles of the workbook (one lookup per cell instead of several style objects)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    aligns = {
        "text": Alignment(vertical="top"),
        "wrap": Alignment(vertical="top", wrap_text=True),
        "int": Alignment(horizontal="right", vertical="top"),
        "num": Alignment(horizontal="right", vertical="top"),
        "center": Alignment(horizontal="center", vertical="top"),
    }
    head = NamedStyle("cutri_head", font=Font(bold=True), fill=PatternFill("solid", fgColor="D9E2F3"), border=border,
                      alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
    wb.add_named_style(head)
    for kind, align in aligns.items():
        fmt = "0.00" if kind == "num" else "General"
        wb.add_named_style(NamedStyle(f"cutri_{kind}", alignment=align, border=border, number_format=fmt))
        wb.add_named_style(NamedStyle(f"cutri_{kind}_total", alignment=align, border=border, number_format=fmt,
                                      font=Font(bold=True)))


HEADER_ROW_HEIGHT = 32


LINE_HEIGHT = 15  # points: one line of the default 11 pt font
MAX_ROW_LINES = 27  # Excel's row height limit is 409 pt


def _wrapped_lines(values: list, styles: list[str], widths: list[float]) -> int:
    """Lines the tallest wrapped cell of a row needs: a column of width w holds about w - 1
    characters of Vietnamese text a line (word wrapping loses a little more, hence 0.9)."""
    most = 1
    for value, style, width in zip(values, styles, widths):
        if type(value) is str and style.startswith("cutri_wrap") and len(value) > width * 0.9 - 1:
            per_line = max(width * 0.9 - 1, 1)
            n = sum(max(1, -(-len(part) // int(per_line))) for part in value.split("\n"))
            most = max(most, n)
    return min(most, MAX_ROW_LINES)


class _XlsxCells:
    """The cells of report.xlsx, written as worksheet XML exactly as openpyxl writes them.

    openpyxl's per-cell objects (creation, named-style assignment, one lxml element per cell when
    saving) cost ~90 µs a cell, ~35 s for a 20,000-item round. Here each row is one formatted string;
    openpyxl still writes everything else (styles, column widths, panes, filters, print settings,
    workbook parts) from sheets left without cells, and ``fill`` replaces their empty
    <sheetData> when the package is rewritten. Style ids are registered in the workbook in the order
    openpyxl's writer would meet them, so styles.xml is unchanged too."""

    def __init__(self, wb):
        self.wb = wb
        self._style_ids: dict[str, int] = {}
        self.sheets: dict = {}  # worksheet → (dimension ref, sheetData bytes)

    def style_id(self, ws, name: str) -> int:
        sid = self._style_ids.get(name)
        if sid is None:
            from openpyxl.cell.cell import Cell

            probe = Cell(ws)  # not placed in the sheet: only resolves the named style to a cellXfs index
            probe.style = name
            sid = self._style_ids[name] = probe.style_id
        return sid

    def add_sheet(self, ws, rows: list[tuple[list, list[str]]], n_cols: int, widths: list[float] | None = None) -> None:
        """``rows``: (values, style name of each value), the header row first. With the column
        ``widths``, a row whose wrapped text needs several lines gets that height: Excel and
        LibreOffice do not size rows on opening, so the lines would otherwise overlap."""
        from openpyxl.utils import get_column_letter

        letters = [get_column_letter(c) for c in range(1, n_cols + 1)]
        out = ["<sheetData>"]
        pieces: list[bytes] = []  # every XML_PIECE_STRINGS strings: a large sheet's XML is never one string
        style_ids: dict[int, tuple[list, list[int]]] = {}
        for r, (values, styles) in enumerate(rows, start=1):
            if len(out) > base.XML_PIECE_STRINGS:
                pieces.append("".join(out).encode("ascii", "xmlcharrefreplace"))
                out.clear()
            # resolved when first met, in column order: the order in which openpyxl registers them
            known = style_ids.get(id(styles))
            if known is None or known[0] is not styles:
                known = style_ids[id(styles)] = (styles, [self.style_id(ws, name) for name in styles])
            lines = _wrapped_lines(values, styles, widths) if widths and r > 1 else 1
            out.append(f'<row r="{r}" ht="{HEADER_ROW_HEIGHT}" customHeight="1">' if r == 1 else
                       f'<row r="{r}" ht="{lines * LINE_HEIGHT:g}" customHeight="1">' if lines > 1 else f'<row r="{r}">')
            for letter, value, sid in zip(letters, values, known[1]):
                kind = type(value)
                if kind is str:
                    out.append(_xlsx_str_cell(f"{letter}{r}", sid, value))
                elif kind is int:  # as openpyxl's safe_string formats numbers
                    out.append(f'<c r="{letter}{r}" s="{sid}" t="n"><v>{"%.16g" % value}</v></c>')
                elif value is None:
                    out.append(f'<c r="{letter}{r}" s="{sid}" t="n"></c>')
                else:
                    out.append(_cell_xml(f"{letter}{r}", sid, value))
            out.append("</row>")
        out.append("</sheetData>")
        # openpyxl writes its xml as ASCII: every other character as a numeric reference
        pieces.append("".join(out).encode("ascii", "xmlcharrefreplace"))
        self.sheets[ws] = (f"A1:{letters[-1]}{len(rows)}", pieces)

    def fill(self, ws, xml: bytes) -> list[bytes]:
        """The worksheet part written by openpyxl, with its cells put in (as pieces)."""
        ref, data = self.sheets[ws]
        xml, n_dim = re.subn(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml, count=1)
        head, sep, tail = xml.partition(b"<sheetData></sheetData>")
        if n_dim != 1 or not sep:
            raise RuntimeError(f"report.xlsx: unexpected worksheet xml from openpyxl in {ws.path}")
        return [head, *data, tail]


def _cell_xml(ref: str, style_id: int, value) -> str:
    """One <c> element as openpyxl writes it; every string stays a string (formula injection guard)."""
    from openpyxl.compat import NUMERIC_TYPES, safe_string

    if value is None or (isinstance(value, float) and value != value):
        return f'<c r="{ref}" s="{style_id}" t="n"></c>'
    if isinstance(value, bool):
        value = "Có" if value else ""
    if isinstance(value, NUMERIC_TYPES):
        return f'<c r="{ref}" s="{style_id}" t="n"><v>{safe_string(value)}</v></c>'
    return _xlsx_str_cell(ref, style_id, str(value))


# openpyxl's ILLEGAL_CHARACTERS_RE, plus what XML 1.0 forbids (on which openpyxl would fail)
_XLSX_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xlsx_str_cell(ref: str, style_id: int, value: str) -> str:
    if not value.isprintable():  # cheap test first: every character above is non-printable
        value = _XLSX_DROP.sub("", value)
    if len(value) > 32767:
        value = value[:32767]  # Excel's limit, as openpyxl cuts it
    if not value:
        return f'<c r="{ref}" s="{style_id}" t="inlineStr"></c>'
    space = ' xml:space="preserve"' if value != value.strip() else ""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return f'<c r="{ref}" s="{style_id}" t="inlineStr"><is><t{space}>{value}</t></is></c>'


def _xlsx_sheet(wb, cells: _XlsxCells, title: str, columns: list[tuple[str, float, str]], rows: list[list],
                total: list | None = None):
    """One styled sheet. ``columns``: (header, width, kind) with kind text|wrap|int|num|center."""
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    for c, (_, width, _) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    styles = [f"cutri_{kind}" for _, _, kind in columns]
    all_rows = [([header for header, _, _ in columns], ["cutri_head"] * len(columns))]
    all_rows += [(values, styles) for values in rows]
    if total:
        all_rows.append((total, [style + "_total" for style in styles]))
    cells.add_sheet(ws, all_rows, len(columns), [width for _, width, _ in columns])
    ws.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    # printing: A4 landscape, all columns on the width of the page, the header row on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    return ws


def render_xlsx(ctx: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    df, cons, f, meta, cols = ctx["df"], ctx["cons"], ctx["f"], ctx["meta"], ctx["columns"]
    auth_label = S.AUTHORITY_LABELS
    label_of = {s["sector"]: s["label"] for s in f["by_sector"]}
    ref_of = {}
    for row in ctx["cons_rows"]:
        for iid in row["item_ids"]:
            ref_of[iid] = row["ref"]

    wb = Workbook()
    wb.remove(wb.active)
    _xlsx_styles(wb)
    cells = _XlsxCells(wb)

    # all items: report items by unit (STT as in the annex), then those that are not recommendations
    columns = [("STT", 6, "int"), ("Mã ý kiến", 14, "text"), ("Đơn vị", 18, "wrap"), ("Tệp nguồn", 24, "wrap"),
               ("Vị trí", 12, "text")]
    if meta["show_names"]:
        columns.append(("Cử tri", 22, "wrap"))
    # no model internals (confidence, review flag) in the annex a delegation reads: they stay in
    # recommendations.csv and review.xlsx
    columns += [("Nội dung ý kiến, kiến nghị", 70, "wrap"), ("Lĩnh vực", 30, "wrap"), ("Thẩm quyền", 20, "wrap"),
                ("Trả lời tại hội nghị", 10, "center"), ("Mã kiến nghị tổng hợp", 15, "text"),
                ("Mục trong báo cáo", 10, "text"), ("Ghi chú", 20, "wrap")]
    records = ctx["records"]
    rows = []
    for stt, m in [*enumerate(_by_unit([r for r in records if r["_active"]]), start=1),
                   *((None, r) for r in records if not r["_active"])]:
        row = [stt, m["_item_id"], m["_unit"], _str(m.get(S.SOURCE_FILE)), _str(m.get(S.SOURCE_REF))]
        if meta["show_names"]:
            row.append(_str(m.get(S.SPEAKER)))
        row += [m["_text"], label_of.get(m["_sector"]) or _sector_label(ctx["cfg"], m["_sector"]),
                auth_label.get(m["_authority"], m["_authority"]),
                bool(m["_answered"]), m["_cluster"] if stt else "",
                ref_of.get(m["_item_id"], ""), "" if stt else NOT_RECOMMENDATION_NOTE]
        rows.append(row)
    _xlsx_sheet(wb, cells, SHEET_ITEMS, columns, rows)

    rows = [[i, s["sector"], s["label"], s["n_items"], s["n_consolidated"], s["n_central"], s["n_local"]]
            for i, s in enumerate(f["by_sector"], start=1)]
    total = [None, "", cols.get("total", "Tổng cộng"), f["n_items"], f["n_consolidated"], f["n_central"], f["n_local"]]
    _xlsx_sheet(wb, cells, SHEET_SECTORS, [("STT", 6, "int"), ("Mã lĩnh vực", 20, "text"), ("Lĩnh vực", 50, "wrap"),
                                    ("Số ý kiến", 11, "int"), ("Số kiến nghị sau tổng hợp", 14, "int"),
                                    ("Thẩm quyền Trung ương", 13, "int"), ("Thẩm quyền địa phương", 13, "int")],
                rows, total)

    rows = [[i, u["unit"], u["n_meetings"], u["voters_attending"], u["speaking_turns"], u["n_items"], u["n_answered"]]
            for i, u in enumerate(f["by_unit"], start=1)]
    total = [None, cols.get("total", "Tổng cộng"), f["n_meetings"], f["voters_attending"], f["speaking_turns"],
             f["n_items"], f["n_answered"]]
    _xlsx_sheet(wb, cells, SHEET_UNITS, [("STT", 6, "int"), ("Đơn vị", 28, "wrap"), ("Số hội nghị", 11, "int"),
                                  ("Cử tri tham dự", 12, "int"), ("Lượt phát biểu", 12, "int"),
                                  ("Số ý kiến", 11, "int"), ("Trả lời tại hội nghị", 12, "int")], rows, total)

    rows = [[r["ref"], r["cluster_id"], _sentence(r["text"]), "; ".join(r["units"]), r["n_items"], r["n_units"],
             r["sector_label"], auth_label.get(r["authority"], r["authority"]), "; ".join(r["item_ids"])]
            for r in ctx["cons_rows"]]
    _xlsx_sheet(wb, cells, SHEET_CLUSTERS, [("Mục trong báo cáo", 10, "text"), ("Mã kiến nghị tổng hợp", 15, "text"),
                                     ("Nội dung kiến nghị", 70, "wrap"), ("Đơn vị", 30, "wrap"),
                                     ("Số ý kiến", 9, "int"), ("Số đơn vị", 9, "int"), ("Lĩnh vực", 30, "wrap"),
                                     ("Thẩm quyền", 20, "wrap"), ("Mã các ý kiến", 30, "wrap")], rows)

    rows = [[m["meeting_id"], m["unit"], m["source_file"], m["date"], m["place"], m["voters_attending"],
             m["speaking_turns"], m["n_items"]] for m in ctx["meetings"]]
    _xlsx_sheet(wb, cells, SHEET_MEETINGS, [("Mã hội nghị", 14, "text"), ("Đơn vị", 24, "wrap"), ("Tệp nguồn", 30, "wrap"),
                                     ("Ngày", 11, "text"), ("Địa điểm", 30, "wrap"), ("Cử tri tham dự", 12, "int"),
                                     ("Lượt phát biểu", 12, "int"), ("Số ý kiến", 10, "int")], rows)

    stamp = _fixed_datetime(meta["date"])
    props = wb.properties
    props.creator, props.lastModifiedBy, props.title = meta["issuer"], "cutri", meta["subject"]
    props.created = props.modified = stamp
    buf = _bytes_io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp "modified" with the current time.
    # Stored, not deflated: normalize_zip compresses every entry once.
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
    return normalize_zip(buf.getvalue(), edit={
        ws.path.lstrip("/"): functools.partial(cells.fill, ws) for ws in cells.sheets})


# --------------------------------------------------------------------------- entry point
