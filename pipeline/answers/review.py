"""answers_review.xlsx (uncertain links and statuses first, dropdowns) and the replay of the
analyst's decisions on the next ``cutri answers`` run (answers_corrections.csv)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..io import defuse_formula, write_bytes, write_csv
from .rules import STATUS_LABELS, fold, workbook_bytes

DECISIONS = ("xác nhận", "bác bỏ", "liên kết lại")
CORRECTION_COLUMNS = ["answer_id", "recommendation_text", "register_id", "decision", "new_register_id", "new_status"]
REVIEW_HEADERS = [("answer_id", "Mã trả lời", 14), ("source_file", "Tệp", 22), ("source_ref", "Vị trí", 12),
                  ("agency", "Cơ quan trả lời", 22), ("recommendation_text", "Kiến nghị (như văn bản trích)", 50),
                  ("register_id", "Mã theo dõi đề xuất", 14), ("register_text", "Kiến nghị trong sổ", 50),
                  ("match_score", "Điểm khớp", 9), ("answer_text", "Nội dung trả lời", 60),
                  ("status_label", "Tình trạng đề xuất", 22), ("why", "Cần xem vì", 28),
                  ("decision", "Quyết định", 14), ("new_register_id", "Mã theo dõi đúng (nếu liên kết lại)", 16),
                  ("new_status", "Tình trạng đúng", 28)]
_STATUS_BY_LABEL = {fold(v): k for k, v in STATUS_LABELS.items()}


def _why(r) -> str:
    why = []
    if not r["register_id"]:
        why.append("không khớp kiến nghị nào trong sổ")
    elif r["uncertain_link"]:
        why.append("liên kết chưa chắc")
    if float(r["status_confidence"]) < 0.5:
        why.append("tình trạng suy từ lời văn, chưa chắc")
    return "; ".join(why)


def write_review(dest: Path, table: pd.DataFrame, candidates: pd.DataFrame) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    texts = dict(zip(candidates["register_id"].astype(str), candidates["text"].astype(str))) if len(candidates) else {}
    df = table.assign(register_text=table["register_id"].map(lambda r: texts.get(r, "")),
                      status_label=table["status"].map(lambda s: STATUS_LABELS.get(s, s)))
    df = df.assign(why=[_why(r) for r in df.to_dict("records")], decision="", new_register_id="", new_status="")
    df = df.assign(_k=(df["why"] == "").astype(int)).sort_values(["_k", "source_file", "answer_id", "register_id"], kind="stable")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Trả lời"
    ws.append([h for _c, h, _w in REVIEW_HEADERS])
    for r in df.to_dict("records"):
        ws.append([defuse_formula(r[c]) if isinstance(r[c], str) else r[c] for c, _h, _w in REVIEW_HEADERS])
    for j, (_c, _h, w) in enumerate(REVIEW_HEADERS, 1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width = w
        ws.cell(1, j).font = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for i, r in enumerate(df.to_dict("records"), 2):
        for j in range(1, len(REVIEW_HEADERS) + 1):
            ws.cell(i, j).alignment = Alignment(wrap_text=True, vertical="top")
            if r["why"]:
                ws.cell(i, j).fill = fill
    ws.freeze_panes = "A2"
    n = max(2, len(df) + 1)
    col = {c: openpyxl.utils.get_column_letter(j) for j, (c, _h, _w) in enumerate(REVIEW_HEADERS, 1)}
    dv = DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add(f"{col['decision']}2:{col['decision']}{n}")
    lists = wb.create_sheet("Danh mục")
    for i, label in enumerate(STATUS_LABELS.values(), 1):
        lists.cell(i, 1, label)
    for i, rid in enumerate(sorted(texts), 1):
        lists.cell(i, 2, rid)
    dv2 = DataValidation(type="list", formula1=f"'Danh mục'!$A$1:$A${len(STATUS_LABELS)}", allow_blank=True)
    ws.add_data_validation(dv2)
    dv2.add(f"{col['new_status']}2:{col['new_status']}{n}")
    if texts:
        dv3 = DataValidation(type="list", formula1=f"'Danh mục'!$B$1:$B${len(texts)}", allow_blank=True)
        ws.add_data_validation(dv3)
        dv3.add(f"{col['new_register_id']}2:{col['new_register_id']}{n}")
    write_bytes(dest, workbook_bytes(wb))


def read_review_decisions(path: Path) -> pd.DataFrame:
    """The analyst's decisions in an answers_review.xlsx (CORRECTION_COLUMNS)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise InputError(f"Không đọc được {path.name}: {type(exc).__name__}") from exc
    ws = wb["Trả lời"] if "Trả lời" in wb.sheetnames else wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    if not rows:
        return pd.DataFrame(columns=CORRECTION_COLUMNS)
    head = {h: i for i, h in enumerate(rows[0])}
    idx = {c: head.get(h) for c, h, _w in REVIEW_HEADERS}
    out = []
    for n, row in enumerate(rows[1:], 2):
        get = lambda c: "" if idx[c] is None or idx[c] >= len(row) or row[idx[c]] is None else str(row[idx[c]]).strip()  # noqa: E731
        dec, new_rid, new_st = get("decision"), get("new_register_id"), get("new_status")
        if not (dec or new_rid or new_st):
            continue
        if dec and fold(dec) not in {fold(d) for d in DECISIONS}:
            raise InputError(f"{path.name}, trang 'Trả lời', dòng {n}: quyết định '{dec}' không hợp lệ "
                             f"(chọn một trong: {', '.join(DECISIONS)})")
        st = _STATUS_BY_LABEL.get(fold(new_st), "") if new_st else ""
        if new_st and not st:
            raise InputError(f"{path.name}, trang 'Trả lời', dòng {n}: tình trạng '{new_st}' không hợp lệ")
        if fold(dec) == fold("liên kết lại") and not new_rid:
            raise InputError(f"{path.name}, trang 'Trả lời', dòng {n}: 'liên kết lại' cần mã theo dõi đúng")
        out.append(dict(answer_id=get("answer_id"), recommendation_text=get("recommendation_text"),
                        register_id=get("register_id"), decision=dec, new_register_id=new_rid, new_status=st))
    return pd.DataFrame(out, columns=CORRECTION_COLUMNS)


