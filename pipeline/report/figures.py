"""The report's numbers: items prepared for the report, consolidated items and every figure printed (pure)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schemas as S
from ..config import Config
from .text import _dmy, _num, _parse_date, _str, _truthy, vi_sorted

# issue 16: an item of a consolidated report may stand for several opinions ("(3 lượt ý kiến)");
# tables without the column count one opinion per row
N_OPINIONS = getattr(S, "N_OPINIONS", "n_opinions")


def opinion_counts(values) -> list[int]:
    """``n_opinions`` as integers ≥ 1: a missing, unreadable or smaller value counts 1."""
    out = []
    for v in values:
        try:
            n = int(v)
        except (TypeError, ValueError, OverflowError):
            n = 1
        out.append(n if n > 1 else 1)
    return out

def _sector_rank(cfg: Config):
    order = {slug: i for i, slug in enumerate(cfg.taxonomy.slugs)}
    return lambda slug: (order.get(slug, len(order)), slug)


def _sector_label(cfg: Config, slug: str, fallback: str = "") -> str:
    if cfg.taxonomy.get(slug) is not None:
        return cfg.taxonomy.label(slug)
    return fallback or slug


def _column(df: pd.DataFrame, col: str, n: int, default=None) -> list:
    """A column as a plain Python list (``default`` repeated when absent): iterating a list is
    much faster than iterating an arrow-backed Series value by value."""
    return df[col].tolist() if col in df else [default] * n


def _prepare(items: pd.DataFrame, clusters: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """Items with the report's own columns: _active, _order, _cluster, _sector, _authority."""
    df = items.reset_index(drop=True)
    n = len(df)
    for col, default in ((S.SPEAKER, ""), (S.SOURCE_FILE, ""), (S.SOURCE_REF, ""), (S.UNIT, ""), (S.TEXT, "")):
        if col not in df:
            df = df.assign(**{col: default})
    not_rec = _truthy(_column(df, S.NOT_RECOMMENDATION, n, False))
    answered = _truthy(_column(df, S.ANSWERED, n, False))
    review = _truthy(_column(df, S.NEEDS_REVIEW, n, False))
    weight = opinion_counts(_column(df, N_OPINIONS, n, 1))
    if S.ITEM_ID in df:
        item_ids = [_str(v) for v in df[S.ITEM_ID].tolist()]
    else:
        item_ids = [f"R{i}" for i in range(n)]
    cluster_col = [_str(c) or "C" + i for c, i in zip(_column(df, S.CLUSTER_ID, n, ""), item_ids)]
    own_sector = [_str(v) or "khac" for v in _column(df, S.SECTOR, n, "")]
    own_auth = [a if a in S.AUTHORITIES else S.LOCAL for a in map(_str, _column(df, S.AUTHORITY, n, ""))]

    # sector / authority of each consolidated item: clusters table, else its earliest member
    by_cluster = {}
    if clusters is not None and len(clusters):
        m = len(clusters)
        for cid, sec, auth in zip(_column(clusters, S.CLUSTER_ID, m), _column(clusters, S.SECTOR, m),
                                  _column(clusters, S.AUTHORITY, m)):
            cid = _str(cid)
            if cid:
                by_cluster[cid] = (_str(sec), _str(auth))
    sectors, auths = {}, {}
    for cid, sec, auth in zip(cluster_col, own_sector, own_auth):
        if cid in sectors:
            continue
        c_sec, c_auth = by_cluster.get(cid, ("", ""))
        sectors[cid] = c_sec or sec
        auths[cid] = c_auth if c_auth in S.AUTHORITIES else auth
    return df.assign(
        _order=range(n),
        _active=np.array([not x for x in not_rec], dtype=bool),
        _answered=np.array(answered, dtype=bool),
        _review=np.array(review, dtype=bool),
        _weight=weight,
        _item_id=item_ids,
        _cluster=cluster_col,
        _own_sector=own_sector,
        _own_authority=own_auth,
        _unit=[_str(v) for v in df[S.UNIT].tolist()],
        _text=[_str(v) for v in df[S.TEXT].tolist()],
        _sector=[sectors[c] for c in cluster_col],
        _authority=[auths[c] for c in cluster_col],
    )


_RECORD_COLUMNS = ("_order", "_active", "_answered", "_review", "_weight", "_item_id", "_cluster", "_unit", "_text", "_sector",
                   "_authority", S.SOURCE_FILE, S.SOURCE_REF, S.SPEAKER, S.SECTOR_CONFIDENCE)


def _frame_records(df: pd.DataFrame) -> list[dict]:
    """Every row as a dict of plain Python values (``to_dict("records")`` / ``itertuples`` walk
    arrow-backed columns value by value, several times slower)."""
    cols = list(df.columns)
    return [dict(zip(cols, values)) for values in zip(*(df[c].tolist() for c in cols))]


