"""The analyst's check of the links to earlier rounds: register_review.xlsx and its replay.

Each run with a register writes ``register_review.xlsx``: one row per consolidated item
with its proposed links to earlier rounds (register_id, score, earlier rounds and texts).
The analyst picks a decision in "Quyết định" (xác nhận / bác bỏ / kiến nghị mới) or types
another register_id in "Gắn với mã". Given back with ``--corrections register_review.xlsx``
the decisions apply to the round's links; they are kept in ``register_corrections.csv`` in
the out folder and replayed by every later run of the round, like the other corrections.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from .. import io
from ..errors import InputError
from .rounds import LinkOverride

SHEET = "Liên kết sổ theo dõi"
LOG_FILE = "register_corrections.csv"
WORKBOOK = "register_review.xlsx"
DECISIONS = {"xác nhận": "confirm", "bác bỏ": "reject", "kiến nghị mới": "new"}
HEADERS = [("cluster_id", "Mã nội dung", 16), ("text", "Nội dung kiến nghị", 60), ("register_id", "Mã theo dõi", 16),
           ("register_links", "Liên kết đề xuất (mã, cách gắn, điểm)", 34), ("previous_rounds", "Các kỳ trước", 26),
           ("earlier_texts", "Nội dung đã kiến nghị ở kỳ trước", 60), ("decision", "Quyết định", 16),
           ("link_to", "Gắn với mã", 16)]
LOG_COLUMNS = ["cluster_id", "decision", "register_ids", "link_to"]


def _fold(s) -> str:
    return " ".join(unicodedata.normalize("NFC", str(s or "")).casefold().split())


def is_register_review(path: Path) -> bool:
    """True for a workbook with the register review sheet."""
    if Path(path).suffix.lower() != ".xlsx":
        return False
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            return SHEET in wb.sheetnames
        finally:
            wb.close()
    except Exception:  # not readable here: the corrections reader reports it
        return False


def read_review(path: Path) -> pd.DataFrame:
    """The decisions of a filled register_review.xlsx as LOG_COLUMNS rows (empty rows skipped)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(wb[SHEET].iter_rows(values_only=True))
    finally:
        wb.close()
    head = [_fold(h) for h in rows[0]] if rows else []
    want = {k: _fold(h) for k, h, _ in HEADERS}
    try:
        col = {k: head.index(h) for k, h in want.items() if k in ("cluster_id", "register_links", "decision", "link_to")}
    except ValueError:
        raise InputError(f"{path}, trang '{SHEET}': thiếu cột bắt buộc (Mã nội dung, Liên kết đề xuất, Quyết định, Gắn với mã).") from None
    out = []
    for n, r in enumerate(rows[1:], start=2):
        cid = str(r[col["cluster_id"]] or "").strip()
        dec = _fold(r[col["decision"]])
        link_to = str(r[col["link_to"]] or "").strip().upper()
        if not cid or (not dec and not link_to):
            continue
        if dec and dec not in DECISIONS:
            raise InputError(f"{path}, trang '{SHEET}', dòng {n}: quyết định '{r[col['decision']]}' không hợp lệ "
                             f"(chọn: {', '.join(DECISIONS)}).")
        ids = [p.split(" ")[0] for p in str(r[col["register_links"]] or "").split("; ") if p.strip()]
        out.append(dict(cluster_id=cid, decision=DECISIONS.get(dec, ""), register_ids="; ".join(ids), link_to=link_to))
    return pd.DataFrame(out, columns=LOG_COLUMNS)


def load_overrides(out_dir: Path, files) -> tuple[dict, pd.DataFrame]:
    """(cluster_id → LinkOverride, the merged log): the out folder's log, then the files given now."""
    frames = []
    log = Path(out_dir) / LOG_FILE
    if log.exists():
        frames.append(pd.read_csv(log, dtype=str, keep_default_na=False, encoding="utf-8-sig"))
    frames += [read_review(Path(f)) for f in files]
    merged = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=LOG_COLUMNS)
    merged = merged.reindex(columns=LOG_COLUMNS).fillna("").drop_duplicates("cluster_id", keep="last")
    merged = merged.sort_values("cluster_id", kind="stable").reset_index(drop=True)
    overrides = {}
    for r in merged.itertuples(index=False):
        ids = frozenset(i for i in r.register_ids.split("; ") if i)
        overrides[r.cluster_id] = LinkOverride(
            confirm=ids if r.decision == "confirm" else frozenset(),
            reject=ids if r.decision == "reject" else frozenset(),
            link_to=r.link_to, new=r.decision == "new")
    return overrides, merged


def write_outputs(stage: Path, clusters: pd.DataFrame, record, log: pd.DataFrame) -> list[Path]:
    """Write register_review.xlsx and register_corrections.csv into ``stage``; return their paths."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    cols = record.columns.set_index("cluster_id")
    prior = {c: " / ".join(t for h in hist for t in h["texts"]) for c, hist in record.history.items()}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([h for _, h, _ in HEADERS])
    for i, (_, _, w) in enumerate(HEADERS, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = w
        ws.cell(1, i).font = Font(bold=True)
    done = dict(zip(log["cluster_id"], zip(log["decision"], log["link_to"])))
    labels = {v: k for k, v in DECISIONS.items()}
    order = clusters.assign(_p=clusters["cluster_id"].map(cols["register_links"]).fillna("") == "")
    for r in order.sort_values(["_p", "cluster_id"], kind="stable").itertuples(index=False):
        cid = r.cluster_id
        dec, link_to = done.get(cid, ("", ""))
        ws.append([io.defuse_formula(str(v)) for v in (
            cid, r.representative_text, cols.at[cid, "register_id"], cols.at[cid, "register_links"],
            cols.at[cid, "previous_rounds"], prior.get(cid, ""), labels.get(dec, ""), link_to)])
    dv = DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add(f"G2:G{max(ws.max_row, 2)}")
    fill = PatternFill("solid", fgColor="E2EFDA")
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row[6].fill = fill
        row[7].fill = fill
    ws.freeze_panes = "B2"
    from ..answers.rules import workbook_bytes  # fixed timestamps: openpyxl's save stamps "modified" with now

    book = Path(stage) / WORKBOOK
    io.write_bytes(book, workbook_bytes(wb))
    log_path = Path(stage) / LOG_FILE
    io.write_csv(log_path, log.reindex(columns=LOG_COLUMNS))
    return [book, log_path]