def merge_corrections(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    both = pd.concat([old, new], ignore_index=True).fillna("")
    both = both.drop_duplicates(["answer_id", "recommendation_text", "register_id"], keep="last")
    return both.sort_values(["answer_id", "recommendation_text", "register_id"], kind="stable").reset_index(drop=True)


def apply_corrections(linked: pd.DataFrame, corrections: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Replay decisions on a fresh linking: confirm (no longer uncertain), reject (the link
    goes; the quote stays listed unlinked when nothing else is left), relink (another
    register_id), new status. Returns (table, number of decisions applied)."""
    if corrections.empty or linked.empty:
        return linked, 0
    df = linked.copy()
    applied = 0
    for c in corrections.fillna("").to_dict("records"):
        m = (df["answer_id"] == c["answer_id"]) & (df["recommendation_text"] == c["recommendation_text"]) & \
            (df["register_id"].fillna("") == c["register_id"])
        if not m.any():
            continue
        applied += 1
        dec = fold(c["decision"])
        if dec == fold("bác bỏ"):
            others = (df["answer_id"] == c["answer_id"]) & (df["recommendation_text"] == c["recommendation_text"]) & ~m
            if others.any():
                df = df[~m]
                continue
            df.loc[m, ["register_id", "match_score"]] = ["", 0.0]
        elif dec == fold("liên kết lại"):
            df.loc[m, ["register_id", "match_score"]] = [c["new_register_id"], 1.0]
        if c["new_status"]:
            df.loc[m, ["status", "status_confidence", "status_basis"]] = [c["new_status"], 1.0, "analyst"]
        df.loc[m, "uncertain_link"] = False
        if dec:  # the analyst has seen the row: its status is no longer listed as uncertain
            df.loc[m, "status_confidence"] = df.loc[m, "status_confidence"].astype(float).clip(lower=0.5)
    return df.reset_index(drop=True), applied


def load_corrections(out_dir: Path) -> pd.DataFrame:
    """Decisions kept in OUT/answers_corrections.csv plus those filled in OUT/answers_review.xlsx."""
    old = pd.DataFrame(columns=CORRECTION_COLUMNS)
    csv = out_dir / "answers_corrections.csv"
    if csv.exists():
        old = pd.read_csv(csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        missing = [c for c in CORRECTION_COLUMNS if c not in old.columns]
        if missing:
            raise InputError(f"{csv}: thiếu cột {', '.join(missing)}")
    review = out_dir / "answers_review.xlsx"
    new = read_review_decisions(review) if review.exists() else pd.DataFrame(columns=CORRECTION_COLUMNS)
    return merge_corrections(old[CORRECTION_COLUMNS], new)


def save_corrections(out_dir: Path, corrections: pd.DataFrame) -> None:
    if len(corrections):
        write_csv(out_dir / "answers_corrections.csv", corrections[CORRECTION_COLUMNS])
