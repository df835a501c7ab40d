"""Writing ``review.xlsx``: one row per recommendation, corrections typed in the green columns."""

from __future__ import annotations

import datetime as dt
import functools
import io as _bytes_io
import re
import zipfile
from pathlib import Path

import pandas as pd

from .. import io
from .. import schemas as S
from ..config import Config, Taxonomy
from .common import (
    AUTHORITY_SHORT, CLUSTER_SHEET, CORRECTIONS_FILE, EDITABLE_KEYS, HEADER_ROW, LIST_SHEET, MARK, PREFILL_SHEET,
    REVIEW_COLUMNS, REVIEW_SHEET, _FILL_EDIT, _FILL_HEAD, _FILL_HEAD_EDIT, _FILL_REVIEW, _HEADER, _ZIP_TIME_FALLBACK,
)
from .log import read_log

def _when(generated_at: str) -> dt.datetime:
    try:
        d = dt.datetime.fromisoformat(str(generated_at)[:19])
    except ValueError:
        d = dt.datetime(*_ZIP_TIME_FALLBACK)
    if d.year < 1980:
        d = dt.datetime(*_ZIP_TIME_FALLBACK)
    return d.replace(tzinfo=None, microsecond=0)


def _deterministic_zip(data: bytes, when: dt.datetime, rows: dict[str, list[str]] | None = None) -> bytes:
    """Rewrite an xlsx (zip) with a fixed timestamp on every member, same order and content
    (``io.rewrite_zip``).

    ``rows`` maps a worksheet part ("xl/worksheets/sheet1.xml") to rows already in
    SpreadsheetML, inserted at the end of that sheet's ``<sheetData>``.
    """

    def with_rows(name: str, sheet_rows: list[str], content: bytes):
        head, sep, tail = content.partition(b"</sheetData>")
        if not sep:
            raise ValueError(f"{name}: no sheetData to add rows to")
        # encoded a few thousand rows at a time: the sheet of a large round is never one string
        yield head
        for i in range(0, len(sheet_rows), _ROWS_PER_PIECE):
            yield "".join(sheet_rows[i : i + _ROWS_PER_PIECE]).encode("ascii")
        yield sep + tail

    edit = {name: functools.partial(with_rows, name, part) for name, part in (rows or {}).items() if part}
    return io.rewrite_zip(data, when.timetuple()[:6], edit)


_ROWS_PER_PIECE = 5_000


_MAX_CELL_CHARS = 32767  # what Excel (and openpyxl) keep of a cell's text
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")  # no XML document may hold these


def _text(value) -> str:
    """A string that must stay text (never a formula), without characters Excel refuses."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return ""
    return _NOT_XML.sub("", ILLEGAL_CHARACTERS_RE.sub("", str(value)))[:_MAX_CELL_CHARS]


def _xml_text(text: str) -> str:
    """``text`` escaped as openpyxl (lxml) writes an element's text in an ASCII document."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
            .encode("ascii", "xmlcharrefreplace").decode("ascii"))


