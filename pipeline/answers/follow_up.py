"""The follow-up supervision report (báo cáo kết quả giám sát việc giải quyết kiến nghị cử tri).

``follow_up_figures`` computes every number once from the register's entries and answers;
report.docx, report.html and report.xlsx are all written from that one dict, so their
numbers agree with each other and with the register.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..config import Config
from ..report import fmt_int, nd30_date, vi_sort_key
from .rules import STATUS_LABELS, STATUSES

AUTHORITY_LABELS = {"trung_uong": "Trung ương", "dia_phuong": "Địa phương", "": "Chưa xác định"}
NO_AGENCY = "Chưa có cơ quan trả lời"
GROUP_COLUMNS = ["group", "sent", "answered", *STATUSES, "answered_share"]


def _parse(d: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(d)[:10])
    except ValueError:
        return None


def entry_status(entries: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """One row per entry with ``status`` (chua_tra_loi when never answered), the answering
    ``agency`` and documents (latest answer first)."""
    linked = answers[answers["register_id"].fillna("") != ""].copy() if len(answers) else answers
    by: dict[str, list] = {}
    for r in linked.sort_values(["doc_date", "answer_id"], ascending=[False, True]).to_dict("records") if len(linked) else []:
        by.setdefault(r["register_id"], []).append(r)
    rows = []
    for e in entries.to_dict("records"):
        ans = by.get(e["register_id"], [])
        status = e.get("status") or (ans[0]["status"] if ans else "") or "chua_tra_loi"
        rows.append(dict(e, status=status, agency=(ans[0]["agency"] or NO_AGENCY) if ans else NO_AGENCY,
                         documents="; ".join(sorted({" ".join(x for x in (a["agency"], a["doc_number"], a["doc_date"]) if x)
                                                    for a in ans})),
                         answer_text=ans[0]["text"] if ans else ""))
    return pd.DataFrame(rows)


def _share(x: int, y: int) -> str:
    return f"{x}/{y} ({(100.0 * x / y if y else 0):.1f}%)".replace(".", ",")


def _groups(df: pd.DataFrame, key: str, labels) -> list[dict]:
    out = []
    for g, sub in df.groupby(key, sort=False):
        counts = sub["status"].value_counts()
        row = dict(group=labels(g), sent=len(sub), **{s: int(counts.get(s, 0)) for s in STATUSES})
        row["answered"] = row["sent"] - row["chua_tra_loi"]
        row["answered_share"] = _share(row["answered"], row["sent"])
        out.append(row)
    return sorted(out, key=lambda r: (-r["sent"], vi_sort_key(r["group"])))


def follow_up_figures(entries: pd.DataFrame, answers: pd.DataFrame, rounds: pd.DataFrame, cfg: Config,
                      round_name: str | None, as_of: dt.date, overdue_days: int, repeat_min: int = 3) -> dict:
    st = entry_status(entries, answers)
    if st.empty:
        st = pd.DataFrame(columns=[*entries.columns, "agency", "documents", "answer_text"])
    held = {str(r["name"]): _parse(r["held_on"]) for r in rounds.to_dict("records")}
    labels = {s.slug: s.label for s in cfg.taxonomy.sectors}
    total = len(st)
    counts = st["status"].value_counts() if total else pd.Series(dtype=int)
    status_rows = [dict(status=s, label=STATUS_LABELS[s], count=int(counts.get(s, 0)),
                        share=_share(int(counts.get(s, 0)), total)) for s in STATUSES]
    answered = total - int(counts.get("chua_tra_loi", 0))
    overdue = []
    for r in st.to_dict("records"):
        d = held.get(str(r.get("latest_round", "")))
        if r["status"] == "chua_tra_loi" and d is not None and (as_of - d).days > overdue_days:
            overdue.append(dict(register_id=r["register_id"], text=r["text"], round=r["latest_round"], since=d.isoformat(),
                                days=(as_of - d).days, sector=labels.get(r["sector"], r["sector"]),
                                authority=AUTHORITY_LABELS.get(r["authority"], r["authority"])))
    repeated = [dict(register_id=r["register_id"], text=r["text"], n_rounds=int(r["n_rounds"]), rounds=r["rounds"],
                     units=r["units"], status=STATUS_LABELS.get(r["status"], r["status"]), documents=r["documents"],
                     history=r.get("texts", ""))
                for r in st.to_dict("records") if int(r.get("n_rounds") or 0) >= repeat_min and r["status"] != "da_giai_quyet"]
    overdue.sort(key=lambda r: (-r["days"], r["register_id"]))
    repeated.sort(key=lambda r: (-r["n_rounds"], r["register_id"]))
    return dict(
        round_name=round_name or "", as_of=as_of.isoformat(), as_of_text=nd30_date(as_of), overdue_days=overdue_days,
        repeat_min=repeat_min, sent=total, answered=answered, answered_share=_share(answered, total),
        statuses=status_rows,
        by_authority=_groups(st, "authority", lambda g: AUTHORITY_LABELS.get(g, g)) if total else [],
        by_sector=_groups(st, "sector", lambda g: labels.get(g, g or "Chưa phân loại")) if total else [],
        by_agency=_groups(st, "agency", lambda g: g) if total else [],
        overdue=overdue, repeated=repeated, fmt=fmt_int)


def _pct(x: int, y: int) -> str:
    return f"{(100.0 * x / y if y else 0):.1f}%".replace(".", ",")


def assessment(f: dict) -> dict:
    """The prose of the report's evaluation (ưu điểm; tồn tại, hạn chế; kiến nghị), written
    from the figures only, so that every number in it is one of ``f``'s."""
    by = {s["status"]: s["count"] for s in f["statuses"]}
    sent, answered = f["sent"], f["answered"]
    strengths, weaknesses, asks = [], [], []
    if answered:
        strengths.append(f"Các cơ quan có thẩm quyền đã giải quyết, trả lời {f['answered_share']} kiến nghị của cử tri; "
                         f"trong đó {by['da_giai_quyet']} kiến nghị đã giải quyết xong ({_pct(by['da_giai_quyet'], sent)}), "
                         f"{by['da_giai_trinh']} kiến nghị đã giải trình, thông tin với cử tri.")
    full = [g["group"] for g in f["by_agency"] if g["group"] and g["chua_tra_loi"] == 0 and g["answered"] > 0
            and g["da_giai_quyet"] == g["sent"]]
    if full:
        strengths.append("Đã giải quyết xong toàn bộ kiến nghị được giao: " + ", ".join(full) + ".")
    if by["chua_tra_loi"]:
        weaknesses.append(f"Còn {by['chua_tra_loi']} kiến nghị chưa được trả lời ({_pct(by['chua_tra_loi'], sent)}); "
                          f"{len(f['overdue'])} kiến nghị đã quá {f['overdue_days']} ngày kể từ kỳ họp.")
    if by["dang_giai_quyet"]:
        weaknesses.append(f"{by['dang_giai_quyet']} kiến nghị mới ở mức đang giải quyết, đang nghiên cứu hoặc sẽ xem xét; "
                          "cần theo dõi kết quả giải quyết thực tế.")
    if f["repeated"]:
        weaknesses.append(f"{len(f['repeated'])} kiến nghị cử tri đã nêu từ {f['repeat_min']} kỳ trở lên nhưng chưa "
                          "được giải quyết dứt điểm (kiến nghị lặp lại, tồn đọng kéo dài).")
    slow = [g for g in f["by_authority"] if g["sent"] and g["chua_tra_loi"]]
    for g in slow:
        weaknesses.append(f"{g['group']}: còn {g['chua_tra_loi']}/{g['sent']} kiến nghị chưa trả lời.")
    if by["chua_tra_loi"]:
        asks.append("Đề nghị các cơ quan có thẩm quyền khẩn trương trả lời các kiến nghị chưa được trả lời, "
                    "nhất là các kiến nghị đã quá hạn nêu tại mục III.")
    if f["repeated"]:
        asks.append("Đề nghị tập trung giải quyết dứt điểm các kiến nghị lặp lại nhiều kỳ nêu tại mục IV, "
                    "báo cáo kết quả cụ thể để thông tin với cử tri.")
    if by["dang_giai_quyet"]:
        asks.append("Đề nghị các cơ quan đang giải quyết kiến nghị báo cáo tiến độ, thời hạn hoàn thành.")
    return dict(strengths=strengths or ["Chưa có kết quả giải quyết được ghi nhận."],
                weaknesses=weaknesses or ["Không có."], asks=asks or ["Tiếp tục theo dõi, đôn đốc việc giải quyết kiến nghị."])


def as_of_date(answers: pd.DataFrame, rounds: pd.DataFrame, cfg: Config) -> dt.date:
    """The report's date: ``[report] date``, else the latest answer document's date, else the
    latest round's date, else today (so that the same register gives the same report)."""
    for v in (cfg.report.date,):
        if d := _parse(v):
            return d
    dates = [d for d in map(_parse, list(answers.get("doc_date", [])) + list(rounds.get("held_on", []))) if d]
    return max(dates) if dates else dt.date.today()