def _records(df: pd.DataFrame) -> list[dict]:
    """The prepared items as plain dicts in source order, with the columns the renderers read
    (``DataFrame.to_dict("records")`` over every column costs seconds at 20,000 items)."""
    cols = [c for c in _RECORD_COLUMNS if c in df]
    return [dict(zip(cols, values)) for values in zip(*(df[c].tolist() for c in cols))]


def consolidated_items(items: pd.DataFrame, clusters: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """One row per consolidated item of the report body, in report order.

    Columns: ref ("II.1.2"), section ("trung_uong"/"dia_phuong"), sector_no, item_no,
    cluster_id, sector, sector_label, authority, text, units (list, sorted), n_items
    (opinions: the members' n_opinions summed), n_units, n_answered, item_ids (list, item order).
    """
    df = _prepare(items, clusters, cfg)
    return _consolidated(df, clusters, cfg)


def _consolidated(df: pd.DataFrame, clusters: pd.DataFrame, cfg: Config,
                  records: list[dict] | None = None) -> pd.DataFrame:
    records = _records(df) if records is None else records
    rep_text = {}
    if clusters is not None and len(clusters) and "representative_text" in clusters:
        rep_text = {_str(c): _str(t) for c, t in zip(clusters[S.CLUSTER_ID].tolist(),
                                                      clusters["representative_text"].tolist())}
    label_of = {}
    if clusters is not None and len(clusters) and S.SECTOR_LABEL in clusters:
        label_of = {_str(s): _str(lab) for s, lab in zip(clusters[S.SECTOR].tolist(),
                                                         clusters[S.SECTOR_LABEL].tolist())}
    if S.SECTOR_LABEL in df:
        for s, lab in zip(df[S.SECTOR].tolist(), df[S.SECTOR_LABEL].tolist()):
            label_of.setdefault(_str(s), _str(lab))
    groups: dict[str, list[dict]] = {}
    for rec in records:
        if rec["_active"]:
            groups.setdefault(rec["_cluster"], []).append(rec)
    rows = []
    sector_labels: dict[str, str] = {}  # the taxonomy lookup is a scan: once per sector
    for cid, members in groups.items():
        units = vi_sorted({m["_unit"] for m in members})
        sector = members[0]["_sector"]
        if sector not in sector_labels:
            sector_labels[sector] = _sector_label(cfg, sector, label_of.get(sector, ""))
        rows.append({
            "cluster_id": cid,
            "sector": sector,
            "sector_label": sector_labels[sector],
            "authority": members[0]["_authority"],
            "text": rep_text.get(cid) or members[0]["_text"],
            "units": units,
            "n_items": sum(m["_weight"] for m in members),  # opinions: n_opinions summed
            "n_units": len(units),
            "n_answered": sum(m["_weight"] for m in members if m["_answered"]),
            "item_ids": [m["_item_id"] for m in members],
            "_first": int(members[0]["_order"]),
        })
    cols = ["ref", "section", "sector_no", "item_no", "cluster_id", "sector", "sector_label", "authority", "text",
            "units", "n_items", "n_units", "n_answered", "item_ids"]
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows)
    rank = _sector_rank(cfg)
    section_rank = {S.CENTRAL: 0, S.LOCAL: 1}
    out = out.assign(
        _a=out["authority"].map(section_rank), _s=out["sector"].map(rank), _n=-out["n_items"]
    ).sort_values(["_a", "_s", "_n", "_first"], kind="mergesort").reset_index(drop=True)
    refs = []
    roman = {S.CENTRAL: "II", S.LOCAL: "III"}
    for auth, by_auth in out.groupby("authority", sort=False):
        for s_no, (_, by_sec) in enumerate(by_auth.groupby("sector", sort=False), start=1):
            for i_no, idx in enumerate(by_sec.index, start=1):
                refs.append((idx, f"{roman[auth]}.{s_no}.{i_no}", s_no, i_no))
    refs.sort()
    out = out.assign(
        ref=[r[1] for r in refs], sector_no=[r[2] for r in refs], item_no=[r[3] for r in refs],
        section=out["authority"],
    )
    return out[cols]


# --------------------------------------------------------------------------- figures


def report_figures(items: pd.DataFrame, clusters: pd.DataFrame, meetings: pd.DataFrame, cfg: Config) -> dict:
    """Every number the report prints, computed from the tables (pure, no I/O).

    Every count of opinions (n_items, n_answered, n_central_items, n_local_items, the per-sector and
    per-unit n_items and n_answered, a consolidated item's n_items) sums the items' ``n_opinions``
    (issue 16: an item of a consolidated report may stand for several); without that column, or
    where it is missing, a row counts one. n_needs_review and n_not_recommendation count rows.

    Returns plain Python values::

        n_meetings, n_units, voters_attending (None if no minutes give it), voters_known,
        speaking_turns, turns_known, n_items (before merging), n_consolidated (after),
        n_merged (consolidated items with more than one opinion), n_central, n_local
        (consolidated), n_central_items, n_local_items, n_answered, n_needs_review,
        n_not_recommendation, date_from, date_to ("dd/mm/yyyy" or ""),
        n_records (report items as rows),
        by_sector: [{sector, label, n_items, n_consolidated, n_central, n_local}] (taxonomy order,
                    sectors with items only),
        by_unit: [{unit, n_meetings, voters_attending, speaking_turns, n_items, n_answered}] (sorted)
    """
    df = _prepare(items, clusters, cfg)
    records = _records(df)
    cons = _consolidated(df, clusters, cfg, records)
    return _figures(df, cons, meetings, cfg, records)