class _Rows:
    """Data rows of one sheet, written straight as SpreadsheetML.

    openpyxl builds, styles and serializes one object per cell, which takes most of
    the time on a 20,000-row round; here a row is one string. Cells come out exactly
    as openpyxl writes them: inline strings (text that looks like a formula stays
    text), numbers as ``<v>``, and the style of each kind of cell is registered in
    the workbook once, the first time it is used (so in the same order as openpyxl
    would). ``_deterministic_zip`` inserts the rows after those openpyxl wrote.
    """

    def __init__(self, ws, kinds: dict[str, dict], first_row: int):
        from openpyxl.compat import safe_string

        self._ws, self._kinds, self._safe_string = ws, kinds, safe_string
        self._sid: dict[str | None, str] = {}
        self._texts: dict[str, str] = {}
        self.row = first_row
        self.parts: list[str] = []

    def style(self, kind: str | None) -> str:
        """The ``s="…"`` attribute of a kind of cell ("" for an unstyled cell)."""
        if kind not in self._sid:
            if kind is None:
                self._sid[kind] = ""
            else:
                from openpyxl.cell import Cell

                proto = Cell(self._ws, 1, 1)
                for name, value in self._kinds[kind].items():
                    setattr(proto, name, value)
                self._sid[kind] = f' s="{proto.style_id}"'
        return self._sid[kind]

    def text(self, ref: str, value, kind: str | None) -> str:
        key = value if type(value) is str else _text(value)
        shown = self._texts.get(key)
        if shown is None:
            clean = _text(key)
            if not clean:
                shown = ""
            else:
                space = ' xml:space="preserve"' if clean != clean.strip() else ""
                shown = f"<is><t{space}>{_xml_text(clean)}</t></is>"
            if len(key) <= 120:  # labels, units, ids repeat; a recommendation's text mostly does not
                self._texts[key] = shown
        return f'<c r="{ref}"{self._sid.get(kind) or self.style(kind)} t="inlineStr">{shown}</c>'

    def number(self, ref: str, value, kind: str | None) -> str:
        shown = "" if value is None else f"<v>{self._safe_string(value)}</v>"
        return f'<c r="{ref}"{self._sid.get(kind) or self.style(kind)} t="n">{shown}</c>'

    def add(self, cells: list[str], lines: int = 1) -> None:
        """One row; ``lines`` > 1 makes it that many lines tall (readers do not size rows on opening)."""
        height = f' ht="{15 * min(lines, 27)}" customHeight="1"' if lines > 1 else ""
        self.parts.append(f'<row r="{self.row}"{height}>{"".join(cells)}</row>')
        self.row += 1


