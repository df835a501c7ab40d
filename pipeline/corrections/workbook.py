"""Writing ``review.xlsx``: one row per recommendation, corrections typed in the green columns.

The workbook is written by XlsxWriter: data validation (dropdown lists), sheet
protection with unlocked edit columns, frozen panes, autofilter and print setup
are its own features. The creation date is the run's date, so the same input
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io as _bytes_io
import re
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
from .read import FINGERPRINT_PROPERTY

_MAX_CELL_CHARS = 32767  # what Excel keeps of a cell's text
# characters no XML document may hold (C0 controls but tab, LF and CR; surrogates; U+FFFE/FFFF)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _when(generated_at: str) -> dt.datetime:
    try:
        d = dt.datetime.fromisoformat(str(generated_at)[:19])
    except ValueError:
        d = dt.datetime(*_ZIP_TIME_FALLBACK)
    if d.year < 1980:
        d = dt.datetime(*_ZIP_TIME_FALLBACK)
    return d.replace(tzinfo=None, microsecond=0)


def _text(value) -> str:
    """A string that must stay text (never a formula), without characters Excel refuses.

    A line break is LF, as Excel writes it (a CR would be stored as ``_x000D_``).
    """
    if value is None:
        return ""
    return _NOT_XML.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))[:_MAX_CELL_CHARS]


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


class _Cells:
    """Writes cells of one sheet: text always as text, numbers as numbers, blanks styled."""

    def __init__(self, ws):
        self.ws = ws

    def text(self, row: int, col: int, value, fmt=None) -> None:
        shown = value if type(value) is str and not _NOT_XML.search(value) and "\r" not in value \
            and len(value) <= _MAX_CELL_CHARS else _text(value)
        if shown:
            self.ws.write_string(row, col, shown, fmt)
        elif fmt is not None:
            self.ws.write_blank(row, col, None, fmt)

    def number(self, row: int, col: int, value, fmt=None) -> None:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            if fmt is not None:
                self.ws.write_blank(row, col, None, fmt)
        else:
            self.ws.write_number(row, col, value, fmt)


def write_review_workbook(
    items: pd.DataFrame,
    clusters: pd.DataFrame,
    cfg: Config,
    path: Path,
    generated_at: str,
    corrections: pd.DataFrame | None = None,
    corrections_applied: int = 0,
    round_fingerprint: str = "",
    register_links: pd.DataFrame | None = None,
) -> list[Path]:
    """Write ``review.xlsx``: one row per recommendation, corrections typed in the green columns.

    Locked columns show what cutri found (id, unit, text, predicted sector and its
    confidence, the runner-up sector, authority, cluster); the editable columns start
    with the corrections already stored (from ``corrections``, the round's corrections
    table, or else ``corrections.csv`` beside ``path``). ``corrections_applied``: how
    many items the corrections changed (0: the sheet says the labels are the
    machine's alone). Rows needing review come first, highlighted; then by cluster and
    unit. The sheet is protected without a password so locked columns are not changed
    by accident. ``round_fingerprint`` (``read.round_fingerprint`` of the round's
    minutes) is stored as a custom document property, so a workbook given back to
    another round is recognised. ``register_links`` (``register.review.review_links``),
    when the round is in a register, adds the links proposed to earlier rounds and the
    analyst's decision on them to the clusters sheet. Same input → same bytes.
    """
    import xlsxwriter

    path = Path(path)
    taxonomy = cfg.taxonomy
    when = _when(generated_at)
    stored = corrections if corrections is not None else read_log(path.parent / CORRECTIONS_FILE, cfg)
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

    buf = _bytes_io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                   "strings_to_urls": False})
    wb.set_properties({"title": "Rà soát kiến nghị cử tri", "author": "cutri", "created": when})
    if round_fingerprint:
        wb.set_custom_property(FINGERPRINT_PROPERTY, round_fingerprint)
    ncol = len(REVIEW_COLUMNS)
    last = HEADER_ROW + max(n, 1)  # 1-based, as Excel shows it

    def fmt(**props):
        return wb.add_format({"text_wrap": True, "valign": "top", **props})

    kinds = {
        "text": fmt(),
        "text-review": fmt(bg_color="#" + _FILL_REVIEW, pattern=1),
        "pct": fmt(num_format="0%"),
        "pct-review": fmt(bg_color="#" + _FILL_REVIEW, pattern=1, num_format="0%"),
        "edit": fmt(locked=False, bg_color="#" + _FILL_EDIT, pattern=1),
    }
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center",
                          "bg_color": "#" + _FILL_HEAD, "pattern": 1})
    head_edit = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center",
                               "bg_color": "#" + _FILL_HEAD_EDIT, "pattern": 1})

    # ---- the review sheet
    ws = wb.add_worksheet(REVIEW_SHEET)
    cells = _Cells(ws)
    for j, (_key, _header, width, editable) in enumerate(REVIEW_COLUMNS):
        # an editable column is green and unlocked by its column format, so an empty cell
        # needs no record of its own (most of them are empty; the rows above are styled apart)
        ws.set_column(j, j, width, kinds["edit"] if editable else None)
    ws.freeze_panes(HEADER_ROW, 1)
    ws.autofilter(HEADER_ROW - 1, 0, last - 1, ncol - 1)
    # filtering, sorting and resizing stay allowed on the protected sheet
    ws.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True})
    # printing: A4 landscape, each row over two pages side by side (18 columns on one page
    # would be unreadably small), the header row and the id column repeated on every page
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(2, 0)
    ws.print_across()
    ws.repeat_rows(HEADER_ROW - 1)
    ws.repeat_columns(0)
    letter = {key: j for j, (key, *_rest) in enumerate(REVIEW_COLUMNS)}
    ref = f"='{LIST_SHEET}'!"
    specs = [
        ("sector", f"{ref}$A$2:$A${len(taxonomy.sectors) + 1}", "Chọn một lĩnh vực trong danh sách."),
        ("authority", f"{ref}$D$2:$D$3", "Chọn 'Trung ương' hoặc 'Địa phương'."),
        ("split_out", f"{ref}$F$2:$F$2", "Chọn x hoặc để trống."),
        ("not_recommendation", f"{ref}$F$2:$F$2", "Chọn x hoặc để trống."),
    ]
    for key, source, message in specs:
        j = letter[key]
        ws.data_validation(HEADER_ROW, j, last - 1, j, {
            "validate": "list", "source": source, "ignore_blank": True, "error_title": "Giá trị không hợp lệ",
            "error_message": message})
    ws.write_string(0, 0, f"BẢNG RÀ SOÁT KIẾN NGHỊ CỬ TRI (tạo ngày {generated_at})",
                    wb.add_format({"bold": True, "font_size": 13}))
    plain = wb.add_format()
    for j, (_key, _header, _width, editable) in enumerate(REVIEW_COLUMNS):
        if editable:
            ws.write_blank(0, j, None, plain)  # the title row is not part of the green columns
    ws.merge_range(1, 0, 1, ncol - 1, (
        ("Lĩnh vực, thẩm quyền và việc gộp ý kiến là kết quả máy tự phân loại, chưa có điều chỉnh của chuyên viên. "
         if not corrections_applied else "")
        + "Chỉ sửa các cột màu xanh lá. Ô để trống nghĩa là không hiệu chỉnh; xóa một ô đã điền sẵn là bỏ hiệu chỉnh đã lưu. "
        f"'{_HEADER['merge_into']}': ghi mã cụm (C…) hoặc mã kiến nghị (R…) cần gộp vào. "
        f"'{_HEADER['split_out']}', '{_HEADER['not_recommendation']}': chọn x. "
        "Sau khi sửa, chạy lại: cutri run … --corrections review.xlsx"
    ), kinds["text"])
    ws.set_row(1, 45)
    ws.set_row(HEADER_ROW - 1, 32)
    for j, (_key, header, _width, editable) in enumerate(REVIEW_COLUMNS):
        ws.write_string(HEADER_ROW - 1, j, header, head_edit if editable else head)

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
    layout = [(j, key, width, editable) for j, (key, _h, width, editable) in enumerate(REVIEW_COLUMNS)]
    text, number = cells.text, cells.number
    edit, pct, pct_rev, txt, txt_rev = (kinds[k] for k in ("edit", "pct", "pct-review", "text", "text-review"))
    for r, i in enumerate(order, start=HEADER_ROW):
        pre = prefill.get(item_ids[i], {})
        review = needs_l[i]
        sizes = []
        for j, key, width, editable in layout:
            if editable:
                v = pre.get(key, "")
                if v:
                    text(r, j, v, edit)
            elif key == "sector_confidence":
                number(r, j, values[key][i], pct_rev if review else pct)
                continue
            else:
                v = values[key][i]
                text(r, j, v, txt_rev if review else txt)
            sizes.append((v, width))
        lines = _lines(sizes)
        if lines > 1:  # readers do not size rows on opening
            ws.set_row(r, 15 * min(lines, 27))

    # ---- dropdown lists on a hidden sheet
    lists = wb.add_worksheet(LIST_SHEET)
    lists.hide()
    for j, h in enumerate(["Lĩnh vực", "Mã", None, "Thẩm quyền", None, "Đánh dấu"]):
        if h:
            lists.write_string(0, j, h)
    lc = _Cells(lists)
    for r, sec in enumerate(taxonomy.sectors, start=1):
        lc.text(r, 0, sec.label)
        lc.text(r, 1, sec.slug)
    lists.write_string(1, 3, AUTHORITY_SHORT[S.CENTRAL])
    lists.write_string(1, 5, MARK)
    lists.write_string(2, 3, AUTHORITY_SHORT[S.LOCAL])

    # ---- clusters, for choosing a merge target; with a register, the proposed links to review
    cs = wb.add_worksheet(CLUSTER_SHEET)
    cheads = [("cluster_id", "Mã cụm", 16), ("representative_text", "Nội dung đại diện", 70),
              ("sector_label", "Lĩnh vực", 30), ("authority", "Thẩm quyền", 14), ("n_items", "Số kiến nghị", 10),
              ("units", "Đơn vị", 40)]
    n_clusters = 0 if clusters is None else len(clusters)
    head_plain = wb.add_format({"bold": True, "bg_color": "#" + _FILL_HEAD, "pattern": 1})
    for j, (_k, h, w) in enumerate(cheads):
        cs.set_column(j, j, w)
        cs.write_string(0, j, h, head_plain)
    cs.freeze_panes(1, 0)
    cs.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True})
    ordered = None
    if clusters is not None and len(clusters):
        ordered = clusters.sort_values(["n_items", S.CLUSTER_ID], ascending=[False, True], kind="mergesort")
    ncols_c = len(cheads)
    cc = _Cells(cs)
    if register_links is not None:
        from .register_columns import write_register_columns

        ncols_c += write_register_columns(wb, cs, ordered, register_links, len(cheads), head_plain, head_edit,
                                          kinds, cc.text)
    cs.autofilter(0, 0, n_clusters, ncols_c - 1)
    wrap = kinds["text"]
    if ordered is not None:
        for r, rec in enumerate(ordered.to_dict("records"), start=1):
            for j, (k, _h, _w) in enumerate(cheads):
                v = rec.get(k, "")
                if k == "n_items":
                    cc.number(r, j, int(v), wrap)
                else:
                    cc.text(r, j, AUTHORITY_SHORT.get(v, v) if k == "authority" else v, wrap)

    # ---- what was pre-filled, to tell a cleared cell from an untouched one when reading back
    ps = wb.add_worksheet(PREFILL_SHEET)
    ps.very_hidden()
    ps.protect()
    pc = _Cells(ps)
    for j, h in enumerate(["item_id"] + EDITABLE_KEYS):
        ps.write_string(0, j, h)
    for r, iid in enumerate(sorted(prefill), start=1):
        for j, v in enumerate([iid] + [prefill[iid].get(k, "") for k in EDITABLE_KEYS]):
            pc.text(r, j, v)

    wb.close()
    # the project's one zip stamper: the run's date on every entry, deflated at io.ZIP_LEVEL
    io.write_bytes(path, io.rewrite_zip(buf.getvalue(), when.timetuple()[:6]))
    return [path]
