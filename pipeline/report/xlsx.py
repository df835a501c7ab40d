"""report.xlsx: the annex workbook (all items, per sector, per unit, consolidated items, meetings)."""

from __future__ import annotations

import io as _bytes_io
import re

from .. import schemas as S
from .base import NOT_RECOMMENDATION_NOTE, _fixed_datetime, normalize_zip
from .context import _by_unit
from .figures import _sector_label
from .text import _sentence, _str

SHEET_ITEMS = "Tất cả kiến nghị"
SHEET_SECTORS = "Theo lĩnh vực"
SHEET_UNITS = "Theo đơn vị"
SHEET_CLUSTERS = "Kiến nghị tổng hợp"
SHEET_MEETINGS = "Hội nghị"
SHEET_RECURRING = "Nêu từ ba kỳ trở lên"


# the look of each kind of column: text|wrap|int|num|center, and the header row
_KINDS = {
    "text": {"valign": "top"},
    "wrap": {"valign": "top", "text_wrap": True},
    "int": {"align": "right", "valign": "top"},
    "num": {"align": "right", "valign": "top", "num_format": "0.00"},
    "center": {"align": "center", "valign": "top"},
}
_BORDER = {"border": 1, "border_color": "#A6A6A6"}
_HEAD = {"bold": True, "bg_color": "#D9E2F3", "pattern": 1, "align": "center", "valign": "vcenter",
         "text_wrap": True, **_BORDER}


def _formats(wb) -> dict:
    """XlsxWriter formats by name: "head", each kind, and each kind + "_total" (bold)."""
    out = {"head": wb.add_format(_HEAD)}
    for kind, props in _KINDS.items():
        out[kind] = wb.add_format({**props, **_BORDER})
        out[kind + "_total"] = wb.add_format({**props, **_BORDER, "bold": True})
    return out


HEADER_ROW_HEIGHT = 32


LINE_HEIGHT = 15  # points: one line of the default 11 pt font
MAX_ROW_LINES = 27  # Excel's row height limit is 409 pt