def _figures(df: pd.DataFrame, cons: pd.DataFrame, meetings: pd.DataFrame, cfg: Config,
             records: list[dict] | None = None) -> dict:
    records = _records(df) if records is None else records
    active = [r for r in records if r["_active"]]
    meetings = meetings if meetings is not None else pd.DataFrame(columns=S.MEETING_COLUMNS)
    m_units = [_str(u) for u in meetings[S.UNIT].tolist()] if S.UNIT in meetings else []
    voters = [_num(v) for v in meetings["voters_attending"]] if "voters_attending" in meetings else []
    turns = [_num(v) for v in meetings["speaking_turns"]] if "speaking_turns" in meetings else []
    dates = [d for d in (_parse_date(v) for v in meetings["date"]) if d] if "date" in meetings else []

    def total(values):
        known = [v for v in values if v is not None]
        return (sum(known) if known else None), len(known)

    voters_total, voters_known = total(voters)
    turns_total, turns_known = total(turns)
    units = vi_sorted(set(m_units) | {r["_unit"] for r in active})
    units = [u for u in units if u]

    # one pass over the items and the consolidated items, then one entry per sector / unit
    sec_items: dict[str, int] = {}
    unit_items: dict[str, int] = {}
    unit_answered: dict[str, int] = {}
    for r in active:  # opinions: each row counts its n_opinions
        w = r["_weight"]
        sec_items[r["_sector"]] = sec_items.get(r["_sector"], 0) + w
        unit_items[r["_unit"]] = unit_items.get(r["_unit"], 0) + w
        if r["_answered"]:
            unit_answered[r["_unit"]] = unit_answered.get(r["_unit"], 0) + w
    sec_cons: dict[str, list] = {}  # sector → [first label, consolidated, central, local]
    if len(cons):
        for sector, label, auth in zip(cons["sector"].tolist(), cons["sector_label"].tolist(),
                                       cons["authority"].tolist()):
            entry = sec_cons.setdefault(sector, [label, 0, 0, 0])
            entry[1] += 1
            entry[2] += auth == S.CENTRAL
            entry[3] += auth == S.LOCAL

    by_sector = []
    rank = _sector_rank(cfg)
    for sector in sorted(sec_items, key=rank):
        label, n_cons, n_central, n_local = sec_cons.get(sector) or (_sector_label(cfg, sector), 0, 0, 0)
        by_sector.append({
            "sector": sector,
            "label": label,
            "n_items": sec_items[sector],
            "n_consolidated": n_cons,
            "n_central": n_central,
            "n_local": n_local,
        })

    meetings_of: dict[str, list[int]] = {}
    for i, u in enumerate(m_units):
        meetings_of.setdefault(u, []).append(i)
    by_unit = []
    for unit in units:
        rows = meetings_of.get(unit, [])
        by_unit.append({
            "unit": unit,
            "n_meetings": len(rows),
            "voters_attending": total([voters[i] for i in rows] if voters else [])[0],
            "speaking_turns": total([turns[i] for i in rows] if turns else [])[0],
            "n_items": unit_items.get(unit, 0),
            "n_answered": unit_answered.get(unit, 0),
        })

    return {
        "n_meetings": int(len(meetings)),
        "n_units": len(units),
        "voters_attending": voters_total,
        "voters_known": voters_known,
        "speaking_turns": turns_total,
        "turns_known": turns_known,
        "n_items": sum(r["_weight"] for r in active),
        "n_records": len(active),
        "n_consolidated": int(len(cons)),
        "n_merged": int((cons["n_items"] > 1).sum()) if len(cons) else 0,
        "n_central": int((cons["authority"] == S.CENTRAL).sum()) if len(cons) else 0,
        "n_local": int((cons["authority"] == S.LOCAL).sum()) if len(cons) else 0,
        "n_central_items": sum(r["_weight"] for r in active if r["_authority"] == S.CENTRAL),
        "n_local_items": sum(r["_weight"] for r in active if r["_authority"] == S.LOCAL),
        "n_answered": sum(r["_weight"] for r in active if r["_answered"]),
        "n_needs_review": sum(1 for r in active if r["_review"]),
        "n_not_recommendation": len(records) - len(active),
        "date_from": _dmy(min(dates)) if dates else "",
        "date_to": _dmy(max(dates)) if dates else "",
        "by_sector": by_sector,
        "by_unit": by_unit,
    }


# --------------------------------------------------------------------------- context