def _lines(values: list[tuple[object, float]]) -> int:
    """Lines the tallest wrapped cell of a row needs (about 0.9 * width - 1 characters a line)."""
    most = 1
    for value, width in values:
        if isinstance(value, str) and len(value) > width * 0.9 - 1:
            per_line = int(max(width * 0.9 - 1, 1))
            most = max(most, sum(max(1, -(-len(part) // per_line)) for part in value.split("\n")))
    return most


def _prefill_values(corr_table: pd.DataFrame, taxonomy: Taxonomy) -> dict[str, dict]:
    """Stored corrections as the strings shown in the editable columns."""
    out = {}
    for r in corr_table.to_dict("records"):
        if r.get("orphan") == "True":
            continue
        out[r["item_id"]] = {
            "sector": taxonomy.label(r["sector"]) if r["sector"] else "",
            "authority": AUTHORITY_SHORT.get(r["authority"], ""),
            "merge_into": r["merge_into"],
            "split_out": MARK if r["split_out"] == "True" else "",
            "not_recommendation": MARK if r["not_recommendation"] == "True" else "",
            "representative_text": r["representative_text"],
            "note": r["note"],
        }
    return out


def _set_dimension(ws, ref: str) -> None:
    """Give a write-only sheet the used range ("A1:R2003") that a normal sheet computes.

    Readers in read-only mode size their rows from it.
    """
    ws.calculate_dimension = lambda: ref


def _styled(ws, value, attrs: dict):
    """A cell for ``ws.append`` in write-only mode, with its value and style."""
    from openpyxl.cell import Cell

    cell = Cell(ws, 1, 1, value=value)
    for name, v in attrs.items():
        setattr(cell, name, v)
    return cell


def write_review_workbook(
    items: pd.DataFrame,
    clusters: pd.DataFrame,
    cfg: Config,
    path: Path,
    generated_at: str,
    corrections: pd.DataFrame | None = None,
    corrections_applied: int = 0,
) -> list[Path]:
    """Write ``review.xlsx``: one row per recommendation, corrections typed in the green columns.

    Locked columns show what cutri found (id, unit, text, predicted sector and its
    confidence, authority, cluster); the editable columns start with the corrections
    already stored (from ``corrections``, the round's corrections table, or else
    ``corrections.csv`` beside ``path``). ``corrections_applied``: how many items the
    corrections changed (0: the sheet says the labels are the machine's alone).
    Rows needing review come first, highlighted; then by cluster and unit. The sheet
    is protected without a password so locked columns are not changed by accident.
    Same input → same bytes.

    openpyxl writes the workbook in write-only mode (every sheet setting, the title
    and header rows, styles, validation lists); the data rows are written by ``_Rows``.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    path = Path(path)
    taxonomy = cfg.taxonomy
    when = _when(generated_at)
    if corrections is not None:
        stored = corrections
    else:
        stored = read_log(path.parent / CORRECTIONS_FILE, cfg)
    prefill = _prefill_values(stored, taxonomy)

    df = items.reset_index(drop=True)
    n = len(df)

    def col(name, default=""):
        if name not in df.columns:
            return pd.Series([default] * n, dtype=object)
        return df[name] if default is None else df[name].fillna(default)

    needs = col(S.NEEDS_REVIEW, False).fillna(False).astype(bool)
    cid = col(S.CLUSTER_ID).fillna("").astype(str)
    # plain lists: the key used to rebuild the unit column for every row (quadratic on large rounds)
    needs_l, cid_l, unit_l = needs.tolist(), cid.tolist(), col(S.UNIT).astype(str).tolist()
    order = sorted(range(n), key=lambda i: (not needs_l[i], cid_l[i] == "", cid_l[i], unit_l[i], i))

    wb = Workbook(write_only=True)
    wb.properties.creator = "cutri"
    wb.properties.lastModifiedBy = "cutri"
    wb.properties.title = "Rà soát kiến nghị cử tri"
    wb.properties.created = when
    wb.properties.modified = when
    ncol = len(REVIEW_COLUMNS)
    last = HEADER_ROW + max(n, 1)
    rows: list[tuple[object, list[str]]] = []  # (sheet, its data rows)

    head_fill = PatternFill("solid", fgColor=_FILL_HEAD)
    wrap = Alignment(wrap_text=True, vertical="top")
    review_fill = PatternFill("solid", fgColor=_FILL_REVIEW)
    head_align = Alignment(wrap_text=True, vertical="center", horizontal="center")
    kinds = {
        "text": {"alignment": wrap},
        "text-review": {"alignment": wrap, "fill": review_fill},
        "pct": {"alignment": wrap, "number_format": "0%"},
        "pct-review": {"alignment": wrap, "fill": review_fill, "number_format": "0%"},
        "edit": {"alignment": wrap, "protection": Protection(locked=False),
                 "fill": PatternFill("solid", fgColor=_FILL_EDIT)},
    }

    # ---- the review sheet: settings, title and header rows (openpyxl), then the data rows
    ws = wb.create_sheet(REVIEW_SHEET)
    _set_dimension(ws, f"A1:{get_column_letter(ncol)}{last}")
    for j, (_key, _header, width, _editable) in enumerate(REVIEW_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.row_dimensions[2].height = 45
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.merged_cells.add(f"A2:{get_column_letter(ncol)}2")
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(ncol)}{last}"
    ws.protection.sheet = True
    ws.protection.autoFilter = False  # filtering and sorting stay allowed on the protected sheet
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    # printing: A4 landscape, each row over two pages side by side (18 columns on one page
    # would be unreadably small), the header row and the id column repeated on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 2, 0
    ws.page_setup.pageOrder = "overThenDown"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_title_cols = "A:A"
    letter = {key: get_column_letter(j) for j, (key, *_rest) in enumerate(REVIEW_COLUMNS, start=1)}
    ref = f"'{LIST_SHEET}'!"
    specs = [
        ("sector", f"{ref}$A$2:$A${len(taxonomy.sectors) + 1}", "Chọn một lĩnh vực trong danh sách."),
        ("authority", f"{ref}$D$2:$D$3", "Chọn 'Trung ương' hoặc 'Địa phương'."),
        ("split_out", f"{ref}$F$2:$F$2", "Chọn x hoặc để trống."),
        ("not_recommendation", f"{ref}$F$2:$F$2", "Chọn x hoặc để trống."),
    ]
    for key, formula, message in specs:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                            errorTitle="Giá trị không hợp lệ", error=message)
        dv.add(f"{letter[key]}{HEADER_ROW + 1}:{letter[key]}{last}")
        ws.data_validations.append(dv)
    ws.append([_styled(ws, f"BẢNG RÀ SOÁT KIẾN NGHỊ CỬ TRI (tạo ngày {generated_at})", {"font": Font(bold=True, size=13)})])
    ws.append([_styled(ws, (
        ("Lĩnh vực, thẩm quyền và việc gộp ý kiến là kết quả máy tự phân loại, chưa có điều chỉnh của chuyên viên. "
         if not corrections_applied else "")
        + "Chỉ sửa các cột màu xanh lá. Ô để trống nghĩa là không hiệu chỉnh; xóa một ô đã điền sẵn là bỏ hiệu chỉnh đã lưu. "
        f"'{_HEADER['merge_into']}': ghi mã cụm (C…) hoặc mã kiến nghị (R…) cần gộp vào. "
        f"'{_HEADER['split_out']}', '{_HEADER['not_recommendation']}': chọn x. "
        "Sau khi sửa, chạy lại: cutri run … --corrections review.xlsx"
    ), {"alignment": wrap})])
    ws.append([
        _styled(ws, header, {"font": Font(bold=True), "alignment": head_align,
                             "fill": PatternFill("solid", fgColor=_FILL_HEAD_EDIT) if editable else head_fill})
        for _key, header, _width, editable in REVIEW_COLUMNS
    ])

    def shown(v):
        return "" if v is None or (isinstance(v, float) and pd.isna(v)) else v

    values = {
        "item_id": col(S.ITEM_ID), "unit": col(S.UNIT), "text": col(S.TEXT),
        "sector_predicted": col(S.SECTOR_PREDICTED).map(lambda s: taxonomy.label(s) if s else ""),
        "sector_alt": col(S.SECTOR_ALT).fillna("").map(lambda s: taxonomy.label(s) if s else ""),
        "needs_review": needs.map(lambda b: MARK if b else ""),
        "authority_predicted": col(S.AUTHORITY_PREDICTED).map(lambda a: AUTHORITY_SHORT.get(a, a or "")),
        "cluster_id": cid, "source_file": col(S.SOURCE_FILE), "source_ref": col(S.SOURCE_REF),
    }
    values = {k: [shown(v) for v in s.tolist()] for k, s in values.items()}
    values["sector_confidence"] = [None if v is None or pd.isna(v) else float(v)
                                   for v in col(S.SECTOR_CONFIDENCE, None).tolist()]
    item_ids = [str(v) for v in col(S.ITEM_ID).tolist()]
    layout = [(get_column_letter(j), key, editable) for j, (key, _h, _w, editable) in enumerate(REVIEW_COLUMNS, start=1)]
    data = _Rows(ws, kinds, HEADER_ROW + 1)
    text, number = data.text, data.number
    for i in order:
        r = data.row
        pre = prefill.get(item_ids[i], {})
        review = needs_l[i]
        cells = []
        for c, key, editable in layout:
            if editable:
                cells.append(text(f"{c}{r}", pre.get(key, ""), "edit"))
            elif key == "sector_confidence":
                cells.append(number(f"{c}{r}", values[key][i], "pct-review" if review else "pct"))
            else:
                cells.append(text(f"{c}{r}", values[key][i], "text-review" if review else "text"))
        data.add(cells, _lines([(values[key][i], width) for key, _h, width, editable in REVIEW_COLUMNS
                                if not editable and key in values]
                               + [(pre.get(key, ""), width) for key, _h, width, editable in REVIEW_COLUMNS if editable]))
    if not order:
        data.add([])  # an empty round: the row under the header, where the panes are frozen, as before
    rows.append((ws, data.parts))

    # ---- dropdown lists on a hidden sheet
    lists = wb.create_sheet(LIST_SHEET)
    lists.sheet_state = "hidden"
    n_sectors = len(taxonomy.sectors)
    _set_dimension(lists, f"A1:F{max(n_sectors + 1, 3)}")
    list_rows = [["Lĩnh vực", "Mã", None, "Thẩm quyền", None, "Đánh dấu"]]
    list_rows += [[_styled(lists, _text(sec.label), {}), _styled(lists, _text(sec.slug), {})]
                  for sec in taxonomy.sectors]
    while len(list_rows) < 3:
        list_rows.append([None, None])
    list_rows[1] = list_rows[1][:2] + [None, AUTHORITY_SHORT[S.CENTRAL], None, MARK]
    list_rows[2] = list_rows[2][:2] + [None, AUTHORITY_SHORT[S.LOCAL]]
    for row in list_rows:
        for cell in row:
            if hasattr(cell, "data_type") and cell.value:
                cell.data_type = "s"  # a label is text, even one that starts with "="
        lists.append(row)

    # ---- clusters, for choosing a merge target (read-only)
    cs = wb.create_sheet(CLUSTER_SHEET)
    cheads = [("cluster_id", "Mã cụm", 16), ("representative_text", "Nội dung đại diện", 70),
              ("sector_label", "Lĩnh vực", 30), ("authority", "Thẩm quyền", 14), ("n_items", "Số kiến nghị", 10),
              ("units", "Đơn vị", 40)]
    n_clusters = 0 if clusters is None else len(clusters)
    _set_dimension(cs, f"A1:{get_column_letter(len(cheads))}{n_clusters + 1}")
    for j, (_k, _h, w) in enumerate(cheads, start=1):
        cs.column_dimensions[get_column_letter(j)].width = w
    cs.freeze_panes = "A2"
    cs.protection.sheet = True
    cs.protection.autoFilter = False
    cs.auto_filter.ref = f"A1:{get_column_letter(len(cheads))}{n_clusters + 1}"
    cs.append([_styled(cs, h, {"font": Font(bold=True), "fill": head_fill}) for _k, h, _w in cheads])
    cdata = _Rows(cs, {"wrap": {"alignment": wrap}}, 2)
    if clusters is not None and len(clusters):
        cl = clusters.sort_values(["n_items", S.CLUSTER_ID], ascending=[False, True], kind="mergesort")
        cletters = [get_column_letter(j) for j in range(1, len(cheads) + 1)]
        for rec in cl.to_dict("records"):
            r = cdata.row
            cells = []
            for c, (k, _h, _w) in zip(cletters, cheads):
                v = rec.get(k, "")
                if k == "n_items":
                    cells.append(cdata.number(f"{c}{r}", int(v), "wrap"))
                else:
                    cells.append(cdata.text(f"{c}{r}", AUTHORITY_SHORT.get(v, v) if k == "authority" else v, "wrap"))
            cdata.add(cells)
    rows.append((cs, cdata.parts))

    # ---- what was pre-filled, to tell a cleared cell from an untouched one when reading back
    ps = wb.create_sheet(PREFILL_SHEET)
    ps.sheet_state = "veryHidden"
    ps.protection.sheet = True
    _set_dimension(ps, f"A1:{get_column_letter(len(EDITABLE_KEYS) + 1)}{len(prefill) + 1}")
    ps.append(["item_id"] + EDITABLE_KEYS)
    pdata = _Rows(ps, {}, 2)
    pletters = [get_column_letter(j) for j in range(1, len(EDITABLE_KEYS) + 2)]
    for iid in sorted(prefill):
        r = pdata.row
        row = [iid] + [prefill[iid].get(k, "") for k in EDITABLE_KEYS]
        pdata.add([pdata.text(f"{c}{r}", v, None) for c, v in zip(pletters, row)])
    rows.append((ps, pdata.parts))

    buf = _bytes_io.BytesIO()
    # stored, not compressed: _deterministic_zip compresses every part once, at the end
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # unlike wb.save(), keeps our fixed "modified" date
    parts = {sheet.path[1:]: sheet_rows for sheet, sheet_rows in rows}  # sheets are numbered when saved
    io.write_bytes(path, _deterministic_zip(buf.getvalue(), when, parts))
    return [path]


