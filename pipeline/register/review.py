"""The analyst's check of the links to earlier rounds, and its replay.

With a register, review.xlsx's clusters sheet shows each consolidated item's proposed
links to earlier rounds (register_id, how linked, score; the earlier rounds and their
texts; ``review_links``) with two green cells: "Quyết định liên kết" (xác nhận / bác bỏ)
and "Gắn với mã theo dõi khác" (another register_id). Given back with
``--corrections review.xlsx`` the decisions apply to the round's links; they are kept in
``register_corrections.csv`` in the out folder and replayed by every later run of the
round, like the other corrections. A ``register_review.xlsx`` written by earlier versions
(its own sheet, "Quyết định" also takes "kiến nghị mới") is still read.
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
# headers of review.xlsx's clusters sheet that mean the same columns (corrections.register_columns)
REVIEW_ALIASES = {"cluster_id": ("Mã cụm",), "decision": ("Quyết định liên kết",), "link_to": ("Gắn với mã theo dõi khác",)}


def _fold(s) -> str:
    return " ".join(unicodedata.normalize("NFC", str(s or "")).casefold().split())


def _link_sheet(path: Path) -> str | None:
    """The sheet of ``path`` holding link decisions: register_review.xlsx's own sheet, or
    review.xlsx's clusters sheet when it has the register columns; None otherwise."""
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    from ..corrections.common import CLUSTER_SHEET
    from ..corrections.read import _open_workbook

    try:
        wb = _open_workbook(Path(path))  # after ingest's zip-bomb and entity checks
    except InputError:  # the corrections reader reports it
        return None
    try:
        if SHEET in wb.sheetnames:
            return SHEET
        if CLUSTER_SHEET in wb.sheetnames:
            head = next(wb[CLUSTER_SHEET].iter_rows(values_only=True, max_row=1, max_col=64), ())
            if _fold(REVIEW_ALIASES["decision"][0]) in {_fold(h) for h in head}:
                return CLUSTER_SHEET
        return None
    except Exception:
        return None
    finally:
        wb.close()


def is_register_review(path: Path) -> bool:
    """True for a workbook with link decisions (register_review.xlsx, or review.xlsx of a round
    in a register)."""
    return _link_sheet(path) is not None


def is_link_workbook_only(path: Path) -> bool:
    """True for a register_review.xlsx of earlier versions: it holds no other corrections."""
    return _link_sheet(path) == SHEET


def read_review(path: Path) -> pd.DataFrame:
    """The link decisions of a filled workbook as LOG_COLUMNS rows (empty rows skipped)."""
    from ..corrections.read import _open_workbook

    sheet = _link_sheet(path)
    if sheet is None:
        return pd.DataFrame(columns=LOG_COLUMNS)
    wb = _open_workbook(Path(path))
    try:
        rows = list(wb[sheet].iter_rows(values_only=True, max_col=64))
    finally:
        wb.close()
    head = [_fold(h) for h in rows[0]] if rows else []
    want = {k: [_fold(h), *(_fold(a) for a in REVIEW_ALIASES.get(k, ()))] for k, h, _ in HEADERS}
    try:
        col = {k: next(head.index(h) for h in names if h in head) for k, names in want.items()
               if k in ("cluster_id", "register_links", "decision", "link_to")}
    except StopIteration:
        raise InputError(f"{path}, trang '{sheet}': thiếu cột bắt buộc (Mã nội dung, Liên kết đề xuất, Quyết định, Gắn với mã).") from None
    out = []
    for n, r in enumerate(rows[1:], start=2):
        cid = str(r[col["cluster_id"]] or "").strip()
        dec = _fold(r[col["decision"]])
        link_to = str(r[col["link_to"]] or "").strip().upper()
        if not cid or (not dec and not link_to):
            continue
        if dec and dec not in DECISIONS:
            raise InputError(f"{path}, trang '{sheet}', dòng {n}: quyết định '{r[col['decision']]}' không hợp lệ "
                             f"(chọn: {', '.join(DECISIONS)}).")
        ids = [p.split(" ")[0] for p in str(r[col["register_links"]] or "").split("; ") if p.strip()]
        out.append(dict(cluster_id=cid, decision=DECISIONS.get(dec, ""), register_ids="; ".join(ids), link_to=link_to))
    return pd.DataFrame(out, columns=LOG_COLUMNS)


def load_overrides(out_dir: Path, files) -> tuple[dict, pd.DataFrame]:
    """(cluster_id → LinkOverride, the merged log): the out folder's log, then the files given now."""
    frames = []
    log = Path(out_dir) / LOG_FILE
    stored = {}
    if log.exists():
        frames.append(pd.read_csv(log, dtype=str, keep_default_na=False, encoding="utf-8-sig"))
        stored = {r.cluster_id: r for r in frames[0].reindex(columns=LOG_COLUMNS).fillna("").itertuples(index=False)}
    for f in files:
        given = read_review(Path(f))
        # a decision shown again (its rejected links no longer proposed) keeps the ids it was taken on
        keep = [i for i, r in enumerate(given.itertuples(index=False)) if not r.register_ids
                and r.cluster_id in stored and stored[r.cluster_id].decision == r.decision]
        for i in keep:
            given.iat[i, LOG_COLUMNS.index("register_ids")] = stored[given.iat[i, 0]].register_ids
        frames.append(given)
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


def review_links(clusters: pd.DataFrame, record, log: pd.DataFrame) -> pd.DataFrame:
    """What review.xlsx's clusters sheet shows of the register, one row per cluster:
    cluster_id, register_id, register_links, previous_rounds, earlier_texts and the decision
    (label) and link_to already taken (from the log)."""
    cols = record.columns.set_index("cluster_id")
    prior = {c: " / ".join(t for h in hist for t in h["texts"]) for c, hist in record.history.items()}
    done = dict(zip(log["cluster_id"], zip(log["decision"], log["link_to"])))
    labels = {v: k for k, v in DECISIONS.items()}
    rows = []
    for cid in clusters["cluster_id"].tolist():
        dec, link_to = done.get(cid, ("", ""))
        rows.append(dict(cluster_id=cid, register_id=str(cols.at[cid, "register_id"]) if cid in cols.index else "",
                         register_links=str(cols.at[cid, "register_links"]) if cid in cols.index else "",
                         previous_rounds=str(cols.at[cid, "previous_rounds"]) if cid in cols.index else "",
                         earlier_texts=prior.get(cid, ""), decision=labels.get(dec, ""), link_to=link_to))
    return pd.DataFrame(rows, columns=["cluster_id", "register_id", "register_links", "previous_rounds",
                                       "earlier_texts", "decision", "link_to"]).fillna("")


def write_outputs(stage: Path, clusters: pd.DataFrame, record, log: pd.DataFrame) -> list[Path]:
    """Write register_corrections.csv (the link decisions replayed by later runs) into ``stage``.

    The decisions are taken in review.xlsx (``review_links``); register_review.xlsx is no
    longer written.
    """
    log_path = Path(stage) / LOG_FILE
    io.write_csv(log_path, log.reindex(columns=LOG_COLUMNS))
    return [log_path]
