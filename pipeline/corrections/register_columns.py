"""The register's columns on review.xlsx's clusters sheet: proposed links to earlier rounds.

When the round is recorded in a register, each consolidated item shows its register_id,
the links proposed to earlier rounds (register_id, how it was linked, score), the earlier
rounds' names and texts, and two green cells: a decision (xác nhận / bác bỏ) and another
register_id to link to. ``pipeline.register.review`` reads them back into
register_corrections.csv, which the register replays on every later run.
"""

from __future__ import annotations

import pandas as pd

# (key, header, width, editable); the headers are what ``register.review`` reads back
REGISTER_COLUMNS = [
    ("register_id", "Mã theo dõi", 16, False),
    ("register_links", "Liên kết đề xuất (mã, cách gắn, điểm)", 34, False),
    ("previous_rounds", "Các kỳ trước", 26, False),
    ("earlier_texts", "Nội dung đã kiến nghị ở kỳ trước", 60, False),
    ("decision", "Quyết định liên kết", 16, True),
    ("link_to", "Gắn với mã theo dõi khác", 18, True),
]
DECISION_CHOICES = ("xác nhận", "bác bỏ")


def write_register_columns(wb, ws, clusters: pd.DataFrame | None, links: pd.DataFrame, first_col: int,
                           head_fmt, head_edit_fmt, kinds: dict, text) -> int:
    """Write the register columns from ``first_col`` on (headers in row 0, one row per cluster
    in ``clusters``' order); returns how many columns were added.

    ``links``: cluster_id and the keys of REGISTER_COLUMNS (decision already as its label).
    ``text(row, col, value, fmt)`` writes a text cell.
    """
    by_cluster = links.set_index("cluster_id").to_dict("index") if len(links) else {}
    n = 0 if clusters is None else len(clusters)
    for k, (key, header, width, editable) in enumerate(REGISTER_COLUMNS):
        j = first_col + k
        ws.set_column(j, j, width, kinds["edit"] if editable else None)
        ws.write_string(0, j, header, head_edit_fmt if editable else head_fmt)
    dj = first_col + [k for k, *_ in REGISTER_COLUMNS].index("decision")
    if n:
        ws.data_validation(1, dj, n, dj, {
            "validate": "list", "source": list(DECISION_CHOICES), "ignore_blank": True,
            "error_title": "Giá trị không hợp lệ", "error_message": "Chọn 'xác nhận' hoặc 'bác bỏ', hoặc để trống."})
        for r, cid in enumerate(clusters["cluster_id"].tolist(), start=1):
            rec = by_cluster.get(cid, {})
            for k, (key, _h, _w, editable) in enumerate(REGISTER_COLUMNS):
                v = rec.get(key, "")
                if v or not editable:
                    text(r, first_col + k, v, kinds["edit"] if editable else kinds["text"])
    return len(REGISTER_COLUMNS)