def _wrapped_lines(values: list, wrapped: list[tuple[int, float]]) -> int:
    """Lines the tallest wrapped cell of a row needs; ``wrapped``: (column, width) of the wrap
    columns. A column of width w holds about w - 1 characters of Vietnamese text a line (word
    wrapping loses a little more, hence 0.9)."""
    most = 1
    for c, width in wrapped:
        value = values[c]
        if type(value) is str and len(value) > width * 0.9 - 1:
            per_line = max(width * 0.9 - 1, 1)
            n = sum(max(1, -(-len(part) // int(per_line))) for part in value.split("\n"))
            most = max(most, n)
    return min(most, MAX_ROW_LINES)


# characters XML 1.0 forbids (and lone surrogates): dropped, as openpyxl's writer did
_XLSX_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _write_text(ws, r: int, c: int, value: str, fmt) -> None:
    """A string cell, always a string (never a formula, number or link: write_string, not write).
    XlsxWriter takes a string that starts with "<r>" and ends with "</r>" as rich-text XML written
    unescaped; such a voter text is written as three plain rich-text runs instead."""
    if not value.isprintable():  # cheap test first: every dropped character is non-printable
        value = _XLSX_DROP.sub("", value)
    if not value:
        ws.write_blank(r, c, None, fmt)  # no empty string in the table: an empty cell, as before
    elif value.startswith("<r>") and value.endswith("</r>"):
        ws.write_rich_string(r, c, value[:1], value[1:-1], value[-1:], fmt)
    else:
        ws.write_string(r, c, value, fmt)


def _write_row(ws, r: int, values: list, fmts: list) -> None:
    for c, (value, fmt) in enumerate(zip(values, fmts)):
        kind = type(value)
        if kind is str:
            _write_text(ws, r, c, value, fmt)
        elif kind is int:
            ws.write_number(r, c, value, fmt)
        elif value is None or (kind is float and value != value):
            ws.write_blank(r, c, None, fmt)
        elif kind is bool:
            _write_text(ws, r, c, "Có" if value else "", fmt)
        elif isinstance(value, (int, float)):
            ws.write_number(r, c, value, fmt)
        else:
            _write_text(ws, r, c, str(value), fmt)


def _xlsx_sheet(wb, fmts: dict, title: str, columns: list[tuple[str, float, str]], rows: list[list],
                total: list | None = None):
    """One styled sheet. ``columns``: (header, width, kind) with kind text|wrap|int|num|center.

    The header row is frozen, filtered and printed on every page; the sheet prints on A4
    landscape, all columns on the width of the page. A row whose wrapped text needs several
    lines gets that height: Excel and LibreOffice do not size rows on opening, so the lines
    would otherwise overlap."""
    ws = wb.add_worksheet(title)
    widths = [width for _, width, _ in columns]
    kinds = [kind for _, _, kind in columns]
    for c, width in enumerate(widths):
        # the width stored in the file is ``width`` characters of 7 pixels (Calibri 11), as openpyxl
        # wrote it; set_column would add Excel's 5-pixel padding on top
        ws.set_column_pixels(c, c, round(width * 7))
    ws.set_row(0, HEADER_ROW_HEIGHT)
    _write_row(ws, 0, [header for header, _, _ in columns], [fmts["head"]] * len(columns))
    body = [fmts[kind] for kind in kinds]
    wrapped = [(c, width) for c, (width, kind) in enumerate(zip(widths, kinds)) if kind == "wrap"]
    for r, values in enumerate(rows, start=1):
        lines = _wrapped_lines(values, wrapped)
        if lines > 1:
            ws.set_row(r, lines * LINE_HEIGHT)
        _write_row(ws, r, values, body)
    if total:
        r = len(rows) + 1
        lines = _wrapped_lines(total, wrapped)
        if lines > 1:
            ws.set_row(r, lines * LINE_HEIGHT)
        _write_row(ws, r, total, [fmts[kind + "_total"] for kind in kinds])
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(columns) - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    return ws


def render_xlsx(ctx: dict) -> bytes:
    """report.xlsx as bytes (deterministic: fixed creation date, fixed zip stamps)."""
    import xlsxwriter

    f, meta, cols = ctx["f"], ctx["meta"], ctx["columns"]
    auth_label = S.AUTHORITY_LABELS
    label_of = {s["sector"]: s["label"] for s in f["by_sector"]}
    ref_of = {}
    for row in ctx["cons_rows"]:
        for iid in row["item_ids"]:
            ref_of[iid] = row["ref"]

    buf = _bytes_io.BytesIO()
    # constant_memory: each row is written out (to a temporary file per sheet) once the next one starts,
    # so a 200,000-item round never holds millions of cell objects; strings are written in the cells
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True})
    wb.use_zip64()
    fmts = _formats(wb)

    # all items: report items by unit (STT as in the annex), then those that are not recommendations
    columns = [("STT", 6, "int"), ("Mã ý kiến", 14, "text"), ("Đơn vị", 18, "wrap"), ("Tệp nguồn", 24, "wrap"),
               ("Vị trí", 12, "text")]
    if meta["show_names"]:
        columns.append(("Cử tri", 22, "wrap"))
    # no model internals (confidence, review flag) in the annex a delegation reads: they stay in
    # recommendations.csv and review.xlsx
    columns.append(("Nội dung ý kiến, kiến nghị", 70, "wrap"))
    records = ctx["records"]
    # items of consolidated reports that stand for several opinions (issue 16): their count
    weighted = any(r.get("_weight", 1) > 1 for r in records)
    if weighted:
        columns.append(("Số lượt ý kiến", 9, "int"))
    columns += [("Lĩnh vực", 30, "wrap"), ("Thẩm quyền", 20, "wrap"),
                ("Trả lời tại hội nghị", 10, "center"), ("Mã kiến nghị tổng hợp", 15, "text"),
                ("Mục trong báo cáo", 10, "text"), ("Ghi chú", 20, "wrap")]
    rows = []
    for stt, m in [*enumerate(_by_unit([r for r in records if r["_active"]]), start=1),
                   *((None, r) for r in records if not r["_active"])]:
        row = [stt, m["_item_id"], m["_unit"], _str(m.get(S.SOURCE_FILE)), _str(m.get(S.SOURCE_REF))]
        if meta["show_names"]:
            row.append(_str(m.get(S.SPEAKER)))
        row.append(m["_text"])
        if weighted:
            row.append(m.get("_weight", 1))
        row += [label_of.get(m["_sector"]) or _sector_label(ctx["cfg"], m["_sector"]),
                auth_label.get(m["_authority"], m["_authority"]),
                bool(m["_answered"]), m["_cluster"] if stt else "",
                ref_of.get(m["_item_id"], ""), "" if stt else NOT_RECOMMENDATION_NOTE]
        rows.append(row)
    _xlsx_sheet(wb, fmts, SHEET_ITEMS, columns, rows)

    rows = [[i, s["sector"], s["label"], s["n_items"], s["n_consolidated"], s["n_central"], s["n_local"]]
            for i, s in enumerate(f["by_sector"], start=1)]
    total = [None, "", cols.get("total", "Tổng cộng"), f["n_items"], f["n_consolidated"], f["n_central"], f["n_local"]]
    _xlsx_sheet(wb, fmts, SHEET_SECTORS, [("STT", 6, "int"), ("Mã lĩnh vực", 20, "text"), ("Lĩnh vực", 50, "wrap"),
                                    ("Số ý kiến", 11, "int"), ("Số kiến nghị sau tổng hợp", 14, "int"),
                                    ("Thẩm quyền Trung ương", 13, "int"), ("Thẩm quyền địa phương", 13, "int")],
                rows, total)

    rows = [[i, u["unit"], u["n_meetings"], u["voters_attending"], u["speaking_turns"], u["n_items"], u["n_answered"]]
            for i, u in enumerate(f["by_unit"], start=1)]
    total = [None, cols.get("total", "Tổng cộng"), f["n_meetings"], f["voters_attending"], f["speaking_turns"],
             f["n_items"], f["n_answered"]]
    _xlsx_sheet(wb, fmts, SHEET_UNITS, [("STT", 6, "int"), ("Đơn vị", 28, "wrap"), ("Số hội nghị", 11, "int"),
                                  ("Cử tri tham dự", 12, "int"), ("Lượt phát biểu", 12, "int"),
                                  ("Số ý kiến", 11, "int"), ("Trả lời tại hội nghị", 12, "int")], rows, total)

    rows = [[r["ref"], r["cluster_id"], _sentence(r["text"]), "; ".join(r["units"]), r["n_items"], r["n_units"],
             r["sector_label"], auth_label.get(r["authority"], r["authority"]), "; ".join(r["item_ids"])]
            for r in ctx["cons_rows"]]
    _xlsx_sheet(wb, fmts, SHEET_CLUSTERS, [("Mục trong báo cáo", 10, "text"), ("Mã kiến nghị tổng hợp", 15, "text"),
                                     ("Nội dung kiến nghị", 70, "wrap"), ("Đơn vị", 30, "wrap"),
                                     ("Số ý kiến", 9, "int"), ("Số đơn vị", 9, "int"), ("Lĩnh vực", 30, "wrap"),
                                     ("Thẩm quyền", 20, "wrap"), ("Mã các ý kiến", 30, "wrap")], rows)

    rows = [[m["meeting_id"], m["unit"], m["source_file"], m["date"], m["place"], m["voters_attending"],
             m["speaking_turns"], m["n_items"]] for m in ctx["meetings"]]
    _xlsx_sheet(wb, fmts, SHEET_MEETINGS, [("Mã hội nghị", 14, "text"), ("Đơn vị", 24, "wrap"), ("Tệp nguồn", 30, "wrap"),
                                     ("Ngày", 11, "text"), ("Địa điểm", 30, "wrap"), ("Cử tri tham dự", 12, "int"),
                                     ("Lượt phát biểu", 12, "int"), ("Số ý kiến", 10, "int")], rows)

    if ctx.get("register"):  # with a register: the items raised in three rounds or more (issue 21)
        rows = [[r["ref"], r["cluster_id"], r["register_id"], r["text"], r["n_rounds"], r["rounds"]]
                for r in ctx["recurring"]]
        _xlsx_sheet(wb, fmts, SHEET_RECURRING, [("Mục trong báo cáo", 10, "text"), ("Mã kiến nghị tổng hợp", 15, "text"),
                                               ("Mã sổ theo dõi", 15, "text"), ("Nội dung kiến nghị", 70, "wrap"),
                                               ("Số kỳ đã nêu", 9, "int"), ("Các kỳ trước đã nêu", 40, "wrap")], rows)

    wb.set_properties({"title": meta["subject"], "author": meta["issuer"], "created": _fixed_datetime(meta["date"])})
    wb.close()
    return normalize_zip(buf.getvalue())
